/**
 * The language of one answer. The client sends the UI language as `Accept-Language`; the server
 * answers catalogue texts, check results and error messages in the best supported match, and says
 * which one (`Content-Language`, `Vary: Accept-Language` for caches). The language lives in
 * AsyncLocalStorage for the request, so a message built deep in a route (or a valibot message
 * read at parse time) needs no context threaded through to it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

const isLanguage = (tag: string): tag is Language => (LANGUAGES as readonly string[]).includes(tag);

/**
 * The supported language the header prefers (RFC 9110 §12.5.4): highest q first, ties in header
 * order; `de-AT` counts as `de`; `*` means the default; q=0 means "not this one".
 */
export function pickLanguage(header: string | null | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { tag: range.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((range) => range.tag !== '' && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    if (tag === '*') return DEFAULT_LANGUAGE;
    const primary = tag.split('-')[0]!;
    if (isLanguage(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}

const storage = new AsyncLocalStorage<Language>();

/** The current request's language (the default outside a request: start-up, housekeeping, tests). */
export function requestLanguage(): Language {
  return storage.getStore() ?? DEFAULT_LANGUAGE;
}

/** Runs `run` as if a request had asked for `language` (tests, and work done for a request). */
export function inLanguage<T>(language: Language, run: () => T): T {
  return storage.run(language, run);
}

/** Picks the request's language and labels the answer with it. */
export function negotiateLanguage(): MiddlewareHandler {
  return async (c, next) => {
    const language = pickLanguage(c.req.header('Accept-Language'));
    await storage.run(language, next);
    c.header('Content-Language', language);
    c.header('Vary', 'Accept-Language', { append: true });
  };
}
