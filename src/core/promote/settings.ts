/**
 * What the user asked for, validated once for both faces: the option table (action inputs and CLI
 * flags share names, plus the spec's short flags -c -d -n -y) and the function that turns inputs
 * and the environment into typed settings. Nothing here touches Docker, files or servers.
 */
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import { parseConnectionUri, resolveConnection, type Connection } from '../pg.js';
import { TARGET_KINDS, type TargetKind, type TargetSpec } from '../target.js';
import { CONNECTION_OPTIONS, clientBinDir, connectionSettings } from '../connection-options.js';

/** The spec's defaults. */
export const DEFAULT_CONTAINER = 'postgres-replica';
export const DEFAULT_DATA_DIR = '/var/lib/postgresql/data';
export const DEFAULT_CONTAINER_BACKUP_DIR = '/backup';
/** The spec waits at most 30 s for the promoted server. */
export const VERIFY_TIMEOUT_SECONDS = 30;
export const DEFAULT_PROMOTE_WAIT_SECONDS = 60;
export const DEFAULT_CATCHUP_TIMEOUT_SECONDS = 60;
/** One WAL segment: what an idle but fenced primary may still write (checkpoints, switches). */
export const DEFAULT_MAX_LAG = '16MB';

/** The connection options, for target connection (user also names the role for the other targets). */
const PROMOTE_CONNECTION_OPTIONS: readonly OptionSpec[] = CONNECTION_OPTIONS.map((o) =>
  o.name === 'user'
    ? { ...o, description: 'Database role (PGUSER for target connection)', defaultText: 'postgres' }
    : o.name === 'pg-bin-dir'
      ? o
      : { ...o, description: `target connection: ${o.description.charAt(0).toLowerCase()}${o.description.slice(1)}` },
);

export const PROMOTE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'target',
    description:
      'How to reach the replica: container (docker exec), data-dir (a local data directory, pg_ctl promote as its owner) or connection (SELECT pg_promote over host/port/user/password)',
    default: 'container',
  },
  {
    name: 'container',
    short: 'c',
    description: 'target container: the replica container',
    defaultText: `${DEFAULT_CONTAINER} or $POSTGRES_CONTAINER_NAME`,
  },
  {
    name: 'data-dir',
    short: 'd',
    description:
      "The replica's data directory: inside the container (target container; a server using another one than the default is followed with a note, while an explicit value that differs is refused) or on this machine (target data-dir, required there)",
    defaultText: `${DEFAULT_DATA_DIR} (target container)`,
  },
  { name: 'no-backup', short: 'n', description: 'Skip the pre-promotion backup', flag: true, default: false, only: 'cli' },
  {
    name: 'backup',
    description: 'Take a pg_basebackup of the replica before promoting it. A failed backup is a warning; the promotion continues',
    default: true,
    only: 'action',
  },
  {
    name: 'backup-dir',
    description:
      'Directory the pre-promotion backup goes into, as pre-promotion-backup-<UTC timestamp>: inside the container for target container; a directory on this machine for data-dir and connection (required there unless the backup is off)',
    defaultText: `${DEFAULT_CONTAINER_BACKUP_DIR} (target container)`,
  },
  { name: 'yes', short: 'y', description: 'Skip the confirmation prompt (DANGEROUS)', flag: true, default: false, only: 'cli' },
  {
    name: 'confirm',
    description: 'Must be "yes". Promotion is a one-way operation and a workflow has no terminal to confirm it in',
    required: true,
    only: 'action',
  },
  {
    name: 'old-primary-container',
    description: 'The old primary container. While it runs and accepts writes, promotion is refused (split-brain guard)',
  },
  {
    name: 'old-primary',
    description: 'The old primary as a postgresql:// URI (use a secret). While it accepts writes, promotion is refused (split-brain guard)',
    secret: true,
  },
  {
    name: 'force',
    description: 'Promote even though the old primary still accepts writes. Only when it is fenced off from every client',
    flag: true,
    default: false,
  },
  {
    name: 'max-lag',
    description: 'Refuse when the replica is further behind the reachable old primary than this: bytes, or 512kB, 16MB, 1GB',
    default: DEFAULT_MAX_LAG,
  },
  {
    name: 'catchup-timeout',
    description: 'How long to wait for replay to reach the WAL the replica already received (30s, 5m). Refused when it does not',
    default: `${DEFAULT_CATCHUP_TIMEOUT_SECONDS}s`,
  },
  {
    name: 'wait-timeout',
    description: 'How long pg_promote / pg_ctl promote may take',
    default: `${DEFAULT_PROMOTE_WAIT_SECONDS}s`,
  },
  {
    name: 'restart',
    description:
      'Restart the server after promotion, as the spec script does. Off by default: promotion needs no restart, and a restart is downtime for every client',
    flag: true,
    default: false,
  },
  { name: 'database', description: 'Database to connect to', default: 'postgres' },
  { name: 'dry-run', description: 'Run the checks and print the plan; change nothing', flag: true, default: false },
  ...PROMOTE_CONNECTION_OPTIONS,
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
export function promoteSettings(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string = process.cwd()): PromoteSettings {
  const kind: TargetKind = inputs.oneOf('target', TARGET_KINDS)!;
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
    target = { kind, container, dataDir, user: user!, database: database ?? inputs.stringOrDefault('database')! };
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
      database: database ?? inputs.stringOrDefault('database')!,
      ...(inputs.string('pg-bin-dir') ? { pgBinDir: inputs.string('pg-bin-dir')! } : {}),
    };
  } else {
    const connection = connectionSettings(inputs, env, database);
    target = { kind, connection, ...(clientBinDir(inputs, cwd) !== undefined ? { pgBinDir: clientBinDir(inputs, cwd)! } : {}) };
  }
  if (kind !== 'container' && inputs.has('container')) {
    throw new AzaError(
      'USAGE',
      `${inputs.label('container')} only applies to target container (the target is ${kind})`,
      'Drop it, or use --target container.',
    );
  }

  const backupOn = inputs.source === 'action' ? inputs.boolean('backup') : !inputs.boolean('no-backup');
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

  const confirmed = inputs.source === 'action' ? (inputs.string('confirm') ?? '').toLowerCase() === 'yes' : inputs.boolean('yes');

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

  const maxLagText = inputs.stringOrDefault('max-lag')!;
  const maxLagBytes = parseByteSize(maxLagText);
  if (maxLagBytes === undefined) {
    throw new AzaError(
      'INVALID_INPUT',
      `Invalid ${inputs.label('max-lag')} "${maxLagText}": expected a size such as 0, 512kB, 16MB or 1GB`,
    );
  }
  const restart = inputs.boolean('restart');
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
    force: inputs.boolean('force'),
    maxLagBytes,
    catchupTimeoutSeconds: inputs.durationSeconds('catchup-timeout')!,
    promoteWaitSeconds: Math.max(1, inputs.durationSeconds('wait-timeout')!),
    restart,
    verifyTimeoutSeconds: VERIFY_TIMEOUT_SECONDS,
    dryRun: inputs.boolean('dry-run'),
    dataDirExplicit: dataDirInput !== undefined,
  };
}
