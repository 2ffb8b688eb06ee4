// The failover of the demo. The drill (`aza-pg drill`) drives containers only today, so the demo
// does its planned failover by hand around the promote operation, which takes a local data
// directory: a canary row the replica must have replayed, the primary fenced (stopped), the
// replica promoted by `aza-pg promote --target data-dir`, the canary looked up on the new
// primary. RTO: from the fence to promote's first accepted write; RPO: canary rows lost.
import type { Cluster } from '../../src/core/cluster.js';
import { AzaError } from '../../src/core/errors.js';
import { execute, settingsFrom } from '../../src/core/operation.js';
import { promote } from '../../src/core/promote/index.js';
import type { Reporter } from '../../src/core/report.js';
import { waitUntil } from '../../src/core/wait.js';

export interface FailoverFigures {
  rtoSeconds: number;
  /** Canary rows missing on the new primary: 0 proves no committed write was lost. */
  rpoRows: number;
  timeline: number | undefined;
}

export async function failover(primary: Cluster, replica: Cluster, reporter: Reporter): Promise<FailoverFigures> {
  const token = `demo-${Date.now()}`;
  await primary.query('CREATE TABLE IF NOT EXISTS demo_canary (token text PRIMARY KEY, written_at timestamptz DEFAULT now())');
  await primary.query(`INSERT INTO demo_canary (token) VALUES ('${token}')`);
  const [[lsn]] = (await primary.query('SELECT pg_current_wal_lsn()::text')) as [[string]];
  const caughtUp = await waitUntil(
    async () => {
      const [[ok]] = (await replica.query(`SELECT (pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn)::text`)) as [[string]];
      return ok === 'true' ? { done: true, value: undefined } : { done: false, why: 'replica behind the canary' };
    },
    { timeoutMs: 30000 },
  );
  if (caughtUp.timedOut) throw new AzaError('INTERNAL', `The replica did not replay the canary (${lsn}) within 30 s`);

  const fenced = performance.now();
  await reporter.step('Fence the primary (pg_ctl stop -m fast)', () => primary.stop('fast'));
  const promoteRaw = {
    target: 'data-dir',
    'data-dir': replica.dataDir,
    'no-backup': 'true',
    yes: 'true',
    user: replica.superuser,
  };
  const promoted = await execute(promote, settingsFrom(promote, promoteRaw, process.env, process.cwd()), { env: process.env }, reporter);
  const rtoSeconds = (performance.now() - fenced) / 1000;
  const [[found]] = (await replica.query(`SELECT count(*)::text FROM demo_canary WHERE token = '${token}'`)) as [[string]];
  return { rtoSeconds, rpoRows: found === '1' ? 0 : 1, timeline: promoted.timeline };
}
