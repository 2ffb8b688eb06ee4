/**
 * Prune settings: one option table for the action inputs and the CLI flags. The command line is a
 * dry run unless --confirm is given; the action is a dry run unless dry-run is false.
 */
import { resolve } from 'node:path';
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import type { RetentionPolicy } from './policy.js';
import { isObjectUrl, OBJECT_STORE_OPTIONS, objectStoreSettings, parseObjectUrl } from '../object-store/index.js';
import { asPrefix } from '../bucket-catalog.js';
import type { PruneBucket } from './bucket.js';

export const DEFAULT_ARTIFACT_PREFIX = 'backup_';
/** A day: a backup that has not finished within it was killed. */
export const DEFAULT_GRACE_SECONDS = 24 * 3600;

export const PRUNE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'directory',
    description:
      'Directory holding the backups, or a prefix in a bucket (`s3://bucket/prefix/`). Only its own entries are looked at (never subfolders, never through symbolic links), and only names aza-pg backup gives. In a bucket, open multipart uploads (killed streaming backups) are incomplete entries too',
    positional: 0,
    defaultText: 'no directory; the action prunes artifacts only (needs github-token)',
  },
  {
    name: 'keep-daily',
    description:
      'Keep the newest complete backup of each of the last N UTC days that have one, by the start time in its manifest (off: rule off; 0 is refused)',
    default: 7,
  },
  { name: 'keep-weekly', description: 'Keep the newest backup of each of the last N ISO weeks that have one (off: rule off)', default: 4 },
  { name: 'keep-monthly', description: 'Keep the newest backup of each of the last N months that have one (off: rule off)', default: 12 },
  { name: 'keep-last', description: 'Also keep the newest N backups whatever their date', defaultText: 'off' },
  {
    name: 'min-keep',
    description: 'Floor: never fewer than N complete backups per database; fewer existing is an error',
    defaultText: 'off',
  },
  {
    name: 'deep',
    description: 'Check each backup against the sha256 in its manifest (reads every byte), not only its size',
    default: false,
    flag: true,
  },
  {
    name: 'delete-incomplete',
    description:
      'Also delete incomplete backups (no manifest, or one that does not match) and leftovers of killed runs (.<name>.partial-*) older than incomplete-grace; without it they are listed and left in place',
    default: false,
    flag: true,
  },
  {
    name: 'incomplete-grace',
    description: 'Age (by modification time) before an incomplete backup or leftover may be deleted: 90s, 30m, 24h',
    default: `${DEFAULT_GRACE_SECONDS / 3600}h`,
  },
  { name: 'confirm', description: 'Delete; without it the command only lists what it would do', default: false, flag: true, only: 'cli' },
  {
    name: 'dry-run',
    description: 'List what would be kept and deleted; delete nothing. Set to false to delete',
    default: true,
    only: 'action',
  },
  {
    name: 'github-token',
    description:
      "Token allowed to list and delete the repository's artifacts (permissions: actions: write; secrets.GITHUB_TOKEN); with it, the backup artifacts of every run are pruned by the same policy, by their creation time",
    secret: true,
    only: 'action',
  },
  {
    name: 'artifact-prefix',
    description: 'Only artifacts whose name starts with this are backups under the policy',
    default: DEFAULT_ARTIFACT_PREFIX,
    only: 'action',
  },
  ...OBJECT_STORE_OPTIONS,
];

export interface PruneSettings {
  /** Absolute, or the s3:// URL of the prefix; undefined when only artifacts are pruned. */
  directory?: string;
  /** The directory is a prefix in a bucket. */
  bucket?: PruneBucket;
  policy: RetentionPolicy;
  deep: boolean;
  deleteIncomplete: boolean;
  incompleteGraceSeconds: number;
  dryRun: boolean;
  artifacts?: { prefix: string; token: string };
}

export function pruneSettings(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): PruneSettings {
  const policy: RetentionPolicy = {};
  const set = (key: keyof RetentionPolicy, name: string): void => {
    const n = keepCount(inputs, name);
    if (n !== undefined) policy[key] = n;
  };
  set('daily', 'keep-daily');
  set('weekly', 'keep-weekly');
  set('monthly', 'keep-monthly');
  set('last', 'keep-last');
  set('minKeep', 'min-keep');
  if (!policy.daily && !policy.weekly && !policy.monthly && !policy.last) {
    throw new AzaError(
      'INVALID_INPUT',
      'Every keep rule is off: the policy would delete every backup',
      `Switch on at least one of ${['keep-daily', 'keep-weekly', 'keep-monthly', 'keep-last'].map((n) => inputs.label(n)).join(', ')}.`,
    );
  }

  const dir = inputs.string('directory');
  const token = inputs.string('github-token');
  const prefix = inputs.stringOrDefault('artifact-prefix') ?? DEFAULT_ARTIFACT_PREFIX;
  if (dir === undefined && token === undefined) {
    throw new AzaError(
      'INVALID_INPUT',
      `Missing ${inputs.label('directory')}: the directory whose backups to prune`,
      inputs.source === 'cli' ? 'Usage: aza-pg prune <directory> [options]' : 'Set directory (or github-token to prune backup artifacts).',
    );
  }
  const grace = inputs.durationSeconds('incomplete-grace', DEFAULT_GRACE_SECONDS)!;
  const dryRun = inputs.source === 'cli' ? !inputs.boolean('confirm') : inputs.boolean('dry-run');
  const url = isObjectUrl(dir) ? parseObjectUrl(dir!, inputs.label('directory')) : undefined;
  if (url && inputs.boolean('deep')) {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('deep')} reads every byte of every backup: not offered for a bucket`,
      `Drop ${inputs.label('deep')}; in a bucket each object's size is checked against its manifest (restore and verify check the sha256).`,
    );
  }
  const bucket = url ? { bucket: url.bucket, prefix: asPrefix(url.key), store: objectStoreSettings(inputs, env) } : undefined;
  return {
    ...(dir !== undefined ? { directory: bucket ? `s3://${bucket.bucket}/${bucket.prefix}` : resolve(cwd, dir) } : {}),
    ...(bucket ? { bucket } : {}),
    policy,
    deep: inputs.boolean('deep'),
    deleteIncomplete: inputs.boolean('delete-incomplete'),
    incompleteGraceSeconds: grace,
    dryRun,
    ...(token !== undefined ? { artifacts: { prefix, token } } : {}),
  };
}

/** A keep count: a whole number of at least 1, or "off". Zero is refused: it reads as "keep none". */
function keepCount(inputs: Inputs, name: string): number | undefined {
  if (inputs.string(name)?.toLowerCase() === 'off') return undefined;
  return inputs.integer(name, {
    min: 1,
    hint: `A keep count is 1 or more; 0 would keep nothing. To switch the rule off, give off${name === 'min-keep' ? ' (or leave it empty)' : ''}.`,
  });
}
