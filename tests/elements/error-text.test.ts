import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/integration-list/define.js';
import '../../src/elements/integration-card/define.js';
import '../../src/elements/integration-wizard/define.js';
import type { IntegrationListElement } from '../../src/elements/integration-list/define.js';
import type { IntegrationCardElement } from '../../src/elements/integration-card/define.js';
import type { IntegrationWizardElement } from '../../src/elements/integration-wizard/define.js';
import { createClient, ERROR_CODES, IntegrationError, type IntegrationErrorCode } from '../../src/core/index.js';
import { describeError, errorSentence } from '../../src/internal/error-text.js';
import { setLocale } from '../../src/localization.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';
import { makeIntegration, makeProviders } from '../support/fixtures.js';
import { withoutIsolates } from '../support/bidi.js';

const BASE = 'https://api.example.com/api';
const SERVER_SAYS = 'Database unavailable (English, from the server)';
const serverError = () => jsonResponse(500, { error: { code: 'server_error', message: SERVER_SAYS } });
const error = (code: IntegrationErrorCode) => new IntegrationError(code, SERVER_SAYS);

describe('error words', () => {
  afterEach(async () => {
    await setLocale('en');
    document.querySelectorAll('mwap-toast-region').forEach((region) => region.remove());
  });

  it('give every code its own title, in English and in German, never the server message', async () => {
    const english = new Map(ERROR_CODES.map((code) => [code, describeError(error(code)).title]));
    await setLocale('de');
    for (const code of ERROR_CODES) {
      const en = english.get(code)!;
      const de = describeError(error(code)).title;
      expect(en, code).to.be.a('string').and.not.equal('');
      expect(en, code).not.to.contain(SERVER_SAYS);
      expect(de, `${code} in German`).to.be.a('string').and.not.equal('');
      expect(de, `${code} is translated`).not.to.equal(en);
    }
  });

  it('offer retry only when trying again can help, and say who must act', () => {
    for (const code of ['permission_denied', 'unauthenticated', 'validation_failed', 'conflict', 'not_found', 'invalid_config'] as const) {
      expect(describeError(error(code)).canRetry, code).to.equal(false);
    }
    for (const code of ['network_error', 'server_error', 'rate_limited', 'popup_closed', 'popup_blocked', 'connection_failed'] as const) {
      expect(describeError(error(code)).canRetry, code).to.equal(true);
    }
    expect(describeError(error('server_error')).hint).to.equal('Try again in a moment.');
    expect(describeError(error('permission_denied')).hint).to.equal('Ask a tenant owner.');
    expect(describeError(error('unauthenticated')).hint).to.equal('Ask the administrator of this site for help.');
    expect(describeError(error('popup_blocked')).hint).to.contain('Allow pop-ups');
    // The hint follows the error's recovery, not only its code.
    const overridden = new IntegrationError('not_found', SERVER_SAYS, { recovery: 'retry' });
    expect(describeError(overridden)).to.include({ hint: 'Try again in a moment.', canRetry: true });
    expect(describeError(error('aborted')).hint).to.equal('');
    expect(errorSentence(error('aborted'))).to.equal('The operation was cancelled.');
  });

  it('know the sign-in button’s situations', () => {
    expect(describeError(error('popup_blocked'), { anotherWindowOpen: true }).title).to.equal('Another sign-in window is still open.');
    expect(describeError(error('popup_blocked'), { offersReopen: true }).hint).to.contain('Open the sign-in window');
  });

  it('say the server’s reason for a field the caller does not show, and only then', () => {
    const refused = new IntegrationError('validation_failed', 'Some values were not accepted.', {
      fields: { redirectUri: 'is not on the allow-list', name: 'Too long.' },
    });
    expect(describeError(refused).fieldReasons, 'the caller shows every field').to.equal(undefined);
    expect(withoutIsolates(describeError(refused, { shownFields: ['name'] }).fieldReasons!)).to.equal(
      'redirectUri: is not on the allow-list',
    );
    expect(withoutIsolates(errorSentence(refused, { shownFields: [] })))
      .to.contain('redirectUri: is not on the allow-list')
      .and.contain('name: Too long.');
  });

  it('turn anything thrown into words', () => {
    expect(describeError(new TypeError('x is undefined')).title).to.equal('The server had a problem.');
  });
});

describe('error words in the elements, in German', () => {
  afterEach(async () => {
    await setLocale('en');
    document.querySelectorAll('mwap-toast-region').forEach((region) => region.remove());
  });

  it('the list’s load error', async () => {
    await setLocale('de');
    const { fetch } = fakeFetch((req) =>
      req.url.pathname.endsWith('cloud-providers') ? jsonResponse(200, makeProviders()) : serverError(),
    );
    const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false, retry: { attempts: 1 } });
    const el = await fixture<IntegrationListElement>(html`<integration-list .client=${client}></integration-list>`);
    await waitUntil(() => el.shadowRoot!.querySelector('.state[role="alert"]'), 'the load error shows');
    const alert = el.shadowRoot!.querySelector('.state[role="alert"]')!;
    expect(alert.textContent).to.contain('Auf dem Server ist ein Problem aufgetreten.');
    expect(alert.textContent).to.contain('Versuchen Sie es gleich noch einmal.');
    expect(alert.textContent).not.to.contain(SERVER_SAYS);
    client.destroy();
  });

  it('the card’s refresh failure, said on the card', async () => {
    const { fetch } = fakeFetch(() => serverError());
    const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false, retry: { attempts: 1 } });
    const el = await fixture<IntegrationCardElement>(
      html`<integration-card .client=${client} .integration=${makeIntegration()}></integration-card>`,
    );
    const findRefresh = () =>
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
        /^Refresh token/.test(b.getAttribute('aria-label') ?? b.textContent!.trim()),
      );
    // The card offers Refresh once it knows the caller may (GET /me answered).
    await waitUntil(findRefresh, 'the Refresh button');
    const refresh = findRefresh()!;
    await setLocale('de');
    await el.updateComplete;
    refresh.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), 'the failure on the card');
    const message = el.shadowRoot!.querySelector('[role="alert"]')!.textContent!;
    expect(message).to.contain('Auf dem Server ist ein Problem aufgetreten.');
    expect(message).not.to.contain(SERVER_SAYS);
    client.destroy();
  });

  it('the wizard’s save error', async () => {
    const fetch = async (input: RequestInfo | URL): Promise<Response> =>
      new URL(String(input)).pathname.endsWith('/cloud-providers') ? jsonResponse(200, makeProviders()) : serverError();
    const client = createClient({ apiBaseUrl: BASE, fetch, autoRefresh: false, retry: { attempts: 1 } });
    const el = await fixture<IntegrationWizardElement>(
      html`<integration-wizard .client=${client} provider-id="dev-analytics"></integration-wizard>`,
    );
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('[data-path="name"]'), 'the details step');
    for (const [path, value] of [
      ['name', 'Analytics prod'],
      ['settings.projectId', 'web-shop'],
    ]) {
      const input = root.querySelector<HTMLInputElement>(`[data-path="${path}"]`)!;
      input.value = value!;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    }
    await el.updateComplete;
    await setLocale('de');
    await el.updateComplete;
    root.querySelector<HTMLButtonElement>('.footer button.primary')!.click();
    await waitUntil(() => root.querySelector('.alert[role="alert"] button'), 'the save error shows');
    const alert = root.querySelector('.alert[role="alert"]')!;
    expect(alert.textContent).to.contain('Auf dem Server ist ein Problem aufgetreten.');
    expect(alert.textContent).not.to.contain(SERVER_SAYS);
    client.destroy();
  });
});

describe('error words for a write whose answer was lost', () => {
  afterEach(() => setLocale('en'));

  it('say the change could not be confirmed, offer no blind retry, and read German in German', async () => {
    const lost = new IntegrationError('network_error', SERVER_SAYS, { unconfirmed: true });
    const plain = describeError(new IntegrationError('network_error', SERVER_SAYS));
    const english = describeError(lost);
    expect(english.title).to.contain('could not be confirmed');
    expect(english.title).not.to.equal(plain.title);
    expect(english.canRetry).to.equal(false);
    await setLocale('de');
    expect(describeError(lost).title).not.to.equal(english.title);
  });
});

describe('error words for a failure at the provider', () => {
  it('quote what the provider said, which is the one clue to what is wrong there', () => {
    const refused = new IntegrationError('connection_failed', 'invalid_grant: refresh token revoked');
    expect(describeError(refused).detail).to.equal('invalid_grant: refresh token revoked');
    expect(withoutIsolates(errorSentence(refused))).to.contain('“invalid_grant: refresh token revoked”');
    // Our own server's messages are not quoted for other codes.
    expect(errorSentence(new IntegrationError('server_error', SERVER_SAYS))).not.to.contain(SERVER_SAYS);
  });
});
