/**
 * What the drill found (facts: each node's role and where it streams from) and what it will do
 * (plan: pure). A trio in another shape is refused here, before anything is touched.
 */
import { AzaError } from '../errors.js';
import type { Confirmation, Description } from '../operation.js';
import type { Target } from '../target.js';
import type { DrillSettings } from './settings.js';

export interface NodeFacts {
  name: string;
  target: Target;
  inRecovery: boolean;
  /** pg_stat_wal_receiver: status and the host it streams from (replicas only). */
  receiver: { status: string; senderHost: string } | undefined;
  /** wal_log_hints or data checksums: pg_rewind can later rewind this node. */
  rewindable: boolean;
  /** The data directory is on a volume (so pg_rewind can reach it while the container is stopped). */
  dataOnVolume: boolean;
}

export interface DrillFacts {
  primary: NodeFacts;
  candidate: NodeFacts;
  replicas: NodeFacts[];
}

export interface DrillPlan {
  settings: DrillSettings;
  facts: DrillFacts;
  steps: string[];
}

function streamsFrom(node: NodeFacts, primary: string): boolean {
  return node.inRecovery && node.receiver?.status === 'streaming' && node.receiver.senderHost === primary;
}

export function planDrill(settings: DrillSettings, facts: DrillFacts): DrillPlan {
  const problems: string[] = [];
  if (facts.primary.inRecovery) problems.push(`${settings.primary} is in recovery: it is not a primary`);
  if (settings.rejoin && !facts.primary.rewindable) {
    problems.push(
      `${settings.primary} cannot be rejoined with pg_rewind: it has neither wal_log_hints nor data checksums on (set wal_log_hints = on and restart it, or drill without rejoin)`,
    );
  }
  if (settings.rejoin && !facts.primary.dataOnVolume) {
    problems.push(
      `${settings.primary} cannot be rejoined with pg_rewind: its data directory ${settings.dataDir} is not on a volume, so nothing can rewind it while the container is stopped (mount a volume there, or drill without rejoin)`,
    );
  }
  for (const node of [facts.candidate, ...facts.replicas]) {
    if (!node.inRecovery) problems.push(`${node.name} accepts writes: it is not a replica (split brain?)`);
    else if (!streamsFrom(node, settings.primary)) {
      problems.push(
        `${node.name} does not stream from ${settings.primary} (${node.receiver ? `${node.receiver.status} from ${node.receiver.senderHost}` : 'no WAL receiver'})`,
      );
    }
  }
  if (problems.length) {
    throw new AzaError(
      'DRILL_REFUSED',
      `The failover drill was not started, nothing was changed: ${problems.join('; ')}`,
      'The drill rehearses a healthy cluster: one primary and replicas streaming from it. Check the nodes with aza-pg status.',
    );
  }
  const steps = [
    `Write a canary row on ${settings.primary} and note its LSN`,
    `Wait up to ${settings.maxCatchupSeconds} s for ${settings.candidate} to replay it`,
    `Fence ${settings.primary}: docker stop (up to ${settings.fenceTimeoutSeconds} s), then check it is down`,
    `Promote ${settings.candidate} through aza-pg promote (its checks and split-brain guard)`,
    `Check the canary on ${settings.candidate} (RPO) and write there (RTO: from fencing to this write)`,
    ...settings.replicas.map((r) => `Re-point ${r} to ${settings.candidate} (primary_conninfo, reload) and wait until it streams`),
    ...(settings.rejoin
      ? [`Rejoin ${settings.primary} as a replica of ${settings.candidate} (pg_rewind, standby.signal) and wait until it streams`]
      : []),
  ];
  return { settings, facts, steps };
}

export function describeDrill(plan: DrillPlan): Description {
  const s = plan.settings;
  const confirmation: Confirmation | undefined = s.confirmed
    ? undefined
    : {
        warnings: [`The drill stops ${s.primary} and promotes ${s.candidate}: run it on a staging cluster only.`],
        question: `Type "yes" to fail ${s.primary} over to ${s.candidate}: `,
        accept: (answer: string) => answer.trim() === 'yes',
        unanswered: new AzaError(
          'CONFIRMATION_REQUIRED',
          `The failover drill on ${s.primary} needs confirmation and there is no terminal to ask on; nothing was changed`,
          'Run it in a terminal, or pass -y (--yes); in a workflow, set input confirm: yes.',
        ),
        declined: new AzaError('ABORTED', `Failover drill cancelled: ${s.primary} is still the primary`),
      };
  return {
    lines: ['Failover drill plan:', ...plan.steps.map((step, i) => `  ${i + 1}. ${step}`)],
    dryRun: s.dryRun,
    ...(confirmation ? { confirmation } : {}),
  };
}
