/**
 * Bad input and bad luck: each case gets a clear error and a non-zero exit, and leaves nothing
 * behind (no backup, no manifest, no hidden temp file). Real cluster, real pg_dump; the CLI cases
 * run `bun src/cli/index.ts backup` as a child process, as a user would.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCluster, freePort, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import type { BackupManifest } from '../../src/core/manifest.js';
import {
  backup,
  backupFailure,
  cleanEnv,
  clusterEnv,
  copyRowsInDump,
  createDatabase,
  entries,
  uniqueName,
} from '../harness/backup-helpers.js';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const BUN = join(ROOT, 'node_modules/.bin/bun');
const CLI = join(ROOT, 'src/cli/index.ts');

let cluster: Cluster;
let base: string;
let bigDb: string;
const mounts: string[] = [];
let dirCount = 0;

function freshDir(): string {
  const d = join(base, `case${++dirCount}`);
  mkdirSync(d);
  return d;
}

function conn(): Record<string, string> {
  return { host: cluster.host, port: String(cluster.port), user: cluster.superuser };
}

function env(): NodeJS.ProcessEnv {
  return cleanEnv({ PGPASSWORD: cluster.password });
}

async function cli(args: string[], cwd: string, childEnv: NodeJS.ProcessEnv) {
  const r = await run(BUN, [CLI, 'backup', ...args], { cwd, env: childEnv, allowFailure: true, timeoutMs: 120000 });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

async function mountTmpfs(options: string): Promise<string> {
  const dir = mkdtempSync(join(base, 'mnt-'));
  await run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'aza-backup-err-'));
  cluster = await createCluster();
  bigDb = uniqueName('bk_big');
  await createDatabase(cluster, bigDb);
  // ~45 MB of SQL that compresses about 2x: a dump that takes a while and does not fit in 2 MiB.
  await cluster.query(
    'CREATE TABLE big (id int, a text, b text); INSERT INTO big SELECT g, md5(g::text), md5((g * 7)::text) || md5((g * 13)::text) FROM generate_series(1, 450000) g;',
    bigDb,
  );
}, 120000);

afterAll(async () => {
  for (const m of mounts) await run('umount', ['-l', m], { allowFailure: true });
  await cluster?.destroy();
  rmSync(base, { recursive: true, force: true });
});

describe('client tools', () => {
  test('pg_dump missing (--pg-bin-dir holds no client tools): the spec error with the install hint', async () => {
    const dir = freshDir();
    const empty = freshDir();
    const { error } = await backupFailure({ ...conn(), 'pg-bin-dir': empty }, [], env(), dir);
    expect(error.code).toBe('TOOL_NOT_FOUND');
    expect(error.message).toBe(`Required command not found: pg_dump (looked in ${empty})`);
    expect(error.hint).toContain('Ubuntu/Debian:  sudo apt-get install postgresql-client');
    expect(error.hint).toContain('macOS:          brew install postgresql@18');
    expect(error.hint).toContain('Alpine:         apk add postgresql-client');
    expect(entries(dir)).toEqual([]);
  });

  test('pg_dump missing next to a psql: still named', async () => {
    const dir = freshDir();
    const bin = freshDir();
    symlinkSync(cluster.tool('psql'), join(bin, 'psql'));
    const { error } = await backupFailure({ ...conn(), 'pg-bin-dir': bin }, [], env(), dir);
    expect(error.message).toBe(`Required command not found: pg_dump (looked in ${bin})`);
    expect(entries(dir)).toEqual([]);
  });

  test('the CLI prints the spec error and the hint and exits 1', async () => {
    const dir = freshDir();
    const empty = freshDir();
    const r = await cli(['--pg-bin-dir', empty], dir, clusterEnv(cluster));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`✗ Error: Required command not found: pg_dump (looked in ${empty})`);
    expect(r.err).toContain('sudo apt-get install postgresql-client');
    expect(entries(dir)).toEqual([]);
  });

  // "Server newer than every pg_dump": only PostgreSQL 15 exists on this machine and a fake
  // pg_dump would be a mock of a real part, so the choice and the message are unit-tested
  // (chooseTool / toolTooOld in test/unit/backup-plan.test.ts) on real discovery output shapes.

  test('zstd missing for plain zstd: named, and pg_dump stopped without a file', async () => {
    const dir = freshDir();
    // PATH without zstd; the PostgreSQL tools are still found in their install directory.
    const r = await cli(['--compression', 'zstd', bigDb], dir, clusterEnv(cluster, { PATH: '/nonexistent-bin' }));
    expect(r.code).toBe(1);
    expect(r.err).toContain('Required command not found: zstd');
    expect(r.err).not.toContain('killed by');
    expect(entries(dir)).toEqual([]);
  });
});

describe('connection problems are found before anything is written', () => {
  test('wrong password: AUTH_FAILED; the password appears nowhere', async () => {
    const wrong = `Wr0ng-${uniqueName('pw')}`;
    const dir = freshDir();
    const { error, reporter } = await backupFailure(conn(), [], cleanEnv({ PGPASSWORD: wrong }), dir);
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toBe(
      `Password authentication failed for user "${cluster.superuser}" at ${cluster.superuser}@${cluster.host}:${cluster.port}/postgres`,
    );
    for (const text of [error.message, error.hint ?? '', error.stack ?? '', String(error.cause ?? ''), reporter.text()])
      expect(text).not.toContain(wrong);
    expect(entries(dir)).toEqual([]);

    const r = await cli([], dir, clusterEnv(cluster, { PGPASSWORD: wrong }));
    expect(r.code).toBe(1);
    expect(r.err).toContain('✗ Error: Password authentication failed');
    expect(`${r.out}\n${r.err}`).not.toContain(wrong);
    expect(entries(dir)).toEqual([]);
  });

  test('wrong password inside a connection URI is not echoed either', async () => {
    const wrong = `Uri-${uniqueName('pw')}`;
    const dir = freshDir();
    const r = await cli(
      ['--connection-uri', `postgresql://${cluster.superuser}:${wrong}@${cluster.host}:${cluster.port}/postgres`],
      dir,
      cleanEnv(),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('Password authentication failed');
    expect(`${r.out}\n${r.err}`).not.toContain(wrong);
    expect(entries(dir)).toEqual([]);
  });

  test('no password where the server requires one: "PGPASSWORD environment variable required"', async () => {
    const dir = freshDir();
    const home = freshDir(); // no .pgpass here
    const { error } = await backupFailure(conn(), [], cleanEnv({ HOME: home }), dir);
    expect(error.code).toBe('PASSWORD_REQUIRED');
    expect(error.message).toBe('PGPASSWORD environment variable required');
    expect(error.hint).toContain(`${cluster.host}:${cluster.port}:*:${cluster.superuser}:password`);
    expect(entries(dir)).toEqual([]);

    const r = await cli([], dir, cleanEnv({ HOME: home, PGHOST: cluster.host, PGPORT: String(cluster.port), PGUSER: cluster.superuser }));
    expect(r.code).toBe(1);
    expect(r.err).toContain('✗ Error: PGPASSWORD environment variable required');
    expect(entries(dir)).toEqual([]);
  });

  test('a ~/.pgpass entry is enough (the spec alternative)', async () => {
    const dir = freshDir();
    const home = freshDir();
    writeFileSync(join(home, '.pgpass'), `${cluster.host}:${cluster.port}:*:${cluster.superuser}:${cluster.password}\n`, { mode: 0o600 });
    const { result } = await backup(conn(), [bigDb], cleanEnv({ HOME: home, PGPASSFILE: join(home, '.pgpass') }), dir);
    expect(existsSync(result.path)).toBe(true);
  });

  test('unknown database: DATABASE_NOT_FOUND', async () => {
    const dir = freshDir();
    const { error } = await backupFailure(conn(), ['no_such_db_here'], env(), dir);
    expect([error.code, error.message]).toEqual([
      'DATABASE_NOT_FOUND',
      `Database "no_such_db_here" does not exist on ${cluster.host}:${cluster.port}`,
    ]);
    expect(error.hint).toContain('psql -l');
    expect(entries(dir)).toEqual([]);
  });

  test('host unreachable (a closed port): CONNECTION_FAILED with what to check', async () => {
    const dir = freshDir();
    const port = await freePort();
    const { error } = await backupFailure({ ...conn(), port: String(port) }, [], env(), dir);
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.message).toContain(`Cannot connect to PostgreSQL at ${cluster.superuser}@${cluster.host}:${port}/postgres`);
    expect(error.message).toContain('Connection refused');
    expect(error.hint).toContain(`pg_isready -h ${cluster.host} -p ${port}`);
    expect(entries(dir)).toEqual([]);
  });
});

describe('the destination', () => {
  test('output exists: refused, the existing file untouched', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'exists.sql.gz'), 'precious');
    const { error } = await backupFailure(conn(), [bigDb, 'exists.sql.gz'], env(), dir);
    expect([error.code, error.message]).toEqual(['OUTPUT_EXISTS', `Output file already exists: ${join(dir, 'exists.sql.gz')}`]);
    expect(readFileSync(join(dir, 'exists.sql.gz'), 'utf8')).toBe('precious');
    expect(entries(dir)).toEqual(['exists.sql.gz']);
  });

  test('output directory missing: refused, not created', async () => {
    const dir = freshDir();
    const missing = join(dir, 'no', 'such');
    const { error } = await backupFailure({ ...conn(), 'output-dir': missing }, [bigDb], env(), dir);
    expect([error.code, error.message]).toEqual(['OUTPUT_DIR_MISSING', `Output directory does not exist: ${missing}`]);
    expect(error.hint).toBe(`Create it first: mkdir -p ${missing}`);
    const viaPath = await backupFailure(conn(), [bigDb, join(missing, 'x.sql.gz')], env(), dir);
    expect(viaPath.error.code).toBe('OUTPUT_DIR_MISSING');
    expect(entries(dir)).toEqual([]);
  });

  test('output directory not writable (read-only mount; root ignores permissions)', async () => {
    const ro = await mountTmpfs('ro,size=1m');
    const { error } = await backupFailure({ ...conn(), 'output-dir': ro }, [bigDb], env(), base);
    expect(error.code).toBe('OUTPUT_DIR_NOT_WRITABLE');
    expect(error.message).toBe(`Output directory not writable: ${ro} (read-only file system)`);
    expect(error.hint).toContain(`ls -la ${ro}`);
    expect(readdirSync(ro)).toEqual([]);
  });

  test('disk full mid-dump: DISK_FULL, pg_dump stopped, the directory left empty', async () => {
    const small = await mountTmpfs('size=2m');
    const { error, reporter } = await backupFailure({ ...conn(), 'output-dir': small }, [bigDb], env(), base);
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toMatch(
      /^No space left on the device while writing \.backup_.*\.sql\.gz\.partial-\d+-\d+-\w+-[0-9a-f]{8} \(\d+ bytes free\); the partial file was removed$/,
    );
    expect(error.hint).toBe(`Free space in ${small} (df -h ${small}) or write the backup elsewhere.`);
    // The free-space check warned before the dump started.
    expect(reporter.warnings.some((w) => w.startsWith('Only ') && w.includes(`free in ${small}`))).toBe(true);
    expect(readdirSync(small)).toEqual([]);
    // Nothing of pg_dump or the snapshot session lingers on the server.
    await expectNoClientsOn(bigDb);
  });
});

async function expectNoClientsOn(db: string): Promise<void> {
  const deadline = Date.now() + 10000;
  let left = '';
  while (Date.now() < deadline) {
    left = (await cluster.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${db}' AND application_name = 'aza-pg'`))[0]![0]!;
    if (left === '0') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(left).toBe('0');
}

/**
 * Starts a CLI backup of the big table and returns once pg_dump is running and the partial file
 * has data, with the CLI stopped (SIGSTOP) so the dump cannot finish meanwhile.
 */
async function cliMidDump(dir: string, args = ['--compression-level', '9'], victim = 'pg_dump') {
  const child = spawn(BUN, [CLI, 'backup', bigDb, ...args], {
    cwd: dir,
    env: clusterEnv(cluster),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 60000;
  let pgDump: number | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the backup ended before it could be interrupted: ${out}\n${err}`);
    if (Date.now() > deadline) throw new Error('pg_dump did not start writing within 60 s');
    const partial = readdirSync(dir).find((n) => n.includes('.partial-'));
    if (partial && statSync(join(dir, partial), { throwIfNoEntry: false })?.size) {
      const found = (await run('pgrep', ['-P', String(child.pid), '-x', victim], { allowFailure: true })).stdout.trim();
      if (found) {
        process.kill(child.pid!, 'SIGSTOP');
        pgDump = Number(found.split('\n')[0]);
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { child, pgDump, exited, output: () => ({ out, err }) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('interrupted dumps leave nothing behind', () => {
  test('pg_dump killed mid-dump (SIGKILL): the backup fails, no file, no temp file', async () => {
    const dir = freshDir();
    const { child, pgDump, exited, output } = await cliMidDump(dir);
    expect(entries(dir).some((n) => n.includes('.partial-'))).toBe(true);
    process.kill(pgDump!, 'SIGKILL');
    process.kill(child.pid!, 'SIGCONT');
    const { code } = await exited;
    const { out, err } = output();
    expect(code).toBe(1);
    expect(err).toContain('✗ Error: Backup failed, no file was written: pg_dump was killed by SIGKILL');
    expect(out).not.toContain('✓ Backup written');
    expect(entries(dir)).toEqual([]);
    await expectNoClientsOn(bigDb);
  });

  // zstd: the kernel pipes pg_dump into zstd and zstd into the file, so only exit statuses tell.
  test.each([
    ['pg_dump', 'pg_dump was killed by SIGKILL'],
    ['zstd', 'zstd was killed by SIGKILL'],
  ])('plain zstd, %s killed mid-dump (SIGKILL): the backup fails, no file, no temp file', async (victim, message) => {
    const dir = freshDir();
    const { child, pgDump, exited, output } = await cliMidDump(dir, ['--compression', 'zstd'], victim);
    process.kill(pgDump!, 'SIGKILL');
    process.kill(child.pid!, 'SIGCONT');
    const { code } = await exited;
    const { out, err } = output();
    expect(code).toBe(1);
    expect(err).toContain(message);
    expect(err).not.toContain(victim === 'zstd' ? 'pg_dump was' : 'zstd was');
    expect(out).not.toContain('✓ Backup written');
    expect(entries(dir)).toEqual([]);
    await expectNoClientsOn(bigDb);
  });

  test('SIGTERM to the CLI mid-dump: children stopped, partial file removed, exit 143', async () => {
    const dir = freshDir();
    const { child, pgDump, exited, output } = await cliMidDump(dir);
    // Delivered when the CLI resumes.
    process.kill(child.pid!, 'SIGTERM');
    process.kill(child.pid!, 'SIGCONT');
    const { code } = await exited;
    expect(code).toBe(143);
    expect(output().err).toContain('Received SIGTERM: stopping child processes and removing partial files.');
    expect(entries(dir)).toEqual([]);
    const deadline = Date.now() + 10000;
    while (alive(pgDump!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pgDump!)).toBe(false);
    await expectNoClientsOn(bigDb);
  });

  test('control: the same CLI backup, left alone, completes with the full table', async () => {
    const dir = freshDir();
    const r = await cli([bigDb, 'full.sql.gz'], dir, clusterEnv(cluster));
    expect(r.code).toBe(0);
    expect(await copyRowsInDump(join(dir, 'full.sql.gz'), 'public', 'big')).toBe(450000);
    expect(entries(dir)).toEqual(['full.sql.gz', 'full.sql.gz.manifest.json']);
  });
});

describe('invalid options: exit 2, the reason, nothing written', () => {
  test.each([
    [['--format', 'tar'], 'Invalid --format "tar": expected one of plain, custom, directory'],
    [['--compression', 'lz4'], 'Invalid --compression "lz4": expected one of gzip, zstd, none'],
    [['--row-counts', 'approximate'], 'Invalid --row-counts "approximate": expected one of exact, estimate, none'],
    [['--sslmode', 'strict'], 'Invalid --sslmode "strict": expected one of disable, allow, prefer, require, verify-ca, verify-full'],
    [['--jobs', '4'], '--jobs needs the directory format (pg_dump runs parallel jobs only for -Fd)'],
    [['--jobs', '4', '--format', 'custom'], '--jobs needs the directory format (pg_dump runs parallel jobs only for -Fd)'],
    [['--format', 'custom', '--compression-level', '10'], 'Invalid --compression-level "10": expected a whole number from 0 to 9'],
    [
      ['--format', 'custom', '--compression', 'zstd', '--compression-level', '20'],
      'Invalid --compression-level "20": expected a whole number from 1 to 19',
    ],
    [['--compression-level', '0'], 'Invalid --compression-level "0": expected a whole number from 1 to 9'],
    [['--compression', 'none', '--compression-level', '3'], '--compression-level makes no sense with compression none'],
    [['--overwrite=maybe'], "Option '--overwrite' does not take an argument"],
    [['--no-such-flag'], "Unknown option '--no-such-flag'"],
  ])('%j', async (args, message) => {
    const dir = freshDir();
    const r = await cli([...args, bigDb], dir, clusterEnv(cluster));
    expect(r.code).toBe(2);
    expect(r.err).toContain(`✗ Error: ${message}`);
    expect(r.out).toBe('');
    expect(entries(dir)).toEqual([]);
  });

  test('zstd inside a custom archive with pg_dump 15: refused after the version check, nothing written', async () => {
    const dir = freshDir();
    const r = await cli(['--format', 'custom', '--compression', 'zstd', bigDb], dir, clusterEnv(cluster));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /✗ Error: zstd compression inside custom or directory archives needs pg_dump 16 or newer; the pg_dump found is 15\.\d+/,
    );
    expect(entries(dir)).toEqual([]);
  });
});

describe('database names with spaces, quotes and non-ASCII work', () => {
  const suffix = uniqueName('x').slice(2);
  test.each([
    [`bk space ${suffix}`, `bk_space_${suffix}`],
    [`bk "quote' ${suffix}`, `bk__quote__${suffix}`],
    [`bäckup_данные_数据_${suffix}`, `bäckup_данные_数据_${suffix}`],
    [`a/b=c dbname=postgres ${suffix}`, `a_b_c_dbname_postgres_${suffix}`],
  ])('%j -> backup_%s_<stamp>.sql.gz; the manifest records the real name', async (name, safe) => {
    await cluster.query(`CREATE DATABASE "${name.replace(/"/g, '""')}" TEMPLATE template0`);
    await cluster.query(
      'CREATE TABLE marker (v text); INSERT INTO marker VALUES (current_database()), (current_database()), (current_database());',
      name,
    );
    const dir = freshDir();
    const { result } = await backup(conn(), [name], env(), dir);
    expect(result.path.startsWith(`${dir}/backup_${safe}_`)).toBe(true);
    expect(result.path).toMatch(/_\d{4}_\d{2}_\d{2}_\d{6}\.sql\.gz$/);
    expect(entries(dir)).toHaveLength(2);
    const m = JSON.parse(readFileSync(result.manifestPath, 'utf8')) as BackupManifest;
    expect(m.database).toBe(name);
    expect(m.tables).toEqual([{ schema: 'public', table: 'marker', rows: 3 }]);
    // The dump is of that database, not of one its name might be mistaken for.
    const sql = (await run('sh', ['-c', 'gunzip -c "$1"', 'sh', result.path])).stdout;
    expect(sql).toContain(`${name}\n${name}\n${name}\n\\.`);
  });

  test('through the CLI, as one argument', async () => {
    const name = `cli db "ü" ${suffix}`;
    await cluster.query(`CREATE DATABASE "${name.replace(/"/g, '""')}" TEMPLATE template0`);
    await cluster.query('CREATE TABLE t (x int); INSERT INTO t VALUES (1);', name);
    const dir = freshDir();
    const r = await cli([name], dir, clusterEnv(cluster));
    expect(r.code).toBe(0);
    const files = entries(dir);
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(new RegExp(`^backup_cli_db__ü__${suffix}_\\d{4}_\\d{2}_\\d{2}_\\d{6}\\.sql\\.gz$`));
    expect((JSON.parse(readFileSync(join(dir, files[1]!), 'utf8')) as BackupManifest).database).toBe(name);
  });
});

describe('the spec warning: backup size unexpectedly small', () => {
  test('an empty database: the backup is written, with the warning and its causes', async () => {
    const empty = uniqueName('bk_empty');
    await createDatabase(cluster, empty);
    const dir = freshDir();
    const { result, reporter } = await backup(conn(), [empty], env(), dir);
    expect(existsSync(result.path)).toBe(true);
    expect(result.sizeBytes).toBeLessThan(1024);
    expect(reporter.warnings).toHaveLength(1);
    expect(reporter.warnings[0]).toMatch(
      /^Backup size unexpectedly small \(\d+ B, 0 tables\)\. Possible causes: an empty database \(check with psql -l\), a wrong database name, or insufficient permissions \(check the user's grants\)\.$/,
    );

    const r = await cli([empty, 'cli.sql.gz'], dir, clusterEnv(cluster));
    expect(r.code).toBe(0);
    expect(r.err).toContain('⚠ WARNING: Backup size unexpectedly small');
  });
});
