/**
 * planVerify decides where a backup is restored for its test and what is checked afterwards.
 * Pure: the facts (what the backup says about itself, which server majors are installed, the
 * time) come in, the plan goes out.
 */
import { AzaError } from '../errors.js';
import type { Description } from '../operation.js';
import type { Connection } from '../pg.js';
import { formatBytes } from '../report.js';
import type { VerifyKey } from '../signing.js';
import { trustLine } from '../trust-options.js';
import { majorOf, type BackupInspection } from '../restore/inspect.js';
import { derivedName, restoreStamp } from '../restore/plan.js';
import type { VerifySettings } from './settings.js';
import { majorOfVersionNum } from '../pg.js';
import type { BucketSource } from '../restore/bucket-source.js';

export interface VerifyFacts {
  now: Date;
  backup: BackupInspection;
  /** Majors of the PostgreSQL server binaries on this machine (scratch cluster). */
  installedMajors: number[];
  /** scratch connection: the server's major and its databases. */
  scratchServer?: { major: number; databases: string[] };
  /** The artifact was downloaded here (removed when the verify ends). */
  downloadDir?: string;
  /** The backup's bucket (an s3:// backup), closed when the verify ends. */
  bucket?: BucketSource;
  /** performance.now() when the verify began (its duration counts the download and the read). */
  startedMs?: number;
}

/** One line of the verify's summary. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export type ScratchPlan = { kind: 'cluster'; major: number; database: string } | { kind: 'connection'; database: string };

export interface VerifyPlan {
  backupPath: string;
  inspection: BackupInspection;
  /** What is proven already: the artifact and the backup's full read. */
  checks: Check[];
  scratch: ScratchPlan;
  /** scratch connection: the server, its major (for the version guards) and the database to create from. */
  connection?: Connection;
  serverMajor?: number;
  pgBinDir?: string;
  jobs?: number;
  requireManifest: boolean;
  trustBackup?: boolean;
  verifyKeys?: VerifyKey[];
  startedMs?: number;
  smokeSql: string[];
  amcheck: boolean;
  compareRowCounts: boolean;
  warnings: string[];
}

/** The backup's own server major: from the manifest, else the dump header. */
export function backupServerMajor(b: BackupInspection): number | undefined {
  if (b.manifest?.server?.versionNum) {
    return majorOfVersionNum(b.manifest.server.versionNum);
  }
  return majorOf(b.dumpedFrom);
}

/** The scratch database of a scratch connection: the name given, or a dated one. */
export function scratchDatabaseName(settings: Pick<VerifySettings, 'scratchDatabase'>, now: Date): string {
  return settings.scratchDatabase ?? derivedName('aza_pg_verify', `_${restoreStamp(now)}`);
}

export function planVerify(settings: VerifySettings, facts: VerifyFacts): VerifyPlan {
  const warnings: string[] = [];
  const b = facts.backup;
  if (settings.requireManifest && !b.manifest) {
    throw new AzaError(
      'MANIFEST_MISSING',
      `No manifest beside ${b.path}: its row counts cannot be compared`,
      'Verify backups made by aza-pg backup (the manifest is written last), or drop require-manifest.',
    );
  }
  let scratch: ScratchPlan;
  if (settings.scratch === 'cluster') {
    const want = settings.postgresMajor ?? backupServerMajor(b);
    const installed = [...facts.installedMajors].sort((x, y) => y - x);
    if (installed.length === 0) {
      throw new AzaError(
        'TOOL_NOT_FOUND',
        'No PostgreSQL server binaries (initdb) found for the scratch cluster',
        'Install the server package (apt-get install postgresql), or use scratch connection with a server to restore on.',
      );
    }
    let major: number;
    if (settings.postgresMajor !== undefined) {
      if (!installed.includes(settings.postgresMajor)) {
        throw new AzaError(
          'TOOL_NOT_FOUND',
          `PostgreSQL ${settings.postgresMajor} server binaries are not installed (found ${installed.join(', ')})`,
          `Install postgresql-${settings.postgresMajor}, or choose an installed major.`,
        );
      }
      major = settings.postgresMajor;
    } else if (want !== undefined && installed.includes(want)) major = want;
    else {
      const newer = installed.filter((m) => want === undefined || m >= want);
      major = newer.length ? newer[newer.length - 1]! : installed[0]!;
      if (want !== undefined) {
        warnings.push(
          newer.length
            ? `The backup comes from PostgreSQL ${want}, which is not installed here; the scratch server runs ${major}.`
            : `The backup comes from PostgreSQL ${want}, newer than any server installed here (newest ${major}); the restore may fail on statements ${major} does not know.`,
        );
      }
    }
    scratch = { kind: 'cluster', major, database: settings.scratchDatabase ?? 'restore_test' };
  } else {
    scratch = { kind: 'connection', database: scratchDatabaseName(settings, facts.now) };
    const conn = settings.connection!;
    if (facts.scratchServer?.databases.includes(scratch.database)) {
      throw new AzaError(
        'NAME_TAKEN',
        `The scratch database "${scratch.database}" already exists on ${conn.host}:${conn.port}`,
        'verify creates its scratch database and drops it afterwards; it never uses an existing one. Choose another scratch-database.',
      );
    }
  }
  const compareRowCounts = b.manifest?.rowCounts === 'exact';
  if (b.manifest && !compareRowCounts)
    warnings.push(`The manifest has ${b.manifest.rowCounts} row counts: rows are counted but not compared.`);
  if (!b.manifest) warnings.push('No manifest: the restore is tested, but row counts cannot be compared.');
  const checks: Check[] = [];
  if (settings.artifact) checks.push({ name: 'Artifact', ok: true, detail: `${settings.artifact} downloaded` });
  checks.push({
    name: 'Integrity',
    ok: true,
    detail: `${b.format}${b.format === 'plain' ? ` (${b.compression})` : ''}, ${formatBytes(b.sizeBytes)} read in full${b.manifest ? '; size and sha256 match the manifest' : '; no manifest'}`,
  });
  checks.push({ name: 'Trust', ok: true, detail: trustLine(b) });
  return {
    backupPath: b.path,
    inspection: b,
    checks,
    scratch,
    ...(settings.connection && scratch.kind === 'connection' ? { connection: settings.connection } : {}),
    ...(facts.scratchServer ? { serverMajor: facts.scratchServer.major } : {}),
    ...(settings.pgBinDir ? { pgBinDir: settings.pgBinDir } : {}),
    ...(settings.jobs !== undefined ? { jobs: settings.jobs } : {}),
    requireManifest: settings.requireManifest,
    ...(settings.trustBackup ? { trustBackup: true } : {}),
    ...(settings.verifyKeys ? { verifyKeys: settings.verifyKeys } : {}),
    ...(facts.startedMs !== undefined ? { startedMs: facts.startedMs } : {}),
    smokeSql: settings.smokeSql,
    amcheck: settings.amcheck,
    compareRowCounts,
    warnings,
  };
}

/** A verify asks nothing and has no dry run: its plan in words, and its warnings. */
export function describeVerify(plan: VerifyPlan): Description {
  const s = plan.scratch;
  return {
    lines: [
      `backup:   ${plan.backupPath}`,
      `scratch:  ${s.kind === 'cluster' ? `a throw-away PostgreSQL ${s.major} cluster, database ${s.database}` : `database ${s.database} on the server (dropped afterwards)`}`,
      `checks:   row counts${plan.compareRowCounts ? ' vs the manifest' : ''}${plan.smokeSql.length ? `, ${plan.smokeSql.length} smoke queries` : ''}${plan.amcheck ? ', amcheck' : ''}`,
    ],
    warnings: plan.warnings,
    dryRun: false,
  };
}

/** A smoke query passes when it returns a row whose first value is not false and not NULL. */
export function smokePassed(rows: string[][]): { ok: boolean; value: string | undefined } {
  const first = rows[0];
  if (!first) return { ok: false, value: undefined };
  const v = first[0];
  return { ok: v !== undefined && v !== '' && v !== 'f' && v !== 'false', value: v };
}
