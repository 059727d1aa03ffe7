/**
 * Threat: a guessable, reusable or long-lived OAuth state (CSRF on the redirect, RFC 9700 §4.7), and
 * a weak or biased PKCE verifier or a challenge that does not match it (code interception, RFC 7636).
 * Covers src/core/oauth/state.ts and src/core/oauth/pkce.ts. The RFC 7636 Appendix B vector and the
 * verifier length limits are in tests/core/pkce.test.ts; what the opener does with a reused or
 * expired state in a real sign-in is in oauth-attacks.test.ts beside this file.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import {
  computeCodeChallenge,
  createOAuthState,
  generateCodeVerifier,
  generatePKCEChallenge,
  OAuthStateStore,
  validateOAuthState,
} from '../../../src/core/index.js';
import { expectIntegrationError } from '../../support/expect-error.js';

const attempt = (fn: () => unknown) => Promise.resolve().then(fn);

/** base64url decoding, written here rather than taken from the code under test. */
function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** RFC 7636 §4.2 S256, computed independently with WebCrypto. */
async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** RFC 7636 §4.1 unreserved characters, spelled out here rather than imported. */
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/** Pearson's chi-square statistic of `counts` against a uniform distribution. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
}

/**
 * The bound for 66 symbols (65 degrees of freedom: mean 65, standard deviation √130 ≈ 11.4). By the
 * Wilson–Hilferty approximation a uniform source exceeds 200 with probability about 2·10⁻¹⁵, so
 * the check never flakes. `byte % 66` without rejection draws 58 symbols with probability 4/256
 * and 8 with 3/256: over the 256,000 draws below its statistic is about 65 + 256,000 × 0.00708
 * ≈ 1,900, far above the bound (the control test below shows it).
 */
const CHI_SQUARE_BOUND = 200;
const VERIFIERS = 2_000;

describe('security: OAuth state (state.ts)', () => {
  afterEach(() => sinon.restore());

  it('is 32 bytes from the platform CSPRNG, base64url-encoded, naming nothing', () => {
    const random = sinon.spy(crypto, 'getRandomValues');
    const record = createOAuthState('int-1');
    const bytes = fromBase64url(record.state);
    expect(bytes).to.have.length(32);
    expect(record.state).to.match(/^[A-Za-z0-9_-]{43}$/);
    const drawn = random.getCalls().map((call) => call.returnValue as Uint8Array);
    expect(
      drawn.some((array) => array.length === 32 && array.every((byte, i) => byte === bytes[i])),
      'the state is exactly 32 bytes that crypto.getRandomValues returned',
    ).to.equal(true);
    expect(record.state).not.to.contain('int-1');
    expect(record.nonce).not.to.equal(record.csrf);
  });

  it('does not repeat over 10,000 states', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(createOAuthState('int-1').state);
    expect(seen.size).to.equal(10_000);
  });

  it('is accepted once: a reused state is invalid_state', async () => {
    const { state } = createOAuthState('int-1');
    expect(validateOAuthState(state).integrationId).to.equal('int-1');
    const error = await expectIntegrationError(
      attempt(() => validateOAuthState(state)),
      'invalid_state',
    );
    expect(error.message).to.contain('already used');
  });

  it('rejects an unknown, empty or missing state', async () => {
    for (const state of ['made-up', '', null, undefined, 42, { state: 'x' }]) {
      await expectIntegrationError(
        attempt(() => validateOAuthState(state)),
        'invalid_state',
      );
    }
  });

  it('rejects a state older than ten minutes with expired_state, and housekeeping keeps it "expired", not "unknown"', async () => {
    let now = 1_000_000;
    const store = new OAuthStateStore({ now: () => now });
    const fresh = store.create('int-1');
    const old = store.create('int-2');
    now += 10 * 60_000;
    expect(store.consume(fresh.state).integrationId, 'exactly ten minutes is still fine').to.equal('int-1');
    now += 1;
    store.create('int-3');
    await expectIntegrationError(
      attempt(() => store.consume(old.state)),
      'expired_state',
    );
    // And an expired state that was tried once stays used: no second try after the first refusal.
    await expectIntegrationError(
      attempt(() => store.consume(old.state)),
      'invalid_state',
    );
  });
});

describe('security: PKCE (pkce.ts)', () => {
  it('makes verifiers of RFC 7636 §4.1 length and alphabet at every allowed length', () => {
    const allowed = new RegExp(`^[${UNRESERVED.replace(/[-\]\\^]/g, '\\$&')}]+$`);
    for (let length = 43; length <= 128; length++) {
      const verifier = generateCodeVerifier(length);
      expect(verifier, `length ${length}`).to.have.length(length);
      expect(allowed.test(verifier), verifier).to.equal(true);
    }
    expect(generateCodeVerifier(), 'the default is the longest').to.have.length(128);
  });

  it('sends the S256 challenge of its own verifier (checked with WebCrypto here)', async () => {
    for (let i = 0; i < 50; i++) {
      const pair = await generatePKCEChallenge();
      expect(pair.codeChallengeMethod).to.equal('S256');
      expect(pair.codeChallenge).to.equal(await s256(pair.codeVerifier));
    }
    for (const verifier of ['a'.repeat(43), '~'.repeat(128), UNRESERVED.slice(0, 60)]) {
      expect(await computeCodeChallenge(verifier), verifier).to.equal(await s256(verifier));
    }
  });

  it(`draws every character uniformly: chi-square over ${VERIFIERS.toLocaleString('en')} verifiers stays under ${CHI_SQUARE_BOUND}`, () => {
    const counts = new Array<number>(UNRESERVED.length).fill(0);
    for (let i = 0; i < VERIFIERS; i++) for (const char of generateCodeVerifier()) counts[UNRESERVED.indexOf(char)]!++;
    expect(Math.min(...counts), 'every character drawn').to.be.above(0);
    expect(chiSquare(counts)).to.be.below(CHI_SQUARE_BOUND);
  });

  it('control: the same check catches a `byte % 66` generator (modulo bias) of the same size', () => {
    const counts = new Array<number>(UNRESERVED.length).fill(0);
    const bytes = new Uint8Array(VERIFIERS * 128);
    for (let i = 0; i < bytes.length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536));
    for (const byte of bytes) counts[byte % UNRESERVED.length]!++;
    expect(chiSquare(counts)).to.be.above(CHI_SQUARE_BOUND);
  });
});
