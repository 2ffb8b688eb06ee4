/**
 * What the S3 client throws, as the catalogue's errors: each says what went wrong with which
 * bucket or object at which endpoint, and what to do. Nothing here includes a secret: the SDK's
 * messages never carry the secret key, and the access key id is not one.
 */
import { AzaError } from '../errors.js';

export interface StoreErrorContext {
  /** What was being done: "upload s3://bucket/key". */
  action: string;
  bucket: string;
  /** Where the store is, for the message: the endpoint or "AWS S3 (region)". */
  where: string;
}

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  errors?: unknown[];
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidToken',
  'ExpiredToken',
  'TokenRefreshRequired',
  'InvalidSecurity',
  'AuthorizationHeaderMalformed',
  // versitygw's answer to an unknown access key
  'XAdminUserNotFound',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** The network error code of `e` or of what caused it (an AggregateError holds one per address). */
function networkCode(e: unknown, depth = 0): string | undefined {
  if (!e || typeof e !== 'object' || depth > 4) return undefined;
  const err = e as SdkError;
  if (err.code && NETWORK_CODES.has(err.code)) return err.code;
  if (err.name === 'TimeoutError' || err.name === 'RequestTimeout') return 'ETIMEDOUT';
  // An error from another realm (a test runner's sandbox) reaches us only as the SDK's wrapper text.
  const inText = /\b(E[A-Z]+|UND_ERR_SOCKET)\b/.exec(err.message ?? '')?.[1];
  if (inText && NETWORK_CODES.has(inText)) return inText;
  for (const inner of err.errors ?? []) {
    const c = networkCode(inner, depth + 1);
    if (c) return c;
  }
  return networkCode(err.cause, depth + 1);
}

/** The S3 error code of an SDK error (`NoSuchBucket`), or its name when the body had none. */
export function s3Code(e: unknown): string | undefined {
  const err = e as SdkError | undefined;
  return err?.Code ?? err?.name;
}

export function httpStatus(e: unknown): number | undefined {
  return (e as SdkError | undefined)?.$metadata?.httpStatusCode;
}

/** A HEAD or GET of an object that is not there (a HEAD answer has no body, hence no code). */
export function isNotFound(e: unknown): boolean {
  const code = s3Code(e);
  return code === 'NoSuchKey' || code === 'NotFound' || (httpStatus(e) === 404 && code !== 'NoSuchBucket' && !CREDENTIAL_CODES.has(code!));
}

/** One of the catalogue's errors for anything the S3 client threw. */
export function storeError(e: unknown, ctx: StoreErrorContext): AzaError {
  if (e instanceof AzaError) return e;
  const err = (e ?? {}) as SdkError;
  const code = s3Code(e);
  const status = httpStatus(e);
  const detail = err.message ? `: ${err.message}` : '';
  const net = networkCode(e);
  if (net) {
    return new AzaError(
      'S3_UNREACHABLE',
      `Could not ${ctx.action}: the object store at ${ctx.where} cannot be reached (${net})`,
      `Check that ${ctx.where} is the right endpoint (AWS_ENDPOINT_URL or input s3-endpoint) and that the server is up and reachable from here.`,
      { cause: e },
    );
  }
  if (err.name === 'CredentialsProviderError' || /Could not load credentials/i.test(err.message ?? '')) {
    return new AzaError('S3_CREDENTIALS_MISSING', `Could not ${ctx.action}: no S3 credentials were found${detail}`, undefined, {
      cause: e,
    });
  }
  if (code && CREDENTIAL_CODES.has(code)) {
    return new AzaError(
      'S3_CREDENTIALS_REJECTED',
      `Could not ${ctx.action}: ${ctx.where} refused the credentials (${code})${detail}`,
      undefined,
      { cause: e },
    );
  }
  if (code === 'NoSuchBucket') {
    return new AzaError(
      'S3_BUCKET_MISSING',
      `Could not ${ctx.action}: the bucket "${ctx.bucket}" does not exist at ${ctx.where}`,
      `Check the bucket name and the endpoint/region, or create the bucket first (aws s3 mb s3://${ctx.bucket}).`,
      { cause: e },
    );
  }
  if (code === 'AccessDenied' || status === 403) {
    return new AzaError('S3_ACCESS_DENIED', `Could not ${ctx.action}: access denied (${code ?? 'HTTP 403'})${detail}`, undefined, {
      cause: e,
    });
  }
  if (code === 'PreconditionFailed' || status === 412) {
    return new AzaError(
      'S3_OBJECT_EXISTS',
      `Could not ${ctx.action}: the object already exists and overwrite was not asked for`,
      undefined,
      {
        cause: e,
      },
    );
  }
  if (isNotFound(e)) {
    return new AzaError('S3_OBJECT_MISSING', `Could not ${ctx.action}: no such object in the bucket "${ctx.bucket}"`, undefined, {
      cause: e,
    });
  }
  return new AzaError(
    'S3_REQUEST_FAILED',
    `Could not ${ctx.action}: ${code ?? 'error'}${status ? ` (HTTP ${status})` : ''}${detail}`,
    undefined,
    { cause: e },
  );
}
