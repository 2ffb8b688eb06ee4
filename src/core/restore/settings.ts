/**
 * Restore settings: one option table for the action inputs and the CLI flags, one function that
 * turns what the user said into validated settings. Nothing here touches the system.
 */
import { resolve } from 'node:path';
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import { ROW_COUNT_MODES, type RowCountMode } from '../manifest.js';
import type { Connection } from '../pg.js';
import { CONNECTION_OPTIONS, connectionSettings } from '../connection-options.js';
import { TRUST_OPTIONS, trustSettings, type TrustSettings } from '../trust-options.js';

export const RESTORE_MODES = ['atomic', 'replace', 'into-existing'] as const;
export type RestoreMode = (typeof RESTORE_MODES)[number];

export const RESTORE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'backup',
    description:
      'Backup to restore: .sql, .sql.gz, .sql.zst, a custom archive (.dump) or a directory dump (.dir); the format is read from the content',
  },
  { name: 'database', description: 'Target database', default: 'postgres' },
  {
    name: 'confirm',
    description: 'Must equal the target database name: a workflow has no terminal to confirm the overwrite in',
    only: 'action',
  },
  { name: 'yes', short: 'y', description: 'Do not ask for confirmation (needed without a terminal)', flag: true, only: 'cli' },
  {
    name: 'mode',
    description:
      'atomic: restore into a new database beside the target and swap names only when everything succeeded; replace: drop and recreate the target first; into-existing: restore into the target as it is (archives with --clean --if-exists), in one transaction',
    default: 'atomic',
  },
  {
    name: 'keep-previous',
    description: 'atomic: keep the replaced database as <database>_before_restore_<UTC stamp> (false: drop it after the swap)',
    default: 'true',
  },
  { name: 'create', description: 'Create the target database when it does not exist', default: 'false', flag: true },
  {
    name: 'backup-before',
    description: 'Back up the target (aza-pg backup, plain gzip) before restoring over it',
    default: 'false',
    flag: true,
  },
  { name: 'backup-dir', description: 'Directory for the backup-before file', default: 'the working directory' },
  {
    name: 'terminate-connections',
    description:
      'Terminate other sessions on the target when it must be swapped or dropped (otherwise the restore refuses while they exist)',
    default: 'false',
    flag: true,
  },
  { name: 'jobs', description: 'Parallel pg_restore jobs for custom and directory archives', default: 'number of cores' },
  {
    name: 'keep-owners',
    description: 'Archives: restore object owners (default --no-owner, so dumps move across environments)',
    default: 'false',
    flag: true,
  },
  { name: 'keep-privileges', description: 'Archives: restore GRANTs (default --no-acl)', default: 'false', flag: true },
  {
    name: 'row-counts',
    description: `Per-table row counts after the restore (compared with the manifest when both are exact): ${ROW_COUNT_MODES.join(', ')}`,
    default: 'exact',
  },
  { name: 'require-manifest', description: 'Refuse a backup without a manifest beside it', default: 'false', flag: true },
  {
    name: 'maintenance-database',
    description: 'Database to connect to for CREATE/DROP/ALTER DATABASE',
    default: 'postgres (template1 when the target is postgres)',
  },
  {
    name: 'dry-run',
    description: 'Check the backup, the server and the target, print the plan; change nothing',
    default: 'false',
    flag: true,
  },
  ...TRUST_OPTIONS,
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
  keepOwners: boolean;
  keepPrivileges: boolean;
  rowCounts: RowCountMode;
  requireManifest: boolean;
  maintenanceDatabase?: string;
  dryRun: boolean;
  /** The user consented already (--yes, or the action's confirm matched). */
  confirmed: boolean;
  connection: Connection;
  pgBinDir?: string;
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

/** `positionals` are the spec's `<backup> [database]`; the action passes none and uses inputs. */
export function restoreSettings(inputs: Inputs, positionals: readonly string[], env: NodeJS.ProcessEnv, cwd: string): RestoreSettings {
  const [posBackup, posDatabase] = positionals;
  if (posBackup !== undefined && inputs.has('backup'))
    throw new AzaError('USAGE', 'The backup is given twice (argument and --backup)', 'Give it once.');
  if (posDatabase !== undefined && inputs.has('database'))
    throw new AzaError('USAGE', 'The database is given twice (argument and --database)', 'Give it once.');
  const backupRaw = posBackup ?? inputs.string('backup');
  if (backupRaw === undefined) {
    throw new AzaError(
      inputs.source === 'cli' ? 'USAGE' : 'INVALID_INPUT',
      inputs.source === 'cli' ? 'Missing the backup file' : 'Missing input "backup"',
      inputs.source === 'cli'
        ? 'Usage: aza-pg restore <backup> [database]   e.g. aza-pg restore backup.sql.gz mydb'
        : 'Set backup to the path of the backup file.',
    );
  }
  const explicitDb = posDatabase ?? inputs.verbatim('database');
  if (explicitDb !== undefined && explicitDb.trim() === '')
    throw new AzaError('INVALID_INPUT', 'The database name is empty', 'Name the target database, e.g. mydb.');
  const database = explicitDb ?? 'postgres';
  if (Buffer.byteLength(database) > 63) {
    throw new AzaError(
      'INVALID_INPUT',
      `The database name "${database}" is longer than 63 bytes`,
      'PostgreSQL truncates longer names; choose a shorter one.',
    );
  }

  const dryRun = inputs.boolean('dry-run', false);
  let confirmed: boolean;
  if (inputs.source === 'action') {
    const given = inputs.verbatim('confirm');
    // A dry run changes nothing and may go without; a confirm that names another database never passes.
    if (given !== database && (given !== undefined || !dryRun)) throw confirmError(database, given);
    confirmed = true;
  } else confirmed = inputs.boolean('yes', false);

  const mode = inputs.oneOf('mode', RESTORE_MODES, 'atomic');
  const keepPrevious = inputs.boolean('keep-previous', true);
  if (inputs.has('keep-previous') && mode !== 'atomic') {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('keep-previous')} applies to mode atomic only (mode ${mode} keeps no previous database)`,
      `Drop ${inputs.label('keep-previous')}, or use mode atomic.`,
    );
  }
  const backupBefore = inputs.boolean('backup-before', false);
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
    backup: resolve(cwd, backupRaw),
    database,
    mode,
    keepPrevious,
    create: inputs.boolean('create', false),
    backupBefore,
    backupDir: resolve(cwd, inputs.string('backup-dir') ?? '.'),
    terminateConnections: inputs.boolean('terminate-connections', false),
    ...(jobs !== undefined ? { jobs } : {}),
    keepOwners: inputs.boolean('keep-owners', false),
    keepPrivileges: inputs.boolean('keep-privileges', false),
    rowCounts: inputs.oneOf('row-counts', ROW_COUNT_MODES, 'exact'),
    requireManifest: inputs.boolean('require-manifest', false),
    ...(maintenance !== undefined ? { maintenanceDatabase: maintenance } : {}),
    dryRun,
    confirmed,
    connection: connectionSettings(inputs, env, database),
    ...(inputs.string('pg-bin-dir') ? { pgBinDir: resolve(cwd, inputs.string('pg-bin-dir')!) } : {}),
    ...trustSettings(inputs, env, cwd),
  };
}
