/**
 * The command-line face without a child process: argv against an option table (positionals by the
 * table, a value given twice, negative numbers, unknown flags), --help text with the table's
 * defaults, the terminal reporter, and runCommand's exit codes (0 done, 1 failed, 2 usage).
 */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliReporter, helpText, parseCommandLine, runCommand } from '../../src/cli/runner.js';
import { backup } from '../../src/core/backup/index.js';
import { AzaError } from '../../src/core/errors.js';
import type { Inputs, OptionSpec } from '../../src/core/inputs.js';
import type { Operation } from '../../src/core/operation.js';
import { azaErrorOf } from '../harness/expect-errors.js';

/**
 * A small operation written for this test, to reach every branch of the runner: a positional
 * number, an option with a short name, a flag, an action-only input. Its run fails on demand.
 */
const OPTIONS: readonly OptionSpec[] = [
  { name: 'days', description: 'Days to keep', positional: 0, default: 30 },
  { name: 'name', description: 'Name to use', positional: 1 },
  { name: 'level', description: 'Level', short: 'l', default: 3 },
  { name: 'yes', description: 'Do it', short: 'y', flag: true, default: false, only: 'cli' },
  { name: 'mode', description: 'Mode', defaultText: 'decided at run time' },
  { name: 'token', description: 'Token', secret: true, only: 'action' },
];

interface Sample {
  days: number;
  level: number;
  yes: boolean;
  name?: string;
}
const calls: string[] = [];
const sample: Operation<Sample, string, Sample, { fail?: boolean } & Sample> = {
  name: 'sample',
  description: 'A sample operation.',
  branding: { icon: 'box', color: 'blue' },
  options: OPTIONS,
  outputSpecs: [],
  cli: { usage: 'aza-pg sample [days] [name] [options]', examples: ['aza-pg sample 7'], done: (r) => `✓ Done with ${r.days} days` },
  settings: (inputs: Inputs) => ({
    days: inputs.integer('days', { min: 0 })!,
    level: inputs.integer('level', { min: 1, max: 9 })!,
    yes: inputs.boolean('yes'),
    ...(inputs.string('name') ? { name: inputs.string('name')! } : {}),
  }),
  gather: async (s) => {
    calls.push('gather');
    return `facts for ${s.days}`;
  },
  plan: (s) => s,
  describe: (p) => ({
    lines: [`would keep ${p.days} days`],
    dryRun: false,
    ...(p.yes
      ? {}
      : {
          confirmation: {
            warnings: ['It deletes'],
            question: 'Go on? ',
            accept: (a: string) => a === 'y',
            unanswered: new AzaError('CONFIRMATION_REQUIRED', 'Needs --yes'),
            declined: new AzaError('ABORTED', 'Declined'),
          },
        }),
  }),
  run: async (p) => {
    calls.push('run');
    if (p.name === 'disk-full') throw new AzaError('DISK_FULL', 'The disk is full');
    return p;
  },
  outputs: () => ({}),
  summary: (r) => ({ title: 'Sample', rows: [['Days', String(r.days)]] }),
};

describe('parseCommandLine', () => {
  test('positionals fill the options the table numbers, in order', () => {
    const { inputs, help } = parseCommandLine(['7', 'keep'], sample);
    expect([inputs.string('days'), inputs.string('name'), help]).toEqual(['7', 'keep', false]);
    const b = parseCommandLine(['mydb', 'out.sql.gz', '--format', 'custom'], backup).inputs;
    expect([b.string('database'), b.string('output'), b.string('format')]).toEqual(['mydb', 'out.sql.gz', 'custom']);
  });

  test('flags by long and short name; a boolean flag takes no value; -h asks for help', () => {
    const { inputs } = parseCommandLine(['-l', '5', '-y', '--mode', 'fast'], sample);
    expect([inputs.string('level'), inputs.boolean('yes'), inputs.string('mode')]).toEqual(['5', true, 'fast']);
    expect(parseCommandLine(['-h'], sample).help).toBe(true);
    expect(parseCommandLine(['--help'], backup).help).toBe(true);
  });

  test('a value given as argument and as flag is refused (USAGE)', () => {
    const e = azaErrorOf(() => parseCommandLine(['7', '--days', '8'], sample));
    expect([e.code, e.message, e.hint]).toEqual(['USAGE', 'The days is given twice (argument and --days)', 'Give it once.']);
    expect(azaErrorOf(() => parseCommandLine(['mydb', '--database', 'other'], backup)).code).toBe('USAGE');
  });

  test('too many arguments is USAGE with the usage line as hint', () => {
    const e = azaErrorOf(() => parseCommandLine(['7', 'keep', 'extra'], sample));
    expect([e.code, e.message, e.hint]).toEqual(['USAGE', 'Too many arguments: extra', 'Usage: aza-pg sample [days] [name] [options]']);
  });

  test('a negative number is a positional, not an unknown option; the settings refuse it in their words', () => {
    expect(parseCommandLine(['-30'], sample).inputs.string('days')).toBe('-30');
    expect(parseCommandLine(['-30', 'keep'], sample).inputs.string('name')).toBe('keep');
    // The value of an option that takes one stays that option's value.
    expect(parseCommandLine(['--level', '-2'], sample).inputs.string('level')).toBe('-2');
    expect(parseCommandLine(['-l', '-2', '5'], sample).inputs.string('level')).toBe('-2');
    expect(parseCommandLine(['-l', '-2', '5'], sample).inputs.string('days')).toBe('5');
    expect(parseCommandLine(['--', '-5'], sample).inputs.string('days')).toBe('-5');
    expect(parseCommandLine(['keep', '-l', '4', '-3'].slice(1), sample).inputs.string('days')).toBe('-3');
    const e = azaErrorOf(() => sample.settings(parseCommandLine(['-30'], sample).inputs, {}, '/'));
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', 'Invalid --days "-30": expected a whole number of at least 0']);
  });

  test('an unknown flag, an action-only input or a missing value is USAGE with the --help hint', () => {
    for (const argv of [['--nope'], ['--token', 'x'], ['-z'], ['--level']]) {
      const e = azaErrorOf(() => parseCommandLine(argv, sample));
      expect([e.code, e.hint]).toEqual(['USAGE', 'Run: aza-pg sample --help']);
      expect(e.message).not.toContain('To specify');
    }
    expect(azaErrorOf(() => parseCommandLine(['--upload-artifact', 'true'], backup)).message).toMatch(/upload-artifact/);
  });
});

describe('helpText', () => {
  test('usage, description, every CLI option with its default, examples; no positionals or action-only inputs', () => {
    const text = helpText(sample);
    expect(text.split('\n').slice(0, 3)).toEqual(['Usage: aza-pg sample [days] [name] [options]', '', 'A sample operation.']);
    expect(text).toMatch(/-l, --level VALUE\s+Level \(default: 3\)\n/);
    expect(text).toMatch(/-y, --yes\s+Do it \(default: false\)\n/);
    expect(text).toMatch(/ {4}--mode VALUE\s+Mode \(default: decided at run time\)\n/);
    expect(text).toMatch(/-h, --help\s+Show this help\n/);
    expect(text).toContain('Examples:\n  aza-pg sample 7');
    expect(text).not.toContain('--token');
    expect(text).not.toContain('--days');
  });

  test("backup's help shows the table's real defaults", () => {
    const text = helpText(backup);
    expect(text).toMatch(/--format VALUE\s+.*\(default: plain\)/);
    expect(text).toMatch(/--compression VALUE\s+.*\(default: gzip\)/);
    expect(text).toMatch(/--row-counts VALUE\s+.*\(default: exact\)/);
    expect(text).toMatch(/--host VALUE\s+.*\(default: PGHOST, else localhost\)/);
    expect(text).not.toContain('--password');
    expect(text).not.toContain('--upload-artifact');
  });
});

/** A stream that keeps what is written; `tty` says whether it claims to be a terminal. */
function sink(tty = false): NodeJS.WriteStream & { text(): string } {
  const chunks: string[] = [];
  return {
    isTTY: tty,
    write: (s: string) => chunks.push(s) > 0,
    text: () => chunks.join(''),
  } as unknown as NodeJS.WriteStream & { text(): string };
}

describe('CliReporter', () => {
  test('info to stdout, warnings to stderr', () => {
    const [out, err] = [sink(), sink()];
    const r = new CliReporter(out, err);
    r.info('hello');
    r.warn('careful');
    expect([out.text(), err.text()]).toEqual(['hello\n', '⚠ WARNING: careful\n']);
  });

  test('a step prints its start and a tick with its duration, or a cross when it fails', async () => {
    const out = sink();
    const r = new CliReporter(out, sink());
    expect(await r.step('Dump', async () => 42)).toBe(42);
    await expect(r.step('Check', async () => Promise.reject(new Error('bad')))).rejects.toThrow('bad');
    expect(out.text()).toMatch(/^▸ Dump\n {2}✓ Dump \(\d+(\.\d+)? ?m?s\)\n▸ Check\n {2}✗ Check \(\d+(\.\d+)? ?m?s\)\n$/);
  });

  test('progress only on a terminal, cleared before the next line', () => {
    const [out, plain] = [sink(), sink()];
    new CliReporter(out, plain).progress(5 * 1024 * 1024);
    expect(plain.text()).toBe('');
    const tty = sink(true);
    const r = new CliReporter(out, tty);
    r.progress(5 * 1024 * 1024);
    r.info('next');
    expect(tty.text()).toBe('\r\x1b[K  … 5.00 MiB\r\x1b[K');
  });

  test('a table: title, aligned rows, sections with a rule, notes', () => {
    const out = sink();
    new CliReporter(out, sink()).table({
      title: 'Backup',
      rows: [
        ['File', 'a.sql.gz'],
        ['Size', '1.0 MiB'],
      ],
      sections: [{ title: 'Tables', header: ['table', 'rows'], rows: [['public.items', '500']] }],
      notes: ['Keep it safe'],
    });
    expect(out.text()).toBe(
      [
        '',
        'Backup',
        '  File  a.sql.gz',
        '  Size  1.0 MiB',
        '',
        'Tables',
        '  table         rows',
        '  ------------  ----',
        '  public.items  500',
        '',
        '  • Keep it safe',
        '',
      ].join('\n'),
    );
  });
});

describe('runCommand exit codes', () => {
  let stdout: string[];
  let stderr: string[];
  let dir: string;
  beforeEach(() => {
    stdout = [];
    stderr = [];
    calls.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'aza-cli-runner-'));
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => stdout.push(String(s)) > 0);
    // Node's own warnings (the VM modules one) are not the command's output.
    jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((s) => (/ExperimentalWarning|--trace-warnings/.test(String(s)) ? true : stderr.push(String(s)) > 0));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  test('0: --help prints the help and runs nothing', async () => {
    expect(await runCommand(sample, ['--help'])).toBe(0);
    expect(stdout.join('')).toBe(`${helpText(sample)}\n`);
    expect(calls).toEqual([]);
  });

  test('0: a run prints the summary table and the done line', async () => {
    expect(await runCommand(sample, ['7', '-y'])).toBe(0);
    expect(calls).toEqual(['gather', 'run']);
    expect(stdout.join('')).toContain('\nSample\n  Days  7\n');
    expect(stdout.join('')).toContain('✓ Done with 7 days\n');
    expect(stderr).toEqual([]);
  });

  test('2: a usage error or an invalid input, message and hint on stderr, nothing gathered', async () => {
    expect(await runCommand(sample, ['--nope'])).toBe(2);
    expect(stderr.join('')).toBe("✗ Error: Unknown option '--nope'\nRun: aza-pg sample --help\n");
    stderr.length = 0;
    expect(await runCommand(sample, ['--level', '12', '-y'])).toBe(2);
    expect(stderr.join('')).toMatch(/^✗ Error: Invalid --level "12": expected a whole number from 1 to 9\n\S.+\n$/);
    expect(calls).toEqual([]);
  });

  test('1: a failure while running, with the catalogue hint when the thrower gave none', async () => {
    expect(await runCommand(sample, ['7', 'disk-full', '-y'])).toBe(1);
    expect(stderr.join('')).toBe('✗ Error: The disk is full\nFree space (df -h DIR) or write elsewhere.\n');
  });

  test('1: consent missing and no terminal to ask on (stdin is not a TTY under jest)', async () => {
    expect(await runCommand(sample, ['7'])).toBe(1);
    expect(stderr.join('')).toContain('✗ Error: Needs --yes\n');
    expect(calls).toEqual(['gather']);
  });

  test('1: backup against a closed port fails with CONNECTION_FAILED and writes nothing', async () => {
    const code = await runCommand(backup, ['postgres', '--host', '127.0.0.1', '--port', '1', '--output-dir', dir]);
    expect(code).toBe(1);
    expect(stderr.join('')).toMatch(
      /^✗ Error: Cannot connect to PostgreSQL at postgres@127\.0\.0\.1:1\/postgres: .+\nCheck that the server runs/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
