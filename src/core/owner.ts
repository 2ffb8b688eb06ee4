/**
 * Who made a leftover: this process's pid, host and start time, written into temp names, lock
 * files and staging-database comments, so a later run can tell a killed run's leftover (owner
 * gone) from a live run's work (owner running) before it removes anything.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface Owner {
  pid: number;
  /** Host name as written into names: letters, digits and "_" only. */
  host: string;
  /** Start of the process: clock ticks since boot on Linux (/proc/<pid>/stat), else ms since epoch. */
  start: string;
}

/** A host name reduced to what every name and comment can carry. */
export function markerHost(name: string = hostname()): string {
  return name.replace(/[^A-Za-z0-9]/g, '_').slice(0, 40) || '_';
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command, which may hold spaces). */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

let self: Owner | undefined;

export function currentOwner(): Owner {
  self ??= {
    pid: process.pid,
    host: markerHost(),
    start: processStartTicks(process.pid) ?? String(Math.round(Date.now() - process.uptime() * 1000)),
  };
  return self;
}

/** `<pid>-<start>-<host>`: the marker inside temp names. */
export function ownerTag(owner: Owner = currentOwner()): string {
  return `${owner.pid}-${owner.start}-${owner.host}`;
}

export function parseOwnerTag(tag: string): Owner | undefined {
  const m = /^(\d+)-(\d+)-([A-Za-z0-9_]+)$/.exec(tag);
  return m ? { pid: Number(m[1]), start: m[2]!, host: m[3]! } : undefined;
}

/** `pid=<pid> host=<host> start=<start>`: the marker in lock files and database comments. */
export function ownerText(owner: Owner = currentOwner()): string {
  return `pid=${owner.pid} host=${owner.host} start=${owner.start}`;
}

export function parseOwnerText(text: string): Owner | undefined {
  const m = /pid=(\d+) host=([A-Za-z0-9_]+) start=(\d+)/.exec(text);
  return m ? { pid: Number(m[1]), host: m[2]!, start: m[3]! } : undefined;
}

export type OwnerState = 'alive' | 'gone' | 'elsewhere';

/**
 * alive: that process still runs here (same pid, same start); gone: it does not (a reused pid
 * has another start time); elsewhere: made on another host, which this run cannot see.
 */
export function ownerState(owner: Owner): OwnerState {
  const me = currentOwner();
  if (owner.host !== me.host) return 'elsewhere';
  if (owner.pid === me.pid && owner.start === me.start) return 'alive';
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
  }
  const start = processStartTicks(owner.pid);
  // Without /proc (macOS) a running pid is taken as the owner: never remove what may be in use.
  if (start === undefined) return 'alive';
  return start === owner.start ? 'alive' : 'gone';
}

export function describeOwner(owner: Owner): string {
  return `pid ${owner.pid} on host ${owner.host}`;
}
