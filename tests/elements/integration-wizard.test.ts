import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/elements/integration-wizard/define.js';
import type { IntegrationWizardElement } from '../../src/elements/integration-wizard/define.js';
import { createClient, type CloudProvider, type Integration } from '../../src/core/index.js';
import { IntegrationConnectedEvent } from '../../src/events/integration-events.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { makeIntegration, makeProviders } from '../support/fixtures.js';
import { deepActiveElement } from '../support/dom.js';
import { withFakeClock } from '../support/clock.js';
import { withoutIsolates } from '../support/bidi.js';

type CreateStep = 'ok' | 'lost' | Response;

/**
 * A host API for the wizard: providers, and POST/PATCH integrations with Idempotency-Key replay
 * (the reference server's behaviour). `lost` creates on the "server" and then drops the answer.
 */
function wizardApi(options: { providers?: () => Promise<Response> | Response; create?: CreateStep[]; deleteFails?: boolean } = {}) {
  const deletes: string[] = [];
  const posts: Array<{ key: string | null; body: Record<string, unknown> }> = [];
  const patches: Array<{ id: string; body: Record<string, unknown> }> = [];
  const byKey = new Map<string, Integration>();
  const script = [...(options.create ?? [])];
  let created = 0;
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    if (url.pathname.endsWith('/cloud-providers')) return options.providers ? options.providers() : jsonResponse(200, makeProviders());
    if (url.pathname.endsWith('/integrations') && method === 'POST') {
      const body = JSON.parse(String(init.body));
      const key = new Headers(init.headers).get('Idempotency-Key');
      posts.push({ key, body });
      const step = script.shift() ?? 'ok';
      if (step instanceof Response) return step;
      let integration = key ? byKey.get(key) : undefined;
      if (!integration) {
        created++;
        integration = makeIntegration({
          id: `int-${created}`,
          status: 'pending',
          tokenStatus: 'none',
          tokenExpiresAt: null,
          description: null,
          ...body,
        });
        if (key) byKey.set(key, integration);
      }
      if (step === 'lost') throw new TypeError('Failed to fetch');
      return jsonResponse(201, integration, { ETag: '"v1"' });
    }
    const one = url.pathname.match(/\/integrations\/([^/]+)$/);
    if (one && method === 'PATCH') {
      const body = JSON.parse(String(init.body));
      patches.push({ id: one[1]!, body });
      return jsonResponse(200, makeIntegration({ id: one[1]!, status: 'pending', tokenStatus: 'none', ...body }), { ETag: '"v2"' });
    }
    if (one && method === 'GET') {
      // A write whose answer is lost (a 503 delete) is read back: the integration is still there.
      const stored = [...byKey.values()].find((integration) => integration.id === one[1]);
      if (stored && !(deletes.includes(stored.id) && !options.deleteFails)) return jsonResponse(200, stored, { ETag: '"v1"' });
    }
    if (one && method === 'DELETE') {
      deletes.push(one[1]!);
      return options.deleteFails
        ? jsonResponse(503, { error: { code: 'server_error', message: 'Database unavailable.' } })
        : new Response(null, { status: 204 });
    }
    return jsonResponse(404, { error: { code: 'not_found', message: `No route ${method} ${url.pathname}` } });
  };
  const client = createClient({ apiBaseUrl: 'https://api.test/', fetch, autoRefresh: false, retry: { attempts: 1 } });
  return { client, posts, patches, deletes, createdCount: () => created };
}

async function wizard(api = wizardApi(), providerId = '') {
  const el = await fixture<IntegrationWizardElement>(
    html`<integration-wizard .client=${api.client} provider-id=${ifDefined(providerId || undefined)}></integration-wizard>`,
  );
  return { el, ...api };
}

const root = (el: IntegrationWizardElement) => el.shadowRoot!;
const selector = (el: IntegrationWizardElement) => root(el).querySelector('provider-selector')!;
const heading = (el: IntegrationWizardElement) => root(el).querySelector<HTMLElement>('#heading')!;
const headingText = (el: IntegrationWizardElement) => withoutIsolates(heading(el).textContent!).replace(/\s+/g, ' ').trim();
const field = (el: IntegrationWizardElement, path: string) => root(el).querySelector<HTMLInputElement>(`[data-path="${path}"]`)!;
const button = (el: IntegrationWizardElement, text: string) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('.footer button, .alert button')].find((b) => b.textContent!.trim() === text);
const errorFor = (el: IntegrationWizardElement, path: string) => {
  const input = field(el, path);
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.length ? withoutIsolates(root(el).getElementById(ids[0]!)!.textContent!.trim()) : undefined;
};
const deepActive = deepActiveElement;

async function type(el: IntegrationWizardElement, path: string, value: string) {
  const input = field(el, path);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new FocusEvent('focusout', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function choose(el: IntegrationWizardElement, providerId: string) {
  await waitUntil(() => selector(el).shadowRoot!.querySelector('[role="option"]'), 'providers listed');
  const index = makeProviders().findIndex((p) => p.id === providerId);
  selector(el).shadowRoot!.querySelector<HTMLElement>(`#option-${index}`)!.click();
  await el.updateComplete;
}

async function next(el: IntegrationWizardElement) {
  button(el, 'Next')!.click();
  await el.updateComplete;
}

/** Provider → Details with valid values → Next; resolves once the create settled. */
async function toAuthorize(el: IntegrationWizardElement, name = 'Analytics prod') {
  await choose(el, 'dev-analytics');
  await next(el);
  await type(el, 'name', name);
  await type(el, 'settings.projectId', 'web-shop');
  await next(el);
  await waitUntil(
    () => el.currentStep === 'authorize' || button(el, 'Try again') || root(el).querySelector('[aria-invalid="true"]'),
    'saved',
  );
}

describe('<integration-wizard>', () => {
  it('starts on the Provider step: loading, then content, accessible in both', async () => {
    let release!: () => void;
    const api = wizardApi({ providers: () => new Promise((resolve) => (release = () => resolve(jsonResponse(200, makeProviders())))) });
    const { el } = await wizard(api);
    expect(el.currentStep).to.equal('provider');
    expect(headingText(el)).to.equal('Step 1 of 4Choose a provider');
    const current = root(el).querySelector('[aria-current="step"]')!;
    expect(current.textContent).to.contain('Provider');
    await waitUntil(() => selector(el).shadowRoot!.querySelector('[aria-busy="true"]'), 'skeleton');
    await expect(el).to.be.accessible();
    release();
    await waitUntil(() => selector(el).shadowRoot!.querySelector('[role="option"]'), 'providers listed');
    await expect(el).to.be.accessible();
  });

  it('shows the provider list error with Retry, and the empty state', async () => {
    const answers = [jsonResponse(503, { error: { code: 'server_error', message: 'Maintenance.' } }), jsonResponse(200, [])];
    const { el } = await wizard(wizardApi({ providers: () => answers.shift()! }));
    await waitUntil(() => selector(el).shadowRoot!.querySelector('[role="alert"]'), 'error');
    await expect(el).to.be.accessible();
    selector(el).shadowRoot!.querySelector<HTMLButtonElement>('.error-panel button')!.click();
    await waitUntil(() => selector(el).shadowRoot!.querySelector('.note'), 'empty');
    expect(selector(el).shadowRoot!.querySelector('.note')!.textContent).to.contain('No cloud providers are available yet.');
    await expect(el).to.be.accessible();
  });

  it('asks for a provider before going on, then moves focus to the next heading', async () => {
    const { el } = await wizard();
    await waitUntil(() => selector(el).shadowRoot!.querySelector('[role="option"]'), 'providers listed');
    await next(el);
    expect(el.currentStep).to.equal('provider');
    await selector(el).updateComplete;
    const listbox = selector(el).shadowRoot!.querySelector('[role="listbox"]')!;
    expect(listbox.getAttribute('aria-invalid')).to.equal('true');
    expect(selector(el).shadowRoot!.textContent).to.contain('Choose a provider to continue.');
    expect(deepActive(), 'focus goes to the list').to.equal(listbox);
    await expect(el).to.be.accessible();

    await choose(el, 'dev-cloud');
    await next(el);
    expect(el.currentStep).to.equal('details');
    expect(headingText(el)).to.equal('Step 2 of 4Describe the integration');
    expect(deepActive()).to.equal(heading(el));
    expect(root(el).querySelector('[aria-current="step"]')!.textContent).to.contain('Details');
    expect(root(el).querySelector('.steps li.done')!.textContent).to.contain('(completed)');
  });

  it('generates the settings form from the schema, with labels, hints and inline validation', async () => {
    const providers: CloudProvider[] = [
      {
        id: 'full',
        name: 'Full Cloud',
        description: 'Every kind of setting',
        iconUrl: null,
        scopes: [],
        settingsSchema: [
          { key: 'region', label: 'Region', type: 'select', required: true, options: ['eu-west-1', 'us-east-1'] },
          {
            key: 'bucket',
            label: 'Bucket',
            type: 'string',
            required: true,
            pattern: '^[a-z0-9-]+$',
            description: 'Lower-case letters, digits and dashes.',
          },
          { key: 'workers', label: 'Workers', type: 'number', min: 1, max: 8, default: 2 },
          { key: 'verbose', label: 'Verbose logging', type: 'boolean' },
        ],
      },
    ];
    const api = wizardApi({ providers: () => jsonResponse(200, providers) });
    const { el, posts } = await wizard(api, 'full');
    await waitUntil(() => el.currentStep === 'details' && field(el, 'name'), 'details');
    expect(withoutIsolates(root(el).querySelector('legend')!.textContent!)).to.equal('Full Cloud settings');
    const labelOf = (path: string) =>
      root(el)
        .querySelector(`label[for="${field(el, path).id}"]`)!
        .textContent!.replace(/\s+/g, ' ')
        .trim();
    // Required fields are marked `*` (hidden from screen readers, which hear aria-required instead).
    expect(labelOf('name')).to.equal('Name *');
    expect(labelOf('description')).to.equal('Description');
    expect(labelOf('settings.region')).to.equal('Region *');
    expect(labelOf('settings.workers')).to.equal('Workers');
    expect(labelOf('settings.verbose')).to.equal('Verbose logging');
    expect(field(el, 'name').getAttribute('aria-required')).to.equal('true');
    expect(field(el, 'settings.region').getAttribute('aria-required')).to.equal('true');
    expect(field(el, 'settings.workers').hasAttribute('aria-required')).to.equal(false);
    expect(root(el).getElementById(root(el).querySelector('form')!.getAttribute('aria-describedby')!)!.textContent).to.equal(
      'Fields marked * are required.',
    );
    expect(field(el, 'settings.workers').value, 'default').to.equal('2');
    expect(field(el, 'settings.region').tagName).to.equal('SELECT');
    expect(field(el, 'settings.verbose').type).to.equal('checkbox');
    const bucketHint = root(el).getElementById(field(el, 'settings.bucket').getAttribute('aria-describedby')!)!;
    expect(bucketHint.textContent).to.equal('Lower-case letters, digits and dashes.');
    await expect(el).to.be.accessible();

    // Nothing is shown before the user leaves a field or presses Next.
    expect(root(el).querySelectorAll('[aria-invalid="true"]')).to.have.length(0);
    await type(el, 'settings.bucket', 'Not Valid!');
    expect(errorFor(el, 'settings.bucket')).to.equal('Bucket is not in the expected format.');
    expect(field(el, 'settings.bucket').getAttribute('aria-invalid')).to.equal('true');
    await type(el, 'settings.workers', '12');
    expect(errorFor(el, 'settings.workers')).to.equal('Workers must be at most 8.');
    // Text that is no number reads as such, not as an empty field.
    const workers = field(el, 'settings.workers');
    workers.focus();
    workers.select();
    await sendKeys({ type: '1e' });
    workers.blur();
    await el.updateComplete;
    expect(errorFor(el, 'settings.workers')).to.equal('Workers must be a number.');

    await next(el);
    expect(el.currentStep, 'invalid values keep the user on Details').to.equal('details');
    expect(posts).to.have.length(0);
    expect(errorFor(el, 'name')).to.equal('Enter a name.');
    expect(errorFor(el, 'settings.region')).to.equal('Region is required.');
    expect(deepActive(), 'focus goes to the first invalid field').to.equal(field(el, 'name'));
    await expect(el).to.be.accessible();

    await type(el, 'name', 'Everything');
    await type(el, 'settings.region', 'us-east-1');
    await type(el, 'settings.bucket', 'logs-1');
    await type(el, 'settings.workers', '4');
    field(el, 'settings.verbose').click();
    await el.updateComplete;
    expect(root(el).querySelectorAll('[aria-invalid="true"]')).to.have.length(0);
    const created = oneEvent(el, 'integration-created');
    await next(el);
    expect((await created).detail.integration.name).to.equal('Everything');
    expect(posts[0]!.body).to.deep.equal({
      name: 'Everything',
      cloudProviderId: 'full',
      settings: { region: 'us-east-1', bucket: 'logs-1', workers: 4, verbose: true },
    });
  });

  it('shows server validation errors inline on Details and retries with the same idempotency key', async () => {
    const rejected = jsonResponse(422, {
      error: {
        code: 'validation_failed',
        message: 'Some values were not accepted.',
        fields: { name: 'That name is taken.', 'settings.projectId': 'No such project.' },
      },
    });
    const { el, posts } = await wizard(wizardApi({ create: [rejected, 'ok'] }));
    const reported = oneEvent(el, 'integration-error');
    await toAuthorize(el);
    expect((await reported).detail.error.code).to.equal('validation_failed');
    await el.updateComplete;
    expect(el.currentStep).to.equal('details');
    expect(errorFor(el, 'name')).to.equal('That name is taken.');
    expect(errorFor(el, 'settings.projectId')).to.equal('No such project.');
    expect(field(el, 'settings.projectId').getAttribute('aria-invalid')).to.equal('true');
    expect(deepActive()).to.equal(field(el, 'name'));
    await expect(el).to.be.accessible();

    await type(el, 'name', 'Analytics staging');
    expect(errorFor(el, 'name'), 'an edited field drops its server message').to.equal(undefined);
    await type(el, 'settings.projectId', 'web-shop-2');
    await next(el);
    await waitUntil(() => el.currentStep === 'authorize', 'created');
    expect(posts).to.have.length(2);
    expect(posts[1]!.key).to.equal(posts[0]!.key);
  });

  it('creates once: a lost answer is replayed under the same key, later edits PATCH, Back/Next keep the data', async () => {
    const api = wizardApi({ create: ['lost', 'ok'] });
    const { el, posts, patches } = await wizard(api);
    const created: Integration[] = [];
    el.addEventListener('integration-created', (e) => created.push(e.detail.integration));
    const reported = oneEvent(el, 'integration-error');
    await toAuthorize(el, 'Analytics prod');
    expect((await reported).detail.error.code).to.equal('network_error');
    await el.updateComplete;
    const alert = root(el).querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain('The integration could not be saved.');
    expect(alert.textContent).to.contain('The server could not be reached.');
    await expect(el).to.be.accessible();

    // The user edits before retrying: the unsettled request is replayed first, then updated.
    await type(el, 'name', 'Analytics production');
    button(el, 'Try again')!.click();
    await waitUntil(() => el.currentStep === 'authorize', 'created');
    expect(api.createdCount(), 'the server created one integration').to.equal(1);
    expect(posts).to.have.length(2);
    expect(posts[0]!.key).to.be.a('string').and.have.length.above(8);
    expect(posts[1]).to.deep.equal(posts[0]);
    expect(patches).to.have.length(1);
    expect(patches[0]!.body.name).to.equal('Analytics production');
    expect(created).to.have.length(1);
    expect(headingText(el)).to.equal('Step 3 of 4Connect to Dev Analytics');
    expect(root(el).querySelector('oauth-button')!.integrationId).to.equal('int-1');
    await expect(el).to.be.accessible();

    // Back keeps the data; Next without changes sends nothing; a change PATCHes, never POSTs.
    button(el, 'Back')!.click();
    await el.updateComplete;
    expect(field(el, 'name').value).to.equal('Analytics production');
    button(el, 'Back')!.click();
    await el.updateComplete;
    expect(withoutIsolates(root(el).querySelector('.notice')!.textContent!)).to.contain('created for Dev Analytics');
    await next(el);
    expect(field(el, 'settings.projectId').value).to.equal('web-shop');
    await next(el);
    await waitUntil(() => el.currentStep === 'authorize', 'authorize again');
    expect(patches).to.have.length(1);
    button(el, 'Back')!.click();
    await el.updateComplete;
    await type(el, 'description', 'Events from the shop');
    await next(el);
    await waitUntil(() => el.currentStep === 'authorize', 'authorize again');
    expect(patches).to.have.length(2);
    expect(patches[1]!.body.description).to.equal('Events from the shop');
    expect(posts).to.have.length(2);
    expect(created).to.have.length(1);
  });

  it('keeps Details while going back to change the provider before anything is created', async () => {
    const { el } = await wizard();
    await choose(el, 'dev-analytics');
    await next(el);
    await type(el, 'name', 'Kept');
    await type(el, 'settings.projectId', 'kept-project');
    button(el, 'Back')!.click();
    await el.updateComplete;
    expect(selector(el).value).to.equal('dev-analytics');
    await next(el);
    expect(field(el, 'name').value).to.equal('Kept');
    expect(field(el, 'settings.projectId').value).to.equal('kept-project');
    button(el, 'Back')!.click();
    await el.updateComplete;
    await choose(el, 'dev-cloud');
    await next(el);
    expect(field(el, 'name').value, 'name survives a provider change').to.equal('Kept');
    expect(field(el, 'settings.region').value, 'settings follow the new provider').to.equal('');
  });

  it('shows a non-field save failure with Try again', async () => {
    const failed = jsonResponse(500, { error: { code: 'server_error', message: 'Database unavailable.' } });
    const { el, posts } = await wizard(wizardApi({ create: [failed, 'ok'] }));
    await toAuthorize(el);
    expect(el.currentStep).to.equal('details');
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('The server had a problem.');
    button(el, 'Try again')!.click();
    await waitUntil(() => el.currentStep === 'authorize', 'created');
    expect(posts).to.have.length(2);
    expect(posts[1]!.key).to.equal(posts[0]!.key);
  });

  it('preselects provider-id, skipping the Provider step; an unknown id falls back to it', async () => {
    let release!: () => void;
    const api = wizardApi({ providers: () => new Promise((resolve) => (release = () => resolve(jsonResponse(200, makeProviders())))) });
    const { el } = await wizard(api, 'dev-cloud');
    await waitUntil(() => root(el).querySelector('.loading'), 'loading');
    expect(root(el).querySelector('[aria-current="step"]')!.textContent).to.contain('Details');
    expect(root(el).querySelector('.loading')!.textContent).to.contain('Loading provider…');
    await expect(el).to.be.accessible();
    release();
    await waitUntil(() => field(el, 'settings.region'), 'details');
    expect(el.currentStep).to.equal('details');
    expect(withoutIsolates(root(el).querySelector('legend')!.textContent!)).to.equal('Dev Cloud settings');
    expect(root(el).contains(deepActive()), 'no focus stolen on load').to.equal(false);

    const other = await wizard(wizardApi(), 'no-such-provider');
    await waitUntil(() => other.el.shadowRoot!.querySelector('.notice'), 'notice');
    expect(other.el.currentStep).to.equal('provider');
    expect(withoutIsolates(other.el.shadowRoot!.querySelector('.notice')!.textContent!)).to.contain('“no-such-provider” is not available');
    await expect(other.el).to.be.accessible();
  });

  it('reports a failed provider list while preselecting, and retries', async () => {
    const answers = [jsonResponse(503, { error: { code: 'server_error', message: 'Maintenance.' } }), jsonResponse(200, makeProviders())];
    const api = wizardApi({ providers: () => answers.shift()! });
    const el = document.createElement('integration-wizard');
    el.client = api.client;
    el.setAttribute('provider-id', 'dev-cloud');
    const reported = oneEvent(el, 'integration-error');
    document.body.append(el);
    try {
      expect((await reported).detail.error.code).to.equal('server_error');
      await el.updateComplete;
      expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('The provider could not be loaded.');
      await expect(el).to.be.accessible();
      root(el).querySelector<HTMLButtonElement>('.alert button')!.click();
      await waitUntil(() => el.currentStep === 'details' && field(el, 'settings.region'), 'details');
    } finally {
      el.remove();
    }
  });

  it('cancels at once when nothing was entered', async () => {
    const { el } = await wizard();
    const cancelled = oneEvent(el, 'wizard-cancel');
    button(el, 'Cancel')!.click();
    expect((await cancelled).detail.integration).to.equal(undefined);
    expect(root(el).querySelector('mwap-confirm-dialog')!.open).to.equal(false);
  });

  it('asks before discarding entered data: Escape keeps it, Discard cancels and starts over', async () => {
    const { el } = await wizard();
    let cancels = 0;
    el.addEventListener('wizard-cancel', () => cancels++);
    await choose(el, 'dev-cloud');
    await next(el);
    await type(el, 'name', 'Half done');
    const cancel = button(el, 'Cancel')!;
    cancel.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = root(el).querySelector('mwap-confirm-dialog')!;
    await waitUntil(() => dialog.open, 'dialog open');
    expect(dialog.shadowRoot!.querySelector('h2')!.textContent).to.equal('Discard this integration?');
    expect(dialog.textContent).to.contain('What you entered will be lost.');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'dialog closed');
    expect(cancels).to.equal(0);
    expect(field(el, 'name').value).to.equal('Half done');
    expect(deepActive(), 'focus back on Cancel').to.equal(cancel);

    const cancelled = oneEvent(el, 'wizard-cancel');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog.open, 'dialog open again');
    expect(dialog.shadowRoot!.activeElement!.textContent!.trim(), 'the safe choice has focus').to.equal('Cancel');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    expect((await cancelled).detail.integration).to.equal(undefined);
    await el.updateComplete;
    expect(el.currentStep).to.equal('provider');
    expect(selector(el).value).to.equal('');
  });

  it('tells the user a created integration stays when they leave, and hands it to the host', async () => {
    const { el } = await wizard();
    await toAuthorize(el);
    const dialog = root(el).querySelector('mwap-confirm-dialog')!;
    const cancelled = oneEvent(el, 'wizard-cancel');
    button(el, 'Cancel')!.click();
    await waitUntil(() => dialog.open, 'dialog open');
    expect(dialog.getAttribute('heading')).to.equal('Leave the wizard?');
    expect(withoutIsolates(dialog.textContent!)).to.contain('“Analytics prod” was already created');
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="confirm"]')!.click();
    expect((await cancelled).detail.integration?.id).to.equal('int-1');
  });

  it('deletes what it created instead, when the user leaving asks for it', async () => {
    const { el, deletes } = await wizard();
    await toAuthorize(el);
    const dialog = root(el).querySelector('mwap-confirm-dialog')!;
    const deleted = oneEvent(el, 'integration-deleted');
    const cancelled = oneEvent(el, 'wizard-cancel');
    button(el, 'Cancel')!.click();
    await waitUntil(() => dialog.open, 'dialog open');
    const choice = root(el).querySelector<HTMLInputElement>('.delete-choice input')!;
    expect(choice.checked, 'keeping is the default').to.equal(false);
    expect(withoutIsolates(root(el).querySelector('.delete-choice')!.textContent!.trim())).to.equal('Delete “Analytics prod” instead');
    await expect(dialog).to.be.accessible();
    choice.click();
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="confirm"]')!.click();
    expect((await deleted).detail.integrationId).to.equal('int-1');
    expect((await cancelled).detail.integration).to.equal(undefined);
    expect(deletes).to.deep.equal(['int-1']);
    await el.updateComplete;
    expect(el.currentStep).to.equal('provider');
  });

  it('stays, says why and keeps the integration when that delete fails', async () => {
    const { el, deletes } = await wizard(wizardApi({ deleteFails: true }));
    await toAuthorize(el);
    const dialog = root(el).querySelector('mwap-confirm-dialog')!;
    let cancels = 0;
    el.addEventListener('wizard-cancel', () => cancels++);
    const failed = oneEvent(el, 'integration-error');
    button(el, 'Cancel')!.click();
    await waitUntil(() => dialog.open, 'dialog open');
    root(el).querySelector<HTMLInputElement>('.delete-choice input')!.click();
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="confirm"]')!.click();
    expect((await failed).detail.error.code).to.equal('server_error');
    await waitUntil(() => root(el).querySelector('.alert[role="alert"]'), 'the failure shows');
    expect(withoutIsolates(root(el).querySelector('.alert')!.textContent!))
      .to.contain('“Analytics prod” could not be deleted.')
      .and.contain('It is still in your list.');
    expect(deletes).to.deep.equal(['int-1']);
    expect(cancels).to.equal(0);
    expect(el.currentStep).to.equal('authorize');
    expect(el.integration?.id).to.equal('int-1');
    await expect(el).to.be.accessible();
  });

  it('does not leave, nor delete, when the sign-in finishes while the leave dialog is open', async () => {
    const { el, deletes } = await wizard();
    await toAuthorize(el);
    const dialog = root(el).querySelector('mwap-confirm-dialog')!;
    let cancels = 0;
    el.addEventListener('wizard-cancel', () => cancels++);
    button(el, 'Cancel')!.click();
    await waitUntil(() => dialog.open, 'dialog open');
    root(el).querySelector<HTMLInputElement>('.delete-choice input')!.click();
    // The popup answers now: the button reports the connection.
    root(el)
      .querySelector('oauth-button')!
      .dispatchEvent(new IntegrationConnectedEvent(makeIntegration({ id: 'int-1', name: 'Analytics prod' })));
    await el.updateComplete;
    // The dialog's answer comes with its close event; what the wizard does then runs on promises
    // and timers (the fake API answers at once), which the fake clock runs to the end.
    await withFakeClock(async (clock) => {
      const closed = oneEvent(dialog.shadowRoot!.querySelector('dialog')!, 'close');
      dialog.shadowRoot!.querySelector<HTMLButtonElement>('[part="confirm"]')!.click();
      await closed;
      await clock.tickAsync(10_000);
    });
    await el.updateComplete;
    expect(dialog.open, 'dialog closed').to.equal(false);
    expect(deletes, 'nothing deleted').to.deep.equal([]);
    expect(cancels).to.equal(0);
    expect(el.currentStep).to.equal('review');
  });
});
