/**
 * A restore into an existing database is one transaction that only the end of the whole backup
 * commits. psql's own --single-transaction commits at the end of its input, and a restore killed
 * midway ends that input early: psql (when it outlives us: no parent-death signal here) would
 * commit a partial load into the user's database. Real cluster, real psql; the CLI is a child
 * process killed with SIGKILL while psql is inside the COPY.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { clusterEnv, createDatabase, uniqueName } from '../harness/backup-helpers.js';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const BUN = join(ROOT, 'node_modules/.bin/bun');
const CLI = join(ROOT, 'src/cli/index.ts');

let cluster: Cluster;
let dir: string;

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-one-tx-'));
}, 120000);

afterAll(async () => {
  await cluster?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('restore --mode into-existing killed inside the COPY: the target keeps nothing of the partial load', async () => {
  const target = uniqueName('one_tx');
  await createDatabase(cluster, target);
  // A plain, uncompressed script whose COPY is long enough to be caught in the middle.
  const rows = Array.from({ length: 400000 }, (_, i) => `${i}\trow ${i} ${'x'.repeat(40)}\n`).join('');
  const file = join(dir, 'big.sql');
  writeFileSync(
    file,
    `CREATE TABLE public.t (a integer, b text);\nCOPY public.t (a, b) FROM stdin;\n${rows}\\.\n\n-- PostgreSQL database dump complete\n\n`,
  );

  // No parent-death signal: psql outlives the killed CLI and sees its input end, the worst case.
  const env = { ...clusterEnv(cluster), AZA_PG_NO_PDEATHSIG: '1' };
  const child = spawn(BUN, [CLI, 'restore', file, target, '--mode', 'into-existing', '--yes', '--trust-backup'], { env, stdio: 'ignore' });
  const inCopy = async () =>
    (await cluster.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${target}' AND query LIKE 'COPY%'`))[0]![0] !== '0';
  const deadline = Date.now() + 60000;
  while (!(await inCopy()) && Date.now() < deadline) await wait(5);
  expect(await inCopy()).toBe(true);
  child.kill('SIGKILL');
  // psql ends once its input does; then its session is gone.
  const gone = async () => (await cluster.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${target}'`))[0]![0] === '0';
  while (!(await gone()) && Date.now() < deadline) await wait(20);
  expect(await gone()).toBe(true);
  const tables = await cluster.query(`SELECT count(*) FROM pg_class WHERE relname = 't' AND relkind = 'r'`, target);
  expect(tables[0]![0]).toBe('0');
}, 120000);
