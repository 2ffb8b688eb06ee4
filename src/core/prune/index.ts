/** The prune operation: the retention policy over a backup directory (and the backup artifacts). */
import type { Operation } from '../operation.js';
import { objectStoreSecrets } from '../object-store/index.js';
import { gatherPruneFacts } from './facts.js';
import { describePrune, planPrune, type PruneFacts, type PrunePlan } from './plan.js';
import { plannedPruneOutputs, plannedPruneSummary, pruneOutputs, pruneSummary } from './report.js';
import { runPrune, type PruneResult } from './run.js';
import { PRUNE_OPTIONS, pruneSettings, type PruneSettings } from './settings.js';

export const prune: Operation<PruneSettings, PruneFacts, PrunePlan, PruneResult> = {
  name: 'prune',
  description:
    'Delete old backups by a retention policy (7 daily, 4 weekly, 12 monthly) in a directory and among the backup artifacts; incomplete ones never count.',
  branding: { icon: 'scissors', color: 'blue' },
  options: PRUNE_OPTIONS,
  outputSpecs: [
    { name: 'dry-run', description: 'true when nothing was deleted and the lists say what a run would do' },
    { name: 'kept', description: 'JSON list of the kept backups: name, database, startedAt, rules (daily, weekly, monthly, last, floor)' },
    { name: 'deleted', description: 'JSON list of the names deleted (dry run: that would be deleted)' },
    { name: 'incomplete', description: 'JSON list of incomplete backups and leftovers: name, kind, reason, deleted' },
    { name: 'bytes-freed', description: 'Bytes freed in the directory (dry run: that would be freed)' },
    { name: 'artifacts-kept', description: 'JSON list of the kept backup artifacts: id, name, createdAt, rules' },
    { name: 'artifacts-deleted', description: 'JSON list of the deleted backup artifacts (dry run: that would be deleted): id, name' },
  ],
  cli: {
    usage: 'aza-pg prune <directory> [options]',
    examples: [
      'aza-pg prune /var/backups/pg                      # lists what the policy keeps and would delete',
      'aza-pg prune /var/backups/pg --confirm            # deletes',
      'aza-pg prune /var/backups/pg --keep-daily 14 --keep-monthly off --min-keep 3 --confirm',
      'aza-pg prune /var/backups/pg --deep --delete-incomplete --incomplete-grace 48h --confirm',
      'AWS_ENDPOINT_URL=https://minio.example.com aza-pg prune s3://backups/postgresql/ --delete-incomplete --confirm',
    ],
    done: (r) => `✓ Pruned: ${r.kept.length} kept, ${r.deleted.length} deleted`,
  },
  settings: pruneSettings,
  secrets: (s) => [s.artifacts?.token, ...objectStoreSecrets(s.bucket?.store)],
  gather: gatherPruneFacts,
  plan: planPrune,
  describe: describePrune,
  run: runPrune,
  outputs: pruneOutputs,
  plannedOutputs: plannedPruneOutputs,
  summary: pruneSummary,
  plannedSummary: plannedPruneSummary,
};

export { PRUNE_OPTIONS, pruneSettings, type PruneSettings } from './settings.js';
export { planPrune, type PruneFacts, type PrunePlan } from './plan.js';
export type { PruneResult } from './run.js';
