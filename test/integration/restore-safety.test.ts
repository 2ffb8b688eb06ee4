/**
 * Bad input gets a clear error and no side effect: every damaged or foreign file is refused before
 * any database is touched, a dump that fails halfway leaves the target exactly as it was (atomic
 * and into-existing), open sessions, wrong passwords, odd database names, missing extensions; the
 * modes and options; and verify passing a good backup and failing each bad one with its reason.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { AzaError } from '../../src/core/errors.js';
import { PsqlSession } from '../../src/core/pg.js';
import { MemoryReporter } from '../../src/core/report.js';
import { execute, perform } from '../../src/core/operation.js';
import { restore as restoreOperation } from '../../src/core/restore/index.js';
import { verify, type VerifyFailed } from '../../src/core/verify/index.js';
import type { VerifySettings } from '../../src/core/verify/settings.js';
import { backup, createDb, databases, NORTHWIND, psqlFile, restore, restoreSettings, tableChecksums } from '../harness/restore-helpers.js';

let cluster: Cluster;
let dir: string;
let good: { gz: string; dump: string; dir: string; sql: string };
let bad: Record<string, string>;
let targetSums: Record<string, string>;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f5c1d50000000049454e44ae426082',
  'hex',
);

/** Writes `name` in the test dir and returns its path. */
function file(name: string, content: Buffer | string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function expectRefused(p: Promise<unknown>, code: string, message: RegExp | string): Promise<AzaError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AzaError);
  const err = e as AzaError;
  expect(err.code).toBe(code);
  if (typeof message === 'string') expect(err.message).toContain(message);
  else expect(err.message).toMatch(message);
  return err;
}

/** Nothing changed: the same databases, the target's rows identical. */
async function expectUntouched(before: string[]): Promise<void> {
  expect(await databases(cluster)).toEqual(before);
  expect(await tableChecksums(cluster, 'target')).toEqual(targetSums);
}

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-restore-safety-'));
  await createDb(cluster, 'northwind');
  await psqlFile(cluster, NORTHWIND, 'northwind');
  good = {
    gz: await backup(cluster, 'northwind', dir, 'plain', 'gzip', 'nw.sql.gz'),
    dump: await backup(cluster, 'northwind', dir, 'custom', 'gzip', 'nw.dump'),
    dir: await backup(cluster, 'northwind', dir, 'directory', 'gzip', 'nw.dir'),
    sql: await backup(cluster, 'northwind', dir, 'plain', 'none', 'nw.sql'),
  };
  // The target every refusal must leave alone: a copy of Northwind with one extra row.
  await restore(cluster, good.gz, 'target');
  await cluster.query("INSERT INTO public.region VALUES (99, 'Target only')", 'target');
  targetSums = await tableChecksums(cluster, 'target');

  const gz = readFileSync(good.gz);
  const flipped = Buffer.from(gz);
  flipped[Math.floor(gz.length / 2)]! ^= 0x10;
  const dump = readFileSync(good.dump);
  const sqlText = gunzipSync(gz).toString('utf8');
  // A SQL error in the middle: after the first half of the data, before the rest.
  const copies = [...sqlText.matchAll(/^COPY .*;$/gm)];
  const middle = copies[Math.floor(copies.length / 2)]!.index!;
  const halfway = `${sqlText.slice(0, middle)}SELECT 1/0;\n${sqlText.slice(middle)}`;

  const missingDir = join(dir, 'missing-file.dir');
  cpSync(good.dir, missingDir, { recursive: true });
  const dataFile = readdirSync(missingDir).find((n) => /^\d+\.dat/.test(n))!;
  rmSync(join(missingDir, dataFile));
  const missingDirWithManifest = join(dir, 'missing-file-m.dir');
  cpSync(good.dir, missingDirWithManifest, { recursive: true });
  rmSync(join(missingDirWithManifest, dataFile));
  copyFileSync(`${good.dir}.manifest.json`, `${missingDirWithManifest}.manifest.json`);
  const manifest = JSON.parse(readFileSync(`${good.gz}.manifest.json`, 'utf8'));

  const shaFile = file('sha.sql.gz', gz);
  writeFileSync(`${shaFile}.manifest.json`, JSON.stringify({ ...manifest, file: 'sha.sql.gz', sha256: '0'.repeat(64) }));
  const rowsFile = file('rows.sql.gz', gz);
  writeFileSync(
    `${rowsFile}.manifest.json`,
    JSON.stringify({
      ...manifest,
      file: 'rows.sql.gz',
      tables: manifest.tables.map((t: { table: string; rows: number }) => (t.table === 'orders' ? { ...t, rows: t.rows + 1 } : t)),
    }),
  );

  bad = {
    missing: join(dir, 'does-not-exist.sql.gz'),
    empty: file('empty.sql.gz', ''),
    truncatedGzip: file('truncated.sql.gz', gz.subarray(0, Math.floor(gz.length * 0.6))),
    bitFlippedGzip: file('flipped.sql.gz', flipped),
    shaMismatch: shaFile,
    customCutShort: file('cut.dump', dump.subarray(0, Math.floor(dump.length * 0.7))),
    dirMissingFile: missingDir,
    dirMissingFileManifest: missingDirWithManifest,
    png: file('picture.sql.gz', PNG),
    failsHalfway: file('halfway.sql', halfway),
    missingExtension: file(
      'ext.sql',
      'CREATE EXTENSION IF NOT EXISTS some_missing_ext;\nCREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n',
    ),
    rowMismatch: rowsFile,
  };
}, 180000);

afterAll(async () => {
  await cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('refused before any database is touched', () => {
  test.each([
    ['missing', 'BACKUP_NOT_FOUND', 'Backup file not found'],
    ['empty', 'BACKUP_EMPTY', 'Backup file is empty (0 bytes)'],
    // zlib's words, or igzip's where installed.
    [
      'truncatedGzip',
      'INTEGRITY_FAILED',
      /damaged: it does not decompress with gzip \(.*(unexpected end of file|does not contain a complete gzip file)/,
    ],
    ['bitFlippedGzip', 'INTEGRITY_FAILED', /damaged: it does not decompress with gzip/],
    ['shaMismatch', 'MANIFEST_MISMATCH', /does not match its manifest: sha256 [0-9a-f]{64}, the manifest says 0{64}/],
    ['customCutShort', 'INTEGRITY_FAILED', /pg_restore cannot read it in full \(.*end of file/],
    ['dirMissingFile', 'INTEGRITY_FAILED', /pg_restore cannot read it in full \(.*could not open input file/],
    ['dirMissingFileManifest', 'MANIFEST_MISMATCH', /\d+\.dat\.gz is missing from the directory/],
    ['png', 'NOT_A_DUMP', 'is not a PostgreSQL dump: binary content'],
    ['missingExtension', 'EXTENSION_MISSING', 'The dump needs extension "some_missing_ext", which the server at 127.0.0.1'],
  ])('%s -> %s', async (name, code, message) => {
    const before = await databases(cluster);
    const err = await expectRefused(restore(cluster, bad[name]!, 'target'), code, message);
    expect(err.hint).toBeTruthy();
    await expectUntouched(before);
  });

  test('a database that does not exist, without create: the spec error and its hint', async () => {
    const before = await databases(cluster);
    const err = await expectRefused(
      restore(cluster, good.gz, 'nosuchdb', { create: false }),
      'DATABASE_NOT_FOUND',
      'Database "nosuchdb" does not exist',
    );
    expect(err.hint).toContain('createdb -h 127.0.0.1 -U postgres nosuchdb');
    await expectUntouched(before);
  });

  test('no confirmation and no terminal to ask: refused', async () => {
    const before = await databases(cluster);
    await expectRefused(
      execute(
        restoreOperation,
        restoreSettings(cluster, good.gz, 'target', { confirmed: false }),
        { env: process.env },
        new MemoryReporter(),
      ),
      'CONFIRMATION_REQUIRED',
      'needs confirmation, but there is no terminal',
    );
    await expectRefused(
      perform(
        restoreOperation,
        restoreSettings(cluster, good.gz, 'target', { confirmed: false }),
        { env: process.env },
        new MemoryReporter(),
        async () => 'no',
      ),
      'ABORTED',
      'Aborted: database "target" was not touched',
    );
    await expectUntouched(before);
  });

  test('wrong password: a clear error, the password nowhere in it', async () => {
    const secret = 'Wr0ng-Pa55word-xyz';
    const reporter = new MemoryReporter();
    const settings = restoreSettings(cluster, good.gz, 'target');
    settings.connection = { ...settings.connection, password: secret };
    const e = (await execute(restoreOperation, settings, { env: process.env }, reporter).catch((x: unknown) => x)) as AzaError;
    expect(e).toBeInstanceOf(AzaError);
    expect(e.code).toBe('AUTH_FAILED');
    expect(`${e.message}\n${e.hint}\n${reporter.text()}\n${JSON.stringify(e)}`).not.toContain(secret);
  });
});

describe('a dump that fails halfway', () => {
  test('atomic: the target is exactly as it was, no staging database is left', async () => {
    const before = await databases(cluster);
    const err = await expectRefused(
      restore(cluster, bad.failsHalfway!, 'target'),
      'RESTORE_FAILED',
      /psql stopped at line \d+: ERROR: {2}division by zero; database "target" is unchanged/,
    );
    expect(err.hint).toBeTruthy();
    await expectUntouched(before);
  });

  test('into-existing: one transaction, rolled back: the target is unchanged', async () => {
    const before = await databases(cluster);
    await expectRefused(
      restore(cluster, bad.failsHalfway!, 'target', { mode: 'into-existing' }),
      'RESTORE_FAILED',
      'the transaction was rolled back',
    );
    await expectUntouched(before);
  });

  test("into-existing, an archive that cannot drop what the target built on it: pg_restore's DETAIL and statement in the error, rolled back", async () => {
    await restore(cluster, good.gz, 'depview');
    await cluster.query('CREATE VIEW public.big_orders AS SELECT * FROM public.orders WHERE freight > 100', 'depview');
    const sums = await tableChecksums(cluster, 'depview');
    const err = await expectRefused(
      restore(cluster, good.dump, 'depview', { mode: 'into-existing' }),
      'RESTORE_FAILED',
      /pg_restore stopped at .*cannot drop table public\.orders because other objects depend on it/,
    );
    expect(err.message).toContain('DETAIL:  view public.big_orders depends on table public.orders');
    expect(err.message).toMatch(/Command was: DROP TABLE IF EXISTS public\.orders;/);
    expect(err.message).toContain('the transaction was rolled back');
    expect(await tableChecksums(cluster, 'depview')).toEqual(sums);
  });

  test('row counts that differ from the manifest fail the restore before the swap', async () => {
    const before = await databases(cluster);
    await expectRefused(
      restore(cluster, bad.rowMismatch!, 'target'),
      'ROW_COUNT_MISMATCH',
      /public\.orders: 830 rows, the manifest says 831/,
    );
    await expectUntouched(before);
  });
});

describe('sessions on the target', () => {
  test('refused while another session is open; --terminate-connections ends it and swaps', async () => {
    await restore(cluster, good.gz, 'busy');
    const session = new PsqlSession(cluster.tool('psql'), cluster.connection(), process.env, 'busy');
    await session.query('SELECT 1');
    const before = await databases(cluster);
    await expectRefused(restore(cluster, good.dump, 'busy'), 'TARGET_IN_USE', 'Database "busy" has 1 other open session');
    expect(await databases(cluster)).toEqual(before);
    expect(await session.query('SELECT 2')).toEqual([['2']]);
    const { result } = await restore(cluster, good.dump, 'busy', { terminateConnections: true, keepPrevious: false });
    expect(result.previousDatabase).toBeUndefined();
    await expect(session.query('SELECT 3')).rejects.toThrow();
    expect(await databases(cluster)).toEqual(before);
  });
});

describe('modes and options', () => {
  test('atomic over an existing database keeps the previous one under a dated name', async () => {
    await restore(cluster, good.gz, 'keep');
    await cluster.query("INSERT INTO public.region VALUES (77, 'old')", 'keep');
    const { result } = await restore(cluster, good.sql, 'keep');
    expect(result.previousDatabase).toMatch(/^keep_before_restore_\d{8}_\d{6}$/);
    expect((await cluster.query('SELECT count(*) FROM region WHERE region_id = 77', result.previousDatabase!))[0]![0]).toBe('1');
    expect((await cluster.query('SELECT count(*) FROM region WHERE region_id = 77', 'keep'))[0]![0]).toBe('0');
    expect(await tableChecksums(cluster, 'keep')).toEqual(await tableChecksums(cluster, 'northwind'));
  });

  test('replace drops and recreates; into-existing with a custom archive cleans what it restores', async () => {
    await restore(cluster, good.gz, 'repl');
    await cluster.query("INSERT INTO public.region VALUES (55, 'x')", 'repl');
    await restore(cluster, good.dump, 'repl', { mode: 'replace' });
    expect(await tableChecksums(cluster, 'repl')).toEqual(await tableChecksums(cluster, 'northwind'));
    await cluster.query("INSERT INTO public.region VALUES (56, 'y'); CREATE TABLE public.extra (a int)", 'repl');
    const { result } = await restore(cluster, good.dump, 'repl', { mode: 'into-existing' });
    expect(result.plan!.loader.args).toEqual(expect.arrayContaining(['--clean', '--if-exists', '--single-transaction']));
    const sums = await tableChecksums(cluster, 'repl');
    expect(sums['public.extra']).toBe('0:-');
    delete sums['public.extra'];
    expect(sums).toEqual(await tableChecksums(cluster, 'northwind'));
  });

  test('backup-before writes a verified backup of the target first', async () => {
    await restore(cluster, good.gz, 'bb');
    const { result } = await restore(cluster, good.dump, 'bb', { backupBefore: true, backupDir: dir, keepPrevious: false });
    expect(result.backupBeforePath).toMatch(/pre_restore_bb_\d{8}_\d{6}\.sql\.gz$/);
    expect(statSync(result.backupBeforePath!).size).toBeGreaterThan(1000);
    expect(existsSync(`${result.backupBeforePath}.manifest.json`)).toBe(true);
  });

  test.each([['we"ird name'], ['spaced  out '], ['données_ü_数据'], [`${'l'.repeat(40)}_naïve_ünïcödé`]])(
    'database name %j: restored, swapped, previous kept',
    async (name) => {
      await restore(cluster, good.gz, name);
      const { result } = await restore(cluster, good.dump, name);
      expect(Buffer.byteLength(result.previousDatabase!)).toBeLessThanOrEqual(63);
      const all = await databases(cluster);
      expect(all).toContain(name);
      expect(all).toContain(result.previousDatabase);
      expect(await tableChecksums(cluster, name)).toEqual(await tableChecksums(cluster, 'northwind'));
    },
  );
});

describe('verify', () => {
  function settings(backupPath: string, extra: Partial<VerifySettings> = {}): VerifySettings {
    return { backup: backupPath, scratch: 'cluster', smokeSql: [], amcheck: false, requireManifest: false, ...extra };
  }

  test('passes on a good backup: counts match, smoke SQL, amcheck; the scratch cluster is gone afterwards', async () => {
    const reporter = new MemoryReporter();
    const r = await execute(
      verify,
      settings(good.dir, { amcheck: true, smokeSql: ['SELECT count(*) = 830 FROM orders', 'SELECT count(*) FROM customers'] }),
      { env: process.env },
      reporter,
    );
    expect(r.passed).toBe(true);
    expect(r.restore!.compared).toBe(true);
    expect(r.tables).toBe(14);
    expect(r.smokePassed).toBe(2);
    expect(r.indexesChecked).toBeGreaterThan(10);
    expect(verify.summary(r)!.title).toBe('Restore test of nw.dir: passed');
  });

  test('scratch connection: a scratch database on the server, dropped afterwards (also on failure)', async () => {
    const before = await databases(cluster);
    const conn = cluster.connection();
    const r = await execute(
      verify,
      settings(good.gz, { scratch: 'connection', connection: conn, pgBinDir: cluster.bin.binDir }),
      { env: process.env },
      new MemoryReporter(),
    );
    expect(r.passed).toBe(true);
    expect(await databases(cluster)).toEqual(before);
    await expect(
      execute(verify, settings(bad.failsHalfway!, { scratch: 'connection', connection: conn }), { env: process.env }, new MemoryReporter()),
    ).rejects.toThrow('division by zero');
    expect(await databases(cluster)).toEqual(before);
  });

  test('a failed verify gives the reason, not the fate of a scratch database the user never named', async () => {
    const err = await expectRefused(
      execute(verify, settings(bad.failsHalfway!), { env: process.env }, new MemoryReporter()),
      'VERIFY_FAILED',
      'division by zero',
    );
    expect(err.message).not.toMatch(/restore_test|is unchanged|staging/);
  });

  test('the scratch server cannot be checked: the error names the scratch database, and the door it knocked on', async () => {
    await cluster.query("CREATE ROLE no_login_here NOLOGIN PASSWORD 'x'");
    const conn = { ...cluster.connection(), user: 'no_login_here', password: 'x' };
    const err = await expectRefused(
      execute(
        verify,
        settings(good.gz, { scratch: 'connection', connection: conn, scratchDatabase: 'my_scratch' }),
        { env: process.env },
        new MemoryReporter(),
      ),
      'VERIFY_FAILED',
      'Could not check the server for the scratch database "my_scratch" (connected through database "postgres"',
    );
    expect(err.message).toContain('no_login_here');
  });

  test.each([
    ['missing', 'Backup file not found'],
    ['empty', 'Backup file is empty'],
    ['truncatedGzip', 'does not decompress with gzip'],
    ['bitFlippedGzip', 'does not decompress with gzip'],
    ['shaMismatch', 'does not match its manifest: sha256'],
    ['customCutShort', 'pg_restore cannot read it in full'],
    ['dirMissingFile', 'pg_restore cannot read it in full'],
    ['dirMissingFileManifest', 'is missing from the directory'],
    ['png', 'is not a PostgreSQL dump'],
    ['failsHalfway', 'division by zero'],
    ['missingExtension', 'needs extension "some_missing_ext"'],
    ['rowMismatch', 'public.orders: 830 rows, the manifest says 831'],
  ])('fails on %s, with the reason', async (name, reason) => {
    const reporter = new MemoryReporter();
    const err = await expectRefused(execute(verify, settings(bad[name]!), { env: process.env }, reporter), 'VERIFY_FAILED', reason);
    expect(err.message).toMatch(/failed verification: /);
    expect(verify.summary((err as VerifyFailed).result)!.rows[0]).toEqual(['Result', expect.stringContaining(reason)]);
  });

  test('fails when a smoke query returns false', async () => {
    await expectRefused(
      execute(verify, settings(good.gz, { smokeSql: ['SELECT count(*) = 0 FROM orders'] }), { env: process.env }, new MemoryReporter()),
      'VERIFY_FAILED',
      'Smoke query 1 returned f',
    );
  });
});
