/**
 * The script tag is one classic script and cannot carry chunks, so what it loads on demand (the
 * elements a first view rarely shows, the translations, the usage charts) are ES modules beside
 * it, built with it by `vite build --mode iife` (build/loader-chunks.ts), and imported by URL the
 * first time they are needed. They take Lit and the core from the script tag, not copies of
 * their own. Dynamic import() is allowed by `script-src 'self'` and is no Trusted Types sink;
 * from another origin (a CDN) it is a CORS request, so that origin must send
 * `Access-Control-Allow-Origin` (public CDNs do).
 * Script-tag build only (vite.config.ts swaps the modules that import this in).
 */
import { ScriptFileLoadError } from './loader-error.js';
import { scriptFiles } from './loader-manifest.js';

// Read while the bundle runs: later, document.currentScript is another script or none.
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : undefined;

/** Failed attempts per file. */
const failures = new Map<string, number>();

/**
 * The folder of the files: the one `data-files-url` names (for a bundle inlined or served inside
 * a file of the host's), else the script's own, with the script's query, which the host's cache
 * rules may depend on. Resolved at each import, so a bad attribute fails that import with a clear
 * error and nothing else.
 */
function filesFolder(): URL {
  const named = script?.dataset.filesUrl;
  if (!named) return new URL(script?.src || document.baseURI);
  const url = new URL(named, document.baseURI);
  if (!url.pathname.endsWith('/')) url.pathname += '/'; // a folder, with or without the slash
  return url;
}

/** Where the file of `name` is looked for now (its next attempt's address). */
export function scriptFileUrl(name: string): string {
  const file = scriptFiles[name] ?? `mwap-integrations.${name}.js`;
  const folder = filesFolder();
  const failed = failures.get(file) ?? 0;
  // Appended as text: rebuilding the query would re-encode the host's own parameters.
  const query = failed > 0 ? `${folder.search || '?'}${folder.search ? '&' : ''}retry=${failed}` : folder.search;
  return new URL(`${file}${query}`, folder).href;
}

/**
 * Imports the file of `name` (see loader-manifest.ts) from the files' folder. A file that is not
 * there fails with a ScriptFileLoadError that says where it looked. After a failure the next
 * attempt adds `retry=<n>` to the query: browsers may keep a failed module under its URL and
 * answer the same failure again without asking the network (the module map keeps failures).
 */
export async function importBesideScript(name: string, what: string): Promise<unknown> {
  const file = scriptFiles[name] ?? `mwap-integrations.${name}.js`;
  let href = file;
  try {
    href = scriptFileUrl(name);
    return await import(/* @vite-ignore */ href);
  } catch (cause) {
    failures.set(file, (failures.get(file) ?? 0) + 1);
    throw new ScriptFileLoadError(
      `Could not load ${what} from ${href}: serve ${file} beside mwap-integrations.iife.js (the files of one build, together), or in the folder its data-files-url names.`,
      href,
      { cause },
    );
  }
}
