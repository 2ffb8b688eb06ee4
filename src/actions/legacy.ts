/**
 * TRANSITIONAL: the runner of the actions not yet on the contract (src/core/operation.ts).
 * What every action shares: reading inputs into the core's typed Inputs, a Reporter over
 * @actions/core, and one failure path (message plus hint, exit code 1).
 */
import * as core from '@actions/core';
import { toAzaError } from '../core/errors.js';
import { installInterruptHandlers } from '../core/exec.js';
import { Inputs, type OptionSpec, type RawInputs } from '../core/inputs.js';
import type { Reporter } from '../core/report.js';
import { ActionReporter } from './runner.js';

export function actionInputs(specs: readonly OptionSpec[]): Inputs {
  const raw: RawInputs = {};
  for (const spec of specs) {
    if (spec.only === 'cli') continue;
    const value = core.getInput(spec.name);
    if (spec.secret && value) core.setSecret(value);
    raw[spec.name] = value;
  }
  // A password that arrives through the libpq environment is a secret too.
  if (process.env.PGPASSWORD) core.setSecret(process.env.PGPASSWORD);
  return new Inputs(raw, 'action');
}

/** Masks a secret found while building settings (e.g. the password inside a connection URI). */
export function maskSecrets(secrets: readonly (string | undefined)[]): void {
  for (const s of secrets) if (s) core.setSecret(s);
}

/** Runs an action's body: interrupts clean up, any error fails the step with its hint. */
export async function runAction(body: (reporter: Reporter) => Promise<void>): Promise<void> {
  installInterruptHandlers((m) => core.info(m));
  const reporter = new ActionReporter();
  try {
    await body(reporter);
  } catch (e) {
    // One annotation: what happened, then what to do about it.
    core.setFailed(toAzaError(e).describe());
  }
}

export function setOutputs(outputs: Record<string, string | number | boolean | undefined>): void {
  for (const [k, v] of Object.entries(outputs)) core.setOutput(k, v === undefined ? '' : String(v));
}
