/**
 * What a restore over an existing database would lose: the owners of its objects (other than the
 * restoring role, which owns what a restore without owners creates) and the grants on them. Read
 * from the target before the restore, compared with what the backup carries.
 */
import { AzaError } from '../errors.js';
import type { BackupInspection } from './inspect.js';

export interface TargetPrivileges {
  /** "table public.orders owned by app_owner" */
  owners: string[];
  /** "SELECT on table public.orders to app_reader" */
  grants: string[];
}

const NOT_SYSTEM = (ns: string) => `${ns}.nspname NOT IN ('pg_catalog', 'information_schema') AND ${ns}.nspname !~ '^pg_(toast|temp)'`;
const NOT_EXTENSION = (cls: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${cls}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/** Run in the target database: one row per owner or grant a restore without them would lose. */
export const TARGET_PRIVILEGES_SQL = `WITH objs AS (
  SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
         format('%I.%I', n.nspname, c.relname) AS name, c.relowner AS owner, c.relacl AS acl
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${NOT_SYSTEM('n')} AND ${NOT_EXTENSION('pg_class', 'c.oid')}
  UNION ALL
  SELECT 'schema', quote_ident(n.nspname), n.nspowner, n.nspacl FROM pg_namespace n
   WHERE ${NOT_SYSTEM('n')} AND ${NOT_EXTENSION('pg_namespace', 'n.oid')}
     -- public as every new database has it
     AND NOT (n.nspname = 'public' AND n.nspowner IN (10, coalesce((SELECT oid FROM pg_roles WHERE rolname = 'pg_database_owner'), 10)))
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.oid::regprocedure::text, p.proowner, p.proacl
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${NOT_SYSTEM('n')} AND ${NOT_EXTENSION('pg_proc', 'p.oid')}
  UNION ALL
  SELECT 'type', format_type(t.oid, NULL), t.typowner, t.typacl
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE t.typtype IN ('d', 'e', 'r', 'm') AND ${NOT_SYSTEM('n')} AND ${NOT_EXTENSION('pg_type', 't.oid')}
)
SELECT 'owner', kind || ' ' || name || ' owned by ' || quote_ident(pg_get_userbyid(owner)) FROM objs
 WHERE owner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
UNION ALL
SELECT 'grant', e.privilege_type || ' on ' || kind || ' ' || name || ' to ' || CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(e.grantee)) END
  FROM objs, aclexplode(objs.acl) e WHERE e.grantee <> objs.owner
UNION ALL
SELECT 'grant', e.privilege_type || ' on column ' || format('%I.%I.%I', n.nspname, c.relname, a.attname) || ' to ' || CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(e.grantee)) END
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(a.attacl) e
 WHERE a.attacl IS NOT NULL AND ${NOT_SYSTEM('n')} AND e.grantee <> c.relowner
UNION ALL
SELECT 'grant', 'default privileges of ' || quote_ident(pg_get_userbyid(d.defaclrole)) || coalesce(' in schema ' || quote_ident(n.nspname), '') || ' (' || d.defaclacl::text || ')'
  FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
ORDER BY 1, 2`;

export function parseTargetPrivileges(rows: string[][]): TargetPrivileges {
  return {
    owners: rows.filter((r) => r[0] === 'owner').map((r) => r[1]!),
    grants: rows.filter((r) => r[0] === 'grant').map((r) => r[1]!),
  };
}

/** What the restore brings back of owners and grants. */
export function restoreKeeps(
  backup: BackupInspection,
  opts: { keepOwners: boolean; keepPrivileges: boolean },
): { owners: boolean; grants: boolean } {
  if (backup.format !== 'plain') return { owners: opts.keepOwners, grants: opts.keepPrivileges };
  const carries = backup.manifest?.privileges === true;
  return { owners: carries, grants: carries };
}

function some(list: string[], n = 5): string {
  return `${list.slice(0, n).join('; ')}${list.length > n ? `; and ${list.length - n} more` : ''}`;
}

/** The refusal of a restore that would drop owners or grants the target has, or undefined. */
export function privilegeLoss(
  database: string,
  target: TargetPrivileges,
  backup: BackupInspection,
  opts: { keepOwners: boolean; keepPrivileges: boolean },
): AzaError | undefined {
  const keeps = restoreKeeps(backup, opts);
  const owners = keeps.owners ? [] : target.owners;
  const grants = keeps.grants ? [] : target.grants;
  if (!owners.length && !grants.length) return undefined;
  const lost = [
    ...(owners.length ? [`${owners.length} owner${owners.length > 1 ? 's' : ''} (${some(owners)})`] : []),
    ...(grants.length ? [`${grants.length} grant${grants.length > 1 ? 's' : ''} (${some(grants)})`] : []),
  ].join(' and ');
  const why =
    backup.format === 'plain'
      ? backup.manifest?.privileges === undefined
        ? 'the backup does not record that it carries owners and grants'
        : 'the backup was made without owners and grants (--no-owner --no-acl)'
      : `the restore leaves out ${[!keeps.owners ? 'owners (--keep-owners)' : '', !keeps.grants ? 'grants (--keep-privileges)' : ''].filter(Boolean).join(' and ')}`;
  return new AzaError(
    'PRIVILEGES_WOULD_BE_LOST',
    `Restoring over "${database}" would lose ${lost}: ${why}; nothing was restored`,
    backup.format === 'plain'
      ? `Take the backup with --privileges (input privileges: true) so that it carries them, or pass --accept-privilege-loss (input accept-privilege-loss: true) to restore without them (objects then belong to the restoring role and have no grants).`
      : `Pass --keep-owners --keep-privileges (inputs keep-owners, keep-privileges) to restore them, or --accept-privilege-loss (input accept-privilege-loss: true) to restore without them.`,
  );
}
