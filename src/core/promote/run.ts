/**
 * Carrying a promotion plan out: confirmation, the pre-promotion backup, the online promotion,
 * an optional restart, verification (out of recovery, standby.signal gone, a write accepted) and
 * the report with the spec's post-promotion checklist.
 */
import { AzaError } from '../errors.js';
import type { Reporter, SummaryTable } from '../report.js';
import { openTarget, type Target } from '../target.js';
import { notYet, waitUntil, type Poll } from '../wait.js';
import { gatherPromoteFacts } from './facts.js';
import { CRITICAL_WARNINGS, describePlan, planPromote, type PromotePlan } from './plan.js';
import type { PromoteSettings } from './settings.js';

export interface PromoteDeps {
  /** The target, already opened (runPromote); promoteReplica opens it from the settings. */
  target: Target;
  /**
   * Asked when the plan is not confirmed yet (no -y / confirm: yes), after the warnings were
   * shown. Resolves true to go ahead. Absent: there is no way to ask, and promotion is refused.
   */
  confirm?: (plan: PromotePlan) => Promise<boolean>;
}

export interface PromoteResult {
  promoted: boolean;
  dryRun: boolean;
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
  const isContainer = target.kind === 'container';
  const what = isContainer ? 'Container still in recovery mode' : `${target.label} still in recovery mode`;
  const hint = isContainer
    ? [
        `Check PostgreSQL logs: ${target.logHint()}`,
        `Manually verify standby.signal: docker exec ${target.containerWord} ls -la ${plan.verify.standbySignal}`,
        `If the file exists, remove it and restart: docker exec ${target.containerWord} rm -f ${plan.verify.standbySignal}; docker restart ${target.containerWord}`,
      ].join('\n')
    : `Check the server log (${target.logHint()}) and whether ${plan.verify.standbySignal} still exists.`;
  return new AzaError('VERIFY_FAILED', `Promotion verification failed: ${what} (${detail})`, hint);
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

export async function runPromote(plan: PromotePlan, deps: PromoteDeps, reporter: Reporter): Promise<PromoteResult> {
  const target = deps.target;
  const warnings: string[] = [...plan.warnings];
  const base: PromoteResult = {
    promoted: false,
    dryRun: plan.dryRun,
    target: target.label,
    previousTimeline: plan.previousTimeline,
    timeline: undefined,
    lsn: undefined,
    durationMs: undefined,
    backupPath: undefined,
    backupError: undefined,
    warnings,
    plan,
  };
  for (const line of describePlan(plan)) reporter.info(line);
  if (plan.refusal) throw plan.refusal;
  for (const w of plan.warnings) reporter.warn(w);
  if (plan.dryRun) {
    reporter.info('Dry run: nothing was changed.');
    return base;
  }

  // Confirmation comes before the backup, unlike the spec's script: a "no" then leaves nothing
  // behind, and the backup still precedes the promotion.
  if (!plan.confirmed) {
    if (!deps.confirm) {
      throw new AzaError(
        'CONFIRMATION_REQUIRED',
        `Promotion of ${target.label} needs confirmation and there is no way to ask; nothing was changed`,
        'Pass -y (--yes) on the command line, or set input confirm: yes in a workflow.',
      );
    }
    reporter.warn(`THIS IS A DANGEROUS ONE-WAY OPERATION:\n${CRITICAL_WARNINGS.map((w) => `  - ${w}`).join('\n')}`);
    if (!(await deps.confirm(plan))) {
      throw new AzaError('ABORTED', `Promotion cancelled: ${target.label} was left as it was`);
    }
  }

  let backupPath: string | undefined;
  let backupError: string | undefined;
  if (plan.backupPath) {
    const path = plan.backupPath;
    try {
      await reporter.step(`Pre-promotion backup to ${path}`, () => target.baseBackup(path));
      backupPath = path;
    } catch (e) {
      backupError = e instanceof Error ? e.message : String(e);
      const dir = path.replace(/\/[^/]*$/, '') || '/';
      const where = target.kind === 'container' ? `docker exec ${target.containerWord} ` : '';
      const message =
        `Backup failed: ${backupError}. Continuing with the promotion. Check disk space (${where}df -h ${dir}) and permissions (${where}ls -la ${dir}); ` +
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

  const result: PromoteResult = {
    ...base,
    promoted: true,
    timeline: verified.timeline,
    lsn: verified.lsn,
    durationMs,
    backupPath,
    backupError,
  };
  await reporter.table(promoteSummary(result, target));
  return result;
}

/** The job summary / final table: what happened, then the spec's post-promotion checklist. */
export function promoteSummary(result: PromoteResult, target: Target): SummaryTable {
  const plan = result.plan;
  return {
    title: `Promoted ${result.target} to primary`,
    rows: [
      ['Target', result.target],
      ['Method', `${plan.promote.method}${plan.restart ? ' + restart' : ' (online, no restart)'}`],
      ['Timeline', `${result.previousTimeline ?? '?'} → ${result.timeline ?? '?'}`],
      ['LSN', result.lsn ?? ''],
      [
        'Writes unavailable for',
        result.durationMs === undefined ? '' : `${(result.durationMs / 1000).toFixed(2)} s (promote call to first accepted write)`,
      ],
      ['Pre-promotion backup', result.backupPath ?? (result.backupError ? `failed: ${result.backupError}` : 'skipped')],
    ],
    sections: [{ title: 'Checks', header: ['Check', 'Result', 'Detail'], rows: plan.checks.map((c) => [c.name, c.outcome, c.detail]) }],
    notes: [
      `Verify primary status (must return f): ${target.psqlCommand('SELECT pg_is_in_recovery();')}`,
      `Check for active connections: ${target.psqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name != 'psql';")}`,
      'Update application connection strings / DNS to the new primary, and verify applications can write to it',
      `Replication slots of the old primary are gone (this lists none): ${target.psqlCommand('SELECT * FROM pg_replication_slots;')}. Create slots for new replicas`,
      'Split-brain risk: keep the old primary stopped. Reconfigure it as a replica of the new primary or decommission it; never start it as a primary again',
      'Cascading replicas: point their primary_conninfo at the new primary and restart them',
      'Within hours: set up new replicas, update monitoring dashboards, point backup jobs at the new primary, document the failover',
      'Within days: decide the fate of the old primary, review runbooks, test failover procedures',
      ...result.warnings.map((w) => `Warning: ${w}`),
    ],
  };
}

/** The whole flow for the faces: open the target, read the facts, plan, carry out. */
export async function promoteReplica(
  settings: PromoteSettings,
  deps: { env?: NodeJS.ProcessEnv; confirm?: (plan: PromotePlan) => Promise<boolean> },
  reporter: Reporter,
): Promise<PromoteResult> {
  const env = deps.env ?? process.env;
  const target = await reporter.step('Prerequisites', () => openTarget(settings.target, { env }));
  const facts = await reporter.step(`State of ${target.label}`, () => gatherPromoteFacts(settings, target, reporter, env));
  const plan = planPromote(settings, facts);
  return runPromote(plan, { target, ...(deps.confirm ? { confirm: deps.confirm } : {}) }, reporter);
}
