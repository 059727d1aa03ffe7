// Two releases on one page: the older one, defined first, owns the plain tag names of the parts.
// The parts' tags carry the release (src/internal/tags.ts), so <integration-details> still
// renders its own. Its own file: the old definitions must come before ours, and stay for the page.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { IntegrationDetailsElement } from '../../src/elements/integration-details/define.js';
import { IntegrationDetailsHeaderElement } from '../../src/elements/integration-details/details-header.js';
import { IntegrationHealthPanelElement } from '../../src/elements/integration-details/health-panel.js';
import { IntegrationSettingsEditorElement } from '../../src/elements/integration-details/settings-editor.js';
import { IntegrationTokenPanelElement } from '../../src/elements/integration-details/token-panel.js';
import { IntegrationUsagePanelElement } from '../../src/elements/integration-details/usage-panel.js';
import {
  DETAILS_HEADER_TAG,
  HEALTH_PANEL_TAG,
  RELEASE_SUFFIX,
  SETTINGS_EDITOR_TAG,
  TOKEN_PANEL_TAG,
  USAGE_PANEL_TAG,
} from '../../src/internal/tags.js';
import { detailsApi, removeToasts, waitForShadow, type DetailsApi } from './integration-details.fake-api.js';

/** What another release registered: a part that renders something else entirely. */
class OlderPart extends HTMLElement {
  connectedCallback() {
    this.textContent = 'older release';
  }
}

const ours = [
  [DETAILS_HEADER_TAG, IntegrationDetailsHeaderElement],
  [TOKEN_PANEL_TAG, IntegrationTokenPanelElement],
  [HEALTH_PANEL_TAG, IntegrationHealthPanelElement],
  [USAGE_PANEL_TAG, IntegrationUsagePanelElement],
  [SETTINGS_EDITOR_TAG, IntegrationSettingsEditorElement],
] as const;

// The plain names (releases before versioned tags) and the names another release would use.
const plain = ours.map(([tag]) => tag.slice(0, -RELEASE_SUFFIX.length));
for (const name of [...plain, ...plain.map((tag) => `${tag}-v0-0-1`)]) customElements.define(name, class extends OlderPart {});
// Ours only now, as a newer release loaded second would be.
await import('../../src/elements/integration-details/define.js');

let api: DetailsApi;
beforeEach(() => {
  api = detailsApi();
});
afterEach(() => {
  api.client.destroy();
  removeToasts();
});

describe('<integration-details> next to another release', () => {
  it('the older release owns the plain names, ours are free', () => {
    for (const [index, [tag, part]] of ours.entries()) {
      // Booleans, not elements or classes: chai would serialise those into a failure message.
      expect(customElements.get(plain[index]!)!.prototype instanceof OlderPart, `${plain[index]} is the older release's`).to.equal(true);
      expect(customElements.get(tag) === part, `${tag} is ours`).to.equal(true);
    }
  });

  it("renders its own header and panels, not the older release's", async () => {
    const el = await fixture<IntegrationDetailsElement>(
      html`<integration-details integration-id="int-1" .client=${api.client}></integration-details>`,
    );
    const header = await waitForShadow(el, '[part="header"]', 'the content state');
    expect(header.localName).to.equal(DETAILS_HEADER_TAG);
    expect(header instanceof IntegrationDetailsHeaderElement, 'the header is ours').to.equal(true);
    expect(header.shadowRoot!.querySelector('h2')?.textContent).to.contain('Production storage');
    for (const [tab, part] of [
      ['token', IntegrationTokenPanelElement],
      ['health', IntegrationHealthPanelElement],
      ['usage', IntegrationUsagePanelElement],
      ['settings', IntegrationSettingsEditorElement],
    ] as const) {
      el.tab = tab;
      const panel = await waitForShadow(el, `#panel-${tab} > *`);
      expect(panel instanceof part, `the ${tab} panel (<${panel.localName}>) is ours`).to.equal(true);
      await waitUntil(() => panel.shadowRoot?.childElementCount, `the ${tab} panel renders`);
    }
    expect(el.shadowRoot!.textContent).not.to.contain('older release');
  });
});
