/** Reads each node of the drill (role, WAL receiver); changes nothing. */
import { run } from '../exec.js';
import type { OperationDeps } from '../operation.js';
import type { Reporter } from '../report.js';
import { openTarget } from '../target.js';
import type { DrillFacts, NodeFacts } from './plan.js';
import type { DrillSettings } from './settings.js';

const NODE_SQL = `SELECT pg_is_in_recovery()::text,
  coalesce((SELECT status || '|' || coalesce(sender_host, '') FROM pg_stat_wal_receiver LIMIT 1), ''),
  (current_setting('wal_log_hints') = 'on' OR current_setting('data_checksums') = 'on')::text`;

export async function readNode(name: string, settings: DrillSettings, deps: OperationDeps): Promise<NodeFacts> {
  const target = await openTarget(
    { kind: 'container', container: name, dataDir: settings.dataDir, user: settings.user, database: settings.database },
    { env: deps.env },
  );
  const [row] = await target.sql.query(NODE_SQL);
  const [status, senderHost] = (row?.[1] ?? '').split('|');
  const mounts = await run('docker', ['inspect', '-f', '{{range .Mounts}}{{.Destination}}{{"\\n"}}{{end}}', name], {
    env: deps.env,
    allowFailure: true,
  });
  return {
    name,
    target,
    inRecovery: row?.[0] === 'true',
    receiver: status ? { status, senderHost: senderHost ?? '' } : undefined,
    rewindable: row?.[2] === 'true',
    dataOnVolume: mounts.code === 0 && mounts.stdout.split('\n').includes(settings.dataDir.replace(/\/+$/, '')),
  };
}

export async function gatherDrillFacts(settings: DrillSettings, deps: OperationDeps, reporter: Reporter): Promise<DrillFacts> {
  return reporter.step('Check the nodes', async () => {
    const [primary, candidate, ...replicas] = await Promise.all(
      [settings.primary, settings.candidate, ...settings.replicas].map((n) => readNode(n, settings, deps)),
    );
    return { primary: primary!, candidate: candidate!, replicas };
  });
}
