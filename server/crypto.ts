/**
 * Provider tokens at rest: AES-256-GCM with a random 96-bit IV per value. The integration id is the
 * additional authenticated data, so a ciphertext copied onto another row does not decrypt.
 * Stored form: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';

export class TokenCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('TOKEN_ENCRYPTION_KEY must be 32 bytes (base64).');
    this.#key = key;
  }

  encrypt(plaintext: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(stored: string, boundTo: string): string {
    const [version, iv, tag, body] = stored.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Unknown token encryption format.');
    const authTag = Buffer.from(tag, 'base64url');
    // Node accepts GCM tags of 4 to 16 bytes; ours are 16, and a shorter one is a forgery attempt.
    if (authTag.length !== 16) throw new Error('Unknown token encryption format.');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(authTag);
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /**
   * A 32-byte key for another purpose (the list cursor's HMAC), derived with HKDF-SHA256 from this
   * one: no second secret to manage, every process with the same key agrees, and the derived key
   * tells nothing about the encryption key.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `mwap-integrations ${purpose}`, 32));
  }
}

export function parseKey(base64: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error('TOKEN_ENCRYPTION_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`).');
  return key;
}

/**
 * Reads a secret kept in the data folder, or makes one (mode 0600) on first start: dev mode only,
 * so a restart keeps the tokens it stored readable without anyone managing a key.
 */
export function loadOrCreateSecretFile(dataDir: string, fileName: string, make: () => string): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, fileName);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeFileSync(path, value + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600); // umask may have widened the mode
  return value;
}

export const sha256Base64Url = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');

/** Constant-time string comparison for secrets of possibly different length. */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}
