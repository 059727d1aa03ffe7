/**
 * What the caller may do, as the API says in `GET /api/me` (README.md, "The REST contract").
 * Elements hide or disable what is not allowed and say why; the refresh scheduler never tries a
 * refresh the caller may not make. The server still decides: this only keeps the UI honest.
 *
 * An API without `/api/me` (404) is taken as "the server decides": every action is offered, as
 * before this endpoint existed. A host can force read-only on top of whatever the API allows.
 */
import type { ApiFeatures } from './types.js';

/** The actions on integrations a caller can be allowed. */
export const INTEGRATION_ACTIONS = ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test'] as const;
export type IntegrationAction = (typeof INTEGRATION_ACTIONS)[number];

/** `GET /api/me`: who is asking, in which tenant, and what they may do. */
export interface Me {
  tenant: { id: string; name?: string | undefined };
  user: { id: string; name?: string | undefined };
  /** The tenant role as the API names it (`owner`, `member`, …): shown, never interpreted. */
  role: string;
  /** Granted actions. Names this client does not know are kept and ignored. */
  permissions: string[];
  /** What the API offers beyond the REST contract; absent: nothing (no event stream, the browser refreshes tokens). */
  features?: ApiFeatures | undefined;
}

/** Why an action is not offered: the caller's role, or the host made the UI read-only. */
export type DenialReason = 'role' | 'readonly';

export interface Permissions {
  /** False while `/api/me` is loading: nothing that writes is offered yet. */
  readonly known: boolean;
  /** The role from `/api/me`; undefined when the API does not say. */
  readonly role: string | undefined;
  /** What the API offers beyond the REST contract (all off until `/api/me` says otherwise). */
  readonly features: ApiFeatures;
  readonly readonly: boolean;
  can(action: IntegrationAction): boolean;
  /** Why `action` is not allowed; undefined when it is (or while not known). */
  denied(action: IntegrationAction): DenialReason | undefined;
}

const WRITES: ReadonlySet<IntegrationAction> = new Set(['create', 'update', 'delete', 'connect', 'refresh', 'test']);

/**
 * `me` is the API's answer, `null` when the API has no `/api/me` (every action offered), or
 * `undefined` while it loads (nothing offered that writes; reading is assumed).
 */
export function permissionsFrom(me: Me | null | undefined, readonly = false): Permissions {
  const granted = me ? new Set(me.permissions) : undefined;
  const denied = (action: IntegrationAction): DenialReason | undefined => {
    if (readonly && WRITES.has(action)) return 'readonly';
    if (me === undefined) return undefined;
    return granted && !granted.has(action) ? 'role' : undefined;
  };
  return {
    known: me !== undefined,
    role: me?.role,
    features: { events: me?.features?.events === true, serverRefresh: me?.features?.serverRefresh === true },
    readonly,
    denied,
    can: (action) => (me === undefined && action !== 'read' ? false : denied(action) === undefined),
  };
}
