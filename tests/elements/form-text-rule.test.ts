/**
 * The forms refuse what the server refuses: a name, description or text setting holding NUL (or
 * another control character) or half of a surrogate pair gets the server's field error before
 * anything is sent (the text rule of src/core/rules.ts, checked through src/internal/form-rules.ts).
 * Values are pasted: a paste sets the control's value and fires `input`, which no keyboard can do
 * with U+0000.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-wizard/define.js';
import '../../src/elements/integration-details/define.js';
import type { IntegrationWizardElement } from '../../src/elements/integration-wizard/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import { createClient, type Integration, type IntegrationsClient } from '../../src/core/index.js';
import { DETAILS_HEADER_TAG } from '../../src/internal/tags.js';
import { fakeServer } from '../support/fake-server.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { makeIntegration } from '../support/fixtures.js';
import { withoutIsolates } from '../support/bidi.js';
import { detailsApi, inShadow, removeToasts, waitForShadow, type DetailsApi } from './integration-details.fake-api.js';

const BASE = 'https://api.example.com/api';
const NUL = 'Prod\u0000storage';
const LONE_SURROGATE = 'Prod \uD83D storage';
const NAME_CONTROL = 'Name must not contain control characters (such as NUL, tabs or line breaks).';
const NAME_SURROGATE = 'Name contains an incomplete character (a lone UTF-16 surrogate).';

/** Puts `value` into the control as a paste does: the value changes, then `input` fires. */
function paste(control: HTMLInputElement | HTMLTextAreaElement, value: string) {
  control.focus();
  control.value = value;
  control.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: value }));
}

const read = (node: Element | null | undefined) => withoutIsolates(node?.textContent ?? '').trim();
const writes = (requests: ReadonlyArray<{ method: string }>) => requests.filter((r) => r.method !== 'GET').length;

describe('the wizard refuses text the server refuses', () => {
  let client: IntegrationsClient;
  afterEach(() => client.destroy());

  async function details() {
    const server = fakeServer([]);
    server.intercept((request) => {
      if (request.method !== 'POST' || !request.url.pathname.endsWith('/integrations')) return undefined;
      const body = request.body as Partial<Integration>;
      return jsonResponse(201, makeIntegration({ id: 'int-new', status: 'pending', tokenStatus: 'none', tokenExpiresAt: null, ...body }));
    });
    client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, retry: { attempts: 1 } });
    const el = await fixture<IntegrationWizardElement>(
      html`<integration-wizard .client=${client} provider-id="dev-analytics"></integration-wizard>`,
    );
    await waitUntil(() => el.currentStep === 'details' && el.shadowRoot!.querySelector('[data-path="name"]'), 'details');
    const control = (path: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`[data-path="${path}"]`)!;
    const errorFor = (path: string) => {
      const id = (control(path).getAttribute('aria-describedby') ?? '').split(' ').find((part) => part.endsWith('-error'));
      return id ? read(el.shadowRoot!.getElementById(id)) : undefined;
    };
    paste(control('settings.projectId'), 'web-shop');
    return { el, server, control, errorFor };
  }

  for (const [what, name, error] of [
    ['NUL', NUL, NAME_CONTROL],
    ['a lone surrogate', LONE_SURROGATE, NAME_SURROGATE],
  ] as const) {
    it(`a name with ${what}: the field error, focus on the field, and no request`, async () => {
      const { el, server, control, errorFor } = await details();
      paste(control('name'), name);
      el.shadowRoot!.querySelector('form')!.requestSubmit();
      await waitUntil(() => errorFor('name'), 'the name error');
      expect(errorFor('name')).to.equal(error);
      expect(control('name').getAttribute('aria-invalid')).to.equal('true');
      expect(el.currentStep).to.equal('details');
      expect(writes(server.requests), 'nothing sent').to.equal(0);

      // Fixed, it goes: the rule stops only what the server would refuse.
      paste(control('name'), 'Prod storage');
      el.shadowRoot!.querySelector('form')!.requestSubmit();
      await waitUntil(() => el.currentStep === 'authorize', 'created');
      expect(server.requests.filter((r) => r.method === 'POST')).to.have.length(1);
    });
  }

  it('a description keeps its line breaks and tabs, not a lone surrogate', async () => {
    const { el, server, control, errorFor } = await details();
    paste(control('name'), 'Prod storage');
    paste(control('description'), 'Line one\n\tLine two \uDC00');
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await waitUntil(() => errorFor('description'), 'the description error');
    expect(errorFor('description')).to.equal('Description contains an incomplete character (a lone UTF-16 surrogate).');
    expect(writes(server.requests)).to.equal(0);

    paste(control('description'), 'Line one\n\tLine two');
    el.shadowRoot!.querySelector('form')!.requestSubmit();
    await waitUntil(() => el.currentStep === 'authorize', 'created');
    expect(server.requests.find((r) => r.method === 'POST')!.body).to.include({ description: 'Line one\n\tLine two' });
  });
});

describe('the details refuse text the server refuses', () => {
  let api: DetailsApi;
  beforeEach(() => {
    api = detailsApi();
    // A free-text setting (no pattern, which would refuse such text for its own reason first).
    api.server.providers[0]!.settingsSchema.push({ key: 'note', label: 'Note', type: 'string' });
  });
  afterEach(() => {
    api.client.destroy();
    removeToasts();
  });

  it('the header: a pasted name with NUL and a description with a C1 control are not saved', async () => {
    const el = await fixture<IntegrationDetailsElement>(
      html`<integration-details integration-id="int-1" .client=${api.client}></integration-details>`,
    );
    const header = await waitForShadow(el, DETAILS_HEADER_TAG, 'the header');
    (await waitForShadow(header, 'button.edit', 'the edit button')).click();
    const name = await waitForShadow<HTMLInputElement>(header, 'input#name');
    paste(name, NUL);
    paste(inShadow<HTMLTextAreaElement>(header, 'textarea#description'), 'Backups\u0085');
    inShadow(header, 'form.edit').dispatchEvent(new SubmitEvent('submit', { cancelable: true }));
    await waitUntil(() => read(inShadow(header, '#name-error')), 'the name error');
    expect(read(inShadow(header, '#name-error'))).to.equal(NAME_CONTROL);
    expect(read(inShadow(header, '#description-error'))).to.equal(
      'Description must not contain control characters other than line breaks and tabs.',
    );
    expect(header.shadowRoot!.activeElement, 'focus on the first field to fix').to.equal(name);
    expect(api.count('PATCH', /./), 'nothing sent').to.equal(0);

    paste(name, 'Archive storage');
    paste(inShadow<HTMLTextAreaElement>(header, 'textarea#description'), 'Backups');
    inShadow(header, 'form.edit').dispatchEvent(new SubmitEvent('submit', { cancelable: true }));
    await waitUntil(() => api.count('PATCH', /./) === 1, 'saved once fixed');
    expect(api.requests.find((r) => r.method === 'PATCH')!.body).to.deep.equal({ name: 'Archive storage', description: 'Backups' });
  });

  it('the settings editor: a text setting with a lone surrogate shows its error and Save sends nothing', async () => {
    const el = await fixture<IntegrationDetailsElement>(
      html`<integration-details integration-id="int-1" tab="settings" .client=${api.client}></integration-details>`,
    );
    const panel = await waitForShadow(el, '#panel-settings > *', 'the settings panel');
    const note = await waitForShadow<HTMLInputElement>(panel, '#field-note', 'the note field');
    paste(note, 'a\uD800b');
    inShadow(panel, 'button.save').click();
    await waitUntil(() => note.getAttribute('aria-invalid') === 'true', 'the error shows');
    expect(read(inShadow(panel, '#field-note-error'))).to.equal('Note contains an incomplete character (a lone UTF-16 surrogate).');
    expect(api.count('PATCH', /./), 'nothing sent').to.equal(0);

    paste(note, 'a\u0000b');
    inShadow(panel, 'button.save').click();
    await waitUntil(() => read(panel.shadowRoot!.querySelector('#field-note-error')).includes('control characters'), 'the NUL error');
    expect(read(inShadow(panel, '#field-note-error'))).to.equal(
      'Note must not contain control characters (such as NUL, tabs or line breaks).',
    );
    expect(api.count('PATCH', /./)).to.equal(0);

    paste(note, 'ab');
    inShadow(panel, 'button.save').click();
    await waitUntil(() => api.count('PATCH', /./) === 1, 'saved once fixed');
    const sent = api.requests.find((r) => r.method === 'PATCH')!.body as { settings: Record<string, unknown> };
    expect(sent.settings.note).to.equal('ab');
  });
});
