/**
 * On-demand elements for the script tag, the way Web Awesome's loader works: the script tag
 * carries the core, Lit and the elements a first view shows; the code of every other element is
 * a file beside it (loader-manifest.ts), imported the first time its tag appears in the page, in
 * the document or in the shadow root of one of our elements, or when `load()` asks for it. Until
 * then the tag is simply undefined, so `customElements.whenDefined()` and `:defined` work as
 * for any element.
 */
import { ElementLoadError, ElementLoadErrorEvent } from './loader-error.js';
import { onDemandTags } from './loader-manifest.js';
import { importBesideScript, scriptFileUrl } from './script-files.js';

/** Our public tags that are defined at once: their shadow roots may hold on-demand tags. */
const SCRIPT_TAG_ELEMENTS = [
  'integrations-provider',
  'integration-list',
  'integration-card',
  'token-status-badge',
  'mwap-confirm-dialog',
  'mwap-toast-region',
];

const onDemand = new Set(onDemandTags);
const ours = new Set([...SCRIPT_TAG_ELEMENTS, ...onDemandTags]);
const selector = [...ours].join(',');

/** One attempt per tag at a time; dropped when it fails, so the next appearance tries again. */
const pending = new Map<string, Promise<CustomElementConstructor>>();
/** Elements seen undefined while their code loads: told if it fails. */
const waiting = new Map<string, Set<Element>>();
const watched = new WeakSet<ShadowRoot>();

const observer = new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) discover(node);
});

/**
 * Loads the code of an on-demand tag (`'integration-details'`) and resolves with its class once
 * it is defined; at once when it already is. Rejects with an ElementLoadError naming the file
 * when it cannot be loaded, and with a TypeError for a tag that is not ours.
 */
export function load(tagName: string): Promise<CustomElementConstructor> {
  const tag = tagName.toLowerCase();
  const defined = customElements.get(tag);
  if (defined) return Promise.resolve(defined);
  if (!onDemand.has(tag)) {
    return Promise.reject(
      new TypeError(`<${tag}> is not an on-demand element of @mwap/integrations (those are: ${onDemandTags.join(', ')}).`),
    );
  }
  let attempt = pending.get(tag);
  if (!attempt) {
    attempt = importElement(tag);
    pending.set(tag, attempt);
    attempt.then(
      () => waiting.delete(tag),
      (error: ElementLoadError) => {
        pending.delete(tag);
        console.error(`[mwap-integrations] ${error.message}`);
        const elements = waiting.get(tag) ?? new Set();
        waiting.delete(tag);
        for (const element of elements) if (element.isConnected) element.dispatchEvent(new ElementLoadErrorEvent(error));
      },
    );
  }
  return attempt;
}

async function importElement(tag: string): Promise<CustomElementConstructor> {
  const url = scriptFileUrl(tag);
  try {
    await importBesideScript(tag, `<${tag}>`);
  } catch (cause) {
    throw new ElementLoadError(cause instanceof Error ? cause.message : String(cause), url, tag, { cause });
  }
  const defined = customElements.get(tag);
  if (!defined) throw new ElementLoadError(`${url} loaded but did not define <${tag}>: it is not a file of this build.`, url, tag);
  return defined;
}

/** Finds our elements in `root` (itself included): loads the undefined ones, watches the shadow roots of the others. */
function discover(root: Element | Document | ShadowRoot): void {
  const found = [...root.querySelectorAll(selector)];
  if (root instanceof Element && ours.has(root.localName)) found.unshift(root);
  for (const element of found) {
    const tag = element.localName;
    if (customElements.get(tag)) {
      watchShadowRoot(element);
    } else if (onDemand.has(tag)) {
      let elements = waiting.get(tag);
      if (!elements) waiting.set(tag, (elements = new Set()));
      elements.add(element);
      load(tag).then(
        () => watchShadowRoot(element),
        () => undefined, // reported by load() to the page and to the waiting elements
      );
    }
  }
}

function watchShadowRoot(element: Element): void {
  const root = element.shadowRoot;
  if (!root || watched.has(root)) return;
  watched.add(root);
  observer.observe(root, { childList: true, subtree: true });
  discover(root);
}

/** Looks at the page as it is, then at everything added to it. Once per script tag. */
export function startLoader(): void {
  discover(document);
  observer.observe(document, { childList: true, subtree: true });
}
