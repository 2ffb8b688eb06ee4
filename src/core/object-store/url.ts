/**
 * `s3://bucket/key` URLs: the one way a user names a place in object storage. A URL ending in `/`
 * (or naming only the bucket) is a prefix, a "directory" of objects; otherwise it names one object.
 */
import { AzaError } from '../errors.js';

export interface ObjectUrl {
  bucket: string;
  /** The key, or the key prefix ending in `/` (empty for the whole bucket). */
  key: string;
}

export function isObjectUrl(text: string | undefined): boolean {
  return !!text && /^s3:\/\//i.test(text.trim());
}

/** Bucket names as S3 allows them (3-63 of a-z 0-9 . -, starting and ending with a letter or digit). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket/prefix/name`; `label` names the input in the error ("--output"). */
export function parseObjectUrl(text: string, label = 'the URL'): ObjectUrl {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/i.exec(text.trim());
  const example = 's3://my-backups/postgresql/ (a prefix) or s3://my-backups/postgresql/backup.sql.gz (one object)';
  if (!m) throw new AzaError('INVALID_INPUT', `${label} "${text}" is not an s3:// URL`, `Write it as ${example}.`);
  const bucket = m[1]!;
  const key = m[2] ?? '';
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new AzaError(
      'INVALID_INPUT',
      `${label} "${text}" names the bucket "${bucket}", which is not a valid bucket name`,
      `Bucket names have 3 to 63 lower-case letters, digits, dots and hyphens. Write ${example}.`,
    );
  }
  if (key.startsWith('/') || key.split('/').some((part, i, all) => part === '..' || part === '.' || (part === '' && i < all.length - 1))) {
    throw new AzaError(
      'INVALID_INPUT',
      `${label} "${text}" has an empty, "." or ".." path segment`,
      `Write the key without them, e.g. ${example}.`,
    );
  }
  if (Buffer.byteLength(key, 'utf8') > 1024) {
    throw new AzaError('INVALID_INPUT', `${label} is longer than S3's 1024-byte key limit`, 'Choose a shorter prefix or name.');
  }
  return { bucket, key };
}

/** True when the URL names a prefix (ends in `/`, or is the bare bucket), not one object. */
export function isPrefix(url: ObjectUrl): boolean {
  return url.key === '' || url.key.endsWith('/');
}

/** `prefix` + `name`, with exactly one `/` between them when the prefix is not empty. */
export function joinKey(prefix: string, name: string): string {
  if (prefix === '') return name;
  return `${prefix.replace(/\/+$/, '')}/${name.replace(/^\/+/, '')}`;
}

/** The part of a key after its last `/`. */
export function keyBaseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** The prefix of a key up to and including its last `/` ('' at the top of the bucket). */
export function keyPrefix(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

export function formatObjectUrl(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
