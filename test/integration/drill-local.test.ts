/**
 * The failover drill on local clusters: data directories (fenced with pg_ctl stop -m fast,
 * promoted with pg_ctl promote, rejoined with pg_rewind, all as the directory's owner) and
 * connections (the drill cannot stop a remote server: it waits for it to go down). Real servers
 * from cluster.ts; each failure leaves exactly one primary.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmodSync, chownSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { drill } from '../../src/core/drill/index.js';
import { drillOutputs, drillSummary } from '../../src/core/drill/report.js';
import type { RawInputs } from '../../src/core/inputs.js';
import { execute, FailedWithResult, settingsFrom } from '../../src/core/operation.js';
import { status, type NodeStatus, type StatusReport } from '../../src/core/status/index.js';
import { MemoryReporter } from '../../src/core/report.js';
import { azaRejectionOf } from '../harness/expect-errors.js';
import { AtStep, expectEachToSee } from '../harness/drill.js';

async function runDrill(raw: RawInputs, reporter = new MemoryReporter(), env: NodeJS.ProcessEnv = process.env) {
  const settings = settingsFrom(drill, { yes: 'true', ...raw }, env, process.cwd());
  return await execute(drill, settings, { env }, reporter);
}

/** The nodes as the status operation reports them (its checks may fail: archiving is off here). */
async function statusOf(nodes: Record<string, Cluster>): Promise<NodeStatus[]> {
  const list = Object.entries(nodes).map(([label, n]) => `${label}=127.0.0.1:${n.port}`);
  const env = { ...process.env, PGUSER: nodes.a!.superuser, PGPASSWORD: nodes.a!.password };
  const settings = settingsFrom(status, { nodes: list.join(',') }, env, process.cwd());
  const report = await execute(status, settings, { env }, new MemoryReporter()).catch((e: unknown) => {
    if (e instanceof FailedWithResult) return e.result as StatusReport;
    throw e;
  });
  return report.nodes;
}

/** The clusters that run and accept writes. */
async function writable(nodes: Cluster[]): Promise<number[]> {
  const out: number[] = [];
  for (const n of nodes) {
    let row: string[] | undefined;
    try {
      [row] = await n.query('SELECT pg_is_in_recovery()::text');
    } catch {
      continue; // down
    }
    if (row?.[0] === 'false') out.push(n.port);
  }
  return out;
}

/** Waits until `node` streams from the server on `port`. */
async function streamingFrom(node: Cluster, port: number): Promise<void> {
  let last: string[] | undefined;
  for (let i = 0; i < 240; i++) {
    try {
      [last] = await node.query('SELECT status, sender_port::text FROM pg_stat_wal_receiver');
    } catch {
      last = undefined;
    }
    if (last?.[0] === 'streaming' && last[1] === String(port)) return;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`the server on ${node.port} does not stream from ${port}: ${JSON.stringify(last)}`);
}

describe('failover drill on data directories', () => {
  let a: Cluster; // primary
  let b: Cluster; // candidate
  let c: Cluster; // third node
  const trio = () => ({ target: 'data-dir', primary: a.dataDir, candidate: b.dataDir, replicas: c.dataDir });

  beforeAll(async () => {
    // No wal_log_hints yet: the rewind-impossible test needs a primary pg_rewind cannot rewind.
    a = await createCluster({ settings: { wal_keep_size: '128MB' } });
    b = await a.createReplica();
    c = await a.createReplica();
  }, 180000);
  afterAll(async () => {
    for (const n of [c, b, a]) await n?.destroy();
  });

  test('a lagging candidate stops the drill before fencing: nothing changed, one primary', async () => {
    await b.query('SELECT pg_wal_replay_pause()');
    try {
      const e = await azaRejectionOf(runDrill({ ...trio(), 'max-catchup': '2s' }));
      expect(e.code).toBe('DRILL_LAGGING');
      expect(e.message).toContain(`nothing was changed: ${a.dataDir} is still the primary`);
    } finally {
      await b.query('SELECT pg_wal_replay_resume()');
    }
    expect(await writable([a, b, c])).toEqual([a.port]);
  });

  test('rejoin of a primary pg_rewind cannot rewind (no wal_log_hints, no checksums) is refused before fencing', async () => {
    const e = await azaRejectionOf(runDrill({ ...trio(), rejoin: 'true' }));
    expect(e.code).toBe('DRILL_REFUSED');
    expect(e.message).toContain(`${a.dataDir} cannot be rejoined with pg_rewind: it has neither wal_log_hints nor data checksums on`);
    expect(await writable([a, b, c])).toEqual([a.port]);
  });

  test('fencing failed for real (pg_ctl cannot read postmaster.pid): nothing promoted, the primary still the only one', async () => {
    // A postmaster.pid its owner cannot open: pg_ctl stop fails, the server keeps running (it
    // rechecks the file only for existence). As root the file goes to root; otherwise mode 000.
    const pidFile = join(a.dataDir, 'postmaster.pid');
    const before = statSync(pidFile);
    if (process.getuid?.() === 0) chownSync(pidFile, 0, 0);
    else chmodSync(pidFile, 0);
    try {
      const e = await azaRejectionOf(runDrill(trio()));
      expect(e.code).toBe('DRILL_FENCE_FAILED');
      expect(e.message).toMatch(/pg_ctl stop -m fast: could not open PID file .*Permission denied/);
      expect(e.message).toContain(`; nothing was promoted, ${a.dataDir} is still the primary`);
    } finally {
      chownSync(pidFile, before.uid, before.gid);
      chmodSync(pidFile, before.mode & 0o777);
    }
    expect(await writable([a, b, c])).toEqual([a.port]);
  });

  test('a fenced primary that comes back before the promotion (a supervisor restarts it) stops the drill: one primary', async () => {
    const e = await azaRejectionOf(runDrill(trio(), new AtStep('Promote ', () => a.start())));
    expect(e.code).toBe('DRILL_FENCE_FAILED');
    expect(e.message).toContain('it was down after fencing, and now its postmaster');
    expect(await writable([a, b, c])).toEqual([a.port]);
    await streamingFrom(b, a.port);
    await streamingFrom(c, a.port);
  });

  test('a promotion killed midway (the candidate dies) brings the old primary back: one primary', async () => {
    const e = await azaRejectionOf(runDrill(trio(), new AtStep('Promote ', () => b.stop('immediate'))));
    expect(e.code).toBe('DRILL_FAILED');
    expect(e.message).toContain(`${b.dataDir} is down and never promoted`);
    expect(e.message).toContain(`${a.dataDir} was started again and is the only primary`);
    expect(await writable([a, b, c])).toEqual([a.port]);
    await b.start();
    await streamingFrom(b, a.port);
    await streamingFrom(c, a.port);
    expect(await writable([a, b, c])).toEqual([a.port]);
  }, 120000);

  test('the trio fails over: RPO 0, RTO measured, the third node re-pointed, the old primary rewound and streaming', async () => {
    await a.query('ALTER SYSTEM SET wal_log_hints = on');
    await a.stop();
    await a.start();
    await streamingFrom(b, a.port);
    await streamingFrom(c, a.port);
    await a.query('CREATE TABLE app (id int PRIMARY KEY); INSERT INTO app SELECT generate_series(1, 1000)');
    const r = await runDrill({ ...trio(), rejoin: 'true' });
    expect(r.newPrimary).toBe(b.dataDir);
    expect([r.rpoBytes, r.rpoRows]).toEqual([0, 0]);
    expect(r.rtoSeconds).toBeGreaterThan(0);
    expect(r.newTimeline).toBeGreaterThan(1);
    expect(r.timeline.map((t) => t.name)).toEqual([
      `Canary row on ${a.dataDir}`,
      `${b.dataDir} replays the canary`,
      `Fence ${a.dataDir}`,
      `Promote ${b.dataDir}`,
      `Canary and a write on ${b.dataDir}`,
      `Re-point ${c.dataDir} to ${b.dataDir}`,
      `Rejoin ${a.dataDir} as a replica of ${b.dataDir}`,
    ]);
    expect(r.topology).toEqual({
      primary: b.dataDir,
      replicas: [
        { name: c.dataDir, streaming: true },
        { name: a.dataDir, streaming: true },
      ],
      fenced: [],
    });
    // One primary; the old one kept its own port (its configuration survived the rewind).
    expect(await writable([a, b, c])).toEqual([b.port]);
    await streamingFrom(c, b.port);
    await streamingFrom(a, b.port);
    await b.query('INSERT INTO app VALUES (1001)');
    await expectEachToSee([a, c], 'SELECT count(*) FROM app', '1001');
    // Status sees the new topology at once: every node on the new timeline (a rewound replica's
    // last checkpoint is still on the old one until its first restartpoint).
    const seen = await statusOf({ a, b, c });
    expect(seen.map((n) => [n.label, n.role, n.timeline])).toEqual([
      ['a', 'replica', r.newTimeline],
      ['b', 'primary', r.newTimeline],
      ['c', 'replica', r.newTimeline],
    ]);

    const outputs = drillOutputs(r);
    expect(outputs['new-primary']).toBe(b.dataDir);
    expect(outputs['rpo-bytes']).toBe(0);
    expect(Number(outputs['rto-seconds'])).toBeCloseTo(r.rtoSeconds, 2);
    expect(JSON.parse(String(outputs.timeline))).toHaveLength(7);
    expect(JSON.parse(String(outputs.topology)).replicas).toHaveLength(2);
    const summary = drillSummary(r);
    expect(summary.rows).toContainEqual(['RPO', '0 (the canary row survived)']);
    expect(summary.rows).toContainEqual(['New primary', `${b.dataDir} (timeline ${r.newTimeline})`]);
    expect(summary.blocks?.[0]?.text).toContain(`${b.dataDir} (primary)`);
    expect(summary.blocks?.[1]?.text).toContain('gantt');
    expect(summary.rows).toContainEqual(['Fenced', 'none (the old primary rejoined)']);
    expect(summary.notes).toEqual([`The old primary ${a.dataDir} was rewound and follows ${b.dataDir} as a replica.`]);
  }, 180000);

  describe('the same trio as connections (now b is the primary)', () => {
    const uri = (n: Cluster) => `postgresql://postgres@127.0.0.1:${n.port}/postgres`;
    const env = () => ({ ...process.env, PGPASSWORD: a.password });
    const nodes = () => ({ target: 'connection', primary: uri(b), candidate: uri(a), replicas: uri(c) });
    const name = (n: Cluster) => `postgres@127.0.0.1:${n.port}/postgres`;

    test('a primary nobody stops within the fence timeout is a failed fencing: nothing promoted', async () => {
      const reporter = new MemoryReporter();
      const e = await azaRejectionOf(runDrill({ ...nodes(), 'fence-timeout': '2s' }, reporter, env()));
      expect(e.code).toBe('DRILL_FENCE_FAILED');
      expect(e.message).toContain(`${name(b)} could not be fenced (waited 2 s for it to go down; it still accepts connections)`);
      expect(reporter.warnings.join('\n')).toContain(`The drill cannot stop a server over a connection: stop ${name(b)} on its host now`);
      expect(await writable([a, b, c])).toEqual([b.port]);
    });

    test('stopped on its host when asked, the primary fails over; the third node is re-pointed over SQL', async () => {
      const r = await runDrill(nodes(), new AtStep('Fence ', () => b.stop()), env());
      expect(r.newPrimary).toBe(name(a));
      expect([r.rpoBytes, r.rpoRows]).toEqual([0, 0]);
      expect(r.topology).toEqual({ primary: name(a), replicas: [{ name: name(c), streaming: true }], fenced: [name(b)] });
      expect(await writable([a, b, c])).toEqual([a.port]);
      await streamingFrom(c, a.port);
      const summary = drillSummary(r);
      expect(summary.title).toBe(`Failover drill: ${name(b)} → ${name(a)}`);
      expect(summary.rows).toContainEqual(['Fenced', name(b)]);
      expect(summary.notes?.[0]).toContain(`The old primary ${name(b)} stays stopped`);
      expect(JSON.parse(String(drillOutputs(r).topology)).fenced).toEqual([name(b)]);
    }, 120000);
  });
});
