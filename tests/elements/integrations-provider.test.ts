import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import '../../src/elements/integration-list/define.js';
import { LitElement } from 'lit';
import '../../src/elements/integrations-provider/define.js';
import type { IntegrationsProviderElement } from '../../src/elements/integrations-provider/define.js';
import { MwapElement } from '../../src/internal/mwap-element.js';
import { QueryController } from '../../src/controllers/query-controller.js';
import { define } from '../../src/internal/define.js';
import { configure, createClient, setDefaultClient, type IntegrationsClient } from '../../src/core/index.js';
import { makeIntegration, makeIntegrations, makeProviders } from '../support/fixtures.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';

/** A minimal element on the public building blocks: which client it sees, and one query. */
class ProbeElement extends MwapElement {
  explode = false;
  readonly query = new QueryController(
    this,
    (client) => client.queries.integration('int-1'),
    () => this.activeClient,
  );
  get seenClient(): IntegrationsClient | undefined {
    return this.activeClient;
  }
  protected override render() {
    if (this.explode) throw new Error('render bug');
    const { state } = this.query;
    return state?.status === 'success' ? state.data.name : (state?.status ?? 'no client');
  }
}
define('probe-element', ProbeElement);

describe('client resolution and the element base', () => {
  afterEach(() => setDefaultClient(undefined));

  it('uses the page default, then a provider, then its own client property', async () => {
    const pageDefault = configure({ apiBaseUrl: 'https://default.example/api', autoRefresh: false });
    const own = createClient({ apiBaseUrl: 'https://own.example/api', autoRefresh: false });
    const root = await fixture<HTMLDivElement>(html`<div>
      <probe-element id="outside"></probe-element>
      <integrations-provider api-base-url="https://scoped.example/api"><probe-element id="inside"></probe-element></integrations-provider>
    </div>`);
    const outside = root.querySelector<ProbeElement>('#outside')!;
    const inside = root.querySelector<ProbeElement>('#inside')!;
    expect(outside.seenClient).to.equal(pageDefault);
    expect(inside.seenClient!.config.apiBaseUrl.host).to.equal('scoped.example');
    inside.client = own;
    expect(inside.seenClient).to.equal(own);
  });

  it('sees a provider added after it connected, and a late configure()', async () => {
    const probe = await fixture<ProbeElement>(html`<probe-element></probe-element>`);
    expect(probe.seenClient).to.equal(undefined);
    expect(probe.shadowRoot!.textContent).to.contain('no client');
    const late = configure({ apiBaseUrl: 'https://late.example/api', autoRefresh: false });
    await probe.updateComplete;
    expect(probe.seenClient).to.equal(late);

    const wrapper = await fixture<HTMLDivElement>(html`<div><probe-element></probe-element></div>`);
    const inner = wrapper.querySelector<ProbeElement>('probe-element')!;
    const provider = document.createElement('integrations-provider') as IntegrationsProviderElement;
    provider.apiBaseUrl = 'https://provider.example/api';
    wrapper.append(provider);
    provider.append(inner);
    await provider.updateComplete;
    await inner.updateComplete;
    expect(inner.seenClient!.config.apiBaseUrl.host).to.equal('provider.example');
  });

  it('reports a bad provider configuration as integration-error', async () => {
    const provider = document.createElement('integrations-provider');
    provider.setAttribute('api-base-url', 'http://insecure.example/api');
    const event = oneEvent(provider, 'integration-error');
    document.body.append(provider);
    expect((await event).detail.error.code).to.equal('invalid_config');
    provider.remove();
  });

  it('renders query states through QueryController and refetches on focus', async () => {
    let n = 0;
    const { fetch, requests } = fakeFetch(() => jsonResponse(200, makeIntegration({ name: `v${++n}` })));
    const client = createClient({ apiBaseUrl: 'https://api.example.com/api', fetch, autoRefresh: false, staleTimeMs: 0 });
    const probe = await fixture<ProbeElement>(html`<probe-element .client=${client}></probe-element>`);
    await waitUntil(() => probe.shadowRoot!.textContent!.includes('v1'), 'the first answer rendered');
    expect(requests.length).to.equal(1);
    window.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => probe.shadowRoot!.textContent!.includes('v2'), 'the refetched answer rendered');
    expect(requests.length).to.equal(2);
    probe.remove();
    client.destroy();
  });

  it('contains a render failure: error panel, integration-error, and Retry', async () => {
    const probe = await fixture<ProbeElement>(html`<probe-element></probe-element>`);
    probe.explode = true;
    const event = oneEvent(probe, 'integration-error');
    const consoleError = console.error;
    console.error = () => undefined;
    probe.requestUpdate();
    const { detail } = await event;
    console.error = consoleError;
    expect(detail.error.message).to.equal('render bug');
    const panel = probe.shadowRoot!.querySelector('[role="alert"]')!;
    expect(panel.textContent).to.contain('Something went wrong');
    await expect(probe).to.be.accessible();
    probe.explode = false;
    panel.querySelector('button')!.click();
    await probe.updateComplete;
    expect(probe.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
  });

  it('skips a second definition of a tag with a warning instead of throwing', () => {
    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      define('probe-element', class Copy extends LitElement {});
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.have.length(1);
    expect(customElements.get('probe-element')).to.equal(ProbeElement);
  });

  it('works inside another shadow root: a provider there, or one outside the host, or the page default', async () => {
    const listClient = (name: string) => {
      const { fetch } = fakeFetch((req) =>
        jsonResponse(
          200,
          req.url.pathname.endsWith('cloud-providers')
            ? makeProviders()
            : { items: makeIntegrations(2).map((i) => ({ ...i, name: `${name} ${i.id}` })), nextCursor: null, total: 2 },
        ),
      );
      return createClient({ apiBaseUrl: `https://${name}.example/api`, fetch, autoRefresh: false });
    };
    const cardNames = (list: Element) =>
      [...list.shadowRoot!.querySelectorAll('integration-card')].map((card) =>
        card.shadowRoot!.querySelector('[role=heading]')!.textContent!.trim(),
      );
    const inShadow = (template: unknown) => {
      const host = document.createElement('div');
      const root = host.attachShadow({ mode: 'open' });
      render(template, root);
      return { host, list: root.querySelector('integration-list')! };
    };

    // A provider inside the same shadow root.
    const inner = listClient('inner');
    const first = inShadow(html`<integrations-provider .client=${inner}><integration-list></integration-list></integrations-provider>`);
    // A provider in the page, the list inside a shadow root below it (context crosses the boundary).
    const outer = listClient('outer');
    const second = inShadow(html`<integration-list></integration-list>`);
    const page = await fixture<IntegrationsProviderElement>(html`<integrations-provider .client=${outer}></integrations-provider>`);
    page.append(first.host, second.host);
    // No provider at all: the page default.
    const pageDefault = listClient('default');
    setDefaultClient(pageDefault);
    const third = inShadow(html`<integration-list></integration-list>`);
    document.body.append(third.host);
    try {
      await waitUntil(
        () => cardNames(first.list).length === 2 && cardNames(second.list).length === 2 && cardNames(third.list).length === 2,
        'all three lists loaded',
      );
      expect(cardNames(first.list)[0]).to.match(/^inner /);
      expect(cardNames(second.list)[0]).to.match(/^outer /);
      expect(cardNames(third.list)[0]).to.match(/^default /);
      await expect(first.list).to.be.accessible();
    } finally {
      third.host.remove();
      for (const client of [inner, outer, pageDefault]) client.destroy();
    }
  });
});
