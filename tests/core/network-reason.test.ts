/**
 * Why a request got no answer, over real HTTP: the test page's server is also reachable under its
 * other loopback name, which is another origin, and the scripted API sends no CORS headers there.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { createClient } from '../../src/core/index.js';
import { describeError, errorSentence } from '../../src/internal/error-text.js';
import { expectIntegrationError } from '../support/expect-error.js';

const otherOrigin = () => `${location.protocol}//${location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${location.port}`;
const clientOn = (origin: string, scenario: string) =>
  createClient({
    apiBaseUrl: `${origin}/fake-api/${crypto.randomUUID()}/${scenario}`,
    autoRefresh: false,
    retry: { attempts: 3, baseDelayMs: 1 },
  });

describe('network errors say why', () => {
  afterEach(() => sinon.restore());

  it('an API on another origin that answers without CORS headers reads as a CORS refusal, not as a lost connection', async () => {
    const error = await expectIntegrationError(clientOn(otherOrigin(), 'ok').api.listProviders(), 'network_error');
    expect(error.reason).to.equal('cors');
    expect(error.retryable, 'only its administrator can change it').to.equal(false);
    const words = describeError(error);
    expect(words.title).to.equal('The integrations API refused this page (CORS).');
    expect(words.canRetry).to.equal(false);
    expect(errorSentence(error)).not.to.contain('connection');
  });

  it('an API that drops the connection is unreachable, on this origin or another', async () => {
    for (const origin of [location.origin, otherOrigin()]) {
      const error = await expectIntegrationError(clientOn(origin, 'drop').api.listProviders(), 'network_error');
      expect(error.reason, origin).to.equal('unreachable');
      expect(describeError(error)).to.include({ title: 'The server could not be reached.', canRetry: true });
    }
  });

  it('an offline browser reads “You are offline.”', async () => {
    sinon.stub(navigator, 'onLine').get(() => false);
    const error = await expectIntegrationError(clientOn(otherOrigin(), 'drop').api.listProviders(), 'network_error');
    expect(error.reason).to.equal('offline');
    expect(describeError(error).title).to.equal('You are offline.');
  });
});
