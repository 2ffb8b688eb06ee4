/**
 * runRestore carries a restore out: the backup is read in full and checked first (in atomic mode,
 * plain gzip/SQL: its head first and the rest during the load into the staging database, see step
 * 1), then the server, the tools and the target; nothing touches a database before the person (or
 * the action's confirm input) agreed. In atomic mode the data goes into a new database that is
 * swapped in only after the load, ANALYZE and the row-count comparison succeeded; any failure
 * before the swap drops that database and leaves the target exactly as it was.
 */
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AzaError, toAzaError, type ErrorCode } from '../errors.js';
import { commandNotFound, onInterrupt, run, runPipeline, runSyncForCleanup, type Stage } from '../exec.js';
import { MeasureStream } from '../compress.js';
import type { TableRowCount } from '../manifest.js';
import {
  connectionError,
  connectionSecrets,
  describeConnection,
  libpqEnv,
  probeServer,
  psqlClient,
  PSQL_QUERY_ARGS,
  PsqlSession,
  quoteIdent,
  quoteLiteral,
  type Connection,
  type ServerFacts,
  type SqlClient,
} from '../pg.js';
import { discoverTool } from '../pg-tools.js';
import { compareRowCounts, countRows, totalRows, type RowCountDifference } from '../rowcounts.js';
import { formatBytes, formatSeconds, type Reporter, type SummaryTable } from '../report.js';
import { backup } from '../backup/index.js';
import { execute, settingsFrom } from '../operation.js';
import { finishDeferred, inspectBackup, type BackupInspection } from './inspect.js';
import { confirmationLines, describePlan, planRestore, type RestoreFacts, type RestorePlan, type TargetFacts } from './plan.js';
import type { RestoreSettings } from './settings.js';
import { BeyondHeadError, OwnDatabaseFilter, ScanThrough } from './sql-scan.js';
import { GuardedLoad } from './sql-guard.js';
import { trustLine } from '../trust-options.js';
import { waitUntil } from '../wait.js';

export interface RestoreDeps {
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Asks the person and resolves true to go on. Absent (no terminal): refused unless settings.confirmed. */
  confirm?: (lines: string[]) => Promise<boolean>;
  /** A backup inspected already (verify reads it before starting a scratch server). */
  inspection?: BackupInspection;
  /** Summary table (default true); verify writes its own. */
  summary?: boolean;
}

export interface RestoreResult {
  plan?: RestorePlan;
  dryRun: boolean;
  database: string;
  mode: RestorePlan['mode'];
  tables: TableRowCount[];
  rows: number;
  durationSeconds: number;
  loadSeconds: number;
  previousDatabase?: string;
  backupBeforePath?: string;
  /** Compared with the manifest (exact counts on both sides). */
  compared: boolean;
  differences: RowCountDifference[];
  server?: ServerFacts;
  inspection: BackupInspection;
}

/** The target's facts: one row from the maintenance database. */
export function targetFactsSql(database: string, serverMajor: number): string {
  const provider = serverMajor >= 15 ? 'd.datlocprovider::text' : "'c'";
  const icu = serverMajor >= 17 ? 'd.datlocale' : serverMajor >= 15 ? 'd.daticulocale' : 'NULL::text';
  return `SELECT pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, ${provider}, coalesce(${icu}, ''),
  d.datallowconn::text, d.datconnlimit, coalesce(d.datacl::text, ''),
  (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid AND a.pid <> pg_backend_pid())
FROM pg_database d WHERE d.datname = ${quoteLiteral(database)}`;
}

export function parseTargetFacts(rows: string[][], settingRows: string[][]): TargetFacts {
  const r = rows[0];
  if (!r) return { exists: false, sessions: 0 };
  return {
    exists: true,
    owner: r[0]!,
    encoding: r[1]!,
    collate: r[2]!,
    ctype: r[3]!,
    localeProvider: r[4]!,
    ...(r[5] ? { icuLocale: r[5] } : {}),
    allowConnections: r[6] === 'true',
    connectionLimit: Number(r[7]),
    acl: r[8] || null,
    settings: settingRows.map(([role, setting]) => {
      const eq = setting!.indexOf('=');
      return { role: role ? role : null, name: setting!.slice(0, eq), value: setting!.slice(eq + 1) };
    }),
    sessions: Number(r[9]),
  };
}

function settingsSql(database: string): string {
  return `SELECT CASE WHEN s.setrole = 0 THEN '' ELSE pg_get_userbyid(s.setrole) END, unnest(s.setconfig)
FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = ${quoteLiteral(database)}`;
}

class Discard extends Writable {
  override _write(_c: Buffer, _e: BufferEncoding, cb: () => void): void {
    cb();
  }
}

/** A SQL client whose text is UTF-8 whatever the locale (names may be non-ASCII). */
function sqlClient(psqlPath: string, conn: Connection, env: NodeJS.ProcessEnv): SqlClient {
  return psqlClient(psqlPath, conn, { ...env, PGCLIENTENCODING: env.PGCLIENTENCODING ?? 'UTF8' });
}

export async function runRestore(settings: RestoreSettings, deps: RestoreDeps, reporter: Reporter): Promise<RestoreResult> {
  const t0 = performance.now();
  const now = (deps.now ?? (() => new Date()))();
  const conn = settings.connection;
  const env = deps.env;

  // 1. The backup, before anything else. Read in full here, except where a restore cannot hurt
  // what it has not finished checking: an atomic restore of a plain gzip or SQL file, agreed to
  // already (--yes / confirm), without a backup of the target first, reads the head here (the
  // cheap checks: format, text, pg_dump's header, manifest size, what the plan needs) and the rest
  // once, during the load into the new staging database, hashing and scanning it on the way
  // (loadChecked). The target is not touched until the swap, which waits for the sha256, the
  // "dump complete" line and every other check of the full read; any failure drops the staging
  // database. Same guarantee, one read and one decompression instead of two. replace and
  // into-existing change the target itself, so there the full read comes first, as it must.
  const psqlDiscovery = discoverTool('psql', { binDir: settings.pgBinDir, env });
  psqlDiscovery.catch(() => {});
  const deferrable = !deps.inspection && settings.mode === 'atomic' && !settings.dryRun && settings.confirmed && !settings.backupBefore;
  const inspection =
    deps.inspection ??
    (await reporter.step(`Check the backup ${settings.backup}`, async () => {
      const i = await inspectBackup(settings.backup, {
        env,
        pgBinDir: settings.pgBinDir,
        requireManifest: settings.requireManifest,
        deferFullRead: deferrable,
        trustBackup: settings.trustBackup,
        verifyKeys: settings.verifyKeys,
      });
      reporter.info(
        i.deferred
          ? `${i.format} (${i.compression}), ${formatBytes(i.sizeBytes)}${i.dumpedBy ? `; written by pg_dump ${i.dumpedBy}` : ''}; read in full${i.manifest ? ' and checked against its manifest' : ''} while it loads into the staging database, before the swap`
          : checkedLine(i),
      );
      return i;
    }));

  // 2. The server, the tools and the target. (psql's discovery, a --version per copy found,
  // started with the check above: it needs nothing from it.)
  const maintenance = settings.maintenanceDatabase ?? (settings.database === 'postgres' ? 'template1' : 'postgres');
  const {
    plan: planned,
    client,
    server,
    facts,
    maintenanceSession,
    psqlPath,
  } = await reporter.step(`Connect to ${describeConnection({ ...conn, database: maintenance })}`, async () => {
    const psqlCandidates = await psqlDiscovery;
    if (psqlCandidates.length === 0) throw commandNotFound('psql');
    const newest = [...psqlCandidates].sort((a, b) => b.major - a.major)[0]!;
    // One psql session on the maintenance database for the six questions here and the CREATE /
    // RENAME / DROP DATABASE later, instead of a process and a connection for each.
    const session = sessionFirst(newest.path, conn, env, maintenance, sqlClient(newest.path, conn, env));
    try {
      const probeClient = session.client;
      const server = await probeServer(probeClient, maintenance);
      const [targetRows, settingRows, dbRows, extRows, roleRows] = await Promise.all([
        probeClient.query(targetFactsSql(settings.database, server.major), maintenance),
        probeClient.query(settingsSql(settings.database), maintenance),
        probeClient.query('SELECT datname FROM pg_database', maintenance),
        probeClient.query('SELECT name FROM pg_available_extensions', maintenance),
        probeClient.query('SELECT rolsuper::text, rolcreatedb::text FROM pg_roles WHERE rolname = current_user', maintenance),
      ]);
      const pgRestoreCandidates = inspection.format === 'plain' ? [] : await discoverTool('pg_restore', { binDir: settings.pgBinDir, env });
      const target = parseTargetFacts(targetRows, settingRows);
      const superuser = roleRows[0]?.[0] === 'true';
      const facts: RestoreFacts = {
        now,
        backup: inspection,
        server,
        target,
        databases: dbRows.map((r) => r[0]!),
        psqlCandidates,
        pgRestoreCandidates,
        availableExtensions: extRows.map((r) => r[0]!),
        canCreateDatabase: superuser || roleRows[0]?.[1] === 'true',
        superuser,
        cores: availableParallelism(),
      };
      const plan = planRestore(settings, facts);
      reporter.info(
        `Server PostgreSQL ${server.version}; target "${settings.database}" ${target.exists ? `exists${target.sessions ? ` (${target.sessions} other session${target.sessions > 1 ? 's' : ''})` : ''}` : 'does not exist'}; loading with ${plan.loader.path} (${plan.loader.version})`,
      );
      const client = sqlClient(plan.loader.kind === 'psql' ? plan.loader.path : newest.path, conn, env);
      // From here on, what the session cannot answer is asked with the loader's psql, as before.
      session.fallback = client;
      return { plan, client, server, facts, maintenanceSession: session, psqlPath: newest.path };
    } catch (e) {
      session.close();
      throw e;
    }
  });
  try {
    return await restoreWith(planned, {
      settings,
      deps,
      facts,
      client,
      maintenanceSession,
      psqlPath,
      server,
      conn,
      env,
      reporter,
      t0,
      inspection,
    });
  } finally {
    maintenanceSession.close();
  }
}

interface RunContext {
  settings: RestoreSettings;
  deps: RestoreDeps;
  facts: RestoreFacts;
  /** One process per query: for the target and staging databases. */
  client: SqlClient;
  /** The maintenance database's session (see SessionFirst). */
  maintenanceSession: SessionFirst;
  /** The psql of the sessions. */
  psqlPath: string;
  server: ServerFacts;
  conn: Connection;
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
  t0: number;
  inspection: BackupInspection;
}

async function restoreWith(planned: RestorePlan, ctx: RunContext): Promise<RestoreResult> {
  const { settings, deps, facts, client, server, conn, env, reporter, t0, inspection } = ctx;
  let plan = planned;
  for (const w of plan.warnings) reporter.warn(w);

  const base = { database: settings.database, mode: plan.mode, server };
  if (settings.dryRun) {
    for (const line of describePlan(plan)) reporter.info(line);
    return {
      ...base,
      inspection,
      plan,
      dryRun: true,
      tables: [],
      rows: 0,
      durationSeconds: (performance.now() - t0) / 1000,
      loadSeconds: 0,
      compared: false,
      differences: [],
    };
  }

  // 3. Consent.
  if (!settings.confirmed) {
    const lines = confirmationLines(plan, `${conn.host}:${conn.port}`);
    if (!deps.confirm) {
      throw new AzaError(
        'CONFIRMATION_REQUIRED',
        `Restore overwrites database "${settings.database}" and needs confirmation, but there is no terminal to ask; nothing was restored`,
        'Run it in a terminal and press Enter when asked, or pass --yes (-y) when you are sure.',
      );
    }
    // A person may take a while: no session waits idle meanwhile.
    ctx.maintenanceSession.close();
    if (!(await deps.confirm(lines))) throw new AzaError('ABORTED', `Aborted: database "${settings.database}" was not touched`, undefined);
  }

  // 4. An optional backup of the target first.
  let backupBeforePath: string | undefined;
  if (plan.backupBefore) {
    // The backup operation itself, at its defaults, on the restore's connection; its summary stays
    // out (only a face prints one): the restore's is the one that counts.
    const b = await execute(
      backup,
      {
        ...settingsFrom(
          backup,
          { database: settings.database, output: plan.backupBefore.path, 'output-dir': settings.backupDir },
          env,
          settings.backupDir,
        ),
        connection: { ...conn, database: settings.database },
        ...(settings.pgBinDir ? { pgBinDir: settings.pgBinDir } : {}),
      },
      { env },
      reporter,
    );
    backupBeforePath = b.path;
    reporter.info(`Backup of "${settings.database}" before the restore: ${b.path}`);
  }

  const maintenanceClient = ctx.maintenanceSession.client;
  let ops = new DatabaseOps(maintenanceClient, plan, conn, env, reporter, server.major);
  const loadStart = performance.now();
  let tables: TableRowCount[];
  let differences: RowCountDifference[];
  let compared: boolean;
  if (plan.mode === 'atomic') {
    const staging = plan.staging!;
    await reporter.step(`Create the staging database "${staging}"`, () => ops.createLoadDatabase());
    const removeOnInterrupt = onInterrupt(() => ops.dropSync(staging));
    try {
      await reporter.step(`Restore into "${staging}"`, async () => {
        if (!plan.backup.deferred) return load(plan, conn, env, reporter);
        ({ plan, ops } = await loadChecked(plan, ops, { settings, facts, client: maintenanceClient, conn, env, reporter }));
      });
      ({ tables, differences, compared } = await reporter.step('ANALYZE and count rows', () =>
        afterLoad(plan, client, reporter, (db) => sessionFirst(ctx.psqlPath, conn, env, db, client)),
      ));
      await reporter.step(
        plan.targetExists ? `Swap "${staging}" in as "${plan.database}"` : `Rename "${staging}" to "${plan.database}"`,
        () => ops.swap(),
      );
    } catch (e) {
      await ops
        .drop(staging, true)
        .catch((d) => reporter.warn(`Could not drop the staging database "${staging}": ${toAzaError(d).message}; drop it by hand.`));
      // The checks of the full read say "nothing was restored" themselves, as before a load.
      if (fullReadErrors.has(e as object)) throw e;
      throw failure(e, plan, `database "${plan.database}" is unchanged (the staging database was dropped)`);
    } finally {
      removeOnInterrupt();
    }
    if (plan.previous && !plan.keepPrevious) {
      await reporter.step(`Drop the previous database "${plan.previous}"`, () => ops.drop(plan.previous!, true));
    }
  } else {
    if (plan.dropTarget) await reporter.step(`Drop "${plan.database}"`, () => ops.dropTarget());
    if (plan.createSql) await reporter.step(`Create "${plan.database}"`, () => ops.createLoadDatabase());
    const state =
      plan.mode === 'replace' || !plan.targetExists
        ? `database "${plan.database}" is left partly restored; restore again, or from the backup taken before`
        : `the transaction was rolled back: database "${plan.database}" is as it was`;
    try {
      await reporter.step(`Restore into "${plan.database}"`, () => load(plan, conn, env, reporter));
      ({ tables, differences, compared } = await reporter.step('ANALYZE and count rows', () =>
        afterLoad(plan, client, reporter, (db) => sessionFirst(ctx.psqlPath, conn, env, db, client)),
      ));
    } catch (e) {
      throw failure(e, plan, state);
    }
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;

  const result: RestoreResult = {
    ...base,
    inspection: plan.backup,
    plan,
    dryRun: false,
    tables,
    rows: totalRows(tables),
    durationSeconds: (performance.now() - t0) / 1000,
    loadSeconds,
    ...(plan.previous && plan.keepPrevious ? { previousDatabase: plan.previous } : {}),
    ...(backupBeforePath ? { backupBeforePath } : {}),
    compared,
    differences,
  };
  if (deps.summary !== false) await reporter.table(restoreSummary(result, conn));
  return result;
}

function checkedLine(i: BackupInspection): string {
  return `${i.format}${i.format === 'plain' ? ` (${i.compression})` : ''}, ${formatBytes(i.sizeBytes)}${i.uncompressedBytes ? ` (${formatBytes(i.uncompressedBytes)} of SQL)` : ''}, sha256 ${i.sha256}${i.manifest ? ', matches its manifest' : ''}${i.dumpedBy ? `; written by pg_dump ${i.dumpedBy}` : ''}`;
}

/**
 * A SqlClient whose queries on `database` share one psql session, one after another. Whatever
 * goes wrong in the session (a failed query ends it) is asked again through `fallback`, one
 * process per query, whose rows or error are the answer: errors read exactly as without the
 * session. Queries on other databases, and all after close(), go to `fallback` directly.
 */
class SessionFirst {
  private readonly session: PsqlSession;
  private broken = false;
  private queue: Promise<unknown> = Promise.resolve();
  readonly client: SqlClient;

  constructor(
    psqlPath: string,
    conn: Connection,
    env: NodeJS.ProcessEnv,
    private readonly database: string,
    public fallback: SqlClient,
  ) {
    this.session = new PsqlSession(psqlPath, { ...conn, database }, { ...env, PGCLIENTENCODING: env.PGCLIENTENCODING ?? 'UTF8' }, database);
    this.client = { query: (sql, db) => this.query(sql, db ?? conn.database) };
  }

  private query(sql: string, db: string): Promise<string[][]> {
    if (this.broken || db !== this.database) return this.fallback.query(sql, db);
    const answer = this.queue
      .then(() => (this.broken ? this.fallback.query(sql, db) : this.session.query(sql)))
      .catch(() => {
        this.broken = true;
        return this.fallback.query(sql, db);
      });
    this.queue = answer.catch(() => {});
    return answer;
  }

  close(): void {
    if (this.broken) return;
    this.broken = true;
    this.session.close().catch(() => {});
  }
}

function sessionFirst(psqlPath: string, conn: Connection, env: NodeJS.ProcessEnv, database: string, fallback: SqlClient): SessionFirst {
  return new SessionFirst(psqlPath, conn, env, database, fallback);
}

/** Errors of the backup's full read: thrown as they are, like the same errors before a load. */
const fullReadErrors = new WeakSet<object>();

async function fullRead<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (typeof e === 'object' && e !== null) fullReadErrors.add(e);
    throw e;
  }
}

interface LoadContext {
  settings: RestoreSettings;
  facts: RestoreFacts;
  client: SqlClient;
  conn: Connection;
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
}

/**
 * The load of a backup whose head only was read (see runRestore, step 1): the one read of the
 * file feeds the sha256, the scan of the whole SQL and the loader. After the loader finished,
 * the checks of a full read; on any failure, a full read of its own decides what is wrong (a
 * damaged file is reported as such, not as the SQL error it caused). A line that would change
 * the plan (an extension, \restrict or a database statement after the head) stops the load
 * before the loader sees it: the staging database is made again and loaded as planned from a full
 * read. Returns the plan with the complete inspection.
 */
async function loadChecked(plan: RestorePlan, ops: DatabaseOps, ctx: LoadContext): Promise<{ plan: RestorePlan; ops: DatabaseOps }> {
  const backup = plan.backup;
  const measure = new MeasureStream((n) => ctx.reporter.progress(n));
  const scan = new ScanThrough(backup.deferred!.head);
  try {
    await load(plan, ctx.conn, ctx.env, ctx.reporter, { measure, scan });
  } catch (e) {
    const full = await fullRead(() =>
      inspectBackup(backup.path, {
        env: ctx.env,
        pgBinDir: ctx.settings.pgBinDir,
        requireManifest: ctx.settings.requireManifest,
        trustBackup: ctx.settings.trustBackup,
        verifyKeys: ctx.settings.verifyKeys,
      }),
    );
    const replanned = await fullRead(() => planRestore(ctx.settings, { ...ctx.facts, backup: full }));
    if (!(e instanceof BeyondHeadError)) throw e;
    for (const w of replanned.warnings) if (!plan.warnings.includes(w)) ctx.reporter.warn(w);
    const again = new DatabaseOps(ctx.client, replanned, ctx.conn, ctx.env, ctx.reporter, ctx.facts.server.major);
    await again.drop(replanned.loadInto, true);
    await again.createLoadDatabase();
    await load(replanned, ctx.conn, ctx.env, ctx.reporter);
    return { plan: replanned, ops: again };
  }
  const full = await fullRead(() => finishDeferred(backup, measure.sha256(), scan.scanner.finish()));
  ctx.reporter.info(checkedLine(full));
  return { plan: { ...plan, backup: full }, ops };
}

/** CREATE / DROP / RENAME of whole databases, from the maintenance database. */
class DatabaseOps {
  constructor(
    private readonly client: SqlClient,
    private readonly plan: RestorePlan,
    private readonly conn: Connection,
    private readonly env: NodeJS.ProcessEnv,
    private readonly reporter: Reporter,
    private readonly serverMajor: number,
  ) {}

  private sql(text: string): Promise<string[][]> {
    return this.client.query(text, this.plan.maintenanceDatabase);
  }

  async createLoadDatabase(): Promise<void> {
    await this.sql(this.plan.createSql!);
    for (const s of this.plan.copySettingsSql) {
      try {
        await this.sql(s);
      } catch (e) {
        this.reporter.warn(`Could not copy a setting of "${this.plan.database}" to the new database (${s}): ${toAzaError(e).message}`);
      }
    }
  }

  drop(name: string, force: boolean): Promise<string[][]> {
    return this.sql(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force && this.serverMajor >= 13 ? ' WITH (FORCE)' : ''}`);
  }

  /** For an interrupt handler: synchronous, best effort. */
  dropSync(name: string): void {
    const psql = this.plan.loader.kind === 'psql' ? this.plan.loader.path : 'psql';
    runSyncForCleanup(
      psql,
      [...PSQL_QUERY_ARGS, '-c', `DROP DATABASE IF EXISTS ${quoteIdent(name)}${this.serverMajor >= 13 ? ' WITH (FORCE)' : ''}`],
      {
        env: { ...libpqEnv(this.conn, this.env, this.plan.maintenanceDatabase), PGCLIENTENCODING: 'UTF8' },
      },
    );
  }

  private async otherSessions(name: string): Promise<number> {
    const rows = await this.sql(`SELECT count(*) FROM pg_stat_activity WHERE datname = ${quoteLiteral(name)} AND pid <> pg_backend_pid()`);
    return Number(rows[0]?.[0] ?? 0);
  }

  /** Blocks new connections and ends the existing ones; returns the datallowconn to put back. */
  private async clearSessions(name: string): Promise<void> {
    await this.sql(`ALTER DATABASE ${quoteIdent(name)} WITH ALLOW_CONNECTIONS false`);
    const r = await waitUntil(
      async () => {
        const rows = await this.sql(
          `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ${quoteLiteral(name)} AND pid <> pg_backend_pid()`,
        );
        const n = Number(rows[0]?.[0] ?? 0);
        if (n === 0 && (await this.otherSessions(name)) === 0) return { done: true, value: undefined };
        if (n > 0) this.reporter.info(`Terminated ${n} session${n > 1 ? 's' : ''} on "${name}"`);
        return { done: false };
      },
      { timeoutMs: 15000 },
    );
    if (r.timedOut) throw inUse(this.plan.database, await this.otherSessions(name));
  }

  private async allowConnections(name: string): Promise<void> {
    await this.sql(`ALTER DATABASE ${quoteIdent(name)} WITH ALLOW_CONNECTIONS true`);
  }

  async swap(): Promise<void> {
    const { staging, previous, database } = this.plan;
    if (!this.plan.targetExists) {
      await this.sql(`ALTER DATABASE ${quoteIdent(staging!)} RENAME TO ${quoteIdent(database)}`);
      return;
    }
    let blocked = false;
    try {
      if (this.plan.terminateConnections) {
        blocked = true;
        await this.clearSessions(database);
      } else {
        const n = await this.otherSessions(database);
        if (n > 0) throw inUse(database, n);
      }
      await this.sql(
        `BEGIN; ALTER DATABASE ${quoteIdent(database)} RENAME TO ${quoteIdent(previous!)}; ALTER DATABASE ${quoteIdent(staging!)} RENAME TO ${quoteIdent(database)}; COMMIT`,
      );
    } catch (e) {
      if (blocked) await this.allowConnections(database).catch(() => {});
      const err = toAzaError(e);
      if (/is being accessed by other users/.test(err.message)) throw inUse(database, undefined);
      throw err;
    }
    if (blocked) await this.allowConnections(previous!).catch(() => {});
  }

  async dropTarget(): Promise<void> {
    const { database } = this.plan;
    if (this.plan.terminateConnections) await this.clearSessions(database);
    try {
      await this.drop(database, this.plan.terminateConnections);
    } catch (e) {
      const err = toAzaError(e);
      if (/is being accessed by other users/.test(err.message)) throw inUse(database, undefined);
      throw err;
    }
  }
}

function inUse(database: string, n: number | undefined): AzaError {
  return new AzaError(
    'TARGET_IN_USE',
    `Database "${database}" has ${n === undefined ? '' : `${n} `}other open session${n === 1 ? '' : 's'}; it cannot be ${'swapped or dropped'} while they exist`,
    `Stop the applications using it (SELECT pid, usename, application_name FROM pg_stat_activity WHERE datname = ${quoteLiteral(database)}), or pass --terminate-connections (input terminate-connections: true) to end them.`,
  );
}

/** Streams the backup into the load database with psql or pg_restore. */
async function load(
  plan: RestorePlan,
  conn: Connection,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  check?: { measure: MeasureStream; scan: ScanThrough },
): Promise<void> {
  const childEnv = { ...libpqEnv(conn, env, plan.loadInto), PGCLIENTENCODING: env.PGCLIENTENCODING ?? 'UTF8' };
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
    { kind: 'source', name: 'read', stream: createReadStream(plan.backup.path) },
    { kind: 'transform', name: 'progress', stream: measure },
  ];
  if (loader.decompress === 'gzip') stages.push({ kind: 'transform', name: 'gunzip', stream: createGunzip() });
  if (loader.decompress === 'zstd') stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-q', '-c'] });
  if (check) stages.push({ kind: 'transform', name: 'scan', stream: check.scan });
  if (loader.ownDatabaseFilter)
    stages.push({
      kind: 'transform',
      name: 'own-database',
      stream: new OwnDatabaseFilter(loader.ownDatabaseFilter.database, loader.ownDatabaseFilter.lastLine),
    });
  // Last before psql: it judges exactly what psql reads.
  if (loader.guard) stages.push({ kind: 'transform', name: 'guard', stream: new GuardedLoad(plan.backup.path, loader.guard.restrict) });
  stages.push({ kind: 'process', cmd: loader.path, args: loader.args, env: childEnv });
  try {
    await runPipeline(stages, new Discard(), { secrets, onStderr });
  } catch (e) {
    const err = toAzaError(e);
    if (err.code === 'COMMAND_FAILED' && /^psql/.test(err.message))
      throw loadFailure('psql', lines().join('\n') || err.message, conn, plan);
    throw err;
  }
  for (const line of lines()
    .filter((l) => /WARNING|NOTICE/.test(l))
    .slice(0, 20))
    reporter.info(line);
}

/** A loader's failure with the spec's troubleshooting entry as the hint. */
export function loadFailure(
  tool: 'psql' | 'pg_restore',
  stderr: string,
  conn: Connection,
  plan: Pick<RestorePlan, 'database' | 'loadInto'>,
): AzaError {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const errorLine = lines.find((l) => /ERROR:|FATAL:|error:/.test(l)) ?? lines[0] ?? `${tool} failed`;
  const detail = errorLine.replace(/^pg_restore: (error: )?/, '').replace(/^psql:<stdin>:(\d+): /, 'line $1: ');
  if (/connection to server|could not connect|password authentication failed|no password supplied/.test(stderr) && !/ERROR:/.test(stderr)) {
    return connectionError(stderr, { ...conn, database: plan.loadInto });
  }
  let hint: string | undefined;
  let code: ErrorCode = 'RESTORE_FAILED';
  const ext = /extension "([^"]+)" is not available|could not open extension control file ".*\/([^/"]+)\.control"/.exec(stderr);
  if (ext) {
    code = 'EXTENSION_MISSING';
    hint = `Install extension "${ext[1] ?? ext[2]}" on the server (its postgresql-N-<name> or contrib package), then restore again.`;
  } else if (/already exists/.test(detail)) {
    hint =
      `Conflicting objects or extensions in the target. Restore into a fresh database (mode atomic or replace), or drop the conflicting extensions with CASCADE: ` +
      `psql -h ${conn.host} -U ${conn.user} -d ${plan.database} -c "DROP EXTENSION IF EXISTS postgis CASCADE;" (Option 1: drop and recreate the database: dropdb / createdb).`;
  } else if (/permission denied|must be owner|must be superuser/.test(detail)) {
    code = 'PERMISSION_DENIED';
    hint = `Ensure the user has CREATE privileges: psql -h ${conn.host} -U postgres -c "GRANT ALL ON DATABASE ${quoteIdent(plan.database)} TO ${conn.user};" (or restore as the database owner or a superuser).`;
  } else if (/invalid command \\(restrict|unrestrict)/.test(stderr)) {
    code = 'TOOL_TOO_OLD';
    hint = 'This psql does not know \\restrict (new in 13.22, 14.19, 15.14, 16.10, 17.6, 18): update the PostgreSQL client tools.';
  } else if (/unrecognized configuration parameter/.test(detail)) {
    hint = 'The dump comes from a newer PostgreSQL than the target server; restore into a server of the same major version or newer.';
  } else {
    hint = 'The dump stops at this statement; fix its cause (or the dump) and restore again.';
  }
  return new AzaError(code, `Restore failed: ${tool} stopped at ${detail}`, hint);
}

function failure(e: unknown, _plan: RestorePlan, state: string): AzaError {
  const err = toAzaError(e);
  return new AzaError(err.code, `${err.message.replace(/[.;]?\s*$/, '')}; ${state}`, err.hint, { cause: e });
}

async function afterLoad(
  plan: RestorePlan,
  client: SqlClient,
  reporter: Reporter,
  session: (database: string) => SessionFirst,
): Promise<{ tables: TableRowCount[]; differences: RowCountDifference[]; compared: boolean }> {
  // Exact counts do not need the statistics: count while ANALYZE runs (a backend each), the list
  // of tables and their counts through one session. Estimates are read from what ANALYZE writes,
  // so they wait for it.
  const count = async () => {
    if (plan.rowCounts === 'none') return [];
    const counting = session(plan.loadInto);
    try {
      return await countRows((sql) => counting.client.query(sql, plan.loadInto), plan.rowCounts);
    } finally {
      counting.close();
    }
  };
  const analyze = client.query('ANALYZE', plan.loadInto);
  const tables = plan.rowCounts === 'estimate' ? await analyze.then(count) : (await Promise.all([analyze, count()]))[1];
  if (!plan.compareRowCounts) return { tables, differences: [], compared: false };
  const all = compareRowCounts(plan.backup.manifest!.tables, tables);
  // Into an existing database, tables the dump does not contain stay as they were: only noted.
  const extra =
    plan.mode === 'into-existing'
      ? all.filter((d) => d.expected === null && !plan.backup.manifest!.tables.some((t) => t.schema === d.schema && t.table === d.table))
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

export function restoreSummary(r: RestoreResult, conn: Connection): SummaryTable {
  const plan = r.plan!;
  const b = r.inspection;
  const rows: Array<[string, string]> = [
    ['Database', `${r.database} on ${conn.host}:${conn.port}`],
    ['Server', r.server ? `PostgreSQL ${r.server.version}` : ''],
    ['Backup', b.path],
    [
      'Format',
      `${b.format}${b.format === 'plain' ? `, ${b.compression}` : ''}, ${formatBytes(b.sizeBytes)}${b.dumpedBy ? `, pg_dump ${b.dumpedBy}` : ''}`,
    ],
    ['Integrity', b.manifest ? 'size and sha256 match the manifest; read in full' : 'read in full (no manifest)'],
    ['Trust', trustLine(b)],
    ['Mode', r.mode],
    ['Previous database', r.previousDatabase ?? (plan.previous ? `${plan.previous} (dropped)` : 'none')],
    ['Tables', String(r.tables.length)],
    ['Rows', plan.rowCounts === 'none' ? 'not counted' : `${r.rows} (${plan.rowCounts})`],
    ['Row counts vs manifest', r.compared ? `all ${r.tables.length} tables match` : 'not compared'],
    ['Duration', formatSeconds(r.durationSeconds)],
  ];
  if (r.backupBeforePath) rows.push(['Backup before restore', r.backupBeforePath]);
  const expected = new Map((b.manifest?.tables ?? []).map((t) => [`${t.schema}.${t.table}`, t.rows]));
  const sorted = [...r.tables].sort((a, c) => (c.rows ?? 0) - (a.rows ?? 0));
  const shown = sorted.slice(0, 50);
  const notes: string[] = [];
  if (r.previousDatabase)
    notes.push(
      `The previous database is kept as "${r.previousDatabase}"; drop it when satisfied: dropdb -h ${conn.host} -U ${conn.user} '${r.previousDatabase}'`,
    );
  if (sorted.length > shown.length) notes.push(`${sorted.length - shown.length} smaller tables not listed.`);
  return {
    title: `Restore of ${r.database}`,
    rows,
    sections:
      plan.rowCounts === 'none' || r.tables.length === 0
        ? []
        : [
            {
              title: 'Table statistics',
              header: r.compared ? ['Table', 'Rows', 'Manifest'] : ['Table', 'Rows'],
              rows: shown.map((t) => {
                const name = `${t.schema}.${t.table}`;
                return r.compared ? [name, String(t.rows ?? '?'), String(expected.get(name) ?? '?')] : [name, String(t.rows ?? '?')];
              }),
            },
          ],
    notes,
  };
}
