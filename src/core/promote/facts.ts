/**
 * Reading the facts planning needs: the replica's recovery state (after a bounded wait for replay
 * to reach the WAL already received) and, when named, whether the old primary still accepts
 * writes. Read-only: nothing here changes either server.
 */
import { AzaError } from '../errors.js';
import type { OperationDeps } from '../operation.js';
import type { Reporter } from '../report.js';
import { inspectContainer } from '../docker.js';
import { shellWord } from '../exec.js';
import { openTarget, type Target } from '../target.js';
import { describeConnection } from '../pg.js';
import { waitUntil } from '../wait.js';
import { parseLsn, type OldPrimaryFacts, type PromoteFacts, type ReplicaFacts } from './plan.js';
import type { OldPrimarySpec, PromoteSettings } from './settings.js';

export const REPLICA_STATE_SQL = `SELECT pg_is_in_recovery()::text,
  CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused()::text ELSE 'false' END,
  pg_last_wal_receive_lsn()::text,
  pg_last_wal_replay_lsn()::text,
  (SELECT timeline_id::text FROM pg_control_checkpoint()),
  current_setting('server_version_num'),
  current_setting('data_directory')`;

export async function readReplicaState(target: Target): Promise<Omit<ReplicaFacts, 'catchUp'>> {
  let rows: string[][];
  try {
    rows = await target.sql.query(REPLICA_STATE_SQL);
  } catch (e) {
    if (e instanceof AzaError && e.code === 'SQL_FAILED' && /permission denied|must be superuser|privileges of/i.test(e.message)) {
      throw new AzaError(
        'PERMISSION_DENIED',
        `The user cannot read the recovery state of ${target.label}: ${e.message}`,
        'Promotion needs a superuser (or a role granted EXECUTE on pg_promote and membership in pg_monitor / pg_read_all_settings).',
      );
    }
    throw e;
  }
  const [inRecovery, paused, receive, replay, timeline, version, dataDirectory] = rows[0] ?? [];
  return {
    inRecovery: inRecovery === 'true',
    replayPaused: paused === 'true',
    receiveLsn: receive || undefined,
    replayLsn: replay || undefined,
    timeline: timeline ? Number(timeline) : undefined,
    versionNum: Number(version ?? 0),
    dataDirectory: dataDirectory || undefined,
  };
}

/**
 * Waits (bounded) until replay has reached what the WAL receiver already received, so promotion
 * starts from everything the replica has. Returns the state after the wait.
 */
export async function waitForReplayCatchUp(target: Target, timeoutSeconds: number, reporter: Reporter): Promise<ReplicaFacts> {
  let state: Omit<ReplicaFacts, 'catchUp'>;
  let lastReport = 0;
  const r = await waitUntil(
    async () => {
      state = await readReplicaState(target);
      const behind =
        state.inRecovery &&
        !state.replayPaused &&
        state.receiveLsn !== undefined &&
        state.replayLsn !== undefined &&
        parseLsn(state.replayLsn) < parseLsn(state.receiveLsn);
      return behind ? { done: false } : { done: true, value: state };
    },
    {
      timeoutMs: timeoutSeconds * 1000,
      onWait: (waitedMs) => {
        if (waitedMs - lastReport < 5000) return;
        lastReport = waitedMs;
        reporter.info(
          `Waiting for replay to catch up: replayed ${state.replayLsn}, received ${state.receiveLsn} (${Math.round(waitedMs / 1000)} s of ${timeoutSeconds} s)`,
        );
      },
    },
  );
  // A replica that did not catch up is a fact for the plan (which refuses it), not an error here.
  return { ...state!, catchUp: { waitedMs: r.waitedMs, caughtUp: !r.timedOut } };
}

const OLD_PRIMARY_SQL = `SELECT pg_is_in_recovery()::text, CASE WHEN pg_is_in_recovery() THEN '' ELSE pg_current_wal_lsn()::text END`;

/** Is the old primary up and accepting writes? Unreachable is the answer we hope for. */
export async function probeOldPrimary(spec: OldPrimarySpec, env: NodeJS.ProcessEnv): Promise<OldPrimaryFacts> {
  if (spec.kind === 'container') {
    const label = `container ${spec.container}`;
    const stopHint = `docker stop ${shellWord(spec.container)}`;
    const base = { label, stopHint, inRecovery: undefined, currentLsn: undefined, unknown: false };
    const state = await inspectContainer(spec.container, env);
    if (!state) return { ...base, reachable: false, detail: 'no such container' };
    if (!state.running) return { ...base, reachable: false, detail: `container is ${state.status}` };
    try {
      const target = await openTarget(
        { kind: 'container', container: spec.container, dataDir: '/var/lib/postgresql/data', user: 'postgres', database: 'postgres' },
        { env },
      );
      const [row] = await target.sql.query(OLD_PRIMARY_SQL);
      return { ...base, reachable: true, inRecovery: row?.[0] === 'true', currentLsn: row?.[1] || undefined, detail: undefined };
    } catch (e) {
      return { ...base, reachable: false, unknown: true, detail: e instanceof Error ? e.message : String(e) };
    }
  }
  const c = spec.connection;
  const label = `server ${describeConnection(c)}`;
  const stopHint = `on ${c.host}: docker stop <container>, pg_ctl stop -D <data dir>, or systemctl stop postgresql`;
  const base = { label, stopHint, inRecovery: undefined, currentLsn: undefined };
  try {
    const target = await openTarget({ kind: 'connection', connection: c }, { env });
    const [row] = await target.sql.query(OLD_PRIMARY_SQL);
    return {
      ...base,
      reachable: true,
      unknown: false,
      inRecovery: row?.[0] === 'true',
      currentLsn: row?.[1] || undefined,
      detail: undefined,
    };
  } catch (e) {
    const err = e instanceof AzaError ? e : undefined;
    // Refused / unreachable means down; anything else (bad password, permissions) means it runs.
    const down =
      err?.code === 'CONNECTION_FAILED' &&
      /refused|could not connect|translate host|timeout|No route|unreachable|No such file|shut ?down|starting up/i.test(err.message);
    return { ...base, reachable: false, unknown: !down, detail: err ? err.message : String(e) };
  }
}

/**
 * Opens the replica (the prerequisite checks), waits for replay to catch up and reads its state,
 * and probes the old primary when named. The target stays open for run; release closes it.
 */
export async function gatherPromoteFacts(settings: PromoteSettings, deps: OperationDeps, reporter: Reporter): Promise<PromoteFacts> {
  const env = deps.env;
  const target = await reporter.step('Prerequisites', () => openTarget(settings.target, { env }));
  try {
    return await reporter.step(`State of ${target.label}`, async () => ({
      target,
      replica: await waitForReplayCatchUp(target, settings.catchupTimeoutSeconds, reporter),
      oldPrimary: settings.oldPrimary ? await probeOldPrimary(settings.oldPrimary, env) : undefined,
      now: (deps.now ?? (() => new Date()))(),
    }));
  } catch (e) {
    target.close();
    throw e;
  }
}
