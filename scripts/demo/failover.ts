// The demo's failover: `aza-pg drill --target data-dir --primary <dir> --candidate <dir> --rejoin -y`
// on the two local clusters. The drill writes a canary, waits for the replica to replay it, fences
// the primary (pg_ctl stop), promotes the replica through the promote operation, measures RTO and
// RPO, and rewinds the old primary with pg_rewind into a replica of the new one.
import type { Cluster } from '../../src/core/cluster.js';
import { drill, type DrillResult } from '../../src/core/drill/index.js';
import { execute, settingsFrom } from '../../src/core/operation.js';
import type { Reporter } from '../../src/core/report.js';

export async function failover(primary: Cluster, replica: Cluster, reporter: Reporter): Promise<DrillResult> {
  const raw = {
    target: 'data-dir',
    primary: primary.dataDir,
    candidate: replica.dataDir,
    rejoin: 'true',
    yes: 'true',
    user: primary.superuser,
  };
  const result = await execute(drill, settingsFrom(drill, raw, process.env, process.cwd()), { env: process.env }, reporter);
  await reporter.table(drill.summary(result)!);
  return result;
}
