/** Who asked for a change, as the activity history and the event stream tell it. */
import type { ActivityActor, RefreshVia } from '../../src/core/types.js';
import type { Principal } from '../auth/tokens.js';

export interface ChangeOrigin {
  actor: ActivityActor;
  /** For a token refresh: a tab's scheduler, a person's click, or the server's own worker. */
  via?: RefreshVia | undefined;
}

/** The server's background work (the token-refresh worker): no person asked. */
export const SERVER_ORIGIN: ChangeOrigin = Object.freeze({ actor: Object.freeze({ type: 'server' }), via: 'server' });

/** A signed-in caller. `trigger` is the X-Refresh-Trigger header: `scheduler` means a tab asked on its own. */
export function userOrigin(principal: Pick<Principal, 'sub'>, trigger?: string | undefined): ChangeOrigin {
  return { actor: { type: 'user', id: principal.sub }, via: trigger?.trim().toLowerCase() === 'scheduler' ? 'tab' : 'user' };
}
