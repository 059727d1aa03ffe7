/**
 * One table of who may do what, read by GET /api/me (so the UI offers only what a caller may do)
 * and by the route guards (so what it offers is what the server allows). The action names are
 * the client's (`src/core/permissions.ts`).
 */
import type { MiddlewareHandler } from 'hono';
import type { IntegrationAction } from '../../src/core/permissions.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';

const OWNER: readonly IntegrationAction[] = ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test'];

const BY_ROLE: Readonly<Record<string, readonly IntegrationAction[]>> = {
  owner: OWNER,
  member: ['read'],
};

/** What `role` may do; an unknown role may do nothing. */
export function permissionsOf(role: string): readonly IntegrationAction[] {
  return Object.hasOwn(BY_ROLE, role) ? BY_ROLE[role]! : [];
}

/** A route guard: 403 unless the caller's role grants `action`. */
export function requirePermission(action: IntegrationAction): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!permissionsOf(c.get('principal').role).includes(action)) {
      throw new ApiError(
        403,
        'permission_denied',
        action === 'read' ? 'Your role does not give access to integrations.' : 'Only a tenant owner can change integrations.',
      );
    }
    await next();
  };
}
