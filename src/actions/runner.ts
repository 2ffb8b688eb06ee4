/**
 * The action runner, one for every operation: inputs into the core's typed Inputs, a Reporter over
 * @actions/core, the shared flow, outputs, the job summary and one failure path.
 */
import * as core from '@actions/core';
import { toAzaError } from '../core/errors.js';
import { installInterruptHandlers } from '../core/exec.js';
import { Inputs, type OptionSpec, type RawInputs } from '../core/inputs.js';
import { FailedWithResult, perform, type AnyOperation, type OutputValues } from '../core/operation.js';
import { githubArtifacts } from './artifact.js';
import { githubToolCache } from './tool-cache.js';
import { formatBytes, formatSeconds, type Reporter, type SummaryTable } from '../core/report.js';

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
  return new Inputs(raw, 'action', specs);
}

/** Masks a secret found while building settings (e.g. the password inside a connection URI). */
function maskSecrets(secrets: readonly (string | undefined)[]): void {
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
    core.info(`… ${formatBytes(bytes)}`);
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
    for (const b of t.blocks ?? []) {
      // Markdown, not HTML: GitHub renders a fenced mermaid block as a diagram.
      s.addHeading(b.title, 4).addRaw(`\n\n\`\`\`${b.language}\n${b.text}\n\`\`\`\n\n`);
    }
    if (t.notes?.length) s.addList(t.notes.map(escapeHtml));
    if (process.env.GITHUB_STEP_SUMMARY) await s.write();
    else s.emptyBuffer();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Runs one operation as a GitHub action: inputs -> settings -> the shared flow (an action cannot
 * ask, so a plan that needs consent fails with its own hint) -> outputs and job summary. Every
 * failure becomes one annotation (message, then hint) and the operation's failure outputs.
 */
export async function runAction(op: AnyOperation): Promise<void> {
  installInterruptHandlers((m) => core.info(m));
  const reporter = new ActionReporter();
  try {
    const settings = op.settings(actionInputs(op.options), process.env, process.env.GITHUB_WORKSPACE ?? process.cwd());
    maskSecrets(op.secrets?.(settings) ?? []);
    const outcome = await perform(op, settings, { env: process.env, artifacts: githubArtifacts, toolCache: githubToolCache }, reporter);
    if (outcome.dryRun) {
      setOutputs(op.plannedOutputs?.(outcome.plan) ?? {});
      await reporter.table(op.plannedSummary?.(outcome.plan) ?? dryRunSummary(op, outcome.plan));
      return;
    }
    await report(op, outcome.result, reporter);
  } catch (e) {
    const err = toAzaError(e);
    // A failure with a report (a verify whose checks ran, a status that found a problem) is
    // reported like a success first; any other sets the operation's failure outputs.
    if (err instanceof FailedWithResult) await report(op, err.result, reporter).catch(() => {});
    else setOutputs(op.failureOutputs?.(err) ?? {});
    core.setFailed(err.describe());
  }
}

/** A dry run's summary when the operation has no table of its own: what describe() said it would do. */
function dryRunSummary(op: AnyOperation, plan: unknown): SummaryTable {
  const d = op.describe(plan);
  return {
    title: `${op.name}: dry run (nothing was changed)`,
    rows: [['Mode', 'dry run']],
    notes: [...d.lines.map((l) => l.trim()).filter((l) => l !== ''), ...(d.warnings ?? []).map((w) => `warning: ${w}`)],
  };
}

async function report(op: AnyOperation, result: unknown, reporter: ActionReporter): Promise<void> {
  setOutputs(op.outputs(result));
  const table = op.summary(result);
  if (table) await reporter.table(table);
}

function setOutputs(outputs: OutputValues): void {
  for (const [k, v] of Object.entries(outputs)) core.setOutput(k, v === undefined ? '' : String(v));
}
