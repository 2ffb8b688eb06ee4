/**
 * What killed restores of a target left: the staging databases of earlier runs, marked with their
 * maker by a COMMENT ON DATABASE. One restore of a target at a time is a session-level advisory
 * lock on its server (server-lock.ts), taken by gather and held by a session of our own until the
 * run ends (it goes when we go, even by SIGKILL, since psql dies with us).
 */
import { toAzaError } from '../errors.js';
import { quoteIdent, quoteLiteral } from '../pg.js';
import { describeOwner, ownerState, ownerText, parseOwnerText } from '../owner.js';
import type { Reporter } from '../report.js';
import type { Databases } from '../databases.js';
import { derivedName } from './plan.js';

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
