/**
 * runRestore carries a restore plan out; the person (or the action's confirm input) agreed
 * already, and the backup was checked (in full, or its head: see gather.ts). In atomic mode the
 * data goes into a new database that is swapped in only after the load, ANALYZE and the
 * row-count comparison succeeded; any failure before the swap drops that database and leaves the
 * target exactly as it was.
 */
import { AzaError, toAzaError } from '../errors.js';
import { onInterrupt } from '../exec.js';
import { MeasureStream } from '../compress.js';
import { databaseInUse, Databases, dropDatabaseSync } from '../databases.js';
import { createRoleSql } from '../roles.js';
import type { TableRowCount } from '../manifest.js';
import type { ServerFacts } from '../pg.js';
import { totalRows, type RowCountDifference } from '../rowcounts.js';
import type { Reporter } from '../report.js';
import { backup } from '../backup/index.js';
import { execute, settingsFrom, type OperationDeps } from '../operation.js';
import { checkedLine } from './gather.js';
import { finishDeferred, inspectBackup, inspectOptions, type BackupInspection } from './inspect.js';
import { CopyRowCounter } from './copy-counts.js';
import { AfterLoadSessions, afterLoad, load, type Counted } from './load.js';
import { checkFullRead, ownDatabaseWarning, type RestorePlan } from './plan.js';
import { BeyondHeadError, ScanThrough } from './sql-scan.js';
import { cleanStagingLeftovers, commentOnDatabaseSql, stagingComment } from './leftovers.js';

export interface RestoreResult {
  plan: RestorePlan;
  database: string;
  mode: RestorePlan['mode'];
  tables: TableRowCount[];
  rows: number;
  durationSeconds: number;
  loadSeconds: number;
  previousDatabase?: string;
  backupBeforePath?: string;
  /** Roles the backup names that the server lacked, created before the load (create-roles). */
  rolesCreated: string[];
  /** Compared with the manifest (exact counts on both sides). */
  compared: boolean;
  differences: RowCountDifference[];
  server: ServerFacts;
  /** The backup as read in full. */
  inspection: BackupInspection;
}

export async function runRestore(plan: RestorePlan, deps: OperationDeps, reporter: Reporter): Promise<RestoreResult> {
  const t0 = performance.now();
  // One restore of a target at a time (gather took the lock); then what killed restores of it left goes.
  const lock = plan.lock;
  if (!lock) throw new AzaError('INTERNAL', `A restore of "${plan.database}" runs only holding its lock, which gather takes`);
  const dbs = new Databases(plan.maintenance, plan.maintenanceDatabase, plan.serverMajor);
  let backupBeforePath: string | undefined;
  let rolesCreated: string[] = [];
  let loadStart: number;
  let loaded: Loaded;
  try {
    await cleanStagingLeftovers(plan.database, dbs, plan.maintenance, reporter, plan.maintenanceDatabase);
    reporter.info(`Loading "${plan.loadInto}" with ${plan.loader.path} (${plan.loader.version})`);
    backupBeforePath = plan.backupBefore ? await backupFirst(plan, deps, reporter) : undefined;
    if (plan.createRoles.length) {
      rolesCreated = await reporter.step('Create the roles the backup names', () => createRoles(plan, dbs, reporter));
    }
    loadStart = performance.now();
    loaded =
      plan.mode === 'atomic' ? await restoreAtomic(plan, dbs, deps.env, reporter) : await restoreInPlace(plan, dbs, deps.env, reporter);
  } finally {
    await lock.release();
  }
  const { inspection, tables, differences, compared } = loaded;
  return {
    plan,
    database: plan.database,
    mode: plan.mode,
    server: plan.server,
    inspection,
    tables,
    rows: totalRows(tables),
    durationSeconds: (performance.now() - t0) / 1000,
    loadSeconds: (performance.now() - loadStart) / 1000,
    ...(plan.previous && plan.keepPrevious ? { previousDatabase: plan.previous } : {}),
    ...(backupBeforePath ? { backupBeforePath } : {}),
    rolesCreated,
    compared,
    differences,
  };
}

/** CREATE ROLE (NOLOGIN, no password) for each role the backup names that the server lacked; one made meanwhile by someone else is left alone. */
async function createRoles(plan: RestorePlan, dbs: Databases, reporter: Reporter): Promise<string[]> {
  const created: string[] = [];
  for (const role of plan.createRoles) {
    try {
      await dbs.exec(createRoleSql(role));
      created.push(role);
    } catch (e) {
      const err = toAzaError(e);
      if (/already exists/.test(err.message)) continue;
      throw new AzaError(
        'ROLES_MISSING',
        `Could not create the role "${role}" that the backup names: ${err.message}`,
        'Connect as a role with CREATEROLE (or a superuser), or create the roles yourself: they are listed in the manifest under "roles".',
        { cause: err },
      );
    }
  }
  if (created.length)
    reporter.info(
      `Created ${created.length} role${created.length > 1 ? 's' : ''} the backup names (NOLOGIN, no password): ${created.map((r) => `"${r}"`).join(', ')}`,
    );
  return created;
}

/** The backup operation itself, at its defaults, on the restore's connection (its consent is ours). */
async function backupFirst(plan: RestorePlan, deps: OperationDeps, reporter: Reporter): Promise<string> {
  const raw = { database: plan.database, output: plan.backupBefore!.path, 'output-dir': plan.backupDir };
  const b = await execute(
    backup,
    {
      ...settingsFrom(backup, raw, deps.env, plan.backupDir),
      connection: { ...plan.connection, database: plan.database },
      ...(plan.pgBinDir ? { pgBinDir: plan.pgBinDir } : {}),
    },
    deps,
    reporter,
  );
  reporter.info(`Backup of "${plan.database}" before the restore: ${b.path}`);
  return b.path;
}

type Loaded = Counted & { inspection: BackupInspection };

async function restoreAtomic(plan: RestorePlan, dbs: Databases, env: NodeJS.ProcessEnv, reporter: Reporter): Promise<Loaded> {
  const staging = plan.staging!;
  await reporter.step(`Create the staging database "${staging}"`, () => createLoadDatabase(plan, dbs, reporter));
  const removeOnInterrupt = onInterrupt(() =>
    dropDatabaseSync(plan.psqlPath, plan.connection, env, plan.maintenanceDatabase, staging, plan.serverMajor),
  );
  // The backup's own faults, found by the full read during the load: said as before a load.
  let rejected: AzaError | undefined;
  let loaded: Loaded;
  const copies = { counter: new CopyRowCounter() };
  const sessions = new AfterLoadSessions(plan, env);
  try {
    try {
      const inspection = await reporter.step(`Restore into "${staging}"`, async () => {
        sessions.openAhead();
        if (!plan.deferred) {
          await load(plan, plan.backup, env, reporter, undefined, copies.counter);
          return plan.backup;
        }
        const read = await loadChecked(plan, dbs, env, reporter, copies, sessions);
        if (!read.ok) throw (rejected = read.error);
        return read.inspection;
      });
      const copied = copies.counter.result();
      loaded = { inspection, ...(await reporter.step('ANALYZE and count rows', () => afterLoad(plan, sessions, reporter, copied))) };
    } finally {
      // Before the rename, or the drop of the staging database: none may stay connected to it.
      await sessions.close();
    }
    await reporter.step(
      plan.targetExists ? `Swap "${staging}" in as "${plan.database}"` : `Rename "${staging}" to "${plan.database}"`,
      () => swapIn(plan, dbs, reporter),
    );
  } catch (e) {
    await dbs
      .drop(staging, true)
      .catch((d) => reporter.warn(`Could not drop the staging database "${staging}": ${toAzaError(d).message}; drop it by hand.`));
    if (e === rejected) throw e;
    throw failure(e, `database "${plan.database}" is unchanged (the staging database was dropped)`);
  } finally {
    removeOnInterrupt();
  }
  await finishDatabase(plan, dbs, reporter);
  if (plan.previous && !plan.keepPrevious) {
    await reporter.step(`Drop the previous database "${plan.previous}"`, async () => {
      if (plan.targetIsTemplate) await dbs.unsetTemplate(plan.previous!);
      await dbs.drop(plan.previous!, true);
    });
  }
  return loaded;
}

async function restoreInPlace(plan: RestorePlan, dbs: Databases, env: NodeJS.ProcessEnv, reporter: Reporter): Promise<Loaded> {
  if (plan.dropTarget) {
    await reporter.step(`Drop "${plan.database}"`, async () => {
      if (plan.terminateConnections) await dbs.terminateSessions(plan.database, terminated(reporter, plan.database));
      if (plan.targetIsTemplate) await dbs.unsetTemplate(plan.database);
      await dbs.drop(plan.database, plan.terminateConnections);
    });
  }
  if (plan.createSql) await reporter.step(`Create "${plan.database}"`, () => createLoadDatabase(plan, dbs, reporter));
  const state =
    plan.mode === 'replace' || !plan.targetExists
      ? `database "${plan.database}" is left partly restored; restore again, or from the backup taken before`
      : `the transaction was rolled back: database "${plan.database}" is as it was`;
  const counter = new CopyRowCounter();
  const sessions = new AfterLoadSessions(plan, env);
  try {
    await reporter.step(`Restore into "${plan.database}"`, () => {
      sessions.openAhead();
      return load(plan, plan.backup, env, reporter, undefined, counter);
    });
    const counted = await reporter.step('ANALYZE and count rows', () => afterLoad(plan, sessions, reporter, counter.result()));
    await finishDatabase(plan, dbs, reporter);
    return { inspection: plan.backup, ...counted };
  } catch (e) {
    throw failure(e, state);
  } finally {
    await sessions.close();
  }
}

async function createLoadDatabase(plan: RestorePlan, dbs: Databases, reporter: Reporter): Promise<void> {
  // A staging database says who loads it: a later run tells a killed run's leftover by it.
  const marker = plan.loadInto === plan.staging ? [commentOnDatabaseSql(plan.loadInto, stagingComment(plan.database))] : [];
  await dbs.create(plan.createSql!, [...marker, ...plan.copySettingsSql], (sql, e) =>
    reporter.warn(`Could not copy a setting of "${plan.database}" to the new database (${sql}): ${e.message}`),
  );
}

/** The old target's ALLOW_CONNECTIONS false and IS_TEMPLATE, on the restored database once loaded and named. */
async function finishDatabase(plan: RestorePlan, dbs: Databases, reporter: Reporter): Promise<void> {
  for (const sql of plan.finishSql) {
    await dbs
      .exec(sql)
      .catch((e) =>
        reporter.warn(`Could not copy a property of the old "${plan.database}" to the restored one (${sql}): ${toAzaError(e).message}`),
      );
  }
}

function terminated(reporter: Reporter, name: string): (n: number) => void {
  return (n) => reporter.info(`Terminated ${n} session${n > 1 ? 's' : ''} on "${name}"`);
}

/** The staging database takes the target's name; the target, when it exists, the previous name. */
async function swapIn(plan: RestorePlan, dbs: Databases, reporter: Reporter): Promise<void> {
  const { staging, previous, database } = plan;
  if (!plan.targetExists) return dbs.rename(staging!, database);
  let blocked = false;
  try {
    if (plan.terminateConnections) {
      blocked = true;
      await dbs.terminateSessions(database, terminated(reporter, database));
    } else {
      const n = await dbs.otherSessions(database);
      if (n > 0) throw databaseInUse(database, n);
    }
    await dbs.swap(database, previous!, staging!);
  } catch (e) {
    if (blocked && plan.targetAllowsConnections) await dbs.allowConnections(database, true).catch(() => {});
    throw e;
  }
  // The old database as it was: connections allowed again unless it refused them before.
  if (blocked && plan.targetAllowsConnections) await dbs.allowConnections(previous!, true).catch(() => {});
}

/** A restore that failed once it had begun: the cause, then what became of the target. */
export class RestoreFailed extends AzaError {
  constructor(
    readonly reason: AzaError,
    readonly state: string,
  ) {
    super(reason.code, `${reason.message.replace(/[.;]?\s*$/, '')}; ${state}`, reason.hint, { cause: reason });
  }
}

function failure(e: unknown, state: string): AzaError {
  return new RestoreFailed(toAzaError(e), state);
}

/** A full read of the backup: what it is, or what is wrong with it. */
type FullRead = { ok: true; inspection: BackupInspection } | { ok: false; error: AzaError };

async function fullRead(fn: () => Promise<BackupInspection> | BackupInspection): Promise<FullRead> {
  try {
    return { ok: true, inspection: await fn() };
  } catch (e) {
    return { ok: false, error: toAzaError(e) };
  }
}

/**
 * The load of a backup whose head only was read: the one read of the file feeds the sha256, the
 * scan of the whole SQL and the loader; after the loader finished, the checks of a full read. On
 * any failure a full read of its own decides what is wrong (a damaged file is reported as such,
 * not as the SQL error it caused). A line the head did not show (see RestorePlan.deferred) stops
 * the load before the loader sees it: the staging database is made again and loaded, as planned,
 * from the full read.
 */
async function loadChecked(
  plan: RestorePlan,
  dbs: Databases,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
  copies: { counter: CopyRowCounter },
  sessions: AfterLoadSessions,
): Promise<FullRead> {
  const head = plan.backup;
  const measure = new MeasureStream((n) => reporter.progress(n));
  const scan = new ScanThrough(head.deferred!.head);
  try {
    await load(plan, head, env, reporter, { measure, scan }, copies.counter);
  } catch (e) {
    const full = await fullRead(async () => {
      const i = await inspectBackup(head.path, { ...inspectOptions(plan, env), ...(head.remote ? { remote: head.remote } : {}) });
      checkFullRead(plan, i);
      return i;
    });
    if (!full.ok || !(e instanceof BeyondHeadError)) {
      if (full.ok) throw e;
      return full;
    }
    const own = full.inspection.ownDatabase;
    if (own && own.name !== head.ownDatabase?.name) reporter.warn(ownDatabaseWarning(own.name, plan.database));
    await sessions.close();
    await dbs.drop(plan.loadInto, true);
    await createLoadDatabase(plan, dbs, reporter);
    sessions.openAhead();
    // Counted again from the start: the first load's counts went with its database.
    copies.counter = new CopyRowCounter();
    await load(plan, full.inspection, env, reporter, undefined, copies.counter);
    return full;
  }
  const full = await fullRead(() => finishDeferred(head, measure.sha256(), scan.scanner.finish()));
  if (full.ok) reporter.info(checkedLine(full.inspection));
  return full;
}
