import { expect } from '@open-wc/testing';
import { computeCodeChallenge, generateCodeVerifier, generatePKCEChallenge, PKCE_UNRESERVED } from '../../src/core/index.js';

// Uniformity (every character, no modulo bias) is proven by chi-square, with a biased control, in
// tests/security/browser/oauth-randomness.test.ts.
describe('PKCE (RFC 7636)', () => {
  it('matches the RFC 7636 Appendix B vector', async () => {
    expect(await computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).to.equal(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes 10,000 distinct 128-character verifiers from the unreserved set', () => {
    const allowed = new Set(PKCE_UNRESERVED);
    expect(allowed.size).to.equal(66);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const verifier = generateCodeVerifier();
      expect(verifier).to.have.length(128);
      for (const char of verifier) if (!allowed.has(char)) throw new Error(`"${char}" is not unreserved`);
      seen.add(verifier);
    }
    expect(seen.size).to.equal(10_000);
  });

  it('builds a challenge pair that verifies', async () => {
    const pair = await generatePKCEChallenge();
    expect(pair.codeChallengeMethod).to.equal('S256');
    expect(pair.codeChallenge).to.equal(await computeCodeChallenge(pair.codeVerifier));
    expect(pair.codeChallenge).to.match(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses verifiers outside RFC 7636 §4.1', async () => {
    expect(() => generateCodeVerifier(42)).to.throw(RangeError);
    expect(() => generateCodeVerifier(129)).to.throw(RangeError);
    let error: unknown;
    try {
      await computeCodeChallenge('short');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(RangeError);
  });
});
