/**
 * The judgement: facts against thresholds, pure. Every problem is a finding with a severity
 * (critical fails the step, warning is said), the node it is about, what is wrong and what to do.
 * The report is what outputs, the summary and the watch screen all show.
 */
import type { CertificateReport } from '../certs/check.js';
import type { CompleteBackup, IncompleteBackup, LeftoverFile } from '../backup-catalog.js';
import type { ErrorCode } from '../error-catalogue.js';
import type { Description } from '../operation.js';
import { formatBytes } from '../report.js';
import type { CertificateFacts, NodeFacts, SlotRow, StagingRow, StandbyRow, StatusFacts } from './facts.js';
import type { StatusSettings, StatusThresholds } from './settings.js';

export type Severity = 'critical' | 'warning';
export type Verdict = 'ok' | 'warning' | 'failed';

interface FindingText {
  /** Stable name of the check (outputs and tests match on it). */
  check: string;
  node?: string;
  message: string;
  hint?: string;
}

/** A critical finding carries the error code the step fails with when it comes first. */
export type Finding = FindingText & ({ severity: 'critical'; code: ErrorCode } | { severity: 'warning'; code?: undefined });

export interface NodeStatus {
  label: string;
  where: string;
  role: 'primary' | 'replica' | 'down';
  error?: string;
  version?: string;
  systemIdentifier?: string;
  timeline?: number;
  currentLsn?: string;
  receiveLsn?: string;
  replayLsn?: string;
  /** Replica: WAL behind its primary (the given primary node's position, else what it received). */
  lagBytes?: number;
  lagSeconds?: number;
  replayPaused?: boolean;
  /** Replica: whether its WAL receiver streams, and the label of the given primary it follows. */
  streaming?: boolean;
  upstream?: string;
  standbys: StandbyRow[];
  slots: SlotRow[];
  archiving?: {
    mode: string;
    command: string;
    archivedCount: number;
    lastArchivedWal?: string;
    lastArchivedAgeSeconds?: number;
    failedCount: number;
    lastFailedWal?: string;
    lastFailedAgeSeconds?: number;
    failing: boolean;
    readyWal?: number;
    readyWalUnknown?: string;
  };
  staging: StagingRow[];
  certificate?: CertificateStatus;
  certificateNotChecked?: string;
}

export interface CertificateStatus {
  source: string;
  error?: string;
  file?: string;
  subject?: string;
  notAfter?: string;
  daysLeft?: number;
  ok: boolean;
}

export interface BackupStatus {
  database: string;
  newest: { name: string; path: string; startedAt: string; sizeBytes: number; ageSeconds: number };
  /** Median size of up to 5 complete backups before it; undefined for the first one. */
  previousMedianBytes?: number;
  previousCount: number;
  completeCount: number;
}

export interface StatusReport {
  checkedAt: string;
  verdict: Verdict;
  /** The single primary among the nodes, when there is exactly one. */
  primary?: string;
  splitBrain?: { primaries: string[]; newest: string };
  nodes: NodeStatus[];
  certificates: CertificateStatus[];
  backups?: {
    dir: string;
    error?: string;
    databases: BackupStatus[];
    incomplete: Array<Pick<IncompleteBackup, 'name' | 'reason' | 'detail' | 'sizeBytes'>>;
    leftovers: Array<Pick<LeftoverFile, 'name' | 'sizeBytes'>>;
  };
  thresholds: StatusThresholds;
  findings: Finding[];
  /** The topology as a Mermaid flowchart. */
  diagram: string;
}

export interface StatusPlan {
  report: StatusReport;
}

/** "16/B374D848" -> bytes since the start of WAL. */
export function lsnBytes(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

function lsnDiff(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b) return undefined;
  const d = lsnBytes(a) - lsnBytes(b);
  return Number(d < 0n ? 0n : d);
}

export function formatAge(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The given primary a replica follows: same system identifier, and the port it streams from when that is needed to tell. */
function upstreamOf(replica: NodeFacts, primaries: NodeFacts[]): NodeFacts | undefined {
  const sid = replica.server!.systemIdentifier;
  let candidates = primaries.filter((p) => !sid || !p.server!.systemIdentifier || p.server!.systemIdentifier === sid);
  if (candidates.length > 1 && replica.server!.receiver?.senderPort !== undefined) {
    candidates = candidates.filter((p) => p.server!.port === replica.server!.receiver!.senderPort);
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

function certificateStatuses(facts: CertificateFacts, minDays: number, node: string | undefined, findings: Finding[]): CertificateStatus[] {
  if ('error' in facts) {
    findings.push({
      severity: 'critical',
      code: facts.code,
      check: 'certificate',
      ...(node ? { node } : {}),
      message: `Cannot check the certificate of ${facts.source}: ${facts.error}`,
    });
    return [{ source: facts.source, error: facts.error, ok: false }];
  }
  return facts.reports.map((r: CertificateReport) => {
    // A file given by path says its path; a directory's certificate its directory and name.
    const what = r.file === facts.source || facts.source.endsWith(`/${r.file}`) ? facts.source : `${facts.source} ${r.file}`;
    let ok = true;
    for (const p of r.problems) {
      ok = false;
      const message = p.message.startsWith(`${r.file} `) ? `${what}${p.message.slice(r.file.length)}` : `${what}: ${p.message}`;
      findings.push({ severity: 'critical', code: p.code, check: 'certificate', ...(node ? { node } : {}), message, hint: p.hint });
    }
    if (r.daysLeft >= 0 && r.daysLeft < minDays && !r.problems.some((p) => p.code === 'CERT_EXPIRED')) {
      ok = false;
      findings.push({
        severity: 'critical',
        code: 'CERT_EXPIRING',
        check: 'certificate',
        ...(node ? { node } : {}),
        message: `${what} expires in ${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'} (${r.notAfter.toISOString().slice(0, 10)}), under the ${minDays}-day threshold`,
        hint: 'Renew it: aza-pg ssl-certs <dir> writes a new set; reload PostgreSQL afterwards (SELECT pg_reload_conf()).',
      });
    }
    for (const w of r.warnings) findings.push({ severity: 'warning', check: 'certificate', ...(node ? { node } : {}), message: w });
    return {
      source: facts.source,
      file: r.file,
      subject: r.subject,
      notAfter: r.notAfter.toISOString(),
      daysLeft: r.daysLeft,
      ok,
    };
  });
}

function judgeNode(n: NodeFacts, primaries: NodeFacts[], t: StatusThresholds, findings: Finding[]): NodeStatus {
  const label = n.spec.label;
  if (n.down || !n.server) {
    findings.push({
      severity: 'critical',
      code: 'NODE_DOWN',
      check: 'node-down',
      node: label,
      message: `${label} is down: ${n.down?.message ?? 'no answer'}`,
      ...(n.down?.hint ? { hint: n.down.hint } : {}),
    });
    return { label, where: n.where, role: 'down', error: n.down?.message ?? 'no answer', standbys: [], slots: [], staging: [] };
  }
  const s = n.server;
  const status: NodeStatus = {
    label,
    where: n.where,
    role: s.inRecovery ? 'replica' : 'primary',
    version: s.version,
    ...(s.systemIdentifier ? { systemIdentifier: s.systemIdentifier } : {}),
    ...(s.timeline !== undefined ? { timeline: s.timeline } : {}),
    ...(s.currentLsn ? { currentLsn: s.currentLsn } : {}),
    ...(s.receiveLsn ? { receiveLsn: s.receiveLsn } : {}),
    ...(s.replayLsn ? { replayLsn: s.replayLsn } : {}),
    standbys: n.standbys,
    slots: n.slots,
    staging: n.staging,
  };

  if (s.inRecovery) {
    const up = upstreamOf(n, primaries);
    const streaming = s.receiver?.status === 'streaming';
    status.streaming = streaming;
    if (up) status.upstream = up.spec.label;
    const lagBytes = up ? lsnDiff(up.server!.currentLsn, s.replayLsn) : lsnDiff(s.receiveLsn, s.replayLsn);
    if (lagBytes !== undefined) status.lagBytes = lagBytes;
    if (s.replayLagSeconds !== undefined) status.lagSeconds = s.replayLagSeconds;
    if (s.replayPaused) status.replayPaused = true;
    if (!streaming) {
      findings.push({
        severity: 'critical',
        code: 'REPLICA_DISCONNECTED',
        check: 'replica-disconnected',
        node: label,
        message: `${label} is disconnected from its primary: ${s.receiver ? `its WAL receiver is ${s.receiver.status}` : 'no WAL receiver runs'}`,
        hint: `Check that the primary is up and reachable from ${label} (primary_conninfo), and the replica's log for the receiver's error.`,
      });
    }
    const paused = s.replayPaused ? ' (replay is paused)' : '';
    if (s.replayLagSeconds !== undefined && s.replayLagSeconds > t.maxLagSeconds) {
      findings.push({
        severity: 'critical',
        code: 'REPLICATION_LAG',
        check: 'replication-lag',
        node: label,
        message: `${label} replays ${formatAge(s.replayLagSeconds)} behind${paused}, over the ${formatAge(t.maxLagSeconds)} threshold`,
        hint: s.replayPaused
          ? `Resume replay on ${label}: SELECT pg_wal_replay_resume();`
          : `Check ${label}'s load and disk, and long queries that hold replay back (max_standby_streaming_delay).`,
      });
    }
    if (t.maxLagBytes !== undefined && lagBytes !== undefined && lagBytes > t.maxLagBytes) {
      findings.push({
        severity: 'critical',
        code: 'REPLICATION_LAG',
        check: 'replication-lag',
        node: label,
        message: `${label} is ${formatBytes(lagBytes)} of WAL behind${paused}, over the ${formatBytes(t.maxLagBytes)} threshold`,
        ...(s.replayPaused ? { hint: `Resume replay on ${label}: SELECT pg_wal_replay_resume();` } : {}),
      });
    }
    if (s.replayPaused && !findings.some((f) => f.node === label && f.check === 'replication-lag')) {
      findings.push({
        severity: 'warning',
        check: 'replay-paused',
        node: label,
        message: `Replay is paused on ${label}: it receives WAL but does not apply it`,
        hint: `Resume it: SELECT pg_wal_replay_resume();`,
      });
    }
  }

  for (const st of n.standbys) {
    if (st.state !== 'streaming') {
      findings.push({
        severity: 'warning',
        check: 'standby-state',
        node: label,
        message: `Standby ${st.name} (${st.client}) of ${label} is ${st.state}, not streaming`,
      });
    }
  }
  for (const slot of n.slots) {
    const retained = slot.retainedBytes !== undefined ? ` and retains ${formatBytes(slot.retainedBytes)} of WAL` : '';
    if (slot.walStatus === 'lost') {
      findings.push({
        severity: 'critical',
        code: 'SLOT_WAL_LOST',
        check: 'slot',
        node: label,
        message: `Replication slot ${slot.name} on ${label} has lost WAL its consumer still needed (wal_status lost)`,
        hint: 'The consumer cannot catch up from this slot: rebuild it (a new base backup for a replica), then drop the slot.',
      });
    } else if (!slot.active) {
      findings.push({
        severity: 'warning',
        check: 'slot-inactive',
        node: label,
        message: `Replication slot ${slot.name} on ${label} is inactive${retained}`,
        hint: `If its consumer is gone for good, drop it before the disk fills: SELECT pg_drop_replication_slot('${slot.name.replace(/'/g, "''")}');`,
      });
    }
  }

  for (const gap of n.unreadable) {
    findings.push({
      severity: 'warning',
      check: 'unreadable',
      node: label,
      message: `Could not read the ${gap} of ${label}`,
      hint: 'Grant the role pg_monitor, or check as a superuser.',
    });
  }

  const archives = s.archiveMode === 'always' || (s.archiveMode === 'on' && !s.inRecovery);
  const a = s.archiver;
  const failing =
    archives &&
    a.failedCount > 0 &&
    a.lastFailedAgeSeconds !== undefined &&
    (a.lastArchivedAgeSeconds === undefined || a.lastFailedAgeSeconds < a.lastArchivedAgeSeconds);
  status.archiving = {
    mode: s.archiveMode,
    command: s.archiveCommand,
    archivedCount: a.archivedCount,
    ...(a.lastArchivedWal ? { lastArchivedWal: a.lastArchivedWal } : {}),
    ...(a.lastArchivedAgeSeconds !== undefined ? { lastArchivedAgeSeconds: a.lastArchivedAgeSeconds } : {}),
    failedCount: a.failedCount,
    ...(a.lastFailedWal ? { lastFailedWal: a.lastFailedWal } : {}),
    ...(a.lastFailedAgeSeconds !== undefined ? { lastFailedAgeSeconds: a.lastFailedAgeSeconds } : {}),
    failing,
    ...(n.readyWal !== undefined ? { readyWal: n.readyWal } : {}),
    ...(n.readyWalUnknown ? { readyWalUnknown: n.readyWalUnknown } : {}),
  };
  if (!s.inRecovery && s.archiveMode === 'off') {
    const off = {
      check: 'archiving-off',
      node: label,
      message: `WAL archiving is off on ${label}: only the last backup can be restored, nothing after it`,
      hint: 'The production advice is daily backups plus WAL archiving: set archive_mode = on and an archive_command (or archive_library), then restart.',
    };
    findings.push(t.requireArchiving ? { severity: 'critical', code: 'ARCHIVING_OFF', ...off } : { severity: 'warning', ...off });
  }
  if (failing) {
    const last = a.lastArchivedWal
      ? `last archived ${a.lastArchivedWal} ${formatAge(a.lastArchivedAgeSeconds!)} ago`
      : 'nothing archived since the statistics were reset';
    findings.push({
      severity: 'critical',
      code: 'ARCHIVING_FAILING',
      check: 'archiving-failing',
      node: label,
      message: `WAL archiving fails on ${label}: ${a.lastFailedWal ?? 'a WAL file'} failed ${formatAge(a.lastFailedAgeSeconds!)} ago, ${a.failedCount} failure${a.failedCount === 1 ? '' : 's'} counted; ${last}`,
      hint: `The server log of ${label} has the archive command's error; the command is: ${s.archiveCommand || '(empty)'}. Until it works, WAL piles up in pg_wal.`,
    });
  }
  if (archives && n.readyWal !== undefined && n.readyWal > t.maxReadyWal) {
    findings.push({
      severity: 'critical',
      code: 'ARCHIVING_BACKLOG',
      check: 'archiving-backlog',
      node: label,
      message: `${n.readyWal} WAL files on ${label} wait for archiving (.ready), more than ${t.maxReadyWal}`,
      hint: 'The archiver falls behind or fails: see pg_stat_archiver and the server log; pg_wal grows until it catches up.',
    });
  }
  for (const db of n.staging) {
    if (db.sessions > 0) continue;
    findings.push({
      severity: 'warning',
      check: 'restore-leftover',
      node: label,
      message: `Database ${db.name} on ${label} (${formatBytes(db.sizeBytes)}) is the staging database of an interrupted atomic restore`,
      hint: `Nothing uses it; remove it with: ${db.dropCommand}`,
    });
  }
  return status;
}

function judgeBackups(
  facts: NonNullable<StatusFacts['backups']>,
  now: Date,
  t: StatusThresholds,
  findings: Finding[],
): NonNullable<StatusReport['backups']> {
  if ('error' in facts) {
    findings.push({ severity: 'critical', code: facts.code, check: 'backup-dir', message: `Cannot check the backups: ${facts.error}` });
    return { dir: facts.dir, error: facts.error, databases: [], incomplete: [], leftovers: [] };
  }
  const c = facts.catalog;
  const byDb = new Map<string, CompleteBackup[]>();
  for (const b of c.complete) byDb.set(b.database, [...(byDb.get(b.database) ?? []), b]);
  const databases: BackupStatus[] = [];
  if (byDb.size === 0) {
    findings.push({
      severity: 'critical',
      code: 'BACKUP_MISSING',
      check: 'backup-missing',
      message: `No complete backup in ${c.dir}${c.incomplete.length ? ` (${c.incomplete.length} incomplete)` : ''}`,
      hint: 'Take one: aza-pg backup <database> --output-dir <dir>. Only a backup with its manifest counts.',
    });
  }
  for (const [database, list] of [...byDb.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const newest = list[list.length - 1]!;
    const previous = list.slice(-6, -1);
    const ageSeconds = Math.max(0, (now.getTime() - newest.startedAt.getTime()) / 1000);
    const previousMedianBytes = previous.length ? median(previous.map((b) => b.sizeBytes)) : undefined;
    databases.push({
      database,
      newest: { name: newest.name, path: newest.path, startedAt: newest.startedAt.toISOString(), sizeBytes: newest.sizeBytes, ageSeconds },
      ...(previousMedianBytes !== undefined ? { previousMedianBytes } : {}),
      previousCount: previous.length,
      completeCount: list.length,
    });
    if (ageSeconds > t.maxBackupAgeSeconds) {
      findings.push({
        severity: 'critical',
        code: 'BACKUP_STALE',
        check: 'backup-stale',
        message: `The newest complete backup of ${database} (${newest.name}) started ${formatAge(ageSeconds)} ago, over the ${formatAge(t.maxBackupAgeSeconds)} threshold`,
        hint: 'Check the scheduled backup job: its last runs failed or did not run. Incomplete backups, if any, are listed below.',
      });
    }
    if (previousMedianBytes !== undefined && newest.sizeBytes < previousMedianBytes * t.minBackupRatio) {
      findings.push({
        severity: 'critical',
        code: 'BACKUP_SHRUNK',
        check: 'backup-size',
        message: `The newest backup of ${database} (${newest.name}) is ${formatBytes(newest.sizeBytes)}, ${((100 * newest.sizeBytes) / previousMedianBytes).toFixed(0)}% of the ${formatBytes(previousMedianBytes)} the ${previous.length} before it had`,
        hint: 'A backup much smaller than its predecessors is the classic silent failure (a wrong database, missing grants, a truncated dump): restore it on a scratch server (aza-pg verify) before trusting it.',
      });
    }
  }
  for (const i of c.incomplete) {
    findings.push({ severity: 'warning', check: 'backup-incomplete', message: `Incomplete backup ${i.name}: ${i.detail}` });
  }
  for (const l of c.leftovers) {
    findings.push({
      severity: 'warning',
      check: 'backup-leftover',
      message: `${l.name} (${formatBytes(l.sizeBytes)}) is left over from a killed run that was writing ${l.forName}`,
      hint: `Nothing writes it any more once no backup runs; remove it: rm -r ${JSON.stringify(l.path)} (aza-pg prune removes such files too).`,
    });
  }
  return {
    dir: c.dir,
    databases,
    incomplete: c.incomplete.map(({ name, reason, detail, sizeBytes }) => ({ name, reason, detail, sizeBytes })),
    leftovers: c.leftovers.map(({ name, sizeBytes }) => ({ name, sizeBytes })),
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1 };
const CHECK_ORDER = [
  'split-brain',
  'node-down',
  'replica-disconnected',
  'replicas-missing',
  'replication-lag',
  'archiving-failing',
  'archiving-backlog',
  'slot',
  'certificate',
  'backup-dir',
  'backup-missing',
  'backup-stale',
  'backup-size',
];

export function planStatus(settings: StatusSettings, facts: StatusFacts): StatusPlan {
  const t = settings.thresholds;
  const findings: Finding[] = [];
  const up = facts.nodes.filter((n) => n.server && !n.down);
  const primaries = up.filter((n) => !n.server!.inRecovery);
  const nodes = facts.nodes.map((n) => judgeNode(n, primaries, t, findings));

  let splitBrain: StatusReport['splitBrain'];
  if (primaries.length > 1) {
    const newest = primaries.reduce((a, b) => (lsnBytes(b.server!.currentLsn ?? '0/0') > lsnBytes(a.server!.currentLsn ?? '0/0') ? b : a));
    const ids = new Set(primaries.map((p) => p.server!.systemIdentifier).filter(Boolean));
    splitBrain = { primaries: primaries.map((p) => p.spec.label), newest: newest.spec.label };
    const list = primaries.map((p) => `${p.spec.label} (WAL ${p.server!.currentLsn}, timeline ${p.server!.timeline ?? '?'})`).join(', ');
    findings.push({
      severity: 'critical',
      code: 'SPLIT_BRAIN',
      check: 'split-brain',
      message: `Split brain: ${primaries.length} nodes accept writes: ${list}. ${newest.spec.label} has the newest WAL position${ids.size > 1 ? '; their system identifiers differ, so they are not even copies of one cluster: check the node list' : ''}`,
      hint: `Stop every other primary now (docker stop, pg_ctl stop), keep ${newest.spec.label}, then rebuild the others as its replicas (pg_basebackup or pg_rewind) and check again that only one primary remains.`,
    });
  } else if (primaries.length === 0 && up.length > 0 && up.length === facts.nodes.length) {
    findings.push({ severity: 'warning', check: 'no-primary', message: 'No node accepts writes: every node given is a replica' });
  }

  // With one primary among the nodes, every other node given is meant to stream from it.
  const expected = t.minReplicas ?? (primaries.length === 1 && facts.nodes.length > 1 ? facts.nodes.length - 1 : undefined);
  if (expected !== undefined) {
    for (const p of primaries) {
      const streaming = p.standbys.filter((s) => s.state === 'streaming').length;
      if (streaming < expected) {
        findings.push({
          severity: 'critical',
          code: 'REPLICAS_MISSING',
          check: 'replicas-missing',
          node: p.spec.label,
          message: `${p.spec.label} streams to ${streaming} replica${streaming === 1 ? '' : 's'}, ${expected} expected: a replica is stopped or disconnected`,
          hint: 'See which replica is down or not streaming in the table; its server log says why.',
        });
      }
    }
  }

  const certificates: CertificateStatus[] = [];
  for (const f of facts.certFiles) certificates.push(...certificateStatuses(f, t.certMinDays, undefined, findings));
  facts.nodes.forEach((n, i) => {
    if (n.tls) {
      const [first] = certificateStatuses(n.tls, t.certMinDays, n.spec.label, findings);
      if (first) {
        nodes[i]!.certificate = first;
        certificates.push(first);
      }
    } else if (n.tlsNotChecked && nodes[i]!.role !== 'down') nodes[i]!.certificateNotChecked = n.tlsNotChecked;
  });

  const backups = facts.backups ? judgeBackups(facts.backups, facts.now, t, findings) : undefined;

  const rank = (f: Finding) => SEVERITY_ORDER[f.severity] * 100 + (CHECK_ORDER.includes(f.check) ? CHECK_ORDER.indexOf(f.check) : 50);
  const sorted = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
  const verdict: Verdict = sorted.some((f) => f.severity === 'critical') ? 'failed' : sorted.length ? 'warning' : 'ok';
  const report: StatusReport = {
    checkedAt: facts.now.toISOString(),
    verdict,
    ...(primaries.length === 1 ? { primary: primaries[0]!.spec.label } : {}),
    ...(splitBrain ? { splitBrain } : {}),
    nodes,
    certificates,
    ...(backups ? { backups } : {}),
    thresholds: t,
    findings: sorted,
    diagram: '',
  };
  report.diagram = topologyDiagram(report);
  return { report };
}

/** Status has nothing to confirm and no dry run: it only reads. */
export function describeStatus(): Description {
  return { lines: [], dryRun: false };
}

// ---------------------------------------------------------------------------------------------
// Mermaid

function mermaidText(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function lagLabel(n: NodeStatus): string {
  const parts: string[] = [];
  if (n.lagBytes !== undefined) parts.push(formatBytes(n.lagBytes));
  if (n.lagSeconds !== undefined) parts.push(formatAge(n.lagSeconds));
  if (n.replayPaused) parts.push('replay paused');
  return parts.join(', ') || 'lag unknown';
}

/** primary --> replica (lag); down nodes red, split-brain primaries red, disconnected replicas on a dotted edge. */
export function topologyDiagram(r: StatusReport): string {
  const id = new Map(r.nodes.map((n, i) => [n.label, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of r.nodes) {
    const detail =
      n.role === 'down'
        ? 'DOWN'
        : `${n.role}${n.timeline !== undefined ? `, timeline ${n.timeline}` : ''}<br/>${n.role === 'primary' ? (n.currentLsn ?? '') : `replayed ${n.replayLsn ?? '?'}`}`;
    const cls = n.role === 'down' || (n.role === 'primary' && r.splitBrain) ? 'critical' : n.role;
    lines.push(`  ${id.get(n.label)}["${mermaidText(n.label)}<br/>${detail}"]:::${cls}`);
  }
  for (const n of r.nodes) {
    if (n.role !== 'replica' || !n.upstream) continue;
    const from = id.get(n.upstream)!;
    const to = id.get(n.label)!;
    if (n.streaming) lines.push(`  ${from} -->|"${mermaidText(lagLabel(n))}"| ${to}`);
    else lines.push(`  ${from} -.->|"disconnected"| ${to}`);
  }
  r.nodes.forEach((p, i) => {
    if (p.role !== 'primary') return;
    const given = r.nodes.filter((n) => n.upstream === p.label && n.streaming).length;
    const others = p.standbys.length - given;
    if (others > 0) {
      lines.push(`  x${i}["${others} standby${others === 1 ? '' : 's'} not in the node list"]:::other`);
      lines.push(`  n${i} --> x${i}`);
    }
  });
  lines.push(
    '  classDef primary fill:#d4edda,stroke:#28a745',
    '  classDef replica fill:#e8f0fe,stroke:#1a73e8',
    '  classDef critical fill:#f8d7da,stroke:#dc3545',
    '  classDef other fill:#f5f5f5,stroke:#999,stroke-dasharray:3',
  );
  return lines.join('\n');
}
