/**
 * The one error type. `code` is stable (tests and callers match on it) and comes from the catalogue
 * (src/core/error-catalogue.ts), so an unknown code does not compile; `message` says what happened,
 * `hint` says what to do about it: the thrower's own, else the catalogue's default for the code.
 */
import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.js';

export type { ErrorCode } from './error-catalogue.js';

export class AzaError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AzaError';
    this.code = code;
    this.hint = hint ?? ERROR_CATALOGUE[code].hint;
  }

  /** Message and hint as one text, for faces that print a single block. */
  describe(): string {
    return `${this.message}\n${this.hint}`;
  }
}

export function isAzaError(e: unknown): e is AzaError {
  return e instanceof AzaError;
}

/** Wraps anything thrown into an AzaError, keeping one that already is. */
export function toAzaError(e: unknown, code: ErrorCode = 'INTERNAL'): AzaError {
  if (e instanceof AzaError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new AzaError(code, message, undefined, { cause: e });
}
