/**
 * Every user-visible string goes through @lit/localize's `msg()`, so a host can switch the
 * language at run time: `await setLocale('de')`. English is the source; `targetLocales` lists
 * what ships (generated into src/generated/locales by `npm run localize`).
 */
import { configureLocalization } from '@lit/localize';
import { setLanguage } from './core/language.js';
import { sourceLocale, targetLocales } from './generated/locale-codes.js';
import { loadLocaleModule } from './locale-loader.js';

export const { getLocale, setLocale } = configureLocalization({
  sourceLocale,
  targetLocales,
  loadLocale: loadLocaleModule,
});

// The API answers in the language the UI shows (Accept-Language): follow each locale that loads.
if (typeof window !== 'undefined') {
  window.addEventListener('lit-localize-status', (event) => {
    if (event.detail.status === 'ready') setLanguage(event.detail.readyLocale);
  });
}

export { sourceLocale, targetLocales };
