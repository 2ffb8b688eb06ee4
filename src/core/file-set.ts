/**
 * A set of small files published together (keys and certificates; a manifest is a set of one):
 * all of them or none, even across a crash. Every file is first written in full to a temp name
 * beside its final one and fsynced. A set of more than one file then gets a journal
 * (`.aza-pg-set.journal-<maker>`) naming each final file and its temp, written atomically before
 * the first rename: from then on the new set is complete on disk, and a run killed while renaming
 * is finished by the next one (finishInterruptedSets, called by cleanLeftovers), which moves the
 * remaining temps into place. The files keep their fixed names (PostgreSQL reads server.key,
 * server.crt and ca.crt from fixed paths): between the kill and the next run the directory may
 * hold files of both sets, never a file half written. Certificate sets are published by
 * cert-set.ts instead (one rename switches the whole set); the journal is still finished here so
 * that a set an older version was renaming when killed is completed by the next run.
 */
import {
  closeSync,
  constants,
  existsSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AzaError } from './errors.js';
import { onInterrupt } from './exec.js';
import { ownedTag, removeQuietly, siblingPath, statOrUndefined } from './fs.js';
import { describeOwner, ownerState, ownerText, parseOwnerTag, parseOwnerText } from './owner.js';

/** Writes a small file atomically (temp, fsync, rename, fsync dir) with mode 0600: a set of one. */
export function writeFileAtomic(path: string, content: string): void {
  publishFileSet([{ path, mode: 0o600, content }], { overwrite: true, createDir: false });
}

export interface FileToPublish {
  path: string;
  /** 0600 for private files: the file is created with it. Other modes are set before any byte is written. */
  mode: number;
  content: string;
}

export interface PublishSetOptions {
  /** Replace files that exist; otherwise an existing name fails the whole set. */
  overwrite: boolean;
  /** Create the directory (and missing parents) first. */
  createDir: boolean;
  /** How messages name the directory: "Certificate directory". */
  dirLabel?: string;
  /**
   * Called right after a temp file is created, before anything is written to it: lets tests
   * observe the mode a file has from its first moment.
   */
  onTempFileCreated?: (tempPath: string, finalPath: string) => void;
  /** Called after each file is in place (the fault tests kill the process there). */
  onPlaced?: (finalPath: string) => void;
}

export function setWriteFailure(path: string, dirLabel: string, cause: unknown): AzaError {
  if (cause instanceof AzaError) return cause;
  const code = (cause as NodeJS.ErrnoException).code;
  const dir = dirname(path);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AzaError(
      'OUTPUT_DIR_NOT_WRITABLE',
      `${dirLabel} not writable: ${dir}${code === 'EROFS' ? ' (read-only file system)' : ''}; nothing was changed`,
      `Check permissions and mounts (ls -ld ${dir}) or choose another directory.`,
      { cause },
    );
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AzaError(
      'DISK_FULL',
      `No space left while writing ${basename(path)} in ${dir}; nothing was changed`,
      `Free space in ${dir} (df -h ${dir}).`,
      {
        cause,
      },
    );
  }
  return new AzaError('WRITE_FAILED', `Could not write ${path}: ${(cause as Error).message}; nothing was changed`, undefined, { cause });
}

export function takenMeanwhile(path: string): AzaError {
  return new AzaError(
    'OUTPUT_EXISTS',
    `${path} appeared while the files were being written; nothing was changed`,
    'Another process writes to this directory: run again when it is done.',
  );
}

/** Writes `file` in full to a new temp name next to it and returns that name. */
function writeTemp(file: FileToPublish, onCreated: PublishSetOptions['onTempFileCreated']): string {
  const temp = siblingPath(file.path, 'tmp', ownedTag());
  // As root, a replacement keeps the owner of the file it replaces (e.g. the postgres user,
  // which must be able to read server.key).
  writeNewFile(temp, file.mode, file.content, statOrUndefined(file.path), () => onCreated?.(temp, file.path));
  return temp;
}

/**
 * Creates `path` (which must not exist) with `mode` from its first moment, writes `content` and
 * fsyncs it. As root, the file gets the owner of `ownerOf` when that is not root's.
 */
export function writeNewFile(
  path: string,
  mode: number,
  content: string | Buffer,
  ownerOf: { uid: number; gid: number } | undefined,
  onCreated?: () => void,
): void {
  // O_EXCL: a fresh inode that nobody else holds open; the mode applies from creation on.
  // umask can only narrow it, never widen it.
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    onCreated?.();
    // Public files get exactly their mode whatever the umask, before their content exists.
    // Private files are never chmod'ed: created 0600, they stay 0600 or narrower.
    if ((mode & 0o077) !== 0) fchmodSync(fd, mode);
    if (ownerOf && process.getuid?.() === 0 && (ownerOf.uid !== 0 || ownerOf.gid !== 0)) fchownSync(fd, ownerOf.uid, ownerOf.gid);
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    removeQuietly(path);
    throw e;
  }
  closeSync(fd);
}

export function fsyncDirectorySync(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Publishes all of `files` (all in one directory) or none of them: a failure at any point, or an
 * interrupt, leaves the directory as it was. Every file is first written in full to a temp name
 * beside it and fsynced, and only then moved into place; files being replaced are kept under a
 * backup name until every new file is in place, so a failure while renaming puts the old set back.
 * A kill while renaming is finished by the next run (see the journal above).
 */
export function publishFileSet(files: readonly FileToPublish[], options: PublishSetOptions): void {
  if (files.length === 0) return;
  const dirLabel = options.dirLabel ?? 'Directory';
  const dir = dirname(files[0]!.path);
  const temps = new Map<string, string>();
  const backups = new Map<string, string>();
  const placed: string[] = [];
  let createdDir: string | undefined;
  let current = files[0]!.path;
  let finished = false;

  let journal: string | undefined;
  const rollBack = () => {
    // Not to be finished by a later run: this one puts the old set back itself.
    if (journal) removeQuietly(journal);
    // New files out first, then the backups back to their names: the old set returns whole.
    for (const path of placed) if (!backups.has(path)) removeQuietly(path);
    for (const [path, backup] of backups) {
      try {
        renameSync(backup, path);
      } catch {
        removeQuietly(backup);
      }
    }
    for (const temp of temps.values()) removeQuietly(temp);
    if (createdDir) removeQuietly(createdDir);
  };
  const removeInterruptCleanup = onInterrupt(() => {
    if (!finished) rollBack();
  });

  try {
    if (options.createDir) {
      current = join(dir, '.');
      createdDir = mkdirSync(dir, { recursive: true, mode: 0o755 });
    }
    for (const file of files) {
      current = file.path;
      temps.set(file.path, writeTemp(file, options.onTempFileCreated));
    }
    if (files.length > 1) journal = writeJournal(dir, dirLabel, temps);
    for (const file of files) {
      current = file.path;
      const temp = temps.get(file.path)!;
      if (statOrUndefined(file.path)) {
        if (!options.overwrite) throw takenMeanwhile(file.path);
        const backup = siblingPath(file.path, 'old', ownedTag());
        linkSync(file.path, backup);
        backups.set(file.path, backup);
        renameSync(temp, file.path);
      } else {
        // link(2) fails if the name was taken meanwhile: nothing of someone else's is clobbered.
        try {
          linkSync(temp, file.path);
        } catch (e) {
          throw (e as NodeJS.ErrnoException).code === 'EEXIST' ? takenMeanwhile(file.path) : e;
        }
        unlinkSync(temp);
      }
      temps.delete(file.path);
      placed.push(file.path);
      options.onPlaced?.(file.path);
    }
    fsyncDirectorySync(dir);
    finished = true;
    if (journal) removeQuietly(journal);
    for (const backup of backups.values()) removeQuietly(backup);
  } catch (e) {
    rollBack();
    throw setWriteFailure(current, dirLabel, e);
  } finally {
    removeInterruptCleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// The journal of a set being published, and finishing the sets of killed runs

const JOURNAL = /^\.aza-pg-set\.journal-(\d+-\d+-[A-Za-z0-9_]+)-[0-9a-f]+$/;

interface Journal {
  maker: string;
  label: string;
  files: Array<{ name: string; temp: string }>;
}

/** Writes the journal (temp name, fsync, rename, fsync the directory): whole or absent. */
function writeJournal(dir: string, label: string, temps: ReadonlyMap<string, string>): string {
  // The temps' names must be on disk before a journal that points at them.
  fsyncDirectorySync(dir);
  const path = join(dir, `.aza-pg-set.journal-${ownedTag()}`);
  const body: Journal = {
    maker: ownerText(),
    label,
    files: [...temps].map(([final, temp]) => ({ name: basename(final), temp: basename(temp) })),
  };
  const temp = writeTemp({ path, mode: 0o600, content: `${JSON.stringify(body)}\n` }, undefined);
  renameSync(temp, path);
  fsyncDirectorySync(dir);
  return path;
}

export interface SetNotes {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Sets whose publication a killed run left half done in `dir`: the rest of each is moved into
 * place from its fsynced temp files (roll forward: the new set was complete on disk before its
 * first rename), and the journal removed. A journal of a run still going, or of another host's
 * run, is left alone and named. Returns the directories' files put in place.
 */
export function finishInterruptedSets(dir: string, notes: SetNotes): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const finished: string[] = [];
  for (const name of names) {
    const m = JOURNAL.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    const owner = parseOwnerTag(m[1]!);
    const state = owner ? ownerState(owner) : 'gone';
    if (state === 'alive') continue;
    let journal: Journal;
    try {
      journal = JSON.parse(readFileSync(path, 'utf8')) as Journal;
    } catch (e) {
      notes.warn(
        `Cannot read ${path}, the journal of an interrupted publication: ${(e as Error).message}; check the files in ${dir}, then remove it`,
      );
      continue;
    }
    const maker = parseOwnerText(journal.maker);
    const who = maker ? describeOwner(maker) : 'an earlier run';
    if (state === 'elsewhere') {
      notes.warn(
        `${dir} holds a set of files half published by a run on another host (${who}); if it no longer runs, run this again there, or remove ${path} and publish the set again`,
      );
      continue;
    }
    const moved: string[] = [];
    for (const f of journal.files) {
      const temp = join(dir, f.temp);
      if (!existsSync(temp)) continue;
      renameSync(temp, join(dir, f.name));
      // rename(2) of two links to one file does nothing: the temp was linked in already.
      removeQuietly(temp);
      moved.push(f.name);
    }
    fsyncDirectorySync(dir);
    unlinkSync(path);
    finished.push(...moved);
    notes.warn(
      `${journal.label} ${dir}: an interrupted run (${who}, no longer running) had put ${journal.files.length - moved.length} of the ${journal.files.length} files of a new set in place; ` +
        `the set was completed from its written files${moved.length > 0 ? ` (${moved.join(', ')})` : ''}`,
    );
  }
  return finished;
}
