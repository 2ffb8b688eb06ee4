/**
 * Shared pieces of the backup tests: running a backup in-process the way the CLI does, reading
 * the results back with the real tools (gunzip, zstd, psql, pg_restore, sha256sum), and
 * comparing databases by per-table checksums.
 */
import { expect } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { backup as backupOperation, BACKUP_OPTIONS, backupSettings, type BackupResult } from '../../src/core/backup/index.js';
import { execute, perform } from '../../src/core/operation.js';
import type { Cluster } from '../../src/core/cluster.js';
import { AzaError } from '../../src/core/errors.js';
import { run } from '../../src/core/exec.js';
import { Inputs, type RawInputs } from '../../src/core/inputs.js';
import { libpqEnv, quoteIdent, quoteLiteral } from '../../src/core/pg.js';
import { MemoryReporter } from '../../src/core/report.js';

/** A name no other test file (or run) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** Only what a child needs; nothing from the runner's libpq or GitHub settings leaks in. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...extra };
}

/** The libpq environment for `cluster` (password included), as a user would export it. */
export function clusterEnv(cluster: Cluster, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const c = cluster.connection();
  return cleanEnv({
    PGHOST: c.host,
    PGPORT: String(c.port),
    PGUSER: c.user,
    PGPASSWORD: c.password,
    ...(c.sslmode ? { PGSSLMODE: c.sslmode } : {}),
    ...extra,
  });
}

export interface InProcessBackup {
  /** The finished backup (a dry run has none: see `dryRun`). */
  result: BackupResult;
  dryRun: boolean;
  reporter: MemoryReporter;
}

/** Inputs as the CLI builds them: positionals are the spec's [database] [output]. */
export function cliInputs(raw: RawInputs, positionals: readonly string[]): Inputs {
  const [database, output] = positionals;
  return new Inputs(
    { ...raw, ...(database !== undefined ? { database } : {}), ...(output !== undefined ? { output } : {}) },
    'cli',
    BACKUP_OPTIONS,
  );
}

/** Settings exactly as the CLI builds them, then runBackup with a MemoryReporter. */
export async function backup(raw: RawInputs, positionals: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<InProcessBackup> {
  const reporter = new MemoryReporter();
  const outcome = await perform(backupOperation, backupSettings(cliInputs(raw, positionals), env, cwd), { env }, reporter);
  // As a face does: the summary table after the run.
  if (!outcome.dryRun) reporter.table(backupOperation.summary(outcome.result)!);
  return { result: (outcome.dryRun ? undefined : outcome.result) as BackupResult, dryRun: outcome.dryRun, reporter };
}

/** The AzaError a backup fails with, plus everything it reported before failing. */
export async function backupFailure(
  raw: RawInputs,
  positionals: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ error: AzaError; reporter: MemoryReporter }> {
  const reporter = new MemoryReporter();
  try {
    await execute(backupOperation, backupSettings(cliInputs(raw, positionals), env, cwd), { env }, reporter);
  } catch (e) {
    expect(e).toBeInstanceOf(AzaError);
    return { error: e as AzaError, reporter };
  }
  throw new Error('the backup was expected to fail');
}

export async function sha256sum(path: string): Promise<string> {
  return (await run('sha256sum', [path])).stdout.split(' ')[0]!;
}

/** Files left in a directory (including hidden temp files). */
export function entries(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** User tables (leaf tables, not partitioned parents) with exact counts, keyed "schema.table". */
export async function realCounts(cluster: Cluster, db: string): Promise<Record<string, number>> {
  const tables = await cluster.query(
    "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'",
    db,
  );
  const out: Record<string, number> = {};
  for (const [schema, table] of tables) {
    const [[count]] = (await cluster.query(`SELECT count(*) FROM ONLY ${quoteIdent(schema!)}.${quoteIdent(table!)}`, db)) as [[string]];
    out[`${schema}.${table}`] = Number(count);
  }
  return out;
}

/** Per-table md5 of every row's text, in a fixed order: equal checksums mean equal data. */
export async function tableChecksums(cluster: Cluster, db: string): Promise<Record<string, string>> {
  const counts = await realCounts(cluster, db);
  const out: Record<string, string> = {};
  for (const key of Object.keys(counts).sort()) {
    const dot = key.indexOf('.');
    const [schema, table] = [key.slice(0, dot), key.slice(dot + 1)];
    const [[sum]] = (await cluster.query(
      `SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM ONLY ${quoteIdent(schema)}.${quoteIdent(table)} t`,
      db,
    )) as [[string]];
    out[key] = `${counts[key]}:${sum}`;
  }
  return out;
}

export async function createDatabase(cluster: Cluster, db: string): Promise<void> {
  await cluster.query(`CREATE DATABASE ${quoteIdent(db)} TEMPLATE template0`);
}

/** Runs a shell pipeline with `cluster`'s libpq environment for database `db`. */
export async function shellWithDb(cluster: Cluster, db: string, script: string, ...args: string[]) {
  return run('bash', ['-c', `set -euo pipefail; ${script}`, 'bash', ...args], {
    env: { ...libpqEnv(cluster.connection(db), cleanEnv(), db), PATH: `${cluster.bin.binDir}:${process.env.PATH}` },
    timeoutMs: 120000,
  });
}

/** `gunzip -c FILE | psql` (or another decompressor) into a fresh database. */
export async function restorePlain(cluster: Cluster, file: string, db: string, decompress = 'gunzip -c'): Promise<void> {
  await createDatabase(cluster, db);
  await shellWithDb(cluster, db, `${decompress} "$1" | psql -X -q -v ON_ERROR_STOP=1 >/dev/null`, file);
}

export async function restoreArchive(cluster: Cluster, path: string, db: string, jobs = 1): Promise<void> {
  await createDatabase(cluster, db);
  await shellWithDb(cluster, db, 'pg_restore --no-owner --exit-on-error -j "$2" -d "$PGDATABASE" "$1"', path, String(jobs));
}

/** Rows of `schema.table` in a plain dump (gzip or not), counted from its COPY block. */
export async function copyRowsInDump(file: string, schema: string, table: string, gzip = true): Promise<number> {
  const header = `COPY ${schema}.${table} (`;
  const input = gzip ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let inCopy = false;
  let rows = -1;
  for await (const line of lines) {
    if (!inCopy && line.startsWith(header)) {
      inCopy = true;
      rows = 0;
    } else if (inCopy) {
      if (line === '\\.') inCopy = false;
      else rows++;
    }
  }
  if (rows < 0) throw new Error(`no COPY block for ${schema}.${table} in ${file}`);
  return rows;
}

/** A login role with a password (scram, as the cluster hashes passwords). */
export async function createRole(cluster: Cluster, name: string, password: string, superuser = true): Promise<void> {
  await cluster.query(`CREATE ROLE ${quoteIdent(name)} LOGIN ${superuser ? 'SUPERUSER' : ''} PASSWORD ${quoteLiteral(password)}`);
}
