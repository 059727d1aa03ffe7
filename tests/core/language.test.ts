/** Accept-Language: the UI language reaches the API, and a change reloads what the server words. */
import { expect } from '@open-wc/testing';
import { createClient, currentLanguage, queryKeys, setLanguage } from '../../src/core/index.js';
import { setLocale } from '../../src/localization.js';
import { fakeServer, untilTrue } from '../support/fake-server.js';

const BASE = 'https://language.example.com/api';
const providerRequests = (server: ReturnType<typeof fakeServer>) =>
  server.requests.filter((r) => r.url.pathname.endsWith('/cloud-providers'));

describe('Accept-Language', () => {
  afterEach(() => {
    setLanguage(undefined);
    document.documentElement.lang = '';
  });

  it('sends no Accept-Language until a language is known, then the page lang, then what was set', async () => {
    const server = fakeServer([]);
    const client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false });
    document.documentElement.lang = '';
    await client.api.listProviders();
    document.documentElement.lang = 'fr';
    await client.api.listProviders();
    setLanguage('de');
    await client.api.listProviders();
    expect(providerRequests(server).map((r) => r.headers.get('Accept-Language'))).to.deep.equal([null, 'fr', 'de']);
    client.destroy();
  });

  it('a client’s own language (text or function) overrides the page’s, and a host header overrides both', async () => {
    setLanguage('de');
    const server = fakeServer([]);
    let chosen: string | undefined = 'nl';
    const fixed = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, language: 'it' });
    const live = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, language: () => chosen });
    const host = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, headers: { 'Accept-Language': 'sv' } });
    await fixed.api.listProviders();
    await live.api.listProviders();
    chosen = undefined;
    await live.api.listProviders();
    await host.api.listProviders();
    expect(providerRequests(server).map((r) => r.headers.get('Accept-Language'))).to.deep.equal(['it', 'nl', null, 'sv']);
    for (const client of [fixed, live, host]) client.destroy();
  });

  it('keys the provider catalogue by language and reloads it, in the new language, when the language changes', async () => {
    setLanguage('en');
    const server = fakeServer([]);
    const client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false });
    expect(client.queries.providers().queryKey).to.deep.equal(queryKeys.providers('en'));
    const stop = client.watch(client.queries.providers(), () => {});
    await untilTrue(() => providerRequests(server).length === 1, 'first load');
    setLanguage('de');
    await untilTrue(() => providerRequests(server).length === 2, 'reloaded on the language change');
    expect(providerRequests(server)[1]!.headers.get('Accept-Language')).to.equal('de');
    expect(client.queries.providers().queryKey).to.deep.equal(['providers', 'de']);
    stop();
    client.destroy();
  });

  it('a client with its own language does not reload on the page’s change', async () => {
    const server = fakeServer([]);
    const client = createClient({ apiBaseUrl: BASE, fetch: server.fetch, autoRefresh: false, language: 'it' });
    const stop = client.watch(client.queries.providers(), () => {});
    await untilTrue(() => providerRequests(server).length === 1, 'first load');
    setLanguage('de');
    // The reload would have started synchronously with the change (invalidate refetches at once).
    await client.fetch(client.queries.providers());
    expect(providerRequests(server)).to.have.length(1);
    stop();
    client.destroy();
  });

  it('follows the elements’ locale: setLocale sets the language once the locale has loaded', async () => {
    await setLocale('de');
    expect(currentLanguage()).to.equal('de');
    await setLocale('en');
    expect(currentLanguage()).to.equal('en');
  });
});
