/**
 * Carrying the drill out (consent given): canary, bounded catch-up, fencing, promotion through the
 * promote operation, RPO and RTO, re-pointing the other replicas. Every step is timed. Nothing is
 * done that could leave two writable primaries: the candidate is promoted only after the old
 * primary is verifiably down, and a failed promotion starts the old primary again only while the
 * candidate is verifiably still a replica.
 */
import { randomBytes } from 'node:crypto';
import { AzaError, toAzaError } from '../errors.js';
import { run } from '../exec.js';
import { execute, settingsFrom, type OperationDeps } from '../operation.js';
import { quoteLiteral } from '../pg.js';
import { promote } from '../promote/index.js';
import type { Reporter } from '../report.js';
import type { Target } from '../target.js';
import { notYet, waitUntil } from '../wait.js';
import { readNode } from './facts.js';
import type { DrillPlan } from './plan.js';

export const CANARY_TABLE = 'aza_pg_drill_canary';

export interface DrillStep {
  name: string;
  /** Seconds since the drill started. */
  startSeconds: number;
  seconds: number;
}

export interface DrillResult {
  oldPrimary: string;
  newPrimary: string;
  canaryLsn: string;
  /** From fencing the old primary to the first successful write on the new one. */
  rtoSeconds: number;
  /** WAL between the canary and what the candidate had replayed when it was promoted (0: none lost). */
  rpoBytes: number;
  /** Canary rows missing on the new primary (0 or 1). */
  rpoRows: number;
  catchupSeconds: number;
  timeline: DrillStep[];
  topology: { primary: string; replicas: Array<{ name: string; streaming: boolean }>; fenced: string[] };
  newTimeline: number | undefined;
}

async function one(target: Target, sql: string): Promise<string> {
  const [row] = await target.sql.query(sql);
  return row?.[0] ?? '';
}

async function containerRunning(name: string, env: NodeJS.ProcessEnv): Promise<boolean | undefined> {
  const r = await run('docker', ['inspect', '-f', '{{.State.Running}}', name], { env, allowFailure: true });
  if (r.code !== 0) return undefined;
  return r.stdout.trim() === 'true';
}

/** `host=<from>` -> `host=<to>` in a libpq conninfo string; undefined when it names no such host. */
export function repointConninfo(conninfo: string, from: string, to: string): string | undefined {
  const re = /(^|\s)host=('?)([^\s']+)\2(?=\s|$)/;
  const m = re.exec(conninfo);
  if (!m || m[3] !== from) return undefined;
  return conninfo.replace(re, `$1host=$2${to}$2`);
}

export async function runDrill(plan: DrillPlan, deps: OperationDeps, reporter: Reporter): Promise<DrillResult> {
  const s = plan.settings;
  const env = deps.env;
  const { primary, candidate } = plan.facts;
  const t0 = performance.now();
  const timeline: DrillStep[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await reporter.step(name, fn);
    } finally {
      timeline.push({ name, startSeconds: (start - t0) / 1000, seconds: (performance.now() - start) / 1000 });
    }
  };
  const token = `drill-${new Date().toISOString()}-${randomBytes(4).toString('hex')}`;

  // 1. The canary: a committed row and the WAL position after it.
  const canaryLsn = await step(`Canary row on ${s.primary}`, async () => {
    await primary.target.sql.query(
      `CREATE TABLE IF NOT EXISTS ${CANARY_TABLE} (id bigserial PRIMARY KEY, token text NOT NULL, written_at timestamptz NOT NULL DEFAULT now())`,
    );
    await primary.target.sql.query(`INSERT INTO ${CANARY_TABLE} (token) VALUES (${quoteLiteral(token)})`);
    return one(primary.target, 'SELECT pg_current_wal_lsn()::text');
  });

  // 2. Bounded catch-up: a lagging candidate stops the drill here, before anything changed.
  const catchupStart = performance.now();
  await step(`${s.candidate} replays the canary`, async () => {
    const r = await waitUntil(
      async () => {
        try {
          const replayed = await one(
            candidate.target,
            `SELECT (pg_last_wal_replay_lsn() >= ${quoteLiteral(canaryLsn)}::pg_lsn)::text || '|' || pg_last_wal_replay_lsn()::text`,
          );
          const [ok, lsn] = replayed.split('|');
          return ok === 'true' ? { done: true, value: lsn } : { done: false, why: `replayed up to ${lsn}` };
        } catch (e) {
          return notYet(e);
        }
      },
      { timeoutMs: s.maxCatchupSeconds * 1000, intervalMs: 100 },
    );
    if (r.timedOut) {
      throw new AzaError(
        'DRILL_LAGGING',
        `${s.candidate} did not replay the canary (LSN ${canaryLsn}) within ${s.maxCatchupSeconds} s (${r.why ?? 'no answer'}); the drill stopped before fencing, nothing was changed: ${s.primary} is still the primary`,
      );
    }
  });
  const catchupSeconds = (performance.now() - catchupStart) / 1000;

  // 3. Fence: the old primary must be down before anything is promoted.
  const fenceStart = performance.now();
  await step(`Fence ${s.primary}`, async () => {
    const stopped = await run('docker', ['stop', '-t', String(s.fenceTimeoutSeconds), s.primary], {
      env,
      allowFailure: true,
      timeoutMs: (s.fenceTimeoutSeconds + 30) * 1000,
    });
    const running = await containerRunning(s.primary, env);
    if (running !== false) {
      throw new AzaError(
        'DRILL_FENCE_FAILED',
        `${s.primary} could not be fenced (docker stop: ${stopped.code === 0 ? 'ok' : stopped.stderr.trim() || `exit ${stopped.code}`}; running: ${running === undefined ? 'unknown' : 'yes'}); nothing was promoted, ${s.primary} is still the primary`,
      );
    }
  });

  // What the candidate had when the old primary went down: the base of the RPO.
  const replayedAtFence = await one(candidate.target, 'SELECT pg_last_wal_replay_lsn()::text');

  // 4. Promote through the promote operation: its checks, its split-brain guard, its verification.
  const promoted = await step(`Promote ${s.candidate}`, async () => {
    const settings = settingsFrom(
      promote,
      {
        target: 'container',
        container: s.candidate,
        'data-dir': s.dataDir,
        'no-backup': 'true',
        yes: 'true',
        'old-primary-container': s.primary,
        user: s.user,
        database: s.database,
      },
      env,
      process.cwd(),
    );
    try {
      return await execute(promote, settings, deps, reporter);
    } catch (e) {
      throw await afterFailedPromotion(plan, deps, toAzaError(e));
    }
  });

  // 5. RPO from the canary, RTO at the first write the new primary takes.
  const { present, rtoSeconds } = await step(`Canary and a write on ${s.candidate}`, async () => {
    const found = await one(candidate.target, `SELECT count(*) FROM ${CANARY_TABLE} WHERE token = ${quoteLiteral(token)}`);
    await candidate.target.sql.query(`INSERT INTO ${CANARY_TABLE} (token) VALUES (${quoteLiteral(`${token}-after`)})`);
    return { present: found === '1', rtoSeconds: (performance.now() - fenceStart) / 1000 };
  });
  const rpoBytes = present
    ? 0
    : Math.max(
        0,
        Number(await one(candidate.target, `SELECT pg_wal_lsn_diff(${quoteLiteral(canaryLsn)}, ${quoteLiteral(replayedAtFence)})`)),
      );

  // 6. The other replicas follow the new primary.
  const replicas: Array<{ name: string; streaming: boolean }> = [];
  for (const replica of plan.facts.replicas) {
    await step(`Re-point ${replica.name} to ${s.candidate}`, async () => {
      const conninfo = await one(replica.target, 'SHOW primary_conninfo');
      const next = repointConninfo(conninfo, s.primary, s.candidate);
      if (next === undefined) {
        throw new AzaError(
          'DRILL_FAILED',
          `${replica.name}'s primary_conninfo does not name ${s.primary} as host=…; it was left as it is. ${s.candidate} is the primary now`,
          `Point ${replica.name} at ${s.candidate} by hand (ALTER SYSTEM SET primary_conninfo, SELECT pg_reload_conf()).`,
        );
      }
      await replica.target.sql.query(`ALTER SYSTEM SET primary_conninfo = ${quoteLiteral(next)}`);
      await replica.target.sql.query('SELECT pg_reload_conf()');
      const r = await waitUntil(
        async () => {
          try {
            const node = await readNode(replica.name, s, deps);
            return node.receiver?.status === 'streaming' && node.receiver.senderHost === s.candidate
              ? { done: true, value: true }
              : { done: false, why: node.receiver ? `${node.receiver.status} from ${node.receiver.senderHost}` : 'no WAL receiver' };
          } catch (e) {
            return notYet(e);
          }
        },
        { timeoutMs: s.streamTimeoutSeconds * 1000, intervalMs: 250 },
      );
      if (r.timedOut) {
        throw new AzaError(
          'DRILL_FAILED',
          `${replica.name} does not stream from ${s.candidate} ${s.streamTimeoutSeconds} s after re-pointing (${r.why ?? 'no answer'}). ${s.candidate} is the primary now`,
          `Read ${replica.name}'s log (docker logs ${replica.name} | tail -50): a replica ahead of the new timeline needs pg_rewind or a new base backup.`,
        );
      }
      replicas.push({ name: replica.name, streaming: true });
    });
  }

  return {
    oldPrimary: s.primary,
    newPrimary: s.candidate,
    canaryLsn,
    rtoSeconds,
    rpoBytes,
    rpoRows: present ? 0 : 1,
    catchupSeconds,
    timeline,
    topology: { primary: s.candidate, replicas, fenced: [s.primary] },
    newTimeline: promoted.timeline,
  };
}

/**
 * After a failed promotion: if the candidate is verifiably still a replica, the old primary is
 * started again (back to one primary, the old topology); otherwise it stays down, so two
 * writable primaries can never exist. The error says which.
 */
async function afterFailedPromotion(plan: DrillPlan, deps: OperationDeps, cause: AzaError): Promise<AzaError> {
  const s = plan.settings;
  let candidateInRecovery: boolean | undefined;
  try {
    candidateInRecovery = (await one(plan.facts.candidate.target, 'SELECT pg_is_in_recovery()::text')) === 'true';
  } catch {
    candidateInRecovery = undefined;
  }
  if (candidateInRecovery === true) {
    const started = await run('docker', ['start', s.primary], { env: deps.env, allowFailure: true });
    const state =
      started.code === 0
        ? `${s.primary} was started again and is the only primary (the old topology)`
        : `${s.primary} could not be started again (${started.stderr.trim()}): no node accepts writes; start it with docker start ${s.primary}`;
    return new AzaError(
      'DRILL_FAILED',
      `Promotion of ${s.candidate} failed: ${cause.message}. ${s.candidate} is still a replica; ${state}`,
      cause.hint,
      {
        cause,
      },
    );
  }
  const state =
    candidateInRecovery === false
      ? `${s.candidate} accepts writes and is the only primary; ${s.primary} stays fenced`
      : `${s.candidate}'s state is unknown, so ${s.primary} stays fenced: check ${s.candidate} before starting anything`;
  return new AzaError('DRILL_FAILED', `Promotion of ${s.candidate} failed: ${cause.message}. ${state}`, cause.hint, { cause });
}
