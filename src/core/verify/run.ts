/**
 * runVerify: the monthly restore test as one step. The backup is read in full and checked against
 * its manifest, restored into a scratch target (a throw-away cluster, or a scratch database that
 * is always dropped), its row counts compared with the manifest, smoke queries and amcheck run.
 * Any failure is reported with its reason, in the summary and as the thrown error.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzaError, toAzaError } from '../errors.js';
import { createCluster, type Cluster } from '../cluster.js';
import { discoverTool } from '../pg-tools.js';
import { psqlClient, quoteIdent, quoteLiteral, type Connection, type SqlClient } from '../pg.js';
import { trustLine } from '../trust-options.js';
import { formatBytes, formatSeconds, type Reporter, type SummaryTable } from '../report.js';
import { inspectBackup, type BackupInspection } from '../restore/inspect.js';
import { runRestore, type RestoreResult } from '../restore/run.js';
import type { RestoreSettings } from '../restore/settings.js';
import { planVerify, smokePassed, type VerifyPlan } from './plan.js';
import type { VerifySettings } from './settings.js';

export interface VerifyDeps {
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  /** Downloads artifact `name` into `destDir` and returns the directory holding its files (action face only). */
  downloadArtifact?: (name: string, destDir: string) => Promise<string>;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface VerifyResult {
  passed: boolean;
  reason?: string;
  backup: string;
  checks: Check[];
  plan?: VerifyPlan;
  inspection?: BackupInspection;
  restore?: RestoreResult;
  tables: number;
  rows: number;
  durationSeconds: number;
  smokePassed: number;
  indexesChecked: number;
}

/** The backup inside a downloaded artifact: the data file a manifest describes, or the only entry. */
export function findBackupIn(dir: string): string {
  const entries = readdirSync(dir).filter((n) => !n.startsWith('.'));
  const manifests = entries.filter((n) => n.endsWith('.manifest.json'));
  const described = manifests.map((m) => m.slice(0, -'.manifest.json'.length)).filter((n) => entries.includes(n));
  if (described.length === 1) return join(dir, described[0]!);
  const data = entries.filter((n) => !n.endsWith('.manifest.json'));
  if (data.length === 1) return join(dir, data[0]!);
  throw new AzaError(
    'BACKUP_NOT_FOUND',
    data.length === 0 ? 'The artifact holds no backup file' : `The artifact holds several backups (${data.join(', ')}); verify takes one`,
    'Upload one backup (and its manifest) per artifact, as aza-pg/backup does with upload-artifact.',
  );
}

export async function runVerify(settings: VerifySettings, deps: VerifyDeps, reporter: Reporter): Promise<VerifyResult> {
  const t0 = performance.now();
  const now = (deps.now ?? (() => new Date()))();
  const checks: Check[] = [];
  let downloadDir: string | undefined;
  let cluster: Cluster | undefined;
  let scratchDrop: (() => Promise<void>) | undefined;
  let backupPath = settings.backup ?? `artifact ${settings.artifact}`;
  let inspection: BackupInspection | undefined;
  let plan: VerifyPlan | undefined;
  let restore: RestoreResult | undefined;
  let smokeOk = 0;
  let indexes = 0;
  let failure: AzaError | undefined;

  try {
    if (settings.artifact) {
      if (!deps.downloadArtifact)
        throw new AzaError(
          'INVALID_INPUT',
          'Artifacts can only be downloaded inside a GitHub Actions job',
          'Download it yourself and pass the file path.',
        );
      downloadDir = mkdtempSync(join(tmpdir(), 'aza-pg-verify-'));
      const dir = await reporter.step(`Download artifact ${settings.artifact}`, () =>
        deps.downloadArtifact!(settings.artifact!, downloadDir!),
      );
      backupPath = findBackupIn(dir);
      checks.push({ name: 'Artifact', ok: true, detail: `${settings.artifact} downloaded` });
    }

    inspection = await reporter.step(`Check the backup ${backupPath}`, () =>
      inspectBackup(backupPath, {
        env: deps.env,
        pgBinDir: settings.pgBinDir,
        requireManifest: settings.requireManifest,
        trustBackup: settings.trustBackup,
        verifyKeys: settings.verifyKeys,
      }),
    );
    checks.push({
      name: 'Integrity',
      ok: true,
      detail: `${inspection.format}${inspection.format === 'plain' ? ` (${inspection.compression})` : ''}, ${formatBytes(inspection.sizeBytes)} read in full${inspection.manifest ? '; size and sha256 match the manifest' : '; no manifest'}`,
    });
    checks.push({ name: 'Trust', ok: true, detail: trustLine(inspection) });
    const installedMajors =
      settings.scratch === 'cluster'
        ? (await discoverTool('initdb', settings.pgBinDir ? { binDir: settings.pgBinDir } : {})).map((c) => c.major)
        : [];
    plan = planVerify(settings, { now, backup: inspection, installedMajors });
    for (const w of plan.warnings) reporter.warn(w);

    let conn: Connection;
    if (plan.scratch.kind === 'cluster') {
      const major = plan.scratch.major;
      cluster = await reporter.step(`Start a throw-away PostgreSQL ${major} cluster`, () => createCluster({ major }));
      conn = cluster.connection();
      checks.push({ name: 'Scratch server', ok: true, detail: `throw-away PostgreSQL ${cluster.bin.version} cluster` });
    } else {
      conn = settings.connection!;
      const psql = await discoverTool('psql', settings.pgBinDir ? { binDir: settings.pgBinDir } : {});
      const client = psqlClient(psql[0]?.path ?? 'psql', conn, deps.env);
      const name = plan.scratch.database;
      const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = ${quoteLiteral(name)}`, 'postgres');
      if (exists.length) {
        throw new AzaError(
          'NAME_TAKEN',
          `The scratch database "${name}" already exists on ${conn.host}:${conn.port}`,
          'verify creates its scratch database and drops it afterwards; it never uses an existing one. Choose another scratch-database.',
        );
      }
      scratchDrop = async () => {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`, 'postgres');
      };
      checks.push({
        name: 'Scratch server',
        ok: true,
        detail: `scratch database "${name}" on ${conn.host}:${conn.port} (dropped afterwards)`,
      });
    }

    const restoreSettings: RestoreSettings = {
      backup: backupPath,
      database: plan.scratch.database,
      mode: 'atomic',
      keepPrevious: false,
      create: true,
      backupBefore: false,
      backupDir: tmpdir(),
      terminateConnections: false,
      ...(settings.jobs !== undefined ? { jobs: settings.jobs } : {}),
      keepOwners: false,
      keepPrivileges: false,
      rowCounts: 'exact',
      requireManifest: settings.requireManifest,
      ...(settings.trustBackup ? { trustBackup: true } : {}),
      ...(settings.verifyKeys ? { verifyKeys: settings.verifyKeys } : {}),
      dryRun: false,
      confirmed: true,
      connection: { ...conn, database: plan.scratch.database },
      ...(settings.pgBinDir ? { pgBinDir: settings.pgBinDir } : {}),
    };
    // A scratch cluster's database "postgres" may be the scratch itself; CREATE/RENAME go through template1 then.
    if (plan.scratch.database === 'postgres') restoreSettings.mode = 'replace';
    restore = await runRestore(restoreSettings, { env: deps.env, inspection, summary: false }, reporter);
    checks.push({
      name: 'Restore',
      ok: true,
      detail: `${restore.tables.length} tables, ${restore.rows} rows in ${formatSeconds(restore.loadSeconds)}`,
    });
    checks.push({
      name: 'Row counts',
      ok: true,
      detail: restore.compared ? `all ${restore.tables.length} tables match the manifest` : 'not compared (no exact counts in a manifest)',
    });

    const client: SqlClient = psqlClient(restore.plan!.loader.kind === 'psql' ? restore.plan!.loader.path : 'psql', conn, {
      ...deps.env,
      PGCLIENTENCODING: 'UTF8',
    });
    const db = plan.scratch.database;
    for (const [i, sql] of plan.smokeSql.entries()) {
      const label = `Smoke ${i + 1}`;
      let rows: string[][];
      try {
        rows = await client.query(sql, db);
      } catch (e) {
        throw new AzaError(
          'SMOKE_FAILED',
          `Smoke query ${i + 1} failed: ${sql}: ${toAzaError(e).message}`,
          'Check the query against the restored data; the backup may lack what it expects.',
        );
      }
      const r = smokePassed(rows);
      if (!r.ok) {
        throw new AzaError(
          'SMOKE_FAILED',
          `Smoke query ${i + 1} ${r.value === undefined ? 'returned no row' : `returned ${r.value === '' ? 'NULL' : r.value}`}: ${sql}`,
          'Each smoke query must return a row whose first value is not false or NULL.',
        );
      }
      smokeOk++;
      checks.push({ name: label, ok: true, detail: `${sql} → ${r.value}` });
    }

    if (plan.amcheck) {
      indexes = await reporter.step('amcheck: every btree index', () => runAmcheck(client, db));
      checks.push({ name: 'amcheck', ok: true, detail: `${indexes} btree indexes consistent (bt_index_check, heapallindexed)` });
    }
  } catch (e) {
    failure = toAzaError(e);
    checks.push({ name: failure.code === 'SMOKE_FAILED' ? 'Smoke' : 'Failure', ok: false, detail: failure.message });
  } finally {
    if (scratchDrop)
      await scratchDrop().catch((e) => reporter.warn(`Could not drop the scratch database: ${toAzaError(e).message}; drop it by hand.`));
    if (cluster) await cluster.destroy().catch(() => {});
    if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
  }

  const result: VerifyResult = {
    passed: !failure,
    ...(failure ? { reason: failure.message } : {}),
    backup: backupPath,
    checks,
    ...(plan ? { plan } : {}),
    ...(inspection ? { inspection } : {}),
    ...(restore ? { restore } : {}),
    tables: restore?.tables.length ?? 0,
    rows: restore?.rows ?? 0,
    durationSeconds: (performance.now() - t0) / 1000,
    smokePassed: smokeOk,
    indexesChecked: indexes,
  };
  await reporter.table(verifySummary(result));
  if (failure) {
    throw new AzaError('VERIFY_FAILED', `Backup ${backupPath} failed verification: ${failure.message}`, failure.hint, { cause: failure });
  }
  return result;
}

async function runAmcheck(client: SqlClient, db: string): Promise<number> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS amcheck', db);
  } catch (e) {
    throw new AzaError(
      'EXTENSION_MISSING',
      `amcheck is not available on the scratch server: ${toAzaError(e).message}`,
      'Install the contrib modules (postgresql-contrib, part of the server package on Debian/Ubuntu), or drop amcheck.',
    );
  }
  const rows = await client
    .query(
      `SELECT count(*) FROM (SELECT bt_index_check(c.oid, true)
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.amname = 'btree' AND c.relpersistence <> 't' AND i.indisready AND i.indisvalid
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%') s`,
      db,
    )
    .catch((e) => {
      throw new AzaError(
        'AMCHECK_FAILED',
        `amcheck found a damaged index: ${toAzaError(e).message}`,
        'The restored data or its indexes are inconsistent: do not trust this backup; investigate the source database (amcheck there too).',
      );
    });
  return Number(rows[0]?.[0] ?? 0);
}

export function verifySummary(r: VerifyResult): SummaryTable {
  const i = r.inspection;
  const rows: Array<[string, string]> = [
    ['Result', r.passed ? 'PASSED' : `FAILED: ${r.reason}`],
    ['Backup', r.backup],
    ['Format', i ? `${i.format}${i.format === 'plain' ? `, ${i.compression}` : ''}, ${formatBytes(i.sizeBytes)}` : 'unknown'],
    ['Manifest', i?.manifest ? `${i.manifest.database}, ${i.manifest.finishedAt}, PostgreSQL ${i.manifest.server.version}` : 'none'],
    ['Tables', String(r.tables)],
    ['Rows', String(r.rows)],
    ['Restore time', r.restore ? formatSeconds(r.restore.loadSeconds) : 'n/a'],
    ['Duration', formatSeconds(r.durationSeconds)],
  ];
  return {
    title: `Restore test of ${r.backup.split('/').pop()}: ${r.passed ? 'passed' : 'FAILED'}`,
    rows,
    sections: [
      { title: 'Checks', header: ['Check', 'Result', 'Detail'], rows: r.checks.map((c) => [c.name, c.ok ? 'ok' : 'FAILED', c.detail]) },
    ],
    notes: r.passed ? ['The backup restores and matches what it recorded.'] : ['Do not rely on this backup: take a new one and verify it.'],
  };
}
