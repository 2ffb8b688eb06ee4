/** The COPY-data row counter (issue 16): what it counts, and every script shape where it refuses to vouch. */
import { describe, expect, test } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyRowCounter } from '../../src/core/restore/copy-counts.js';
import { GuardedLoad } from '../../src/core/restore/sql-guard.js';

/** The script through the loader's guard, in pieces of `chunk` bytes (lines cut anywhere). */
async function count(sql: string, chunk = 7): Promise<{ rows: unknown; why: string | undefined }> {
  const c = new CopyRowCounter();
  const bytes = Buffer.from(sql);
  const pieces = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  await pipeline(Readable.from(pieces), new GuardedLoad('x.sql', false, c), new Writable({ write: (_c, _e, cb) => cb() }));
  return { rows: c.result(), why: c.unusable };
}

const DUMP = [
  "SET client_encoding = 'UTF8';",
  "SELECT pg_catalog.set_config('search_path', '', false);",
  'CREATE TABLE public.a (id integer);',
  'CREATE TABLE "My S"."T é" (id integer, "odd) name" text);',
  'COPY public.a (id) FROM stdin;',
  '1',
  '2',
  '3',
  '\\.',
  'COPY "My S"."T é" (id, "odd) name") FROM stdin;',
  '7\tx',
  '\\.',
  'COPY public.a (id) FROM stdin;',
  '4',
  '\\.',
  "SELECT pg_catalog.setval('public.s', 1, false);",
  'ALTER TABLE ONLY public.a ADD CONSTRAINT a_pkey PRIMARY KEY (id);',
  'CREATE TRIGGER t AFTER INSERT ON public.a FOR EACH ROW EXECUTE FUNCTION public.f();',
  '',
].join('\n');

describe('CopyRowCounter', () => {
  test.each([1, 7, 4096])('counts the data lines of each COPY, per table, whatever the pieces (%i bytes)', async (chunk) => {
    expect(await count(DUMP, chunk)).toEqual({
      rows: [
        { schema: 'public', table: 'a', rows: 4 },
        { schema: 'My S', table: 'T é', rows: 1 },
      ],
      why: undefined,
    });
  });

  test.each([
    ['an INSERT', `${DUMP}INSERT INTO public.a VALUES (9);\n`, 'a INSERT statement'],
    ['a DELETE at the end without its semicolon', `${DUMP}DELETE FROM public.a`, 'a DELETE statement'],
    ['a SELECT of another function', `${DUMP}SELECT public.add_rows();\n`, 'a SELECT of a function pg_dump does not call'],
    ['a DO block', `DO $$BEGIN END$$;\n${DUMP}`, 'a DO statement'],
    [
      'a trigger before the data',
      `CREATE TRIGGER t0 AFTER INSERT ON public.a FOR EACH ROW EXECUTE FUNCTION public.f();\n${DUMP}`,
      'a trigger or rule created before the data',
    ],
    [
      'a rule before the data',
      `CREATE OR REPLACE RULE r AS ON INSERT TO public.a DO ALSO NOTIFY a;\n${DUMP}`,
      'a trigger or rule created before the data',
    ],
    ['CREATE TABLE AS', `CREATE TABLE public.b AS SELECT 1;\n${DUMP}`, 'a CREATE TABLE … AS'],
    [
      'a CSV COPY',
      `${DUMP}COPY public.a FROM stdin WITH (FORMAT csv);\n1\n\\.\n`,
      'a COPY statement other than pg_dump’s one-line text-format form',
    ],
    [
      'a COPY without a schema',
      `${DUMP}COPY a (id) FROM stdin;\n1\n\\.\n`,
      'a COPY statement other than pg_dump’s one-line text-format form',
    ],
  ])('does not vouch for a script with %s', async (_what, sql, why) => {
    expect(await count(sql)).toEqual({ rows: undefined, why });
  });

  test('data cut short (no terminator) is not a count', async () => {
    expect((await count('CREATE TABLE public.a (id int);\nCOPY public.a (id) FROM stdin;\n1\n2\n')).rows).toBeUndefined();
  });

  test('without a guard in front of psql (pg_restore, --trust-backup) nothing was counted', () => {
    expect(new CopyRowCounter().result()).toBeUndefined();
  });
});
