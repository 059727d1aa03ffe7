/* eslint-disable lit/binding-positions, lit/no-invalid-html -- heading tags are static values (headings.ts, lit/static-html) */
import { adoptStyles, css, nothing, type PropertyValues } from 'lit';
import { html } from 'lit/static-html.js';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { styleProperties } from '../../internal/style-properties.js';
import { localized, msg, str } from '@lit/localize';
import { toIntegrationError } from '../../core/errors.js';
import type { UsageRange, UsageStats } from '../../core/types.js';
import { QueryController } from '../../controllers/query-controller.js';
import { formatDateTime, formatNumber, formatPercent, formatQuantity } from '../../internal/format.js';
import { icons } from '../../internal/icons.js';
import { base, tokens } from '../../styles/tokens.js';
import { DetailsPanelElement } from './details-panel.js';
import { headingTag } from './headings.js';
import { describeError, errorSentence } from '../../internal/error-text.js';
import { panelStyles } from './panel.styles.js';
import { loadedUsageCharts, loadUsageCharts, type UsageChartsModule } from './usage-charts-loader.js';
import { csvName, downloadCsv, usageCsv } from './csv.js';

const RANGES: readonly UsageRange[] = ['24h', '7d', '30d'];

/**
 * Usage analytics of one integration: a time range, charts of calls, errors and latency (loaded
 * on first render, see usage-charts-loader.ts) and the provider quota as a meter.
 *
 * @summary Usage charts and quota of one integration.
 * @fires integration-error - The usage report could not be loaded.
 * @internal
 */
@localized()
export class IntegrationUsagePanelElement extends DetailsPanelElement {
  static override styles = [
    tokens,
    base,
    panelStyles,
    css`
      fieldset.range {
        display: inline-flex;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 2px;
        margin: 0;
        gap: 2px;
      }
      .segment {
        position: relative;
        display: inline-flex;
      }
      .segment input {
        position: absolute;
        inset: 0;
        opacity: 0;
        margin: 0;
        cursor: pointer;
      }
      .segment span {
        padding: calc(var(--_space) * 0.5) calc(var(--_space) * 1.25);
        border-radius: calc(var(--_radius) - 3px);
        font-size: 0.9em;
        font-weight: 600;
      }
      .segment input:checked + span {
        background: var(--_accent);
        color: var(--_on-accent);
      }
      .segment input:focus-visible + span {
        box-shadow: var(--_focus);
      }
      .quota {
        margin-block-end: calc(var(--_space) * 2);
      }
      .quota-head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: var(--_space);
        margin-block-end: 6px;
      }
      .quota-label {
        font-weight: 650;
      }
      .quota-value {
        display: inline-flex;
        align-items: center;
        gap: 0.35em;
        font-variant-numeric: tabular-nums;
      }
      .meter {
        block-size: 0.6rem;
        border-radius: 999px;
        background: var(--_surface-raised);
        border: 1px solid var(--_border);
        overflow: hidden;
      }
      .fill {
        block-size: 100%;
        background: var(--mwap-integration-details-quota-color, var(--_accent));
        border-radius: inherit;
      }
      .high .fill {
        background: var(--_warning);
      }
      .critical .fill {
        background: var(--_danger);
      }
      .critical .quota-value {
        color: var(--_danger);
        font-weight: 650;
      }
      .quota p {
        margin-block-start: 4px;
        font-size: 0.85em;
      }
      .charts-slot[aria-busy='true'] {
        opacity: 0.6;
        transition: opacity 150ms;
      }
      .placeholder {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
        gap: calc(var(--_space) * 2);
      }
      .placeholder .skeleton {
        height: 11rem;
      }
    `,
  ];

  /** @internal */
  @state() private range: UsageRange = '7d';
  /** The chart module, once loaded. @internal */
  @state() private charts: UsageChartsModule | undefined = loadedUsageCharts();
  /** @internal */
  @state() private chartsFailed = false;
  /** @internal */
  @state() private tableVisible = false;
  #chartStylesAdopted = false;

  readonly #usage = new QueryController<UsageStats>(
    this,
    (client) =>
      this.integration
        ? {
            ...client.queries.usage(this.integration.id, this.range),
            // Keep the last range on screen while the next one loads, instead of a blank flash.
            placeholderData: (previous: UsageStats | undefined) => previous,
          }
        : undefined,
    () => this.activeClient,
  );

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.charts) this.#loadCharts();
  }

  #loadCharts = (): void => {
    this.chartsFailed = false;
    loadUsageCharts().then(
      (charts) => (this.charts = charts),
      (error: unknown) => {
        this.chartsFailed = true;
        this.emitError(error, this.integration?.id);
      },
    );
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.charts && !this.#chartStylesAdopted && this.renderRoot instanceof ShadowRoot) {
      const own = (this.constructor as typeof IntegrationUsagePanelElement).elementStyles;
      adoptStyles(this.renderRoot, [...own, this.charts.usageChartStyles]);
      this.#chartStylesAdopted = true;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#usage.state?.status === 'error') this.reportOnce(this.#usage.state.error);
  }

  #selectRange(range: UsageRange): void {
    this.range = range;
  }

  /** The range shown as CSV: the server's export when it has one, else built from the report. */
  #download = (): void => {
    const client = this.activeClient;
    const id = this.integration?.id;
    if (!client || !id) return;
    const range = this.range;
    void this.perform('download', {
      run: async () => {
        const text = (await client.api.getCsv(id, 'usage', { range })) ?? usageCsv(await client.getUsage(id, range));
        downloadCsv(csvName(id, `usage-${range}`), text, this);
      },
      failure: (error) => msg(str`Could not export the usage: ${errorSentence(error)}`),
    });
  };

  protected override render() {
    if (!this.integration) return nothing;
    const query = this.#usage.state;
    const stats = query?.data;
    const switching = Boolean(query?.isPlaceholderData) || (Boolean(stats) && stats?.range !== this.range);
    const section = headingTag(this.headingLevel + 1);
    return html`<div class="panel-head">
        <${section} class="section-heading">${msg('Usage')}</${section}>
        <fieldset class="range">
          <legend class="visually-hidden">${msg('Time range')}</legend>
          ${RANGES.map(
            (range) => html`<label class="segment">
              <input
                type="radio"
                name="range"
                value=${range}
                .checked=${live(range === this.range)}
                @change=${() => this.#selectRange(range)}
              /><span dir="auto">${rangeLabel(range)}</span>
            </label>`,
          )}
        </fieldset>
        <button type="button" class="quiet download" aria-disabled=${this.isBusy('download') ? 'true' : 'false'} @click=${this.#download}>
          ${msg('Download CSV')}
        </button>
      </div>
      ${
        query?.status === 'error' && !stats
          ? html`<div class="notice danger">
            <span class="text">${msg(str`Could not load usage: ${errorSentence(toIntegrationError(query.error))}`)}</span>
            ${
              describeError(query.error).canRetry
                ? html`<button type="button" @click=${() => void this.#usage.refetch()}>${msg('Try again')}</button>`
                : nothing
            }
          </div>`
          : nothing
      }
      ${stats ? this.#renderQuota(stats) : nothing}
      <div class="charts-slot" aria-busy=${switching || !stats ? 'true' : 'false'}>${this.#renderCharts(stats)}</div>`;
  }

  #renderCharts(stats: UsageStats | undefined) {
    if (this.chartsFailed) {
      return html`<div class="notice danger">
        <span class="text">${msg('The charts could not be loaded.')}</span>
        <button type="button" @click=${this.#loadCharts}>${msg('Try again')}</button>
      </div>`;
    }
    if (!stats && this.#usage.state?.status === 'error') return nothing;
    if (!stats || !this.charts) {
      return html`<div class="placeholder" role="status">
        <span class="visually-hidden">${msg('Loading usage…')}</span>
        <span class="skeleton" aria-hidden="true"></span><span class="skeleton" aria-hidden="true"></span><span class="skeleton" aria-hidden="true"></span>
      </div>`;
    }
    return this.charts.renderUsageCharts(stats, {
      tableVisible: this.tableVisible,
      onToggleTable: () => (this.tableVisible = !this.tableVisible),
    });
  }

  #renderQuota(stats: UsageStats) {
    const quota = stats.quota;
    if (!quota) return nothing;
    const ratio = quota.limit > 0 ? Math.min(1, quota.used / quota.limit) : 0;
    const level = ratio >= 0.9 ? 'critical' : ratio >= 0.75 ? 'high' : 'normal';
    const pct = formatPercent(ratio);
    const used = formatNumber(quota.used);
    const limit = formatNumber(quota.limit);
    const label = quota.period === 'day' ? msg('Quota today') : msg('Quota this month');
    const valueText = msg(str`${used} of ${limit} calls used (${pct})`);
    return html`<div class="quota ${level}">
      <div class="quota-head">
        <span class="quota-label" id="quota-label">${label}</span>
        <span class="quota-value">${level === 'critical' ? icons.alert : nothing}${valueText}${level === 'critical' ? html` · ${msg('almost used up')}` : nothing}</span>
      </div>
      <div
        class="meter"
        role="meter"
        aria-labelledby="quota-label"
        aria-valuemin="0"
        aria-valuemax=${quota.limit}
        aria-valuenow=${Math.min(quota.used, quota.limit)}
        aria-valuetext=${valueText}
      >
        <div class="fill" style=${styleProperties({ 'inline-size': `${ratio * 100}%` })}></div>
      </div>
      <p class="muted">${msg(str`Resets ${formatDateTime(quota.resetsAt)}`)}</p>
    </div>`;
  }
}

/** A count and its unit as one Intl result ("24 hours", "7 Tage"). */
function rangeLabel(range: UsageRange): string {
  switch (range) {
    case '24h':
      return formatQuantity(24, 'hour');
    case '7d':
      return formatQuantity(7, 'day');
    case '30d':
      return formatQuantity(30, 'day');
  }
}
