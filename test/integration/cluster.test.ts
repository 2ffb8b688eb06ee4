import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createCluster, type Cluster } from '../../src/core/cluster.js';

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
