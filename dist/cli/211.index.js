export const id = 211;
export const ids = [211];
export const modules = {

/***/ 8153:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Yu: () => (/* binding */ inspectDataDir),
/* harmony export */   os: () => (/* binding */ serverBinDir)
/* harmony export */ });
/* unused harmony export parsePostmasterPid */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4551);
/**
 * A local PostgreSQL data directory, read without touching the server: is it one, which major,
 * who owns it, and is its postmaster alive (postmaster.pid).
 */




/** postmaster.pid: pid, data dir, start time, port, first socket dir, first listen address, shmem key, status. */
function parsePostmasterPid(text) {
    const lines = text.split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0)
        return undefined;
    return {
        pid,
        dataDir: lines[1] ?? '',
        port,
        socketDir: lines[4]?.trim() || undefined,
        listenAddress: lines[5]?.trim() || undefined,
        status: lines[7]?.trim() || undefined,
    };
}
function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        return e.code === 'EPERM';
    }
}
/** Where the running server's binaries are: the directory of its executable, when we may read it. */
function serverBinDir(pid) {
    try {
        const exe = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(`/proc/${pid}/exe`);
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(exe), 'pg_ctl')) ? (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(exe) : undefined;
    }
    catch {
        return undefined;
    }
}
/** Checks that `dataDir` is a PostgreSQL data directory with a live server; returns what it found. */
function inspectDataDir(dataDir) {
    let st;
    try {
        st = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(dataDir);
    }
    catch {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('DATA_DIR_NOT_FOUND', `Data directory does not exist: ${dataDir}`, 'Pass the replica\'s data directory with -d PATH (input data-dir); psql -c "SHOW data_directory" shows it.');
    }
    if (!st.isDirectory() || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dataDir, 'PG_VERSION'))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('NOT_A_DATA_DIR', `Not a PostgreSQL data directory: ${dataDir} (no PG_VERSION file)`, 'Pass the replica\'s data directory with -d PATH (input data-dir); psql -c "SHOW data_directory" shows it.');
    }
    const major = Number.parseFloat((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dataDir, 'PG_VERSION'), 'utf8').trim());
    const pidPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dataDir, 'postmaster.pid');
    const pidFile = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(pidPath) ? parsePostmasterPid((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(pidPath, 'utf8')) : undefined;
    if (!pidFile || !processAlive(pidFile.pid)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('SERVER_NOT_RUNNING', `No PostgreSQL server runs on ${dataDir}${pidFile ? ` (postmaster.pid names process ${pidFile.pid}, which is gone)` : ''}`, `Promotion needs the replica running. Check that this is the replica's data directory; start it with pg_ctl -D ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .shellWord */ .r7)(dataDir)} start (as its owner), then run again.`);
    }
    return { pidFile, major, uid: st.uid, gid: st.gid };
}


/***/ }),

/***/ 9843:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G3: () => (/* binding */ requireRunningContainer),
/* harmony export */   SW: () => (/* binding */ dockerExec),
/* harmony export */   aH: () => (/* binding */ inspectContainer),
/* harmony export */   q4: () => (/* binding */ dockerExecFault)
/* harmony export */ });
/* unused harmony export checkDocker */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4551);
/**
 * The Docker CLI, as targets use it: is Docker there and answering, does a container exist and
 * run, and `docker exec` as the OS user postgres. Nothing goes through a shell; a container name
 * is one argv element, whatever characters it holds.
 */


/** Docker is installed and its daemon answers; otherwise an error naming which of the two. */
async function checkDocker(env = process.env) {
    let r;
    try {
        r = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .eF)('docker', ['version', '--format', '{{.Server.Version}}'], { env, allowFailure: true, timeoutMs: 30000 });
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF && e.code === 'TOOL_NOT_FOUND') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('DOCKER_NOT_FOUND', 'Docker is not installed: the docker command was not found on PATH', `${(0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .commandNotFound */ .Jy)('docker').hint} Without Docker, promote a local data directory (--target data-dir) or a server over a connection (--target connection).`);
        }
        throw e;
    }
    if (r.code !== 0 || r.stdout.trim() === '') {
        const detail = r.stderr.trim().split('\n').filter(Boolean).pop() ?? `docker version exited with code ${r.code}`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('DOCKER_UNAVAILABLE', `Docker is installed but its daemon does not answer: ${detail}`, `Start the daemon (sudo systemctl start docker, or dockerd), check DOCKER_HOST${env.DOCKER_HOST ? ` (now ${env.DOCKER_HOST})` : ''}, and that this user may use it (docker info).`);
    }
}
/** The container's id and state; undefined when no container has that name. */
async function inspectContainer(name, env = process.env) {
    // "--" ends docker's options: a name starting with "-" stays a name.
    const r = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .eF)('docker', ['container', 'inspect', '--format', '{{.Id}} {{.State.Status}} {{.State.Running}}', '--', name], {
        env,
        allowFailure: true,
        timeoutMs: 30000,
    });
    if (r.code !== 0) {
        if (/no such (container|object)/i.test(r.stderr))
            return undefined;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('DOCKER_FAILED', `docker container inspect failed for ${JSON.stringify(name)}: ${r.stderr.trim()}`);
    }
    const [id, status, running] = r.stdout.trim().split(' ');
    return { id: id, status: status ?? 'unknown', running: running === 'true' };
}
/** Docker up, the container exists and runs: the spec's prerequisite checks. */
async function requireRunningContainer(name, env = process.env) {
    if (name.trim() === '')
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', 'The container name is empty', 'Name the replica container with -c NAME (input container).');
    await checkDocker(env);
    const state = await inspectContainer(name, env);
    if (!state) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('CONTAINER_NOT_FOUND', `Container not found: ${JSON.stringify(name)}`, 'List containers with: docker ps -a. Name the replica with -c NAME (input container) or set POSTGRES_CONTAINER_NAME.');
    }
    if (!state.running) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('CONTAINER_NOT_RUNNING', `Container ${JSON.stringify(name)} exists but is not running (status: ${state.status})`, `Start it first: docker start ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .shellWord */ .r7)(name)}; check why it stopped: docker logs ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .shellWord */ .r7)(name)} | tail -50`);
    }
    return state;
}
/**
 * What went wrong with a `docker exec` that ended with `code`, when the fault is the container's
 * (the executable missing inside it, the container gone), not the command's; otherwise undefined.
 */
function dockerExecFault(label, tool, code, stderr) {
    if ((code === 126 || code === 127) && /executable file not found|no such file or directory/i.test(stderr)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('TOOL_NOT_FOUND', `${tool} was not found inside ${label}`, `The container's image must provide the PostgreSQL client tools (${tool}) on its PATH.`);
    }
    if (/is not running|No such container/i.test(stderr) && code !== 0) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('CONTAINER_NOT_RUNNING', `${label} stopped while it was being used: ${stderr.trim()}`, 'Check its log: docker logs <container> | tail -50');
    }
    return undefined;
}
/** docker exec as the OS user postgres; a missing executable becomes a clear error. */
async function dockerExec(containerId, label, args, env, opts = {}) {
    const r = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .eF)('docker', ['exec', '-u', 'postgres', containerId, ...args], { ...opts, env, allowFailure: true });
    const fault = dockerExecFault(label, args[0], r.code, r.stderr);
    if (fault)
        throw fault;
    return r;
}


/***/ }),

/***/ 6211:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $R: () => (/* binding */ DEFAULT_PROMOTE_WAIT_SECONDS),
/* harmony export */   Bm: () => (/* binding */ DEFAULT_CONTAINER_BACKUP_DIR),
/* harmony export */   T6: () => (/* binding */ DEFAULT_DATA_DIR),
/* harmony export */   XP: () => (/* binding */ DEFAULT_CATCHUP_TIMEOUT_SECONDS),
/* harmony export */   nS: () => (/* binding */ parseByteSize),
/* harmony export */   or: () => (/* binding */ DEFAULT_MAX_LAG),
/* harmony export */   q7: () => (/* binding */ promoteSettings),
/* harmony export */   sG: () => (/* binding */ VERIFY_TIMEOUT_SECONDS),
/* harmony export */   ur: () => (/* binding */ DEFAULT_CONTAINER),
/* harmony export */   w4: () => (/* binding */ PROMOTE_OPTIONS)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5593);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6930);
/* harmony import */ var _connection_options_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1756);
/**
 * What the user asked for, validated once for both faces: the option table (action inputs and CLI
 * flags share names, plus the spec's short flags -c -d -n -y) and the function that turns inputs
 * and the environment into typed settings. Nothing here touches Docker, files or servers.
 */




/** The spec's defaults. */
const DEFAULT_CONTAINER = 'postgres-replica';
const DEFAULT_DATA_DIR = '/var/lib/postgresql/data';
const DEFAULT_CONTAINER_BACKUP_DIR = '/backup';
/** The spec waits at most 30 s for the promoted server. */
const VERIFY_TIMEOUT_SECONDS = 30;
const DEFAULT_PROMOTE_WAIT_SECONDS = 60;
const DEFAULT_CATCHUP_TIMEOUT_SECONDS = 60;
/** One WAL segment: what an idle but fenced primary may still write (checkpoints, switches). */
const DEFAULT_MAX_LAG = '16MB';
/** The connection options, for target connection (user also names the role for the other targets). */
const PROMOTE_CONNECTION_OPTIONS = _connection_options_js__WEBPACK_IMPORTED_MODULE_3__/* .CONNECTION_OPTIONS */ .Ur.map((o) => o.name === 'user'
    ? { ...o, description: 'Database role (PGUSER for target connection)', defaultText: 'postgres' }
    : o.name === 'pg-bin-dir'
        ? o
        : { ...o, description: `target connection: ${o.description.charAt(0).toLowerCase()}${o.description.slice(1)}` });
const PROMOTE_OPTIONS = [
    {
        name: 'target',
        description: 'How to reach the replica: container (docker exec), data-dir (a local data directory, pg_ctl promote as its owner) or connection (SELECT pg_promote over host/port/user/password)',
        default: 'container',
    },
    {
        name: 'container',
        short: 'c',
        description: 'target container: the replica container',
        defaultText: `${DEFAULT_CONTAINER} or $POSTGRES_CONTAINER_NAME`,
    },
    {
        name: 'data-dir',
        short: 'd',
        description: "The replica's data directory: inside the container (target container; a server using another one than the default is followed with a note, while an explicit value that differs is refused) or on this machine (target data-dir, required there)",
        defaultText: `${DEFAULT_DATA_DIR} (target container)`,
    },
    { name: 'no-backup', short: 'n', description: 'Skip the pre-promotion backup', flag: true, default: false, only: 'cli' },
    {
        name: 'backup',
        description: 'Take a pg_basebackup of the replica before promoting it. A failed backup is a warning; the promotion continues',
        default: true,
        only: 'action',
    },
    {
        name: 'backup-dir',
        description: 'Directory the pre-promotion backup goes into, as pre-promotion-backup-<UTC timestamp>: inside the container for target container; a directory on this machine for data-dir and connection (required there unless the backup is off)',
        defaultText: `${DEFAULT_CONTAINER_BACKUP_DIR} (target container)`,
    },
    { name: 'yes', short: 'y', description: 'Skip the confirmation prompt (DANGEROUS)', flag: true, default: false, only: 'cli' },
    {
        name: 'confirm',
        description: 'Must be "yes". Promotion is a one-way operation and a workflow has no terminal to confirm it in',
        required: true,
        only: 'action',
    },
    {
        name: 'old-primary-container',
        description: 'The old primary container. While it runs and accepts writes, promotion is refused (split-brain guard)',
    },
    {
        name: 'old-primary',
        description: 'The old primary as a postgresql:// URI (use a secret). While it accepts writes, promotion is refused (split-brain guard)',
        secret: true,
    },
    {
        name: 'force',
        description: 'Promote even though the old primary still accepts writes. Only when it is fenced off from every client',
        flag: true,
        default: false,
    },
    {
        name: 'max-lag',
        description: 'Refuse when the replica is further behind the reachable old primary than this: bytes, or 512kB, 16MB, 1GB',
        default: DEFAULT_MAX_LAG,
    },
    {
        name: 'catchup-timeout',
        description: 'How long to wait for replay to reach the WAL the replica already received (30s, 5m). Refused when it does not',
        default: `${DEFAULT_CATCHUP_TIMEOUT_SECONDS}s`,
    },
    {
        name: 'wait-timeout',
        description: 'How long pg_promote / pg_ctl promote may take',
        default: `${DEFAULT_PROMOTE_WAIT_SECONDS}s`,
    },
    {
        name: 'restart',
        description: 'Restart the server after promotion, as the spec script does. Off by default: promotion needs no restart, and a restart is downtime for every client',
        flag: true,
        default: false,
    },
    { name: 'database', description: 'Database to connect to', default: 'postgres' },
    { name: 'dry-run', description: 'Run the checks and print the plan; change nothing', flag: true, default: false },
    ...PROMOTE_CONNECTION_OPTIONS,
];
/** "16MB", "512kB", "1GB", "0", "1048576" -> bytes (PostgreSQL's units: kB, MB, GB, TB = 1024^n). */
function parseByteSize(text) {
    const m = /^(\d+)\s*(b|kb|k|mb|m|gb|g|tb|t)?$/i.exec(text.trim());
    if (!m)
        return undefined;
    const unit = (m[2] ?? 'b').toLowerCase()[0];
    const power = { b: 0, k: 1, m: 2, g: 3, t: 4 }[unit];
    return Number(m[1]) * 1024 ** power;
}
function absolute(path, what, hint) {
    if (!path.startsWith('/'))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `${what} must be an absolute path: ${path}`, hint);
    return path.replace(/(.)\/+$/, '$1');
}
/**
 * `env` supplies POSTGRES_CONTAINER_NAME (the spec's default source) and the libpq variables for
 * the connection target.
 */
function promoteSettings(inputs, env, cwd = process.cwd()) {
    const kind = inputs.oneOf('target', _target_js__WEBPACK_IMPORTED_MODULE_2__/* .TARGET_KINDS */ .aO);
    const user = inputs.string('user') ?? (kind === 'connection' ? undefined : 'postgres');
    const database = inputs.verbatim('database');
    const dataDirInput = inputs.string('data-dir');
    const dataDir = absolute(dataDirInput ?? DEFAULT_DATA_DIR, `The data directory (${inputs.label('data-dir')})`, 'Write it as /var/lib/postgresql/data.');
    let target;
    if (kind === 'container') {
        const container = inputs.verbatim('container') ?? (env.POSTGRES_CONTAINER_NAME || undefined) ?? DEFAULT_CONTAINER;
        if (container.trim() === '')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', 'The container name is empty', 'Name the replica container with -c NAME.');
        target = { kind, container, dataDir, user: user, database: database ?? inputs.stringOrDefault('database') };
    }
    else if (kind === 'data-dir') {
        if (!dataDirInput) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `Target data-dir needs the replica's data directory (${inputs.label('data-dir')})`, 'Pass it with -d PATH, e.g. -d /var/lib/postgresql/15/main.');
        }
        target = {
            kind,
            dataDir,
            user: user,
            database: database ?? inputs.stringOrDefault('database'),
            ...(inputs.string('pg-bin-dir') ? { pgBinDir: inputs.string('pg-bin-dir') } : {}),
        };
    }
    else {
        const connection = (0,_connection_options_js__WEBPACK_IMPORTED_MODULE_3__/* .connectionSettings */ .Q7)(inputs, env, database);
        target = { kind, connection, ...((0,_connection_options_js__WEBPACK_IMPORTED_MODULE_3__/* .clientBinDir */ .av)(inputs, cwd) !== undefined ? { pgBinDir: (0,_connection_options_js__WEBPACK_IMPORTED_MODULE_3__/* .clientBinDir */ .av)(inputs, cwd) } : {}) };
    }
    if (kind !== 'container' && inputs.has('container')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('USAGE', `${inputs.label('container')} only applies to target container (the target is ${kind})`, 'Drop it, or use --target container.');
    }
    const backupOn = inputs.source === 'action' ? inputs.boolean('backup') : !inputs.boolean('no-backup');
    let backup;
    if (backupOn) {
        const dir = inputs.string('backup-dir') ?? (kind === 'container' ? DEFAULT_CONTAINER_BACKUP_DIR : undefined);
        if (!dir) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `The pre-promotion backup needs a directory for target ${kind} (${inputs.label('backup-dir')})`, `Pass ${inputs.label('backup-dir')} DIR (a directory on this machine), or skip the backup with ${inputs.source === 'action' ? 'input backup: false' : '-n'}.`);
        }
        backup = { dir: absolute(dir, `The backup directory (${inputs.label('backup-dir')})`, 'Write it as /backup.') };
    }
    const confirmed = inputs.source === 'action' ? (inputs.string('confirm') ?? '').toLowerCase() === 'yes' : inputs.boolean('yes');
    const oldContainer = inputs.verbatim('old-primary-container');
    const oldUri = inputs.string('old-primary');
    if (oldContainer !== undefined && oldUri !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('USAGE', `Name the old primary once: ${inputs.label('old-primary-container')} or ${inputs.label('old-primary')}`, 'Give one of the two.');
    }
    let oldPrimary;
    if (oldContainer !== undefined)
        oldPrimary = { kind: 'container', container: oldContainer };
    else if (oldUri !== undefined) {
        (0,_pg_js__WEBPACK_IMPORTED_MODULE_1__/* .parseConnectionUri */ .sq)(oldUri); // validates, with the URI's own error
        // Only the URI and the libpq password/passfile: the replica's host/port must not leak into it.
        oldPrimary = {
            kind: 'connection',
            connection: (0,_pg_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveConnection */ .XC)({ uri: oldUri, env: { PGPASSWORD: env.PGPASSWORD, PGPASSFILE: env.PGPASSFILE } }),
        };
    }
    const maxLagText = inputs.stringOrDefault('max-lag');
    const maxLagBytes = parseByteSize(maxLagText);
    if (maxLagBytes === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `Invalid ${inputs.label('max-lag')} "${maxLagText}": expected a size such as 0, 512kB, 16MB or 1GB`);
    }
    const restart = inputs.boolean('restart');
    if (restart && kind === 'connection') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('USAGE', `${inputs.label('restart')} is not possible over a connection`, 'Restart the server on its host, or use target container or data-dir.');
    }
    return {
        target,
        backup,
        confirmed,
        oldPrimary,
        force: inputs.boolean('force'),
        maxLagBytes,
        catchupTimeoutSeconds: inputs.durationSeconds('catchup-timeout'),
        promoteWaitSeconds: Math.max(1, inputs.durationSeconds('wait-timeout')),
        restart,
        verifyTimeoutSeconds: VERIFY_TIMEOUT_SECONDS,
        dryRun: inputs.boolean('dry-run'),
        dataDirExplicit: dataDirInput !== undefined,
    };
}


/***/ }),

/***/ 6930:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  aO: () => (/* reexport */ TARGET_KINDS),
  Hd: () => (/* binding */ connectionInfo),
  qs: () => (/* reexport */ containerInfo),
  Ap: () => (/* binding */ openTarget)
});

// UNUSED EXPORTS: dataDirInfo

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/data-dir.ts
var data_dir = __webpack_require__(8153);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/exec.ts + 2 modules
var exec = __webpack_require__(4551);
// EXTERNAL MODULE: ./src/core/docker.ts
var docker = __webpack_require__(9843);
// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
;// CONCATENATED MODULE: ./src/core/target-sql.ts
/** What every kind of target does alike over SQL: promote, wait for a server to answer, a tool's first error line. */


/** pg_promote(wait => true): false when the server did not finish promoting within `waitSeconds`. */
function promoteOverSql(sql) {
    return async (waitSeconds) => {
        const rows = await sql.query(`SELECT pg_promote(true, ${Math.floor(waitSeconds)})`);
        return rows[0]?.[0] === 't';
    };
}
/**
 * pg_promote without its own wait (which looks every 100 ms), then the end of recovery asked every
 * 10 ms: for a session, where a question costs a round trip and no new process.
 */
function promoteInSession(sql) {
    return async (waitSeconds) => {
        await sql.query('SELECT pg_promote(false)');
        const r = await (0,wait/* waitUntil */.a0)(async () => ((await sql.query('SELECT pg_is_in_recovery()'))[0]?.[0] === 'f' ? { done: true, value: true } : { done: false }), { timeoutMs: Math.floor(waitSeconds) * 1000, intervalMs: 10 });
        return !r.timedOut;
    };
}
async function waitForSql(sql, timeoutSeconds, what, logHint) {
    const r = await (0,wait/* waitUntil */.a0)(async () => {
        try {
            await sql.query('SELECT 1');
            return { done: true, value: undefined };
        }
        catch (e) {
            return (0,wait/* notYet */.y8)(e);
        }
    }, { timeoutMs: timeoutSeconds * 1000, intervalMs: 250 });
    if (r.timedOut) {
        throw new errors/* AzaError */.TF('START_FAILED', `PostgreSQL failed to start after promotion: ${what} did not accept connections within ${timeoutSeconds} s (${r.why})`, logHint);
    }
}
function firstLine(text) {
    const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
    return line.replace(/^(psql|pg_basebackup|pg_ctl): (error: )?/, '').trim();
}

;// CONCATENATED MODULE: ./src/core/target-container.ts
/**
 * The container target: `docker exec` as the OS user postgres reaches its psql and its files. With
 * a session, one psql inside it answers every query until close() (one `docker exec` in all).
 */





/** A container target as messages name it; `docker exec` reaches its files and its psql. */
function containerInfo(spec) {
    const name = (0,exec/* shellWord */.r7)(spec.container);
    const logHint = () => `docker logs ${name} | tail -50`;
    return {
        kind: 'container',
        label: `container ${spec.container}`,
        noun: 'Container',
        dataDir: spec.dataDir,
        promoteMethod: 'pg_promote',
        filesPlace: 'inside the container',
        psqlCommand: (text) => `docker exec ${name} psql -U ${(0,exec/* shellWord */.r7)(spec.user)} -c ${(0,exec/* shellWord */.r7)(text)}`,
        shellCommand: (command) => `docker exec ${name} ${command}`,
        logHint,
        stopHint: () => `docker stop ${name}`,
        stillInRecoveryHint: (standbySignal) => [
            `Check PostgreSQL logs: ${logHint()}`,
            `Manually verify standby.signal: docker exec ${name} ls -la ${standbySignal}`,
            `If the file exists, remove it and restart: docker exec ${name} rm -f ${standbySignal}; docker restart ${name}`,
        ].join('\n'),
    };
}
async function openContainer(spec, env, session) {
    // A session starts psql at once and checks the container only when that fails (what the checks
    // say is then the error); a name docker could read as an option is checked first.
    if (session && /^[A-Za-z0-9]/.test(spec.container))
        return openContainerSession(spec, env);
    const state = await (0,docker/* requireRunningContainer */.G3)(spec.container, env);
    const id = state.id;
    const info = containerInfo(spec);
    const label = info.label;
    const name = (0,exec/* shellWord */.r7)(spec.container);
    const sql = (0,pg/* sqlClient */.S_)(async (text, database) => {
        const r = await (0,docker/* dockerExec */.SW)(id, label, ['psql', ...pg/* PSQL_QUERY_ARGS */.Cb, '-U', spec.user, '-d', database ?? spec.database, '-c', text], env, {
            timeoutMs: 120000,
        });
        if (r.code !== 0)
            throw containerSqlFailure(label, name, r.code, r.stderr);
        return (0,pg/* parseRows */.ti)(r.stdout);
    });
    return containerTarget(spec, env, id, sql);
}
function containerSqlFailure(label, name, code, stderr) {
    if (code === 2) {
        return new errors/* AzaError */.TF('CONNECTION_FAILED', `PostgreSQL in ${label} does not accept connections: ${firstLine(stderr)}`, `Check its log: docker logs ${name} | tail -50`);
    }
    return new errors/* AzaError */.TF('SQL_FAILED', `SQL failed in ${label}: ${firstLine(stderr)}`);
}
/** The container target over one psql session inside it: one `docker exec` for all its SQL. */
async function openContainerSession(spec, env) {
    const info = containerInfo(spec);
    const label = info.label;
    const name = (0,exec/* shellWord */.r7)(spec.container);
    const session = containerSession(spec, env, spec.container, true);
    try {
        await session.query('SELECT 1');
    }
    catch (e) {
        session.kill();
        // Docker missing or down, no such container, a stopped one: said as the checks say it.
        await (0,docker/* requireRunningContainer */.G3)(spec.container, env);
        throw e;
    }
    const sql = (0,pg/* sqlClient */.S_)(async (text, database) => {
        if (database === undefined || database === spec.database)
            return session.query(text);
        const r = await (0,docker/* dockerExec */.SW)(spec.container, label, ['psql', ...pg/* PSQL_QUERY_ARGS */.Cb, '-U', spec.user, '-d', database, '-c', text], env, {
            timeoutMs: 120000,
        });
        if (r.code !== 0)
            throw containerSqlFailure(label, name, r.code, r.stderr);
        return (0,pg/* parseRows */.ti)(r.stdout);
    });
    return containerTarget(spec, env, spec.container, sql, () => void session.close().catch(() => session.kill()));
}
/** psql inside the container as one session (docker exec -i), the container named by name or id. */
function containerSession(spec, env, id, reopen) {
    const label = containerInfo(spec).label;
    const name = (0,exec/* shellWord */.r7)(spec.container);
    const psqlArgs = ['psql', ...pg/* PSQL_QUERY_ARGS */.Cb, '-U', spec.user, '-d', spec.database];
    return new pg/* PsqlSession */.f6('psql', { host: '', port: 0, user: spec.user, database: spec.database }, env, spec.database, {
        reopen,
        launch: {
            cmd: 'docker',
            args: ['exec', '-i', '-u', 'postgres', id, ...psqlArgs],
            env,
            failure: (code, stderr) => (0,docker/* dockerExecFault */.q4)(label, 'psql', code, stderr) ?? containerSqlFailure(label, name, code, stderr),
        },
    });
}
function containerTarget(spec, env, id, sql, 
/** Set for a session target: ends it. */
close) {
    const info = containerInfo(spec);
    const label = info.label;
    const name = (0,exec/* shellWord */.r7)(spec.container);
    const inSession = close !== undefined;
    return {
        ...info,
        sql,
        session: () => containerSession(spec, env, id, false),
        close: close ?? (() => { }),
        promote: inSession ? promoteInSession(sql) : promoteOverSql(sql),
        async fileExists(path) {
            // In a session, a question to the server (a superuser's pg_stat_file) costs no docker exec.
            if (inSession) {
                const known = await sql.query(`SELECT pg_stat_file(${(0,pg/* quoteLiteral */.ce)(path)}, true) IS NOT NULL`).then((rows) => rows[0]?.[0] === 't', () => undefined);
                if (known !== undefined)
                    return known;
            }
            const r = await (0,docker/* dockerExec */.SW)(id, label, ['test', '-e', path], env, { timeoutMs: 30000 });
            return r.code === 0;
        },
        async removeFile(path) {
            const r = await (0,docker/* dockerExec */.SW)(id, label, ['rm', '-f', '--', path], env, { timeoutMs: 30000 });
            return r.code === 0;
        },
        async baseBackup(dir) {
            const r = await (0,docker/* dockerExec */.SW)(id, label, ['pg_basebackup', '-U', spec.user, '-D', dir, '-X', 'stream', '-c', 'fast'], env, {
                timeoutMs: 6 * 3600 * 1000,
            });
            if (r.code !== 0)
                throw new errors/* AzaError */.TF('BACKUP_FAILED', `pg_basebackup to ${dir} in ${label} failed: ${firstLine(r.stderr)}`);
        },
        async restart(timeoutSeconds) {
            await (0,exec/* run */.eF)('docker', ['restart', id], { env, timeoutMs: 120000 });
            await waitForSql(sql, timeoutSeconds, label, `Check its log: docker logs ${name}. Common causes: configuration errors in postgresql.conf, a port conflict with the old primary, too little memory.`);
        },
    };
}

// EXTERNAL MODULE: ./src/core/pg-tools.ts
var pg_tools = __webpack_require__(9928);
;// CONCATENATED MODULE: ./src/core/target-types.ts
const TARGET_KINDS = ['container', 'data-dir', 'connection'];

;// CONCATENATED MODULE: ./src/core/target.ts
/**
 * A Target says how to reach one PostgreSQL instance: inside a Docker container (docker exec), a
 * local data directory (pg_ctl and psql over its unix socket, as the directory's owner), or a plain
 * connection. SQL runs through the same SqlClient whatever the target, so an operation is written
 * once; the few things that need the server's host (files in the data directory, a restart) are
 * methods that say when a target cannot do them.
 *
 * Opening a target is the prerequisite check: each failure names what to fix. Nothing here goes
 * through a shell; a container name is one argv element, whatever characters it holds.
 */












function logAndSignalHint(logHint, standbySignal) {
    return `Check the server log (${logHint}) and whether ${standbySignal} still exists.`;
}
/** Opens a target: checks that it can be reached at all, and throws what to fix when not. */
async function openTarget(spec, opts = {}) {
    switch (spec.kind) {
        case 'container':
            return openContainer(spec, opts.env ?? process.env, opts.session === true);
        case 'data-dir':
            return openDataDir(spec, opts.env ?? process.env);
        case 'connection':
            return openConnection(spec, opts.env ?? process.env);
    }
}
// ---------------------------------------------------------------------------------------------
// Local data directory
/** A local data directory as messages name it; psql reaches it at `server` (its socket directory or address, and port). */
function dataDirInfo(spec, server) {
    const logHint = () => `the server log (log_directory under ${spec.dataDir}, or the file given to pg_ctl -l)`;
    return {
        kind: 'data-dir',
        label: `data directory ${spec.dataDir}`,
        noun: 'Server',
        dataDir: spec.dataDir,
        promoteMethod: 'pg_ctl promote',
        filesPlace: undefined,
        psqlCommand: (text) => `psql -h ${(0,exec/* shellWord */.r7)(server.host)} -p ${server.port} -U ${(0,exec/* shellWord */.r7)(spec.user)} -c ${(0,exec/* shellWord */.r7)(text)}`,
        shellCommand: (command) => command,
        logHint,
        stopHint: () => `pg_ctl stop -D ${(0,exec/* shellWord */.r7)(spec.dataDir)} (as its owner)`,
        stillInRecoveryHint: (standbySignal) => logAndSignalHint(logHint(), standbySignal),
    };
}
async function openDataDir(spec, env) {
    const { pidFile, major, uid, gid } = (0,data_dir/* inspectDataDir */.Yu)(spec.dataDir);
    const myUid = process.getuid?.();
    // PostgreSQL's tools refuse root, and peer authentication maps the OS user: act as the owner.
    const asOwner = myUid === 0 && uid !== 0 ? { uid, gid } : {};
    if (myUid !== undefined && myUid !== 0 && myUid !== uid) {
        throw new errors/* AzaError */.TF('NOT_DATA_DIR_OWNER', `${spec.dataDir} belongs to uid ${uid}, and this process runs as uid ${myUid}`, "Run as the data directory's owner (sudo -u postgres …) or as root, which switches to the owner.");
    }
    const binDir = spec.pgBinDir ?? (0,data_dir/* serverBinDir */.os)(pidFile.pid);
    const tool = async (name) => binDir && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(binDir, name)) ? (0,external_node_path_.join)(binDir, name) : (await (0,pg_tools/* requireTool */.Y0)(name, major, { env })).path;
    const [psql, pgCtl] = await Promise.all([tool('psql'), tool('pg_ctl')]);
    const host = pidFile.socketDir ?? (pidFile.listenAddress && pidFile.listenAddress !== '*' ? pidFile.listenAddress : 'localhost');
    const conn = { host, port: pidFile.port, user: spec.user, database: spec.database };
    const info = dataDirInfo(spec, { host, port: pidFile.port });
    const label = info.label;
    const ownerEnv = { ...env, LC_ALL: 'C.UTF-8' };
    const runOwner = (cmd, args, opts = {}) => (0,exec/* run */.eF)(cmd, args, { ...asOwner, cwd: '/', allowFailure: true, ...opts });
    const sql = (0,pg/* sqlClient */.S_)(async (text, database) => {
        const r = await runOwner(psql, [...pg/* PSQL_QUERY_ARGS */.Cb, '-c', text], { env: (0,pg/* libpqEnv */.kY)(conn, env, database), timeoutMs: 120000 });
        if (r.code === 2)
            throw (0,pg/* connectionError */.$t)(r.stderr, conn);
        if (r.code !== 0)
            throw new errors/* AzaError */.TF('SQL_FAILED', `SQL failed on ${label}: ${firstLine(r.stderr)}`);
        return (0,pg/* parseRows */.ti)(r.stdout);
    });
    return {
        ...info,
        sql,
        session: () => new pg/* PsqlSession */.f6(psql, conn, env, undefined, { launch: { cmd: psql, args: pg/* PSQL_QUERY_ARGS */.Cb, env: (0,pg/* libpqEnv */.kY)(conn, env), ...asOwner } }),
        close() { },
        async promote(waitSeconds) {
            const r = await runOwner(pgCtl, ['promote', '-D', spec.dataDir, '-w', '-t', String(Math.floor(waitSeconds))], {
                env: ownerEnv,
                timeoutMs: (waitSeconds + 30) * 1000,
            });
            if (r.code === 0)
                return true;
            if (/not in standby mode/i.test(r.stderr))
                throw new errors/* AzaError */.TF('NOT_IN_RECOVERY', `Server is not in recovery mode: ${label} is already a primary`);
            if (/did not promote in time|server did not promote/i.test(`${r.stdout}${r.stderr}`))
                return false;
            throw new errors/* AzaError */.TF('PROMOTE_FAILED', `pg_ctl promote failed on ${label}: ${firstLine(r.stderr || r.stdout)}`);
        },
        async fileExists(path) {
            return (0,external_node_fs_.existsSync)(path);
        },
        async removeFile(path) {
            try {
                (0,external_node_fs_.unlinkSync)(path);
                return true;
            }
            catch (e) {
                return e.code === 'ENOENT';
            }
        },
        async baseBackup(dir) {
            const r = await runOwner(binDir && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(binDir, 'pg_basebackup'))
                ? (0,external_node_path_.join)(binDir, 'pg_basebackup')
                : (await (0,pg_tools/* requireTool */.Y0)('pg_basebackup', major, { env })).path, ['-D', dir, '-X', 'stream', '-c', 'fast'], {
                env: (0,pg/* libpqEnv */.kY)(conn, env),
                timeoutMs: 6 * 3600 * 1000,
            });
            if (r.code !== 0)
                throw new errors/* AzaError */.TF('BACKUP_FAILED', `pg_basebackup to ${dir} failed: ${firstLine(r.stderr)}`);
        },
        async restart(timeoutSeconds) {
            // pg_ctl hands the server its stdout when no log file is named, and we would wait on that
            // pipe forever: the restarted server logs to a file instead.
            const log = (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), `aza-pg-restart-${pidFile.port}-${Date.now()}.log`);
            const r = await runOwner(pgCtl, ['restart', '-D', spec.dataDir, '-m', 'fast', '-w', '-t', String(timeoutSeconds), '-l', log], {
                env: ownerEnv,
                timeoutMs: (timeoutSeconds + 60) * 1000,
            });
            if (r.code !== 0)
                throw new errors/* AzaError */.TF('START_FAILED', `PostgreSQL failed to start after promotion: ${firstLine(r.stderr || r.stdout)}`, `Check the log: ${log}`);
            await waitForSql(sql, timeoutSeconds, label, `Check the log: ${log}`);
        },
    };
}
// ---------------------------------------------------------------------------------------------
// Connection
/** A server over a connection as messages name it; its files are on its host, out of reach. */
function connectionInfo(spec) {
    const c = spec.connection;
    const logHint = () => `the server log on ${c.host}`;
    return {
        kind: 'connection',
        label: `server ${(0,pg/* describeConnection */.If)(c)}`,
        noun: 'Server',
        dataDir: undefined,
        promoteMethod: 'pg_promote',
        filesPlace: undefined,
        psqlCommand: (text) => `psql -h ${(0,exec/* shellWord */.r7)(c.host)} -p ${c.port} -U ${(0,exec/* shellWord */.r7)(c.user)} -d ${(0,exec/* shellWord */.r7)(c.database)} -c ${(0,exec/* shellWord */.r7)(text)}`,
        // pg_basebackup runs here and writes here.
        shellCommand: (command) => command,
        logHint,
        stopHint: () => `on ${c.host}: docker stop <container>, pg_ctl stop -D <data dir>, or systemctl stop postgresql`,
        stillInRecoveryHint: (standbySignal) => logAndSignalHint(logHint(), standbySignal),
    };
}
async function openConnection(spec, env) {
    const psql = (await (0,pg_tools/* requireTool */.Y0)('psql', undefined, { env, ...(spec.pgBinDir ? { binDir: spec.pgBinDir } : {}) })).path;
    const c = spec.connection;
    const sql = (0,pg/* psqlClient */.Io)(psql, c, env);
    const info = connectionInfo(spec);
    const label = info.label;
    return {
        ...info,
        sql,
        session: () => new pg/* PsqlSession */.f6(psql, c, env),
        close() { },
        promote: promoteOverSql(sql),
        async fileExists(file) {
            // pg_stat_file needs superuser (or pg_read_server_files); without it we cannot tell.
            try {
                const rows = await sql.query(`SELECT (pg_stat_file('${file.replace(/'/g, "''")}', true)).size IS NOT NULL`);
                return rows[0]?.[0] === 't';
            }
            catch {
                return undefined;
            }
        },
        async removeFile() {
            return false;
        },
        async baseBackup(dir) {
            const tool = (await (0,pg_tools/* requireTool */.Y0)('pg_basebackup', undefined, { env, ...(spec.pgBinDir ? { binDir: spec.pgBinDir } : {}) })).path;
            const r = await (0,exec/* run */.eF)(tool, ['-D', dir, '-X', 'stream', '-c', 'fast'], {
                env: (0,pg/* libpqEnv */.kY)(c, env),
                allowFailure: true,
                secrets: (0,pg/* connectionSecrets */.K$)(c),
                timeoutMs: 6 * 3600 * 1000,
            });
            if (r.code !== 0)
                throw new errors/* AzaError */.TF('BACKUP_FAILED', `pg_basebackup to ${dir} failed: ${firstLine(r.stderr)}`);
        },
        async restart() {
            throw new errors/* AzaError */.TF('RESTART_UNSUPPORTED', `A restart is not possible over a connection (${label})`, 'Restart the server on its host, or use the container or data-dir target.');
        },
    };
}


/***/ })

};
