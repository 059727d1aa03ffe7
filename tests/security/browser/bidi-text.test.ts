/**
 * Threat: a name with U+202E RIGHT-TO-LEFT OVERRIDE or U+2066 LEFT-TO-RIGHT ISOLATE (or a stray
 * U+2069 POP DIRECTIONAL ISOLATE) must not reorder the rest of a sentence it is put into. A name
 * such as "evil‮gnp.exe" would otherwise turn "Delete “…”?" around, hide what a dialog asks, or make
 * a toast say something else than it does. Accessible names (aria-label) are spoken, never drawn,
 * and carry the name as typed.
 *
 * Every name in a sentence held in a string goes through isolate() (src/internal/bidi.ts), which
 * wraps it in FSI … PDI and balances the name's own isolates first; in templates the name is in a
 * `<bdi>`. These tests read the sentence the way the Unicode Bidirectional Algorithm pairs isolates
 * (UAX #9, BD9) and check that what follows the name starts after the PDI that closes its FSI, and
 * one draws where it should.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/elements/integration-details/define.js';
import '../../../src/elements/integration-card/define.js';
import '../../../src/elements/integration-list/define.js';
import type { IntegrationDetailsElement } from '../../../src/elements/integration-details/define.js';
import type { IntegrationCardElement } from '../../../src/elements/integration-card/define.js';
import type { IntegrationListElement } from '../../../src/elements/integration-list/define.js';
import { createClient, type IntegrationsClient } from '../../../src/core/index.js';
import { isolate } from '../../../src/internal/bidi.js';
import { DETAILS_HEADER_TAG } from '../../../src/internal/tags.js';
import { fakeFetch, jsonResponse } from '../../support/fake-fetch.js';
import { makeIntegration, makeIntegrations, makeProviders } from '../../support/fixtures.js';
import { detailsApi, inShadow, removeToasts, toastMessages, waitForShadow } from '../../elements/integration-details.fake-api.js';

const BASE = 'https://api.example.com/api';
const FSI = '\u2068';
const PDI = '\u2069';

/** Hostile names: an override, an isolate left open, a PDI with no opener, and all at once. */
const NAMES = [
  'evil\u202Egnp.exe',
  'open\u2066 isolate',
  'stray\u2069 pop',
  '\u05D0\u05D1\u2067\u202E\u2069\u2069x\u2066',
  '\u05D0\u05D1\u2066',
];

/**
 * What follows the isolate that starts right after `before` in `sentence`, and what it holds: the
 * PDI that closes that FSI is found as the bidi algorithm pairs them (each PDI closes the latest
 * open isolate; one with none open does nothing).
 */
function splitAtIsolate(sentence: string, before: string): { inside: string; after: string } {
  const start = sentence.indexOf(before);
  expect(start, `"${before}" in ${JSON.stringify(sentence)}`).to.be.at.least(0);
  const fsi = start + before.length;
  expect(sentence[fsi], `an FSI right after "${before}" in ${JSON.stringify(sentence)}`).to.equal(FSI);
  let open = 0;
  for (let i = fsi; i < sentence.length; i++) {
    const char = sentence[i]!;
    if (char >= '\u2066' && char <= '\u2068') open++;
    else if (char === PDI && open > 0 && --open === 0) return { inside: sentence.slice(fsi + 1, i), after: sentence.slice(i + 1) };
  }
  throw new Error(`the isolate after "${before}" is never closed: the rest of ${JSON.stringify(sentence)} is inside it`);
}

/** The name as its letters, without the direction marks isolate() may add or drop. */
const letters = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

function expectIsolated(sentence: string, before: string, name: string, after: string | RegExp) {
  const parts = splitAtIsolate(sentence, before);
  expect(letters(parts.inside), 'the whole name is inside the isolate').to.equal(letters(name));
  if (typeof after === 'string') expect(parts.after, 'the rest of the sentence is outside it').to.equal(after);
  else expect(parts.after, 'the rest of the sentence is outside it').to.match(after);
}

describe('isolate()', () => {
  for (const name of NAMES) {
    it(`keeps the rest of the sentence outside the isolate of ${JSON.stringify(name)}`, () => {
      expectIsolated(`Delete “${isolate(name)}” now?`, 'Delete “', name, '” now?');
    });
  }

  it('leaves a name without isolates as it is, and balanced isolates in a name alone', () => {
    expect(isolate('Production')).to.equal(`${FSI}Production${PDI}`);
    expect(isolate('a\u2067b\u2069c')).to.equal(`${FSI}a\u2067b\u2069c${PDI}`);
  });
});

describe('names in sentences', () => {
  afterEach(() => removeToasts());

  it('the delete dialog of the details: the question mark stays after a right-to-left name with an open isolate', async () => {
    const name = NAMES[4]!;
    const api = detailsApi({ name });
    const el = await fixture<IntegrationDetailsElement>(
      html`<integration-details integration-id="int-1" .client=${api.client}></integration-details>`,
    );
    const header = await waitForShadow(el, DETAILS_HEADER_TAG, 'the header');
    (await waitForShadow(header, 'button.delete', 'the delete button')).click();
    const dialog = inShadow(header, 'mwap-confirm-dialog') as HTMLElement & { open: boolean; updateComplete: Promise<unknown> };
    await waitUntil(() => dialog.open, 'the dialog opens');
    await dialog.updateComplete;
    const heading = dialog.getAttribute('heading')!;
    expectIsolated(heading, 'Delete “', name, '”?');
    expectIsolated(dialog.textContent!.trim(), '“', name, /^” will be removed/);

    // Drawn: in this left-to-right heading, "?" is right of the Hebrew letters. Were the isolate
    // left open, "”?" would be inside the name's right-to-left run and drawn left of it.
    const h2 = dialog.shadowRoot!.querySelector('h2')!;
    const node = [...h2.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.includes('?'))!;
    const content = node.textContent!;
    const rect = (at: number) => {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      return range.getBoundingClientRect();
    };
    const hebrew = rect(content.indexOf('\u05D0'));
    expect(rect(content.lastIndexOf('?')).left, '"?" drawn after the name').to.be.at.least(hebrew.right);

    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click();
    await waitUntil(() => toastMessages().some((m) => m.startsWith('Deleted')), 'the toast');
    expectIsolated(
      toastMessages().find((m) => m.startsWith('Deleted'))!,
      'Deleted “',
      name,
      '”.',
    );
    const gone = await waitForShadow(el, '.state.deleted', 'the deleted state');
    expectIsolated(gone.textContent!.replace(/\s+/g, ' ').trim(), '“', name, /^” was deleted/);
    api.client.destroy();
  });

  it('a toast and the aria-labels of a card, and the names of failed checks in it', async () => {
    const name = NAMES[2]!;
    const check = NAMES[1]!;
    const { fetch } = fakeFetch(
      jsonResponse(200, {
        integrationId: 'int-1',
        ok: false,
        testedAt: new Date().toISOString(),
        latencyMs: 40,
        checks: [{ name: check, ok: false, latencyMs: 20, message: '401' }],
      }),
    );
    const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false });
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card selectable .client=${client} .integration=${makeIntegration({ name })}></integration-card>`,
    );
    const labels = () => [...el.shadowRoot!.querySelectorAll('[aria-label]')].map((node) => node.getAttribute('aria-label')!);
    await waitUntil(() => labels().some((label) => label.startsWith('Test connection of')), 'the actions');
    // Accessible names are spoken, not drawn: no reordering to guard against, and added marks would
    // break matching by voice control ("click Manage …") and a host's getByRole tests. The name as typed.
    for (const before of ['Manage ', 'Select ', 'Test connection of ', 'Refresh token of ']) {
      expect(labels()).to.include(`${before}${name}`);
    }

    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label^="Test connection of"]')!.click();
    await waitUntil(() => toastMessages().some((m) => m.includes('connection test failed')), 'the failure toast');
    const toast = toastMessages().find((m) => m.includes('connection test failed'))!;
    expectIsolated(toast, '', name, /^: connection test failed \(/);
    expectIsolated(toast, ': connection test failed (', check, ').');
    client.destroy();
  });

  it('the bulk result: a failed name in a <bdi>, the reason after it', async () => {
    const all = makeIntegrations(2).map((item, i) => (i === 1 ? { ...item, name: NAMES[0]! } : item));
    const fetch: typeof globalThis.fetch = async (input, init = {}) => {
      const path = new URL(String(input)).pathname.replace('/api/', '');
      if (path === 'cloud-providers') return jsonResponse(200, makeProviders());
      if (path === 'integrations' && (init.method ?? 'GET') === 'GET') return jsonResponse(200, { items: all, nextCursor: null, total: 2 });
      if (path === 'integrations/int-2/tokens/refresh')
        return jsonResponse(502, { error: { code: 'token_exchange_failed', message: 'invalid_grant' } });
      if (path === 'integrations/int-1/tokens/refresh') return jsonResponse(200, all[0]);
      return jsonResponse(404, { error: { code: 'not_found', message: path } });
    };
    const client: IntegrationsClient = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false, retry: { attempts: 1 } });
    const el = await fixture<IntegrationListElement>(html`<integration-list .client=${client}></integration-list>`);
    await waitUntil(() => el.items.length === 2, 'the list');
    el.select(['int-1', 'int-2']);
    await el.updateComplete;
    const refresh = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
      b.textContent!.includes('Refresh tokens'),
    )!;
    refresh.click();
    const dialog = el.shadowRoot!.querySelector('mwap-confirm-dialog') as HTMLElement & { open: boolean };
    await waitUntil(() => dialog.open, 'the confirm step');
    dialog.shadowRoot!.querySelector<HTMLButtonElement>('button[part="confirm"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('.results .failed'), 'the results');
    const failed = el.shadowRoot!.querySelector('.results .failed')!;
    const bdi = failed.querySelector('bdi')!;
    expect(bdi.textContent).to.equal(NAMES[0]);
    expect(bdi.nextSibling?.textContent, 'the reason is outside the <bdi>').to.match(/^: /);
    await waitUntil(() => toastMessages().some((m) => m.includes('1 of 2 failed')), 'the bulk toast');
    client.destroy();
  });
});
