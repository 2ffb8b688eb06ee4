/** The backup operation: pg_dump into a verified, compressed file with its manifest written last. */
import type { Operation } from '../operation.js';
import { connectionSecrets } from '../pg.js';
import { objectStoreSecrets } from '../object-store/settings.js';
import { keySecrets } from '../signing.js';
import { gatherBackupFacts } from './facts.js';
import { describeBackup, planBackup, type BackupFacts, type BackupPlan } from './plan.js';
import { backupOutputs, backupSummary, plannedBackupOutputs } from './report.js';
import { runBackup, type BackupResult } from './run.js';
import { BACKUP_OPTIONS, backupSettings, type BackupSettings } from './settings.js';

export const backup: Operation<BackupSettings, BackupFacts, BackupPlan, BackupResult> = {
  name: 'backup',
  description: 'Back up a database with pg_dump into a verified, compressed file with a manifest.',
  branding: { icon: 'database', color: 'blue' },
  options: BACKUP_OPTIONS,
  outputSpecs: [
    { name: 'path', description: 'Path of the backup file (or directory, for the directory format)' },
    { name: 'manifest-path', description: 'Path of the manifest written beside it (<file>.manifest.json), the completion marker' },
    { name: 'size-bytes', description: 'Size of the backup in bytes' },
    { name: 'sha256', description: 'SHA-256 of the backup file (directory format: of its sorted per-file checksums)' },
    { name: 'duration-seconds', description: 'Duration of the whole backup in seconds' },
    { name: 'artifact-id', description: 'Id of the uploaded workflow artifact (when upload-artifact is true)' },
    { name: 'object-url', description: 's3:// URL of the backup object (with an s3:// output)' },
    { name: 'manifest-url', description: 's3:// URL of its manifest object, written last (with an s3:// output)' },
  ],
  cli: {
    usage: 'aza-pg backup [database] [output] [options]',
    examples: [
      'aza-pg backup                                  # database postgres, auto-named .sql.gz',
      'aza-pg backup mydb backup.sql.gz',
      'aza-pg backup mydb --format directory --jobs 4',
      'AWS_ENDPOINT_URL=https://minio.example.com aza-pg backup mydb s3://backups/postgresql/ --s3-mode stream',
      'PGHOST=db.example.com PGUSER=admin PGPASSWORD=secret aza-pg backup production prod_backup.sql.gz',
    ],
    done: (r) => `✓ Backup written: ${r.path}`,
  },
  settings: backupSettings,
  secrets: (s) => [
    ...connectionSecrets(s.connection),
    ...keySecrets(s.signingKey ? [s.signingKey] : []),
    ...objectStoreSecrets(s.bucket?.store),
  ],
  gather: gatherBackupFacts,
  plan: planBackup,
  describe: describeBackup,
  run: runBackup,
  outputs: backupOutputs,
  plannedOutputs: plannedBackupOutputs,
  summary: backupSummary,
  // No session waits idle on the server while a person answers; the run opens its own then.
  beforePrompt: (facts) => closeHeld(facts),
  release: (facts) => closeHeld(facts),
};

function closeHeld(facts: BackupFacts): void {
  const session = facts.held?.session;
  if (!facts.held || !session) return;
  facts.held.session = undefined;
  void session.close().catch(() => {});
}

export { BACKUP_OPTIONS, backupSettings, type BackupSettings } from './settings.js';
export { planBackup, describePlan, type BackupPlan, type BackupFacts } from './plan.js';
export type { BackupResult } from './run.js';
