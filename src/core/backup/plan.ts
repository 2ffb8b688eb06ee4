/**
 * planBackup decides everything a backup will do (names, pg_dump arguments, compression,
 * checks) from settings and facts. It is pure: printing a plan is how --dry-run works.
 */
import { basename, dirname, join } from 'node:path';
import { AzaError } from '../errors.js';
import { backupFileName, tempPathFor } from '../fs.js';
import { manifestPathFor, type BackupFormat, type Compression, type RowCountMode } from '../manifest.js';
import type { Description } from '../operation.js';
import type { Connection, PsqlSession, ServerFacts } from '../pg.js';
import { formatBytes } from '../report.js';
import type { ToolCandidate } from '../pg-tools.js';
import type { SigningKey } from '../signing.js';
import type { ObjectStoreConfig } from '../object-store/settings.js';
import { formatObjectUrl, isPrefix, joinKey } from '../object-store/url.js';
import type { BucketMode } from './bucket-settings.js';
import { IGZIP_LEVEL } from '../gzip-tool.js';
import { DEFAULT_ARCHIVE_GZIP_LEVEL, DEFAULT_GZIP_LEVEL, DEFAULT_ZSTD_LEVEL, type BackupSettings } from './settings.js';

export interface BackupFacts {
  now: Date;
  server: ServerFacts;
  pgDump: ToolCandidate;
  /** The psql that holds the snapshot session and counts rows. */
  psqlPath: string;
  /** Free space in the output directory, when the file system says. */
  freeBytes: number | undefined;
  cores: number;
  /** Makes the temp name unique; chosen by the caller so planning stays pure. */
  tempTag: string;
  /** The session the server was probed in, kept for the snapshot, the counts and the roles. */
  held?: HeldSession;
  /** ISA-L's igzip, where installed (see gzip-tool.ts). */
  igzip?: string;
}

/** A session gather opened; emptied when it is closed before a prompt (run then opens its own). */
export interface HeldSession {
  session: PsqlSession | undefined;
}

/** How the dump bytes become the file: our compressor after pg_dump, or pg_dump writes itself. */
export type Writer =
  | {
      kind: 'stream';
      compressor:
        | { kind: 'gzip'; level: number }
        | { kind: 'igzip'; path: string; level: number }
        | { kind: 'zstd'; level: number }
        | { kind: 'none' };
    }
  | { kind: 'pg_dump-file' };

/** How the written output is proven readable before it is published. */
export type IntegrityCheck = 'gunzip' | 'zstd' | 'plain' | 'pg_restore';

export interface BackupPlan {
  dryRun: boolean;
  database: string;
  connection: Connection;
  server: ServerFacts;
  psqlPath: string;
  format: BackupFormat;
  compression: Compression;
  compressionLevel: number | null;
  finalPath: string;
  tempPath: string;
  manifestPath: string;
  outputDir: string;
  overwrite: boolean;
  pgDumpPath: string;
  pgDumpVersion: string;
  /** pg_dump arguments; the snapshot argument is added when the run exports one. */
  pgDumpArgs: string[];
  /** The session gather probed the server in, if still open. */
  held?: HeldSession;
  writer: Writer;
  integrity: IntegrityCheck;
  /** The igzip that inflates a gzip read-back, where installed (else zlib). */
  igzip?: string;
  rowCounts: RowCountMode;
  /** The dump carries owners and GRANTs (archives always; plain with the privileges option). */
  privileges: boolean;
  jobs: number | null;
  upload?: { name: string; retentionDays?: number };
  signingKey?: SigningKey;
  /** The copy in object storage (an s3:// output). */
  bucket?: BucketPlan;
  warnings: string[];
}

export interface BucketPlan {
  mode: BucketMode;
  store: ObjectStoreConfig;
  bucket: string;
  key: string;
  manifestKey: string;
  /** s3://bucket/key of the data object and of its manifest. */
  objectUrl: string;
  manifestUrl: string;
  /** A guess at the object's size (the database's), to size the multipart upload's parts. */
  expectedBytes?: number;
}

export function extensionFor(format: BackupFormat, compression: Compression): string {
  if (format === 'custom') return '.dump';
  if (format === 'directory') return '.dir';
  return compression === 'gzip' ? '.sql.gz' : compression === 'zstd' ? '.sql.zst' : '.sql';
}

/** Where the backup goes: the output given, or the auto name for `now` in the output directory. */
export function backupOutputPath(settings: BackupSettings, now: Date): string {
  return settings.output ?? join(settings.outputDir, autoName(settings, now));
}

function autoName(settings: BackupSettings, now: Date): string {
  return backupFileName(settings.database, now, extensionFor(settings.format, settings.compression));
}

/** The key of the data object in the bucket (the auto name under a prefix) and of its manifest. */
export function bucketKeys(settings: BackupSettings, now: Date): { key: string; manifestKey: string } | undefined {
  const b = settings.bucket;
  if (!b) return undefined;
  // In upload mode the object is named as the local file is; in stream mode as it would be.
  const key = isPrefix(b.url) ? joinKey(b.url.key, basename(backupOutputPath(settings, now))) : b.url.key;
  return { key, manifestKey: manifestPathFor(key) };
}

export function planBackup(settings: BackupSettings, facts: BackupFacts): BackupPlan {
  const { format, compression } = settings;
  const warnings: string[] = [];
  const bucket = bucketPlan(settings, facts);
  const streamed = bucket?.mode === 'stream';
  // Streamed, the backup's only place is the object: messages and outputs name its URL.
  const finalPath = streamed ? bucket.objectUrl : backupOutputPath(settings, facts.now);
  const outputDir = dirname(backupOutputPath(settings, facts.now));
  const dbSize = facts.server.databaseSizeBytes;
  if (!streamed && facts.freeBytes !== undefined && dbSize !== undefined && facts.freeBytes < dbSize / 2) {
    warnings.push(
      `Only ${formatBytes(facts.freeBytes)} free in ${outputDir} for a database of ${formatBytes(dbSize)}; the backup may not fit (df -h ${outputDir}).`,
    );
  }
  const expected = extensionFor(format, compression);
  if (settings.output && format !== 'directory' && !finalPath.endsWith(expected)) {
    warnings.push(
      `The output name ${basename(finalPath)} does not end in ${expected}, the usual name for ${format} format with ${compression} compression.`,
    );
  }

  const common = ['--no-password'];
  let pgDumpArgs: string[];
  let writer: Writer;
  let integrity: IntegrityCheck;
  let level: number | null;
  const tempPath = tempPathFor(finalPath, facts.tempTag);

  if (format === 'plain') {
    // Plain SQL moves across environments: ownership and grants are left out (spec), unless asked to keep them.
    pgDumpArgs = [...common, '--format=plain', ...(settings.privileges ? [] : ['--no-owner', '--no-acl'])];
    if (compression === 'gzip') {
      level = settings.compressionLevel ?? DEFAULT_GZIP_LEVEL;
      if (streamed) writer = { kind: 'stream', compressor: { kind: 'gzip', level } };
      else if (facts.igzip && settings.compressionLevel === undefined) {
        // The default level, where igzip is installed: it deflates behind pg_dump, through kernel
        // pipes, in a fraction of zlib's CPU (gzip-tool.ts). A level asked for is zlib's own.
        level = IGZIP_LEVEL;
        writer = { kind: 'stream', compressor: { kind: 'igzip', path: facts.igzip, level } };
      } else {
        // pg_dump gzips itself and the kernel pipes its output into the file: no byte passes
        // through us, so memory stays flat whatever the size, and the CPU that moving 400+ MiB
        // through Node cost goes to the dump (benchmarked against our in-process parallel gzip:
        // less time on both datasets, 90 MiB peak instead of 166). One ordinary gzip stream.
        pgDumpArgs.push(...gzipArgs(level, facts.pgDump));
        writer = { kind: 'stream', compressor: { kind: 'none' } };
      }
      integrity = 'gunzip';
    } else if (compression === 'zstd') {
      level = settings.compressionLevel ?? DEFAULT_ZSTD_LEVEL;
      writer = { kind: 'stream', compressor: { kind: 'zstd', level } };
      integrity = 'zstd';
    } else {
      level = null;
      writer = { kind: 'stream', compressor: { kind: 'none' } };
      integrity = 'plain';
    }
  } else {
    // Archive formats keep owners and grants; restore decides (--no-owner/--no-acl there).
    level =
      compression === 'none'
        ? 0
        : (settings.compressionLevel ?? (compression === 'zstd' ? DEFAULT_ZSTD_LEVEL : DEFAULT_ARCHIVE_GZIP_LEVEL));
    // Streamed, a custom archive comes on pg_dump's stdout (then without data offsets: see docs/object-storage.md).
    pgDumpArgs = [
      ...common,
      `--format=${format}`,
      ...archiveCompressionArgs(compression, level, facts.pgDump),
      ...(streamed ? [] : [`--file=${tempPath}`]),
    ];
    if (format === 'directory') pgDumpArgs.push(`--jobs=${settings.jobs ?? Math.max(1, facts.cores)}`);
    writer = streamed ? { kind: 'stream', compressor: { kind: 'none' } } : { kind: 'pg_dump-file' };
    integrity = 'pg_restore';
    if (compression === 'none') level = null;
  }

  return {
    dryRun: settings.dryRun,
    database: settings.database,
    connection: settings.connection,
    server: facts.server,
    psqlPath: facts.psqlPath,
    format,
    compression,
    compressionLevel: level,
    finalPath,
    tempPath,
    manifestPath: manifestPathFor(finalPath),
    outputDir,
    overwrite: settings.overwrite,
    pgDumpPath: facts.pgDump.path,
    pgDumpVersion: facts.pgDump.version,
    pgDumpArgs,
    ...(facts.held ? { held: facts.held } : {}),
    writer,
    integrity,
    ...(facts.igzip && integrity === 'gunzip' ? { igzip: facts.igzip } : {}),
    rowCounts: settings.rowCounts,
    privileges: format !== 'plain' || !!settings.privileges,
    jobs: format === 'directory' ? (settings.jobs ?? Math.max(1, facts.cores)) : null,
    ...(settings.signingKey ? { signingKey: settings.signingKey } : {}),
    ...(bucket ? { bucket } : {}),
    ...(settings.upload
      ? {
          upload: {
            name: settings.upload.name ?? basename(finalPath),
            ...(settings.upload.retentionDays !== undefined ? { retentionDays: settings.upload.retentionDays } : {}),
          },
        }
      : {}),
    warnings,
  };
}

function bucketPlan(settings: BackupSettings, facts: BackupFacts): BucketPlan | undefined {
  const b = settings.bucket;
  const keys = bucketKeys(settings, facts.now);
  if (!b || !keys) return undefined;
  return {
    mode: b.mode,
    store: b.store,
    bucket: b.url.bucket,
    ...keys,
    objectUrl: formatObjectUrl(b.url.bucket, keys.key),
    manifestUrl: formatObjectUrl(b.url.bucket, keys.manifestKey),
    ...(facts.server.databaseSizeBytes !== undefined ? { expectedBytes: facts.server.databaseSizeBytes } : {}),
  };
}

/** pg_dump 16 takes --compress=method:level; older ones only gzip levels with -Z. */
function gzipArgs(level: number, pgDump: ToolCandidate): string[] {
  return [pgDump.major >= 16 ? `--compress=gzip:${level}` : `--compress=${level}`];
}

function archiveCompressionArgs(compression: Compression, level: number, pgDump: ToolCandidate): string[] {
  if (compression === 'none') return ['--compress=0'];
  if (compression === 'gzip') return gzipArgs(level, pgDump);
  if (pgDump.major >= 16) return [`--compress=${compression}:${level}`];
  if (compression === 'zstd') {
    throw new AzaError(
      'INVALID_INPUT',
      `zstd compression inside custom or directory archives needs pg_dump 16 or newer; the pg_dump found is ${pgDump.version} (${pgDump.path})`,
      'Use compression gzip for archive formats with this pg_dump, use format plain with zstd, or install a newer client.',
    );
  }
  return [`--compress=${level}`];
}

/** The plan as lines a person can check (the --dry-run output); a backup asks no question. */
export function describeBackup(plan: BackupPlan): Description {
  return { lines: describePlan(plan), dryRun: plan.dryRun, warnings: plan.warnings };
}

export function describePlan(plan: BackupPlan): string[] {
  const c = plan.writer.kind === 'stream' ? plan.writer.compressor : undefined;
  const compressor =
    c?.kind === 'gzip' ? ` | parallel gzip -${c.level}` : c?.kind === 'igzip' || c?.kind === 'zstd' ? ` | ${c.kind} -${c.level}` : '';
  return [
    `database:   ${plan.database}`,
    `output:     ${plan.finalPath}`,
    `manifest:   ${plan.manifestPath}`,
    `format:     ${plan.format}, compression ${plan.compression}${plan.compressionLevel !== null ? ` level ${plan.compressionLevel}` : ''}`,
    `command:    ${plan.pgDumpPath} ${plan.pgDumpArgs.join(' ')}${compressor}`,
    `check:      ${plan.integrity} read-back, sha256, row counts ${plan.rowCounts}`,
    ...(plan.signingKey ? [`signature:  manifest signed with key ${plan.signingKey.id}`] : []),
    ...(plan.bucket?.mode === 'upload'
      ? [`bucket:     copied to ${plan.bucket.objectUrl} after the local check, manifest object last`]
      : []),
    ...(plan.bucket?.mode === 'stream'
      ? [`bucket:     streamed as a multipart upload (SHA-256 per part), read back from the bucket, manifest object last`]
      : []),
    ...(plan.upload ? [`artifact:   ${plan.upload.name}${plan.upload.retentionDays ? `, ${plan.upload.retentionDays} days` : ''}`] : []),
  ];
}
