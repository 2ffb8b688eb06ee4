/** What a finished promotion tells: the action outputs and the summary both faces print. */
import type { OutputValues } from '../operation.js';
import type { SummaryTable } from '../report.js';
import { RECOVERY_CHECK_SQL } from './plan.js';
import type { PromoteResult } from './run.js';

export function promoteOutputs(r: PromoteResult): OutputValues {
  return { promoted: r.promoted, timeline: r.timeline, lsn: r.lsn, 'duration-ms': r.durationMs, 'backup-path': r.backupPath };
}

/** A dry run promotes nothing. */
export function plannedPromoteOutputs(): OutputValues {
  return { promoted: false, timeline: undefined, lsn: undefined, 'duration-ms': undefined, 'backup-path': undefined };
}

/** The job summary / final table: what happened, then the spec's post-promotion checklist. */
export function promoteSummary(result: PromoteResult): SummaryTable {
  const plan = result.plan;
  const target = plan.target;
  return {
    title: `Promoted ${result.target} to primary`,
    rows: [
      ['Target', result.target],
      ['Method', `${plan.promote.method}${plan.restart ? ' + restart' : ' (online, no restart)'}`],
      ['Timeline', `${result.previousTimeline ?? '?'} → ${result.timeline ?? '?'}`],
      ['LSN', result.lsn ?? ''],
      [
        'Writes unavailable for',
        result.durationMs === undefined ? '' : `${(result.durationMs / 1000).toFixed(2)} s (promote call to first accepted write)`,
      ],
      ['Pre-promotion backup', result.backupPath ?? (result.backupError ? `failed: ${result.backupError}` : 'skipped')],
    ],
    sections: [{ title: 'Checks', header: ['Check', 'Result', 'Detail'], rows: plan.checks.map((c) => [c.name, c.outcome, c.detail]) }],
    notes: [
      `Verify primary status (must return f): ${target.psqlCommand(RECOVERY_CHECK_SQL)}`,
      `Check for active connections: ${target.psqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name != 'psql';")}`,
      'Update application connection strings / DNS to the new primary, and verify applications can write to it',
      `Replication slots of the old primary are gone (this lists none): ${target.psqlCommand('SELECT * FROM pg_replication_slots;')}. Create slots for new replicas`,
      'Split-brain risk: keep the old primary stopped. Reconfigure it as a replica of the new primary or decommission it; never start it as a primary again',
      'Cascading replicas: point their primary_conninfo at the new primary and restart them',
      'Within hours: set up new replicas, update monitoring dashboards, point backup jobs at the new primary, document the failover',
      'Within days: decide the fate of the old primary, review runbooks, test failover procedures',
      ...result.warnings.map((w) => `Warning: ${w}`),
    ],
  };
}
