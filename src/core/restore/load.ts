/**
 * The load itself: the backup streamed into the load database by psql or pg_restore, then ANALYZE
 * and the row counts, compared with the manifest.
 */
import { availableParallelism } from 'node:os';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { AzaError, toAzaError } from '../errors.js';
import { run, runPipeline, type Stage } from '../exec.js';
import { MeasureStream } from '../compress.js';
import { gunzipStage } from '../gzip-tool.js';
import type { TableRowCount } from '../manifest.js';
import { connectionSecrets, libpqEnv, PsqlSession, utf8Env } from '../pg.js';
import { compareRowCounts, countRows, listTables, tablesWithCopiedRows, totalRows, type RowCountDifference } from '../rowcounts.js';
import type { Reporter } from '../report.js';
import { openBackup, type BackupInspection } from './inspect.js';
import { loadFailure } from './load-errors.js';
import type { RestorePlan } from './plan.js';
import type { CopyRowCounter } from './copy-counts.js';
import { GuardedLoad } from './sql-guard.js';
import { CopyLanes } from './copy-lanes.js';
import { OwnDatabaseFilter, type ScanThrough } from './sql-scan.js';

const LOAD_CHUNK = 256 * 1024;

/**
 * BEGIN before the script and COMMIT after it, sent only once the whole backup has come through.
 * psql's --single-transaction commits at the end of its input, and a killed restore ends that
 * input early: psql would commit a partial load. Here a cut-short stream ends without COMMIT, so
 * the server rolls the transaction back when psql goes.
 */
export class OneTransaction extends Transform {
  constructor() {
    super();
    this.push('BEGIN;\n');
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    callback(null, '\nCOMMIT;\n');
  }
}

class Discard extends Writable {
  override _write(_c: Buffer, _e: BufferEncoding, cb: () => void): void {
    cb();
  }
}

/**
 * Streams the backup into the load database with psql or pg_restore. `backup` is what is known of
 * the file (a script's own database statements are skipped as it says); `check` hashes and scans
 * the bytes on their way (a restore that reads the file once).
 */
export async function load(
  plan: RestorePlan,
  backup: BackupInspection,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  check?: { measure: MeasureStream; scan: ScanThrough },
  counter?: CopyRowCounter,
): Promise<void> {
  const conn = plan.connection;
  const childEnv = utf8Env(libpqEnv(conn, env, plan.loadInto));
  const secrets = connectionSecrets(conn);
  const loader = plan.loader;
  // stderr arrives in chunks that may cut a line: keep the text, split it when it is complete.
  let stderr = '';
  const onStderr = (_stage: string, text: string) => {
    if (stderr.length < 64 * 1024) stderr += text;
  };
  const lines = () =>
    stderr
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(0, 50);
  if (loader.kind === 'pg_restore') {
    const r = await run(loader.path, loader.args, { env: childEnv, secrets, allowFailure: true });
    if (r.code !== 0) throw loadFailure('pg_restore', r.stderr, conn, plan);
    for (const line of r.stderr
      .split('\n')
      .filter((l) => /warning/i.test(l))
      .slice(0, 20))
      reporter.warn(line.trim());
    return;
  }
  const measure = check?.measure ?? new MeasureStream((n) => reporter.progress(n));
  const stages: Stage[] = [
    { kind: 'source', name: 'read', stream: await openBackup(backup.path, backup.remote) },
    { kind: 'transform', name: 'progress', stream: measure },
  ];
  // Large pieces: each one is a write into psql's pipe and a pass of the checks (16 KiB by default).
  if (loader.decompress === 'gzip') stages.push(gunzipStage(loader.igzip, LOAD_CHUNK));
  if (loader.decompress === 'zstd') stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-q', '-c'] });
  if (check) stages.push({ kind: 'transform', name: 'scan', stream: check.scan });
  const own = backup.ownDatabase;
  if (own) stages.push({ kind: 'transform', name: 'own-database', stream: new OwnDatabaseFilter(own.name, own.lastLine) });
  // The COPY data shared out over sessions of their own (the guard finds it for them); they
  // connect from here, while the load starts.
  const lanes =
    loader.guard && loader.copySessions > 1
      ? new CopyLanes({
          count: loader.copySessions,
          open: () =>
            new PsqlSession(loader.path, conn, utf8Env(env), plan.loadInto, {
              failure: (_code, text) => loadFailure('psql', text, conn, plan),
            }),
          note: (text) => reporter.info(text),
        })
      : undefined;
  // Last before psql: it judges exactly what psql reads.
  if (loader.guard)
    stages.push({ kind: 'transform', name: 'guard', stream: new GuardedLoad(backup.path, loader.guard.restrict, counter, lanes) });
  if (loader.oneTransaction) stages.push({ kind: 'transform', name: 'transaction', stream: new OneTransaction() });
  stages.push({ kind: 'process', cmd: loader.path, args: loader.args, env: childEnv });
  try {
    await runPipeline(stages, lanes?.output ?? new Discard(), { secrets, onStderr });
    await lanes?.close(false);
  } catch (e) {
    await lanes?.close(true);
    const err = toAzaError(e);
    if (err.code === 'COMMAND_FAILED' && /^psql/.test(err.message))
      throw loadFailure('psql', lines().join('\n') || err.message, conn, plan);
    throw err;
  }
  if (lanes?.copies)
    reporter.info(`COPY data of ${lanes.copies} table${lanes.copies > 1 ? 's' : ''} loaded in ${lanes.sessions} sessions besides psql's.`);
  // The bytes psql read must be the bytes checked before it (the sha256 against the manifest and
  // its signature): a file swapped in between is caught here, before the swap of atomic mode.
  // (The other modes wrote into the target already; the guard judged every line psql read.)
  if (!check && plan.mode === 'atomic' && backup.sha256 && measure.sha256() !== backup.sha256) {
    throw new AzaError(
      'BACKUP_CHANGED',
      `The backup ${backup.path} changed while it was restored: psql read sha256 ${measure.sha256()}, the file checked before had ${backup.sha256}`,
    );
  }
  for (const line of lines()
    .filter((l) => /WARNING|NOTICE/.test(l))
    .slice(0, 20))
    reporter.info(line);
}

/** What a database-wide ANALYZE processes, largest first (partitioned tables: see analyzeAll). */
const ANALYZE_LIST_SQL = `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_table_size(c.oid), c.relkind::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm', 'p') AND c.relpersistence <> 't'
ORDER BY 2 DESC, 1`;

/** Up to this many sessions share ANALYZE out (see analyzeAll). */
const ANALYZE_SESSIONS = Math.min(4, availableParallelism());

/**
 * The sessions on the load database that ANALYZE and count after the load: started with the load,
 * so psql's start and its connection are not on the clock after it. They hold no lock meanwhile.
 */
export class AfterLoadSessions {
  private sessions: PsqlSession[] = [];

  constructor(
    private readonly plan: RestorePlan,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * Starts them with the load, unless a connection limit (the target's, copied to a staging
   * database) could then refuse the load itself: they start when first used after it.
   */
  openAhead(): void {
    if (this.plan.sessionsAhead) this.open();
  }

  /** Starts them (again, after a close). */
  open(): this {
    if (!this.sessions.length) {
      const { psqlPath, connection, loadInto } = this.plan;
      this.sessions = Array.from(
        { length: ANALYZE_SESSIONS + 1 },
        () => new PsqlSession(psqlPath, connection, utf8Env(this.env), loadInto, { reopen: true }),
      );
    }
    return this;
  }

  get counting(): PsqlSession {
    return this.open().sessions[0]!;
  }

  get analyzing(): PsqlSession[] {
    return this.open().sessions.slice(1);
  }

  /** Ends them (none may stay connected to a database that is to be renamed or dropped). */
  async close(): Promise<void> {
    const all = this.sessions;
    this.sessions = [];
    await Promise.all(all.map((x) => x.close())).catch(() => {});
  }
}

/**
 * ANALYZE of everything a database-wide ANALYZE does, the tables shared out by size over the
 * sessions (each table to the least loaded), so the largest does not wait behind the rest. One
 * session (and a plain ANALYZE) when there is nothing to share, or partitioned tables (an explicit
 * ANALYZE of one also analyzes its partitions: they would be done twice).
 */
async function analyzeAll(sessions: PsqlSession[]): Promise<void> {
  const first = sessions[0]!;
  if (sessions.length <= 1) return first.exec('ANALYZE');
  const rows = await first.query(ANALYZE_LIST_SQL);
  if (rows.length <= 1 || rows.some((r) => r[2] === 'p')) return first.exec('ANALYZE');
  const bins = sessions.map(() => ({ bytes: 0, names: [] as string[] }));
  for (const [name, bytes] of rows) {
    const bin = bins.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    bin.names.push(name!);
    // A page's worth for every table: many small ones weigh too.
    bin.bytes += Number(bytes) + 8192;
  }
  await Promise.all(bins.flatMap((b, i) => (b.names.length ? [sessions[i]!.exec(`ANALYZE ${b.names.join(', ')}`)] : [])));
}

export interface Counted {
  tables: TableRowCount[];
  differences: RowCountDifference[];
  compared: boolean;
}

/**
 * ANALYZE and the row counts of the load database; a difference from the manifest fails. `copied`:
 * the rows the load's COPY data held per table (see copy-counts.ts), which stand for exact counts
 * in a database the load created; otherwise count(*) of every table, beside ANALYZE.
 */
export async function afterLoad(
  plan: RestorePlan,
  sessions: AfterLoadSessions,
  reporter: Reporter,
  copied?: TableRowCount[],
): Promise<Counted> {
  const { analyzing, counting } = sessions;
  const fromCopy = plan.rowCounts === 'exact' && plan.mode !== 'into-existing' && copied !== undefined;
  let tables: TableRowCount[];
  try {
    // Exact counts do not need the statistics: count while ANALYZE runs (a session each).
    // Estimates are read from what ANALYZE writes, so they wait for it.
    const count = async (): Promise<TableRowCount[]> => {
      if (plan.rowCounts === 'none') return [];
      const query = (sql: string) => counting.query(sql);
      const listed = fromCopy ? tablesWithCopiedRows(await listTables(query), copied) : undefined;
      if (listed) reporter.info(`Row counts from the COPY data psql loaded (${listed.length} tables, no count(*) needed).`);
      return listed ?? countRows(query, plan.rowCounts);
    };
    const analyze = analyzeAll(analyzing);
    tables = plan.rowCounts === 'estimate' ? await analyze.then(count) : (await Promise.all([analyze, count()]))[1];
  } finally {
    await sessions.close();
  }
  if (!plan.compareRowCounts) return { tables, differences: [], compared: false };
  const manifest = plan.backup.manifest!.tables;
  const all = compareRowCounts(manifest, tables);
  // Into an existing database, tables the dump does not contain stay as they were: only noted.
  const extra =
    plan.mode === 'into-existing'
      ? all.filter((d) => d.expected === null && !manifest.some((t) => t.schema === d.schema && t.table === d.table))
      : [];
  const differences = all.filter((d) => !extra.includes(d));
  if (extra.length)
    reporter.info(`${extra.length} table${extra.length > 1 ? 's' : ''} of the target are not in the backup and were left alone.`);
  if (differences.length) {
    const shown = differences
      .slice(0, 10)
      .map((d) => `${d.schema}.${d.table}: ${d.actual ?? 'missing'} rows, the manifest says ${d.expected ?? 'no such table'}`);
    throw new AzaError(
      'ROW_COUNT_MISMATCH',
      `The restored rows differ from the backup's manifest in ${differences.length} table${differences.length > 1 ? 's' : ''}: ${shown.join('; ')}${differences.length > 10 ? '; …' : ''}`,
      'The backup does not hold what its manifest recorded, or the restore lost rows. Do not trust this backup; take a new one.',
    );
  }
  reporter.info(`Row counts match the manifest for all ${tables.length} tables (${totalRows(tables)} rows).`);
  return { tables, differences: [], compared: true };
}
