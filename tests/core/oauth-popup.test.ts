import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { connectByClick, expectNoStoredSecrets, oauthRun } from '../support/oauth-harness.js';
import { expectIntegrationError } from '../support/expect-error.js';
import { waitFor } from '../support/poll.js';

// Forged, replayed and expired answers, and answers from other windows: tests/security/browser/oauth-attacks.test.ts.
describe('popup PKCE flow (real popup, fake provider)', () => {
  afterEach(async () => {
    sinon.restore();
    await expectNoStoredSecrets();
  });

  it('connects: popup from a real click, PKCE checked by the server, cache updated', async () => {
    const run = oauthRun();
    const client = run.client();
    const integration = await connectByClick(client, 'int-42');
    expect(integration.id).to.equal('int-42');
    expect(integration.tokenStatus).to.equal('valid');
    expect(client.cachedIntegration('int-42')?.status).to.equal('active');
    const [initiate, callback] = (await run.stats()).filter((r) => r.method === 'POST');
    expect(initiate!.body!.codeChallengeMethod).to.equal('S256');
    expect(initiate!.body!.codeChallenge).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(callback!.body!.codeVerifier).to.have.length(128);
    expect(callback!.body!.iss).to.equal(`${location.origin}/fake-provider`);
    expect(client.connecting).to.equal(false);
  });

  it('reports popup_blocked when Connect runs without a user gesture', async () => {
    const run = oauthRun();
    const error = await expectIntegrationError(run.client().connect('int-1'), 'popup_blocked');
    expect(error.recovery).to.equal('user');
    expect((await run.stats()).length, 'nothing was sent to the server').to.equal(0);
  });

  it('fails with authorization_denied and the provider text when the user denies', async () => {
    const run = oauthRun();
    await run.setMode('deny');
    const error = await expectIntegrationError(connectByClick(run.client(), 'int-1'), 'authorization_denied');
    expect(error.message).to.contain('The user said no');
  });

  it('fails with popup_closed when the user closes the popup, and reports no connection it did not make', async () => {
    const run = oauthRun();
    await run.setMode('close');
    const started = Date.now();
    await expectIntegrationError(connectByClick(run.client(), 'int-1', { closedGraceMs: 200 }), 'popup_closed');
    expect(Date.now() - started).to.be.below(5000);
    // Only this tab holds the verifier, so only its own callback could have connected: no
    // server read that an unrelated update (a connection test, an edit) could turn into "connected".
    const requests = await run.stats();
    expect(
      requests.filter((r) => r.method === 'GET'),
      'no guess from the server',
    ).to.deep.equal([]);
    expect(
      requests.some((r) => r.path === 'oauth/callback'),
      'no code was exchanged',
    ).to.equal(false);
  });

  it('times out a flow that never settles', async () => {
    const run = oauthRun();
    await run.setMode('wait');
    await expectIntegrationError(connectByClick(run.client(), 'int-1', { timeoutMs: 800 }), 'popup_timeout');
  });

  it('is cancelled by its AbortSignal, closing the popup', async () => {
    const run = oauthRun();
    await run.setMode('wait');
    const controller = new AbortController();
    const client = run.client();
    const flow = connectByClick(client, 'int-1', { signal: controller.signal });
    // Aborted once the flow is under way (popup open, initiate at the server), not after a guessed time.
    await waitFor(async () => (await run.stats()).find((r) => r.path.endsWith('/oauth/initiate')), 'the initiate request');
    controller.abort();
    await expectIntegrationError(flow, 'aborted');
    expect(client.connecting).to.equal(false);
  });

  it('cancelled before it got under way (a signal already aborted): aborted, window closed, nothing sent to the server', async () => {
    const run = oauthRun();
    await run.setMode('wait');
    const client = run.client();
    const open = sinon.spy(window, 'open');
    await expectIntegrationError(connectByClick(client, 'int-1', { signal: AbortSignal.abort() }), 'aborted');
    expect(open.returnValues[0]?.closed, 'the window opened in the click is closed').to.equal(true);
    expect((await run.stats()).filter((r) => r.path.endsWith('/oauth/initiate'))).to.deep.equal([]);
    expect(client.connecting).to.equal(false);
  });

  it('fails with popup_closed within seconds when the window is closed the moment it reached the provider', async () => {
    const run = oauthRun();
    await run.setMode('closenow');
    let detached = 0;
    // Focus comes back to this page when the window goes: a close, not a COOP cut-off.
    const flow = connectByClick(run.client(), 'int-1', { timeoutMs: 15_000, onDetached: () => detached++ });
    await expectIntegrationError(flow, 'popup_closed');
    expect(detached, 'no "cut off" notice').to.equal(0);
  });

  it('completes over BroadcastChannel when the opener is severed', async () => {
    const run = oauthRun();
    await run.setMode('sever');
    const integration = await connectByClick(run.client(), 'int-7');
    expect(integration.tokenStatus).to.equal('valid');
  });

  it('focuses the open popup on a second Connect instead of opening another', async () => {
    const run = oauthRun();
    await run.setMode('delay-800');
    const client = run.client();
    const openSpy = sinon.spy(window, 'open');
    const first = connectByClick(client, 'int-1');
    await waitFor(async () => (await run.stats()).find((r) => r.path.endsWith('/oauth/initiate')), 'the initiate request');
    const second = connectByClick(client, 'int-1');
    const [a, b] = await Promise.all([first, second]);
    expect(b, 'the second Connect joined the first flow').to.equal(a);
    expect(openSpy.callCount).to.equal(1);
    const initiates = (await run.stats()).filter((r) => r.path.endsWith('/oauth/initiate'));
    expect(initiates).to.have.length(1);
  });
});
