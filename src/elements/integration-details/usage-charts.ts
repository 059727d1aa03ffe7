/**
 * The usage charts of `<integration-details>`, drawn as small inline SVG (no chart library).
 * Loaded on demand through usage-charts-loader.ts: import nothing from here statically.
 *
 * Each chart is a `role="img"` SVG whose accessible name is a sentence summarising the series;
 * axis labels are HTML beside the plot, so text stays crisp and readable at any width while the
 * plot stretches. The numbers themselves are in one data table (visually hidden unless the user
 * asks to see it).
 * @internal
 */
import type { TemplateResult } from 'lit';
import type { UsagePoint, UsageStats } from '../../core/types.js';
// Only through usage-charts-deps.ts: the script tag's charts file gets these from its bundle.
import {
  css,
  dateTimeFormat,
  formatDateTime,
  formatMilliseconds,
  formatNumber,
  formatPercent,
  html,
  msg,
  nothing,
  str,
  styleProperties,
  svg,
} from './usage-charts-deps.js';

/** Width of one time slot in plot units; the height is always 100. */
const SLOT = 10;
const BAR = 7;

export interface UsageChartsOptions {
  /** Whether the data table is shown (it is always in the accessibility tree). */
  tableVisible: boolean;
  onToggleTable: () => void;
}

interface Series {
  label: string;
  values: Array<number | null>;
}

export function renderUsageCharts(stats: UsageStats, options: UsageChartsOptions): TemplateResult {
  if (stats.points.length === 0) {
    return html`<p class="chart-empty">${msg('No usage recorded in this period.')}</p>`;
  }
  const labels = stats.points.map((point) => slotLabel(point.at, stats.interval));
  return html`<div class="charts">
      ${callsChart(stats, labels)} ${errorsChart(stats, labels)} ${latencyChart(stats, labels)}
    </div>
    <div class="table-toggle">
      <button type="button" aria-expanded=${options.tableVisible ? 'true' : 'false'} aria-controls="usage-table" @click=${options.onToggleTable}>
        ${options.tableVisible ? msg('Hide data table') : msg('Show data table')}
      </button>
    </div>
    ${dataTable(stats, options.tableVisible)}`;
}

// --- the three charts --------------------------------------------------------------------------

function callsChart(stats: UsageStats, labels: string[]) {
  const values = stats.points.map((p) => p.calls);
  const peak = peakOf(values);
  const summary =
    stats.totals.calls === 0
      ? msg('Calls: none in this period.')
      : msg(str`Calls: ${count(stats.totals.calls)} in total; busiest ${labels[peak.index] ?? ''} with ${count(peak.value)}.`);
  return chart({
    name: 'calls',
    title: msg('Calls'),
    total: count(stats.totals.calls),
    summary,
    labels,
    max: niceMax(peak.value),
    format: compact,
    body: (max) => bars(values, max, labels, (v) => msg(str`${count(v)} calls`)),
  });
}

function errorsChart(stats: UsageStats, labels: string[]) {
  const values = stats.points.map((p) => p.errors);
  const peak = peakOf(values);
  const rate = stats.totals.calls > 0 ? percent(stats.totals.errors / stats.totals.calls) : percent(0);
  const summary =
    stats.totals.errors === 0
      ? msg('Errors: none in this period.')
      : msg(
          str`Errors: ${count(stats.totals.errors)} in total (${rate} of calls); most ${labels[peak.index] ?? ''} with ${count(peak.value)}.`,
        );
  return chart({
    name: 'errors',
    title: msg('Errors'),
    total: `${count(stats.totals.errors)} · ${rate}`,
    summary,
    labels,
    max: niceMax(peak.value),
    format: compact,
    body: (max) => bars(values, max, labels, (v) => msg(str`${count(v)} errors`)),
  });
}

function latencyChart(stats: UsageStats, labels: string[]) {
  const p50: Series = { label: msg('p50 (median)'), values: stats.points.map((p) => p.latencyP50Ms) };
  const p95: Series = { label: msg('p95'), values: stats.points.map((p) => p.latencyP95Ms) };
  const known50 = p50.values.filter((v): v is number => v !== null);
  const peak95 = peakOf(p95.values.map((v) => v ?? 0));
  const summary =
    known50.length === 0
      ? msg('Latency: no measurements in this period.')
      : msg(
          str`Latency: median (p50) averaged ${ms(average(known50))}; p95 peaked at ${ms(peak95.value)} (${labels[peak95.index] ?? ''}).`,
        );
  const max = niceMax(Math.max(peak95.value, ...known50));
  return chart({
    name: 'latency',
    title: msg('Latency'),
    total: known50.length ? msg(str`p50 ${ms(average(known50))}`) : '—',
    summary,
    labels,
    max,
    format: (v) => ms(v, true),
    body: (top) => svg`${line(p50.values, top, 'p50')}${line(p95.values, top, 'p95')}`,
    overlay: (top) => [...dots(p50.values, top, 'p50'), ...dots(p95.values, top, 'p95')],
    legend: html`<ul class="legend">
      <li><span class="swatch p50" aria-hidden="true"></span>${p50.label}</li>
      <li><span class="swatch p95" aria-hidden="true"></span>${p95.label}</li>
    </ul>`,
  });
}

// --- drawing -----------------------------------------------------------------------------------

interface ChartSpec {
  name: string;
  title: string;
  total: string;
  summary: string;
  labels: string[];
  max: number;
  format: (value: number) => string;
  body: (max: number) => unknown;
  /** HTML drawn over the plot, in plot percentages: what the stretched SVG would distort. */
  overlay?: (max: number) => unknown;
  legend?: TemplateResult;
}

function chart(spec: ChartSpec) {
  const n = spec.labels.length;
  const width = n * SLOT;
  return html`<figure class="chart ${spec.name}">
    <figcaption><span class="chart-title">${spec.title}</span><span class="chart-total">${spec.total}</span></figcaption>
    <div class="plot">
      <div class="y-axis" aria-hidden="true">
        <span class="sizer">${spec.format(spec.max)}</span>
        <span class="top">${spec.format(spec.max)}</span>
        <span class="middle">${spec.format(spec.max / 2)}</span>
        <span class="bottom">${spec.format(0)}</span>
      </div>
      <div class="area">
        <svg role="img" aria-label=${spec.summary} viewBox="0 0 ${width} 100" preserveAspectRatio="none" width="100%" height="100%">
          <line class="grid" x1="0" x2=${width} y1="0.5" y2="0.5" vector-effect="non-scaling-stroke"></line>
          <line class="grid" x1="0" x2=${width} y1="50" y2="50" vector-effect="non-scaling-stroke"></line>
          <line class="axis" x1="0" x2=${width} y1="100" y2="100" vector-effect="non-scaling-stroke"></line>
          ${spec.body(spec.max)}
        </svg>
        ${spec.overlay?.(spec.max) ?? nothing}
      </div>
      <div class="x-axis" aria-hidden="true">
        ${tickIndexes(n).map((i) => html`<span style=${styleProperties({ left: `${((i + 0.5) / n) * 100}%` })}>${spec.labels[i]}</span>`)}
      </div>
    </div>
    ${spec.legend ?? nothing}
  </figure>`;
}

function bars(values: number[], max: number, labels: string[], describe: (value: number) => string) {
  return values.map((value, i) => {
    if (value <= 0) return nothing;
    const height = Math.max(0.8, (value / max) * 100);
    return svg`<rect class="bar" x=${i * SLOT + (SLOT - BAR) / 2} width=${BAR} y=${100 - height} height=${height}><title>${labels[i]}: ${describe(value)}</title></rect>`;
  });
}

/** A value with no known neighbour: no line can reach it. */
function isolated(values: Array<number | null>, i: number): boolean {
  return values[i] !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null;
}

/** A line through the known values; gaps (no measurement) break it. Lone points are dots (see `dots`). */
function line(values: Array<number | null>, max: number, name: string) {
  let d = '';
  let open = false;
  values.forEach((value, i) => {
    if (value === null || isolated(values, i)) {
      open = false;
      return;
    }
    d += `${open ? 'L' : 'M'}${i * SLOT + SLOT / 2} ${100 - (value / max) * 100}`;
    open = true;
  });
  return d ? svg`<path class="line ${name}" d=${d} vector-effect="non-scaling-stroke"></path>` : nothing;
}

/**
 * Lone points as round HTML dots over the plot: the SVG stretches to the chart's width, so a
 * circle in it would be an ellipse and a short segment a floating dash.
 */
function dots(values: Array<number | null>, max: number, name: string) {
  const n = values.length;
  return values.flatMap((value, i) =>
    value !== null && isolated(values, i)
      ? [
          html`<span
            class="dot ${name}"
            aria-hidden="true"
            style=${styleProperties({ left: `${((i + 0.5) / n) * 100}%`, top: `${100 - (value / max) * 100}%` })}
          ></span>`,
        ]
      : [],
  );
}

function dataTable(stats: UsageStats, visible: boolean) {
  return html`<div id="usage-table" class=${visible ? 'data-table' : 'data-table visually-hidden'}>
    <table>
      <caption>${msg('Usage data')}</caption>
      <thead>
        <tr>
          <th scope="col">${msg('Time')}</th>
          <th scope="col">${msg('Calls')}</th>
          <th scope="col">${msg('Errors')}</th>
          <th scope="col">${msg('Latency p50')}</th>
          <th scope="col">${msg('Latency p95')}</th>
        </tr>
      </thead>
      <tbody>
        ${stats.points.map(
          (point: UsagePoint) => html`<tr>
            <th scope="row"><time datetime=${point.at}>${formatDateTime(point.at)}</time></th>
            <td>${count(point.calls)}</td>
            <td>${count(point.errors)}</td>
            <td>${point.latencyP50Ms === null ? '—' : ms(point.latencyP50Ms)}</td>
            <td>${point.latencyP95Ms === null ? '—' : ms(point.latencyP95Ms)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

// --- numbers and time --------------------------------------------------------------------------

/** The next "round" number at or above `value` (1, 2, 5 × 10ⁿ), so gridlines read well. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const fraction = value / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}

/** At most six evenly spread labels on the time axis. */
function tickIndexes(n: number): number[] {
  const step = Math.max(1, Math.ceil(n / 6));
  const indexes: number[] = [];
  for (let i = 0; i < n; i += step) indexes.push(i);
  return indexes;
}

function peakOf(values: number[]): { index: number; value: number } {
  return values.reduce((best, value, index) => (value > best.value ? { index, value } : best), { index: 0, value: 0 });
}

function average(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function slotLabel(at: string, interval: UsageStats['interval']): string {
  const options: Intl.DateTimeFormatOptions = interval === 'hour' ? { hour: 'numeric' } : { month: 'short', day: 'numeric' };
  return dateTimeFormat(options).format(new Date(at));
}

function count(value: number): string {
  return formatNumber(value);
}

function compact(value: number): string {
  return formatNumber(value, { notation: 'compact', maximumFractionDigits: 1 });
}

function percent(ratio: number): string {
  return formatPercent(ratio, 1);
}

function ms(value: number, short = false): string {
  return formatMilliseconds(value, short);
}

// --- styles (adopted by the usage panel when this module loads) ----------------------------------

export const usageChartStyles = css`
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
    gap: calc(var(--_space) * 2);
  }
  .chart {
    margin: 0;
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--mwap-integration-details-chart-background, var(--_surface));
    min-width: 0;
  }
  figcaption {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--_space);
    margin-block-end: var(--_space);
  }
  .chart-title {
    font-weight: 650;
  }
  .chart-total {
    color: var(--_text-muted);
    font-variant-numeric: tabular-nums;
  }
  .plot {
    direction: ltr; /* time runs left to right in every locale here */
    display: grid;
    grid-template-columns: auto 1fr;
    grid-template-rows: var(--mwap-integration-details-chart-height, 8.5rem) auto;
    column-gap: 6px;
    font-size: 0.75em;
    color: var(--_text-muted);
    font-variant-numeric: tabular-nums;
  }
  .y-axis {
    position: relative;
    min-width: 2.5em;
  }
  .y-axis span {
    position: absolute;
    inset-inline-end: 0;
    transform: translateY(-50%);
    white-space: nowrap;
  }
  .y-axis .sizer {
    position: static;
    display: block;
    visibility: hidden;
    block-size: 0;
    overflow: hidden;
    transform: none;
  }
  .y-axis .top {
    top: 0;
  }
  .y-axis .middle {
    top: 50%;
  }
  .y-axis .bottom {
    top: 100%;
  }
  .area {
    position: relative;
    min-width: 0;
  }
  .area svg {
    display: block;
    overflow: visible;
  }
  .x-axis {
    grid-column: 2;
    position: relative;
    height: 1.6em;
  }
  .x-axis span {
    position: absolute;
    top: 0.35em;
    transform: translateX(-50%);
    white-space: nowrap;
  }
  .grid {
    stroke: var(--_border);
    stroke-dasharray: 3 3;
  }
  .axis {
    stroke: var(--_text-muted);
  }
  .bar {
    fill: var(--mwap-integration-details-chart-calls-color, var(--_accent));
  }
  .errors .bar {
    fill: var(--mwap-integration-details-chart-errors-color, var(--_danger));
  }
  .bar:hover {
    opacity: 0.8;
  }
  .line {
    fill: none;
    stroke-width: 2;
    stroke-linejoin: round;
    stroke-linecap: round;
  }
  .line.p50 {
    stroke: var(--mwap-integration-details-chart-p50-color, var(--_accent));
  }
  .line.p95 {
    stroke: var(--mwap-integration-details-chart-p95-color, var(--_warning));
    stroke-dasharray: 5 4;
  }
  .dot {
    position: absolute;
    inline-size: 7px;
    block-size: 7px;
    border-radius: 50%;
    transform: translate(-50%, -50%);
    background: var(--mwap-integration-details-chart-p50-color, var(--_accent));
    pointer-events: none;
  }
  .dot.p95 {
    background: transparent;
    border: 2px solid var(--mwap-integration-details-chart-p95-color, var(--_warning));
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    list-style: none;
    margin: var(--_space) 0 0;
    padding: 0;
    font-size: 0.85em;
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.45em;
  }
  .swatch {
    inline-size: 1.5em;
    border-block-start: 2px solid var(--mwap-integration-details-chart-p50-color, var(--_accent));
  }
  .swatch.p95 {
    border-block-start: 2px dashed var(--mwap-integration-details-chart-p95-color, var(--_warning));
  }
  .table-toggle {
    margin-block-start: var(--_space);
  }
  .data-table:not(.visually-hidden) {
    margin-block-start: var(--_space);
    /* Five columns do not fit a phone: the table scrolls, the page does not. */
    overflow-x: auto;
  }
  caption {
    text-align: start;
    font-weight: 650;
    padding-block-end: 4px;
  }
  .chart-empty {
    padding: calc(var(--_space) * 3);
    text-align: center;
    color: var(--_text-muted);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
`;
