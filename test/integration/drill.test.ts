/**
 * The failover drill on real containers: a trio (primary, candidate, a third replica) fails over
 * with RTO and RPO measured and the third node re-pointed; a lagging candidate and a trio in the
 * wrong shape stop the drill before anything changed. After every test exactly one node accepts
 * writes.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { AzaError } from '../../src/core/errors.js';
import { run } from '../../src/core/exec.js';
import type { RawInputs } from '../../src/core/inputs.js';
import { drill } from '../../src/core/drill/index.js';
import { drillOutputs, drillSummary } from '../../src/core/drill/report.js';
import { repointConninfo } from '../../src/core/drill/run.js';
import { execute, settingsFrom } from '../../src/core/operation.js';
import { MemoryReporter } from '../../src/core/report.js';
import { dockerDescribe, startContainerPair, startReplicaContainer, type ContainerPair, type PgContainer } from '../harness/docker.js';
import { azaRejectionOf } from '../harness/expect-errors.js';

const describeDocker = await dockerDescribe();

async function runDrill(raw: RawInputs) {
  const settings = settingsFrom(drill, { yes: 'true', ...raw }, process.env, process.cwd());
  return await execute(drill, settings, { env: process.env }, new MemoryReporter());
}

async function running(c: PgContainer): Promise<boolean> {
  const r = await run('docker', ['inspect', '-f', '{{.State.Running}}', c.name], { allowFailure: true });
  return r.stdout.trim() === 'true';
}

/** The running nodes that accept writes. */
async function writable(nodes: PgContainer[]): Promise<string[]> {
  const out: string[] = [];
  for (const n of nodes) {
    if (!(await running(n))) continue;
    const [row] = await n.query('SELECT pg_is_in_recovery()::text');
    if (row?.[0] === 'false') out.push(n.name);
  }
  return out;
}

test('repointConninfo swaps only the host it was told about', () => {
  const c = "user=replicator password='s3 cret' host=pg-a port=5432 sslmode=prefer";
  expect(repointConninfo(c, 'pg-a', 'pg-b')).toBe("user=replicator password='s3 cret' host=pg-b port=5432 sslmode=prefer");
  expect(repointConninfo("host='pg-a' port=5432", 'pg-a', 'pg-b')).toBe("host='pg-b' port=5432");
  expect(repointConninfo('host=pg-ab port=5432', 'pg-a', 'pg-b')).toBeUndefined();
  expect(repointConninfo('port=5432', 'pg-a', 'pg-b')).toBeUndefined();
});

describeDocker('failover drill on a container trio', () => {
  let pair: ContainerPair;
  let third: PgContainer;

  beforeAll(async () => {
    pair = await startContainerPair();
    third = await startReplicaContainer(pair.primary, await containerPassword(pair.primary));
  }, 300000);
  afterAll(async () => {
    await third?.remove();
    await pair?.remove();
  });

  test('a lagging candidate stops the drill before fencing: nothing changed, one primary', async () => {
    await pair.replica.query('SELECT pg_wal_replay_pause()');
    try {
      const e = await azaRejectionOf(
        runDrill({ primary: pair.primary.name, candidate: pair.replica.name, replicas: third.name, 'max-catchup': '2s' }),
      );
      expect(e.code).toBe('DRILL_LAGGING');
      expect(e.message).toContain(`nothing was changed: ${pair.primary.name} is still the primary`);
    } finally {
      await pair.replica.query('SELECT pg_wal_replay_resume()');
    }
    expect(await writable([pair.primary, pair.replica, third])).toEqual([pair.primary.name]);
  });

  test('nodes in the wrong shape are refused before anything is touched', async () => {
    const e = await azaRejectionOf(runDrill({ primary: pair.replica.name, candidate: pair.primary.name }));
    expect(e).toBeInstanceOf(AzaError);
    expect(e.code).toBe('DRILL_REFUSED');
    expect(e.message).toContain(`${pair.replica.name} is in recovery: it is not a primary`);
    expect(e.message).toContain(`${pair.primary.name} accepts writes: it is not a replica`);
    expect(await writable([pair.primary, pair.replica, third])).toEqual([pair.primary.name]);
    const bad = await azaRejectionOf(runDrill({ primary: pair.primary.name, candidate: pair.primary.name }));
    expect(bad.code).toBe('INVALID_INPUT');
  });

  test('the drill fails the primary over: canary kept (RPO 0), RTO measured, the third node streams from the new primary', async () => {
    await pair.primary.query('CREATE TABLE IF NOT EXISTS app (id int PRIMARY KEY); INSERT INTO app SELECT generate_series(1, 1000)');
    const r = await runDrill({ primary: pair.primary.name, candidate: pair.replica.name, replicas: third.name });
    expect(r.newPrimary).toBe(pair.replica.name);
    expect(r.rpoBytes).toBe(0);
    expect(r.rpoRows).toBe(0);
    expect(r.rtoSeconds).toBeGreaterThan(0);
    expect(r.rtoSeconds).toBeLessThan(120);
    expect(r.timeline.map((t) => t.name)).toEqual([
      `Canary row on ${pair.primary.name}`,
      `${pair.replica.name} replays the canary`,
      `Fence ${pair.primary.name}`,
      `Promote ${pair.replica.name}`,
      `Canary and a write on ${pair.replica.name}`,
      `Re-point ${third.name} to ${pair.replica.name}`,
    ]);
    expect(r.topology).toEqual({
      primary: pair.replica.name,
      replicas: [{ name: third.name, streaming: true }],
      fenced: [pair.primary.name],
    });

    // Exactly one primary: the old one is down, the third node a replica of the new one.
    expect(await running(pair.primary)).toBe(false);
    expect(await writable([pair.primary, pair.replica, third])).toEqual([pair.replica.name]);
    const [receiver] = await third.query('SELECT status, sender_host FROM pg_stat_wal_receiver');
    expect(receiver).toEqual(['streaming', pair.replica.name]);
    // And it really follows: a write on the new primary arrives on the third node.
    await pair.replica.query('INSERT INTO app VALUES (1001)');
    let seen = '';
    for (let i = 0; i < 100 && seen !== '1001'; i++) {
      seen = (await third.query('SELECT count(*) FROM app'))[0]![0]!;
      if (seen !== '1001') await new Promise((res) => setTimeout(res, 100));
    }
    expect(seen).toBe('1001');

    const outputs = drillOutputs(r);
    expect(outputs['rpo-bytes']).toBe(0);
    expect(Number(outputs['rto-seconds'])).toBeCloseTo(r.rtoSeconds, 2);
    expect(JSON.parse(String(outputs.timeline))).toHaveLength(6);
    const summary = drillSummary(r);
    expect(summary.rows).toContainEqual(['RPO', '0 (the canary row survived)']);
    expect(summary.blocks?.map((b) => b.language)).toEqual(['mermaid', 'mermaid']);
    expect(summary.blocks?.[0]?.text).toContain(`${pair.replica.name} (primary)`);
  });
});

/** The superuser password the harness gave the primary container (its environment). */
async function containerPassword(c: PgContainer): Promise<string> {
  const r = await run('docker', ['exec', c.name, 'printenv', 'POSTGRES_PASSWORD']);
  return r.stdout.trim();
}
