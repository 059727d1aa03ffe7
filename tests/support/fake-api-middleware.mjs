// A scripted REST server inside the test runner's dev server, so the API layer is tested over
// real HTTP. The scenario lives in the base URL: /fake-api/<run>/<scenario>/<endpoint>.
//   ok                 valid answers; PATCH checks If-Match against the current ETag (412 if stale)
//   status-<N>         status N with an {error} body (422 carries field errors)
//   plain-<N>          status N with an HTML body
//   malformed          200 with an integration missing required fields
//   notjson            200 with an HTML body
//   retry-after-<S>    the first request answers 429 + Retry-After: S, then ok
//   flaky-<N>          the first N requests answer 503, then ok
//   drop               the socket is destroyed (a network error)
//   slow-<MS>          ok after MS milliseconds
// GET /fake-api/<run>/__stats answers what the run received: [{method, path, at, headers}].
//   oauth              the OAuth endpoints against the fake provider below; the provider's
//                      behaviour is set per run with POST /fake-api/<run>/__mode {mode}
// GET /fake-provider/authorize?state&redirect_uri&mode stands in for a provider's consent page.
//   mode approve | deny | sever (nulls window.opener first) | wait | close | closenow | delay-<MS> | replay
//        | answer-<JSON> (redirects with the JSON object's fields as query parameters, plus the state)
//        | authurl-<URL> (POST .../oauth/initiate answers with URL as the authorization URL)
import { createHash } from 'node:crypto';
import { makeIntegration, makeIntegrations, makeProviders } from './fixtures.js';

const runs = new Map();

function runState(run) {
  if (!runs.has(run)) {
    runs.set(run, { requests: [], etag: '"v1"', integration: makeIntegration(), mode: 'approve', oauth: new Map(), usedStates: [] });
  }
  return runs.get(run);
}

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

function json(ctx, status, body, headers = {}) {
  ctx.status = status;
  ctx.set('Content-Type', 'application/json');
  for (const [k, v] of Object.entries(headers)) ctx.set(k, v);
  ctx.body = JSON.stringify(body);
}

function okAnswer(ctx, state, endpoint, body) {
  const { method } = ctx;
  if (endpoint === 'cloud-providers') return json(ctx, 200, makeProviders(ctx.get('Accept-Language') || 'en'));
  if (endpoint === 'integrations' && method === 'GET') {
    const items = makeIntegrations(3);
    return json(ctx, 200, { items, nextCursor: null, total: items.length });
  }
  if (endpoint === 'integrations' && method === 'POST') {
    return json(ctx, 201, makeIntegration({ id: 'created-1', ...body }), { ETag: '"v1"' });
  }
  const one = endpoint.match(/^integrations\/([^/]+)$/);
  if (one && method === 'GET') return json(ctx, 200, { ...state.integration, id: decodeURIComponent(one[1]) }, { ETag: state.etag });
  if (one && method === 'PATCH') {
    if (ctx.get('If-Match') && ctx.get('If-Match') !== state.etag) {
      return json(ctx, 412, { error: { code: 'conflict', message: 'The integration changed since you loaded it.' } });
    }
    state.integration = { ...state.integration, ...body, updatedAt: new Date().toISOString() };
    state.etag = `"v${Number(state.etag.replace(/\D/g, '')) + 1}"`;
    return json(ctx, 200, state.integration, { ETag: state.etag });
  }
  if (one && method === 'DELETE') {
    ctx.status = 204;
    return;
  }
  return json(ctx, 404, { error: { code: 'not_found', message: `No route ${method} ${endpoint}` } });
}

const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');

function oauthAnswer(ctx, run, state, endpoint, body) {
  const initiate = endpoint.match(/^integrations\/([^/]+)\/oauth\/initiate$/);
  if (initiate && ctx.method === 'POST') {
    state.oauth.set(body.state, {
      integrationId: decodeURIComponent(initiate[1]),
      challenge: body.codeChallenge,
      redirectUri: body.redirectUri,
    });
    if (state.mode.startsWith('authurl-')) {
      return json(ctx, 200, {
        authorizationUrl: state.mode.slice('authurl-'.length),
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      });
    }
    const mode = state.mode === 'replay' ? `replay-${state.usedStates.at(-1)}` : state.mode;
    const url = new URL('/fake-provider/authorize', `http://${ctx.host}`);
    url.search = new URLSearchParams({ state: body.state, redirect_uri: body.redirectUri, mode }).toString();
    return json(ctx, 200, { authorizationUrl: url.href, expiresAt: new Date(Date.now() + 600_000).toISOString() });
  }
  if (endpoint === 'oauth/callback' && ctx.method === 'POST') {
    const pending = state.oauth.get(body.state);
    if (!pending) return json(ctx, 400, { error: { code: 'invalid_state', message: 'Unknown or used state.' } });
    state.oauth.delete(body.state);
    if (s256(body.codeVerifier) !== pending.challenge) {
      return json(ctx, 400, { error: { code: 'token_exchange_failed', message: 'PKCE verification failed.' } });
    }
    if (body.code !== `code-${body.state}`) return json(ctx, 400, { error: { code: 'token_exchange_failed', message: 'Bad code.' } });
    state.usedStates.push(body.state);
    state.integration = makeIntegration({
      id: pending.integrationId,
      status: 'active',
      tokenStatus: 'valid',
      tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      updatedAt: new Date().toISOString(),
    });
    return json(ctx, 200, state.integration);
  }
  const one = endpoint.match(/^integrations\/([^/]+)$/);
  if (one && ctx.method === 'GET') return json(ctx, 200, state.integration);
  return json(ctx, 404, { error: { code: 'not_found', message: `No route ${ctx.method} ${endpoint}` } });
}

function page(ctx, script) {
  ctx.status = 200;
  ctx.set('Content-Type', 'text/html');
  ctx.body = `<!doctype html><title>Fake provider</title><p>Fake provider</p><script>${script}</script>`;
}

function fakeProvider(ctx) {
  const { state, redirect_uri: redirectUri, mode = 'approve' } = ctx.query;
  const back = (params) => {
    const url = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.href;
  };
  const approve = back({ code: `code-${state}`, state, iss: `http://${ctx.host}/fake-provider` });
  const [name, arg] = String(mode).split(/-(.+)/);
  switch (name) {
    case 'approve':
      return ctx.redirect(approve);
    case 'deny':
      return ctx.redirect(back({ error: 'access_denied', error_description: 'The user said no', state }));
    case 'replay':
      return ctx.redirect(back({ code: `code-${arg}`, state: arg }));
    case 'answer':
      return ctx.redirect(back({ ...JSON.parse(arg), state }));
    case 'sever':
      return page(ctx, `window.opener = null; location.replace(${JSON.stringify(approve)});`);
    case 'close':
      return page(ctx, 'setTimeout(() => window.close(), 1800);'); // a person takes a moment
    case 'closenow':
      return page(ctx, 'window.close();'); // closed the moment it loaded: to the opener, just like a COOP cut
    case 'delay':
      return page(ctx, `setTimeout(() => location.replace(${JSON.stringify(approve)}), ${Number(arg)});`);
    default:
      return page(ctx, '/* wait: the user does nothing */');
  }
}

export function fakeApiMiddleware() {
  return async function fakeApi(ctx, next) {
    if (ctx.path === '/fake-provider/authorize') return fakeProvider(ctx);
    const match = ctx.path.match(/^\/fake-api\/([^/]+)\/([^/]+)\/?(.*)$/);
    if (!match) return next();
    const [, run, scenario, endpoint] = match;
    const state = runState(run);
    if (scenario === '__stats') return json(ctx, 200, state.requests);
    // An API that does not say what the caller may do (every action offered); not counted, so
    // the elements' permission check does not change what the scenarios count.
    if (endpoint === 'me') return json(ctx, 404, { error: { code: 'not_found', message: 'No route GET me' } });
    if (scenario === '__mode') {
      state.mode = (await readBody(ctx.req)).mode;
      return json(ctx, 200, { mode: state.mode });
    }
    const body = ['POST', 'PATCH', 'PUT'].includes(ctx.method) ? await readBody(ctx.req) : undefined;
    state.requests.push({ method: ctx.method, path: endpoint, query: ctx.querystring, at: Date.now(), headers: ctx.headers, body });
    const count = state.requests.length;
    const [name, arg] = scenario.split(/-(.+)/);
    const n = Number(arg);
    switch (name) {
      case 'ok':
        return okAnswer(ctx, state, endpoint, body);
      case 'oauth':
        if (!state.oauthStarted) {
          state.oauthStarted = true;
          state.integration = makeIntegration({ status: 'pending', tokenStatus: 'none', tokenExpiresAt: null });
        }
        return oauthAnswer(ctx, run, state, endpoint, body);
      case 'status': {
        const fields = n === 422 || n === 400 ? { name: 'Name is required.' } : undefined;
        return json(ctx, n, { error: { code: 'ignored_unknown_code', message: `Scripted ${n}`, ...(fields && { fields }) } });
      }
      case 'plain':
        ctx.status = n;
        ctx.set('Content-Type', 'text/html');
        ctx.body = '<html><body>Bad gateway</body></html>';
        return;
      case 'malformed':
        return json(ctx, 200, { id: 'int-1', name: 42 });
      case 'notjson':
        ctx.status = 200;
        ctx.set('Content-Type', 'text/html');
        ctx.body = '<html>not json</html>';
        return;
      case 'retry':
        if (count === 1)
          return json(
            ctx,
            429,
            { error: { code: 'rate_limited', message: 'Slow down' } },
            { 'Retry-After': String(Number(arg.replace('after-', ''))) },
          );
        return okAnswer(ctx, state, endpoint, body);
      case 'flaky':
        if (count <= n) return json(ctx, 503, { error: { code: 'server_error', message: 'Try later' } });
        return okAnswer(ctx, state, endpoint, body);
      case 'drop':
        ctx.req.socket.destroy();
        return;
      case 'slow':
        await new Promise((r) => setTimeout(r, n));
        return okAnswer(ctx, state, endpoint, body);
      default:
        return json(ctx, 500, { error: { code: 'server_error', message: `Unknown scenario ${scenario}` } });
    }
  };
}
