/**
 * Killed hard (SIGKILL: no handler runs) mid-operation, as an OOM kill or a cancelled job past its
 * grace period would: no child outlives the tool, and the next run of the same operation on the
 * same destination or target reports what the killed run left and removes it. Real cluster, the
 * CLI under node in a child process, real pg_dump and psql.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import { clusterEnv, createDatabase, entries, uniqueName } from '../harness/backup-helpers.js';
import { createBigDatabase, NODE, NODE_CLI_ARGS } from '../harness/node-cli.js';

// Under node, the runtime of the actions (bun already starts its children with a death signal).
const CLI = NODE_CLI_ARGS;

let cluster: Cluster;
let base: string;
let scratchTmp: string;
let bigDb: string;
let dump: string;
let dirCount = 0;

function freshDir(): string {
  const d = join(base, `case${++dirCount}`);
  mkdirSync(d);
  return d;
}

function startCli(args: string[], cwd: string): { child: ChildProcess; exited: Promise<unknown>; output: () => string } {
  // AZA_PG_NO_PDEATHSIG=1 passes through: run so, the test shows what the death signal prevents.
  const env = clusterEnv(cluster, {
    TMPDIR: scratchTmp,
    ...(process.env.AZA_PG_NO_PDEATHSIG ? { AZA_PG_NO_PDEATHSIG: process.env.AZA_PG_NO_PDEATHSIG } : {}),
  });
  const child = spawn(NODE, [...CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let all = '';
  child.stdout!.on('data', (d: Buffer) => (all += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (all += d.toString()));
  const exited = new Promise((resolve) => child.once('close', resolve));
  return { child, exited, output: () => all };
}

async function cli(args: string[], cwd: string) {
  const r = await run(NODE, [...CLI, ...args], {
    cwd,
    env: clusterEnv(cluster, { TMPDIR: scratchTmp }),
    allowFailure: true,
    timeoutMs: 180000,
  });
  return { code: r.code, all: r.stdout + r.stderr };
}

/** Children of `pid` named `name` (pgrep -P), as pids. */
async function childrenNamed(pid: number, name: string): Promise<number[]> {
  const r = await run('pgrep', ['-P', String(pid), '-x', name], { allowFailure: true });
  return r.stdout.trim() ? r.stdout.trim().split('\n').map(Number) : [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, ms = 30000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function expectGone(pids: number[], ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(pids.filter(alive)).toEqual([]);
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'aza-kill9-'));
  // The CLI's temp directory of its own: throw-away clusters that other tests' killed runs leave
  // in the shared one are not ours to find, and their verify must not clean ours first.
  scratchTmp = mkdtempSync(join(tmpdir(), 'aza-kill9-tmp-'));
  chmodSync(scratchTmp, 0o755);
  cluster = await createCluster();
  bigDb = uniqueName('k9_big');
  await createBigDatabase(cluster, bigDb, 450000);
  const dir = freshDir();
  const r = await cli(['backup', bigDb, 'big.sql.gz', '--compression-level', '1'], dir);
  expect(r.code).toBe(0);
  dump = join(dir, 'big.sql.gz');
}, 180000);

afterAll(async () => {
  await cluster?.destroy();
  rmSync(base, { recursive: true, force: true });
  rmSync(scratchTmp, { recursive: true, force: true });
});

describe('kill -9 of the tool', () => {
  // pg_dump writing an archive itself has no pipe to us that would break: without the death
  // signal it would carry on for seconds, writing a file nobody will publish.
  test('backup mid-dump: pg_dump dies with it; the next backup into the directory removes the partial file and says so', async () => {
    const dir = freshDir();
    const { child, exited } = startCli(['backup', bigDb, 'x.dump', '--format', 'custom', '--compression-level', '9'], dir);
    let dumpers: number[] = [];
    await waitUntil('pg_dump writing', async () => {
      if (!readdirSync(dir).some((n) => n.includes('.partial-'))) return false;
      dumpers = await childrenNamed(child.pid!, 'pg_dump');
      return dumpers.length > 0;
    });
    process.kill(child.pid!, 'SIGKILL');
    await exited;
    try {
      await expectGone(dumpers, 2000);
    } finally {
      for (const pid of dumpers.filter(alive)) process.kill(pid, 'SIGKILL');
    }
    // What the killed run left: its lock and its temp file, both naming it.
    const left = entries(dir);
    expect(left).toHaveLength(2);
    expect(left[0]).toBe('.x.dump.lock');
    expect(left[1]).toMatch(new RegExp(`^\\.x\\.dump\\.partial-${child.pid}-\\d+-\\w+-[0-9a-f]{8}$`));

    const next = await cli(['backup', bigDb, 'y.sql.gz', '--compression-level', '1'], dir);
    expect(next.code).toBe(0);
    expect(next.all).toContain(`Removed .x.dump.lock, the lock of an interrupted run (pid ${child.pid} on host`);
    expect(next.all).toContain(`Removed ${left[1]}, left by an interrupted run (pid ${child.pid} on host`);
    expect(entries(dir)).toEqual(['y.sql.gz', 'y.sql.gz.manifest.json']);
  }, 180000);

  test('atomic restore mid-load: psql dies with it; the next restore of the target drops the staging database and says so', async () => {
    const target = uniqueName('k9_target');
    await createDatabase(cluster, target);
    const { child, exited } = startCli(['restore', dump, target, '--yes', '--mode', 'atomic'], base);
    let loaders: number[] = [];
    let staging = '';
    await waitUntil('the load into the staging database', async () => {
      const rows = await cluster.query(
        `SELECT datname FROM pg_database WHERE datname LIKE '${target}\\_restoring\\_%' AND pg_database_size(datname) > 20000000`,
      );
      if (rows.length === 0) return false;
      staging = rows[0]![0]!;
      loaders = await childrenNamed(child.pid!, 'psql');
      return loaders.length > 0;
    });
    process.kill(child.pid!, 'SIGKILL');
    await exited;
    await expectGone(loaders);
    await waitUntil(
      'the load session to end',
      async () => (await cluster.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${staging}'`))[0]![0] === '0',
      10000,
    );
    expect((await cluster.query(`SELECT count(*) FROM pg_database WHERE datname = '${staging}'`))[0]![0]).toBe('1');

    const next = await cli(['restore', dump, target, '--yes', '--mode', 'atomic'], base);
    expect(next.code).toBe(0);
    expect(next.all).toContain(`Dropped the staging database "${staging}", left by an interrupted restore (pid ${child.pid}`);
    const left = await cluster.query(`SELECT datname FROM pg_database WHERE datname LIKE '${target}\\_restoring\\_%'`);
    expect(left).toEqual([]);
    expect((await cluster.query('SELECT count(*) FROM big', target))[0]![0]).toBe('450000');
  }, 180000);

  // pg_ctl detaches the server it starts, so no death signal reaches it: the next verify reaps it.
  test('verify with a throw-away cluster: its server outlives the kill; the next verify stops and removes it', async () => {
    const { child, exited } = startCli(['verify', dump], base);
    let clusterDir = '';
    let postmaster = 0;
    await waitUntil('the scratch cluster running', () => {
      for (const name of readdirSync(scratchTmp).filter((n) => n.startsWith('aza-pg-cluster-'))) {
        const dir = join(scratchTmp, name);
        const marker = readIfThere(join(dir, 'aza-pg-owner'));
        const pidFile = readIfThere(join(dir, 'data', 'postmaster.pid'));
        const pid = pidFile.split('\n')[0];
        // Its status line says "ready" once it accepts connections.
        if (marker.startsWith(`pid=${child.pid} `) && pid && /\bready\b/.test(pidFile)) {
          clusterDir = dir;
          postmaster = Number(pid);
          return true;
        }
      }
      return false;
    });
    process.kill(child.pid!, 'SIGKILL');
    await exited;
    expect(alive(postmaster)).toBe(true);

    const next = await cli(['verify', dump], base);
    expect(next.code).toBe(0);
    expect(next.all).toContain(
      `Stopped and removed the throw-away cluster ${clusterDir}, left by an interrupted run (pid ${child.pid} on host`,
    );
    await expectGone([postmaster]);
    expect(existsSync(clusterDir)).toBe(false);
  }, 180000);
});

function readIfThere(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
