/**
 * The script tag is one classic script and cannot carry chunks, so its translations are ES
 * modules beside it (`mwap-integrations.de.js`, built by `vite build --mode locales`), imported the
 * first time a page switches to that language: a page in English never downloads them. `locale`
 * is one of `targetLocales` (@lit/localize refuses others before calling us). Dynamic import() is
 * allowed by `script-src 'self'` and is no Trusted Types sink.
 */
const script = document.currentScript;
const base = script instanceof HTMLScriptElement && script.src ? script.src : document.baseURI;

export const loadLocaleModule = (locale: string) => import(/* @vite-ignore */ new URL(`mwap-integrations.${locale}.js`, base).href);
