/**
 * In-process parallel gzip and the measuring streams. The output must be what gzip tools read:
 * checked with zlib and with the real gzip binary (`gunzip -t`, `gunzip -c`).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CountStream, LastBytes, MeasureStream, ParallelGzip, PLAIN_DUMP_END_MARKER, TailSink } from '../../src/core/compress.js';
import { run } from '../../src/core/exec.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aza-compress-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SQL-like text with some entropy: compresses a few times, like a dump. */
function dumpLike(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `${i}\t${randomBytes(6).toString('hex')}\tcustomer ${i % 977}\t2024-01-${String((i % 28) + 1).padStart(2, '0')}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

async function gzipThrough(input: Buffer, opts: ConstructorParameters<typeof ParallelGzip>[0], chunk = 64 * 1024): Promise<Buffer> {
  const out: Buffer[] = [];
  const chunks: Buffer[] = [];
  for (let i = 0; i < input.length; i += chunk) chunks.push(input.subarray(i, i + chunk));
  await pipeline(
    Readable.from(chunks),
    new ParallelGzip(opts),
    new Writable({
      write(c: Buffer, _e, cb) {
        out.push(c);
        cb();
      },
    }),
  );
  return Buffer.concat(out);
}

/** Number of gzip members, found by decoding member after member. */
function countMembers(gz: Buffer): number {
  let n = 0;
  let rest = gz;
  while (rest.length > 0) {
    expect([rest[0], rest[1]]).toEqual([0x1f, 0x8b]);
    // The first member ends at the shortest prefix that inflates completely; candidates are the
    // positions where the next member's magic bytes start (or the end of the buffer).
    let end = 18;
    for (; end <= rest.length; end++) {
      if (end < rest.length && !(rest[end] === 0x1f && rest[end + 1] === 0x8b)) continue;
      try {
        gunzipSync(rest.subarray(0, end));
        break;
      } catch {
        // not a member boundary
      }
    }
    expect(end).toBeLessThanOrEqual(rest.length);
    n++;
    rest = rest.subarray(end);
  }
  return n;
}

describe('ParallelGzip', () => {
  test('multi-member output equals the input after gunzip (zlib), members in order', async () => {
    const input = dumpLike(3 * 1024 * 1024 + 12345);
    const gz = await gzipThrough(input, { level: 3, blockBytes: 256 * 1024, concurrency: 3 });
    expect(gunzipSync(gz).equals(input)).toBe(true);
    expect(gz.length).toBeLessThan(input.length / 2);
    // 3 MiB + a bit in 256 KiB blocks (64 KiB chunks add up to exactly 256 KiB): 13 members.
    expect(countMembers(gz)).toBe(13);
  });

  test('each member is exactly zlib gzip of its block (blocks cut at whole chunks)', async () => {
    const block = 100_000;
    const input = dumpLike(block * 5);
    const gz = await gzipThrough(input, { level: 6, blockBytes: block, concurrency: 2 }, block);
    const expected = Buffer.concat([0, 1, 2, 3, 4].map((i) => gzipSync(input.subarray(i * block, (i + 1) * block), { level: 6 })));
    expect(gz.equals(expected)).toBe(true);
  });

  test('the real gzip binary: gunzip -t passes and gunzip -c gives the input back', async () => {
    const input = dumpLike(2 * 1024 * 1024 + 7);
    const gz = await gzipThrough(input, { level: 1, blockBytes: 300 * 1024 });
    const file = join(dir, 'multi.sql.gz');
    writeFileSync(file, gz);
    const t = await run('gunzip', ['-t', file], { allowFailure: true });
    expect([t.code, t.stderr]).toEqual([0, '']);
    const c = await run('sh', ['-c', 'gunzip -c "$1" | sha256sum', 'sh', file]);
    expect(c.stdout.split(' ')[0]).toBe(createHash('sha256').update(input).digest('hex'));
  });

  test('a damaged member is caught by gunzip -t (the check is not vacuous)', async () => {
    const input = dumpLike(600 * 1024);
    const gz = await gzipThrough(input, { level: 3, blockBytes: 200 * 1024 });
    const bad = Buffer.from(gz);
    bad[Math.floor(bad.length / 2)]! ^= 0xff;
    const file = join(dir, 'bad.sql.gz');
    writeFileSync(file, bad);
    const t = await run('gunzip', ['-t', file], { allowFailure: true });
    expect(t.code).not.toBe(0);
  });

  test('small input: one member; no input: no bytes', async () => {
    const one = await gzipThrough(Buffer.from('SELECT 1;\n'), { level: 9 });
    expect(countMembers(one)).toBe(1);
    expect(gunzipSync(one).toString()).toBe('SELECT 1;\n');
    expect((await gzipThrough(Buffer.alloc(0), { level: 9 })).length).toBe(0);
  });

  test('higher levels compress more', async () => {
    const input = dumpLike(1024 * 1024);
    const fast = await gzipThrough(input, { level: 1, blockBytes: 256 * 1024 });
    const best = await gzipThrough(input, { level: 9, blockBytes: 256 * 1024 });
    expect(best.length).toBeLessThan(fast.length);
    expect(gunzipSync(best).equals(input)).toBe(true);
  });

  test('an invalid level fails the stream instead of writing garbage', async () => {
    await expect(gzipThrough(dumpLike(1000), { level: 42 })).rejects.toThrow();
  });

  test('the default block size and concurrency round-trip a large stream', async () => {
    const input = dumpLike(9 * 1024 * 1024);
    const gz = await gzipThrough(input, { level: 3 });
    expect(gunzipSync(gz).equals(input)).toBe(true);
    expect(countMembers(gz)).toBeGreaterThanOrEqual(2);
  });
});

describe('MeasureStream, CountStream, TailSink', () => {
  test('MeasureStream passes bytes through, counts them and hashes them', async () => {
    const input = randomBytes(300_000);
    const seen: number[] = [];
    const m = new MeasureStream((n) => seen.push(n));
    const out: Buffer[] = [];
    await pipeline(
      Readable.from([input.subarray(0, 1000), input.subarray(1000, 200_000), input.subarray(200_000)]),
      m,
      new Writable({
        write(c: Buffer, _e, cb) {
          out.push(c);
          cb();
        },
      }),
    );
    expect(Buffer.concat(out).equals(input)).toBe(true);
    expect(m.bytes).toBe(300_000);
    expect(m.sha256()).toBe(createHash('sha256').update(input).digest('hex'));
    expect(m.sha256()).toBe(m.sha256()); // stable when asked twice
    expect(seen).toEqual([1000, 200_000, 300_000]);
  });

  test('MeasureStream of a file equals sha256sum', async () => {
    const file = join(dir, 'hash.bin');
    writeFileSync(file, randomBytes(123_457));
    const m = new MeasureStream();
    await pipeline(Readable.from([readFileSync(file)]), m, new TailSink());
    const sum = (await run('sha256sum', [file])).stdout.split(' ')[0];
    expect(m.sha256()).toBe(sum);
  });

  test('CountStream counts', async () => {
    const c = new CountStream();
    await pipeline(Readable.from([Buffer.alloc(10), Buffer.alloc(5)]), c, new TailSink());
    expect(c.bytes).toBe(15);
  });

  test('TailSink keeps the last bytes across chunk boundaries', async () => {
    const body = `${'x'.repeat(50_000)}\n--\n${PLAIN_DUMP_END_MARKER}\n--\n\n`;
    const t = new TailSink(100);
    const buf = Buffer.from(body);
    await pipeline(Readable.from([buf.subarray(0, 49_990), buf.subarray(49_990, 50_010), buf.subarray(50_010)]), t);
    expect(t.bytes).toBe(buf.length);
    expect(t.text()).toBe(body.slice(-100));
    expect(t.text()).toContain(PLAIN_DUMP_END_MARKER);
  });

  test('LastBytes keeps the last bytes of chunks of every size, shorter and longer than it keeps', () => {
    const all = randomBytes(20_000);
    const last = new LastBytes(100);
    expect(last.text('latin1')).toBe('');
    let at = 0;
    for (const size of [1, 7, 50, 99, 100, 101, 3, 250, 0, 64, 36, 1000, 2, 98]) {
      last.push(all.subarray(at, at + size));
      at += size;
      expect(last.text('latin1')).toBe(all.subarray(Math.max(0, at - 100), at).toString('latin1'));
    }
  });
});
