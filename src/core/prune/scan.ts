/**
 * Reads a backup directory and sorts every entry into complete backups (data that matches its
 * manifest), incomplete ones (no manifest, a broken manifest, data that does not match it, partial
 * files and staging directories of killed runs) and foreign entries, which are never touched.
 * Only the directory's own entries are read; symbolic links are never followed; a folder is only
 * looked into when its name is ours and it holds nothing but plain files, as pg_dump -Fd writes.
 */
import { createHash } from 'node:crypto';
import { promises as fsp, type Stats } from 'node:fs';
import { join } from 'node:path';
import { AzaError } from '../errors.js';
import { sha256File } from '../fs.js';
import { directoryDigestInput, readManifest, type BackupManifest, type ManifestFile } from '../manifest.js';

/** backup_<db>_YYYY_MM_DD_HHmmss<ext>, the names `aza-pg backup` gives (src/core/fs.ts backupFileName). */
const AUTO_NAME = /^backup_.+_\d{4}_\d{2}_\d{2}_\d{6}(\.sql\.gz|\.sql\.zst|\.sql|\.dump|\.dir)$/;
const BACKUP_EXTENSION = /(\.sql\.gz|\.sql\.zst|\.sql|\.dump|\.dir)$/;
const MANIFEST_SUFFIX = '.manifest.json';
/** `.<name>.partial-<hex tag>`: src/core/fs.ts tempPathFor. */
const PARTIAL = /^\.(.+)\.partial-[0-9a-f]+$/;

/** One entry of the directory as it was when scanned; run() deletes it only if it is still this. */
export interface Entry {
  name: string;
  path: string;
  isDirectory: boolean;
  /** A directory's files added up. */
  bytes: number;
  /** Newest modification time of the entry (and, for a directory, of its files). */
  mtimeMs: number;
  dev: number;
  ino: number;
}

export interface CompleteBackup {
  data: Entry;
  manifest: Entry;
  database: string;
  startedAt: Date;
  format: BackupManifest['format'];
}

export type IncompleteKind = 'no-manifest' | 'damaged' | 'partial' | 'orphan-manifest';

export interface IncompleteEntry {
  /** What the item is called in lists: the data name, or the leftover's own name. */
  name: string;
  kind: IncompleteKind;
  reason: string;
  /** Deleted together, in this order (a manifest before its data). */
  entries: Entry[];
  /** For damaged ones: the manifest cannot be read (true) or does not match its data (false). */
  unreadable?: boolean;
}

export interface DirectoryScan {
  directory: string;
  backups: CompleteBackup[];
  incomplete: IncompleteEntry[];
  /** Names left alone, with why they are not ours. */
  foreign: Array<{ name: string; why: string }>;
}

export async function scanDirectory(directory: string, deep: boolean): Promise<DirectoryScan> {
  const st = await fsp.stat(directory).catch(() => undefined);
  if (!st?.isDirectory()) {
    throw new AzaError(
      'DIRECTORY_MISSING',
      st ? `Not a directory: ${directory}` : `Backup directory does not exist: ${directory}`,
      'Give the directory your backups are written to (the output-dir of aza-pg backup).',
    );
  }
  let names: string[];
  try {
    names = (await fsp.readdir(directory)).sort();
  } catch (e) {
    throw new AzaError(
      'DIRECTORY_UNREADABLE',
      `Cannot read the backup directory ${directory}: ${(e as Error).message}`,
      `Check its permissions (ls -la ${directory}).`,
    );
  }
  const stats = new Map<string, Stats>();
  for (const name of names) {
    const s = await fsp.lstat(join(directory, name)).catch(() => undefined);
    if (s) stats.set(name, s);
  }

  const scan: DirectoryScan = { directory, backups: [], incomplete: [], foreign: [] };
  const claimed = new Set<string>();
  const foreign = (name: string, why: string): void => {
    scan.foreign.push({ name, why });
  };

  // Data first: a name of ours, or one a manifest stands beside.
  for (const name of names) {
    const s = stats.get(name);
    if (!s || name.startsWith('.') || name.endsWith(MANIFEST_SUFFIX)) continue;
    const manifestName = name + MANIFEST_SUFFIX;
    const hasManifest = stats.has(manifestName);
    if (!AUTO_NAME.test(name) && !hasManifest) continue;
    claimed.add(name);
    if (s.isSymbolicLink()) {
      foreign(name, 'symbolic link, not followed');
      continue;
    }
    const data = await entryOf(directory, name, s);
    if (!data) {
      foreign(name, s.isDirectory() ? 'folder with more than plain files in it, not ours to delete' : 'not a file or folder');
      continue;
    }
    if (!hasManifest) {
      scan.incomplete.push({ name, kind: 'no-manifest', reason: 'no manifest: the run that wrote it did not finish', entries: [data] });
      continue;
    }
    claimed.add(manifestName);
    const ms = stats.get(manifestName)!;
    if (!ms.isFile()) {
      foreign(manifestName, 'not a regular file');
      scan.incomplete.push({ name, kind: 'no-manifest', reason: `${manifestName} is not a regular file`, entries: [data] });
      continue;
    }
    const manifestEntry = (await entryOf(directory, manifestName, ms))!;
    const checked = await checkAgainstManifest(data, manifestEntry.path, deep);
    if ('manifest' in checked) {
      const m = checked.manifest;
      scan.backups.push({ data, manifest: manifestEntry, database: m.database, startedAt: new Date(m.startedAt), format: m.format });
    } else {
      scan.incomplete.push({
        name,
        kind: 'damaged',
        reason: checked.problem,
        unreadable: checked.unreadable,
        entries: [manifestEntry, data],
      });
    }
  }

  for (const name of names) {
    if (claimed.has(name)) continue;
    const s = stats.get(name);
    if (!s) continue;
    const partial = PARTIAL.exec(name);
    if (partial) {
      const inner = partial[1]!;
      if (!(AUTO_NAME.test(inner) || BACKUP_EXTENSION.test(inner) || inner.endsWith(MANIFEST_SUFFIX))) {
        foreign(name, 'temp file of something other than a backup');
        continue;
      }
      const e = s.isSymbolicLink() ? undefined : await entryOf(directory, name, s);
      if (!e) {
        foreign(name, s.isSymbolicLink() ? 'symbolic link, not followed' : 'folder with more than plain files in it, not ours to delete');
        continue;
      }
      scan.incomplete.push({
        name,
        kind: 'partial',
        reason: `${e.isDirectory ? 'staging folder' : 'partial file'} of a backup run that did not finish (${inner})`,
        entries: [e],
      });
      continue;
    }
    if (name.endsWith(MANIFEST_SUFFIX) && s.isFile()) {
      const dataName = name.slice(0, -MANIFEST_SUFFIX.length);
      // Only a manifest of ours counts as ours when its data is gone; any other JSON is left alone.
      let manifest: BackupManifest | undefined;
      try {
        manifest = readManifest(join(directory, name));
      } catch {
        manifest = undefined;
      }
      if (manifest && manifest.file === dataName) {
        scan.incomplete.push({
          name,
          kind: 'orphan-manifest',
          reason: `manifest without its backup ${dataName}`,
          entries: [(await entryOf(directory, name, s))!],
        });
        continue;
      }
    }
    foreign(name, 'not a name aza-pg gives');
  }
  return scan;
}

/** The entry with its size and newest mtime; undefined for a folder that is not pg_dump's (subfolders, links). */
async function entryOf(directory: string, name: string, s: Stats): Promise<Entry | undefined> {
  const path = join(directory, name);
  const base = { name, path, dev: s.dev, ino: s.ino };
  if (s.isFile()) return { ...base, isDirectory: false, bytes: s.size, mtimeMs: s.mtimeMs };
  if (!s.isDirectory()) return undefined;
  let bytes = 0;
  let mtimeMs = s.mtimeMs;
  for (const child of await fsp.readdir(path)) {
    const cs = await fsp.lstat(join(path, child));
    if (!cs.isFile()) return undefined;
    bytes += cs.size;
    mtimeMs = Math.max(mtimeMs, cs.mtimeMs);
  }
  return { ...base, isDirectory: true, bytes, mtimeMs };
}

type Checked = { manifest: BackupManifest } | { problem: string; unreadable: boolean };

/** Does the data match its manifest: name, kind, size (and sha256 when deep)? */
async function checkAgainstManifest(data: Entry, manifestPath: string, deep: boolean): Promise<Checked> {
  let m: BackupManifest;
  try {
    m = readManifest(manifestPath);
  } catch (e) {
    return { problem: (e as Error).message, unreadable: true };
  }
  const bad = (problem: string): Checked => ({ problem: `does not match its manifest: ${problem}`, unreadable: false });
  if (m.file !== data.name) return bad(`the manifest describes ${m.file}`);
  if (typeof m.startedAt !== 'string' || Number.isNaN(new Date(m.startedAt).getTime()))
    return bad(`startedAt ${String(m.startedAt)} is not a time`);
  if (typeof m.database !== 'string') return bad('no database recorded');
  if ((m.format === 'directory') !== data.isDirectory)
    return bad(`the manifest says format ${m.format}, but this is a ${data.isDirectory ? 'folder' : 'file'}`);
  if (m.sizeBytes !== data.bytes) return bad(`${data.bytes} bytes, the manifest says ${m.sizeBytes}`);
  if (data.isDirectory) {
    const files: ManifestFile[] = Array.isArray(m.files) ? m.files : [];
    const present = (await fsp.readdir(data.path)).sort();
    const listed = files.map((f) => f.path).sort();
    if (present.join('\n') !== listed.join('\n'))
      return bad(`its files are ${present.join(', ') || 'none'}, the manifest lists ${listed.join(', ') || 'none'}`);
    for (const f of files) {
      const size = (await fsp.lstat(join(data.path, f.path))).size;
      if (size !== f.sizeBytes) return bad(`${f.path} has ${size} bytes, the manifest says ${f.sizeBytes}`);
    }
    if (deep) {
      const actual: ManifestFile[] = [];
      for (const f of files) {
        const sha256 = await sha256File(join(data.path, f.path));
        if (sha256 !== f.sha256) return bad(`sha256 of ${f.path} differs`);
        actual.push({ ...f, sha256 });
      }
      if (createHash('sha256').update(directoryDigestInput(actual)).digest('hex') !== m.sha256) return bad('the directory digest differs');
    }
  } else if (deep && (await sha256File(data.path)) !== m.sha256) {
    return bad('sha256 differs');
  }
  return { manifest: m };
}
