/**
 * Promotion started twice at once, and killed at random moments. Two real CLI processes (under
 * node) promote the same replica: exactly one proceeds, the other fails at once naming the holder
 * (an advisory lock on the replica, held by a psql session of the run). SIGKILL at random moments
 * (seeded, the seed printed; see test/harness/faults.ts): after each kill, no session or process of
 * ours is left, the replica is a replica or a primary, and the next run promotes it or says it
 * already is one. Real clusters (src/core/cluster.ts) and real replica containers.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { markerHost } from '../../src/core/owner.js';
import { NODE, NODE_CLI_ARGS } from '../harness/node-cli.js';
import { dockerDescribe, startContainerPair, type ContainerPair } from '../harness/docker.js';
import { cliRun, generator, killedRun, processesNaming, RUNS, SEED, timed, type CliOutcome } from '../harness/faults.js';

const describeDocker = await dockerDescribe();

let base: string;

beforeAll(() => {
  process.stdout.write(`promote-faults: seed ${SEED}, ${RUNS} runs (AZA_PG_FAULT_SEED=${SEED} replays them)\n`);
  base = mkdtempSync(join(tmpdir(), 'aza-promote-faults-'));
});

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

function nodeCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [...NODE_CLI_ARGS, ...args], { cwd: base, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let all = '';
    child.stdout.on('data', (d: Buffer) => (all += d.toString()));
    child.stderr.on('data', (d: Buffer) => (all += d.toString()));
    child.once('close', (code) => resolve({ code, all }));
  });
}

/** Two processes started together: the one that succeeded and the one that did not. */
async function twice(args: string[]): Promise<{ winner: CliOutcome; loser: CliOutcome }> {
  const both = await Promise.all([nodeCli(args), nodeCli(args)]);
  const winners = both.filter((o) => o.code === 0);
  expect(winners.length === 1 ? [0] : both.map((o) => `${o.code}: ${o.all}`)).toEqual([0]);
  return { winner: winners[0]!, loser: both.find((o) => o.code !== 0)! };
}

const HOLDER = `\\(aza-pg promote pid=\\d+ host=${markerHost()} from local, backend pid \\d+, since [^)]+\\); nothing was changed`;

async function timelineOf(query: (sql: string) => Promise<string[][]>): Promise<number> {
  const [[walfile]] = (await query('SELECT pg_walfile_name(pg_current_wal_lsn())')) as [[string]];
  return Number.parseInt(walfile.slice(0, 8), 16);
}

describe('two promotions of the same replica at once', () => {
  let primary: Cluster;
  let replica: Cluster;
  const dirs: string[] = [];
  afterAll(async () => {
    await replica?.destroy();
    await primary?.destroy();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('data-dir target: one promotes, the other fails at once naming the holder; one new timeline, one backup', async () => {
    primary = await createCluster();
    // Enough data that the winner's pre-promotion backup holds the lock while the other starts.
    await primary.query('CREATE TABLE big AS SELECT g AS id, md5(g::text) AS a FROM generate_series(1, 300000) g');
    replica = await primary.createReplica();
    await primary.stop();
    const before = Number((await replica.query('SELECT timeline_id FROM pg_control_checkpoint()'))[0]![0]);
    // Beside the test's other directories, where the cluster's owner can reach it.
    const backups = mkdtempSync(join(tmpdir(), 'aza-promote-once-'));
    dirs.push(backups);
    if (replica.runAs.uid !== undefined) chownSync(backups, replica.runAs.uid, replica.runAs.gid!);

    const { winner, loser } = await twice(['promote', '--target', 'data-dir', '-d', replica.dataDir, '--backup-dir', backups, '-y']);
    expect(loser.code).toBe(1);
    expect(loser.all).toMatch(new RegExp(`✗ Error: Another promote of data directory ${replica.dataDir} is running ${HOLDER}`));
    expect(await replica.isInRecovery()).toBe(false);
    expect(await timelineOf((sql) => replica.query(sql))).toBe(before + 1);
    expect(winner.all).toMatch(/✓ Pre-promotion backup to /);
    expect(readdirSync(backups)).toHaveLength(1);
  }, 300000);
});

describeDocker('two promotions of the same replica container at once', () => {
  let pair: ContainerPair;
  afterAll(async () => {
    await pair?.remove();
  });

  test('container target: the lock lives in a psql inside the container; one promotes, the other fails naming the holder', async () => {
    pair = await startContainerPair();
    const { primary, replica } = pair;
    await primary.query('CREATE TABLE big AS SELECT g AS id, md5(g::text) AS a FROM generate_series(1, 300000) g');
    await new Promise((r) => setTimeout(r, 1000));
    await primary.stop();
    const before = Number((await replica.query('SELECT timeline_id FROM pg_control_checkpoint()'))[0]![0]);

    const { loser } = await twice(['promote', '-c', replica.name, '-y']);
    expect(loser.code).toBe(1);
    expect(loser.all).toMatch(new RegExp(`✗ Error: Another promote of container ${replica.name} is running ${HOLDER}`));
    expect(await replica.isInRecovery()).toBe(false);
    expect(await timelineOf((sql) => replica.query(sql) as Promise<string[][]>)).toBe(before + 1);
    // The winner's lock session ended with it.
    const left = await replica.query(`SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'aza-pg%'`);
    expect(left).toEqual([['0']]);
  }, 300000);
});

describe('promote, killed at random', () => {
  let primary: Cluster;
  afterAll(async () => {
    await primary?.destroy();
  });

  test(`${RUNS} kills: nothing of ours left, a replica or a primary, the next run promotes it or says it already is one`, async () => {
    const random = generator(SEED ^ 0x9e0);
    primary = await createCluster();
    await primary.query('CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 1000) g');
    const args = (r: Cluster) => ['promote', '--target', 'data-dir', '-d', r.dataDir, '-n', '-y'];
    let replica = await primary.createReplica();
    const { span, outcome } = await timed(() => cliRun(args(replica), base, process.env));
    expect(outcome.code).toBe(0);
    await replica.destroy();
    for (let i = 0; i < RUNS; i++) {
      replica = await primary.createReplica();
      try {
        const delay = Math.floor(random() * span * 1.1);
        await killedRun(args(replica), base, process.env, delay);
        // No session of ours on the replica (the lock went with it) and no tool of ours running.
        const deadline = Date.now() + 5000;
        let sessions: string;
        let tools: string;
        for (;;) {
          sessions = (
            await replica.query(`SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`)
          )[0]![0]!;
          tools = (await processesNaming(replica.dataDir))
            .split('\n')
            .filter((l) => /\b(pg_ctl|psql|bun|node|setpriv)\b/.test(l))
            .join('\n');
          if ((sessions === '0' && tools === '') || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        expect({ run: i, delay, sessions, tools }).toEqual({ run: i, delay, sessions: '0', tools: '' });
        const next = await cliRun(args(replica), base, process.env);
        const already = next.code === 1 && /is not in recovery mode: data directory .* is already a primary/.test(next.all);
        expect({ run: i, delay, ok: next.code === 0 || already, all: next.code === 0 || already ? '' : next.all }).toEqual({
          run: i,
          delay,
          ok: true,
          all: '',
        });
        // Exactly one outcome: a primary that takes writes.
        expect(await replica.isInRecovery()).toBe(false);
        await replica.query('CREATE TABLE written (n int); INSERT INTO written VALUES (1)');
      } finally {
        await replica.destroy();
      }
    }
  }, 900000);
});
