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
import { makeIntegration, makeIntegrations, makeProviders } from './fixtures.js';

const runs = new Map();

function runState(run) {
  if (!runs.has(run)) runs.set(run, { requests: [], etag: '"v1"', integration: makeIntegration() });
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
  if (endpoint === 'cloud-providers') return json(ctx, 200, makeProviders());
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

export function fakeApiMiddleware() {
  return async function fakeApi(ctx, next) {
    const match = ctx.path.match(/^\/fake-api\/([^/]+)\/([^/]+)\/?(.*)$/);
    if (!match) return next();
    const [, run, scenario, endpoint] = match;
    const state = runState(run);
    if (scenario === '__stats') return json(ctx, 200, state.requests);
    const body = ['POST', 'PATCH', 'PUT'].includes(ctx.method) ? await readBody(ctx.req) : undefined;
    state.requests.push({ method: ctx.method, path: endpoint, query: ctx.querystring, at: Date.now(), headers: ctx.headers, body });
    const count = state.requests.length;
    const [name, arg] = scenario.split(/-(.+)/);
    const n = Number(arg);
    switch (name) {
      case 'ok':
        return okAnswer(ctx, state, endpoint, body);
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
        if (count === 1) return json(ctx, 429, { error: { code: 'rate_limited', message: 'Slow down' } }, { 'Retry-After': String(Number(arg.replace('after-', ''))) });
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
