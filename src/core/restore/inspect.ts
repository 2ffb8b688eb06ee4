/**
 * Everything a restore learns from the backup itself before any database is touched: the format
 * (from the content, never the name), that the whole file reads and decompresses, that it matches
 * its manifest, and what the dump needs from the server (extensions, a psql that knows
 * \restrict, a pg_restore that reads its archive version).
 */
import { createReadStream, existsSync, promises as fsp, type Stats } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { findIgzip, gunzipStage } from '../gzip-tool.js';
import { AzaError, toAzaError } from '../errors.js';
import { runPipeline, type Stage } from '../exec.js';
import { MeasureStream } from '../compress.js';
import { manifestPathFor, readManifest, type BackupManifest, type ManifestSignature } from '../manifest.js';
import { checkManifestSignature } from '../signing.js';
import { checkAgainstManifest, integrityError, manifestMismatch, notADump } from './backup-faults.js';
import { inspectArchive } from './inspect-archive.js';
import { PlainSqlScanner, ScanSink, type DatabaseStatement, type PlainScan, type PlanFacts } from './sql-scan.js';
import { BackupRefusedError, GuardCheck } from './sql-guard.js';
import type { InspectOptions, RemoteBackup } from './inspect-options.js';
import type { BackupTrust } from '../trust-options.js';

export { majorOf, parseTocList, psqlKnowsRestrict } from './dump-facts.js';
export { inspectOptions, type InspectOptions, type RemoteBackup } from './inspect-options.js';
export type { TrustOptions } from '../trust-options.js';

export type DetectedFormat =
  { format: 'plain'; compression: 'gzip' | 'zstd' | 'none' } | { format: 'custom' } | { format: 'directory' } | { format: 'tar' };

export type RestoreFormat = 'plain' | 'custom' | 'directory' | 'tar';

export interface BackupInspection {
  path: string;
  format: RestoreFormat;
  compression: 'gzip' | 'zstd' | 'none' | 'archive';
  sizeBytes: number;
  sha256: string;
  manifest?: BackupManifest;
  manifestPath: string;
  /** e.g. "15.18" */
  dumpedFrom?: string;
  dumpedBy?: string;
  /** Plain dumps: the script uses \restrict (pg_dump 13.22/14.19/15.14/16.10/17.6/18 and later). */
  usesRestrict: boolean;
  extensions: string[];
  /** A plain script that creates / connects to a database of its own (e.g. Chinook's `\c chinook`). */
  ownDatabase?: { name: string; lastLine: number; statements: DatabaseStatement[] };
  /** Bytes of SQL text (plain) after decompression. */
  uncompressedBytes?: number;
  /** Archive formats: the TOC as pg_restore lists it. */
  tocEntries?: number;
  warnings: string[];
  /**
   * Only the head was read (inspectBackup with deferFullRead): sha256 is empty and the end of
   * the dump unchecked until finishDeferred() gets the full read, taken during the load.
   */
  deferred?: { head: PlanFacts };
  /** The guard read every line (checked) or was lifted by --trust-backup; the manifest's signature when keys were given. */
  trust?: BackupTrust;
  /** A plain dump in a bucket: every read is a stream from it (path is its s3:// URL). */
  remote?: RemoteBackup;
  /** A backup from a bucket: its object and manifest object, and the private local copy an archive is read from. */
  origin?: { url: string; manifestUrl: string; copy?: string };
}

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** Pure: the format from the first bytes of a file (or the fact that it is a directory). */
export function detectFormat(head: Buffer, dir?: { hasToc: boolean }): DetectedFormat | undefined {
  if (dir) return dir.hasToc ? { format: 'directory' } : undefined;
  const starts = (magic: number[]) => magic.every((b, i) => head[i] === b);
  if (starts(GZIP_MAGIC)) return { format: 'plain', compression: 'gzip' };
  if (starts(ZSTD_MAGIC)) return { format: 'plain', compression: 'zstd' };
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return { format: 'custom' };
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar' && head.includes(Buffer.from('toc.dat')))
    return { format: 'tar' };
  return { format: 'plain', compression: 'none' };
}

async function statBackup(path: string): Promise<Stats> {
  let st: Stats;
  try {
    st = await fsp.stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AzaError(
        'BACKUP_NOT_FOUND',
        `Backup file not found: ${path}`,
        'Check the path (ls -la); backups are named backup_<db>_YYYY_MM_DD_HHmmss.sql.gz by default.',
      );
    }
    throw new AzaError(
      'BACKUP_UNREADABLE',
      `Cannot read the backup ${path}: ${(e as Error).message}`,
      `Check its permissions (ls -la ${path}).`,
    );
  }
  try {
    await fsp.access(path, fsp.constants.R_OK | (st.isDirectory() ? fsp.constants.X_OK : 0));
  } catch {
    throw new AzaError(
      'BACKUP_UNREADABLE',
      `The backup is not readable: ${path}`,
      `Check its permissions (ls -la ${path}) and run as a user who may read it.`,
    );
  }
  if (!st.isDirectory() && !st.isFile()) throw notADump(path, 'not a regular file or directory');
  if (st.isFile() && st.size === 0) {
    throw new AzaError(
      'BACKUP_EMPTY',
      `Backup file is empty (0 bytes): ${path}`,
      'Nothing to restore. An empty backup means the database was empty, pg_dump failed silently, or the disk was full during the backup (df -h); take a new backup.',
    );
  }
  return st;
}

async function readHead(path: string, bytes = 512): Promise<Buffer> {
  const fh = await fsp.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Reads the whole backup once; throws an AzaError that says what is wrong, or returns what it found. */
export async function inspectBackup(path: string, opts: InspectOptions): Promise<BackupInspection> {
  const remote = opts.remote;
  const st = remote ? { size: remote.sizeBytes, isDirectory: () => false } : await statBackup(path);
  const isDir = st.isDirectory();
  const detected = isDir
    ? detectFormat(Buffer.alloc(0), { hasToc: existsSync(join(path, 'toc.dat')) })
    : detectFormat(remote ? remote.head : await readHead(path));
  if (!detected) throw notADump(path, 'a directory without toc.dat (a directory-format dump has one)');
  if (remote && detected.format !== 'plain') throw new AzaError('INTERNAL', `${path}: only plain dumps are read from a bucket as a stream`);

  const manifestPath = remote ? remote.manifestUrl : manifestPathFor(path);
  const warnings: string[] = [];
  const keys = opts.verifyKeys ?? [];
  let manifest: BackupManifest | undefined;
  let signature: ManifestSignature | undefined;
  if (remote || existsSync(manifestPath)) {
    manifest = remote ? remote.manifest : readManifest(manifestPath);
    // Before a byte of the backup is read: a manifest no configured key signed says nothing.
    if (keys.length) signature = checkManifestSignature(manifestPath, manifest, keys);
    if (manifest.file !== basename(path.replace(/\/+$/, '')))
      warnings.push(`The manifest describes ${manifest.file}; the backup is named ${basename(path)} (renamed?).`);
    if (manifest.format !== detected.format)
      throw manifestMismatch(path, `the manifest says format ${manifest.format}, the content is ${detected.format}`);
  } else if (opts.requireManifest || keys.length) {
    throw new AzaError(
      'MANIFEST_MISSING',
      `No manifest beside the backup: ${manifestPath} is missing${keys.length ? ' (restores from here require a signed manifest)' : ''}`,
      'aza-pg backup writes the manifest last, as the completion marker: without it the backup may be incomplete. Restore another backup, or drop the manifest requirement.',
    );
  } else {
    warnings.push(
      `No manifest beside the backup (${basename(manifestPath)}): size, sha256 and row counts cannot be checked; the file is only checked by reading it in full.`,
    );
  }

  const trusted = opts.trustBackup === true;
  const base = {
    path,
    manifestPath,
    warnings,
    ...(manifest ? { manifest } : {}),
    trust: { scan: trusted ? ('lifted' as const) : ('checked' as const), ...(signature ? { signature } : {}) },
    ...(remote ? { remote } : {}),
  };
  if (detected.format === 'plain') {
    // A signed backup's sha256 is checked before loading, not during the load.
    if (opts.deferFullRead && detected.compression !== 'zstd' && !keys.length) {
      const head = await inspectPlainHead(path, detected.compression, st.size, manifest, trusted, remote);
      if (head) return { ...base, ...head };
    }
    const igzip = detected.compression === 'gzip' ? findIgzip(opts.env) : undefined;
    const r = await inspectPlain(path, detected.compression, st.size, manifest, trusted, remote, igzip);
    return { ...base, ...r };
  }
  return { ...base, ...(await inspectArchive(path, detected.format, isDir, st.size, manifest, opts)) };
}

async function inspectPlain(
  path: string,
  compression: 'gzip' | 'zstd' | 'none',
  size: number,
  manifest: BackupManifest | undefined,
  trusted: boolean,
  remote: RemoteBackup | undefined,
  igzip: string | undefined,
) {
  const measured = new MeasureStream();
  const sink = new ScanSink();
  const guard = trusted ? undefined : new GuardCheck();
  const stages: Stage[] = [
    { kind: 'source', name: 'read', stream: await openBackup(path, remote) },
    { kind: 'transform', name: 'sha256', stream: measured },
  ];
  if (compression === 'gzip') stages.push(gunzipStage(igzip));
  if (compression === 'zstd') stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-q', '-c'] });
  if (guard) stages.push({ kind: 'transform', name: 'guard', stream: guard });
  try {
    await runPipeline(stages, sink);
  } catch (e) {
    const err = toAzaError(e);
    if (err.code === 'TOOL_NOT_FOUND') throw err;
    const how =
      compression === 'gzip'
        ? 'it does not decompress with gzip'
        : compression === 'zstd'
          ? 'it does not decompress with zstd'
          : 'it cannot be read';
    throw integrityError(path, `${how} (${err.message.replace(/\s+/g, ' ').slice(0, 300)})`, e);
  }
  const scan = sink.scanner.finish();
  const sha256 = measured.sha256();
  if (manifest) checkAgainstManifest(path, manifest, size, sha256);
  checkPlainScan(path, compression, scan);
  if (guard?.refusal) throw new BackupRefusedError(path, guard.refusal);
  const own = ownDatabase(path, scan);
  return {
    format: 'plain' as const,
    compression,
    sizeBytes: size,
    sha256,
    ...(scan.dumpedFrom ? { dumpedFrom: scan.dumpedFrom } : {}),
    ...(scan.dumpedBy ? { dumpedBy: scan.dumpedBy } : {}),
    usesRestrict: scan.usesRestrict,
    extensions: scan.extensions,
    ...(own ? { ownDatabase: own } : {}),
    uncompressedBytes: scan.bytes,
  };
}

/**
 * The head of a plain dump, for a restore that reads the rest while loading. Undefined, so the
 * caller reads the whole file first as ever, when the head is not enough or not clean: a file
 * that ends within it, a read or gzip error, a size that differs from the manifest, or any fact
 * checkPlainScan / ownDatabase refuse (the full read then reports it, in its own order).
 */
async function inspectPlainHead(
  path: string,
  compression: 'gzip' | 'none',
  size: number,
  manifest: BackupManifest | undefined,
  trusted: boolean,
  remote: RemoteBackup | undefined,
) {
  if (manifest && manifest.sizeBytes !== size) return undefined;
  const scanner = new PlainSqlScanner();
  const guard = trusted ? undefined : new GuardCheck();
  const file = await openBackup(path, remote);
  const text = compression === 'gzip' ? createGunzip() : undefined;
  if (text) pipeline(file, text, () => {});
  let enough = false;
  try {
    for await (const chunk of (text ?? file) as AsyncIterable<Buffer>) {
      scanner.push(chunk);
      guard?.feed(chunk);
      if (scanner.headComplete()) {
        enough = true;
        break;
      }
    }
  } catch {
    return undefined;
  } finally {
    file.destroy();
    text?.destroy();
  }
  // A refusal in the head: the full read reports it.
  if (!enough || guard?.refusal) return undefined;
  const scan = scanner.headScan();
  let own: BackupInspection['ownDatabase'];
  try {
    checkPlainScan(path, compression, { ...scan, dumpComplete: true });
    own = ownDatabase(path, scan);
  } catch {
    return undefined;
  }
  return {
    format: 'plain' as const,
    compression,
    sizeBytes: size,
    sha256: '',
    ...(scan.dumpedFrom ? { dumpedFrom: scan.dumpedFrom } : {}),
    ...(scan.dumpedBy ? { dumpedBy: scan.dumpedBy } : {}),
    usesRestrict: scan.usesRestrict,
    extensions: scan.extensions,
    ...(own ? { ownDatabase: own } : {}),
    deferred: {
      head: { extensions: scan.extensions.length, usesRestrict: scan.usesRestrict, databaseStatements: scan.databaseStatements.length },
    },
  };
}

/**
 * The checks of a full read for an inspection that read the head only, with what the load read:
 * the sha256 of the file's bytes and the scan of all its SQL. Throws what inspectBackup would
 * have thrown after its full read; returns the complete inspection.
 */
export function finishDeferred(inspection: BackupInspection, sha256: string, scan: PlainScan): BackupInspection {
  const { deferred: _head, ...rest } = inspection;
  const compression = inspection.compression as 'gzip' | 'none';
  if (inspection.manifest) checkAgainstManifest(inspection.path, inspection.manifest, inspection.sizeBytes, sha256);
  checkPlainScan(inspection.path, compression, scan);
  const own = ownDatabase(inspection.path, scan);
  const { ownDatabase: _own, ...without } = rest;
  return { ...without, sha256, extensions: scan.extensions, ...(own ? { ownDatabase: own } : {}), uncompressedBytes: scan.bytes };
}

/** The backup's bytes from the start: the file, or a new GET of the object in its bucket. */
export async function openBackup(path: string, remote: RemoteBackup | undefined): Promise<Readable> {
  return remote ? remote.open() : createReadStream(path);
}

/** Pure checks on what the scan found. */
export function checkPlainScan(path: string, compression: 'gzip' | 'zstd' | 'none', scan: PlainScan): void {
  if (scan.customArchiveInside) {
    throw new AzaError(
      'NOT_A_DUMP',
      `${path} is a compressed pg_dump custom archive, which pg_restore cannot read through ${compression}`,
      `Decompress it first (${compression === 'zstd' ? 'zstd -d' : 'gunzip -k'} ${path}) and restore the .dump file.`,
    );
  }
  if (scan.bytes === 0) throw integrityError(path, 'it decompresses to nothing');
  if (!scan.looksLikeText)
    throw notADump(
      path,
      compression === 'none'
        ? 'binary content (not SQL text, not gzip, zstd or a pg_dump archive)'
        : `the ${compression} stream holds binary data, not SQL text`,
    );
  if (!scan.looksLikeSql) throw notADump(path, 'text without any SQL in its first 64 KiB');
  if (scan.clusterDump) {
    throw new AzaError(
      'UNSUPPORTED_DUMP',
      `${path} is a pg_dumpall cluster dump (roles and several databases), not a database dump`,
      'Restore a cluster dump with psql -f into the server as a superuser; to restore one database use a pg_dump backup of it.',
    );
  }
  if (scan.pgDumpHeader && !scan.dumpComplete) {
    throw integrityError(path, 'the SQL ends before pg_dump\'s "dump complete" line (the dump was cut short)');
  }
}

/** A script that creates/connects to one database of its own: which, and where its last such line is. */
export function ownDatabase(path: string, scan: PlainScan): BackupInspection['ownDatabase'] {
  const stmts = scan.databaseStatements;
  if (stmts.length === 0) return undefined;
  const names = [...new Set(stmts.filter((s) => s.kind === 'create' || s.kind === 'connect').map((s) => s.database))];
  if (names.length > 1 || (names.length === 1 && names[0] === '')) {
    throw new AzaError(
      'UNSUPPORTED_DUMP',
      `${path} creates or connects to more than one database (${names.map((n) => `"${n}"`).join(', ')}); a restore fills one database`,
      'Split the script per database, or run it yourself with psql -f against the server.',
    );
  }
  const name = names[0] ?? stmts[0]!.database;
  const relevant = stmts.filter((s) => s.database === name);
  return { name, lastLine: Math.max(...relevant.map((s) => s.line)), statements: relevant };
}
