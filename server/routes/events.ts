/**
 * GET /api/events: the tenant's changes as Server-Sent Events (server/events/event-stream.ts).
 * The bearer token travels in the Authorization header only: a token in the URL would end up in
 * access logs and browser history, so `?access_token=` is refused rather than ignored.
 */
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { validationFailed } from '../errors.js';
import { openEventStream } from '../events/event-stream.js';

export function eventsRoute(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => {
    if (new URL(c.req.url).searchParams.has('access_token')) {
      throw validationFailed(
        { access_token: 'Send the token in the Authorization header; a URL is logged and kept.' },
        'A token in the URL is refused.',
        400,
      );
    }
    const stream = openEventStream({
      db: deps.db,
      hub: deps.events.hub,
      tenantId: c.get('principal').tenantId,
      lastEventId: c.req.header('Last-Event-ID'),
      tuning: deps.events.tuning,
      logger: deps.logger,
    });
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        // Proxies that buffer (nginx) would hold events back until a buffer fills.
        'X-Accel-Buffering': 'no',
      },
    });
  });
  return app;
}
