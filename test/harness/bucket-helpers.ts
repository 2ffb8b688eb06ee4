/**
 * Helpers for the tests that read backups from a bucket: a local backup (made by the backup
 * operation) copied into the bucket with the object-store module as backup-to-bucket lays it out,
 * the data object first and the manifest object last, under the same names as on disk.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect } from '@jest/globals';
import { AzaError } from '../../src/core/errors.js';
import { manifestPathFor } from '../../src/core/manifest.js';
import { joinKey, type ObjectStore } from '../../src/core/object-store/index.js';

/** Puts a backup file and then its manifest under `prefix`; returns the data object's s3:// URL. */
export async function putBackup(store: ObjectStore, prefix: string, path: string, opts: { manifest?: boolean } = {}): Promise<string> {
  const key = joinKey(prefix, basename(path));
  await store.putObject(key, readFileSync(path), { overwrite: true });
  if (opts.manifest !== false) {
    await store.putObject(manifestPathFor(key), readFileSync(manifestPathFor(path)), { overwrite: true, contentType: 'application/json' });
  }
  return store.url(key);
}

/** The catalogue code a promise fails with. */
export async function failureCode(p: Promise<unknown>): Promise<AzaError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AzaError);
  return e as AzaError;
}
