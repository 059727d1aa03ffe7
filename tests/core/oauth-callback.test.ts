import { expect } from '@open-wc/testing';
import { handleOAuthCallback, type OAuthCallbackMessage } from '../../src/callback.js';

describe('handleOAuthCallback (the redirect page)', () => {
  const original = location.href;
  afterEach(() => history.replaceState(null, '', original));

  it('strips code and state from the URL, broadcasts the answer and shows a text message', async () => {
    history.replaceState(null, '', `${location.pathname}?keep=1&code=abc&state=s1&iss=https%3A%2F%2Fidp`);
    const channel = new BroadcastChannel('mwap-integrations-oauth');
    const received = new Promise<OAuthCallbackMessage>((resolve) => (channel.onmessage = (e) => resolve(e.data)));
    const target = document.createElement('div');
    const result = handleOAuthCallback({ close: false, messageTarget: target });
    expect(location.search).to.equal('?keep=1');
    expect(result.postedToOpener).to.equal(false);
    const message = await received;
    channel.close();
    expect(message).to.include({ code: 'abc', state: 's1', iss: 'https://idp', error: null });
    expect(target.textContent).to.contain('You can close this window');
  });

  it('reads a fragment answer and renders the provider text as text, not HTML', () => {
    history.replaceState(
      null,
      '',
      `${location.pathname}#error=access_denied&error_description=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&state=s2`,
    );
    const target = document.createElement('div');
    const { message } = handleOAuthCallback({ close: false, messageTarget: target });
    expect(message.error).to.equal('access_denied');
    expect(location.hash).to.equal('');
    expect(target.querySelector('img')).to.equal(null);
    expect(target.textContent).to.contain('<img src=x onerror=alert(1)>');
  });
});
