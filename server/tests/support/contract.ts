/** The client's own response schemas (src/core/schemas.ts): the server must satisfy them exactly. */
import assert from 'node:assert/strict';
import {
  CloudProviderListSchema,
  ConnectionTestResultSchema,
  IntegrationPageSchema,
  IntegrationSchema,
  OAuthInitiateResponseSchema,
  TokenHealthSchema,
  UsageStatsSchema,
} from '../../../src/core/schemas.js';
import { SchemaIssue, type Schema } from '../../../src/core/validate.js';
import { ERROR_CODES } from '../../../src/core/errors.js';
import type { ApiAnswer } from './harness.js';

export const schemas = {
  integration: IntegrationSchema,
  page: IntegrationPageSchema,
  providers: CloudProviderListSchema,
  initiate: OAuthInitiateResponseSchema,
  health: TokenHealthSchema,
  test: ConnectionTestResultSchema,
  usage: UsageStatsSchema,
};

/** Asserts status and that the body validates against the client's schema. */
export function expectShape<T>(answer: ApiAnswer, status: number, schema: Schema<T>): T {
  assert.equal(answer.status, status, `expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  try {
    return schema(answer.body);
  } catch (issue) {
    if (!(issue instanceof SchemaIssue)) throw issue;
    assert.fail(`body does not match the client's schema: at "${issue.path}": ${issue.message}`);
  }
}

/** Asserts an error answer: status, a code of the client's closed set, and a message. */
export function expectError(
  answer: ApiAnswer,
  status: number,
  code: string,
): { code: string; message: string; fields?: Record<string, string> } {
  assert.equal(answer.status, status, `expected ${status} ${code}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
  assert.equal(answer.body?.error?.code, code, `expected code ${code}: ${JSON.stringify(answer.body)}`);
  assert.ok((ERROR_CODES as readonly string[]).includes(code));
  assert.equal(typeof answer.body.error.message, 'string');
  return answer.body.error;
}
