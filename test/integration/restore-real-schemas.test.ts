/**
 * Issue 9: what real databases hold must survive backup, verify and restore — partitioned tables
 * under amcheck, roles named by the dump, owners and grants, the database's own properties.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { AzaError } from '../../src/core/errors.js';
import { execute } from '../../src/core/operation.js';
import { MemoryReporter } from '../../src/core/report.js';
import { verify } from '../../src/core/verify/index.js';
import type { VerifySettings } from '../../src/core/verify/settings.js';
import { backup, createDb } from '../harness/restore-helpers.js';

let cluster: Cluster;
let dir: string;

function verifySettings(backupPath: string, extra: Partial<VerifySettings> = {}): VerifySettings {
  return { backup: backupPath, scratch: 'cluster', smokeSql: [], amcheck: false, requireManifest: false, ...extra };
}

async function failure(p: Promise<unknown>): Promise<AzaError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AzaError);
  return e as AzaError;
}

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-real-schemas-'));
}, 120000);

afterAll(async () => {
  await cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('amcheck on partitioned tables', () => {
  beforeAll(async () => {
    await createDb(cluster, 'parts');
    await cluster.query(
      `CREATE TABLE measurements (id bigint, at date, v int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
       CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
       CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
       CREATE INDEX ON measurements (v);
       INSERT INTO measurements SELECT g, date '2025-01-01' + (g % 700), g FROM generate_series(1, 5000) g`,
      'parts',
    );
  });

  test('a partitioned table with a primary key passes: only the leaf indexes are checked', async () => {
    const path = await backup(cluster, 'parts', dir, 'custom', 'gzip', 'parts.dump');
    const r = await execute(verify, verifySettings(path, { amcheck: true }), { env: process.env }, new MemoryReporter());
    expect(r.passed).toBe(true);
    // Two partitions, each with its primary key and its index on v; the two partitioned indexes are not checked.
    expect(r.indexesChecked).toBe(4);
  });

  test('an index amcheck may not check is "could not check", not "damaged"', async () => {
    // A role that may create databases but not run bt_index_check (amcheck revokes it from PUBLIC).
    await cluster.query("CREATE ROLE plain_verifier LOGIN CREATEDB PASSWORD 'pv'");
    // The scratch database is made from template0: amcheck there, so CREATE EXTENSION IF NOT EXISTS passes.
    await cluster.query('ALTER DATABASE template0 ALLOW_CONNECTIONS true');
    await cluster.query('CREATE EXTENSION IF NOT EXISTS amcheck', 'template0');
    try {
      const path = await backup(cluster, 'parts', dir, 'plain', 'gzip', 'parts.sql.gz');
      const conn = { ...cluster.connection(), user: 'plain_verifier', password: 'pv' };
      const err = await failure(
        execute(
          verify,
          verifySettings(path, { amcheck: true, scratch: 'connection', connection: conn, pgBinDir: cluster.bin.binDir }),
          { env: process.env },
          new MemoryReporter(),
        ),
      );
      expect(err.message).toContain('amcheck could not check 4 of 4 indexes (none was found damaged)');
      expect(err.message).toContain('permission denied');
      expect(err.message).not.toMatch(/damaged index|do not trust/i);
    } finally {
      await cluster.query('DROP EXTENSION amcheck', 'template0');
      await cluster.query('ALTER DATABASE template0 ALLOW_CONNECTIONS false');
    }
  });
});
