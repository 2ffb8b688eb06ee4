/**
 * TRANSITIONAL: the per-command runner of the operations not yet on the contract (src/core/operation.ts).
 * What every command shares: parsing argv against an operation's option table, a Reporter for
 * terminals and logs, confirmation prompts, and one failure path (message, hint, exit code).
 */
import { parseArgs } from 'node:util';
import { AzaError, toAzaError } from '../core/errors.js';
import { installInterruptHandlers } from '../core/exec.js';
import { Inputs, type OptionSpec, type RawInputs } from '../core/inputs.js';
import type { Reporter } from '../core/report.js';
import { ask, CliReporter } from './runner.js';

export { ask };

export interface CommandLine {
  inputs: Inputs;
  positionals: string[];
  help: boolean;
}

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  options: readonly OptionSpec[];
  examples?: string[];
  /** The most positionals accepted. */
  maxPositionals: number;
}

export function parseCommandLine(argv: readonly string[], spec: CommandSpec): CommandLine {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const o of spec.options) {
    if (o.only === 'action') continue;
    options[o.name] = { type: o.flag ? 'boolean' : 'string', ...(o.short ? { short: o.short } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new AzaError('USAGE', (e as Error).message.replace(/\. To specify.*$/s, ''), `Run: aza-pg ${spec.name} --help`);
  }
  const raw: RawInputs = {};
  for (const [k, v] of Object.entries(parsed.values)) {
    if (k === 'help') continue;
    raw[k] = typeof v === 'boolean' ? String(v) : (v as string | undefined);
  }
  if (parsed.positionals.length > spec.maxPositionals) {
    throw new AzaError('USAGE', `Too many arguments: ${parsed.positionals.slice(spec.maxPositionals).join(' ')}`, `Usage: ${spec.usage}`);
  }
  return { inputs: new Inputs(raw, 'cli'), positionals: parsed.positionals, help: parsed.values.help === true };
}

export function helpText(spec: CommandSpec): string {
  const lines = [`Usage: ${spec.usage}`, '', spec.summary, '', 'Options:'];
  const rows = spec.options
    .filter((o) => o.only !== 'action')
    .map((o) => {
      const flag = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.flag ? '' : ' VALUE'}`;
      return [flag, `${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ''}`] as const;
    });
  rows.push(['-h, --help', 'Show this help']);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  for (const [f, d] of rows) lines.push(`  ${f.padEnd(width)}${d}`);
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/** Runs a command body; returns the exit code (0 ok, 1 failed, 2 usage error). */
export async function runCommand(
  spec: CommandSpec,
  argv: readonly string[],
  body: (cl: CommandLine, reporter: Reporter) => Promise<void>,
): Promise<number> {
  installInterruptHandlers((m) => process.stderr.write(`\n${m}\n`));
  const reporter = new CliReporter();
  try {
    const cl = parseCommandLine(argv, spec);
    if (cl.help) {
      process.stdout.write(`${helpText(spec)}\n`);
      return 0;
    }
    await body(cl, reporter);
    return 0;
  } catch (e) {
    const err = toAzaError(e);
    process.stderr.write(`✗ Error: ${err.message}\n${err.hint ? `${err.hint}\n` : ''}`);
    return err.code === 'USAGE' || err.code === 'INVALID_INPUT' ? 2 : 1;
  }
}
