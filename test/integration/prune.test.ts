/**
 * Prune over a real directory of backups made by `aza-pg backup` against a real PostgreSQL cluster
 * (plain, custom and directory formats, on chosen days through the clock the backup is lent), with
 * foreign files, a foreign folder named like ours, a link pointing out of the directory, and the
 * partial file of a backup really killed with SIGKILL mid-run. The deleting run must remove exactly
 * what the dry run listed; everything else stays byte for byte.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { backup as backupOperation, BACKUP_OPTIONS, backupSettings } from '../../src/core/backup/index.js';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import { Inputs, type RawInputs } from '../../src/core/inputs.js';
import { execute, perform, settingsFrom } from '../../src/core/operation.js';
import { quoteIdent } from '../../src/core/pg.js';
import { prune, type PruneResult } from '../../src/core/prune/index.js';
import { MemoryReporter } from '../../src/core/report.js';
import { azaRejectionOf } from '../harness/expect-errors.js';
import { FakeResultsService } from '../harness/fake-results-service.js';
import { readGithubOutputs } from '../harness/github-outputs.js';
import { writeBackupFiles } from '../harness/backup-files.js';
import { cleanEnv, createDatabase, uniqueName } from '../harness/backup-helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BUN = join(ROOT, 'node_modules/.bin/bun');
const CLI_SRC = join(ROOT, 'src/cli/index.ts');
const ACTION_SRC = join(ROOT, 'src/actions/prune.ts');

let cluster: Cluster;
let base: string;
let db: string;
let n = 0;

function freshDir(): string {
  const d = join(base, `d${++n}`);
  mkdirSync(d);
  return d;
}

function env(): NodeJS.ProcessEnv {
  return cleanEnv({ PGPASSWORD: cluster.password });
}

/** A real backup, as `aza-pg backup` makes it, started at `at` by the clock it is lent. */
async function backupAt(dir: string, at: string, format: 'plain' | 'custom' | 'directory' = 'plain'): Promise<string> {
  const raw: RawInputs = {
    database: db,
    'output-dir': dir,
    format,
    host: cluster.host,
    port: String(cluster.port),
    user: cluster.superuser,
    'row-counts': 'none',
  };
  const settings = backupSettings(new Inputs(raw, 'cli', BACKUP_OPTIONS), env(), dir);
  const r = await execute(backupOperation, settings, { env: env(), now: () => new Date(`${at}Z`) }, new MemoryReporter());
  return r.path;
}

async function prunePerform(raw: RawInputs, now?: Date) {
  const reporter = new MemoryReporter();
  const outcome = await perform(prune, settingsFrom(prune, raw, env(), base), { env: env(), ...(now ? { now: () => now } : {}) }, reporter);
  return { outcome, reporter };
}

/** Every path below `dir` (links not followed) with a digest of what it is: content, link target, or folder. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const rel = prefix + name;
    const s = lstatSync(p);
    if (s.isSymbolicLink()) out[rel] = `link -> ${readlinkSync(p)}`;
    else if (s.isDirectory()) {
      out[rel] = 'dir';
      Object.assign(out, tree(p, `${rel}/`));
    } else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

/** Starts `aza-pg backup` as its own process while a lock holds pg_dump back, and kills it with SIGKILL once its partial file exists. */
async function killedBackup(dir: string): Promise<string> {
  const table = uniqueName('held');
  await cluster.query(`CREATE TABLE ${quoteIdent(table)} (x int); INSERT INTO ${quoteIdent(table)} VALUES (1)`, db);
  const c = cluster.connection(db);
  const lockHolder = spawn(
    join(cluster.bin.binDir, 'psql'),
    [
      '-X',
      '-h',
      c.host,
      '-p',
      String(c.port),
      '-U',
      c.user,
      '-d',
      db,
      '-c',
      `BEGIN; LOCK TABLE ${quoteIdent(table)} IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600);`,
    ],
    { env: { ...env(), PGPASSWORD: cluster.password }, stdio: 'ignore' },
  );
  let victim: ChildProcess | undefined;
  try {
    // The lock is held once the backend waits in pg_sleep.
    await waitFor(
      async () =>
        (
          await cluster.query(
            `SELECT count(*) FROM pg_locks l JOIN pg_class r ON r.oid = l.relation WHERE r.relname = '${table}' AND l.granted`,
            db,
          )
        )[0]![0] === '1',
    );
    victim = spawn(
      BUN,
      [CLI_SRC, 'backup', db, '--output-dir', dir, '--host', cluster.host, '--port', String(cluster.port), '--user', cluster.superuser],
      {
        env: env(),
        stdio: 'ignore',
        detached: true,
      },
    );
    await waitFor(async () => readdirSync(dir).some((f) => f.includes('.partial-')));
    process.kill(-victim.pid!, 'SIGKILL');
    await new Promise((r) => victim!.once('exit', r));
  } finally {
    lockHolder.kill('SIGKILL');
    await cluster
      .query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'`,
      )
      .catch(() => {});
  }
  return readdirSync(dir).find((f) => f.includes('.partial-'))!;
}

async function waitFor(check: () => Promise<boolean> | boolean, ms = 30000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'aza-prune-it-'));
  cluster = await createCluster();
  db = uniqueName('pr');
  await createDatabase(cluster, db);
  await cluster.query(
    'CREATE TABLE items (id int PRIMARY KEY, v text); INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 2000) g',
    db,
  );
});

afterAll(async () => {
  await cluster?.destroy();
  if (base) rmSync(base, { recursive: true, force: true });
});

describe('a real backup directory', () => {
  test('the deleting run removes exactly what the dry run listed; foreign entries and links stay byte for byte', async () => {
    const dir = freshDir();
    const days = [
      ['2026-01-05T02:00:00', 'plain'],
      ['2026-01-20T02:00:00', 'custom'],
      ['2026-01-31T02:00:00', 'directory'],
      ['2026-02-10T02:00:00', 'plain'],
      ['2026-02-11T02:00:00', 'directory'],
      ['2026-02-12T02:00:00', 'plain'],
      ['2026-02-12T14:00:00', 'custom'],
      ['2026-02-13T02:00:00', 'plain'],
    ] as const;
    const made: string[] = [];
    for (const [at, format] of days) made.push(await backupAt(dir, at, format));
    const partial = await killedBackup(dir);

    // Foreign: a note, a folder named like a directory backup but holding a subfolder, a link named
    // like a backup pointing out of the directory, a folder of someone else's.
    const outside = join(base, 'outside.sql.gz');
    writeFileSync(outside, 'not in the directory');
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    // JSON of someone else's under our manifest suffix, alone and beside a file: not markers of ours.
    writeFileSync(join(dir, 'settings.manifest.json'), '{"theme": "dark"}');
    writeFileSync(join(dir, 'mine.txt'), 'mine');
    writeFileSync(join(dir, 'mine.txt.manifest.json'), 'not json at all');
    mkdirSync(join(dir, 'backup_other_2020_01_01_000000.dir', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'backup_other_2020_01_01_000000.dir', 'nested', 'file'), 'x');
    symlinkSync(outside, join(dir, 'backup_linked_2020_01_01_000000.sql.gz'));
    mkdirSync(join(dir, 'archive'));
    writeFileSync(join(dir, 'archive', 'backup_app_2019_01_01_000000.sql.gz'), 'old, but in a subfolder');

    // The real clock: the policy goes by the manifests' start times; the clock only ages the killed run's file.
    const policy = {
      directory: dir,
      'keep-daily': '2',
      'keep-weekly': '2',
      'keep-monthly': '2',
      'delete-incomplete': 'true',
      'incomplete-grace': '1s',
    };
    await new Promise((r) => setTimeout(r, 1500));
    const before = tree(dir);
    const outsideBefore = readFileSync(outside, 'utf8');

    const dry = await prunePerform(policy);
    expect(dry.outcome.dryRun).toBe(true);
    expect(tree(dir)).toEqual(before);
    const planned = prune.plannedOutputs!(dry.outcome.plan);
    const plannedDeleted = JSON.parse(String(planned.deleted)) as string[];
    const plannedKept = JSON.parse(String(planned.kept)) as Array<{ name: string; rules: string[] }>;
    const name = (i: number) => made[i]!.split('/').pop()!;
    // Daily 2: 02-13, 02-12 14:00. Weekly 2: 02-10..02-13 are ISO W07, 02-01..02-08 (W05's end, W06) have none,
    // 01-31 is W05: W07 -> 02-13, W05 -> 01-31. Monthly 2: 2026-02 -> 02-13, 2026-01 -> 01-31.
    expect(plannedKept.map((k) => [k.name, k.rules])).toEqual([
      [name(7), ['daily', 'weekly', 'monthly']],
      [name(6), ['daily']],
      [name(2), ['weekly', 'monthly']],
    ]);
    // The killed run left its partial file and its lock: both leftovers (the lock since issue 15).
    expect(plannedDeleted.sort()).toEqual([name(0), name(1), name(3), name(4), name(5), partial, lockOf(partial)].sort());
    expect(dry.reporter.text()).toContain('would delete');
    for (const foreign of [
      'notes.txt',
      'settings.manifest.json',
      'mine.txt and its .manifest.json',
      'archive',
      'backup_other_2020_01_01_000000.dir',
    ])
      expect(dry.reporter.text()).toContain(`left alone    ${foreign}`);

    const real = await prunePerform({ ...policy, confirm: 'true' });
    expect(real.outcome.dryRun).toBe(false);
    const result = (real.outcome as { result: PruneResult }).result;
    expect(result.deleted.map((d) => d.name).sort()).toEqual(plannedDeleted.sort());
    expect(result.skipped).toEqual([]);
    expect(String(prune.outputs(result)['bytes-freed'])).toBe(String(planned['bytes-freed']));

    // What is left is the dry run's "before" minus each deleted backup, its manifest (and its files).
    const gone = (p: string) => plannedDeleted.some((d) => p === d || p === `${d}.manifest.json` || p.startsWith(`${d}/`));
    const expected = Object.fromEntries(Object.entries(before).filter(([p]) => !gone(p)));
    expect(tree(dir)).toEqual(expected);
    expect(readFileSync(outside, 'utf8')).toBe(outsideBefore);
    for (const k of plannedKept) expect(existsSync(join(dir, `${k.name}.manifest.json`))).toBe(true);

    // Pruning again finds nothing more to do.
    const again = await prunePerform({ ...policy, confirm: 'true' });
    expect((again.outcome as { result: PruneResult }).result.deleted).toEqual([]);
  });

  test('without delete-incomplete the killed run is listed, never deleted, never counted', async () => {
    const dir = freshDir();
    const only = await backupAt(dir, '2026-03-01T02:00:00');
    const partial = await killedBackup(dir);
    const { outcome, reporter } = await prunePerform(
      { directory: dir, confirm: 'true', 'keep-daily': '1' },
      new Date('2026-03-05T00:00:00Z'),
    );
    const result = (outcome as { result: PruneResult }).result;
    expect(result.deleted).toEqual([]);
    expect(result.kept.map((k) => k.backup.data.path)).toEqual([only]);
    expect(result.incomplete.map((i) => [i.name, i.kind]).sort()).toEqual([
      [lockOf(partial), 'partial'],
      [partial, 'partial'],
    ]);
    expect(reporter.warnings.join('\n')).toMatch(/2 incomplete backup\(s\) or leftover\(s\) of killed runs/);
    expect(existsSync(join(dir, partial))).toBe(true);
    expect(existsSync(join(dir, lockOf(partial)))).toBe(true);
  });
});

/** The lock file (lock.ts) of the backup whose partial file is `partial`. */
function lockOf(partial: string): string {
  return partial.replace(/\.partial-[^.]+$/, '.lock');
}

/** Runs the action entry as the runner starts it: inputs as INPUT_* variables, outputs and summary in files. */
async function runActionEntry(inputs: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}) {
  const workspace = freshDir();
  const outputs = join(workspace, 'outputs');
  const summary = join(workspace, 'summary.html');
  writeFileSync(outputs, '');
  writeFileSync(summary, '');
  const e: NodeJS.ProcessEnv = cleanEnv({ GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: workspace, ...extraEnv });
  for (const [k, v] of Object.entries(inputs)) e[`INPUT_${k.toUpperCase()}`] = v;
  const r = await run(BUN, [ACTION_SRC], { env: e, cwd: workspace, allowFailure: true, timeoutMs: 120000 });
  return { ...r, outputs: readGithubOutputs(outputs), summary: readFileSync(summary, 'utf8') };
}

describe('the action', () => {
  test('is a dry run unless dry-run is false; outputs are JSON; the summary names the rule that kept each', async () => {
    const dir = freshDir();
    const old = await backupAt(dir, '2026-01-01T02:00:00');
    const mid = await backupAt(dir, '2026-01-02T02:00:00');
    const newest = await backupAt(dir, '2026-01-03T02:00:00');
    const policy = { directory: dir, 'keep-daily': '1', 'keep-weekly': 'off', 'keep-monthly': 'off', 'keep-last': '2' };
    const before = tree(dir);

    const dry = await runActionEntry(policy);
    expect(dry.code).toBe(0);
    expect(dry.stdout).not.toContain('::error');
    expect(tree(dir)).toEqual(before);
    expect(dry.outputs['dry-run']).toBe('true');
    expect(JSON.parse(dry.outputs.deleted!)).toEqual([basename(old)]);
    // The scheduled dry run's summary is how an operator sees what it would delete.
    expect(dry.summary).toContain('Prune: dry run (nothing was deleted)');
    expect(dry.summary).toContain('Would delete');
    expect(dry.summary).toContain(basename(old));
    expect(dry.summary).toContain('last, daily');

    const freed = lstatSync(old).size + lstatSync(`${old}.manifest.json`).size;
    expect(Number(dry.outputs['bytes-freed'])).toBe(freed);
    const real = await runActionEntry({ ...policy, 'dry-run': 'false' });
    expect(real.code).toBe(0);
    expect(real.outputs['dry-run']).toBe('false');
    expect(JSON.parse(real.outputs.kept!)).toEqual([
      { name: basename(newest), database: db, startedAt: '2026-01-03T02:00:00.000Z', rules: ['last', 'daily'] },
      { name: basename(mid), database: db, startedAt: '2026-01-02T02:00:00.000Z', rules: ['last'] },
    ]);
    expect(JSON.parse(real.outputs.deleted!)).toEqual([basename(old)]);
    expect(JSON.parse(real.outputs.incomplete!)).toEqual([]);
    expect(Number(real.outputs['bytes-freed'])).toBe(freed);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(`${old}.manifest.json`)).toBe(false);
    expect(real.summary).toContain('Prune');
    expect(real.summary).toContain('last, daily');
  });

  test('prunes backup artifacts of earlier runs with github-token, through the FAKE GitHub API', async () => {
    const fake = await FakeResultsService.start({ repository: 'example/db' });
    try {
      for (let d = 1; d <= 3; d++) fake.seed(`backup_${db}_2026_01_0${d}_020000.sql.gz`, new Date(`2026-01-0${d}T02:05:00Z`));
      fake.seed('unrelated', new Date('2026-01-01T00:00:00Z'));
      const inputs = { 'github-token': fake.repoToken, 'keep-daily': '2', 'keep-weekly': 'off', 'keep-monthly': 'off', 'dry-run': 'false' };
      const r = await runActionEntry(inputs, { GITHUB_API_URL: fake.url, GITHUB_REPOSITORY: 'example/db' });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`::add-mask::${fake.repoToken}`);
      expect(JSON.parse(r.outputs['artifacts-deleted']!)).toEqual([
        { id: expect.any(Number), name: `backup_${db}_2026_01_01_020000.sql.gz` },
      ]);
      expect(fake.finalized.map((a) => a.name).sort()).toEqual([
        `backup_${db}_2026_01_02_020000.sql.gz`,
        `backup_${db}_2026_01_03_020000.sql.gz`,
        'unrelated',
      ]);
    } finally {
      await fake.close();
    }
  });
});

describe('the directory given', () => {
  test('may itself be a symbolic link to the backup directory', async () => {
    const dir = freshDir();
    const old = writeBackupFiles(dir, { startedAt: new Date('2026-01-01T02:00:00Z') });
    const kept = writeBackupFiles(dir, { startedAt: new Date('2026-01-02T02:00:00Z') });
    const link = join(base, `link${n}`);
    symlinkSync(dir, link);
    const { outcome } = await prunePerform({
      directory: link,
      confirm: 'true',
      'keep-daily': '1',
      'keep-weekly': 'off',
      'keep-monthly': 'off',
    });
    const result = (outcome as { result: PruneResult }).result;
    expect(result.deleted.map((d) => d.name)).toEqual([basename(old.path)]);
    expect(existsSync(old.path)).toBe(false);
    expect(existsSync(kept.path)).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

describe('bad input gets a clear error, and nothing is deleted', () => {
  test('unknown directory', async () => {
    const e = await azaRejectionOf(prunePerform({ directory: join(base, 'nope'), confirm: 'true' }));
    expect(e.message).toContain(`Backup directory does not exist: ${join(base, 'nope')}`);
  });

  test('a manifest that is not JSON', async () => {
    const dir = freshDir();
    const a = await backupAt(dir, '2026-01-01T02:00:00');
    const b = await backupAt(dir, '2026-01-02T02:00:00');
    writeFileSync(`${a}.manifest.json`, '{ this is not json');
    const before = tree(dir);
    const e = await azaRejectionOf(
      prunePerform({ directory: dir, confirm: 'true', 'keep-daily': '1', 'keep-weekly': 'off', 'keep-monthly': 'off' }),
    );
    expect(e.code).toBe('MANIFEST_INVALID');
    expect(e.message).toContain(a.split('/').pop()!);
    expect(e.message).toContain('nothing was deleted');
    expect(e.hint).toMatch(/delete-incomplete/);
    expect(tree(dir)).toEqual(before);
    expect(existsSync(b)).toBe(true);
  });

  test('data that does not match its manifest (size; sha256 with --deep)', async () => {
    const dir = freshDir();
    const a = await backupAt(dir, '2026-01-01T02:00:00');
    await backupAt(dir, '2026-01-02T02:00:00');
    const size = lstatSync(a).size;
    truncateSync(a, size - 10);
    const before = tree(dir);
    const e = await azaRejectionOf(
      prunePerform({ directory: dir, confirm: 'true', 'keep-daily': '1', 'keep-weekly': 'off', 'keep-monthly': 'off' }),
    );
    expect(e.code).toBe('MANIFEST_MISMATCH');
    expect(e.message).toContain(`${size - 10} bytes, the manifest says ${size}`);
    expect(tree(dir)).toEqual(before);

    // Same size, one byte changed: only --deep sees it.
    const dir2 = freshDir();
    const c = await backupAt(dir2, '2026-01-01T02:00:00');
    const bytes = readFileSync(c);
    bytes[bytes.length - 20] ^= 0xff;
    writeFileSync(c, bytes);
    const shallow = await prunePerform({ directory: dir2 });
    expect((shallow.outcome.plan as { keep: unknown[] }).keep).toHaveLength(1);
    const deep = await azaRejectionOf(prunePerform({ directory: dir2, deep: 'true' }));
    expect(deep.code).toBe('MANIFEST_MISMATCH');
    expect(deep.message).toMatch(/sha256/);
  });

  test('min-keep larger than the complete backups there are', async () => {
    const dir = freshDir();
    await backupAt(dir, '2026-01-01T02:00:00');
    await backupAt(dir, '2026-01-02T02:00:00');
    const e = await azaRejectionOf(prunePerform({ directory: dir, confirm: 'true', 'min-keep': '3' }));
    expect(e.code).toBe('MIN_KEEP_UNMET');
    expect(e.message).toContain('min-keep is 3, but there are only 2');
  });

  test.each([
    ['--keep-daily', '0', 'Invalid --keep-daily "0": expected a whole number of at least 1'],
    ['--keep-weekly=-2', '', 'Invalid --keep-weekly "-2": expected a whole number of at least 1'],
    ['--min-keep', 'x', 'Invalid --min-keep "x": expected a whole number'],
  ])('the command line refuses %s %s (exit 2)', async (flag, value, message) => {
    const dir = freshDir();
    const r = await run(BUN, [CLI_SRC, 'prune', dir, flag, ...(value === '' ? [] : [value])], {
      env: cleanEnv(),
      allowFailure: true,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
