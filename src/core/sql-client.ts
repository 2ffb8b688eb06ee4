/**
 * The one SQL interface, whatever runs the SQL (a psql process per query, a psql session, psql
 * inside a container or as a data directory's owner): `query` returns the rows of the last
 * statement, `exec` runs statements for their effect. `database` defaults to the client's own.
 */
export interface SqlClient {
  query(sql: string, database?: string): Promise<string[][]>;
  exec(sql: string, database?: string): Promise<void>;
}

/** A SqlClient from its query function (exec is a query whose rows are dropped). */
export function sqlClient(query: SqlClient['query']): SqlClient {
  return { query, exec: async (sql, database) => void (await query(sql, database)) };
}
