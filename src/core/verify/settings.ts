/**
 * Verify settings: the monthly restore test as one step. The backup comes from a path or a
 * workflow artifact; the scratch target is a throw-away cluster (default) or a named server where
 * a scratch database is created and always dropped.
 */
import { resolve } from 'node:path';
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import type { Connection } from '../pg.js';
import { CONNECTION_OPTIONS, clientBinDir, connectionSettings } from '../connection-options.js';
import { TRUST_OPTIONS, trustSettings, type TrustSettings } from '../trust-options.js';
import { isObjectUrl, OBJECT_STORE_OPTIONS, objectStoreSettings, type ObjectStoreConfig } from '../object-store/index.js';

export const SCRATCH_KINDS = ['cluster', 'connection'] as const;
export type ScratchKind = (typeof SCRATCH_KINDS)[number];

/** What the connection options mean for verify: they name the server of a scratch connection. */
const VERIFY_CONNECTION_TEXT: Record<string, string> = {
  user: 'User name; it needs CREATEDB',
  'pg-bin-dir': 'Directory with the PostgreSQL binaries (client tools; for cluster also initdb, pg_ctl, postgres)',
};

export const VERIFY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'backup',
    description:
      'Path of the backup to verify (`.sql`, `.sql.gz`, `.sql.zst`, `.dump`, directory dump), or an object in a bucket (`s3://bucket/prefix/backup_….sql.gz`, its manifest object required; `s3://bucket/prefix/latest`: the newest complete backup under the prefix). In the action: give this or artifact',
    positional: 0,
  },
  {
    name: 'artifact',
    description:
      'Name of a workflow artifact holding the backup and its manifest (as aza-pg/backup uploads it); downloaded from the current run',
    only: 'action',
  },
  {
    name: 'scratch',
    description:
      'cluster: a throw-away PostgreSQL on the runner (production is never touched). connection: a scratch database on the server given by the connection options, created for the test and always dropped',
    default: 'cluster',
  },
  {
    name: 'scratch-database',
    description: 'Name of the scratch database. It must not exist',
    defaultText: 'restore_test (cluster), aza_pg_verify_<UTC stamp> (connection)',
  },
  {
    name: 'postgres-major',
    description: 'cluster: PostgreSQL major of the scratch server',
    defaultText: "the backup's server major when installed, else the newest installed",
  },
  {
    name: 'smoke-sql',
    description:
      'Smoke-test queries, one per line. Each must return a row whose first value is not false or NULL, e.g. `SELECT count(*) > 0 FROM critical_table`',
  },
  {
    name: 'amcheck',
    description: 'Check every btree index of the restored database with amcheck (bt_index_check, heapallindexed)',
    default: false,
    flag: true,
  },
  {
    name: 'require-manifest',
    description: 'Fail a backup without a manifest (its row counts cannot be compared)',
    default: false,
    flag: true,
  },
  {
    name: 'jobs',
    description: 'Parallel sessions: `pg_restore` jobs for custom and directory archives, COPY sessions for a plain script',
    defaultText: 'the number of cores for archives, 1 for a plain script',
  },
  ...TRUST_OPTIONS,
  ...OBJECT_STORE_OPTIONS,
  ...CONNECTION_OPTIONS.map((o) => {
    const text = VERIFY_CONNECTION_TEXT[o.name] ?? o.description;
    return { ...o, description: o.name === 'pg-bin-dir' ? text : `scratch connection: ${text[0]!.toLowerCase()}${text.slice(1)}` };
  }),
];

export interface VerifySettings extends TrustSettings {
  backup?: string;
  artifact?: string;
  /** Where the bucket is, when the backup is an s3:// URL. */
  store?: ObjectStoreConfig;
  scratch: ScratchKind;
  scratchDatabase?: string;
  postgresMajor?: number;
  smokeSql: string[];
  amcheck: boolean;
  requireManifest: boolean;
  jobs?: number;
  /** scratch connection: the server. */
  connection?: Connection;
  pgBinDir?: string;
}

/** One query per line; blank lines and -- comments dropped, a trailing ; removed. */
export function parseSmokeSql(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('--'))
    .map((l) => l.replace(/;\s*$/, ''));
}

/** The spec's `verify <backup>`: the CLI passes the positional in as option backup. */
export function verifySettings(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): VerifySettings {
  const backup = inputs.string('backup');
  const artifact = inputs.string('artifact');
  if (backup !== undefined && artifact !== undefined) {
    throw new AzaError('INVALID_INPUT', 'Give either input backup (a path) or input artifact (a name), not both', 'Give one of them.');
  }
  if (backup === undefined && artifact === undefined) {
    throw inputs.missing(
      { message: 'Missing the backup file', usage: 'Usage: aza-pg verify <backup>   e.g. aza-pg verify backup.sql.gz' },
      {
        message: 'Missing input backup or artifact',
        hint: 'Set backup to a path, or artifact to the name of an uploaded backup artifact.',
      },
    );
  }
  const scratch = inputs.oneOf('scratch', SCRATCH_KINDS)!;
  const connectionGiven = ['host', 'port', 'user', 'password', 'connection-uri', 'sslmode', 'sslrootcert'].some((n) => inputs.has(n));
  if (scratch === 'cluster' && connectionGiven) {
    throw new AzaError(
      'INVALID_INPUT',
      `Connection options are set but ${inputs.label('scratch')} is cluster (a throw-away local server)`,
      `To restore on that server, set ${inputs.label('scratch')} connection (a scratch database is created there and dropped).`,
    );
  }
  const major = inputs.integer('postgres-major', { min: 9, max: 99 });
  if (major !== undefined && scratch !== 'cluster')
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('postgres-major')} applies to scratch cluster only`,
      `Drop ${inputs.label('postgres-major')}.`,
    );
  const scratchDatabase = inputs.verbatim('scratch-database');
  if (scratchDatabase !== undefined && Buffer.byteLength(scratchDatabase) > 50)
    throw new AzaError(
      'INVALID_INPUT',
      `The scratch database name "${scratchDatabase}" is too long (50 bytes at most)`,
      'Choose a shorter name.',
    );
  const jobs = inputs.integer('jobs', { min: 1, max: 64 });
  return {
    ...(backup !== undefined ? { backup: isObjectUrl(backup) ? backup : resolve(cwd, backup) } : {}),
    ...(isObjectUrl(backup) ? { store: objectStoreSettings(inputs, env) } : {}),
    ...(artifact !== undefined ? { artifact } : {}),
    scratch,
    ...(scratchDatabase !== undefined ? { scratchDatabase } : {}),
    ...(major !== undefined ? { postgresMajor: major } : {}),
    smokeSql: parseSmokeSql(inputs.verbatim('smoke-sql')),
    amcheck: inputs.boolean('amcheck'),
    // A backup that comes from an artifact is only as good as its manifest: size and sha256 are checked before loading.
    requireManifest: inputs.boolean('require-manifest', artifact !== undefined),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(scratch === 'connection' ? { connection: connectionSettings(inputs, env) } : {}),
    ...(clientBinDir(inputs, cwd) !== undefined ? { pgBinDir: clientBinDir(inputs, cwd)! } : {}),
    ...trustSettings(inputs, env, cwd),
  };
}
