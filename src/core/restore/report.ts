/** What a finished restore tells: the action outputs and the summary table both faces print. */
import type { OutputValues } from '../operation.js';
import { trustLine } from '../trust-options.js';
import { formatBytes, formatSeconds, type SummaryTable } from '../report.js';
import type { RestorePlan } from './plan.js';
import type { RestoreResult } from './run.js';

export function restoreOutputs(r: RestoreResult): OutputValues {
  return {
    database: r.database,
    tables: r.tables.length,
    rows: r.rows,
    'duration-seconds': r.durationSeconds.toFixed(3),
    mode: r.mode,
    'previous-database': r.previousDatabase,
    'backup-before-path': r.backupBeforePath,
    format: r.inspection.format,
    sha256: r.inspection.sha256,
  };
}

/** A dry run's outputs: what would be restored, where. */
export function plannedRestoreOutputs(plan: RestorePlan): OutputValues {
  return {
    database: plan.database,
    tables: 0,
    rows: 0,
    'duration-seconds': '0.000',
    mode: plan.mode,
    'previous-database': undefined,
    'backup-before-path': undefined,
    format: plan.backup.format,
    sha256: plan.backup.sha256,
  };
}

/** The line the command prints after a restore. */
export function restoreDone(r: RestoreResult): string {
  return `✓ Restored ${r.inspection.origin?.url ?? r.inspection.path} into "${r.database}": ${r.tables.length} tables, ${r.rows} rows${r.previousDatabase ? `; previous database kept as "${r.previousDatabase}"` : ''}`;
}

export function restoreSummary(r: RestoreResult): SummaryTable {
  const plan = r.plan;
  const conn = plan.connection;
  const b = r.inspection;
  const rows: Array<[string, string]> = [
    ['Database', `${r.database} on ${conn.host}:${conn.port}`],
    ['Server', r.server ? `PostgreSQL ${r.server.version}` : ''],
    ['Backup', b.origin?.url ?? b.path],
    [
      'Format',
      `${b.format}${b.format === 'plain' ? `, ${b.compression}` : ''}, ${formatBytes(b.sizeBytes)}${b.dumpedBy ? `, pg_dump ${b.dumpedBy}` : ''}`,
    ],
    ['Integrity', b.manifest ? 'size and sha256 match the manifest; read in full' : 'read in full (no manifest)'],
    ['Trust', trustLine(b)],
    ['Mode', r.mode],
    ['Previous database', r.previousDatabase ?? (plan.previous ? `${plan.previous} (dropped)` : 'none')],
    ['Tables', String(r.tables.length)],
    ['Rows', plan.rowCounts === 'none' ? 'not counted' : `${r.rows} (${plan.rowCounts})`],
    ['Row counts vs manifest', r.compared ? `all ${r.tables.length} tables match` : 'not compared'],
    ['Duration', formatSeconds(r.durationSeconds)],
  ];
  if (r.backupBeforePath) rows.push(['Backup before restore', r.backupBeforePath]);
  const expected = new Map((b.manifest?.tables ?? []).map((t) => [`${t.schema}.${t.table}`, t.rows]));
  const sorted = [...r.tables].sort((a, c) => (c.rows ?? 0) - (a.rows ?? 0));
  const shown = sorted.slice(0, 50);
  const notes: string[] = [];
  if (r.previousDatabase)
    notes.push(
      `The previous database is kept as "${r.previousDatabase}"; drop it when satisfied: dropdb -h ${conn.host} -U ${conn.user} '${r.previousDatabase}'`,
    );
  if (sorted.length > shown.length) notes.push(`${sorted.length - shown.length} smaller tables not listed.`);
  return {
    title: `Restore of ${r.database}`,
    rows,
    sections:
      plan.rowCounts === 'none' || r.tables.length === 0
        ? []
        : [
            {
              title: 'Table statistics',
              header: r.compared ? ['Table', 'Rows', 'Manifest'] : ['Table', 'Rows'],
              rows: shown.map((t) => {
                const name = `${t.schema}.${t.table}`;
                return r.compared ? [name, String(t.rows ?? '?'), String(expected.get(name) ?? '?')] : [name, String(t.rows ?? '?')];
              }),
            },
          ],
    notes,
  };
}
