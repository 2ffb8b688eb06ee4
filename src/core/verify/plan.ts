/**
 * planVerify decides where a backup is restored for its test and what is checked afterwards.
 * Pure: the facts (what the backup says about itself, which server majors are installed, the
 * time) come in, the plan goes out.
 */
import { AzaError } from '../errors.js';
import { majorOf, type BackupInspection } from '../restore/inspect.js';
import { derivedName, restoreStamp } from '../restore/plan.js';
import type { VerifySettings } from './settings.js';
import { majorOfVersionNum } from '../pg.js';

export interface VerifyFacts {
  now: Date;
  backup: BackupInspection;
  /** Majors of the PostgreSQL server binaries on this machine (scratch cluster). */
  installedMajors: number[];
}

export type ScratchPlan = { kind: 'cluster'; major: number; database: string } | { kind: 'connection'; database: string };

export interface VerifyPlan {
  backupPath: string;
  scratch: ScratchPlan;
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
    scratch = { kind: 'connection', database: settings.scratchDatabase ?? derivedName('aza_pg_verify', `_${restoreStamp(facts.now)}`) };
  }
  const compareRowCounts = b.manifest?.rowCounts === 'exact';
  if (b.manifest && !compareRowCounts)
    warnings.push(`The manifest has ${b.manifest.rowCounts} row counts: rows are counted but not compared.`);
  if (!b.manifest) warnings.push('No manifest: the restore is tested, but row counts cannot be compared.');
  return { backupPath: b.path, scratch, smokeSql: settings.smokeSql, amcheck: settings.amcheck, compareRowCounts, warnings };
}

/** A smoke query passes when it returns a row whose first value is not false and not NULL. */
export function smokePassed(rows: string[][]): { ok: boolean; value: string | undefined } {
  const first = rows[0];
  if (!first) return { ok: false, value: undefined };
  const v = first[0];
  return { ok: v !== undefined && v !== '' && v !== 'f' && v !== 'false', value: v };
}
