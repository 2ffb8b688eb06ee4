/**
 * What killed runs leave in a directory: our temp files and directories (fs.tempPathFor,
 * publishFileSet, whose half-published sets are finished first; certificate set directories are
 * cert-set.ts's cleanCertSetLeftovers) and lock files (lock.ts), each naming its maker (owner.ts). The next run removes
 * those whose maker is gone, leaves a live run's alone, and names the rest with the command that
 * removes them.
 */
import { readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { statOrUndefined } from './fs.js';
import { finishInterruptedSets } from './file-set.js';
import { describeOwner, ownerState, parseOwnerTag, parseOwnerText, type Owner } from './owner.js';

/**
 * tempPathFor() names, and publishFileSet()'s temp files and the old files it keeps until a set is
 * in place; older ones carry only the random tag (no owner).
 */
export const PARTIAL_NAME = /^\.(.+)\.(?:partial|tmp|old)-(?:(\d+-\d+-[A-Za-z0-9_]+)-)?[0-9a-f]+$/;

export interface PartialName {
  /** The name the temp file or directory was to be published as. */
  forName: string;
  owner?: Owner;
}

export function parsePartialName(name: string): PartialName | undefined {
  const m = PARTIAL_NAME.exec(name);
  if (!m) return undefined;
  const owner = m[2] ? parseOwnerTag(m[2]) : undefined;
  return { forName: m[1]!, ...(owner ? { owner } : {}) };
}

export interface LeftoverNotes {
  info(message: string): void;
  warn(message: string): void;
}

/** A lock file (lock.ts) whose owner is gone on this host: a killed run's, removed. */
function removeDeadLock(path: string, notes: LeftoverNotes): void {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  const owner = parseOwnerText(content);
  if (!owner || ownerState(owner) !== 'gone') return;
  try {
    if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    notes.info(`Removed ${basename(path)}, the lock of an interrupted run (${describeOwner(owner)}, no longer running)`);
  } catch {
    // taken over or removed by another run meanwhile
  }
}

/**
 * The temp files and directories of earlier runs in `dir`: removed when their owner is gone (a
 * killed run on this host), left alone while it runs, otherwise named with the command that
 * removes them. Returns the names removed.
 */
export function cleanLeftovers(dir: string, notes: LeftoverNotes, only?: (p: PartialName) => boolean): string[] {
  // A set a killed run was renaming into place is finished first, from the temps it names.
  finishInterruptedSets(dir, notes);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.sort()) {
    if (/^\..+\.lock$/.test(name)) {
      removeDeadLock(join(dir, name), notes);
      continue;
    }
    const partial = parsePartialName(name);
    if (!partial || (only && !only(partial))) continue;
    const path = join(dir, name);
    const st = statOrUndefined(path);
    if (!st || st.isSymbolicLink()) continue;
    const state = partial.owner ? ownerState(partial.owner) : undefined;
    if (state === 'alive') continue;
    if (state === 'gone') {
      try {
        rmSync(path, { recursive: true, force: true });
        removed.push(name);
        notes.info(`Removed ${name}, left by an interrupted run (${describeOwner(partial.owner!)}, no longer running)`);
      } catch (e) {
        notes.warn(`Could not remove ${path}, left by an interrupted run: ${(e as Error).message}; remove it: rm -rf ${path}`);
      }
      continue;
    }
    const who = partial.owner
      ? `a run on host ${partial.owner.host} (pid ${partial.owner.pid}), which this host cannot check`
      : 'an earlier run';
    notes.warn(`${path} was left by ${who}; if nothing is writing into ${dir}, remove it: rm -rf ${path}`);
  }
  return removed;
}
