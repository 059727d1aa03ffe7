/**
 * Authentication. What each role may do is one table, `permissions.ts`: `owner` writes, `member`
 * reads, any other role gets 403 on everything but GET /api/me. Tenancy is not checked here: every query carries the principal's tenant, so another
 * tenant's rows are simply not found (404, never 403, so existence does not leak).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { InvalidTokenError, type TokenService } from './tokens.js';
import { requirePermission } from './permissions.js';

export function authenticate(tokens: TokenService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer');
      throw new ApiError(401, 'unauthenticated', 'Sign in: this request needs an Authorization: Bearer token.');
    }
    try {
      c.set('principal', await tokens.verify(match[1]!));
    } catch (error) {
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new ApiError(401, 'unauthenticated', error instanceof InvalidTokenError ? error.message : 'The access token is not valid.');
    }
    await next();
  };
}

/** Every route but GET /api/me, which tells any signed-in caller what they may do. */
export const requireRead = requirePermission('read');
