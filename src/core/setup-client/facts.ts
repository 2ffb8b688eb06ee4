/** What setup-client finds before it plans: the major wanted, the clients here and in the tool cache. Reads only. */
import { join } from 'node:path';
import { AzaError } from '../errors.js';
import { run } from '../exec.js';
import type { OperationDeps, ToolCacheService } from '../operation.js';
import { describeConnection, probeServer, psqlClient } from '../pg.js';
import { discoverTool, isPgWrapper, type ToolCandidate } from '../pg-tools.js';
import type { Reporter } from '../report.js';
import { localToolCache } from './local-cache.js';
import type { SetupClientSettings } from './settings.js';

/** The name of the client in the tool cache. */
export const CACHED_TOOL = 'postgresql-client';

export interface SetupClientFacts {
  major: number;
  /** The server asked for the major, when none was given. */
  server?: { where: string; version: string };
  /** Every pg_dump on this machine (PATH, pg_config --bindir, the usual install directories). */
  installed: ToolCandidate[];
  /** The pg_dump of the wanted major in the tool cache. */
  cached?: ToolCandidate;
  toolCache: ToolCacheService;
}

export function toolCacheOf(deps: OperationDeps): ToolCacheService {
  return deps.toolCache ?? localToolCache(deps.env);
}

/** The directory `pg_config --bindir` names, when a pg_config is on PATH. */
async function pgConfigBinDir(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const r = await run('pg_config', ['--bindir'], { env, allowFailure: true, timeoutMs: 10000 });
    return r.code === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

export async function gatherSetupClientFacts(
  settings: SetupClientSettings,
  deps: OperationDeps,
  reporter: Reporter,
): Promise<SetupClientFacts> {
  const env = deps.env;
  let major = settings.major;
  let server: SetupClientFacts['server'];
  if (major === undefined) {
    const conn = settings.server!;
    const where = describeConnection(conn);
    // Any psql can read a newer server's version: only pg_dump must be of its major.
    const psql = (await discoverTool('psql', { env }))[0];
    if (!psql) {
      throw new AzaError(
        'INVALID_INPUT',
        `No major given, and no psql on this machine to ask ${where} for its version`,
        'Give the major (input major, --major), e.g. 17.',
      );
    }
    const facts = await reporter.step(`Ask ${where} for its version`, () => probeServer(psqlClient(psql.path, conn, env)));
    major = facts.major;
    server = { where, version: facts.version };
  }
  // Debian's /usr/bin/pg_dump is pg_wrapper, which runs the newest installed major whatever was
  // asked: the directory handed out must be the major's own (/usr/lib/postgresql/N/bin).
  const installed = (await discoverTool('pg_dump', { env })).filter((c) => !isPgWrapper(c.path));
  const configDir = await pgConfigBinDir(env);
  if (configDir) {
    for (const c of await discoverTool('pg_dump', { binDir: configDir, env }))
      if (!installed.some((i) => i.path === c.path)) installed.push(c);
  }
  const toolCache = toolCacheOf(deps);
  const cachedDir = toolCache.find(CACHED_TOOL, `${major}.x`);
  const cached = cachedDir ? (await discoverTool('pg_dump', { binDir: join(cachedDir, 'bin'), env }))[0] : undefined;
  return { major, ...(server ? { server } : {}), installed, ...(cached && cached.major === major ? { cached } : {}), toolCache };
}
