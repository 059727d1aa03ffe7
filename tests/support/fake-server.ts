/**
 * A small stateful REST server behind a `fetch`, for tests of overlapping writes: it keeps the
 * integrations, versions each with an ETag, honours If-Match (412), and lets a test step into any
 * request: hold it, refuse it, or apply it and then lose the answer.
 */
import type { Integration, IntegrationUpdateRequest } from '../../src/core/types.js';
import type { Me } from '../../src/core/permissions.js';
import { jsonResponse, recordRequest, type RecordedRequest } from './fake-fetch.js';
import { makeProviders } from './fixtures.js';

/** Decides what one request gets; `apply()` runs it against the stored data and gives its answer. */
export type Intercept = (request: RecordedRequest, apply: () => Response) => Response | undefined | Promise<Response | undefined>;

export interface FakeServerOptions {
  /** What GET /me answers; without it /me is 404 (an API that does not say). */
  me?: Me;
}

export function fakeServer(initial: Integration[], options: FakeServerOptions = {}) {
  const stored = new Map<string, Integration>();
  let version = 0;
  const put = (integration: Integration) => {
    const saved = { ...integration, etag: `"v${++version}"` };
    stored.set(saved.id, saved);
    return saved;
  };
  for (const integration of initial) put(integration);
  const requests: RecordedRequest[] = [];
  const intercepts: Intercept[] = [];

  const one = (integration: Integration, status = 200) => jsonResponse(status, integration, { ETag: integration.etag! });
  // The server's own words follow Accept-Language, as the reference server's do (English, German).
  let german = false;
  const say = (en: string, de: string) => (german ? de : en);
  const notFound = () =>
    jsonResponse(404, { error: { code: 'not_found', message: say('No such integration.', 'Diese Integration gibt es nicht.') } });

  function apply(request: RecordedRequest): Response {
    german = /^de\b/i.test(request.headers.get('Accept-Language') ?? '');
    const path = request.url.pathname.replace(/^\/api\//, '');
    const [collection, id, ...below] = path.split('/');
    if (collection === 'cloud-providers') return jsonResponse(200, makeProviders(request.headers.get('Accept-Language') ?? 'en'));
    if (collection === 'me' && options.me) return jsonResponse(200, options.me);
    if (collection === 'integrations' && id && below.join('/') === 'tokens/refresh' && request.method === 'POST') {
      const current = stored.get(decodeURIComponent(id));
      return current
        ? one(put({ ...current, tokenStatus: 'valid', tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString() }))
        : notFound();
    }
    if (collection !== 'integrations' || below.length > 0) return notFound();
    if (!id) {
      const limit = Number(request.url.searchParams.get('limit') ?? 50);
      const items = [...stored.values()];
      const cursor = Number(request.url.searchParams.get('cursor') ?? 0);
      const page = items.slice(cursor, cursor + limit);
      const next = cursor + limit < items.length ? String(cursor + limit) : null;
      return jsonResponse(200, { items: page, nextCursor: next, total: items.length });
    }
    const current = stored.get(decodeURIComponent(id));
    if (!current) return notFound();
    switch (request.method) {
      case 'GET':
        return one(current);
      case 'DELETE':
        stored.delete(current.id);
        return new Response(null, { status: 204 });
      case 'PATCH': {
        const ifMatch = request.headers.get('If-Match');
        if (ifMatch && ifMatch !== current.etag)
          return jsonResponse(412, { error: { code: 'conflict', message: say('Changed meanwhile.', 'Inzwischen geändert.') } });
        const patch = request.body as IntegrationUpdateRequest;
        return one(put({ ...current, ...patch, settings: { ...current.settings, ...patch.settings } } as Integration));
      }
      default:
        return jsonResponse(405, { error: { code: 'validation_failed', message: say('No.', 'Nein.') } });
    }
  }

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request = recordRequest(input, init);
    requests.push(request);
    for (const intercept of intercepts) {
      const answer = await intercept(request, () => apply(request));
      if (answer) return answer;
    }
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return apply(request);
  };

  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    stored,
    /** Steps into requests; the first intercept that answers wins. */
    intercept: (intercept: Intercept) => intercepts.push(intercept),
    /** Token refreshes asked for. */
    refreshRequests: () => requests.filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/tokens/refresh')),
    /** Requests for a list (any page). */
    listRequests: () => requests.filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/integrations')),
  };
}

/** A gate a test opens by hand, to hold a request in flight. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

// Captured before any test fakes the clock: the wait below is bounded in real time.
const realNow = performance.now.bind(performance);

/**
 * Waits for `condition`, one real task at a time (a MessageChannel message, which fake timers do
 * not touch), so it works while sinon's clock holds setTimeout. Gives up after `withinMs` of real
 * time: counting turns instead fails on a loaded machine, where a body read spans many of them.
 */
export async function untilTrue(condition: () => boolean, what: string, withinMs = 10_000): Promise<void> {
  const channel = new MessageChannel();
  const deadline = realNow() + withinMs;
  while (!condition() && realNow() < deadline) {
    await new Promise((resolve) => {
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(null);
    });
  }
  channel.port1.close();
  if (!condition()) throw new Error(`gave up waiting: ${what}`);
}
