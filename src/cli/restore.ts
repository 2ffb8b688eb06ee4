/**
 * `aza-pg restore <backup> [database]`: the spec's restore-postgres.ts. On a terminal it shows the
 * DESTRUCTIVE OPERATION warnings and waits for Enter; without a terminal it refuses unless --yes.
 */
import { RESTORE_OPTIONS, restoreSettings, runRestore } from '../core/restore/index.js';
import { ask, runCommand, type CommandSpec } from './legacy.js';

export const restoreSpec: CommandSpec = {
  name: 'restore',
  usage: 'aza-pg restore <backup> [database] [options]',
  summary: 'Restore a database from a backup (plain SQL, gzip, zstd, custom or directory), atomically by default.',
  options: RESTORE_OPTIONS.filter((o) => o.name !== 'backup' && o.name !== 'database'),
  maxPositionals: 2,
  examples: [
    'aza-pg restore backup.sql.gz                      # into database postgres, asks first',
    'aza-pg restore backup.sql.gz mydb',
    'PGHOST=db.example.com PGUSER=admin PGPASSWORD=secret aza-pg restore backup.sql.gz production',
    'aza-pg restore backup.dump staging --jobs 8 --terminate-connections -y',
    'aza-pg restore backup.sql.gz mydb --backup-before --keep-previous false',
  ],
};

/** Shows the warnings and waits for Enter; undefined when there is no terminal. */
export async function pressEnter(lines: string[]): Promise<boolean | undefined> {
  if (!process.stdin.isTTY) return undefined;
  for (const line of lines) process.stderr.write(`⚠ ${line}\n`);
  const answer = await ask('Press Enter to continue or Ctrl+C to cancel... ');
  // Enter (or y/yes) goes on; anything else typed, or end of input, cancels.
  return answer !== undefined && ['', 'y', 'yes'].includes(answer.trim().toLowerCase());
}

export const restoreCommand = {
  spec: restoreSpec,
  main: (argv: readonly string[]) =>
    runCommand(restoreSpec, argv, async (cl, reporter) => {
      const settings = restoreSettings(cl.inputs, cl.positionals, process.env, process.cwd());
      const result = await runRestore(
        settings,
        { env: process.env, ...(process.stdin.isTTY ? { confirm: async (lines: string[]) => (await pressEnter(lines)) === true } : {}) },
        reporter,
      );
      if (!result.dryRun) {
        reporter.info(
          `✓ Restored ${result.inspection.path} into "${result.database}": ${result.tables.length} tables, ${result.rows} rows${result.previousDatabase ? `; previous database kept as "${result.previousDatabase}"` : ''}`,
        );
      }
    }),
};
