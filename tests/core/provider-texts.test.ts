/** The catalogue's optional texts for people: scope descriptions and option labels. */
import { expect } from '@open-wc/testing';
import { createClient } from '../../src/core/index.js';
import { fakeFetch, jsonResponse } from '../support/fake-fetch.js';
import { expectIntegrationError } from '../support/expect-error.js';

const listWith = (body: unknown) => {
  const { fetch } = fakeFetch(jsonResponse(200, body));
  return createClient({ apiBaseUrl: 'https://api.example.com/api', fetch, retry: { attempts: 1 } }).api.listProviders();
};

describe('CloudProvider scopeDescriptions and optionLabels', () => {
  it('an older API without them still parses, with empty maps', async () => {
    const [provider] = await listWith([
      { id: 'p', name: 'P', scopes: ['files'], settingsSchema: [{ key: 'tier', label: 'Tier', type: 'select', options: ['hot'] }] },
    ]);
    expect(provider!.scopeDescriptions).to.deep.equal({});
    expect(provider!.settingsSchema[0]!.optionLabels).to.deep.equal({});
  });

  it('keeps what the API sends, partial maps included', async () => {
    const [provider] = await listWith([
      {
        id: 'p',
        name: 'P',
        scopes: ['files', 'admin'],
        scopeDescriptions: { files: 'Dateien lesen' },
        settingsSchema: [{ key: 'tier', label: 'Stufe', type: 'select', options: ['hot', 'cold'], optionLabels: { hot: 'Heiß' } }],
      },
    ]);
    expect(provider!.scopeDescriptions).to.deep.equal({ files: 'Dateien lesen' });
    expect(provider!.settingsSchema[0]!.optionLabels).to.deep.equal({ hot: 'Heiß' });
  });

  it('a map of anything but strings is an invalid response', async () => {
    await expectIntegrationError(listWith([{ id: 'p', name: 'P', scopes: [], scopeDescriptions: { files: 3 } }]), 'invalid_response');
    await expectIntegrationError(
      listWith([{ id: 'p', name: 'P', scopes: [], settingsSchema: [{ key: 'k', label: 'K', type: 'select', optionLabels: ['x'] }] }]),
      'invalid_response',
    );
  });
});
