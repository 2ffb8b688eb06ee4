/**
 * Discovery of PostgreSQL client and server binaries. Several majors often sit side by side
 * (Debian's /usr/lib/postgresql/N/bin); a client must be at least as new as the server it talks
 * to, so discovery lists every candidate with its version and `chooseTool` picks.
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { isClientContainerPath } from './client-container.js';
import { AzaError } from './errors.js';
import { commandNotFound, run } from './exec.js';

export interface ToolCandidate {
  path: string;
  /** e.g. "15.18" */
  version: string;
  major: number;
}

export interface DiscoveryOptions {
  /** An explicit directory: when given, only it is searched. */
  binDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Directories where PostgreSQL packages put their binaries, newest major first. */
export function systemBinDirs(): string[] {
  const dirs: string[] = [];
  const versioned = (root: string, prefix: string, suffix: string) => {
    if (!existsSync(root)) return;
    const found = readdirSync(root)
      .filter((n) => n.startsWith(prefix))
      .map((n) => ({ n, v: Number.parseFloat(n.slice(prefix.length)) }))
      .filter((x) => Number.isFinite(x.v))
      .sort((a, b) => b.v - a.v);
    for (const { n } of found) dirs.push(join(root, n, suffix));
  };
  versioned('/usr/lib/postgresql', '', 'bin');
  versioned('/usr', 'pgsql-', 'bin');
  versioned('/opt/homebrew/opt', 'postgresql@', 'bin');
  versioned('/usr/local/opt', 'postgresql@', 'bin');
  return dirs;
}

export function searchDirs(opts: DiscoveryOptions): string[] {
  if (opts.binDir) return [opts.binDir];
  const env = opts.env ?? process.env;
  const fromPath = (env.PATH ?? '').split(delimiter).filter(Boolean);
  return [...new Set([...fromPath, ...systemBinDirs()])];
}

/** "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> { version: "15.18", major: 15 } */
export function parseToolVersion(text: string): { version: string; major: number } | undefined {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text) ?? /PostgreSQL\)?\s+(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  const major = Number(m[1]);
  // Before 10 the major was two numbers (9.6); nobody should still run those, but parse them right.
  const version = [m[1], m[2], m[3]].filter((x) => x !== undefined).join('.');
  return { version, major: major < 10 && m[2] ? Number(`${m[1]}.${m[2]}`) : major };
}

const versionCache = new Map<string, ToolCandidate | null>();

async function probe(path: string): Promise<ToolCandidate | undefined> {
  if (versionCache.has(path)) return versionCache.get(path) ?? undefined;
  let found: ToolCandidate | undefined;
  try {
    const r = await run(path, ['--version'], { allowFailure: true, timeoutMs: 10000 });
    const v = r.code === 0 ? parseToolVersion(r.stdout) : undefined;
    if (v) found = { path, ...v };
  } catch {
    found = undefined;
  }
  versionCache.set(path, found ?? null);
  return found;
}

/**
 * Debian's pg_wrapper (/usr/bin/pg_dump and friends, a Perl script) only runs one of the versioned
 * binaries in /usr/lib/postgresql/N/bin, which are candidates of their own: probing it adds a Perl
 * start per tool and finds nothing new.
 */
export function isPgWrapper(path: string): boolean {
  try {
    return basename(realpathSync(path)) === 'pg_wrapper';
  } catch {
    return false;
  }
}

/** Every usable copy of `name` on this machine, in search order, duplicates removed (probed at once). */
export async function discoverTool(name: string, opts: DiscoveryOptions = {}): Promise<ToolCandidate[]> {
  const paths = new Map<string, string>();
  for (const dir of searchDirs(opts)) {
    const path = join(dir, name);
    // A client container's tools are not files here: probing them says whether they exist.
    if (isClientContainerPath(path)) {
      paths.set(path, path);
      continue;
    }
    if (!existsSync(path)) continue;
    // /bin/pg_dump and /usr/bin/pg_dump are one file where /bin links to /usr/bin.
    const real = realpathSync(path);
    // The wrapper is skipped unless it is what was asked for (--pg-bin-dir /usr/bin).
    if ((opts.binDir || !isPgWrapper(real)) && ![...paths.values()].includes(real)) paths.set(path, real);
  }
  const found = await Promise.all([...paths.keys()].map(probe));
  return found.filter((c): c is ToolCandidate => c !== undefined);
}

/**
 * Pure choice: the candidate of the server's own major if there is one (its output suits that
 * server best), otherwise the newest that is newer than the server. Undefined when every
 * candidate is older than the server.
 */
export function chooseTool(candidates: readonly ToolCandidate[], serverMajor?: number): ToolCandidate | undefined {
  if (candidates.length === 0) return undefined;
  if (serverMajor === undefined) return [...candidates].sort((a, b) => b.major - a.major)[0];
  const same = candidates.find((c) => c.major === serverMajor);
  if (same) return same;
  return candidates.filter((c) => c.major > serverMajor).sort((a, b) => b.major - a.major)[0];
}

/** Finds `name` suitable for a server of `serverMajor`, or throws the error a user can act on. */
export async function requireTool(name: string, serverMajor: number | undefined, opts: DiscoveryOptions = {}): Promise<ToolCandidate> {
  const candidates = await discoverTool(name, opts);
  if (candidates.length === 0) {
    const e = commandNotFound(name);
    if (opts.binDir) {
      throw new AzaError(e.code, `${e.message} (looked in ${opts.binDir})`, e.hint);
    }
    throw e;
  }
  const chosen = chooseTool(candidates, serverMajor);
  if (!chosen) throw toolTooOld(name, candidates, serverMajor!);
  return chosen;
}

export function toolTooOld(name: string, candidates: readonly ToolCandidate[], serverMajor: number): AzaError {
  const list = candidates.map((c) => `${c.path} (${c.version})`).join(', ');
  return new AzaError(
    'TOOL_TOO_OLD',
    `The server runs PostgreSQL ${serverMajor}, but every ${name} found is older: ${list}`,
    [
      `${name} must be of major version ${serverMajor} or newer. Ways forward:`,
      `  - in a workflow, add the aza-pg/setup-pg-client action with major: ${serverMajor} before this step, and pass its bin-dir output as pg-bin-dir;`,
      `    on a machine, aza-pg setup-client --major ${serverMajor} finds or installs that client and prints its directory;`,
      `  - or take the client from a container of the server's major: --client-image postgres:${serverMajor} (input client-image),`,
      `    or --client-container <name> for a running container that has it (input client-container);`,
      `  - or install postgresql-client-${serverMajor} (or newer) and, if it is not on PATH, pass its directory with --pg-bin-dir (input pg-bin-dir).`,
    ].join('\n'),
  );
}
