/**
 * What the user asked for, validated once for both faces: the option table (action inputs and CLI
 * flags share names, plus the spec's short flags -c -d -n -y) and the function that turns inputs
 * and the environment into typed settings. Nothing here touches Docker, files or servers.
 */
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import { parseConnectionUri, resolveConnection, type Connection } from '../pg.js';
import { TARGET_KINDS, type TargetKind, type TargetSpec } from '../target.js';
import { CONNECTION_OPTIONS, connectionSettings } from '../connection-options.js';

/** The spec's defaults. */
export const DEFAULT_CONTAINER = 'postgres-replica';
export const DEFAULT_DATA_DIR = '/var/lib/postgresql/data';
export const DEFAULT_CONTAINER_BACKUP_DIR = '/backup';
/** The spec waits at most 30 s for the promoted server. */
export const VERIFY_TIMEOUT_SECONDS = 30;
export const DEFAULT_PROMOTE_WAIT_SECONDS = 60;
export const DEFAULT_CATCHUP_TIMEOUT_SECONDS = 60;
/** One WAL segment: what an idle but fenced primary may still write (checkpoints, switches). */
export const DEFAULT_MAX_LAG_BYTES = 16 * 1024 * 1024;

export const PROMOTE_OPTIONS: readonly OptionSpec[] = [
  { name: 'target', description: `How to reach the replica: ${TARGET_KINDS.join(', ')}`, default: 'container' },
  {
    name: 'container',
    short: 'c',
    description: 'Replica container name (target container)',
    default: `${DEFAULT_CONTAINER} or $POSTGRES_CONTAINER_NAME`,
  },
  {
    name: 'data-dir',
    short: 'd',
    description: "Data directory: inside the container (target container), or the local replica's (target data-dir)",
    default: DEFAULT_DATA_DIR,
  },
  { name: 'no-backup', short: 'n', description: 'Skip the pre-promotion backup', flag: true, default: 'false', only: 'cli' },
  { name: 'backup', description: 'Take a pre-promotion pg_basebackup', default: 'true', only: 'action' },
  {
    name: 'backup-dir',
    description:
      'Where the pre-promotion backup goes (inside the container for target container; required for the other targets unless the backup is off)',
    default: `${DEFAULT_CONTAINER_BACKUP_DIR} (target container)`,
  },
  { name: 'yes', short: 'y', description: 'Skip the confirmation prompt (DANGEROUS)', flag: true, default: 'false', only: 'cli' },
  { name: 'confirm', description: 'Must be "yes": a workflow has no terminal to confirm this one-way operation in', only: 'action' },
  {
    name: 'old-primary-container',
    description: "The old primary's container: promotion is refused while it runs and accepts writes (split-brain guard)",
  },
  {
    name: 'old-primary',
    description: 'The old primary as postgresql://… URI: promotion is refused while it accepts writes (split-brain guard)',
    secret: true,
  },
  {
    name: 'force',
    description: 'Promote even though the old primary still accepts writes (only when it is fenced off from every client)',
    flag: true,
    default: 'false',
  },
  {
    name: 'max-lag',
    description: 'Refuse when the replica is further behind the reachable old primary than this (bytes, or 512kB, 16MB, 1GB)',
    default: '16MB',
  },
  {
    name: 'catchup-timeout',
    description: 'How long to wait for replay to catch up with the WAL already received (30s, 5m)',
    default: `${DEFAULT_CATCHUP_TIMEOUT_SECONDS}s`,
  },
  {
    name: 'wait-timeout',
    description: 'How long the promotion itself may take (pg_promote / pg_ctl promote wait)',
    default: `${DEFAULT_PROMOTE_WAIT_SECONDS}s`,
  },
  {
    name: 'restart',
    description:
      "Restart the server after promotion, as the spec's script does (off: promotion needs no restart, and a restart is downtime)",
    flag: true,
    default: 'false',
  },
  { name: 'database', description: 'Database to connect to', default: 'postgres' },
  { name: 'dry-run', description: 'Run the checks and print the plan; change nothing', flag: true, default: 'false' },
  ...CONNECTION_OPTIONS,
];

export type OldPrimarySpec = { kind: 'container'; container: string } | { kind: 'connection'; connection: Connection };

export interface PromoteSettings {
  target: TargetSpec;
  /** Directory the backup goes into (created there as pre-promotion-backup-<timestamp>). */
  backup: { dir: string } | undefined;
  /** true: proceed without asking (CLI -y, or action confirm: yes). */
  confirmed: boolean;
  oldPrimary: OldPrimarySpec | undefined;
  force: boolean;
  maxLagBytes: number;
  catchupTimeoutSeconds: number;
  promoteWaitSeconds: number;
  restart: boolean;
  verifyTimeoutSeconds: number;
  dryRun: boolean;
  /** Whether -d was given (a default data dir that differs from the server's is only noted). */
  dataDirExplicit: boolean;
}

/** "16MB", "512kB", "1GB", "0", "1048576" -> bytes (PostgreSQL's units: kB, MB, GB, TB = 1024^n). */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+)\s*(b|kb|k|mb|m|gb|g|tb|t)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const power = { b: 0, k: 1, m: 2, g: 3, t: 4 }[unit as 'b' | 'k' | 'm' | 'g' | 't'];
  return Number(m[1]) * 1024 ** power;
}

function absolute(path: string, what: string, hint: string): string {
  if (!path.startsWith('/')) throw new AzaError('INVALID_INPUT', `${what} must be an absolute path: ${path}`, hint);
  return path.replace(/(.)\/+$/, '$1');
}

/**
 * `env` supplies POSTGRES_CONTAINER_NAME (the spec's default source) and the libpq variables for
 * the connection target.
 */
export function promoteSettings(inputs: Inputs, positionals: readonly string[], env: NodeJS.ProcessEnv): PromoteSettings {
  if (positionals.length > 0) throw new AzaError('USAGE', `Unexpected argument: ${positionals[0]}`, 'Name the container with -c NAME.');
  const kind: TargetKind = inputs.oneOf('target', TARGET_KINDS, 'container');
  const user = inputs.string('user') ?? (kind === 'connection' ? undefined : 'postgres');
  const database = inputs.verbatim('database');
  const dataDirInput = inputs.string('data-dir');
  const dataDir = absolute(
    dataDirInput ?? DEFAULT_DATA_DIR,
    `The data directory (${inputs.label('data-dir')})`,
    'Write it as /var/lib/postgresql/data.',
  );

  let target: TargetSpec;
  if (kind === 'container') {
    const container = inputs.verbatim('container') ?? (env.POSTGRES_CONTAINER_NAME || undefined) ?? DEFAULT_CONTAINER;
    if (container.trim() === '')
      throw new AzaError('INVALID_INPUT', 'The container name is empty', 'Name the replica container with -c NAME.');
    target = { kind, container, dataDir, user: user!, database: database ?? 'postgres' };
  } else if (kind === 'data-dir') {
    if (!dataDirInput) {
      throw new AzaError(
        'INVALID_INPUT',
        `Target data-dir needs the replica's data directory (${inputs.label('data-dir')})`,
        'Pass it with -d PATH, e.g. -d /var/lib/postgresql/15/main.',
      );
    }
    target = {
      kind,
      dataDir,
      user: user!,
      database: database ?? 'postgres',
      ...(inputs.string('pg-bin-dir') ? { pgBinDir: inputs.string('pg-bin-dir')! } : {}),
    };
  } else {
    const connection = connectionSettings(inputs, env, database);
    target = { kind, connection, ...(inputs.string('pg-bin-dir') ? { pgBinDir: inputs.string('pg-bin-dir')! } : {}) };
  }
  if (kind !== 'container' && inputs.has('container')) {
    throw new AzaError(
      'USAGE',
      `${inputs.label('container')} only applies to target container (the target is ${kind})`,
      'Drop it, or use --target container.',
    );
  }

  const backupOn = inputs.source === 'action' ? inputs.boolean('backup', true) : !inputs.boolean('no-backup', false);
  let backup: { dir: string } | undefined;
  if (backupOn) {
    const dir = inputs.string('backup-dir') ?? (kind === 'container' ? DEFAULT_CONTAINER_BACKUP_DIR : undefined);
    if (!dir) {
      throw new AzaError(
        'INVALID_INPUT',
        `The pre-promotion backup needs a directory for target ${kind} (${inputs.label('backup-dir')})`,
        `Pass ${inputs.label('backup-dir')} DIR (a directory on this machine), or skip the backup with ${inputs.source === 'action' ? 'input backup: false' : '-n'}.`,
      );
    }
    backup = { dir: absolute(dir, `The backup directory (${inputs.label('backup-dir')})`, 'Write it as /backup.') };
  }

  const confirmed = inputs.source === 'action' ? (inputs.string('confirm') ?? '').toLowerCase() === 'yes' : inputs.boolean('yes', false);

  const oldContainer = inputs.verbatim('old-primary-container');
  const oldUri = inputs.string('old-primary');
  if (oldContainer !== undefined && oldUri !== undefined) {
    throw new AzaError(
      'USAGE',
      `Name the old primary once: ${inputs.label('old-primary-container')} or ${inputs.label('old-primary')}`,
      'Give one of the two.',
    );
  }
  let oldPrimary: OldPrimarySpec | undefined;
  if (oldContainer !== undefined) oldPrimary = { kind: 'container', container: oldContainer };
  else if (oldUri !== undefined) {
    parseConnectionUri(oldUri); // validates, with the URI's own error
    // Only the URI and the libpq password/passfile: the replica's host/port must not leak into it.
    oldPrimary = {
      kind: 'connection',
      connection: resolveConnection({ uri: oldUri, env: { PGPASSWORD: env.PGPASSWORD, PGPASSFILE: env.PGPASSFILE } }),
    };
  }

  const maxLagText = inputs.string('max-lag') ?? '16MB';
  const maxLagBytes = parseByteSize(maxLagText);
  if (maxLagBytes === undefined) {
    throw new AzaError(
      'INVALID_INPUT',
      `Invalid ${inputs.label('max-lag')} "${maxLagText}": expected a size such as 0, 512kB, 16MB or 1GB`,
    );
  }
  const restart = inputs.boolean('restart', false);
  if (restart && kind === 'connection') {
    throw new AzaError(
      'USAGE',
      `${inputs.label('restart')} is not possible over a connection`,
      'Restart the server on its host, or use target container or data-dir.',
    );
  }

  return {
    target,
    backup,
    confirmed,
    oldPrimary,
    force: inputs.boolean('force', false),
    maxLagBytes,
    catchupTimeoutSeconds: inputs.durationSeconds('catchup-timeout', DEFAULT_CATCHUP_TIMEOUT_SECONDS)!,
    promoteWaitSeconds: Math.max(1, inputs.durationSeconds('wait-timeout', DEFAULT_PROMOTE_WAIT_SECONDS)!),
    restart,
    verifyTimeoutSeconds: VERIFY_TIMEOUT_SECONDS,
    dryRun: inputs.boolean('dry-run', false),
    dataDirExplicit: dataDirInput !== undefined,
  };
}
