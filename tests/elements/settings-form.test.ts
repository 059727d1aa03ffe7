/**
 * The settings form part (src/internal/settings-form.ts): one rendering of a provider's settings,
 * the same in the wizard's Details step and in the details' Settings tab.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/elements/integration-details/define.js';
import '../../src/elements/integration-wizard/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import type { IntegrationWizardElement } from '../../src/elements/integration-wizard/define.js';
import type { ProviderSettingField } from '../../src/core/types.js';
import { NOT_A_NUMBER, readEdit, renderFormField, settingFormField } from '../../src/internal/settings-form.js';
import { expectFocusOn } from '../support/dom.js';
import { frames } from '../support/clock.js';
import { detailsApi, inShadow, removeToasts, waitForShadow, type DetailsApi } from './integration-details.fake-api.js';
import { withoutIsolates } from '../support/bidi.js';

const text = (node: Element | null | undefined) =>
  withoutIsolates(node?.textContent ?? '')
    .replace(/\s+/g, ' ')
    .trim();

const SCHEMA: ProviderSettingField[] = [
  {
    key: 'region',
    label: 'Region',
    type: 'select',
    required: true,
    options: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
    // Partial: an option without a label shows its value.
    optionLabels: { 'eu-west-1': 'Europe (Ireland)', 'us-east-1': 'US East (Virginia)' },
  },
  {
    key: 'bucket',
    label: 'Bucket',
    type: 'string',
    required: true,
    pattern: '^[a-z0-9-]+$',
    description: 'Lower-case letters, digits and dashes.',
  },
  { key: 'maxRetries', label: 'Max retries', type: 'number', min: 0, max: 10, default: 3, required: true },
  { key: 'tier', label: 'Tier', type: 'select', options: ['hot', 'cold'], optionLabels: { hot: 'Hot', cold: 'Cold' } },
  { key: 'verbose', label: 'Verbose logging', type: 'boolean' },
];

/** What a person and a screen reader get of one setting's control (apart from its value and the empty choice). */
function describeControl(shadow: ShadowRoot, key: string) {
  const control = shadow.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-path="settings.${key}"]`)!;
  const described = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return {
    id: control.id,
    tag: control.localName,
    type: control instanceof HTMLInputElement ? control.type : undefined,
    label: text(shadow.querySelector(`label[for="${control.id}"]`)),
    required: control.getAttribute('aria-required'),
    hint: described.filter((id) => id.endsWith('-hint')).map((id) => text(shadow.getElementById(id))),
    options: control instanceof HTMLSelectElement ? [...control.options].filter((o) => o.value).map((o) => [o.value, text(o)]) : undefined,
  };
}

let api: DetailsApi;
beforeEach(() => {
  api = detailsApi({ settings: { region: 'eu-west-1', bucket: 'backups' } });
  api.server.providers = api.server.providers.map((p) => (p.id === 'dev-cloud' ? { ...p, settingsSchema: SCHEMA } : p));
});
afterEach(async () => {
  api.client.destroy();
  removeToasts();
  await resetMouse();
});

async function settingsTab() {
  const el = await fixture<IntegrationDetailsElement>(
    html`<integration-details integration-id="int-1" tab="settings" .client=${api.client}></integration-details>`,
  );
  const panel = await waitForShadow(el, '#panel-settings > *', 'the settings panel');
  await waitForShadow(panel, 'form');
  return { el, panel };
}

describe('the settings form', () => {
  it('is the same form in the wizard’s Details step and in the Settings tab', async () => {
    const wizard = await fixture<IntegrationWizardElement>(
      html`<integration-wizard provider-id="dev-cloud" .client=${api.client}></integration-wizard>`,
    );
    await waitUntil(() => wizard.shadowRoot!.querySelector('[data-path="settings.region"]'), 'the wizard’s settings');
    const { panel } = await settingsTab();

    for (const field of SCHEMA) {
      const inWizard = describeControl(wizard.shadowRoot!, field.key);
      expect(inWizard, field.key).to.deep.equal(describeControl(panel.shadowRoot!, field.key));
    }
    expect(describeControl(panel.shadowRoot!, 'region')).to.deep.equal({
      id: 'field-region',
      tag: 'select',
      type: undefined,
      label: 'Region *',
      required: 'true',
      hint: [],
      options: [
        ['eu-west-1', 'Europe (Ireland)'],
        ['us-east-1', 'US East (Virginia)'],
        ['ap-southeast-2', 'ap-southeast-2'],
      ],
    });
    const retries = describeControl(panel.shadowRoot!, 'maxRetries');
    expect(retries.label, 'a required setting with a default may be left empty').to.equal('Max retries');
    expect(retries.required).to.equal(null);
    expect(retries.hint).to.deep.equal(['From 0 to 10.']);
    expect(retries.type).to.equal('number');
    expect(describeControl(panel.shadowRoot!, 'bucket').hint).to.deep.equal(['Lower-case letters, digits and dashes.']);
    expect(describeControl(panel.shadowRoot!, 'tier').options).to.deep.equal([
      ['hot', 'Hot'],
      ['cold', 'Cold'],
    ]);
    // The empty choice: "Choose…" while a required select has no value yet, "None" on an optional one.
    const emptyChoice = (shadow: ShadowRoot, key: string) => text(shadow.querySelector(`[data-path="settings.${key}"] option[value=""]`));
    expect(emptyChoice(wizard.shadowRoot!, 'region')).to.equal('Choose…');
    expect(panel.shadowRoot!.querySelector('[data-path="settings.region"] option[value=""]'), 'a required select with a value').to.equal(
      null,
    );
    expect(emptyChoice(wizard.shadowRoot!, 'tier')).to.equal('None');
    expect(emptyChoice(panel.shadowRoot!, 'tier')).to.equal('None');
    await expect(wizard).to.be.accessible();
    await expect(panel).to.be.accessible();
  });

  it('shows an error linked to its control, and the host’s notes beside the hint', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const bucket = settingFormField(SCHEMA[1]!);
    render(
      renderFormField(bucket, 'Not valid', 'Bucket does not exist.', [{ id: 'bucket-theirs', content: 'Someone else changed this.' }]),
      host,
    );
    const input = host.querySelector('input')!;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('field-bucket-hint bucket-theirs field-bucket-error');
    expect(text(host.querySelector('#field-bucket-error'))).to.equal('Bucket does not exist.');
    expect(text(host.querySelector('#bucket-theirs'))).to.equal('Someone else changed this.');

    render(renderFormField(bucket, 'fine', undefined), host);
    expect(input.hasAttribute('aria-invalid')).to.equal(false);
    expect(input.getAttribute('aria-describedby')).to.equal('field-bucket-hint');
    expect(host.querySelector('#field-bucket-error')).to.equal(null);
  });

  it('reads text that is no number as such, and keeps what was typed', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const retries = settingFormField(SCHEMA[2]!);
    const edits: unknown[] = [];
    host.addEventListener('input', (event) => edits.push(readEdit(event)?.value));
    render(renderFormField(retries, '3', undefined), host);
    const input = host.querySelector('input')!;
    input.focus();
    input.select();
    await sendKeys({ type: '1e' });
    expect(edits.at(-1)).to.equal(NOT_A_NUMBER);
    render(renderFormField(retries, NOT_A_NUMBER, 'Max retries must be a number.'), host);
    expect(input.validity.badInput, 'the typed text is still there').to.equal(true);
  });

  it('in the Settings tab, a press on Save that makes an error appear still saves (or checks)', async () => {
    const { panel } = await settingsTab();
    const bucket = inShadow<HTMLInputElement>(panel, '#field-bucket');
    bucket.focus();
    bucket.select();
    await sendKeys({ press: 'Backspace' });
    const save = inShadow<HTMLButtonElement>(panel, 'button.save');
    save.scrollIntoView({ block: 'center' });
    const box = save.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    await sendMouse({ type: 'down' });
    await frames(2);
    await sendMouse({ type: 'up' });
    await waitUntil(() => bucket.getAttribute('aria-invalid') === 'true', 'the error shows');
    expect(text(inShadow(panel, '#field-bucket-error'))).to.equal('Bucket is required.');
    // Save ran: it sent focus to the first field that needs attention.
    expectFocusOn(bucket);
    expect(api.count('PATCH', /./)).to.equal(0);
  });

  it('in the Settings tab, the press lands on Save and the edit is saved', async () => {
    const { el, panel } = await settingsTab();
    const bucket = inShadow<HTMLInputElement>(panel, '#field-bucket');
    bucket.focus();
    bucket.select();
    await sendKeys({ type: 'nightly' });
    const save = inShadow<HTMLButtonElement>(panel, 'button.save');
    save.scrollIntoView({ block: 'center' });
    const box = save.getBoundingClientRect();
    const updated = oneEvent(el, 'integration-updated');
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    expect((await updated).detail.integration.settings.bucket).to.equal('nightly');
  });
});
