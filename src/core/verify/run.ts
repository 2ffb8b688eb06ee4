/**
 * runVerify: the monthly restore test, after the backup was read in full (see facts.ts). The
 * backup is restored, by the restore operation itself, into a scratch target (a throw-away
 * cluster, or a scratch database that is always dropped); its row counts are compared with the
 * manifest; smoke queries and amcheck run. Any failure is a VerifyFailed with its reason.
 */
import { tmpdir } from 'node:os';
import { AzaError, toAzaError } from '../errors.js';
import { createCluster, reapOrphanClusters, type Cluster } from '../cluster.js';
import { Databases } from '../databases.js';
import { execute, settingsFrom, type OperationDeps } from '../operation.js';
import { psqlClient, quoteIdent, utf8Env, type Connection, type SqlClient } from '../pg.js';
import { discoverTool } from '../pg-tools.js';
import { formatSeconds, type Reporter } from '../report.js';
import { restore } from '../restore/index.js';
import { RestoreFailed } from '../restore/run.js';
import type { RawInputs } from '../inputs.js';
import { SCRATCH_MAINTENANCE_DATABASE } from './facts.js';
import { smokePassed, type VerifyPlan } from './plan.js';
import { verifyFailed, verifyResult, type VerifyProgress, type VerifyResult } from './report.js';

export async function runVerify(plan: VerifyPlan, deps: OperationDeps, reporter: Reporter): Promise<VerifyResult> {
  const progress: VerifyProgress = {
    backup: plan.backupPath,
    checks: [...plan.checks],
    startedMs: plan.startedMs ?? performance.now(),
    plan,
    inspection: plan.inspection,
  };
  const checks = progress.checks;
  let cluster: Cluster | undefined;
  let scratch: { dbs: Databases; name: string } | undefined;
  let failure: unknown;
  try {
    let conn: Connection;
    if (plan.scratch.kind === 'cluster') {
      const major = plan.scratch.major;
      // A verify killed before (SIGKILL) left its server running: stop and remove it first.
      await reapOrphanClusters(reporter);
      cluster = await reporter.step(`Start a throw-away PostgreSQL ${major} cluster`, () => createCluster({ major }));
      conn = cluster.connection();
      checks.push({ name: 'Scratch server', ok: true, detail: `throw-away PostgreSQL ${cluster.bin.version} cluster` });
    } else {
      conn = plan.connection!;
      const psql = (await discoverTool('psql', { ...(plan.pgBinDir ? { binDir: plan.pgBinDir } : {}), env: deps.env }))[0]?.path ?? 'psql';
      const maintenance = psqlClient(psql, { ...conn, database: SCRATCH_MAINTENANCE_DATABASE }, utf8Env(deps.env));
      scratch = { dbs: new Databases(maintenance, SCRATCH_MAINTENANCE_DATABASE, plan.serverMajor!), name: plan.scratch.database };
      checks.push({
        name: 'Scratch server',
        ok: true,
        detail: `scratch database "${plan.scratch.database}" on ${conn.host}:${conn.port} (dropped afterwards)`,
      });
    }

    const restored = await execute(restore, restoreSettings(plan, conn, deps.env), deps, reporter);
    progress.restore = restored;
    const named = plan.inspection.manifest?.roles;
    if (named?.length) {
      const created = restored.rolesCreated;
      checks.push({
        name: 'Roles',
        ok: true,
        detail: created.length
          ? `created ${created.length} role${created.length > 1 ? 's' : ''} the dump names (NOLOGIN, no password): ${created.map((r) => `"${r}"`).join(', ')}`
          : `the ${named.length} role${named.length > 1 ? 's' : ''} the dump names exist on the scratch server`,
      });
    }
    checks.push({
      name: 'Restore',
      ok: true,
      detail: `${restored.tables.length} tables, ${restored.rows} rows in ${formatSeconds(restored.loadSeconds)}`,
    });
    checks.push({
      name: 'Row counts',
      ok: true,
      detail: restored.compared
        ? `all ${restored.tables.length} tables match the manifest`
        : 'not compared (no exact counts in a manifest)',
    });

    const client = psqlClient(restored.plan.psqlPath, { ...conn, database: plan.scratch.database }, utf8Env(deps.env));
    progress.smokePassed = 0;
    for (const [i, sql] of plan.smokeSql.entries()) {
      const value = await smoke(client, i + 1, sql);
      progress.smokePassed++;
      checks.push({ name: `Smoke ${i + 1}`, ok: true, detail: `${sql} → ${value}` });
    }
    if (plan.amcheck) {
      const indexes = await reporter.step('amcheck: every btree index', () => runAmcheck(client));
      progress.indexesChecked = indexes;
      checks.push({ name: 'amcheck', ok: true, detail: `${indexes} btree indexes consistent (bt_index_check, heapallindexed)` });
    }
  } catch (e) {
    // What became of the scratch database is no news: it is dropped anyway.
    failure = missingRole(e instanceof RestoreFailed ? e.reason : e, plan);
  } finally {
    if (scratch) {
      const { dbs, name } = scratch;
      await dbs
        .drop(name, true)
        .catch((e) => reporter.warn(`Could not drop the scratch database "${name}": ${toAzaError(e).message}; drop it by hand.`));
    }
    if (cluster) await cluster.destroy().catch(() => {});
  }
  if (failure !== undefined) throw verifyFailed(progress, failure);
  return verifyResult(progress);
}

/** The restore's settings: its defaults, the scratch database, consent given (it is a scratch). */
function restoreSettings(plan: VerifyPlan, conn: Connection, env: NodeJS.ProcessEnv) {
  const database = plan.scratch.database;
  const raw: RawInputs = {
    backup: plan.backupPath,
    database,
    create: 'true',
    yes: 'true',
    // A throw-away cluster has none of the source's roles: those the manifest records are made first.
    ...(plan.scratch.kind === 'cluster' ? { 'create-roles': 'true' } : {}),
    'require-manifest': String(plan.requireManifest),
    ...(plan.jobs !== undefined ? { jobs: String(plan.jobs) } : {}),
    // A scratch cluster's database "postgres" may be the scratch itself; CREATE/RENAME go through template1 then.
    ...(database === 'postgres' ? { mode: 'replace' } : { 'keep-previous': 'false' }),
  };
  return {
    ...settingsFrom(restore, raw, env, tmpdir()),
    connection: { ...conn, database },
    inspected: plan.inspection,
    // A plain script loads in psql's session unless --jobs says otherwise: each COPY session that
    // gets data costs this process about 1.5 MiB (see copy-lanes.ts, issue 16's 80 MiB); speed is
    // a restore's.
    scriptJobs: 1,
    ...(plan.trustBackup ? { trustBackup: true } : {}),
    ...(plan.verifyKeys ? { verifyKeys: plan.verifyKeys } : {}),
    ...(plan.pgBinDir ? { pgBinDir: plan.pgBinDir } : {}),
  };
}

/**
 * A load that failed on a role the scratch server lacks says nothing against the backup: the
 * verdict names the role. Its manifest predates the recorded roles, or the scratch is a server
 * of the user's (verify creates roles only on a throw-away cluster).
 */
function missingRole(e: unknown, plan: VerifyPlan): unknown {
  const err = toAzaError(e);
  const role = /role "((?:[^"]|"")+)" does not exist/.exec(err.message)?.[1];
  if (!role) return e;
  const why =
    plan.inspection.manifest?.roles === undefined
      ? 'its manifest predates aza-pg recording the roles a dump names, so verify could not create them first'
      : 'verify creates the roles a dump names only on a throw-away cluster (scratch: cluster)';
  return new AzaError(
    'ROLES_MISSING',
    `The scratch server lacks the role "${role}" that the dump names: not a fault of the backup (${why}). ${err.message}`,
    plan.inspection.manifest?.roles === undefined
      ? `Take a new backup (its manifest records the roles), or verify on a server that has the role (scratch: connection), or create it: CREATE ROLE ${quoteIdent(role)} NOLOGIN.`
      : `Verify with a throw-away cluster, or create the role on this server: CREATE ROLE ${quoteIdent(role)} NOLOGIN.`,
    { cause: err },
  );
}

async function smoke(client: SqlClient, n: number, sql: string): Promise<string | undefined> {
  let rows: string[][];
  try {
    rows = await client.query(sql);
  } catch (e) {
    throw new AzaError(
      'SMOKE_FAILED',
      `Smoke query ${n} failed: ${sql}: ${toAzaError(e).message}`,
      'Check the query against the restored data; the backup may lack what it expects.',
    );
  }
  const r = smokePassed(rows);
  if (!r.ok) {
    throw new AzaError(
      'SMOKE_FAILED',
      `Smoke query ${n} ${r.value === undefined ? 'returned no row' : `returned ${r.value === '' ? 'NULL' : r.value}`}: ${sql}`,
      'Each smoke query must return a row whose first value is not false or NULL.',
    );
  }
  return r.value;
}

/**
 * One bt_index_check per leaf btree index (a partitioned index has no pages of its own: amcheck
 * refuses it, it is not damaged), each in its own subtransaction so that "damaged" (SQLSTATE
 * XX001/XX002) is told apart from "could not check" (any other error: permissions, an index kind
 * amcheck does not take). The function lives in pg_temp: the scratch keeps nothing of it.
 */
const AMCHECK_SQL = `CREATE FUNCTION pg_temp.aza_amcheck(idx regclass) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM bt_index_check(idx, true);
  RETURN 'ok';
EXCEPTION
  WHEN index_corrupted OR data_corrupted THEN RETURN 'damaged: ' || SQLERRM;
  WHEN OTHERS THEN RETURN 'unchecked: ' || SQLERRM;
END $f$;
SELECT c.oid::regclass::text, pg_temp.aza_amcheck(c.oid)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE a.amname = 'btree' AND c.relkind = 'i' AND c.relpersistence <> 't' AND i.indisready AND i.indisvalid
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
 ORDER BY 1`;

/** Checks every leaf btree index: its count when all are consistent; AMCHECK_FAILED when one is damaged, AMCHECK_UNCHECKED when one could not be checked. */
async function runAmcheck(client: SqlClient): Promise<number> {
  try {
    await client.exec('CREATE EXTENSION IF NOT EXISTS amcheck');
  } catch (e) {
    throw new AzaError(
      'EXTENSION_MISSING',
      `amcheck is not available on the scratch server: ${toAzaError(e).message}`,
      'Install the contrib modules (postgresql-contrib, part of the server package on Debian/Ubuntu), or drop amcheck.',
    );
  }
  const rows = await client.query(AMCHECK_SQL).catch((e) => {
    throw new AzaError(
      'AMCHECK_UNCHECKED',
      `amcheck could not run on the restored database: ${toAzaError(e).message}`,
      'This says nothing against the backup: run verify with a role that may use amcheck (a superuser, or one granted EXECUTE on bt_index_check), or drop amcheck.',
    );
  });
  const list = (prefix: string) => rows.filter((r) => r[1]!.startsWith(prefix)).map((r) => `${r[0]} (${r[1]!.slice(prefix.length)})`);
  const damaged = list('damaged: ');
  if (damaged.length) {
    throw new AzaError(
      'AMCHECK_FAILED',
      `amcheck found ${damaged.length === 1 ? 'a damaged index' : `${damaged.length} damaged indexes`}: ${damaged.join('; ')}`,
      'The restored data or its indexes are inconsistent: do not trust this backup; investigate the source database (amcheck there too).',
    );
  }
  const unchecked = list('unchecked: ');
  if (unchecked.length) {
    throw new AzaError(
      'AMCHECK_UNCHECKED',
      `amcheck could not check ${unchecked.length} of ${rows.length} indexes (none was found damaged): ${unchecked.join('; ')}`,
      'This says nothing against the backup: run verify with a role that may use amcheck (a superuser, or one granted EXECUTE on bt_index_check), or drop amcheck.',
    );
  }
  return rows.length;
}
