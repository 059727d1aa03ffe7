/** Small pieces with no server: token encryption, settings validation, log redaction. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEV_PROVIDERS } from '../catalogue.js';
import { TokenCipher, loadOrCreateSecretFile, parseKey } from '../crypto.js';
import { expiringAt } from '../db/tokens.js';
import { ApiError } from '../errors.js';
import { CursorCodec } from '../list-cursor.js';
import { createLogger } from '../logger.js';
import { validateSettings } from '../validation.js';

describe('TokenCipher (AES-256-GCM)', () => {
  const cipher = new TokenCipher(randomBytes(32));

  it('round-trips, with a fresh IV each time', () => {
    const a = cipher.encrypt('secret-token', 'int_1');
    const b = cipher.encrypt('secret-token', 'int_1');
    assert.notEqual(a, b);
    assert.equal(cipher.decrypt(a, 'int_1'), 'secret-token');
    assert.ok(!a.includes('secret-token'));
  });

  it('refuses a tampered ciphertext, another row’s id, and another key', () => {
    const sealed = cipher.encrypt('secret-token', 'int_1');
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${v}.${iv}.${tag}.${body!.slice(0, -2)}${body!.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.throws(() => cipher.decrypt(flipped, 'int_1'));
    assert.throws(() => cipher.decrypt(sealed, 'int_2'));
    assert.throws(() => new TokenCipher(randomBytes(32)).decrypt(sealed, 'int_1'));
  });

  it('refuses a truncated authentication tag (Node would otherwise accept 4 of its 16 bytes)', () => {
    const sealed = cipher.encrypt('secret-token', 'int_1');
    const [v, iv, tag, body] = sealed.split('.');
    const short = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    assert.throws(() => cipher.decrypt(`${v}.${iv}.${short}.${body}`, 'int_1'), /format/);
  });

  it('needs exactly 32 bytes of key', () => {
    assert.throws(() => parseKey(randomBytes(16).toString('base64')), /32/);
    assert.equal(parseKey(randomBytes(32).toString('base64')).length, 32);
  });

  it('keeps a generated dev key in the data folder with mode 0600, and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mwap-key-'));
    try {
      const first = loadOrCreateSecretFile(dir, 'k', () => 'value-1');
      const second = loadOrCreateSecretFile(dir, 'k', () => 'value-2');
      assert.equal(first, 'value-1');
      assert.equal(second, 'value-1');
      assert.equal(statSync(join(dir, 'k')).mode & 0o777, 0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('validateSettings', () => {
  const [cloud, analytics] = DEV_PROVIDERS;

  it('fills defaults and keeps given values', () => {
    assert.deepEqual(validateSettings(cloud!.settingsSchema, { region: 'us-east-1' }), { region: 'us-east-1', syncIntervalMinutes: 60 });
    assert.deepEqual(validateSettings(analytics!.settingsSchema, { projectId: 'shop-web', includePII: true }), {
      projectId: 'shop-web',
      environment: 'production',
      sampleRatePercent: 100,
      includePII: true,
    });
  });

  it('reports each bad field as settings.<key>', () => {
    try {
      validateSettings(cloud!.settingsSchema, { region: 'eu-west-1', bucketPrefix: 'ab', syncIntervalMinutes: 5000 });
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof ApiError);
      assert.equal(error.status, 422);
      assert.deepEqual(Object.keys(error.extra.fields!).sort(), ['settings.bucketPrefix', 'settings.syncIntervalMinutes']);
      assert.match(error.extra.fields!['settings.syncIntervalMinutes']!, /at most 1440/);
    }
  });
});

describe('small helpers', () => {
  it('a cursor round-trips for its tenant and sort; garbage, another key, tenant or sort is refused', () => {
    const codec = new CursorCodec(randomBytes(32));
    const cursor = { sort: '-createdAt' as const, key: '2026-11-25 10:00:00+00', id: 'int_1' };
    const text = codec.encode('tenant-a', cursor);
    assert.deepEqual(codec.decode('tenant-a', text, '-createdAt'), cursor);
    assert.equal(codec.decode('tenant-b', text, '-createdAt'), undefined);
    assert.equal(codec.decode('tenant-a', text, 'createdAt'), undefined);
    assert.equal(new CursorCodec(randomBytes(32)).decode('tenant-a', text, '-createdAt'), undefined);
    assert.equal(codec.decode('tenant-a', 'not-a-cursor', '-createdAt'), undefined);
    assert.equal(codec.decode('tenant-a', Buffer.from('{"a":1}').toString('base64url'), '-createdAt'), undefined);
  });

  it('a signed cursor is still parsed strictly: a key that is no timestamp is refused', () => {
    const codec = new CursorCodec(randomBytes(32));
    for (const key of ['not-a-date', '2026-02-30 10:00:00+00', '2026-11-25 25:00:00+00', '2026-11-25T10:00:00Z']) {
      assert.equal(codec.decode('t', codec.encode('t', { sort: 'createdAt', key, id: 'int_1' }), 'createdAt'), undefined, key);
    }
    assert.equal(codec.decode('t', codec.encode('t', { sort: 'name', key: 'a', id: 'int\u0000' }), 'name'), undefined);
    assert.ok(codec.decode('t', codec.encode('t', { sort: 'updatedAt', key: '2026-11-25 10:00:00.123456+01', id: 'int_1' }), 'updatedAt'));
  });

  it('a token is expiring for the last quarter of its life, at most five minutes', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    assert.equal(expiringAt(t0, new Date(t0.getTime() + 120_000))!.toISOString(), '2026-01-01T00:01:30.000Z');
    assert.equal(expiringAt(t0, new Date(t0.getTime() + 3_600_000))!.toISOString(), '2026-01-01T00:55:00.000Z');
    assert.equal(expiringAt(t0, null), null);
  });

  it('logs are JSON lines and credential-like fields are redacted', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    logger.debug('hidden');
    logger.info('hello', {
      accessToken: 'at',
      refresh_token: 'rt',
      code: 'c',
      codeVerifier: 'v',
      state: 's',
      clientSecret: 'x',
      integrationId: 'int_1',
      errorCode: 'e',
    });
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0]!);
    assert.equal(entry.msg, 'hello');
    assert.equal(entry.level, 'info');
    assert.equal(entry.integrationId, 'int_1');
    assert.equal(entry.errorCode, 'e');
    for (const key of ['accessToken', 'refresh_token', 'code', 'codeVerifier', 'state', 'clientSecret'])
      assert.equal(entry[key], '[redacted]', key);
  });
});
