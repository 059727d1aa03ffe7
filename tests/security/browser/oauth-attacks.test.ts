/**
 * Threat: a forged, replayed or injected OAuth answer reaching the page that opened the sign-in
 * popup, the popup being sent somewhere other than a provider, and the provider's answer leaking
 * from the redirect page or being rendered as markup.
 *
 * The opener (src/core/oauth/popup.ts) takes an answer only as a trusted message from its own popup
 * on the redirect origin, or on the sign-in's own BroadcastChannel, and only for its own state, once;
 * it navigates the popup only to an https: (or loopback http:) authorization URL. The redirect page
 * (src/core/oauth/callback.ts) takes the code and state out of the address bar before it does
 * anything else, and shows the provider's words as text.
 *
 * The popups are real windows on the scripted provider of tests/support/fake-api-middleware.mjs,
 * which checks PKCE and the code as a real server would. State and PKCE randomness:
 * oauth-randomness.test.ts beside this file. Proven elsewhere and not repeated here: the iss of a
 * real round trip reaching the server (tests/core/oauth-popup.test.ts, "connects"), a forged state
 * on the channel of a popup cut off by COOP (tests/core/oauth-popup-close.test.ts), and the redirect
 * page acknowledging only its own state (tests/core/oauth-callback*.test.ts).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import sinon from 'sinon';
import { handleOAuthCallback, type OAuthCallbackMessage } from '../../../src/callback.js';
import '../../../src/elements/oauth-button/define.js';
import type { OAuthButtonElement } from '../../../src/elements/oauth-button/define.js';
import { answerFor, connectByClick, expectNoStoredSecrets, oauthRun, startWaitingSignIn } from '../../support/oauth-harness.js';
import { expectIntegrationError } from '../../support/expect-error.js';
import { waitFor } from '../../support/poll.js';

/** The same test server under its other loopback name: another origin. */
function foreignOrigin(): string {
  const other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return `${location.protocol}//${other}:${location.port}`;
}

type Run = ReturnType<typeof oauthRun>;

/** The bodies of every POST /oauth/callback the scripted server received: the code exchanges. */
async function exchanges(run: Run) {
  return (await run.stats()).filter((r) => r.path === 'oauth/callback').map((r) => r.body!);
}

/** A frame on `origin` that posts `message` to this page; resolves once this page has received it. */
function postFromFrame(origin: string, message: unknown): { frame: HTMLIFrameElement; arrived: Promise<void> } {
  const frame = document.createElement('iframe');
  frame.src = `${origin}/tests/support/post-to-parent.html#${encodeURIComponent(JSON.stringify(message))}`;
  // Registered after the flow's own listener, so it runs after the flow has judged the message.
  const arrived = new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow) return;
      window.removeEventListener('message', onMessage);
      resolve();
    };
    window.addEventListener('message', onMessage);
  });
  document.body.append(frame);
  return { frame, arrived };
}

const RealBroadcastChannel = BroadcastChannel;

/** A BroadcastChannel that remembers what it posted and whether it was closed. */
class RecordingChannel extends RealBroadcastChannel {
  readonly posted: unknown[] = [];
  closed = false;
  override postMessage(message: unknown): void {
    this.posted.push(message);
    super.postMessage(message);
  }
  override close(): void {
    this.closed = true;
    super.close();
  }
}

/** Makes every BroadcastChannel the code opens a RecordingChannel; returns those opened. */
function recordChannels(): RecordingChannel[] {
  const opened: RecordingChannel[] = [];
  sinon.stub(window, 'BroadcastChannel').value(
    class extends RecordingChannel {
      constructor(name: string) {
        super(name);
        opened.push(this);
      }
    },
  );
  return opened;
}

/** The flow's own channel for `state`. */
function flowChannel(opened: RecordingChannel[], state: string): RecordingChannel {
  const channel = opened.find((c) => c.name === `mwap-integrations-oauth:${state}`);
  if (!channel) throw new Error('the flow opened no channel for its state');
  return channel;
}

/** Posts `message` on the sign-in's channel as another same-origin page would; resolves once the flow's channel has handled it. */
async function postOnChannel(flow: RecordingChannel, message: unknown): Promise<void> {
  // Listeners on one target run in the order they were added: this one after the flow's.
  const handled = new Promise<void>((resolve) => flow.addEventListener('message', () => resolve(), { once: true }));
  const sender = new RealBroadcastChannel(flow.name);
  sender.postMessage(message);
  await handled;
  sender.close();
}

const ACK = (state: string) => ({ type: 'mwap:oauth-ack', state });

describe('security: the opener takes an answer only from its popup, for its state, once', () => {
  afterEach(async () => {
    sinon.restore();
    await expectNoStoredSecrets();
  });

  it('ignores a well-formed answer from another origin (a cross-origin frame) and completes with the real one', async () => {
    const run = oauthRun();
    const signIn = await startWaitingSignIn(run, run.client(), 'int-1');
    const { frame, arrived } = postFromFrame(foreignOrigin(), answerFor(signIn.state, { code: 'forged-code' }));
    await arrived;
    frame.remove();
    signIn.postFromPopup(answerFor(signIn.state));
    expect((await signIn.flow).tokenStatus).to.equal('valid');
    expect((await exchanges(run)).map((b) => b.code)).to.deep.equal([`code-${signIn.state}`]);
  });

  it('ignores a well-formed answer from a same-origin frame that is not its popup (the source check)', async () => {
    const run = oauthRun();
    const signIn = await startWaitingSignIn(run, run.client(), 'int-1');
    const { frame, arrived } = postFromFrame(location.origin, answerFor(signIn.state, { code: 'forged-code' }));
    await arrived;
    frame.remove();
    signIn.postFromPopup(answerFor(signIn.state));
    await signIn.flow;
    expect((await exchanges(run)).map((b) => b.code)).to.deep.equal([`code-${signIn.state}`]);
  });

  it('ignores a synthetic message event (no source, not trusted) that a same-origin frame dispatches on this window', async () => {
    const run = oauthRun();
    const signIn = await startWaitingSignIn(run, run.client(), 'int-1');
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const inFrame = frame.contentWindow as Window & typeof globalThis;
    // Built in the frame's realm, as its script would; dispatched synchronously, so judged by now.
    window.dispatchEvent(
      new inFrame.MessageEvent('message', { data: answerFor(signIn.state, { code: 'forged-code' }), origin: location.origin }),
    );
    frame.remove();
    signIn.postFromPopup(answerFor(signIn.state));
    await signIn.flow;
    expect((await exchanges(run)).map((b) => b.code)).to.deep.equal([`code-${signIn.state}`]);
  });

  it('stops with invalid_state when its own popup answers with a state it did not hand out, and exchanges nothing', async () => {
    const run = oauthRun();
    const signIn = await startWaitingSignIn(run, run.client(), 'int-1');
    signIn.postFromPopup(answerFor('a-state-from-another-sign-in'));
    await expectIntegrationError(signIn.flow, 'invalid_state');
    expect(signIn.popup.closed, 'the sign-in window is closed').to.equal(true);
    expect(await exchanges(run)).to.deep.equal([]);
  });

  it('refuses a replayed answer (the state and code of an earlier sign-in) with invalid_state', async () => {
    const run = oauthRun();
    const client = run.client();
    await connectByClick(client, 'int-1');
    // The scripted provider now sends the previous sign-in's code and state back, through the real redirect page.
    await run.setMode('replay');
    const error = await expectIntegrationError(connectByClick(client, 'int-1'), 'invalid_state');
    expect(error.recovery).to.equal('retry');
    expect(await exchanges(run), 'the replayed code never reached the server').to.have.length(1);
  });

  it('rejects an answer for a state older than ten minutes with expired_state', async () => {
    const run = oauthRun();
    await run.setMode('delay-600');
    const flow = connectByClick(run.client(), 'int-1');
    await waitFor(async () => (await run.stats()).find((r) => r.path.endsWith('/oauth/initiate')), 'the initiate request');
    // Only Date moves: timers stay real so the popup and messages behave as they do for users.
    sinon.useFakeTimers({ now: Date.now() + 11 * 60_000, toFake: ['Date'], shouldAdvanceTime: true });
    await expectIntegrationError(flow, 'expired_state');
    expect(await exchanges(run)).to.deep.equal([]);
  });

  it('takes the right answer once: sent twice by postMessage and again on the channel, one exchange and one acknowledgement', async () => {
    const channels = recordChannels();
    const run = oauthRun();
    const signIn = await startWaitingSignIn(run, run.client(), 'int-1');
    const channel = flowChannel(channels, signIn.state);
    signIn.postFromPopup(answerFor(signIn.state));
    signIn.postFromPopup(answerFor(signIn.state));
    const sender = new RealBroadcastChannel(channel.name);
    sender.postMessage(answerFor(signIn.state));
    await signIn.flow;
    sender.close();
    expect(await exchanges(run), 'one code exchange').to.have.length(1);
    expect(channel.posted, 'one acknowledgement').to.deep.equal([ACK(signIn.state)]);
  });

  it('holds no listener once the flow has ended: a late answer has nothing left to reach', async () => {
    const channels = recordChannels();
    const added = sinon.spy(window, 'addEventListener');
    const removed = sinon.spy(window, 'removeEventListener');
    const run = oauthRun();
    const signIn = await startWaitingSignIn(run, run.client(), 'int-1');
    const listener = added.getCalls().find((call) => call.args[0] === 'message')?.args[1];
    expect(listener, 'the flow listened for window messages').to.be.a('function');
    signIn.postFromPopup(answerFor(signIn.state));
    await signIn.flow;
    expect(
      removed.getCalls().some((call) => call.args[0] === 'message' && call.args[1] === listener),
      'its window message listener is removed',
    ).to.equal(true);
    expect(flowChannel(channels, signIn.state).closed, 'its channel is closed').to.equal(true);
  });

  it('ignores a BroadcastChannel message with a forged state on the sign-in’s own channel', async () => {
    const channels = recordChannels();
    const run = oauthRun();
    const signIn = await startWaitingSignIn(run, run.client(), 'int-1');
    const channel = flowChannel(channels, signIn.state);
    await postOnChannel(channel, answerFor('forged-state'));
    await postOnChannel(channel, { ...answerFor(signIn.state), code: 42 });
    expect(channel.posted, 'nothing acknowledged').to.deep.equal([]);
    await postOnChannel(channel, answerFor(signIn.state));
    await signIn.flow;
    expect((await exchanges(run)).map((b) => b.code)).to.deep.equal([`code-${signIn.state}`]);
  });

  it('ignores answers of the wrong shape, and passes on nothing of an answer but its code and iss', async () => {
    const run = oauthRun();
    const signIn = await startWaitingSignIn(run, run.client(), 'int-1');
    const { state } = signIn;
    const right = answerFor(state);
    const { iss: _iss, ...withoutIss } = right;
    const wrong: unknown[] = [
      null,
      'mwap:oauth-callback',
      [right],
      { ...right, type: 'mwap:oauth-ack' },
      { ...right, code: 42 },
      { ...right, code: [`code-${state}`] },
      { ...right, code: { value: `code-${state}` } },
      { ...right, state: [state] },
      { ...right, iss: 1 },
      { ...right, error: true },
      { ...right, errorDescription: {} },
      withoutIss,
      // A prototype holding the fields is not the message having them.
      JSON.parse(`{"__proto__": ${JSON.stringify(right)}}`),
    ];
    for (const message of wrong) signIn.postFromPopup(message);
    // Well-formed, with extra fields an attacker would like the client to use, and pollution keys.
    const extras = JSON.stringify({
      ...right,
      codeVerifier: 'attacker-chosen-verifier-attacker-chosen-verifier',
      redirectUri: 'https://attacker.example/callback',
      integrationId: 'int-other',
      padding: 'x'.repeat(1 << 20),
    });
    signIn.postFromPopup(
      JSON.parse(`{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, ${extras.slice(1)}`),
    );
    const integration = await signIn.flow;
    expect(integration.id, 'the integration this sign-in was started for').to.equal('int-1');
    expect((Object.prototype as Record<string, unknown>).polluted, 'Object.prototype untouched').to.equal(undefined);
    const [body, ...more] = await exchanges(run);
    expect(more, 'one exchange').to.deep.equal([]);
    expect(Object.keys(body!).sort(), 'only the client’s own fields').to.deep.equal(['code', 'codeVerifier', 'redirectUri', 'state']);
    expect(body).to.include({ state, code: `code-${state}`, redirectUri: `${location.origin}/oauth-callback.html` });
    // The scripted server checked the verifier against the challenge: the client's own, not the message's.
    expect(body!.codeVerifier).to.match(/^[A-Za-z0-9\-._~]{128}$/);
  });

  it('takes a megabyte-long state from its popup for a foreign one: invalid_state, nothing exchanged', async () => {
    const run = oauthRun();
    const signIn = await startWaitingSignIn(run, run.client(), 'int-1');
    signIn.postFromPopup(answerFor(signIn.state, { state: signIn.state + 'x'.repeat(1 << 20), code: 'y'.repeat(1 << 20) }));
    await expectIntegrationError(signIn.flow, 'invalid_state');
    expect(await exchanges(run)).to.deep.equal([]);
  });

  it('forwards the provider’s iss as it came, and sends none when the provider gave none', async () => {
    const run = oauthRun();
    const client = run.client();
    const first = await startWaitingSignIn(run, client, 'int-1');
    first.postFromPopup(answerFor(first.state, { iss: 'https://issuer.example/tenant-a' }));
    await first.flow;
    const second = await startWaitingSignIn(run, client, 'int-2');
    second.postFromPopup(answerFor(second.state));
    await second.flow;
    const [withIss, withoutIss] = await exchanges(run);
    expect(withIss!.iss).to.equal('https://issuer.example/tenant-a');
    expect(withoutIss, 'no iss field at all').not.to.have.property('iss');
  });
});

describe('security: a provider error answer is shown as text', () => {
  const INJECTED = '<img src=x onerror="window.__mwapInjected=1"><b>bold</b><script>window.__mwapInjected=2</script>';

  afterEach(async () => {
    sinon.restore();
    await expectNoStoredSecrets();
  });

  for (const [error, title] of [
    ['access_denied', 'Access was not granted.'],
    ['server_error', 'The provider refused the connection.'],
  ] as const) {
    it(`error=${error} with HTML in error_description: the oauth-button says so, and renders no markup from it`, async () => {
      const run = oauthRun();
      await run.setMode(`answer-${JSON.stringify({ error, error_description: INJECTED })}`);
      const client = run.client();
      const el = await fixture<OAuthButtonElement>(html`<oauth-button .client=${client} integration-id="int-1"></oauth-button>`);
      el.shadowRoot!.querySelector<HTMLButtonElement>('button.connect')!.focus();
      await sendKeys({ press: 'Enter' }); // a user gesture, through the real redirect page
      await waitUntil(() => el.status === 'failed', 'the sign-in failed', { timeout: 10_000 });
      await el.updateComplete;
      const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
      expect(alert.textContent).to.contain(title);
      expect(el.shadowRoot!.querySelector('img, b, script'), 'no element from the provider’s text').to.equal(null);
      expect(el.error!.message, 'the provider’s words kept as plain text').to.contain(INJECTED);
      expect((window as { __mwapInjected?: number }).__mwapInjected).to.equal(undefined);
      expect(await exchanges(run)).to.deep.equal([]);
      await waitUntil(() => !client.connecting, 'the sign-in window closed');
    });
  }
});

describe('security: the popup goes only to a safe authorization URL', () => {
  afterEach(async () => {
    sinon.restore();
    await expectNoStoredSecrets();
  });

  /** A sign-in window that records where it is sent (window.open is stubbed: no gesture needed). */
  function stubPopup() {
    const navigations: string[] = [];
    const popup = {
      closed: false,
      close: () => (popup.closed = true),
      focus: () => undefined,
      location: {
        get href() {
          return 'about:blank';
        },
        set href(value: string) {
          navigations.push(value);
        },
      },
    };
    sinon.stub(window, 'open').returns(popup as unknown as Window);
    return { popup, navigations };
  }

  for (const url of [
    'javascript:alert(document.domain)',
    'data:text/html,<script>opener.alert(1)</script>',
    'http://provider.example/authorize',
  ]) {
    it(`refuses ${url.split(/[,(]/)[0]} before the popup navigates`, async () => {
      const run = oauthRun();
      await run.setMode(`authurl-${url}`);
      const { popup, navigations } = stubPopup();
      const error = await expectIntegrationError(run.client().connect('int-1'), 'invalid_config');
      expect(error.message).to.contain('authorization URL');
      expect(navigations, 'the popup was never sent anywhere').to.deep.equal([]);
      expect(popup.closed, 'and it is closed').to.equal(true);
      expect(await exchanges(run)).to.deep.equal([]);
    });
  }

  it('does send the popup to an https: authorization URL (so the refusals above are about the URL)', async () => {
    const run = oauthRun();
    await run.setMode('authurl-https://provider.example/authorize?x=1');
    const { navigations } = stubPopup();
    const controller = new AbortController();
    const flow = run.client().connect('int-1', { signal: controller.signal });
    await waitFor(async () => navigations[0], 'the navigation');
    controller.abort();
    await expectIntegrationError(flow, 'aborted');
    expect(navigations).to.deep.equal(['https://provider.example/authorize?x=1']);
  });
});

describe('security: the redirect page (callback.ts)', () => {
  const original = location.href;
  afterEach(() => {
    sinon.restore();
    history.replaceState(null, '', original);
  });

  it('takes the code and state out of the address bar before it posts, broadcasts or renders anything', () => {
    history.replaceState(null, '', `${location.pathname}?keep=1&code=secret-code&state=secret-state&iss=x#frag`);
    const seenAt: string[] = [];
    const record = (what: string) => () => seenAt.push(`${what} at ${location.href}`);
    const replace = sinon.spy(history, 'replaceState');
    const opener = { postMessage: sinon.spy(record('postMessage')) };
    sinon.stub(window, 'opener').value(opener);
    const broadcast = sinon.stub(BroadcastChannel.prototype, 'postMessage').callsFake(record('broadcast'));
    const target = document.createElement('div');
    const render = sinon.stub(target, 'replaceChildren').callsFake(record('render'));
    sinon.stub(window, 'close');

    handleOAuthCallback({ messageTarget: target, ackTimeoutMs: 60_000 });

    expect(replace.calledOnce).to.equal(true);
    for (const later of [opener.postMessage, broadcast, render]) expect(replace.calledBefore(later)).to.equal(true);
    expect(seenAt).to.have.length(3);
    for (const seen of seenAt) expect(seen, seen).not.to.match(/secret-code|secret-state|#frag/);
    expect(location.search).to.equal('?keep=1');
  });

  it('the page itself: one script, no Referer, and neither its address nor its history keeps the code', async () => {
    const state = `page-${crypto.randomUUID()}`;
    const channel = new BroadcastChannel(`mwap-integrations-oauth:${state}`);
    const answer = new Promise<OAuthCallbackMessage>((resolve) => channel.addEventListener('message', (e) => resolve(e.data)));
    const frame = document.createElement('iframe');
    frame.src = `/oauth-callback.html?code=page-secret-code&state=${state}`;
    const historyBefore = history.length;
    document.body.append(frame);
    try {
      expect(await answer).to.include({ code: 'page-secret-code', state });
      const win = frame.contentWindow as Window & { navigation?: { entries(): Array<{ url: string | null }> } };
      const doc = frame.contentDocument!;
      expect(doc.scripts, 'nothing else runs on the page before the handler').to.have.length(1);
      expect(doc.querySelector('meta[name="referrer"]')?.getAttribute('content')).to.equal('no-referrer');
      expect(win.location.href).not.to.match(/page-secret-code|state=/);
      if (win.navigation) {
        const entries = win.navigation.entries().map((entry) => entry.url ?? '');
        expect(entries.length, 'history entries').to.be.above(0);
        for (const url of entries) expect(url, 'a history entry').not.to.match(/page-secret-code|state=/);
      } else {
        // WebKit has no Navigation API to list the entries: the page added none (it replaced its
        // address in place), so its one entry is the address checked above.
        expect(win.history.length, 'history entries').to.equal(historyBefore);
      }
    } finally {
      channel.close();
      frame.remove();
    }
  });

  it('renders the provider’s error text as text, not HTML (a fragment answer)', async () => {
    const channel = new BroadcastChannel('mwap-integrations-oauth:s2');
    channel.onmessage = () => channel.postMessage({ type: 'mwap:oauth-ack', state: 's2' });
    history.replaceState(
      null,
      '',
      `${location.pathname}#error=access_denied&error_description=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&state=s2`,
    );
    const target = document.createElement('div');
    const { message } = handleOAuthCallback({ close: false, messageTarget: target });
    expect(message.error).to.equal('access_denied');
    expect(location.hash).to.equal('');
    await waitUntil(() => target.textContent!.includes('did not complete'), 'the outcome once acknowledged');
    channel.close();
    expect(target.querySelector('img')).to.equal(null);
    expect(target.textContent).to.contain('<img src=x onerror=alert(1)>');
  });
});
