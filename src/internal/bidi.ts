/**
 * Wraps text a user typed (a name) in Unicode isolates (FSI … PDI) before it goes into a sentence
 * held in a string (a dialog heading, a toast, an aria-label): a right-to-left name, or one with
 * an override such as U+202E, then cannot reorder the words around it. In templates use `<bdi>`.
 * @internal
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
