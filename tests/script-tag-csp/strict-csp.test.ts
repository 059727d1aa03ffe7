// The script tag (dist/mwap-integrations.iife.js) on the third-party portal page under its strict
// Content-Security-Policy, in every engine of the browser suite: the whole journey through the
// real provider runs in tests/script-tag/script-tag.test.mjs (Chromium only: playwright-core
// cannot drive Debian's Firefox or WebKitGTK). Here: the tag defines its elements, renders what
// the API holds, and the engine reports no CSP violation, as a report-uri tells the server.
// Needs the build (npm test runs scripts/ensure-dist.mjs first).
import { expect, waitUntil } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { CSP } from '../script-tag/csp.mjs';

const TAGS = ['integrations-provider', 'integration-list', 'integration-card', 'integration-wizard', 'integration-details', 'oauth-button'];

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
});
