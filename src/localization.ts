/**
 * Every user-visible string goes through @lit/localize's `msg()`, so a host can switch the
 * language at run time: `await setLocale('de')`. English is the source; `targetLocales` lists
 * what ships (generated into src/generated/locales by `npm run localize`).
 */
import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes.js';
import { loadLocaleModule } from './locale-loader.js';

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: loadLocaleModule,
});

export { sourceLocale, targetLocales };
