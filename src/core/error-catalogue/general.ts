/** Error codes: what the user said, reaching the server, the tools and processes run, files written; and the code for a bug. One part of the catalogue that ../error-catalogue.ts merges. */
import type { ErrorEntry } from './entry.js';

const PG_CLIENT_INSTALL =
  'Install the PostgreSQL client tools (macOS: brew install postgresql@18; Ubuntu/Debian: sudo apt-get install postgresql-client; ' +
  'Alpine: apk add postgresql-client), or point --pg-bin-dir (input pg-bin-dir) at the directory that holds them.';

export const GENERAL_ERRORS = {
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
    hint:
      "Use a client of the server's major or newer: the aza-pg/setup-pg-client action (aza-pg setup-client) finds or installs it, " +
      `or take it from a container (client-image: postgres:<major>), or install it. ${PG_CLIENT_INSTALL}`,
  },
  CLIENT_UNAVAILABLE: {
    area: 'tools',
    meaning:
      'setup-client found no PostgreSQL client of the wanted major on this machine or in the tool cache, and was given no package to install it from.',
    hint:
      'Give the Debian package postgresql-client-<major> (input package: a file or an https URL; apt-get download postgresql-client-<major> fetches it), ' +
      'or take the client from a container (client-image: postgres:<major>).',
  },
  CLIENT_PACKAGE_INVALID: {
    area: 'tools',
    meaning:
      'The package given to setup-client is not a usable postgresql-client-<major> package: missing, not a .deb, another major, a wrong checksum, or built for another system.',
    hint: "Give postgresql-client-<major> for this machine's Debian or Ubuntu release and architecture; nothing was installed.",
  },
  DOWNLOAD_FAILED: {
    area: 'tools',
    meaning: 'A package could not be downloaded (the address is unreachable or answered with an error).',
    hint: 'Check the URL (curl -fI <url>) and that this machine may reach it; or download it yourself and give the file.',
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
  IN_PROGRESS: {
    area: 'files',
    meaning:
      'The same operation on the same destination or target is already running (a backup to the same file, a restore of the same database, a promotion of the same replica, certificates into the same directory); the message names the run that holds it.',
    hint: 'Wait for that run to finish. A lock left by a run that was killed on this host is taken over by itself; the message says what to remove when the holder is on another host, and which server session to end when a restore or promotion seems stuck.',
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
} as const satisfies Record<string, ErrorEntry>;

export const INTERNAL_ERRORS = {
  INTERNAL: {
    area: 'internal',
    meaning: 'Something happened that the code does not expect: a bug in aza-pg, or an error from a library it did not map.',
    hint: 'Report it with the message and the command or workflow step that produced it.',
  },
} as const satisfies Record<string, ErrorEntry>;
