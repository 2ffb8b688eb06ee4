/**
 * The drill's inputs: a staging trio (or pair) of PostgreSQL containers, the bound on how far the
 * candidate may lag, and consent. Validated once for both faces; nothing here touches Docker.
 */
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';

export const DEFAULT_DATA_DIR = '/var/lib/postgresql/data';

export const DRILL_OPTIONS: readonly OptionSpec[] = [
  { name: 'primary', description: 'Container of the current primary: fenced (stopped) by the drill', required: true },
  { name: 'candidate', description: 'Container of the replica the drill promotes', required: true },
  {
    name: 'replicas',
    description: 'Containers of the other replicas, comma separated: re-pointed to the new primary, and checked to stream from it',
    defaultText: 'none (a pair)',
  },
  {
    name: 'rejoin',
    description:
      'Rejoin the old primary as a replica of the new one with pg_rewind (needs wal_log_hints or data checksums on it: checked before fencing)',
    flag: true,
    default: false,
  },
  { name: 'data-dir', description: 'Data directory inside the containers', default: DEFAULT_DATA_DIR },
  {
    name: 'max-catchup',
    description: 'How long the candidate may take to replay the canary row (30s, 2m); longer and the drill stops before fencing, untouched',
    default: '30s',
  },
  { name: 'fence-timeout', description: 'How long stopping the old primary may take (docker stop -t)', default: '30s' },
  { name: 'stream-timeout', description: 'How long a re-pointed replica may take to stream from the new primary', default: '60s' },
  { name: 'user', description: 'Database role for SQL inside the containers', default: 'postgres' },
  { name: 'database', description: 'Database the canary table is written in', default: 'postgres' },
  { name: 'yes', short: 'y', description: 'Skip the confirmation prompt', flag: true, default: false, only: 'cli' },
  { name: 'confirm', description: 'Must be "yes": a workflow has no terminal to confirm a failover in', only: 'action' },
  { name: 'dry-run', description: 'Check the nodes and print the plan; change nothing', flag: true, default: false },
];

export interface DrillSettings {
  primary: string;
  candidate: string;
  replicas: string[];
  rejoin: boolean;
  dataDir: string;
  maxCatchupSeconds: number;
  fenceTimeoutSeconds: number;
  streamTimeoutSeconds: number;
  user: string;
  database: string;
  confirmed: boolean;
  dryRun: boolean;
}

export function drillSettings(inputs: Inputs): DrillSettings {
  const primary = inputs.required('primary', 'Name the container of the current primary.').trim();
  const candidate = inputs.required('candidate', 'Name the container of the replica to promote.').trim();
  const replicas = inputs.list('replicas');
  const all = [primary, candidate, ...replicas];
  const twice = all.find((n, i) => all.indexOf(n) !== i);
  if (twice !== undefined) {
    throw new AzaError(
      'INVALID_INPUT',
      `The container ${twice} is named twice among ${inputs.label('primary')}, ${inputs.label('candidate')} and ${inputs.label('replicas')}`,
      'Each node of the drill is one container: the primary, the candidate, and the other replicas.',
    );
  }
  const dataDir = inputs.stringOrDefault('data-dir')!;
  if (!dataDir.startsWith('/')) {
    throw new AzaError('INVALID_INPUT', `The data directory "${dataDir}" is not absolute`, 'Write it as /var/lib/postgresql/data.');
  }
  const confirmed = inputs.source === 'action' ? (inputs.string('confirm') ?? '').toLowerCase() === 'yes' : inputs.boolean('yes');
  return {
    primary,
    candidate,
    replicas,
    rejoin: inputs.boolean('rejoin'),
    dataDir,
    maxCatchupSeconds: inputs.durationSeconds('max-catchup')!,
    fenceTimeoutSeconds: Math.max(1, inputs.durationSeconds('fence-timeout')!),
    streamTimeoutSeconds: Math.max(1, inputs.durationSeconds('stream-timeout')!),
    user: inputs.stringOrDefault('user')!,
    database: inputs.stringOrDefault('database')!,
    confirmed,
    dryRun: inputs.boolean('dry-run'),
  };
}
