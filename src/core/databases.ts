/**
 * Whole databases: create one like another, rename, swap, drop, end the sessions on one. The
 * statements run from a maintenance database (a database cannot be dropped or renamed from
 * inside), with the server's version guards in one place. Restore and verify both use it.
 */
import { AzaError, toAzaError } from './errors.js';
import { runSyncForCleanup } from './exec.js';
import { waitUntil } from './wait.js';
import { libpqEnv, PSQL_QUERY_ARGS, quoteIdent, quoteLiteral, utf8Env, type Connection, type SqlClient } from './pg.js';

/** What a database is like: what a new database made to replace it copies. */
export interface DatabaseFacts {
  exists: boolean;
  owner?: string;
  encoding?: string;
  collate?: string;
  ctype?: string;
  /** 'c' libc, 'i' icu, 'b' builtin */
  localeProvider?: string;
  icuLocale?: string;
  allowConnections?: boolean;
  connectionLimit?: number;
  /** datacl as text; undefined/null: the default privileges. */
  acl?: string | null;
  /** Default tablespace (pg_default unless CREATE DATABASE … TABLESPACE / ALTER DATABASE SET TABLESPACE). */
  tablespace?: string;
  isTemplate?: boolean;
  /** COMMENT ON DATABASE; undefined/null: none. */
  comment?: string | null;
  /** SECURITY LABEL FOR provider ON DATABASE. */
  securityLabels?: Array<{ provider: string; label: string }>;
  /** Per-database settings (pg_db_role_setting): role null for ALTER DATABASE ... SET. */
  settings?: Array<{ role: string | null; name: string; value: string }>;
  /** Other sessions connected to it right now. */
  sessions: number;
}

/** DROP DATABASE, ending its sessions where the server can (WITH (FORCE) is PostgreSQL 13+). */
export function dropDatabaseSql(name: string, serverMajor: number, force: boolean): string {
  return `DROP DATABASE IF EXISTS ${quoteIdent(name)}${force && serverMajor >= 13 ? ' WITH (FORCE)' : ''}`;
}

/** CREATE DATABASE for `name` like `like` (encoding, locale, owner), or plain from template0. */
export function createDatabaseSql(name: string, like: DatabaseFacts, opts: { serverMajor: number; setOwner: boolean }): string {
  const parts = [`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`];
  if (like.exists) {
    if (like.encoding) parts.push(`ENCODING ${quoteLiteral(like.encoding)}`);
    if (like.collate) parts.push(`LC_COLLATE ${quoteLiteral(like.collate)}`);
    if (like.ctype) parts.push(`LC_CTYPE ${quoteLiteral(like.ctype)}`);
    if (opts.serverMajor >= 15 && like.localeProvider === 'i') {
      parts.push('LOCALE_PROVIDER icu');
      if (like.icuLocale) parts.push(`${opts.serverMajor >= 17 ? 'LOCALE' : 'ICU_LOCALE'} ${quoteLiteral(like.icuLocale)}`);
    }
    if (opts.serverMajor >= 17 && like.localeProvider === 'b') {
      parts.push('LOCALE_PROVIDER builtin');
      if (like.icuLocale) parts.push(`BUILTIN_LOCALE ${quoteLiteral(like.icuLocale)}`);
    }
    if (opts.setOwner && like.owner) parts.push(`OWNER ${quoteIdent(like.owner)}`);
    if (like.connectionLimit !== undefined && like.connectionLimit !== -1) parts.push(`CONNECTION LIMIT ${like.connectionLimit}`);
    // Its tables go where the old ones were, not to pg_default.
    if (like.tablespace && like.tablespace !== 'pg_default') parts.push(`TABLESPACE ${quoteIdent(like.tablespace)}`);
  }
  return parts.join(' ');
}

const LIST_SETTINGS = new Set([
  'search_path',
  'temp_tablespaces',
  'session_preload_libraries',
  'local_preload_libraries',
  'shared_preload_libraries',
]);

/** Privileges, per-database settings, comment and security labels of `like`, for the new database `name`. */
export function copySettingsSql(name: string, like: DatabaseFacts): string[] {
  if (!like.exists) return [];
  const out: string[] = [];
  for (const s of like.settings ?? []) {
    // List settings are stored as their SQL text ("$user", public): repeat it as written.
    const set = `SET ${quoteIdent(s.name)} TO ${LIST_SETTINGS.has(s.name) ? s.value : quoteLiteral(s.value)}`;
    out.push(
      s.role === null
        ? `ALTER DATABASE ${quoteIdent(name)} ${set}`
        : `ALTER ROLE ${quoteIdent(s.role)} IN DATABASE ${quoteIdent(name)} ${set}`,
    );
  }
  if (like.acl) {
    out.push(`REVOKE ALL ON DATABASE ${quoteIdent(name)} FROM PUBLIC`);
    for (const grant of parseDatabaseAcl(like.acl)) {
      const privs = grant.privileges.join(', ');
      const grantee = grant.grantee === '' ? 'PUBLIC' : quoteIdent(grant.grantee);
      out.push(`GRANT ${privs} ON DATABASE ${quoteIdent(name)} TO ${grantee}`);
      if (grant.withGrantOption?.length)
        out.push(`GRANT ${grant.withGrantOption.join(', ')} ON DATABASE ${quoteIdent(name)} TO ${grantee} WITH GRANT OPTION`);
    }
  }
  if (like.comment) out.push(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${quoteLiteral(like.comment)}`);
  for (const l of like.securityLabels ?? [])
    out.push(`SECURITY LABEL FOR ${quoteIdent(l.provider)} ON DATABASE ${quoteIdent(name)} IS ${quoteLiteral(l.label)}`);
  return out;
}

/**
 * What `like` has that would stand in the way of the load and the swap (no connections, a
 * template cannot be dropped): set on the new database `name` once it took the target's place.
 */
export function finishDatabaseSql(name: string, like: DatabaseFacts): string[] {
  if (!like.exists) return [];
  return [
    ...(like.isTemplate ? [`ALTER DATABASE ${quoteIdent(name)} IS_TEMPLATE true`] : []),
    ...(like.allowConnections === false ? [`ALTER DATABASE ${quoteIdent(name)} ALLOW_CONNECTIONS false`] : []),
  ];
}

const DATABASE_PRIVILEGES: Record<string, string> = { C: 'CREATE', c: 'CONNECT', T: 'TEMPORARY' };

/** `{=Tc/postgres,postgres=CTc/postgres,app=c*\/postgres}` -> grants (grantee '' is PUBLIC; `*`: with grant option). */
export function parseDatabaseAcl(acl: string): Array<{ grantee: string; privileges: string[]; withGrantOption?: string[] }> {
  const body = acl.replace(/^\{|\}$/g, '');
  if (!body) return [];
  const items: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '"') {
      if (quoted && body[i + 1] === '"') {
        cur += '""';
        i++;
        continue;
      }
      quoted = !quoted;
      cur += ch;
    } else if (ch === ',' && !quoted) {
      items.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) items.push(cur);
  const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1').replace(/""/g, '"') : s);
  return items
    .map((raw) => {
      // An item may be quoted as a whole ("a=c/b") or per name ("x""y"=c/b): find the = outside quotes.
      const item = raw.startsWith('"') && raw.endsWith('"') && !/^"(?:[^"]|"")*"=/.test(raw) ? unquote(raw) : raw;
      let eq = -1;
      let q = false;
      for (let i = 0; i < item.length; i++) {
        if (item[i] === '"') q = !q;
        else if (item[i] === '=' && !q) {
          eq = i;
          break;
        }
      }
      const grantee = unquote(item.slice(0, eq));
      const rest = item.slice(eq + 1);
      const privs = rest.slice(0, rest.lastIndexOf('/') >= 0 ? rest.lastIndexOf('/') : rest.length);
      const privileges = [...privs].filter((c) => DATABASE_PRIVILEGES[c]).map((c) => DATABASE_PRIVILEGES[c]!);
      const withGrantOption = [...privs.matchAll(/([CcT])\*/g)].map((m) => DATABASE_PRIVILEGES[m[1]!]!);
      return { grantee, privileges, ...(withGrantOption.length ? { withGrantOption } : {}) };
    })
    .filter((g) => g.privileges.length > 0);
}

/** The error of a database that other sessions keep busy. */
export function databaseInUse(database: string, n: number | undefined): AzaError {
  return new AzaError(
    'TARGET_IN_USE',
    `Database "${database}" has ${n === undefined ? '' : `${n} `}other open session${n === 1 ? '' : 's'}; it cannot be swapped or dropped while they exist`,
    `Stop the applications using it (SELECT pid, usename, application_name FROM pg_stat_activity WHERE datname = ${quoteLiteral(database)}), or pass --terminate-connections (input terminate-connections: true) to end them.`,
  );
}

function inUseInstead(e: unknown, database: string): AzaError {
  const err = toAzaError(e);
  return /is being accessed by other users/.test(err.message) ? databaseInUse(database, undefined) : err;
}

/** How long other sessions get to go after they were told to (pg_terminate_backend). */
const TERMINATE_TIMEOUT_MS = 15000;

/** The statements on whole databases, through a client on the maintenance database. */
export class Databases {
  constructor(
    private readonly client: SqlClient,
    readonly maintenanceDatabase: string,
    private readonly serverMajor: number,
  ) {}

  /** One statement on the maintenance database. */
  exec(sql: string): Promise<void> {
    return this.client.exec(sql, this.maintenanceDatabase);
  }

  private async count(sql: string): Promise<number> {
    return Number((await this.client.query(sql, this.maintenanceDatabase))[0]?.[0] ?? 0);
  }

  async exists(name: string): Promise<boolean> {
    return (await this.count(`SELECT count(*) FROM pg_database WHERE datname = ${quoteLiteral(name)}`)) > 0;
  }

  /** Runs a CREATE DATABASE, then `then` (settings and privileges), each failure of those told to `warn`. */
  async create(createSql: string, then: readonly string[] = [], warn?: (sql: string, e: AzaError) => void): Promise<void> {
    await this.exec(createSql);
    for (const s of then) {
      try {
        await this.exec(s);
      } catch (e) {
        warn?.(s, toAzaError(e));
      }
    }
  }

  /** `force`: end its sessions too (PostgreSQL 13+; older servers refuse while they exist). */
  drop(name: string, force: boolean): Promise<void> {
    return this.exec(dropDatabaseSql(name, this.serverMajor, force)).catch((e) => {
      throw inUseInstead(e, name);
    });
  }

  /** A template database cannot be dropped: it stops being one first. */
  unsetTemplate(name: string): Promise<void> {
    return this.exec(`ALTER DATABASE ${quoteIdent(name)} IS_TEMPLATE false`);
  }

  rename(from: string, to: string): Promise<void> {
    return this.exec(`ALTER DATABASE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`);
  }

  /** One transaction: `target` becomes `previous`, `replacement` becomes `target`. */
  swap(target: string, previous: string, replacement: string): Promise<void> {
    return this.exec(
      `BEGIN; ALTER DATABASE ${quoteIdent(target)} RENAME TO ${quoteIdent(previous)}; ALTER DATABASE ${quoteIdent(replacement)} RENAME TO ${quoteIdent(target)}; COMMIT`,
    ).catch((e) => {
      throw inUseInstead(e, target);
    });
  }

  otherSessions(name: string): Promise<number> {
    return this.count(`SELECT count(*) FROM pg_stat_activity WHERE datname = ${quoteLiteral(name)} AND pid <> pg_backend_pid()`);
  }

  allowConnections(name: string, allow: boolean): Promise<void> {
    return this.exec(`ALTER DATABASE ${quoteIdent(name)} WITH ALLOW_CONNECTIONS ${allow}`);
  }

  /** Blocks new connections to `name` and ends the existing ones; `told` hears how many were ended. */
  async terminateSessions(name: string, told: (n: number) => void): Promise<void> {
    await this.allowConnections(name, false);
    const r = await waitUntil<undefined>(
      async () => {
        const n = await this.count(
          `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ${quoteLiteral(name)} AND pid <> pg_backend_pid()`,
        );
        if (n === 0 && (await this.otherSessions(name)) === 0) return { done: true, value: undefined };
        if (n > 0) told(n);
        return { done: false };
      },
      { timeoutMs: TERMINATE_TIMEOUT_MS },
    );
    if (r.timedOut) throw databaseInUse(name, await this.otherSessions(name));
  }
}

/** DROP DATABASE for an interrupt handler: synchronous, best effort, its own psql. */
export function dropDatabaseSync(
  psqlPath: string,
  conn: Connection,
  env: NodeJS.ProcessEnv,
  maintenanceDatabase: string,
  name: string,
  serverMajor: number,
): void {
  runSyncForCleanup(psqlPath, [...PSQL_QUERY_ARGS, '-c', dropDatabaseSql(name, serverMajor, true)], {
    env: utf8Env(libpqEnv(conn, env, maintenanceDatabase)),
  });
}
