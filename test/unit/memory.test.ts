/**
 * Memory pacing (src/core/memory.ts): a minor collection every COLLECT_EVERY_BYTES moved, which
 * really frees young buffer garbage, and runPipeline counts every byte entering the process (a
 * source, a process's stdout, a transform that makes new buffers).
 */
import { describe, expect, test } from '@jest/globals';
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { constants, performance, PerformanceObserver } from 'node:perf_hooks';
import { COLLECT_EVERY_BYTES, FULL_EVERY_COLLECTIONS, noteBytesMoved, pacingStats } from '../../src/core/memory.js';
import { runPipeline } from '../../src/core/exec.js';

const MiB = 1024 * 1024;

class Discard extends Writable {
  override _write(_c: Buffer, _e: BufferEncoding, cb: () => void): void {
    cb();
  }
}

/** Ignores its input and makes `bytes` of new buffers at its end. */
class Maker extends Transform {
  constructor(private readonly bytes: number) {
    super();
  }
  override _transform(_c: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    cb();
  }
  override _flush(cb: TransformCallback): void {
    for (let left = this.bytes; left > 0; left -= MiB) this.push(Buffer.alloc(Math.min(MiB, left)));
    cb();
  }
}

/** Collections run while `fn` moves bytes. */
async function collectionsDuring(fn: () => Promise<void>): Promise<number> {
  const before = pacingStats().collections;
  await fn();
  return pacingStats().collections - before;
}

describe('noteBytesMoved', () => {
  test('Node has a collector, and it runs exactly once every COLLECT_EVERY_BYTES', () => {
    expect(pacingStats().collector).toBe(true);
    noteBytesMoved(COLLECT_EVERY_BYTES); // whatever was counted before, the count starts at 0 now
    const start = pacingStats().collections;
    noteBytesMoved(COLLECT_EVERY_BYTES - 1);
    expect(pacingStats().collections).toBe(start);
    noteBytesMoved(1);
    expect(pacingStats().collections).toBe(start + 1);
    for (let i = 0; i < 4; i++) noteBytesMoved(COLLECT_EVERY_BYTES / 4);
    expect(pacingStats().collections).toBe(start + 2);
    // The process's own global gets no gc(): the flag was on only while the collector was taken.
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  /** The kinds of the collections V8 ran while `fn` ran (entries arrive a turn or so later). */
  async function collectionKinds(fn: () => void): Promise<number[]> {
    const seen: Array<{ startTime: number; kind: number }> = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        seen.push({ startTime: e.startTime, kind: (e as { detail?: { kind?: number } }).detail?.kind ?? 0 });
    });
    observer.observe({ entryTypes: ['gc'] });
    try {
      const from = performance.now();
      fn();
      const to = performance.now();
      const inCall = () => seen.filter((e) => e.startTime >= from && e.startTime <= to).map((e) => e.kind);
      for (let turn = 0; turn < 200 && inCall().length === 0; turn++) await nextTurn();
      return inCall();
    } finally {
      observer.disconnect();
    }
  }

  /** Moves bytes until the next collection is the n-th of a cycle of FULL_EVERY_COLLECTIONS (1-based). */
  function nextCollectionIs(n: number): void {
    noteBytesMoved(COLLECT_EVERY_BYTES); // the count starts at 0
    while ((pacingStats().collections + 1) % FULL_EVERY_COLLECTIONS !== n % FULL_EVERY_COLLECTIONS) noteBytesMoved(COLLECT_EVERY_BYTES);
    noteBytesMoved(COLLECT_EVERY_BYTES - 1);
  }

  test('a real minor collection runs, inside the call that crosses the threshold', async () => {
    nextCollectionIs(1);
    expect(await collectionKinds(() => noteBytesMoved(1))).toContain(constants.NODE_PERFORMANCE_GC_MINOR);
  });

  test('every FULL_EVERY_COLLECTIONS-th collection is a full one (it frees chunks promoted to the old generation)', async () => {
    nextCollectionIs(FULL_EVERY_COLLECTIONS);
    expect(await collectionKinds(() => noteBytesMoved(1))).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
  });
});

describe('runPipeline paces the bytes entering the process', () => {
  test("a process's stdout", async () => {
    const n = await collectionsDuring(() =>
      runPipeline([{ kind: 'process', cmd: 'head', args: ['-c', String(3 * COLLECT_EVERY_BYTES), '/dev/zero'] }], new Discard()),
    );
    expect(n).toBeGreaterThanOrEqual(2);
  });

  test('a source stream', async () => {
    const chunks = Array.from({ length: (3 * COLLECT_EVERY_BYTES) / MiB }, () => Buffer.alloc(MiB));
    const n = await collectionsDuring(() => runPipeline([{ kind: 'source', name: 'read', stream: Readable.from(chunks) }], new Discard()));
    expect(n).toBeGreaterThanOrEqual(2);
  });

  test('a transform that makes new buffers, and only one marked so', async () => {
    const bytes = 3 * COLLECT_EVERY_BYTES;
    const source = () => ({ kind: 'source' as const, name: 'read', stream: Readable.from([Buffer.alloc(1)]) });
    const marked = await collectionsDuring(() =>
      runPipeline([source(), { kind: 'transform', name: 'make', stream: new Maker(bytes), freshBuffers: true }], new Discard()),
    );
    expect(marked).toBeGreaterThanOrEqual(2);
    const unmarked = await collectionsDuring(() =>
      runPipeline([source(), { kind: 'transform', name: 'make', stream: new Maker(bytes) }], new Discard()),
    );
    expect(unmarked).toBeLessThanOrEqual(1);
  });
});
