/**
 * A small stateful REST server behind a `fetch`, for tests of overlapping writes: it keeps the
 * integrations, versions each with an ETag, honours If-Match (412), and lets a test step into any
 * request: hold it, refuse it, or apply it and then lose the answer.
 */
import type { Activity, Integration, IntegrationUpdateRequest, LiveEvent, Page } from '../../src/core/types.js';
import type { Me } from '../../src/core/permissions.js';
import { jsonResponse, recordRequest, type RecordedRequest } from './fake-fetch.js';
import { makeProviders } from './fixtures.js';

/** Decides what one request gets; `apply()` runs it against the stored data and gives its answer. */
export type Intercept = (request: RecordedRequest, apply: () => Response) => Response | undefined | Promise<Response | undefined>;

export interface FakeServerOptions {
  /** What GET /me answers; without it /me is 404 (an API that does not say). */
  me?: Me;
  /**
   * Serve `GET /api/events` (see `live` on the server): every write then emits its event, as the
   * reference server does. Without it the stream is 404. Pair with `me.features.events`.
   */
  events?: boolean;
  /** What `GET …/activity` pages through, newest first, by integration. */
  activity?: Record<string, Activity[]>;
}

/** One open event stream of the fake server. */
interface OpenStream {
  write: (text: string) => void;
  /** Ends the stream as a dropped connection does. */
  drop: () => void;
  /** Whether the reader has taken everything written so far. */
  drained: () => boolean;
  request: RecordedRequest;
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

  // --- the event stream: a log with increasing ids, replayed after Last-Event-ID ---------------
  const log: Array<{ id: string; type: string; data: unknown }> = [];
  const streams = new Set<OpenStream>();
  let eventId = 0;
  const frame = (event: { id: string; type: string; data: unknown }) =>
    `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
  const emit = (type: string, data: unknown) => {
    const event = { id: String(++eventId), type, data };
    log.push(event);
    for (const stream of streams) stream.write(frame(event));
    return event.id;
  };
  const about = (integrationId: string) => ({ integrationId, at: new Date().toISOString(), actor: { type: 'user', id: 'user-1' } });
  const emitChange = (type: string, integration: Integration) =>
    options.events ? emit(type, { ...about(integration.id), integration }) : undefined;
  function openStream(request: RecordedRequest): Response {
    const after = Number(request.headers.get('Last-Event-ID') ?? 0);
    const encoder = new TextEncoder();
    let stream: OpenStream | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        stream = {
          request,
          write: (text) => controller.enqueue(encoder.encode(text)),
          drained: () => (controller.desiredSize ?? 0) > 0,
          drop: () => {
            streams.delete(stream!);
            controller.error(new TypeError('network error'));
          },
        };
        streams.add(stream);
        controller.enqueue(encoder.encode('retry: 3000\n\n'));
        for (const event of log) if (Number(event.id) > after) stream.write(frame(event));
        // As fetch does: an aborted request errors its body.
        request.signal?.addEventListener('abort', () => {
          if (!streams.delete(stream!)) return;
          controller.error(new DOMException('aborted', 'AbortError'));
        });
      },
      cancel() {
        streams.delete(stream!);
      },
    });
    return new Response(body, {
      status: 200,
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }

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
    if (collection === 'events' && options.events && request.method === 'GET') return openStream(request);
    if (collection === 'integrations' && id && below.join('/') === 'activity' && request.method === 'GET') {
      const items = options.activity?.[decodeURIComponent(id)] ?? [];
      const limit = Number(request.url.searchParams.get('limit') ?? 25);
      const cursor = Number(request.url.searchParams.get('cursor') ?? 0);
      const next = cursor + limit < items.length ? String(cursor + limit) : null;
      return jsonResponse(200, {
        items: items.slice(cursor, cursor + limit),
        nextCursor: next,
        total: items.length,
      } satisfies Page<Activity>);
    }
    if (collection === 'integrations' && id && below.join('/') === 'tokens/refresh' && request.method === 'POST') {
      const current = stored.get(decodeURIComponent(id));
      if (!current) return notFound();
      const refreshed = put({ ...current, tokenStatus: 'valid', tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      emitChange('token.refreshed', refreshed);
      return one(refreshed);
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
        if (options.events) emit('integration.deleted', about(current.id));
        return new Response(null, { status: 204 });
      case 'PATCH': {
        const ifMatch = request.headers.get('If-Match');
        if (ifMatch && ifMatch !== current.etag)
          return jsonResponse(412, { error: { code: 'conflict', message: say('Changed meanwhile.', 'Inzwischen geändert.') } });
        const patch = request.body as IntegrationUpdateRequest;
        const saved = put({ ...current, ...patch, settings: { ...current.settings, ...patch.settings } } as Integration);
        emitChange('integration.updated', saved);
        return one(saved);
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
    /** Requests for the event stream. */
    eventRequests: () => requests.filter((r) => r.url.pathname.endsWith('/events')),
    /** Every request except the event stream's. */
    readRequests: () =>
      requests.filter((r) => r.method === 'GET' && !r.url.pathname.endsWith('/events') && !r.url.pathname.endsWith('/me')),
    /** Stores a change made elsewhere (another user, the server's worker) and emits its event. */
    change: (id: string, change: Partial<Integration>, type: LiveEvent['type'] = 'integration.updated') => {
      const saved = put({ ...stored.get(id)!, ...change });
      emit(type, { ...about(id), integration: saved });
      return saved;
    },
    /** Emits an event as it is (any type, any data). */
    emit,
    /** Writes raw text to every open stream (a heartbeat, a broken frame). */
    send: (text: string) => {
      for (const stream of streams) stream.write(text);
    },
    /** Drops every open stream as a lost connection does. */
    dropStreams: () => {
      for (const stream of [...streams]) stream.drop();
    },
    /** Open event streams. */
    openStreams: () => streams.size,
    /** Whether every open stream's reader has taken what was written to it. */
    streamsDrained: () => [...streams].every((stream) => stream.drained()),
    /** The log of events emitted, oldest first. */
    events: log,
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
