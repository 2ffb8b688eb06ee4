/** `aza-pg verify <backup>`: the spec's monthly restore test as one command; exit 1 when the backup fails it. */
import { VERIFY_OPTIONS, runVerify, verifySettings } from '../core/verify/index.js';
import { runCommand, type CommandSpec } from './legacy.js';

export const verifySpec: CommandSpec = {
  name: 'verify',
  usage: 'aza-pg verify <backup> [options]',
  summary:
    'Prove a backup restorable: restore it into a throw-away server, compare row counts with its manifest, run smoke SQL and amcheck.',
  options: VERIFY_OPTIONS.filter((o) => o.name !== 'backup'),
  maxPositionals: 1,
  examples: [
    'aza-pg verify backup_production_2026_01_31_020000.sql.gz',
    'aza-pg verify "$(ls -t /backups/postgresql/*.sql.gz | head -1)" --smoke-sql "SELECT count(*) > 0 FROM critical_table" --amcheck',
    'PGHOST=staging.db aza-pg verify prod.dump --scratch connection',
  ],
};

export const verifyCommand = {
  spec: verifySpec,
  main: (argv: readonly string[]) =>
    runCommand(verifySpec, argv, async (cl, reporter) => {
      const settings = verifySettings(cl.inputs, cl.positionals, process.env, process.cwd());
      const r = await runVerify(settings, { env: process.env }, reporter);
      reporter.info(
        `✓ ${r.backup} passed: ${r.tables} tables, ${r.rows} rows restored${r.restore?.compared ? ' and matching the manifest' : ''}`,
      );
    }),
};
