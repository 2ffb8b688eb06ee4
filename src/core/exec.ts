/**
 * The only place that starts processes. Arguments are arrays (never a shell); secrets travel in
 * the environment or a 0600 file, never in argv. Every child's exit status is checked, and every
 * stage of a pipeline too: a producer that dies must not leave a "successful" output behind.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { Duplex, Writable, type Readable, type Transform } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { containerCommand, isClientContainerPath } from './client-container.js';
import { AzaError } from './errors.js';
import { commandNotFound } from './tool-hints.js';
import { findOnPath, parentDeathWrapper, running, terminateAndWaitSync, withStdoutBuffer } from './child-exit.js';
import { settleWithin } from './wait.js';
import { PacedBytes } from './memory.js';

export { commandNotFound, installHint } from './tool-hints.js';
export { findOnPath } from './child-exit.js';

export interface RunOptions {
  /** Complete environment for the child (defaults to this process's environment). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string | Buffer;
  timeoutMs?: number;
  /** Run as this user (only possible as root). */
  uid?: number;
  gid?: number;
  /** Return a failed result instead of throwing. */
  allowFailure?: boolean;
  /** Files the child creates get this umask (e.g. 0o077 for 0600 files from creation). */
  umask?: number;
  /** Strings to scrub from any error text (passwords). */
  secrets?: string[];
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const STDERR_KEEP = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Cancellation: SIGINT/SIGTERM (and a cancelled job, which arrives as SIGINT then SIGTERM) kill
// live children and run cleanups, so no partial file survives an interrupted operation.
const liveChildren = new Set<ChildProcess>();
const cleanups = new Set<() => unknown>();
let handlersInstalled = false;

/**
 * How long an interrupted process waits for cleanups that need the network (aborting an object
 * store's multipart upload) before it exits anyway. A second Ctrl-C exits at once.
 */
export const INTERRUPT_CLEANUP_MS = 10_000;

/**
 * Registers a cleanup to run if the process is interrupted; returns its remover. A cleanup that
 * returns a promise (a request to a server) is awaited, at most INTERRUPT_CLEANUP_MS, before exit.
 */
export function onInterrupt(cleanup: () => unknown): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Faces call this once; the core never exits the process itself. */
export function installInterruptHandlers(log: (message: string) => void = () => {}): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const handle = (signal: NodeJS.Signals) => {
    log(`Received ${signal}: stopping child processes and removing partial files.`);
    // The cleanups remove what the children were writing: they exit first (a bounded wait).
    terminateAndWaitSync(liveChildren);
    const pending: Promise<void>[] = [];
    for (const cleanup of [...cleanups].reverse()) {
      try {
        const p = cleanup();
        if (p instanceof Promise) pending.push(p.catch(() => {}));
      } catch {
        // best effort: the next cleanup still runs
      }
    }
    const exit = () => process.exit(signal === 'SIGINT' ? 130 : 143);
    if (pending.length === 0) exit();
    else {
      setTimeout(exit, INTERRUPT_CLEANUP_MS);
      void Promise.all(pending).then(exit);
    }
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}

export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length > 0) out = out.split(s).join('***');
  }
  return out;
}

function tail(text: string, max = 2000): string {
  const t = text.trim();
  return t.length > max ? `…${t.slice(t.length - max)}` : t;
}

function withUmask<T>(umask: number | undefined, fn: () => T): T {
  if (umask === undefined) return fn();
  const previous = process.umask(umask);
  try {
    return fn();
  } finally {
    process.umask(previous);
  }
}

// ---------------------------------------------------------------------------------------------
// Every child is tracked (an interrupt stops it) and dies with us (child-exit.ts, parentDeathWrapper).

function spawnTracked(cmd: string, args: readonly string[], opts: SpawnOptions, umask?: number, stdoutBuffer?: number): ChildProcess {
  // A tool of a client container (see client-container.ts) runs through docker.
  const viaDocker = containerCommand(cmd, args, opts.env ?? process.env, umask);
  const buffered = viaDocker ? undefined : withStdoutBuffer(cmd, args, stdoutBuffer, (opts.env ?? process.env).PATH);
  const program = viaDocker ? viaDocker.cmd : (buffered?.cmd ?? cmd);
  const programArgs = viaDocker ? viaDocker.args : (buffered?.args ?? args);
  const wrapper = parentDeathWrapper();
  // A command that is not there is started directly, so its ENOENT reads as before.
  const wrapped = wrapper && findOnPath(program, (opts.env ?? process.env).PATH) !== undefined;
  const child = withUmask(umask, () =>
    wrapped
      ? spawn(wrapper, ['--pdeathsig', 'KILL', '--', program, ...programArgs], { ...opts, shell: false })
      : spawn(program, programArgs, { ...opts, shell: false }),
  );
  liveChildren.add(child);
  child.once('close', () => liveChildren.delete(child));
  child.once('error', () => liveChildren.delete(child));
  return child;
}

/** A long-lived child with pipes (a psql session), tracked so an interrupt stops it too; `as`: another user. */
type As = Pick<SpawnOptions, 'uid' | 'gid' | 'cwd'>;
export function spawnInteractive(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, as: As = {}): ChildProcess {
  return spawnTracked(cmd, args, { ...as, env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The program actually started for `cmd`: docker for a client container's tool. */
function launcher(cmd: string): string {
  return isClientContainerPath(cmd) ? 'docker' : cmd;
}

/** Runs one command to completion and returns its output; throws on failure unless allowed. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(
      cmd,
      args,
      {
        env: opts.env ?? process.env,
        cwd: opts.cwd,
        uid: opts.uid,
        gid: opts.gid,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
      opts.umask,
    );
    const out: Buffer[] = [];
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString('utf8');
      if (err.length > STDERR_KEEP * 2) err = err.slice(err.length - STDERR_KEEP);
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      if (e.code === 'ENOENT') reject(commandNotFound(launcher(cmd)));
      else reject(new AzaError('SPAWN_FAILED', `Could not start ${cmd}: ${e.message}`));
    });
    if (opts.timeoutMs) {
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, opts.timeoutMs);
    }
    child.stdin!.on('error', () => {
      // a child that exits without reading its input is judged by its exit status below
    });
    child.stdin!.end(opts.input ?? '');
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const result: RunResult = {
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: redact(err, opts.secrets),
      };
      if (timedOut) {
        reject(new AzaError('TIMEOUT', `${baseName(cmd)} did not finish within ${Math.round(opts.timeoutMs! / 1000)} s`));
        return;
      }
      if (code === 0 || opts.allowFailure) resolve(result);
      else reject(processFailure(cmd, code, signal, result.stderr));
    });
  });
}

function baseName(cmd: string): string {
  return cmd.split('/').pop() ?? cmd;
}

export function processFailure(cmd: string, code: number | null, signal: NodeJS.Signals | null, stderr: string): AzaError {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const detail = tail(stderr);
  return new AzaError('COMMAND_FAILED', `${baseName(cmd)} ${how}${detail ? `: ${detail}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Pipelines

export interface ProcessStage {
  kind: 'process';
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  umask?: number;
  /**
   * A stdio buffer of this many bytes for its stdout (see withStdoutBuffer), for a C program
   * that writes much through stdio into a pipe: pg_dump's plain SQL otherwise goes out in
   * 4 KiB writes, each one a wake-up of the reader.
   */
  stdoutBuffer?: number;
}

export interface TransformStage {
  kind: 'transform';
  name: string;
  stream: Transform;
  /** Its output is new buffers, not its input passed on (a decompressor): paced like bytes read in (memory.ts). */
  freshBuffers?: boolean;
}

/** An in-process producer (e.g. a file being read back), only as the first stage. */
export interface SourceStage {
  kind: 'source';
  name: string;
  stream: Readable;
}

export type Stage = SourceStage | ProcessStage | TransformStage;

export interface PipelineOptions {
  secrets?: string[];
  /** Called with the stderr text of a process stage as it arrives (e.g. pg_dump warnings). */
  onStderr?: (stage: string, text: string) => void;
}

/** A pipeline's end: an in-process stream, or an open file descriptor the last process writes to itself. */
export type PipelineSink = Writable | { fd: number };

/**
 * Runs `stages` as one pipeline into `sink`: the first stage is the producer (a process or a
 * source stream), later ones processes or in-process transforms. A process followed by another
 * process writes into it through a kernel pipe, and a last process writes into a file-descriptor
 * sink itself: those bytes never pass through this process. Resolves only when every stage exited
 * 0 and the sink finished; otherwise kills what still runs and rejects naming the stage that failed.
 */
export async function runPipeline(stages: Stage[], sink: PipelineSink, opts: PipelineOptions = {}): Promise<void> {
  const fdSink = sink instanceof Writable ? undefined : sink.fd;
  const malformed = stages[0]?.kind !== 'process' && stages[0]?.kind !== 'source';
  if (malformed || stages.slice(1).some((s) => s.kind === 'source') || (fdSink !== undefined && stages.at(-1)!.kind !== 'process')) {
    throw new AzaError('INTERNAL', 'A pipeline starts with one producer (a process or a source); a file descriptor sink follows a process');
  }
  const children: Array<{ stage: ProcessStage; child: ChildProcess; stderr: () => string; done: Promise<void> }> = [];
  const byIndex = new Map<number, ChildProcess>();

  const stopped = new Set<ChildProcess>();
  const killAll = () => {
    for (const c of children) {
      // A child that exited on its own before Node reaped it is not one we stopped: its own exit
      // status is the cause (a consumer that failed and so broke the pipe upstream).
      if (c.child.exitCode === null && c.child.signalCode === null && c.child.pid !== undefined && running(c.child.pid)) {
        stopped.add(c.child);
        c.child.kill('SIGTERM');
      }
    }
  };
  const isProcess = (i: number) => stages[i]?.kind === 'process';
  // Last to first, so a process can be handed the stdin of the one after it as its stdout.
  for (let i = stages.length - 1; i >= 0; i--) {
    const stage = stages[i]!;
    if (stage.kind !== 'process') continue;
    const next = byIndex.get(i + 1);
    const stdout = next ? next.stdin! : i === stages.length - 1 && fdSink !== undefined ? fdSink : 'pipe';
    const child = spawnTracked(
      stage.cmd,
      stage.args,
      { env: stage.env ?? process.env, stdio: [i === 0 ? 'ignore' : 'pipe', stdout, 'pipe'] },
      stage.umask,
      stage.stdoutBuffer,
    );
    // The child holds its own copy of the pipe; ours would keep the reader from ever seeing EOF.
    if (next) next.stdin!.destroy();
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      const text = d.toString('utf8');
      err += text;
      if (err.length > STDERR_KEEP * 2) err = err.slice(err.length - STDERR_KEEP);
      opts.onStderr?.(baseName(stage.cmd), redact(text, opts.secrets));
    });
    const done = new Promise<void>((resolve, reject) => {
      child.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'ENOENT'
            ? commandNotFound(launcher(stage.cmd))
            : new AzaError('SPAWN_FAILED', `Could not start ${stage.cmd}: ${e.message}`),
        ),
      );
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(processFailure(stage.cmd, code, signal, redact(err, opts.secrets)));
      });
    });
    // Attach a handler at once so an early failure is not an unhandled rejection.
    done.catch(() => {});
    children.unshift({ stage, child, stderr: () => err, done });
    byIndex.set(i, child);
    if (child.pid === undefined && isProcess(i - 1)) {
      // Not started (e.g. not installed): nothing could write into it; report its own error.
      killAll();
      await Promise.allSettled(children.map((c) => c.done));
      await done;
    }
  }

  // In-process streams; a run of processes joined by kernel pipes is one duplex (its first stdin, its last stdout).
  // What enters this process (a source, a process's stdout, a decompressor's output) is paced (memory.ts).
  const streams: Array<Readable | Writable | Duplex> = [];
  for (const [i, stage] of stages.entries()) {
    if (stage.kind !== 'process') {
      streams.push(stage.stream);
      if (stage.kind === 'source' || stage.freshBuffers) streams.push(new PacedBytes());
      continue;
    }
    if (isProcess(i - 1)) continue;
    let last = i;
    while (isProcess(last + 1)) last++;
    const writable = i === 0 ? undefined : byIndex.get(i)!.stdin!;
    const readable = last === stages.length - 1 && fdSink !== undefined ? undefined : byIndex.get(last)!.stdout!;
    const ends = writable && readable ? Duplex.from({ writable, readable }) : (writable ?? readable);
    if (ends) streams.push(ends);
    if (readable) streams.push(new PacedBytes());
  }
  if (fdSink === undefined) streams.push(sink as Writable);

  const flow = streams.length > 1 ? streamPipeline(streams as unknown as [Readable, ...Writable[]]) : Promise.resolve();
  flow.catch(() => {});
  // The first failure wins: a dead producer is reported as such, not as the EPIPE it causes.
  // A stage killed by a broken pipe is a symptom: the stage after it has exited, and its own
  // status is the cause; let that be seen before stopping anything, so it is not taken for a victim.
  const pipeVictim = (c: (typeof children)[number]) =>
    c.child.signalCode === 'SIGPIPE' || /Broken pipe|Connection reset by peer/.test(c.stderr());
  const outcomes = [
    // EPIPE on a child's stdin is the same symptom: that child has exited, and its status says why.
    flow.catch(async (e: unknown) => {
      if ((e as NodeJS.ErrnoException)?.code === 'EPIPE') await settleWithin(Promise.allSettled(children.map((c) => c.done)), 500);
      throw e;
    }),
    ...children.map((c) =>
      c.done.catch(async (e: unknown) => {
        if (pipeVictim(c)) await settleWithin(Promise.allSettled(children.filter((o) => o !== c).map((o) => o.done)), 500);
        throw e;
      }),
    ),
  ];
  try {
    await Promise.all(
      outcomes.map((p) =>
        p.catch((e) => {
          killAll();
          throw e;
        }),
      ),
    );
  } catch (first) {
    killAll();
    // Give the pipeline a moment to report an error of its own (a full disk), then destroy its
    // streams: one tied to a child that died or never started may otherwise never end (under
    // Bun, a pipeline through the stdin of a failed spawn never settles, and a killed child
    // whose stdout is not drained never closes).
    const flowOwn = await settleWithin(flow, 250);
    for (const s of streams) s.destroy();
    const childResults = await Promise.allSettled(children.map((c) => c.done));
    // A stage we stopped after another failure (however it died: pg_dump exits 1 on SIGTERM) or
    // whose reader went away (EPIPE) is a victim: a missing zstd is not "pg_dump was killed".
    const victim = (c: (typeof children)[number]) => stopped.has(c.child) || pipeVictim(c);
    const cause = children
      .map((c, i) => ({ c, s: childResults[i]! }))
      .find((x): x is { c: (typeof children)[number]; s: PromiseRejectedResult } => x.s.status === 'rejected' && !victim(x.c));
    // Prefer a stage's own failure, the producer's first (it explains an early EOF), unless the
    // sink failed for a reason of its own, such as a full disk.
    const flowError = flowOwn?.status === 'rejected' ? flowOwn.reason : undefined;
    if (flowError && isSinkError(flowError)) throw flowError;
    throw cause?.s.reason ?? flowError ?? first;
  }
}

function isSinkError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' || code === 'EACCES' || code === 'EROFS' || e instanceof AzaError;
}

/** Synchronous run, only for last-moment cleanup in an exit handler (e.g. stopping a cluster). */
export function runSyncForCleanup(
  cmd: string,
  args: readonly string[],
  opts: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {},
): void {
  spawnSync(cmd, args, { ...opts, stdio: 'ignore', timeout: 30000 });
}

/** Shell-quotes one word for a command shown to a person (never executed by us). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
