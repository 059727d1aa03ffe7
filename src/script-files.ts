/**
 * The script tag is one classic script and cannot carry chunks, so what it loads on demand (the
 * translations, the usage charts) are ES modules beside it, built by `vite build --mode
 * script-files`, and imported by URL the first time they are needed. Dynamic import() is allowed
 * by `script-src 'self'` and is no Trusted Types sink; from another origin (a CDN) it is a CORS
 * request, so that origin must send `Access-Control-Allow-Origin` (public CDNs do).
 * Script-tag build only (vite.config.ts swaps the modules that import this in).
 */
// Read while the bundle runs: later, document.currentScript is another script or none.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : undefined;

/** Failed attempts per file. */
const failures = new Map<string, number>();

/**
 * The folder of the files: the one `data-files-url` names (for a bundle inlined or served inside
 * a file of the host's), else the script's own, with the script's query (`?v=2.1.0`), so a
 * cached old file is not paired with a new bundle. Resolved at each import, so a bad attribute
 * fails that import with a clear error and nothing else.
 */
function filesFolder(): URL {
  const named = script?.dataset.filesUrl;
  if (!named) return new URL(script?.src || document.baseURI);
  const url = new URL(named, document.baseURI);
  if (!url.pathname.endsWith('/')) url.pathname += '/'; // a folder, with or without the slash
  return url;
}

/**
 * Imports `mwap-integrations.<name>.js` from the files' folder. A file that is not there fails
 * with an error that says where it looked. After a failure the next attempt adds `retry=<n>` to
 * the query: browsers may keep a failed module under its URL and answer the same failure again
 * without asking the network (whatwg/html#10327).
 */
export async function importBesideScript(name: string, what: string): Promise<unknown> {
  const file = `mwap-integrations.${name}.js`;
  let href = file;
  try {
    const folder = filesFolder();
    const failed = failures.get(file) ?? 0;
    // Appended as text: rebuilding the query would re-encode the host's own parameters.
    const query = failed > 0 ? `${folder.search || '?'}${folder.search ? '&' : ''}retry=${failed}` : folder.search;
    href = new URL(`${file}${query}`, folder).href;
    return await import(/* @vite-ignore */ href);
  } catch (cause) {
    failures.set(file, (failures.get(file) ?? 0) + 1);
    throw new Error(
      `Could not load ${what} from ${href}: serve ${file} beside mwap-integrations.iife.js, or in the folder its data-files-url names.`,
      { cause },
    );
  }
}
