export const id = 551;
export const ids = [551];
export const modules = {

/***/ 5838:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zo: () => (/* binding */ clientContainerBinDir),
/* harmony export */   id: () => (/* binding */ isClientContainerPath),
/* harmony export */   jF: () => (/* binding */ containerCommand)
/* harmony export */ });
/* unused harmony exports parseContainerTool, hostMounts */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9892);
/**
 * PostgreSQL client tools taken from a container: pg_dump must be at least the server's major,
 * and the runner may have no such client (PostgreSQL 17 binaries built for glibc 2.38 do not run
 * on a bookworm host). A client image (`docker run --rm -i --network host <image>`) or a running
 * container (`docker exec -i <name>`) then supplies pg_dump, pg_restore and psql, streaming
 * through stdin/stdout to the host.
 *
 * Such a client is named by a bin directory of its own, `docker-image:<image>` or
 * `docker-container:<name>`, so everything that takes a bin directory (discovery, plans, the
 * sibling pg_restore of a pg_dump) works unchanged; exec.ts turns a tool of such a directory into
 * the docker command when it starts it. Nothing secret goes into that command: the libpq
 * variables pass as `-e NAME` without a value, which docker copies from its own environment.
 */



const PREFIX = { image: 'docker-image:', container: 'docker-container:' };
/** The bin directory that stands for the client tools of an image or a running container. */
function clientContainerBinDir(kind, ref) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/.test(ref) || ref.includes('..') || ref.endsWith('/')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('INVALID_INPUT', `Not a Docker ${kind} name: ${JSON.stringify(ref)}`, kind === 'image' ? 'Name an image such as postgres:17.' : 'Name a running container (docker ps).');
    }
    return `${PREFIX[kind]}${ref}`;
}
/** Whether a bin directory (or tool path) is a client container's. */
function isClientContainerPath(path) {
    return path.startsWith(PREFIX.image) || path.startsWith(PREFIX.container);
}
/** `docker-image:postgres:17/pg_dump` -> { kind: image, ref: postgres:17, tool: pg_dump } */
function parseContainerTool(path) {
    const kind = Object.keys(PREFIX).find((k) => path.startsWith(PREFIX[k]));
    if (!kind)
        return undefined;
    const rest = path.slice(PREFIX[kind].length);
    const slash = rest.lastIndexOf('/');
    if (slash <= 0)
        return undefined;
    return { kind, ref: rest.slice(0, slash), tool: rest.slice(slash + 1) };
}
/** Variables the tools read, passed by name only (their values stay in docker's environment). */
function passedVariables(env) {
    return Object.keys(env)
        .filter((k) => /^PG[A-Z]+$/.test(k) || k === 'LC_ALL' || k === 'LANG' || k === 'TZ')
        .filter((k) => env[k] !== undefined)
        .sort();
}
/** The environment values that name files the tools open. */
const FILE_VARIABLES = ['PGSSLROOTCERT', 'PGSSLCERT', 'PGSSLKEY', 'PGSSLCRL', 'PGPASSFILE'];
/**
 * Host directories a `docker run` client needs at the same path: the directories of absolute
 * paths in its arguments (an output file, an archive) and of the files libpq reads, and a socket
 * directory given as the host. Never `/` itself.
 */
function hostMounts(args, env) {
    const mounts = new Map();
    const add = (path, readOnly) => {
        if (!(0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(path))
            return;
        const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isDirectory() ? path : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path);
        if (dir === '/' || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(dir))
            return;
        mounts.set(dir, (mounts.get(dir) ?? true) && readOnly);
    };
    for (const arg of args) {
        const value = arg.startsWith('-') ? arg.slice(arg.indexOf('=') + 1) : arg;
        if (arg.startsWith('-') && !arg.includes('='))
            continue;
        add(value, false);
    }
    for (const name of FILE_VARIABLES)
        if (env[name])
            add(env[name], true);
    if (env.PGHOST?.startsWith('/'))
        add(env.PGHOST, false);
    return [...mounts].map(([dir, readOnly]) => ({ dir, readOnly }));
}
/**
 * The docker command that runs a client container's tool: `sh -c` inside sets the umask the
 * caller asked for (0600 backups from creation), then execs the tool with the arguments as they are.
 */
function containerCommand(path, args, env, umask) {
    const t = parseContainerTool(path);
    if (!t)
        return undefined;
    const envArgs = passedVariables(env).flatMap((k) => ['-e', k]);
    const mask = (umask ?? 0o022).toString(8).padStart(4, '0');
    const inner = ['sh', '-c', `umask ${mask} && exec "$0" "$@"`, t.tool, ...args];
    if (t.kind === 'container')
        return { cmd: 'docker', args: ['exec', '-i', ...envArgs, t.ref, ...inner] };
    // The host's user inside, so the files it writes into mounted directories are the caller's.
    const user = typeof process.getuid === 'function' ? ['--user', `${process.getuid()}:${process.getgid()}`] : [];
    const mounts = hostMounts(args, env).flatMap((m) => ['-v', `${m.dir}:${m.dir}${m.readOnly ? ':ro' : ''}`]);
    return {
        cmd: 'docker',
        args: ['run', '--rm', '-i', '--network', 'host', ...user, ...envArgs, ...mounts, '--entrypoint', 'sh', t.ref, ...inner.slice(1)],
    };
}


/***/ }),

/***/ 9892:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  TF: () => (/* binding */ AzaError),
  mu: () => (/* binding */ toAzaError)
});

// UNUSED EXPORTS: isAzaError

;// CONCATENATED MODULE: ./src/core/error-catalogue/artifact.ts
const ARTIFACT_ERRORS = {
    // --- GitHub artifacts
    ARTIFACT_UNAVAILABLE: {
        area: 'artifact',
        meaning: "GitHub's artifact service cannot be used here (outside a job, on GitHub Enterprise Server, or without a valid runtime token).",
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
};

;// CONCATENATED MODULE: ./src/core/error-catalogue/backup.ts
const BACKUP_ERRORS = {
    // --- Backup
    DUMP_FAILED: {
        area: 'backup',
        meaning: 'pg_dump failed; no backup file was written.',
        hint: 'Check the pg_dump error (permissions on the tables, the connection, the disk); the partial output was removed.',
    },
    BACKUP_FAILED: {
        area: 'backup',
        meaning: 'A physical backup (pg_basebackup) taken before a promotion failed.',
        hint: 'Check disk space and permissions where it writes (df -h, ls -la), or back up by hand before promoting; ' +
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
        meaning: 'The backup file changed between its check (size, sha256, manifest, signature) and its load: what was loaded is not what was checked.',
        hint: 'Something writes where the backup is stored while it is restored. The staging database was dropped and the target is unchanged; find the writer, then restore again.',
    },
    BACKUP_REFUSED: {
        area: 'restore',
        meaning: 'The backup holds what pg_dump never writes (a psql meta-command, COPY … PROGRAM, COPY to or from a server file, a server-file function, …): restore and verify refuse it before it runs. See docs/security.md.',
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
        meaning: 'The target database has object owners or grants that the restore would not bring back (a plain backup made without privileges, an archive restored without keep-owners/keep-privileges); nothing was restored.',
        hint: 'Back up with --privileges (plain), or restore an archive with --keep-owners --keep-privileges; or pass --accept-privilege-loss to restore without them.',
    },
    ROLES_MISSING: {
        area: 'restore',
        meaning: 'The dump names roles (owners, grants, policies, regrole data) the server lacks, and they could not be created; for verify: a backup whose manifest predates the recorded roles. Not a fault of the backup.',
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
        hint: 'Conflicting objects or extensions ("already exists"): restore into a fresh database (mode atomic or replace), or drop them first: ' +
            'psql -d mydb -c "DROP EXTENSION IF EXISTS postgis CASCADE;". Otherwise fix the cause named in the message and restore again.',
    },
    ROW_COUNT_MISMATCH: {
        area: 'restore',
        meaning: "The restored tables hold other row counts than the backup's manifest recorded.",
        hint: 'The backup does not hold what its manifest recorded, or the restore lost rows. Do not trust this backup; take a new one.',
    },
    BEYOND_HEAD: {
        area: 'internal',
        meaning: 'Internal signal of a one-read restore: the dump holds a statement after its head that changes the plan; the restore re-plans from a full read. Never shown unless a bug lets it escape.',
        hint: 'If you see it, report it as a bug with the dump header (the first lines of the file).',
    },
    // --- Verify
    VERIFY_FAILED: {
        area: 'verify',
        meaning: 'A verification failed: a backup did not restore cleanly, or a promoted server is still in recovery (spec: "Promotion verification failed").',
        hint: 'For a backup: do not trust it; the cause follows the code. For a promotion: check the server log (docker logs <container> | tail -50) ' +
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
        meaning: 'amcheck could not check some indexes of the restored backup (permissions, an index it does not take); none was found damaged.',
        hint: 'This says nothing against the backup: run verify as a role that may use amcheck (a superuser, or one granted EXECUTE on bt_index_check), or drop amcheck.',
    },
    CLUSTER_FAILED: {
        area: 'verify',
        meaning: 'A throw-away PostgreSQL server (for verify, the demo or the tests) could not be created or started.',
        hint: 'Check that the PostgreSQL server binaries (initdb, pg_ctl) are installed and that the temporary directory has space; the message holds the server log.',
    },
};

;// CONCATENATED MODULE: ./src/core/error-catalogue/certs.ts
const CERTS_ERRORS = {
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
};

;// CONCATENATED MODULE: ./src/core/error-catalogue/object-store.ts
const OBJECT_STORE_ERRORS = {
    S3_CREDENTIALS_MISSING: {
        area: 'object-store',
        meaning: 'No credentials for the object store were found.',
        hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials) in the environment, ' +
            'or the inputs s3-access-key-id and s3-secret-access-key from secrets.',
    },
    S3_CREDENTIALS_REJECTED: {
        area: 'object-store',
        meaning: 'The object store refused the credentials: an unknown access key, or a secret key that does not match it.',
        hint: 'Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the s3-* inputs) and, for temporary credentials, that AWS_SESSION_TOKEN has not expired.',
    },
    S3_ACCESS_DENIED: {
        area: 'object-store',
        meaning: 'The credentials are valid but may not do this in the bucket (a policy or ACL denies it).',
        hint: 'Grant the key s3:PutObject, s3:GetObject, s3:ListBucket, s3:DeleteObject and s3:AbortMultipartUpload on the bucket and prefix.',
    },
    S3_BUCKET_MISSING: {
        area: 'object-store',
        meaning: 'The bucket named in the s3:// URL does not exist at this endpoint.',
        hint: 'Check the bucket name and the endpoint/region (AWS_ENDPOINT_URL, AWS_REGION), or create the bucket first (aws s3 mb s3://NAME).',
    },
    S3_UNREACHABLE: {
        area: 'object-store',
        meaning: 'The object store endpoint could not be reached (connection refused, unknown host, time-out).',
        hint: 'Check the endpoint URL (AWS_ENDPOINT_URL or input s3-endpoint), that the server is running, and that no firewall or proxy blocks it.',
    },
    S3_OBJECT_EXISTS: {
        area: 'object-store',
        meaning: 'An object of that name is already in the bucket, and overwrite was not asked for.',
        hint: 'Choose another name or prefix, delete the object first, or pass --overwrite (input overwrite: true).',
    },
    S3_OBJECT_MISSING: {
        area: 'object-store',
        meaning: 'No object of that name is in the bucket.',
        hint: 'Check the s3:// URL (aws s3 ls s3://BUCKET/PREFIX/ lists what is there).',
    },
    S3_UPLOAD_FAILED: {
        area: 'object-store',
        meaning: 'An upload to the object store failed or was interrupted; its multipart upload was aborted, so nothing half-written is left.',
        hint: 'Check the message for the cause (network, quota, permissions) and take the backup again.',
    },
    S3_REQUEST_FAILED: {
        area: 'object-store',
        meaning: 'The object store refused or failed a request for another reason; its S3 error code and HTTP status follow the message.',
        hint: "Look up the S3 error code in the store's documentation; errors with status 5xx are often temporary: retry.",
    },
};

;// CONCATENATED MODULE: ./src/core/error-catalogue/general.ts
const PG_CLIENT_INSTALL = 'Install the PostgreSQL client tools (macOS: brew install postgresql@18; Ubuntu/Debian: sudo apt-get install postgresql-client; ' +
    'Alpine: apk add postgresql-client), or point --pg-bin-dir (input pg-bin-dir) at the directory that holds them.';
const GENERAL_ERRORS = {
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
        hint: 'Check that PostgreSQL is running (docker ps | grep postgres), that the port is exposed (docker ps | grep 5432), that no firewall ' +
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
        hint: 'For self-signed certificates trust the CA: sslmode=verify-ca with sslrootcert=/path/to/ca.crt (PGSSLROOTCERT), ' +
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
        meaning: 'A required command (pg_dump, psql, pg_restore, openssl, docker, …) is not installed or not on PATH (spec: "Required command not found").',
        hint: PG_CLIENT_INSTALL,
    },
    TOOL_TOO_OLD: {
        area: 'tools',
        meaning: 'Every copy of a PostgreSQL client tool found is older than the server (or lacks a feature the dump needs).',
        hint: "Use a client of the server's major or newer: the aza-pg/setup-pg-client action (aza-pg setup-client) finds or installs it, " +
            `or take it from a container (client-image: postgres:<major>), or install it. ${PG_CLIENT_INSTALL}`,
    },
    CLIENT_UNAVAILABLE: {
        area: 'tools',
        meaning: 'setup-client found no PostgreSQL client of the wanted major on this machine or in the tool cache, and was given no package to install it from.',
        hint: 'Give the Debian package postgresql-client-<major> (input package: a file or an https URL; apt-get download postgresql-client-<major> fetches it), ' +
            'or take the client from a container (client-image: postgres:<major>).',
    },
    CLIENT_PACKAGE_INVALID: {
        area: 'tools',
        meaning: 'The package given to setup-client is not a usable postgresql-client-<major> package: missing, not a .deb, another major, a wrong checksum, or built for another system.',
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
        meaning: 'The same operation on the same destination or target is already running (a backup to the same file, a restore of the same database, a promotion of the same replica, certificates into the same directory); the message names the run that holds it.',
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
};
const INTERNAL_ERRORS = {
    INTERNAL: {
        area: 'internal',
        meaning: 'Something happened that the code does not expect: a bug in aza-pg, or an error from a library it did not map.',
        hint: 'Report it with the message and the command or workflow step that produced it.',
    },
};

;// CONCATENATED MODULE: ./src/core/error-catalogue/promote.ts
const PROMOTE_ERRORS = {
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
        hint: 'Stop the old primary first (docker stop <older-primary>) and check that only one primary exists. Two primaries that took writes diverge ' +
            'and cannot be merged: compare pg_current_wal_lsn() on both and keep the newer. Pass --force only when the old one is fenced.',
    },
    WRONG_DATA_DIR: {
        area: 'promote',
        meaning: 'The server runs on another data directory than the one given.',
        hint: 'Pass the data directory the server reports (SHOW data_directory) with -d PATH (input data-dir).',
    },
    DRILL_REFUSED: {
        area: 'promote',
        meaning: 'The failover drill found the nodes not in the shape it rehearses (one primary, replicas streaming from it) and changed nothing.',
        hint: 'Check each node with aza-pg status; the drill needs the named primary to accept writes and every other node to stream from it.',
    },
    DRILL_LAGGING: {
        area: 'promote',
        meaning: 'The candidate did not replay the canary row within the bound; the drill stopped before fencing, nothing was changed.',
        hint: 'Find why the replica lags (aza-pg status, pg_stat_replication on the primary) or raise max-catchup, then run the drill again.',
    },
    DRILL_FENCE_FAILED: {
        area: 'promote',
        meaning: 'The old primary could not be stopped, or was running again before the promotion, or (over a connection) was not stopped on its host in time, so the drill did not promote (two writable primaries are never made).',
        hint: "Find out why it runs (docker inspect and docker logs, the data directory's postmaster.pid and server log, or its host), stop it by hand before any promotion, or start the drill again.",
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
        hint: 'Check the log (docker logs <container>): configuration errors in postgresql.conf, a port conflict with the old primary, or too little memory. ' +
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
};

;// CONCATENATED MODULE: ./src/core/error-catalogue/prune.ts
const PRUNE_ERRORS = {
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
};

;// CONCATENATED MODULE: ./src/core/error-catalogue/status.ts
const STATUS_ERRORS = {
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
};

;// CONCATENATED MODULE: ./src/core/error-catalogue.ts








/** The parts by area, in the order of docs/troubleshooting.md. */
const PARTS = [
    GENERAL_ERRORS,
    BACKUP_ERRORS,
    PROMOTE_ERRORS,
    PRUNE_ERRORS,
    STATUS_ERRORS,
    CERTS_ERRORS,
    ARTIFACT_ERRORS,
    OBJECT_STORE_ERRORS,
    INTERNAL_ERRORS,
];
/** One table of every code; a code defined in two parts is a bug that stops the load (a spread would drop one silently). */
function merge(parts) {
    const all = {};
    for (const part of parts) {
        for (const [code, entry] of Object.entries(part)) {
            if (Object.hasOwn(all, code))
                throw new Error(`The error code ${code} is defined twice in src/core/error-catalogue/`);
            all[code] = entry;
        }
    }
    return all;
}
const ERROR_CATALOGUE = merge(PARTS);
const ERROR_CODES = Object.keys(ERROR_CATALOGUE);
function isErrorCode(code) {
    return Object.hasOwn(ERROR_CATALOGUE, code);
}
/** The order and titles of docs/troubleshooting.md's sections. */
const ERROR_AREAS = (/* unused pure expression or super */ null && ([
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
    ['object-store', 'Object storage (S3)'],
    ['internal', 'Internal'],
]));

;// CONCATENATED MODULE: ./src/core/errors.ts
/**
 * The one error type. `code` is stable (tests and callers match on it) and comes from the catalogue
 * (src/core/error-catalogue.ts), so an unknown code does not compile; `message` says what happened,
 * `hint` says what to do about it: the thrower's own, else the catalogue's default for the code.
 */

class AzaError extends Error {
    code;
    hint;
    constructor(code, message, hint, options) {
        super(message, options);
        this.name = 'AzaError';
        this.code = code;
        this.hint = hint ?? ERROR_CATALOGUE[code].hint;
    }
    /** Message and hint as one text, for faces that print a single block. */
    describe() {
        return `${this.message}\n${this.hint}`;
    }
}
function isAzaError(e) {
    return e instanceof AzaError;
}
/** Wraps anything thrown into an AzaError, keeping one that already is. */
function toAzaError(e, code = 'INTERNAL') {
    if (e instanceof AzaError)
        return e;
    const message = e instanceof Error ? e.message : String(e);
    return new AzaError(code, message, undefined, { cause: e });
}


/***/ }),

/***/ 4551:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Jy: () => (/* reexport */ commandNotFound),
  aY: () => (/* reexport */ findOnPath),
  cE: () => (/* binding */ installInterruptHandlers),
  nA: () => (/* binding */ onInterrupt),
  E$: () => (/* binding */ redact),
  eF: () => (/* binding */ run),
  aI: () => (/* binding */ runPipeline),
  Cc: () => (/* binding */ runSyncForCleanup),
  r7: () => (/* binding */ shellWord),
  wr: () => (/* binding */ spawnInteractive)
});

// UNUSED EXPORTS: INTERRUPT_CLEANUP_MS, installHint, processFailure

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/core/client-container.ts
var client_container = __webpack_require__(5838);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
;// CONCATENATED MODULE: ./src/core/tool-hints.ts
/** What to say when a command is not there: its name and how to install it. */

function commandNotFound(cmd) {
    const name = cmd.split('/').pop() ?? cmd;
    return new errors/* AzaError */.TF('TOOL_NOT_FOUND', `Required command not found: ${name}`, installHint(name));
}
function installHint(name) {
    const pgTools = ['pg_dump', 'pg_restore', 'psql', 'pg_isready', 'pg_basebackup', 'pg_ctl', 'initdb', 'pg_dumpall'];
    if (pgTools.includes(name)) {
        return [
            'Install the PostgreSQL client tools:',
            '  macOS:          brew install postgresql@18',
            '  Ubuntu/Debian:  sudo apt-get install postgresql-client',
            '  Alpine:         apk add postgresql-client',
            'or point --pg-bin-dir (input pg-bin-dir) at the directory that holds them.',
        ].join('\n');
    }
    if (name === 'docker')
        return 'Install Docker and make sure the daemon is running (docker info).';
    return `Install ${name} and make sure it is on PATH.`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/core/child-exit.ts
/**
 * How children exit with us. A short, synchronous wait for children that were sent SIGTERM. An interrupted process removes
 * what its children were writing; a child still writing (initdb filling a data directory, a
 * compressor) would race that removal and leave part of it behind. Linux only (/proc); elsewhere
 * nothing is waited for, as before. And a kernel-level tie that kills a child when we die, even by
 * SIGKILL (below). Last, coreutils stdbuf as a wrapper that gives a child a larger stdout buffer.
 */



/** How long an interrupted process gives its children, sent SIGTERM, to exit before its cleanups run. */
const INTERRUPT_CHILD_EXIT_MS = 3_000;
/**
 * Whether the process still runs: false once it has exited, even before Node has reaped it and set
 * its exitCode (a zombie).
 */
function running(pid) {
    try {
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // The state letter follows the command name in parentheses: Z (zombie) or X (dead) has exited.
        const state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state !== 'Z' && state !== 'X';
    }
    catch {
        return false;
    }
}
/**
 * Sends SIGTERM to `children` and returns once none runs any more, or after `timeoutMs`. Blocks:
 * for signal handlers, which must stay synchronous to exit with their own status.
 */
function terminateAndWaitSync(children, timeoutMs = INTERRUPT_CHILD_EXIT_MS) {
    const pids = [];
    for (const child of children) {
        child.kill('SIGTERM');
        if (child.pid !== undefined)
            pids.push(child.pid);
    }
    const deadline = Date.now() + timeoutMs;
    const nap = new Int32Array(new SharedArrayBuffer(4));
    for (const pid of pids) {
        while (running(pid) && Date.now() < deadline)
            Atomics.wait(nap, 0, 0, 10);
    }
}
// Children die with us, even when we are killed by SIGKILL (no handler runs then): on Linux each
// child starts under util-linux `setpriv --pdeathsig KILL`, which asks the kernel to kill it
// when its parent goes. Elsewhere (macOS) children start directly and only the interrupt handlers
// (exec.ts) stop them.
let deathSignalWrapper;
function isExecutable(path) {
    try {
        (0,external_node_fs_.accessSync)(path, external_node_fs_.constants.X_OK);
        return (0,external_node_fs_.statSync)(path).isFile();
    }
    catch {
        return false;
    }
}
/** `cmd` as the child would find it on `PATH`, or undefined. */
function findOnPath(cmd, path) {
    if (cmd.includes('/'))
        return isExecutable(cmd) ? cmd : undefined;
    for (const dir of (path ?? '').split(':')) {
        if (dir && isExecutable((0,external_node_path_.join)(dir, cmd)))
            return (0,external_node_path_.join)(dir, cmd);
    }
    return undefined;
}
/** The setpriv that supports --pdeathsig, checked once; null where there is none. */
function parentDeathWrapper() {
    if (deathSignalWrapper !== undefined)
        return deathSignalWrapper;
    deathSignalWrapper = null;
    if (process.platform !== 'linux' || process.env.AZA_PG_NO_PDEATHSIG === '1')
        return null;
    const setpriv = findOnPath('setpriv', `${process.env.PATH ?? ''}:/usr/bin:/bin`);
    if (setpriv && (0,external_node_child_process_.spawnSync)(setpriv, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 10000 }).status === 0) {
        deathSignalWrapper = setpriv;
    }
    return deathSignalWrapper;
}
/**
 * `cmd` under coreutils' `stdbuf -o <bytes>` (it execs the command with a larger stdio buffer
 * for its stdout), where stdbuf and the command are both on PATH; otherwise undefined and the
 * command runs as it is. The bytes written are the same; only the size of each write changes.
 */
function withStdoutBuffer(cmd, args, bytes, path) {
    if (bytes === undefined || findOnPath(cmd, path) === undefined)
        return undefined;
    const stdbuf = findOnPath('stdbuf', path);
    return stdbuf ? { cmd: stdbuf, args: ['-o', String(bytes), cmd, ...args] } : undefined;
}

// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
// EXTERNAL MODULE: ./src/core/memory.ts
var memory = __webpack_require__(1360);
;// CONCATENATED MODULE: ./src/core/exec.ts
/**
 * The only place that starts processes. Arguments are arrays (never a shell); secrets travel in
 * the environment or a 0600 file, never in argv. Every child's exit status is checked, and every
 * stage of a pipeline too: a producer that dies must not leave a "successful" output behind.
 */











const STDERR_KEEP = 64 * 1024;
// ---------------------------------------------------------------------------------------------
// Cancellation: SIGINT/SIGTERM (and a cancelled job, which arrives as SIGINT then SIGTERM) kill
// live children and run cleanups, so no partial file survives an interrupted operation.
const liveChildren = new Set();
const cleanups = new Set();
let handlersInstalled = false;
/**
 * How long an interrupted process waits for cleanups that need the network (aborting an object
 * store's multipart upload) before it exits anyway. A second Ctrl-C exits at once.
 */
const INTERRUPT_CLEANUP_MS = 10_000;
/**
 * Registers a cleanup to run if the process is interrupted; returns its remover. A cleanup that
 * returns a promise (a request to a server) is awaited, at most INTERRUPT_CLEANUP_MS, before exit.
 */
function onInterrupt(cleanup) {
    cleanups.add(cleanup);
    return () => cleanups.delete(cleanup);
}
/** Faces call this once; the core never exits the process itself. */
function installInterruptHandlers(log = () => { }) {
    if (handlersInstalled)
        return;
    handlersInstalled = true;
    const handle = (signal) => {
        log(`Received ${signal}: stopping child processes and removing partial files.`);
        // The cleanups remove what the children were writing: they exit first (a bounded wait).
        terminateAndWaitSync(liveChildren);
        const pending = [];
        for (const cleanup of [...cleanups].reverse()) {
            try {
                const p = cleanup();
                if (p instanceof Promise)
                    pending.push(p.catch(() => { }));
            }
            catch {
                // best effort: the next cleanup still runs
            }
        }
        const exit = () => process.exit(signal === 'SIGINT' ? 130 : 143);
        if (pending.length === 0)
            exit();
        else {
            setTimeout(exit, INTERRUPT_CLEANUP_MS);
            void Promise.all(pending).then(exit);
        }
    };
    process.once('SIGINT', handle);
    process.once('SIGTERM', handle);
}
function redact(text, secrets = []) {
    let out = text;
    for (const s of secrets) {
        if (s && s.length > 0)
            out = out.split(s).join('***');
    }
    return out;
}
function tail(text, max = 2000) {
    const t = text.trim();
    return t.length > max ? `…${t.slice(t.length - max)}` : t;
}
function withUmask(umask, fn) {
    if (umask === undefined)
        return fn();
    const previous = process.umask(umask);
    try {
        return fn();
    }
    finally {
        process.umask(previous);
    }
}
// ---------------------------------------------------------------------------------------------
// Every child is tracked (an interrupt stops it) and dies with us (child-exit.ts, parentDeathWrapper).
function spawnTracked(cmd, args, opts, umask, stdoutBuffer) {
    // A tool of a client container (see client-container.ts) runs through docker.
    const viaDocker = (0,client_container/* containerCommand */.jF)(cmd, args, opts.env ?? process.env, umask);
    const buffered = viaDocker ? undefined : withStdoutBuffer(cmd, args, stdoutBuffer, (opts.env ?? process.env).PATH);
    const program = viaDocker ? viaDocker.cmd : (buffered?.cmd ?? cmd);
    const programArgs = viaDocker ? viaDocker.args : (buffered?.args ?? args);
    const wrapper = parentDeathWrapper();
    // A command that is not there is started directly, so its ENOENT reads as before.
    const wrapped = wrapper && findOnPath(program, (opts.env ?? process.env).PATH) !== undefined;
    const child = withUmask(umask, () => wrapped
        ? (0,external_node_child_process_.spawn)(wrapper, ['--pdeathsig', 'KILL', '--', program, ...programArgs], { ...opts, shell: false })
        : (0,external_node_child_process_.spawn)(program, programArgs, { ...opts, shell: false }));
    liveChildren.add(child);
    child.once('close', () => liveChildren.delete(child));
    child.once('error', () => liveChildren.delete(child));
    return child;
}
function spawnInteractive(cmd, args, env, as = {}) {
    return spawnTracked(cmd, args, { ...as, env, stdio: ['pipe', 'pipe', 'pipe'] });
}
/** The program actually started for `cmd`: docker for a client container's tool. */
function launcher(cmd) {
    return (0,client_container/* isClientContainerPath */.id)(cmd) ? 'docker' : cmd;
}
/** Runs one command to completion and returns its output; throws on failure unless allowed. */
function run(cmd, args, opts = {}) {
    return new Promise((resolve, reject) => {
        const child = spawnTracked(cmd, args, {
            env: opts.env ?? process.env,
            cwd: opts.cwd,
            uid: opts.uid,
            gid: opts.gid,
            stdio: ['pipe', 'pipe', 'pipe'],
        }, opts.umask);
        const out = [];
        let err = '';
        let timer;
        let timedOut = false;
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => {
            err += d.toString('utf8');
            if (err.length > STDERR_KEEP * 2)
                err = err.slice(err.length - STDERR_KEEP);
        });
        child.once('error', (e) => {
            if (timer)
                clearTimeout(timer);
            if (e.code === 'ENOENT')
                reject(commandNotFound(launcher(cmd)));
            else
                reject(new errors/* AzaError */.TF('SPAWN_FAILED', `Could not start ${cmd}: ${e.message}`));
        });
        if (opts.timeoutMs) {
            timer = setTimeout(() => {
                timedOut = true;
                child.kill('SIGKILL');
            }, opts.timeoutMs);
        }
        child.stdin.on('error', () => {
            // a child that exits without reading its input is judged by its exit status below
        });
        child.stdin.end(opts.input ?? '');
        child.once('close', (code, signal) => {
            if (timer)
                clearTimeout(timer);
            const result = {
                code,
                signal,
                stdout: Buffer.concat(out).toString('utf8'),
                stderr: redact(err, opts.secrets),
            };
            if (timedOut) {
                reject(new errors/* AzaError */.TF('TIMEOUT', `${baseName(cmd)} did not finish within ${Math.round(opts.timeoutMs / 1000)} s`));
                return;
            }
            if (code === 0 || opts.allowFailure)
                resolve(result);
            else
                reject(processFailure(cmd, code, signal, result.stderr));
        });
    });
}
function baseName(cmd) {
    return cmd.split('/').pop() ?? cmd;
}
function processFailure(cmd, code, signal, stderr) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const detail = tail(stderr);
    return new errors/* AzaError */.TF('COMMAND_FAILED', `${baseName(cmd)} ${how}${detail ? `: ${detail}` : ''}`);
}
/**
 * Runs `stages` as one pipeline into `sink`: the first stage is the producer (a process or a
 * source stream), later ones processes or in-process transforms. A process followed by another
 * process writes into it through a kernel pipe, and a last process writes into a file-descriptor
 * sink itself: those bytes never pass through this process. Resolves only when every stage exited
 * 0 and the sink finished; otherwise kills what still runs and rejects naming the stage that failed.
 */
async function runPipeline(stages, sink, opts = {}) {
    const fdSink = sink instanceof external_node_stream_.Writable ? undefined : sink.fd;
    const malformed = stages[0]?.kind !== 'process' && stages[0]?.kind !== 'source';
    if (malformed || stages.slice(1).some((s) => s.kind === 'source') || (fdSink !== undefined && stages.at(-1).kind !== 'process')) {
        throw new errors/* AzaError */.TF('INTERNAL', 'A pipeline starts with one producer (a process or a source); a file descriptor sink follows a process');
    }
    const children = [];
    const byIndex = new Map();
    const stopped = new Set();
    const killAll = () => {
        for (const c of children) {
            // A child that exited on its own before Node reaped it is not one we stopped: its own exit
            // status is the cause (a consumer that failed and so broke the pipe upstream).
            if (c.child.exitCode === null && c.child.signalCode === null && c.child.pid !== undefined && running(c.child.pid)) {
                stopped.add(c.child);
                c.child.kill('SIGTERM');
            }
        }
    };
    const isProcess = (i) => stages[i]?.kind === 'process';
    // Last to first, so a process can be handed the stdin of the one after it as its stdout.
    for (let i = stages.length - 1; i >= 0; i--) {
        const stage = stages[i];
        if (stage.kind !== 'process')
            continue;
        const next = byIndex.get(i + 1);
        const stdout = next ? next.stdin : i === stages.length - 1 && fdSink !== undefined ? fdSink : 'pipe';
        const child = spawnTracked(stage.cmd, stage.args, { env: stage.env ?? process.env, stdio: [i === 0 ? 'ignore' : 'pipe', stdout, 'pipe'] }, stage.umask, stage.stdoutBuffer);
        // The child holds its own copy of the pipe; ours would keep the reader from ever seeing EOF.
        if (next)
            next.stdin.destroy();
        let err = '';
        child.stderr.on('data', (d) => {
            const text = d.toString('utf8');
            err += text;
            if (err.length > STDERR_KEEP * 2)
                err = err.slice(err.length - STDERR_KEEP);
            opts.onStderr?.(baseName(stage.cmd), redact(text, opts.secrets));
        });
        const done = new Promise((resolve, reject) => {
            child.once('error', (e) => reject(e.code === 'ENOENT'
                ? commandNotFound(launcher(stage.cmd))
                : new errors/* AzaError */.TF('SPAWN_FAILED', `Could not start ${stage.cmd}: ${e.message}`)));
            child.once('close', (code, signal) => {
                if (code === 0)
                    resolve();
                else
                    reject(processFailure(stage.cmd, code, signal, redact(err, opts.secrets)));
            });
        });
        // Attach a handler at once so an early failure is not an unhandled rejection.
        done.catch(() => { });
        children.unshift({ stage, child, stderr: () => err, done });
        byIndex.set(i, child);
        if (child.pid === undefined && isProcess(i - 1)) {
            // Not started (e.g. not installed): nothing could write into it; report its own error.
            killAll();
            await Promise.allSettled(children.map((c) => c.done));
            await done;
        }
    }
    // In-process streams; a run of processes joined by kernel pipes is one duplex (its first stdin, its last stdout).
    // What enters this process (a source, a process's stdout, a decompressor's output) is paced (memory.ts).
    const streams = [];
    for (const [i, stage] of stages.entries()) {
        if (stage.kind !== 'process') {
            streams.push(stage.stream);
            if (stage.kind === 'source' || stage.freshBuffers)
                streams.push(new memory/* PacedBytes */.hU());
            continue;
        }
        if (isProcess(i - 1))
            continue;
        let last = i;
        while (isProcess(last + 1))
            last++;
        const writable = i === 0 ? undefined : byIndex.get(i).stdin;
        const readable = last === stages.length - 1 && fdSink !== undefined ? undefined : byIndex.get(last).stdout;
        const ends = writable && readable ? external_node_stream_.Duplex.from({ writable, readable }) : (writable ?? readable);
        if (ends)
            streams.push(ends);
        if (readable)
            streams.push(new memory/* PacedBytes */.hU());
    }
    if (fdSink === undefined)
        streams.push(sink);
    const flow = streams.length > 1 ? (0,promises_.pipeline)(streams) : Promise.resolve();
    flow.catch(() => { });
    // The first failure wins: a dead producer is reported as such, not as the EPIPE it causes.
    // A stage killed by a broken pipe is a symptom: the stage after it has exited, and its own
    // status is the cause; let that be seen before stopping anything, so it is not taken for a victim.
    const pipeVictim = (c) => c.child.signalCode === 'SIGPIPE' || /Broken pipe|Connection reset by peer/.test(c.stderr());
    const outcomes = [
        // EPIPE on a child's stdin is the same symptom: that child has exited, and its status says why.
        flow.catch(async (e) => {
            if (e?.code === 'EPIPE')
                await (0,wait/* settleWithin */.fb)(Promise.allSettled(children.map((c) => c.done)), 500);
            throw e;
        }),
        ...children.map((c) => c.done.catch(async (e) => {
            if (pipeVictim(c))
                await (0,wait/* settleWithin */.fb)(Promise.allSettled(children.filter((o) => o !== c).map((o) => o.done)), 500);
            throw e;
        })),
    ];
    try {
        await Promise.all(outcomes.map((p) => p.catch((e) => {
            killAll();
            throw e;
        })));
    }
    catch (first) {
        killAll();
        // Give the pipeline a moment to report an error of its own (a full disk), then destroy its
        // streams: one tied to a child that died or never started may otherwise never end (under
        // Bun, a pipeline through the stdin of a failed spawn never settles, and a killed child
        // whose stdout is not drained never closes).
        const flowOwn = await (0,wait/* settleWithin */.fb)(flow, 250);
        for (const s of streams)
            s.destroy();
        const childResults = await Promise.allSettled(children.map((c) => c.done));
        // A stage we stopped after another failure (however it died: pg_dump exits 1 on SIGTERM) or
        // whose reader went away (EPIPE) is a victim: a missing zstd is not "pg_dump was killed".
        const victim = (c) => stopped.has(c.child) || pipeVictim(c);
        const cause = children
            .map((c, i) => ({ c, s: childResults[i] }))
            .find((x) => x.s.status === 'rejected' && !victim(x.c));
        // Prefer a stage's own failure, the producer's first (it explains an early EOF), unless the
        // sink failed for a reason of its own, such as a full disk.
        const flowError = flowOwn?.status === 'rejected' ? flowOwn.reason : undefined;
        if (flowError && isSinkError(flowError))
            throw flowError;
        throw cause?.s.reason ?? flowError ?? first;
    }
}
function isSinkError(e) {
    const code = e?.code;
    return code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO' || code === 'EACCES' || code === 'EROFS' || e instanceof errors/* AzaError */.TF;
}
/** Synchronous run, only for last-moment cleanup in an exit handler (e.g. stopping a cluster). */
function runSyncForCleanup(cmd, args, opts = {}) {
    (0,external_node_child_process_.spawnSync)(cmd, args, { ...opts, stdio: 'ignore', timeout: 30000 });
}
/** Shell-quotes one word for a command shown to a person (never executed by us). */
function shellWord(word) {
    return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}


/***/ }),

/***/ 1360:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hU: () => (/* binding */ PacedBytes),
/* harmony export */   n0: () => (/* binding */ noteBytesMoved),
/* harmony export */   yb: () => (/* binding */ paced)
/* harmony export */ });
/* unused harmony exports COLLECT_MIN_BYTES, COLLECT_MAX_BYTES, FULL_EVERY_BYTES, collectEveryBytes, pacingStats */
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_v8__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8877);
/* harmony import */ var node_v8__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_v8__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_vm__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(714);
/* harmony import */ var node_vm__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_vm__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Flat memory while bulk bytes pass through this process (a dump read back, a backup read for a
 * restore). Each chunk read from a pipe or a file is a fresh Buffer whose memory lives outside the
 * JS heap; V8 frees such garbage only after about 64 MiB of it has built up, so the peak grows
 * with the data moved. A minor collection every few MiB moved frees the chunks while they are
 * still young: measured on 500 MiB read from a child's pipe under Node 20, the peak fell from 82 to
 * 58 MiB and the read got faster (1.33 s to 1.18 s).
 */



/**
 * Bytes moved between two minor collections: the garbage the chunks make between them. The
 * fewer, the lower the peak, as long as a chunk dies young: one still in flight at two collections
 * is moved to the old generation, where only a full collection frees it. So the interval is
 * CHUNKS_PER_COLLECTION times the largest chunk seen, within these bounds. Under Node 24 (the
 * bench's), pgbench 50: restore and verify (chunks of at most 128 KiB) at 2 MiB peaked at 76-78 MiB
 * against 79-80 at 4 MiB, in the same wall time (3-6% more CPU); 1 MiB chunks (the backup's
 * read-back once read so) at 2 MiB peaked at up to 115 MiB on the mixed dataset (promoted).
 */
const COLLECT_MIN_BYTES = 2 * 1024 * 1024;
const COLLECT_MAX_BYTES = 4 * 1024 * 1024;
const CHUNKS_PER_COLLECTION = 8;
/**
 * A full collection once this many bytes moved. The chunks in flight at a minor collection
 * survive it, and those alive at two are moved to the old generation, which only a full
 * collection frees; V8 starts one by itself only after tens of MiB of them (a 5 GB restore grew by
 * 12 MiB over its load). A full collection of this small heap takes a few ms.
 */
const FULL_EVERY_BYTES = 128 * 1024 * 1024;
let collect;
let moved = 0;
let sinceFull = 0;
let largestChunk = 0;
let collections = 0;
let fullCollections = 0;
/**
 * Node: V8's gc(), taken from a fresh context with --expose-gc switched on for that moment only
 * (the process's own global gets nothing). Bun: Bun.gc(false) asks JavaScriptCore for a
 * collection without blocking (Bun.gc(true) would wait for a full one). Null where neither exists.
 */
function findCollector() {
    const bun = globalThis.Bun;
    if (bun)
        return typeof bun.gc === 'function' ? () => bun.gc(false) : null;
    const exposed = globalThis.gc;
    let gc = typeof exposed === 'function' ? exposed : undefined;
    if (!gc) {
        try {
            (0,node_v8__WEBPACK_IMPORTED_MODULE_1__.setFlagsFromString)('--expose-gc');
            const fromContext = (0,node_vm__WEBPACK_IMPORTED_MODULE_2__.runInNewContext)('gc');
            if (typeof fromContext === 'function')
                gc = fromContext;
        }
        catch {
            // no collector: pacing is a no-op
        }
        finally {
            (0,node_v8__WEBPACK_IMPORTED_MODULE_1__.setFlagsFromString)('--no-expose-gc');
        }
    }
    const v8gc = gc;
    // gc() without options is a full collection; Node 20's V8 takes any options object as minor.
    return v8gc ? (full) => (full ? v8gc() : v8gc({ type: 'minor' })) : null;
}
/** The bytes between two minor collections now (see COLLECT_MIN_BYTES). */
function collectEveryBytes() {
    return Math.min(COLLECT_MAX_BYTES, Math.max(COLLECT_MIN_BYTES, CHUNKS_PER_COLLECTION * largestChunk));
}
/** Counts `bytes` (one chunk) that just passed through this process; every collectEveryBytes(), a collection (see above). */
function noteBytesMoved(bytes) {
    if (bytes > largestChunk)
        largestChunk = bytes;
    moved += bytes;
    if (moved < collectEveryBytes())
        return;
    sinceFull += moved;
    moved = 0;
    collect ??= findCollector();
    if (!collect)
        return;
    collections++;
    const full = sinceFull >= FULL_EVERY_BYTES;
    if (full) {
        sinceFull = 0;
        fullCollections++;
    }
    collect(full);
}
/** How many collections the pacing ran (full ones among them), and whether this runtime has a collector (for tests). */
function pacingStats() {
    collect ??= findCollector();
    return { collections, fullCollections, collector: collect !== null };
}
/** Passes chunks on unchanged, counting them with noteBytesMoved. */
class PacedBytes extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Transform {
    _transform(chunk, _enc, callback) {
        noteBytesMoved(chunk.length);
        callback(null, chunk);
    }
}
/** `source` read through PacedBytes, for a consumer outside runPipeline; an error of either ends the result. */
function paced(source) {
    return (0,node_stream__WEBPACK_IMPORTED_MODULE_0__.pipeline)(source, new PacedBytes(), () => { });
}


/***/ }),

/***/ 3210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a0: () => (/* binding */ waitUntil),
/* harmony export */   fb: () => (/* binding */ settleWithin),
/* harmony export */   y8: () => (/* binding */ notYet)
/* harmony export */ });
/**
 * The one polling loop: ask `check` until it has an answer or the time is up. Every wait in the
 * suite (a server accepting SQL, replay catching up, sessions ending, a replica streaming) is this
 * loop with its own check, so none of them can forget its deadline.
 */
/** A look's error counts as "not yet", with its message as the reason. */
function notYet(e) {
    return { done: false, why: e instanceof Error ? e.message : String(e) };
}
/**
 * Polls `check` until it is done; on timeout returns how long it waited and the last reason, for
 * the caller to turn into its own error (what to do differs: a log to read, a plan that refuses).
 * `check` runs at least once, however short the time.
 */
async function waitUntil(check, options) {
    const start = Date.now();
    const interval = options.intervalMs ?? 200;
    for (;;) {
        const poll = await check();
        const waitedMs = Date.now() - start;
        if (poll.done)
            return { timedOut: false, value: poll.value, waitedMs };
        if (waitedMs >= options.timeoutMs)
            return { timedOut: true, waitedMs, why: poll.why };
        options.onWait?.(waitedMs, poll.why);
        await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(1, options.timeoutMs - waitedMs))));
    }
}
/** How `p` settled within `ms`, or undefined if it had not by then (it is not cancelled). */
function settleWithin(p, ms) {
    return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(undefined), ms);
        p.then((value) => {
            clearTimeout(timer);
            resolve({ status: 'fulfilled', value });
        }, (reason) => {
            clearTimeout(timer);
            resolve({ status: 'rejected', reason });
        });
    });
}


/***/ })

};
