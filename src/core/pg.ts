/**
 * The one connection model. Settings come from the libpq environment, then a connection URI,
 * then explicit inputs (later wins). Children get them as libpq environment variables: the
 * password never appears in argv, and the database name never goes through libpq's
 * "dbname may be a connection string" expansion (a database called "a=b" stays a name).
 */
import type { ChildProcess } from 'node:child_process';
import { AzaError } from './errors.js';
import { redact, run, spawnInteractive } from './exec.js';
import { sqlClient, type SqlClient } from './sql-client.js';

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export interface Connection {
  host: string;
  port: number;
  user: string;
  database: string;
  password?: string;
  passfile?: string;
  sslmode?: SslMode;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
}

/** Partial settings from one source; undefined means "not said here". */
export type ConnectionInput = Partial<Connection>;

/** The spec's defaults: PGHOST localhost, PGPORT 5432, PGUSER postgres. */
export const CONNECTION_DEFAULTS = { host: 'localhost', port: 5432, user: 'postgres', database: 'postgres' } as const;

export function connectionFromEnv(env: NodeJS.ProcessEnv): ConnectionInput {
  const c: ConnectionInput = {};
  if (env.PGHOST) c.host = env.PGHOST;
  if (env.PGPORT) c.port = parsePort(env.PGPORT, 'PGPORT');
  if (env.PGUSER) c.user = env.PGUSER;
  if (env.PGDATABASE) c.database = env.PGDATABASE;
  if (env.PGPASSWORD) c.password = env.PGPASSWORD;
  if (env.PGPASSFILE) c.passfile = env.PGPASSFILE;
  if (env.PGSSLMODE) c.sslmode = parseSslMode(env.PGSSLMODE, 'PGSSLMODE');
  if (env.PGSSLROOTCERT) c.sslrootcert = env.PGSSLROOTCERT;
  if (env.PGSSLCERT) c.sslcert = env.PGSSLCERT;
  if (env.PGSSLKEY) c.sslkey = env.PGSSLKEY;
  return c;
}

export function parsePort(value: string, what: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 65535) {
    throw new AzaError(
      'INVALID_INPUT',
      `Invalid ${what} "${value}": a port is a whole number from 1 to 65535`,
      `Set ${what} to the server's port, e.g. 5432.`,
    );
  }
  return n;
}

export function parseSslMode(value: string, what: string): SslMode {
  if ((SSL_MODES as readonly string[]).includes(value)) return value as SslMode;
  throw new AzaError('INVALID_INPUT', `Invalid ${what} "${value}"`, `Use one of: ${SSL_MODES.join(', ')}.`);
}

/**
 * postgresql://user:password@host:port/database?sslmode=require
 * The password is decoded here and from then on handled like any other secret.
 */
export function parseConnectionUri(uri: string): ConnectionInput {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new AzaError(
      'INVALID_INPUT',
      'The connection URI is not a valid URI',
      'Write it as postgresql://user:password@host:port/database?sslmode=require',
    );
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
    throw new AzaError(
      'INVALID_INPUT',
      `The connection URI must start with postgresql:// (got ${u.protocol}//)`,
      'Write it as postgresql://user:password@host:port/database',
    );
  }
  const c: ConnectionInput = {};
  if (u.hostname) c.host = decodeURIComponent(u.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (u.port) c.port = parsePort(u.port, 'port in the connection URI');
  if (u.username) c.user = decodeURIComponent(u.username);
  if (u.password) c.password = decodeURIComponent(u.password);
  const db = u.pathname.replace(/^\//, '');
  if (db) c.database = decodeURIComponent(db);
  const q = u.searchParams;
  if (q.get('host')) c.host = q.get('host')!;
  if (q.get('port')) c.port = parsePort(q.get('port')!, 'port in the connection URI');
  if (q.get('user')) c.user = q.get('user')!;
  if (q.get('password')) c.password = q.get('password')!;
  if (q.get('dbname')) c.database = q.get('dbname')!;
  if (q.get('sslmode')) c.sslmode = parseSslMode(q.get('sslmode')!, 'sslmode in the connection URI');
  if (q.get('sslrootcert')) c.sslrootcert = q.get('sslrootcert')!;
  if (q.get('sslcert')) c.sslcert = q.get('sslcert')!;
  if (q.get('sslkey')) c.sslkey = q.get('sslkey')!;
  if (q.get('passfile')) c.passfile = q.get('passfile')!;
  return c;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/** Environment < URI < explicit inputs; the spec's defaults fill the rest. */
export function resolveConnection(sources: { env?: NodeJS.ProcessEnv; uri?: string; inputs?: ConnectionInput }): Connection {
  const fromEnv = connectionFromEnv(sources.env ?? {});
  const fromUri = sources.uri ? parseConnectionUri(sources.uri) : {};
  return { ...CONNECTION_DEFAULTS, ...definedOnly(fromEnv), ...definedOnly(fromUri), ...definedOnly(sources.inputs ?? {}) } as Connection;
}

/** For logs and summaries: never includes the password. */
export function describeConnection(c: Connection): string {
  const host = c.host.startsWith('/') ? `socket ${c.host}` : c.host.includes(':') ? `[${c.host}]` : c.host;
  return `${c.user}@${host}:${c.port}/${c.database}`;
}

export function isLocalHost(host: string): boolean {
  return host.startsWith('/') || host === 'localhost' || host === '127.0.0.1' || host === '::1';
}

const LIBPQ_VARS = [
  'PGHOST',
  'PGHOSTADDR',
  'PGPORT',
  'PGUSER',
  'PGDATABASE',
  'PGPASSWORD',
  'PGPASSFILE',
  'PGSERVICE',
  'PGSERVICEFILE',
  'PGSSLMODE',
  'PGSSLROOTCERT',
  'PGSSLCERT',
  'PGSSLKEY',
  'PGSSLCRL',
  'PGREQUIRESSL',
  'PGOPTIONS',
  'PGAPPNAME',
];

/**
 * The environment for a libpq child: the caller's environment without any inherited libpq
 * settings, then exactly this connection. `database` overrides the connection's database.
 */
export function libpqEnv(c: Connection, base: NodeJS.ProcessEnv = process.env, database?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!LIBPQ_VARS.includes(k)) env[k] = v;
  env.PGHOST = c.host;
  env.PGPORT = String(c.port);
  env.PGUSER = c.user;
  env.PGDATABASE = database ?? c.database;
  env.PGAPPNAME = 'aza-pg';
  // Fail instead of hanging on a password prompt when no password is available.
  env.PGCONNECT_TIMEOUT = base.PGCONNECT_TIMEOUT ?? '10';
  if (c.password !== undefined) env.PGPASSWORD = c.password;
  if (c.passfile) env.PGPASSFILE = c.passfile;
  if (c.sslmode) env.PGSSLMODE = c.sslmode;
  if (c.sslrootcert) env.PGSSLROOTCERT = c.sslrootcert;
  if (c.sslcert) env.PGSSLCERT = c.sslcert;
  if (c.sslkey) env.PGSSLKEY = c.sslkey;
  return env;
}

/** Secrets of a connection, for redaction. */
export function connectionSecrets(c: Connection): string[] {
  return c.password ? [c.password] : [];
}

export { passfilePath, passwordAvailable, pgpassHasEntry } from './pgpass.js';

// ---------------------------------------------------------------------------------------------
// SQL through psql: the same client whatever the target, so a container or a data directory is
// reached the same way as a server over TCP.

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const FIELD_SEP = '\x1f';
const RECORD_SEP = '\x1e';

/**
 * -w: a psql that reads its queries from a pipe must never prompt (without a terminal it took the
 * first query for the password); a missing password then fails as such.
 */
export const PSQL_QUERY_ARGS = ['-X', '-w', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-F', FIELD_SEP, '-R', RECORD_SEP];

/** Parses psql's unaligned, tuples-only output (our separators) into rows of fields. */
export function parseRows(text: string): string[][] {
  const body = text.replace(/\n$/, '');
  if (body === '') return [];
  return body.split(RECORD_SEP).map((r) => r.replace(/^\n/, '').split(FIELD_SEP));
}

/** Turns libpq's connection failures into errors that say what to fix. */
export function connectionError(stderr: string, c: Connection): AzaError {
  const where = describeConnection(c);
  const text = redact(stderr, connectionSecrets(c)).trim();
  if (/no password supplied/.test(text)) {
    return new AzaError(
      'PASSWORD_REQUIRED',
      'PGPASSWORD environment variable required',
      `The server at ${where} asks for a password and none was given. Set PGPASSWORD (input password), ` +
        `or add a line to ~/.pgpass: "${c.host}:${c.port}:*:${c.user}:password" and chmod 600 ~/.pgpass.`,
    );
  }
  if (/password authentication failed/.test(text)) {
    return new AzaError(
      'AUTH_FAILED',
      `Password authentication failed for user "${c.user}" at ${where}`,
      'Check the password (PGPASSWORD, input password, or ~/.pgpass) and the user name.',
    );
  }
  const dbMissing = /database "(.*)" does not exist/.exec(text);
  if (dbMissing) {
    return new AzaError(
      'DATABASE_NOT_FOUND',
      `Database "${dbMissing[1]}" does not exist on ${c.host}:${c.port}`,
      'Check the name (psql -l lists the databases) or create it first: createdb NAME.',
    );
  }
  if (
    /Connection refused|could not connect|could not translate host name|timeout expired|No route to host|Network is unreachable|No such file or directory/.test(
      text,
    )
  ) {
    return new AzaError(
      'CONNECTION_FAILED',
      `Cannot connect to PostgreSQL at ${where}: ${firstLine(text)}`,
      `Check that the server runs and accepts TCP connections (pg_isready -h ${c.host} -p ${c.port}), that the port is exposed ` +
        '(docker ps), and that no firewall blocks it. Set PGHOST/PGPORT (inputs host/port) to the right address.',
    );
  }
  if (/SSL|certificate/.test(text)) {
    return new AzaError(
      'TLS_FAILED',
      `TLS connection to ${where} failed: ${firstLine(text)}`,
      'Check sslmode and sslrootcert; for self-signed certificates trust the CA with PGSSLROOTCERT and sslmode=verify-ca.',
    );
  }
  return new AzaError('CONNECTION_FAILED', `Cannot connect to PostgreSQL at ${where}: ${firstLine(text)}`);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line
    .replace(/^psql: (error: )?/, '')
    .replace(/^pg_dump: (error: )?/, '')
    .trim();
}

export { sqlClient, type SqlClient };

/** The environment for psql with UTF-8 text whatever the locale (names may be non-ASCII). */
export function utf8Env(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PGCLIENTENCODING: env.PGCLIENTENCODING ?? 'UTF8' };
}

/** The line of psql's stderr that says what failed: the first ERROR/FATAL, else the first line. */
function errorLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => /^(psql:[^ ]* )?(ERROR|FATAL):/.test(l.trim()));
  return line ? firstLine(line.replace(/^psql:[^ ]* /, '')) : firstLine(stderr);
}

/** psql's exit status and stderr as an error: 2 = the connection failed or broke; 1 or 3 = the SQL failed. */
function psqlFailure(code: number | null, stderr: string, c: Connection): AzaError {
  if (code === 2) return connectionError(stderr, c);
  return new AzaError('SQL_FAILED', `SQL failed on ${describeConnection(c)}: ${errorLine(redact(stderr, connectionSecrets(c)))}`);
}

/** A SqlClient over TCP/socket using the local psql binary: one process per query. */
export function psqlClient(psqlPath: string, c: Connection, base: NodeJS.ProcessEnv = process.env): SqlClient {
  return sqlClient(async (sql, database) => {
    const r = await run(psqlPath, [...PSQL_QUERY_ARGS, '-c', sql], {
      env: libpqEnv(c, base, database),
      allowFailure: true,
      secrets: connectionSecrets(c),
    });
    if (r.code !== 0) throw psqlFailure(r.code, r.stderr, { ...c, database: database ?? c.database });
    return parseRows(r.stdout);
  });
}

/**
 * How a session's psql is started when not as the local psql over `conn`: inside a container
 * (docker exec -i), or as a data directory's owner (`uid`/`gid`, from root).
 */
export interface SessionLaunch {
  cmd: string;
  /** The whole command line, ending with psql and PSQL_QUERY_ARGS. */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** The error of a psql (or its launcher) that ended with `code`; psql's own by default. */
  failure?(code: number | null, stderr: string): AzaError;
}

/**
 * A long-lived psql session on one database: one connection for many queries, and the one place
 * of the marker protocol (each query is followed by an \echo marker so its output can be told
 * from the next one's). Queries run one after another in the order asked. A failed query ends
 * psql (ON_ERROR_STOP) and fails with the same error a one-shot psqlClient gives. With `reopen`,
 * the next query after a failure or close() starts a new psql (a session for many independent
 * statements); without it (a session that holds a transaction or a snapshot), it fails.
 */
export class PsqlSession implements SqlClient {
  private child: ChildProcess | undefined;
  private buffer = '';
  private stderr = '';
  /** The markers asked for and not yet seen, in the order psql will print them. */
  private waiting: Array<{ marker: string; resolve: (t: string) => void; reject: (e: Error) => void }> = [];
  /** Told when psql goes (a wait for its pipe to drain). */
  private readonly goneWatchers = new Set<(e: Error) => void>();
  private drainWait: Promise<void> | undefined;
  private exited: Error | undefined;
  private counter = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly conn: Connection;

  constructor(
    private readonly psqlPath: string,
    conn: Connection,
    private readonly base: NodeJS.ProcessEnv = process.env,
    database?: string,
    private readonly opts: {
      reopen?: boolean;
      launch?: SessionLaunch;
      /** The error of a psql that ended with `code` (psql's own, or the launch's, by default). */
      failure?(code: number | null, stderr: string): Error;
    } = {},
  ) {
    this.conn = { ...conn, database: database ?? conn.database };
    this.start();
  }

  private start(): void {
    const launch = this.opts.launch;
    const child = launch
      ? spawnInteractive(
          launch.cmd,
          launch.args,
          launch.env,
          launch.uid !== undefined ? { uid: launch.uid, gid: launch.gid, cwd: '/' } : {},
        )
      : spawnInteractive(this.psqlPath, PSQL_QUERY_ARGS, libpqEnv(this.conn, this.base));
    this.child = child;
    this.buffer = '';
    this.stderr = '';
    this.exited = undefined;
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      this.buffer += d;
      this.deliver();
    });
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString('utf8')));
    child.stdin!.on('error', () => {});
    const fail = (e: Error) => {
      if (this.child !== child) return;
      this.exited = e;
      for (const w of this.waiting.splice(0)) w.reject(e);
      for (const gone of [...this.goneWatchers]) gone(e);
      this.goneWatchers.clear();
    };
    child.once('error', (e) => fail(new AzaError('SPAWN_FAILED', `Could not start psql: ${e.message}`)));
    const failure = this.opts.failure ?? launch?.failure ?? ((c: number | null, e: string) => psqlFailure(c, e, this.conn));
    child.once('close', (code) => fail(code === 0 ? new AzaError('SQL_FAILED', 'The SQL session is closed') : failure(code, this.stderr)));
  }

  private deliver(): void {
    for (;;) {
      const w = this.waiting[0];
      if (!w) return;
      const at = this.buffer.indexOf(w.marker);
      if (at < 0) return;
      const text = this.buffer.slice(0, at);
      this.buffer = this.buffer.slice(at + w.marker.length).replace(/^\n/, '');
      this.waiting.shift();
      w.resolve(text);
    }
  }

  /** Writes `script` followed by a marker; resolves with what psql printed before the marker. */
  private ask(script: string): Promise<string> {
    const marker = `__aza_pg_done_${process.pid}_${++this.counter}__`;
    return new Promise<string>((resolve, reject) => {
      this.waiting.push({ marker, resolve, reject });
      this.child!.stdin!.write(`${script}\\echo ${marker}\n`);
    });
  }

  private send(sql: string): Promise<string[][]> {
    if (this.exited && this.opts.reopen) this.start();
    if (this.exited) return Promise.reject(this.exited);
    // Only this query's stderr tells what went wrong with it.
    this.stderr = '';
    return this.ask(`${sql.trim().replace(/;?$/, ';')}\n`).then(parseRows);
  }

  /**
   * Script text written to psql as it is, ahead of any query asked and not waited for: a `COPY …
   * FROM stdin` line, its data lines and the `\.` that ends them (a load's parallel COPY). Returns
   * false when psql's pipe is full: wait for drained() before writing more.
   */
  writeScript(text: Buffer | string): boolean {
    if (this.exited) throw this.exited;
    return this.child!.stdin!.write(text);
  }

  /** True when psql's pipe takes more without waiting. */
  get writable(): boolean {
    return !this.exited && !this.child!.stdin!.writableNeedDrain;
  }

  /** Resolves when psql's pipe takes more; fails when psql has gone. (One wait, however many ask.) */
  drained(): Promise<void> {
    if (this.exited) return Promise.reject(this.exited);
    const stdin = this.child!.stdin!;
    if (!stdin.writableNeedDrain) return Promise.resolve();
    if (!this.drainWait) {
      const wait = new Promise<void>((resolve, reject) => {
        const done = () => {
          this.goneWatchers.delete(gone);
          resolve();
        };
        const gone = (e: Error) => {
          stdin.off('drain', done);
          reject(e);
        };
        stdin.once('drain', done);
        this.goneWatchers.add(gone);
      });
      this.drainWait = wait;
      const clear = () => {
        if (this.drainWait === wait) this.drainWait = undefined;
      };
      wait.then(clear, clear);
    }
    return this.drainWait;
  }

  /**
   * Ends what writeScript() wrote with `text` and resolves once psql has run all of it (fails with
   * the error it stopped at). Not queued behind queries: written at once, in order.
   */
  finishScript(text: string): Promise<void> {
    if (this.exited) return Promise.reject(this.exited);
    return this.ask(text).then(() => {});
  }

  query(sql: string, database?: string): Promise<string[][]> {
    if (database !== undefined && database !== this.conn.database) {
      return Promise.reject(new AzaError('INTERNAL', `A session on "${this.conn.database}" was asked to query "${database}"`));
    }
    const answer = this.queue.then(() => this.send(sql));
    this.queue = answer.catch(() => {});
    return answer;
  }

  async exec(sql: string, database?: string): Promise<void> {
    await this.query(sql, database);
  }

  /** Ends psql after the queries already asked (with `reopen`, a later query starts a new one). */
  close(): Promise<void> {
    const done = this.queue.then(() => this.end());
    this.queue = done.catch(() => {});
    return done;
  }

  private async end(): Promise<void> {
    const child = this.child;
    if (this.exited || !child) return;
    // Closed from now on, whenever psql itself goes.
    this.exited = new AzaError('SQL_FAILED', 'The SQL session is closed');
    this.child = undefined;
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.stdin!.end('\\q\n');
    });
  }

  kill(): void {
    if (!this.exited) this.child?.kill('SIGTERM');
  }
}

export { majorOfVersionNum, parseServerFacts, probeServer, SERVER_FACTS_SQL, type ServerFacts } from './server-facts.js';
