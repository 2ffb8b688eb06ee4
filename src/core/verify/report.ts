/**
 * What a verify tells, passed or failed: the result, the action outputs and the summary table. A
 * failed verify is an error that carries its result, so a face prints the FAILED table too.
 */
import { AzaError, toAzaError } from '../errors.js';
import { FailedWithResult, type OutputValues } from '../operation.js';
import { formatBytes, formatSeconds, type SummaryTable } from '../report.js';
import type { BackupInspection } from '../restore/inspect.js';
import type { RestoreResult } from '../restore/run.js';
import type { Check, VerifyPlan } from './plan.js';

export interface VerifyResult {
  passed: boolean;
  reason?: string;
  /** The failure's code: some (a role the scratch lacks, amcheck not allowed) say nothing against the backup. */
  failureCode?: string;
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

/** How far a verify got: what its result says, passed or not. */
export interface VerifyProgress {
  backup: string;
  checks: Check[];
  /** performance.now() when it began. */
  startedMs: number;
  inspection?: BackupInspection;
  plan?: VerifyPlan;
  restore?: RestoreResult;
  smokePassed?: number;
  indexesChecked?: number;
}

export function verifyResult(p: VerifyProgress, failure?: AzaError): VerifyResult {
  return {
    passed: !failure,
    ...(failure ? { reason: failure.message, failureCode: failure.code } : {}),
    backup: p.backup,
    checks: p.checks,
    ...(p.plan ? { plan: p.plan } : {}),
    ...(p.inspection ? { inspection: p.inspection } : {}),
    ...(p.restore ? { restore: p.restore } : {}),
    tables: p.restore?.tables.length ?? 0,
    rows: p.restore?.rows ?? 0,
    durationSeconds: (performance.now() - p.startedMs) / 1000,
    smokePassed: p.smokePassed ?? 0,
    indexesChecked: p.indexesChecked ?? 0,
  };
}

/** A verify that failed: the error the faces report, with the result behind the FAILED summary and outputs. */
export class VerifyFailed extends FailedWithResult<VerifyResult> {
  constructor(result: VerifyResult, cause: AzaError) {
    super(result, new AzaError('VERIFY_FAILED', failedVerification(result.backup, cause.message), cause.hint, { cause }));
  }
}

function failedVerification(backup: string, reason: string): string {
  return `Backup ${backup} failed verification: ${reason}`;
}

export function verifyFailed(p: VerifyProgress, e: unknown): VerifyFailed {
  if (e instanceof VerifyFailed) return e;
  const failure = toAzaError(e);
  const checks = [...p.checks, { name: failure.code === 'SMOKE_FAILED' ? 'Smoke' : 'Failure', ok: false, detail: failure.message }];
  return new VerifyFailed(verifyResult({ ...p, checks }, failure), failure);
}

export function verifyOutputs(r: VerifyResult): OutputValues {
  return {
    passed: r.passed,
    reason: r.passed ? '' : failedVerification(r.backup, r.reason ?? 'unknown'),
    tables: r.tables,
    rows: r.rows,
    'duration-seconds': r.durationSeconds.toFixed(3),
    'restore-seconds': r.restore?.loadSeconds.toFixed(3),
    'indexes-checked': r.indexesChecked,
    'smoke-passed': r.smokePassed,
  };
}

export function verifyFailureOutputs(e: AzaError): OutputValues {
  return { passed: false, reason: e.message };
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
    notes: r.passed
      ? ['The backup restores and matches what it recorded.']
      : NOT_THE_BACKUP.has(r.failureCode ?? '')
        ? ['The backup itself is not at fault: the verify could not finish (see the reason); verify again once that is addressed.']
        : ['Do not rely on this backup: take a new one and verify it.'],
  };
}

/** Failures of the verify itself, not of the backup. */
const NOT_THE_BACKUP = new Set(['ROLES_MISSING', 'AMCHECK_UNCHECKED']);

export function verifyDone(r: VerifyResult): string {
  return `✓ ${r.backup} passed: ${r.tables} tables, ${r.rows} rows restored${r.restore?.compared ? ' and matching the manifest' : ''}`;
}
