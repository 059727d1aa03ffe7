/** Stateless parts of the wizard's rendering: the step heading and indicator, the save error, the review summary. */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { isolate } from '../../internal/bidi.js';
import type { IntegrationsClient } from '../../core/client.js';
import type { IntegrationError } from '../../core/errors.js';
import type { CloudProvider, Integration, SettingValue } from '../../core/types.js';
import { describeError } from '../../internal/error-text.js';
import { icons } from '../../internal/icons.js';
import '../token-status-badge/define.js';

export const STEPS = ['provider', 'details', 'authorize', 'review'] as const;
export type WizardStep = (typeof STEPS)[number];

export function stepLabel(step: WizardStep): string {
  switch (step) {
    case 'provider':
      return msg('Provider');
    case 'details':
      return msg('Details');
    case 'authorize':
      return msg('Authorize');
    default:
      return msg('Review');
  }
}

/**
 * The step heading as a real `<h2>`…`<h6>` (hosts' styles and reading tools see a heading), one
 * template per level: a tag name cannot be a binding.
 */
export function renderStepHeading(level: number, content: TemplateResult) {
  switch (level) {
    case 3:
      return html`<h3 id="heading" part="heading" tabindex="-1">${content}</h3>`;
    case 4:
      return html`<h4 id="heading" part="heading" tabindex="-1">${content}</h4>`;
    case 5:
      return html`<h5 id="heading" part="heading" tabindex="-1">${content}</h5>`;
    case 6:
      return html`<h6 id="heading" part="heading" tabindex="-1">${content}</h6>`;
    default:
      return html`<h2 id="heading" part="heading" tabindex="-1">${content}</h2>`;
  }
}

/** A list of the steps; the current one carries `aria-current="step"`, done ones say so in words too. */
export function renderStepIndicator(current: WizardStep) {
  const index = STEPS.indexOf(current);
  return html`<nav part="steps" aria-label=${msg('Progress')}>
    <ol class="steps">
      ${STEPS.map(
        (step, i) => html`<li class=${i < index ? 'done' : ''} aria-current=${i === index ? 'step' : nothing}>
          <span class="marker" aria-hidden="true">${i < index ? icons.check : i + 1}</span>
          <span class="step-label"
            >${stepLabel(step)}${i < index ? html`<span class="visually-hidden"> ${msg('(completed)')}</span>` : nothing}</span
          >
        </li>`,
      )}
    </ol>
  </nav>`;
}

/** Why saving failed, and (when trying again can help) a way to try again. */
export function renderSaveError(error: IntegrationError, otherMessages: readonly string[], retry: () => void) {
  const fieldsOnly = error.code === 'validation_failed';
  const { title, hint, canRetry } = describeError(error);
  // The server's own message is English: only a tooltip, for support.
  return html`<div class="alert" part="alert" role="alert">
    <p>${icons.alert}<span title=${error.message}><strong>${msg('The integration could not be saved.')}</strong> ${fieldsOnly && otherMessages.length ? nothing : `${title} ${hint}`}</span></p>
    ${otherMessages.length ? html`<ul>${otherMessages.map((message) => html`<li>${message}</li>`)}</ul>` : nothing}
    ${canRetry ? html`<button type="button" @click=${retry}>${msg('Try again')}</button>` : nothing}
  </div>`;
}

function settingText(value: SettingValue | undefined): string {
  if (value === undefined || value === null || value === '') return msg('Not set');
  if (typeof value === 'boolean') return value ? msg('Yes') : msg('No');
  return String(value);
}

/** The badge reads the integration from the shared cache by id: live, never the wizard's older copy. */
export function renderReview(integration: Integration, provider: CloudProvider, client: IntegrationsClient | undefined) {
  return html`<p class="success" role="status">
      ${icons.check}<span>${msg(str`“${isolate(integration.name)}” is connected to ${isolate(provider.name)}.`)}</span>
    </p>
    <dl part="summary">
      <dt>${msg('Provider')}</dt>
      <dd>${provider.name}</dd>
      <dt>${msg('Name')}</dt>
      <dd>${integration.name}</dd>
      <dt>${msg('Description')}</dt>
      <dd>${integration.description || msg('None')}</dd>
      ${provider.settingsSchema.map((field) => html`<dt>${field.label}</dt><dd>${settingText(integration.settings[field.key])}</dd>`)}
      <dt>${msg('Access')}</dt>
      <dd><token-status-badge .client=${client} integration-id=${integration.id}></token-status-badge></dd>
    </dl>`;
}
