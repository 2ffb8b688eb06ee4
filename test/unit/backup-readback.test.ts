/**
 * The backup's read-back (verifyWritten) still fails a bad file on every route, now that zstd and
 * uncompressed dumps reach the file through kernel pipes and the sha256 comes from the read-back:
 * each check is shown failing a file damaged in the way only it catches. Real zstd and our own
 * parallel gzip write the files; the dump text is pg_dump's shape (it ends with its marker line).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { ParallelGzip, PLAIN_DUMP_END_MARKER } from '../../src/core/compress.js';
import { run } from '../../src/core/exec.js';
import type { BackupPlan } from '../../src/core/backup/plan.js';
import { verifyWritten } from '../../src/core/backup/run.js';
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

async function gzipFile(name: string, text: string): Promise<{ path: string; members: number[] }> {
  const path = join(dir, name);
  const gzip = new ParallelGzip({ level: 1, blockBytes: 256 * 1024 });
  const bytes = Buffer.from(text);
  // In 64 KiB chunks, as a pipe delivers them: each 256 KiB block becomes a member.
  const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
  await pipeline(Readable.from(chunks), gzip, createWriteStream(path));
  return { path, members: gzip.memberSizes };
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

describe('plain gzip (the default, our parallel members)', () => {
  test('a good file passes', async () => {
    const { path, members } = await gzipFile('good.sql.gz', complete);
    expect(members.length).toBeGreaterThan(1);
    const c = await verifyWritten(planFor('gunzip', path), process.env, members);
    expect([c.sizeBytes, c.sha256]).toEqual([readFileSync(path).length, sha256(path)]);
  });

  test('a damaged member fails its CRC or its decoding', async () => {
    const { path, members } = await gzipFile('flipped.sql.gz', complete);
    flipByteIn(path, members[0]! + Math.floor(members[1]! / 2));
    const e = await azaRejectionOf(verifyWritten(planFor('gunzip', path), process.env, members));
    expect(e.code).toBe('INTEGRITY_FAILED');
  });

  test('member sizes that do not tile the file fail it', async () => {
    const { path, members } = await gzipFile('extra.sql.gz', complete);
    writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('junk')]));
    const e = await azaRejectionOf(verifyWritten(planFor('gunzip', path), process.env, members));
    expect(e.message).toMatch(/bytes after its last gzip member/);
  });

  test('a dump that stopped early: the missing end marker fails it', async () => {
    const { path, members } = await gzipFile('early.sql.gz', cutShort);
    const e = await azaRejectionOf(verifyWritten(planFor('gunzip', path), process.env, members));
    expect(e.message).toBe('The written dump is incomplete: it lacks pg_dump\'s "dump complete" line');
  });
});
