/**
 * What every action shares: reading inputs into the core's typed Inputs, a Reporter over
 * @actions/core, and one failure path (message plus hint, exit code 1).
 */
import * as core from '@actions/core';
import { toAzaError } from '../core/errors.js';
import { installInterruptHandlers } from '../core/exec.js';
import { Inputs, type OptionSpec, type RawInputs } from '../core/inputs.js';
import { formatSeconds, type Reporter, type SummaryTable } from '../core/report.js';

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

export class ActionReporter implements Reporter {
  private lastProgress = 0;

  info(message: string): void {
    core.info(message);
  }
  warn(message: string): void {
    core.warning(message);
  }
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    return core.group(name, async () => {
      try {
        return await fn();
      } finally {
        core.info(`${name}: ${formatSeconds((performance.now() - start) / 1000)}`);
      }
    });
  }
  progress(bytes: number): void {
    // The log is not a terminal: one line every 10 s at most.
    const now = Date.now();
    if (now - this.lastProgress < 10000) return;
    this.lastProgress = now;
    core.info(`… ${(bytes / 1048576).toFixed(1)} MiB`);
  }
  async table(t: SummaryTable): Promise<void> {
    const s = core.summary.addHeading(t.title, 3).addTable([
      [
        { data: 'Item', header: true },
        { data: 'Value', header: true },
      ],
      ...t.rows.map(([k, v]) => [k, escapeHtml(v)]),
    ]);
    for (const section of t.sections ?? []) {
      s.addHeading(section.title, 4).addTable([
        section.header.map((h) => ({ data: h, header: true })),
        ...section.rows.map((r) => r.map(escapeHtml)),
      ]);
    }
    if (t.notes?.length) s.addList(t.notes.map(escapeHtml));
    if (process.env.GITHUB_STEP_SUMMARY) await s.write();
    else s.emptyBuffer();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
