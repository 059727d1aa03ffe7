import { expect } from '@open-wc/testing';
import { IntegrationError, type IntegrationErrorCode } from '../../src/core/errors.js';

/** Awaits `promise`, expects it to reject with an IntegrationError of `code`, and returns it. */
export async function expectIntegrationError(promise: Promise<unknown>, code: IntegrationErrorCode): Promise<IntegrationError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(IntegrationError);
    expect((error as IntegrationError).code, (error as Error).message).to.equal(code);
    return error as IntegrationError;
  }
  throw new Error(`expected the promise to reject with ${code}, but it resolved`);
}
