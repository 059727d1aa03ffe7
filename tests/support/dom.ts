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

const describeElement = (element: Element | null | undefined) =>
  element
    ? `<${element.localName}${element.id ? `#${element.id}` : ''}${element.className ? `.${String(element.className).trim().split(/\s+/).join('.')}` : ''}>`
    : String(element);

/**
 * Asserts that `actual` (by default the element that really has focus) is `expected`. Compares
 * by identity and names both in the message: a failing chai `equal()` between two elements makes
 * the test runner serialise whole DOM trees, and the browser drops the session.
 */
export function expectFocusOn(expected: Element | null | undefined, actual: Element | null = deepActiveElement()): void {
  if (actual !== expected) throw new Error(`focus is on ${describeElement(actual)}, expected ${describeElement(expected)}`);
}
