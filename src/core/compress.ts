/**
 * Streaming compression and checksums for backups.
 *
 * gzip is done in-process and in parallel: the stream is cut into blocks, each block becomes an
 * independent gzip member compressed on libuv's thread pool, and the members are written in
 * order. Concatenated members are a valid gzip file (RFC 1952 §2.2): `gunzip -t` and
 * `gunzip -c | psql` read them as one stream. Blocks of a few MiB cost well under 1% of ratio
 * and let compression use every core while pg_dump and the server use theirs.
 */
import { createHash, type Hash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { gzip as gzipCallback, type ZlibOptions } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzipCallback) as (buf: Buffer, opts: ZlibOptions) => Promise<Buffer>;

export const GZIP_BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * zlib's deflateBound for one block plus the gzip header and trailer: an output buffer this big
 * takes a whole member in one pass. With zlib's default 16 KiB chunks, every 16 KiB of output
 * is another round trip between the thread pool and the main thread (15-25% slower on data
 * that compresses 2-3x, measured with the benchmark's mixed dataset).
 */
export function gzipOutputBound(blockBytes: number): number {
  return blockBytes + (blockBytes >>> 12) + (blockBytes >>> 14) + (blockBytes >>> 25) + 64;
}

/**
 * libuv runs zlib jobs on its thread pool, 4 threads unless UV_THREADPOOL_SIZE says otherwise.
 * More blocks in flight than threads only hold memory (4 MiB in, up to 4 MiB out each), so the
 * concurrency follows the smaller of cores and pool threads.
 */
export function defaultGzipConcurrency(cores = availableParallelism(), env: NodeJS.ProcessEnv = process.env): number {
  const pool = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
  const threads = Number.isInteger(pool) && pool > 0 ? Math.min(pool, 1024) : 4;
  // One more block in flight than threads keeps the pool busy while the oldest result is written.
  return Math.max(2, Math.min(cores, threads) + 1);
}

/**
 * The zlib level that writes, under the running runtime, what `level` writes under node. Bun's
 * zlib picks other algorithms per level (zlib-ng style): its level 1 is a quick pass that wrote a
 * pg_dump 47% larger than node's level 1, its 5-6 are 1-3% larger than node's, its 9 larger than
 * its 8. Measured on pg_dump output (test/integration/backup-gzip-runtimes.test.ts): bun's 2
 * matches node's 1 within 1%, its 7 node's 5-6, its 8 node's 9; the time is of the same order.
 */
export function runtimeGzipLevel(level: number, versions: NodeJS.ProcessVersions = process.versions): number {
  if (!versions.bun) return level;
  return ({ 1: 2, 5: 7, 6: 7, 9: 8 } as Record<number, number>)[level] ?? level;
}

export class ParallelGzip extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly inFlight: Array<Promise<Buffer>> = [];
  private readonly level: number;
  private readonly blockBytes: number;
  private readonly concurrency: number;
  private readonly zlibOptions: ZlibOptions;

  constructor(opts: { level: number; blockBytes?: number; concurrency?: number }) {
    super();
    this.level = opts.level;
    this.blockBytes = opts.blockBytes ?? GZIP_BLOCK_BYTES;
    this.concurrency = opts.concurrency ?? defaultGzipConcurrency();
    this.zlibOptions = { level: runtimeGzipLevel(this.level), chunkSize: gzipOutputBound(this.blockBytes) };
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.blockBytes) {
      callback();
      return;
    }
    this.startBlock();
    this.drain(this.concurrency - 1).then(() => callback(), callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.pendingBytes > 0) this.startBlock();
    this.drain(0).then(() => callback(), callback);
  }

  private startBlock(): void {
    const block = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const p = gzipAsync(block, this.zlibOptions);
    p.catch(() => {}); // awaited in order by drain(); avoid an unhandled rejection meanwhile
    this.inFlight.push(p);
  }

  /** Writes finished blocks, oldest first, until at most `keep` remain in flight. */
  private async drain(keep: number): Promise<void> {
    while (this.inFlight.length > keep) {
      const out = await this.inFlight.shift()!;
      this.push(out);
    }
  }
}

/** Passes bytes through while counting them and hashing them (sha256). */
export class MeasureStream extends Transform {
  bytes = 0;
  private readonly hash: Hash = createHash('sha256');
  private digest: string | undefined;

  constructor(private readonly onBytes?: (total: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    this.onBytes?.(this.bytes);
    callback(null, chunk);
  }

  sha256(): string {
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }
}

/** Counts bytes only (for the uncompressed side, where hashing would be wasted work). */
export class CountStream extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

/**
 * The last `keep` bytes of a stream, in one buffer allocated once: a chunk costs a copy of at most
 * `keep` bytes and no allocation (a string or a Buffer.concat per chunk made garbage at the rate
 * of the stream, and the collections it caused kept in-flight chunks alive till a full GC).
 */
export class LastBytes {
  private readonly buf: Buffer;
  private length = 0;
  constructor(keep = 4096) {
    this.buf = Buffer.alloc(keep);
  }
  push(chunk: Buffer): void {
    const keep = this.buf.length;
    if (chunk.length >= keep) {
      chunk.copy(this.buf, 0, chunk.length - keep);
      this.length = keep;
      return;
    }
    const kept = Math.min(this.length, keep - chunk.length);
    this.buf.copyWithin(0, this.length - kept, this.length);
    chunk.copy(this.buf, kept);
    this.length = kept + chunk.length;
  }
  text(encoding: BufferEncoding = 'utf8'): string {
    return this.buf.toString(encoding, 0, this.length);
  }
}

/** A sink that discards data but keeps the last `keep` bytes (to check how a dump ends). */
export class TailSink extends Writable {
  private readonly tail: LastBytes;
  bytes = 0;
  constructor(keep = 4096) {
    super();
    this.tail = new LastBytes(keep);
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (e?: Error | null) => void): void {
    this.bytes += chunk.length;
    this.tail.push(chunk);
    callback();
  }
  text(): string {
    return this.tail.text();
  }
}

/** pg_dump ends every complete plain dump with this line; its absence means a cut-short dump. */
export const PLAIN_DUMP_END_MARKER = '-- PostgreSQL database dump complete';
