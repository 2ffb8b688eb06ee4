/**
 * Carrying a promotion plan out (the face has asked for consent already): the pre-promotion
 * backup, the online promotion, an optional restart, and verification (out of recovery,
 * standby.signal gone, a write accepted).
 */
import { renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { AzaError } from '../errors.js';
import { fsyncPath, tempPathFor } from '../fs.js';
import { cleanLeftovers } from '../leftovers.js';
import type { OperationDeps } from '../operation.js';
import type { Reporter } from '../report.js';
import type { Target } from '../target.js';
import { notYet, waitUntil, type Poll } from '../wait.js';
import type { PromotePlan } from './plan.js';

export interface PromoteResult {
  promoted: boolean;
  target: string;
  previousTimeline: number | undefined;
  timeline: number | undefined;
  /** WAL position on the new primary right after the verification write. */
  lsn: string | undefined;
  /** From the promote call to the first accepted write: how long clients could not write. */
  durationMs: number | undefined;
  backupPath: string | undefined;
  /** Why the pre-promotion backup failed (promotion went on, as the spec says). */
  backupError: string | undefined;
  warnings: string[];
  plan: PromotePlan;
}

/** txid_current() takes a transaction id and commits it: it fails on a server still in recovery. */
const WRITE_CHECK_SQL = `SELECT pg_is_in_recovery()::text, txid_current()::text, current_setting('transaction_read_only'),
  pg_current_wal_lsn()::text, pg_walfile_name(pg_current_wal_lsn())`;

function verificationFailed(target: Target, plan: PromotePlan, detail: string): AzaError {
  return new AzaError(
    'VERIFY_FAILED',
    `Promotion verification failed: ${target.noun} still in recovery mode (${detail})`,
    target.stillInRecoveryHint(plan.verify.standbySignal),
  );
}

interface WriteCheck {
  lsn: string;
  timeline: number;
  readOnly: boolean;
}

/** Polls until the server is out of recovery and takes a write; on timeout, the last reason it did not. */
async function waitForWrite(target: Target, timeoutSeconds: number): Promise<{ ok: WriteCheck } | { last: string }> {
  const r = await waitUntil(
    async (): Promise<Poll<WriteCheck>> => {
      try {
        const [row] = await target.sql.query(WRITE_CHECK_SQL);
        if (row && row[0] === 'false') {
          return { done: true, value: { readOnly: row[2] === 'on', lsn: row[3]!, timeline: Number.parseInt(row[4]!.slice(0, 8), 16) } };
        }
        return { done: false, why: 'pg_is_in_recovery() = true' };
      } catch (e) {
        return notYet(e);
      }
    },
    { timeoutMs: timeoutSeconds * 1000, intervalMs: 100 },
  );
  return r.timedOut ? { last: r.why ?? 'no answer' } : { ok: r.value };
}

/**
 * On this machine (data-dir and connection targets) the base backup is written under a hidden name
 * that carries its maker, then renamed: a run killed mid-backup (its pg_basebackup dies with it)
 * leaves a `.pre-promotion-backup-….partial-<owner>` directory, never one that looks complete, and
 * the next promotion into the same directory removes it. In a container, pg_basebackup writes
 * where the server runs and cleans up after its own failures.
 */
async function prePromotionBackup(target: Target, path: string, reporter: Reporter): Promise<void> {
  if (target.kind === 'container') return target.baseBackup(path);
  const dir = dirname(path);
  cleanLeftovers(dir, reporter, (p) => p.forName.startsWith('pre-promotion-backup-'));
  const temp = tempPathFor(path);
  try {
    await target.baseBackup(temp);
    renameSync(temp, path);
    await fsyncPath(dir);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}

export async function runPromote(plan: PromotePlan, _deps: OperationDeps, reporter: Reporter): Promise<PromoteResult> {
  const target = plan.target;
  // The plan's own warnings were said by the face; the run adds what it finds.
  const warnings: string[] = [...plan.warnings];

  let backupPath: string | undefined;
  let backupError: string | undefined;
  if (plan.backupPath) {
    const path = plan.backupPath;
    try {
      await reporter.step(`Pre-promotion backup to ${path}`, () => prePromotionBackup(target, path, reporter));
      backupPath = path;
    } catch (e) {
      backupError = e instanceof Error ? e.message : String(e);
      const dir = path.replace(/\/[^/]*$/, '') || '/';
      const message =
        `Backup failed: ${backupError}. Continuing with the promotion. Check disk space (${target.shellCommand(`df -h ${dir}`)}) and permissions (${target.shellCommand(`ls -la ${dir}`)}); ` +
        'use -n if the backup consistently fails, and back up manually before promotion if it is critical.';
      warnings.push(message);
      reporter.warn(message);
    }
  }

  const start = performance.now();
  const promoted = await reporter.step(`Promote ${target.label} (${plan.promote.method})`, () => target.promote(plan.promote.waitSeconds));
  if (!promoted) {
    const message = `${plan.promote.method} did not report completion within ${plan.promote.waitSeconds} s; checking the server state`;
    warnings.push(message);
    reporter.warn(message);
  }

  const verified = await reporter.step('Verify promotion', async () => {
    let check = await waitForWrite(target, plan.verify.timeoutSeconds);
    if (!('ok' in check)) throw verificationFailed(target, plan, check.last);
    // PostgreSQL removes standby.signal when it promotes; one that survived would make the next
    // start a standby again.
    const signal = await target.fileExists(plan.verify.standbySignal);
    if (signal) {
      const removed = await target.removeFile(plan.verify.standbySignal);
      const message = removed
        ? `standby.signal was still present after promotion and was removed (${plan.verify.standbySignal})`
        : `standby.signal is still present (${plan.verify.standbySignal}) and could not be removed here: remove it before the next restart`;
      warnings.push(message);
      reporter.warn(message);
    }
    if (plan.restart) {
      await reporter.step('Restart as primary', () => target.restart(plan.verify.timeoutSeconds));
      check = await waitForWrite(target, plan.verify.timeoutSeconds);
      if (!('ok' in check)) throw verificationFailed(target, plan, `after restart: ${check.last}`);
    }
    if (check.ok.readOnly) {
      const message =
        'The new primary has default_transaction_read_only = on: applications cannot write until it is reset (ALTER SYSTEM RESET default_transaction_read_only; SELECT pg_reload_conf();)';
      warnings.push(message);
      reporter.warn(message);
    }
    return check.ok;
  });
  const durationMs = Math.round(performance.now() - start);

  return {
    promoted: true,
    target: target.label,
    previousTimeline: plan.previousTimeline,
    timeline: verified.timeline,
    lsn: verified.lsn,
    durationMs,
    backupPath,
    backupError,
    warnings,
    plan,
  };
}
