/** What every kind of target does alike over SQL: promote, wait for a server to answer, a tool's first error line. */
import { AzaError } from './errors.js';
import type { SqlClient } from './pg.js';
import { notYet, waitUntil } from './wait.js';

/** pg_promote(wait => true): false when the server did not finish promoting within `waitSeconds`. */
export function promoteOverSql(sql: SqlClient): (waitSeconds: number) => Promise<boolean> {
  return async (waitSeconds) => {
    const rows = await sql.query(`SELECT pg_promote(true, ${Math.floor(waitSeconds)})`);
    return rows[0]?.[0] === 't';
  };
}

/**
 * pg_promote without its own wait (which looks every 100 ms), then the end of recovery asked every
 * 10 ms: for a session, where a question costs a round trip and no new process.
 */
export function promoteInSession(sql: SqlClient): (waitSeconds: number) => Promise<boolean> {
  return async (waitSeconds) => {
    await sql.query('SELECT pg_promote(false)');
    const r = await waitUntil(
      async () => ((await sql.query('SELECT pg_is_in_recovery()'))[0]?.[0] === 'f' ? { done: true, value: true } : { done: false }),
      { timeoutMs: Math.floor(waitSeconds) * 1000, intervalMs: 10 },
    );
    return !r.timedOut;
  };
}

export async function waitForSql(sql: SqlClient, timeoutSeconds: number, what: string, logHint: string): Promise<void> {
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

export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.replace(/^(psql|pg_basebackup|pg_ctl): (error: )?/, '').trim();
}
