/**
 * What the drill found (facts: each node's role and where it streams from) and what it will do
 * (plan: pure). A trio in another shape is refused here, before anything is touched.
 */
import { AzaError } from '../errors.js';
import type { Confirmation, Description } from '../operation.js';
import type { Target, TargetKind } from '../target.js';
import { sameNode, type NodeAddress } from './address.js';
import type { DrillSettings } from './settings.js';

/** A local data directory's server, as the drill stops, starts and rewinds it (as its owner). */
export interface LocalServer {
  dataDir: string;
  uid: number;
  gid: number;
  /** Where its pg_ctl and pg_rewind are (the running server's own, when readable). */
  binDir: string;
  major: number;
  port: number;
  socketDir: string | undefined;
  listenAddress: string | undefined;
}

export interface NodeFacts {
  name: string;
  kind: TargetKind;
  target: Target;
  /** How the other nodes name it (primary_conninfo, pg_stat_wal_receiver). */
  address: NodeAddress;
  /** target data-dir: the server behind the directory. */
  local: LocalServer | undefined;
  inRecovery: boolean;
  /** pg_stat_wal_receiver: status and the host and port it streams from (replicas only). */
  receiver: { status: string; senderHost: string; senderPort: number | undefined } | undefined;
  /** wal_log_hints or data checksums: pg_rewind can later rewind this node. */
  rewindable: boolean;
  /** The data directory is on a volume (so pg_rewind can reach it while the container is stopped); true off containers. */
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

/** Streams from `primary`: a WAL receiver in state streaming whose sender is that node. */
export function streamsFrom(node: Pick<NodeFacts, 'inRecovery' | 'receiver'>, primary: NodeAddress): boolean {
  return node.inRecovery && node.receiver?.status === 'streaming' && sameNode(node.receiver.senderHost, node.receiver.senderPort, primary);
}

/** What the fencing step does, by the kind of node. */
function fenceText(s: DrillSettings): string {
  if (s.kind === 'container') return `docker stop (up to ${s.fenceTimeoutSeconds} s), then check it is down`;
  if (s.kind === 'data-dir') return `pg_ctl stop -m fast as its owner (up to ${s.fenceTimeoutSeconds} s), then check it is down`;
  return `the drill cannot stop a server over a connection: stop it on its host when asked; it must be down within ${s.fenceTimeoutSeconds} s`;
}

export function describeReceiver(r: NodeFacts['receiver']): string {
  return r ? `${r.status} from ${r.senderHost}${r.senderPort === undefined ? '' : `:${r.senderPort}`}` : 'no WAL receiver';
}

export function planDrill(settings: DrillSettings, facts: DrillFacts): DrillPlan {
  const problems: string[] = [];
  if (facts.primary.inRecovery) problems.push(`${settings.primary} is in recovery: it is not a primary`);
  if (settings.rejoin && !facts.primary.rewindable) {
    problems.push(
      `${settings.primary} cannot be rejoined with pg_rewind: it has neither wal_log_hints nor data checksums on (set wal_log_hints = on and restart it, or drill without rejoin)`,
    );
  }
  if (settings.rejoin && settings.kind === 'connection') {
    problems.push(
      `${settings.primary} cannot be rejoined over a connection: pg_rewind needs its data directory, on its host (drill without rejoin, then on that host: pg_rewind --target-pgdata=DIR --source-server='host=… user=…' of the stopped server, touch DIR/standby.signal, set primary_conninfo to the new primary, start it)`,
    );
  }
  if (settings.rejoin && !facts.primary.dataOnVolume) {
    problems.push(
      `${settings.primary} cannot be rejoined with pg_rewind: its data directory ${settings.dataDir} is not on a volume, so nothing can rewind it while the container is stopped (mount a volume there, or drill without rejoin)`,
    );
  }
  for (const node of [facts.candidate, ...facts.replicas]) {
    if (!node.inRecovery) problems.push(`${node.name} accepts writes: it is not a replica (split brain?)`);
    else if (!streamsFrom(node, facts.primary.address)) {
      problems.push(`${node.name} does not stream from ${settings.primary} (${describeReceiver(node.receiver)})`);
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
    `Fence ${settings.primary}: ${fenceText(settings)}`,
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
