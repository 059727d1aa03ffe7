/**
 * An authorization code used twice revokes everything issued from it (RFC 6749, on codes: the server
 * "SHOULD revoke (when possible) all tokens previously issued based on that authorization code").
 *
 * oidc-provider does this itself only while the code is still fresh: once the code's short lifetime
 * has passed it answers "authorization code is expired" before it looks at whether the code was
 * spent, and the grant lives on. This middleware looks after every refused code exchange: if the
 * code was spent by this same client, the grant it started is revoked.
 */
import type Provider from 'oidc-provider';
import type { ProviderContext } from 'oidc-provider';
import type { Logger } from '../logger.js';

export function revokeOnCodeReplay(provider: Provider, logger: Logger) {
  return async (ctx: ProviderContext, next: () => Promise<void>): Promise<void> => {
    await next();
    const refused = ctx.status === 400 && (ctx.body as { error?: unknown } | undefined)?.error === 'invalid_grant';
    const params = ctx.oidc?.params;
    if (ctx.oidc?.route !== 'token' || !refused || params?.grant_type !== 'authorization_code') return;
    const clientId = ctx.oidc.client?.clientId;
    if (typeof params.code !== 'string' || !clientId) return;
    try {
      const spent = await provider.AuthorizationCode.find(params.code, { ignoreExpiration: true });
      // Another client's code is refused without touching its grant: only its own client replays it.
      if (!spent?.consumed || spent.clientId !== clientId) return;
      await revokeGrant(provider, spent.grantId);
      logger.warn('dev provider: a spent authorization code was presented again; its grant is revoked', { clientId });
    } catch (error) {
      logger.error('dev provider: revoking the grant of a replayed code failed', { error: String(error) });
    }
  };
}

/** The grant and every token and code issued under it. */
export async function revokeGrant(provider: Provider, grantId: string): Promise<void> {
  await Promise.all([provider.AccessToken, provider.RefreshToken, provider.AuthorizationCode].map((m) => m.revokeByGrantId(grantId)));
  await (await provider.Grant.find(grantId))?.destroy();
}
