/**
 * The Hono application: request ids and access logs, the host-name guard, the /api routes behind
 * authentication and the per-tenant rate limit, /dev/token in dev mode, and one error handler that
 * turns everything into `{ error: { code, message, fields? } }`.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { authenticate, requireRead } from './auth/middleware.js';
import type { AppDeps, AppEnv } from './context.js';
import { ApiError } from './errors.js';
import { allowedHostnames, hostGuard } from './host-guard.js';
import { negotiateLanguage } from './i18n/language.js';
import { rateLimit } from './rate-limit.js';
import { activityRoutes } from './routes/activity.js';
import { activityCsvRoutes } from './routes/activity-csv.js';
import { diagnosticsRoutes } from './routes/diagnostics.js';
import { eventsRoute } from './routes/events.js';
import { devTokenRoute } from './routes/dev-token.js';
import { integrationRoutes } from './routes/integrations.js';
import { meRoute } from './routes/me.js';
import { callbackRoute, initiateRoute } from './routes/oauth.js';
import { tokenRoutes } from './routes/tokens.js';
import { webhookRoutes } from './routes/webhooks.js';
import { isJsonContentType } from './media-type.js';
import { unsupportedMediaType } from './validation.js';

const MAX_BODY_BYTES = 64 * 1024;

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    c.header('X-Content-Type-Options', 'nosniff');
    // The path only: no query string, which is where secrets would travel if anyone sent them.
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/dev/')) {
      deps.logger.info('request', {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        tenantId: c.get('principal')?.tenantId,
        role: c.get('principal')?.role,
      });
    }
  });
  // Every answer a person reads comes in the language asked for (Accept-Language).
  app.use('*', negotiateLanguage());
  // Before any route, the site's included: a rebound name must not reach the demo page either.
  app.use('*', hostGuard(allowedHostnames(deps.config)));
  for (const prefix of ['/api/*', '/dev/*']) {
    app.use(prefix, refuseNonJsonBodies);
    app.use(
      prefix,
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        // The rest of the body is not read, so the connection cannot carry another request: say so,
        // and the client opens a fresh one instead of writing its next request into a dying socket.
        onError: (c) =>
          c.json(
            new ApiError(413, 'validation_failed', 'The request body is larger than 64 KB.', { fields: { body: 'Too large.' } }).toBody(),
            413,
            { Connection: 'close' },
          ),
      }),
    );
  }

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      if (error.extra.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.extra.retryAfterSeconds));
      return c.json(error.toBody(), error.status);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(new ApiError(error.status, 'validation_failed', error.message || 'Bad request.').toBody(), error.status);
    }
    deps.logger.error('unhandled error', {
      requestId: c.get('requestId'),
      path: c.req.path,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return c.json(new ApiError(500, 'server_error', 'The server had a problem. Try again in a moment.').toBody(), 500);
  });

  const api = new Hono<AppEnv>();
  if (deps.config.corsOrigins) {
    // Before authentication: a preflight carries no Authorization header.
    api.use(
      '*',
      cors({
        origin: deps.config.corsOrigins,
        allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Last-Event-ID', 'X-Refresh-Trigger'],
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        exposeHeaders: ['ETag', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
        credentials: true,
        maxAge: 600,
      }),
    );
  }
  api.use('*', authenticate(deps.tokens), rateLimit(deps.db, deps.config.rateLimit));
  // Before requireRead: a role that may do nothing still learns that (and the UI says so).
  api.route('/me', meRoute(deps));
  api.use('*', requireRead);
  api.get('/cloud-providers', (c) => c.json(deps.catalogue.list()));
  api.route('/integrations', integrationRoutes(deps));
  api.route('/integrations', initiateRoute(deps));
  api.route('/integrations', tokenRoutes(deps));
  api.route('/integrations', diagnosticsRoutes(deps));
  api.route('/integrations', activityRoutes(deps));
  api.route('/integrations', activityCsvRoutes(deps));
  api.route('/events', eventsRoute(deps));
  api.route('/oauth', callbackRoute(deps));
  api.route('/webhooks', webhookRoutes(deps));
  app.route('/api', api);

  const { mint } = deps.tokens;
  if (!deps.config.production && mint) app.route('/dev', devTokenRoute({ ...deps.tokens, mint }));

  // Hono consults only the top-level app's notFound, so the API's JSON 404 lives here.
  app.notFound((c) =>
    c.req.path.startsWith('/api/') || c.req.path.startsWith('/dev/')
      ? c.json(new ApiError(404, 'not_found', `No such endpoint: ${c.req.method} ${c.req.path}`).toBody(), 404)
      : c.text('Not found', 404),
  );

  return app;
}

/** A request body the API would not read as JSON is refused (415), whichever route it goes to. */
const refuseNonJsonBodies: MiddlewareHandler = async (c, next) => {
  const length = c.req.header('Content-Length');
  const hasBody = c.req.header('Transfer-Encoding') !== undefined || (length !== undefined && length.trim() !== '0');
  if (hasBody && !isJsonContentType(c.req.header('Content-Type'))) throw unsupportedMediaType();
  await next();
};
