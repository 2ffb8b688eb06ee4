/**
 * SIGKILL fault injection, shared by the fault tests: the seed (printed by each test file; rerun
 * one with AZA_PG_FAULT_SEED=<seed>, change the count with AZA_PG_FAULT_RUNS), a seeded generator
 * for the kill moments, and the CLI (through bun) started, killed and awaited.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { run } from '../../src/core/exec.js';
import { ROOT } from './restore-helpers.js';

export const BUN = join(ROOT, 'node_modules/.bin/bun');
export const CLI = join(ROOT, 'src/cli/index.ts');
export const SEED = Number(process.env.AZA_PG_FAULT_SEED ?? Date.now() % 1_000_000_007);
export const RUNS = Number(process.env.AZA_PG_FAULT_RUNS ?? 30);

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CliOutcome {
  code: number | null;
  all: string;
}

/** The CLI (or another entry, such as an action's src/actions/<op>.ts) run to its end. */
export function cliRun(args: string[], cwd: string, env: NodeJS.ProcessEnv, entry = CLI): Promise<CliOutcome> {
  return run(BUN, [entry, ...args], { cwd, env, allowFailure: true, timeoutMs: 120000 }).then((r) => ({
    code: r.code,
    all: r.stdout + r.stderr,
  }));
}

/** Starts the CLI (or `entry`), kills it by SIGKILL after `delayMs`, and waits for it to be gone; returns its pid. */
export async function killedRun(args: string[], cwd: string, env: NodeJS.ProcessEnv, delayMs: number, entry = CLI): Promise<number> {
  const child = spawn(BUN, [entry, ...args], { cwd, env, stdio: 'ignore' });
  const closed = new Promise((resolve) => child.once('close', resolve));
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill('SIGKILL');
  await closed;
  return child.pid!;
}

/** How long one undisturbed run takes: kills land anywhere from the start to a bit past it. */
export async function timed(fn: () => Promise<CliOutcome>): Promise<{ span: number; outcome: CliOutcome }> {
  const t0 = Date.now();
  const outcome = await fn();
  return { span: Date.now() - t0, outcome };
}

/** The processes whose command line names `text` (pgrep -f), as "pid command" lines. */
export async function processesNaming(text: string): Promise<string> {
  return (await run('pgrep', ['-f', '-a', text], { allowFailure: true })).stdout.trim();
}
