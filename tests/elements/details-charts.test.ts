/**
 * The usage charts of <integration-details> with little data: a series with one point (a range
 * with a single measurement) is drawn as a round dot, not a floating dash; a point between two
 * gaps likewise.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-details/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import type { UsageStats } from '../../src/core/types.js';
import { USAGE_PANEL_TAG } from '../../src/internal/tags.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { detailsApi, makeUsage, removeToasts, waitForShadow, type DetailsApi } from './integration-details.fake-api.js';

let api: DetailsApi;

afterEach(() => {
  api.client.destroy();
  removeToasts();
});

async function latencyChart(stats: UsageStats): Promise<Element> {
  api = detailsApi();
  api.on('GET', /\/usage$/, () => jsonResponse(200, stats));
  const el = await fixture<IntegrationDetailsElement>(
    html`<div style="inline-size: 600px">
      <integration-details integration-id="int-1" tab="usage" .client=${api.client}></integration-details>
    </div>`,
  );
  const details = el.querySelector('integration-details')!;
  const panel = await waitForShadow(details, `#panel-usage > ${USAGE_PANEL_TAG}`);
  await waitForShadow(panel, 'figure.latency', 'the latency chart');
  return panel.shadowRoot!.querySelector('figure.latency')!;
}

/** A round, visible mark: as wide as it is tall, and more than a hairline. */
function expectDot(dot: Element | null, what: string) {
  expect(dot, what).to.exist;
  const box = dot!.getBoundingClientRect();
  expect(box.width, `${what} is visible`).to.be.at.least(5);
  expect(Math.abs(box.width - box.height), `${what} is round, not stretched`).to.be.below(0.5);
  expect(getComputedStyle(dot!).borderRadius).to.equal('50%');
}

describe('<integration-details> latency chart with single points', () => {
  it('a one-point series is a dot at its value, not a dash', async () => {
    const week = makeUsage('7d');
    const one: UsageStats = { ...week, points: [{ ...week.points[0]!, latencyP50Ms: 120, latencyP95Ms: 400 }] };
    const chart = await latencyChart(one);
    await waitUntil(() => chart.querySelector('.dot.p50'), 'the p50 dot');
    expectDot(chart.querySelector('.dot.p50'), 'the p50 point');
    expectDot(chart.querySelector('.dot.p95'), 'the p95 point');
    // No path draws a stretched segment for it.
    const paths = [...chart.querySelectorAll('path.line')].map((p) => p.getAttribute('d'));
    expect(paths, 'no dash').to.deep.equal([]);
    // The dot sits at its value: p95 (400) is the top of a 500 scale, so 20 % down the plot.
    const area = chart.querySelector('.area')!.getBoundingClientRect();
    const p95 = chart.querySelector('.dot.p95')!.getBoundingClientRect();
    expect((p95.top + p95.height / 2 - area.top) / area.height).to.be.closeTo(0.2, 0.02);
  });

  it('a point between two gaps is a dot; its neighbours with data are still a line', async () => {
    const week = makeUsage('7d');
    const points = week.points.map((p, i) => ({ ...p, latencyP50Ms: i === 1 || i === 2 ? null : p.latencyP50Ms }));
    const chart = await latencyChart({ ...week, points });
    // Index 0 stands alone (1–3 are gaps), so it is a dot; indexes 4–6 make one line.
    await waitUntil(() => chart.querySelector('.dot.p50'));
    expect(chart.querySelectorAll('.dot.p50')).to.have.length(1);
    const d = chart.querySelector('path.line.p50')!.getAttribute('d')!;
    expect(d.match(/M/g)).to.have.length(1);
  });
});
