/**
 * planPrune decides, from the scanned directory (and the listed artifacts), what is kept by which
 * rule, what is deleted, and what happens to each incomplete backup. Pure: the dry run prints it,
 * the calendar simulation test drives it day by day.
 */
import { AzaError } from '../errors.js';
import type { Description, StoredArtifact } from '../operation.js';
import { formatBytes } from '../report.js';
import { applyRetention, type KeepRule, type RetentionPolicy } from './policy.js';
import type { CompleteBackup, DirectoryScan, IncompleteEntry } from './scan.js';
import type { PruneSettings } from './settings.js';
import type { PruneBucket } from './bucket.js';

export interface PruneFacts {
  now: Date;
  scan?: DirectoryScan;
  artifacts?: StoredArtifact[];
}

export interface KeptBackup {
  backup: CompleteBackup;
  rules: KeepRule[];
}

export interface PlannedIncomplete extends IncompleteEntry {
  action: 'delete' | 'keep';
  ageSeconds: number;
  bytes: number;
}

export interface ArtifactPlan {
  prefix: string;
  token: string;
  keep: Array<{ artifact: StoredArtifact; rules: KeepRule[] }>;
  delete: StoredArtifact[];
}

export interface PrunePlan {
  dryRun: boolean;
  now: Date;
  policy: RetentionPolicy;
  deep: boolean;
  deleteIncomplete: boolean;
  incompleteGraceSeconds: number;
  directory?: string;
  /** The directory is a prefix in this bucket. */
  bucket?: PruneBucket;
  /** Newest first within each database; databases by name. */
  keep: KeptBackup[];
  delete: CompleteBackup[];
  incomplete: PlannedIncomplete[];
  foreign: Array<{ name: string; why: string }>;
  artifacts?: ArtifactPlan;
  /** Bytes the deletions free (in the directory; artifacts separately). */
  bytesToFree: number;
  warnings: string[];
}

export function planPrune(settings: PruneSettings, facts: PruneFacts): PrunePlan {
  const { policy } = settings;
  const warnings: string[] = [];
  const plan: PrunePlan = {
    dryRun: settings.dryRun,
    now: facts.now,
    policy,
    deep: settings.deep,
    deleteIncomplete: settings.deleteIncomplete,
    incompleteGraceSeconds: settings.incompleteGraceSeconds,
    ...(settings.directory ? { directory: settings.directory } : {}),
    ...(settings.bucket ? { bucket: settings.bucket } : {}),
    keep: [],
    delete: [],
    incomplete: [],
    foreign: [],
    bytesToFree: 0,
    warnings,
  };

  const scan = facts.scan;
  if (scan) {
    const damaged = scan.incomplete.filter((i) => i.kind === 'damaged');
    if (damaged.length && !settings.deleteIncomplete) {
      // A manifest that exists but is broken or wrong is not a crash leftover: someone must look.
      const unreadable = damaged.some((d) => d.unreadable);
      throw new AzaError(
        unreadable ? 'MANIFEST_INVALID' : 'MANIFEST_MISMATCH',
        `${damaged.length === 1 ? 'A backup' : `${damaged.length} backups`} in ${scan.directory} cannot be trusted; nothing was deleted:\n${damaged
          .map((d) => `  ${d.name}: ${d.reason}`)
          .join('\n')}`,
        'Look at them: a manifest is written last and never changes, so a broken or mismatching one means damage. Move them out of the directory, or pass delete-incomplete (--delete-incomplete) to treat them as incomplete backups (deleted after incomplete-grace).',
      );
    }
    const byDatabase = new Map<string, CompleteBackup[]>();
    for (const b of scan.backups) byDatabase.set(b.database, [...(byDatabase.get(b.database) ?? []), b]);
    checkFloor(policy, byDatabase, `in ${scan.directory}`);
    for (const db of [...byDatabase.keys()].sort()) {
      const retained = applyRetention(
        byDatabase.get(db)!.map((b) => ({ key: b.data.name, at: b.startedAt, b })),
        policy,
      );
      plan.keep.push(...retained.kept.map(({ item, rules }) => ({ backup: item.b, rules })));
      plan.delete.push(...retained.dropped.map((d) => d.b));
    }
    for (const i of scan.incomplete) {
      const newest = Math.max(...i.entries.map((e) => e.mtimeMs));
      const ageMs = facts.now.getTime() - newest;
      const ageSeconds = Math.max(0, Math.floor(ageMs / 1000));
      const action = settings.deleteIncomplete && ageMs > settings.incompleteGraceSeconds * 1000 ? 'delete' : 'keep';
      plan.incomplete.push({ ...i, action, ageSeconds, bytes: i.entries.reduce((s, e) => s + e.bytes, 0) });
    }
    plan.foreign = scan.foreign;
    plan.bytesToFree =
      plan.delete.reduce((s, b) => s + b.data.bytes + b.manifest.bytes, 0) +
      plan.incomplete.filter((i) => i.action === 'delete').reduce((s, i) => s + i.bytes, 0);
    if (plan.incomplete.some((i) => i.action === 'keep'))
      warnings.push(
        `${plan.incomplete.filter((i) => i.action === 'keep').length} incomplete backup(s) or leftover(s) of killed runs in ${scan.directory}, not counted as backups${settings.deleteIncomplete ? ' (younger than incomplete-grace, left in place)' : ' (pass delete-incomplete to remove them after incomplete-grace)'}.`,
      );
  }

  if (facts.artifacts && settings.artifacts) {
    const byGroup = new Map<string, StoredArtifact[]>();
    for (const a of facts.artifacts) {
      if (!a.name.startsWith(settings.artifacts.prefix)) continue;
      const g = artifactGroup(a.name);
      byGroup.set(g, [...(byGroup.get(g) ?? []), a]);
    }
    checkFloor(policy, byGroup, `among the artifacts named ${settings.artifacts.prefix}*`);
    const artifacts: ArtifactPlan = { prefix: settings.artifacts.prefix, token: settings.artifacts.token, keep: [], delete: [] };
    for (const g of [...byGroup.keys()].sort()) {
      const retained = applyRetention(
        byGroup.get(g)!.map((a) => ({ key: String(a.id).padStart(20, '0'), at: a.createdAt, a })),
        policy,
      );
      artifacts.keep.push(...retained.kept.map(({ item, rules }) => ({ artifact: item.a, rules })));
      artifacts.delete.push(...retained.dropped.map((d) => d.a));
    }
    plan.artifacts = artifacts;
  }
  return plan;
}

/** The database part of an auto-named artifact (backup_<db>_<stamp><ext>); other names form one group. */
export function artifactGroup(name: string): string {
  return /^backup_(.+)_\d{4}_\d{2}_\d{2}_\d{6}/.exec(name)?.[1] ?? '';
}

function checkFloor<T>(policy: RetentionPolicy, groups: Map<string, T[]>, where: string): void {
  const min = policy.minKeep;
  if (!min) return;
  const short =
    groups.size === 0
      ? [['', 0] as const]
      : [...groups].filter(([, items]) => items.length < min).map(([g, items]) => [g, items.length] as const);
  if (short.length === 0) return;
  const what = short.map(([g, n]) => (g ? `${n} of ${g}` : `${n}`)).join(', ');
  throw new AzaError(
    'MIN_KEEP_UNMET',
    `min-keep is ${min}, but there ${what === '1' ? 'is' : 'are'} only ${what} complete backup(s) ${where}; nothing was deleted`,
    `The floor can only hold when that many good backups exist. Take backups first, or lower min-keep to at most ${Math.min(...short.map(([, n]) => n))}.`,
  );
}

/** Foreign entries named one by one in the dry run; a busy directory gets a count for the rest. */
const FOREIGN_SHOWN = 20;

const ISO_MINUTE = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function describePrune(plan: PrunePlan): Description {
  return { lines: describeLines(plan), dryRun: plan.dryRun, warnings: plan.warnings };
}

export function policyText(p: RetentionPolicy): string {
  const v = (n: number | undefined): string => (n === undefined ? 'off' : String(n));
  return `daily ${v(p.daily)}, weekly ${v(p.weekly)}, monthly ${v(p.monthly)}, last ${v(p.last)}, min-keep ${v(p.minKeep)}`;
}

export function graceText(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600}h` : seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

export function ageText(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} days`;
}

function describeLines(plan: PrunePlan): string[] {
  const lines: string[] = [];
  const verb = plan.dryRun ? 'would delete' : 'delete';
  lines.push(`policy:     ${policyText(plan.policy)}${plan.deep ? ', sha256 checked' : ', sizes checked'}`);
  if (plan.directory) {
    lines.push(`directory:  ${plan.directory}`);
    for (const k of plan.keep)
      lines.push(`  keep          ${k.backup.data.name}  (${ISO_MINUTE(k.backup.startedAt)}; ${k.rules.join(', ')})`);
    for (const b of plan.delete)
      lines.push(`  ${verb.padEnd(12)}  ${b.data.name}  (${ISO_MINUTE(b.startedAt)}; ${formatBytes(b.data.bytes)}; no rule keeps it)`);
    for (const i of plan.incomplete)
      lines.push(
        `  ${(i.action === 'delete' ? verb : 'incomplete').padEnd(12)}  ${i.name}  (${i.reason}; ${ageText(i.ageSeconds)} old${i.action === 'keep' ? `; ${plan.deleteIncomplete ? `kept until ${graceText(plan.incompleteGraceSeconds)} old` : 'left in place'}` : ''})`,
      );
    const shown = plan.foreign.slice(0, FOREIGN_SHOWN);
    for (const f of shown) lines.push(`  left alone    ${f.name}  (${f.why})`);
    if (plan.foreign.length > shown.length)
      lines.push(`  left alone    ${plan.foreign.length - shown.length} more entries not made by aza-pg backup`);
    lines.push(`  ${plan.dryRun ? 'would free' : 'frees'}:   ${formatBytes(plan.bytesToFree)}`);
  }
  if (plan.artifacts) {
    lines.push(`artifacts:  names starting with ${plan.artifacts.prefix}`);
    for (const k of plan.artifacts.keep)
      lines.push(`  keep          ${k.artifact.name}  (id ${k.artifact.id}; ${ISO_MINUTE(k.artifact.createdAt)}; ${k.rules.join(', ')})`);
    for (const a of plan.artifacts.delete)
      lines.push(`  ${verb.padEnd(12)}  ${a.name}  (id ${a.id}; ${ISO_MINUTE(a.createdAt)}; ${formatBytes(a.sizeBytes)})`);
  }
  if (plan.dryRun) lines.push('Dry run: nothing was deleted. Delete with --confirm (action: dry-run: false).');
  return lines;
}
