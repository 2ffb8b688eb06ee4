/**
 * One restore of a target at a time, and what killed restores of it left: a session-level
 * advisory lock on the target's server, held by a session of our own for the whole run (it goes
 * when we go, even by SIGKILL, since psql dies with us), and the staging databases of earlier
 * runs, marked with their maker by a COMMENT ON DATABASE.
 */
import { AzaError, toAzaError } from '../errors.js';
import { PsqlSession, quoteIdent, quoteLiteral, type Connection } from '../pg.js';
import { currentOwner, describeOwner, ownerState, ownerText, parseOwnerText } from '../owner.js';
import type { Reporter } from '../report.js';
import type { Databases } from '../databases.js';
import { derivedName } from './plan.js';

/** First key of our advisory locks: the operation; the second is hashtext(target name). */
export const ADVISORY_LOCK_CLASS = { restore: 1634756401, promote: 1634756402 } as const;

export interface ServerLock {
  release(): Promise<void>;
}

/**
 * Takes the advisory lock for `operation` on `target` or throws IN_PROGRESS naming the session
 * that holds it (its application_name carries the holder's pid and host).
 */
export async function takeServerLock(
  operation: keyof typeof ADVISORY_LOCK_CLASS,
  target: string,
  psqlPath: string,
  connection: Connection,
  env: NodeJS.ProcessEnv,
  database: string,
  where: string,
): Promise<ServerLock> {
  const session = new PsqlSession(psqlPath, connection, env, database);
  const key = `${ADVISORY_LOCK_CLASS[operation]}, hashtext(${quoteLiteral(target)})`;
  try {
    const me = currentOwner();
    // application_name is at most 63 bytes: enough for "aza-pg restore pid=… host=…".
    await session.exec(`SET application_name = ${quoteLiteral(`aza-pg ${operation} pid=${me.pid} host=${me.host}`.slice(0, 63))}`);
    const got = (await session.query(`SELECT pg_try_advisory_lock(${key})`))[0]?.[0] === 't';
    if (!got) {
      const holder = (
        await session.query(
          `SELECT a.application_name, coalesce(host(a.client_addr), 'local'), a.backend_start, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid ` +
            `WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${ADVISORY_LOCK_CLASS[operation]} AND l.objid::bigint = (hashtext(${quoteLiteral(target)})::bigint & 4294967295) LIMIT 1`,
        )
      )[0];
      const who = holder
        ? `${holder[0] || 'a session'} from ${holder[1]}, backend pid ${holder[3]}, since ${holder[2]}`
        : 'a session that has just ended';
      throw new AzaError(
        'IN_PROGRESS',
        `Another ${operation} of "${target}" on ${where} is running (${who}); nothing was changed`,
        `Wait for it to finish. If it is stuck, end its session: SELECT pg_terminate_backend(${holder?.[3] ?? '<pid>'});`,
      );
    }
  } catch (e) {
    session.kill();
    throw e;
  }
  return { release: () => session.close().catch(() => {}) };
}

const STAMP_SUFFIX = '_restoring_00000000_000000';

/** The staging names stagingName(target, any time) can take: the prefix before the stamp. */
function stagingPattern(target: string): RegExp {
  const base = derivedName(target, STAMP_SUFFIX).slice(0, -STAMP_SUFFIX.length);
  return new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_restoring_\\d{8}_\\d{6}$`);
}

/** The marker written on a staging database: who loads it. */
export function stagingComment(target: string): string {
  return `aza-pg restore staging for ${JSON.stringify(target)}: ${ownerText()}`;
}

export function commentOnDatabaseSql(name: string, comment: string): string {
  return `COMMENT ON DATABASE ${quoteIdent(name)} IS ${quoteLiteral(comment)}`;
}

/**
 * Staging databases of earlier restores of `target` (we hold its lock, so none of them is being
 * loaded by a restore that still runs): dropped when their maker is gone and nobody is connected,
 * otherwise named with the statement that removes them.
 */
export async function cleanStagingLeftovers(target: string, dbs: Databases, client: PsqlLike, reporter: Reporter, maintenance: string) {
  const pattern = stagingPattern(target);
  const rows = await client.query(
    `SELECT d.datname, coalesce(shobj_description(d.oid, 'pg_database'), ''), (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid) FROM pg_database d WHERE d.datname ~ '_restoring_[0-9]{8}_[0-9]{6}$' ORDER BY 1`,
    maintenance,
  );
  for (const [name, comment, sessions] of rows) {
    if (!name || !pattern.test(name)) continue;
    const owner = parseOwnerText(comment ?? '');
    const drop = `DROP DATABASE ${quoteIdent(name)};`;
    // No maker: killed between CREATE DATABASE and its COMMENT, or made before the markers. We
    // hold the target's lock, so no restore of it runs; a session would show one that does.
    const state = owner ? ownerState(owner) : 'gone';
    const maker = owner ? describeOwner(owner) : 'no maker recorded';
    if (state === 'alive' || sessions !== '0') {
      reporter.warn(
        `Database "${name}", staging database of an earlier restore (${maker}), is still in use (${state === 'alive' ? 'its restore still runs' : `${sessions} session(s)`}); once it is not, drop it: ${drop}`,
      );
      continue;
    }
    try {
      await dbs.drop(name, false);
      reporter.info(
        `Dropped the staging database "${name}", left by an interrupted restore (${maker}${owner ? ', no longer running' : ''})`,
      );
    } catch (e) {
      reporter.warn(`Could not drop "${name}", left by an interrupted restore: ${toAzaError(e).message}; drop it: ${drop}`);
    }
  }
}

interface PsqlLike {
  query(sql: string, database?: string): Promise<string[][]>;
}
