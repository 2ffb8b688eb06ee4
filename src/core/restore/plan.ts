/**
 * planRestore decides everything a restore will do from settings and facts: which database the
 * data goes into, the names of the staging and previous databases, the loader and its arguments,
 * the SQL that creates the new database like the old one, and every refusal. Pure: printing a
 * plan is how --dry-run works, and the unit tests run it without processes.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AzaError } from '../errors.js';
import { shellWord } from '../exec.js';
import { safeFileComponent } from '../fs.js';
import { copySettingsSql, createDatabaseSql, finishDatabaseSql, type DatabaseFacts } from '../databases.js';
import { quoteIdent, quoteLiteral, type Connection, type ServerFacts, type SqlClient } from '../pg.js';
import { chooseTool, type ToolCandidate } from '../pg-tools.js';
import type { RowCountMode } from '../manifest.js';
import type { VerifyKey } from '../signing.js';
import type { ServerLock } from '../server-lock.js';
import { majorOf, psqlKnowsRestrict, type BackupInspection } from './inspect.js';
import { privilegeLoss, type TargetPrivileges } from './privileges.js';
import type { RestoreMode, RestoreSettings } from './settings.js';
import type { BucketSource } from './bucket-source.js';

/** The target database as it is now (what a new database made to replace it copies). */
export type TargetFacts = DatabaseFacts;

export interface RestoreFacts {
  now: Date;
  backup: BackupInspection;
  server: ServerFacts;
  target: TargetFacts;
  /** Every database name on the server (to avoid collisions). */
  databases: string[];
  psqlCandidates: ToolCandidate[];
  pgRestoreCandidates: ToolCandidate[];
  /** ISA-L's igzip, where installed: it inflates a gzip dump (see gzip-tool.ts). */
  igzip?: string;
  availableExtensions: string[];
  /** The target's owners and grants (undefined: no target, or it could not be read; see targetPrivilegesUnread). */
  targetPrivileges?: TargetPrivileges;
  /** Why the target's owners and grants could not be read. */
  targetPrivilegesUnread?: string;
  /** Every role on the server (to find the manifest's roles it lacks). */
  roles: string[];
  /** The connecting role may CREATE DATABASE (superuser or CREATEDB). */
  canCreateDatabase: boolean;
  superuser: boolean;
  cores: number;
  /** The newest psql found: it holds the sessions and runs the one-off queries. */
  psqlPath: string;
  /** The maintenance database's session, opened by gather, closed before a prompt and at the end. */
  maintenance: SqlClient & { close(): Promise<void> };
  /** The target's lock (see server-lock.ts), held from gather until the run ends; none in a dry run. */
  lock?: ServerLock;
  /** The backup's bucket (an s3:// backup opened by this restore), closed at the end. */
  bucket?: BucketSource;
}

export type Loader =
  | {
      kind: 'psql';
      path: string;
      version: string;
      args: string[];
      decompress: 'gzip' | 'zstd' | 'none';
      /** The igzip that inflates a gzip dump, where installed (else zlib in this process). */
      igzip?: string;
      /** Every line judged on its way to psql (see GuardedLoad), psql restricted when it knows \restrict; absent with --trust-backup. */
      guard?: { restrict: boolean };
      /** The script runs in one transaction that only the end of the whole backup commits (see OneTransaction). */
      oneTransaction?: boolean;
      /** Sessions that share out the COPY data besides psql's (see copy-lanes.ts); 1: psql's session loads it all. */
      copySessions: number;
    }
  | { kind: 'pg_restore'; path: string; version: string; args: string[]; jobs: number };

/** The default COPY sessions of a plain script, at most (see copy-lanes.ts). */
export const SCRIPT_COPY_SESSIONS = 2;

export interface RestorePlan {
  backup: BackupInspection;
  database: string;
  mode: RestoreMode;
  /** Where CREATE/DROP/ALTER DATABASE run from. */
  maintenanceDatabase: string;
  /** The database the data is loaded into: the staging database in atomic mode. */
  loadInto: string;
  targetExists: boolean;
  /** atomic: the staging database, renamed to the target on success. */
  staging?: string;
  /** atomic over an existing target: the name the old database gets. */
  previous?: string;
  keepPrevious: boolean;
  /** CREATE DATABASE for loadInto (absent: the data goes into an existing database). */
  createSql?: string;
  /** Statements on loadInto's settings and privileges, copied from the old target. */
  copySettingsSql: string[];
  /** Statements on the restored database once it has the target's name (ALLOW_CONNECTIONS false, IS_TEMPLATE), copied from the old target. */
  finishSql: string[];
  /** The target is a template database: it must stop being one before it can be dropped. */
  targetIsTemplate: boolean;
  /** The target allowed connections (terminating sessions blocks them for the swap; they are allowed again only then). */
  targetAllowsConnections: boolean;
  /** Roles the manifest names that the server lacks, created (NOLOGIN, no password) before the load: create-roles. */
  createRoles: string[];
  /** replace: the target is dropped first. */
  dropTarget: boolean;
  /** Other sessions must go for a swap or a drop: terminate them (true) or refuse (false). */
  terminateConnections: boolean;
  needsExclusiveTarget: boolean;
  loader: Loader;
  rowCounts: RowCountMode;
  /** The manifest has exact counts and we count exactly: compare. */
  compareRowCounts: boolean;
  backupBefore?: { path: string };
  serverMajor: number;
  warnings: string[];
  /** Print the plan and stop. */
  dryRun: boolean;
  /** Consent given already (--yes, the action's confirm); otherwise a face asks. */
  confirmed: boolean;
  connection: Connection;
  server: ServerFacts;
  psqlPath: string;
  maintenance: SqlClient;
  lock?: ServerLock;
  /** No connection limit can refuse the load for the sessions started with it (see AfterLoadSessions). */
  sessionsAhead: boolean;
  pgBinDir?: string;
  requireManifest: boolean;
  /** Where the backup-before file goes. */
  backupDir: string;
  /** What the backup is trusted with (a full read during the load checks the same). */
  trustBackup?: boolean;
  verifyKeys?: VerifyKey[];
  /**
   * The backup's head only was read (see gather): the rest is read during the load. What the rest
   * may still add is decided now: an extension must be among these, a \restrict line needs a psql
   * that knows it (chosen so where one is installed), a statement on the script's own database is
   * filtered like one in the head. Such a line stops the load before the loader sees it; the file
   * is then read in full, checked against this plan (checkFullRead) and loaded again into a new
   * staging database.
   */
  deferred?: { availableExtensions: string[]; loaderKnowsRestrict: boolean; psqlFound: string };
}

/** PostgreSQL cuts identifiers at 63 bytes: names we make must fit, without two targets colliding. */
export const MAX_IDENTIFIER_BYTES = 63;

export function restoreStamp(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}_${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
}

/** `base` + `suffix` within 63 bytes; a base cut short gets a short hash of its full name. */
export function derivedName(base: string, suffix: string): string {
  if (Buffer.byteLength(base + suffix) <= MAX_IDENTIFIER_BYTES) return base + suffix;
  const hash = `_${createHash('sha256').update(base).digest('hex').slice(0, 6)}`;
  const room = MAX_IDENTIFIER_BYTES - Buffer.byteLength(suffix + hash);
  let cut = '';
  for (const ch of base) {
    if (Buffer.byteLength(cut + ch) > room) break;
    cut += ch;
  }
  return cut + hash + suffix;
}

export function previousName(target: string, at: Date): string {
  return derivedName(target, `_before_restore_${restoreStamp(at)}`);
}

/** What every stagingName() ends with, as a POSIX regular expression (SQL ~ and JavaScript alike): status finds leftovers by it. */
export const STAGING_NAME_REGEX = '_restoring_[0-9]{8}_[0-9]{6}$';

export function stagingName(target: string, at: Date): string {
  return derivedName(target, `_restoring_${restoreStamp(at)}`);
}

/** Where CREATE/DROP/ALTER DATABASE run from: postgres, or template1 when the target is postgres. */
export function maintenanceDatabaseFor(settings: Pick<RestoreSettings, 'database' | 'maintenanceDatabase'>): string {
  return settings.maintenanceDatabase ?? (settings.database === 'postgres' ? 'template1' : 'postgres');
}

function psqlList(candidates: readonly ToolCandidate[]): string {
  return candidates.map((c) => `${c.path} (${c.version})`).join(', ') || 'none';
}

function restrictError(dumpedBy: string | undefined, found: string): AzaError {
  return new AzaError(
    'TOOL_TOO_OLD',
    `The dump was written by pg_dump ${dumpedBy ?? '(a recent version)'} and uses \\restrict, which this psql does not understand: ${found}`,
    'psql learned \\restrict in 13.22, 14.19, 15.14, 16.10, 17.6 and 18. Update the PostgreSQL client tools (apt-get install --only-upgrade postgresql-client-N) or point --pg-bin-dir at newer ones.',
  );
}

function missingExtensions(missing: readonly string[], where: string, serverMajor: number): AzaError {
  return new AzaError(
    'EXTENSION_MISSING',
    `The dump needs extension${missing.length > 1 ? 's' : ''} ${missing.map((e) => `"${e}"`).join(', ')}, which the server at ${where} does not have; nothing was restored`,
    `Install ${missing.length > 1 ? 'them' : 'it'} on the server first (e.g. the postgresql-${serverMajor}-<name> or postgresql-contrib package; SELECT * FROM pg_available_extensions lists what it has), or restore into a server that has ${missing.length > 1 ? 'them' : 'it'}.`,
  );
}

/** The warning of a script that makes its own database, whose objects go into the target instead. */
export function ownDatabaseWarning(own: string, database: string): string {
  return `The script creates and connects to its own database "${own}"; its objects go into "${database}" instead (its CREATE/DROP/ALTER DATABASE and \\connect lines are skipped; database "${own}" is not touched).`;
}

/**
 * A deferred plan against the backup read in full: throws what planRestore would have thrown on
 * these facts (an extension the server lacks, \restrict for a psql that does not know it).
 */
export function checkFullRead(plan: RestorePlan, full: BackupInspection): void {
  if (!plan.deferred) return;
  const where = `${plan.connection.host}:${plan.connection.port}`;
  const missing = full.extensions.filter((e) => !plan.deferred!.availableExtensions.includes(e));
  if (missing.length) throw missingExtensions(missing, where, plan.serverMajor);
  if (full.usesRestrict && plan.loader.kind === 'psql' && !plan.deferred.loaderKnowsRestrict)
    throw restrictError(full.dumpedBy, plan.deferred.psqlFound);
}

function choosePsql(facts: RestoreFacts): ToolCandidate {
  const serverMajor = facts.server.major;
  const usable = facts.psqlCandidates.filter((c) => c.major >= serverMajor);
  const needRestrict = facts.backup.usesRestrict;
  const knowing = usable.filter((c) => psqlKnowsRestrict(c.version));
  // A head-only read may meet \restrict later: a psql that knows it, where one is installed.
  const ok = needRestrict || (facts.backup.deferred && knowing.length > 0) ? knowing : usable;
  const chosen = chooseTool(ok, serverMajor);
  if (chosen) return chosen;
  const list = psqlList(facts.psqlCandidates);
  if (needRestrict && usable.length > 0) throw restrictError(facts.backup.dumpedBy, list);
  throw new AzaError(
    'TOOL_TOO_OLD',
    `The server runs PostgreSQL ${serverMajor}, but no psql of that major or newer was found: ${list}`,
    `Install postgresql-client-${serverMajor} (or newer) and, if it is not on PATH, pass its directory with --pg-bin-dir (input pg-bin-dir).`,
  );
}

function choosePgRestore(facts: RestoreFacts): ToolCandidate {
  const need = Math.max(facts.server.major, majorOf(facts.backup.dumpedBy) ?? 0);
  const chosen = chooseTool(
    facts.pgRestoreCandidates.filter((c) => c.major >= need),
    need,
  );
  if (chosen) return chosen;
  const list = facts.pgRestoreCandidates.map((c) => `${c.path} (${c.version})`).join(', ') || 'none';
  throw new AzaError(
    'TOOL_TOO_OLD',
    `A pg_restore of PostgreSQL ${need} or newer is needed (server ${facts.server.version}${facts.backup.dumpedBy ? `, archive written by pg_dump ${facts.backup.dumpedBy}` : ''}); found: ${list}`,
    `Install postgresql-client-${need} (or newer) and pass its directory with --pg-bin-dir if it is not on PATH.`,
  );
}

export function planRestore(settings: RestoreSettings, facts: RestoreFacts): RestorePlan {
  const { backup, target } = facts;
  const database = settings.database;
  const mode = settings.mode;
  const warnings: string[] = [...backup.warnings];
  const where = `${settings.connection.host}:${settings.connection.port}`;
  const maintenanceDatabase = maintenanceDatabaseFor(settings);
  if (maintenanceDatabase === database && mode !== 'into-existing') {
    throw new AzaError(
      'INVALID_INPUT',
      `The maintenance database cannot be the target ("${database}") in mode ${mode}`,
      'Choose another --maintenance-database (e.g. template1), or use mode into-existing.',
    );
  }

  if (!target.exists && !settings.create) {
    const { host, user } = settings.connection;
    throw new AzaError(
      'DATABASE_NOT_FOUND',
      `Database "${database}" does not exist on ${where}; nothing was restored`,
      `Create database before restore: ${['createdb', '-h', host, '-U', user, database].map(shellWord).join(' ')}  (or: ${['psql', '-h', host, '-U', user, '-c', `CREATE DATABASE ${quoteIdent(database)};`].map(shellWord).join(' ')}), or pass --create (input create: true).`,
    );
  }

  if (facts.targetPrivileges && !settings.acceptPrivilegeLoss) {
    const loss = privilegeLoss(database, facts.targetPrivileges, backup, settings);
    if (loss) throw loss;
  }

  const missing = backup.extensions.filter((e) => !facts.availableExtensions.includes(e));
  if (missing.length) throw missingExtensions(missing, where, facts.server.major);

  const dumpMajor = majorOf(backup.dumpedFrom);
  if (dumpMajor !== undefined && dumpMajor > facts.server.major) {
    warnings.push(
      `The dump comes from PostgreSQL ${backup.dumpedFrom}, newer than the target server (${facts.server.version}); statements only newer servers know may fail.`,
    );
  }

  const needsNewDatabase = mode === 'atomic' || mode === 'replace' || !target.exists;
  if (needsNewDatabase && !facts.canCreateDatabase) {
    throw new AzaError(
      'PERMISSION_DENIED',
      `User "${settings.connection.user}" may not create databases, which mode ${mode}${target.exists ? '' : ' on a missing target'} needs; nothing was restored`,
      `Grant it (ALTER ROLE ${quoteIdent(settings.connection.user)} CREATEDB), run as a superuser, or restore into the existing database with mode into-existing (Permission denied: ensure the user has CREATE privileges: GRANT ALL ON DATABASE ${quoteIdent(database)} TO your_user;).`,
    );
  }

  const needsExclusiveTarget = target.exists && (mode === 'atomic' || mode === 'replace');
  if (needsExclusiveTarget && target.sessions > 0 && !settings.terminateConnections) {
    throw new AzaError(
      'TARGET_IN_USE',
      `Database "${database}" has ${target.sessions} other open session${target.sessions > 1 ? 's' : ''}; mode ${mode} needs it to itself for the ${mode === 'atomic' ? 'swap' : 'drop'}; nothing was restored`,
      `Stop the applications using it (SELECT pid, usename, application_name FROM pg_stat_activity WHERE datname = ${quoteLiteral(database)}), or pass --terminate-connections (input terminate-connections: true) to end them.`,
    );
  }
  if (needsExclusiveTarget && settings.terminateConnections && !facts.superuser && target.owner !== settings.connection.user) {
    warnings.push(
      'Terminating other sessions needs superuser, pg_signal_backend or the same role; sessions of other roles may survive and make the swap fail.',
    );
  }

  let staging: string | undefined;
  let previous: string | undefined;
  let loadInto = database;
  if (mode === 'atomic') {
    // A staging name taken in this second is a killed restore's leftover (a running restore of
    // the target would hold its lock): take the next free second; the run drops the leftover.
    for (let s = 0; s < 60 && (staging === undefined || facts.databases.includes(staging)); s++) {
      staging = stagingName(database, new Date(facts.now.getTime() + s * 1000));
    }
    if (target.exists) previous = previousName(database, facts.now);
    for (const n of [staging, previous]) {
      if (n && facts.databases.includes(n)) {
        throw new AzaError(
          'NAME_TAKEN',
          `Database "${n}" already exists; the restore needs that name`,
          'Another restore runs or ran in the same second. Wait a second and retry, or drop the leftover database.',
        );
      }
    }
    loadInto = staging!;
  }

  const setOwner = target.exists && !!target.owner && (facts.superuser || target.owner === settings.connection.user);
  if (target.exists && target.owner && !setOwner && mode !== 'into-existing') {
    warnings.push(
      `The new database will be owned by "${settings.connection.user}", not by "${target.owner}" (only a superuser or that role can give it to "${target.owner}").`,
    );
  }
  const createSql = needsNewDatabase ? createDatabaseSql(loadInto, target, { serverMajor: facts.server.major, setOwner }) : undefined;
  const copySql = needsNewDatabase ? copySettingsSql(loadInto, target) : [];
  const finishSql = needsNewDatabase ? finishDatabaseSql(settings.database, target) : [];

  let loader: Loader;
  if (backup.format === 'plain') {
    const psql = choosePsql(facts);
    const args = ['-X', '-q', '--no-password', '-v', 'ON_ERROR_STOP=1', '-f', '-'];
    const compression = backup.compression === 'archive' ? 'none' : backup.compression;
    loader = { kind: 'psql', path: psql.path, version: psql.version, args, decompress: compression, copySessions: 1 };
    if (compression === 'gzip' && facts.igzip) loader.igzip = facts.igzip;
    // Into an existing database, one transaction: a failure rolls everything back.
    if (mode === 'into-existing' && target.exists) loader.oneTransaction = true;
    // COPY data in parallel sessions needs the guard (it finds the COPY statements), a load that
    // is not one transaction (sessions cannot share one), and pg_dump's script: pg_dump makes
    // foreign keys and triggers after the data, so no row of a table is checked against another
    // row that a second session may not have written yet.
    // By default at most SCRIPT_COPY_SESSIONS: each session that gets data costs this process about
    // 1.5 MiB (issue 16's memory goal holds on any machine); --jobs asks for more.
    const jobs = settings.jobs ?? settings.scriptJobs ?? Math.min(SCRIPT_COPY_SESSIONS, Math.max(1, facts.cores));
    const oneSession = settings.trustBackup
      ? 'trust-backup: the script goes to psql as it is, in one session: one job.'
      : loader.oneTransaction
        ? 'Into an existing database the script runs as one transaction, in one session: one job.'
        : !backup.dumpedBy
          ? 'The script has no "Dumped by pg_dump" header: its COPY data loads in psql\'s session, in its order (a script of another origin may check rows against rows made before them).'
          : undefined;
    if (!oneSession) loader.copySessions = jobs;
    else if (settings.jobs !== undefined && settings.jobs > 1) warnings.push(oneSession);
    if (!settings.trustBackup) {
      loader.guard = { restrict: psqlKnowsRestrict(psql.version) };
      if (!loader.guard.restrict)
        warnings.push(
          `psql ${psql.version} cannot run the script in restricted mode (\\restrict is new in 13.22, 14.19, 15.14, 16.10, 17.6, 18): only the line-by-line check keeps psql meta-commands out. Update the PostgreSQL client tools.`,
        );
    } else
      warnings.push('trust-backup: the script is loaded as it is; psql meta-commands, COPY … PROGRAM and server-file functions in it run.');
    if (backup.ownDatabase) warnings.push(ownDatabaseWarning(backup.ownDatabase.name, database));
    if (settings.keepOwners || settings.keepPrivileges)
      warnings.push('keep-owners and keep-privileges apply to archives; a plain script restores whatever it contains.');
  } else {
    const pgRestore = choosePgRestore(facts);
    const intoExisting = mode === 'into-existing' && target.exists;
    let jobs = settings.jobs ?? Math.max(1, facts.cores);
    if (backup.format === 'tar' || intoExisting) jobs = 1;
    if (settings.jobs !== undefined && settings.jobs > 1 && jobs === 1) {
      warnings.push(
        backup.format === 'tar'
          ? 'pg_restore runs tar archives with one job.'
          : 'Into an existing database the restore runs as one transaction, which pg_restore cannot parallelize: one job.',
      );
    }
    const args = ['--no-password', '--exit-on-error', '--dbname='];
    if (!settings.keepOwners) args.push('--no-owner');
    if (!settings.keepPrivileges) args.push('--no-acl');
    if (intoExisting) args.push('--clean', '--if-exists', '--single-transaction');
    if (jobs > 1) args.push(`--jobs=${jobs}`);
    args.push(backup.path);
    loader = { kind: 'pg_restore', path: pgRestore.path, version: pgRestore.version, args, jobs };
  }

  if (facts.targetPrivilegesUnread)
    warnings.push(
      `Could not read the owners and grants of "${database}" (${facts.targetPrivilegesUnread}): a restore without them would not be noticed.`,
    );
  const serverRoles = new Set(facts.roles);
  const missingRoles = (backup.manifest?.roles ?? []).filter((r) => !serverRoles.has(r));
  if (missingRoles.length && !settings.createRoles)
    warnings.push(
      `The backup names ${missingRoles.length === 1 ? 'a role' : 'roles'} this server lacks (${missingRoles.map((r) => quoteIdent(r)).join(', ')}): statements naming ${missingRoles.length === 1 ? 'it' : 'them'} (policies, owners, grants) fail. Create ${missingRoles.length === 1 ? 'it' : 'them'}, or pass --create-roles (input create-roles: true).`,
    );

  const manifestExact = backup.manifest?.rowCounts === 'exact';
  const compareRowCounts = manifestExact && settings.rowCounts === 'exact';
  if (backup.manifest && !manifestExact)
    warnings.push(`The manifest has ${backup.manifest.rowCounts} row counts; the restored rows cannot be compared exactly.`);
  if (manifestExact && settings.rowCounts !== 'exact')
    warnings.push(`Row counts ${settings.rowCounts}: the restored rows are not compared with the manifest.`);

  const backupBefore =
    settings.backupBefore && target.exists
      ? { path: join(settings.backupDir, `pre_restore_${safeFileComponent(database)}_${restoreStamp(facts.now)}.sql.gz`) }
      : undefined;
  if (settings.backupBefore && !target.exists)
    warnings.push(`backup-before: "${database}" does not exist yet, there is nothing to back up.`);

  return {
    backup,
    database,
    mode,
    maintenanceDatabase,
    loadInto,
    targetExists: target.exists,
    ...(staging ? { staging } : {}),
    ...(previous ? { previous } : {}),
    keepPrevious: mode === 'atomic' ? settings.keepPrevious : false,
    ...(createSql ? { createSql } : {}),
    copySettingsSql: copySql,
    createRoles: settings.createRoles ? missingRoles : [],
    finishSql,
    targetIsTemplate: target.exists && !!target.isTemplate,
    targetAllowsConnections: target.allowConnections !== false,
    dropTarget: mode === 'replace' && target.exists,
    terminateConnections: settings.terminateConnections,
    needsExclusiveTarget,
    loader,
    rowCounts: settings.rowCounts,
    compareRowCounts,
    ...(backupBefore ? { backupBefore } : {}),
    serverMajor: facts.server.major,
    warnings,
    dryRun: settings.dryRun,
    confirmed: settings.confirmed,
    connection: settings.connection,
    server: facts.server,
    psqlPath: facts.psqlPath,
    maintenance: facts.maintenance,
    ...(facts.lock ? { lock: facts.lock } : {}),
    sessionsAhead: facts.superuser || !facts.target.exists || (facts.target.connectionLimit ?? -1) < 0,
    ...(settings.pgBinDir ? { pgBinDir: settings.pgBinDir } : {}),
    requireManifest: settings.requireManifest,
    backupDir: settings.backupDir,
    ...(settings.trustBackup ? { trustBackup: true } : {}),
    ...(settings.verifyKeys ? { verifyKeys: settings.verifyKeys } : {}),
    ...(backup.deferred
      ? {
          deferred: {
            availableExtensions: facts.availableExtensions,
            loaderKnowsRestrict: loader.kind === 'psql' && psqlKnowsRestrict(loader.version),
            psqlFound: psqlList(facts.psqlCandidates),
          },
        }
      : {}),
  };
}
