// Its own file: the chart module is loaded at most once per page, so "not loaded yet" can only be
// observed before any test here shows a usage panel.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/integration-details/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import { usageChartsLoadCount } from '../../src/elements/integration-details/usage-charts-loader.js';
import type { UsageRange } from '../../src/core/types.js';
import type { IntegrationErrorEvent } from '../../src/events/integration-events.js';
import { DETAILS_HEADER_TAG, USAGE_PANEL_TAG } from '../../src/internal/tags.js';
import { jsonResponse } from '../support/fake-fetch.js';
import {
  allInShadow,
  detailsApi,
  inShadow,
  makeUsage,
  removeToasts,
  waitForShadow,
  type DetailsApi,
} from './integration-details.fake-api.js';

// The runner loads hundreds of modules; make room so the chart module's entry is not dropped.
performance.setResourceTimingBufferSize(10_000);

const chartModuleFetched = () =>
  performance
    .getEntriesByType('resource')
    .some((entry) => /\/integration-details\/usage-charts\.ts(\?|$)/.test(new URL(entry.name).pathname + '?'));

let api: DetailsApi;

const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function mount(tab = 'token'): Promise<IntegrationDetailsElement> {
  const el = await fixture<IntegrationDetailsElement>(
    html`<integration-details integration-id="int-1" tab=${tab} .client=${api.client}></integration-details>`,
  );
  await waitForShadow(el, DETAILS_HEADER_TAG);
  return el;
}

async function usagePanel(el: IntegrationDetailsElement): Promise<HTMLElement> {
  return waitForShadow(el, `#panel-usage > ${USAGE_PANEL_TAG}`, 'the usage panel');
}

/** Waits until the charts show `range` (not the previous range kept while loading). */
async function chartsFor(panel: HTMLElement, range: UsageRange): Promise<void> {
  const points = makeUsage(range).points.length;
  await waitUntil(
    () =>
      panel.shadowRoot!.querySelector('.charts-slot[aria-busy="false"]') &&
      panel.shadowRoot!.querySelectorAll('#usage-table tbody tr').length === points,
    `charts for ${range}`,
    { timeout: 3000 },
  );
}

beforeEach(() => {
  api = detailsApi();
});

afterEach(() => {
  api.client.destroy();
  removeToasts();
});

describe('<integration-details> usage analytics', () => {
  it('loads the chart module only when the usage panel first shows', async () => {
    const el = await mount();
    // Token, health and settings are all rendered; none of them needs the charts.
    for (const tab of ['health', 'settings', 'token']) {
      inShadow(el, `#tab-${tab}`).click();
      await waitForShadow(el, `#panel-${tab}:not([hidden]) > *`);
    }
    expect(usageChartsLoadCount(), 'requested').to.equal(0);
    expect(chartModuleFetched(), 'fetched by the browser').to.equal(false);
    expect(api.count('GET', /\/usage$/)).to.equal(0);

    inShadow(el, '#tab-usage').click();
    const panel = await usagePanel(el);
    await chartsFor(panel, '7d');
    expect(usageChartsLoadCount()).to.equal(1);
    await waitUntil(chartModuleFetched, 'the browser fetched usage-charts.ts');

    // A second element reuses the loaded module.
    const other = await mount('usage');
    await chartsFor(await usagePanel(other), '7d');
    expect(usageChartsLoadCount()).to.equal(1);
  });

  it('draws calls, errors and latency for each range, with summaries and a data table', async () => {
    const el = await mount('usage');
    const panel = await usagePanel(el);
    await chartsFor(panel, '7d');
    const radios = allInShadow<HTMLInputElement>(panel, 'input[name="range"]');
    expect(radios.map((r) => r.value)).to.deep.equal(['24h', '7d', '30d']);
    expect(radios.find((r) => r.checked)!.value).to.equal('7d');

    for (const range of ['24h', '7d', '30d'] as const) {
      const input = radios.find((r) => r.value === range)!;
      if (!input.checked) input.click();
      await chartsFor(panel, range);
      const stats = makeUsage(range);
      const images = allInShadow(panel, 'svg[role="img"]');
      expect(images, range).to.have.length(3);
      const [calls, errors, latency] = images.map((svg) => svg.getAttribute('aria-label') ?? '');
      const total = new Intl.NumberFormat('en').format(stats.totals.calls);
      expect(calls).to.contain(`Calls: ${total} in total`);
      expect(errors).to.contain(`Errors: ${stats.totals.errors} in total`);
      expect(latency).to.match(/^Latency: median \(p50\) averaged \d+ ms; p95 peaked at \d+ ms/);
      const callBars = images[0]!.querySelectorAll('rect.bar');
      expect(callBars, `one bar per ${stats.interval}`).to.have.length(stats.points.length);
      expect(images[2]!.querySelectorAll('path.line.p50, path.line.p95')).to.have.length(2);
      const rows = allInShadow(panel, '#usage-table tbody tr');
      expect(rows).to.have.length(stats.points.length);
      expect(inShadow(panel, '#usage-table').classList.contains('visually-hidden')).to.equal(true);
      expect(api.requests.some((r) => r.url.pathname.endsWith('/usage') && r.url.searchParams.get('range') === range)).to.equal(true);
      await expect(panel, range).to.be.accessible();
    }
  });

  it('changes range with the arrow keys (a native radio group)', async () => {
    const el = await mount('usage');
    const panel = await usagePanel(el);
    await chartsFor(panel, '7d');
    inShadow<HTMLInputElement>(panel, 'input[value="7d"]').focus();
    await sendKeys({ press: 'ArrowRight' });
    await chartsFor(panel, '30d');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    await chartsFor(panel, '24h');
  });

  it('shows the quota as a meter, in words too', async () => {
    const el = await mount('usage');
    const panel = await usagePanel(el);
    await chartsFor(panel, '7d');
    const meter = inShadow(panel, '[role="meter"]');
    expect(meter.getAttribute('aria-valuemin')).to.equal('0');
    expect(meter.getAttribute('aria-valuemax')).to.equal('10000');
    expect(meter.getAttribute('aria-valuenow')).to.equal('9300');
    expect(meter.getAttribute('aria-valuetext')).to.equal('9,300 of 10,000 calls used (93%)');
    expect(text(inShadow(panel, '#quota-label'))).to.equal('Quota this month');
    expect(text(inShadow(panel, '.quota'))).to.contain('almost used up');
  });

  it('shows the data table on request', async () => {
    const el = await mount('usage');
    const panel = await usagePanel(el);
    await chartsFor(panel, '7d');
    const toggle = inShadow(panel, '.table-toggle button');
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await waitUntil(() => !inShadow(panel, '#usage-table').classList.contains('visually-hidden'));
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    await expect(panel).to.be.accessible();
  });

  it('says when usage cannot load, and retries', async () => {
    let failures = 1;
    api.on('GET', /\/usage$/, () =>
      failures-- > 0 ? jsonResponse(500, { error: { code: 'server_error', message: 'Metrics store down' } }) : undefined,
    );
    const errored = oneEvent(document, 'integration-error') as Promise<IntegrationErrorEvent>;
    const el = await mount('usage');
    const panel = await usagePanel(el);
    expect((await errored).detail.error.code).to.equal('server_error');
    const notice = await waitForShadow(panel, '.notice.danger');
    expect(text(notice)).to.contain('Could not load usage: The server had a problem.');
    await expect(panel).to.be.accessible();
    inShadow(panel, '.notice.danger button').click();
    await chartsFor(panel, '7d');
  });

  it('says so when a period has no usage', async () => {
    api.on('GET', /\/usage$/, () => jsonResponse(200, { ...makeUsage('7d'), points: [], totals: { calls: 0, errors: 0 }, quota: null }));
    const el = await mount('usage');
    const panel = await usagePanel(el);
    await waitForShadow(panel, '.chart-empty');
    expect(text(inShadow(panel, '.chart-empty'))).to.equal('No usage recorded in this period.');
    expect(panel.shadowRoot!.querySelector('[role="meter"]')).to.equal(null);
  });
});
