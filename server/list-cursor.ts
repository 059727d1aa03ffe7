/**
 * The list's opaque cursor: `<payload>.<mac>`, where the payload is base64url JSON
 * `[sort, key, id]` and the mac an HMAC-SHA256 over the tenant and the payload. A cursor the
 * server did not write, one of another tenant, or one changed by a byte is refused before its key
 * reaches SQL; and even a correctly signed one is parsed strictly (the sort it belongs to, a key of
 * that sort's type, an id of the id's shape), so a leaked key cannot turn into a 500.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IntegrationSort } from '../src/core/types.js';
import { NAME_MAX_LENGTH } from '../src/core/rules.js';
import type { Cursor } from './db/integrations.js';
import { INTEGRATION_ID_PATTERN } from './site.js';

/** The longest cursor read; ours are well under 400 characters. */
const MAX_CURSOR_LENGTH = 2048;
// As PostgreSQL prints a timestamptz (`2026-11-24 10:11:12.345678+00`), which is what the cursor keeps.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2}$/;

export class CursorCodec {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = key;
  }

  encode(tenantId: string, cursor: Cursor): string {
    const payload = Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.id])).toString('base64url');
    return `${payload}.${this.#mac(tenantId, payload).toString('base64url')}`;
  }

  /** The cursor, or `undefined` when it is not one this server wrote for this tenant and this sort. */
  decode(tenantId: string, text: string, sort: IntegrationSort): Cursor | undefined {
    if (text.length > MAX_CURSOR_LENGTH) return undefined;
    const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(text);
    if (!match) return undefined;
    const [, payload, mac] = match as unknown as [string, string, string];
    const given = Buffer.from(mac, 'base64url');
    const expected = this.#mac(tenantId, payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!Array.isArray(value) || value.length !== 3 || !value.every((part) => typeof part === 'string')) return undefined;
    const [cursorSort, key, id] = value as [string, string, string];
    if (cursorSort !== sort || !INTEGRATION_ID_PATTERN.test(id) || !validKey(sort, key)) return undefined;
    return { sort, key, id };
  }

  #mac(tenantId: string, payload: string): Buffer {
    // The tenant is length-prefixed so no tenant/payload split can collide with another.
    return createHmac('sha256', this.#key).update(`${tenantId.length}:${tenantId}:${payload}`).digest();
  }
}

function validKey(sort: IntegrationSort, key: string): boolean {
  if (sort === 'name' || sort === '-name') return key.length <= NAME_MAX_LENGTH * 2 && !key.includes('\0');
  const parts = TIMESTAMP.exec(key);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}
