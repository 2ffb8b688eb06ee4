/**
 * One run at a time per object on a PostgreSQL server: a session-level advisory lock, held by a
 * psql session of our own for the whole run. It goes when we go, even by SIGKILL (psql dies with
 * us, see exec.ts, and the server ends the lock with the session). The session's
 * application_name carries our pid and host, so a second run names the holder.
 */
import { AzaError } from './errors.js';
import { currentOwner } from './owner.js';
import { quoteLiteral, type PsqlSession } from './pg.js';

/** First key of our advisory locks: the operation; the second is hashtext(the object's name). */
export const ADVISORY_LOCK_CLASS = { restore: 1634756401, promote: 1634756402 } as const;

export type LockedOperation = keyof typeof ADVISORY_LOCK_CLASS;

export interface ServerLock {
  release(): Promise<void>;
}

type LockSession = Pick<PsqlSession, 'query' | 'exec' | 'close' | 'kill'>;

/**
 * Takes the advisory lock for `operation` on `object` through `session` (which then belongs to
 * the lock), or throws IN_PROGRESS naming the session that holds it. `what` names the object in
 * the message: `"shop" on server …`, `container postgres-replica`.
 */
export async function holdServerLock(session: LockSession, operation: LockedOperation, object: string, what: string): Promise<ServerLock> {
  const classId = ADVISORY_LOCK_CLASS[operation];
  const objectKey = `hashtext(${quoteLiteral(object)})`;
  try {
    const me = currentOwner();
    // application_name is at most 63 bytes: enough for "aza-pg restore pid=… host=…".
    await session.exec(`SET application_name = ${quoteLiteral(`aza-pg ${operation} pid=${me.pid} host=${me.host}`.slice(0, 63))}`);
    const got = (await session.query(`SELECT pg_try_advisory_lock(${classId}, ${objectKey})`))[0]?.[0] === 't';
    if (!got) {
      const holder = (
        await session.query(
          `SELECT a.application_name, coalesce(host(a.client_addr), 'local'), a.backend_start, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid ` +
            `WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${classId} AND l.objid::bigint = (${objectKey}::bigint & 4294967295) LIMIT 1`,
        )
      )[0];
      const who = holder
        ? `${holder[0] || 'a session'} from ${holder[1]}, backend pid ${holder[3]}, since ${holder[2]}`
        : 'a session that has just ended';
      throw new AzaError(
        'IN_PROGRESS',
        `Another ${operation} of ${what} is running (${who}); nothing was changed`,
        `Wait for it to finish. If it is stuck, end its session: SELECT pg_terminate_backend(${holder?.[3] ?? '<pid>'});`,
      );
    }
  } catch (e) {
    session.kill();
    throw e;
  }
  return { release: () => session.close().catch(() => {}) };
}
