/** The one way tests catch our errors: fails the test unless an AzaError is thrown. */
import { expect } from '@jest/globals';
import { AzaError } from '../../src/core/errors.js';

export function azaErrorOf(fn: () => unknown): AzaError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AzaError);
    return e as AzaError;
  }
  throw new Error('expected an AzaError');
}

export async function azaRejectionOf(p: Promise<unknown>): Promise<AzaError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AzaError);
    return e as AzaError;
  }
  throw new Error('expected a rejection');
}
