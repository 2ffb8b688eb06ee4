/**
 * Restore settings: one option table for the action inputs and the CLI flags, one function that
 * turns what the user said into validated settings. Nothing here touches the system.
 */
import { resolve } from 'node:path';
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import { ROW_COUNT_MODES, type RowCountMode } from '../manifest.js';
import type { Connection } from '../pg.js';
import { CONNECTION_OPTIONS, clientBinDir, connectionSettings } from '../connection-options.js';
import { TRUST_OPTIONS, trustSettings, type TrustSettings } from '../trust-options.js';
import { isObjectUrl, OBJECT_STORE_OPTIONS, objectStoreSettings, type ObjectStoreConfig } from '../object-store/index.js';
import type { BackupInspection } from './inspect.js';

export const RESTORE_MODES = ['atomic', 'replace', 'into-existing'] as const;
export type RestoreMode = (typeof RESTORE_MODES)[number];

export const RESTORE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'backup',
    description:
      'Path of the backup: `.sql`, `.sql.gz`, `.sql.zst`, a custom archive (`.dump`) or a directory dump. The format is read from the content; a `<file>.manifest.json` beside it is checked (size, sha256, row counts). Or an object in a bucket, `s3://bucket/prefix/backup_….sql.gz` (its manifest object required), or `s3://bucket/prefix/latest` for the newest complete backup under the prefix',
    required: true,
    positional: 0,
  },
  { name: 'database', description: 'Target database', default: 'postgres', positional: 1 },
  {
    name: 'confirm',
    description:
      'Must equal the target database name exactly. A restore overwrites the target and a workflow has no terminal to ask in. Not needed for dry-run',
    only: 'action',
  },
  {
    name: 'yes',
    short: 'y',
    description: 'Do not ask for confirmation (needed without a terminal)',
    default: false,
    flag: true,
    only: 'cli',
  },
  {
    name: 'mode',
    description:
      'atomic (restore into a new database beside the target, swap names only when everything succeeded; a failure leaves the target as it was), replace (drop and recreate the target first) or into-existing (restore into the target as it is, in one transaction; archives with `--clean --if-exists`)',
    default: 'atomic',
  },
  {
    name: 'keep-previous',
    description:
      'atomic: keep the replaced database as `<database>_before_restore_<UTC stamp>` (output previous-database). false: drop it after the swap',
    default: true,
  },
  {
    name: 'create',
    description: 'Create the target database when it does not exist (otherwise: error "Database does not exist")',
    default: false,
    flag: true,
  },
  {
    name: 'backup-before',
    description: 'Back up the target (plain gzip, with a manifest) before restoring over it',
    default: false,
    flag: true,
  },
  {
    name: 'backup-dir',
    description: 'Directory for the backup-before file',
    defaultText: 'the working directory (in an action: the workspace)',
  },
  {
    name: 'terminate-connections',
    description: 'Terminate other sessions on the target for the swap (atomic) or the drop (replace). false: refuse while they exist',
    default: false,
    flag: true,
  },
  {
    name: 'jobs',
    description: 'Parallel sessions: `pg_restore` jobs for custom and directory archives, COPY sessions for a plain script',
    defaultText: 'the number of cores (for a plain script at most 2)',
  },
  {
    name: 'keep-owners',
    description: 'Archives: restore object owners. Default `--no-owner`, so dumps move across environments',
    default: false,
    flag: true,
  },
  { name: 'keep-privileges', description: 'Archives: restore GRANTs. Default `--no-acl`', default: false, flag: true },
  {
    name: 'accept-privilege-loss',
    description:
      'Restore over a database whose object owners or grants the backup does not carry (a plain backup without privileges, an archive without keep-owners/keep-privileges); otherwise refused, with the list of what would be lost',
    default: false,
    flag: true,
  },
  {
    name: 'create-roles',
    description:
      'Create the roles the backup names (recorded in its manifest: owners, grants, policies) that the server lacks, without login and without a password, before loading; for a restore into another cluster',
    default: false,
    flag: true,
  },
  {
    name: 'row-counts',
    description: `Per-table row counts after the restore: ${ROW_COUNT_MODES.join(', ')}. Exact counts are compared with the manifest; any difference fails the restore (atomic: before the swap)`,
    default: 'exact',
  },
  { name: 'require-manifest', description: 'Refuse a backup without a manifest beside it', default: false, flag: true },
  {
    name: 'maintenance-database',
    description: 'Database to connect to for CREATE/DROP/ALTER DATABASE',
    defaultText: 'postgres (template1 when the target is postgres)',
  },
  {
    name: 'dry-run',
    description: 'Check the backup, the server and the target and print the plan; change nothing',
    default: false,
    flag: true,
  },
  ...TRUST_OPTIONS,
  ...OBJECT_STORE_OPTIONS,
  ...CONNECTION_OPTIONS,
];

export interface RestoreSettings extends TrustSettings {
  backup: string;
  database: string;
  mode: RestoreMode;
  keepPrevious: boolean;
  create: boolean;
  backupBefore: boolean;
  backupDir: string;
  terminateConnections: boolean;
  jobs?: number;
  /** A plain script's COPY sessions when --jobs is not given (the cores otherwise); verify asks for 1 (see verify/run.ts). */
  scriptJobs?: number;
  keepOwners: boolean;
  keepPrivileges: boolean;
  /** Restore even when the target's owners or grants would be lost. */
  acceptPrivilegeLoss?: boolean;
  /** Create the manifest's roles the server lacks (NOLOGIN, no password) before loading. */
  createRoles?: boolean;
  rowCounts: RowCountMode;
  requireManifest: boolean;
  maintenanceDatabase?: string;
  dryRun: boolean;
  /** The user consented already (--yes, or the action's confirm matched). */
  confirmed: boolean;
  connection: Connection;
  pgBinDir?: string;
  /** Where the bucket is, when the backup is an s3:// URL. */
  store?: ObjectStoreConfig;
  /** The backup, inspected already: verify reads it before it starts a scratch server. */
  inspected?: BackupInspection;
}

export function confirmError(database: string, given: string | undefined): AzaError {
  return new AzaError(
    'CONFIRMATION_REQUIRED',
    given === undefined
      ? `Input confirm is required: set it to the target database name ("${database}") to allow overwriting it`
      : `Input confirm ("${given}") does not name the target database ("${database}"); nothing was restored`,
    `A restore overwrites the target database and a workflow has no terminal to ask. Set confirm: ${database} (the exact target name).`,
  );
}

/** The spec's `restore <backup> [database]`: the CLI passes the positionals in as these options. */
export function restoreSettings(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): RestoreSettings {
  const backupRaw = inputs.string('backup');
  if (backupRaw === undefined) {
    throw inputs.missing(
      { message: 'Missing the backup file', usage: 'Usage: aza-pg restore <backup> [database]   e.g. aza-pg restore backup.sql.gz mydb' },
      { message: 'Missing input "backup"', hint: 'Set backup to the path of the backup file.' },
    );
  }
  const explicitDb = inputs.verbatim('database');
  if (explicitDb !== undefined && explicitDb.trim() === '')
    throw new AzaError('INVALID_INPUT', 'The database name is empty', 'Name the target database, e.g. mydb.');
  const database = explicitDb ?? inputs.stringOrDefault('database')!;
  if (Buffer.byteLength(database) > 63) {
    throw new AzaError(
      'INVALID_INPUT',
      `The database name "${database}" is longer than 63 bytes`,
      'PostgreSQL truncates longer names; choose a shorter one.',
    );
  }

  const dryRun = inputs.boolean('dry-run');
  let confirmed: boolean;
  if (inputs.source === 'action') {
    const given = inputs.verbatim('confirm');
    // A dry run changes nothing and may go without; a confirm that names another database never passes.
    if (given !== database && (given !== undefined || !dryRun)) throw confirmError(database, given);
    confirmed = true;
  } else confirmed = inputs.boolean('yes');

  const mode = inputs.oneOf('mode', RESTORE_MODES)!;
  const keepPrevious = inputs.boolean('keep-previous');
  if (inputs.has('keep-previous') && mode !== 'atomic') {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('keep-previous')} applies to mode atomic only (mode ${mode} keeps no previous database)`,
      `Drop ${inputs.label('keep-previous')}, or use mode atomic.`,
    );
  }
  const backupBefore = inputs.boolean('backup-before');
  if (inputs.has('backup-dir') && !backupBefore) {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('backup-dir')} needs ${inputs.label('backup-before')}`,
      `Add ${inputs.label('backup-before')}, or drop ${inputs.label('backup-dir')}.`,
    );
  }
  const jobs = inputs.integer('jobs', { min: 1, max: 64 });
  const maintenance = inputs.verbatim('maintenance-database');

  return {
    backup: isObjectUrl(backupRaw) ? backupRaw : resolve(cwd, backupRaw),
    ...(isObjectUrl(backupRaw) ? { store: objectStoreSettings(inputs, env) } : {}),
    database,
    mode,
    keepPrevious,
    create: inputs.boolean('create'),
    backupBefore,
    backupDir: resolve(cwd, inputs.string('backup-dir') ?? '.'),
    terminateConnections: inputs.boolean('terminate-connections'),
    ...(jobs !== undefined ? { jobs } : {}),
    keepOwners: inputs.boolean('keep-owners'),
    keepPrivileges: inputs.boolean('keep-privileges'),
    createRoles: inputs.boolean('create-roles'),
    acceptPrivilegeLoss: inputs.boolean('accept-privilege-loss'),
    rowCounts: inputs.oneOf('row-counts', ROW_COUNT_MODES)!,
    requireManifest: inputs.boolean('require-manifest'),
    ...(maintenance !== undefined ? { maintenanceDatabase: maintenance } : {}),
    dryRun,
    confirmed,
    connection: connectionSettings(inputs, env, database),
    ...(clientBinDir(inputs, cwd) !== undefined ? { pgBinDir: clientBinDir(inputs, cwd)! } : {}),
    ...trustSettings(inputs, env, cwd),
  };
}
