import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/integration-details/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import { DETAILS_HEADER_TAG, TOKEN_PANEL_TAG } from '../../src/internal/tags.js';
import type { IntegrationDeletedEvent, IntegrationErrorEvent, IntegrationUpdatedEvent } from '../../src/events/integration-events.js';
import { jsonResponse } from '../support/fake-fetch.js';
import {
  allInShadow,
  deepActiveElement,
  deferred,
  detailsApi,
  inShadow,
  recordEvents,
  removeToasts,
  toastMessages,
  waitForShadow,
  type DetailsApi,
} from './integration-details.fake-api.js';
import { expectFocusOn } from '../support/dom.js';
import { withoutIsolates } from '../support/bidi.js';

let api: DetailsApi;

async function mount(setup: (api: DetailsApi) => void = () => {}): Promise<IntegrationDetailsElement> {
  setup(api);
  return fixture<IntegrationDetailsElement>(html`<integration-details integration-id="int-1" .client=${api.client}></integration-details>`);
}

/** Waits for the loaded view and returns its header part. */
async function loaded(el: IntegrationDetailsElement): Promise<HTMLElement> {
  const header = await waitForShadow(el, DETAILS_HEADER_TAG, 'the content state');
  await (header as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  // Its actions appear once the caller's permissions are known (GET /me, here a 404: all allowed).
  await waitForShadow(header, 'button.delete', 'the header actions');
  return header;
}

const text = (node: Element | ShadowRoot | null | undefined) =>
  withoutIsolates(node?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();

beforeEach(() => {
  api = detailsApi();
});

afterEach(() => {
  api.client.destroy();
  removeToasts();
});

describe('<integration-details> states', () => {
  it('shows an accessible loading state, then the integration', async () => {
    const pending = deferred();
    const el = await mount((a) => a.on('GET', /^integrations\/int-1$/, pending.answer));
    const status = inShadow(el, '[part="state"]');
    expect(status.getAttribute('aria-busy')).to.equal('true');
    expect(text(status)).to.contain('Loading integration');
    await expect(el).to.be.accessible();

    pending.release(jsonResponse(200, api.server.integration, { ETag: '"v1"' }));
    const header = await loaded(el);
    expect(text(inShadow(header, 'h2'))).to.equal('Production storage');
    expect(text(header.shadowRoot)).to.contain('Dev Cloud');
    expect(text(header.shadowRoot)).to.contain('Active');
  });

  it('shows the content accessibly on every tab', async () => {
    const el = await mount();
    await loaded(el);
    await waitForShadow(inShadow(el, TOKEN_PANEL_TAG), 'table.history');
    await expect(el).to.be.accessible();
    for (const tab of ['health', 'usage', 'settings'] as const) {
      inShadow(el, `#tab-${tab}`).click();
      const panel = await waitForShadow(el, `#panel-${tab}:not([hidden]) > *`);
      await (panel as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      if (tab === 'usage') await waitForShadow(panel, 'svg[role="img"]');
      if (tab === 'settings') await waitForShadow(panel, 'form');
      await expect(el, `tab ${tab}`).to.be.accessible();
    }
  });

  it('says when the integration does not exist (404) and reports not_found', async () => {
    const errors: IntegrationErrorEvent[] = recordEvents(document, 'integration-error');
    const el = await mount((a) =>
      a.on('GET', /^integrations\/int-1$/, () => jsonResponse(404, { error: { code: 'not_found', message: 'No such integration' } })),
    );
    await waitForShadow(el, '.state.not-found');
    expect(text(inShadow(el, '.state'))).to.contain('Integration not found');
    expect(errors.map((e) => e.detail.error.code)).to.deep.equal(['not_found']);
    expect(errors[0]!.detail.integrationId).to.equal('int-1');
    await expect(el).to.be.accessible();
  });

  it('shows an error with Try again, and recovers when the retry succeeds', async () => {
    let failures = 1;
    const el = await mount((a) =>
      a.on('GET', /^integrations\/int-1$/, () =>
        failures-- > 0 ? jsonResponse(500, { error: { code: 'server_error', message: 'Database unavailable' } }) : undefined,
      ),
    );
    const state = await waitForShadow(el, '.state.error');
    expect(state.getAttribute('role')).to.equal('alert');
    expect(text(state)).to.contain('Could not load this integration');
    expect(text(state)).to.contain('The server had a problem.');
    await expect(el).to.be.accessible();

    inShadow(el, 'button.retry').click();
    await loaded(el);
    expect(api.count('GET', /^integrations\/int-1$/)).to.equal(2);
  });

  it('explains a missing client instead of rendering nothing', async () => {
    const el = await fixture<IntegrationDetailsElement>(html`<integration-details integration-id="int-1"></integration-details>`);
    expect(text(inShadow(el, '.state'))).to.contain('Not configured');
    await expect(el).to.be.accessible();
  });

  it('shows text from the API as text, never as markup', async () => {
    api = detailsApi({ name: '<img src=x onerror="window.__pwned=1">Evil', description: '<script>window.__pwned=1</script>' });
    const el = await mount();
    const header = await loaded(el);
    expect(header.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect(text(inShadow(header, 'h2'))).to.equal('<img src=x onerror="window.__pwned=1">Evil');
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('takes a ready integration object and shows it without waiting', async () => {
    const integration = { ...api.server.integration, name: 'Handed in' };
    const el = await fixture<IntegrationDetailsElement>(
      html`<integration-details .client=${api.client} .integration=${integration}></integration-details>`,
    );
    const header = await loaded(el);
    expect(text(inShadow(header, 'h2'))).to.equal('Handed in');
    expect(api.count('GET', /^integrations\/int-1$/)).to.equal(0);
  });
});

describe('<integration-details> header', () => {
  it('renames inline from the keyboard and fires integration-updated', async () => {
    const el = await mount();
    const header = await loaded(el);
    inShadow(header, 'button.edit').focus();
    await sendKeys({ press: 'Enter' });
    const input = await waitForShadow<HTMLInputElement>(header, 'input#name');
    expectFocusOn(input, header.shadowRoot!.activeElement);
    await sendKeys({ type: 'Archive storage' }); // the name is selected: typing replaces it
    const updated = oneEvent(el, 'integration-updated') as Promise<IntegrationUpdatedEvent>;
    await sendKeys({ press: 'Enter' });
    const event = await updated;
    expect(event.detail.integration.name).to.equal('Archive storage');
    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.body, 'only what changed is sent').to.deep.equal({ name: 'Archive storage' });
    expect(patch.headers.get('If-Match')).to.equal('"v1"');
    await waitUntil(() => header.shadowRoot!.querySelector('h2'));
    expect(text(inShadow(header, 'h2'))).to.equal('Archive storage');
    expectFocusOn(inShadow(header, 'button.edit'));
    expect(toastMessages().map(withoutIsolates)).to.include('Saved “Archive storage”.');
  });

  it('edits the description; Escape cancels without saving', async () => {
    const el = await mount();
    const header = await loaded(el);
    inShadow(header, 'button.edit').click();
    const textarea = await waitForShadow<HTMLTextAreaElement>(header, 'textarea#description');
    textarea.focus();
    await sendKeys({ type: ' and weekly archives' });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !header.shadowRoot!.querySelector('form'));
    expect(api.count('PATCH', /./)).to.equal(0);
    expect(text(inShadow(header, '.description'))).to.equal('Nightly backups');
    expectFocusOn(inShadow(header, 'button.edit'));

    inShadow(header, 'button.edit').click();
    const again = await waitForShadow<HTMLTextAreaElement>(header, 'textarea#description');
    again.focus();
    again.select();
    await sendKeys({ type: 'Hourly snapshots' });
    inShadow(header, 'button[type="submit"]').click();
    await waitUntil(() => !header.shadowRoot!.querySelector('form'));
    expect(api.requests.find((r) => r.method === 'PATCH')!.body).to.deep.equal({ description: 'Hourly snapshots' });
    expect(text(inShadow(header, '.description'))).to.equal('Hourly snapshots');
  });

  it('refuses an empty name inline', async () => {
    const el = await mount();
    const header = await loaded(el);
    inShadow(header, 'button.edit').click();
    const input = await waitForShadow<HTMLInputElement>(header, 'input#name');
    input.focus();
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => input.getAttribute('aria-invalid') === 'true');
    expect(text(inShadow(header, '#name-error'))).to.equal('Enter a name.');
    expect(api.count('PATCH', /./)).to.equal(0);
  });

  it('keeps the typed name on a stale write and offers Reload latest', async () => {
    const el = await mount();
    const header = await loaded(el);
    api.changeElsewhere({ description: 'Changed by a colleague' });
    inShadow(header, 'button.edit').click();
    const input = await waitForShadow<HTMLInputElement>(header, 'input#name');
    await sendKeys({ type: 'Mine' });
    const failed = oneEvent(el, 'integration-error') as Promise<IntegrationErrorEvent>;
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.error.code).to.equal('conflict');
    const alert = await waitForShadow(header, '[role="alert"]');
    expect(text(alert)).to.contain('Someone else changed this integration');
    expect(input.value).to.equal('Mine');

    inShadow(header, '[role="alert"] button').click();
    await waitUntil(() => !header.shadowRoot!.querySelector('[role="alert"]'), 'the conflict notice goes after reloading');
    expect(input.value).to.equal('Mine');
    inShadow(header, 'button[type="submit"]').click();
    await waitUntil(() => !header.shadowRoot!.querySelector('form'));
    expect(api.server.integration.name).to.equal('Mine');
    expect(api.server.integration.description).to.equal('Changed by a colleague');
  });

  it('disables and enables with the switch', async () => {
    const el = await mount();
    const header = await loaded(el);
    const toggle = inShadow(header, '[role="switch"]');
    expect(toggle.getAttribute('aria-checked')).to.equal('true');

    const disabled = oneEvent(el, 'integration-updated') as Promise<IntegrationUpdatedEvent>;
    toggle.focus();
    await sendKeys({ press: 'Space' });
    expect((await disabled).detail.integration.status).to.equal('disabled');
    await waitUntil(() => toggle.getAttribute('aria-checked') === 'false');
    expect(text(inShadow(header, '.status'))).to.equal('Disabled');
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).to.deep.equal([{ status: 'disabled' }]);
    expectFocusOn(toggle);

    const enabled = oneEvent(el, 'integration-updated') as Promise<IntegrationUpdatedEvent>;
    await sendKeys({ press: 'Space' });
    expect((await enabled).detail.integration.status).to.equal('active');
    await waitUntil(() => toggle.getAttribute('aria-checked') === 'true');
    expect(text(inShadow(header, '.status'))).to.equal('Active');
    expect(toastMessages().map(withoutIsolates)).to.include('Enabled “Production storage”.');
  });

  it('rolls the switch back and says so when the server refuses', async () => {
    const el = await mount((a) =>
      a.on('PATCH', /^integrations\/int-1$/, () => jsonResponse(403, { error: { code: 'permission_denied', message: 'Owners only' } })),
    );
    const header = await loaded(el);
    const toggle = inShadow(header, '[role="switch"]');
    const failed = oneEvent(el, 'integration-error') as Promise<IntegrationErrorEvent>;
    toggle.click();
    expect((await failed).detail.error.code).to.equal('permission_denied');
    await waitUntil(() => toggle.getAttribute('aria-checked') === 'true' && toggle.getAttribute('aria-busy') === 'false');
    expect(withoutIsolates(toastMessages().join())).to.contain(
      'Could not disable “Production storage”: Your role does not allow this. Ask a tenant owner.',
    );
  });

  it('cancelling the delete dialog sends nothing and puts focus back on Delete', async () => {
    const el = await mount();
    const header = await loaded(el);
    const del = inShadow(header, 'button.delete');
    del.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = inShadow(header, 'mwap-confirm-dialog');
    await waitUntil(() => (dialog as unknown as { open: boolean }).open, 'the dialog opens');
    expect(dialog.getAttribute('heading')).to.equal('Delete “\u2068Production storage\u2069”?', 'the name is isolated from the sentence');
    expect(text(dialog)).to.contain('cannot be undone');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !(dialog as unknown as { open: boolean }).open, 'the dialog closes');
    await waitUntil(() => deepActiveElement() === del, 'focus returns to Delete');
    expect(api.count('DELETE', /./)).to.equal(0);
  });

  it('deletes after confirmation and fires integration-deleted', async () => {
    const el = await mount();
    const header = await loaded(el);
    inShadow(header, 'button.delete').click();
    const dialog = inShadow(header, 'mwap-confirm-dialog');
    await waitUntil(() => (dialog as unknown as { open: boolean }).open);
    const deleted = oneEvent(el, 'integration-deleted') as Promise<IntegrationDeletedEvent>;
    inShadow(dialog, 'button[value="confirm"]').click();
    expect((await deleted).detail.integrationId).to.equal('int-1');
    expect(api.count('DELETE', /^integrations\/int-1$/)).to.equal(1);
    const state = await waitForShadow(el, '.state.deleted');
    expect(text(state)).to.contain('“Production storage” was deleted');
    await waitUntil(() => deepActiveElement() === state, 'focus moves to the notice, not <body>');
    expect(toastMessages().map(withoutIsolates)).to.include('Deleted “Production storage”.');
    await expect(el).to.be.accessible();
  });
});

describe('<integration-details> tabs', () => {
  it('moves between tabs with the arrow keys, Home and End', async () => {
    const el = await mount();
    await loaded(el);
    const tabs = allInShadow(el, '[role="tab"]');
    expect(tabs.map((t) => text(t))).to.deep.equal(['Token', 'Health', 'Usage', 'Settings', 'Activity']);
    expect(tabs.map((t) => t.tabIndex)).to.deep.equal([0, -1, -1, -1, -1]);
    const selected = () => el.shadowRoot!.querySelector('[role="tab"][aria-selected="true"]')!.id;
    const visiblePanel = () => el.shadowRoot!.querySelector('[role="tabpanel"]:not([hidden])')!.id;

    tabs[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => selected() === 'tab-health');
    expect(visiblePanel()).to.equal('panel-health');
    expectFocusOn(tabs[1]);
    expect(el.tab).to.equal('health');

    await sendKeys({ press: 'End' });
    await waitUntil(() => selected() === 'tab-activity');
    expectFocusOn(tabs[4]);

    await sendKeys({ press: 'ArrowRight' }); // wraps
    await waitUntil(() => selected() === 'tab-token');
    await sendKeys({ press: 'ArrowLeft' }); // wraps back
    await waitUntil(() => selected() === 'tab-activity');
    await sendKeys({ press: 'Home' });
    await waitUntil(() => selected() === 'tab-token');
    expect(visiblePanel()).to.equal('panel-token');

    // Tab leaves the tablist for the panel: one tab stop for the whole list.
    await sendKeys({ press: 'Tab' });
    expectFocusOn(inShadow(el, '#panel-token'));
  });

  it('follows right-to-left layout: ArrowLeft moves forward', async () => {
    const el = await fixture<IntegrationDetailsElement>(
      html`<div dir="rtl"><integration-details integration-id="int-1" .client=${api.client}></integration-details></div>`,
    ).then((wrapper) => wrapper.querySelector('integration-details')!);
    await loaded(el);
    inShadow(el, '#tab-token').focus();
    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => el.tab === 'health');
  });

  it('opens the tab named by the tab attribute', async () => {
    const el = await fixture<IntegrationDetailsElement>(
      html`<integration-details integration-id="int-1" tab="health" .client=${api.client}></integration-details>`,
    );
    await loaded(el);
    expect(inShadow(el, '#tab-health').getAttribute('aria-selected')).to.equal('true');
    expect(inShadow(el, '#panel-token').hidden).to.equal(true);
    expect(el.shadowRoot!.querySelector('#panel-token > *'), 'unvisited panels are not rendered').to.equal(null);
  });
});
