/** The aza-pg/backup action: inputs -> settings -> runBackup -> outputs and job summary. */
import { backupSettings, BACKUP_OPTIONS } from '../core/backup/settings.js';
import { runBackup } from '../core/backup/run.js';
import { actionInputs, maskSecrets, runAction, setOutputs } from './face.js';
import { uploadBackupArtifact } from './artifact.js';

await runAction(async (reporter) => {
  const inputs = actionInputs(BACKUP_OPTIONS);
  const settings = backupSettings(inputs, [], process.env, process.env.GITHUB_WORKSPACE ?? process.cwd());
  maskSecrets([settings.connection.password]);
  const result = await runBackup(settings, { env: process.env, uploadArtifact: uploadBackupArtifact }, reporter);
  setOutputs({
    path: result.path,
    'manifest-path': result.dryRun ? '' : result.manifestPath,
    'size-bytes': result.sizeBytes,
    sha256: result.sha256,
    'duration-seconds': result.durationSeconds.toFixed(3),
    'artifact-id': result.artifact?.id,
  });
});
