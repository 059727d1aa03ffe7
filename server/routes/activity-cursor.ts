/**
 * The activity pages' opaque cursor: `<id>.<mac>`, the last entry's id and an HMAC-SHA256 over the
 * tenant, the integration and that id, so a cursor of another tenant's or another integration's
 * history, or one changed by a byte, is refused before it reaches SQL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export class ActivityCursorCodec {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    this.#key = key;
  }

  encode(tenantId: string, integrationId: string, lastId: string): string {
    return `${lastId}.${this.#mac(tenantId, integrationId, lastId).toString('base64url')}`;
  }

  /** The id to continue before, or undefined when this is not a cursor we wrote for this history. */
  decode(tenantId: string, integrationId: string, text: string): string | undefined {
    const match = /^([1-9]\d{0,17})\.([A-Za-z0-9_-]{43})$/.exec(text);
    if (!match) return undefined;
    const [, id, mac] = match as unknown as [string, string, string];
    const given = Buffer.from(mac, 'base64url');
    const expected = this.#mac(tenantId, integrationId, id);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }

  #mac(tenantId: string, integrationId: string, id: string): Buffer {
    // Length-prefixed parts: no split of tenant, integration and id can collide with another.
    return createHmac('sha256', this.#key).update(`${tenantId.length}:${tenantId}:${integrationId.length}:${integrationId}:${id}`).digest();
  }
}
