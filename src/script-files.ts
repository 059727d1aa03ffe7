/**
 * The script tag is one classic script and cannot carry chunks, so what it loads on demand (the
 * translations, the usage charts) are ES modules beside it, built by `vite build --mode
 * script-files`, and imported by URL the first time they are needed. Dynamic import() is allowed
 * by `script-src 'self'` and is no Trusted Types sink; from another origin (a CDN) it is a CORS
 * request, so that origin must send `Access-Control-Allow-Origin` (public CDNs do).
 * Script-tag build only (vite.config.ts swaps the modules that import this in).
 */
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : undefined;
const base = filesBase(script);

/**
 * The folder of the files: `data-files-url` on the script tag when the bundle was inlined or
 * concatenated into a file of the host's, else beside the script (with its query, see below).
 */
function filesBase(tag: HTMLScriptElement | undefined): URL {
  const named = tag?.dataset.filesUrl;
  if (!named) return new URL(tag?.src || document.baseURI);
  const url = new URL(named, document.baseURI);
  if (!url.pathname.endsWith('/')) url.pathname += '/'; // a folder, with or without the slash
  return url;
}

/** Failed attempts per file. */
const failures = new Map<string, number>();

/**
 * Imports `mwap-integrations.<name>.js` from beside the script, with the script's query
 * (`?v=2.1.0`), so a cached old file is not paired with a new bundle. A file that is not there
 * fails with an error that says where it looked. After a failure the next attempt adds
 * `retry=<n>`: browsers may keep a failed module under its URL and answer the same failure again
 * without asking the network (whatwg/html#10327).
 */
export async function importBesideScript(name: string, what: string): Promise<unknown> {
  const file = `mwap-integrations.${name}.js`;
  const url = new URL(`${file}${base.search}`, base);
  const failed = failures.get(file) ?? 0;
  if (failed > 0) url.searchParams.set('retry', String(failed));
  try {
    return await import(/* @vite-ignore */ url.href);
  } catch (cause) {
    failures.set(file, failed + 1);
    throw new Error(`Could not load ${what} from ${url.href}: serve ${file} beside mwap-integrations.iife.js.`, { cause });
  }
}
