/** The failover drill: a rehearsal on a staging trio (or pair) of containers that measures itself. */
import type { Operation } from '../operation.js';
import { gatherDrillFacts } from './facts.js';
import { describeDrill, planDrill, type DrillFacts, type DrillPlan } from './plan.js';
import { drillFailureOutputs, drillOutputs, drillSummary, plannedDrillOutputs } from './report.js';
import { runDrill, type DrillResult } from './run.js';
import { DRILL_OPTIONS, drillSettings, type DrillSettings } from './settings.js';

export const drill: Operation<DrillSettings, DrillFacts, DrillPlan, DrillResult> = {
  name: 'drill',
  description:
    'Failover rehearsal on staging nodes (containers, data directories, connections): canary row, bounded catch-up, fence the primary, promote a replica, RTO and RPO, re-point the other replicas, rejoin the old primary.',
  branding: { icon: 'refresh-cw', color: 'orange' },
  options: DRILL_OPTIONS,
  outputSpecs: [
    { name: 'passed', description: 'true when every step of the drill succeeded' },
    { name: 'reason', description: 'Why the drill failed, and in what state it left the nodes; empty when it passed' },
    { name: 'rto-seconds', description: 'Seconds from fencing the old primary to the first successful write on the new one' },
    { name: 'rpo-bytes', description: 'WAL lost by the failover in bytes (0: the canary survived, RPO = 0 proven)' },
    { name: 'rpo-rows', description: 'Canary rows lost (0 or 1)' },
    {
      name: 'new-primary',
      description: 'The node that accepts writes after the drill (container, data directory, or user@host:port/database)',
    },
    { name: 'timeline', description: 'JSON list of the steps: step, start and seconds' },
    { name: 'topology', description: 'JSON of the new topology: primary, replicas (name, streaming), fenced' },
  ],
  cli: {
    usage: 'aza-pg drill --primary NAME --candidate NAME [--replicas A,B] [options]',
    examples: [
      'aza-pg drill --primary pg-a --candidate pg-b --replicas pg-c        # asks first',
      'aza-pg drill --primary pg-a --candidate pg-b --dry-run',
      'aza-pg drill --primary pg-a --candidate pg-b --max-catchup 10s -y',
      'aza-pg drill --target data-dir --primary /srv/pg/a --candidate /srv/pg/b --replicas /srv/pg/c --rejoin',
    ],
    done: (r) => `✓ Drill passed: ${r.newPrimary} is the primary; RTO ${r.rtoSeconds.toFixed(2)} s, RPO ${r.rpoBytes} bytes`,
  },
  settings: (inputs, env) => drillSettings(inputs, env),
  secrets: (s) => [s.password],
  gather: gatherDrillFacts,
  plan: planDrill,
  describe: describeDrill,
  run: runDrill,
  outputs: drillOutputs,
  plannedOutputs: plannedDrillOutputs,
  failureOutputs: drillFailureOutputs,
  summary: drillSummary,
  release: (facts) => {
    for (const n of [facts.primary, facts.candidate, ...facts.replicas]) n.target.close();
  },
};

export { DRILL_OPTIONS, drillSettings, type DrillSettings } from './settings.js';
export type { DrillResult } from './run.js';
