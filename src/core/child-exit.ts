/**
 * A short, synchronous wait for children that were sent SIGTERM. An interrupted process removes
 * what its children were writing; a child still writing (initdb filling a data directory, a
 * compressor) would race that removal and leave part of it behind. Linux only (/proc); elsewhere
 * nothing is waited for, as before.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
