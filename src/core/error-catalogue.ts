/**
 * Every error code the suite throws: what it means and what to do by default. `AzaError` takes
 * only these codes (tsc refuses any other), uses the hint here when the thrower gives none, and
 * docs/troubleshooting.md is generated from this table (`npm run docs`). The spec's troubleshooting
 * entries are the hints where they apply. A thrower's own hint is more precise (it names the
 * file, the host, the input); the one here is what stays true for every occurrence of the code.
 */

export type ErrorArea =
  | 'input'
  | 'connection'
  | 'tools'
  | 'files'
  | 'backup'
  | 'restore'
  | 'verify'
  | 'promote'
  | 'prune'
  | 'status'
  | 'certs'
  | 'artifact'
  | 'internal';

export interface ErrorEntry {
  area: ErrorArea;
  /** What happened, in general terms. */
  meaning: string;
  /** What to do; the default hint. */
  hint: string;
}

const PG_CLIENT_INSTALL =
  'Install the PostgreSQL client tools (macOS: brew install postgresql@18; Ubuntu/Debian: sudo apt-get install postgresql-client; ' +
  'Alpine: apk add postgresql-client), or point --pg-bin-dir (input pg-bin-dir) at the directory that holds them.';

export const ERROR_CATALOGUE = {
  // --- What the user said
  USAGE: {
    area: 'input',
    meaning: 'The command line does not fit the command: an unknown option, too many arguments, or a value given twice.',
    hint: 'Run aza-pg <command> --help for its arguments and options.',
  },
  INVALID_INPUT: {
    area: 'input',
    meaning: 'An input or option has a value the operation cannot use (wrong type, out of range, or inputs that contradict each other).',
    hint: 'Correct the named input; the message says what was expected. Nothing was changed.',
  },
  CONFIRMATION_REQUIRED: {
    area: 'input',
    meaning: 'The operation changes something that cannot be undone and nobody could be asked to confirm it (no terminal, or a workflow).',
    hint: 'Run it in a terminal and answer the question, or give the explicit consent input (--yes on the command line, confirm in a workflow).',
  },
  ABORTED: {
    area: 'input',
    meaning: 'The person asked declined, or the operation was interrupted before it changed anything.',
    hint: 'Nothing was changed. Run the command again when you are sure.',
  },

  // --- Reaching the server
  CONNECTION_FAILED: {
    area: 'connection',
    meaning: 'The PostgreSQL server could not be reached.',
    hint:
      'Check that PostgreSQL is running (docker ps | grep postgres), that the port is exposed (docker ps | grep 5432), that no firewall ' +
      'blocks it, and test with pg_isready -h HOST -p PORT -U USER. Set PGHOST/PGPORT (inputs host/port) to the right address.',
  },
  PASSWORD_REQUIRED: {
    area: 'connection',
    meaning: 'The server asks for a password and none was given (spec: "PGPASSWORD environment variable required").',
    hint: 'Set PGPASSWORD (input password, from a secret), or add a line to ~/.pgpass: hostname:5432:*:username:password and chmod 600 ~/.pgpass.',
  },
  AUTH_FAILED: {
    area: 'connection',
    meaning: 'The server refused the password for this user.',
    hint: 'Check the password (PGPASSWORD, input password, or ~/.pgpass) and the user name.',
  },
  TLS_FAILED: {
    area: 'connection',
    meaning: 'The TLS handshake with the server failed, e.g. "certificate verify failed" for a self-signed certificate.',
    hint:
      'For self-signed certificates trust the CA: sslmode=verify-ca with sslrootcert=/path/to/ca.crt (PGSSLROOTCERT), ' +
      'or use sslmode=require, which encrypts without checking identity.',
  },
  DATABASE_NOT_FOUND: {
    area: 'connection',
    meaning: 'The named database does not exist on the server (spec: "Database does not exist").',
    hint: 'Check the name (psql -l lists the databases) or create it first: createdb -h $PGHOST -U $PGUSER mydb.',
  },
  PERMISSION_DENIED: {
    area: 'connection',
    meaning: 'The database user lacks a privilege the operation needs.',
    hint: 'Ensure the user has the privileges, e.g. psql -h $PGHOST -U postgres -c "GRANT ALL ON DATABASE mydb TO your_user;", or run as the owner or a superuser.',
  },
  SQL_FAILED: {
    area: 'connection',
    meaning: 'A statement the operation sent to the server failed.',
    hint: "The server's message follows the code; check the server log for the whole statement and its context.",
  },

  // --- Tools and processes
  TOOL_NOT_FOUND: {
    area: 'tools',
    meaning:
      'A required command (pg_dump, psql, pg_restore, openssl, docker, …) is not installed or not on PATH (spec: "Required command not found").',
    hint: PG_CLIENT_INSTALL,
  },
  TOOL_TOO_OLD: {
    area: 'tools',
    meaning: 'Every copy of a PostgreSQL client tool found is older than the server (or lacks a feature the dump needs).',
    hint: `Install the client of the server's major version or newer. ${PG_CLIENT_INSTALL}`,
  },
  SPAWN_FAILED: {
    area: 'tools',
    meaning: 'A program exists but could not be started (permissions, a bad binary, resource limits).',
    hint: 'Check that the program is executable by this user (ls -la) and that the system has free processes and memory.',
  },
  COMMAND_FAILED: {
    area: 'tools',
    meaning: 'A program the operation ran exited with a failure status or was killed.',
    hint: 'Its own error output follows the code; fix that cause and run again.',
  },
  TIMEOUT: {
    area: 'tools',
    meaning: 'A program did not finish within the time the operation allows it.',
    hint: 'Check that the server or container answers (pg_isready, docker ps); run again when it does.',
  },

  // --- Files
  OUTPUT_DIR_MISSING: {
    area: 'files',
    meaning: 'The output directory does not exist, or is not a directory.',
    hint: 'Create it first: mkdir -p /path/to/backups.',
  },
  OUTPUT_DIR_NOT_WRITABLE: {
    area: 'files',
    meaning: 'The output directory cannot be written by this user (spec: "Output directory not writable").',
    hint: 'Check its permissions (ls -la DIR); create it if needed (mkdir -p DIR) and make it writable for this user (chmod 755 DIR).',
  },
  OUTPUT_NOT_DIRECTORY: {
    area: 'files',
    meaning: 'A path that must be a directory is a file.',
    hint: 'Choose a directory path whose parents are directories.',
  },
  OUTPUT_EXISTS: {
    area: 'files',
    meaning: 'The output file already exists; nothing is replaced without being asked to.',
    hint: 'Choose another name, move the existing file away, or pass --overwrite (input overwrite: true).',
  },
  DISK_FULL: {
    area: 'files',
    meaning: 'The device ran out of space while writing; the partial file was removed.',
    hint: 'Free space (df -h DIR) or write elsewhere.',
  },
  WRITE_FAILED: {
    area: 'files',
    meaning: 'A file could not be written; nothing was published.',
    hint: 'The system error follows the code; check the directory, its mount and permissions.',
  },

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

  // --- Promote
  NOT_IN_RECOVERY: {
    area: 'promote',
    meaning: 'The server to promote is already a primary (spec: "Container is not in recovery mode").',
    hint: 'Check its status: SELECT pg_is_in_recovery(); if it was already promoted, skip promotion.',
  },
  REPLAY_PAUSED: {
    area: 'promote',
    meaning: 'WAL replay is paused on the replica; promoting would leave received transactions unapplied.',
    hint: 'Resume replay first: SELECT pg_wal_replay_resume(); (someone paused it, perhaps on purpose: check before resuming).',
  },
  CATCHUP_TIMEOUT: {
    area: 'promote',
    meaning: 'Replay did not catch up with the WAL the replica had received within the wait allowed.',
    hint: "Look at the replica's log for replay errors or conflicts; raise catchup-timeout if it is only slow.",
  },
  LAG_TOO_HIGH: {
    area: 'promote',
    meaning: 'The replica is further behind the old primary than max-lag allows.',
    hint: 'Wait for it to catch up (pg_stat_replication on the old primary), stop writes there first, or raise max-lag.',
  },
  SPLIT_BRAIN: {
    area: 'promote',
    meaning: 'Two nodes accept writes (status), or would after this promotion because the old primary still runs (promote).',
    hint:
      'Stop the old primary first (docker stop <older-primary>) and check that only one primary exists. Two primaries that took writes diverge ' +
      'and cannot be merged: compare pg_current_wal_lsn() on both and keep the newer. Pass --force only when the old one is fenced.',
  },
  WRONG_DATA_DIR: {
    area: 'promote',
    meaning: 'The server runs on another data directory than the one given.',
    hint: 'Pass the data directory the server reports (SHOW data_directory) with -d PATH (input data-dir).',
  },
  DRILL_REFUSED: {
    area: 'promote',
    meaning:
      'The failover drill found the nodes not in the shape it rehearses (one primary, replicas streaming from it) and changed nothing.',
    hint: 'Check each node with aza-pg status; the drill needs the named primary to accept writes and every other node to stream from it.',
  },
  DRILL_LAGGING: {
    area: 'promote',
    meaning: 'The candidate did not replay the canary row within the bound; the drill stopped before fencing, nothing was changed.',
    hint: 'Find why the replica lags (aza-pg status, pg_stat_replication on the primary) or raise max-catchup, then run the drill again.',
  },
  DRILL_FENCE_FAILED: {
    area: 'promote',
    meaning: 'The old primary could not be stopped, so the drill did not promote (two writable primaries are never made).',
    hint: 'Check the container (docker inspect, docker logs) and stop it by hand before any promotion.',
  },
  DRILL_FAILED: {
    area: 'promote',
    meaning: 'A step of the failover drill after fencing failed; the message says which and in what state the nodes are.',
    hint: 'Read the drill timeline in the summary; check every node with aza-pg status before the next attempt.',
  },
  PROMOTE_FAILED: {
    area: 'promote',
    meaning: 'The promotion command failed.',
    hint: "Check the server's log (docker logs <container> | tail -50); a long checkpoint can delay promotion (grep checkpoint in the log).",
  },
  START_FAILED: {
    area: 'promote',
    meaning: 'PostgreSQL did not start (or accept connections) after promotion (spec: "PostgreSQL failed to start after promotion").',
    hint:
      'Check the log (docker logs <container>): configuration errors in postgresql.conf, a port conflict with the old primary, or too little memory. ' +
      'If the old primary still exists, stop the promoted one and investigate before retrying.',
  },
  RESTART_UNSUPPORTED: {
    area: 'promote',
    meaning: 'A restart was asked of a server reached only over a connection.',
    hint: 'Restart the server on its host, or use the container or data-dir target.',
  },
  DATA_DIR_NOT_FOUND: {
    area: 'promote',
    meaning: 'The data directory given does not exist.',
    hint: 'Pass the replica\'s data directory with -d PATH (input data-dir); psql -c "SHOW data_directory" shows it.',
  },
  NOT_A_DATA_DIR: {
    area: 'promote',
    meaning: 'The directory given is not a PostgreSQL data directory (no PG_VERSION file).',
    hint: 'Pass the replica\'s data directory with -d PATH (input data-dir); psql -c "SHOW data_directory" shows it.',
  },
  NOT_DATA_DIR_OWNER: {
    area: 'promote',
    meaning: 'The data directory belongs to another user than the one running the operation.',
    hint: "Run as the data directory's owner (sudo -u postgres …) or as root, which switches to the owner.",
  },
  SERVER_NOT_RUNNING: {
    area: 'promote',
    meaning: 'No PostgreSQL server runs on the data directory given.',
    hint: 'Promotion needs the replica running: start it with pg_ctl -D DIR start (as its owner), then run again.',
  },
  CONTAINER_NOT_FOUND: {
    area: 'promote',
    meaning: 'No Docker container has the name given.',
    hint: 'List containers with docker ps -a; name the replica with -c NAME (input container) or set POSTGRES_CONTAINER_NAME.',
  },
  CONTAINER_NOT_RUNNING: {
    area: 'promote',
    meaning: 'The container exists but is not running (or stopped while it was used).',
    hint: 'Start it (docker start NAME) and check why it stopped: docker logs NAME | tail -50.',
  },
  DOCKER_NOT_FOUND: {
    area: 'promote',
    meaning: 'The docker command is not installed.',
    hint: 'Install Docker, or promote a local data directory (--target data-dir) or a server over a connection (--target connection).',
  },
  DOCKER_UNAVAILABLE: {
    area: 'promote',
    meaning: 'Docker is installed but its daemon does not answer.',
    hint: 'Start the daemon (sudo systemctl start docker), check DOCKER_HOST, and that this user may use it (docker info).',
  },
  DOCKER_FAILED: {
    area: 'promote',
    meaning: 'A docker command failed.',
    hint: "Docker's message follows the code; docker info and docker ps -a show the daemon's and the container's state.",
  },

  // --- Backup directories and retention
  BACKUP_DIR_NOT_FOUND: {
    area: 'prune',
    meaning: 'The backup directory to read does not exist, or is not a directory.',
    hint: 'Give the directory the backups are written to (the output-dir of aza-pg backup).',
  },
  BACKUP_DIR_UNREADABLE: {
    area: 'prune',
    meaning: 'The backup directory cannot be listed by this user.',
    hint: 'Check its permissions (ls -ld DIR) and run as a user who may read it.',
  },
  MIN_KEEP_UNMET: {
    area: 'prune',
    meaning: 'Fewer complete backups exist than min-keep asks to keep; nothing was deleted.',
    hint: 'Take backups first, or lower min-keep to the number of complete backups there are.',
  },
  PRUNE_FAILED: {
    area: 'prune',
    meaning: 'Some deletions of a prune failed; the others were done.',
    hint: 'Check the permissions of the directory and its files; a backup left half-deleted is listed as incomplete and removed by a later run with delete-incomplete.',
  },

  // --- Health checks (aza-pg status): each a threshold crossed or a fault found; the report says which node
  NODE_DOWN: {
    area: 'status',
    meaning: 'A node given to status could not be reached or stopped answering; it is shown as down.',
    hint: 'Check that the server runs (pg_isready, docker ps) and its log; the message says how it was reached and what failed.',
  },
  REPLICA_DISCONNECTED: {
    area: 'status',
    meaning: 'A replica runs but its WAL receiver does not stream from a primary.',
    hint: "Check that the primary is up and reachable from the replica (primary_conninfo, pg_hba.conf replication lines) and the replica's log.",
  },
  REPLICAS_MISSING: {
    area: 'status',
    meaning: 'A primary streams to fewer replicas than min-replicas (or than the other nodes given).',
    hint: 'Find the replica that is stopped or not streaming in the status table; its server log says why.',
  },
  REPLICATION_LAG: {
    area: 'status',
    meaning: 'A replica replays further behind than max-lag-seconds, or is more WAL behind than max-lag-bytes.',
    hint: "Resume a paused replay (SELECT pg_wal_replay_resume()); otherwise check the replica's load, disk and long queries holding replay back.",
  },
  SLOT_WAL_LOST: {
    area: 'status',
    meaning: 'A replication slot has lost WAL its consumer still needed (wal_status lost).',
    hint: 'The consumer cannot catch up from this slot: rebuild it (a new base backup for a replica), then drop the slot.',
  },
  ARCHIVING_OFF: {
    area: 'status',
    meaning: 'A primary has archive_mode off while require-archiving asks for WAL archiving.',
    hint: 'Set archive_mode = on and an archive_command (or archive_library), then restart the server.',
  },
  ARCHIVING_FAILING: {
    area: 'status',
    meaning: 'The archiver failed more recently than it succeeded: WAL does not reach the archive.',
    hint: "The server log has the archive command's error; fix the command or its destination. Until then WAL piles up in pg_wal.",
  },
  ARCHIVING_BACKLOG: {
    area: 'status',
    meaning: 'More WAL files wait for the archiver (.ready) than max-ready-wal.',
    hint: 'See pg_stat_archiver and the server log: the archiver fails or is too slow for the write load.',
  },
  CERT_EXPIRING: {
    area: 'status',
    meaning: 'A certificate expires in fewer days than cert-min-days.',
    hint: 'Renew it before it expires: aza-pg ssl-certs <dir> writes a new set; reload PostgreSQL afterwards (SELECT pg_reload_conf()).',
  },
  BACKUP_MISSING: {
    area: 'status',
    meaning: 'The backup directory holds no complete backup (a data file with its matching manifest).',
    hint: 'Take one with aza-pg backup; only a backup whose manifest was written counts.',
  },
  BACKUP_STALE: {
    area: 'status',
    meaning: 'The newest complete backup started longer ago than max-backup-age.',
    hint: 'Check the scheduled backup job: its recent runs failed or did not run.',
  },
  BACKUP_SHRUNK: {
    area: 'status',
    meaning: 'The newest backup is much smaller than the ones before it (under min-backup-ratio of their median).',
    hint: 'Restore it on a scratch server (aza-pg verify) before trusting it: a wrong database or missing grants make small backups that succeed.',
  },

  // --- Certificates
  INVALID_DAYS: {
    area: 'certs',
    meaning: 'The certificate validity is not a positive whole number of days (spec: "Invalid days-valid value").',
    hint: 'Give a positive integer, e.g. aza-pg ssl-certs certs 3650 (not certs abc).',
  },
  INVALID_HOSTNAME: {
    area: 'certs',
    meaning: 'A host name for the certificate is not a valid DNS name, or is too long for the CN.',
    hint: 'Use a DNS name such as db.example.com (letters, digits, hyphens and dots; "*." allowed in front); put IP addresses in ip-addresses.',
  },
  INVALID_IP: {
    area: 'certs',
    meaning: 'An IP address for the certificate is not a valid IPv4 or IPv6 address.',
    hint: 'Use IPv4 (127.0.0.1) or IPv6 (::1) addresses, comma separated.',
  },
  INVALID_CLIENT_USER: {
    area: 'certs',
    meaning: 'A client certificate was asked for a name that cannot be a database role.',
    hint: 'Use a role name of letters, digits and . _ @ - (at most 63 characters, not starting with . or -).',
  },
  CERTS_EXIST: {
    area: 'certs',
    meaning: 'Certificates already exist in the directory and overwriting them was not confirmed.',
    hint: 'Move them away first (mv certs certs.old), or run in a terminal and answer y.',
  },
  CERT_NOT_FOUND: {
    area: 'certs',
    meaning: 'No certificate to check was found at the path given.',
    hint: 'Give the directory the certificates were written to or a certificate file such as server.crt; generate them first with aza-pg ssl-certs <dir>.',
  },
  INVALID_CERT: {
    area: 'certs',
    meaning: 'A file is not a PEM certificate.',
    hint: 'Inspect it with: openssl x509 -in server.crt -text -noout.',
  },
  CERT_EXPIRED: {
    area: 'certs',
    meaning: 'A certificate has expired; clients that verify it will refuse the server.',
    hint: 'Renew: back up the old certificates, generate new ones (aza-pg ssl-certs <dir>), and restart or reload PostgreSQL.',
  },
  KEY_UNREADABLE: {
    area: 'certs',
    meaning: 'A private key cannot be read (encrypted, damaged, or permissions).',
    hint: 'PostgreSQL needs an unencrypted PEM key readable by its owner only: chmod 600 server.key; inspect it with openssl pkey -in server.key -noout.',
  },
  KEY_MISMATCH: {
    area: 'certs',
    meaning: 'A private key does not belong to the certificate beside it; PostgreSQL refuses such a pair.',
    hint: 'Put back the key this certificate was made for, or generate a new key and certificate together (aza-pg ssl-certs <dir>).',
  },
  CHAIN_MISMATCH: {
    area: 'certs',
    meaning: 'A certificate was not issued by the ca.crt in the same directory; clients trusting that CA will reject it.',
    hint: 'Generate the set again together, or put back the ca.crt that signed it.',
  },

  // --- GitHub artifacts
  ARTIFACT_UNAVAILABLE: {
    area: 'artifact',
    meaning:
      "GitHub's artifact service cannot be used here (outside a job, on GitHub Enterprise Server, or without a valid runtime token).",
    hint: 'Upload and download run only inside a GitHub Actions job on github.com; do not set ACTIONS_RUNTIME_TOKEN yourself.',
  },
  ARTIFACT_UPLOAD_FAILED: {
    area: 'artifact',
    meaning: 'Uploading the backup as a workflow artifact failed.',
    hint: 'Artifact storage errors are often temporary: re-run the job. If it keeps failing, check https://www.githubstatus.com and the storage quota.',
  },
  ARTIFACT_DOWNLOAD_FAILED: {
    area: 'artifact',
    meaning: 'Downloading a workflow artifact failed.',
    hint: 'Artifact storage errors are often temporary: re-run the job. If it keeps failing, check https://www.githubstatus.com.',
  },
  ARTIFACT_NOT_FOUND: {
    area: 'artifact',
    meaning: 'No artifact of that name exists in this workflow run.',
    hint: "Check the name matches the backup step's artifact-name, that the backup ran in this run, and that the artifact has not expired.",
  },
  ARTIFACT_API_FAILED: {
    area: 'artifact',
    meaning: "GitHub's REST API refused or failed a request about workflow artifacts.",
    hint: 'Check that the job token may read and delete artifacts (permissions: actions: write) and re-run; the status code follows the message.',
  },
  ARTIFACT_CORRUPT: {
    area: 'artifact',
    meaning: 'The downloaded artifact does not match the digest recorded at upload.',
    hint: 'Retry; if it persists, do not trust this backup.',
  },

  INTERNAL: {
    area: 'internal',
    meaning: 'Something happened that the code does not expect: a bug in aza-pg, or an error from a library it did not map.',
    hint: 'Report it with the message and the command or workflow step that produced it.',
  },
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}

/** The order and titles of docs/troubleshooting.md's sections. */
export const ERROR_AREAS: ReadonlyArray<readonly [ErrorArea, string]> = [
  ['input', 'Inputs and confirmation'],
  ['connection', 'Connecting to PostgreSQL'],
  ['tools', 'Tools and processes'],
  ['files', 'Files and directories'],
  ['backup', 'Backups and manifests'],
  ['restore', 'Restore'],
  ['verify', 'Verification'],
  ['promote', 'Promotion'],
  ['prune', 'Backup directories and retention'],
  ['status', 'Health checks (aza-pg status)'],
  ['certs', 'Certificates'],
  ['artifact', 'GitHub artifacts'],
  ['internal', 'Internal'],
];
