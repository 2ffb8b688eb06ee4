/** The aza-pg/verify action: a backup (path or artifact) -> scratch restore and checks -> outputs and job summary; a failed verify fails the step. */
import * as core from '@actions/core';
import { VERIFY_OPTIONS, runVerify, verifySettings } from '../core/verify/index.js';
import { toAzaError } from '../core/errors.js';
import { keySecrets } from '../core/signing.js';
import { actionInputs, maskSecrets, runAction, setOutputs } from './legacy.js';
import { downloadBackupArtifact } from './artifact.js';

await runAction(async (reporter) => {
  const settings = verifySettings(actionInputs(VERIFY_OPTIONS), [], process.env, process.env.GITHUB_WORKSPACE ?? process.cwd());
  maskSecrets([settings.connection?.password, ...keySecrets(settings.verifyKeys ?? [])]);
  try {
    const r = await runVerify(
      settings,
      { env: process.env, downloadArtifact: async (name, dir) => (await downloadBackupArtifact(name, dir)).path },
      reporter,
    );
    setOutputs({
      passed: true,
      reason: '',
      tables: r.tables,
      rows: r.rows,
      'duration-seconds': r.durationSeconds.toFixed(3),
      'restore-seconds': r.restore?.loadSeconds.toFixed(3),
      'indexes-checked': r.indexesChecked,
      'smoke-passed': r.smokePassed,
    });
  } catch (e) {
    core.setOutput('passed', 'false');
    core.setOutput('reason', toAzaError(e).message);
    throw e;
  }
});
