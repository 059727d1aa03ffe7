/** A list API answering by cursor, and the helpers the list's tests share (tests/elements/integration-list*.test.ts). */
import { waitUntil } from '@open-wc/testing';
import type { IntegrationListElement } from '../../src/elements/integration-list/define.js';
import type { IntegrationCardElement } from '../../src/elements/integration-card/define.js';
import { createClient, type Integration } from '../../src/core/index.js';
import { jsonResponse, type RecordedRequest } from './fake-fetch.js';
import { makeProviders } from './fixtures.js';

export const BASE = 'https://api.example.com/api';

/**
 * A list API over `all`, answering by cursor like the real server; every request is recorded.
 * `holdList` may return a promise that list requests wait for (a slow server, for as long as a test says).
 */
export function listApi(
  all: Integration[],
  options: { failList?: boolean; failRefreshFor?: string[]; failFromCursor?: number; holdList?: () => Promise<void> | undefined } = {},
) {
  const requests: RecordedRequest[] = [];
  const state = { all, failList: options.failList ?? false };
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    requests.push({
      url,
      method,
      headers: new Headers(init.headers),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      signal: null,
    });
    const path = url.pathname.replace('/api/', '');
    if (path === 'cloud-providers') return jsonResponse(200, makeProviders());
    if (path === 'integrations' && method === 'GET') {
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      // Answered a task later, as a network answers: never inside the request's own microtasks.
      await new Promise<void>((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(undefined);
      });
      await options.holdList?.();
      if (state.failList || cursor >= (options.failFromCursor ?? Infinity)) {
        return jsonResponse(500, { error: { code: 'server_error', message: 'Database unavailable' } });
      }
      const q = url.searchParams.get('q')?.toLowerCase() ?? '';
      const matching = state.all.filter((i) => i.name.toLowerCase().includes(q));
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const items = matching.slice(start, start + limit);
      const next = start + limit < matching.length ? String(start + limit) : null;
      return jsonResponse(200, { items, nextCursor: next, total: matching.length });
    }
    const refresh = path.match(/^integrations\/([^/]+)\/tokens\/refresh$/);
    if (refresh) {
      const id = decodeURIComponent(refresh[1]!);
      if (options.failRefreshFor?.includes(id))
        return jsonResponse(502, { error: { code: 'token_exchange_failed', message: 'invalid_grant: refresh token revoked' } });
      const current = state.all.find((i) => i.id === id)!;
      return jsonResponse(200, {
        ...current,
        tokenExpiresAt: new Date(Date.now() + 7_200_000).toISOString(),
        updatedAt: new Date().toISOString(),
      });
    }
    const one = path.match(/^integrations\/([^/]+)$/);
    if (one && method === 'DELETE') {
      state.all = state.all.filter((i) => i.id !== decodeURIComponent(one[1]!));
      return new Response(null, { status: 204 });
    }
    return jsonResponse(404, { error: { code: 'not_found', message: path } });
  };
  const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false, retry: { attempts: 1 } });
  return { client, requests, state };
}

export const cards = (el: IntegrationListElement) => [...el.shadowRoot!.querySelectorAll<IntegrationCardElement>('integration-card')];
/** The cards a scroller shows. */
export const loaded = (el: IntegrationListElement) => waitUntil(() => cards(el).length > 0, 'cards rendered', { timeout: 4000 });
/**
 * Scrolls to the end until every one of `count` items is loaded, one page after another. It
 * scrolls again at every check, as a user keeps going: where rows are measured a frame later
 * (WebKit, Firefox), the padding below grows after a jump, and the end moves away from it.
 */
export async function loadAll(el: IntegrationListElement, count: number, scrollToEnd: () => void) {
  while (el.items.length < count) {
    const before = el.items.length;
    await waitUntil(
      () => {
        scrollToEnd();
        return el.items.length > before;
      },
      `a page after the first ${before} items`,
      { timeout: 4000 },
    );
  }
}
/** Scrolls to the end at every check until `done` (see loadAll). */
export const scrollingToEndUntil = (scrollToEnd: () => void, done: () => boolean, message: string) =>
  waitUntil(
    () => {
      scrollToEnd();
      return done();
    },
    message,
    { timeout: 4000 },
  );
