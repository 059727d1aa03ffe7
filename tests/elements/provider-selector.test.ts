import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/elements/provider-selector/define.js';
import type { ProviderSelectorElement } from '../../src/elements/provider-selector/define.js';
import { createClient, type CloudProvider } from '../../src/core/index.js';
import { fakeFetch, jsonResponse, type Answer } from '../support/fake-fetch.js';
import { makeProviders } from '../support/fixtures.js';
import { expectFocusOn } from '../support/dom.js';
import { withoutIsolates } from '../support/bidi.js';

const providers = (): CloudProvider[] => [
  ...makeProviders(),
  { id: 'acme-files', name: 'Acme Files', description: 'File shares for teams', iconUrl: null, scopes: [], settingsSchema: [] },
];

function clientWith(...answers: Answer[]) {
  const fake = fakeFetch(...answers);
  const client = createClient({ apiBaseUrl: 'https://api.test/', fetch: fake.fetch, autoRefresh: false, retry: { attempts: 1 } });
  return { client, requests: fake.requests };
}

async function selector(answers: Answer[], value = '') {
  const { client, requests } = clientWith(...answers);
  const el = await fixture<ProviderSelectorElement>(html`<provider-selector .client=${client} value=${value}></provider-selector>`);
  return { el, client, requests };
}

const part = (el: ProviderSelectorElement, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const options = (el: ProviderSelectorElement) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
const names = (el: ProviderSelectorElement) => options(el).map((o) => o.querySelector('.name')!.textContent);
const loaded = (el: ProviderSelectorElement) => waitUntil(() => options(el).length > 0, 'options rendered');
const activeOption = (el: ProviderSelectorElement) => {
  const id = part(el, '[role="listbox"]')!.getAttribute('aria-activedescendant');
  return id ? el.shadowRoot!.getElementById(id)!.querySelector('.name')!.textContent : null;
};

describe('<provider-selector>', () => {
  it('shows a busy skeleton while the providers load', async () => {
    const { el } = await selector([() => new Promise<Response>(() => {})]);
    const skeleton = part(el, '.skeleton')!;
    expect(skeleton.getAttribute('aria-busy')).to.equal('true');
    expect(skeleton.querySelector('[role="status"]')!.textContent).to.equal('Loading providers…');
    expect(options(el)).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('lists the providers as an accessible single-select listbox', async () => {
    const { el } = await selector([jsonResponse(200, providers())], 'dev-analytics');
    await loaded(el);
    expect(names(el)).to.deep.equal(['Dev Cloud', 'Dev Analytics', 'Acme Files']);
    const listbox = part(el, '[role="listbox"]')!;
    expect(listbox.getAttribute('aria-label')).to.equal('Cloud providers');
    expect(options(el).map((o) => o.getAttribute('aria-selected'))).to.deep.equal(['false', 'true', 'false']);
    expect(el.selectedProvider?.name).to.equal('Dev Analytics');
    await expect(el).to.be.accessible();
  });

  it('shows an empty state that can check again', async () => {
    const { el, requests } = await selector([jsonResponse(200, []), jsonResponse(200, providers())]);
    await waitUntil(() => part(el, '.note'), 'empty note');
    expect(part(el, '.note')!.textContent).to.contain('No cloud providers are available yet.');
    await expect(el).to.be.accessible();
    part(el, '.note button')!.click();
    await loaded(el);
    expect(requests).to.have.length(2);
  });

  it('shows an error with Retry, reports integration-error, and recovers', async () => {
    const { client } = clientWith(
      jsonResponse(500, { error: { code: 'server_error', message: 'Database is down.' } }),
      jsonResponse(200, providers()),
    );
    const el = document.createElement('provider-selector');
    el.client = client;
    const reported = oneEvent(el, 'integration-error');
    document.body.append(el);
    try {
      expect((await reported).detail.error.code).to.equal('server_error');
      await waitUntil(() => part(el, '[role="alert"]'), 'error shown');
      expect(part(el, '[role="alert"]')!.textContent).to.contain('The providers could not be loaded.');
      expect(part(el, '[role="alert"]')!.textContent).to.contain('The server had a problem.');
      await expect(el).to.be.accessible();
      const retry = part(el, '.error-panel button')!;
      retry.focus();
      await sendKeys({ press: 'Enter' });
      await loaded(el);
      expect(el.shadowRoot!.activeElement, 'focus lands on the list that replaced Retry').to.equal(part(el, '[role="listbox"]'));
    } finally {
      el.remove();
    }
  });

  it('says so when no client is configured', async () => {
    const el = await fixture<ProviderSelectorElement>(html`<provider-selector></provider-selector>`);
    expect(part(el, '[role="alert"]')!.textContent).to.contain('No integrations service is configured');
    await expect(el).to.be.accessible();
  });

  it('filters by name and description, announces the count, and offers to clear a search with no match', async () => {
    const { el } = await selector([jsonResponse(200, providers())]);
    await loaded(el);
    part(el, 'input')!.focus();
    await sendKeys({ type: 'analytics' });
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Dev Analytics']);
    expect(part(el, '.base > [role="status"]')!.textContent).to.equal('1 provider found');
    (part(el, 'input') as HTMLInputElement).select();
    await sendKeys({ type: 'TEAMS' });
    await el.updateComplete;
    expect(names(el), 'description, case-insensitive').to.deep.equal(['Acme Files']);
    await sendKeys({ type: ' nope' });
    await el.updateComplete;
    expect(options(el)).to.have.length(0);
    expect(withoutIsolates(part(el, '.note')!.textContent!)).to.contain('No providers match “TEAMS nope”.');
    await expect(el).to.be.accessible();
    part(el, '.note button')!.click();
    await el.updateComplete;
    expect(names(el)).to.have.length(3);
    expectFocusOn(part(el, 'input'), el.shadowRoot!.activeElement);
  });

  it('is operable from the keyboard: arrows, Home/End, Enter and Space select, typing goes to the search', async () => {
    const { el } = await selector([jsonResponse(200, providers())]);
    await loaded(el);
    part(el, 'input')!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    const listbox = part(el, '[role="listbox"]')!;
    expectFocusOn(listbox, el.shadowRoot!.activeElement);
    expect(activeOption(el)).to.equal('Dev Cloud');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal('Dev Analytics');
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal('Acme Files');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(activeOption(el), 'stops at the end').to.equal('Acme Files');
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(activeOption(el)).to.equal('Dev Cloud');

    let selected = oneEvent(el, 'provider-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.provider.id).to.equal('dev-cloud');
    expect(el.value).to.equal('dev-cloud');

    await sendKeys({ press: 'ArrowDown' });
    selected = oneEvent(el, 'provider-select');
    await sendKeys({ press: 'Space' });
    expect((await selected).detail.provider.id).to.equal('dev-analytics');
    await el.updateComplete;
    expect(options(el).map((o) => o.getAttribute('aria-selected'))).to.deep.equal(['false', 'true', 'false']);
    await expect(el).to.be.accessible();

    // Typing a name while in the list carries on in the search box.
    await sendKeys({ type: 'acm' });
    await el.updateComplete;
    expectFocusOn(part(el, 'input'), el.shadowRoot!.activeElement);
    expect((part(el, 'input') as HTMLInputElement).value).to.equal('acm');
    expect(names(el)).to.deep.equal(['Acme Files']);
    await sendKeys({ press: 'ArrowDown' });
    selected = oneEvent(el, 'provider-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.provider.id).to.equal('acme-files');
  });

  it('selects with a click and does not fire again for the same provider', async () => {
    const { el } = await selector([jsonResponse(200, providers())]);
    await loaded(el);
    let fired = 0;
    el.addEventListener('provider-select', () => fired++);
    const second = options(el)[1]!;
    const box = second.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + 20), Math.round(box.y + box.height / 2)] });
    await el.updateComplete;
    expect(el.value).to.equal('dev-analytics');
    expectFocusOn(part(el, '[role="listbox"]'), el.shadowRoot!.activeElement);
    second.click();
    expect(fired).to.equal(1);
  });

  it('uses providers given by the host without loading, shows hostile text as text, and links an error message', async () => {
    const hostile = {
      ...providers()[2]!,
      name: '<img src=x onerror="window.__pwned=1">Evil',
      description: '<script>window.__pwned=1</script>',
    };
    const el = await fixture<ProviderSelectorElement>(
      html`<provider-selector .providers=${[hostile]} required error-message="Choose a provider to continue."></provider-selector>`,
    );
    expect(names(el)).to.deep.equal([hostile.name]);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    const listbox = part(el, '[role="listbox"]')!;
    expect(listbox.getAttribute('aria-invalid')).to.equal('true');
    expect(listbox.getAttribute('aria-required')).to.equal('true');
    expect(el.shadowRoot!.getElementById(listbox.getAttribute('aria-describedby')!)!.textContent).to.contain('Choose a provider');
    await expect(el).to.be.accessible();
  });
});
