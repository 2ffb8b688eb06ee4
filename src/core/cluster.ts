/**
 * Throw-away local PostgreSQL clusters made from the installed server binaries: the demo, the
 * `verify` action's scratch server and the tests all use them. PostgreSQL refuses to run as
 * root, so as root the server runs as an unprivileged user (created when missing); otherwise
 * as the current user, as on a GitHub runner.
 */
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AzaError } from './errors.js';
import { run, runSyncForCleanup } from './exec.js';
import { discoverTool, chooseTool, type ToolCandidate } from './pg-tools.js';
import { psqlClient, type Connection, type SqlClient } from './pg.js';
import { waitUntil } from './wait.js';
import { describeOwner, ownerState, ownerText, parseOwnerText } from './owner.js';

export const CLUSTER_OS_USER = 'azapg';

export interface ClusterTls {
  certFile: string;
  keyFile: string;
  /** CA for client certificates (ssl_ca_file). */
  caFile?: string;
}

export interface ClusterOptions {
  /** PostgreSQL major to use; default: the newest installed. */
  major?: number;
  /** Directory holding initdb/pg_ctl/postgres; default: discovered. */
  binDir?: string;
  superuser?: string;
  password?: string;
  tls?: ClusterTls;
  /** pg_hba.conf host lines replacing the default "host all all 127.0.0.1/32 scram-sha-256". */
  hbaHostLines?: string[];
  /** Extra postgresql.conf settings. */
  settings?: Record<string, string | number>;
  /** Parent directory for the cluster's temp dir. */
  baseDir?: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

let cachedRunAs: RunAs | undefined;

/** As root: the unprivileged user's ids (creating the user once); otherwise nothing to switch. */
export async function serverRunAs(): Promise<RunAs> {
  if (cachedRunAs) return cachedRunAs;
  if (process.getuid?.() !== 0) return (cachedRunAs = {});
  const id = async (flag: string) => Number((await run('id', [flag, CLUSTER_OS_USER])).stdout.trim());
  const exists = await run('id', ['-u', CLUSTER_OS_USER], { allowFailure: true });
  if (exists.code !== 0) {
    const r = await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', CLUSTER_OS_USER], {
      allowFailure: true,
    });
    // Another process may have created it at the same moment.
    if (r.code !== 0 && (await run('id', ['-u', CLUSTER_OS_USER], { allowFailure: true })).code !== 0) {
      throw new AzaError(
        'CLUSTER_FAILED',
        `Could not create the unprivileged user ${CLUSTER_OS_USER}: ${r.stderr.trim()}`,
        'Run as a non-root user, or create the user yourself (useradd --system azapg).',
      );
    }
  }
  return (cachedRunAs = { uid: await id('-u'), gid: await id('-g') });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerBinaries {
  binDir: string;
  major: number;
  version: string;
}

export async function findServerBinaries(opts: { major?: number; binDir?: string } = {}): Promise<ServerBinaries> {
  const candidates = await discoverTool('initdb', opts.binDir ? { binDir: opts.binDir } : {});
  let chosen: ToolCandidate | undefined;
  if (opts.major !== undefined) chosen = candidates.find((c) => c.major === opts.major);
  else chosen = chooseTool(candidates);
  if (!chosen) {
    throw new AzaError(
      'TOOL_NOT_FOUND',
      `Required command not found: initdb${opts.major ? ` (PostgreSQL ${opts.major})` : ''}`,
      'A throw-away cluster needs the PostgreSQL server binaries: sudo apt-get install postgresql (Debian/Ubuntu), brew install postgresql@18 (macOS).',
    );
  }
  // Resolve links (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb): the siblings live there.
  return { binDir: dirname(realpathSync(chosen.path)), major: chosen.major, version: chosen.version };
}

const liveClusters = new Set<Cluster>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test runner or a CLI that exits without destroying its clusters must not leave servers behind.
  process.once('exit', () => {
    for (const c of liveClusters) c.destroySync();
  });
}

export class Cluster {
  readonly port: number;
  readonly host = '127.0.0.1';
  readonly superuser: string;
  readonly password: string;
  readonly dir: string;
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  readonly bin: ServerBinaries;
  readonly runAs: RunAs;
  readonly tls: boolean;
  private destroying = false;
  private destroyed = false;

  constructor(init: { port: number; superuser: string; password: string; dir: string; bin: ServerBinaries; runAs: RunAs; tls: boolean }) {
    this.port = init.port;
    this.superuser = init.superuser;
    this.password = init.password;
    this.dir = init.dir;
    this.dataDir = join(init.dir, 'data');
    this.socketDir = join(init.dir, 'sock');
    this.logFile = join(init.dir, 'server.log');
    this.bin = init.bin;
    this.runAs = init.runAs;
    this.tls = init.tls;
    liveClusters.add(this);
    installExitHook();
  }

  tool(name: string): string {
    return join(this.bin.binDir, name);
  }

  /** A password connection over TCP, as any client would make. */
  connection(database = 'postgres'): Connection {
    return {
      host: this.host,
      port: this.port,
      user: this.superuser,
      password: this.password,
      database,
      ...(this.tls ? { sslmode: 'require' as const } : {}),
    };
  }

  /** The libpq URI of this cluster (includes the password: keep it out of logs). */
  uri(database = 'postgres'): string {
    return `postgresql://${encodeURIComponent(this.superuser)}:${encodeURIComponent(this.password)}@${this.host}:${this.port}/${encodeURIComponent(database)}`;
  }

  client(): SqlClient {
    return psqlClient(this.tool('psql'), this.connection());
  }

  /** Runs SQL on `database` and returns the rows. */
  query(sql: string, database = 'postgres'): Promise<string[][]> {
    return this.client().query(sql, database);
  }

  /** Runs a server binary (pg_ctl, pg_controldata...) as the cluster's owner. */
  runAsOwner(name: string, args: string[], opts: { allowFailure?: boolean; env?: NodeJS.ProcessEnv } = {}) {
    return run(this.tool(name), args, {
      ...this.runAs,
      cwd: this.dir,
      allowFailure: opts.allowFailure,
      env: opts.env ?? ownerEnv(),
      secrets: [this.password],
    });
  }

  async start(): Promise<void> {
    const r = await this.runAsOwner('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', 'start'], { allowFailure: true });
    if (r.code !== 0) {
      throw new AzaError(
        'CLUSTER_FAILED',
        `The throw-away PostgreSQL server did not start: ${r.stderr.trim() || r.stdout.trim()}\n${this.logTail()}`,
      );
    }
  }

  async stop(mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.runAsOwner('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop'], { allowFailure: true });
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  async isInRecovery(): Promise<boolean> {
    const rows = await this.query('SELECT pg_is_in_recovery()');
    return rows[0]?.[0] === 't';
  }

  /** A streaming replica of this cluster, made with pg_basebackup -R and started. */
  async createReplica(opts: { baseDir?: string; settings?: Record<string, string | number> } = {}): Promise<Cluster> {
    const dir = makeClusterDir(opts.baseDir, this.runAs, this.bin.binDir);
    const port = await freePort();
    const replica = new Cluster({
      port,
      superuser: this.superuser,
      password: this.password,
      dir,
      bin: this.bin,
      runAs: this.runAs,
      tls: this.tls,
    });
    try {
      mkdirOwned(replica.socketDir, this.runAs);
      const env = { ...ownerEnv(), PGPASSWORD: this.password };
      await replica.runAsOwner(
        'pg_basebackup',
        ['-h', this.host, '-p', String(this.port), '-U', this.superuser, '-D', replica.dataDir, '-R', '-X', 'stream', '-c', 'fast'],
        { env },
      );
      appendFileSync(
        replica.dataDir + '/postgresql.conf',
        confLines({ port, unix_socket_directories: replica.socketDir, ...opts.settings }),
      );
      await replica.start();
      await replica.waitForStreaming();
      return replica;
    } catch (e) {
      await replica.destroy();
      throw e;
    }
  }

  /** Waits until a replica has a WAL receiver streaming from its primary. */
  async waitForStreaming(timeoutMs = 30000): Promise<void> {
    const r = await waitUntil(
      async () => {
        const rows = await this.query("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'");
        return rows[0]?.[0] === '1' ? { done: true, value: undefined } : { done: false };
      },
      { timeoutMs },
    );
    if (r.timedOut) {
      throw new AzaError('CLUSTER_FAILED', `Replica on port ${this.port} is not streaming after ${timeoutMs / 1000} s\n${this.logTail()}`);
    }
  }

  async destroy(): Promise<void> {
    if (this.destroying || this.destroyed) return;
    this.destroying = true;
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) await this.stop('immediate');
    rmSync(this.dir, { recursive: true, force: true });
    // Only now: a process that exits while this waits (an interrupt) still stops it in its exit hook.
    this.destroyed = true;
    liveClusters.delete(this);
  }

  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    liveClusters.delete(this);
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) {
      runSyncForCleanup(this.tool('pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', 'stop'], { ...this.runAs, env: ownerEnv() });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A minimal environment for server binaries: no inherited libpq settings, a C-compatible locale. */
function ownerEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
}

function confLines(settings: Record<string, string | number | undefined>): string {
  const lines = Object.entries(settings)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `'${String(v).replace(/'/g, "''")}'`}`);
  return `\n# aza-pg throw-away cluster\n${lines.join('\n')}\n`;
}

function mkdirOwned(path: string, runAs: RunAs): void {
  mkdirSync(path, { mode: 0o700 });
  if (runAs.uid !== undefined) chownSync(path, runAs.uid, runAs.gid!);
}

const CLUSTER_DIR_PREFIX = 'aza-pg-cluster-';
/** Beside the data: who made the cluster, and its pg_ctl, so a later run can stop a killed run's server. */
const OWNER_FILE = 'aza-pg-owner';

function makeClusterDir(baseDir: string | undefined, runAs: RunAs, binDir: string): string {
  const dir = mkdtempSync(join(baseDir ?? tmpdir(), CLUSTER_DIR_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), `${ownerText()} pg_ctl=${join(binDir, 'pg_ctl')}\n`, { mode: 0o644 });
  if (runAs.uid !== undefined) chownSync(dir, runAs.uid, runAs.gid!);
  return dir;
}

/**
 * Throw-away clusters whose maker was killed (SIGKILL: no exit hook ran) keep their server
 * running, since pg_ctl detaches it: stops them and removes their directories. Clusters of live
 * processes, of other hosts, and unmarked ones are left alone.
 */
export async function reapOrphanClusters(notes: { info(m: string): void; warn(m: string): void }, baseDir = tmpdir()): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(baseDir).filter((n) => n.startsWith(CLUSTER_DIR_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(baseDir, name);
    let marker: string;
    try {
      marker = readFileSync(join(dir, OWNER_FILE), 'utf8');
    } catch {
      continue;
    }
    const owner = parseOwnerText(marker);
    if (!owner || ownerState(owner) !== 'gone') continue;
    const pgCtl = /pg_ctl=(\S+)/.exec(marker)?.[1];
    const dataDir = join(dir, 'data');
    if (pgCtl && existsSync(join(dataDir, 'postmaster.pid'))) {
      const st = statSync(dataDir);
      const runAs = process.getuid?.() === 0 && st.uid !== 0 ? { uid: st.uid, gid: st.gid } : {};
      await run(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'], { ...runAs, env: ownerEnv(), allowFailure: true });
    }
    rmSync(dir, { recursive: true, force: true });
    notes.info(
      `Stopped and removed the throw-away cluster ${dir}, left by an interrupted run (${describeOwner(owner)}, no longer running)`,
    );
  }
}

/** Creates, configures and starts a throw-away cluster. */
export async function createCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const bin = await findServerBinaries(opts);
  const runAs = await serverRunAs();
  const dir = makeClusterDir(opts.baseDir, runAs, bin.binDir);
  const superuser = opts.superuser ?? 'postgres';
  const password = opts.password ?? randomBytes(18).toString('base64url');
  const port = await freePort();
  const cluster = new Cluster({ port, superuser, password, dir, bin, runAs, tls: !!opts.tls });
  try {
    mkdirOwned(cluster.socketDir, runAs);
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (runAs.uid !== undefined) chownSync(pwfile, runAs.uid, runAs.gid!);
    const init = await cluster.runAsOwner(
      'initdb',
      [
        '-D',
        cluster.dataDir,
        '-U',
        superuser,
        `--pwfile=${pwfile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
        '--no-sync',
      ],
      { allowFailure: true },
    );
    rmSync(pwfile, { force: true });
    if (init.code !== 0) throw new AzaError('CLUSTER_FAILED', `initdb failed: ${init.stderr.trim()}`);

    const settings: Record<string, string | number> = {
      port,
      listen_addresses: '127.0.0.1',
      unix_socket_directories: cluster.socketDir,
      // Throw-away data: durability is not the point, speed is.
      fsync: 'off',
      synchronous_commit: 'off',
      max_connections: 60,
      wal_level: 'replica',
      max_wal_senders: 10,
      password_encryption: 'scram-sha-256',
      ...opts.settings,
    };
    if (opts.tls) {
      const own = (src: string, name: string, mode: number) => {
        const dst = join(cluster.dataDir, name);
        copyFileSync(src, dst);
        chmodSync(dst, mode);
        if (runAs.uid !== undefined) chownSync(dst, runAs.uid, runAs.gid!);
        return name;
      };
      settings.ssl = 'on';
      settings.ssl_cert_file = own(opts.tls.certFile, 'server.crt', 0o644);
      settings.ssl_key_file = own(opts.tls.keyFile, 'server.key', 0o600);
      if (opts.tls.caFile) settings.ssl_ca_file = own(opts.tls.caFile, 'root.crt', 0o644);
    }
    appendFileSync(join(cluster.dataDir, 'postgresql.conf'), confLines(settings));

    const hostLines = opts.hbaHostLines ?? [
      `${opts.tls ? 'hostssl' : 'host'} all all 127.0.0.1/32 scram-sha-256`,
      `${opts.tls ? 'hostssl' : 'host'} replication all 127.0.0.1/32 scram-sha-256`,
    ];
    writeFileSync(
      join(cluster.dataDir, 'pg_hba.conf'),
      ['local all all trust', 'local replication all trust', ...hostLines, ''].join('\n'),
    );
    await cluster.start();
    return cluster;
  } catch (e) {
    await cluster.destroy();
    throw e;
  }
}
