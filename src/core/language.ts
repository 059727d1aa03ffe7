/**
 * The UI language the client asks the API for (`Accept-Language`), so the server can answer
 * catalogue texts and messages in it. The elements' localization sets it when a locale loads;
 * a host without the elements may call `setLanguage` itself. Kept under a global symbol so two
 * bundled copies on one page agree.
 */
type Listener = (language: string | undefined) => void;

const STORE = Symbol.for('mwap.integrations.language');
interface Store {
  language: string | undefined;
  listeners: Set<Listener>;
}
const store: Store = ((globalThis as Record<symbol, unknown>)[STORE] as Store | undefined) ?? {
  language: undefined,
  listeners: new Set<Listener>(),
};
(globalThis as Record<symbol, unknown>)[STORE] = store;

/** A BCP 47 tag such as `de` or `en-GB`; `undefined` goes back to the page's `lang`. */
export function setLanguage(language: string | undefined): void {
  const tag = language?.trim() || undefined;
  if (tag === store.language) return;
  const before = currentLanguage();
  store.language = tag;
  if (currentLanguage() === before) return;
  for (const listener of [...store.listeners]) listener(currentLanguage());
}

/** What was set, else the page's `<html lang>`, else nothing (the server's default). */
export function currentLanguage(): string | undefined {
  if (store.language) return store.language;
  const lang = typeof document === 'undefined' ? '' : document.documentElement.lang.trim();
  return lang || undefined;
}

/** Calls `listener` after each change of `currentLanguage()` by `setLanguage`; returns the unsubscribe. */
export function onLanguageChange(listener: Listener): () => void {
  store.listeners.add(listener);
  return () => store.listeners.delete(listener);
}
