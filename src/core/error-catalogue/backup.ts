/** Error codes: Backups and manifests, restore and verification. One part of the catalogue that ../error-catalogue.ts merges. */
import type { ErrorEntry } from './entry.js';

export const BACKUP_ERRORS = {
  // --- Backup
  DUMP_FAILED: {
    area: 'backup',
    meaning: 'pg_dump failed; no backup file was written.',
    hint: 'Check the pg_dump error (permissions on the tables, the connection, the disk); the partial output was removed.',
  },
  BACKUP_FAILED: {
    area: 'backup',
    meaning: 'A physical backup (pg_basebackup) taken before a promotion failed.',
    hint:
      'Check disk space and permissions where it writes (df -h, ls -la), or back up by hand before promoting; ' +
      'pass --no-backup (-n) only if you accept promoting without one.',
  },
  INTEGRITY_FAILED: {
    area: 'backup',
    meaning: 'A backup does not read back as written: it is truncated or corrupted.',
    hint: 'Do not trust this file. Take a new backup (or restore another one); check the storage (dmesg, df -h).',
  },
  MANIFEST_INVALID: {
    area: 'backup',
    meaning: "The backup's manifest cannot be read, or is not an aza-pg manifest.",
    hint: 'The manifest is written last; a missing or broken one means the backup did not complete. Take a new backup.',
  },
  MANIFEST_MISSING: {
    area: 'backup',
    meaning: 'A backup has no manifest beside it, and the operation requires one.',
    hint: 'aza-pg backup writes the manifest last, as the completion marker: restore or verify another backup, or drop the manifest requirement.',
  },
  MANIFEST_MISMATCH: {
    area: 'backup',
    meaning: 'The backup file does not match the size or checksum its manifest recorded.',
    hint: 'The file changed after the backup was taken (corruption, an incomplete copy). Use another backup.',
  },
  BACKUP_CHANGED: {
    area: 'restore',
    meaning:
      'The backup file changed between its check (size, sha256, manifest, signature) and its load: what was loaded is not what was checked.',
    hint: 'Something writes where the backup is stored while it is restored. The staging database was dropped and the target is unchanged; find the writer, then restore again.',
  },
  BACKUP_REFUSED: {
    area: 'restore',
    meaning:
      'The backup holds what pg_dump never writes (a psql meta-command, COPY … PROGRAM, COPY to or from a server file, a server-file function, …): restore and verify refuse it before it runs. See docs/security.md.',
    hint: 'Do not restore it unless you wrote the script yourself and trust every line: then pass --trust-backup (input trust-backup: true). Otherwise find out who could write where the backup was stored.',
  },
  BACKUP_UNSIGNED: {
    area: 'backup',
    meaning: "Verify keys are configured, and the backup's manifest carries no signature.",
    hint: 'Take backups with a signing key (input signing-key, --signing-key-file or AZA_PG_SIGNING_KEY), or restore without verify keys if you trust where the file comes from.',
  },
  SIGNATURE_UNKNOWN_KEY: {
    area: 'backup',
    meaning: 'The manifest is signed, but with a key that is not among the configured verify keys.',
    hint: 'Add the key to verify-key if it is yours (a key rotation); otherwise do not restore this backup.',
  },
  SIGNATURE_MISMATCH: {
    area: 'backup',
    meaning: 'The manifest does not match its signature: it was altered after signing, or the signature is forged.',
    hint: 'Do not restore it: take or fetch another backup, and find out who could write where this one was stored.',
  },

  // --- Restore
  BACKUP_NOT_FOUND: {
    area: 'restore',
    meaning: 'The backup file to restore or verify does not exist.',
    hint: 'Check the path (ls -la); backups are named backup_<db>_YYYY_MM_DD_HHmmss.sql.gz by default.',
  },
  BACKUP_UNREADABLE: {
    area: 'restore',
    meaning: 'The backup file exists but cannot be read by this user.',
    hint: 'Check its permissions (ls -la FILE) and run as a user who may read it.',
  },
  BACKUP_EMPTY: {
    area: 'restore',
    meaning: 'The backup file is empty (0 bytes).',
    hint: 'The database was empty (psql -l), pg_dump failed silently (check its stderr), or the disk was full during the backup (df -h): take a new backup.',
  },
  NOT_A_DUMP: {
    area: 'restore',
    meaning: 'The file is not a PostgreSQL dump the restore can read.',
    hint: 'Restore takes plain SQL (optionally gzip/zstd), custom (-Fc), directory (-Fd) and tar (-Ft) dumps; check that you picked the right file.',
  },
  UNSUPPORTED_DUMP: {
    area: 'restore',
    meaning: 'The dump is of a kind a one-database restore cannot take (a pg_dumpall cluster dump, several databases).',
    hint: 'Restore a cluster dump with psql -f as a superuser; to restore one database use a pg_dump backup of it.',
  },
  EXTENSION_MISSING: {
    area: 'restore',
    meaning: 'The dump needs an extension the target server does not have.',
    hint: 'Install it on the server (the postgresql-N-<name> or contrib package; SELECT * FROM pg_available_extensions lists what it has), then restore again.',
  },
  PRIVILEGES_WOULD_BE_LOST: {
    area: 'restore',
    meaning:
      'The target database has object owners or grants that the restore would not bring back (a plain backup made without privileges, an archive restored without keep-owners/keep-privileges); nothing was restored.',
    hint: 'Back up with --privileges (plain), or restore an archive with --keep-owners --keep-privileges; or pass --accept-privilege-loss to restore without them.',
  },
  ROLES_MISSING: {
    area: 'restore',
    meaning:
      'The dump names roles (owners, grants, policies, regrole data) the server lacks, and they could not be created; for verify: a backup whose manifest predates the recorded roles. Not a fault of the backup.',
    hint: 'Pass --create-roles (input create-roles: true) as a role with CREATEROLE, or create the roles yourself (the manifest lists them under "roles"); take a new backup to have them recorded.',
  },
  TARGET_IN_USE: {
    area: 'restore',
    meaning: 'The target database has other open sessions, and the restore needs it to itself.',
    hint: 'Stop the applications using it (pg_stat_activity lists them), or pass --terminate-connections (input terminate-connections: true).',
  },
  NAME_TAKEN: {
    area: 'restore',
    meaning: 'A database name the operation needs for its own staging or scratch database already exists.',
    hint: 'Another run uses it or left it behind: wait and retry, or drop the leftover database.',
  },
  RESTORE_FAILED: {
    area: 'restore',
    meaning: 'psql or pg_restore stopped at a statement of the dump.',
    hint:
      'Conflicting objects or extensions ("already exists"): restore into a fresh database (mode atomic or replace), or drop them first: ' +
      'psql -d mydb -c "DROP EXTENSION IF EXISTS postgis CASCADE;". Otherwise fix the cause named in the message and restore again.',
  },
  ROW_COUNT_MISMATCH: {
    area: 'restore',
    meaning: "The restored tables hold other row counts than the backup's manifest recorded.",
    hint: 'The backup does not hold what its manifest recorded, or the restore lost rows. Do not trust this backup; take a new one.',
  },
  BEYOND_HEAD: {
    area: 'internal',
    meaning:
      'Internal signal of a one-read restore: the dump holds a statement after its head that changes the plan; the restore re-plans from a full read. Never shown unless a bug lets it escape.',
    hint: 'If you see it, report it as a bug with the dump header (the first lines of the file).',
  },

  // --- Verify
  VERIFY_FAILED: {
    area: 'verify',
    meaning:
      'A verification failed: a backup did not restore cleanly, or a promoted server is still in recovery (spec: "Promotion verification failed").',
    hint:
      'For a backup: do not trust it; the cause follows the code. For a promotion: check the server log (docker logs <container> | tail -50) ' +
      'and whether standby.signal is still in the data directory.',
  },
  SMOKE_FAILED: {
    area: 'verify',
    meaning: 'A smoke query failed or returned no row, false or NULL on the restored backup.',
    hint: 'Each smoke query must return a row whose first value is not false or NULL; check the query against the restored data.',
  },
  AMCHECK_FAILED: {
    area: 'verify',
    meaning: 'amcheck found a damaged index in the restored backup.',
    hint: 'Do not trust this backup; investigate the source database (run amcheck there too).',
  },
  AMCHECK_UNCHECKED: {
    area: 'verify',
    meaning:
      'amcheck could not check some indexes of the restored backup (permissions, an index it does not take); none was found damaged.',
    hint: 'This says nothing against the backup: run verify as a role that may use amcheck (a superuser, or one granted EXECUTE on bt_index_check), or drop amcheck.',
  },
  CLUSTER_FAILED: {
    area: 'verify',
    meaning: 'A throw-away PostgreSQL server (for verify, the demo or the tests) could not be created or started.',
    hint: 'Check that the PostgreSQL server binaries (initdb, pg_ctl) are installed and that the temporary directory has space; the message holds the server log.',
  },
} as const satisfies Record<string, ErrorEntry>;
