/**
 * Backup settings: one option table for the action inputs and the CLI flags, and one function
 * that turns what the user said into validated settings. Nothing here touches the system.
 */
import { isAbsolute, resolve } from 'node:path';
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import { BACKUP_FORMATS, COMPRESSIONS, ROW_COUNT_MODES, type BackupFormat, type Compression, type RowCountMode } from '../manifest.js';
import { CONNECTION_OPTIONS, clientBinDir, connectionSettings } from '../connection-options.js';
import { resolveConnection, type Connection } from '../pg.js';
import { SIGNING_OPTIONS, signingKeyFrom, type SigningKey } from '../signing.js';
import { OBJECT_STORE_OPTIONS } from '../object-store/settings.js';
import { isPrefix, keyBaseName } from '../object-store/url.js';
import { bucketDestination, type BucketDestination } from './bucket-settings.js';

/** gzip level of plain dumps, chosen by the benchmark (docs/benchmarks.md): level 1 costs pg_dump about half the CPU of its level 6 for files 2% larger on pgbench-like data; 3 costs 10-20% more time for 3% smaller files on less compressible data. */
export const DEFAULT_GZIP_LEVEL = 1;
/** pg_dump's own default for its archive formats. */
export const DEFAULT_ARCHIVE_GZIP_LEVEL = 6;
export const DEFAULT_ZSTD_LEVEL = 3;

export const BACKUP_OPTIONS: readonly OptionSpec[] = [
  { name: 'database', description: 'Database to back up', default: 'postgres', positional: 0 },
  {
    name: 'output',
    description:
      'Output file (directory format: output directory); a relative path is taken from output-dir. An s3://bucket/prefix/ URL (or s3://bucket/prefix/name) sends the backup to object storage, see s3-mode',
    defaultText: 'backup_<db>_YYYY_MM_DD_HHmmss.sql.gz (UTC) in output-dir',
    positional: 1,
  },
  {
    name: 'output-dir',
    description: 'Directory for the auto-named output (and for a relative output)',
    defaultText: 'the working directory (in an action: the workspace)',
  },
  {
    name: 'format',
    description: 'Dump format: plain (SQL, --no-owner --no-acl), custom (pg_dump -Fc) or directory (pg_dump -Fd, parallel)',
    default: 'plain',
  },
  {
    name: 'compression',
    description:
      'Compression: gzip, zstd or none. Plain gzip stays gzip-compatible (gunzip -c | psql restores it); at the default level it is deflated by ISA-L igzip where installed, else by pg_dump',
    default: 'gzip',
  },
  {
    name: 'compression-level',
    description: "Compression level: gzip 1-9 (custom/directory 0-9), zstd 1-19. A gzip level given is zlib's (pg_dump deflates)",
    defaultText: `gzip ${DEFAULT_GZIP_LEVEL} (plain: igzip's level 1 where installed) or ${DEFAULT_ARCHIVE_GZIP_LEVEL} (custom, directory), zstd ${DEFAULT_ZSTD_LEVEL}`,
  },
  { name: 'jobs', description: 'Parallel dump jobs (directory format only)', defaultText: 'number of cores' },
  { name: 'overwrite', description: 'Replace an existing output file and its manifest', default: false, flag: true },
  {
    name: 'row-counts',
    description: "Per-table row counts in the manifest, taken in the dump's snapshot: exact, estimate (pg_class.reltuples) or none",
    default: 'exact',
  },
  {
    name: 'privileges',
    description:
      'Plain format: keep object owners and GRANTs in the dump (without it: --no-owner --no-acl, for moving data between environments). Archives always carry them. Recorded in the manifest: a restore over a database with owners or grants refuses a backup that would drop them',
    default: false,
    flag: true,
  },
  { name: 'dry-run', description: 'Check the connection and print the plan; write nothing', default: false, flag: true },
  {
    name: 's3-mode',
    description:
      'With an s3:// output: upload (write and check the local file in output-dir, then copy it to the bucket: a local and an off-site copy) or stream (pg_dump straight into a multipart upload, no local disk; checked by reading the object back)',
    default: 'upload',
  },
  ...CONNECTION_OPTIONS,
  ...SIGNING_OPTIONS,
  ...OBJECT_STORE_OPTIONS,
  { name: 'upload-artifact', description: 'Upload the backup and its manifest as a workflow artifact', default: false, only: 'action' },
  { name: 'artifact-name', description: 'Artifact name', defaultText: 'the backup file name', only: 'action' },
  { name: 'retention-days', description: 'Artifact retention in days (1-90)', defaultText: "the repository's setting", only: 'action' },
];

export interface BackupSettings {
  database: string;
  /** Absolute output path when given; otherwise an auto name in outputDir. */
  output?: string;
  outputDir: string;
  format: BackupFormat;
  compression: Compression;
  compressionLevel?: number;
  jobs?: number;
  overwrite: boolean;
  rowCounts: RowCountMode;
  /** Plain: keep owners and GRANTs (no --no-owner --no-acl). */
  privileges?: boolean;
  dryRun: boolean;
  connection: Connection;
  pgBinDir?: string;
  upload?: { name?: string; retentionDays?: number };
  /** Signs the manifest (see src/core/signing.ts). */
  signingKey?: SigningKey;
  /** The output is an s3:// URL: where in which store, and how the backup gets there. */
  bucket?: BucketDestination;
}

export function backupSettings(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): BackupSettings {
  const explicitDb = inputs.verbatim('database');
  if (explicitDb !== undefined && explicitDb.trim() === '')
    throw new AzaError('INVALID_INPUT', 'The database name is empty', 'Name a database, e.g. postgres.');
  const uri = inputs.string('connection-uri');
  const uriDb = uri ? resolveConnection({ uri }).database : undefined;
  // The spec's default is "postgres"; a database named in the URI counts as said.
  const database = explicitDb ?? (uri && uriDb ? uriDb : inputs.stringOrDefault('database')!);

  const format = inputs.oneOf('format', BACKUP_FORMATS)!;
  const compression = inputs.oneOf('compression', COMPRESSIONS)!;
  const level = compressionLevel(inputs, format, compression);

  const jobs = inputs.integer('jobs', { min: 1, max: 64 });
  if (jobs !== undefined && format !== 'directory') {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('jobs')} needs the directory format (pg_dump runs parallel jobs only for -Fd)`,
      `Add ${inputs.source === 'cli' ? '--format directory' : 'format: directory'}, or drop ${inputs.label('jobs')}.`,
    );
  }

  const outputDir = resolve(cwd, inputs.string('output-dir') ?? '.');
  const bucket = bucketDestination(inputs, env, format);
  // A named object (not a prefix) names the local file of upload mode too.
  const outputRaw = bucket ? (isPrefix(bucket.url) ? undefined : keyBaseName(bucket.url.key)) : inputs.string('output');
  const output = outputRaw === undefined ? undefined : isAbsolute(outputRaw) ? outputRaw : resolve(outputDir, outputRaw);

  const signingKey = signingKeyFrom(inputs, env, cwd);
  const uploadWanted = inputs.boolean('upload-artifact');
  const retentionDays = inputs.integer('retention-days', {
    min: 1,
    max: 90,
    hint: 'GitHub keeps artifacts 1 to 90 days (or less, by the repository setting).',
  });
  if (uploadWanted && bucket?.mode === 'stream') {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('upload-artifact')} needs a local file, and ${inputs.label('s3-mode')} stream writes none`,
      `Use ${inputs.label('s3-mode')} upload (local file, artifact and bucket copy), or drop ${inputs.label('upload-artifact')}.`,
    );
  }
  if (!uploadWanted && (inputs.has('artifact-name') || retentionDays !== undefined)) {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('artifact-name')} and ${inputs.label('retention-days')} need ${inputs.label('upload-artifact')}: true`,
      'Set upload-artifact: true, or drop them.',
    );
  }

  return {
    database,
    ...(output !== undefined ? { output } : {}),
    outputDir,
    format,
    compression,
    ...(level !== undefined ? { compressionLevel: level } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    overwrite: inputs.boolean('overwrite'),
    rowCounts: inputs.oneOf('row-counts', ROW_COUNT_MODES)!,
    privileges: inputs.boolean('privileges'),
    dryRun: inputs.boolean('dry-run'),
    connection: connectionSettings(inputs, env, database),
    ...(clientBinDir(inputs, cwd) !== undefined ? { pgBinDir: clientBinDir(inputs, cwd)! } : {}),
    ...(signingKey ? { signingKey } : {}),
    ...(bucket ? { bucket } : {}),
    ...(uploadWanted
      ? {
          upload: {
            ...(inputs.string('artifact-name') ? { name: inputs.string('artifact-name')! } : {}),
            ...(retentionDays !== undefined ? { retentionDays } : {}),
          },
        }
      : {}),
  };
}

function compressionLevel(inputs: Inputs, format: BackupFormat, compression: Compression): number | undefined {
  if (!inputs.has('compression-level')) return undefined;
  if (compression === 'none') {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('compression-level')} makes no sense with compression none`,
      `Drop ${inputs.label('compression-level')} or choose gzip or zstd.`,
    );
  }
  if (compression === 'gzip') {
    // pg_dump takes 0 (no compression) for its archive formats; our plain gzip starts at 1.
    return inputs.integer('compression-level', {
      min: format === 'plain' ? 1 : 0,
      max: 9,
      hint: 'gzip levels: 1 (fastest) to 9 (smallest).',
    });
  }
  return inputs.integer('compression-level', { min: 1, max: 19, hint: 'zstd levels: 1 (fastest) to 19 (smallest).' });
}
