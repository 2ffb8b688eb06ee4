/**
 * What a loader's failure means: its stderr read for the statement it stopped at and the cause,
 * turned into an error with the spec's troubleshooting entry as the hint.
 */
import { AzaError, type ErrorCode } from '../errors.js';
import { shellWord } from '../exec.js';
import { connectionError, quoteIdent, type Connection } from '../pg.js';
import type { RestorePlan } from './plan.js';

/** A psql command a person can paste (every word shell-quoted). */
function psqlCommand(conn: Connection, database: string | undefined, sql: string): string {
  return ['psql', '-h', conn.host, '-U', conn.user, ...(database ? ['-d', database] : []), '-c', sql].map(shellWord).join(' ');
}

/**
 * What the server and pg_restore say after the error line: the DETAIL (what depends on what, which
 * key) and the statement ("Command was: …"). Without them a failure into an existing database names
 * no object.
 */
function contextLines(lines: readonly string[], at: number): string[] {
  const out: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (/ERROR:|FATAL:|error:/.test(line)) break;
    if (/^(DETAIL|HINT):|^Command was:/.test(line)) out.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
    if (out.length === 3) break;
  }
  return out;
}

/** A conflict with what the target holds: drop the extension only when an extension is what conflicts. */
function conflictHint(stderr: string, detail: string, conn: Connection, database: string): string {
  const fresh = 'Restore into a fresh database (mode atomic or replace), or drop and recreate the target (dropdb / createdb)';
  const ext =
    /extension "([^"]+)" already exists/.exec(detail) ?? /Command was: CREATE EXTENSION (?:IF NOT EXISTS )?"?([^"\s;]+)"?/.exec(stderr);
  if (ext) {
    return `The extension "${ext[1]}" is in the target already. ${fresh}, or drop the extension with CASCADE (it drops what depends on it): ${psqlCommand(conn, database, `DROP EXTENSION IF EXISTS ${quoteIdent(ext[1]!)} CASCADE;`)}`;
  }
  const what = /ERROR:\s+(.+?) already exists/.exec(detail)?.[1];
  return `The target holds ${what ?? 'an object of the dump'} already: into an existing database, the dump's objects must not be there. ${fresh}, or drop the conflicting object first.`;
}

/** A loader's failure with the spec's troubleshooting entry as the hint. */
export function loadFailure(
  tool: 'psql' | 'pg_restore',
  stderr: string,
  conn: Connection,
  plan: Pick<RestorePlan, 'database' | 'loadInto'>,
): AzaError {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const at = lines.findIndex((l) => /ERROR:|FATAL:|error:/.test(l));
  const errorLine = lines[at] ?? lines[0] ?? `${tool} failed`;
  const detail = errorLine.replace(/^pg_restore: (error: )?/, '').replace(/^psql:<stdin>:(\d+): /, 'line $1: ');
  if (/connection to server|could not connect|password authentication failed|no password supplied/.test(stderr) && !/ERROR:/.test(stderr)) {
    return connectionError(stderr, { ...conn, database: plan.loadInto });
  }
  let hint: string | undefined;
  let code: ErrorCode = 'RESTORE_FAILED';
  const ext = /extension "([^"]+)" is not available|could not open extension control file ".*\/([^/"]+)\.control"/.exec(stderr);
  if (ext) {
    code = 'EXTENSION_MISSING';
    hint = `Install extension "${ext[1] ?? ext[2]}" on the server (its postgresql-N-<name> or contrib package), then restore again.`;
  } else if (/already exists/.test(detail)) {
    hint = conflictHint(stderr, detail, conn, plan.database);
  } else if (/permission denied|must be owner|must be superuser/.test(detail)) {
    code = 'PERMISSION_DENIED';
    hint = `Ensure the user has CREATE privileges: ${psqlCommand({ ...conn, user: 'postgres' }, undefined, `GRANT ALL ON DATABASE ${quoteIdent(plan.database)} TO ${quoteIdent(conn.user)};`)} (or restore as the database owner or a superuser).`;
  } else if (/invalid command \\(restrict|unrestrict)/.test(stderr)) {
    code = 'TOOL_TOO_OLD';
    hint = 'This psql does not know \\restrict (new in 13.22, 14.19, 15.14, 16.10, 17.6, 18): update the PostgreSQL client tools.';
  } else if (/unrecognized configuration parameter/.test(detail)) {
    hint = 'The dump comes from a newer PostgreSQL than the target server; restore into a server of the same major version or newer.';
  } else {
    hint = 'The dump stops at this statement; fix its cause (or the dump) and restore again.';
  }
  const context = at >= 0 ? contextLines(lines, at) : [];
  return new AzaError(code, `Restore failed: ${tool} stopped at ${detail}${context.length ? ` (${context.join('; ')})` : ''}`, hint);
}
