/** What a finished backup tells: the action outputs and the summary table both faces print. */
import { basename } from 'node:path';
import type { OutputValues } from '../operation.js';
import { formatBytes, formatSeconds, type SummaryTable } from '../report.js';
import { totalRows } from '../rowcounts.js';
import type { BackupPlan } from './plan.js';
import type { BackupResult } from './run.js';

export function backupOutputs(r: BackupResult): OutputValues {
  return {
    path: r.path,
    'manifest-path': r.manifestPath,
    'size-bytes': r.sizeBytes,
    sha256: r.sha256,
    'duration-seconds': r.durationSeconds.toFixed(3),
    'artifact-id': r.artifact?.id,
    'object-url': r.bucket?.objectUrl,
    'manifest-url': r.bucket?.manifestUrl,
  };
}

export function backupSummary(r: BackupResult): SummaryTable {
  const m = r.manifest;
  const server = r.plan.server;
  const host = r.plan.connection.host;
  const ratio = m.uncompressedBytes ? `${(m.uncompressedBytes / Math.max(1, m.sizeBytes)).toFixed(2)}x` : 'n/a (archive format)';
  const throughputBase = m.uncompressedBytes ?? m.sizeBytes;
  const rows: Array<[string, string]> = [
    ['Database', `${m.database} on ${host}`],
    ['Server', `PostgreSQL ${server.version}${server.inRecovery ? ' (standby)' : ''}`],
    ['pg_dump', m.pgDump.version],
    ['Format', `${m.format}, ${m.compression}${m.compressionLevel !== null ? ` level ${m.compressionLevel}` : ''}`],
    ['File', r.path],
    ['Size', formatBytes(m.sizeBytes)],
    ['Ratio', ratio],
    ['Duration', formatSeconds(r.durationSeconds)],
    ['Throughput', `${formatBytes(throughputBase / Math.max(r.writeSeconds, 0.001))}/s`],
    ['SHA-256', m.sha256],
    ['Tables', String(m.tables.length)],
    ['Rows', m.rowCounts === 'none' ? 'not counted' : `${totalRows(m.tables)} (${m.rowCounts})`],
  ];
  if (m.signature) rows.push(['Signature', `${m.signature.algorithm}, key ${m.signature.keyId}`]);
  if (r.artifact) rows.push(['Artifact', r.artifact.url ?? `id ${r.artifact.id}`]);
  if (r.bucket && r.bucket.objectUrl !== r.path) rows.push(['Object', r.bucket.objectUrl]);
  return {
    title: `Backup of ${m.database}`,
    rows,
    notes: [
      `Restore with: aza-pg restore ${r.bucket && r.bucket.objectUrl === r.path ? r.path : basename(r.path)} ${m.database}`,
      `Manifest: ${r.bucket && r.bucket.objectUrl === r.path ? r.manifestPath : basename(r.manifestPath)}`,
    ],
  };
}

/** A dry run's outputs: where the backup would go. */
export function plannedBackupOutputs(plan: BackupPlan): OutputValues {
  return {
    path: plan.finalPath,
    'manifest-path': '',
    'size-bytes': 0,
    sha256: '',
    'duration-seconds': '0.000',
    'artifact-id': undefined,
    'object-url': plan.bucket?.objectUrl,
    'manifest-url': undefined,
  };
}
