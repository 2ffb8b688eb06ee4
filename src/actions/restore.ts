/** The aza-pg/restore action: inputs -> settings (confirm must name the target) -> runRestore -> outputs and job summary. */
import { RESTORE_OPTIONS, restoreSettings, runRestore } from '../core/restore/index.js';
import { keySecrets } from '../core/signing.js';
import { actionInputs, maskSecrets, runAction, setOutputs } from './legacy.js';

await runAction(async (reporter) => {
  const settings = restoreSettings(actionInputs(RESTORE_OPTIONS), [], process.env, process.env.GITHUB_WORKSPACE ?? process.cwd());
  maskSecrets([settings.connection.password, ...keySecrets(settings.verifyKeys ?? [])]);
  const result = await runRestore(settings, { env: process.env }, reporter);
  setOutputs({
    database: result.database,
    tables: result.tables.length,
    rows: result.rows,
    'duration-seconds': result.durationSeconds.toFixed(3),
    mode: result.mode,
    'previous-database': result.previousDatabase,
    'backup-before-path': result.backupBeforePath,
    format: result.inspection.format,
    sha256: result.inspection.sha256,
  });
});
