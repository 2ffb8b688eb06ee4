/**
 * How children exit with us. A short, synchronous wait for children that were sent SIGTERM. An interrupted process removes
 * what its children were writing; a child still writing (initdb filling a data directory, a
 * compressor) would race that removal and leave part of it behind. Linux only (/proc); elsewhere
 * nothing is waited for, as before. And a kernel-level tie that kills a child when we die, even by
 * SIGKILL (below). Last, coreutils stdbuf as a wrapper that gives a child a larger stdout buffer.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** How long an interrupted process gives its children, sent SIGTERM, to exit before its cleanups run. */
export const INTERRUPT_CHILD_EXIT_MS = 3_000;

/**
 * Whether the process still runs: false once it has exited, even before Node has reaped it and set
 * its exitCode (a zombie).
 */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the command name in parentheses: Z (zombie) or X (dead) has exited.
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * Sends SIGTERM to `children` and returns once none runs any more, or after `timeoutMs`. Blocks:
 * for signal handlers, which must stay synchronous to exit with their own status.
 */
export function terminateAndWaitSync(children: Iterable<ChildProcess>, timeoutMs = INTERRUPT_CHILD_EXIT_MS): void {
  const pids: number[] = [];
  for (const child of children) {
    child.kill('SIGTERM');
    if (child.pid !== undefined) pids.push(child.pid);
  }
  const deadline = Date.now() + timeoutMs;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (const pid of pids) {
    while (running(pid) && Date.now() < deadline) Atomics.wait(nap, 0, 0, 10);
  }
}

// Children die with us, even when we are killed by SIGKILL (no handler runs then): on Linux each
// child starts under util-linux `setpriv --pdeathsig KILL`, which asks the kernel to kill it
// when its parent goes. Elsewhere (macOS) children start directly and only the interrupt handlers
// (exec.ts) stop them.

let deathSignalWrapper: string | null | undefined;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `cmd` as the child would find it on `PATH`, or undefined. */
export function findOnPath(cmd: string, path: string | undefined): string | undefined {
  if (cmd.includes('/')) return isExecutable(cmd) ? cmd : undefined;
  for (const dir of (path ?? '').split(':')) {
    if (dir && isExecutable(join(dir, cmd))) return join(dir, cmd);
  }
  return undefined;
}

/** The setpriv that supports --pdeathsig, checked once; null where there is none. */
export function parentDeathWrapper(): string | null {
  if (deathSignalWrapper !== undefined) return deathSignalWrapper;
  deathSignalWrapper = null;
  if (process.platform !== 'linux' || process.env.AZA_PG_NO_PDEATHSIG === '1') return null;
  const setpriv = findOnPath('setpriv', `${process.env.PATH ?? ''}:/usr/bin:/bin`);
  if (setpriv && spawnSync(setpriv, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 10000 }).status === 0) {
    deathSignalWrapper = setpriv;
  }
  return deathSignalWrapper;
}

/**
 * `cmd` under coreutils' `stdbuf -o <bytes>` (it execs the command with a larger stdio buffer
 * for its stdout), where stdbuf and the command are both on PATH; otherwise undefined and the
 * command runs as it is. The bytes written are the same; only the size of each write changes.
 */
export function withStdoutBuffer(cmd: string, args: readonly string[], bytes: number | undefined, path: string | undefined) {
  if (bytes === undefined || findOnPath(cmd, path) === undefined) return undefined;
  const stdbuf = findOnPath('stdbuf', path);
  return stdbuf ? { cmd: stdbuf, args: ['-o', String(bytes), cmd, ...args] } : undefined;
}
