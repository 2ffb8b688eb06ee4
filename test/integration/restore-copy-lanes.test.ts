/**
 * Parallel COPY of a plain script (issue 16, copy-lanes.ts): a table's COPY data is shared out over
 * sessions of their own while psql's session runs the rest. Real cluster, real psql. What shows the
 * lanes ran: each lane's COPY is its own transaction, so the rows of a table loaded over two
 * sessions carry two xmin values; psql's session alone gives one.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { execute } from '../../src/core/operation.js';
import { MemoryReporter } from '../../src/core/report.js';
import { verify } from '../../src/core/verify/index.js';
import {
  backup,
  createDb,
  databases,
  rejection,
  restore,
  scriptWithManifest,
  sessionsGone,
  tableChecksums,
} from '../harness/restore-helpers.js';

let cluster: Cluster;
let dir: string;
let bigGz: string;
let manifest: Record<string, unknown>;

const LANES = /COPY data of (\d+) tables? loaded in (\d+) sessions besides psql's/;
const ROWS = 200_000;

/** The distinct transactions that wrote a table's rows. */
async function writers(database: string, table: string): Promise<number> {
  const [[n]] = (await cluster.query(`SELECT count(DISTINCT xmin::text) FROM ${table}`, database)) as [[string]];
  return Number(n);
}

/** The head pg_dump writes: only a script with it has its COPY data shared (see planRestore). */
const PG_DUMP_HEAD = '--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 15.18\n-- Dumped by pg_dump version 15.18\n\n';

/** And the line it ends with (a script with pg_dump's head must have it). */
const PG_DUMP_END = '\n--\n-- PostgreSQL database dump complete\n--\n\n';

/** `n` data lines made by `row(i)`, i from 1. */
function dataLines(n: number, row: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(row(i));
  return `${out.join('\n')}\n`;
}

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-copy-lanes-'));
  await createDb(cluster, 'big');
  await cluster.query(
    `CREATE TABLE public.big (id int PRIMARY KEY, note text);
     INSERT INTO public.big SELECT i, md5(i::text) FROM generate_series(1, ${ROWS}) i;
     CREATE TABLE public.small (id int);
     INSERT INTO public.small VALUES (1), (2);`,
    'big',
  );
  bigGz = await backup(cluster, 'big', dir, 'plain', 'gzip', 'big.sql.gz');
  manifest = JSON.parse(readFileSync(`${bigGz}.manifest.json`, 'utf8')) as Record<string, unknown>;
}, 180000);

afterAll(async () => {
  await cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('COPY data over several sessions', () => {
  test('a pg_dump backup over two sessions: the same rows, counted against the manifest; --jobs 1 keeps one session and the order', async () => {
    const source = await tableChecksums(cluster, 'big');
    const { result, reporter } = await restore(cluster, bigGz, 'big_lanes', { jobs: 2 });
    expect(reporter.lines.join('\n')).toMatch(LANES);
    expect(LANES.exec(reporter.lines.join('\n'))!.slice(1)).toEqual(['2', '2']);
    expect(result.compared).toBe(true);
    expect(await tableChecksums(cluster, 'big_lanes')).toEqual(source);
    expect(await writers('big_lanes', 'public.big')).toBe(2);

    const one = await restore(cluster, bigGz, 'big_one', { jobs: 1 });
    expect(one.reporter.lines.join('\n')).not.toMatch(LANES);
    expect(await tableChecksums(cluster, 'big_one')).toEqual(source);
    expect(await writers('big_one', 'public.big')).toBe(1);
    // One session loads the rows in the dump's order.
    const [[inOrder]] = (await cluster.query(
      'SELECT bool_and(id = n) FROM (SELECT id, row_number() OVER (ORDER BY ctid) AS n FROM public.big) x',
      'big_one',
    )) as [[string]];
    expect(inOrder).toBe('t');
  });

  test("a lane takes the script's session settings: LATIN1 text and DMY dates load as psql's session would read them", async () => {
    const n = 60_000;
    const sql = Buffer.concat([
      Buffer.from(PG_DUMP_HEAD),
      Buffer.from("SET client_encoding = 'LATIN1';\nSET datestyle = 'SQL, DMY';\nCREATE TABLE public.s (id int, name text, d date);\n"),
      Buffer.from('COPY public.s (id, name, d) FROM stdin;\n'),
      Buffer.from(
        dataLines(n, (i) => `${i}\tcaf\u00e9\t31/12/2020`),
        'latin1',
      ),
      Buffer.from(`\\.\n${PG_DUMP_END}`),
    ]);
    const path = scriptWithManifest(dir, 'settings.sql', sql, [{ table: 's', rows: n }], manifest);
    const { reporter } = await restore(cluster, path, 'lanes_settings', { jobs: 2 });
    expect(reporter.lines.join('\n')).toMatch(LANES);
    expect(await writers('lanes_settings', 'public.s')).toBe(2);
    const [[rows, names, dates]] = (await cluster.query(
      "SELECT count(*), count(*) FILTER (WHERE name = 'café'), count(*) FILTER (WHERE d = DATE '2020-12-31') FROM public.s",
      'lanes_settings',
    )) as [[string, string, string]];
    expect([rows, names, dates]).toEqual([String(n), String(n), String(n)]);
  });

  test("a COPY inside BEGIN … COMMIT stays in psql's session (a lane would not see the table)", async () => {
    const n = 60_000;
    const sql = `${PG_DUMP_HEAD}BEGIN;\nCREATE TABLE public.b (id int);\nCOPY public.b (id) FROM stdin;\n${dataLines(n, String)}\\.\nCOMMIT;\n${PG_DUMP_END}`;
    const path = scriptWithManifest(dir, 'block.sql', sql, [{ table: 'b', rows: n }], manifest);
    const { reporter } = await restore(cluster, path, 'lanes_block', { jobs: 2 });
    expect(reporter.lines.join('\n')).not.toMatch(LANES);
    expect(await writers('lanes_block', 'public.b')).toBe(1);
  });

  test('a COPY starts once the one before it has finished in every lane; a script not from pg_dump loads in one session', async () => {
    const n = 150_000;
    // Each row notes when it was inserted: every child row must come after every parent row.
    const stamped = (t: string) => `CREATE TRIGGER stamp BEFORE INSERT ON public.${t} FOR EACH ROW EXECUTE FUNCTION public.stamp();`;
    const body = [
      'CREATE FUNCTION public.stamp() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.at := clock_timestamp(); RETURN NEW; END$$;',
      'CREATE TABLE public.parent (id int PRIMARY KEY, at timestamptz);',
      'CREATE TABLE public.child (id int, parent int REFERENCES public.parent, at timestamptz);',
      stamped('parent'),
      stamped('child'),
      'COPY public.parent (id) FROM stdin;',
      `${dataLines(n, String)}\\.`,
      'COPY public.child (id, parent) FROM stdin;',
      `${dataLines(n, (i) => `${i}\t${n + 1 - i}`)}\\.`,
      '',
    ].join('\n');
    const tables = [
      { table: 'parent', rows: n },
      { table: 'child', rows: n },
    ];
    const childAfterParent = async (database: string) =>
      (await cluster.query('SELECT (SELECT min(at) FROM public.child) > (SELECT max(at) FROM public.parent)', database))[0]![0];

    const dumped = scriptWithManifest(dir, 'fk.sql', `${PG_DUMP_HEAD}${body}${PG_DUMP_END}`, tables, manifest);
    const { reporter } = await restore(cluster, dumped, 'lanes_fk', { jobs: 2 });
    expect(LANES.exec(reporter.lines.join('\n'))!.slice(1)).toEqual(['2', '2']);
    expect(await writers('lanes_fk', 'public.parent')).toBe(2);
    expect(await writers('lanes_fk', 'public.child')).toBe(2);
    expect(await childAfterParent('lanes_fk')).toBe('t');

    // The same script without pg_dump's head: a self-referencing key or a trigger made before the
    // data could see a row another session has not written yet; psql's session loads it all.
    const other = scriptWithManifest(dir, 'fk-other.sql', body, tables, manifest);
    const one = await restore(cluster, other, 'lanes_fk_other', { jobs: 2 });
    expect(one.reporter.lines.join('\n')).not.toMatch(LANES);
    expect(one.reporter.lines.join('\n')).toMatch(/no "Dumped by pg_dump" header/);
    expect(await writers('lanes_fk_other', 'public.child')).toBe(1);
  });

  test("a bad row in a lane's part fails the restore with the server's error; no database, no session left", async () => {
    const n = 60_000;
    const rows = dataLines(n, (i) => (i === n - 10 ? 'not-a-number' : String(i)));
    const sql = `${PG_DUMP_HEAD}CREATE TABLE public.bad (id int);\nCOPY public.bad (id) FROM stdin;\n${rows}\\.\nCREATE INDEX ON public.bad (id);\n${PG_DUMP_END}`;
    const path = scriptWithManifest(dir, 'bad.sql', sql, [{ table: 'bad', rows: n }], manifest);
    const before = await databases(cluster);
    const err = await rejection(restore(cluster, path, 'lanes_bad', { jobs: 2 }));
    expect(err.message).toMatch(/invalid input syntax for type integer: "not-a-number"/);
    expect(await databases(cluster)).toEqual(before);
    expect(await sessionsGone(cluster)).toEqual([]);
  });

  test('verify loads a plain script in one session unless --jobs says otherwise (its memory stays flat)', async () => {
    const base = { backup: bigGz, scratch: 'connection' as const, smokeSql: [], amcheck: false, requireManifest: true };
    const deps = { env: process.env };
    const conn = cluster.connection();
    const one = new MemoryReporter();
    expect((await execute(verify, { ...base, connection: conn, pgBinDir: cluster.bin.binDir }, deps, one)).passed).toBe(true);
    expect(one.lines.join('\n')).not.toMatch(LANES);
    const two = new MemoryReporter();
    expect((await execute(verify, { ...base, connection: conn, pgBinDir: cluster.bin.binDir, jobs: 2 }, deps, two)).passed).toBe(true);
    expect(two.lines.join('\n')).toMatch(LANES);
  });
});
