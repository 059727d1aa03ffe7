/**
 * One claimed token refreshed by the worker: the provider is called outside any transaction, and
 * the answer is written in one transaction that first checks the lease is still this claim's.
 *
 * Outcomes: `refreshed`; `backed_off` (the provider could not be reached or failed: try again later,
 * exponentially later); `stopped` (the provider refused the grant, `invalid_grant`: the integration
 * turns to error with the provider's reason, and the worker leaves it alone until a reconnect);
 * `lost_lease` (the lease ran out while the provider answered and someone else took the row).
 */
import type { AppDeps } from '../context.js';
import { updateIntegration } from '../db/integrations.js';
import { decryptTokens, recordRefreshEvent, recordRefreshFailure, saveTokens } from '../db/tokens.js';
import { SERVER_ORIGIN } from '../events/origin.js';
import { recordedCall, recordRefreshOutcome } from '../oauth/connections.js';
import { ProviderError, type TokenSet } from '../oauth/provider-client.js';
import { backoffMs } from './backoff.js';
import { backOffRefresh, clearRefreshMarks, stillHoldsLease, stopRefreshing, type RefreshClaim } from './refresh-claims.js';

export type RefreshOutcome = 'refreshed' | 'backed_off' | 'stopped' | 'lost_lease';

export interface RefreshPolicy {
  now: () => number;
  retryBaseMs: number;
  retryMaxMs: number;
}

const INTERRUPTED_NOTE =
  'An earlier refresh of this token stopped before its result was stored (the process ended), after the provider may already ' +
  'have rotated the refresh token; the provider now refuses it. Connect again to renew access.';

export async function refreshClaimed(deps: AppDeps, claim: RefreshClaim, policy: RefreshPolicy): Promise<RefreshOutcome> {
  const integrationId = claim.row.integration_id;
  const target = { id: integrationId, tenant_id: claim.tenantId, cloud_provider_id: claim.cloudProviderId };
  const client = deps.providerClients.get(claim.cloudProviderId);
  let tokens: TokenSet;
  try {
    if (!client) throw new ProviderError('rejected', `Provider "${claim.cloudProviderId}" is no longer in the catalogue.`, 'invalid_grant');
    const { refreshToken } = decryptTokens(deps.cipher, claim.row);
    ({ value: tokens } = await recordedCall(deps, target, 'refresh', () => client.refresh(refreshToken!)));
  } catch (error) {
    return failed(deps, claim, error, policy);
  }
  const stored = await deps.db.transaction(async (tx) => {
    if (!(await stillHoldsLease(tx, claim))) return false;
    await saveTokens(tx, deps.cipher, integrationId, tokens, { requestedScopes: claim.row.scopes.split(' '), refreshed: true });
    await clearRefreshMarks(tx, integrationId);
    await recordRefreshEvent(tx, integrationId, true);
    if (claim.status === 'error') await updateIntegration(tx, claim.tenantId, integrationId, { status: 'active' });
    await recordRefreshOutcome(tx, integrationOf(claim), SERVER_ORIGIN, { ok: true });
    return true;
  });
  if (!stored) {
    deps.logger.warn('token refresh answered after the lease ran out; the newer holder keeps the row', { integrationId });
    return 'lost_lease';
  }
  return 'refreshed';
}

/** The integration as it was when claimed (the history tells a move into or out of `error`). */
const integrationOf = (claim: RefreshClaim) => ({
  id: claim.row.integration_id,
  tenant_id: claim.tenantId,
  status: claim.status,
});

async function failed(deps: AppDeps, claim: RefreshClaim, error: unknown, policy: RefreshPolicy): Promise<RefreshOutcome> {
  const integrationId = claim.row.integration_id;
  const refused = error instanceof ProviderError && error.providerCode === 'invalid_grant';
  const message = error instanceof Error ? error.message : String(error);
  // The provider's own words, and, when an earlier holder died mid-refresh, what most likely happened.
  const reason = refused && claim.interrupted ? `${message} ${INTERRUPTED_NOTE}` : message;
  const attempt = claim.row.failure_count + 1;
  const outcome = await deps.db.transaction(async (tx): Promise<RefreshOutcome> => {
    if (!(await stillHoldsLease(tx, claim))) return 'lost_lease';
    await recordRefreshFailure(tx, integrationId, reason);
    if (refused) {
      await stopRefreshing(tx, integrationId, reason);
      await updateIntegration(tx, claim.tenantId, integrationId, { status: 'error' });
    } else {
      await backOffRefresh(tx, integrationId, new Date(policy.now() + backoffMs(attempt, policy.retryBaseMs, policy.retryMaxMs)));
    }
    await recordRefreshOutcome(tx, integrationOf(claim), SERVER_ORIGIN, { ok: false, reason, revoked: refused });
    return refused ? 'stopped' : 'backed_off';
  });
  deps.logger.warn(refused ? 'token refresh refused by the provider; waiting for a reconnect' : 'token refresh failed; will retry', {
    integrationId,
    attempt,
    error: reason,
  });
  return outcome;
}
