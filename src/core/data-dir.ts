/**
 * A local PostgreSQL data directory, read without touching the server: is it one, which major,
 * who owns it, and is its postmaster alive (postmaster.pid).
 */
import { existsSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AzaError } from './errors.js';
import { shellWord } from './exec.js';

export interface PostmasterPid {
  pid: number;
  dataDir: string;
  port: number;
  socketDir: string | undefined;
  listenAddress: string | undefined;
  status: string | undefined;
}

/** postmaster.pid: pid, data dir, start time, port, first socket dir, first listen address, shmem key, status. */
export function parsePostmasterPid(text: string): PostmasterPid | undefined {
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  return {
    pid,
    dataDir: lines[1] ?? '',
    port,
    socketDir: lines[4]?.trim() || undefined,
    listenAddress: lines[5]?.trim() || undefined,
    status: lines[7]?.trim() || undefined,
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Where the running server's binaries are: the directory of its executable, when we may read it. */
export function serverBinDir(pid: number): string | undefined {
  try {
    const exe = readlinkSync(`/proc/${pid}/exe`);
    return existsSync(join(dirname(exe), 'pg_ctl')) ? dirname(exe) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks that `dataDir` is a PostgreSQL data directory with a live server; returns what it found. */
export function inspectDataDir(dataDir: string): { pidFile: PostmasterPid; major: number; uid: number; gid: number } {
  let st;
  try {
    st = statSync(dataDir);
  } catch {
    throw new AzaError(
      'DATA_DIR_NOT_FOUND',
      `Data directory does not exist: ${dataDir}`,
      'Pass the replica\'s data directory with -d PATH (input data-dir); psql -c "SHOW data_directory" shows it.',
    );
  }
  if (!st.isDirectory() || !existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new AzaError(
      'NOT_A_DATA_DIR',
      `Not a PostgreSQL data directory: ${dataDir} (no PG_VERSION file)`,
      'Pass the replica\'s data directory with -d PATH (input data-dir); psql -c "SHOW data_directory" shows it.',
    );
  }
  const major = Number.parseFloat(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim());
  const pidPath = join(dataDir, 'postmaster.pid');
  const pidFile = existsSync(pidPath) ? parsePostmasterPid(readFileSync(pidPath, 'utf8')) : undefined;
  if (!pidFile || !processAlive(pidFile.pid)) {
    throw new AzaError(
      'SERVER_NOT_RUNNING',
      `No PostgreSQL server runs on ${dataDir}${pidFile ? ` (postmaster.pid names process ${pidFile.pid}, which is gone)` : ''}`,
      `Promotion needs the replica running. Check that this is the replica's data directory; start it with pg_ctl -D ${shellWord(dataDir)} start (as its owner), then run again.`,
    );
  }
  return { pidFile, major, uid: st.uid, gid: st.gid };
}
