/** What a status check tells: the outputs (JSON for later steps), the summary both faces print, and the failure. */
import { AzaError } from '../errors.js';
import type { OutputValues } from '../operation.js';
import { formatBytes, type SummaryTable } from '../report.js';
import { formatAge, type NodeStatus, type StatusReport } from './model.js';

function worstLag(r: StatusReport): number | undefined {
  const lags = r.nodes.map((n) => n.lagSeconds).filter((v): v is number => v !== undefined);
  return lags.length ? Math.max(...lags) : undefined;
}

export function statusOutputs(r: StatusReport): OutputValues {
  const days = r.certificates.map((c) => c.daysLeft).filter((d): d is number => d !== undefined);
  const ages = r.backups?.databases.map((d) => d.newest.ageSeconds) ?? [];
  const lag = worstLag(r);
  return {
    verdict: r.verdict,
    primary: r.primary ?? '',
    'split-brain': r.splitBrain !== undefined,
    'max-lag-seconds': lag === undefined ? '' : lag.toFixed(1),
    'cert-days-left': days.length ? Math.min(...days) : '',
    'backup-age-seconds': ages.length ? Math.round(Math.max(...ages)) : '',
    problems: JSON.stringify(r.findings),
    report: JSON.stringify(r),
  };
}

function wal(n: NodeStatus): string {
  if (n.role === 'primary') return n.currentLsn ?? '-';
  if (n.role === 'replica') return `${n.receiveLsn ?? '-'} / ${n.replayLsn ?? '-'}`;
  return '-';
}

function lag(n: NodeStatus): string {
  if (n.role !== 'replica') return '-';
  const parts = [n.lagSeconds !== undefined ? formatAge(n.lagSeconds) : '?', n.lagBytes !== undefined ? formatBytes(n.lagBytes) : '?'];
  return `${parts.join(', ')}${n.replayPaused ? ' (paused)' : ''}`;
}

function archiving(n: NodeStatus): string {
  const a = n.archiving;
  if (!a) return '-';
  if (a.mode === 'off') return 'off';
  if (n.role === 'replica' && a.mode !== 'always') return `${a.mode} (primary archives)`;
  const last = a.lastArchivedWal ? `last ${formatAge(a.lastArchivedAgeSeconds ?? 0)} ago` : 'nothing archived yet';
  const ready = a.readyWal !== undefined ? `, ${a.readyWal} ready` : '';
  return `${a.failing ? `FAILING (${a.failedCount} failures)` : 'ok'}, ${last}${ready}`;
}

function cert(n: NodeStatus): string {
  const c = n.certificate;
  if (!c) return n.role === 'down' ? '-' : 'not checked';
  if (c.error) return `error: ${c.error}`;
  return `${c.daysLeft} days${c.ok ? '' : ' (!)'}`;
}

function state(n: NodeStatus, r: StatusReport): string {
  const mine = r.findings.filter((f) => f.node === n.label);
  if (n.role === 'down') return `DOWN: ${n.error ?? ''}`;
  if (mine.some((f) => f.severity === 'critical'))
    return `FAILED: ${mine
      .filter((f) => f.severity === 'critical')
      .map((f) => f.check)
      .join(', ')}`;
  if (mine.length) return `warning: ${mine.map((f) => f.check).join(', ')}`;
  return 'ok';
}

const VERDICT_TEXT = { ok: 'OK', warning: 'OK with warnings', failed: 'FAILED' } as const;

export function statusSummary(r: StatusReport): SummaryTable {
  const up = r.nodes.filter((n) => n.role !== 'down').length;
  const rows: Array<[string, string]> = [
    [
      'Verdict',
      `${VERDICT_TEXT[r.verdict]}${r.findings.length ? ` (${r.findings.filter((f) => f.severity === 'critical').length} critical, ${r.findings.filter((f) => f.severity === 'warning').length} warnings)` : ''}`,
    ],
    ['Checked at', r.checkedAt],
    ['Nodes', `${r.nodes.length} given, ${up} up${up < r.nodes.length ? `, ${r.nodes.length - up} DOWN` : ''}`],
    [
      'Primary',
      r.splitBrain
        ? `SPLIT BRAIN: ${r.splitBrain.primaries.join(', ')} (newest WAL: ${r.splitBrain.newest})`
        : (r.primary ?? 'none among the nodes'),
    ],
  ];
  const worst = worstLag(r);
  if (worst !== undefined) rows.push(['Worst replica lag', `${formatAge(worst)} (threshold ${formatAge(r.thresholds.maxLagSeconds)})`]);
  for (const d of r.backups?.databases ?? []) {
    rows.push([
      `Newest backup of ${d.database}`,
      `${d.newest.name}, ${formatAge(d.newest.ageSeconds)} old, ${formatBytes(d.newest.sizeBytes)}`,
    ]);
  }
  const days = r.certificates.filter((c) => c.daysLeft !== undefined);
  if (days.length) {
    const soonest = days.reduce((a, b) => (b.daysLeft! < a.daysLeft! ? b : a));
    rows.push([
      'Soonest certificate expiry',
      `${soonest.daysLeft} days (${soonest.source}${soonest.file && soonest.file !== soonest.source ? ` ${soonest.file}` : ''})`,
    ]);
  }

  const sections: NonNullable<SummaryTable['sections']> = [
    {
      title: 'Nodes',
      header: ['Node', 'Role', 'Timeline', 'WAL (current, or received / replayed)', 'Lag', 'Replicas', 'Archiving', 'Certificate', 'State'],
      rows: r.nodes.map((n) => [
        n.label,
        n.role,
        n.timeline !== undefined ? String(n.timeline) : '-',
        wal(n),
        lag(n),
        n.role === 'primary' ? String(n.standbys.filter((s) => s.state === 'streaming').length) : '-',
        archiving(n),
        cert(n),
        state(n, r),
      ]),
    },
  ];
  if (r.findings.length) {
    sections.push({
      title: 'Problems',
      header: ['Severity', 'Check', 'Problem'],
      rows: r.findings.map((f) => [f.severity, f.check, f.message]),
    });
  }
  const standbys = r.nodes.flatMap((n) =>
    n.standbys.map((s) => [
      n.label,
      s.name,
      s.client,
      s.state,
      s.syncState,
      s.replayLagSeconds !== undefined ? formatAge(s.replayLagSeconds) : '-',
      s.lagBytes !== undefined ? formatBytes(s.lagBytes) : '-',
    ]),
  );
  if (standbys.length)
    sections.push({
      title: 'Connected replicas (pg_stat_replication)',
      header: ['Node', 'Standby', 'Client', 'State', 'Sync', 'Replay lag', 'Behind'],
      rows: standbys,
    });
  const slots = r.nodes.flatMap((n) =>
    n.slots.map((s) => [
      n.label,
      s.name,
      s.type,
      s.active ? 'yes' : 'NO',
      s.walStatus ?? '-',
      s.retainedBytes !== undefined ? formatBytes(s.retainedBytes) : '-',
    ]),
  );
  if (slots.length)
    sections.push({ title: 'Replication slots', header: ['Node', 'Slot', 'Type', 'Active', 'WAL status', 'WAL retained'], rows: slots });
  const archivers = r.nodes.filter((n) => n.archiving && n.archiving.mode !== 'off');
  if (archivers.length) {
    sections.push({
      title: 'WAL archiving (pg_stat_archiver)',
      header: ['Node', 'Mode', 'Archived', 'Last archived', 'Failed', 'Last failed', '.ready'],
      rows: archivers.map((n) => {
        const a = n.archiving!;
        return [
          n.label,
          a.mode,
          String(a.archivedCount),
          a.lastArchivedWal ? `${a.lastArchivedWal} (${formatAge(a.lastArchivedAgeSeconds ?? 0)} ago)` : '-',
          String(a.failedCount),
          a.lastFailedWal ? `${a.lastFailedWal} (${formatAge(a.lastFailedAgeSeconds ?? 0)} ago)` : '-',
          a.readyWal !== undefined ? String(a.readyWal) : `? (${a.readyWalUnknown ?? 'unknown'})`,
        ];
      }),
    });
  }
  if (r.certificates.length) {
    sections.push({
      title: 'Certificates',
      header: ['Certificate', 'Subject', 'Not after', 'Days left', 'State'],
      rows: r.certificates.map((c) => [
        c.file && c.file !== c.source ? `${c.source} ${c.file}` : c.source,
        c.subject ?? '-',
        c.notAfter?.slice(0, 10) ?? '-',
        c.daysLeft !== undefined ? String(c.daysLeft) : '-',
        c.error ? `error: ${c.error}` : c.ok ? 'ok' : 'FAILED',
      ]),
    });
  }
  if (r.backups) {
    const b = r.backups;
    sections.push({
      title: `Backups in ${b.dir}`,
      header: ['Database', 'Newest complete backup', 'Started', 'Age', 'Size', 'Median of previous', 'Complete'],
      rows: b.error
        ? [['-', `error: ${b.error}`, '-', '-', '-', '-', '-']]
        : [
            ...b.databases.map((d) => [
              d.database,
              d.newest.name,
              d.newest.startedAt,
              formatAge(d.newest.ageSeconds),
              formatBytes(d.newest.sizeBytes),
              d.previousMedianBytes !== undefined ? `${formatBytes(d.previousMedianBytes)} (${d.previousCount})` : '-',
              String(d.completeCount),
            ]),
            ...b.incomplete.map((i) => ['?', `${i.name} (INCOMPLETE: ${i.reason})`, '-', '-', formatBytes(i.sizeBytes), '-', '-']),
            ...b.leftovers.map((l) => ['?', `${l.name} (left over)`, '-', '-', formatBytes(l.sizeBytes), '-', '-']),
          ],
    });
  }
  const staging = r.nodes.flatMap((n) =>
    n.staging.map((s) => [
      n.label,
      s.name,
      formatBytes(s.sizeBytes),
      String(s.sessions),
      s.sessions ? 'in use: a restore may be running' : s.dropCommand,
    ]),
  );
  if (staging.length)
    sections.push({
      title: 'Staging databases of atomic restores',
      header: ['Node', 'Database', 'Size', 'Sessions', 'Remove with'],
      rows: staging,
    });

  const notes = [...new Set(r.findings.filter((f) => f.severity === 'critical' && f.hint).map((f) => f.hint!))];
  return {
    title: `PostgreSQL status: ${VERDICT_TEXT[r.verdict]}`,
    rows,
    sections,
    blocks: [{ title: 'Topology', language: 'mermaid', text: r.diagram }],
    ...(notes.length ? { notes } : {}),
  };
}

/** When the check itself could not run (bad input): still a failed verdict for the steps that read it. */
export function statusErrorOutputs(e: AzaError): OutputValues {
  return {
    verdict: 'failed',
    'split-brain': false,
    problems: JSON.stringify([
      { severity: 'critical', code: e.code, check: 'input', message: e.message, ...(e.hint ? { hint: e.hint } : {}) },
    ]),
  };
}

/** A failed verdict as the error the faces fail with, after outputs and summary are written. */
export function statusFailure(r: StatusReport): AzaError | undefined {
  const critical = r.findings.filter((f) => f.severity === 'critical');
  const [first] = critical;
  if (!first) return undefined;
  const more = critical.length - 1;
  return new AzaError(
    first.code,
    `Status check failed: ${first.message}${more ? ` (and ${more} more problem${more === 1 ? '' : 's'}, listed above)` : ''}`,
    first.hint,
  );
}
