/**
 * The spec's commands run under bun, the actions under node: the same dump at the same gzip level
 * must come out the same size under both (bun's zlib once wrote level 1 ~45% larger).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import { libpqEnv } from '../../src/core/pg.js';
import { gzipSize } from '../harness/gzip-size.js';
import { createDb, ROOT } from '../harness/restore-helpers.js';

let cluster: Cluster;
let dir: string;
let dump: string;

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-gzip-runtimes-'));
  await createDb(cluster, 'shop');
  // Rows like an application's: ids, timestamps, short texts, amounts (about 10 MiB of dump).
  await cluster.query(
    `CREATE TABLE orders (id bigint PRIMARY KEY, placed timestamptz, customer text, status text, total numeric(10,2), note text);
     INSERT INTO orders SELECT g, timestamptz '2025-01-01' + g * interval '37 seconds', 'customer-' || (g * 7919 % 5000),
       (ARRAY['new','paid','shipped','returned'])[1 + g % 4], (g * 31 % 100000) / 100.0, md5(g::text)
       FROM generate_series(1, 120000) g`,
    'shop',
  );
  dump = join(dir, 'shop.sql');
  await run(cluster.tool('pg_dump'), ['-f', dump], {
    env: libpqEnv(cluster.connection(), process.env, 'shop'),
    secrets: [cluster.password],
  });
}, 120000);

afterAll(async () => {
  await cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every gzip level: the same dump is the same size under node and under bun (within 3%)', async () => {
  const levels = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const r = await run(join(ROOT, 'node_modules/.bin/bun'), [join(ROOT, 'test/harness/gzip-size.ts'), dump, ...levels.map(String)], {});
  const underBun = r.stdout.trim().split('\n').map(Number);
  expect(underBun).toHaveLength(levels.length);
  const ratios: Array<{ level: number; bunOverNode: number }> = [];
  for (const [i, level] of levels.entries()) ratios.push({ level, bunOverNode: underBun[i]! / (await gzipSize(dump, level)) });
  expect(ratios.filter((r) => Math.abs(r.bunOverNode - 1) > 0.03)).toEqual([]);
});
