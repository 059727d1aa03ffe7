/**
 * What the opener makes of a sign-in window that reads closed, on a fake clock. The window is a
 * stand-in (window.open is stubbed) so the test decides when it reads closed and whether focus came
 * back to this page; the API is the scripted server over real HTTP.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { expectNoStoredSecrets, oauthRun } from '../support/oauth-harness.js';
import { expectIntegrationError } from '../support/expect-error.js';
import type { Integration } from '../../src/core/index.js';

/** A sign-in window whose `closed` the test sets; resolves `wentToProvider` when the flow sends it to the provider. */
function stubPopup() {
  let navigated!: (url: URL) => void;
  const wentToProvider = new Promise<URL>((resolve) => (navigated = resolve));
  const popup = {
    closed: false,
    close: () => (popup.closed = true),
    focus: () => undefined,
    location: {
      get href() {
        return 'about:blank';
      },
      set href(value: string) {
        navigated(new URL(value));
      },
    },
  };
  sinon.stub(window, 'open').returns(popup as unknown as Window);
  return { popup, wentToProvider };
}

/** Watches a promise without awaiting it, so a test can say it is still pending after the clock moved. */
function watch(flow: Promise<Integration>) {
  const seen: { settled: boolean; value?: Integration; error?: unknown } = { settled: false };
  flow.then(
    (value) => Object.assign(seen, { settled: true, value }),
    (error: unknown) => Object.assign(seen, { settled: true, error }),
  );
  return seen;
}

/** The redirect page's answer for `state`, as the scripted provider would have given it. */
const answerFor = (state: string) => ({
  type: 'mwap:oauth-callback',
  state,
  code: `code-${state}`,
  error: null,
  errorDescription: null,
  iss: null,
});

describe('popup flow: a sign-in window that reads closed (fake clock)', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });

  afterEach(async () => {
    sinon.restore();
    await expectNoStoredSecrets();
  });

  it('closed by the user right after it went to the provider: popup_closed after a short grace, not the timeout', async () => {
    const { popup, wentToProvider } = stubPopup();
    // Closing a window hands focus back to the page that opened it.
    sinon.stub(document, 'hasFocus').returns(true);
    const onDetached = sinon.spy();
    const flow = oauthRun().client().connect('int-1', { onDetached });
    const seen = watch(flow);
    await wentToProvider;
    await clock.tickAsync(300);
    popup.closed = true; // well inside 1.5 s of navigating

    // Seen closed at the next look (500 ms), then 2 s of grace for a late answer.
    await clock.tickAsync(2_100);
    expect(seen.settled, 'a grace for a late answer first').to.equal(false);
    await clock.tickAsync(200);
    expect(seen.settled, 'settled within seconds of the close, of a five-minute timeout').to.equal(true);
    await expectIntegrationError(flow, 'popup_closed');
    expect(onDetached.called, 'no "cut off" notice for a window the user closed').to.equal(false);
  });

  it('focus coming back during the grace counts as a close too', async () => {
    const { popup, wentToProvider } = stubPopup();
    const focused = sinon.stub(document, 'hasFocus').returns(false);
    const flow = oauthRun().client().connect('int-1');
    const seen = watch(flow);
    await wentToProvider;
    popup.closed = true;
    await clock.tickAsync(500);
    // The window manager gives focus back a moment after the window went.
    focused.returns(true);
    window.dispatchEvent(new FocusEvent('focus'));
    focused.returns(false); // and the user moves on to another window before the grace ends
    await clock.tickAsync(2_000);
    expect(seen.settled).to.equal(true);
    await expectIntegrationError(flow, 'popup_closed');
  });

  it('an answer that arrives during the grace still completes the sign-in', async () => {
    const { popup, wentToProvider } = stubPopup();
    sinon.stub(document, 'hasFocus').returns(true);
    const flow = oauthRun().client().connect('int-9');
    const state = (await wentToProvider).searchParams.get('state')!;
    // The redirect page answered and closed itself at once.
    popup.closed = true;
    await clock.tickAsync(500);
    const channel = new BroadcastChannel(`mwap-integrations-oauth:${state}`);
    try {
      channel.postMessage(answerFor(state));
      const integration = await flow;
      expect(integration.tokenStatus).to.equal('valid');
    } finally {
      channel.close();
    }
  });

  it('cut off by COOP (reads closed, focus stays in the sign-in window): says so, waits, and completes over its BroadcastChannel', async () => {
    const { popup, wentToProvider } = stubPopup();
    sinon.stub(document, 'hasFocus').returns(false);
    sinon.stub(console, 'warn');
    const onDetached = sinon.spy();
    const run = oauthRun();
    const client = run.client();
    const flow = client.connect('int-7', { onDetached });
    const seen = watch(flow);
    const state = (await wentToProvider).searchParams.get('state')!;
    popup.closed = true;

    await clock.tickAsync(500 + 2_000);
    expect(onDetached.callCount, 'the UI is told at once, to offer Cancel').to.equal(1);
    await clock.tickAsync(60_000);
    expect(seen.settled, 'still waiting: the user is signing in in the cut-off window').to.equal(false);

    const channel = new BroadcastChannel(`mwap-integrations-oauth:${state}`);
    const acks: unknown[] = [];
    const acked = new Promise<void>((resolve) =>
      channel.addEventListener('message', (event) => {
        acks.push(event.data);
        resolve();
      }),
    );
    try {
      // Same origin, but not proof of anything: a message with another state is ignored.
      channel.postMessage({ ...answerFor('not-this-sign-in'), code: 'forged' });
      channel.postMessage(answerFor(state));
      const integration = await flow;
      await acked;
      expect(integration.id).to.equal('int-7');
      expect(client.cachedIntegration('int-7')?.tokenStatus).to.equal('valid');
      expect(acks, 'one acknowledgement, for this state, so the redirect page may close').to.deep.equal([
        { type: 'mwap:oauth-ack', state },
      ]);
      const exchanged = (await run.stats()).filter((r) => r.path === 'oauth/callback');
      expect(exchanged.map((r) => r.body!.code)).to.deep.equal([`code-${state}`]);
    } finally {
      channel.close();
    }
  });

  it('closed later than the first moments after navigating: popup_closed even without focus', async () => {
    const { popup, wentToProvider } = stubPopup();
    sinon.stub(document, 'hasFocus').returns(false);
    const onDetached = sinon.spy();
    const flow = oauthRun().client().connect('int-1', { onDetached });
    const seen = watch(flow);
    await wentToProvider;
    await clock.tickAsync(10_000);
    popup.closed = true;
    await clock.tickAsync(500 + 2_000);
    expect(seen.settled).to.equal(true);
    await expectIntegrationError(flow, 'popup_closed');
    expect(onDetached.called).to.equal(false);
  });
});
