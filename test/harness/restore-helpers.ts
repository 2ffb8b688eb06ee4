/**
 * Helpers for the restore and verify tests: one throw-away cluster per test file, fixtures loaded
 * with psql as their README says, backups made by the backup operation, and an ordered checksum of every
 * table so a copy can be compared with its source row for row.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AzaError } from '../../src/core/errors.js';
import { run } from '../../src/core/exec.js';
import type { Cluster } from '../../src/core/cluster.js';
import { libpqEnv, quoteIdent, quoteLiteral } from '../../src/core/pg.js';
import { backup as backupOperation } from '../../src/core/backup/index.js';
import { execute, settingsFrom } from '../../src/core/operation.js';
import type { BackupSettings } from '../../src/core/backup/settings.js';
import type { BackupFormat, Compression } from '../../src/core/manifest.js';
import { MemoryReporter } from '../../src/core/report.js';
import { restore as restoreOperation } from '../../src/core/restore/index.js';
import type { RestoreSettings } from '../../src/core/restore/settings.js';
import { LIST_TABLES_SQL } from '../../src/core/rowcounts.js';

export const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
export const FIXTURES = join(ROOT, 'test/fixtures');
export const NORTHWIND = join(FIXTURES, 'northwind/northwind.sql');
export const CHINOOK = join(FIXTURES, 'chinook/Chinook_PostgreSql.sql');

/** psql -v ON_ERROR_STOP=1 -f FILE, connected to `database`. */
export async function psqlFile(cluster: Cluster, file: string, database = 'postgres'): Promise<void> {
  await run(cluster.tool('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file], {
    env: { ...libpqEnv(cluster.connection(), process.env, database), PGCLIENTENCODING: 'UTF8' },
    secrets: [cluster.password],
  });
}

export async function createDb(cluster: Cluster, name: string): Promise<void> {
  await cluster.query(`CREATE DATABASE ${quoteIdent(name)}`);
}

export async function databases(cluster: Cluster): Promise<string[]> {
  return (await cluster.query('SELECT datname FROM pg_database ORDER BY datname')).map((r) => r[0]!);
}

/** schema.table -> "<rows>:<md5 of the rows' text, ordered>" for every table pg_dump writes. */
export async function tableChecksums(cluster: Cluster, database: string): Promise<Record<string, string>> {
  const tables = await cluster.query(LIST_TABLES_SQL, database);
  const out: Record<string, string> = {};
  if (tables.length === 0) return out;
  const sql = tables
    .map(([s, t]) => {
      const rel = `${quoteIdent(s!)}.${quoteIdent(t!)}`;
      return `SELECT ${quoteLiteral(`${s}.${t}`)}, count(*)::text || ':' || coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '-') FROM ${rel} x`;
    })
    .join('\nUNION ALL\n');
  for (const [name, sum] of await cluster.query(sql, database)) out[name!] = sum!;
  return out;
}

export function backupSettings(
  cluster: Cluster,
  database: string,
  dir: string,
  format: BackupFormat,
  compression: Compression,
  output: string,
): BackupSettings {
  return {
    database,
    output: join(dir, output),
    outputDir: dir,
    format,
    compression,
    overwrite: false,
    rowCounts: 'exact',
    dryRun: false,
    connection: cluster.connection(database),
    pgBinDir: cluster.bin.binDir,
  };
}

export async function backup(
  cluster: Cluster,
  database: string,
  dir: string,
  format: BackupFormat,
  compression: Compression,
  output: string,
  extra: Partial<BackupSettings> = {},
): Promise<string> {
  const r = await execute(
    backupOperation,
    { ...backupSettings(cluster, database, dir, format, compression, output), ...extra },
    { env: process.env },
    new MemoryReporter(),
  );
  return r.path;
}

/** Restore settings as the command line makes them (`restore <backup> <db> --create --yes`), on the cluster. */
export function restoreSettings(
  cluster: Cluster,
  backupPath: string,
  database: string,
  extra: Partial<RestoreSettings> = {},
): RestoreSettings {
  return {
    ...settingsFrom(restoreOperation, { backup: backupPath, database, create: 'true', yes: 'true' }, {}, '/tmp'),
    connection: cluster.connection(database),
    pgBinDir: cluster.bin.binDir,
    ...extra,
  };
}

export async function restore(cluster: Cluster, backupPath: string, database: string, extra: Partial<RestoreSettings> = {}) {
  const reporter = new MemoryReporter();
  const result = await execute(restoreOperation, restoreSettings(cluster, backupPath, database, extra), { env: process.env }, reporter);
  return { result, reporter };
}

/**
 * Everything CREATE DATABASE and ALTER DATABASE can give a database, as comparable text: owner,
 * encoding, locale, tablespace, connection limit, ALLOW_CONNECTIONS, IS_TEMPLATE, settings and
 * per-role settings, grants (sorted), comment, security labels.
 */
export async function databaseProperties(cluster: Cluster, name: string): Promise<Record<string, string>> {
  const major = Number((await cluster.query('SHOW server_version_num'))[0]![0]) / 10000;
  const provider = major >= 15 ? 'd.datlocprovider::text' : "'c'";
  const [row] = await cluster.query(
    `SELECT pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, ${provider},
       t.spcname, d.datconnlimit::text, d.datallowconn::text, d.datistemplate::text,
       coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(d.datacl) a), '(default)'),
       coalesce(shobj_description(d.oid, 'pg_database'), '(none)'),
       coalesce((SELECT string_agg(s.provider || '=' || s.label, ',' ORDER BY s.provider) FROM pg_shseclabel s
                  WHERE s.objoid = d.oid AND s.classoid = 'pg_database'::regclass), '(none)'),
       coalesce((SELECT string_agg(CASE WHEN s.setrole = 0 THEN '' ELSE pg_get_userbyid(s.setrole) END || ':' || c, ',' ORDER BY 1)
                  FROM pg_db_role_setting s, unnest(s.setconfig) c WHERE s.setdatabase = d.oid), '(none)')
     FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace WHERE d.datname = ${quoteLiteral(name)}`,
  );
  if (!row) throw new Error(`no database ${name}`);
  const keys = [
    'owner',
    'encoding',
    'collate',
    'ctype',
    'provider',
    'tablespace',
    'connectionLimit',
    'allowConnections',
    'isTemplate',
    'grants',
    'comment',
    'securityLabels',
    'settings',
  ];
  return Object.fromEntries(keys.map((k, i) => [k, row[i]!]));
}

/** The AzaError `p` was rejected with (fails the test when it resolved or threw something else). */
export async function rejection(p: Promise<unknown>): Promise<AzaError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof AzaError)) throw new Error(`expected an AzaError, got ${e === undefined ? 'success' : String(e)}`);
  return e;
}

/**
 * A plain SQL script written to `dir`/`name`, with a manifest beside it that matches its bytes and
 * says `tables` (the rest of the manifest from `base`, a real backup's).
 */
export function scriptWithManifest(
  dir: string,
  name: string,
  sql: string | Buffer,
  tables: Array<{ table: string; rows: number }>,
  base: Record<string, unknown>,
): string {
  const path = join(dir, name);
  writeFileSync(path, sql);
  const bytes = readFileSync(path);
  writeFileSync(
    `${path}.manifest.json`,
    JSON.stringify({
      ...base,
      file: name,
      compression: 'none',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uncompressedBytes: bytes.length,
      tables: tables.map((t) => ({ schema: 'public', ...t })),
    }),
  );
  return path;
}

/**
 * Client sessions on the server other than the one asking (a restore's own would show here),
 * waited for to end: a session ends a moment after its psql does (up to 10 s).
 */
export async function sessionsGone(cluster: Cluster): Promise<string[]> {
  const sql =
    "SELECT coalesce(datname, '') || ' ' || coalesce(application_name, '') FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()";
  const until = Date.now() + 10_000;
  let left = (await cluster.query(sql)).map((r) => r[0]!);
  while (left.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    left = (await cluster.query(sql)).map((r) => r[0]!);
  }
  return left;
}
