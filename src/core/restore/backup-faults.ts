/** What is wrong with a backup, said the same way by every check that finds it. */
import { AzaError } from '../errors.js';
import type { BackupManifest } from '../manifest.js';

export function notADump(path: string, what: string): AzaError {
  return new AzaError(
    'NOT_A_DUMP',
    `${path} is not a PostgreSQL dump: ${what}`,
    'Restore accepts plain SQL (.sql, or gzip/zstd compressed), pg_dump custom archives (-Fc), directory dumps (-Fd, with toc.dat) and tar archives (-Ft). Check that you picked the right file.',
  );
}

export function integrityError(path: string, what: string, cause?: unknown): AzaError {
  return new AzaError(
    'INTEGRITY_FAILED',
    `The backup ${path} is damaged: ${what}; nothing was restored`,
    'The file is truncated or corrupted (an interrupted copy or upload, a full disk, bad storage). Restore from another backup; gunzip -t / zstd -t / pg_restore --list confirm the damage.',
    cause === undefined ? undefined : { cause },
  );
}

export function manifestMismatch(path: string, what: string): AzaError {
  return new AzaError(
    'MANIFEST_MISMATCH',
    `The backup ${path} does not match its manifest: ${what}; nothing was restored`,
    'The file changed after the backup was taken (corruption, an incomplete copy, or another file under the same name). Restore from another backup, or move the manifest away to restore the file without this check.',
  );
}

export function checkAgainstManifest(path: string, m: BackupManifest, size: number, sha256: string): void {
  if (m.sizeBytes !== size) throw manifestMismatch(path, `size ${size} bytes, the manifest says ${m.sizeBytes}`);
  if (m.sha256 !== sha256) throw manifestMismatch(path, `sha256 ${sha256}, the manifest says ${m.sha256}`);
}
