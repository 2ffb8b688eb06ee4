/**
 * A data-directory node: a local server stopped, started and rewound with its own pg_ctl and
 * pg_rewind, as the directory's owner (PostgreSQL's tools refuse root). Whether it runs is read
 * from postmaster.pid and its process, not from a connection that may merely be refused.
 */
import { chownSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { inspectDataDir } from '../data-dir.js';
import { AzaError } from '../errors.js';
import { run, type RunOptions } from '../exec.js';
import type { LocalServer } from './plan.js';

function asOwner(l: LocalServer): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 && l.uid !== 0 ? { uid: l.uid, gid: l.gid } : {};
}

/** No inherited libpq settings: a server binary run here gets exactly what it is told. */
function ownerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
}

function runOwner(l: LocalServer, tool: string, args: string[], env: NodeJS.ProcessEnv, opts: RunOptions = {}) {
  return run(join(l.binDir, tool), args, { ...asOwner(l), env: ownerEnv(env), cwd: '/', allowFailure: true, ...opts });
}

const lastLine = (text: string): string =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .pop()
    ?.replace(/^(pg_ctl|pg_rewind): (error: )?/, '') ?? '';

/** Up (its postmaster runs), down (no postmaster), or unknown (postmaster.pid unreadable, ...). */
export function localState(l: LocalServer): { down: boolean | undefined; detail: string } {
  try {
    const { pidFile } = inspectDataDir(l.dataDir);
    return { down: false, detail: `its postmaster (process ${pidFile.pid}) still runs` };
  } catch (e) {
    if (e instanceof AzaError && e.code === 'SERVER_NOT_RUNNING') return { down: true, detail: 'no postmaster runs' };
    return { down: undefined, detail: `its state cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export async function stopLocal(l: LocalServer, timeoutSeconds: number, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runOwner(l, 'pg_ctl', ['stop', '-D', l.dataDir, '-m', 'fast', '-w', '-t', String(timeoutSeconds)], env, {
    timeoutMs: (timeoutSeconds + 30) * 1000,
  });
  return `pg_ctl stop -m fast: ${r.code === 0 ? 'ok' : lastLine(r.stderr || r.stdout) || `exit ${r.code}`}`;
}

/** Beside the data directory when its owner owns that place too (it goes with the cluster), else in the temp directory. */
function logDir(l: LocalServer): string {
  try {
    return statSync(dirname(l.dataDir)).uid === l.uid ? dirname(l.dataDir) : tmpdir();
  } catch {
    return tmpdir();
  }
}

/** pg_ctl start, logging to a file (pg_ctl would hand the server our stdout pipe otherwise); returns why not. */
export async function startLocal(l: LocalServer, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const log = join(logDir(l), `aza-pg-drill-${basename(l.dataDir)}-${l.port}-${Date.now()}.log`);
  const r = await runOwner(l, 'pg_ctl', ['start', '-D', l.dataDir, '-l', log, '-w', '-t', '60'], env, { timeoutMs: 120000 });
  return r.code === 0 ? undefined : `${lastLine(r.stderr || r.stdout) || `pg_ctl start: exit ${r.code}`} (log: ${log})`;
}

/** Down with its standby.signal in place: it never promoted, and starts again as a replica. */
export function localDownUnpromoted(l: LocalServer): boolean {
  return localState(l).down === true && existsSync(join(l.dataDir, 'standby.signal'));
}

/** Quoted for a libpq conninfo string and for postgresql.auto.conf alike. */
function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The configuration files pg_rewind would overwrite with the source's (its port, its sockets). */
const OWN_CONFIG = ['postgresql.conf', 'postgresql.auto.conf', 'pg_hba.conf', 'pg_ident.conf'];

/**
 * pg_rewind of the stopped server from the new primary (over the new primary's own socket or
 * address, as the drill's SQL reaches it: no password on the command line), then the server's own
 * configuration back, the new primary_conninfo and standby.signal. Returns why it failed.
 */
export async function rewindLocal(
  l: LocalServer,
  source: { host: string; port: number; user: string; database: string },
  primaryConninfo: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const sourceServer = `host=${quoted(source.host)} port=${source.port} user=${quoted(source.user)} dbname=${quoted(source.database)}`;
  const saved = OWN_CONFIG.filter((f) => existsSync(join(l.dataDir, f))).map((f) => [f, readFileSync(join(l.dataDir, f))] as const);
  const r = await runOwner(l, 'pg_rewind', ['--target-pgdata', l.dataDir, '--source-server', sourceServer], env, { timeoutMs: 600000 });
  if (r.code !== 0) return `pg_rewind: ${lastLine(r.stderr) || `exit ${r.code}`}`;
  const write = (name: string, data: string | Buffer) => {
    const path = join(l.dataDir, name);
    writeFileSync(path, data, { mode: 0o600 });
    if (asOwner(l).uid !== undefined) chownSync(path, l.uid, l.gid);
  };
  // A local node keeps its own port and sockets: the source's files would make it a copy of the new primary.
  for (const [name, data] of saved) write(name, data);
  const auto = existsSync(join(l.dataDir, 'postgresql.auto.conf')) ? readFileSync(join(l.dataDir, 'postgresql.auto.conf'), 'utf8') : '';
  write('postgresql.auto.conf', `${auto}${auto.endsWith('\n') || auto === '' ? '' : '\n'}primary_conninfo = ${quoted(primaryConninfo)}\n`);
  write('standby.signal', '');
  return undefined;
}
