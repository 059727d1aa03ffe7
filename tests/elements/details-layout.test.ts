/**
 * <integration-details> inside a real page: its headings continue the host's outline
 * (`heading-level`), long names and descriptions wrap instead of widening the page at phone
 * widths, the tab strip scrolls only when its tabs do not fit, and user text is isolated (<bdi>).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-details/define.js';
import type { DetailsTab, IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import { DETAILS_HEADER_TAG, HEALTH_PANEL_TAG, TOKEN_PANEL_TAG, USAGE_PANEL_TAG } from '../../src/internal/tags.js';
import { detailsApi, removeToasts, waitForShadow, type DetailsApi } from './integration-details.fake-api.js';

let api: DetailsApi;

afterEach(() => {
  api.client.destroy();
  removeToasts();
});

const LONG_NAME = `Nächtliche-Sicherung-${'x'.repeat(80)}-${'Produktionsspeicher'.repeat(5)}`.padEnd(200, 'y');
const LONG_DESCRIPTION = `${'Beschreibung-ohne-Leerzeichen-'.repeat(6)}`.padEnd(200, 'z');

const settle = async (node: Element) => (node as unknown as { updateComplete: Promise<unknown> }).updateComplete;

async function mount(box: { width?: number; level?: number; tab?: string } = {}) {
  const host = await fixture<HTMLDivElement>(html`<main style="inline-size: ${box.width ?? 800}px">
    <h1>Settings</h1>
    <h2>Integrations</h2>
    <h3>Production</h3>
    <integration-details
      integration-id="int-1"
      tab=${box.tab ?? 'token'}
      heading-level=${box.level ?? 4}
      .client=${api.client}
    ></integration-details>
  </main>`);
  const el = host.querySelector('integration-details')!;
  const header = await waitForShadow(el, DETAILS_HEADER_TAG);
  await settle(header);
  return { host, el, header };
}

/** The part shown in the open tab, once its data has loaded. */
async function openPanel(el: IntegrationDetailsElement, tab: DetailsTab, tag: string, ready: string): Promise<HTMLElement> {
  el.tab = tab;
  const panel = await waitForShadow(el, `#panel-${tab} > ${tag}`);
  await waitForShadow(panel, ready, `the ${tab} panel's ${ready}`);
  await settle(panel);
  return panel;
}

/** No horizontal overflow in `node`: what it holds fits its width. */
function expectNoOverflow(node: Element, what: string) {
  expect(node.scrollWidth, `${what}: scrollWidth ${node.scrollWidth} > clientWidth ${node.clientWidth}`).to.be.at.most(node.clientWidth);
}

describe('<integration-details> headings', () => {
  beforeEach(() => (api = detailsApi()));

  it('continues the host outline from heading-level: name, then its sections one below', async () => {
    const { host, el, header } = await mount({ level: 4 });
    const name = header.shadowRoot!.querySelector('[part="name"]')!;
    expect(name.localName).to.equal('h4');
    const token = await openPanel(el, 'token', TOKEN_PANEL_TAG, 'table.history');
    expect(token.shadowRoot!.querySelector('#heading')!.localName).to.equal('h5');
    expect(token.shadowRoot!.querySelector('#history-heading')!.localName).to.equal('h6');
    const health = await openPanel(el, 'health', HEALTH_PANEL_TAG, '.section-heading');
    expect(health.shadowRoot!.querySelector('.section-heading')!.localName).to.equal('h5');
    await expect(host).to.be.accessible();
  });

  it('defaults to level 2 (the name) and 3 (sections), as before, and ignores levels outside 2–6', async () => {
    const { el, header } = await mount({ level: 9 });
    expect(header.shadowRoot!.querySelector('[part="name"]')!.localName).to.equal('h2');
    const token = await openPanel(el, 'token', TOKEN_PANEL_TAG, 'table.history');
    expect(token.shadowRoot!.querySelector('#heading')!.localName).to.equal('h3');
    el.setAttribute('heading-level', '3');
    await el.updateComplete;
    await settle(header);
    expect(header.shadowRoot!.querySelector('[part="name"]')!.localName).to.equal('h3');
  });
});

describe('<integration-details> long text and narrow containers', () => {
  for (const width of [320, 390]) {
    it(`a 200-character name and description wrap at ${width} px, fully shown, nothing overflows`, async () => {
      api = detailsApi({ name: LONG_NAME, description: LONG_DESCRIPTION });
      const { host, el, header } = await mount({ width });
      const name = header.shadowRoot!.querySelector('[part="name"]')!;
      const description = header.shadowRoot!.querySelector('.description')!;
      expect(name.textContent!.trim()).to.equal(LONG_NAME);
      expect(description.textContent!.trim()).to.equal(LONG_DESCRIPTION);
      expect(name.getBoundingClientRect().height, 'the name wraps onto several lines').to.be.above(60);
      expectNoOverflow(name, 'name');
      expectNoOverflow(description, 'description');
      expectNoOverflow(header, 'header');
      expectNoOverflow(el, 'host');
      expectNoOverflow(host, 'page box');
      const details = el.shadowRoot!.querySelector('.details')!;
      expectNoOverflow(details, 'details');
      expectNoOverflow(el.shadowRoot!.querySelector('[role="tablist"]')!, 'tab strip: all five tabs fit');

      const token = await openPanel(el, 'token', TOKEN_PANEL_TAG, 'table.history');
      expectNoOverflow(el.shadowRoot!.querySelector('#panel-token')!, 'token tab panel');
      expectNoOverflow(token, 'token panel');
      const health = await openPanel(el, 'health', HEALTH_PANEL_TAG, 'button.test');
      health.shadowRoot!.querySelector<HTMLButtonElement>('button.test')!.click();
      await waitForShadow(health, '.checks', 'the test result');
      await settle(health);
      expectNoOverflow(health, 'health panel with its checks');
      const usage = await openPanel(el, 'usage', USAGE_PANEL_TAG, '.charts');
      expectNoOverflow(usage, 'usage panel');
      expectNoOverflow(el.shadowRoot!.querySelector('#panel-usage')!, 'usage tab panel');
      expectNoOverflow(el, 'host, every tab opened');
    });
  }

  it('the tab strip has no scrollbar when its tabs fit', async () => {
    api = detailsApi();
    const { el } = await mount({ width: 800 });
    const strip = el.shadowRoot!.querySelector<HTMLElement>('[role="tablist"]')!;
    await waitUntil(() => strip.clientWidth > 0);
    expect(strip.scrollWidth, 'no sideways overflow').to.be.at.most(strip.clientWidth);
    expect(strip.scrollHeight, 'no 1 px overflow below the tabs').to.be.at.most(strip.clientHeight);
  });

  it('wraps user text in <bdi>, so a right-to-left name cannot reorder what is around it', async () => {
    api = detailsApi({ name: 'גיבוי לילי (prod)', description: 'נשמר ב-Dev Cloud' });
    const { header } = await mount();
    const name = header.shadowRoot!.querySelector('[part="name"]')!;
    expect(name.querySelector('bdi')?.textContent).to.equal('גיבוי לילי (prod)');
    expect(header.shadowRoot!.querySelector('.description bdi')?.textContent).to.equal('נשמר ב-Dev Cloud');
    expect(header.shadowRoot!.querySelector('.provider bdi')?.textContent).to.equal('Dev Cloud');
  });

  it('keeps "7 days" in its own order inside a right-to-left page', async () => {
    api = detailsApi();
    const host = await fixture<HTMLDivElement>(html`<div dir="rtl" style="inline-size: 800px">
      <integration-details integration-id="int-1" tab="usage" .client=${api.client}></integration-details>
    </div>`);
    const el = host.querySelector('integration-details')!;
    const usage = await openPanel(el, 'usage', USAGE_PANEL_TAG, '.charts');
    const label = [...usage.shadowRoot!.querySelectorAll('label span')].find((span) => span.textContent!.trim() === '7 days')!;
    const text = [...label.childNodes].find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.includes('days'))!;
    const range = document.createRange();
    const at = (word: string) => {
      const start = text.textContent!.indexOf(word);
      range.setStart(text, start);
      range.setEnd(text, start + word.length);
      return range.getBoundingClientRect();
    };
    expect(at('7').left, 'the number stays before the word').to.be.below(at('days').left);
  });
});
