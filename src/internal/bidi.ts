/** U+2066 LRI, U+2067 RLI, U+2068 FSI: each opens an isolate that a U+2069 PDI closes. */
const ISOLATE_MARKS = /[\u2066-\u2069]/;
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * Wraps text a user typed (a name) in Unicode isolates (FSI … PDI) before it goes into a sentence
 * held in a string that is drawn (a dialog heading, a toast, an inline error): a right-to-left
 * name, or one with an override such as U+202E, then cannot reorder the words around it. In
 * templates use `<bdi>`. Not for accessible names (aria-label): they are spoken, never drawn, so
 * the marks would do nothing but break matching by voice control and by a host's own tests.
 *
 * The name's own isolates are balanced first: a PDI with no opener in the name would close the
 * wrapping FSI early (the rest of the name would leak into the sentence), and an opener the name
 * leaves open would take the wrapping PDI (the rest of the sentence would fall inside). So an
 * unmatched PDI is dropped and each open isolate is closed at the end of the name; on its own the
 * name reads the same, as a paragraph's end closes its isolates and an unmatched PDI does nothing.
 * @internal
 */
export function isolate(text: string): string {
  if (!ISOLATE_MARKS.test(text)) return `${FSI}${text}${PDI}`;
  let open = 0;
  let balanced = '';
  for (const char of text) {
    if (char === PDI) {
      if (open === 0) continue;
      open--;
    } else if (char >= '\u2066' && char <= '\u2068') {
      open++;
    }
    balanced += char;
  }
  return `${FSI}${balanced}${PDI.repeat(open)}${PDI}`;
}
