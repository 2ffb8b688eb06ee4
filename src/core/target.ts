/**
 * A Target says how to reach one PostgreSQL instance: inside a Docker container (docker exec), a
 * local data directory (pg_ctl and psql over its unix socket, as the directory's owner), or a plain
 * connection. SQL runs through the same SqlClient whatever the target, so an operation is written
 * once; the few things that need the server's host (files in the data directory, a restart) are
 * methods that say when a target cannot do them.
 *
 * Opening a target is the prerequisite check: each failure names what to fix. Nothing here goes
 * through a shell; a container name is one argv element, whatever characters it holds.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectDataDir, serverBinDir } from './data-dir.js';
import { AzaError } from './errors.js';
import { run, shellWord, type RunOptions } from './exec.js';
import { containerInfo, openContainer } from './target-container.js';
import { firstLine, promoteOverSql, waitForSql } from './target-sql.js';
import {
  PSQL_QUERY_ARGS,
  connectionError,
  connectionSecrets,
  describeConnection,
  libpqEnv,
  parseRows,
  psqlClient,
  PsqlSession,
  sqlClient,
  type Connection,
  type SqlClient,
} from './pg.js';
import { requireTool } from './pg-tools.js';
import type { Target, TargetEnv, TargetInfo, TargetSpec } from './target-types.js';

export { containerInfo };

export { TARGET_KINDS, type Target, type TargetEnv, type TargetInfo, type TargetKind, type TargetSpec } from './target-types.js';

function logAndSignalHint(logHint: string, standbySignal: string): string {
  return `Check the server log (${logHint}) and whether ${standbySignal} still exists.`;
}

/** Opens a target: checks that it can be reached at all, and throws what to fix when not. */
export async function openTarget(spec: TargetSpec, opts: TargetEnv = {}): Promise<Target> {
  switch (spec.kind) {
    case 'container':
      return openContainer(spec, opts.env ?? process.env, opts.session === true);
    case 'data-dir':
      return openDataDir(spec, opts.env ?? process.env);
    case 'connection':
      return openConnection(spec, opts.env ?? process.env);
  }
}

// ---------------------------------------------------------------------------------------------
// Local data directory

/** A local data directory as messages name it; psql reaches it at `server` (its socket directory or address, and port). */
export function dataDirInfo(spec: Extract<TargetSpec, { kind: 'data-dir' }>, server: { host: string; port: number }): TargetInfo {
  const logHint = () => `the server log (log_directory under ${spec.dataDir}, or the file given to pg_ctl -l)`;
  return {
    kind: 'data-dir',
    label: `data directory ${spec.dataDir}`,
    noun: 'Server',
    dataDir: spec.dataDir,
    promoteMethod: 'pg_ctl promote',
    filesPlace: undefined,
    psqlCommand: (text) => `psql -h ${shellWord(server.host)} -p ${server.port} -U ${shellWord(spec.user)} -c ${shellWord(text)}`,
    shellCommand: (command) => command,
    logHint,
    stopHint: () => `pg_ctl stop -D ${shellWord(spec.dataDir)} (as its owner)`,
    stillInRecoveryHint: (standbySignal) => logAndSignalHint(logHint(), standbySignal),
  };
}

async function openDataDir(spec: Extract<TargetSpec, { kind: 'data-dir' }>, env: NodeJS.ProcessEnv): Promise<Target> {
  const { pidFile, major, uid, gid } = inspectDataDir(spec.dataDir);
  const myUid = process.getuid?.();
  // PostgreSQL's tools refuse root, and peer authentication maps the OS user: act as the owner.
  const asOwner: { uid?: number; gid?: number } = myUid === 0 && uid !== 0 ? { uid, gid } : {};
  if (myUid !== undefined && myUid !== 0 && myUid !== uid) {
    throw new AzaError(
      'NOT_DATA_DIR_OWNER',
      `${spec.dataDir} belongs to uid ${uid}, and this process runs as uid ${myUid}`,
      "Run as the data directory's owner (sudo -u postgres …) or as root, which switches to the owner.",
    );
  }
  const binDir = spec.pgBinDir ?? serverBinDir(pidFile.pid);
  const tool = async (name: string) =>
    binDir && existsSync(join(binDir, name)) ? join(binDir, name) : (await requireTool(name, major, { env })).path;
  const [psql, pgCtl] = await Promise.all([tool('psql'), tool('pg_ctl')]);
  const host = pidFile.socketDir ?? (pidFile.listenAddress && pidFile.listenAddress !== '*' ? pidFile.listenAddress : 'localhost');
  const conn: Connection = { host, port: pidFile.port, user: spec.user, database: spec.database };
  const info = dataDirInfo(spec, { host, port: pidFile.port });
  const label = info.label;
  const ownerEnv = { ...env, LC_ALL: 'C.UTF-8' };
  const runOwner = (cmd: string, args: string[], opts: RunOptions = {}) =>
    run(cmd, args, { ...asOwner, cwd: '/', allowFailure: true, ...opts });

  const sql: SqlClient = sqlClient(async (text, database) => {
    const r = await runOwner(psql, [...PSQL_QUERY_ARGS, '-c', text], { env: libpqEnv(conn, env, database), timeoutMs: 120000 });
    if (r.code === 2) throw connectionError(r.stderr, conn);
    if (r.code !== 0) throw new AzaError('SQL_FAILED', `SQL failed on ${label}: ${firstLine(r.stderr)}`);
    return parseRows(r.stdout);
  });

  return {
    ...info,
    sql,
    session: () =>
      new PsqlSession(psql, conn, env, undefined, { launch: { cmd: psql, args: PSQL_QUERY_ARGS, env: libpqEnv(conn, env), ...asOwner } }),
    close() {},
    async promote(waitSeconds) {
      const r = await runOwner(pgCtl, ['promote', '-D', spec.dataDir, '-w', '-t', String(Math.floor(waitSeconds))], {
        env: ownerEnv,
        timeoutMs: (waitSeconds + 30) * 1000,
      });
      if (r.code === 0) return true;
      if (/not in standby mode/i.test(r.stderr))
        throw new AzaError('NOT_IN_RECOVERY', `Server is not in recovery mode: ${label} is already a primary`);
      if (/did not promote in time|server did not promote/i.test(`${r.stdout}${r.stderr}`)) return false;
      throw new AzaError('PROMOTE_FAILED', `pg_ctl promote failed on ${label}: ${firstLine(r.stderr || r.stdout)}`);
    },
    async fileExists(path) {
      return existsSync(path);
    },
    async removeFile(path) {
      try {
        unlinkSync(path);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'ENOENT';
      }
    },
    async baseBackup(dir) {
      const r = await runOwner(
        binDir && existsSync(join(binDir, 'pg_basebackup'))
          ? join(binDir, 'pg_basebackup')
          : (await requireTool('pg_basebackup', major, { env })).path,
        ['-D', dir, '-X', 'stream', '-c', 'fast'],
        {
          env: libpqEnv(conn, env),
          timeoutMs: 6 * 3600 * 1000,
        },
      );
      if (r.code !== 0) throw new AzaError('BACKUP_FAILED', `pg_basebackup to ${dir} failed: ${firstLine(r.stderr)}`);
    },
    async restart(timeoutSeconds) {
      // pg_ctl hands the server its stdout when no log file is named, and we would wait on that
      // pipe forever: the restarted server logs to a file instead.
      const log = join(tmpdir(), `aza-pg-restart-${pidFile.port}-${Date.now()}.log`);
      const r = await runOwner(pgCtl, ['restart', '-D', spec.dataDir, '-m', 'fast', '-w', '-t', String(timeoutSeconds), '-l', log], {
        env: ownerEnv,
        timeoutMs: (timeoutSeconds + 60) * 1000,
      });
      if (r.code !== 0)
        throw new AzaError(
          'START_FAILED',
          `PostgreSQL failed to start after promotion: ${firstLine(r.stderr || r.stdout)}`,
          `Check the log: ${log}`,
        );
      await waitForSql(sql, timeoutSeconds, label, `Check the log: ${log}`);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Connection

/** A server over a connection as messages name it; its files are on its host, out of reach. */
export function connectionInfo(spec: Extract<TargetSpec, { kind: 'connection' }>): TargetInfo {
  const c = spec.connection;
  const logHint = () => `the server log on ${c.host}`;
  return {
    kind: 'connection',
    label: `server ${describeConnection(c)}`,
    noun: 'Server',
    dataDir: undefined,
    promoteMethod: 'pg_promote',
    filesPlace: undefined,
    psqlCommand: (text) =>
      `psql -h ${shellWord(c.host)} -p ${c.port} -U ${shellWord(c.user)} -d ${shellWord(c.database)} -c ${shellWord(text)}`,
    // pg_basebackup runs here and writes here.
    shellCommand: (command) => command,
    logHint,
    stopHint: () => `on ${c.host}: docker stop <container>, pg_ctl stop -D <data dir>, or systemctl stop postgresql`,
    stillInRecoveryHint: (standbySignal) => logAndSignalHint(logHint(), standbySignal),
  };
}

async function openConnection(spec: Extract<TargetSpec, { kind: 'connection' }>, env: NodeJS.ProcessEnv): Promise<Target> {
  const psql = (await requireTool('psql', undefined, { env, ...(spec.pgBinDir ? { binDir: spec.pgBinDir } : {}) })).path;
  const c = spec.connection;
  const sql = psqlClient(psql, c, env);
  const info = connectionInfo(spec);
  const label = info.label;
  return {
    ...info,
    sql,
    session: () => new PsqlSession(psql, c, env),
    close() {},
    promote: promoteOverSql(sql),
    async fileExists(file) {
      // pg_stat_file needs superuser (or pg_read_server_files); without it we cannot tell.
      try {
        const rows = await sql.query(`SELECT (pg_stat_file('${file.replace(/'/g, "''")}', true)).size IS NOT NULL`);
        return rows[0]?.[0] === 't';
      } catch {
        return undefined;
      }
    },
    async removeFile() {
      return false;
    },
    async baseBackup(dir) {
      const tool = (await requireTool('pg_basebackup', undefined, { env, ...(spec.pgBinDir ? { binDir: spec.pgBinDir } : {}) })).path;
      const r = await run(tool, ['-D', dir, '-X', 'stream', '-c', 'fast'], {
        env: libpqEnv(c, env),
        allowFailure: true,
        secrets: connectionSecrets(c),
        timeoutMs: 6 * 3600 * 1000,
      });
      if (r.code !== 0) throw new AzaError('BACKUP_FAILED', `pg_basebackup to ${dir} failed: ${firstLine(r.stderr)}`);
    },
    async restart() {
      throw new AzaError(
        'RESTART_UNSUPPORTED',
        `A restart is not possible over a connection (${label})`,
        'Restart the server on its host, or use the container or data-dir target.',
      );
    },
  };
}
