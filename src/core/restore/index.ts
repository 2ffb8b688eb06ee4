/** The restore operation: a checked backup into a database, atomically by default (see docs/restore.md). */
import type { Operation } from '../operation.js';
import { connectionSecrets } from '../pg.js';
import { keySecrets } from '../signing.js';
import { objectStoreSecrets } from '../object-store/index.js';
import { describeRestore } from './describe.js';
import { gatherRestoreFacts } from './gather.js';
import { planRestore, type RestoreFacts, type RestorePlan } from './plan.js';
import { plannedRestoreOutputs, restoreDone, restoreOutputs, restoreSummary } from './report.js';
import { runRestore, type RestoreResult } from './run.js';
import { RESTORE_OPTIONS, restoreSettings, type RestoreSettings } from './settings.js';

export const restore: Operation<RestoreSettings, RestoreFacts, RestorePlan, RestoreResult> = {
  name: 'restore',
  description:
    'Restore a PostgreSQL database from a backup (plain SQL, gzip, zstd, custom or directory archive). Checks the whole file and its manifest first; atomic by default: the target is swapped only after a successful load and row-count check.',
  branding: { icon: 'rotate-ccw', color: 'orange' },
  options: RESTORE_OPTIONS,
  outputSpecs: [
    { name: 'database', description: 'The restored database.' },
    { name: 'tables', description: 'Number of tables in the restored database.' },
    { name: 'rows', description: 'Total rows in them (exact unless row-counts says otherwise).' },
    { name: 'duration-seconds', description: 'Wall time of the whole operation.' },
    { name: 'mode', description: 'The mode used.' },
    {
      name: 'previous-database',
      description: 'atomic with keep-previous: the name the replaced database was kept under; empty otherwise.',
    },
    { name: 'backup-before-path', description: 'The backup taken before the restore (backup-before); empty otherwise.' },
    { name: 'format', description: 'The detected backup format: plain, custom, directory or tar.' },
    { name: 'sha256', description: 'SHA-256 of the backup (directory: of its sorted per-file checksums).' },
  ],
  cli: {
    usage: 'aza-pg restore <backup> [database] [options]',
    examples: [
      'aza-pg restore backup.sql.gz                      # into database postgres, asks first',
      'aza-pg restore backup.sql.gz mydb',
      'PGHOST=db.example.com PGUSER=admin PGPASSWORD=secret aza-pg restore backup.sql.gz production',
      'aza-pg restore backup.dump staging --jobs 8 --terminate-connections -y',
      'aza-pg restore backup.sql.gz mydb --backup-before --keep-previous false',
    ],
    done: restoreDone,
  },
  settings: restoreSettings,
  secrets: (s) => [...connectionSecrets(s.connection), ...keySecrets(s.verifyKeys ?? []), ...objectStoreSecrets(s.store)],
  gather: gatherRestoreFacts,
  plan: planRestore,
  describe: describeRestore,
  run: runRestore,
  outputs: restoreOutputs,
  plannedOutputs: plannedRestoreOutputs,
  summary: restoreSummary,
  // A person may take a while to answer: no session but the lock's waits idle on the server
  // meanwhile (the lock stays, so no other restore of the target starts while they read the plan).
  beforePrompt: (facts) => void facts.maintenance.close().catch(() => {}),
  release: (facts) => {
    facts.bucket?.close();
    void Promise.all([facts.maintenance.close(), facts.lock?.release()]).catch(() => {});
  },
};

export * from './settings.js';
export * from './plan.js';
export { describeRestore, describePlan, confirmationLines } from './describe.js';
export { inspectBackup, detectFormat, psqlKnowsRestrict, parseTocList, type BackupInspection, type RestoreFormat } from './inspect.js';
export { loadFailure } from './load-errors.js';
export { restoreSummary } from './report.js';
export { RestoreFailed, type RestoreResult } from './run.js';
