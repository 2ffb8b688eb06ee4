/**
 * Pure planning: from the settings and the facts read from the replica (and the old primary, when
 * named) decide whether promotion may go ahead, what it will do, and what to warn about.
 * No processes, no clock: tested exhaustively without Docker or PostgreSQL.
 */
import { AzaError } from '../errors.js';
import { formatBytes } from '../report.js';
import type { Description } from '../operation.js';
import type { Target, TargetInfo } from '../target.js';
import type { PromoteSettings } from './settings.js';

export interface ReplicaFacts {
  inRecovery: boolean;
  replayPaused: boolean;
  /** LSNs as PostgreSQL prints them ("0/3000148"); undefined when the server has none. */
  receiveLsn: string | undefined;
  replayLsn: string | undefined;
  /** Timeline of the replica's last checkpoint/restartpoint (the primary's before promotion). */
  timeline: number | undefined;
  /** SHOW data_directory, when readable. */
  dataDirectory: string | undefined;
  versionNum: number;
  /** The bounded wait for replay to reach what was received. */
  catchUp: { waitedMs: number; caughtUp: boolean } | undefined;
}

export interface OldPrimaryFacts {
  label: string;
  /** Stop command a person can run ("docker stop postgres-primary"). */
  stopHint: string;
  /** It answered SQL. */
  reachable: boolean;
  inRecovery: boolean | undefined;
  currentLsn: string | undefined;
  /** Why it is not reachable ("container is stopped", the connection error). */
  detail: string | undefined;
  /** It runs (container up) but did not answer: the guard cannot tell what it is. */
  unknown: boolean;
}

/** What gather read. `T` is the target: the live one, or (in tests of the pure plan) its description. */
export interface PromoteFacts<T extends TargetInfo = Target> {
  /** The replica, opened in gather and closed by release. */
  target: T;
  /** The advisory lock on the replica that makes this run the only promotion of it (none in a dry run). */
  lock?: { release(): Promise<void> };
  replica: ReplicaFacts;
  oldPrimary: OldPrimaryFacts | undefined;
  now: Date;
}

export type CheckOutcome = 'ok' | 'refused' | 'warning' | 'skipped';

export interface PlanCheck {
  name: string;
  outcome: CheckOutcome;
  detail: string;
}

export interface PromotePlan<T extends TargetInfo = Target> {
  target: T;
  /** Set when promotion must not happen: the face shows the checks and throws it before any change. */
  refusal: AzaError | undefined;
  checks: PlanCheck[];
  /** What this situation adds to the spec's CRITICAL_WARNINGS (always reported). */
  warnings: string[];
  backupPath: string | undefined;
  promote: { method: 'pg_promote' | 'pg_ctl promote'; waitSeconds: number };
  restart: boolean;
  /** standby.signal to check (and remove) after promotion: absolute, or data-dir relative over a connection. */
  verify: { timeoutSeconds: number; standbySignal: string };
  previousTimeline: number | undefined;
  lagBytes: number | undefined;
  confirmed: boolean;
  dryRun: boolean;
}

/** The spec's "THIS IS A DANGEROUS ONE-WAY OPERATION" list. */
export const CRITICAL_WARNINGS = [
  'Cannot be undone: a promoted replica cannot go back to being a replica',
  'Must stop old primary: if it keeps running, clients can write to two primaries (split-brain)',
  "Loses replication slots: the old primary's slots do not exist on the new primary",
  'Breaks replication chain: cascading replicas must be reconfigured to follow the new primary',
  'Production impact: clients must be redirected to the new primary',
];

/** "16/B374D848" -> bytes since 0/0. */
export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]+)\/([0-9A-Fa-f]+)$/.exec(lsn.trim());
  if (!m) throw new AzaError('INTERNAL', `Not an LSN: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

/** pre-promotion-backup-YYYYMMDD_HHMMSS, in UTC. */
export function backupDirName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `pre-promotion-backup-${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}_${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
}

/** The check a person can paste to see whether a server is still a replica. */
export const RECOVERY_CHECK_SQL = 'SELECT pg_is_in_recovery();';

export function planPromote<T extends TargetInfo>(settings: PromoteSettings, facts: PromoteFacts<T>): PromotePlan<T> {
  const checks: PlanCheck[] = [];
  const warnings: string[] = [];
  const refusals: AzaError[] = [];
  const refuse = (check: string, error: AzaError) => {
    checks.push({ name: check, outcome: 'refused', detail: error.message });
    refusals.push(error);
  };
  const r = facts.replica;
  const target = facts.target;

  // 1. The target is a replica.
  if (!r.inRecovery) {
    refuse(
      'in recovery',
      new AzaError(
        'NOT_IN_RECOVERY',
        `${target.noun} is not in recovery mode: ${target.label} is already a primary`,
        `Check its status: ${target.psqlCommand(RECOVERY_CHECK_SQL)}\nIf it was already promoted, skip promotion.`,
      ),
    );
  } else {
    checks.push({ name: 'in recovery', outcome: 'ok', detail: 'pg_is_in_recovery() = true' });
  }

  // 2. Replay is running and has caught up with what was received.
  if (r.inRecovery) {
    if (r.replayPaused) {
      refuse(
        'replay running',
        new AzaError(
          'REPLAY_PAUSED',
          `WAL replay is paused on ${target.label}: promoting now could leave received transactions unapplied by surprise`,
          'Resume replay first: SELECT pg_wal_replay_resume(); (someone paused it with pg_wal_replay_pause(), perhaps on purpose: check before resuming).',
        ),
      );
    } else if (r.catchUp && !r.catchUp.caughtUp) {
      refuse(
        'replay caught up',
        new AzaError(
          'CATCHUP_TIMEOUT',
          `Replay did not catch up with the received WAL within ${Math.round(r.catchUp.waitedMs / 1000)} s (received ${r.receiveLsn}, replayed ${r.replayLsn})`,
          `Look at the replica's log for replay errors or conflicts; raise catchup-timeout (--catchup-timeout 5m) if it is only slow.`,
        ),
      );
    } else {
      checks.push({
        name: 'replay caught up',
        outcome: 'ok',
        detail: r.receiveLsn
          ? `replayed ${r.replayLsn} of received ${r.receiveLsn}${r.catchUp && r.catchUp.waitedMs > 0 ? ` after ${(r.catchUp.waitedMs / 1000).toFixed(1)} s` : ''}`
          : `replayed ${r.replayLsn ?? 'unknown'} (no WAL receiver: nothing more to wait for)`,
      });
    }
  }

  // 3. The data directory the user named (or the default one) is the server's. Over a connection
  // the target sees no data directory, and standby.signal is checked relative to the server's.
  const wanted = target.dataDir;
  let dataDir = wanted;
  if (r.dataDirectory && wanted) {
    if (wanted !== r.dataDirectory) {
      // Only a default can be wrong without the user having said so: follow the server then.
      if (!settings.dataDirExplicit) {
        checks.push({
          name: 'data directory',
          outcome: 'warning',
          detail: `the server uses ${r.dataDirectory}, not the default ${wanted}: using ${r.dataDirectory}`,
        });
        dataDir = r.dataDirectory;
      } else {
        refuse(
          'data directory',
          new AzaError(
            'WRONG_DATA_DIR',
            `${target.label} runs on data directory ${r.dataDirectory}, not ${wanted}`,
            `Pass the right one: -d ${r.dataDirectory} (input data-dir).`,
          ),
        );
      }
    } else {
      checks.push({ name: 'data directory', outcome: 'ok', detail: wanted });
    }
  }

  // 4. Split-brain guard and lag, against the old primary when it is named.
  let lagBytes: number | undefined;
  const old = facts.oldPrimary;
  if (!old) {
    checks.push({
      name: 'old primary stopped',
      outcome: 'skipped',
      detail: 'no old primary named: make sure it is stopped (old-primary-container / old-primary enable this check)',
    });
    warnings.push('The old primary was not named, so nothing checked that it is stopped: make sure it is, before clients move');
  } else if (old.reachable && old.inRecovery === false) {
    if (old.currentLsn && r.replayLsn) {
      const diff = parseLsn(old.currentLsn) - parseLsn(r.replayLsn);
      lagBytes = Number(diff > 0n ? diff : 0n);
    }
    if (!settings.force) {
      refuse(
        'old primary stopped',
        new AzaError(
          'SPLIT_BRAIN',
          `Refusing to promote: the old primary ${old.label} is still running and accepts writes (split-brain guard)`,
          `Stop it first (${old.stopHint}), then run again. Two primaries accepting writes diverge and cannot be merged. ` +
            'Pass --force (input force: true) only if it is fenced so that no client can write to it.',
        ),
      );
    } else {
      checks.push({
        name: 'old primary stopped',
        outcome: 'warning',
        detail: `${old.label} still accepts writes; promoting anyway (force)`,
      });
      warnings.push(`The old primary ${old.label} still accepts writes (force): keep every client away from it`);
    }
    if (lagBytes !== undefined) {
      if (lagBytes > settings.maxLagBytes) {
        refuse(
          'lag',
          new AzaError(
            'LAG_TOO_HIGH',
            `The replica is ${formatBytes(lagBytes)} behind the old primary ${old.label} (max-lag ${formatBytes(settings.maxLagBytes)})`,
            'Wait for it to catch up (SELECT client_addr, state, replay_lag FROM pg_stat_replication; on the old primary), stop writes there first, or raise max-lag.',
          ),
        );
      } else {
        checks.push({
          name: 'lag',
          outcome: 'ok',
          detail: `${formatBytes(lagBytes)} behind the old primary (max ${formatBytes(settings.maxLagBytes)})`,
        });
      }
    }
  } else if (old.reachable) {
    checks.push({ name: 'old primary stopped', outcome: 'ok', detail: `${old.label} answers but is in recovery (not a primary)` });
  } else if (old.unknown) {
    checks.push({
      name: 'old primary stopped',
      outcome: 'warning',
      detail: `${old.label} runs but did not answer SQL: ${old.detail ?? ''}`.trim(),
    });
    warnings.push(
      `The old primary ${old.label} runs but did not answer; the guard cannot tell whether it accepts writes. Stop it (${old.stopHint})`,
    );
  } else {
    checks.push({ name: 'old primary stopped', outcome: 'ok', detail: `${old.label}: ${old.detail ?? 'not reachable'}` });
  }

  // 5. Backup.
  let backupPath: string | undefined;
  if (settings.backup) {
    backupPath = `${settings.backup.dir.replace(/\/$/, '')}/${backupDirName(facts.now)}`;
    checks.push({
      name: 'backup',
      outcome: 'ok',
      detail: `pg_basebackup to ${backupPath}${target.filesPlace ? ` (${target.filesPlace})` : ''}`,
    });
  } else {
    checks.push({ name: 'backup', outcome: 'skipped', detail: 'no pre-promotion backup (-n / backup: false)' });
    warnings.push('No pre-promotion backup will be taken (-n / backup: false)');
  }

  return {
    target,
    refusal: refusals[0],
    checks,
    warnings,
    backupPath,
    promote: { method: target.promoteMethod, waitSeconds: settings.promoteWaitSeconds },
    restart: settings.restart,
    verify: {
      timeoutSeconds: settings.verifyTimeoutSeconds,
      standbySignal: dataDir ? `${dataDir.replace(/\/$/, '')}/standby.signal` : 'standby.signal',
    },
    previousTimeline: r.timeline,
    lagBytes,
    confirmed: settings.confirmed,
    dryRun: settings.dryRun,
  };
}

/** The plan as lines: the dry run, the checks behind a refusal, what a person is asked to agree to. */
export function describePlan(plan: PromotePlan<TargetInfo>): string[] {
  const mark = { ok: '✓', refused: '✗', warning: '!', skipped: '-' } as const;
  const lines = [`Promotion plan for ${plan.target.label}:`];
  for (const c of plan.checks) lines.push(`  ${mark[c.outcome]} ${c.name}: ${c.detail}`);
  lines.push(
    `  then: ${plan.promote.method} (wait up to ${plan.promote.waitSeconds} s)${plan.restart ? ', restart' : ''}, verify within ${plan.verify.timeoutSeconds} s`,
  );
  if (plan.dryRun) lines.push('Dry run: nothing was changed.');
  return lines;
}

/**
 * The face's part: the plan's lines, its warnings, its refusal, and, unless -y / confirm: yes was
 * given, the spec's question. The question comes before the pre-promotion backup, unlike the
 * spec's script: a "no" then leaves nothing behind, and the backup still precedes the promotion.
 */
export function describePromote(plan: PromotePlan<TargetInfo>): Description {
  const label = plan.target.label;
  const asks = !plan.confirmed && !plan.dryRun && !plan.refusal;
  return {
    lines: describePlan(plan),
    warnings: plan.warnings,
    dryRun: plan.dryRun,
    ...(plan.refusal ? { refusal: plan.refusal } : {}),
    ...(asks
      ? {
          confirmation: {
            warnings: ['THIS IS A DANGEROUS ONE-WAY OPERATION:', ...CRITICAL_WARNINGS.map((w) => `  - ${w}`)],
            question: `Type "yes" to promote ${label} to primary: `,
            accept: (answer: string) => answer.trim() === 'yes',
            unanswered: new AzaError(
              'CONFIRMATION_REQUIRED',
              `Promotion of ${label} needs confirmation and there is no terminal to ask on; nothing was changed`,
              'Run it in a terminal, or pass -y (--yes) once you are sure; in a workflow, set input confirm: yes.',
            ),
            declined: new AzaError('ABORTED', `Promotion cancelled: ${label} was left as it was`),
          },
        }
      : {}),
  };
}
