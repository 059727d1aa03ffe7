/**
 * Guarded registration (Shoelace's `define()`, Spectrum 2nd gen's `defineElement`): a second
 * bundle of this library on the same page skips the tag with a warning instead of throwing.
 */
export function define(tagName: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(tagName);
  if (existing) {
    if (existing !== constructor) {
      console.warn(`[mwap-integrations] <${tagName}> is already defined (another copy of the library?); keeping the first definition.`);
    }
    return;
  }
  customElements.define(tagName, constructor);
}
