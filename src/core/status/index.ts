/** The status operation: role, lag, split brain, WAL archiving, certificates and backups of one or more nodes, judged against thresholds. */
import type { Operation } from '../operation.js';
import { gatherStatusFacts, type StatusFacts } from './facts.js';
import type { StatusPlan, StatusReport } from './model.js';
import { describeStatus, planStatus } from './plan.js';
import { statusErrorOutputs, statusOutputs, statusSummary } from './report.js';
import { runStatus } from './run.js';
import { STATUS_OPTIONS, statusSettings, type StatusSettings } from './settings.js';

export const status: Operation<StatusSettings, StatusFacts, StatusPlan, StatusReport> = {
  name: 'status',
  description:
    'Check PostgreSQL nodes (roles, replication lag, split brain, WAL archiving, certificate expiry, the newest backup); fails when a threshold is crossed.',
  branding: { icon: 'activity', color: 'green' },
  options: STATUS_OPTIONS,
  outputSpecs: [
    { name: 'verdict', description: 'ok, warning or failed (failed also fails the step)' },
    { name: 'primary', description: 'The node that accepts writes, when exactly one does' },
    { name: 'split-brain', description: 'true when more than one node accepts writes' },
    { name: 'max-lag-seconds', description: 'The largest replay lag among the replicas, in seconds' },
    { name: 'cert-days-left', description: 'Days until the soonest certificate expiry among those checked' },
    { name: 'backup-age-seconds', description: 'Age of the newest complete backup (the oldest of these among databases), in seconds' },
    { name: 'problems', description: 'The findings as a JSON array of {severity, check, node, message, hint}' },
    { name: 'report', description: 'The whole report as JSON: nodes, replication, slots, archiving, certificates, backups, thresholds' },
  ],
  cli: {
    usage: 'aza-pg status [nodes] [options]',
    examples: [
      'aza-pg status                                            # the server PGHOST/PGPORT describe',
      'aza-pg status container:postgres-primary,container:postgres-replica',
      'aza-pg status primary=db1:5432,replica=db2:5432 --user monitor --max-lag-seconds 30',
      'aza-pg status data-dir:/var/lib/postgresql/15/main --backup-dir /backups --cert-file certs/server.crt',
      'aza-pg status container:postgres-primary,container:postgres-replica --watch 10',
    ],
  },
  settings: statusSettings,
  secrets: (s) => s.secrets,
  gather: gatherStatusFacts,
  plan: planStatus,
  describe: describeStatus,
  run: runStatus,
  outputs: statusOutputs,
  summary: statusSummary,
  failureOutputs: statusErrorOutputs,
  watch: (s) => s.watchSeconds,
};

export { STATUS_OPTIONS, statusSettings, type StatusSettings } from './settings.js';
export { planStatus } from './plan.js';
export { topologyDiagram } from './topology.js';
export type { StatusReport, Finding, NodeStatus } from './model.js';
export type { StatusFacts } from './facts.js';
