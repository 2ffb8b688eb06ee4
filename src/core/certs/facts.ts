/**
 * The file-system facts planning needs, read without changing anything: does the directory
 * exist (or which ancestor does), can we create files there, and what is already in it.
 */
import { accessSync, constants, readdirSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { statOrUndefined } from '../fs.js';
import { isSetLink } from '../cert-set.js';
import type { CertFacts } from './plan.js';

/** access(2) reports a read-only mount (EROFS) even to root, whom permission bits do not stop. */
function canCreateIn(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function gatherCertFacts(dir: string, now: Date = new Date()): CertFacts {
  const st = statOrUndefined(dir);
  if (st && !st.isDirectory()) return { now, dir: { kind: 'not-directory' }, entries: {} };
  if (!st) {
    let nearest = resolve(dir);
    let nearestStat: Stats | undefined;
    while (!(nearestStat = statOrUndefined(nearest)) && dirname(nearest) !== nearest) nearest = dirname(nearest);
    const isDirectory = !!nearestStat?.isDirectory();
    return {
      now,
      dir: { kind: 'missing', nearestExisting: nearest, nearestIsDirectory: isDirectory, writable: isDirectory && canCreateIn(nearest) },
      entries: {},
    };
  }
  const entries: CertFacts['entries'] = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // A symbolic link to a file counts as a file: it is replaced like one. Our link into a set
    // (name -> ..data/name) that resolves to nothing (the current set has no such file) is absent.
    const resolves = entry.isSymbolicLink() && !!statOrUndefined(join(dir, entry.name))?.isFile();
    if (entry.isSymbolicLink() && !resolves && isSetLink(dir, entry.name)) continue;
    const isFile = entry.isFile() || resolves;
    entries[entry.name] = isFile ? 'file' : 'other';
  }
  return { now, dir: { kind: 'directory', writable: canCreateIn(dir) }, entries };
}
