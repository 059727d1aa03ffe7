import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/elements/oauth-button/define.js';
import type { OAuthButtonElement } from '../../src/elements/oauth-button/define.js';
import type { IntegrationsClient } from '../../src/core/index.js';
import { expectNoStoredSecrets, oauthRun } from '../support/oauth-harness.js';
import { expectFocusOn } from '../support/dom.js';
import { returnToPage } from '../support/page-focus.js';

const clients: IntegrationsClient[] = [];

async function oauthButton(mode = 'approve', attrs: { timeoutMs?: number } = {}) {
  const run = oauthRun();
  if (mode !== 'approve') await run.setMode(mode);
  const client = run.client();
  clients.push(client);
  const el = await fixture<OAuthButtonElement>(
    html`<oauth-button .client=${client} integration-id="int-42" .timeoutMs=${attrs.timeoutMs}></oauth-button>`,
  );
  return { el, run, client };
}

const mainButton = (el: OAuthButtonElement) => el.shadowRoot!.querySelector<HTMLButtonElement>('button.connect')!;
const cancelButton = (el: OAuthButtonElement) => el.shadowRoot!.querySelector<HTMLButtonElement>('button.cancel');
const alertText = (el: OAuthButtonElement) => el.shadowRoot!.querySelector('[role="alert"]')!.textContent!.replace(/\s+/g, ' ').trim();
const statusText = (el: OAuthButtonElement) => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.replace(/\s+/g, ' ').trim();
const label = (el: OAuthButtonElement) => mainButton(el).textContent!.replace(/\s+/g, ' ').trim();

/** A real key press on the focused button: a user gesture, so the popup may open. */
async function pressMainButton(el: OAuthButtonElement) {
  mainButton(el).focus();
  await sendKeys({ press: 'Enter' });
}

/** An earlier test's click leaves a transient user activation for about 5 s; a blocked-popup test needs none. */
const noUserActivation = () =>
  waitUntil(() => !navigator.userActivation.isActive, 'user activation expired', { timeout: 8000, interval: 100 });

const settled = (el: OAuthButtonElement) =>
  waitUntil(() => el.status !== 'connecting' && el.status !== 'idle', 'the sign-in settled', { timeout: 8000 });

describe('<oauth-button>', () => {
  afterEach(async () => {
    sinon.restore();
    // Every flow has ended (popup closed by the core) before the next test opens one.
    await waitUntil(() => clients.every((c) => !c.connecting), 'no sign-in window left', { timeout: 8000 });
    clients.length = 0;
    await expectNoStoredSecrets();
  });

  it('renders an accessible Connect button, with a slotted label', async () => {
    const { el } = await oauthButton();
    expect(label(el)).to.equal('Connect');
    expect(el.status).to.equal('idle');
    await expect(el).to.be.accessible();
    const labelled = await fixture<OAuthButtonElement>(html`<oauth-button integration-id="x">Sign in with Dev Cloud</oauth-button>`);
    const slot = mainButton(labelled).querySelector('slot')!;
    expect(
      slot
        .assignedNodes()
        .map((n) => n.textContent)
        .join(''),
    ).to.equal('Sign in with Dev Cloud');
    await expect(labelled).to.be.accessible();
  });

  it('connects from a key press: progress with Cancel, inert while running, then integration-connected', async () => {
    const { el, run } = await oauthButton('delay-700');
    const open = sinon.spy(window, 'open');
    const connected = oneEvent(el, 'integration-connected');
    await pressMainButton(el);
    await el.updateComplete;
    expect(el.status).to.equal('connecting');
    expect(label(el)).to.equal('Waiting for sign-in…');
    expect(mainButton(el).getAttribute('aria-disabled')).to.equal('true');
    expect(statusText(el)).to.equal('Finish signing in in the window that opened.');
    expect(el.shadowRoot!.activeElement, 'focus moves to Cancel').to.equal(cancelButton(el));
    expect(cancelButton(el)!.textContent).to.equal('Cancel sign-in');
    await expect(el).to.be.accessible();

    // A second real click while signing in opens nothing.
    const box = mainButton(el).getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });

    const event = await connected;
    expect(event.detail.integration.id).to.equal('int-42');
    expect(event.detail.integration.tokenStatus).to.equal('valid');
    expect(event.composed && event.bubbles).to.equal(true);
    await el.updateComplete;
    expect(open.callCount, 'one popup only').to.equal(1);
    expect(el.status).to.equal('connected');
    expect(statusText(el)).to.equal('Connected.');
    expect(label(el)).to.equal('Reconnect');
    expect(el.shadowRoot!.activeElement, 'focus returns to the button when Cancel goes').to.equal(mainButton(el));
    await expect(el).to.be.accessible();
    const initiates = (await run.stats()).filter((r) => r.path.endsWith('/oauth/initiate'));
    expect(initiates).to.have.length(1);
  });

  it('falls back to "Open the sign-in window" when the popup is blocked, and that new gesture connects', async function () {
    this.timeout(15_000);
    await noUserActivation();
    const { el } = await oauthButton();
    const reported = oneEvent(el, 'integration-error');
    mainButton(el).click(); // synthetic: no user activation, so the browser blocks the popup
    expect((await reported).detail.error.code).to.equal('popup_blocked');
    await el.updateComplete;
    expect(el.status).to.equal('blocked');
    expect(label(el)).to.equal('Open the sign-in window');
    expect(alertText(el)).to.contain('Your browser blocked the sign-in window.');
    await expect(el).to.be.accessible();

    const connected = oneEvent(el, 'integration-connected');
    await pressMainButton(el);
    expect((await connected).detail.integration.id).to.equal('int-42');
    await el.updateComplete;
    expect(alertText(el)).to.equal('');
  });

  it('cancels from the keyboard: the popup closes, nothing is reported, focus stays on the button', async () => {
    const { el, client, run } = await oauthButton('wait');
    let errors = 0;
    el.addEventListener('integration-error', () => errors++);
    await pressMainButton(el);
    await el.updateComplete;
    await waitUntil(async () => (await run.stats()).some((r) => r.path.endsWith('/oauth/initiate')), 'popup on the provider page');
    expectFocusOn(cancelButton(el), el.shadowRoot!.activeElement);
    // The user comes back to the page from the sign-in window, and presses Enter.
    await returnToPage();
    await sendKeys({ press: 'Enter' });
    await settled(el);
    await el.updateComplete;
    expect(el.status).to.equal('cancelled');
    expect(statusText(el)).to.equal('Sign-in cancelled.');
    expect(label(el)).to.equal('Try again');
    expect(cancelButton(el)).to.equal(null);
    expectFocusOn(mainButton(el), el.shadowRoot!.activeElement);
    expect(errors).to.equal(0);
    expect(client.connecting).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('explains a denied consent and connects on Try again', async () => {
    const { el, run } = await oauthButton('deny');
    const reported = oneEvent(el, 'integration-error');
    await pressMainButton(el);
    const { error, integrationId } = (await reported).detail;
    expect(error.code).to.equal('authorization_denied');
    expect(integrationId).to.equal('int-42');
    await el.updateComplete;
    expect(el.status).to.equal('failed');
    expect(alertText(el)).to.contain('Access was not granted.');
    expect(alertText(el)).to.contain('choose Allow');
    expect(label(el)).to.equal('Try again');
    await expect(el).to.be.accessible();

    await run.setMode('approve');
    const connected = oneEvent(el, 'integration-connected');
    await pressMainButton(el);
    await connected;
    expect(el.status).to.equal('connected');
  });

  it('explains a closed sign-in window', async () => {
    const { el } = await oauthButton('close');
    const reported = oneEvent(el, 'integration-error');
    await pressMainButton(el);
    expect((await reported).detail.error.code).to.equal('popup_closed');
    await el.updateComplete;
    expect(alertText(el)).to.contain('The sign-in window was closed before sign-in finished.');
    await expect(el).to.be.accessible();
  });

  it('says so beside Cancel when the window is cut off the moment it reaches the provider, and Cancel ends it', async () => {
    const { el } = await oauthButton('closenow');
    // A window cut off by Cross-Origin-Opener-Policy stays on screen with focus: this page never gets it back.
    sinon.stub(document, 'hasFocus').returns(false);
    await pressMainButton(el);
    await waitUntil(() => statusText(el).includes('no longer reports to this page'), 'the detached notice', { timeout: 8000 });
    expect(el.status).to.equal('connecting');
    await expect(el).to.be.accessible();
    cancelButton(el)!.click();
    await waitUntil(() => el.status === 'cancelled', 'cancelled');
  });

  it('explains a timeout', async () => {
    const { el } = await oauthButton('wait', { timeoutMs: 800 });
    const reported = oneEvent(el, 'integration-error');
    await pressMainButton(el);
    expect((await reported).detail.error.code).to.equal('popup_timeout');
    await el.updateComplete;
    expect(alertText(el)).to.contain('Sign-in took too long and was stopped.');
  });

  it('explains an expired sign-in', async () => {
    const { el, run } = await oauthButton('delay-600');
    const reported = oneEvent(el, 'integration-error');
    await pressMainButton(el);
    await waitUntil(async () => (await run.stats()).some((r) => r.path.endsWith('/oauth/initiate')), 'initiated');
    sinon.useFakeTimers({ now: Date.now() + 11 * 60_000, toFake: ['Date'], shouldAdvanceTime: true });
    expect((await reported).detail.error.code).to.equal('expired_state');
    await el.updateComplete;
    expect(alertText(el)).to.contain('The sign-in expired');
  });

  it('closes its sign-in window when it leaves the page', async () => {
    const { el, client, run } = await oauthButton('wait');
    await pressMainButton(el);
    await waitUntil(async () => (await run.stats()).some((r) => r.path.endsWith('/oauth/initiate')), 'popup on the provider page');
    expect(client.connecting).to.equal(true);
    el.remove();
    await waitUntil(() => !client.connecting, 'flow aborted');
  });

  it('reports a missing client or integration id instead of doing nothing', async () => {
    const el = await fixture<OAuthButtonElement>(html`<oauth-button></oauth-button>`);
    const reported = oneEvent(el, 'integration-error');
    mainButton(el).click();
    expect((await reported).detail.error.code).to.equal('invalid_config');
    await el.updateComplete;
    expect(el.status).to.equal('failed');
    expect(alertText(el)).to.contain('This page is not set up correctly.');
    await expect(el).to.be.accessible();
  });
});
