/**
 * Carrying the drill out (consent given): canary, bounded catch-up, fencing, promotion through the
 * promote operation, RPO and RTO, re-pointing the other replicas, rejoining the old primary. Every
 * step is timed. Nothing is done that could leave two writable primaries: the candidate is
 * promoted only while the old primary is verifiably down (checked after fencing and again just
 * before promoting), and a failed promotion starts the old primary again only while the candidate
 * is verifiably still a replica.
 */
import { randomBytes } from 'node:crypto';
import { AzaError, toAzaError } from '../errors.js';
import type { RawInputs } from '../inputs.js';
import { execute, settingsFrom, type OperationDeps } from '../operation.js';
import { quoteLiteral } from '../pg.js';
import { promote } from '../promote/index.js';
import type { Reporter } from '../report.js';
import type { Target } from '../target.js';
import { notYet, waitUntil } from '../wait.js';
import { connectionUri, repointConninfo } from './address.js';
import { rewindContainer } from './container-node.js';
import { readState } from './facts.js';
import { rewindLocal } from './local-node.js';
import { downUnpromoted, fenceNode, nodeDown, startNode } from './nodes.js';
import { describeReceiver, streamsFrom, type DrillPlan, type LocalServer, type NodeFacts } from './plan.js';

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
    const { action, state } = await fenceNode(primary, s, deps, (m) => reporter.warn(m));
    if (state.down !== true) throw fenceFailed(plan, `${action}; ${state.detail}`);
  });

  // What the candidate had when the old primary went down: the base of the RPO.
  const replayedAtFence = await one(candidate.target, 'SELECT pg_last_wal_replay_lsn()::text');

  // 4. Promote through the promote operation: its checks, its split-brain guard, its verification.
  const promoted = await step(`Promote ${s.candidate}`, async () => {
    // A fenced primary can come back (a supervisor, a restart policy, a person): look again.
    const again = await nodeDown(primary, s, env);
    if (again.down !== true) throw fenceFailed(plan, `it was down after fencing, and now ${again.detail}`);
    const settings = settingsFrom(
      promote,
      promoteInputs(plan),
      s.password === undefined ? env : { ...env, PGPASSWORD: s.password },
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
      const next = repointConninfo(conninfo, primary.address, candidate.address);
      if (next === undefined) {
        throw new AzaError(
          'DRILL_FAILED',
          `${replica.name}'s primary_conninfo does not name ${s.primary} as host=… (and port); it was left as it is. ${s.candidate} is the primary now`,
          `Point ${replica.name} at ${s.candidate} by hand (ALTER SYSTEM SET primary_conninfo, SELECT pg_reload_conf()).`,
        );
      }
      try {
        await replica.target.sql.query(`ALTER SYSTEM SET primary_conninfo = ${quoteLiteral(next)}`);
        await replica.target.sql.query('SELECT pg_reload_conf()');
      } catch (e) {
        throw new AzaError(
          'DRILL_FAILED',
          `${replica.name} could not be re-pointed to ${s.candidate}: ${toAzaError(e).message}. ${s.candidate} is the primary now`,
          `Re-point it as a superuser: ALTER SYSTEM SET primary_conninfo = '…host of ${s.candidate}…'; SELECT pg_reload_conf();`,
        );
      }
      const r = await waitForStreaming(replica, plan);
      if (r.timedOut) {
        throw new AzaError(
          'DRILL_FAILED',
          `${replica.name} does not stream from ${s.candidate} ${s.streamTimeoutSeconds} s after re-pointing (${r.why ?? 'no answer'}). ${s.candidate} is the primary now`,
          `Read ${replica.name}'s log (${replica.target.logHint()}): a replica ahead of the new timeline needs pg_rewind or a new base backup.`,
        );
      }
      replicas.push({ name: replica.name, streaming: true });
    });
  }

  // 7. The old primary rejoins as a replica of the new one.
  const fenced: string[] = [s.primary];
  if (s.rejoin) {
    await step(`Rejoin ${s.primary} as a replica of ${s.candidate}`, async () => {
      await rejoin(plan, deps);
      fenced.length = 0;
      replicas.push({ name: s.primary, streaming: true });
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
    topology: { primary: s.candidate, replicas, fenced },
    newTimeline: promoted.timeline,
  };
}

function fenceFailed(plan: DrillPlan, detail: string): AzaError {
  const s = plan.settings;
  return new AzaError(
    'DRILL_FENCE_FAILED',
    `${s.primary} could not be fenced (${detail}); nothing was promoted, ${s.primary} is still the primary`,
    `Find out why it did not stop (${plan.facts.primary.target.logHint()}) and stop it by hand (${plan.facts.primary.target.stopHint()}) before any promotion; or start it again if the drill is off.`,
  );
}

/** Where a local server takes connections on this machine: its socket directory, else its address. */
function localHost(l: LocalServer): string {
  return l.socketDir ?? (l.listenAddress && l.listenAddress !== '*' ? l.listenAddress : 'localhost');
}

/** The promote operation's inputs for the candidate, with the old primary for its split-brain guard. */
function promoteInputs(plan: DrillPlan): RawInputs {
  const s = plan.settings;
  const common = { 'no-backup': 'true', yes: 'true', database: s.database };
  const { primary, candidate } = plan.facts;
  const spec = s.nodes[s.candidate]!;
  const old = s.nodes[s.primary]!;
  if (spec.kind === 'container') {
    return {
      ...common,
      target: 'container',
      container: s.candidate,
      'data-dir': s.dataDir,
      'old-primary-container': s.primary,
      user: s.user,
    };
  }
  if (spec.kind === 'data-dir') {
    const l = primary.local!;
    return {
      ...common,
      target: 'data-dir',
      'data-dir': candidate.local!.dataDir,
      user: s.user,
      'old-primary': connectionUri({ host: localHost(l), port: l.port, user: s.user, database: s.database }),
    };
  }
  const c = spec.connection;
  return {
    ...common,
    target: 'connection',
    host: c.host,
    port: String(c.port),
    user: c.user,
    database: c.database,
    ...(c.sslmode ? { sslmode: c.sslmode } : {}),
    ...(old.kind === 'connection' ? { 'old-primary': connectionUri(old.connection) } : {}),
  };
}

/**
 * After a failed promotion: if the candidate is verifiably still a replica, the old primary is
 * started again (back to one primary, the old topology); otherwise it stays down, so two
 * writable primaries can never exist. The error says which.
 */
async function afterFailedPromotion(plan: DrillPlan, deps: OperationDeps, cause: AzaError): Promise<AzaError> {
  const s = plan.settings;
  const env = deps.env;
  let candidateInRecovery: boolean | undefined;
  try {
    candidateInRecovery = (await one(plan.facts.candidate.target, 'SELECT pg_is_in_recovery()::text')) === 'true';
  } catch {
    candidateInRecovery = undefined;
  }
  // A candidate that is down cannot take writes now, and with its standby.signal still in place it
  // never promoted, so it restarts as a replica: the old primary may come back.
  const candidateDownUnpromoted = candidateInRecovery === undefined && (await downUnpromoted(plan.facts.candidate, s, env));
  if (candidateInRecovery === true || candidateDownUnpromoted) {
    const notStarted = await startNode(plan.facts.primary, env);
    const back =
      notStarted === undefined &&
      !(
        await waitUntil(
          async () => {
            try {
              return (await one(plan.facts.primary.target, 'SELECT pg_is_in_recovery()::text')) === 'false'
                ? { done: true as const, value: true }
                : { done: false as const, why: 'in recovery' };
            } catch (e) {
              return notYet(e);
            }
          },
          { timeoutMs: 60000, intervalMs: 250 },
        )
      ).timedOut;
    const state = back
      ? `${s.primary} was started again and is the only primary (the old topology)`
      : `${s.primary} could not be started again (${notStarted ?? 'it does not accept writes within 60 s'}): check it before anything else (${plan.facts.primary.target.logHint()})`;
    const where = candidateDownUnpromoted ? 'is down and never promoted (its standby.signal is in place)' : 'is still a replica';
    return new AzaError(
      'DRILL_FAILED',
      `Promotion of ${s.candidate} failed: ${cause.message}. ${s.candidate} ${where}; ${state}`,
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

/** Waits until `node` streams from the new primary; the timeout result carries the last state. */
async function waitForStreaming(node: NodeFacts, plan: DrillPlan) {
  const s = plan.settings;
  return waitUntil(
    async () => {
      try {
        const state = await readState(node.target);
        return streamsFrom(state, plan.facts.candidate.address)
          ? { done: true as const, value: true }
          : { done: false as const, why: describeReceiver(state.receiver) };
      } catch (e) {
        return notYet(e);
      }
    },
    { timeoutMs: s.streamTimeoutSeconds * 1000, intervalMs: 250 },
  );
}

/**
 * pg_rewind of the stopped old primary from the new one, its standby.signal and the new
 * primary_conninfo (the candidate's former one, pointed at the candidate); only when that
 * succeeded is the old primary started again, as a replica.
 */
async function rejoin(plan: DrillPlan, deps: OperationDeps): Promise<void> {
  const s = plan.settings;
  const env = deps.env;
  const { primary, candidate } = plan.facts;
  const conninfo = repointConninfo(await one(candidate.target, 'SHOW primary_conninfo'), primary.address, candidate.address);
  if (conninfo === undefined) {
    throw new AzaError(
      'DRILL_FAILED',
      `Cannot rejoin ${s.primary}: ${s.candidate}'s former primary_conninfo does not name it as host=…, so there is no connection string to follow the new primary with. ${s.candidate} is the primary; ${s.primary} stays stopped`,
    );
  }
  // pg_rewind needs the new timeline in the source's control file: a promotion writes it only at
  // its next checkpoint.
  await candidate.target.sql.query('CHECKPOINT');
  const failed =
    primary.kind === 'container'
      ? await rewindContainer(primary, conninfo, s, env)
      : await rewindLocal(
          primary.local!,
          { host: localHost(candidate.local!), port: candidate.local!.port, user: s.user, database: s.database },
          conninfo,
          env,
        );
  if (failed !== undefined) {
    throw new AzaError(
      'DRILL_FAILED',
      `pg_rewind of ${s.primary} from ${s.candidate} failed (${failed}). ${s.candidate} is the primary; ${s.primary} stays stopped`,
      `Rebuild ${s.primary} as a replica with pg_basebackup, or read the error above and run pg_rewind by hand.`,
    );
  }
  const notStarted = await startNode(primary, env);
  if (notStarted !== undefined) {
    throw new AzaError('DRILL_FAILED', `${s.primary} was rewound but does not start: ${notStarted}. ${s.candidate} is the primary`);
  }
  const r = await waitForStreaming(primary, plan);
  if (r.timedOut) {
    throw new AzaError(
      'DRILL_FAILED',
      `${s.primary} was rewound and started but does not stream from ${s.candidate} within ${s.streamTimeoutSeconds} s (${r.why ?? 'no answer'}). ${s.candidate} is the primary`,
      `Read its log: ${primary.target.logHint()}.`,
    );
  }
}
export { repointConninfo } from './address.js';
