/**
 * A fault-injecting HTTP proxy for end-to-end tests: a node http server on 127.0.0.1 in front of
 * the reference server. Every request is forwarded as it is, unless a rule of the scripted plan
 * matches it; each rule applies to the next `times` requests it matches, then is spent. Faults:
 *
 * - `latency` (ms): wait, then forward.
 * - `drop-before`: reset the connection without forwarding (the server never acts).
 * - `drop-after`: forward, let the server answer in full, then reset instead of answering (it acted).
 * - `status`: answer `status` (a 5xx, or 429 with `retryAfter` seconds) without forwarding.
 * - `truncate`: forward, send the answer's headers and half its body, then reset.
 *
 * Every answer closes its connection: Chromium silently sends a request again when a reused
 * keep-alive connection closes before any answer (it takes that for an idle timeout), which would
 * hide a dropped request from the page. On fresh connections a drop reaches the page as it is.
 *
 * Plans are fixed lists, not random, so a failure reproduces. `log` records what each request got.
 */
import { createServer, request as forward } from 'node:http';

/** @typedef {{ method?: string, path: RegExp, fault: 'latency'|'drop-before'|'drop-after'|'status'|'truncate', ms?: number, status?: number, retryAfter?: number, times?: number, label?: string }} FaultRule */

export async function startFaultProxy() {
  /** @type {URL | undefined} */
  let target;
  /** @type {Array<FaultRule & { left: number }>} */
  let rules = [];
  const log = [];

  const server = createServer(async (req, res) => {
    res.shouldKeepAlive = false;
    const path = req.url ?? '/';
    const index = rules.findIndex((rule) => rule.left > 0 && (!rule.method || rule.method === req.method) && rule.path.test(path));
    const rule = index >= 0 ? rules[index] : undefined;
    if (rule) rule.left -= 1;
    log.push({ method: req.method, path, fault: rule?.fault ?? 'none', label: rule?.label });
    const body = await readAll(req);
    switch (rule?.fault) {
      case 'drop-before':
        return req.socket.destroy();
      case 'status': {
        const headers = { 'Content-Type': 'application/json' };
        if (rule.retryAfter !== undefined) headers['Retry-After'] = String(rule.retryAfter);
        const code = rule.status === 429 ? 'rate_limited' : 'server_error';
        res.writeHead(rule.status ?? 503, headers);
        return res.end(JSON.stringify({ error: { code, message: `Injected ${rule.status ?? 503} by the fault proxy.` } }));
      }
      case 'latency':
        await new Promise((resolve) => setTimeout(resolve, rule.ms ?? 500));
        break;
      default:
        break;
    }
    let answer;
    try {
      if (!target) throw new Error('no upstream yet');
      answer = await send(target, req, body);
    } catch {
      return req.socket.destroy();
    }
    if (rule?.fault === 'drop-after') return req.socket.destroy();
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers['keep-alive'];
    headers.connection = 'close';
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    if (rule?.fault === 'truncate') {
      // Half the body, then the connection goes: the browser sees a body cut off mid-stream.
      res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    res.end(answer.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    /** Where requests go (the reference server), once it is up: it needs the proxy's address first. */
    forwardTo(upstream) {
      target = new URL(upstream);
    },
    /** Replaces the plan: each rule applies to the next `times` (default 1) requests it matches. */
    plan(next) {
      rules = next.map((rule) => ({ ...rule, left: rule.times ?? 1 }));
    },
    /** Rules of the plan not yet used up (a plan whose fault never fired proves nothing). */
    unspent() {
      return rules.filter((rule) => rule.left > 0).map((rule) => rule.label ?? `${rule.method ?? '*'} ${rule.path}`);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

function readAll(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Sends the request upstream and reads the whole answer (so a fault can cut it off after). */
function send(target, req, body) {
  return new Promise((resolve, reject) => {
    // The Host stays the proxy's: to the server the page's origin is the proxy's.
    const headers = { ...req.headers };
    delete headers['accept-encoding'];
    const out = forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, async (answer) => {
      try {
        resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: await readAll(answer) });
      } catch (error) {
        reject(error);
      }
    });
    out.on('error', reject);
    out.end(body);
  });
}
