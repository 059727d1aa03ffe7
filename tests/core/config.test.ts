import { expect } from '@open-wc/testing';
import { createClient } from '../../src/core/index.js';
import { expectIntegrationError } from '../support/expect-error.js';

const make = (config: Parameters<typeof createClient>[0]) => Promise.resolve().then(() => createClient(config));

describe('client configuration', () => {
  it('refuses an http: API base URL on a non-loopback host', async () => {
    const error = await expectIntegrationError(make({ apiBaseUrl: 'http://api.example.com/api' }), 'invalid_config');
    expect(error.message).to.contain('http:');
    expect(error.recovery).to.equal('host');
  });

  it('refuses an http: redirect URI on a non-loopback host', async () => {
    await expectIntegrationError(
      make({ apiBaseUrl: 'https://api.example.com/api', redirectUri: 'http://app.example.com/cb.html' }),
      'invalid_config',
    );
  });

  it('accepts http: on loopback and when the host opts out explicitly', () => {
    expect(createClient({ apiBaseUrl: 'http://127.0.0.1:9/api' }).config.apiBaseUrl.href).to.equal('http://127.0.0.1:9/api/');
    expect(createClient({ apiBaseUrl: 'http://localhost:9/api' }).config.apiBaseUrl.host).to.equal('localhost:9');
    const optedOut = createClient({ apiBaseUrl: 'http://intranet.corp/api', allowInsecureHttp: true });
    expect(optedOut.config.apiBaseUrl.protocol).to.equal('http:');
  });

  it('refuses other schemes and a missing base URL', async () => {
    await expectIntegrationError(make({ apiBaseUrl: 'javascript:alert(1)' }), 'invalid_config');
    await expectIntegrationError(make({ apiBaseUrl: '' }), 'invalid_config');
  });

  it('resolves a relative base URL and the default redirect page against the page', () => {
    const client = createClient({ apiBaseUrl: '/api' });
    expect(client.config.apiBaseUrl.href).to.equal(new URL('/api/', location.href).href);
    expect(client.config.redirectUri.href).to.equal(new URL('oauth-callback.html', location.href).href);
  });
});
