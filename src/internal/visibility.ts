/**
 * Whether elements are on screen, from one IntersectionObserver shared by all of them (a thousand
 * badges cost one observer). Until the first report an element counts as visible, so it paints
 * right; without IntersectionObserver everything counts as visible.
 */
type VisibilityListener = (visible: boolean) => void;

const listeners = new WeakMap<Element, VisibilityListener>();
let observer: IntersectionObserver | undefined;

function shared(): IntersectionObserver | undefined {
  if (typeof IntersectionObserver !== 'function') return undefined;
  return (observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
  }));
}

/** Calls `listener` whenever `element` comes on or goes off screen. Returns the unobserve. */
export function observeVisibility(element: Element, listener: VisibilityListener): () => void {
  const io = shared();
  if (!io) return () => undefined;
  listeners.set(element, listener);
  io.observe(element);
  return () => {
    io.unobserve(element);
    listeners.delete(element);
  };
}
