/**
 * The guard reads a script as psql does and refuses what pg_dump never writes: each hostile form
 * is refused with its line, and what pg_dump does write (dollar-quoted bodies, strings, COPY data,
 * large objects, its own \restrict and \connect) passes.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import {
  BackupRefusedError,
  GuardCheck,
  GuardedLoad,
  SqlGuard,
  type Piece,
  type PieceKind,
  type PieceRouter,
  type Refusal,
} from '../../src/core/restore/sql-guard.js';

const FIXTURES = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../fixtures');

function judge(text: string, opts = { allowConnect: true }): Refusal | undefined {
  const g = new SqlGuard(opts);
  const lines = text.split('\n');
  for (const [i, l] of lines.entries()) {
    const r = g.line(l, i + 1);
    if (r && r !== 'own-restrict') return r;
  }
  return undefined;
}

const HEADER = 'CREATE TABLE t (a int);\n';

describe('refused: what pg_dump never writes', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['shell escape', '\\! touch /tmp/x', /meta-command \\!/],
    ['output to a pipe', '\\o |touch /tmp/x', /meta-command \\o/],
    ['query output to a pipe', 'SELECT 1 \\g |touch /tmp/x', /meta-command \\g/],
    ['\\copy from a program', "\\copy t from program 'touch /tmp/x'", /meta-command \\copy/],
    ['\\setenv', '\\setenv PAGER evil', /meta-command \\setenv/],
    ['include a file', '\\i /etc/passwd', /meta-command \\i/],
    ['mid-line meta-command', 'SELECT 1; \\! id', /meta-command \\!/],
    ['COPY FROM PROGRAM', "COPY t FROM PROGRAM 'touch /tmp/x; echo 1';", /COPY … PROGRAM/],
    ['COPY TO PROGRAM over lines', "COPY t TO\n  PROGRAM 'id';", /COPY … PROGRAM/],
    ['COPY TO a server file', "COPY t TO '/tmp/out';", /COPY … TO '<server file>'/],
    ['COPY FROM a server file, E string', "COPY t FROM E'/etc/passwd';", /COPY … FROM '<server file>'/],
    ['COPY (query) TO a file', "COPY (SELECT 1) TO '/tmp/x';", /COPY … TO '<server file>'/],
    ['pg_read_file', "SELECT pg_catalog.pg_read_file('/etc/passwd');", /pg_read_file/],
    ['quoted pg_ls_dir', 'SELECT "pg_ls_dir"(\'/\');', /pg_ls_dir/],
    ['lo_import', "SELECT lo_import('/etc/passwd');", /lo_import/],
    ['lo_export', "SELECT lo_export(16391, '/tmp/x');", /lo_export/],
    ['pg_read_binary_file in a default', "CREATE TABLE u (b bytea DEFAULT pg_read_binary_file('/etc/shadow'));", /pg_read_binary_file/],
    ['in a DO body', "DO $$ BEGIN PERFORM pg_read_file('/etc/passwd'); END $$;", /pg_read_file in a string or function body/],
    [
      'COPY PROGRAM in a function body',
      "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $f$\nBEGIN\n  EXECUTE 'COPY t FROM PROGRAM ''id''';\nEND\n$f$;",
      /COPY … PROGRAM in a string or function body/,
    ],
    ['file_fdw program', "CREATE FOREIGN TABLE ft (a text) SERVER s OPTIONS (program 'id');", /program option/],
    ['file_fdw filename', "CREATE FOREIGN TABLE ft (a text) SERVER s OPTIONS (filename '/etc/passwd');", /filename option/],
    ['C function', "CREATE FUNCTION sys(text) RETURNS int AS '/lib/x86_64-linux-gnu/libc.so.6', 'system' LANGUAGE c;", /C-language/],
    ['LOAD', "LOAD '/tmp/evil.so';", /LOAD/],
    [
      'internal function, quoted language',
      "CREATE FUNCTION f(text) RETURNS text LANGUAGE 'internal' AS 'pg_read_file_all';",
      /language named by a string/,
    ],
    [
      'internal function, quoted identifier',
      'CREATE FUNCTION f(text) RETURNS text LANGUAGE "internal" AS $$pg_ls_dir_1arg$$;',
      /internal-language/,
    ],
    ['ALTER SYSTEM', "ALTER SYSTEM SET archive_command = 'id';", /ALTER SYSTEM/],
    ['preload libraries', "ALTER DATABASE d SET session_preload_libraries = 'evil';", /session_preload_libraries/],
    ['grant of server programs', 'GRANT pg_execute_server_program TO app;', /pg_execute_server_program/],
    ['client-only encoding', "SET client_encoding = 'SJIS';", /client-only encoding/],
    ['client encoding by set_config', "SELECT set_config('client_encoding', 'BIG5', false);", /client_encoding/],
    ['set_config of a computed name', "SELECT set_config('client_' || 'encoding', 'BIG5', false);", /computed setting name/],
    ['string end depending on standard_conforming_strings', "SELECT 'a\\'; COPY t FROM PROGRAM 'id'; --';", /standard_conforming_strings/],
    ['Unicode-escaped name', 'SELECT U&"\\0070g_read_file"(\'/etc/passwd\');', /U&/],
    ['psql variable', 'SELECT :HOST;', /psql variable reference \(:HOST\)/],
    ['quoted psql variable', "SELECT :'LAST_ERROR_MESSAGE';", /psql variable reference/],
    ['\\restrict with another key', '\\restrict abc\n\\unrestrict def', /another key/],
    ['\\connect in the load', '\\connect other', /meta-command \\connect/],
  ];
  for (const [name, sql, what] of cases) {
    test(name, () => {
      const r = judge(HEADER + sql, { allowConnect: name !== '\\connect in the load' });
      expect(r).toBeDefined();
      expect(r!.what).toMatch(what);
      expect(r!.line).toBeGreaterThan(1);
    });
  }

  test('a line hidden behind a fake COPY inside a dollar quote is still read', () => {
    const r = judge("SELECT $x$\nCOPY t FROM stdin;\n$x$;\nCOPY t FROM PROGRAM 'id';\n\\.");
    expect(r?.what).toBe('COPY … PROGRAM');
    expect(r?.line).toBe(4);
  });

  test('a COPY FROM stdin inside BEGIN ATOMIC does not start COPY data (psql does not send it there)', () => {
    const r = judge('CREATE FUNCTION f() RETURNS int BEGIN ATOMIC\nCOPY t FROM stdin;\nSELECT 1 \\g |id\nEND;');
    expect(r?.line).toBe(3);
  });
});

describe('passed: what pg_dump writes', () => {
  test('dollar-quoted bodies, strings, comments, COPY data, large objects, its own \\restrict and \\connect', () => {
    const sql = [
      '--',
      '-- PostgreSQL database dump',
      '--',
      '\\restrict M4yGCVMmgTHELCS9ijN9IDCf534iiWgNA38axpgIgvlHHwbf5zXrpOZ8XbEUmEm',
      "SET client_encoding = 'UTF8';",
      'SET standard_conforming_strings = on;',
      "SELECT pg_catalog.set_config('search_path', '', false);",
      'CREATE DATABASE d1 WITH TEMPLATE = template0;',
      '\\unrestrict M4yGCVMmgTHELCS9ijN9IDCf534iiWgNA38axpgIgvlHHwbf5zXrpOZ8XbEUmEm',
      '\\connect d1',
      '\\restrict M4yGCVMmgTHELCS9ijN9IDCf534iiWgNA38axpgIgvlHHwbf5zXrpOZ8XbEUmEm',
      'CREATE FUNCTION public.f() RETURNS integer',
      '    LANGUAGE plpgsql',
      "    AS $_$ BEGIN RETURN position('\\' in 'a\\b'); END $_$;",
      "CREATE TABLE public.t (a integer, b text CHECK (b ~ '^\\d+$'), c text DEFAULT 'it''s');",
      "COMMENT ON TABLE public.t IS 'copy from program lists: pg_read_file';",
      '/* a /* nested */ comment with \\! inside */',
      'COPY public.t (a, b) FROM stdin;',
      '1\t\\! not a command, data',
      "2\tCOPY t FROM PROGRAM 'id'",
      '\\.',
      "SELECT pg_catalog.lo_create('16391');",
      'BEGIN;',
      "SELECT pg_catalog.lo_open('16391', 131072);",
      "SELECT pg_catalog.lowrite(0, '\\x68656c6c6f');",
      'SELECT pg_catalog.lo_close(0);',
      'COMMIT;',
      "SELECT pg_catalog.setval('public.t_a_seq', 5, true);",
      'CREATE VIEW v AS SELECT (ARRAY[1,2])[1:2] AS s, 1::int AS i, (arr)[lo:hi] AS sl FROM w;',
      'CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a; SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END; END;',
      "INSERT INTO t VALUES (3, 'from program ''x'' and lo_import(''y'')');",
      '-- PostgreSQL database dump complete',
      '\\unrestrict M4yGCVMmgTHELCS9ijN9IDCf534iiWgNA38axpgIgvlHHwbf5zXrpOZ8XbEUmEm',
    ].join('\n');
    expect(judge(sql)).toBeUndefined();
  });

  test.each([['northwind/northwind.sql'], ['chinook/Chinook_PostgreSql.sql']])('the fixture %s', (file) => {
    expect(judge(readFileSync(join(FIXTURES, file), 'latin1'))).toBeUndefined();
  });
});

async function through(stream: GuardedLoad | GuardCheck, chunks: string[]): Promise<{ out: string; error?: unknown }> {
  let out = '';
  const sink = new Writable({
    write(c: Buffer, _e, cb) {
      out += c.toString('latin1');
      cb();
    },
  });
  try {
    await pipeline(Readable.from(chunks.map((c) => Buffer.from(c, 'latin1'))), stream, sink);
    return { out };
  } catch (error) {
    return { out, error };
  }
}

describe('the load stage', () => {
  test("starts with the loader's \\restrict on the first line, comments the dump's own pair out, keeps the line count", async () => {
    const sql = '--\n\\restrict abc\nSELECT 1;\n\\unrestrict abc\n';
    const { out, error } = await through(new GuardedLoad('x.sql', true), [sql]);
    expect(error).toBeUndefined();
    expect(out).toMatch(
      /^\\restrict [A-Za-z0-9]{20,} \\\\ --\n-- \[aza-pg\] the dump's own \\restrict .*\nSELECT 1;\n-- \[aza-pg\] the dump's own \\unrestrict .*\n$/,
    );
    expect(out.split('\n').length).toBe(sql.split('\n').length);
  });

  test('never passes on an unfinished line: the refused statement does not reach psql, even cut across chunks', async () => {
    const chunks = ['SELECT 1;\nCOPY t FR', 'OM PROG', "RAM 'touch /tmp/x';\nSELECT 2;\n"];
    const { out, error } = await through(new GuardedLoad('evil.sql', false), chunks);
    expect(error).toBeInstanceOf(BackupRefusedError);
    expect((error as BackupRefusedError).message).toMatch(/line 2 holds COPY … PROGRAM/);
    expect(out).toBe('SELECT 1;\n');
  });

  test('a NUL byte is refused with its line, before anything of its chunk passes', async () => {
    const { out, error } = await through(new GuardedLoad('evil.sql', false), [
      "SELECT 1;\nSELECT 'x",
      "\u0000';\n'; COPY t FROM PROGRAM 'id'; --'\n",
    ]);
    expect((error as BackupRefusedError).refusal).toMatchObject({ line: 2, what: expect.stringMatching(/NUL byte/) });
    expect(out).toBe('SELECT 1;\n');
  });

  test('a last line without a newline is judged too', async () => {
    const { error } = await through(new GuardedLoad('evil.sql', false), ['SELECT 1;\n\\! id']);
    expect((error as BackupRefusedError).refusal.line).toBe(2);
  });

  test('COPY data passes untouched', async () => {
    const sql = 'COPY t (a) FROM stdin;\n\\! data\n\\.\nSELECT 1;\n';
    const { out, error } = await through(new GuardedLoad('x.sql', false), [sql.slice(0, 27), sql.slice(27)]);
    expect(error).toBeUndefined();
    expect(out).toBe(sql);
  });

  test("the inspection's check passes every byte and keeps the first refusal", async () => {
    const check = new GuardCheck();
    const sql = "SELECT 1;\nCOPY t TO '/tmp/x';\n\\! id\n";
    const { out, error } = await through(check, [sql]);
    expect(error).toBeUndefined();
    expect(out).toBe(sql);
    expect(check.refusal).toMatchObject({ line: 2, what: "COPY … TO '<server file>'" });
  });
});

/** Records what the guard routes and passes it all to psql's input, as one session would run it. */
class RecordingRouter implements PieceRouter {
  pieces: Array<{ text: string; kind: PieceKind; inBlock: boolean }> = [];
  finished = false;
  route(pieces: readonly Piece[], toScript: (piece: Buffer) => void): Promise<void> {
    for (const [p, kind, inBlock] of pieces) {
      this.pieces.push({ text: p.toString('latin1'), kind, inBlock });
      toScript(p);
    }
    return Promise.resolve();
  }
  finish(): Promise<void> {
    this.finished = true;
    return Promise.resolve();
  }
}

describe('the pieces a parallel COPY routes (copy-lanes.ts)', () => {
  const lines: Array<[string, PieceKind, boolean?]> = [
    ['--', 'noop'],
    ['-- a header', 'noop'],
    ["SET client_encoding = 'UTF8';", 'sql'],
    ['CREATE TABLE public.t (a int,', 'sql'],
    ['  b text);', 'sql'],
    ['', 'noop'],
    ['COPY public.t (a, b) FROM stdin;', 'copy-head', false],
    ['1\tone', 'copy-data'],
    ['-- not a comment: data', 'copy-data'],
    ['2\t\\N', 'copy-data'],
    ['\\.', 'copy-end'],
    ['BEGIN;', 'sql'],
    ['COPY public.u (a) FROM stdin;', 'copy-head', true],
    ['3', 'copy-data'],
    ['\\.', 'copy-end'],
    ['COMMIT;', 'sql'],
    ["SELECT 'x;", 'sql'],
    ["-- inside a string';", 'sql'],
  ];
  const script = lines.map(([l]) => `${l}\n`).join('');

  test.each([1, 7, 16, 33, 1000])('whole lines of one kind, whatever the chunks (%i bytes)', async (size) => {
    const chunks: string[] = [];
    for (let i = 0; i < script.length; i += size) chunks.push(script.slice(i, i + size));
    const router = new RecordingRouter();
    const { out, error } = await through(new GuardedLoad('x.sql', false, undefined, router), chunks);
    expect(error).toBeUndefined();
    expect(out).toBe(script);
    expect(router.finished).toBe(true);
    expect(router.pieces.map((p) => p.text).join('')).toBe(script);
    const seen: Array<[string, PieceKind, boolean?]> = [];
    for (const p of router.pieces) {
      expect(p.text.endsWith('\n')).toBe(true);
      // A COPY line and the end of its data come alone.
      if (p.kind === 'copy-head' || p.kind === 'copy-end') expect(p.text.split('\n').length).toBe(2);
      for (const l of p.text.slice(0, -1).split('\n')) seen.push(p.kind === 'copy-head' ? [l, p.kind, p.inBlock] : [l, p.kind]);
    }
    expect(seen).toEqual(lines.map(([l, k, b]) => (k === 'copy-head' ? [l, k, b] : [l, k])));
  });
});
