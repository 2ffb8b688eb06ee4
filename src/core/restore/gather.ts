/**
 * What a restore learns before it plans, reading only: the backup (see inspect.ts), the client
 * tools, the server, the target database and the role. One psql session on the maintenance
 * database asks the questions here and, later, runs the CREATE / RENAME / DROP DATABASE.
 */
import { availableParallelism } from 'node:os';
import { commandNotFound } from '../exec.js';
import type { OperationDeps } from '../operation.js';
import { describeConnection, probeServer, psqlClient, PsqlSession, quoteLiteral, utf8Env } from '../pg.js';
import { toAzaError } from '../errors.js';
import { parseTargetPrivileges, TARGET_PRIVILEGES_SQL, type TargetPrivileges } from './privileges.js';
import { discoverTool } from '../pg-tools.js';
import { formatBytes, type Reporter } from '../report.js';
import { inspectBackup, inspectOptions, type BackupInspection } from './inspect.js';
import { inspectBucketBackup, openBucketBackup, type BucketSource } from './bucket-source.js';
import { maintenanceDatabaseFor, type RestoreFacts, type TargetFacts } from './plan.js';
import type { RestoreSettings } from './settings.js';
import { findIgzip } from '../gzip-tool.js';
import { holdServerLock } from '../server-lock.js';

/** The target's facts: one row from the maintenance database. */
export function targetFactsSql(database: string, serverMajor: number): string {
  const provider = serverMajor >= 15 ? 'd.datlocprovider::text' : "'c'";
  const icu = serverMajor >= 17 ? 'd.datlocale' : serverMajor >= 15 ? 'd.daticulocale' : 'NULL::text';
  return `SELECT pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, ${provider}, coalesce(${icu}, ''),
  d.datallowconn::text, d.datconnlimit, coalesce(d.datacl::text, ''),
  (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid AND a.pid <> pg_backend_pid()),
  (SELECT t.spcname FROM pg_tablespace t WHERE t.oid = d.dattablespace), d.datistemplate::text,
  coalesce(shobj_description(d.oid, 'pg_database'), ''),
  coalesce((SELECT json_agg(json_build_object('provider', l.provider, 'label', l.label) ORDER BY l.provider)
              FROM pg_shseclabel l WHERE l.objoid = d.oid AND l.classoid = 'pg_database'::regclass), '[]')
FROM pg_database d WHERE d.datname = ${quoteLiteral(database)}`;
}

/** The target's per-database settings (ALTER DATABASE / ALTER ROLE … IN DATABASE … SET). */
export function targetSettingsSql(database: string): string {
  return `SELECT CASE WHEN s.setrole = 0 THEN '' ELSE pg_get_userbyid(s.setrole) END, unnest(s.setconfig)
FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = ${quoteLiteral(database)}`;
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
    tablespace: r[10]!,
    isTemplate: r[11] === 'true',
    comment: r[12] || null,
    securityLabels: JSON.parse(r[13] || '[]') as Array<{ provider: string; label: string }>,
  };
}

/** One line on a backup read in full. */
export function checkedLine(i: BackupInspection): string {
  return `${i.format}${i.format === 'plain' ? ` (${i.compression})` : ''}, ${formatBytes(i.sizeBytes)}${i.uncompressedBytes ? ` (${formatBytes(i.uncompressedBytes)} of SQL)` : ''}, sha256 ${i.sha256}${i.manifest ? ', matches its manifest' : ''}${i.dumpedBy ? `; written by pg_dump ${i.dumpedBy}` : ''}`;
}

/**
 * The backup first, then the server, the tools and the target. The backup is read in full here,
 * except where a restore cannot hurt what it has not finished checking: an atomic restore of a
 * plain gzip or SQL file, agreed to already (--yes / confirm), without a backup of the target
 * first, reads the head here (format, text, pg_dump's header, manifest size, what the plan needs)
 * and the rest once, during the load into the new staging database (see run.ts). The target is
 * not touched until the swap, which waits for every check of the full read; any failure drops the
 * staging database. replace and into-existing change the target itself: the full read comes first.
 */
export async function gatherRestoreFacts(settings: RestoreSettings, deps: OperationDeps, reporter: Reporter): Promise<RestoreFacts> {
  const deferrable = settings.mode === 'atomic' && !settings.dryRun && settings.confirmed && !settings.backupBefore;
  const bucket = settings.inspected || !settings.store ? undefined : await openBucketBackup(settings.backup, settings.store, reporter);
  try {
    return await gatherWith(settings, deps, reporter, deferrable, bucket);
  } catch (e) {
    bucket?.close();
    throw e;
  }
}

async function gatherWith(
  settings: RestoreSettings,
  deps: OperationDeps,
  reporter: Reporter,
  deferrable: boolean,
  bucket: BucketSource | undefined,
): Promise<RestoreFacts> {
  const now = (deps.now ?? (() => new Date()))();
  const conn = settings.connection;
  const env = deps.env;
  const maintenanceDatabase = maintenanceDatabaseFor(settings);
  // psql's discovery (a --version per copy found) and the sessions' start (psql, the connection,
  // the first query) need nothing from the backup: they run meanwhile; their errors come after
  // the backup's own.
  const psqlDiscovery = discoverTool('psql', { binDir: settings.pgBinDir, env });
  const opening = psqlDiscovery.then((candidates) => {
    if (candidates.length === 0) return undefined;
    const newest = [...candidates].sort((a, b) => b.major - a.major)[0]!;
    const session = new PsqlSession(newest.path, conn, utf8Env(env), maintenanceDatabase, { reopen: true });
    const server = probeServer(session);
    server.catch(() => {});
    // The run's lock is held by a session of its own (see server-lock.ts): started here too. Not
    // reopened: a new psql would not hold the lock.
    const lock = settings.dryRun ? undefined : new PsqlSession(newest.path, conn, env, maintenanceDatabase);
    return { newest, session, server, lock };
  });
  opening.catch(() => {});
  const closeSessions = () =>
    void opening.then(
      (o) => [o?.session, o?.lock].forEach((x) => x?.kill()),
      () => {},
    );
  let backup: BackupInspection;
  try {
    backup =
      settings.inspected ??
      (await reporter.step(`Check the backup ${bucket?.backup.url ?? settings.backup}`, async () => {
        const opts = { ...inspectOptions(settings, env), deferFullRead: deferrable };
        const i = bucket ? await inspectBucketBackup(bucket, opts) : await inspectBackup(settings.backup, opts);
        reporter.info(
          i.deferred
            ? `${i.format} (${i.compression}), ${formatBytes(i.sizeBytes)}${i.dumpedBy ? `; written by pg_dump ${i.dumpedBy}` : ''}; read in full${i.manifest ? ' and checked against its manifest' : ''} while it loads into the staging database, before the swap`
            : checkedLine(i),
        );
        return i;
      }));
  } catch (e) {
    closeSessions();
    throw e;
  }

  return reporter.step(`Connect to ${describeConnection({ ...conn, database: maintenanceDatabase })}`, async () => {
    const psqlCandidates = await psqlDiscovery;
    const opened = await opening;
    if (!opened) throw commandNotFound('psql');
    const { newest, session } = opened;
    try {
      // The target's lock before its facts: a second restore stops here, naming the first, instead
      // of counting the first one's probe of the target (its privileges, below) as a session. It is
      // held until the run ends (see server-lock.ts).
      const [server, lock] = await Promise.all([
        opened.server,
        opened.lock && holdServerLock(opened.lock, 'restore', settings.database, `"${settings.database}" on ${conn.host}:${conn.port}`),
      ]);
      const [targetRows, settingRows, dbRows, extRows, roleRows, allRoles] = await Promise.all([
        session.query(targetFactsSql(settings.database, server.major)),
        session.query(targetSettingsSql(settings.database)),
        session.query('SELECT datname FROM pg_database'),
        session.query('SELECT name FROM pg_available_extensions'),
        session.query('SELECT rolsuper::text, rolcreatedb::text FROM pg_roles WHERE rolname = current_user'),
        session.query('SELECT rolname FROM pg_roles'),
      ]);
      const pgRestoreCandidates = backup.format === 'plain' ? [] : await discoverTool('pg_restore', { binDir: settings.pgBinDir, env });
      const target = parseTargetFacts(targetRows, settingRows);
      let targetPrivileges: TargetPrivileges | undefined;
      let targetPrivilegesUnread: string | undefined;
      if (target.exists) {
        try {
          const rows = await psqlClient(newest.path, conn, utf8Env(env)).query(TARGET_PRIVILEGES_SQL, settings.database);
          targetPrivileges = parseTargetPrivileges(rows);
        } catch (e) {
          // A database that refuses connections (ALLOW_CONNECTIONS false) or this role: said in the plan's warnings.
          targetPrivilegesUnread = toAzaError(e).message;
        }
      }
      const superuser = roleRows[0]?.[0] === 'true';
      const others = target.sessions ? ` (${target.sessions} other session${target.sessions > 1 ? 's' : ''})` : '';
      reporter.info(
        `Server PostgreSQL ${server.version}; target "${settings.database}" ${target.exists ? `exists${others}` : 'does not exist'}`,
      );
      return {
        now,
        backup,
        server,
        target,
        databases: dbRows.map((r) => r[0]!),
        psqlCandidates,
        pgRestoreCandidates,
        ...(backup.compression === 'gzip' ? { igzip: findIgzip(env) } : {}),
        availableExtensions: extRows.map((r) => r[0]!),
        roles: allRoles.map((r) => r[0]!),
        ...(targetPrivileges ? { targetPrivileges } : {}),
        ...(targetPrivilegesUnread ? { targetPrivilegesUnread } : {}),
        canCreateDatabase: superuser || roleRows[0]?.[1] === 'true',
        superuser,
        cores: availableParallelism(),
        psqlPath: newest.path,
        maintenance: session,
        ...(lock ? { lock } : {}),
        ...(bucket ? { bucket } : {}),
      };
    } catch (e) {
      opened.lock?.kill();
      await session.close().catch(() => {});
      throw e;
    }
  });
}
