/**
 * Words the server says, in each language it speaks. English is the source and is always there;
 * a missing translation falls back to it rather than to nothing.
 */
import { DEFAULT_LANGUAGE, requestLanguage, type Language } from './language.js';

/** One text in several languages: `{ en: 'Region', de: 'Region' }`. */
export type Translations = { [L in typeof DEFAULT_LANGUAGE]: string } & Partial<Record<Language, string>>;

/** The text in the request's language (or `language`). */
export function say(text: Translations, language: Language = requestLanguage()): string {
  return text[language] ?? text.en;
}
