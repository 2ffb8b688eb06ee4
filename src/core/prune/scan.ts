/**
 * The backup directory as prune needs it: the shared catalog's reading (src/core/backup-catalog.ts:
 * complete, incomplete with the reason, killed runs' leftovers, foreign), plus what deleting safely
 * needs on top: each entry's identity (device, inode) so run() deletes only what was judged, and a
 * refusal to look into a folder that holds more than plain files (pg_dump -Fd writes only files), so
 * nothing recurses into a folder that is not ours.
 */
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { OUR_DATA_NAME, readBackupCatalog } from '../backup-catalog.js';
import type { BackupFormat } from '../manifest.js';

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
  /** In a bucket: the object's ETag when listed (run() deletes it only if it still has it). */
  etag?: string;
  /** In a bucket: the id of an open multipart upload (run() aborts it). */
  uploadId?: string;
}

export interface CompleteBackup {
  data: Entry;
  manifest: Entry;
  database: string;
  startedAt: Date;
  format: BackupFormat;
}

export type IncompleteKind = 'no-manifest' | 'damaged' | 'partial' | 'orphan-manifest' | 'open-upload';

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

const NOT_PLAIN = 'folder with more than plain files in it: not ours to delete';

export async function scanDirectory(directory: string, deep: boolean): Promise<DirectoryScan> {
  // The directory given may itself be a link (/var/backups -> /data/backups): that is the user's
  // choice; links inside it are never followed.
  const real = await fsp.realpath(directory).catch(() => directory);
  const catalog = await readBackupCatalog(real, { deep });
  const scan: DirectoryScan = {
    directory,
    backups: [],
    incomplete: [],
    foreign: catalog.foreign.map((name) => ({ name, why: 'not a name aza-pg gives, or a symbolic link' })),
  };
  const entriesOf = async (paths: readonly string[]): Promise<Entry[] | undefined> => {
    const out: Entry[] = [];
    for (const p of paths) {
      const e = await entryOf(p);
      if (!e) return undefined;
      out.push(e);
    }
    return out;
  };

  for (const b of catalog.complete) {
    const found = await entriesOf([b.manifestPath, b.path]);
    if (!found) {
      scan.foreign.push({ name: b.name, why: NOT_PLAIN });
      continue;
    }
    const [manifest, data] = found as [Entry, Entry];
    scan.backups.push({ data, manifest, database: b.database, startedAt: b.startedAt, format: b.manifest.format });
  }
  for (const i of catalog.incomplete) {
    // A manifest that does not read is only a marker of ours beside a data file with our own name.
    if (i.reason === 'manifest-invalid' && !(OUR_DATA_NAME.test(i.name) && i.paths.length === 2)) {
      scan.foreign.push({
        name: `${i.name}${i.paths.length === 2 ? ' and its .manifest.json' : ''}`,
        why: `not an aza-pg manifest (${i.detail})`,
      });
      continue;
    }
    // The manifest, the completion marker, goes first.
    const paths = [...i.paths].sort((a, b) => Number(b.endsWith('.manifest.json')) - Number(a.endsWith('.manifest.json')));
    const entries = await entriesOf(paths);
    if (!entries) {
      scan.foreign.push({ name: i.name, why: NOT_PLAIN });
      continue;
    }
    const kind = i.reason === 'no-manifest' ? 'no-manifest' : i.reason === 'data-missing' ? 'orphan-manifest' : 'damaged';
    scan.incomplete.push({
      name: i.name,
      kind,
      reason: i.detail,
      entries,
      ...(kind === 'damaged' ? { unreadable: i.reason === 'manifest-invalid' } : {}),
    });
  }
  for (const l of catalog.leftovers) {
    const e = await entryOf(l.path);
    if (!e) {
      scan.foreign.push({ name: l.name, why: NOT_PLAIN });
      continue;
    }
    scan.incomplete.push({
      name: l.name,
      kind: 'partial',
      reason: `${e.isDirectory ? 'staging folder' : 'partial file'} of a run that did not finish writing ${l.forName}`,
      entries: [e],
    });
  }
  return scan;
}

/** The entry with its identity, size and newest mtime; undefined for a link, or a folder holding more than plain files. */
async function entryOf(path: string): Promise<Entry | undefined> {
  const s = await fsp.lstat(path).catch(() => undefined);
  if (!s) return undefined;
  const base = { name: basename(path), path, dev: s.dev, ino: s.ino };
  if (s.isFile()) return { ...base, isDirectory: false, bytes: s.size, mtimeMs: s.mtimeMs };
  if (!s.isDirectory()) return undefined;
  let bytes = 0;
  let mtimeMs = s.mtimeMs;
  for (const child of await fsp.readdir(path)) {
    const cs = await fsp.lstat(`${path}/${child}`);
    if (!cs.isFile()) return undefined;
    bytes += cs.size;
    mtimeMs = Math.max(mtimeMs, cs.mtimeMs);
  }
  return { ...base, isDirectory: true, bytes, mtimeMs };
}
