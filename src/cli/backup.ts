/** `aza-pg backup [database] [output]`: the spec's backup-postgres.ts, plus formats and checks. */
import { backupSettings, BACKUP_OPTIONS } from '../core/backup/settings.js';
import { runBackup } from '../core/backup/run.js';
import { runCommand, type CommandSpec } from './face.js';

export const backupSpec: CommandSpec = {
  name: 'backup',
  usage: 'aza-pg backup [database] [output] [options]',
  summary: 'Back up a database with pg_dump into a verified, compressed file with a manifest.',
  options: BACKUP_OPTIONS.filter((o) => o.name !== 'database' && o.name !== 'output'),
  maxPositionals: 2,
  examples: [
    'aza-pg backup                                  # database postgres, auto-named .sql.gz',
    'aza-pg backup mydb backup.sql.gz',
    'aza-pg backup mydb --format directory --jobs 4',
    'PGHOST=db.example.com PGUSER=admin PGPASSWORD=secret aza-pg backup production prod_backup.sql.gz',
  ],
};

export const backupCommand = {
  spec: backupSpec,
  main: (argv: readonly string[]) =>
    runCommand(backupSpec, argv, async (cl, reporter) => {
      const settings = backupSettings(cl.inputs, cl.positionals, process.env, process.cwd());
      const result = await runBackup(settings, { env: process.env }, reporter);
      if (!result.dryRun) reporter.info(`✓ Backup written: ${result.path}`);
    }),
};
