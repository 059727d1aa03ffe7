import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/integration-wizard/define.js';
import type { IntegrationWizardElement } from '../../src/elements/integration-wizard/define.js';
import type { IntegrationsClient } from '../../src/core/index.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { makeIntegration, makeProviders } from '../support/fixtures.js';
import { expectNoStoredSecrets, oauthRun } from '../support/oauth-harness.js';
import { withoutIsolates } from '../support/bidi.js';

/**
 * The fake API's `oauth` scenario has no provider catalogue and no create: those two go to a
 * scripted fetch; initiate, callback and GET integration go over real HTTP to the scenario, and
 * the sign-in runs in a real popup against the fake provider.
 */
function journeyApi() {
  const run = oauthRun();
  const posts: Array<{ key: string | null; body: Record<string, unknown> }> = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/cloud-providers')) return jsonResponse(200, makeProviders());
    if (url.pathname.endsWith('/integrations') && init.method === 'POST') {
      const body = JSON.parse(String(init.body));
      posts.push({ key: new Headers(init.headers).get('Idempotency-Key'), body });
      return jsonResponse(
        201,
        makeIntegration({ id: 'int-77', status: 'pending', tokenStatus: 'none', tokenExpiresAt: null, description: null, ...body }),
      );
    }
    return window.fetch(input, init);
  };
  const client = run.client({ fetch, retry: { attempts: 1 } });
  clients.push(client);
  return { run, client, posts };
}

const clients: IntegrationsClient[] = [];

const deepActive = () => {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};
const text = (el: Element | null) =>
  withoutIsolates(el?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** Presses Tab until focus is on what `matches` accepts (keyboard only, like a user). */
async function tabTo(matches: (el: Element) => boolean, what: string, max = 12): Promise<Element> {
  for (let i = 0; i < max; i++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActive();
    if (active && matches(active)) return active;
  }
  throw new Error(`Tab never reached ${what}; focus is on ${deepActive()?.outerHTML.slice(0, 120)}`);
}
const isButton = (label: string) => (el: Element) => el.localName === 'button' && text(el).includes(label);
const isField = (path: string) => (el: Element) => (el as HTMLElement).dataset?.path === path;

async function selectAllAndType(value: string) {
  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'a' });
  await sendKeys({ up: 'Control' });
  await sendKeys({ type: value });
}

const noUserActivation = () =>
  waitUntil(() => !navigator.userActivation.isActive, 'user activation expired', { timeout: 8000, interval: 100 });

describe('<integration-wizard> journeys (real popup, fake provider)', () => {
  afterEach(async () => {
    await waitUntil(() => clients.every((c) => !c.connecting), 'no sign-in window left', { timeout: 8000 });
    clients.length = 0;
    await expectNoStoredSecrets();
  });

  it('creates and connects an integration with the keyboard alone', async function () {
    this.timeout(30_000);
    const { client, posts, run } = journeyApi();
    const el = await fixture<IntegrationWizardElement>(html`<integration-wizard .client=${client}></integration-wizard>`);
    const events: string[] = [];
    for (const name of ['integration-created', 'integration-connected', 'integration-error', 'wizard-complete'] as const) {
      el.addEventListener(name, () => events.push(name));
    }
    const selector = el.shadowRoot!.querySelector('provider-selector')!;
    await waitUntil(() => selector.shadowRoot!.querySelector('[role="option"]'), 'providers listed');
    (document.activeElement as HTMLElement | null)?.blur();

    // Step 1: search, arrow into the list, select, go on.
    await tabTo((e) => e.localName === 'input' && (e as HTMLInputElement).type === 'search', 'the search box');
    await sendKeys({ type: 'analytics' });
    await sendKeys({ press: 'ArrowDown' });
    expect(deepActive()!.getAttribute('role')).to.equal('listbox');
    await sendKeys({ press: 'Enter' });
    expect(selector.value).to.equal('dev-analytics');
    await tabTo(isButton('Next'), 'Next');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.currentStep).to.equal('details');
    expect(deepActive()!.id, 'focus on the step heading').to.equal('heading');
    await expect(el).to.be.accessible();

    // Step 2: fill in; a wrong value is caught inline; Enter submits the form.
    await tabTo(isField('name'), 'Name');
    await sendKeys({ type: 'Analytics prod' });
    await tabTo(isField('description'), 'Description');
    await sendKeys({ type: 'Events from the web shop' });
    await tabTo(isField('settings.projectId'), 'Project ID');
    await sendKeys({ type: 'Web Shop!' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.currentStep).to.equal('details');
    const projectId = deepActive() as HTMLInputElement;
    expect(projectId.dataset.path, 'focus on the invalid field').to.equal('settings.projectId');
    expect(projectId.getAttribute('aria-invalid')).to.equal('true');
    expect(text(el.shadowRoot!.getElementById(projectId.getAttribute('aria-describedby')!))).to.equal(
      'Project ID is not in the expected format.',
    );
    await expect(el).to.be.accessible();
    await selectAllAndType('web-shop');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.currentStep === 'authorize', 'created');
    await el.updateComplete;
    expect(deepActive()!.id).to.equal('heading');
    expect(text(deepActive())).to.contain('Connect to Dev Analytics');
    await expect(el).to.be.accessible();

    // Step 3: the Connect button's Enter is the user gesture that opens the popup.
    const connect = await tabTo(
      (e) => e.localName === 'button' && ((e.getRootNode() as ShadowRoot).host as Element)?.localName === 'oauth-button',
      'Connect',
    );
    expect(text(connect.getRootNode() instanceof ShadowRoot ? (connect.getRootNode() as ShadowRoot).host : null)).to.equal(
      'Connect to Dev Analytics',
    );
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.currentStep === 'review', 'connected', { timeout: 10_000 });
    await el.updateComplete;

    // Step 4: review, then Done.
    expect(deepActive()!.id).to.equal('heading');
    expect(text(el.shadowRoot!.querySelector('.success'))).to.equal(`“${el.integration!.name}” is connected to Dev Analytics.`);
    expect(el.integration!.tokenStatus).to.equal('valid');
    await expect(el).to.be.accessible();
    const completed = oneEvent(el, 'wizard-complete');
    await tabTo(isButton('Done'), 'Done');
    await sendKeys({ press: 'Enter' });
    expect((await completed).detail.integration.id).to.equal('int-77');

    expect(events).to.deep.equal(['integration-created', 'integration-connected', 'wizard-complete']);
    expect(posts, 'created exactly once').to.have.length(1);
    expect(posts[0]!.key).to.be.a('string');
    expect(posts[0]!.body).to.deep.equal({
      name: 'Analytics prod',
      cloudProviderId: 'dev-analytics',
      description: 'Events from the web shop',
      settings: { projectId: 'web-shop' },
    });
    const oauth = (await run.stats()).map((r) => `${r.method} ${r.path}`);
    // Besides the sign-in, only reads of the integration (the Review's live badge reads the cache's copy).
    expect(oauth.filter((r) => !r.startsWith('GET integrations/int-77'))).to.deep.equal([
      'POST integrations/int-77/oauth/initiate',
      'POST oauth/callback',
    ]);
  });

  it('offers "Open the sign-in window" when the popup was blocked, and connects from it', async function () {
    this.timeout(30_000);
    await noUserActivation();
    const { client } = journeyApi();
    const el = await fixture<IntegrationWizardElement>(
      html`<integration-wizard .client=${client} provider-id="dev-cloud"></integration-wizard>`,
    );
    await waitUntil(() => el.shadowRoot!.querySelector('[data-path="name"]'), 'details');
    const name = el.shadowRoot!.querySelector<HTMLInputElement>('[data-path="name"]')!;
    name.value = 'Storage';
    name.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const region = el.shadowRoot!.querySelector<HTMLSelectElement>('[data-path="settings.region"]')!;
    region.value = 'eu-west-1';
    region.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    el.shadowRoot!.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await waitUntil(() => el.currentStep === 'authorize', 'created');
    await el.updateComplete;

    const oauthButton = el.shadowRoot!.querySelector('oauth-button')!;
    const inner = () => oauthButton.shadowRoot!.querySelector<HTMLButtonElement>('button.connect')!;
    const reported = oneEvent(el, 'integration-error');
    inner().click(); // no user gesture
    expect((await reported).detail.error.code).to.equal('popup_blocked');
    await oauthButton.updateComplete;
    expect(text(inner())).to.equal('Open the sign-in window');
    expect(text(oauthButton.shadowRoot!.querySelector('[role="alert"]'))).to.contain('Your browser blocked the sign-in window.');
    await expect(el).to.be.accessible();

    inner().focus();
    const connected = oneEvent(el, 'integration-connected');
    await sendKeys({ press: 'Enter' });
    expect((await connected).detail.integration.id).to.equal('int-77');
    await waitUntil(() => el.currentStep === 'review', 'review');
  });
});
