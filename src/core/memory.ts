/**
 * Flat memory while bulk bytes pass through this process (a dump read back, a backup read for a
 * restore). Each chunk read from a pipe or a file is a fresh Buffer whose memory lives outside the
 * JS heap; V8 frees such garbage only after about 64 MiB of it has built up, so the peak grows
 * with the data moved. A minor collection every few MiB moved frees the chunks while they are
 * still young: measured on 500 MiB read from a child's pipe under Node 20, the peak fell from 82 to
 * 58 MiB and the read got faster (1.33 s to 1.18 s).
 */
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Bytes moved between two minor collections: the garbage the chunks make between them. The
 * fewer, the lower the peak, as long as a chunk dies young: one still in flight at two collections
 * is moved to the old generation, where only a full collection frees it. So the interval is
 * CHUNKS_PER_COLLECTION times the largest chunk seen, within these bounds. Under Node 24 (the
 * bench's), pgbench 50: restore and verify (chunks of at most 128 KiB) at 2 MiB peaked at 76-78 MiB
 * against 79-80 at 4 MiB, in the same wall time (3-6% more CPU); 1 MiB chunks (the backup's
 * read-back once read so) at 2 MiB peaked at up to 115 MiB on the mixed dataset (promoted).
 */
export const COLLECT_MIN_BYTES = 2 * 1024 * 1024;
export const COLLECT_MAX_BYTES = 4 * 1024 * 1024;
const CHUNKS_PER_COLLECTION = 8;

/**
 * A full collection once this many bytes moved. The chunks in flight at a minor collection
 * survive it, and those alive at two are moved to the old generation, which only a full
 * collection frees; V8 starts one by itself only after tens of MiB of them (a 5 GB restore grew by
 * 12 MiB over its load). A full collection of this small heap takes a few ms.
 */
export const FULL_EVERY_BYTES = 128 * 1024 * 1024;

type GcFunction = (options?: { type: 'minor' }) => void;
type Collect = (full: boolean) => void;

let collect: Collect | null | undefined;
let moved = 0;
let sinceFull = 0;
let largestChunk = 0;
let collections = 0;
let fullCollections = 0;

/**
 * Node: V8's gc(), taken from a fresh context with --expose-gc switched on for that moment only
 * (the process's own global gets nothing). Bun: Bun.gc(false) asks JavaScriptCore for a
 * collection without blocking (Bun.gc(true) would wait for a full one). Null where neither exists.
 */
function findCollector(): Collect | null {
  const bun = (globalThis as { Bun?: { gc?: (force: boolean) => void } }).Bun;
  if (bun) return typeof bun.gc === 'function' ? () => bun.gc!(false) : null;
  const exposed = (globalThis as { gc?: unknown }).gc;
  let gc: GcFunction | undefined = typeof exposed === 'function' ? (exposed as GcFunction) : undefined;
  if (!gc) {
    try {
      setFlagsFromString('--expose-gc');
      const fromContext: unknown = runInNewContext('gc');
      if (typeof fromContext === 'function') gc = fromContext as GcFunction;
    } catch {
      // no collector: pacing is a no-op
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  const v8gc = gc;
  // gc() without options is a full collection; Node 20's V8 takes any options object as minor.
  return v8gc ? (full) => (full ? v8gc() : v8gc({ type: 'minor' })) : null;
}

/** The bytes between two minor collections now (see COLLECT_MIN_BYTES). */
export function collectEveryBytes(): number {
  return Math.min(COLLECT_MAX_BYTES, Math.max(COLLECT_MIN_BYTES, CHUNKS_PER_COLLECTION * largestChunk));
}

/** Counts `bytes` (one chunk) that just passed through this process; every collectEveryBytes(), a collection (see above). */
export function noteBytesMoved(bytes: number): void {
  if (bytes > largestChunk) largestChunk = bytes;
  moved += bytes;
  if (moved < collectEveryBytes()) return;
  sinceFull += moved;
  moved = 0;
  collect ??= findCollector();
  if (!collect) return;
  collections++;
  const full = sinceFull >= FULL_EVERY_BYTES;
  if (full) {
    sinceFull = 0;
    fullCollections++;
  }
  collect(full);
}

/** How many collections the pacing ran (full ones among them), and whether this runtime has a collector (for tests). */
export function pacingStats(): { collections: number; fullCollections: number; collector: boolean } {
  collect ??= findCollector();
  return { collections, fullCollections, collector: collect !== null };
}

/** Passes chunks on unchanged, counting them with noteBytesMoved. */
export class PacedBytes extends Transform {
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    noteBytesMoved(chunk.length);
    callback(null, chunk);
  }
}

/** `source` read through PacedBytes, for a consumer outside runPipeline; an error of either ends the result. */
export function paced(source: Readable): Readable {
  return pipeline(source, new PacedBytes(), () => {});
}
