/**
 * Backup directories written by hand for the tests of whatever reads them (the catalog, status):
 * a data file and a manifest in the shape aza-pg backup writes, with a chosen start time, so a
 * history of backups can be laid out without running pg_dump for every day of it.
 */
import { createHash } from 'node:crypto';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupFileName } from '../../src/core/fs.js';
import { manifestPathFor, serializeManifest, type BackupManifest } from '../../src/core/manifest.js';

export interface WrittenBackup {
  path: string;
  manifestPath: string;
  manifest: BackupManifest;
}

/** Writes `backup_<db>_<stamp>.sql.gz` with `sizeBytes` bytes and its manifest; mtimes set to `startedAt`. */
export function writeBackupFiles(
  dir: string,
  opts: { database?: string; startedAt: Date; sizeBytes?: number; manifest?: boolean },
): WrittenBackup {
  const database = opts.database ?? 'app';
  const name = backupFileName(database, opts.startedAt, '.sql.gz');
  const path = join(dir, name);
  const data = Buffer.alloc(opts.sizeBytes ?? 1000, name);
  writeFileSync(path, data, { mode: 0o600 });
  const finishedAt = new Date(opts.startedAt.getTime() + 60_000);
  const manifest: BackupManifest = {
    manifestVersion: 1,
    tool: { name: 'aza-pg', version: 'test' },
    file: name,
    format: 'plain',
    compression: 'gzip',
    compressionLevel: 1,
    sizeBytes: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    uncompressedBytes: data.length * 4,
    startedAt: opts.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    database,
    server: { version: '15.0', versionNum: 150000, systemIdentifier: null },
    pgDump: { version: '15.0' },
    snapshot: null,
    rowCounts: 'none',
    tables: [],
  };
  const manifestPath = manifestPathFor(path);
  if (opts.manifest !== false) {
    writeFileSync(manifestPath, serializeManifest(manifest), { mode: 0o600 });
    utimesSync(manifestPath, finishedAt, finishedAt);
  }
  utimesSync(path, finishedAt, finishedAt);
  return { path, manifestPath, manifest };
}
