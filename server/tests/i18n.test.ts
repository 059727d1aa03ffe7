/** The server answers in the language asked for: catalogue texts, check results, error messages. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Catalogue, loadCatalogueFile } from '../catalogue.js';
import { pickLanguage } from '../i18n/language.js';
import { connectedIntegration } from './support/oauth-helpers.js';
import { startTestServer, type TestServer } from './support/harness.js';
import type { CloudProvider } from '../../src/core/types.js';

const GERMAN = { 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.5' };

describe('pickLanguage', () => {
  it('takes the supported language with the highest q, a region counting as its language', () => {
    assert.equal(pickLanguage('de-AT'), 'de');
    assert.equal(pickLanguage('fr-FR, de;q=0.8, en;q=0.9'), 'en');
    assert.equal(pickLanguage('en;q=0.2, de;q=0.7'), 'de');
    assert.equal(pickLanguage('DE'), 'de');
  });

  it('falls back to English: no header, nothing supported, q=0, nonsense', () => {
    assert.equal(pickLanguage(undefined), 'en');
    assert.equal(pickLanguage('fr, ja'), 'en');
    assert.equal(pickLanguage('de;q=0'), 'en');
    assert.equal(pickLanguage(';;,=q'), 'en');
    assert.equal(pickLanguage('*'), 'en');
  });
});

describe('answers in the language asked for', () => {
  let server: TestServer;
  let owner: string;
  before(async () => {
    server = await startTestServer();
    owner = await server.token('tenant-i18n', 'owner');
  });
  after(() => server.dispose());

  it('labels every answer with Content-Language and Vary: Accept-Language', async () => {
    const german = await server.request('/api/cloud-providers', { token: owner, headers: GERMAN });
    assert.equal(german.headers.get('Content-Language'), 'de');
    assert.match(german.headers.get('Vary') ?? '', /Accept-Language/i);
    const plain = await server.request('/api/cloud-providers', { token: owner });
    assert.equal(plain.headers.get('Content-Language'), 'en');
    const failed = await server.request('/api/integrations', { headers: GERMAN });
    assert.equal(failed.status, 401);
    assert.equal(failed.headers.get('Content-Language'), 'de');
  });

  it('the built-in catalogue in German: texts translated, names, ids and values kept', async () => {
    const en = (await server.request('/api/cloud-providers', { token: owner })).body as CloudProvider[];
    const de = (await server.request('/api/cloud-providers', { token: owner, headers: GERMAN })).body as CloudProvider[];
    const [cloudEn, cloudDe] = [en[0]!, de[0]!];
    assert.equal(cloudDe.name, cloudEn.name);
    assert.deepEqual(cloudDe.scopes, cloudEn.scopes);
    assert.notEqual(cloudDe.description, cloudEn.description);
    assert.match(cloudDe.description, /Objektspeicher/);
    const region = cloudDe.settingsSchema.find((f) => f.key === 'region')!;
    assert.deepEqual(region.options, ['eu-west-1', 'us-east-1', 'ap-southeast-2']);
    assert.equal(region.optionLabels?.['eu-west-1'], 'Europa (Irland)');
    assert.equal(region.description, 'Wo Ihre Buckets liegen.');
    assert.equal(cloudDe.settingsSchema.find((f) => f.key === 'bucketPrefix')!.label, 'Bucket-Präfix');
    // Every scope is described in both languages, and differently.
    for (const provider of [...en, ...de]) for (const scope of provider.scopes) assert.ok(provider.scopeDescriptions?.[scope], scope);
    assert.notEqual(cloudDe.scopeDescriptions?.['storage.write'], cloudEn.scopeDescriptions?.['storage.write']);
    assert.equal(en[0]!.settingsSchema[0]!.optionLabels?.['eu-west-1'], 'Europe (Ireland)');
  });

  it('validation messages in German, the setting named by its German label', async () => {
    const answer = await server.request('/api/integrations', {
      method: 'POST',
      token: owner,
      headers: GERMAN,
      body: { name: '  ', cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1', syncIntervalMinutes: 2 } },
    });
    assert.equal(answer.status, 422);
    assert.equal(answer.body.error.message, 'Einige Werte wurden nicht angenommen.');
    assert.equal(answer.body.error.fields.name, 'Der Name ist erforderlich.');
    const settings = await server.request('/api/integrations', {
      method: 'POST',
      token: owner,
      headers: GERMAN,
      body: { name: 'Backups', cloudProviderId: 'dev-cloud', settings: { region: 'mars-1', syncIntervalMinutes: 2 } },
    });
    assert.equal(
      settings.body.error.fields['settings.syncIntervalMinutes'],
      'Synchronisierungsintervall (Minuten) muss mindestens 5 sein.',
    );
    assert.match(settings.body.error.fields['settings.region'], /^Region muss eines davon sein: Europa \(Irland\)/);
    // The same request in English still reads as before.
    const english = await server.request('/api/integrations', {
      method: 'POST',
      token: owner,
      body: { name: 'Backups', cloudProviderId: 'dev-cloud', settings: { region: 'eu-west-1', syncIntervalMinutes: 2 } },
    });
    assert.equal(english.body.error.fields['settings.syncIntervalMinutes'], 'Sync interval (minutes) must be at least 5.');
  });

  it('errors thrown in English by other modules go out in German', async () => {
    const unauthenticated = await server.request('/api/integrations', { headers: GERMAN });
    assert.equal(unauthenticated.body.error.message, 'Bitte anmelden: Diese Anfrage braucht ein Bearer-Token im Authorization-Header.');
    const member = await server.token('tenant-i18n', 'member');
    const denied = await server.request('/api/integrations', { method: 'POST', token: member, headers: GERMAN, body: {} });
    assert.equal(denied.body.error.message, 'Nur Inhaber des Mandanten können Integrationen ändern.');
    const missing = await server.request('/api/integrations/00000000-0000-4000-8000-000000000000', { token: owner, headers: GERMAN });
    assert.equal(missing.body.error.message, 'Integration nicht gefunden.');
  });

  it('the application’s own answers (an unknown endpoint) in German too', async () => {
    const endpoint = await server.request('/api/nothing-here', { token: owner, headers: GERMAN });
    assert.equal(endpoint.status, 404);
    assert.equal(endpoint.body.error.message, 'Keinen solchen Endpunkt: GET /api/nothing-here');
  });

  it('the connection test names its checks and says its results in German', async () => {
    const id = await connectedIntegration(server, owner, 'Getestet');
    const answer = await server.request(`/api/integrations/${id}/test`, { method: 'POST', token: owner, headers: GERMAN });
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.checks.map((check: { name: string }) => check.name),
      ['Token vorhanden', 'Token nicht abgelaufen', 'Anbieter erreichbar', 'Userinfo akzeptiert'],
    );
    const expiry = answer.body.checks[1].message as string;
    assert.match(expiry, /^Noch .+ gültig \(bis .+\)\.$/);
    assert.doesNotMatch(expiry, /\d{4}-\d{2}-\d{2}T/, 'no raw ISO timestamp');
  });
});

describe('PROVIDERS_FILE with texts per language', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mwap-i18n-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = (entry: Record<string, unknown>) => {
    const path = join(dir, `${Math.random()}.json`);
    writeFileSync(
      path,
      JSON.stringify([
        { id: 'acme', name: 'Acme', scopes: ['files'], issuer: 'https://login.acme.example', clientId: 'c', clientSecret: 's', ...entry },
      ]),
    );
    return new Catalogue(loadCatalogueFile(path, {}));
  };

  it('takes { en, de } texts and answers each language, English where German is missing', () => {
    const catalogue = load({
      description: { en: 'Files', de: 'Dateien' },
      scopeDescriptions: { files: { en: 'Read files', de: 'Dateien lesen' } },
      settingsSchema: [
        {
          key: 'tier',
          label: { en: 'Tier', de: 'Stufe' },
          type: 'select',
          options: ['hot', 'cold'],
          optionLabels: { hot: { en: 'Hot', de: 'Heiß' }, cold: 'Cold' },
        },
        { key: 'path', label: 'Path', type: 'string', description: { en: 'Where files go.' } },
      ],
    });
    const [de] = catalogue.list('de');
    assert.equal(de!.description, 'Dateien');
    assert.deepEqual(de!.scopeDescriptions, { files: 'Dateien lesen' });
    assert.equal(de!.settingsSchema[0]!.label, 'Stufe');
    assert.deepEqual(de!.settingsSchema[0]!.optionLabels, { hot: 'Heiß', cold: 'Cold' });
    assert.equal(de!.settingsSchema[1]!.label, 'Path');
    assert.equal(de!.settingsSchema[1]!.description, 'Where files go.');
    const [en] = catalogue.list('en');
    assert.equal(en!.description, 'Files');
    assert.equal(en!.settingsSchema[0]!.label, 'Tier');
    assert.deepEqual(en!.scopeDescriptions, { files: 'Read files' });
  });

  it('keeps the plain string form, and refuses a text without English', () => {
    const [provider] = load({ description: 'Plain', settingsSchema: [{ key: 'a', label: 'A', type: 'string' }] }).list('de');
    assert.equal(provider!.description, 'Plain');
    assert.equal(provider!.settingsSchema[0]!.label, 'A');
    assert.throws(() => load({ settingsSchema: [{ key: 'a', label: { de: 'A' }, type: 'string' }] }), /settingsSchema\.0\.label/);
  });
});
