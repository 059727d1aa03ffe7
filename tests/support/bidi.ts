/**
 * Text as a person reads it: without the invisible Unicode isolates (U+2066–U+2069) that keep a
 * name's direction apart from the sentence around it. For assertions about the words; the isolates
 * themselves are checked in tests/security/browser/bidi-text.test.ts.
 */
export const withoutIsolates = (text: string): string => text.replace(/[\u2066-\u2069]/g, '');
