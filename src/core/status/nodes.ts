/** The judgement of one node: its role, replication, slots, archiving and leftovers, against the thresholds. */
import { formatBytes } from '../report.js';
import type { NodeFacts } from './facts.js';
import { formatAge, lsnDiff, type Finding, type NodeStatus } from './model.js';
import type { StatusThresholds } from './settings.js';

/** The given primary a replica follows: same system identifier, and the port it streams from when that is needed to tell. */
function upstreamOf(replica: NodeFacts, primaries: NodeFacts[]): NodeFacts | undefined {
  const sid = replica.server!.systemIdentifier;
  let candidates = primaries.filter((p) => !sid || !p.server!.systemIdentifier || p.server!.systemIdentifier === sid);
  if (candidates.length > 1 && replica.server!.receiver?.senderPort !== undefined) {
    candidates = candidates.filter((p) => p.server!.port === replica.server!.receiver!.senderPort);
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function judgeNode(n: NodeFacts, primaries: NodeFacts[], t: StatusThresholds, findings: Finding[]): NodeStatus {
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
      message: `Database ${db.name} on ${label} (${formatBytes(db.sizeBytes)}) is the staging database of an interrupted atomic restore${db.maker ? ` (${db.maker})` : ''}`,
      hint: `Nothing uses it; remove it with: ${db.dropCommand}`,
    });
  }
  return status;
}
