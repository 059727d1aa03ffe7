/**
 * Bearer tokens for the API: a JWT with claims tenantId, sub and role. In dev the server signs with
 * JWT_SECRET or a dev-only HS256 key it keeps in the data folder (so tokens in open demo tabs
 * survive a restart) and mints tokens on POST /dev/token; in production it only verifies, with
 * JWT_SECRET or JWT_PUBLIC_KEY.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadOrCreateSecretFile } from '../crypto.js';
import { SignJWT, errors as joseErrors, importSPKI, jwtVerify, type CryptoKey, type KeyObject } from 'jose';
import type { JwtConfig } from '../config.js';

export type Role = 'owner' | 'member';

export interface Principal {
  tenantId: string;
  sub: string;
  /** Whatever the token said; only `owner` and `member` are allowed anything. */
  role: string;
}

export const DEV_ISSUER = 'mwap-reference-server';
export const DEV_AUDIENCE = 'mwap-integrations';
const DEV_TOKEN_TTL = '12h';
/** In the data folder's root, next to the dev token-encryption key; never read in production. */
export const DEV_JWT_KEY_FILE = 'dev-only-jwt-signing.key';

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

export interface TokenService {
  verify(token: string): Promise<Principal>;
  /** Dev mode only. */
  mint?: (claims: { tenantId: string; role: string; sub?: string | undefined }) => Promise<string>;
}

/**
 * `devTokens`: whether POST /dev/token may mint (dev mode, and a server not published under a
 * public URL: a dev server behind a proxy must not hand out owner tokens to anyone who asks).
 * `dataDir`: where dev mode keeps its signing key; without it (or in production) a key that lives
 * only as long as the process.
 */
export async function createTokenService(
  config: JwtConfig,
  options: { production: boolean; devTokens?: boolean; dataDir?: string | undefined },
): Promise<TokenService> {
  let key: Uint8Array | CryptoKey | KeyObject;
  let algorithms: string[];
  if (config.publicKey) {
    key = await importSPKI(config.publicKey, config.algorithm);
    algorithms = [config.algorithm];
  } else {
    key = config.secret ? new TextEncoder().encode(config.secret) : devSigningKey(options);
    algorithms = ['HS256'];
  }
  const canMint = !options.production && options.devTokens !== false && !config.publicKey;
  const issuer = config.issuer ?? (canMint ? DEV_ISSUER : undefined);
  const audience = config.audience ?? (canMint ? DEV_AUDIENCE : undefined);

  const verify = async (token: string): Promise<Principal> => {
    try {
      const { payload } = await jwtVerify(token, key, { algorithms, issuer, audience, requiredClaims: ['sub', 'exp'] });
      const { tenantId, sub, role } = payload as { tenantId?: unknown; sub?: unknown; role?: unknown };
      if (typeof tenantId !== 'string' || tenantId === '' || typeof sub !== 'string' || typeof role !== 'string') {
        throw new InvalidTokenError('The token lacks the tenantId, sub or role claim.');
      }
      return { tenantId, sub, role };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('The access token has expired.');
      throw new InvalidTokenError('The access token is not valid.');
    }
  };

  if (!canMint) return { verify };
  return {
    verify,
    mint: ({ tenantId, role, sub }) => {
      let builder = new SignJWT({ tenantId, role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub ?? `dev-${role}@${tenantId}`)
        .setIssuedAt()
        // A token of its own each time, even twice in one second: a forced refresh must get a new one.
        .setJti(randomUUID())
        .setExpirationTime(DEV_TOKEN_TTL);
      if (issuer) builder = builder.setIssuer(issuer);
      if (audience) builder = builder.setAudience(audience);
      return builder.sign(key as Uint8Array);
    },
  };
}

/** Dev without JWT_SECRET: one key per data folder, made on first start (mode 0600) and kept. */
function devSigningKey({ production, dataDir }: { production: boolean; dataDir?: string | undefined }): Uint8Array {
  if (production || !dataDir) return randomBytes(32);
  const text = loadOrCreateSecretFile(dataDir, DEV_JWT_KEY_FILE, () =>
    JSON.stringify({
      devOnly: 'HS256 key for /dev/token tokens. Dev mode only; production uses JWT_SECRET or JWT_PUBLIC_KEY.',
      key: randomBytes(32).toString('base64url'),
    }),
  );
  try {
    const { key } = JSON.parse(text) as { key?: unknown };
    if (typeof key === 'string' && Buffer.from(key, 'base64url').length === 32) return Buffer.from(key, 'base64url');
  } catch {
    // fall through
  }
  throw new Error(
    `${join(dataDir, DEV_JWT_KEY_FILE)} is not a dev signing key; delete it and restart (dev tokens then need minting again).`,
  );
}
