/**
 * RFC 7636 Proof Key for Code Exchange. The verifier never leaves memory: it goes to our server
 * once, in the body of `POST /oauth/callback`, and nowhere else.
 */
import { base64url } from './base64url.js';

/** RFC 7636 §4.1: unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" (66 characters). */
export const PKCE_UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface PKCEChallenge {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

/**
 * A `length`-character verifier (43–128, default the maximum 128) drawn uniformly from the
 * unreserved set: bytes ≥ 198 (= 3 × 66) are rejected so `byte % 66` carries no modulo bias.
 */
export function generateCodeVerifier(length = 128): string {
  if (!Number.isInteger(length) || length < 43 || length > 128) {
    throw new RangeError('RFC 7636 §4.1: a code verifier has 43 to 128 characters.');
  }
  const limit = 256 - (256 % PKCE_UNRESERVED.length);
  let verifier = '';
  while (verifier.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit) verifier += PKCE_UNRESERVED[byte % PKCE_UNRESERVED.length];
      if (verifier.length === length) break;
    }
  }
  return verifier;
}

/** RFC 7636 §4.2: code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier))). */
export async function computeCodeChallenge(codeVerifier: string): Promise<string> {
  if (!VERIFIER_PATTERN.test(codeVerifier)) {
    throw new RangeError('RFC 7636 §4.1: a code verifier is 43 to 128 unreserved characters.');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier));
  return base64url(new Uint8Array(digest));
}

export async function generatePKCEChallenge(): Promise<PKCEChallenge> {
  const codeVerifier = generateCodeVerifier();
  return { codeVerifier, codeChallenge: await computeCodeChallenge(codeVerifier), codeChallengeMethod: 'S256' };
}
