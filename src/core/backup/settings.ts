/**
 * Backup settings: one option table for the action inputs and the CLI flags, and one function
 * that turns what the user said into validated settings. Nothing here touches the system.
 */
import { isAbsolute, resolve } from 'node:path';
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import { BACKUP_FORMATS, COMPRESSIONS, ROW_COUNT_MODES, type BackupFormat, type Compression, type RowCountMode } from '../manifest.js';
import { SSL_MODES, parsePort, resolveConnection, type Connection, type SslMode } from '../pg.js';

/** Connection options shared by every operation that talks to a server. */
export const CONNECTION_OPTIONS: readonly OptionSpec[] = [
  { name: 'host', description: 'Server host name, IP address or socket directory (PGHOST)', default: 'localhost' },
  { name: 'port', description: 'Server port (PGPORT)', default: '5432' },
  { name: 'user', description: 'User name (PGUSER)', default: 'postgres' },
  { name: 'password', description: 'Password (PGPASSWORD or ~/.pgpass otherwise); prefer a secret', secret: true, only: 'action' },
  {
    name: 'connection-uri',
    description: 'postgresql://user:password@host:port/database?sslmode=… (the other connection options win over it)',
    secret: true,
  },
  { name: 'sslmode', description: `TLS mode (PGSSLMODE): ${SSL_MODES.join(', ')}` },
  { name: 'sslrootcert', description: 'CA certificate file for sslmode verify-ca / verify-full (PGSSLROOTCERT)' },
  { name: 'pg-bin-dir', description: 'Directory holding the PostgreSQL client tools (default: PATH and the usual install locations)' },
];

/** Level for the in-process parallel gzip of plain dumps, chosen by the benchmark (docs/benchmarks.md): 1 keeps up with pg_dump on a 2-core machine; 3 costs 10-20% more time for 3% smaller files on less compressible data. */
export const DEFAULT_GZIP_LEVEL = 1;
/** pg_dump's own default for its archive formats. */
export const DEFAULT_ARCHIVE_GZIP_LEVEL = 6;
export const DEFAULT_ZSTD_LEVEL = 3;

export const BACKUP_OPTIONS: readonly OptionSpec[] = [
  { name: 'database', description: 'Database to back up', default: 'postgres' },
  {
    name: 'output',
    description: 'Output file (directory format: output directory); default an auto name backup_<db>_YYYY_MM_DD_HHmmss.sql.gz in UTC',
  },
  { name: 'output-dir', description: 'Directory for the auto-named output (and for a relative output)', default: 'the working directory' },
  { name: 'format', description: `Dump format: ${BACKUP_FORMATS.join(', ')}`, default: 'plain' },
  { name: 'compression', description: `Compression: ${COMPRESSIONS.join(', ')}`, default: 'gzip' },
  {
    name: 'compression-level',
    description: 'Compression level: gzip 1-9 (custom/directory 0-9), zstd 1-19',
    default: `gzip ${DEFAULT_GZIP_LEVEL} (plain) or ${DEFAULT_ARCHIVE_GZIP_LEVEL} (custom, directory), zstd ${DEFAULT_ZSTD_LEVEL}`,
  },
  { name: 'jobs', description: 'Parallel dump jobs (directory format only)', default: 'number of cores' },
  { name: 'overwrite', description: 'Replace an existing output file', default: 'false', flag: true },
  {
    name: 'row-counts',
    description: `Per-table row counts in the manifest, taken in the dump's snapshot: ${ROW_COUNT_MODES.join(', ')}`,
    default: 'exact',
  },
  { name: 'dry-run', description: 'Check the connection and print the plan; write nothing', default: 'false', flag: true },
  ...CONNECTION_OPTIONS,
  { name: 'upload-artifact', description: 'Upload the backup and its manifest as a workflow artifact', default: 'false', only: 'action' },
  { name: 'artifact-name', description: 'Artifact name', default: 'the backup file name', only: 'action' },
  { name: 'retention-days', description: 'Artifact retention in days (1-90)', default: "the repository's setting", only: 'action' },
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
  dryRun: boolean;
  connection: Connection;
  pgBinDir?: string;
  upload?: { name?: string; retentionDays?: number };
}

export function connectionSettings(inputs: Inputs, env: NodeJS.ProcessEnv, database?: string): Connection {
  const port = inputs.string('port');
  const sslmode = inputs.oneOf<SslMode>('sslmode', SSL_MODES);
  return resolveConnection({
    env,
    uri: inputs.string('connection-uri'),
    inputs: {
      host: inputs.string('host'),
      port: port === undefined ? undefined : parsePort(port, inputs.label('port')),
      user: inputs.string('user'),
      password: inputs.verbatim('password'),
      sslmode,
      sslrootcert: inputs.string('sslrootcert'),
      database,
    },
  });
}

/**
 * `positionals` are the spec's `[database] [output]` (CLI); the action passes none and uses the
 * `database` / `output` inputs.
 */
export function backupSettings(inputs: Inputs, positionals: readonly string[], env: NodeJS.ProcessEnv, cwd: string): BackupSettings {
  const [posDatabase, posOutput] = positionals;
  if (posDatabase !== undefined && inputs.has('database')) {
    throw new AzaError('USAGE', 'The database is given twice (argument and --database)', 'Give it once.');
  }
  if (posOutput !== undefined && inputs.has('output')) {
    throw new AzaError('USAGE', 'The output is given twice (argument and --output)', 'Give it once.');
  }
  const explicitDb = posDatabase ?? inputs.verbatim('database');
  if (explicitDb !== undefined && explicitDb.trim() === '')
    throw new AzaError('INVALID_INPUT', 'The database name is empty', 'Name a database, e.g. postgres.');
  const uriDb = inputs.string('connection-uri') ? resolveConnection({ uri: inputs.string('connection-uri') }).database : undefined;
  // The spec's default is "postgres"; a database named in the URI counts as said.
  const database = explicitDb ?? (inputs.string('connection-uri') && uriDb ? uriDb : 'postgres');

  const format = inputs.oneOf('format', BACKUP_FORMATS, 'plain');
  const compression = inputs.oneOf('compression', COMPRESSIONS, 'gzip');
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
  const outputRaw = posOutput ?? inputs.string('output');
  const output = outputRaw === undefined ? undefined : isAbsolute(outputRaw) ? outputRaw : resolve(outputDir, outputRaw);

  const uploadWanted = inputs.boolean('upload-artifact', false);
  const retentionDays = inputs.integer('retention-days', {
    min: 1,
    max: 90,
    hint: 'GitHub keeps artifacts 1 to 90 days (or less, by the repository setting).',
  });
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
    overwrite: inputs.boolean('overwrite', false),
    rowCounts: inputs.oneOf('row-counts', ROW_COUNT_MODES, 'exact'),
    dryRun: inputs.boolean('dry-run', false),
    connection: connectionSettings(inputs, env, database),
    ...(inputs.string('pg-bin-dir') ? { pgBinDir: resolve(cwd, inputs.string('pg-bin-dir')!) } : {}),
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
