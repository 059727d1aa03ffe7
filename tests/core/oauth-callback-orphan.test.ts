/**
 * The redirect page when the page that opened it may be gone: it hands the answer to the opener and
 * to this sign-in's BroadcastChannel, and closes only once the flow holding the state acknowledges
 * it. Timers are faked; BroadcastChannel delivery stays real.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { handleOAuthCallback } from '../../src/callback.js';

/** Resolves with the next message on `channel`. */
const nextMessage = (channel: BroadcastChannel) =>
  new Promise<unknown>((resolve) => channel.addEventListener('message', (event) => resolve(event.data), { once: true }));

describe('handleOAuthCallback when no page may take the answer', () => {
  const original = location.href;
  let clock: sinon.SinonFakeTimers;
  let closing: sinon.SinonStub;
  let target: HTMLDivElement;
  const channels: BroadcastChannel[] = [];
  const listen = (state: string) => {
    const channel = new BroadcastChannel(`mwap-integrations-oauth:${state}`);
    channels.push(channel);
    return channel;
  };

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    closing = sinon.stub(window, 'close');
    target = document.createElement('div');
  });

  afterEach(() => {
    sinon.restore();
    channels.splice(0).forEach((channel) => channel.close());
    history.replaceState(null, '', original);
  });

  it('sends the answer on the channel named by its state, and closes once that sign-in acknowledges', async () => {
    history.replaceState(null, '', `${location.pathname}?code=abc&state=own-1`);
    const opener = listen('own-1');
    const received = nextMessage(opener);
    handleOAuthCallback({ messageTarget: target });
    expect(await received).to.include({ type: 'mwap:oauth-callback', state: 'own-1', code: 'abc' });
    const closed = new Promise((resolve) => closing.callsFake(resolve));
    opener.postMessage({ type: 'mwap:oauth-ack', state: 'own-1' });
    await closed;
    expect(target.textContent).to.contain('Sign-in finished');
  });

  it('stays open after the wait for an acknowledgement, and says why, but not before the wait is over', async () => {
    history.replaceState(null, '', `${location.pathname}?code=abc&state=gone-1`);
    handleOAuthCallback({ messageTarget: target });
    await clock.tickAsync(2_999);
    expect(target.querySelector('[role="alert"]'), 'still waiting').to.equal(null);
    expect(target.textContent).to.contain('Finishing sign-in');
    await clock.tickAsync(1);
    expect(target.querySelector('[role="alert"]')!.textContent).to.equal(
      'This sign-in window lost the page that opened it, so nothing was connected. Close it and start the connection again from the integrations page.',
    );
    await clock.tickAsync(60_000);
    expect(closing.called, 'not closed by itself').to.equal(false);
    target.querySelector('button')!.click();
    expect(closing.calledOnce, 'its button closes it').to.equal(true);
  });

  it('posts to an opener that is still there (a host page reloaded since) on its own origin, and still waits for the acknowledgement', async () => {
    history.replaceState(null, '', `${location.pathname}?code=abc&state=reloaded-1`);
    const postMessage = sinon.spy();
    sinon.stub(window, 'opener').value({ postMessage });
    const { postedToOpener } = handleOAuthCallback({ messageTarget: target });
    expect(postedToOpener).to.equal(true);
    expect(postMessage.calledOnceWith(sinon.match({ state: 'reloaded-1', code: 'abc' }), location.origin)).to.equal(true);
    await clock.tickAsync(3_000);
    expect(target.textContent).to.contain('lost the page that opened it');
    expect(closing.called).to.equal(false);
  });

  it('without BroadcastChannel or an opener, says so at once and stays open', async () => {
    history.replaceState(null, '', `${location.pathname}?code=abc&state=alone-1`);
    sinon.stub(window, 'BroadcastChannel').value(undefined);
    handleOAuthCallback({ messageTarget: target });
    expect(target.textContent).to.contain('lost the page that opened it');
    await clock.tickAsync(60_000);
    expect(closing.called).to.equal(false);
  });

  it('says it in German, marked as German, when the browser prefers German', async () => {
    history.replaceState(null, '', `${location.pathname}?code=abc&state=de-1`);
    sinon.stub(navigator, 'languages').value(['de-DE', 'en']);
    handleOAuthCallback({ messageTarget: target });
    expect(target.querySelector('[role="status"]')!.textContent).to.equal('Anmeldung wird abgeschlossen…');
    await clock.tickAsync(3_000);
    const alert = target.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('Dieses Anmeldefenster hat die Seite verloren, die es geöffnet hat');
    expect(alert.getAttribute('lang')).to.equal('de');
    expect(target.querySelector('button')!.textContent).to.equal('Fenster schließen');
    expect(target.querySelector('button')!.getAttribute('lang')).to.equal('de');
  });
});
