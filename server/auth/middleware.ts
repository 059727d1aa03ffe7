/**
 * Authentication and roles. Only `owner` writes, `member` reads, any other role gets 403 on
 * everything. Tenancy is not checked here: every query carries the principal's tenant, so another
 * tenant's rows are simply not found (404, never 403, so existence does not leak).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { InvalidTokenError, type TokenService } from './tokens.js';

const READ_ROLES = new Set(['owner', 'member']);

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
    if (!READ_ROLES.has(c.get('principal').role)) {
      throw new ApiError(403, 'permission_denied', 'Your role does not give access to integrations.');
    }
    await next();
  };
}

/** For every route that changes something. */
export const requireOwner: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('principal').role !== 'owner') {
    throw new ApiError(403, 'permission_denied', 'Only a tenant owner can change integrations.');
  }
  await next();
};
