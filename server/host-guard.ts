/**
 * Answers only for this server's own host names. A page on attacker.example whose name the attacker
 * re-points at 127.0.0.1 (DNS rebinding) is same-origin with its own name, so the browser lets it
 * read everything and send `text/plain` bodies; the Host header still says attacker.example. So
 * every request names a loopback host (localhost, 127.0.0.1, [::1], any port), the host of
 * PUBLIC_URL, or one of ALLOWED_HOSTS, or it is refused with 421 before any route runs.
 */
import type { MiddlewareHandler } from 'hono';
import type { ServerConfig } from './config.js';
import { ApiError } from './errors.js';
import { say } from './i18n/text.js';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

// A Host header is a bare host and an optional port: no user info, path, query or fragment.
const HOST_HEADER = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;

/** The host name of a Host header (`name[:port]`, `[v6][:port]`), normalized, or `undefined` when it is none. */
export function hostnameOf(host: string): string | undefined {
  if (!HOST_HEADER.test(host)) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

/** Every host name this server answers for. */
export function allowedHostnames(config: Pick<ServerConfig, 'publicUrl' | 'allowedHosts'>): Set<string> {
  const names = new Set(LOOPBACK);
  if (config.publicUrl) names.add(new URL(config.publicUrl).hostname);
  for (const host of config.allowedHosts ?? []) {
    const name = hostnameOf(host);
    if (name) names.add(name);
  }
  return names;
}

/** Whether a request with this Host header (undefined: none) may be answered. */
export function isAllowedHost(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (host === undefined) return false;
  const name = hostnameOf(host);
  return name !== undefined && allowed.has(name);
}

/** The middleware: 421 Misdirected Request for a host this server is not. */
export function hostGuard(allowed: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    // Hono's own requests (app.request in tests) carry no Host header; their URL names the host.
    const host = c.req.header('Host') ?? new URL(c.req.url).host;
    if (!isAllowedHost(host, allowed)) {
      throw new ApiError(
        421,
        'validation_failed',
        say({
          en: 'This server does not answer for that host name.',
          de: 'Dieser Server antwortet nicht für diesen Hostnamen.',
        }),
        { fields: { Host: say({ en: 'Not a host name of this server.', de: 'Kein Hostname dieses Servers.' }) } },
      );
    }
    await next();
  };
}
