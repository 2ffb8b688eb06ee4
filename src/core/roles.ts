/**
 * The roles a database refers to: what a dump of it names (owners, grants, policies, default
 * privileges, user mappings, and role names held as data in regrole or aclitem columns). The
 * backup records them in its manifest; verify (and a restore asked to) creates the ones a server
 * lacks, without login and without a password, before loading.
 */
import { quoteIdent } from './pg.js';

/**
 * Every role with a shared dependency from this database (owner, ACL entry, policy, initial
 * privileges), the database's owner, and the bootstrap superuser (oid 10: objects it owns are
 * pinned and have no pg_shdepend row). The pg_* roles exist on every server.
 */
const CATALOGUE_ROLES_SQL = `SELECT r.rolname FROM pg_roles r WHERE r.rolname !~ '^pg_' AND r.oid IN (
  SELECT s.refobjid FROM pg_shdepend s WHERE s.refclassid = 'pg_authid'::regclass
     AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION SELECT datdba FROM pg_database WHERE datname = current_database()
  UNION SELECT 10)`;

/** Columns of user tables whose values name roles: regrole, aclitem and their arrays. */
const ROLE_COLUMNS_SQL = `SELECT n.nspname, c.relname, a.attname, t.typname
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
 WHERE c.relkind IN ('r', 'p', 'm') AND a.attnum > 0 AND NOT a.attisdropped
   AND t.typname IN ('regrole', '_regrole', 'aclitem', '_aclitem')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'`;

/** The role oids one such column holds. */
function columnRolesSql([schema, table, column, type]: string[]): string {
  const rel = `${quoteIdent(schema!)}.${quoteIdent(table!)}`;
  const col = quoteIdent(column!);
  switch (type) {
    case 'regrole':
      return `SELECT ${col}::oid FROM ${rel}`;
    case '_regrole':
      return `SELECT unnest(${col})::oid FROM ${rel}`;
    case 'aclitem':
      return `SELECT unnest(ARRAY[e.grantor, e.grantee]) FROM ${rel}, aclexplode(ARRAY[${col}]) e`;
    default:
      return `SELECT unnest(ARRAY[e.grantor, e.grantee]) FROM ${rel}, aclexplode(${col}) e`;
  }
}

/** The names of the roles the connected database refers to, sorted. */
export async function referencedRoles(query: (sql: string) => Promise<string[][]>): Promise<string[]> {
  const names = new Set((await query(CATALOGUE_ROLES_SQL)).map((r) => r[0]!));
  const columns = await query(ROLE_COLUMNS_SQL);
  if (columns.length) {
    const union = columns.map(columnRolesSql).join('\nUNION ');
    for (const [name] of await query(`SELECT r.rolname FROM pg_roles r WHERE r.rolname !~ '^pg_' AND r.oid IN (${union})`))
      names.add(name!);
  }
  return [...names].sort();
}

/** CREATE ROLE for a role a dump names: no login, no password (it exists so the dump loads). */
export function createRoleSql(name: string): string {
  return `CREATE ROLE ${quoteIdent(name)} NOLOGIN`;
}
