import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/elements/integration-details/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import type { Integration } from '../../src/core/types.js';
import type { IntegrationConnectedEvent, IntegrationErrorEvent, IntegrationUpdatedEvent } from '../../src/events/integration-events.js';
import { jsonResponse } from '../support/fake-fetch.js';
import {
  allInShadow,
  detailsApi,
  inShadow,
  removeToasts,
  toastMessages,
  waitForShadow,
  type DetailsApi,
} from './integration-details.fake-api.js';
import { withoutIsolates } from '../support/bidi.js';

let api: DetailsApi;

const text = (node: Element | ShadowRoot | null | undefined) =>
  withoutIsolates(node?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** Mounts the element on `tab` and returns that tab's panel element, rendered. */
async function openPanel(tab: 'token' | 'health' | 'settings'): Promise<{ el: IntegrationDetailsElement; panel: HTMLElement }> {
  const el = await fixture<IntegrationDetailsElement>(
    html`<integration-details integration-id="int-1" tab=${tab} .client=${api.client}></integration-details>`,
  );
  const panel = await waitForShadow(el, `#panel-${tab} > *`, `the ${tab} panel`);
  await (panel as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  // The actions appear once the caller's permissions are known (GET /me, here a 404: all allowed).
  if (tab === 'token') await waitForShadow(panel, 'button.refresh, button.reconnect', 'the token actions');
  if (tab === 'health') await waitForShadow(panel, 'button.test', 'the test button');
  return { el, panel };
}

/** Clicks the middle of `element` with the real mouse (a trusted user gesture). */
async function realClick(element: Element): Promise<void> {
  element.scrollIntoView({ block: 'center' });
  const box = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

beforeEach(() => {
  api = detailsApi();
});

afterEach(() => {
  api.client.destroy();
  removeToasts();
});

describe('<integration-details> token panel', () => {
  it('shows expiry, scopes, last refresh, failures and the refresh history', async () => {
    const { panel } = await openPanel('token');
    await waitForShadow(panel, 'table.history');
    const facts = text(inShadow(panel, 'dl.facts'));
    expect(facts).to.match(/Expires in (59m|1h 0m)/);
    expect(allInShadow(panel, 'li.scope code').map((code) => text(code))).to.deep.equal(['openid', 'offline_access', 'storage.read']);
    expect(facts).to.contain('Last refresh 20 minutes ago');
    expect(facts).to.contain('Failed refreshes 2');
    const rows = allInShadow(panel, 'table.history tbody tr').map((row) => text(row));
    expect(rows).to.have.length(2);
    expect(rows[0]).to.contain('Refreshed');
    expect(rows[1]).to.contain('Failed').and.contain('invalid_grant: refresh token revoked');
    expect(inShadow(panel, 'token-status-badge').getAttribute('state')).to.equal('valid');
    expect(panel.shadowRoot!.querySelector('button.reconnect'), 'no Reconnect for a valid token').to.equal(null);
  });

  it('refreshes the token on request, with progress, a toast and integration-updated', async () => {
    // The provider answers when the test says so, so the progress state can be seen on any machine.
    let answer!: () => void;
    const providerAnswers = new Promise<void>((resolve) => (answer = resolve));
    api.on('POST', /tokens\/refresh$/, async () => {
      await providerAnswers;
      return undefined; // then the fake API's usual answer
    });
    const { el, panel } = await openPanel('token');
    await waitForShadow(panel, 'table.history');
    const button = inShadow(panel, 'button.refresh');
    const updated = oneEvent(el, 'integration-updated') as Promise<IntegrationUpdatedEvent>;
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => button.getAttribute('aria-disabled') === 'true', 'the button shows progress');
    expect(text(button)).to.equal('Refreshing…');
    answer();
    const event = await updated;
    expect(Date.parse(event.detail.integration.tokenExpiresAt!)).to.be.greaterThan(Date.now() + 7_000_000);
    expect(api.count('POST', /^integrations\/int-1\/tokens\/refresh$/)).to.equal(1);
    // Checked now: a success toast dismisses itself after 5 s, and a slow CI run can take that long below.
    await waitUntil(() => toastMessages().some((m) => m.startsWith('Token refreshed. Valid until')), 'the success toast shows');
    await waitUntil(() => text(button) === 'Refresh token');
    await waitUntil(() => /Expires in (1h 59m|2h 0m)/.test(text(inShadow(panel, 'dl.facts'))), 'the new expiry shows');
    await waitUntil(() => api.count('GET', /tokens\/health$/) === 2, 'the token report is reloaded');
  });

  it('reports a failed refresh with a toast offering Retry and integration-error', async () => {
    api.on('POST', /tokens\/refresh$/, () =>
      jsonResponse(502, { error: { code: 'connection_failed', message: 'Provider said invalid_grant' } }),
    );
    const { el, panel } = await openPanel('token');
    const failed = oneEvent(el, 'integration-error') as Promise<IntegrationErrorEvent>;
    inShadow(panel, 'button.refresh').click();
    const event = await failed;
    expect(event.detail.error.code).to.equal('connection_failed');
    expect(event.detail.integrationId).to.equal('int-1');
    await waitUntil(() => toastMessages().length > 0);
    expect(withoutIsolates(toastMessages()[0]!)).to.equal(
      'Could not refresh the token: The provider refused the connection. The provider said: “Provider said invalid_grant”. The provider may be having problems. Try again later.',
    );
    const region = document.querySelector('mwap-toast-region')!;
    expect(text(region.shadowRoot!.querySelector('li'))).to.contain('Retry');
  });

  it('offers Reconnect for an expired token and starts the popup inside the click', async () => {
    api = detailsApi({ tokenStatus: 'expired', tokenExpiresAt: new Date(Date.now() - 60_000).toISOString() });
    api.server.health = { ...api.server.health, tokenStatus: 'expired', expiresAt: api.server.integration.tokenExpiresAt };
    let activeAtCall: boolean | undefined;
    const reconnected: Integration = {
      ...api.server.integration,
      tokenStatus: 'valid',
      tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    api.client.connect = (id: string) => {
      activeAtCall = navigator.userActivation.isActive;
      expect(id).to.equal('int-1');
      api.client.storeIntegration(reconnected);
      return Promise.resolve(reconnected);
    };
    const { el, panel } = await openPanel('token');
    expect(inShadow(panel, 'token-status-badge').getAttribute('state')).to.equal('expired');
    expect(text(inShadow(panel, 'dl.facts'))).to.match(/Expires 1m 0s ago|Expires 1m 1s ago/);
    const button = inShadow(panel, 'button.reconnect');
    expect(text(button)).to.equal('Reconnect');
    const connected = oneEvent(el, 'integration-connected') as Promise<IntegrationConnectedEvent>;
    await realClick(button);
    expect((await connected).detail.integration.tokenStatus).to.equal('valid');
    expect(activeAtCall, 'connect() ran inside the user gesture').to.equal(true);
    await waitUntil(() => !panel.shadowRoot!.querySelector('button.reconnect'), 'Reconnect goes once the token is valid');
    expect(toastMessages().map(withoutIsolates)).to.include('Reconnected “Production storage”.');
  });
});

describe('<integration-details> health panel', () => {
  it('tests the connection and shows every check with a troubleshooting hint', async () => {
    api = detailsApi({ lastHealthCheck: new Date(Date.now() - 3 * 3_600_000).toISOString() });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    api.on('POST', /\/test$/, () => gate.then(() => undefined));
    const { panel } = await openPanel('health');
    expect(text(panel.shadowRoot)).to.contain('Last health check: 3 hours ago');
    const button = inShadow(panel, 'button.test');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(button) === 'Testing…', 'progress shows');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    release();
    await waitForShadow(panel, '.checks');
    expect(text(inShadow(panel, '.summary'))).to.equal('2 of 3 checks failed.');
    const checks = allInShadow(panel, '.check');
    expect(checks).to.have.length(3);
    expect(text(checks[0]))
      .to.contain('Passed')
      .and.contain('DNS lookup')
      .and.contain('12 ms')
      .and.contain('api.dev-cloud.example resolved');
    expect(checks[0]!.querySelector('.hint')).to.equal(null);
    expect(text(checks[1])).to.contain('Failed').and.contain('Token accepted').and.contain('220 ms');
    expect(text(checks[1]!.querySelector('.hint')))
      .to.contain('The access token has expired')
      .and.contain('(token_expired)');
    expect(text(checks[2]!.querySelector('.hint'))).to.contain('lacks a permission');
    expect(toastMessages()).to.include('Connection test found problems.');
    expect(api.count('POST', /^integrations\/int-1\/test$/)).to.equal(1);
    await expect(panel).to.be.accessible();
  });

  it('reports a passing test in one line', async () => {
    api.server.test = {
      ...api.server.test,
      ok: true,
      latencyMs: 95,
      checks: api.server.test.checks.map((c) => ({ ...c, ok: true, errorCode: undefined })),
    };
    const { panel } = await openPanel('health');
    inShadow(panel, 'button.test').click();
    await waitForShadow(panel, '.checks');
    expect(text(inShadow(panel, '.summary'))).to.equal('All 3 checks passed in 95 ms.');
    expect(allInShadow(panel, '.hint')).to.have.length(0);
  });

  it('says when the test could not run, with Try again', async () => {
    let failures = 1;
    api.on('POST', /\/test$/, () =>
      failures-- > 0 ? jsonResponse(503, { error: { code: 'server_error', message: 'Maintenance' } }) : undefined,
    );
    const { el, panel } = await openPanel('health');
    const failed = oneEvent(el, 'integration-error') as Promise<IntegrationErrorEvent>;
    inShadow(panel, 'button.test').click();
    expect((await failed).detail.error.code).to.equal('server_error');
    const notice = await waitForShadow(panel, '.notice.danger');
    expect(text(notice)).to.contain('The test could not run: The server had a problem.');
    inShadow(panel, '.notice.danger button').click();
    await waitForShadow(panel, '.checks');
    expect(panel.shadowRoot!.querySelector('.notice.danger')).to.equal(null);
  });
});

describe('<integration-details> settings editor', () => {
  const field = (panel: HTMLElement, key: string) => inShadow<HTMLInputElement>(panel, `#field-${key}`);

  it('builds the form from the provider schema with the saved values', async () => {
    const { panel } = await openPanel('settings');
    await waitForShadow(panel, 'form');
    expect(field(panel, 'region').localName).to.equal('select');
    expect(field(panel, 'region').value).to.equal('eu-west-1');
    expect(field(panel, 'bucket').value).to.equal('backups');
    expect(field(panel, 'maxRetries').type).to.equal('number');
    expect(field(panel, 'maxRetries').value, 'schema default').to.equal('3');
    expect(field(panel, 'verbose').type).to.equal('checkbox');
    expect(text(inShadow(panel, 'label[for="field-bucket"]'))).to.equal('Bucket *');
    expect(field(panel, 'bucket').getAttribute('aria-describedby')).to.contain('field-bucket-hint');
    await expect(panel).to.be.accessible();
  });

  it('validates inline, marks unsaved changes and saves through updateIntegration', async () => {
    const { el, panel } = await openPanel('settings');
    await waitForShadow(panel, 'form');
    const bucket = field(panel, 'bucket');
    bucket.focus();
    bucket.select();
    await sendKeys({ type: 'Not Valid!' });
    expect(text(inShadow(panel, '.panel-head'))).to.contain('Unsaved changes');
    await waitUntil(() => inShadow(el, '#tab-settings .unsaved-dot'), 'the tab shows unsaved changes');
    await sendKeys({ press: 'Tab' }); // leaving the field shows its error
    await waitUntil(() => bucket.getAttribute('aria-invalid') === 'true');
    expect(text(inShadow(panel, '#field-bucket-error'))).to.equal('Bucket is not in the expected format.');

    const retries = field(panel, 'maxRetries');
    retries.focus();
    retries.select();
    await sendKeys({ type: '42' });
    inShadow(panel, 'button.save').click();
    await waitUntil(() => retries.getAttribute('aria-invalid') === 'true', 'Save shows every error');
    expect(text(inShadow(panel, '#field-maxRetries-error'))).to.equal('Max retries must be at most 10.');
    expect(api.count('PATCH', /./)).to.equal(0);
    expect(panel.shadowRoot!.activeElement, 'focus goes to the first invalid field').to.equal(bucket);

    bucket.select();
    await sendKeys({ type: 'nightly-backups' });
    retries.focus();
    retries.select();
    await sendKeys({ type: '5' });
    const updated = oneEvent(el, 'integration-updated') as Promise<IntegrationUpdatedEvent>;
    await sendKeys({ press: 'Enter' });
    const saved = (await updated).detail.integration;
    expect(saved.settings).to.deep.equal({ region: 'eu-west-1', bucket: 'nightly-backups', maxRetries: 5 });
    expect(api.requests.find((r) => r.method === 'PATCH')!.body).to.deep.equal({ settings: saved.settings });
    await waitUntil(() => !text(inShadow(panel, '.panel-head')).includes('Unsaved changes'));
    await waitUntil(() => !el.shadowRoot!.querySelector('#tab-settings .unsaved-dot'));
    expect(toastMessages()).to.include('Settings saved.');
  });

  it('shows a stale write clearly, keeps the edits, and saves them after Reload latest', async () => {
    const { el, panel } = await openPanel('settings');
    await waitForShadow(panel, 'form');
    const bucket = field(panel, 'bucket');
    bucket.focus();
    bucket.select();
    await sendKeys({ type: 'mine' });
    api.changeElsewhere({ settings: { region: 'us-east-1', bucket: 'theirs' } });

    const failed = oneEvent(el, 'integration-error') as Promise<IntegrationErrorEvent>;
    inShadow(panel, 'button.save').click();
    expect((await failed).detail.error.code).to.equal('conflict');
    const alert = await waitForShadow(panel, '.conflict[role="alert"]');
    expect(text(alert)).to.contain('someone else changed this integration').and.contain('Your edits are kept and nothing was overwritten');
    expect(bucket.value, 'the edit survives the failed save').to.equal('mine');
    expect(field(panel, 'region').value, 'the rolled-back cache shows the old value').to.equal('eu-west-1');
    expect(text(inShadow(panel, '.panel-head'))).to.contain('Unsaved changes');
    expect(api.server.integration.settings['bucket'], 'nothing overwritten on the server').to.equal('theirs');
    expect(toastMessages().join()).to.contain('Settings not saved');

    inShadow(panel, '.conflict button.reload').click();
    await waitUntil(() => !panel.shadowRoot!.querySelector('.conflict'), 'the conflict notice goes after reloading');
    expect(text(inShadow(panel, '.notice[role="status"]'))).to.contain('Loaded the latest version');
    expect(bucket.value).to.equal('mine');
    expect(field(panel, 'region').value, 'untouched fields show the latest').to.equal('us-east-1');
    expect(text(inShadow(panel, '#field-bucket-theirs'))).to.equal('Someone else changed this to “theirs”.');

    const updated = oneEvent(el, 'integration-updated') as Promise<IntegrationUpdatedEvent>;
    inShadow(panel, 'button.save').click();
    await updated;
    const patches = api.requests.filter((r) => r.method === 'PATCH');
    expect(patches).to.have.length(2);
    expect(patches[1]!.headers.get('If-Match')).to.equal('"v2"');
    expect(api.server.integration.settings).to.deep.equal({ region: 'us-east-1', bucket: 'mine' });
  });

  it('keeps the edits when a save fails and shows server field errors inline', async () => {
    api.on('PATCH', /^integrations\/int-1$/, () =>
      jsonResponse(422, {
        error: { code: 'validation_failed', message: 'Invalid settings', fields: { 'settings.bucket': 'Bucket does not exist.' } },
      }),
    );
    const { panel } = await openPanel('settings');
    await waitForShadow(panel, 'form');
    const bucket = field(panel, 'bucket');
    bucket.focus();
    bucket.select();
    await sendKeys({ type: 'missing-bucket' });
    inShadow(panel, 'button.save').click();
    await waitUntil(() => bucket.getAttribute('aria-invalid') === 'true');
    expect(text(inShadow(panel, '#field-bucket-error'))).to.equal('Bucket does not exist.');
    expect(bucket.value).to.equal('missing-bucket');
    expect(text(inShadow(panel, '.panel-head'))).to.contain('Unsaved changes');

    inShadow(panel, 'button.discard').click();
    await waitUntil(() => bucket.value === 'backups');
    expect(text(inShadow(panel, '.panel-head'))).not.to.contain('Unsaved changes');
  });

  it('keeps unsaved edits while the user visits other tabs', async () => {
    const { el, panel } = await openPanel('settings');
    await waitForShadow(panel, 'form');
    field(panel, 'bucket').focus();
    field(panel, 'bucket').select();
    await sendKeys({ type: 'draft-value' });
    inShadow(el, '#tab-health').click();
    await waitUntil(() => inShadow(el, '#panel-settings').hidden);
    inShadow(el, '#tab-settings').click();
    await waitUntil(() => !inShadow(el, '#panel-settings').hidden);
    expect(field(panel, 'bucket').value).to.equal('draft-value');
  });
});
