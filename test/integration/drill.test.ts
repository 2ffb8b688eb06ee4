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
import { AtStep, expectEachToSee } from '../harness/drill.js';

const describeDocker = await dockerDescribe();

async function runDrill(raw: RawInputs, reporter = new MemoryReporter()) {
  const settings = settingsFrom(drill, { yes: 'true', ...raw }, process.env, process.cwd());
  return await execute(drill, settings, { env: process.env }, reporter);
}

/** Waits until `node` streams from `from` (after a restart somewhere in the trio). */
async function streamingFrom(node: PgContainer, from: string): Promise<void> {
  let last: string[] | undefined;
  for (let i = 0; i < 240; i++) {
    [last] = await node.query('SELECT status, sender_host FROM pg_stat_wal_receiver', { allowFailure: true });
    if (last?.[0] === 'streaming' && last[1] === from) return;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`${node.name} does not stream from ${from}: ${JSON.stringify(last)}`);
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
    // Data directories on volumes, as in production: pg_rewind reaches them while a container is stopped.
    pair = await startContainerPair({ dataVolume: true });
    third = await startReplicaContainer(pair.primary, await containerPassword(pair.primary), { dataVolume: true });
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

  test('rejoin asked of a primary pg_rewind cannot rewind (no wal_log_hints, no checksums) is refused before fencing', async () => {
    const e = await azaRejectionOf(
      runDrill({ primary: pair.primary.name, candidate: pair.replica.name, replicas: third.name, rejoin: 'true' }),
    );
    expect(e.code).toBe('DRILL_REFUSED');
    expect(e.message).toContain(
      `${pair.primary.name} cannot be rejoined with pg_rewind: it has neither wal_log_hints nor data checksums on`,
    );
    expect(await writable([pair.primary, pair.replica, third])).toEqual([pair.primary.name]);
  });

  test('fencing failed: a fenced primary started again before the promotion (a supervisor, a person) is not promoted over', async () => {
    // docker stop works (a restart policy does not undo a manual stop): the container comes back
    // because something starts it, which the drill must see before promoting.
    const e = await azaRejectionOf(
      runDrill(
        { primary: pair.primary.name, candidate: pair.replica.name, replicas: third.name },
        new AtStep('Promote ', () => run('docker', ['start', pair.primary.name])),
      ),
    );
    expect(e.code).toBe('DRILL_FENCE_FAILED');
    expect(e.message).toContain(
      `(it was down after fencing, and now its container runs); nothing was promoted, ${pair.primary.name} is still the primary`,
    );
    await pair.primary.waitReady();
    expect(await writable([pair.primary, pair.replica, third])).toEqual([pair.primary.name]);
    await streamingFrom(pair.replica, pair.primary.name);
    await streamingFrom(third, pair.primary.name);
  });

  test('a promotion killed midway (the candidate dies) brings the old primary back: one primary', async () => {
    const e = await azaRejectionOf(
      runDrill(
        { primary: pair.primary.name, candidate: pair.replica.name, replicas: third.name },
        new AtStep('Promote ', () => run('docker', ['kill', pair.replica.name])),
      ),
    );
    expect(e.code).toBe('DRILL_FAILED');
    expect(e.message).toContain(`${pair.replica.name} is down and never promoted`);
    expect(e.message).toContain(`${pair.primary.name} was started again and is the only primary`);
    expect(await running(pair.primary)).toBe(true);
    expect(await writable([pair.primary, pair.replica, third])).toEqual([pair.primary.name]);
    // The candidate comes back as what it was: a replica of the old primary.
    await run('docker', ['start', pair.replica.name]);
    await streamingFrom(pair.replica, pair.primary.name);
    await streamingFrom(third, pair.primary.name);
    expect(await writable([pair.primary, pair.replica, third])).toEqual([pair.primary.name]);
  });

  test('the drill fails the primary over: canary kept (RPO 0), RTO measured, the third node re-pointed, the old primary rewound and streaming', async () => {
    // pg_rewind needs wal_log_hints (or checksums) on the old primary, set before it diverged.
    await pair.primary.query('ALTER SYSTEM SET wal_log_hints = on');
    await run('docker', ['restart', pair.primary.name]);
    await pair.primary.waitReady();
    await streamingFrom(pair.replica, pair.primary.name);
    await streamingFrom(third, pair.primary.name);
    await pair.primary.query('CREATE TABLE IF NOT EXISTS app (id int PRIMARY KEY); INSERT INTO app SELECT generate_series(1, 1000)');
    const r = await runDrill({ primary: pair.primary.name, candidate: pair.replica.name, replicas: third.name, rejoin: 'true' });
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
      `Rejoin ${pair.primary.name} as a replica of ${pair.replica.name}`,
    ]);
    expect(r.topology).toEqual({
      primary: pair.replica.name,
      replicas: [
        { name: third.name, streaming: true },
        { name: pair.primary.name, streaming: true },
      ],
      fenced: [],
    });

    // Exactly one primary, the new one; the third node and the rewound old primary replicate from it.
    expect(await running(pair.primary)).toBe(true);
    expect(await writable([pair.primary, pair.replica, third])).toEqual([pair.replica.name]);
    for (const node of [third, pair.primary]) {
      const [receiver] = await node.query('SELECT status, sender_host FROM pg_stat_wal_receiver');
      expect(receiver).toEqual(['streaming', pair.replica.name]);
    }
    // And they really follow: a write on the new primary arrives on both.
    await pair.replica.query('INSERT INTO app VALUES (1001)');
    await expectEachToSee([third, pair.primary], 'SELECT count(*) FROM app', '1001');

    const outputs = drillOutputs(r);
    expect(outputs['rpo-bytes']).toBe(0);
    expect(Number(outputs['rto-seconds'])).toBeCloseTo(r.rtoSeconds, 2);
    expect(JSON.parse(String(outputs.timeline))).toHaveLength(7);
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
