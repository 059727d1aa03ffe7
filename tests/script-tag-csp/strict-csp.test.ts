// The script tag (dist/mwap-integrations.iife.js) on the third-party portal page under its strict
// Content-Security-Policy, in every engine of the browser suite: the whole journey through the
// real provider runs in tests/script-tag/script-tag.test.mjs (Chromium only: playwright-core
// cannot drive Debian's Firefox or WebKitGTK). Here: the tag defines its elements (the on-demand
// ones from the files beside it, imported under the policy), renders what the API holds, a page
// with only the list fetches no other element's code until it adds one, and the engine reports
// no CSP violation, as a report-uri tells the server.
// Needs the build (npm test runs scripts/ensure-dist.mjs first).
import { expect, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { CSP } from '../script-tag/csp.mjs';

const TAGS = ['integrations-provider', 'integration-list', 'integration-card', 'integration-wizard', 'integration-details', 'oauth-button'];

type PortalWindow = Window & { MwapIntegrations?: { configure(config: { apiBaseUrl: string }): unknown } };

/** Opens `path` in a window of its own, by a real click: the policy's frame-ancestors 'none' keeps it out of a frame. */
async function openPortal(path: string): Promise<PortalWindow> {
  const button = document.createElement('button');
  button.textContent = 'Open the portal';
  button.style.cssText = 'position:fixed;left:10px;top:10px;width:160px;height:40px;';
  let opened: PortalWindow | null = null;
  button.addEventListener('click', () => (opened = window.open(path, '_blank', 'popup,width=1000,height=800')), { once: true });
  document.body.append(button);
  await sendMouse({ type: 'click', position: [90, 30] });
  button.remove();
  expect(opened, 'the portal window opened').to.not.equal(null);
  return opened!;
}

/** The CSP reports of a run: none but the probe's, once the probe's is in (any earlier one would be too). */
async function violationsOf(portal: string, run: string, doc: Document): Promise<Array<Record<string, string>>> {
  const probe = doc.createElement('img');
  probe.src = `https://csp-probe.invalid/${run}.png`;
  doc.body.append(probe);
  const reports = async () =>
    ((await (await fetch(`${portal}__reports`)).json()) as Array<{ 'csp-report'?: Record<string, string> }>).map(
      (r) => r['csp-report'] ?? {},
    );
  await waitUntil(async () => (await reports()).some((r) => r['blocked-uri']?.includes('csp-probe.invalid')), 'the probe reported', {
    timeout: 10_000,
  });
  return (await reports()).filter((r) => !r['blocked-uri']?.includes('csp-probe.invalid'));
}

/** The script tag's on-demand files this window fetched, by name (`integration-details`, …). */
const onDemandFetched = (win: Window) =>
  win.performance
    .getEntriesByType('resource')
    .map((entry) => entry.name.match(/\/dist\/mwap-integrations\.([\w-]+)\.[\w-]+\.js/)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'iife');

describe('the script tag under the strict CSP (in this engine)', () => {
  it('defines its elements and renders the list, and the engine reports no violation but the one made on purpose', async function () {
    const run = crypto.randomUUID();
    const portal = `/csp-portal/${run}/`;
    const response = await fetch(portal);
    expect(response.headers.get('content-security-policy')).to.equal(`${CSP}; report-uri ${portal}__report`);

    // In a window of its own, opened by a real click: the policy's frame-ancestors 'none' keeps it out of a frame.
    const button = document.createElement('button');
    button.textContent = 'Open the portal';
    button.style.cssText = 'position:fixed;left:10px;top:10px;width:160px;height:40px;';
    let portalWindow: (Window & { MwapIntegrations?: Record<string, unknown> }) | null = null;
    button.addEventListener('click', () => (portalWindow = window.open(portal, '_blank', 'popup,width=1000,height=800')), { once: true });
    document.body.append(button);
    await sendMouse({ type: 'click', position: [90, 30] });
    button.remove();
    try {
      expect(portalWindow, 'the portal window opened').to.not.equal(null);
      const win = () => portalWindow!;
      await waitUntil(() => win().MwapIntegrations !== undefined, 'window.MwapIntegrations from the tag', { timeout: 10_000 });
      const doc = win().document;
      // The wizard and the details are in the page: their files come at once, under the policy.
      await Promise.all(TAGS.map((tag) => win().customElements.whenDefined(tag)));
      expect(TAGS.filter((tag) => !win()!.customElements.get(tag))).to.deep.equal([]);
      const list = doc.querySelector('integration-list')!;
      const cards = () => [...(list.shadowRoot?.querySelectorAll('integration-card') ?? [])];
      await waitUntil(() => cards().length === 3, 'the list shows what the API holds', { timeout: 10_000 });
      await waitUntil(() => cards()[2]!.shadowRoot?.textContent?.includes('Integration 00003'), 'the cards rendered');

      // A violation on purpose (an image from elsewhere): once its report is in, any earlier one would be too.
      const probe = doc.createElement('img');
      probe.src = `https://csp-probe.invalid/${run}.png`;
      doc.body.append(probe);
      const reports = async () =>
        ((await (await fetch(`${portal}__reports`)).json()) as Array<{ 'csp-report'?: Record<string, string> }>).map(
          (r) => r['csp-report'] ?? {},
        );
      await waitUntil(async () => (await reports()).some((r) => r['blocked-uri']?.includes('csp-probe.invalid')), 'the probe reported', {
        timeout: 10_000,
      });
      const others = (await reports()).filter((r) => !r['blocked-uri']?.includes('csp-probe.invalid'));
      expect(others, 'CSP violations on the portal').to.deep.equal([]);
    } finally {
      (portalWindow as Window | null)?.close();
    }
  });

  it('a page with only the list fetches no other element; the details added later load once, under the policy', async function () {
    const run = crypto.randomUUID();
    const portal = `/csp-portal/${run}/`;
    const win = await openPortal(`${portal}list-only.html`);
    try {
      await waitUntil(() => win.MwapIntegrations !== undefined, 'window.MwapIntegrations from the tag', { timeout: 10_000 });
      win.MwapIntegrations!.configure({ apiBaseUrl: `/fake-api/${run}/ok` });
      const doc = win.document;
      const list = doc.querySelector('integration-list')!;
      const cards = () => [...(list.shadowRoot?.querySelectorAll('integration-card') ?? [])];
      await waitUntil(() => cards()[2]?.shadowRoot?.textContent?.includes('Integration 00003'), 'the cards rendered', { timeout: 10_000 });
      expect(onDemandFetched(win), 'on-demand files for the list').to.deep.equal([]);
      expect(win.customElements.get('integration-details')).to.equal(undefined);

      const details = doc.createElement('integration-details');
      doc.querySelector('main')!.append(details);
      await win.customElements.whenDefined('integration-details');
      expect(details.shadowRoot, 'upgraded').to.not.equal(null);
      doc.querySelector('main')!.append(doc.createElement('integration-details'));
      const fetched = onDemandFetched(win);
      expect(fetched.filter((name) => name === 'integration-details')).to.have.length(1);
      expect(fetched.filter((name) => name === 'integration-wizard')).to.deep.equal([]);
      expect(await violationsOf(portal, run, doc), 'CSP violations on the portal').to.deep.equal([]);
    } finally {
      win.close();
    }
  });
});
