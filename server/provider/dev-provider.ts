/**
 * The dev cloud provider: oidc-provider (a certified OpenID provider) on its own loopback port,
 * standing in for a real cloud's OAuth 2.0 server. It requires PKCE S256 from every client, issues
 * refresh tokens for offline_access (rotated on each use), gives short-lived access tokens so
 * refresh is visible in the demo, and serves userinfo and RFC 7009 revocation. Its built-in dev
 * pages accept any login. A spent authorization code presented again revokes its grant
 * (code-replay.ts), however long after.
 *
 * For failure journeys it can play an outage: `POST /__dev/outage {endpoint, down}` (or
 * `setOutage()`) makes the token, userinfo or revocation endpoint answer 503; and a person taking
 * an app's access away in the provider's account settings: `POST /__dev/revoke {accountId}` (or
 * `revokeAccount()`) revokes every grant of that login, with the tokens issued under them, so the
 * next refresh is refused with `invalid_grant`.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { loadOrCreateSecretFile } from '../crypto.js';
import { allowedHostnames, isAllowedHost } from '../host-guard.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { revokeGrant, revokeOnCodeReplay } from './code-replay.js';
import { databaseAdapter } from './store-adapter.js';

export interface DevClient {
  clientId: string;
  clientSecret: string;
  scopes: string[];
  redirectUris: string[];
}

export interface DevProviderOptions {
  host: string;
  port: number;
  clients: DevClient[];
  /** Access-token lifetime in seconds (the demo uses 120). */
  accessTokenTtl: number;
  /** Keeps signing and cookie keys across restarts (mode 0600 files). */
  dataDir: string;
  /** Persist grants and tokens here; in memory without it. */
  db?: Database | undefined;
  logger: Logger;
  /** Seconds a rotated-away refresh token is still accepted (0, the default: never). */
  refreshTokenReuseSeconds?: number | undefined;
  /** Serve POST /__dev/outage and POST /__dev/revoke (off in production). */
  outageControl?: boolean | undefined;
}

export type OutageEndpoint = 'token' | 'userinfo' | 'revocation';

export interface DevProvider {
  readonly issuer: string;
  setOutage(endpoint: OutageEndpoint, down: boolean): void;
  /** Revokes every grant of a login (the person took the access away); resolves with how many. */
  revokeAccount(accountId: string): Promise<number>;
  close(): Promise<void>;
}

const GRANT_TTL_SECONDS = 14 * 24 * 3600;

const ENDPOINT_PATHS: Record<OutageEndpoint, string> = { token: '/token', userinfo: '/me', revocation: '/token/revocation' };

interface ProviderKeys {
  jwk: Record<string, unknown>;
  cookieKeys: string[];
}

function loadKeys(dataDir: string): ProviderKeys {
  const text = loadOrCreateSecretFile(dataDir, 'dev-provider-keys.json', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
    return JSON.stringify({ jwk, cookieKeys: [randomBytes(32).toString('base64url')] });
  });
  return JSON.parse(text) as ProviderKeys;
}

export async function startDevProvider(options: DevProviderOptions): Promise<DevProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${options.host}:${port}`;
  const keys = loadKeys(options.dataDir);
  if (options.db) await options.db.query('DELETE FROM dev_provider_store WHERE expires_at < now()');

  const allScopes = new Set(['openid', 'offline_access', ...options.clients.flatMap((c) => c.scopes)]);
  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      // oidc-provider lets a client ask only for the scopes listed here.
      scope: client.scopes.join(' '),
    })),
    // PKCE for confidential clients too (by default oidc-provider requires it only for public ones).
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      // A client may revoke only its own tokens (RFC 7009 §2.1).
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) =>
          token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
    },
    scopes: [...allScopes],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    ttl: {
      AccessToken: options.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Grant: GRANT_TTL_SECONDS,
      RefreshToken: GRANT_TTL_SECONDS,
      Session: 14 * 24 * 3600,
    },
    // Always rotate, as many clouds do, so the server's rotation handling is exercised.
    rotateRefreshToken: true,
    findAccount: (_ctx: unknown, accountId: string) => ({
      accountId,
      claims: () => ({ sub: accountId, name: `Dev user ${accountId}`, email: `${accountId}@dev-provider.test`, email_verified: true }),
    }),
    jwks: { keys: [keys.jwk] },
    cookies: { keys: keys.cookieKeys },
    // Spent codes are kept as long as their grant may live, so a late replay still finds them.
    ...(options.db
      ? {
          adapter: databaseAdapter(options.db, {
            keepConsumedSeconds: GRANT_TTL_SECONDS,
            refreshTokenReuseSeconds: options.refreshTokenReuseSeconds,
          }),
        }
      : {}),
  });
  provider.use(revokeOnCodeReplay(provider, options.logger));
  provider.on('server_error', (_ctx, error) => options.logger.error('dev provider error', { error: String(error) }));

  const outages = new Set<OutageEndpoint>();
  const revokeAccount = async (accountId: string): Promise<number> => {
    // Grants are found through the database store; oidc-provider's memory store cannot be listed.
    if (!options.db) throw new Error('revoking a login needs the database-backed store');
    const grants = await options.db.query<{ id: string }>(
      "SELECT id FROM dev_provider_store WHERE model = 'Grant' AND payload->>'accountId' = $1",
      [accountId],
    );
    for (const { id } of grants) await revokeGrant(provider, id);
    options.logger.info('dev provider: a login’s grants are revoked', { grants: grants.length });
    return grants.length;
  };
  const handle = provider.callback();
  // It hands out codes and its login accepts anyone: only under its own loopback issuer, never a
  // rebound name (DNS rebinding; see server/host-guard.ts).
  const ownHosts = allowedHostnames({});
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!isAllowedHost(req.headers.host, ownHosts)) {
      res.writeHead(421, { 'Content-Type': 'application/json', Connection: 'close' });
      return void res.end(
        JSON.stringify({ error: 'invalid_request', error_description: 'This provider does not answer for that host name.' }),
      );
    }
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (options.outageControl !== false && path === '/__dev/outage' && req.method === 'POST')
      return void controlOutage(req, res, outages, options.logger);
    if (options.outageControl !== false && path === '/__dev/revoke' && req.method === 'POST')
      return void controlRevoke(req, res, revokeAccount);
    const down = [...outages].find((endpoint) => ENDPOINT_PATHS[endpoint] === path);
    if (down) {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '5' });
      res.end(
        JSON.stringify({
          error: 'temporarily_unavailable',
          error_description: `The dev provider's ${down} endpoint is down (simulated outage).`,
        }),
      );
      return;
    }
    handle(req, res);
  });

  return {
    issuer,
    setOutage(endpoint, down) {
      if (down) outages.add(endpoint);
      else outages.delete(endpoint);
    },
    revokeAccount,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let body = '';
  for await (const chunk of req) body += chunk;
  try {
    const parsed: unknown = JSON.parse(body || '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function controlRevoke(req: IncomingMessage, res: ServerResponse, revokeAccount: (accountId: string) => Promise<number>) {
  const { accountId } = await readJson(req);
  if (typeof accountId !== 'string' || accountId === '') {
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'accountId must be the login whose grants to revoke' }));
    return;
  }
  try {
    const revoked = await revokeAccount(accountId);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ revoked }));
  } catch (error) {
    res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: String(error) }));
  }
}

async function controlOutage(req: IncomingMessage, res: ServerResponse, outages: Set<OutageEndpoint>, logger: Logger) {
  const parsed = await readJson(req);
  const endpoint = parsed.endpoint;
  if (endpoint !== 'token' && endpoint !== 'userinfo' && endpoint !== 'revocation') {
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'endpoint must be token, userinfo or revocation' }));
    return;
  }
  if (parsed.down === false) outages.delete(endpoint);
  else outages.add(endpoint);
  logger.info('dev provider outage', { endpoint, down: outages.has(endpoint) });
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ outages: [...outages] }));
}
