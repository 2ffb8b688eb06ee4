/**
 * Reading the facts planning needs: the replica's recovery state (after a bounded wait for replay
 * to reach the WAL already received) and, when named, whether the old primary still accepts
 * writes. Read-only: nothing here changes either server.
 */
import { AzaError } from '../errors.js';
import type { OperationDeps } from '../operation.js';
import type { Reporter } from '../report.js';
import { inspectContainer } from '../docker.js';
import { connectionInfo, containerInfo, openTarget, type Target, type TargetSpec } from '../target.js';
import { waitUntil } from '../wait.js';
import { holdServerLock, type ServerLock } from '../server-lock.js';
import { parseLsn, type OldPrimaryFacts, type PromoteFacts, type ReplicaFacts } from './plan.js';
import { DEFAULT_DATA_DIR, type OldPrimarySpec, type PromoteSettings } from './settings.js';

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

async function readOldPrimary(spec: TargetSpec, env: NodeJS.ProcessEnv): Promise<{ inRecovery: boolean; currentLsn: string | undefined }> {
  const target = await openTarget(spec, { env });
  try {
    const [row] = await target.sql.query(OLD_PRIMARY_SQL);
    return { inRecovery: row?.[0] === 'true', currentLsn: row?.[1] || undefined };
  } finally {
    target.close();
  }
}

/**
 * Is the old primary up and accepting writes? Unreachable is the answer we hope for. A container
 * that runs but does not answer is unknown; over a connection, only a refused or unreachable
 * server counts as down (a bad password or missing rights mean it runs).
 */
export async function probeOldPrimary(spec: OldPrimarySpec, env: NodeJS.ProcessEnv): Promise<OldPrimaryFacts> {
  const targetSpec: TargetSpec =
    spec.kind === 'container'
      ? { kind: 'container', container: spec.container, dataDir: DEFAULT_DATA_DIR, user: 'postgres', database: 'postgres' }
      : { kind: 'connection', connection: spec.connection };
  const info = targetSpec.kind === 'container' ? containerInfo(targetSpec) : connectionInfo(targetSpec);
  const base = {
    label: info.label,
    stopHint: info.stopHint(),
    inRecovery: undefined,
    currentLsn: undefined,
    unknown: false,
    detail: undefined,
  };
  if (spec.kind === 'container') {
    const state = await inspectContainer(spec.container, env);
    if (!state) return { ...base, reachable: false, detail: 'no such container' };
    if (!state.running) return { ...base, reachable: false, detail: `container is ${state.status}` };
  }
  try {
    return { ...base, reachable: true, ...(await readOldPrimary(targetSpec, env)) };
  } catch (e) {
    const err = e instanceof AzaError ? e : undefined;
    const down =
      spec.kind === 'connection' &&
      err?.code === 'CONNECTION_FAILED' &&
      /refused|could not connect|translate host|timeout|No route|unreachable|No such file|shut ?down|starting up/i.test(err.message);
    return { ...base, reachable: false, unknown: !down, detail: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Opens the replica (the prerequisite checks), waits for replay to catch up and reads its state,
 * and probes the old primary when named. The target stays open for run; release closes it.
 */
export async function gatherPromoteFacts(settings: PromoteSettings, deps: OperationDeps, reporter: Reporter): Promise<PromoteFacts> {
  const env = deps.env;
  // The old primary is asked while the replica is opened and read: neither waits for the other.
  const oldPrimary = settings.oldPrimary ? probeOldPrimary(settings.oldPrimary, env) : Promise.resolve(undefined);
  oldPrimary.catch(() => {});
  // One psql session holds the replica from the checks to the verification write (see openTarget).
  const target = await reporter.step('Prerequisites', () => openTarget(settings.target, { env, session: true }));
  let lock: ServerLock | undefined;
  try {
    // One promotion of a replica at a time, decided on the replica itself whatever way each run
    // reaches it; the state is read after, so a run that waited sees what the first one did.
    if (!settings.dryRun) lock = await holdServerLock(target.session(), 'promote', 'replica', target.label);
    return await reporter.step(`State of ${target.label}`, async () => ({
      target,
      lock,
      replica: await waitForReplayCatchUp(target, settings.catchupTimeoutSeconds, reporter),
      oldPrimary: await oldPrimary,
      now: (deps.now ?? (() => new Date()))(),
    }));
  } catch (e) {
    void lock?.release();
    target.close();
    throw e;
  }
}
