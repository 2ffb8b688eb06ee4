/** The aza-pg/promote action: inputs -> settings -> checks, promotion, verification -> outputs and job summary. */
import { PROMOTE_OPTIONS, promoteReplica, promoteSettings } from '../core/promote/index.js';
import { actionInputs, maskSecrets, runAction, setOutputs } from './legacy.js';

await runAction(async (reporter) => {
  const settings = promoteSettings(actionInputs(PROMOTE_OPTIONS), [], process.env);
  if (settings.target.kind === 'connection') maskSecrets([settings.target.connection.password]);
  if (settings.oldPrimary?.kind === 'connection') maskSecrets([settings.oldPrimary.connection.password]);
  // No confirm callback: a workflow has no terminal, so input confirm: yes is the only consent.
  const result = await promoteReplica(settings, { env: process.env }, reporter);
  setOutputs({
    promoted: result.promoted,
    timeline: result.timeline,
    lsn: result.lsn,
    'duration-ms': result.durationMs,
    'backup-path': result.backupPath,
  });
});
