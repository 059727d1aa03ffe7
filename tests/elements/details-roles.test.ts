/**
 * <integration-details> for callers who may not do everything: what their role (GET /me) or the
 * host's `readonly` does not allow is not offered, the reason is said once before anyone tries,
 * and a refusal (403) never offers "Try again".
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-details/define.js';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import { createClient, type IntegrationsClient } from '../../src/core/index.js';
import type { Me } from '../../src/core/permissions.js';
import type { Integration } from '../../src/core/types.js';
import { DETAILS_HEADER_TAG, HEALTH_PANEL_TAG, TOKEN_PANEL_TAG } from '../../src/internal/tags.js';
import { jsonResponse } from '../support/fake-fetch.js';
import { BASE, detailsApi, removeToasts, waitForShadow, type DetailsApi } from './integration-details.fake-api.js';

const me = (role: string, permissions: string[]): Me => ({ tenant: { id: 'acme' }, user: { id: 'u-1' }, role, permissions });
const OWNER = me('owner', ['read', 'create', 'update', 'delete', 'connect', 'refresh', 'test']);
/** A member as a tenant may configure one: reads, and keeps tokens fresh and tested. */
const MEMBER = me('member', ['read', 'refresh', 'test']);
/** A member as the reference server's permission table has it. */
const READER = me('member', ['read']);
const ROLE_REASON = 'Only a tenant owner can change integrations. Ask a tenant owner.';

let api: DetailsApi;
let client: IntegrationsClient | undefined;
let meAnswered = 0;

afterEach(() => {
  api.client.destroy();
  client?.destroy();
  client = undefined;
  removeToasts();
});

/** The details API's client, but with `GET /me` answered as `me` (its own fetch says 404 there). */
function clientAnswering(me: Me | undefined): IntegrationsClient {
  const inner = api.client.config.fetch;
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (me && new URL(String(input)).pathname.endsWith('/me')) {
      meAnswered += 1;
      return jsonResponse(200, me);
    }
    return inner(input, init);
  };
  meAnswered = 0;
  return createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false, retry: { attempts: 1 }, refetchIntervalMs: 0 });
}

/** Every element below `root`, through shadow roots. */
function deepAll(root: Node): Element[] {
  const out: Element[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element) {
      out.push(node);
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return out;
}
const buttonTexts = (root: Node) =>
  deepAll(root)
    .filter((el) => el.localName === 'button' && (el as HTMLElement).checkVisibility())
    .map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
/** The visible text below `root`, through shadow roots. */
function deepText(root: Node): string {
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.parentElement?.checkVisibility() && node.parentElement.localName !== 'style') out += ` ${node.textContent}`;
      return;
    }
    if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
    node.childNodes.forEach(walk);
  };
  walk(root);
  return out.replace(/\s+/g, ' ');
}
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

async function mount(
  options: { me?: Me; readonly?: boolean; tab?: string; integration?: Partial<Integration>; setup?: (api: DetailsApi) => void } = {},
) {
  api = detailsApi(options.integration ?? {});
  options.setup?.(api);
  client?.destroy();
  client = clientAnswering(options.me);
  const el = await fixture<IntegrationDetailsElement>(
    html`<integration-details
      integration-id="int-1"
      tab=${options.tab ?? 'token'}
      ?readonly=${options.readonly ?? false}
      .client=${client}
    ></integration-details>`,
  );
  const header = await waitForShadow(el, DETAILS_HEADER_TAG);
  // Until /me has answered nothing that writes is offered: wait for the token panel's buttons.
  return { el, header };
}

/** Waits until /me has been answered and the open panel shows its final buttons. */
async function settled(el: IntegrationDetailsElement, check: () => boolean, message: string) {
  await waitUntil(() => meAnswered > 0 && check(), message, { timeout: 3000 });
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await el.updateComplete;
}

describe('<integration-details> roles and readonly', () => {
  it('an owner gets every action', async () => {
    const { el } = await mount({ me: OWNER });
    await settled(el, () => buttonTexts(el).includes('Delete'), 'owner actions');
    await waitUntil(() => buttonTexts(el).includes('Refresh token'));
    expect(buttonTexts(el)).to.include.members(['Edit', 'Enabled', 'Delete', 'Refresh token']);
    expect(deepText(el)).not.to.contain(ROLE_REASON);
  });

  it('a member sees Refresh and Test, no Edit, Delete or Enabled, and reads why once', async () => {
    const { el } = await mount({
      me: MEMBER,
      integration: { tokenStatus: 'expired', tokenExpiresAt: new Date(Date.now() - 60_000).toISOString() },
    });
    await settled(el, () => buttonTexts(el).includes('Refresh token'), 'the member may refresh');
    const buttons = buttonTexts(el);
    expect(buttons).not.to.include.members(['Edit']);
    expect(buttons).not.to.include('Delete');
    expect(buttons).not.to.include('Enabled');
    // An expired token would offer Reconnect; a member may not connect.
    expect(buttons).not.to.include('Reconnect');
    expect(el.shadowRoot!.querySelector(`${DETAILS_HEADER_TAG}`)!.shadowRoot!.querySelector('[role="switch"]')).to.equal(null);
    expect(count(deepText(el), ROLE_REASON), 'the reason, once').to.equal(1);

    el.tab = 'health';
    const health = await waitForShadow(el, `#panel-health > ${HEALTH_PANEL_TAG}`);
    await waitUntil(() => buttonTexts(health).includes('Test connection'), 'the member may test');
    expect(count(deepText(el), ROLE_REASON), 'still once with a second tab opened').to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('a member as the reference server defines it (read only) is offered no action at all', async () => {
    const { el } = await mount({ me: READER });
    await settled(el, () => deepText(el).includes(ROLE_REASON), 'the reason');
    const token = el.shadowRoot!.querySelector(TOKEN_PANEL_TAG)!;
    expect(buttonTexts(el)).not.to.include.members(['Edit']);
    expect(buttonTexts(token)).to.deep.equal([]);
    el.tab = 'health';
    const health = await waitForShadow(el, `#panel-health > ${HEALTH_PANEL_TAG}`);
    await (health as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(buttonTexts(health)).not.to.include('Test connection');
    expect(count(deepText(el), ROLE_REASON)).to.equal(1);
  });

  it('readonly reflects, offers nothing that writes even to an owner, and says so once', async () => {
    const { el } = await mount({ me: OWNER, readonly: true });
    expect(el.readonly).to.equal(true);
    await settled(el, () => deepText(el).includes('This view is read-only.'), 'the read-only reason');
    expect(buttonTexts(el)).not.to.include.members(['Edit']);
    for (const label of ['Delete', 'Enabled', 'Refresh token', 'Reconnect', 'Connect']) expect(buttonTexts(el)).not.to.include(label);
    expect(count(deepText(el), 'This view is read-only.')).to.equal(1);
    el.readonly = false;
    await el.updateComplete;
    expect(el.hasAttribute('readonly'), 'reflected').to.equal(false);
    await waitUntil(() => buttonTexts(el).includes('Delete'), 'actions come back');
    expect(deepText(el)).not.to.contain('This view is read-only.');
  });

  it('a 403 loading the integration says so and offers no Try again', async () => {
    api = detailsApi();
    api.on('GET', /^integrations\/int-1$/, () =>
      jsonResponse(403, { error: { code: 'permission_denied', message: 'Your role does not give access to integrations.' } }),
    );
    const el = await fixture<IntegrationDetailsElement>(
      html`<integration-details integration-id="int-1" .client=${api.client}></integration-details>`,
    );
    const state = await waitForShadow(el, '.state.error');
    expect(deepText(state)).to.contain('Could not load this integration');
    expect(buttonTexts(el)).not.to.include('Try again');
  });

  it('a 403 on the token report offers no Try again; a server error does', async () => {
    const { el } = await mount({
      setup: (a) => a.on('GET', /tokens\/health$/, () => jsonResponse(403, { error: { code: 'permission_denied', message: 'No.' } })),
    });
    const token = await waitForShadow(el, `#panel-token > ${TOKEN_PANEL_TAG}`);
    await waitUntil(() => deepText(token).includes('Could not load the token report'), 'the report failed');
    expect(buttonTexts(token)).not.to.include('Try again');

    const second = await mount({
      setup: (a) => a.on('GET', /tokens\/health$/, () => jsonResponse(500, { error: { code: 'server_error', message: 'Boom.' } })),
    });
    const token2 = await waitForShadow(second.el, `#panel-token > ${TOKEN_PANEL_TAG}`);
    await waitUntil(() => deepText(token2).includes('Could not load the token report'), 'the report failed');
    expect(buttonTexts(token2)).to.include('Try again');
  });
});
