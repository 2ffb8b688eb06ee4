/**
 * The one error type. `code` is stable (tests and callers match on it), `message` says what
 * happened, `hint` says what to do about it. The spec's troubleshooting entries become hints.
 */
export class AzaError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AzaError';
    this.code = code;
    this.hint = hint;
  }

  /** Message and hint as one text, for faces that print a single block. */
  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

export function isAzaError(e: unknown): e is AzaError {
  return e instanceof AzaError;
}

/** Wraps anything thrown into an AzaError, keeping one that already is. */
export function toAzaError(e: unknown, code = 'INTERNAL'): AzaError {
  if (e instanceof AzaError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new AzaError(code, message, undefined, { cause: e });
}
