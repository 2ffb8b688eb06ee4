/**
 * The drill's inputs: a staging trio (or pair) of PostgreSQL nodes — containers, local data
 * directories or connections — the bound on how far the candidate may lag, and consent. Validated
 * once for both faces; nothing here touches Docker or a server.
 */
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import { describeConnection, parseConnectionUri, resolveConnection } from '../pg.js';
import { TARGET_KINDS, type TargetKind, type TargetSpec } from '../target.js';

export const DEFAULT_DATA_DIR = '/var/lib/postgresql/data';

export const DRILL_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'target',
    description:
      'What the nodes are: container (Docker containers, stopped with docker stop), data-dir (local data directories, stopped with pg_ctl stop -m fast as their owner) or connection (postgresql:// URIs; the drill cannot stop such a server: it waits for the primary to be down)',
    default: 'container',
  },
  {
    name: 'primary',
    description: 'The current primary (a container name, a data directory, or a postgresql:// URI without password): fenced by the drill',
    required: true,
  },
  { name: 'candidate', description: 'The replica the drill promotes (same kind as primary)', required: true },
  {
    name: 'replicas',
    description: 'The other replicas, comma separated: re-pointed to the new primary, and checked to stream from it',
    defaultText: 'none (a pair)',
  },
  {
    name: 'rejoin',
    description:
      'Rejoin the old primary as a replica of the new one with pg_rewind (needs wal_log_hints or data checksums on it: checked before fencing; not over a connection)',
    flag: true,
    default: false,
  },
  { name: 'data-dir', description: 'Data directory inside the containers (target container)', default: DEFAULT_DATA_DIR },
  {
    name: 'max-catchup',
    description: 'How long the candidate may take to replay the canary row (30s, 2m); longer and the drill stops before fencing, untouched',
    default: '30s',
  },
  {
    name: 'fence-timeout',
    description:
      'How long stopping the old primary may take (docker stop -t, pg_ctl stop -t; target connection: how long to wait for it to go down)',
    default: '30s',
  },
  { name: 'stream-timeout', description: 'How long a re-pointed replica may take to stream from the new primary', default: '60s' },
  { name: 'user', description: 'Database role for SQL (target connection: the URIs name it, else PGUSER)', defaultText: 'postgres' },
  {
    name: 'password',
    description: 'target connection: the password of the nodes; pass a secret. Never in the URIs (they are shown in logs and outputs)',
    defaultText: 'PGPASSWORD or ~/.pgpass',
    secret: true,
    only: 'action',
  },
  { name: 'database', description: 'Database the canary table is written in', default: 'postgres' },
  { name: 'yes', short: 'y', description: 'Skip the confirmation prompt', flag: true, default: false, only: 'cli' },
  { name: 'confirm', description: 'Must be "yes": a workflow has no terminal to confirm a failover in', only: 'action' },
  { name: 'dry-run', description: 'Check the nodes and print the plan; change nothing', flag: true, default: false },
];

export interface DrillSettings {
  kind: TargetKind;
  /** Nodes by the name the drill shows them under (container, data directory, user@host:port/db). */
  primary: string;
  candidate: string;
  replicas: string[];
  /** How to reach each node, by its name. */
  nodes: Record<string, TargetSpec>;
  rejoin: boolean;
  /** Inside the containers (target container). */
  dataDir: string;
  maxCatchupSeconds: number;
  fenceTimeoutSeconds: number;
  streamTimeoutSeconds: number;
  user: string;
  database: string;
  /** target connection: the nodes' password (from input password or PGPASSWORD). */
  password: string | undefined;
  confirmed: boolean;
  dryRun: boolean;
}

function absolute(path: string, what: string): string {
  if (!path.startsWith('/'))
    throw new AzaError('INVALID_INPUT', `${what} "${path}" is not absolute`, 'Write it as /var/lib/postgresql/data.');
  return path.replace(/(.)\/+$/, '$1');
}

export function drillSettings(inputs: Inputs, env: NodeJS.ProcessEnv = {}): DrillSettings {
  const kind: TargetKind = inputs.oneOf('target', TARGET_KINDS)!;
  const database = inputs.stringOrDefault('database')!;
  const user = inputs.string('user') ?? (kind === 'connection' ? undefined : 'postgres');
  const password = kind === 'connection' ? (inputs.verbatim('password') ?? (env.PGPASSWORD || undefined)) : undefined;
  // An action's input carries its default from action.yml: only another value is a mistake.
  if (kind !== 'container' && inputs.has('data-dir') && inputs.string('data-dir') !== DEFAULT_DATA_DIR) {
    throw new AzaError(
      'USAGE',
      `${inputs.label('data-dir')} only applies to target container (the target is ${kind})`,
      kind === 'data-dir' ? 'Name the data directories themselves as primary, candidate and replicas.' : 'Drop it.',
    );
  }
  const dataDir = absolute(inputs.stringOrDefault('data-dir')!, 'The data directory');

  const node = (value: string, option: string): [string, TargetSpec] => {
    if (kind === 'container') return [value, { kind, container: value, dataDir, user: user!, database }];
    if (kind === 'data-dir') {
      const dir = absolute(value, `The data directory of ${inputs.label(option)}`);
      return [dir, { kind, dataDir: dir, user: user!, database }];
    }
    if (!/^postgres(ql)?:\/\//.test(value)) {
      throw new AzaError(
        'INVALID_INPUT',
        `${inputs.label(option)} must be a postgresql:// URI for target connection`,
        'Write it as postgresql://user@host:port/database, the password in PGPASSWORD (input password).',
      );
    }
    const fromUri = parseConnectionUri(value);
    if (fromUri.password !== undefined) {
      throw new AzaError(
        'INVALID_INPUT',
        `${inputs.label(option)} holds a password: node URIs are shown in logs, outputs and the summary`,
        'Drop the password from the URI and give it in PGPASSWORD or ~/.pgpass (input password in a workflow).',
      );
    }
    // Only the libpq variables that say how to authenticate: the URI says where the node is.
    const connection = resolveConnection({
      uri: value,
      env: { PGUSER: env.PGUSER, PGPASSFILE: env.PGPASSFILE, PGSSLMODE: env.PGSSLMODE, PGSSLROOTCERT: env.PGSSLROOTCERT },
      inputs: { user: fromUri.user ?? user, password, database: fromUri.database ?? database },
    });
    return [describeConnection(connection), { kind, connection }];
  };

  const primary = node(inputs.required('primary', 'Name the current primary.').trim(), 'primary');
  const candidate = node(inputs.required('candidate', 'Name the replica to promote.').trim(), 'candidate');
  const replicas = inputs.list('replicas').map((r) => node(r, 'replicas'));
  const all = [primary, candidate, ...replicas].map(([name]) => name);
  const twice = all.find((n, i) => all.indexOf(n) !== i);
  if (twice !== undefined) {
    throw new AzaError(
      'INVALID_INPUT',
      `The node ${twice} is named twice among ${inputs.label('primary')}, ${inputs.label('candidate')} and ${inputs.label('replicas')}`,
      'Each node of the drill is named once: the primary, the candidate, and the other replicas.',
    );
  }
  const confirmed = inputs.source === 'action' ? (inputs.string('confirm') ?? '').toLowerCase() === 'yes' : inputs.boolean('yes');
  return {
    kind,
    primary: primary[0],
    candidate: candidate[0],
    replicas: replicas.map(([name]) => name),
    nodes: Object.fromEntries([primary, candidate, ...replicas]),
    rejoin: inputs.boolean('rejoin'),
    dataDir,
    maxCatchupSeconds: inputs.durationSeconds('max-catchup')!,
    fenceTimeoutSeconds: Math.max(1, inputs.durationSeconds('fence-timeout')!),
    streamTimeoutSeconds: Math.max(1, inputs.durationSeconds('stream-timeout')!),
    user: user ?? 'postgres',
    database,
    password,
    confirmed,
    dryRun: inputs.boolean('dry-run'),
  };
}
