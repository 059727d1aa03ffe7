import { expect, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { handleOAuthCallback, type OAuthCallbackMessage } from '../../src/callback.js';

describe('handleOAuthCallback (the redirect page)', () => {
  const original = location.href;
  afterEach(() => history.replaceState(null, '', original));

  it('strips code and state from the URL, broadcasts the answer and shows a text message', async () => {
    history.replaceState(null, '', `${location.pathname}?keep=1&code=abc&state=s1&iss=https%3A%2F%2Fidp`);
    const channel = new BroadcastChannel('mwap-integrations-oauth:s1');
    const received = new Promise<OAuthCallbackMessage>((resolve) => (channel.onmessage = (e) => resolve(e.data)));
    const target = document.createElement('div');
    const result = handleOAuthCallback({ close: false, messageTarget: target });
    expect(location.search).to.equal('?keep=1');
    expect(result.postedToOpener).to.equal(false);
    const message = await received;
    expect(message).to.include({ code: 'abc', state: 's1', iss: 'https://idp', error: null });
    expect(target.textContent, 'until the opener says it has the answer').to.contain('Finishing sign-in');
    // The opener's acknowledgement, for this sign-in's state.
    channel.postMessage({ type: 'mwap:oauth-ack', state: 's1' });
    await waitUntil(() => target.textContent!.includes('You can close this window'), 'the outcome once acknowledged');
    channel.close();
  });

  it('stays open and says where to start again when no page takes the answer (the host page was reloaded)', async () => {
    history.replaceState(null, '', `${location.pathname}?code=abc&state=s3`);
    const channel = new BroadcastChannel('mwap-integrations-oauth:s3');
    // Another acknowledgement, for a different sign-in, must not count.
    channel.onmessage = () => channel.postMessage({ type: 'mwap:oauth-ack', state: 'someone-else' });
    const target = document.createElement('div');
    const closing = sinon.stub(window, 'close');
    try {
      handleOAuthCallback({ messageTarget: target, ackTimeoutMs: 200 });
      await waitUntil(() => target.querySelector('[role="alert"]'), 'the orphan notice');
      expect(target.textContent).to.contain('lost the page that opened it');
      expect(closing.called, 'the window is not closed by itself').to.equal(false);
      target.querySelector('button')!.click();
      expect(closing.calledOnce, 'its button closes it').to.equal(true);
    } finally {
      closing.restore();
      channel.close();
    }
  });
  // Provider text rendered as text, and the address bar cleaned first: tests/security/browser/oauth-attacks.test.ts.
});
