/** Replica promotion: settings, facts, planning and the run (see docs/promote.md). */
export * from './settings.js';
export * from './plan.js';
export { gatherPromoteFacts, probeOldPrimary, readReplicaState, waitForReplayCatchUp, REPLICA_STATE_SQL } from './facts.js';
export { promoteReplica, promoteSummary, runPromote, type PromoteDeps, type PromoteResult } from './run.js';
