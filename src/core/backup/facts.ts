/** What a backup needs to know before it plans: the destination and the server. Reads only. */
import { availableParallelism } from 'node:os';
import { AzaError } from '../errors.js';
import { dirname } from 'node:path';
import { checkNotExisting, checkWritableDirectory, freeBytes, ownedTag } from '../fs.js';
import type { OperationDeps } from '../operation.js';
import { describeConnection, probeServer, psqlClient, PsqlSession, type ServerFacts } from '../pg.js';
import { requireTool } from '../pg-tools.js';
import { findIgzip } from '../gzip-tool.js';
import type { Reporter } from '../report.js';
import { backupOutputPath, type BackupFacts, type HeldSession } from './plan.js';
import type { BackupSettings } from './settings.js';

/** The destination and the server: nothing is written until both are known good. */
export async function gatherBackupFacts(settings: BackupSettings, deps: OperationDeps, reporter: Reporter): Promise<BackupFacts> {
  const now = (deps.now ?? (() => new Date()))();
  const kind = settings.format === 'directory' ? 'Output directory' : 'Output file';
  const output = backupOutputPath(settings, now);
  if (settings.bucket?.mode !== 'stream') {
    await checkWritableDirectory(dirname(output));
    checkNotExisting(output, settings.overwrite, kind);
  }
  // The S3 client is loaded only for a backup that goes to a bucket.
  if (settings.bucket) await (await import('./bucket.js')).checkBucketDestination(settings, now, reporter);
  const conn = settings.connection;
  return reporter.step(`Connect to ${describeConnection(conn)}`, async () => {
    const tools = { binDir: settings.pgBinDir, env: deps.env };
    // Both looked for at once; pg_dump's verdict first: without client tools, the spec's error
    // names it ("Required command not found: pg_dump").
    const [anyPgDump, anyPsql] = [requireTool('pg_dump', undefined, tools), requireTool('psql', undefined, tools)];
    anyPsql.catch(() => {});
    await anyPgDump;
    const psql = await anyPsql;
    const { server, held } = await probe(psql.path, settings, deps.env);
    const pgDump = await requireTool('pg_dump', server.major, tools).catch((e: unknown) => {
      held.session?.kill();
      throw e;
    });
    reporter.info(`Server PostgreSQL ${server.version}${server.inRecovery ? ' (standby)' : ''}; using ${pgDump.path} (${pgDump.version})`);
    return {
      now,
      server,
      pgDump,
      psqlPath: psql.path,
      freeBytes: freeBytes(dirname(output)),
      cores: availableParallelism(),
      tempTag: ownedTag(),
      held,
      ...(settings.compression === 'gzip' ? { igzip: findIgzip(deps.env) } : {}),
    };
  });
}

/**
 * Probes the server in the session the run then uses for its snapshot, counts and roles: one
 * psql started and one connection made fewer before pg_dump starts. A server that refuses
 * pg_control_system() fails the session's first query (psql stops on an error): the probe then
 * asks again the one-shot way, and the run opens its own session as before.
 */
async function probe(
  psqlPath: string,
  settings: BackupSettings,
  env: NodeJS.ProcessEnv,
): Promise<{ server: ServerFacts; held: HeldSession }> {
  const conn = settings.connection;
  const session = new PsqlSession(psqlPath, conn, env, settings.database);
  try {
    return { server: await probeServer(session, settings.database), held: { session } };
  } catch (e) {
    session.kill();
    if (!(e instanceof AzaError && e.code === 'SQL_FAILED')) throw e;
    return { server: await probeServer(psqlClient(psqlPath, conn, env), settings.database), held: { session: undefined } };
  }
}
