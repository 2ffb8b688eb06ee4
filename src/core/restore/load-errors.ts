/**
 * What a loader's failure means: its stderr read for the statement it stopped at and the cause,
 * turned into an error with the spec's troubleshooting entry as the hint.
 */
import { AzaError, type ErrorCode } from '../errors.js';
import { connectionError, quoteIdent, type Connection } from '../pg.js';
import type { RestorePlan } from './plan.js';

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
  const errorLine = lines.find((l) => /ERROR:|FATAL:|error:/.test(l)) ?? lines[0] ?? `${tool} failed`;
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
    hint =
      `Conflicting objects or extensions in the target. Restore into a fresh database (mode atomic or replace), or drop the conflicting extensions with CASCADE: ` +
      `psql -h ${conn.host} -U ${conn.user} -d ${plan.database} -c "DROP EXTENSION IF EXISTS postgis CASCADE;" (Option 1: drop and recreate the database: dropdb / createdb).`;
  } else if (/permission denied|must be owner|must be superuser/.test(detail)) {
    code = 'PERMISSION_DENIED';
    hint = `Ensure the user has CREATE privileges: psql -h ${conn.host} -U postgres -c "GRANT ALL ON DATABASE ${quoteIdent(plan.database)} TO ${conn.user};" (or restore as the database owner or a superuser).`;
  } else if (/invalid command \\(restrict|unrestrict)/.test(stderr)) {
    code = 'TOOL_TOO_OLD';
    hint = 'This psql does not know \\restrict (new in 13.22, 14.19, 15.14, 16.10, 17.6, 18): update the PostgreSQL client tools.';
  } else if (/unrecognized configuration parameter/.test(detail)) {
    hint = 'The dump comes from a newer PostgreSQL than the target server; restore into a server of the same major version or newer.';
  } else {
    hint = 'The dump stops at this statement; fix its cause (or the dump) and restore again.';
  }
  return new AzaError(code, `Restore failed: ${tool} stopped at ${detail}`, hint);
}
