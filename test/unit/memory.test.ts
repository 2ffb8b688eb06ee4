/**
 * Memory pacing (src/core/memory.ts): a minor collection every collectEveryBytes() moved (eight
 * of the largest chunk, within 2-4 MiB), which really frees young buffer garbage, and runPipeline counts every byte entering the process (a
 * source, a process's stdout, a transform that makes new buffers).
 */
import { describe, expect, test } from '@jest/globals';
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { constants, performance, PerformanceObserver } from 'node:perf_hooks';
import {
  COLLECT_MAX_BYTES,
  COLLECT_MIN_BYTES,
  collectEveryBytes,
  FULL_EVERY_BYTES,
  noteBytesMoved,
  pacingStats,
} from '../../src/core/memory.js';
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
  const KiB = 1024;

  /** Moves `bytes` in chunks of `chunk`. */
  function move(bytes: number, chunk: number): void {
    for (let left = bytes; left > 0; left -= chunk) noteBytesMoved(Math.min(chunk, left));
  }

  /** Moves chunks of `chunk` until a collection runs: the count of bytes is 0 after. */
  function countFromZero(chunk: number): void {
    const before = pacingStats().collections;
    while (pacingStats().collections === before) noteBytesMoved(chunk);
  }

  test('small chunks: a minor collection exactly once every COLLECT_MIN_BYTES', () => {
    expect(pacingStats().collector).toBe(true);
    noteBytesMoved(64 * KiB);
    expect(collectEveryBytes()).toBe(COLLECT_MIN_BYTES);
    countFromZero(64 * KiB);
    const start = pacingStats().collections;
    move(COLLECT_MIN_BYTES - 64 * KiB, 64 * KiB);
    expect(pacingStats().collections).toBe(start);
    noteBytesMoved(64 * KiB);
    expect(pacingStats().collections).toBe(start + 1);
    move(COLLECT_MIN_BYTES, 256 * KiB);
    expect(pacingStats().collections).toBe(start + 2);
    // The process's own global gets no gc(): the flag was on only while the collector was taken.
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  test('larger chunks space the collections out (eight chunks apart), up to COLLECT_MAX_BYTES', () => {
    noteBytesMoved(384 * KiB);
    expect(collectEveryBytes()).toBe(8 * 384 * KiB);
    noteBytesMoved(1024 * KiB);
    expect(collectEveryBytes()).toBe(COLLECT_MAX_BYTES);
    noteBytesMoved(16 * 1024 * KiB);
    expect(collectEveryBytes()).toBe(COLLECT_MAX_BYTES);
    countFromZero(KiB);
    const start = pacingStats().collections;
    move(COLLECT_MAX_BYTES - KiB, KiB);
    expect(pacingStats().collections).toBe(start);
    noteBytesMoved(KiB);
    expect(pacingStats().collections).toBe(start + 1);
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

  /** Moves bytes until a full collection has just run; the next collection is then a minor one. */
  function justAfterFull(): void {
    const every = collectEveryBytes();
    countFromZero(every);
    const fulls = pacingStats().fullCollections;
    for (let i = 0; i <= FULL_EVERY_BYTES / every && pacingStats().fullCollections === fulls; i++) noteBytesMoved(every);
    expect(pacingStats().fullCollections).toBe(fulls + 1);
  }

  test('a real minor collection runs, inside the call that crosses the threshold', async () => {
    justAfterFull();
    const every = collectEveryBytes();
    noteBytesMoved(every - 1);
    expect(await collectionKinds(() => noteBytesMoved(1))).toContain(constants.NODE_PERFORMANCE_GC_MINOR);
  });

  test('a full collection once FULL_EVERY_BYTES moved (it frees chunks promoted to the old generation)', async () => {
    justAfterFull();
    const every = collectEveryBytes();
    const fulls = pacingStats().fullCollections;
    move(FULL_EVERY_BYTES - every, every);
    expect(pacingStats().fullCollections).toBe(fulls);
    noteBytesMoved(every - 1);
    expect(await collectionKinds(() => noteBytesMoved(1))).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
    expect(pacingStats().fullCollections).toBe(fulls + 1);
  });
});

describe('runPipeline paces the bytes entering the process', () => {
  test("a process's stdout", async () => {
    const n = await collectionsDuring(() =>
      runPipeline([{ kind: 'process', cmd: 'head', args: ['-c', String(3 * COLLECT_MAX_BYTES), '/dev/zero'] }], new Discard()),
    );
    expect(n).toBeGreaterThanOrEqual(2);
  });

  test('a source stream', async () => {
    const chunks = Array.from({ length: (3 * COLLECT_MAX_BYTES) / MiB }, () => Buffer.alloc(MiB));
    const n = await collectionsDuring(() => runPipeline([{ kind: 'source', name: 'read', stream: Readable.from(chunks) }], new Discard()));
    expect(n).toBeGreaterThanOrEqual(2);
  });

  test('a transform that makes new buffers, and only one marked so', async () => {
    const bytes = 3 * COLLECT_MAX_BYTES;
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
