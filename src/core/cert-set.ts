/**
 * A certificate set published as one, the way Kubernetes' AtomicWriter publishes secret volumes:
 * every set is written, fsynced, into its own hidden directory inside the certificate directory
 * (`..<UTC stamp>.<maker>-<random>`, the maker as in owner.ts), `..data` is a symbolic link to
 * the current one, and the fixed paths PostgreSQL reads (server.key, server.crt, ca.crt, ...) are
 * links `name -> ..data/name`. A new set is switched in by one rename of a new `..data_tmp` link
 * over `..data`: killed at any moment, every fixed path resolves through `..data` to one complete
 * set, the old or the new one. The next run removes what a killed run left (set directories
 * `..data` does not point at, `..data_tmp`, temp links).
 *
 * Migration from regular files (older versions, or files put there by hand): the current
 * content of each fixed path is first copied into a set directory of its own and `..data` made to
 * point at that copy; each regular file is then replaced (rename) by its link, which resolves to
 * the same bytes; only then is `..data` switched to the new set. A crash during the conversion
 * leaves some names regular files and some links, all with the old set's content: still one set.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { fsyncDirectorySync, setWriteFailure, takenMeanwhile, writeNewFile, type FileToPublish } from './file-set.js';
import { onInterrupt } from './exec.js';
import { ownedTag, removeQuietly, siblingPath, statOrUndefined } from './fs.js';
import { describeOwner, ownerState, parseOwnerTag } from './owner.js';

export const DATA_LINK = '..data';
const DATA_TMP = '..data_tmp';
const SET_DIR = /^\.\.\d{4}_\d\d_\d\d_\d{6}\.\d{3}\.(\d+-\d+-[A-Za-z0-9_]+)-[0-9a-f]+$/;

export interface PublishCertSetOptions {
  /** Replace files that exist; otherwise an existing file fails the whole set. */
  overwrite: boolean;
  createDir: boolean;
  dirLabel?: string;
  /** Called after each durable step (the fault tests kill the process there). */
  onStep?: (step: string) => void;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** `name` is our link into the current set (`name -> ..data/name`). */
export function isSetLink(dir: string, name: string): boolean {
  try {
    return readlinkSync(join(dir, name)) === `${DATA_LINK}/${name}`;
  } catch {
    return false;
  }
}

/** `..2026_11_30_110501.123.<maker>-<random>`: the hidden directory of one set. */
function setDirName(at: Date = new Date()): string {
  const iso = at.toISOString(); // 2026-11-30T11:05:01.123Z
  const stamp = `${iso.slice(0, 10).replace(/-/g, '_')}_${iso.slice(11, 19).replace(/:/g, '')}.${iso.slice(20, 23)}`;
  return `..${stamp}.${ownedTag()}`;
}

/** The set directory `..data` points at, if any. */
function currentSetDir(dir: string): string | undefined {
  try {
    const target = readlinkSync(join(dir, DATA_LINK));
    return SET_DIR.test(target) ? target : undefined;
  } catch {
    return undefined;
  }
}

/** Makes `link -> target` appear at once: a temp link, then rename over `link`, then fsync the directory. */
function replaceWithLink(dir: string, link: string, target: string, temp = basename(siblingPath(link, 'tmp', ownedTag()))): void {
  const tempPath = join(dir, temp);
  removeQuietly(tempPath);
  symlinkSync(target, tempPath);
  renameSync(tempPath, join(dir, link));
  fsyncDirectorySync(dir);
}

/** What a file holds now, with its mode and owner: copied as is into a set directory. */
function fileAsIs(path: string, name: string): { name: string; mode: number; content: Buffer; owner: Stats } {
  const st = statOrUndefined(path)!;
  return { name, mode: st.mode & 0o777, content: readFileSync(path), owner: st };
}

/** A new set directory holding `files` (by name), each with its mode and owner, all fsynced. */
function writeSetDir(dir: string, files: ReadonlyArray<{ name: string; mode: number; content: string | Buffer; owner?: Stats }>): string {
  const name = setDirName();
  const path = join(dir, name);
  mkdirSync(path, { mode: 0o755 });
  for (const f of files) writeNewFile(join(path, f.name), f.mode, f.content, f.owner);
  fsyncDirectorySync(path);
  fsyncDirectorySync(dir);
  return name;
}

/**
 * Publishes `files` (all in one directory) as one set: see the top of this file. A failure before
 * the switch leaves the previous set in place (possibly already in the link layout).
 */
export function publishCertSet(files: readonly FileToPublish[], options: PublishCertSetOptions): void {
  if (files.length === 0) return;
  const dirLabel = options.dirLabel ?? 'Directory';
  const dir = files[0]!.path.slice(0, files[0]!.path.lastIndexOf('/')) || '/';
  const names = files.map((f) => f.path.slice(dir.length + 1));
  const step = options.onStep ?? (() => undefined);
  const made: string[] = [];
  let switched = false;
  let previous: string | undefined;
  const rollBack = () => {
    removeQuietly(join(dir, DATA_TMP));
    const live = currentSetDir(dir);
    for (const m of made) if (m !== live) rmSync(join(dir, m), { recursive: true, force: true });
  };
  const removeInterruptCleanup = onInterrupt(() => {
    if (!switched) rollBack();
  });
  let current = files[0]!.path;
  try {
    if (options.createDir) mkdirSync(dir, { recursive: true, mode: 0o755 });
    // Existing fixed paths: our links, or files (regular, or a link of someone else's) to convert.
    const toConvert: string[] = [];
    for (const name of names) {
      current = join(dir, name);
      const st = lstatOrUndefined(current);
      if (!st) continue;
      const ours = isSetLink(dir, name);
      if (!options.overwrite && (!ours || statOrUndefined(current))) throw takenMeanwhile(current);
      if (!ours) toConvert.push(name);
    }
    previous = currentSetDir(dir);
    // Files of the current set the new one lacks (e.g. ca.key after a switch to self-signed) are
    // carried over unchanged: their links keep resolving, and the run names them as left over.
    const carried = (previous ? readdirSync(join(dir, previous)) : [])
      .filter((name) => !names.includes(name) && isSetLink(dir, name))
      .map((name) => fileAsIs(join(dir, previous!, name), name));
    const newSet = writeSetDir(dir, [
      ...files.map((f, i) => {
        // As root, a replacement keeps the owner of the file it replaces (e.g. the postgres user).
        const owner = statOrUndefined(f.path);
        return { name: names[i]!, mode: f.mode, content: f.content, ...(owner ? { owner } : {}) };
      }),
      ...carried,
    ]);
    made.push(newSet);
    step('new set written');
    if (toConvert.length > 0) {
      // One-time conversion (see the top): a copy of what every fixed path shows now, linked first.
      const shown = new Set([...names, ...(previous ? readdirSync(join(dir, previous)) : [])]);
      const copy = [...shown].filter((name) => statOrUndefined(join(dir, name))?.isFile()).map((name) => fileAsIs(join(dir, name), name));
      const oldCopy = writeSetDir(dir, copy);
      made.push(oldCopy);
      step('old set copied');
      replaceWithLink(dir, DATA_LINK, oldCopy, DATA_TMP);
      step('..data -> old copy');
      for (const name of toConvert) {
        current = join(dir, name);
        replaceWithLink(dir, name, `${DATA_LINK}/${name}`);
        step(`${name} converted`);
      }
    }
    // Names the old set lacked: links that resolve once the new set is in.
    for (const name of names) {
      if (lstatOrUndefined(join(dir, name))) continue;
      current = join(dir, name);
      symlinkSync(`${DATA_LINK}/${name}`, current);
    }
    fsyncDirectorySync(dir);
    step('links in place');
    current = join(dir, DATA_LINK);
    replaceWithLink(dir, DATA_LINK, newSet, DATA_TMP);
    switched = true;
    step('switched');
  } catch (e) {
    if (!switched) rollBack();
    throw setWriteFailure(current, dirLabel, e);
  } finally {
    removeInterruptCleanup();
  }
  // The switch is done: what follows only tidies up, and the next run finishes it if killed.
  // The previous set and the old copy: no longer pointed at. Any other set directory is a killed
  // run's (removed if its maker is gone) or a live run's (left alone; none while we hold the lock).
  for (const s of strayCertSets(dir)) {
    if (s.name === previous || made.includes(s.name) || s.state === 'gone') rmSync(join(dir, s.name), { recursive: true, force: true });
  }
  fsyncDirectorySync(dir);
  step('old set removed');
}

export interface CertSetNotes {
  info(message: string): void;
  warn(message: string): void;
}

/** The set directories in `dir` that `..data` does not point at, with their makers. */
export function strayCertSets(dir: string): Array<{ name: string; maker: string; state: ReturnType<typeof ownerState> }> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const live = currentSetDir(dir);
  const out = [];
  for (const name of names.sort()) {
    const m = SET_DIR.exec(name);
    const owner = m ? parseOwnerTag(m[1]!) : undefined;
    if (!m || !owner || name === live) continue;
    out.push({ name, maker: describeOwner(owner), state: ownerState(owner) });
  }
  return out;
}

/**
 * What killed runs left in a certificate directory: set directories `..data` does not point at
 * (removed when their maker is gone), `..data_tmp`, temp links and links that no longer resolve
 * into the set. Called by the next run while it holds the directory's lock.
 */
export function cleanCertSetLeftovers(dir: string, notes: CertSetNotes): string[] {
  const removed: string[] = [];
  for (const s of strayCertSets(dir)) {
    const path = join(dir, s.name);
    if (s.state === 'alive') continue;
    if (s.state === 'elsewhere') {
      notes.warn(`${path} was left by a run on another host (${s.maker}); if nothing is writing into ${dir}, remove it: rm -rf ${path}`);
      continue;
    }
    rmSync(path, { recursive: true, force: true });
    removed.push(s.name);
    notes.info(`Removed ${s.name}, a certificate set left by an interrupted run (${s.maker}, no longer running)`);
  }
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const path = join(dir, name);
    const temp = name === DATA_TMP || /^\..+\.tmp-\d+-\d+-[A-Za-z0-9_]+-[0-9a-f]+$/.test(name);
    // Temp links only: temp files of the older layout are cleanLeftovers' (they carry an owner).
    if (!temp || !lstatOrUndefined(path)?.isSymbolicLink()) continue;
    removeQuietly(path);
    removed.push(name);
    notes.info(`Removed ${name}, a link left by an interrupted run`);
  }
  if (removed.length > 0) fsyncDirectorySync(dir);
  return removed;
}
