/** What a prune tells: the action outputs (JSON lists for later steps) and the summary table. */
import type { OutputValues, StoredArtifact } from '../operation.js';
import { formatBytes, type SummaryTable } from '../report.js';
import { ageText, policyText, type KeptBackup, type PrunePlan } from './plan.js';
import type { PruneResult } from './run.js';

export function pruneOutputs(r: PruneResult): OutputValues {
  return listOutputs(
    false,
    r.kept,
    r.deleted.map((d) => d.name),
    incompleteList(r.plan, new Set(r.deleted.filter((d) => d.kind === 'incomplete').map((d) => d.name))),
    r.bytesFreed,
    r.artifacts?.kept ?? [],
    r.artifacts?.deleted ?? [],
  );
}

/** A dry run's outputs: what a run would keep and delete, with dry-run true. */
export function plannedPruneOutputs(plan: PrunePlan): OutputValues {
  const toDelete = new Set(plan.incomplete.filter((i) => i.action === 'delete').map((i) => i.name));
  return listOutputs(
    true,
    plan.keep,
    [...plan.delete.map((b) => b.data.name), ...toDelete],
    incompleteList(plan, toDelete),
    plan.bytesToFree,
    plan.artifacts?.keep ?? [],
    plan.artifacts?.delete ?? [],
  );
}

/** A run and a dry run report the same lists: what is (or would be) kept and deleted. */
function listOutputs(
  dryRun: boolean,
  kept: KeptBackup[],
  deleted: string[],
  incomplete: ReturnType<typeof incompleteList>,
  bytesFreed: number,
  artifactsKept: ReadonlyArray<{ artifact: StoredArtifact; rules: readonly string[] }>,
  artifactsDeleted: StoredArtifact[],
): OutputValues {
  return {
    'dry-run': dryRun,
    kept: JSON.stringify(
      kept.map((k) => ({
        name: k.backup.data.name,
        database: k.backup.database,
        startedAt: k.backup.startedAt.toISOString(),
        rules: k.rules,
      })),
    ),
    deleted: JSON.stringify(deleted),
    incomplete: JSON.stringify(incomplete),
    'bytes-freed': bytesFreed,
    'artifacts-kept': JSON.stringify(
      artifactsKept.map((k) => ({
        id: k.artifact.id,
        name: k.artifact.name,
        createdAt: k.artifact.createdAt.toISOString(),
        rules: k.rules,
      })),
    ),
    'artifacts-deleted': JSON.stringify(artifactsDeleted.map((a) => ({ id: a.id, name: a.name }))),
  };
}

function incompleteList(
  plan: PrunePlan,
  deleted: ReadonlySet<string>,
): Array<{ name: string; kind: string; reason: string; deleted: boolean }> {
  return plan.incomplete.map((i) => ({ name: i.name, kind: i.kind, reason: i.reason, deleted: deleted.has(i.name) }));
}

/**
 * A dry run's summary: the same table as a run's, over what the run would do, titled so nobody
 * mistakes it for a deletion.
 */
export function plannedPruneSummary(plan: PrunePlan): SummaryTable {
  const wouldDelete = new Set(plan.incomplete.filter((i) => i.action === 'delete').map((i) => i.name));
  const table = pruneSummary({
    plan,
    kept: plan.keep,
    deleted: [
      ...plan.delete.map((b) => ({ name: b.data.name, kind: 'backup' as const, bytes: b.data.bytes + b.manifest.bytes })),
      ...plan.incomplete.filter((i) => wouldDelete.has(i.name)).map((i) => ({ name: i.name, kind: 'incomplete' as const, bytes: i.bytes })),
    ],
    skipped: [],
    incomplete: plan.incomplete,
    bytesFreed: plan.bytesToFree,
    ...(plan.artifacts ? { artifacts: { kept: plan.artifacts.keep, deleted: plan.artifacts.delete } } : {}),
  });
  return {
    ...table,
    title: 'Prune: dry run (nothing was deleted)',
    rows: table.rows.map(([k, v]): [string, string] => [k === 'Deleted' ? 'Would delete' : k === 'Freed' ? 'Would free' : k, v]),
    sections: (table.sections ?? []).map((s) => (s.title === 'Deleted' ? { ...s, title: 'Would delete' } : s)),
    notes: [...(table.notes ?? []), 'Nothing was deleted: set dry-run to false (action) or pass --confirm (command) to apply this policy.'],
  };
}

export function pruneSummary(r: PruneResult): SummaryTable {
  const p = r.plan;
  const rows: Array<[string, string]> = [['Policy', policyText(p.policy)]];
  if (p.directory) {
    rows.push(
      ['Directory', p.directory],
      ['Kept', String(r.kept.length)],
      ['Deleted', String(r.deleted.length)],
      ['Incomplete', String(r.incomplete.length)],
      ['Freed', formatBytes(r.bytesFreed)],
    );
    if (p.foreign.length) rows.push(['Left alone', `${p.foreign.length} entries not made by aza-pg backup`]);
  }
  if (r.artifacts)
    rows.push(['Artifacts', `${r.artifacts.kept.length} kept, ${r.artifacts.deleted.length} deleted (names ${p.artifacts!.prefix}*)`]);
  const sections: NonNullable<SummaryTable['sections']> = [];
  if (r.kept.length)
    sections.push({
      title: 'Kept',
      header: ['Backup', 'Database', 'Started (UTC)', 'Kept by'],
      rows: r.kept.map((k) => [k.backup.data.name, k.backup.database, k.backup.startedAt.toISOString(), k.rules.join(', ')]),
    });
  if (r.deleted.length)
    sections.push({
      title: 'Deleted',
      header: ['Name', 'What', 'Size'],
      rows: r.deleted.map((d) => [d.name, d.kind, formatBytes(d.bytes)]),
    });
  const deleted = new Set(r.deleted.map((d) => d.name));
  if (r.incomplete.length)
    sections.push({
      title: 'Incomplete (never counted as backups)',
      header: ['Name', 'Why', 'Age', 'Now'],
      rows: r.incomplete.map((i) => [i.name, i.reason, ageText(i.ageSeconds), deleted.has(i.name) ? 'deleted' : 'left in place']),
    });
  if (r.artifacts?.kept.length || r.artifacts?.deleted.length)
    sections.push({
      title: 'Artifacts',
      header: ['Artifact', 'Id', 'Created (UTC)', 'Now'],
      rows: [
        ...r.artifacts.kept.map((k) => [
          k.artifact.name,
          String(k.artifact.id),
          k.artifact.createdAt.toISOString(),
          `kept: ${k.rules.join(', ')}`,
        ]),
        ...r.artifacts.deleted.map((a) => [a.name, String(a.id), a.createdAt.toISOString(), 'deleted']),
      ],
    });
  const notes = r.skipped.map((s) => `${s.name} was left alone: ${s.why} since it was checked.`);
  return { title: 'Prune', rows, sections, ...(notes.length ? { notes } : {}) };
}
