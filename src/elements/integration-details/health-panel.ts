/* eslint-disable lit/binding-positions, lit/no-invalid-html -- heading tags are static values (headings.ts, lit/static-html) */
import { css, nothing } from 'lit';
import { html } from 'lit/static-html.js';
import { state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { IntegrationError } from '../../core/errors.js';
import type { ConnectionCheck, ConnectionTestResult } from '../../core/types.js';
import { formatDateTime, formatMilliseconds, formatNumber, formatRelative } from '../../internal/format.js';
import { icons } from '../../internal/icons.js';
import { base, tokens } from '../../styles/tokens.js';
import { GuardedPanelElement } from './guarded-panel.js';
import { headingTag } from './headings.js';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { panelStyles } from './panel.styles.js';
import { troubleshootingHint } from './troubleshooting.js';

/**
 * Connection health of one integration: when it was last checked, and Test connection with the
 * result of every check (passed or failed, latency, message) and what to try for each failure.
 *
 * @summary Connection test and diagnostics of one integration.
 * @fires integration-error - The test could not run.
 * @internal
 */
@localized()
export class IntegrationHealthPanelElement extends GuardedPanelElement {
  static override styles = [
    tokens,
    base,
    panelStyles,
    css`
      .summary {
        display: flex;
        align-items: center;
        gap: 0.45em;
        font-weight: 650;
        margin-block: calc(var(--_space) * 2) var(--_space);
      }
      .tested {
        margin-block-end: var(--_space);
        font-size: 0.9em;
      }
      .checks {
        list-style: none;
        margin: 0;
        padding: 0;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      .check {
        display: grid;
        grid-template-columns: auto 1fr auto;
        gap: 2px calc(var(--_space) * 1.5);
        padding: calc(var(--_space) * 1.25) calc(var(--_space) * 1.5);
      }
      .check + .check {
        border-block-start: 1px solid var(--_border);
      }
      .verdict {
        display: inline-flex;
        align-items: center;
        gap: 0.35em;
        font-weight: 600;
        min-inline-size: 5.5em;
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .latency {
        color: var(--_text-muted);
        font-variant-numeric: tabular-nums;
      }
      .message,
      .hint {
        grid-column: 2 / -1;
        overflow-wrap: anywhere;
      }
      .hint {
        margin-block-start: 4px;
        padding: calc(var(--_space) * 0.75) var(--_space);
        border-radius: calc(var(--_radius) - 2px);
        background: var(--_surface-raised);
      }
      .code {
        font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
        font-size: 0.85em;
        color: var(--_text-muted);
      }
    `,
  ];

  /** The latest test this panel ran. @internal */
  @state() private result: ConnectionTestResult | undefined;
  /** Why the latest test could not run. @internal */
  @state() private failure: IntegrationError | undefined;

  #runTest = async (): Promise<void> => {
    const integration = this.integration;
    const client = this.activeClient;
    if (!integration || !client || !this.can('test')) return;
    this.failure = undefined;
    const outcome = await this.perform('test', {
      run: () => client.testConnection(integration.id),
      success: (result) =>
        result.ok
          ? msg('Connection test passed.')
          : { message: msg('Connection test found problems.'), variant: 'error' as const, durationMs: 8000 },
      failure: (error) => msg(str`Could not test the connection: ${errorSentence(error)}`),
      retry: () => void this.#runTest(),
    });
    if (outcome.ok) this.result = outcome.value;
    else if (outcome.error.code !== 'aborted') this.failure = outcome.error;
  };

  protected override render() {
    const integration = this.integration;
    if (!integration) return nothing;
    const busy = this.isBusy('test');
    const section = headingTag(this.headingLevel + 1);
    return html`<div class="panel-head">
        <${section} class="section-heading">${msg('Connection health')}</${section}>
      </div>
      <p>
        ${msg('Last health check:')}
        ${
          integration.lastHealthCheck
            ? html`<time datetime=${integration.lastHealthCheck}>${formatRelative(integration.lastHealthCheck)}</time>
              <span class="muted">· ${formatDateTime(integration.lastHealthCheck)}</span>`
            : html`<span class="muted">${msg('never')}</span>`
        }
      </p>
      ${
        this.can('test')
          ? html`<div class="buttons">
            <button type="button" class="test primary" aria-disabled=${busy} @click=${this.#runTest}>
              ${busy ? html`<span class="spinner" aria-hidden="true"></span>${msg('Testing…')}` : html`${icons.plug}${msg('Test connection')}`}
            </button>
          </div>`
          : nothing
      }
      ${
        this.failure
          ? html`<div class="notice danger">
            <span class="text">${msg(str`The test could not run: ${errorSentence(this.failure)}`)}</span>
            ${
              // Trying again cannot help a role that may not test.
              describeError(this.failure).canRetry
                ? html`<button type="button" @click=${this.#runTest}>${msg('Try again')}</button>`
                : nothing
            }
          </div>`
          : nothing
      }
      ${this.result ? this.#renderResult(this.result) : nothing}`;
  }

  #renderResult(result: ConnectionTestResult) {
    const failed = formatNumber(result.checks.filter((check) => !check.ok).length);
    const total = formatNumber(result.checks.length);
    const latency = formatMilliseconds(result.latencyMs);
    const summary = result.ok ? msg(str`All ${total} checks passed in ${latency}.`) : msg(str`${failed} of ${total} checks failed.`);
    return html`<section aria-labelledby="summary" class="result" aria-busy=${this.isBusy('test')}>
      <p id="summary" class="summary ${result.ok ? 'ok' : 'failed'}">${result.ok ? icons.check : icons.alert}<span>${summary}</span></p>
      <p class="muted tested">${msg(str`Tested ${formatDateTime(result.testedAt)}`)}</p>
      <ul class="checks" aria-label=${msg('Checks')}>
        ${result.checks.map((check) => this.#renderCheck(check))}
      </ul>
    </section>`;
  }

  #renderCheck(check: ConnectionCheck) {
    return html`<li class="check ${check.ok ? 'passed' : 'not-passed'}">
      <span class="verdict ${check.ok ? 'ok' : 'failed'}">${check.ok ? icons.check : icons.cross}${check.ok ? msg('Passed') : msg('Failed')}</span>
      <span class="name"><bdi>${check.name}</bdi></span>
      <span class="latency">${formatMilliseconds(check.latencyMs)}</span>
      ${check.message ? html`<p class="message"><bdi>${check.message}</bdi></p>` : nothing}
      ${
        check.ok
          ? nothing
          : html`<p class="hint">
            <strong>${msg('What to try:')}</strong> ${troubleshootingHint(check.errorCode)}
            ${check.errorCode ? html`<span class="code">(${check.errorCode})</span>` : nothing}
          </p>`
      }
    </li>`;
  }
}
