/**
 * Per-table row counts: taken by backup inside the dump's snapshot (so they describe exactly the
 * rows in the file) and by restore afterwards, then compared.
 */
import type { RowCountMode, TableRowCount } from './manifest.js';
import { quoteIdent } from './pg.js';

/**
 * Tables whose rows pg_dump writes: ordinary tables and leaf partitions in user schemas, not
 * temporary ones, not members of an extension (an extension recreates its own tables).
 */
export const LIST_TABLES_SQL = `
SELECT n.nspname, c.relname, c.reltuples::bigint
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname`;

const BATCH = 200;

/** One statement counting a batch of tables exactly; rows come back as (index, count). */
export function exactCountSql(tables: ReadonlyArray<{ schema: string; table: string }>, offset = 0): string {
  return tables
    .map((t, i) => `SELECT ${offset + i}, count(*) FROM ONLY ${quoteIdent(t.schema)}.${quoteIdent(t.table)}`)
    .join('\nUNION ALL\n');
}

/**
 * SET LOCAL statements for a transaction that counts while pg_dump runs: an exact count is a plain
 * scan, which JIT compilation and parallel workers only make dearer when the dump already keeps
 * the cores busy (pgbench's 5M-row table: 0.26 CPU-s of the server instead of 0.32).
 */
export function countBesideDumpSettings(serverVersionNum: number): string {
  return `SET LOCAL max_parallel_workers_per_gather = 0;${serverVersionNum >= 110000 ? ' SET LOCAL jit = off;' : ''}`;
}

export type Query = (sql: string) => Promise<string[][]>;

const tableKey = (t: { schema: string; table: string }) => `${t.schema}\u0000${t.table}`;

/** The tables pg_dump writes, with their estimated rows. */
export async function listTables(query: Query): Promise<TableRowCount[]> {
  return (await query(LIST_TABLES_SQL)).map(([schema, table, estimate]) => ({
    schema: schema!,
    table: table!,
    // reltuples is -1 for a table never vacuumed or analyzed: unknown, not empty.
    rows: Number(estimate) < 0 ? null : Number(estimate),
  }));
}

/**
 * The listed tables with the rows a load's COPY data held (a table without COPY data got none);
 * undefined when some COPY went into a table not listed (a partitioned parent, an extension's).
 */
export function tablesWithCopiedRows(listed: readonly TableRowCount[], copied: readonly TableRowCount[]): TableRowCount[] | undefined {
  const key = tableKey;
  const rows = new Map(copied.map((t) => [key(t), t.rows ?? 0]));
  const known = new Set(listed.map(key));
  if ([...rows.keys()].some((k) => !known.has(k))) return undefined;
  return listed.map((t) => ({ schema: t.schema, table: t.table, rows: rows.get(key(t)) ?? 0 }));
}

export async function countRows(query: Query, mode: RowCountMode): Promise<TableRowCount[]> {
  if (mode === 'none') return [];
  const listed = await listTables(query);
  if (mode === 'estimate') return listed;
  const out = listed.map((t) => ({ ...t, rows: 0 as number | null }));
  for (let i = 0; i < listed.length; i += BATCH) {
    const batch = listed.slice(i, i + BATCH);
    for (const [index, count] of await query(exactCountSql(batch, i))) out[Number(index)]!.rows = Number(count);
  }
  return out;
}

export function totalRows(tables: readonly TableRowCount[]): number {
  return tables.reduce((sum, t) => sum + (t.rows ?? 0), 0);
}

export interface RowCountDifference {
  schema: string;
  table: string;
  expected: number | null;
  actual: number | null;
}

/** Tables whose counts differ, including tables present on one side only. */
export function compareRowCounts(expected: readonly TableRowCount[], actual: readonly TableRowCount[]): RowCountDifference[] {
  const key = tableKey;
  const got = new Map(actual.map((t) => [key(t), t.rows]));
  const want = new Map(expected.map((t) => [key(t), t.rows]));
  const diffs: RowCountDifference[] = [];
  for (const t of expected) {
    const a = got.has(key(t)) ? got.get(key(t))! : null;
    if (a !== t.rows) diffs.push({ schema: t.schema, table: t.table, expected: t.rows, actual: a });
  }
  for (const t of actual) if (!want.has(key(t))) diffs.push({ schema: t.schema, table: t.table, expected: null, actual: t.rows });
  return diffs;
}
