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
 * Bytes moved between two collections: the garbage the chunks make between them. Under Node 24
 * (the bench's), 4 MiB took a pgbench-50 restore from 84 to 78 MiB peak and its verify from 84 to
 * 80 MiB against 8 MiB, in the same time.
 */
export const COLLECT_EVERY_BYTES = 4 * 1024 * 1024;

/**
 * Every this many collections (128 MiB moved), a full one. The chunks in flight at a minor
 * collection survive it, and those alive at two are moved to the old generation, which only a
 * full collection frees; V8 starts one by itself only after tens of MiB of them (a 5 GB restore
 * grew by 12 MiB over its load). A full collection of this small heap takes a few ms.
 */
export const FULL_EVERY_COLLECTIONS = 32;

type GcFunction = (options?: { type: 'minor' }) => void;
type Collect = (full: boolean) => void;

let collect: Collect | null | undefined;
let moved = 0;
let collections = 0;

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

/** Counts `bytes` that just passed through this process; every COLLECT_EVERY_BYTES, a collection (see above). */
export function noteBytesMoved(bytes: number): void {
  moved += bytes;
  if (moved < COLLECT_EVERY_BYTES) return;
  moved = 0;
  collect ??= findCollector();
  if (!collect) return;
  collections++;
  collect(collections % FULL_EVERY_COLLECTIONS === 0);
}

/** How many collections the pacing ran, and whether this runtime has a collector (for tests). */
export function pacingStats(): { collections: number; collector: boolean } {
  collect ??= findCollector();
  return { collections, collector: collect !== null };
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
