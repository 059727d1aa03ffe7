/** Per-tenant rate limiting: 429 rate_limited with Retry-After once a tenant's window is spent. */
import type { MiddlewareHandler } from 'hono';
import type { RateLimitConfig } from './config.js';
import type { AppEnv } from './context.js';
import type { Database } from './db/database.js';
import { countRequest } from './db/rate-limit.js';
import { ApiError } from './errors.js';

export function rateLimit(db: Database, config: RateLimitConfig): MiddlewareHandler<AppEnv> {
  const now = config.now ?? Date.now;
  return async (c, next) => {
    const decision = await countRequest(db, c.get('principal').tenantId, config.max, config.windowSeconds, now());
    c.header('RateLimit-Limit', String(decision.limit));
    c.header('RateLimit-Remaining', String(decision.remaining));
    c.header('RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.allowed) {
      c.header('Retry-After', String(decision.resetSeconds));
      throw new ApiError(429, 'rate_limited', `Too many requests for this tenant; try again in ${decision.resetSeconds} s.`, {
        retryAfterSeconds: decision.resetSeconds,
      });
    }
    await next();
  };
}
