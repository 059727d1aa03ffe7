import { expect } from '@open-wc/testing';
import { IntegrationError } from '../../src/core/index.js';
import { IntegrationPageSchema, parseResponse } from '../../src/core/schemas.js';
import { makeIntegrations } from '../support/fixtures.js';

/** A list page as JSON.parse gives it: some items without their optional keys. */
function parsedPage(count: number) {
  const items = makeIntegrations(count).map((item, i) => {
    const copy: Record<string, unknown> = { ...item };
    if (i % 2 === 0) delete copy.description; // a default to fill
    return copy;
  });
  return JSON.parse(JSON.stringify({ items, nextCursor: null, total: count })) as { items: Array<Record<string, unknown>> };
}

describe('response validation, in place', () => {
  it('returns a valid page as the very object it was given, items and all, defaults filled in', () => {
    const body = parsedPage(1_000);
    body.items[3]!.extra = 'from a newer server';
    const items = [...body.items];
    const page = parseResponse(IntegrationPageSchema, body, 'integration list');
    expect(page, 'not a copy').to.equal(body);
    expect(
      page.items.every((item, i) => (item as unknown) === items[i]),
      'nor are its items',
    ).to.equal(true);
    expect(page.items[0]!.description, 'a default, filled in').to.equal(null);
    expect(page.items[3]).not.to.have.property('extra');
  });

  it('fails a page with one bad item in the middle as invalid_response, and leaves the body untouched', () => {
    const body = parsedPage(10_000);
    body.items[5_000]!.status = 'exploded';
    body.items[7]!.extra = 1;
    const before = JSON.stringify(body);
    let error: unknown;
    try {
      parseResponse(IntegrationPageSchema, body, 'integration list');
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(IntegrationError);
    expect((error as IntegrationError).code).to.equal('invalid_response');
    expect((error as IntegrationError).message).to.contain('"items.5000.status"');
    expect(JSON.stringify(body), 'no default filled, no key dropped before the failure').to.equal(before);
    expect(body.items[0]).not.to.have.property('description');
  });

  it('gives each filled-in default its own object', () => {
    const body = parsedPage(2);
    for (const item of body.items) delete item.settings;
    const page = parseResponse(IntegrationPageSchema, body, 'integration list');
    expect(page.items[0]!.settings).to.deep.equal({});
    expect(page.items[0]!.settings).not.to.equal(page.items[1]!.settings);
  });
});

describe('response validation: date-times', () => {
  function pageWith(createdAt: string) {
    const body = parsedPage(2);
    body.items[1]!.createdAt = createdAt;
    return body;
  }
  const accepted = (createdAt: string) => {
    try {
      parseResponse(IntegrationPageSchema, pageWith(createdAt), 'integration list');
      return true;
    } catch (error) {
      expect(error).to.be.instanceOf(IntegrationError);
      expect((error as IntegrationError).message).to.contain('"items.1.createdAt"');
      return false;
    }
  };

  it('accepts what toISOString writes, and other ISO 8601 forms a server may send', () => {
    for (const value of [
      '2026-11-01T10:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '2026-12-31T00:00:00.000Z',
      '2026-11-01T10:00:00Z',
      '2026-11-01T10:00:00.000+02:00',
    ]) {
      expect(accepted(value), value).to.equal(true);
    }
  });

  it('refuses impossible months, days, hours and minutes, and what is no date', () => {
    for (const value of [
      '2026-13-01T10:00:00.000Z',
      '2026-00-01T10:00:00.000Z',
      '2026-11-32T10:00:00.000Z',
      '2026-11-01T25:00:00.000Z',
      '2026-11-01T10:60:00.000Z',
      'yesterday',
      '',
    ]) {
      expect(accepted(value), value).to.equal(false);
    }
  });
});
