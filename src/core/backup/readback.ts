/**
 * The backup's read-back: every byte of the written file is read again, hashed and decompressed
 * in full (zstd's frame checksum, gzip's CRCs), and the dump must end with pg_dump's end marker.
 *
 * For the plain stream writers the read-back follows the temp file while it grows: those writers
 * only append, so the bytes below the file's current size are final and can be checked while the
 * dump still runs. When the writer has finished and fsynced, only its last bytes remain to read.
 */
import { promises as fsp, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { gunzip as gunzipCallback, type ZlibOptions } from 'node:zlib';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { AzaError, toAzaError } from '../errors.js';
import { findOnPath, run, runPipeline, type Stage } from '../exec.js';
import { fsyncPath, fsyncTree, sha256File } from '../fs.js';
import { GZIP_BLOCK_BYTES, gzipOutputBound, MeasureStream, PLAIN_DUMP_END_MARKER, TailSink } from '../compress.js';
import { directoryDigestInput, type ManifestFile } from '../manifest.js';
import type { BackupPlan } from './plan.js';

const gunzipAsync = promisify(gunzipCallback) as (buf: Buffer, opts: ZlibOptions) => Promise<Buffer>;

export interface Checked {
  sizeBytes: number;
  sha256: string;
  files?: ManifestFile[];
  /** The dump's size as read back decompressed (plain formats). */
  uncompressedBytes?: number;
}

/**
 * How long the follower waits before looking again for bytes the writer has not written yet: it
 * backs off while nothing comes (few wake-ups, larger reads) and the writer's end wakes it at once.
 */
const POLL_MIN_MS = 8;
const POLL_MAX_MS = 64;
const READ_CHUNK = 1024 * 1024;

/**
 * Reads a file that a writer is still appending to. A read waits until the bytes it asks for are
 * there; once the writer's final size is known, reading stops exactly there.
 */
export class GrowingFile {
  private fh: FileHandle | undefined;
  private finalSize: number | undefined;
  private stopped: Error | undefined;
  private wake: (() => void) | undefined;
  private pollMs = POLL_MIN_MS;

  constructor(private readonly path: string) {}

  /** The writer finished (and fsynced) the file at this size. */
  end(sizeBytes: number): void {
    this.finalSize = sizeBytes;
    this.wake?.();
  }

  /** Makes every pending and later read fail with `reason` (the dump failed). */
  stop(reason: Error): void {
    this.stopped = reason;
    this.wake?.();
  }

  /** The final size once known (after end()). */
  get size(): number | undefined {
    return this.finalSize;
  }

  /** Resolves when the writer made progress or after a short poll interval. */
  async waitForWriter(): Promise<void> {
    if (this.stopped) throw this.stopped;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      this.pollMs = Math.min(POLL_MAX_MS, this.pollMs * 2);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = undefined;
    if (this.stopped) throw this.stopped;
  }

  /** Reads up to `length` bytes at `offset` into `buf`, waiting for the writer; 0 only at the final end. */
  async read(buf: Buffer, length: number, offset: number): Promise<number> {
    for (;;) {
      if (this.stopped) throw this.stopped;
      this.fh ??= await fsp.open(this.path, 'r');
      const final = this.finalSize;
      const want = final === undefined ? length : Math.min(length, final - offset);
      if (want <= 0) return 0;
      const { bytesRead } = await this.fh.read(buf, 0, want, offset);
      if (bytesRead > 0) {
        this.pollMs = POLL_MIN_MS;
        return bytesRead;
      }
      if (final !== undefined) throw new Error(`the file ends at byte ${offset}, before the ${final} bytes written`);
      await this.waitForWriter();
    }
  }

  /** Reads exactly `length` bytes at `offset` (waiting for the writer), or fails if the file ends first. */
  async readExactly(length: number, offset: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const n = await this.read(buf.subarray(got), length - got, offset + got);
      if (n === 0) throw new Error(`the file ends inside gzip member at byte ${offset}`);
      got += n;
    }
    return buf;
  }

  /** The whole file in order, as a stream, to its final size. */
  stream(): Readable {
    return Readable.from(this.chunks(), { objectMode: false });
  }

  private async *chunks(): AsyncGenerator<Buffer> {
    let offset = 0;
    let buf = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      const n = await this.read(buf, READ_CHUNK, offset);
      if (n === 0) return;
      offset += n;
      // A small read is copied out and its buffer kept for the next one; a large one is handed on.
      if (n < READ_CHUNK / 16) {
        yield Buffer.from(buf.subarray(0, n));
      } else {
        yield buf.subarray(0, n);
        buf = Buffer.allocUnsafe(READ_CHUNK);
      }
    }
  }

  async close(): Promise<void> {
    await this.fh?.close().catch(() => {});
    this.fh = undefined;
  }
}

export interface MemberCheck {
  sizeBytes: number;
  sha256: string;
  /** The last few KiB of the decompressed data (to check how the dump ends). */
  tail: string;
}

/**
 * Reads back a file written by ParallelGzip, member by member as each is fully on disk, and
 * decompresses every member in full on the thread pool while hashing the file in order.
 * `memberSizes` may still grow while the file does (ParallelGzip records a member before it
 * writes it); once the file's final size is known, the sizes must tile it exactly. Any damage
 * makes zlib fail on its member.
 */
export async function readGzipMembers(
  file: GrowingFile,
  memberSizes: readonly number[],
  opts: { blockBytes?: number; concurrency?: number } = {},
): Promise<MemberCheck> {
  // One member at a time: while the dump runs the follower keeps up with it, and holds one block, not several.
  const concurrency = opts.concurrency ?? 1;
  // One output buffer per member (a block is at most blockBytes plus one input chunk).
  const zlibOptions: ZlibOptions = { chunkSize: gzipOutputBound(opts.blockBytes ?? GZIP_BLOCK_BYTES) + 1024 * 1024 };
  const hash = createHash('sha256');
  const inFlight: Array<Promise<Buffer>> = [];
  let tail = Buffer.alloc(0);
  const keepTail = (out: Buffer) => {
    tail = Buffer.concat([tail, out.subarray(-4096)]).subarray(-4096);
  };
  try {
    let offset = 0;
    for (let i = 0; ; i++) {
      // The sizes are complete once the writer has ended; until then a member may not be recorded yet.
      while (memberSizes[i] === undefined && file.size === undefined) await file.waitForWriter();
      const memberSize = memberSizes[i];
      if (memberSize === undefined) break;
      const buf = await file.readExactly(memberSize, offset);
      hash.update(buf);
      offset += memberSize;
      const p = gunzipAsync(buf, zlibOptions);
      p.catch(() => {}); // awaited in order below
      inFlight.push(p);
      while (inFlight.length >= concurrency) keepTail(await inFlight.shift()!);
    }
    while (inFlight.length > 0) keepTail(await inFlight.shift()!);
    const size = file.size!;
    if (offset !== size) throw new Error(`the file has ${size - offset} bytes after its last gzip member`);
    return { sizeBytes: size, sha256: hash.digest('hex'), tail: tail.toString('utf8') };
  } finally {
    await Promise.allSettled(inFlight);
  }
}

/** checkGzipMembers on a file already complete. */
export async function checkGzipMembers(
  path: string,
  memberSizes: readonly number[],
  opts: { blockBytes?: number; concurrency?: number } = {},
): Promise<MemberCheck> {
  const file = new GrowingFile(path);
  try {
    file.end(statSync(path).size);
    return await readGzipMembers(file, memberSizes, opts);
  } finally {
    await file.close();
  }
}

/** A read-back that follows the temp file while the dump writes it. */
export interface FollowedReadBack {
  /** The writer finished and fsynced at `sizeBytes`: read the rest and return the checks' result. */
  finish(sizeBytes: number): Promise<Checked>;
  /** The dump failed: stop reading, stop the read-back's children and wait until they are gone. */
  stop(): Promise<void>;
}

/**
 * Starts reading back a plain dump (gzip, zstd or uncompressed) while it is written to `path`.
 * For our own gzip, `gzipMembers` is the writer's live list of member sizes.
 */
export function followWritten(plan: Pick<BackupPlan, 'integrity'>, path: string, gzipMembers?: readonly number[]): FollowedReadBack {
  const file = new GrowingFile(path);
  const checked = readPlain(plan.integrity, file, gzipMembers);
  checked.catch(() => {}); // awaited by finish(), or settled by stop()
  return {
    async finish(sizeBytes) {
      file.end(sizeBytes);
      try {
        return checkEnd(await checked.catch(notDecompressed));
      } finally {
        await file.close();
      }
    },
    async stop() {
      file.stop(new Error('the dump failed'));
      await checked.catch(() => {});
      await file.close();
    },
  };
}

async function readPlain(
  integrity: BackupPlan['integrity'],
  file: GrowingFile,
  gzipMembers?: readonly number[],
): Promise<{ sizeBytes: number; sha256: string; tail: string; uncompressedBytes?: number }> {
  // Our own gzip: its members are known, so they decompress in parallel.
  if (integrity === 'gunzip' && gzipMembers) return readGzipMembers(file, gzipMembers);
  const measured = new MeasureStream();
  const tail = new TailSink();
  const stages: Stage[] = [
    { kind: 'source', name: 'read', stream: file.stream() },
    { kind: 'transform', name: 'sha256', stream: measured },
  ];
  // The decompressor runs as a child and its output reaches only `tail`, through kernel pipes: the
  // dump's hundreds of MiB never become buffers in this process (in-process zlib left up to its
  // output's worth of garbage between collections: 88-98 MiB peak instead of 60-80).
  let says = '';
  if (integrity === 'gunzip') {
    // gzip checks every member's CRC and length; dd counts the dump's bytes on their way to tail
    // ("N bytes … copied"). pigz inflates about 4x faster than gzip where it is installed.
    const gunzip = findOnPath('pigz', process.env.PATH) ? 'pigz' : 'gzip';
    stages.push(
      { kind: 'process', cmd: gunzip, args: ['-d', '-c'] },
      { kind: 'process', cmd: 'dd', args: ['bs=1048576'], env: { ...process.env, LC_ALL: 'C' } },
      { kind: 'process', cmd: 'tail', args: ['-c', '4096'] },
    );
  }
  if (integrity === 'zstd') {
    // zstd decompresses in full (checking its frame checksum) straight into tail, through a
    // kernel pipe; -v makes it end with "<name> : <bytes> bytes", the size of the dump.
    stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-v', '-c'] }, { kind: 'process', cmd: 'tail', args: ['-c', '4096'] });
  }
  const counter = integrity === 'zstd' ? 'zstd' : 'dd';
  await runPipeline(stages, tail, { onStderr: (stage, text) => stage === counter && (says = `${says}${text}`.slice(-4096)) });
  // zstd: "<name> : <bytes> bytes"; dd: "<bytes> bytes (…) copied" (GNU) or "<bytes> bytes transferred" (BSD).
  const decoded = /(\d+) bytes\b[^\n]*\s*$/.exec(says);
  const uncompressedBytes = integrity === 'plain' ? tail.bytes : decoded ? Number(decoded[1]) : undefined;
  return { sizeBytes: measured.bytes, sha256: measured.sha256(), tail: tail.text(), uncompressedBytes };
}

function notDecompressed(e: unknown): never {
  throw new AzaError(
    'INTEGRITY_FAILED',
    `The written backup does not decompress: ${toAzaError(e).message}`,
    'The file is damaged; take the backup again.',
    {
      cause: e,
    },
  );
}

function checkEnd(checked: { sizeBytes: number; sha256: string; tail: string; uncompressedBytes?: number }): Checked {
  if (!checked.tail.includes(PLAIN_DUMP_END_MARKER)) {
    throw new AzaError(
      'INTEGRITY_FAILED',
      'The written dump is incomplete: it lacks pg_dump\'s "dump complete" line',
      'pg_dump stopped early; check its errors and take the backup again.',
    );
  }
  const { sizeBytes, sha256, uncompressedBytes } = checked;
  return { sizeBytes, sha256, ...(uncompressedBytes !== undefined ? { uncompressedBytes } : {}) };
}

/** Reads the written output back in full: decompresses it and checks that the dump is complete. */
export async function verifyWritten(plan: BackupPlan, env: NodeJS.ProcessEnv, gzipMembers?: readonly number[]): Promise<Checked> {
  if (plan.integrity === 'pg_restore') return verifyArchive(plan, env);
  const readBack = followWritten(plan, plan.tempPath, gzipMembers);
  return readBack.finish(statSync(plan.tempPath).size);
}

async function verifyArchive(plan: BackupPlan, env: NodeJS.ProcessEnv): Promise<Checked> {
  const pgRestore = join(plan.pgDumpPath, '..', 'pg_restore');
  // pg_restore reads every entry and decompresses all data to produce the script.
  const restoreCheck = run(pgRestore, ['--file=/dev/null', plan.tempPath], { env }).catch((e) => {
    throw new AzaError(
      'INTEGRITY_FAILED',
      `The written archive does not read back: ${toAzaError(e).message}`,
      'The dump is damaged; take the backup again.',
    );
  });
  if (plan.format === 'directory') {
    await fsyncTree(plan.tempPath);
    const files: ManifestFile[] = [];
    for (const name of (await fsp.readdir(plan.tempPath)).sort()) {
      const p = join(plan.tempPath, name);
      files.push({ path: relative(plan.tempPath, p), sizeBytes: statSync(p).size, sha256: await sha256File(p) });
    }
    await restoreCheck;
    return {
      files,
      sizeBytes: files.reduce((s, f) => s + f.sizeBytes, 0),
      sha256: createHash('sha256').update(directoryDigestInput(files)).digest('hex'),
    };
  }
  await fsyncPath(plan.tempPath);
  const [sha256] = await Promise.all([sha256File(plan.tempPath), restoreCheck]);
  return { sizeBytes: statSync(plan.tempPath).size, sha256 };
}
