/**
 * The script tag's translations: `mwap-integrations.de.js` beside it (script-files.ts), imported
 * the first time a page switches to that language, so a page in English never downloads them.
 * `locale` is one of `targetLocales` (@lit/localize refuses others before calling us).
 */
import { importBesideScript } from './script-files.js';

export const loadLocaleModule = (locale: string): Promise<unknown> => importBesideScript(locale, `the "${locale}" translation`);
