/**
 * SIGKILL at random moments, many times per operation, seeded (the seed is printed; rerun one
 * with AZA_PG_FAULT_SEED=<seed>, change the count with AZA_PG_FAULT_RUNS). After each kill: no
 * process of ours left (no client session on the test's cluster, no process naming the run's
 * directory), the destination or target intact or complete, and the next run cleans up and
 * succeeds. Small data, so the many runs stay cheap; the CLI through bun, a real cluster.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { clusterEnv, createDatabase, uniqueName } from '../harness/backup-helpers.js';
import { expectLinkLayout } from '../harness/certs-helpers.js';
import {
  cliRun,
  generator,
  killedRun as killedRunIn,
  processesNaming,
  RUNS,
  SEED,
  timed as timedRun,
  type CliOutcome,
} from '../harness/faults.js';

let cluster: Cluster;
let base: string;
let db: string;
let dump: string;

function cli(args: string[], cwd: string) {
  return cliRun(args, cwd, clusterEnv(cluster));
}

function killedRun(args: string[], cwd: string, delayMs: number): Promise<number> {
  return killedRunIn(args, cwd, clusterEnv(cluster), delayMs);
}

/** No client of ours on the cluster (our own query's session aside) and no process naming `dir`. */
async function expectNothingOfOursLeft(dir: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let sessions: string;
  let processes: string;
  for (;;) {
    sessions = (
      await cluster.query(`SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`)
    )[0]![0]!;
    processes = await processesNaming(dir);
    if ((sessions === '0' && processes === '') || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect({ sessions, processes }).toEqual({ sessions: '0', processes: '' });
}

/**
 * Waits until no session is on `db`. The test's own one-shot queries there end with psql, but
 * their server processes leave pg_stat_activity a moment later: a replace started at once could
 * see one and refuse (it needs the database to itself), which is right, and not what is tested.
 */
async function settleSessionsOn(db: string): Promise<void> {
  const deadline = Date.now() + 5000;
  let left: string;
  for (;;) {
    left = (await cluster.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid()`))[0]![0]!;
    if (left === '0' || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect({ db, left }).toEqual({ db, left: '0' });
}

/** What a person sees in a backup directory: nothing, or a backup whose manifest matches it. */
function expectNoneOrComplete(dir: string, name: string): void {
  const visible = readdirSync(dir).filter((n) => !n.startsWith('.'));
  if (!visible.includes(`${name}.manifest.json`)) {
    // Published data without its manifest is allowed only between the two renames; it is then
    // an incomplete backup that prune and status report. Never a manifest without data.
    expect(visible.filter((n) => n !== name)).toEqual([]);
    return;
  }
  const manifest = JSON.parse(readFileSync(join(dir, `${name}.manifest.json`), 'utf8')) as { sha256: string; format: string };
  if (manifest.format !== 'directory') {
    expect(
      createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex'),
    ).toBe(manifest.sha256);
  } else {
    expect(existsSync(join(dir, name, 'toc.dat'))).toBe(true);
  }
}

beforeAll(async () => {
  process.stdout.write(`sigkill-faults: seed ${SEED}, ${RUNS} runs per operation (AZA_PG_FAULT_SEED=${SEED} replays them)\n`);
  base = mkdtempSync(join(tmpdir(), 'aza-sigkill-'));
  cluster = await createCluster();
  db = uniqueName('fault_src');
  await createDatabase(cluster, db);
  await cluster.query(
    'CREATE TABLE t (id int primary key, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 20000) g;',
    db,
  );
  const dir = join(base, 'source');
  mkdirSync(dir);
  const r = await cli(['backup', db, 'src.sql.gz'], dir);
  expect(r.code).toBe(0);
  dump = join(dir, 'src.sql.gz');
}, 120000);

afterAll(async () => {
  await cluster?.destroy();
  rmSync(base, { recursive: true, force: true });
});

async function timed(fn: () => Promise<CliOutcome>): Promise<number> {
  const { span, outcome } = await timedRun(fn);
  expect(outcome.code).toBe(0);
  return span;
}

describe.each([
  ['plain', 'x.sql.gz', []],
  ['custom', 'x.dump', ['--format', 'custom']],
  ['directory', 'x.dir', ['--format', 'directory', '--jobs', '2']],
])('backup, %s format, killed at random', (format, name, extra) => {
  test(`${RUNS} kills: nothing of ours left, none or a complete backup, the next backup cleans up`, async () => {
    const random = generator(SEED ^ format.length);
    const dir = join(base, `backup-${format}`);
    mkdirSync(dir);
    const span = await timed(() => cli(['backup', db, name, ...extra], dir));
    for (let i = 0; i < RUNS; i++) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      const delay = Math.floor(random() * span * 1.1);
      await killedRun(['backup', db, name, ...extra], dir, delay);
      await expectNothingOfOursLeft(dir);
      expectNoneOrComplete(dir, name);
      const next = await cli(['backup', db, `next-${name}`, ...extra], dir);
      expect({ run: i, delay, code: next.code }).toEqual({ run: i, delay, code: 0 });
      // The next run removed what the killed one left: only published backups remain.
      expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    }
  }, 600000);
});

describe('restore, atomic, killed at random', () => {
  test(`${RUNS} kills: nothing of ours left, the target untouched or fully swapped, the next restore cleans up`, async () => {
    const random = generator(SEED ^ 0x5e5);
    const target = uniqueName('fault_target');
    await createDatabase(cluster, target);
    await cluster.query('CREATE TABLE t (id int primary key, v text); INSERT INTO t VALUES (1, $$old$$)', target);
    const args = ['restore', dump, target, '--yes', '--mode', 'atomic', '--keep-previous=false'];
    const span = await timed(() => cli(args, base));
    for (let i = 0; i < RUNS; i++) {
      // The target starts as the one-row "old" database each time.
      await cluster.query(`DROP DATABASE IF EXISTS "${target}" WITH (FORCE)`);
      await createDatabase(cluster, target);
      await cluster.query('CREATE TABLE t (id int primary key, v text); INSERT INTO t VALUES (1, $$old$$)', target);
      const delay = Math.floor(random() * span * 1.1);
      await killedRun(args, base, delay);
      await expectNothingOfOursLeft(base);
      const rows = (await cluster.query('SELECT count(*) FROM t', target))[0]![0];
      expect({ run: i, delay, rows: ['1', '20000'].includes(rows!) }).toEqual({ run: i, delay, rows: true });
      await settleSessionsOn(target);
      const next = await cli(args, base);
      expect({ run: i, delay, code: next.code, all: next.code === 0 ? '' : next.all }).toEqual({ run: i, delay, code: 0, all: '' });
      expect((await cluster.query('SELECT count(*) FROM t', target))[0]![0]).toBe('20000');
      expect(await cluster.query(`SELECT datname FROM pg_database WHERE datname LIKE '${target}\\_restoring\\_%'`)).toEqual([]);
    }
  }, 600000);
});

describe('restore, replace, killed at random', () => {
  test(`${RUNS} kills: nothing of ours left, the target untouched, dropped or being loaded (replace drops first), the next restore succeeds (with --create once dropped)`, async () => {
    const random = generator(SEED ^ 0x4e9);
    const target = uniqueName('fault_replace');
    const args = ['restore', dump, target, '--yes', '--mode', 'replace'];
    const old = async () => {
      await cluster.query(`DROP DATABASE IF EXISTS "${target}" WITH (FORCE)`);
      await createDatabase(cluster, target);
      await cluster.query('CREATE TABLE t (id int primary key, v text); INSERT INTO t VALUES (1, $$old$$)', target);
    };
    await old();
    const span = await timed(() => cli(args, base));
    const seen: Record<string, number> = {};
    for (let i = 0; i < RUNS; i++) {
      await old();
      const delay = Math.floor(random() * span * 1.1);
      await killedRun(args, base, delay);
      await expectNothingOfOursLeft(base);
      const exists = (await cluster.query(`SELECT count(*) FROM pg_database WHERE datname = '${target}'`))[0]![0] === '1';
      const tables = exists
        ? (await cluster.query(`SELECT count(*) FROM pg_class WHERE relname = 't' AND relkind = 'r'`, target))[0]![0]
        : '0';
      const rows = tables === '1' ? (await cluster.query('SELECT count(*) FROM t', target))[0]![0]! : 'none';
      // The old one-row table, or no target, or the new load (partial until its end): never the
      // old table with rows of the new one.
      const state = !exists ? 'dropped' : rows === '1' ? 'untouched' : rows === '20000' ? 'restored' : 'loading';
      seen[state] = (seen[state] ?? 0) + 1;
      if (rows === '1') expect((await cluster.query('SELECT v FROM t', target))[0]![0]).toBe('old');
      await settleSessionsOn(target);
      if (state === 'dropped') {
        // Killed between its DROP and its CREATE: replace never creates a database it was not
        // told to, so the next replace says what to pass (as the spec's mode is drop, then load).
        const refused = await cli(args, base);
        expect({ run: i, delay, code: refused.code, all: refused.all }).toEqual({
          run: i,
          delay,
          code: 1,
          all: expect.stringContaining(`✗ Error: Database "${target}" does not exist on 127.0.0.1:${cluster.port}; nothing was restored`),
        });
      }
      const next = await cli(state === 'dropped' ? [...args, '--create'] : args, base);
      expect({ run: i, delay, state, code: next.code, all: next.code === 0 ? '' : next.all }).toEqual({
        run: i,
        delay,
        state,
        code: 0,
        all: '',
      });
      expect((await cluster.query('SELECT count(*) FROM t', target))[0]![0]).toBe('20000');
    }
    process.stdout.write(`sigkill-faults: restore replace, ${RUNS} kills: ${JSON.stringify(seen)}\n`);
  }, 600000);
});

describe('restore, into-existing, killed at random', () => {
  test(`${RUNS} kills: nothing of ours left, the target as it was or fully loaded (one transaction), the next restore succeeds`, async () => {
    const random = generator(SEED ^ 0x1e);
    const target = uniqueName('fault_into');
    const args = ['restore', dump, target, '--yes', '--mode', 'into-existing'];
    const fresh = async () => {
      await cluster.query(`DROP DATABASE IF EXISTS "${target}" WITH (FORCE)`);
      await createDatabase(cluster, target);
    };
    await fresh();
    const span = await timed(() => cli(args, base));
    for (let i = 0; i < RUNS; i++) {
      await fresh();
      const delay = Math.floor(random() * span * 1.1);
      await killedRun(args, base, delay);
      await expectNothingOfOursLeft(base);
      const tables = (await cluster.query(`SELECT count(*) FROM pg_class WHERE relname = 't' AND relkind = 'r'`, target))[0]![0];
      const rows = tables === '1' ? (await cluster.query('SELECT count(*) FROM t', target))[0]![0] : 'none';
      expect({ run: i, delay, rows: ['none', '20000'].includes(rows!) }).toEqual({ run: i, delay, rows: true });
      if (rows === '20000') continue;
      const next = await cli(args, base);
      expect({ run: i, delay, code: next.code }).toEqual({ run: i, delay, code: 0 });
    }
  }, 600000);
});

describe('verify with a throw-away cluster, killed at random', () => {
  test(`${RUNS} kills: the next verify stops and removes the killed run's server, and passes`, async () => {
    const random = generator(SEED ^ 0x7e);
    const span = await timed(() => cli(['verify', dump], base));
    for (let i = 0; i < RUNS; i++) {
      const delay = Math.floor(random() * span * 1.1);
      const pid = await killedRun(['verify', dump], base, delay);
      await expectNothingOfOursLeft(base);
      const next = await cli(['verify', dump], base);
      expect({ run: i, delay, code: next.code }).toEqual({ run: i, delay, code: 0 });
      // No cluster directory of the killed run is left, so no server of it runs.
      const left = readdirSync(tmpdir()).filter((n) => n.startsWith('aza-pg-cluster-') && ownedBy(join(tmpdir(), n), pid));
      expect({ run: i, delay, left }).toEqual({ run: i, delay, left: [] });
    }
  }, 900000);
});

function ownedBy(dir: string, pid: number): boolean {
  try {
    return readFileSync(join(dir, 'aza-pg-owner'), 'utf8').startsWith(`pid=${pid} `);
  } catch {
    return false;
  }
}

describe('ssl-certs, killed at random', () => {
  test(`${RUNS} kills: none or a whole matching set, the next run takes over and succeeds`, async () => {
    const random = generator(SEED ^ 0xce7);
    const parent = join(base, 'certs');
    mkdirSync(parent);
    const dir = join(parent, 'ssl');
    const span = await timed(() => cli(['ssl-certs', dir, '--key-type', 'ec'], parent));
    for (let i = 0; i < RUNS; i++) {
      rmSync(dir, { recursive: true, force: true });
      const delay = Math.floor(random() * span * 1.1);
      await killedRun(['ssl-certs', dir, '--key-type', 'ec'], parent, delay);
      await expectNothingOfOursLeft(dir);
      const set = ['ca.crt', 'server.crt', 'server.key'];
      if (set.some((f) => existsSync(join(dir, f)))) {
        // Never part of a set: every name resolves once one does (they all go through ..data).
        expect({ run: i, delay, all: set.every((f) => existsSync(join(dir, f))) }).toEqual({ run: i, delay, all: true });
        const check = await cli(['ssl-certs', '--check', dir], parent);
        expect({ run: i, delay, code: check.code, all: check.code === 0 ? '' : check.all }).toEqual({ run: i, delay, code: 0, all: '' });
        // A person moves the finished set away; what the killed run left stays for the next run.
        for (const f of set) rmSync(join(dir, f), { force: true });
      }
      const next = await cli(['ssl-certs', dir, '--key-type', 'ec'], parent);
      expect({ run: i, delay, code: next.code, all: next.code === 0 ? '' : next.all }).toEqual({ run: i, delay, code: 0, all: '' });
      expectLinkLayout(dir, set);
      expect(readdirSync(parent)).toEqual(['ssl']);
    }
  }, 600000);
});
