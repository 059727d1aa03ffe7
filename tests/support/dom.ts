/** The element that really has focus, through shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Those of `elements` that overlap `port` vertically (what a scroller shows). */
export function inViewOf<T extends Element>(elements: T[], port: Element): T[] {
  const { top, bottom } = port.getBoundingClientRect();
  return elements.filter((element) => {
    const box = element.getBoundingClientRect();
    return box.bottom > top && box.top < bottom;
  });
}
