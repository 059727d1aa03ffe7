/**
 * The script tag is one classic script and cannot carry chunks, so its translations are ES
 * modules beside it (`mwap-integrations.de.js`, built by `vite build --mode locales`), imported the
 * first time a page switches to that language: a page in English never downloads them. `locale`
 * is one of `targetLocales` (@lit/localize refuses others before calling us). Dynamic import() is
 * allowed by `script-src 'self'` and is no Trusted Types sink; from another origin (a CDN) it is a
 * CORS request, so that origin must send `Access-Control-Allow-Origin` (public CDNs do).
 */
const script = document.currentScript;
const base = new URL(script instanceof HTMLScriptElement && script.src ? script.src : document.baseURI);

/**
 * Beside the script, with its query (`?v=2.1.0`), so a cached old translation is not paired with
 * a new bundle. A file that is not there fails `setLocale` with an error that says where it looked.
 */
export function loadLocaleModule(locale: string): Promise<unknown> {
  const url = new URL(`mwap-integrations.${locale}.js${base.search}`, base).href;
  return import(/* @vite-ignore */ url).catch((cause: unknown) => {
    throw new Error(`Could not load the "${locale}" translation from ${url}: serve mwap-integrations.${locale}.js beside mwap-integrations.iife.js.`, { cause });
  });
}
