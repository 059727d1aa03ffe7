import { expect } from '@open-wc/testing';
import { createOAuthState, OAuthStateStore, validateOAuthState } from '../../src/core/index.js';
import { expectIntegrationError } from '../support/expect-error.js';

const attempt = (fn: () => unknown) => Promise.resolve().then(fn);

describe('OAuth state', () => {
  it('is opaque, random, and carries what it stands for only in memory', () => {
    const a = createOAuthState('int-1');
    const b = createOAuthState('int-1');
    expect(a.state).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(a.state).not.to.equal(b.state);
    expect(a.state).not.to.contain('int-1');
    expect(a.nonce).not.to.equal(b.nonce);
    expect(a.csrf).not.to.equal(a.nonce);
    expect(validateOAuthState(a.state).integrationId).to.equal('int-1');
  });

  it('is accepted once: a reused state is invalid_state', async () => {
    const { state } = createOAuthState('int-1');
    validateOAuthState(state);
    const error = await expectIntegrationError(
      attempt(() => validateOAuthState(state)),
      'invalid_state',
    );
    expect(error.message).to.contain('already used');
  });

  it('rejects an unknown or missing state', async () => {
    await expectIntegrationError(
      attempt(() => validateOAuthState('made-up')),
      'invalid_state',
    );
    await expectIntegrationError(
      attempt(() => validateOAuthState(null)),
      'invalid_state',
    );
  });

  it('rejects a state older than ten minutes with expired_state (fake clock)', async () => {
    let now = 1_000_000;
    const store = new OAuthStateStore({ now: () => now });
    const fresh = store.create('int-1');
    const old = store.create('int-2');
    now += 10 * 60_000;
    expect(store.consume(fresh.state).integrationId, 'exactly ten minutes is still fine').to.equal('int-1');
    now += 1;
    store.create('int-3'); // housekeeping must not turn "expired" into "unknown"
    await expectIntegrationError(
      attempt(() => store.consume(old.state)),
      'expired_state',
    );
  });
});
