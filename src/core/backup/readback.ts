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
import { createHash } from 'node:crypto';
import { AzaError, toAzaError } from '../errors.js';
import { run, runPipeline, type Stage } from '../exec.js';
import { gunzipProcess } from '../gzip-tool.js';
import { fsyncPath, fsyncTree, sha256File } from '../fs.js';
import { MeasureStream, PLAIN_DUMP_END_MARKER, TailSink } from '../compress.js';
import { directoryDigestInput, type ManifestFile } from '../manifest.js';
import type { BackupPlan } from './plan.js';

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
/**
 * The follower's reads: small enough that a chunk has left the process before two pacing
 * collections (see memory.ts), so it dies young. 1 MiB reads peaked at 74-77 MiB on the mixed
 * dataset, 256 KiB at 68-72, in the same time.
 */
const READ_CHUNK = 256 * 1024;

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
  /** Set when the file turned out shorter than the writer said: the cause of whatever failed after. */
  short: Error | undefined;

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

  /** Resolves when the writer made progress or after a short poll interval. */
  private async waitForWriter(): Promise<void> {
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
      if (final !== undefined) {
        this.short = new Error(`the file ends at byte ${offset}, before the ${final} bytes written`);
        throw this.short;
      }
      await this.waitForWriter();
    }
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
      // A read of less than half the buffer is copied out and the buffer kept for the next one; a
      // larger one is handed on. (Handing on every read left a 1 MiB buffer of garbage per poll.)
      if (n < READ_CHUNK / 2) {
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

/** A read-back that follows the temp file while the dump writes it. */
export interface FollowedReadBack {
  /** The writer finished and fsynced at `sizeBytes`: read the rest and return the checks' result. */
  finish(sizeBytes: number): Promise<Checked>;
  /** The dump failed: stop reading, stop the read-back's children and wait until they are gone. */
  stop(): Promise<void>;
}

/** Starts reading back a plain dump (gzip, zstd or uncompressed) while it is written to `path`. */
export function followWritten(plan: Pick<BackupPlan, 'integrity' | 'igzip'>, path: string): FollowedReadBack {
  const file = new GrowingFile(path);
  const checked = readPlain(plan, file);
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
  { integrity, igzip }: Pick<BackupPlan, 'integrity' | 'igzip'>,
  file: GrowingFile,
): Promise<{ sizeBytes: number; sha256: string; tail: string; uncompressedBytes?: number }> {
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
    // ("N bytes … copied"). The inflater is igzip, pigz or gzip (gzip-tool.ts).
    stages.push(
      gunzipProcess(igzip, process.env.PATH),
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
  try {
    await runPipeline(stages, tail, { onStderr: (stage, text) => stage === counter && (says = `${says}${text}`.slice(-4096)) });
  } catch (e) {
    // A file shorter than written also cuts the decompressor's input: whichever failure the
    // pipeline saw first, the short file is the cause.
    throw file.short ?? e;
  }
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
export async function verifyWritten(plan: BackupPlan, env: NodeJS.ProcessEnv): Promise<Checked> {
  if (plan.integrity === 'pg_restore') return verifyArchive(plan, env);
  const readBack = followWritten(plan, plan.tempPath);
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
