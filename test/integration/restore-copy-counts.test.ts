/**
 * Row counts from the COPY data (issue 16): a restore into a new database takes each table's rows
 * from the data lines psql loaded instead of a count(*) of every table afterwards. These tests show
 * the check still fails a backup whose rows differ from its manifest, on that path and on the
 * count(*) path it falls back to when the script could add rows another way (an INSERT, a trigger
 * made before the data), and that the counts it takes equal count(*) on a real dump.
 *
 * The sessions a restore starts ahead of need (also issue 16): the maintenance and lock sessions
 * start while the backup is checked, the ANALYZE and count sessions while the load runs. Shown
 * here: ANALYZE still reaches every table, and a restore that fails, in the load or at the
 * backup check, leaves no database and no session of its own behind.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import {
  backup,
  createDb,
  databases,
  NORTHWIND,
  psqlFile,
  rejection,
  restore,
  scriptWithManifest,
  sessionsGone,
} from '../harness/restore-helpers.js';

let cluster: Cluster;
let dir: string;
let nwGz: string;
let manifest: Record<string, unknown>;

const FROM_COPY = /Row counts from the COPY data psql loaded/;

/** A plain SQL script with a manifest beside it that matches its bytes and says `tables`. */
function script(name: string, sql: string, tables: Array<{ table: string; rows: number }>): string {
  return scriptWithManifest(dir, name, sql, tables, manifest);
}

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-copy-counts-'));
  await createDb(cluster, 'northwind');
  await psqlFile(cluster, NORTHWIND, 'northwind');
  nwGz = await backup(cluster, 'northwind', dir, 'plain', 'gzip', 'nw.sql.gz');
  manifest = JSON.parse(readFileSync(`${nwGz}.manifest.json`, 'utf8')) as Record<string, unknown>;
}, 180000);

afterAll(async () => {
  await cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('row counts from the COPY data', () => {
  test('a pg_dump backup: counted from its COPY data, equal to count(*) of every restored table', async () => {
    const { result, reporter } = await restore(cluster, nwGz, 'nw_copy');
    expect(reporter.lines.join('\n')).toMatch(FROM_COPY);
    expect(result.compared).toBe(true);
    expect(result.tables.length).toBeGreaterThan(5);
    for (const t of result.tables) {
      const [[n]] = (await cluster.query(`SELECT count(*) FROM ONLY "${t.schema}"."${t.table}"`, 'nw_copy')) as string[][] as [[string]];
      expect(`${t.schema}.${t.table} ${n}`).toBe(`${t.schema}.${t.table} ${t.rows}`);
    }
  });

  test('COPY data that differs from the manifest fails the restore before the swap, nothing left', async () => {
    const sql = 'CREATE TABLE public.a (id int);\nCOPY public.a (id) FROM stdin;\n1\n2\n\\.\n';
    const before = await databases(cluster);
    const err = await rejection(restore(cluster, script('fewer.sql', sql, [{ table: 'a', rows: 3 }]), 'fewer'));
    expect(err.code).toBe('ROW_COUNT_MISMATCH');
    expect(err.message).toMatch(/public\.a: 2 rows, the manifest says 3/);
    expect(await databases(cluster)).toEqual(before);
  });

  test('a script that INSERTs: counted with count(*), and a difference still fails', async () => {
    const sql = 'CREATE TABLE public.a (id int);\nINSERT INTO public.a VALUES (1), (2);\n';
    const err = await rejection(restore(cluster, script('inserts.sql', sql, [{ table: 'a', rows: 3 }]), 'inserts'));
    expect(err.code).toBe('ROW_COUNT_MISMATCH');
    // 2, not 0: the rows were counted in the database, not from COPY data (there is none).
    expect(err.message).toMatch(/public\.a: 2 rows, the manifest says 3/);
  });

  test('a trigger made before the data adds rows the COPY data does not show: counted with count(*), refused', async () => {
    const sql = [
      'CREATE TABLE public.a (id int);',
      'CREATE TABLE public.b (id int);',
      'CREATE FUNCTION public.to_b() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN INSERT INTO public.b VALUES (NEW.id); RETURN NEW; END$$;',
      'CREATE TRIGGER a_to_b AFTER INSERT ON public.a FOR EACH ROW EXECUTE FUNCTION public.to_b();',
      'COPY public.a (id) FROM stdin;',
      '1',
      '2',
      '3',
      '\\.',
      '',
    ].join('\n');
    const tables = [
      { table: 'a', rows: 3 },
      { table: 'b', rows: 0 },
    ];
    const err = await rejection(restore(cluster, script('trigger.sql', sql, tables), 'trigger'));
    expect(err.code).toBe('ROW_COUNT_MISMATCH');
    expect(err.message).toMatch(/public\.b: 3 rows, the manifest says 0/);
  });

  test('into an existing database (into-existing), rows already there count: count(*), not the COPY data', async () => {
    await createDb(cluster, 'into');
    await cluster.query('CREATE TABLE public.a (id int); INSERT INTO public.a VALUES (0);', 'into');
    const sql = 'COPY public.a (id) FROM stdin;\n1\n2\n\\.\n';
    const err = await rejection(
      restore(cluster, script('into.sql', sql, [{ table: 'a', rows: 2 }]), 'into', { mode: 'into-existing', acceptPrivilegeLoss: true }),
    );
    expect(err.code).toBe('ROW_COUNT_MISMATCH');
    expect(err.message).toMatch(/public\.a: 3 rows, the manifest says 2/);
  });
});

describe('restore sessions', () => {
  test('every restored table is analyzed: reltuples equal its rows, pg_stats has its columns', async () => {
    const { result } = await restore(cluster, nwGz, 'nw_stats');
    const withRows = result.tables.filter((t) => (t.rows ?? 0) > 0);
    expect(withRows.length).toBeGreaterThan(5);
    for (const t of result.tables) {
      const [[reltuples, stats]] = (await cluster.query(
        `SELECT c.reltuples::bigint::text, (SELECT count(*) FROM pg_stats s WHERE s.schemaname = n.nspname AND s.tablename = c.relname)::text
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${t.schema}' AND c.relname = '${t.table}'`,
        'nw_stats',
      )) as [[string, string]];
      // Never analyzed reads -1 (PostgreSQL 14+) or 0; an empty table analyzed reads 0 and has no pg_stats rows.
      expect(`${t.table} ${reltuples}`).toBe(`${t.table} ${t.rows}`);
      if ((t.rows ?? 0) > 0) expect(Number(stats)).toBeGreaterThan(0);
    }
    expect(await sessionsGone(cluster)).toEqual([]);
  });

  test('a load that fails after some COPYs: the SQL error, no database left, no session of ours left', async () => {
    const sql = [
      'CREATE TABLE public.a (id int);',
      'COPY public.a (id) FROM stdin;',
      ...Array.from({ length: 2000 }, (_, i) => String(i)),
      '\\.',
      'CREATE TABLE public.b (id int);',
      'COPY public.b (id) FROM stdin;',
      '1',
      '\\.',
      'SELECT public.no_such_function();',
      'CREATE TABLE public.c (id int);',
      '',
    ].join('\n');
    const before = await databases(cluster);
    const err = await rejection(
      restore(
        cluster,
        script('fails.sql', sql, [
          { table: 'a', rows: 2000 },
          { table: 'b', rows: 1 },
        ]),
        'fails',
      ),
    );
    expect(err.code).toBe('RESTORE_FAILED');
    expect(err.message).toMatch(/no_such_function/);
    expect(err.message).toMatch(/the staging database was dropped/);
    expect(await databases(cluster)).toEqual(before);
    expect(await sessionsGone(cluster)).toEqual([]);
  });

  test('a backup refused at its check: the sessions started meanwhile are gone too', async () => {
    const path = join(dir, 'not-a-backup.sql');
    writeFileSync(path, '\\! echo hello\n');
    const before = await databases(cluster);
    const err = await rejection(restore(cluster, path, 'refused'));
    expect(err.code).toBe('BACKUP_REFUSED');
    expect(await databases(cluster)).toEqual(before);
    expect(await sessionsGone(cluster)).toEqual([]);
  });
});
