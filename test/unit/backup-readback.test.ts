/**
 * The backup's read-back (verifyWritten) still fails a bad file on every route, now that zstd and
 * uncompressed dumps reach the file through kernel pipes and the sha256 comes from the read-back:
 * each check is shown failing a file damaged in the way only it catches. Real zstd and gzip
 * write the files; the dump text is pg_dump's shape (it ends with its marker line).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAIN_DUMP_END_MARKER } from '../../src/core/compress.js';
import { run } from '../../src/core/exec.js';
import type { BackupPlan } from '../../src/core/backup/plan.js';
import { followWritten, verifyWritten } from '../../src/core/backup/readback.js';
import { azaRejectionOf } from '../harness/expect-errors.js';

let dir: string;
const body = Array.from({ length: 40000 }, (_, i) => `${i}\t${createHash('md5').update(String(i)).digest('hex')}\n`).join('');
const complete = `--\n-- PostgreSQL database dump\n--\nCOPY t FROM stdin;\n${body}\\.\n\n${PLAIN_DUMP_END_MARKER}\n--\n`;
const cutShort = `--\n-- PostgreSQL database dump\n--\nCOPY t FROM stdin;\n${body.slice(0, body.length / 2)}`;

const planFor = (integrity: BackupPlan['integrity'], tempPath: string) => ({ integrity, tempPath, format: 'plain' }) as BackupPlan;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function flipByteIn(path: string, at: number): void {
  const b = readFileSync(path);
  b[at] = b[at]! ^ 0xff;
  writeFileSync(path, b);
}

async function zstdFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(`${path}.in`, text);
  await run('zstd', ['-q', '-f', '--check', `${path}.in`, '-o', path]);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aza-readback-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plain zstd (written by the kernel pipe, so only the read-back sees the bytes)', () => {
  test('a good file: its sha256 and the dump size come from the read-back', async () => {
    const path = await zstdFile('good.sql.zst', complete);
    const c = await verifyWritten(planFor('zstd', path), process.env);
    expect(c).toEqual({ sizeBytes: readFileSync(path).length, sha256: sha256(path), uncompressedBytes: Buffer.byteLength(complete) });
  });

  test('a damaged file (one byte flipped): zstd fails its frame checksum or its decoding', async () => {
    const path = await zstdFile('flipped.sql.zst', complete);
    flipByteIn(path, Math.floor(readFileSync(path).length / 2));
    const e = await azaRejectionOf(verifyWritten(planFor('zstd', path), process.env));
    expect([e.code, e.message]).toEqual([
      'INTEGRITY_FAILED',
      expect.stringMatching(/^The written backup does not decompress: zstd exited/),
    ]);
  });

  test('a file cut short: zstd fails on the truncated frame', async () => {
    const path = await zstdFile('truncated.sql.zst', complete);
    writeFileSync(path, readFileSync(path).subarray(0, 1000));
    const e = await azaRejectionOf(verifyWritten(planFor('zstd', path), process.env));
    expect(e.code).toBe('INTEGRITY_FAILED');
  });

  test('a well-formed file of a dump that stopped early: the missing end marker fails it', async () => {
    const path = await zstdFile('early.sql.zst', cutShort);
    const e = await azaRejectionOf(verifyWritten(planFor('zstd', path), process.env));
    expect([e.code, e.message]).toEqual(['INTEGRITY_FAILED', 'The written dump is incomplete: it lacks pg_dump\'s "dump complete" line']);
  });
});

describe('plain uncompressed (also written by the kernel pipe)', () => {
  test('a good file passes with its sha256 and size', async () => {
    const path = join(dir, 'good.sql');
    writeFileSync(path, complete);
    expect(await verifyWritten(planFor('plain', path), process.env)).toEqual({
      sizeBytes: Buffer.byteLength(complete),
      sha256: sha256(path),
      uncompressedBytes: Buffer.byteLength(complete),
    });
  });

  test('a dump that stopped early: the missing end marker fails it', async () => {
    const path = join(dir, 'early.sql');
    writeFileSync(path, cutShort);
    const e = await azaRejectionOf(verifyWritten(planFor('plain', path), process.env));
    expect(e.code).toBe('INTEGRITY_FAILED');
  });
});

describe('the read-back following a file while it is written', () => {
  /** Appends `bytes` to `path` in pieces, with a pause between them, as a writer does. */
  async function appendSlowly(path: string, bytes: Buffer, pieces: number, onPiece: (end: number) => void = () => {}) {
    const step = Math.ceil(bytes.length / pieces);
    for (let at = 0; at < bytes.length; at += step) {
      appendFileSync(path, bytes.subarray(at, at + step));
      onPiece(Math.min(bytes.length, at + step));
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  test('zstd: a good file read while it grows gives the same sha256, size and dump size', async () => {
    const full = readFileSync(await zstdFile('grow-src.sql.zst', complete));
    const path = join(dir, 'grow.sql.zst');
    writeFileSync(path, '');
    const readBack = followWritten({ integrity: 'zstd' }, path);
    await appendSlowly(path, full, 8);
    expect(await readBack.finish(full.length)).toEqual({
      sizeBytes: full.length,
      sha256: createHash('sha256').update(full).digest('hex'),
      uncompressedBytes: Buffer.byteLength(complete),
    });
  });

  test('zstd: a byte damaged in a later piece, after the follower started: INTEGRITY_FAILED', async () => {
    const full = Buffer.from(readFileSync(await zstdFile('grow-bad-src.sql.zst', complete)));
    full[Math.floor(full.length * 0.7)]! ^= 0xff;
    const path = join(dir, 'grow-bad.sql.zst');
    writeFileSync(path, '');
    const readBack = followWritten({ integrity: 'zstd' }, path);
    await appendSlowly(path, full, 8);
    const e = await azaRejectionOf(readBack.finish(full.length));
    expect([e.code, e.message]).toEqual([
      'INTEGRITY_FAILED',
      expect.stringMatching(/^The written backup does not decompress: zstd exited/),
    ]);
  });

  test('zstd: a file that does not reach the size the writer reported fails', async () => {
    const full = readFileSync(await zstdFile('grow-short-src.sql.zst', complete));
    const path = join(dir, 'grow-short.sql.zst');
    writeFileSync(path, full.subarray(0, 5000));
    const e = await azaRejectionOf(followWritten({ integrity: 'zstd' }, path).finish(full.length));
    expect([e.code, e.message]).toEqual([
      'INTEGRITY_FAILED',
      expect.stringMatching(/the file ends at byte 5000, before the \d+ bytes written/),
    ]);
  });

  test('stop(): the follower ends and its zstd -d and tail are gone', async () => {
    const full = readFileSync(await zstdFile('grow-stop-src.sql.zst', complete));
    const path = join(dir, 'grow-stop.sql.zst');
    writeFileSync(path, full.subarray(0, 1000));
    const readBack = followWritten({ integrity: 'zstd' }, path);
    const kids = async () => (await run('pgrep', ['-P', String(process.pid), '-x', 'zstd|tail'], { allowFailure: true })).stdout.trim();
    const deadline = Date.now() + 10000;
    while (!(await kids()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(await kids()).not.toBe('');
    await readBack.stop();
    expect(await kids()).toBe('');
  });
});

describe('plain gzip written by pg_dump itself (the default local backup: one gzip stream)', () => {
  async function gzipStream(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    writeFileSync(`${path}.in`, text);
    await run('gzip', ['-1', '-f', '-k', `${path}.in`]);
    writeFileSync(path, readFileSync(`${path}.in.gz`));
    return path;
  }

  test('a good file: its sha256 and the dump size come from the read-back', async () => {
    const path = await gzipStream('stream-good.sql.gz', complete);
    const c = await verifyWritten(planFor('gunzip', path), process.env);
    expect(c).toEqual({ sizeBytes: readFileSync(path).length, sha256: sha256(path), uncompressedBytes: Buffer.byteLength(complete) });
  });

  test('a damaged file (one byte flipped): its CRC or its decoding fails', async () => {
    const path = await gzipStream('stream-flipped.sql.gz', complete);
    flipByteIn(path, Math.floor(readFileSync(path).length / 2));
    const e = await azaRejectionOf(verifyWritten(planFor('gunzip', path), process.env));
    expect([e.code, e.message]).toEqual(['INTEGRITY_FAILED', expect.stringMatching(/^The written backup does not decompress: /)]);
  });

  test('a file cut short: the stream ends early', async () => {
    const path = await gzipStream('stream-truncated.sql.gz', complete);
    writeFileSync(path, readFileSync(path).subarray(0, 1000));
    const e = await azaRejectionOf(verifyWritten(planFor('gunzip', path), process.env));
    expect(e.code).toBe('INTEGRITY_FAILED');
  });

  test('a well-formed file of a dump that stopped early: the missing end marker fails it', async () => {
    const path = await gzipStream('stream-early.sql.gz', cutShort);
    const e = await azaRejectionOf(verifyWritten(planFor('gunzip', path), process.env));
    expect(e.message).toBe('The written dump is incomplete: it lacks pg_dump\'s "dump complete" line');
  });
});
