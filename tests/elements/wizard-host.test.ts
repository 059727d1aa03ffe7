/**
 * The wizard as a host page meets it: a press on Next that makes an error appear still lands, a
 * caller who may not create reads why instead of a form, Done and reset() start over, the Review's
 * badge is the cache's live copy, an existing unconnected integration is finished instead of a new
 * one made, and leaving the page warns while something typed is not connected yet.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendMouse } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/elements/integration-wizard/define.js';
import type { IntegrationWizardElement } from '../../src/elements/integration-wizard/define.js';
import { createClient, type Integration, type IntegrationsClient } from '../../src/core/index.js';
import type { Me } from '../../src/core/permissions.js';
import { IntegrationConnectedEvent } from '../../src/events/integration-events.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { fakeServer } from '../support/fake-server.js';
import { makeIntegration } from '../support/fixtures.js';
import { expectFocusOn } from '../support/dom.js';
import { frames } from '../support/clock.js';
import { withoutIsolates } from '../support/bidi.js';

const BASE = 'https://api.example.com/api';
const me = (role: string, permissions: string[]): Me => ({ tenant: { id: 'acme' }, user: { id: 'u-1' }, role, permissions });
const OWNER = me('owner', ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test']);
const MEMBER = me('member', ['read']);
const VIEWER = me('viewer', ['read']);

const clients: IntegrationsClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** The fake REST server, plus POST /integrations (it makes a pending integration). */
function wizardServer(items: Integration[] = [], options: { me?: Me; refuseCreate?: () => Response } = {}) {
  const server = fakeServer(items, options);
  let created = 0;
  server.intercept((request) => {
    if (request.method !== 'POST' || !request.url.pathname.endsWith('/integrations')) return undefined;
    if (options.refuseCreate) return options.refuseCreate();
    const integration = makeIntegration({
      id: `int-new-${++created}`,
      status: 'pending',
      tokenStatus: 'none',
      tokenExpiresAt: null,
      description: null,
      ...(request.body as Partial<Integration>),
    });
    server.stored.set(integration.id, integration);
    return jsonResponse(201, integration);
  });
  const client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, retry: { attempts: 1 } });
  clients.push(client);
  const creates = () => server.requests.filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/integrations'));
  return { server, client, creates };
}

async function mount(client: IntegrationsClient, attributes: { providerId?: string; integrationId?: string; readonly?: boolean } = {}) {
  return fixture<IntegrationWizardElement>(html`<integration-wizard
    .client=${client}
    provider-id=${attributes.providerId ?? ''}
    integration-id=${attributes.integrationId ?? ''}
    ?readonly=${attributes.readonly ?? false}
  ></integration-wizard>`);
}

const root = (el: IntegrationWizardElement) => el.shadowRoot!;
const text = (node: Element | ShadowRoot | null | undefined) =>
  withoutIsolates(node?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();
const field = (el: IntegrationWizardElement, path: string) => root(el).querySelector<HTMLInputElement>(`[data-path="${path}"]`)!;
const button = (el: IntegrationWizardElement, label: string) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('.footer button, .alert button')].find((b) => text(b) === label);
const errorFor = (el: IntegrationWizardElement, path: string) => {
  const id = (field(el, path).getAttribute('aria-describedby') ?? '').split(' ').find((part) => part.endsWith('-error'));
  return id ? text(root(el).getElementById(id)) : undefined;
};
const announced = (el: IntegrationWizardElement) => text(root(el).querySelector('.visually-hidden[role="status"]'));

async function type(el: IntegrationWizardElement, path: string, value: string) {
  const input = field(el, path);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

/** Details of Dev Analytics filled in and sent: resolves on Authorize. */
async function toAuthorize(el: IntegrationWizardElement, name = 'Analytics prod') {
  await waitUntil(() => el.currentStep === 'details' && field(el, 'name'), 'details');
  await type(el, 'name', name);
  await type(el, 'settings.projectId', 'web-shop');
  root(el).querySelector('form')!.requestSubmit();
  await waitUntil(() => el.currentStep === 'authorize', 'created');
}

/** The sign-in finished: the OAuth button reports the connected copy. */
async function connect(el: IntegrationWizardElement, integration: Integration) {
  root(el).querySelector('oauth-button')!.dispatchEvent(new IntegrationConnectedEvent(integration));
  await el.updateComplete;
}

const beforeUnloadPrevented = () => {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
};

describe('<integration-wizard> for its host', () => {
  describe('a press on Next while a field shows no error yet', () => {
    afterEach(() => resetMouse());

    it('lands: the error that leaving the field shows cannot move Next away from under the pointer', async () => {
      const { client, creates } = wizardServer();
      const el = await mount(client, { providerId: 'dev-analytics' });
      await waitUntil(() => field(el, 'name'), 'details');
      const name = field(el, 'name');
      name.focus();
      const next = button(el, 'Next')!;
      next.scrollIntoView({ block: 'center' });
      const box = next.getBoundingClientRect();
      const at: [number, number] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];

      // A real press: focus leaves the empty Name field on the way down …
      await sendMouse({ type: 'move', position: at });
      await sendMouse({ type: 'down' });
      await el.updateComplete;
      await frames(2); // what leaving the field changed is laid out and painted
      expect(next.getBoundingClientRect().y, 'Next has not moved under the pointer').to.equal(box.y);
      // … and the release on the same spot is a click on Next.
      await sendMouse({ type: 'up' });
      await el.updateComplete;

      expect(announced(el), 'Next checked the whole form').to.equal('2 fields need your attention.');
      expect(errorFor(el, 'name')).to.equal('Enter a name.');
      expect(errorFor(el, 'settings.projectId'), 'a field never visited shows its error too').to.equal('Project ID is required.');
      expectFocusOn(name);
      expect(el.currentStep).to.equal('details');
      expect(creates()).to.have.length(0);
    });

    it('still shows the left field’s error, right after a press elsewhere', async () => {
      const { client } = wizardServer();
      const el = await mount(client, { providerId: 'dev-analytics' });
      await waitUntil(() => field(el, 'name'), 'details');
      field(el, 'name').focus();
      const heading = root(el).querySelector('#heading')!.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(heading.x + 4), Math.round(heading.y + heading.height / 2)] });
      await waitUntil(() => errorFor(el, 'name') === 'Enter a name.', 'the error shows once the press is over');
      expect(errorFor(el, 'settings.projectId'), 'only the field left').to.equal(undefined);
    });
  });

  describe('a caller who may not create', () => {
    for (const [who, caller] of [
      ['a member', MEMBER],
      ['a viewer', VIEWER],
    ] as const) {
      it(`${who} reads why, once, instead of a form the server would refuse`, async () => {
        const { client, creates } = wizardServer([], { me: caller });
        const el = await mount(client);
        await waitUntil(() => text(root(el)).includes('Ask a tenant owner'), 'the reason shows');
        expect(text(root(el)).match(/Only a tenant owner can change integrations\./g)).to.have.length(1);
        expect(root(el).querySelector('provider-selector'), 'no provider list').to.equal(null);
        expect(root(el).querySelector('form'), 'no form').to.equal(null);
        expect(button(el, 'Next'), 'no Next').to.equal(undefined);
        expect(button(el, 'Try again'), 'no Try again').to.equal(undefined);
        await expect(el).to.be.accessible();

        const cancelled = oneEvent(el, 'wizard-cancel');
        button(el, 'Cancel')!.click();
        expect((await cancelled).detail.integration).to.equal(undefined);
        expect(creates()).to.have.length(0);
      });
    }

    it('is told the view is read-only when the host says so, whatever the role', async () => {
      const { client } = wizardServer([], { me: OWNER });
      const el = await mount(client, { providerId: 'dev-cloud', readonly: true });
      await waitUntil(() => text(root(el)).includes('This view is read-only.'), 'the reason shows');
      expect(root(el).querySelector('form')).to.equal(null);
      el.readonly = false;
      await waitUntil(() => field(el, 'settings.region'), 'the form, once writable');
    });

    it('may not finish an integration either, when connecting is not allowed', async () => {
      const pending = makeIntegration({ id: 'int-9', status: 'pending', tokenStatus: 'none', tokenExpiresAt: null });
      const { client } = wizardServer([pending], { me: MEMBER });
      const el = await mount(client, { integrationId: 'int-9' });
      await waitUntil(() => text(root(el)).includes('Ask a tenant owner'), 'the reason shows');
      expect(root(el).querySelector('oauth-button')).to.equal(null);
    });

    it('gets no Try again when the server refuses the create for the role', async () => {
      // /me is not there (404): the server decides, and it says no.
      const { client } = wizardServer([], {
        refuseCreate: () =>
          jsonResponse(403, { error: { code: 'permission_denied', message: 'Only a tenant owner can change integrations.' } }),
      });
      const el = await mount(client, { providerId: 'dev-analytics' });
      await waitUntil(() => field(el, 'name'), 'details');
      await type(el, 'name', 'Mine');
      await type(el, 'settings.projectId', 'web-shop');
      root(el).querySelector('form')!.requestSubmit();
      await waitUntil(() => root(el).querySelector('.alert[role="alert"]'), 'the refusal shows');
      expect(text(root(el).querySelector('.alert'))).to.contain('Your role does not allow this.');
      expect(button(el, 'Try again')).to.equal(undefined);
    });
  });

  describe('starting over', () => {
    it('Done tells the host and starts over, so the next time it opens on the first step', async () => {
      const { client } = wizardServer();
      const el = await mount(client);
      await waitUntil(() => root(el).querySelector('provider-selector'), 'provider step');
      el.providerId = 'dev-analytics';
      await toAuthorize(el);
      await connect(el, makeIntegration({ id: 'int-new-1', name: 'Analytics prod', cloudProviderId: 'dev-analytics' }));
      expect(el.currentStep).to.equal('review');
      const completed = oneEvent(el, 'wizard-complete');
      button(el, 'Done')!.click();
      expect((await completed).detail.integration.id).to.equal('int-new-1');
      await el.updateComplete;
      expect(el.integration, 'nothing kept from the finished flow').to.equal(undefined);

      // The host closes it and opens it again later.
      const parent = el.parentElement!;
      el.remove();
      parent.append(el);
      await el.updateComplete;
      expect(el.currentStep).to.not.equal('review');
      await waitUntil(() => field(el, 'name'), 'details of the preselected provider');
      expect(field(el, 'name').value, 'an empty draft').to.equal('');
    });

    it('reset() goes back to the first step with an empty draft', async () => {
      const { client } = wizardServer();
      const el = await mount(client);
      await waitUntil(() => root(el).querySelector('provider-selector'), 'provider step');
      el.providerId = 'dev-analytics';
      await toAuthorize(el, 'Draft one');
      el.reset();
      await el.updateComplete;
      expect(el.integration).to.equal(undefined);
      await waitUntil(() => el.currentStep === 'details' && field(el, 'name'), 'the first step (the preselected provider’s Details)');
      expect(field(el, 'name').value).to.equal('');
      expect(field(el, 'settings.projectId').value).to.equal('');

      el.providerId = '';
      el.reset();
      await el.updateComplete;
      expect(el.currentStep).to.equal('provider');
      expect(root(el).querySelector('provider-selector')!.value).to.equal('');
    });
  });

  describe('the Review step’s badge', () => {
    it('counts down from the cache’s copy, not up from the older copy the sign-in handed over', async () => {
      const { client } = wizardServer();
      const el = await mount(client, { providerId: 'dev-analytics' });
      await toAuthorize(el);
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setInterval', 'clearInterval', 'Date'] });
      try {
        const now = Date.now();
        const handedOver = makeIntegration({
          id: 'int-new-1',
          name: 'Analytics prod',
          cloudProviderId: 'dev-analytics',
          status: 'active',
          tokenStatus: 'valid',
          tokenExpiresAt: new Date(now - 5 * 60_000).toISOString(),
        });
        // Meanwhile the token was refreshed: the cache holds the newer copy.
        client.storeIntegration({ ...handedOver, tokenExpiresAt: new Date(now + 8 * 60_000).toISOString() });
        await connect(el, handedOver);
        const badge = root(el).querySelector('token-status-badge')!;
        await badge.updateComplete;
        expect(badge.state).to.equal('valid');
        expect(text(badge.shadowRoot!.querySelector('.detail'))).to.equal('· expires in 8m 0s');
        await clock.tickAsync(2000);
        await badge.updateComplete;
        expect(text(badge.shadowRoot!.querySelector('.detail'))).to.equal('· expires in 7m 58s');
      } finally {
        clock.restore();
      }
    });
  });

  describe('an existing integration that never signed in', () => {
    const pending = () =>
      makeIntegration({
        id: 'int-9',
        name: 'Half done',
        cloudProviderId: 'dev-analytics',
        description: null,
        status: 'pending',
        tokenStatus: 'none',
        tokenExpiresAt: null,
        settings: { projectId: 'web' },
      });

    it('opens on Authorize for it (integration-id), with its values on Details, and creates nothing', async () => {
      const { client, creates } = wizardServer([pending()]);
      const created: unknown[] = [];
      const el = await mount(client, { integrationId: 'int-9' });
      el.addEventListener('integration-created', (event) => created.push(event));
      await waitUntil(() => el.currentStep === 'authorize' && root(el).querySelector('oauth-button'), 'authorize');
      expect(root(el).querySelector('oauth-button')!.integrationId).to.equal('int-9');
      expect(text(root(el).querySelector('#heading'))).to.equal('Step 3 of 4Connect to Dev Analytics');
      expect(el.integration?.id).to.equal('int-9');
      await expect(el).to.be.accessible();

      button(el, 'Back')!.click();
      await el.updateComplete;
      expect(field(el, 'name').value).to.equal('Half done');
      expect(field(el, 'settings.projectId').value).to.equal('web');
      root(el).querySelector('form')!.requestSubmit();
      await waitUntil(() => el.currentStep === 'authorize', 'back on Authorize, nothing to save');
      expect(creates()).to.have.length(0);
      expect(created).to.have.length(0);

      // Nothing was entered here: leaving does not ask, and hands the integration back.
      const cancelled = oneEvent(el, 'wizard-cancel');
      button(el, 'Cancel')!.click();
      expect((await cancelled).detail.integration?.id).to.equal('int-9');
    });

    it('is taken up by resume() too; an integration already connected opens on Review', async () => {
      const connected = makeIntegration({ id: 'int-5', cloudProviderId: 'dev-cloud', status: 'active', tokenStatus: 'valid' });
      const { client } = wizardServer([pending(), connected]);
      const el = await mount(client);
      el.resume(pending());
      await waitUntil(() => el.currentStep === 'authorize' && root(el).querySelector('oauth-button'), 'authorize');
      el.resume('int-5');
      await waitUntil(() => el.currentStep === 'review', 'review');
      expect(text(root(el).querySelector('.success'))).to.equal('“Production storage” is connected to Dev Cloud.');
    });

    it('says so when it cannot be loaded, and tries again', async () => {
      const { client, server } = wizardServer([pending()]);
      let failures = 1;
      server.intercept((request) =>
        request.method === 'GET' && request.url.pathname.endsWith('/int-9') && failures-- > 0
          ? jsonResponse(503, { error: { code: 'server_error', message: 'Maintenance.' } })
          : undefined,
      );
      const el = await mount(client);
      const reported = oneEvent(el, 'integration-error');
      el.integrationId = 'int-9';
      expect((await reported).detail.error.code).to.equal('server_error');
      await el.updateComplete;
      expect(text(root(el).querySelector('.alert[role="alert"]'))).to.contain('The integration could not be loaded.');
      button(el, 'Retry')!.click();
      await waitUntil(() => el.currentStep === 'authorize' && root(el).querySelector('oauth-button'), 'authorize');
    });
  });

  it('puts its step heading under the host’s headings (heading-level)', async () => {
    const { client } = wizardServer();
    const el = await mount(client);
    expect(root(el).querySelector('#heading')!.localName, 'an h2 by default').to.equal('h2');
    el.headingLevel = 3;
    await el.updateComplete;
    expect(root(el).querySelector('#heading')!.localName).to.equal('h3');
    expect(text(root(el).querySelector('h3'))).to.equal('Step 1 of 4Choose a provider');
    el.headingLevel = 9;
    await el.updateComplete;
    expect(root(el).querySelector('#heading')!.localName, 'out of range: the default').to.equal('h2');
  });

  describe('leaving the page', () => {
    it('warns while something typed is not connected yet, and stops when clean, reset or gone', async () => {
      const { client } = wizardServer();
      const el = await mount(client, { providerId: 'dev-analytics' });
      await waitUntil(() => field(el, 'name'), 'details');
      expect(beforeUnloadPrevented(), 'nothing typed').to.equal(false);
      await type(el, 'name', 'Half');
      expect(beforeUnloadPrevented(), 'typed').to.equal(true);
      await type(el, 'name', '');
      expect(beforeUnloadPrevented(), 'typed away again').to.equal(false);

      await type(el, 'name', 'Half');
      el.reset();
      await el.updateComplete;
      expect(beforeUnloadPrevented(), 'after reset()').to.equal(false);

      await waitUntil(() => field(el, 'name'), 'details again');
      await type(el, 'name', 'Half');
      const parent = el.parentElement!;
      el.remove();
      expect(beforeUnloadPrevented(), 'removed from the page').to.equal(false);
      parent.append(el);
      await el.updateComplete;
      expect(beforeUnloadPrevented(), 'back on the page, still typed').to.equal(true);

      await toAuthorize(el);
      expect(beforeUnloadPrevented(), 'created, not connected').to.equal(true);
      await connect(el, makeIntegration({ id: 'int-new-1', name: 'Analytics prod', cloudProviderId: 'dev-analytics' }));
      expect(beforeUnloadPrevented(), 'connected').to.equal(false);
    });
  });
});
