/** Replica promotion (failover): checks, the split-brain guard, an online promotion, verification (see docs/promote.md). */
import type { Operation } from '../operation.js';
import { connectionSecrets } from '../pg.js';
import { gatherPromoteFacts } from './facts.js';
import { describePromote, planPromote, type PromoteFacts, type PromotePlan } from './plan.js';
import { plannedPromoteOutputs, promoteOutputs, promoteSummary } from './report.js';
import { runPromote, type PromoteResult } from './run.js';
import { PROMOTE_OPTIONS, promoteSettings, type PromoteSettings } from './settings.js';

export const promote: Operation<PromoteSettings, PromoteFacts, PromotePlan, PromoteResult> = {
  name: 'promote',
  description:
    'Promote a replica to primary (failover) in a container, a local data directory or over a connection: checks, split-brain guard, pre-promotion backup, online promotion, a verified write.',
  branding: { icon: 'arrow-up-circle', color: 'red' },
  options: PROMOTE_OPTIONS,
  outputSpecs: [
    {
      name: 'promoted',
      description: 'true when the replica was promoted and verified (out of recovery, standby.signal gone, a write accepted).',
    },
    { name: 'timeline', description: 'Timeline of the new primary.' },
    { name: 'lsn', description: 'WAL position on the new primary right after the verification write.' },
    { name: 'duration-ms', description: 'Milliseconds from the promote call to the first accepted write.' },
    {
      name: 'backup-path',
      description: 'Where the pre-promotion backup was written (inside the container for target container); empty when skipped or failed.',
    },
  ],
  cli: {
    usage: 'aza-pg promote [-c NAME] [-d PATH] [-n] [-y] [options]',
    examples: [
      'aza-pg promote                                   # container postgres-replica (or $POSTGRES_CONTAINER_NAME), asks first',
      'aza-pg promote -c my-replica -y                  # no confirmation (DANGEROUS!)',
      'aza-pg promote -n -y                             # no backup (faster, riskier)',
      'aza-pg promote -c postgres-replica --old-primary-container postgres-primary',
      'aza-pg promote --target data-dir -d /var/lib/postgresql/15/main --backup-dir /srv/backups',
      'PGPASSWORD=… aza-pg promote --target connection --host replica.internal -n -y',
    ],
    done: (r) => `✓ ${r.target} is now a primary (timeline ${r.timeline}, ${((r.durationMs ?? 0) / 1000).toFixed(2)} s without writes)`,
  },
  settings: promoteSettings,
  secrets: (s) => [
    ...(s.target.kind === 'connection' ? connectionSecrets(s.target.connection) : []),
    ...(s.oldPrimary?.kind === 'connection' ? connectionSecrets(s.oldPrimary.connection) : []),
  ],
  gather: gatherPromoteFacts,
  plan: planPromote,
  describe: describePromote,
  run: runPromote,
  outputs: promoteOutputs,
  plannedOutputs: plannedPromoteOutputs,
  summary: promoteSummary,
  release: (facts) => {
    void facts.lock?.release();
    facts.target.close();
  },
};

export * from './settings.js';
export * from './plan.js';
export { probeOldPrimary, readReplicaState, waitForReplayCatchUp, REPLICA_STATE_SQL } from './facts.js';
export type { PromoteResult } from './run.js';
