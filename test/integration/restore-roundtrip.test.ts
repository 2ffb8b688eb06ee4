/**
 * Real data nobody here wrote: Northwind and Chinook loaded with psql, backed up with runBackup
 * in every format, restored, and compared table by table with an ordered checksum. The raw
 * fixture scripts are restored too (Chinook creates and connects to its own database: the copy
 * must land in the target and the real "chinook" must stay untouched). And a pgbench database.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import { libpqEnv } from '../../src/core/pg.js';
import { backup, CHINOOK, createDb, databases, NORTHWIND, psqlFile, restore, tableChecksums } from '../harness/restore-helpers.js';

let cluster: Cluster;
let dir: string;
const source: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-restore-rt-'));
  await createDb(cluster, 'northwind');
  await psqlFile(cluster, NORTHWIND, 'northwind');
  await psqlFile(cluster, CHINOOK, 'postgres');
  await createDb(cluster, 'pgbench');
  await run(cluster.tool('pgbench'), ['-i', '-s', '1', '-q'], {
    env: libpqEnv(cluster.connection(), process.env, 'pgbench'),
    secrets: [cluster.password],
  });
  for (const db of ['northwind', 'chinook', 'pgbench']) source[db] = await tableChecksums(cluster, db);
}, 180000);

afterAll(async () => {
  await cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the fixtures loaded: 14 Northwind tables, 11 Chinook tables, pgbench with 100000 accounts', () => {
  expect(Object.keys(source.northwind!)).toHaveLength(14);
  expect(Object.keys(source.chinook!)).toHaveLength(11);
  expect(source.pgbench!['public.pgbench_accounts']).toMatch(/^100000:/);
});

const FORMATS = [
  ['plain', 'gzip', '.sql.gz'],
  ['plain', 'zstd', '.sql.zst'],
  ['plain', 'none', '.sql'],
  ['custom', 'gzip', '.dump'],
  ['directory', 'gzip', '.dir'],
] as const;

describe.each(['northwind', 'chinook'])('%s: backup -> restore -> identical rows', (db) => {
  test.each(FORMATS)('format %s, compression %s', async (format, compression, ext) => {
    const file = await backup(cluster, db, dir, format, compression, `${db}${ext}`);
    const target = `${db}_${format}_${compression}`;
    const { result } = await restore(cluster, file, target);
    expect(result.compared).toBe(true);
    expect(result.differences).toEqual([]);
    expect(result.tables).toHaveLength(Object.keys(source[db]!).length);
    expect(await tableChecksums(cluster, target)).toEqual(source[db]);
    expect(result.inspection.format).toBe(format);
  });
});

test('pgbench: default backup (plain gzip) and directory archive round trip', async () => {
  for (const [format, ext] of [
    ['plain', '.sql.gz'],
    ['directory', '.dir'],
  ] as const) {
    const file = await backup(cluster, 'pgbench', dir, format, 'gzip', `pgbench${ext}`);
    const { result } = await restore(cluster, file, `pgbench_${format}`, { jobs: 2 });
    expect(result.rows).toBe(100000 + 10 + 1);
    expect(await tableChecksums(cluster, `pgbench_${format}`)).toEqual(source.pgbench);
  }
});

test('the raw Chinook script (CREATE DATABASE chinook; \\c chinook) lands in the target; the real chinook is untouched', async () => {
  const before = await databases(cluster);
  const { result, reporter } = await restore(cluster, CHINOOK, 'chinook_from_script');
  expect(reporter.warnings.join('\n')).toContain('creates and connects to its own database "chinook"');
  expect(result.inspection.manifest).toBeUndefined();
  expect(await tableChecksums(cluster, 'chinook_from_script')).toEqual(source.chinook);
  expect(await tableChecksums(cluster, 'chinook')).toEqual(source.chinook);
  expect(await databases(cluster)).toEqual([...before, 'chinook_from_script'].sort());
});

test('the raw Northwind script restores as plain SQL without a manifest', async () => {
  const { result } = await restore(cluster, NORTHWIND, 'northwind_from_script');
  expect(result.compared).toBe(false);
  expect(await tableChecksums(cluster, 'northwind_from_script')).toEqual(source.northwind);
});
