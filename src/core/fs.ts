/**
 * Files that must never be half there: output goes to a temp name in the destination directory
 * (mode 0600 from creation), is fsynced, checked, and only then renamed into place, after which
 * the directory is fsynced so the rename itself survives a crash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, promises as fsp, rmSync, statSync, statfsSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AzaError } from './errors.js';
import { ownerTag } from './owner.js';
import { noteBytesMoved } from './memory.js';

/** backup_<db>_YYYY_MM_DD_HHmmss<ext>, in UTC. Unsafe characters in the name become "_". */
export function backupFileName(database: string, at: Date, extension: string): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${at.getUTCFullYear()}_${p(at.getUTCMonth() + 1)}_${p(at.getUTCDate())}_${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
  return `backup_${safeFileComponent(database)}_${stamp}${extension}`;
}

/** Keeps letters and digits of any script plus . _ -; everything else (spaces, quotes, /) -> _. */
export function safeFileComponent(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]/gu, '_')
    .replace(/^\.+/, '_');
  return cleaned.length > 0 ? cleaned.slice(0, 100) : '_';
}

/** A random tag that makes a sibling name unique. */
export function uniqueTag(): string {
  return randomBytes(4).toString('hex');
}

/** A unique tag that names this process as its maker: `<pid>-<start>-<host>-<random>`. */
export function ownedTag(): string {
  return `${ownerTag()}-${uniqueTag()}`;
}

/** A hidden name beside `path` (same directory, so a rename is atomic): `.name.<kind>-<tag>`. */
export function siblingPath(path: string, kind: string, tag = uniqueTag()): string {
  return join(dirname(path), `.${basename(path)}.${kind}-${tag}`);
}

/**
 * `.name.partial-<pid>-<start>-<host>-<random>`: the owner in the name lets a later run tell a
 * killed run's leftover from a running one's work (see owner.ts, cleanLeftovers).
 */
export function tempPathFor(finalPath: string, tag = ownedTag()): string {
  return siblingPath(finalPath, 'partial', tag);
}

export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The destination directory exists, is a directory, and we may create files in it. */
export async function checkWritableDirectory(dir: string): Promise<void> {
  const st = statOrUndefined(dir);
  if (!st) {
    throw new AzaError('OUTPUT_DIR_MISSING', `Output directory does not exist: ${dir}`, `Create it first: mkdir -p ${dir}`);
  }
  if (!st.isDirectory()) {
    throw new AzaError('OUTPUT_DIR_MISSING', `Output directory is not a directory: ${dir}`, 'Choose a directory for the output.');
  }
  try {
    await fsp.access(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw notWritable(dir, e);
  }
}

export function notWritable(dir: string, cause?: unknown): AzaError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new AzaError(
    'OUTPUT_DIR_NOT_WRITABLE',
    `Output directory not writable: ${dir}${code === 'EROFS' ? ' (read-only file system)' : ''}`,
    `Check its permissions (ls -la ${dir}); create it if needed (mkdir -p ${dir}) and make it writable for this user (chmod 755 ${dir}).`,
    { cause },
  );
}

export function checkNotExisting(path: string, overwrite: boolean, kind = 'Output file'): void {
  const st = statOrUndefined(path);
  if (!st) return;
  if (!overwrite) {
    throw new AzaError(
      'OUTPUT_EXISTS',
      `${kind} already exists: ${path}`,
      'Choose another name, move the existing file away, or pass --overwrite (input overwrite: true).',
    );
  }
  if (st.isDirectory() !== (kind === 'Output directory')) {
    throw new AzaError(
      'OUTPUT_EXISTS',
      `${path} exists and is a ${st.isDirectory() ? 'directory' : 'file'}; it cannot be replaced by the ${kind.toLowerCase()}`,
      'Choose another output path.',
    );
  }
}

export function freeBytes(dir: string): number | undefined {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

/** Opens a new file with mode 0600 from creation (O_EXCL: never an existing file). */
export async function createPrivateFile(path: string): Promise<fsp.FileHandle> {
  try {
    return await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') throw notWritable(dirname(path), e);
    throw e;
  }
}

export async function fsyncPath(path: string): Promise<void> {
  const fh = await fsp.open(path, constants.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Every file below a directory, fsynced, then the directory itself. */
export async function fsyncTree(dir: string): Promise<void> {
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) await fsyncTree(p);
    else if (entry.isFile()) await fsyncPath(p);
  }
  await fsyncPath(dir);
}

/**
 * Moves a finished temp file or directory to its final name. Without overwrite a file is linked
 * (fails if the name was taken meanwhile), so a concurrent writer is never clobbered.
 */
export async function publish(tempPath: string, finalPath: string, overwrite: boolean): Promise<void> {
  const isDir = statSync(tempPath).isDirectory();
  if (overwrite) {
    if (isDir) await fsp.rm(finalPath, { recursive: true, force: true });
    await fsp.rename(tempPath, finalPath);
  } else if (isDir) {
    if (statOrUndefined(finalPath))
      throw new AzaError('OUTPUT_EXISTS', `Output directory already exists: ${finalPath}`, 'Choose another name or pass --overwrite.');
    await fsp.rename(tempPath, finalPath);
  } else {
    try {
      await fsp.link(tempPath, finalPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new AzaError(
          'OUTPUT_EXISTS',
          `Output file already exists: ${finalPath}`,
          'Another process created it while the backup ran. Choose another name.',
        );
      }
      throw e;
    }
    await fsp.unlink(tempPath);
  }
  await fsyncPath(dirname(finalPath));
}

export function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // nothing more can be done; the caller reports the original failure
  }
}

export function diskFullError(path: string, cause: unknown): AzaError {
  const free = freeBytes(dirname(path));
  return new AzaError(
    'DISK_FULL',
    `No space left on the device while writing ${basename(path)}${free !== undefined ? ` (${free} bytes free)` : ''}; the partial file was removed`,
    `Free space in ${dirname(path)} (df -h ${dirname(path)}) or write the backup elsewhere.`,
    { cause },
  );
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d: string | Buffer) => {
        h.update(d);
        noteBytesMoved(d.length);
      })
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
