/**
 * What a backup directory holds, as our manifests say: the complete backups (a manifest that reads,
 * names its data file, and matches it), the incomplete ones (a data file of ours without a good
 * manifest, or one that does not match it) and the leftovers of killed runs (`.<name>.partial-*`
 * and the `.<name>.lock` of a run gone from this host; the temp output and lock of a backup that
 * runs now on this host are not, see owner.ts).
 * Retention (prune) and health (status) judge backups by this one reading. Reads only.
 *
 * Only our names are looked at: `backup_<db>_<UTC stamp><ext>` data files, `*.manifest.json`
 * manifests (whatever data name they give, as long as it is a plain name in this directory), and
 * hidden partial siblings of either. Everything else is foreign and counted, never judged.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { AzaError } from './errors.js';
import { sha256File } from './fs.js';
import { parsePartialName } from './leftovers.js';
import { ownerState, parseOwnerText, type Owner } from './owner.js';
import { directoryDigestInput, readManifest, type BackupManifest } from './manifest.js';

const MANIFEST_SUFFIX = '.manifest.json';
/** backupFileName(): backup_<db>_YYYY_MM_DD_HHmmss<ext>. */
export const OUR_DATA_NAME = /^backup_.+_\d{4}_\d{2}_\d{2}_\d{6}(\.sql\.gz|\.sql\.zst|\.sql|\.dump|\.dir)$/;

export interface CompleteBackup {
  /** Base name of the data file (or directory). */
  name: string;
  path: string;
  manifestPath: string;
  manifest: BackupManifest;
  /** The backup's start, as its manifest records it: the time it belongs to. */
  startedAt: Date;
  database: string;
  sizeBytes: number;
  isDirectory: boolean;
}

export type IncompleteReason = 'no-manifest' | 'manifest-invalid' | 'mismatch' | 'data-missing';

export interface IncompleteBackup {
  /** The data file's base name, or the manifest's when the data is missing. */
  name: string;
  /** Paths that belong to it (data and/or manifest) that exist. */
  paths: string[];
  reason: IncompleteReason;
  /** What is wrong, in words. */
  detail: string;
  sizeBytes: number;
  /** Newest modification among its paths: the grace period counts from here. */
  modifiedAt: Date;
}

export interface LeftoverFile {
  name: string;
  path: string;
  /** The name the killed run was writing. */
  forName: string;
  sizeBytes: number;
  modifiedAt: Date;
  /** Who made it (temp names since issue 15); never a process that still runs on this host. */
  owner?: Owner;
}

export interface BackupCatalog {
  dir: string;
  /** Oldest first, by the start time in the manifest. */
  complete: CompleteBackup[];
  incomplete: IncompleteBackup[];
  leftovers: LeftoverFile[];
  /** Entries that are not ours (other names, symlinks): never judged, never touched. */
  foreign: string[];
}

export interface CatalogOptions {
  /** Also compare sha256 (reads every byte); otherwise sizes only. */
  deep?: boolean;
}

function lstat(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Size of a file, or of every regular file below a directory; symlinks count as nothing. */
function treeSize(path: string, st: Stats): number {
  if (st.isFile()) return st.size;
  if (!st.isDirectory()) return 0;
  let total = 0;
  for (const name of readdirSync(path)) {
    const p = join(path, name);
    const s = lstat(p);
    if (s) total += treeSize(p, s);
  }
  return total;
}

/** Why the data does not match its manifest; undefined when it does. */
async function mismatch(path: string, st: Stats, m: BackupManifest, deep: boolean): Promise<string | undefined> {
  if (m.format === 'directory') {
    if (!st.isDirectory()) return `the manifest describes a directory-format backup, ${basename(path)} is not a directory`;
    const files = m.files ?? [];
    if (files.length === 0) return 'the manifest lists no files for a directory-format backup';
    for (const f of files) {
      const p = join(path, f.path);
      const fs = lstat(p);
      if (!fs?.isFile()) return `${f.path} is missing`;
      if (fs.size !== f.sizeBytes) return `${f.path} has ${fs.size} bytes, the manifest says ${f.sizeBytes}`;
    }
    if (deep) {
      for (const f of files) {
        if ((await sha256File(join(path, f.path))) !== f.sha256) return `${f.path} does not have the sha256 the manifest records`;
      }
      const digest = createHash('sha256').update(directoryDigestInput(files)).digest('hex');
      if (digest !== m.sha256) return 'the file list does not have the sha256 the manifest records';
    }
    return undefined;
  }
  if (!st.isFile()) return `${basename(path)} is not a file`;
  if (st.size !== m.sizeBytes) return `it has ${st.size} bytes, the manifest says ${m.sizeBytes}`;
  if (deep && (await sha256File(path)) !== m.sha256) return 'its sha256 differs from the one in the manifest';
  return undefined;
}

/** Reads a backup directory. An unknown or unreadable directory is an error that says so. */
export async function readBackupCatalog(dir: string, opts: CatalogOptions = {}): Promise<BackupCatalog> {
  const st = lstat(dir);
  if (!st)
    throw new AzaError('BACKUP_DIR_NOT_FOUND', `Backup directory does not exist: ${dir}`, 'Give the directory the backups are written to.');
  if (!st.isDirectory())
    throw new AzaError('BACKUP_DIR_NOT_FOUND', `Not a directory: ${dir}`, 'Give the directory the backups are written to.');
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    throw new AzaError(
      'BACKUP_DIR_UNREADABLE',
      `Cannot read the backup directory ${dir}: ${(e as Error).message}`,
      `Check its permissions: ls -ld ${dir}`,
    );
  }
  const entries = new Map(names.map((n) => [n, lstat(join(dir, n))] as const));
  const claimed = new Set<string>();
  const complete: CompleteBackup[] = [];
  const incomplete: IncompleteBackup[] = [];
  const leftovers: LeftoverFile[] = [];
  const foreign: string[] = [];

  for (const name of names) {
    if (!name.endsWith(MANIFEST_SUFFIX) || name.startsWith('.')) continue;
    const mst = entries.get(name);
    if (!mst?.isFile()) continue;
    claimed.add(name);
    const manifestPath = join(dir, name);
    const dataName = name.slice(0, -MANIFEST_SUFFIX.length);
    const dataSt = entries.get(dataName);
    const dataPath = join(dir, dataName);
    const dataIsOurs = dataSt !== undefined && !dataSt.isSymbolicLink();
    if (dataIsOurs) claimed.add(dataName);
    const paths = dataIsOurs ? [dataPath, manifestPath] : [manifestPath];
    const size = dataIsOurs ? treeSize(dataPath, dataSt) : 0;
    const modifiedAt = new Date(Math.max(mst.mtimeMs, dataIsOurs ? dataSt.mtimeMs : 0));
    const bad = (reason: IncompleteReason, detail: string) =>
      incomplete.push({ name: dataIsOurs ? dataName : name, paths, reason, detail, sizeBytes: size, modifiedAt });

    let m: BackupManifest;
    try {
      m = readManifest(manifestPath);
    } catch (e) {
      bad('manifest-invalid', (e as Error).message);
      continue;
    }
    const startedAt = new Date(m.startedAt);
    if (Number.isNaN(startedAt.getTime())) {
      bad('manifest-invalid', `${name} records no valid start time (startedAt ${JSON.stringify(m.startedAt)})`);
      continue;
    }
    if (m.file !== dataName) {
      bad('mismatch', `${name} describes ${JSON.stringify(m.file)}, not ${dataName}`);
      continue;
    }
    if (!dataIsOurs) {
      bad('data-missing', dataSt ? `${dataName} is a symbolic link, not a backup` : `${dataName}, which ${name} describes, is missing`);
      continue;
    }
    const why = await mismatch(dataPath, dataSt, m, opts.deep ?? false);
    if (why) {
      bad('mismatch', `${dataName} does not match its manifest: ${why}`);
      continue;
    }
    complete.push({
      name: dataName,
      path: dataPath,
      manifestPath,
      manifest: m,
      startedAt,
      database: m.database,
      sizeBytes: m.sizeBytes,
      isDirectory: dataSt.isDirectory(),
    });
  }

  for (const name of names) {
    if (claimed.has(name)) continue;
    const s = entries.get(name)!;
    const lock = s?.isFile() ? deadLock(join(dir, name)) : undefined;
    if (lock === 'alive') continue;
    if (lock) {
      leftovers.push({ name, path: join(dir, name), forName: lock.forName, sizeBytes: s!.size, modifiedAt: s!.mtime, owner: lock.owner });
      continue;
    }
    const partial = parsePartialName(name);
    // The temp output of a backup running now (its owner is alive on this host) is no leftover.
    if (partial?.owner && ownerState(partial.owner) === 'alive') continue;
    if (s && !s.isSymbolicLink() && partial) {
      leftovers.push({
        name,
        path: join(dir, name),
        forName: partial.forName,
        sizeBytes: treeSize(join(dir, name), s),
        modifiedAt: s.mtime,
        ...(partial.owner ? { owner: partial.owner } : {}),
      });
    } else if (s && !s.isSymbolicLink() && OUR_DATA_NAME.test(name)) {
      incomplete.push({
        name,
        paths: [join(dir, name)],
        reason: 'no-manifest',
        detail: `${name} has no manifest (${name}${MANIFEST_SUFFIX}): the backup did not finish, or the manifest was removed`,
        sizeBytes: treeSize(join(dir, name), s),
        modifiedAt: s.mtime,
      });
    } else {
      foreign.push(name);
    }
  }

  complete.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.name < b.name ? -1 : 1));
  return { dir, complete, incomplete, leftovers, foreign };
}

/**
 * A lock file (lock.ts, `.<name>.lock`): 'alive' while its run goes on; its owner and the name it
 * was for when that run is gone from this host (a killed run's: the next backup takes it over);
 * undefined for anything else (another host's lock, not a lock).
 */
function deadLock(path: string): 'alive' | { forName: string; owner: Owner } | undefined {
  const m = /^\.(.+)\.lock$/.exec(basename(path));
  if (!m) return undefined;
  let owner: Owner | undefined;
  try {
    owner = parseOwnerText(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (!owner) return undefined;
  const state = ownerState(owner);
  if (state === 'alive') return 'alive';
  return state === 'gone' ? { forName: m[1]!, owner } : undefined;
}
