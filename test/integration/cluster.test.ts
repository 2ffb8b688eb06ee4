import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { ROOT } from '../harness/restore-helpers.js';

describe('throw-away cluster', () => {
  let primary: Cluster;
  let replica: Cluster | undefined;
  beforeAll(async () => {
    primary = await createCluster();
  });
  afterAll(async () => {
    await replica?.destroy();
    await primary?.destroy();
  });

  test('accepts password connections over TCP and runs SQL', async () => {
    const rows = await primary.query("SELECT current_user, current_setting('password_encryption')");
    expect(rows).toEqual([[primary.superuser, 'scram-sha-256']]);
  });

  test('streams to a replica made with pg_basebackup', async () => {
    replica = await primary.createReplica();
    expect(await replica.isInRecovery()).toBe(true);
    await primary.query('CREATE TABLE t AS SELECT generate_series(1, 10) AS n');
    let count = '';
    for (let i = 0; i < 50 && count !== '10'; i++) {
      count = (await replica.query('SELECT count(*) FROM t').catch(() => [['']]))[0]![0]!;
      if (count !== '10') await new Promise((r) => setTimeout(r, 100));
    }
    expect(count).toBe('10');
  });
});

/** Whether process `pid` exists and has not exited (a zombie has). */
function alive(pid: number): boolean {
  try {
    const stat = spawnSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' }).stdout;
    return stat !== '' && !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

test('a process that exits while destroy() waits for the server still stops and removes it (exit hook)', async () => {
  // An interrupt arrives while an operation destroys its cluster (verify after a failed restore):
  // the handler exits at once, and the exit hook must still know the cluster.
  const script = `
    import { readFileSync } from 'node:fs';
    import { createCluster } from ${JSON.stringify(join(ROOT, 'src/core/cluster.ts'))};
    const c = await createCluster();
    const pid = readFileSync(c.dataDir + '/postmaster.pid', 'utf8').split('\\n')[0];
    console.log(JSON.stringify({ dir: c.dir, pid: Number(pid) }));
    void c.destroy();
    process.exit(0);
  `;
  const r = spawnSync(join(ROOT, 'node_modules/.bin/bun'), ['-e', script], { encoding: 'utf8', timeout: 120000 });
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  const { dir, pid } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { dir: string; pid: number };
  expect(pid).toBeGreaterThan(0);
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((res) => setTimeout(res, 100));
  expect({ serverRunning: alive(pid), dirLeft: existsSync(dir) }).toEqual({ serverRunning: false, dirLeft: false });
}, 180000);
