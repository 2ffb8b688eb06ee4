/** What planning needs to know about a server, asked once when it is first contacted. */
import { AzaError } from './errors.js';
import type { SqlClient } from './sql-client.js';

/** Facts about a server that planning needs. */
export interface ServerFacts {
  versionNum: number;
  major: number;
  version: string;
  systemIdentifier?: string;
  inRecovery: boolean;
  databaseSizeBytes?: number;
}

export const SERVER_FACTS_SQL = `SELECT current_setting('server_version_num'), current_setting('server_version'),
  (SELECT system_identifier::text FROM pg_control_system()), pg_is_in_recovery()::text, pg_database_size(current_database())::text`;

/** server_version_num -> major: 160004 -> 16, 90624 -> 9.6 (before 10 the major had two parts). */
export function majorOfVersionNum(versionNum: number): number {
  return versionNum >= 100000 ? Math.floor(versionNum / 10000) : Math.floor(versionNum / 100) / 100;
}

export function parseServerFacts(row: string[]): ServerFacts {
  const versionNum = Number(row[0]);
  return {
    versionNum,
    major: majorOfVersionNum(versionNum),
    version: (row[1] ?? '').split(' ')[0]!,
    systemIdentifier: row[2] || undefined,
    inRecovery: row[3] === 'true',
    databaseSizeBytes: row[4] ? Number(row[4]) : undefined,
  };
}

/** Connects and reads the server's facts; the first contact, so its errors are the helpful ones. */
export async function probeServer(client: SqlClient, database?: string): Promise<ServerFacts> {
  let rows: string[][];
  try {
    rows = await client.query(SERVER_FACTS_SQL, database);
  } catch (e) {
    // pg_control_system() is superuser/pg_monitor only on some setups: retry without it.
    if (e instanceof AzaError && e.code === 'SQL_FAILED' && /permission denied/.test(e.message)) {
      rows = await client.query(SERVER_FACTS_SQL.replace('(SELECT system_identifier::text FROM pg_control_system())', "''"), database);
    } else throw e;
  }
  if (!rows[0]) throw new AzaError('SQL_FAILED', 'The server returned no version information');
  return parseServerFacts(rows[0]);
}
