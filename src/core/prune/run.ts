/**
 * runPrune deletes what the plan says and nothing else. Each entry is deleted only if it is still
 * the one scanned (same device and inode, not turned into a link); a backup's manifest, its
 * completion marker, goes first and is made durable before the data goes, so a crash in between
 * leaves an incomplete backup, never a manifest that claims missing data.
 */
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { AzaError } from '../errors.js';
import { fsyncPath } from '../fs.js';
import type { OperationDeps, StoredArtifact } from '../operation.js';
import type { Reporter } from '../report.js';
import { pruneArtifacts } from './facts.js';
import type { KeptBackup, PlannedIncomplete, PrunePlan } from './plan.js';
import type { Entry } from './scan.js';
import { ObjectStore } from '../object-store/index.js';
import { changedInBucket, deleteInBucket } from './bucket.js';

export interface DeletedItem {
  name: string;
  kind: 'backup' | 'incomplete';
  bytes: number;
}

export interface PruneResult {
  plan: PrunePlan;
  kept: KeptBackup[];
  deleted: DeletedItem[];
  /** Planned deletions left alone because the entry changed since the scan. */
  skipped: Array<{ name: string; why: string }>;
  incomplete: PlannedIncomplete[];
  bytesFreed: number;
  artifacts?: { kept: Array<{ artifact: StoredArtifact; rules: string[] }>; deleted: StoredArtifact[] };
}

export async function runPrune(plan: PrunePlan, deps: OperationDeps, reporter: Reporter): Promise<PruneResult> {
  const result: PruneResult = { plan, kept: plan.keep, deleted: [], skipped: [], incomplete: plan.incomplete, bytesFreed: 0 };
  const failures: string[] = [];
  let store: ObjectStore | undefined;
  const remove = async (name: string, kind: DeletedItem['kind'], entries: readonly Entry[]): Promise<void> => {
    const changed = store ? await changedInBucket(store, entries) : await firstChanged(entries);
    if (changed) {
      result.skipped.push({ name, why: changed });
      reporter.warn(`Left ${name} alone: ${changed} since it was checked.`);
      return;
    }
    try {
      for (const e of entries) {
        if (store) {
          await deleteInBucket(store, e);
          continue;
        }
        await fsp.rm(e.path, { recursive: e.isDirectory, force: false });
        await fsyncPath(dirname(e.path));
      }
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
      return;
    }
    const bytes = entries.reduce((s, e) => s + e.bytes, 0);
    result.deleted.push({ name, kind, bytes });
    result.bytesFreed += bytes;
    reporter.info(`deleted ${name}`);
  };

  if (plan.directory && (plan.delete.length || plan.incomplete.some((i) => i.action === 'delete'))) {
    // In a bucket: the manifest object first, then the data object, each only if its ETag is the one judged.
    if (plan.bucket) store = new ObjectStore(plan.bucket.store, plan.bucket.bucket);
    try {
      await reporter.step(`Delete in ${plan.directory}`, async () => {
        for (const b of plan.delete) await remove(b.data.name, 'backup', [b.manifest, b.data]);
        for (const i of plan.incomplete) if (i.action === 'delete') await remove(i.name, 'incomplete', i.entries);
      });
    } finally {
      store?.close();
    }
  }

  if (plan.artifacts) {
    const artifacts = plan.artifacts;
    const deleted: StoredArtifact[] = [];
    if (artifacts.delete.length) {
      const service = pruneArtifacts(deps);
      await reporter.step(`Delete ${artifacts.delete.length} artifact(s)`, async () => {
        for (const a of artifacts.delete) {
          try {
            await service.delete({ artifact: a, token: artifacts.token });
            deleted.push(a);
            reporter.info(`deleted artifact ${a.name} (id ${a.id})`);
          } catch (e) {
            failures.push(`artifact ${a.name} (id ${a.id}): ${(e as Error).message}`);
          }
        }
      });
    }
    result.artifacts = { kept: artifacts.keep, deleted };
  }

  if (failures.length) {
    throw new AzaError(
      'PRUNE_FAILED',
      `${failures.length} deletion(s) failed (${result.deleted.length} done):\n${failures.map((f) => `  ${f}`).join('\n')}`,
      'Check the permissions of the directory and its files; a backup whose manifest went but whose data stayed is now listed as incomplete and is removed by a later run with delete-incomplete.',
    );
  }
  return result;
}

/** Why an entry is no longer the one scanned, or undefined when it still is. */
async function firstChanged(entries: readonly Entry[]): Promise<string | undefined> {
  for (const e of entries) {
    const s = await fsp.lstat(e.path).catch(() => undefined);
    if (!s) return `${e.name} is gone`;
    if (s.dev !== e.dev || s.ino !== e.ino || s.isDirectory() !== e.isDirectory || s.isSymbolicLink()) return `${e.name} was replaced`;
    // A folder is removed with its files only while it holds nothing but plain files.
    if (e.isDirectory)
      for (const child of await fsp.readdir(e.path))
        if (!(await fsp.lstat(`${e.path}/${child}`)).isFile()) return `${e.name} now holds ${child}, which is not a plain file`;
  }
  return undefined;
}
