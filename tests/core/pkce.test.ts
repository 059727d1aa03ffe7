import { expect } from '@open-wc/testing';
import { computeCodeChallenge, generateCodeVerifier, generatePKCEChallenge, PKCE_UNRESERVED } from '../../src/core/index.js';

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

  it('uses every character of the set, without favouring the first ones (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) for (const char of generateCodeVerifier()) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).to.equal(66);
    // 25,600 draws over 66 symbols: ~388 each. With `byte % 66` and no rejection, the first 58
    // symbols would be drawn 4/3 as often as the last 8 (~410 vs ~310).
    const head = [...PKCE_UNRESERVED.slice(0, 58)].reduce((sum, c) => sum + counts.get(c)!, 0) / 58;
    const tail = [...PKCE_UNRESERVED.slice(58)].reduce((sum, c) => sum + counts.get(c)!, 0) / 8;
    expect(head / tail).to.be.within(0.85, 1.15);
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
