/**
 * The command-line runner, one for every operation: argv against the operation's option table,
 * settings, the shared flow (gather, plan, dry run or a question on the terminal, run), the summary
 * on the terminal, and one failure path (message, hint, exit code).
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { AzaError, toAzaError } from '../core/errors.js';
import { installInterruptHandlers } from '../core/exec.js';
import { defaultText, Inputs, type OptionSpec, type RawInputs } from '../core/inputs.js';
import { commandName, FailedWithResult, perform, type AnyOperation, type Confirmation } from '../core/operation.js';
import { formatBytes, formatSeconds, type Reporter, type SummaryTable } from '../core/report.js';

export interface CommandLine {
  inputs: Inputs;
  help: boolean;
}

/** Options that take a value on the command line, by every name they are written with, to the long name. */
function valueOptions(op: AnyOperation): Map<string, string> {
  const names = new Map<string, string>();
  for (const o of op.options) {
    if (o.flag || o.only === 'action') continue;
    names.set(`--${o.name}`, o.name);
    if (o.short) names.set(`-${o.short}`, o.name);
  }
  return names;
}

/**
 * `ssl-certs certs -30` would otherwise fail as an unknown option "-3", and `--days -30` as an
 * option without its value. No option is a digit, so "-<digits>" is a number: after an option that
 * takes a value it is that value (joined as `--days=-30`); anywhere else it is a positional, passed
 * through parseArgs as a stand-in that cannot look like an option, in its place, so positionals keep
 * their order. The settings then refuse a negative number in their own words.
 */
function negativeNumbers(argv: readonly string[], op: AnyOperation): { args: string[]; original: Map<string, string> } {
  const takesValue = valueOptions(op);
  const original = new Map<string, string>();
  const end = argv.indexOf('--');
  const args: string[] = [];
  argv.forEach((arg, i) => {
    if ((end >= 0 && i > end) || !/^-\d+$/.test(arg)) return void args.push(arg);
    const option = takesValue.get(argv[i - 1] ?? '');
    if (option !== undefined && (end < 0 || i < end)) {
      args[args.length - 1] = `--${option}=${arg}`;
      return;
    }
    const standIn = `\u0000negative-number-${i}`;
    original.set(standIn, arg);
    args.push(standIn);
  });
  return { args, original };
}

/** argv -> the operation's inputs: flags by name, positionals by the table's `positional` index. */
export function parseCommandLine(argv: readonly string[], op: AnyOperation): CommandLine {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const o of op.options) {
    if (o.only === 'action') continue;
    options[o.name] = { type: o.flag ? 'boolean' : 'string', ...(o.short ? { short: o.short } : {}) };
  }
  const { args, original } = negativeNumbers(argv, op);
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new AzaError('USAGE', (e as Error).message.replace(/\. To specify.*$/s, ''), `Run: aza-pg ${commandName(op)} --help`);
  }
  const raw: RawInputs = {};
  for (const [k, v] of Object.entries(parsed.values)) {
    if (k === 'help') continue;
    raw[k] = typeof v === 'boolean' ? String(v) : (v as string | undefined);
  }
  const byPosition = op.options.filter((o) => o.positional !== undefined).sort((a, b) => a.positional! - b.positional!);
  if (parsed.positionals.length > byPosition.length) {
    throw new AzaError('USAGE', `Too many arguments: ${parsed.positionals.slice(byPosition.length).join(' ')}`, `Usage: ${op.cli.usage}`);
  }
  parsed.positionals
    .map((p) => original.get(p) ?? p)
    .forEach((value, i) => {
      const name = byPosition[i]!.name;
      if (raw[name] !== undefined) throw new AzaError('USAGE', `The ${name} is given twice (argument and --${name})`, 'Give it once.');
      raw[name] = value;
    });
  return { inputs: new Inputs(raw, 'cli', op.options), help: parsed.values.help === true };
}

export function helpText(op: AnyOperation): string {
  const lines = [`Usage: ${op.cli.usage}`, '', op.description];
  const withDefault = (o: OptionSpec) => {
    const shown = defaultText(o);
    return `${o.description}${shown !== undefined ? ` (default: ${shown})` : ''}`;
  };
  // The positionals, in their order, under the names the usage line gives them.
  const args = op.options.filter((o) => o.positional !== undefined).sort((x, y) => x.positional! - y.positional!);
  if (args.length) {
    const width = Math.max(...args.map((o) => o.name.length)) + 2;
    lines.push('', 'Arguments:', ...args.map((o) => `  ${o.name.padEnd(width)}${withDefault(o)}`));
  }
  const rows = op.options
    .filter((o) => o.only !== 'action' && o.positional === undefined)
    .map((o) => [`${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.flag ? '' : ' VALUE'}`, withDefault(o)] as const);
  rows.push(['-h, --help', 'Show this help']);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  lines.push('', 'Options:');
  for (const [f, d] of rows) lines.push(`  ${f.padEnd(width)}${d}`);
  if (op.cli.examples.length) lines.push('', 'Examples:', ...op.cli.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

export class CliReporter implements Reporter {
  private readonly tty: boolean;
  private progressShown = false;
  private lastProgress = 0;

  constructor(
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = !!this.err.isTTY;
  }

  private clearProgress(): void {
    if (this.progressShown) {
      this.err.write('\r\x1b[K');
      this.progressShown = false;
    }
  }

  info(message: string): void {
    this.clearProgress();
    this.out.write(`${message}\n`);
  }
  warn(message: string): void {
    this.clearProgress();
    this.err.write(`⚠ WARNING: ${message}\n`);
  }
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    this.info(`▸ ${name}`);
    try {
      const v = await fn();
      this.clearProgress();
      this.out.write(`  ✓ ${name} (${formatSeconds((performance.now() - start) / 1000)})\n`);
      return v;
    } catch (e) {
      this.clearProgress();
      this.out.write(`  ✗ ${name} (${formatSeconds((performance.now() - start) / 1000)})\n`);
      throw e;
    }
  }
  progress(bytes: number): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.lastProgress < 200) return;
    this.lastProgress = now;
    this.err.write(`\r\x1b[K  … ${formatBytes(bytes)}`);
    this.progressShown = true;
  }
  table(t: SummaryTable): void {
    this.clearProgress();
    const width = Math.max(...t.rows.map(([k]) => k.length)) + 2;
    const lines = ['', t.title, ...t.rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`)];
    for (const s of t.sections ?? []) {
      const widths = s.header.map((h, i) => Math.max(h.length, ...s.rows.map((r) => (r[i] ?? '').length)));
      const fmt = (r: string[]) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
      lines.push('', s.title, fmt(s.header), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...s.rows.map(fmt));
    }
    for (const b of t.blocks ?? []) lines.push('', `${b.title} (${b.language})`, ...b.text.split('\n').map((l) => `  ${l}`));
    if (t.notes?.length) lines.push('', ...t.notes.map((n) => `  • ${n}`));
    this.out.write(`${lines.join('\n')}\n`);
  }
}

/** Asks a question on the terminal; undefined when there is no terminal, or input ends (Ctrl+D). */
export async function ask(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<string | undefined>((resolve) => {
      rl.once('close', () => resolve(undefined));
      rl.question(question, resolve);
    });
  } finally {
    rl.close();
  }
}

/**
 * Shows a confirmation's warnings and asks its question on the terminal. The warnings are shown
 * without a terminal too: the refusal that follows is about them.
 */
async function askOnTerminal(c: Confirmation): Promise<string | undefined> {
  for (const line of c.warnings) process.stderr.write(`⚠ ${line}\n`);
  if (!process.stdin.isTTY) return undefined;
  return ask(c.question);
}

/** Prints a failure (message, hint) and returns its exit code: 2 for usage and input errors, else 1. */
function reportFailure(e: unknown): number {
  const err = toAzaError(e);
  process.stderr.write(`✗ Error: ${err.message}\n${err.hint ? `${err.hint}\n` : ''}`);
  return err.code === 'USAGE' || err.code === 'INVALID_INPUT' ? 2 : 1;
}

/** One pass of the shared flow with its summary; a failure with a report shows the report, then exits 1. */
async function runOnce(op: AnyOperation, settings: unknown, reporter: Reporter): Promise<number> {
  try {
    const outcome = await perform(op, settings, { env: process.env }, reporter, askOnTerminal);
    if (outcome.dryRun) return 0;
    const table = op.summary(outcome.result);
    if (table) await reporter.table(table);
    const done = op.cli.done?.(outcome.result);
    if (done) reporter.info(done);
    return 0;
  } catch (e) {
    if (e instanceof FailedWithResult) {
      const table = op.summary(e.result);
      if (table) await reporter.table(table);
    }
    return reportFailure(e);
  }
}

/** Runs the operation every `seconds` on a cleared terminal screen until Ctrl+C (whose handler exits). */
async function watch(op: AnyOperation, settings: unknown, seconds: number, reporter: Reporter): Promise<never> {
  if (!process.stdout.isTTY) {
    throw new AzaError(
      'USAGE',
      '--watch needs a terminal: it redraws the screen every few seconds',
      `In a script or a scheduled job, run aza-pg ${commandName(op)} once per check and act on its exit code.`,
    );
  }
  for (;;) {
    process.stdout.write('\x1b[2J\x1b[H');
    reporter.info(`aza-pg ${commandName(op)} at ${new Date().toISOString()}, again every ${seconds} s (Ctrl+C stops)`);
    await runOnce(op, settings, reporter);
    await new Promise((r) => setTimeout(r, seconds * 1000));
  }
}

/** Runs one command; returns the exit code (0 ok, 1 failed, 2 usage error). */
export async function runCommand(op: AnyOperation, argv: readonly string[]): Promise<number> {
  installInterruptHandlers((m) => process.stderr.write(`\n${m}\n`));
  const reporter: Reporter = new CliReporter();
  try {
    const cl = parseCommandLine(argv, op);
    if (cl.help) {
      process.stdout.write(`${helpText(op)}\n`);
      return 0;
    }
    const settings: unknown = op.settings(cl.inputs, process.env, process.cwd());
    const every = op.watch?.(settings);
    if (every !== undefined) return await watch(op, settings, every, reporter);
    return await runOnce(op, settings, reporter);
  } catch (e) {
    return reportFailure(e);
  }
}
