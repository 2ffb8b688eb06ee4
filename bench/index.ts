/**
 * `npm run bench [-- backup restore promote]`: runs the benchmarks (all by default), prints their
 * markdown and writes docs/benchmarks.md. Each benchmark owns one section of that file, between
 * markers, so running one benchmark replaces its section and keeps the others.
 *
 * Environment: BENCH_SCALE (pgbench scale of the backup and restore datasets, default 50),
 * BENCH_REPEATS (runs per backup and restore route, default 3), BENCH_LEVELS (our gzip levels to
 * compare besides the default, e.g. 3,6), BENCH_SMALL_REPEATS (fixed-cost pairs of the backup
 * bench, default 7), BENCH_LARGE=1 (the backup bench's memory table adds a database of about 5 GB
 * of SQL), BENCH_NODE (Node binary for our process, default node), BENCH_ONLY=memory (the backup
 * bench measures its memory table only), AZA_PG_BENCH_ROUNDS (promotion rounds, default 3).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findServerBinaries } from '../src/core/cluster.js';
import { installInterruptHandlers, run } from '../src/core/exec.js';
import { formatBytes } from '../src/core/report.js';
import { runBackupBench } from './backup.js';
import { runPromoteBench } from './promote.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DOC = join(ROOT, 'docs/benchmarks.md');
const NAMES = ['backup', 'restore', 'promote'] as const;
type Name = (typeof NAMES)[number];

const ENV_KNOBS = [
  'BENCH_SCALE',
  'BENCH_REPEATS',
  'BENCH_LEVELS',
  'BENCH_SMALL_REPEATS',
  'BENCH_LARGE',
  'BENCH_NODE',
  'BENCH_ONLY',
  'AZA_PG_BENCH_ROUNDS',
];

/** bench/restore.ts is optional: used when it exists and exports runRestoreBench. */
async function restoreBench(): Promise<(() => Promise<string>) | string> {
  const path = join(ROOT, 'bench/restore.ts');
  if (!existsSync(path)) return 'bench/restore.ts does not exist yet';
  const mod = (await import(pathToFileURL(path).href)) as { runRestoreBench?: () => Promise<string> };
  return typeof mod.runRestoreBench === 'function' ? mod.runRestoreBench : 'bench/restore.ts does not export runRestoreBench';
}

async function version(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args, { allowFailure: true }).catch(() => undefined);
  return r && r.code === 0 ? r.stdout.trim() : 'not found';
}

async function machine(): Promise<string> {
  const pg = await findServerBinaries().then(
    (b) => `PostgreSQL ${b.version} (${b.binDir})`,
    () => 'no PostgreSQL server binaries',
  );
  const node = process.env.BENCH_NODE ?? 'node';
  return [
    `- CPU: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown model'}), memory ${formatBytes(totalmem())}, Linux ${release()}`,
    `- ${pg}`,
    `- Node ${await version(node, ['--version'])} for aza-pg; the bench runner itself under ${process.versions.bun ? `Bun ${process.versions.bun}` : `Node ${process.version}`}`,
    `- ${(await Promise.all(['gzip', 'pigz', 'zstd'].map((t) => version(t, ['--version']))))
      .map((v) =>
        v
          .split('\n')[0]!
          .replace(/\*/g, '')
          .replace(/,? by .*$/, '')
          .trim(),
      )
      .join('; ')}`,
  ].join('\n');
}

function command(names: Name[]): string {
  const env = ENV_KNOBS.filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]}`);
  const args = names.length === NAMES.length ? '' : ` -- ${names.join(' ')}`;
  return [...env, `npm run bench${args}`].join(' ');
}

const HEADER = `# Benchmarks

Produced by \`npm run bench\` (bench/index.ts), which runs bench/backup.ts, bench/restore.ts and
bench/promote.ts on throw-away local PostgreSQL clusters and rewrites this file. Each section
names the machine, the date and the exact command that produced it; \`npm run bench -- backup\`
re-runs one section and keeps the others. These are measurements on one machine, not
guarantees: the machine below is a small shared VM, so expect a spread of several percent.
`;

function section(name: Name, body: string): string {
  return `<!-- bench:${name}:start -->\n${body.trim()}\n<!-- bench:${name}:end -->`;
}

/** Replaces the named sections in the document (appending new ones in NAMES order). */
export function mergeSections(doc: string, sections: Map<Name, string>): string {
  let out = doc.trim() ? doc : HEADER;
  for (const name of NAMES) {
    const body = sections.get(name);
    if (body === undefined) continue;
    const re = new RegExp(`<!-- bench:${name}:start -->[\\s\\S]*?<!-- bench:${name}:end -->`);
    out = re.test(out) ? out.replace(re, () => section(name, body)) : `${out.trimEnd()}\n\n${section(name, body)}\n`;
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !(NAMES as readonly string[]).includes(a));
  if (unknown.length) {
    process.stderr.write(`Unknown benchmark: ${unknown.join(', ')}. Choose from: ${NAMES.join(', ')} (default: all).\n`);
    return 2;
  }
  const names = argv.length ? NAMES.filter((n) => argv.includes(n)) : [...NAMES];
  installInterruptHandlers((m) => process.stderr.write(`\n${m}\n`));

  const started = new Date();
  const about = [
    `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${command(names)}\` on:`,
    '',
    await machine(),
  ].join('\n');
  const sections = new Map<Name, string>();
  let failed = false;
  for (const name of names) {
    process.stderr.write(`\n== ${name} benchmark ==\n`);
    let body: string;
    try {
      if (name === 'backup') body = await runBackupBench();
      else if (name === 'promote') body = await runPromoteBench();
      else {
        const bench = await restoreBench();
        if (typeof bench === 'string') {
          process.stderr.write(`restore benchmark skipped: ${bench}\n`);
          continue;
        }
        body = await bench();
      }
    } catch (e) {
      failed = true;
      process.stderr.write(`${name} benchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      continue;
    }
    const title = `${name[0]!.toUpperCase()}${name.slice(1)}`;
    // A benchmark may open with its own heading of the same name; the section has one already.
    const text = `## ${title}\n\n${about}\n\n${body
      .trim()
      .replace(new RegExp(`^#{1,3} ${title}\\s*\\n`), '')
      .trim()}`;
    sections.set(name, text);
    process.stdout.write(`${text}\n\n`);
  }
  if (sections.size) {
    writeFileSync(DOC, mergeSections(existsSync(DOC) ? readFileSync(DOC, 'utf8') : '', sections));
    process.stderr.write(`Wrote ${DOC} (${[...sections.keys()].join(', ')})\n`);
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
