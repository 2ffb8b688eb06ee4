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
import { existsSync, readFileSync, readlinkSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AzaError } from './errors.js';
import { commandNotFound, run, type RunOptions, type RunResult } from './exec.js';
import {
  PSQL_QUERY_ARGS,
  connectionError,
  connectionSecrets,
  describeConnection,
  libpqEnv,
  parseRows,
  psqlClient,
  type Connection,
  type SqlClient,
} from './pg.js';
import { requireTool } from './pg-tools.js';
import { notYet, waitUntil } from './wait.js';

export const TARGET_KINDS = ['container', 'data-dir', 'connection'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export type TargetSpec =
  | {
      kind: 'container';
      container: string;
      /** Data directory inside the container. */
      dataDir: string;
      /** Database role for SQL (docker exec runs as the OS user postgres). */
      user: string;
      database: string;
    }
  | { kind: 'data-dir'; dataDir: string; user: string; database: string; pgBinDir?: string }
  | { kind: 'connection'; connection: Connection; pgBinDir?: string };

export interface TargetEnv {
  /** Environment for docker and the PostgreSQL tools (DOCKER_HOST, PATH, ...). */
  env?: NodeJS.ProcessEnv;
}

export interface Target {
  readonly kind: TargetKind;
  /** "container postgres-replica", "data directory /srv/pg", "server postgres@db:5432/postgres". */
  readonly label: string;
  /** For target container: the name as typed, shell-quoted for commands shown to a person. */
  readonly containerWord?: string;
  readonly sql: SqlClient;
  /** The data directory where the target can see it (the container's, the local one). */
  readonly dataDir: string | undefined;
  /** Promotes a standby and waits up to `waitSeconds`; false when it did not finish in time. */
  promote(waitSeconds: number): Promise<boolean>;
  /**
   * Whether a file exists where the server runs (undefined: this target cannot tell). Paths are
   * absolute, or relative to the data directory for the connection target (pg_stat_file).
   */
  fileExists(path: string): Promise<boolean | undefined>;
  /** Removes a file where the server runs; false when this target cannot. */
  removeFile(path: string): Promise<boolean>;
  /** pg_basebackup of the instance into `dir` (which must not exist yet), where the target runs. */
  baseBackup(dir: string): Promise<void>;
  /** Restarts the server and waits up to `timeoutSeconds` for it to accept SQL. */
  restart(timeoutSeconds: number): Promise<void>;
  readonly canRestart: boolean;
  /** A command a person can paste to run `sql` on this target (for instructions and hints). */
  psqlCommand(sql: string): string;
  /** Where to look for the server's log. */
  logHint(): string;
}

/** Opens a target: checks that it can be reached at all, and throws what to fix when not. */
export async function openTarget(spec: TargetSpec, opts: TargetEnv = {}): Promise<Target> {
  switch (spec.kind) {
    case 'container':
      return openContainer(spec, opts.env ?? process.env);
    case 'data-dir':
      return openDataDir(spec, opts.env ?? process.env);
    case 'connection':
      return openConnection(spec, opts.env ?? process.env);
  }
}

async function waitForSql(sql: SqlClient, timeoutSeconds: number, what: string, logHint: string): Promise<void> {
  const r = await waitUntil(
    async () => {
      try {
        await sql.query('SELECT 1');
        return { done: true, value: undefined };
      } catch (e) {
        return notYet(e);
      }
    },
    { timeoutMs: timeoutSeconds * 1000, intervalMs: 250 },
  );
  if (r.timedOut) {
    throw new AzaError(
      'START_FAILED',
      `PostgreSQL failed to start after promotion: ${what} did not accept connections within ${timeoutSeconds} s (${r.why})`,
      logHint,
    );
  }
}

/** Shell-quotes one word for a command shown to a person (never executed by us). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------
// Docker

export interface ContainerState {
  id: string;
  status: string;
  running: boolean;
}

/** Docker is installed and its daemon answers; otherwise an error naming which of the two. */
export async function checkDocker(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let r: RunResult;
  try {
    r = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env, allowFailure: true, timeoutMs: 30000 });
  } catch (e) {
    if (e instanceof AzaError && e.code === 'TOOL_NOT_FOUND') {
      throw new AzaError(
        'DOCKER_NOT_FOUND',
        'Docker is not installed: the docker command was not found on PATH',
        `${commandNotFound('docker').hint} Without Docker, promote a local data directory (--target data-dir) or a server over a connection (--target connection).`,
      );
    }
    throw e;
  }
  if (r.code !== 0 || r.stdout.trim() === '') {
    const detail = r.stderr.trim().split('\n').filter(Boolean).pop() ?? `docker version exited with code ${r.code}`;
    throw new AzaError(
      'DOCKER_UNAVAILABLE',
      `Docker is installed but its daemon does not answer: ${detail}`,
      `Start the daemon (sudo systemctl start docker, or dockerd), check DOCKER_HOST${env.DOCKER_HOST ? ` (now ${env.DOCKER_HOST})` : ''}, and that this user may use it (docker info).`,
    );
  }
}

/** The container's id and state; undefined when no container has that name. */
export async function inspectContainer(name: string, env: NodeJS.ProcessEnv = process.env): Promise<ContainerState | undefined> {
  // "--" ends docker's options: a name starting with "-" stays a name.
  const r = await run('docker', ['container', 'inspect', '--format', '{{.Id}} {{.State.Status}} {{.State.Running}}', '--', name], {
    env,
    allowFailure: true,
    timeoutMs: 30000,
  });
  if (r.code !== 0) {
    if (/no such (container|object)/i.test(r.stderr)) return undefined;
    throw new AzaError('DOCKER_FAILED', `docker container inspect failed for ${JSON.stringify(name)}: ${r.stderr.trim()}`);
  }
  const [id, status, running] = r.stdout.trim().split(' ');
  return { id: id!, status: status ?? 'unknown', running: running === 'true' };
}

/** Docker up, the container exists and runs: the spec's prerequisite checks. */
export async function requireRunningContainer(name: string, env: NodeJS.ProcessEnv = process.env): Promise<ContainerState> {
  if (name.trim() === '')
    throw new AzaError('INVALID_INPUT', 'The container name is empty', 'Name the replica container with -c NAME (input container).');
  await checkDocker(env);
  const state = await inspectContainer(name, env);
  if (!state) {
    throw new AzaError(
      'CONTAINER_NOT_FOUND',
      `Container not found: ${JSON.stringify(name)}`,
      'List containers with: docker ps -a. Name the replica with -c NAME (input container) or set POSTGRES_CONTAINER_NAME.',
    );
  }
  if (!state.running) {
    throw new AzaError(
      'CONTAINER_NOT_RUNNING',
      `Container ${JSON.stringify(name)} exists but is not running (status: ${state.status})`,
      `Start it first: docker start ${shellWord(name)}; check why it stopped: docker logs ${shellWord(name)} | tail -50`,
    );
  }
  return state;
}

/** docker exec as the OS user postgres; a missing executable becomes a clear error. */
async function dockerExec(
  containerId: string,
  label: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: RunOptions = {},
): Promise<RunResult> {
  const r = await run('docker', ['exec', '-u', 'postgres', containerId, ...args], { ...opts, env, allowFailure: true });
  if ((r.code === 126 || r.code === 127) && /executable file not found|no such file or directory/i.test(r.stderr)) {
    throw new AzaError(
      'TOOL_NOT_FOUND',
      `${args[0]} was not found inside ${label}`,
      `The container's image must provide the PostgreSQL client tools (${args[0]}) on its PATH.`,
    );
  }
  if (/is not running|No such container/i.test(r.stderr) && r.code !== 0) {
    throw new AzaError(
      'CONTAINER_NOT_RUNNING',
      `${label} stopped while it was being used: ${r.stderr.trim()}`,
      'Check its log: docker logs <container> | tail -50',
    );
  }
  return r;
}

async function openContainer(spec: Extract<TargetSpec, { kind: 'container' }>, env: NodeJS.ProcessEnv): Promise<Target> {
  const state = await requireRunningContainer(spec.container, env);
  const id = state.id;
  const label = `container ${spec.container}`;
  const name = shellWord(spec.container);

  const sql: SqlClient = {
    async query(text, database) {
      const r = await dockerExec(
        id,
        label,
        ['psql', ...PSQL_QUERY_ARGS, '-U', spec.user, '-d', database ?? spec.database, '-c', text],
        env,
        { timeoutMs: 120000 },
      );
      if (r.code === 2) {
        throw new AzaError(
          'CONNECTION_FAILED',
          `PostgreSQL in ${label} does not accept connections: ${firstLine(r.stderr)}`,
          `Check its log: docker logs ${name} | tail -50`,
        );
      }
      if (r.code !== 0) throw new AzaError('SQL_FAILED', `SQL failed in ${label}: ${firstLine(r.stderr)}`);
      return parseRows(r.stdout);
    },
  };

  return {
    kind: 'container',
    label,
    containerWord: name,
    sql,
    dataDir: spec.dataDir,
    canRestart: true,
    async promote(waitSeconds) {
      const rows = await sql.query(`SELECT pg_promote(true, ${Math.floor(waitSeconds)})`);
      return rows[0]?.[0] === 't';
    },
    async fileExists(path) {
      const r = await dockerExec(id, label, ['test', '-e', path], env, { timeoutMs: 30000 });
      return r.code === 0;
    },
    async removeFile(path) {
      const r = await dockerExec(id, label, ['rm', '-f', '--', path], env, { timeoutMs: 30000 });
      return r.code === 0;
    },
    async baseBackup(dir) {
      const r = await dockerExec(id, label, ['pg_basebackup', '-U', spec.user, '-D', dir, '-X', 'stream', '-c', 'fast'], env, {
        timeoutMs: 6 * 3600 * 1000,
      });
      if (r.code !== 0) throw new AzaError('BACKUP_FAILED', `pg_basebackup to ${dir} in ${label} failed: ${firstLine(r.stderr)}`);
    },
    async restart(timeoutSeconds) {
      await run('docker', ['restart', id], { env, timeoutMs: 120000 });
      await waitForSql(
        sql,
        timeoutSeconds,
        label,
        `Check its log: docker logs ${name}. Common causes: configuration errors in postgresql.conf, a port conflict with the old primary, too little memory.`,
      );
    },
    psqlCommand(text) {
      return `docker exec ${name} psql -U ${shellWord(spec.user)} -c ${shellWord(text)}`;
    },
    logHint() {
      return `docker logs ${name} | tail -50`;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Local data directory

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
function serverBinDir(pid: number): string | undefined {
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
  const label = `data directory ${spec.dataDir}`;
  const ownerEnv = { ...env, LC_ALL: 'C.UTF-8' };
  const runOwner = (cmd: string, args: string[], opts: RunOptions = {}) =>
    run(cmd, args, { ...asOwner, cwd: '/', allowFailure: true, ...opts });

  const sql: SqlClient = {
    async query(text, database) {
      const r = await runOwner(psql, [...PSQL_QUERY_ARGS, '-c', text], { env: libpqEnv(conn, env, database), timeoutMs: 120000 });
      if (r.code === 2) throw connectionError(r.stderr, conn);
      if (r.code !== 0) throw new AzaError('SQL_FAILED', `SQL failed on ${label}: ${firstLine(r.stderr)}`);
      return parseRows(r.stdout);
    },
  };

  return {
    kind: 'data-dir',
    label,
    sql,
    dataDir: spec.dataDir,
    canRestart: true,
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
    psqlCommand(text) {
      return `psql -h ${shellWord(host)} -p ${pidFile.port} -U ${shellWord(spec.user)} -c ${shellWord(text)}`;
    },
    logHint() {
      return `the server log (log_directory under ${spec.dataDir}, or the file given to pg_ctl -l)`;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Connection

async function openConnection(spec: Extract<TargetSpec, { kind: 'connection' }>, env: NodeJS.ProcessEnv): Promise<Target> {
  const psql = (await requireTool('psql', undefined, { env, ...(spec.pgBinDir ? { binDir: spec.pgBinDir } : {}) })).path;
  const c = spec.connection;
  const sql = psqlClient(psql, c, env);
  const label = `server ${describeConnection(c)}`;
  return {
    kind: 'connection',
    label,
    sql,
    dataDir: undefined,
    canRestart: false,
    async promote(waitSeconds) {
      const rows = await sql.query(`SELECT pg_promote(true, ${Math.floor(waitSeconds)})`);
      return rows[0]?.[0] === 't';
    },
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
    psqlCommand(text) {
      return `psql -h ${shellWord(c.host)} -p ${c.port} -U ${shellWord(c.user)} -d ${shellWord(c.database)} -c ${shellWord(text)}`;
    },
    logHint() {
      return `the server log on ${c.host}`;
    },
  };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.replace(/^(psql|pg_basebackup|pg_ctl): (error: )?/, '').trim();
}
