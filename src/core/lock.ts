/**
 * One run at a time per destination: a lock file `.<name>.lock` beside it, created with O_EXCL
 * and holding its owner (pid, host, start; see owner.ts). A second run fails at once naming the
 * holder; the lock of a run that was killed (its owner is gone) is taken over.
 */
import { closeSync, constants, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AzaError } from './errors.js';
import { onInterrupt } from './exec.js';
import { notWritable, ownedTag, siblingPath, uniqueTag } from './fs.js';
import { describeOwner, ownerState, ownerText, parseOwnerText } from './owner.js';

export interface HeldLock {
  path: string;
  release(): void;
}

/** A lock whose content never got written (killed between create and write) is stale after this. */
const UNWRITTEN_LOCK_GRACE_MS = 10_000;

export function lockPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.lock`);
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The lock appears whole or not at all: its content is written to a temp name first (one a
 * later cleanLeftovers recognises), then linked to the lock's name, which fails if it exists.
 */
function tryCreate(path: string, content: string): boolean {
  const temp = siblingPath(path, 'tmp', ownedTag());
  let fd: number;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') throw notWritable(dirname(path), e);
    throw e;
  }
  try {
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
}

/**
 * Takes the lock on `target` for `operation` ("backup", "ssl-certs"), or throws IN_PROGRESS
 * naming the run that holds it. The lock goes on release, on an interrupt, and after a kill the
 * next run takes it over.
 */
export function acquireLock(target: string, operation: string): HeldLock {
  const path = lockPathFor(target);
  const mine = `${ownerText()} operation=${operation} since=${new Date().toISOString()}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(path, mine)) {
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        if (readOrUndefined(path) === mine) {
          try {
            unlinkSync(path);
          } catch {
            // gone already
          }
        }
      };
      const removeOnInterrupt = onInterrupt(release);
      return {
        path,
        release: () => {
          removeOnInterrupt();
          release();
        },
      };
    }
    const theirs = readOrUndefined(path);
    if (theirs === undefined) continue;
    const owner = parseOwnerText(theirs);
    let stale: boolean;
    if (owner) {
      const state = ownerState(owner);
      if (state !== 'gone') throw inProgress(operation, target, path, theirs, state === 'elsewhere');
      stale = true;
    } else {
      const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age < UNWRITTEN_LOCK_GRACE_MS) throw inProgress(operation, target, path, theirs, false);
      stale = true;
    }
    if (stale) takeOver(path, theirs);
  }
  throw inProgress(operation, target, path, readOrUndefined(path) ?? '', false);
}

/** Moves a dead run's lock aside, and removes it only if it is still the one judged stale. */
function takeOver(path: string, judged: string): void {
  const aside = `${path}.stale-${uniqueTag()}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  if (readOrUndefined(aside) !== judged) {
    // Another run replaced it meanwhile: put its lock back (unless a third took the name).
    try {
      linkSync(aside, path);
    } catch {
      // the name was taken again; that run holds it
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // nothing to do
  }
}

function inProgress(operation: string, target: string, path: string, content: string, elsewhere: boolean): AzaError {
  const owner = parseOwnerText(content);
  const since = /since=(\S+)/.exec(content)?.[1];
  const holder = owner ? `${describeOwner(owner)}${since ? `, since ${since}` : ''}` : 'a run that is starting';
  return new AzaError(
    'IN_PROGRESS',
    `Another ${operation} into ${target} is running (${holder}); it holds ${path}`,
    elsewhere
      ? `Wait for it to finish. If no such run exists on host ${owner!.host} any more, remove the lock: rm ${path}`
      : 'Wait for it to finish, or choose another destination.',
  );
}
