/** ssl-certs through its operation, as the faces run it (gather, plan, consent, run, summary), in process. */
import { sslCerts, type CertResult, type CheckResult } from '../../src/core/certs/index.js';
import { AzaError } from '../../src/core/errors.js';
import { Inputs, type RawInputs } from '../../src/core/inputs.js';
import { execute } from '../../src/core/operation.js';
import { MemoryReporter } from '../../src/core/report.js';

/** Generates with action inputs (overwrite is an action input); existing certificates are refused, as in a workflow. */
export async function generateCerts(raw: RawInputs, env: NodeJS.ProcessEnv = {}, reporter = new MemoryReporter()): Promise<CertResult> {
  const settings = sslCerts.settings(new Inputs(raw, 'action', sslCerts.options), env, process.cwd());
  const result = await execute(sslCerts, settings, { env }, reporter);
  if (result.kind !== 'generate') throw new AzaError('INTERNAL', 'expected generated certificates');
  reporter.table(sslCerts.summary(result)!);
  return result;
}

/** Checks `path` at `now` (default: the clock); the summary goes to the reporter, as a face prints it. */
export async function checkCerts(path: string, warnDays: number, reporter = new MemoryReporter(), now?: Date): Promise<CheckResult> {
  const result = await execute(sslCerts, { action: 'check', path, warnDays }, { env: {}, ...(now ? { now: () => now } : {}) }, reporter);
  if (result.kind !== 'check') throw new AzaError('INTERNAL', 'expected a check result');
  reporter.table(sslCerts.summary(result)!);
  return result;
}
