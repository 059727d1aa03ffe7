/**
 * Where the viewport is over an element, without reading layout on every frame: the element's
 * place is measured once (`measure`, when something that moves it has resized) against the scroll
 * offsets of the page and of every scrolling ancestor; after that, scroll events carry the offset
 * of whatever scrolled, and the element's top is that place minus how far everything scrolled
 * since. It follows the page's scroll and that of every scrolling ancestor, inside shadow roots too.
 */
export class ScrollPosition {
  #targets: EventTarget[] = [];
  readonly #offsets = new Map<EventTarget, number>();
  /** The element's top in the viewport plus every scroll offset, when last measured. */
  #origin = 0;
  /** What scrolled last: where the list scrolls to keep its place. */
  #active: EventTarget = window;

  constructor(
    private readonly onScroll: () => void,
    /** The viewport changed size: the element may have moved, and the window shows more or less. */
    private readonly onResize: () => void,
  ) {}

  /** Follows the scrollers around `element` (and stops following the ones before). */
  follow(element: Element | undefined): void {
    for (const target of this.#targets) target.removeEventListener('scroll', this.#scrolled);
    removeEventListener('resize', this.onResize);
    this.#targets = element ? scrollersOf(element) : [];
    this.#offsets.clear();
    this.#active = window;
    for (const target of this.#targets) target.addEventListener('scroll', this.#scrolled, { passive: true });
    if (element) addEventListener('resize', this.onResize, { passive: true });
  }

  /** Takes the element's place afresh (a layout read: call where layout is done, not per frame). */
  measure(element: Element): void {
    let scrolled = 0;
    for (const target of this.#targets) {
      const offset = offsetOf(target);
      this.#offsets.set(target, offset);
      scrolled += offset;
    }
    this.#origin = element.getBoundingClientRect().top + scrolled;
  }

  /** The element's top in the viewport now. */
  get top(): number {
    let scrolled = 0;
    for (const offset of this.#offsets.values()) scrolled += offset;
    return this.#origin - scrolled;
  }

  /** Scrolls by `delta` what scrolled last, so what is in view stays in place after rows above changed height. */
  scrollBy(delta: number): void {
    const target = this.#active;
    const scroller = target === window ? window : (target as Element);
    scroller.scrollBy({ top: delta, behavior: 'instant' });
    this.#offsets.set(target, (this.#offsets.get(target) ?? 0) + delta);
  }

  readonly #scrolled = (event: Event): void => {
    const target = event.currentTarget!;
    this.#offsets.set(target, offsetOf(target));
    this.#active = target;
    this.onScroll();
  };
}

const offsetOf = (target: EventTarget) => (target === window ? scrollY : (target as Element).scrollTop);

/**
 * The window and every element above `node` that may scroll, in the flat tree: through the slot
 * an element is assigned to, and out of shadow roots to their hosts.
 */
function scrollersOf(node: Node): EventTarget[] {
  const found: EventTarget[] = [window];
  const up = (at: Node): Node | null =>
    (at instanceof Element && at.assignedSlot) || at.parentNode || (at instanceof ShadowRoot ? at.host : null);
  for (let at = up(node); at; at = up(at)) {
    // The page's own scroller is the window's offset already: counted once.
    if (at instanceof Element && at !== at.ownerDocument.scrollingElement) found.push(at);
  }
  return found;
}
