/**
 * Publishes a set of small files (keys and certificates) so that a failure at any point leaves
 * the directory as it was: every file is first written in full to a temp name in the same
 * directory (private keys with mode 0600 from the open(2) that creates them, never widened),
 * fsynced, and only then moved into place. Files being replaced are kept under a backup name
 * until every new file is in place, so a failure while renaming puts the old set back.
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AzaError } from '../errors.js';
import { onInterrupt } from '../exec.js';
import { removeQuietly, siblingPath, statOrUndefined } from '../fs.js';

export interface FileToPublish {
  path: string;
  /** 0600 for private keys: the file is created with it. Other modes are set before any byte is written. */
  mode: number;
  content: string;
}

export interface PublishOptions {
  /** Replace files that exist; otherwise an existing name fails the whole set. */
  overwrite: boolean;
  /** Create the directory (and missing parents) first. */
  createDir: boolean;
  /**
   * Called right after a temp file is created, before anything is written to it: lets tests
   * observe the mode a file has from its first moment.
   */
  onTempFileCreated?: (tempPath: string, finalPath: string) => void;
}

function writeFailure(path: string, cause: unknown): AzaError {
  const code = (cause as NodeJS.ErrnoException).code;
  const dir = dirname(path);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AzaError(
      'OUTPUT_DIR_NOT_WRITABLE',
      `Certificate directory not writable: ${dir}${code === 'EROFS' ? ' (read-only file system)' : ''}; nothing was changed`,
      `Check permissions and mounts (ls -ld ${dir}) or choose another directory.`,
      { cause },
    );
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AzaError(
      'DISK_FULL',
      `No space left while writing ${basename(path)} in ${dir}; nothing was changed`,
      `Free space in ${dir} (df -h ${dir}).`,
      { cause },
    );
  }
  if (cause instanceof AzaError) return cause;
  return new AzaError('WRITE_FAILED', `Could not write ${path}: ${(cause as Error).message}; nothing was changed`, undefined, { cause });
}

/** Writes `file` to a new temp name next to it and returns that name. */
function writeTemp(file: FileToPublish, onCreated: PublishOptions['onTempFileCreated']): string {
  const temp = siblingPath(file.path, 'tmp');
  // O_EXCL: a fresh inode that nobody else holds open; the mode applies from creation on.
  // umask can only narrow it, never widen it.
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, file.mode);
  try {
    onCreated?.(temp, file.path);
    // Public files get exactly their mode whatever the umask, before their content exists.
    // Private keys are never chmod'ed: created 0600, they stay 0600 or narrower.
    if ((file.mode & 0o077) !== 0) fchmodSync(fd, file.mode);
    // As root, a replacement keeps the owner of the file it replaces (e.g. the postgres user,
    // which must be able to read server.key).
    const previous = statOrUndefined(file.path);
    if (previous && process.getuid?.() === 0 && (previous.uid !== 0 || previous.gid !== 0)) fchownSync(fd, previous.uid, previous.gid);
    const data = Buffer.from(file.content, 'utf8');
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Publishes all of `files` (all in one directory) or none of them. */
export function publishFiles(files: readonly FileToPublish[], options: PublishOptions): void {
  if (files.length === 0) return;
  const dir = dirname(files[0]!.path);
  const temps = new Map<string, string>();
  const backups = new Map<string, string>();
  const placed: string[] = [];
  let createdDir: string | undefined;
  let current = files[0]!.path;
  let finished = false;

  const rollBack = () => {
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
      try {
        createdDir = mkdirSync(dir, { recursive: true, mode: 0o755 });
      } catch (e) {
        throw writeFailure(join(dir, '.'), e);
      }
    }
    for (const file of files) {
      try {
        temps.set(file.path, writeTemp(file, options.onTempFileCreated));
      } catch (e) {
        throw writeFailure(file.path, e);
      }
    }
    for (const file of files) {
      current = file.path;
      const temp = temps.get(file.path)!;
      if (statOrUndefined(file.path)) {
        if (!options.overwrite) {
          throw new AzaError(
            'CERTS_EXIST',
            `${file.path} appeared while the certificates were being made; nothing was changed`,
            'Another process writes to this directory: run again when it is done.',
          );
        }
        const backup = siblingPath(file.path, 'old');
        linkSync(file.path, backup);
        backups.set(file.path, backup);
        renameSync(temp, file.path);
      } else {
        // link(2) fails if the name was taken meanwhile: nothing of someone else's is clobbered.
        try {
          linkSync(temp, file.path);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
            throw new AzaError(
              'CERTS_EXIST',
              `${file.path} appeared while the certificates were being made; nothing was changed`,
              'Another process writes to this directory: run again when it is done.',
            );
          }
          throw e;
        }
        unlinkSync(temp);
      }
      temps.delete(file.path);
      placed.push(file.path);
    }
    fsyncDirectory(dir);
    finished = true;
    for (const backup of backups.values()) removeQuietly(backup);
  } catch (e) {
    rollBack();
    throw writeFailure(current, e);
  } finally {
    removeInterruptCleanup();
  }
}
