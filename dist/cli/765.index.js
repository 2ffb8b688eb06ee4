export const id = 765;
export const ids = [765];
export const modules = {

/***/ 1756:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q7: () => (/* binding */ connectionSettings),
/* harmony export */   Ur: () => (/* binding */ CONNECTION_OPTIONS),
/* harmony export */   av: () => (/* binding */ clientBinDir)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _client_container_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5838);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9892);
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5593);
/**
 * The connection vocabulary every operation that talks to a server draws from, so `host`, `port`,
 * `password`, … mean the same thing in every action and command. Their defaults are libpq's
 * environment (PGHOST, PGPORT, …), resolved by pg.resolveConnection.
 */




const CONNECTION_OPTIONS = [
    { name: 'host', description: 'Server host name, IP address or socket directory', defaultText: 'PGHOST, else localhost' },
    { name: 'port', description: 'Server port', defaultText: 'PGPORT, else 5432' },
    { name: 'user', description: 'User name', defaultText: 'PGUSER, else postgres' },
    {
        name: 'password',
        description: 'Password; pass a secret. Given to the tools through the environment, never on a command line',
        defaultText: 'PGPASSWORD or ~/.pgpass',
        secret: true,
        only: 'action',
    },
    {
        name: 'connection-uri',
        description: 'postgresql://user:password@host:port/database?sslmode=… (the other connection options win over it)',
        secret: true,
    },
    { name: 'sslmode', description: `TLS mode: ${_pg_js__WEBPACK_IMPORTED_MODULE_3__/* .SSL_MODES */ .yj.join(', ')}`, defaultText: "PGSSLMODE, else libpq's default (prefer)" },
    { name: 'sslrootcert', description: 'CA certificate file for sslmode verify-ca / verify-full', defaultText: 'PGSSLROOTCERT' },
    {
        name: 'pg-bin-dir',
        description: 'Directory holding the PostgreSQL client tools (pg_dump, psql, pg_restore)',
        defaultText: 'PATH and the usual install locations; the client of the server major is preferred, a newer one accepted',
    },
    {
        name: 'client-image',
        description: 'Docker image whose PostgreSQL client tools to use (e.g. postgres:17): run with docker run --rm -i --network host, streaming to this machine',
        defaultText: 'none: the client tools of this machine',
    },
    {
        name: 'client-container',
        description: 'Running Docker container whose PostgreSQL client tools to use (docker exec; file paths are inside the container)',
        defaultText: 'none: the client tools of this machine',
    },
];
/**
 * The directory of the client tools the user chose: pg-bin-dir (absolute), or the stand-in
 * directory of a client image or container (client-container.ts); undefined to discover them.
 */
function clientBinDir(inputs, cwd) {
    const chosen = ['pg-bin-dir', 'client-image', 'client-container'].filter((n) => inputs.string(n) !== undefined);
    if (chosen.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('INVALID_INPUT', `${chosen.map((n) => inputs.label(n)).join(' and ')} each name the client tools; give one`, 'Keep the one that holds a client of the server major or newer.');
    }
    const binDir = inputs.string('pg-bin-dir');
    if (binDir !== undefined)
        return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(cwd, binDir);
    const image = inputs.string('client-image');
    if (image !== undefined)
        return (0,_client_container_js__WEBPACK_IMPORTED_MODULE_1__/* .clientContainerBinDir */ .Zo)('image', image);
    const container = inputs.string('client-container');
    if (container !== undefined)
        return (0,_client_container_js__WEBPACK_IMPORTED_MODULE_1__/* .clientContainerBinDir */ .Zo)('container', container);
    return undefined;
}
function connectionSettings(inputs, env, database) {
    const port = inputs.string('port');
    const sslmode = inputs.oneOf('sslmode', _pg_js__WEBPACK_IMPORTED_MODULE_3__/* .SSL_MODES */ .yj);
    return (0,_pg_js__WEBPACK_IMPORTED_MODULE_3__/* .resolveConnection */ .XC)({
        env,
        uri: inputs.string('connection-uri'),
        inputs: {
            host: inputs.string('host'),
            port: port === undefined ? undefined : (0,_pg_js__WEBPACK_IMPORTED_MODULE_3__/* .parsePort */ .pz)(port, inputs.label('port')),
            user: inputs.string('user'),
            password: inputs.verbatim('password'),
            sslmode,
            sslrootcert: inputs.string('sslrootcert'),
            database,
        },
    });
}


/***/ }),

/***/ 9928:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ discoverTool),
/* harmony export */   Y0: () => (/* binding */ requireTool),
/* harmony export */   fE: () => (/* binding */ isPgWrapper),
/* harmony export */   q1: () => (/* binding */ chooseTool)
/* harmony export */ });
/* unused harmony exports systemBinDirs, searchDirs, parseToolVersion, toolTooOld */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _client_container_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5838);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4551);
/**
 * Discovery of PostgreSQL client and server binaries. Several majors often sit side by side
 * (Debian's /usr/lib/postgresql/N/bin); a client must be at least as new as the server it talks
 * to, so discovery lists every candidate with its version and `chooseTool` picks.
 */





/** Directories where PostgreSQL packages put their binaries, newest major first. */
function systemBinDirs() {
    const dirs = [];
    const versioned = (root, prefix, suffix) => {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(root))
            return;
        const found = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(root)
            .filter((n) => n.startsWith(prefix))
            .map((n) => ({ n, v: Number.parseFloat(n.slice(prefix.length)) }))
            .filter((x) => Number.isFinite(x.v))
            .sort((a, b) => b.v - a.v);
        for (const { n } of found)
            dirs.push((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, n, suffix));
    };
    versioned('/usr/lib/postgresql', '', 'bin');
    versioned('/usr', 'pgsql-', 'bin');
    versioned('/opt/homebrew/opt', 'postgresql@', 'bin');
    versioned('/usr/local/opt', 'postgresql@', 'bin');
    return dirs;
}
function searchDirs(opts) {
    if (opts.binDir)
        return [opts.binDir];
    const env = opts.env ?? process.env;
    const fromPath = (env.PATH ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_1__.delimiter).filter(Boolean);
    return [...new Set([...fromPath, ...systemBinDirs()])];
}
/** "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> { version: "15.18", major: 15 } */
function parseToolVersion(text) {
    const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text) ?? /PostgreSQL\)?\s+(\d+)(?:\.(\d+))?/.exec(text);
    if (!m)
        return undefined;
    const major = Number(m[1]);
    // Before 10 the major was two numbers (9.6); nobody should still run those, but parse them right.
    const version = [m[1], m[2], m[3]].filter((x) => x !== undefined).join('.');
    return { version, major: major < 10 && m[2] ? Number(`${m[1]}.${m[2]}`) : major };
}
const versionCache = new Map();
async function probe(path) {
    if (versionCache.has(path))
        return versionCache.get(path) ?? undefined;
    let found;
    try {
        const r = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .run */ .eF)(path, ['--version'], { allowFailure: true, timeoutMs: 10000 });
        const v = r.code === 0 ? parseToolVersion(r.stdout) : undefined;
        if (v)
            found = { path, ...v };
    }
    catch {
        found = undefined;
    }
    versionCache.set(path, found ?? null);
    return found;
}
/**
 * Debian's pg_wrapper (/usr/bin/pg_dump and friends, a Perl script) only runs one of the versioned
 * binaries in /usr/lib/postgresql/N/bin, which are candidates of their own: probing it adds a Perl
 * start per tool and finds nothing new.
 */
function isPgWrapper(path) {
    try {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(path)) === 'pg_wrapper';
    }
    catch {
        return false;
    }
}
/** Every usable copy of `name` on this machine, in search order, duplicates removed (probed at once). */
async function discoverTool(name, opts = {}) {
    const paths = new Map();
    for (const dir of searchDirs(opts)) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
        // A client container's tools are not files here: probing them says whether they exist.
        if ((0,_client_container_js__WEBPACK_IMPORTED_MODULE_2__/* .isClientContainerPath */ .id)(path)) {
            paths.set(path, path);
            continue;
        }
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
            continue;
        // /bin/pg_dump and /usr/bin/pg_dump are one file where /bin links to /usr/bin.
        const real = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(path);
        // The wrapper is skipped unless it is what was asked for (--pg-bin-dir /usr/bin).
        if ((opts.binDir || !isPgWrapper(real)) && ![...paths.values()].includes(real))
            paths.set(path, real);
    }
    const found = await Promise.all([...paths.keys()].map(probe));
    return found.filter((c) => c !== undefined);
}
/**
 * Pure choice: the candidate of the server's own major if there is one (its output suits that
 * server best), otherwise the newest that is newer than the server. Undefined when every
 * candidate is older than the server.
 */
function chooseTool(candidates, serverMajor) {
    if (candidates.length === 0)
        return undefined;
    if (serverMajor === undefined)
        return [...candidates].sort((a, b) => b.major - a.major)[0];
    const same = candidates.find((c) => c.major === serverMajor);
    if (same)
        return same;
    return candidates.filter((c) => c.major > serverMajor).sort((a, b) => b.major - a.major)[0];
}
/** Finds `name` suitable for a server of `serverMajor`, or throws the error a user can act on. */
async function requireTool(name, serverMajor, opts = {}) {
    const candidates = await discoverTool(name, opts);
    if (candidates.length === 0) {
        const e = (0,_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .commandNotFound */ .Jy)(name);
        if (opts.binDir) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF(e.code, `${e.message} (looked in ${opts.binDir})`, e.hint);
        }
        throw e;
    }
    const chosen = chooseTool(candidates, serverMajor);
    if (!chosen)
        throw toolTooOld(name, candidates, serverMajor);
    return chosen;
}
function toolTooOld(name, candidates, serverMajor) {
    const list = candidates.map((c) => `${c.path} (${c.version})`).join(', ');
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('TOOL_TOO_OLD', `The server runs PostgreSQL ${serverMajor}, but every ${name} found is older: ${list}`, [
        `${name} must be of major version ${serverMajor} or newer. Ways forward:`,
        `  - in a workflow, add the aza-pg/setup-pg-client action with major: ${serverMajor} before this step, and pass its bin-dir output as pg-bin-dir;`,
        `    on a machine, aza-pg setup-client --major ${serverMajor} finds or installs that client and prints its directory;`,
        `  - or take the client from a container of the server's major: --client-image postgres:${serverMajor} (input client-image),`,
        `    or --client-container <name> for a running container that has it (input client-container);`,
        `  - or install postgresql-client-${serverMajor} (or newer) and, if it is not on PATH, pass its directory with --pg-bin-dir (input pg-bin-dir).`,
    ].join('\n'));
}


/***/ }),

/***/ 5593:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Cb: () => (/* binding */ PSQL_QUERY_ARGS),
  f6: () => (/* binding */ PsqlSession),
  yj: () => (/* binding */ SSL_MODES),
  $t: () => (/* binding */ connectionError),
  K$: () => (/* binding */ connectionSecrets),
  If: () => (/* binding */ describeConnection),
  kY: () => (/* binding */ libpqEnv),
  Np: () => (/* reexport */ majorOfVersionNum),
  sq: () => (/* binding */ parseConnectionUri),
  pz: () => (/* binding */ parsePort),
  ti: () => (/* binding */ parseRows),
  _D: () => (/* reexport */ probeServer),
  Io: () => (/* binding */ psqlClient),
  v4: () => (/* binding */ quoteIdent),
  ce: () => (/* binding */ quoteLiteral),
  XC: () => (/* binding */ resolveConnection),
  S_: () => (/* reexport */ sqlClient),
  $V: () => (/* binding */ utf8Env)
});

// UNUSED EXPORTS: CONNECTION_DEFAULTS, SERVER_FACTS_SQL, connectionFromEnv, isLocalHost, parseServerFacts, parseSslMode, passfilePath, passwordAvailable, pgpassHasEntry

// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/exec.ts + 2 modules
var exec = __webpack_require__(4551);
;// CONCATENATED MODULE: ./src/core/sql-client.ts
/** A SqlClient from its query function (exec is a query whose rows are dropped). */
function sqlClient(query) {
    return { query, exec: async (sql, database) => void (await query(sql, database)) };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/core/pgpass.ts
/**
 * pgpass (https://www.postgresql.org/docs/current/libpq-pgpass.html), so "is a password
 * available?" can be answered before connecting.
 */



function pgpassHasEntry(content, c) {
    for (const raw of content.split(/\r?\n/)) {
        if (raw.trim() === '' || raw.trimStart().startsWith('#'))
            continue;
        const fields = [];
        let cur = '';
        for (let i = 0; i < raw.length; i++) {
            const ch = raw[i];
            if (ch === '\\' && i + 1 < raw.length)
                cur += raw[++i];
            else if (ch === ':' && fields.length < 4) {
                fields.push(cur);
                cur = '';
            }
            else
                cur += ch;
        }
        fields.push(cur);
        if (fields.length < 5)
            continue;
        const [h, p, d, u] = fields;
        const hostOk = h === '*' || h === c.host || (h === 'localhost' && c.host.startsWith('/'));
        if (hostOk && (p === '*' || p === String(c.port)) && (d === '*' || d === c.database) && (u === '*' || u === c.user))
            return true;
    }
    return false;
}
function passfilePath(c, env = process.env) {
    return c.passfile ?? env.PGPASSFILE ?? join(env.HOME ?? homedir(), '.pgpass');
}
function passwordAvailable(c, env = process.env) {
    if (c.password !== undefined && c.password !== '')
        return true;
    const file = passfilePath(c, env);
    try {
        return existsSync(file) && pgpassHasEntry(readFileSync(file, 'utf8'), c);
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/core/server-facts.ts
/** What planning needs to know about a server, asked once when it is first contacted. */

const SERVER_FACTS_SQL = `SELECT current_setting('server_version_num'), current_setting('server_version'),
  (SELECT system_identifier::text FROM pg_control_system()), pg_is_in_recovery()::text, pg_database_size(current_database())::text`;
/** server_version_num -> major: 160004 -> 16, 90624 -> 9.6 (before 10 the major had two parts). */
function majorOfVersionNum(versionNum) {
    return versionNum >= 100000 ? Math.floor(versionNum / 10000) : Math.floor(versionNum / 100) / 100;
}
function parseServerFacts(row) {
    const versionNum = Number(row[0]);
    return {
        versionNum,
        major: majorOfVersionNum(versionNum),
        version: (row[1] ?? '').split(' ')[0],
        systemIdentifier: row[2] || undefined,
        inRecovery: row[3] === 'true',
        databaseSizeBytes: row[4] ? Number(row[4]) : undefined,
    };
}
/** Connects and reads the server's facts; the first contact, so its errors are the helpful ones. */
async function probeServer(client, database) {
    let rows;
    try {
        rows = await client.query(SERVER_FACTS_SQL, database);
    }
    catch (e) {
        // pg_control_system() is superuser/pg_monitor only on some setups: retry without it.
        if (e instanceof errors/* AzaError */.TF && e.code === 'SQL_FAILED' && /permission denied/.test(e.message)) {
            rows = await client.query(SERVER_FACTS_SQL.replace('(SELECT system_identifier::text FROM pg_control_system())', "''"), database);
        }
        else
            throw e;
    }
    if (!rows[0])
        throw new errors/* AzaError */.TF('SQL_FAILED', 'The server returned no version information');
    return parseServerFacts(rows[0]);
}

;// CONCATENATED MODULE: ./src/core/pg.ts



const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];
/** The spec's defaults: PGHOST localhost, PGPORT 5432, PGUSER postgres. */
const CONNECTION_DEFAULTS = { host: 'localhost', port: 5432, user: 'postgres', database: 'postgres' };
function connectionFromEnv(env) {
    const c = {};
    if (env.PGHOST)
        c.host = env.PGHOST;
    if (env.PGPORT)
        c.port = parsePort(env.PGPORT, 'PGPORT');
    if (env.PGUSER)
        c.user = env.PGUSER;
    if (env.PGDATABASE)
        c.database = env.PGDATABASE;
    if (env.PGPASSWORD)
        c.password = env.PGPASSWORD;
    if (env.PGPASSFILE)
        c.passfile = env.PGPASSFILE;
    if (env.PGSSLMODE)
        c.sslmode = parseSslMode(env.PGSSLMODE, 'PGSSLMODE');
    if (env.PGSSLROOTCERT)
        c.sslrootcert = env.PGSSLROOTCERT;
    if (env.PGSSLCERT)
        c.sslcert = env.PGSSLCERT;
    if (env.PGSSLKEY)
        c.sslkey = env.PGSSLKEY;
    return c;
}
function parsePort(value, what) {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > 65535) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `Invalid ${what} "${value}": a port is a whole number from 1 to 65535`, `Set ${what} to the server's port, e.g. 5432.`);
    }
    return n;
}
function parseSslMode(value, what) {
    if (SSL_MODES.includes(value))
        return value;
    throw new errors/* AzaError */.TF('INVALID_INPUT', `Invalid ${what} "${value}"`, `Use one of: ${SSL_MODES.join(', ')}.`);
}
/**
 * postgresql://user:password@host:port/database?sslmode=require
 * The password is decoded here and from then on handled like any other secret.
 */
function parseConnectionUri(uri) {
    let u;
    try {
        u = new URL(uri);
    }
    catch {
        throw new errors/* AzaError */.TF('INVALID_INPUT', 'The connection URI is not a valid URI', 'Write it as postgresql://user:password@host:port/database?sslmode=require');
    }
    if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `The connection URI must start with postgresql:// (got ${u.protocol}//)`, 'Write it as postgresql://user:password@host:port/database');
    }
    const c = {};
    if (u.hostname)
        c.host = decodeURIComponent(u.hostname.replace(/^\[(.*)\]$/, '$1'));
    if (u.port)
        c.port = parsePort(u.port, 'port in the connection URI');
    if (u.username)
        c.user = decodeURIComponent(u.username);
    if (u.password)
        c.password = decodeURIComponent(u.password);
    const db = u.pathname.replace(/^\//, '');
    if (db)
        c.database = decodeURIComponent(db);
    const q = u.searchParams;
    if (q.get('host'))
        c.host = q.get('host');
    if (q.get('port'))
        c.port = parsePort(q.get('port'), 'port in the connection URI');
    if (q.get('user'))
        c.user = q.get('user');
    if (q.get('password'))
        c.password = q.get('password');
    if (q.get('dbname'))
        c.database = q.get('dbname');
    if (q.get('sslmode'))
        c.sslmode = parseSslMode(q.get('sslmode'), 'sslmode in the connection URI');
    if (q.get('sslrootcert'))
        c.sslrootcert = q.get('sslrootcert');
    if (q.get('sslcert'))
        c.sslcert = q.get('sslcert');
    if (q.get('sslkey'))
        c.sslkey = q.get('sslkey');
    if (q.get('passfile'))
        c.passfile = q.get('passfile');
    return c;
}
function definedOnly(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}
/** Environment < URI < explicit inputs; the spec's defaults fill the rest. */
function resolveConnection(sources) {
    const fromEnv = connectionFromEnv(sources.env ?? {});
    const fromUri = sources.uri ? parseConnectionUri(sources.uri) : {};
    return { ...CONNECTION_DEFAULTS, ...definedOnly(fromEnv), ...definedOnly(fromUri), ...definedOnly(sources.inputs ?? {}) };
}
/** For logs and summaries: never includes the password. */
function describeConnection(c) {
    const host = c.host.startsWith('/') ? `socket ${c.host}` : c.host.includes(':') ? `[${c.host}]` : c.host;
    return `${c.user}@${host}:${c.port}/${c.database}`;
}
function isLocalHost(host) {
    return host.startsWith('/') || host === 'localhost' || host === '127.0.0.1' || host === '::1';
}
const LIBPQ_VARS = [
    'PGHOST',
    'PGHOSTADDR',
    'PGPORT',
    'PGUSER',
    'PGDATABASE',
    'PGPASSWORD',
    'PGPASSFILE',
    'PGSERVICE',
    'PGSERVICEFILE',
    'PGSSLMODE',
    'PGSSLROOTCERT',
    'PGSSLCERT',
    'PGSSLKEY',
    'PGSSLCRL',
    'PGREQUIRESSL',
    'PGOPTIONS',
    'PGAPPNAME',
];
/**
 * The environment for a libpq child: the caller's environment without any inherited libpq
 * settings, then exactly this connection. `database` overrides the connection's database.
 */
function libpqEnv(c, base = process.env, database) {
    const env = {};
    for (const [k, v] of Object.entries(base))
        if (!LIBPQ_VARS.includes(k))
            env[k] = v;
    env.PGHOST = c.host;
    env.PGPORT = String(c.port);
    env.PGUSER = c.user;
    env.PGDATABASE = database ?? c.database;
    env.PGAPPNAME = 'aza-pg';
    // Fail instead of hanging on a password prompt when no password is available.
    env.PGCONNECT_TIMEOUT = base.PGCONNECT_TIMEOUT ?? '10';
    if (c.password !== undefined)
        env.PGPASSWORD = c.password;
    if (c.passfile)
        env.PGPASSFILE = c.passfile;
    if (c.sslmode)
        env.PGSSLMODE = c.sslmode;
    if (c.sslrootcert)
        env.PGSSLROOTCERT = c.sslrootcert;
    if (c.sslcert)
        env.PGSSLCERT = c.sslcert;
    if (c.sslkey)
        env.PGSSLKEY = c.sslkey;
    return env;
}
/** Secrets of a connection, for redaction. */
function connectionSecrets(c) {
    return c.password ? [c.password] : [];
}

// ---------------------------------------------------------------------------------------------
// SQL through psql: the same client whatever the target, so a container or a data directory is
// reached the same way as a server over TCP.
function quoteIdent(name) {
    return `"${name.replace(/"/g, '""')}"`;
}
function quoteLiteral(value) {
    return `'${value.replace(/'/g, "''")}'`;
}
const FIELD_SEP = '\x1f';
const RECORD_SEP = '\x1e';
/**
 * -w: a psql that reads its queries from a pipe must never prompt (without a terminal it took the
 * first query for the password); a missing password then fails as such.
 */
const PSQL_QUERY_ARGS = ['-X', '-w', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-F', FIELD_SEP, '-R', RECORD_SEP];
/** Parses psql's unaligned, tuples-only output (our separators) into rows of fields. */
function parseRows(text) {
    const body = text.replace(/\n$/, '');
    if (body === '')
        return [];
    return body.split(RECORD_SEP).map((r) => r.replace(/^\n/, '').split(FIELD_SEP));
}
/** Turns libpq's connection failures into errors that say what to fix. */
function connectionError(stderr, c) {
    const where = describeConnection(c);
    const text = (0,exec/* redact */.E$)(stderr, connectionSecrets(c)).trim();
    if (/no password supplied/.test(text)) {
        return new errors/* AzaError */.TF('PASSWORD_REQUIRED', 'PGPASSWORD environment variable required', `The server at ${where} asks for a password and none was given. Set PGPASSWORD (input password), ` +
            `or add a line to ~/.pgpass: "${c.host}:${c.port}:*:${c.user}:password" and chmod 600 ~/.pgpass.`);
    }
    if (/password authentication failed/.test(text)) {
        return new errors/* AzaError */.TF('AUTH_FAILED', `Password authentication failed for user "${c.user}" at ${where}`, 'Check the password (PGPASSWORD, input password, or ~/.pgpass) and the user name.');
    }
    const dbMissing = /database "(.*)" does not exist/.exec(text);
    if (dbMissing) {
        return new errors/* AzaError */.TF('DATABASE_NOT_FOUND', `Database "${dbMissing[1]}" does not exist on ${c.host}:${c.port}`, 'Check the name (psql -l lists the databases) or create it first: createdb NAME.');
    }
    if (/Connection refused|could not connect|could not translate host name|timeout expired|No route to host|Network is unreachable|No such file or directory/.test(text)) {
        return new errors/* AzaError */.TF('CONNECTION_FAILED', `Cannot connect to PostgreSQL at ${where}: ${firstLine(text)}`, `Check that the server runs and accepts TCP connections (pg_isready -h ${c.host} -p ${c.port}), that the port is exposed ` +
            '(docker ps), and that no firewall blocks it. Set PGHOST/PGPORT (inputs host/port) to the right address.');
    }
    if (/SSL|certificate/.test(text)) {
        return new errors/* AzaError */.TF('TLS_FAILED', `TLS connection to ${where} failed: ${firstLine(text)}`, 'Check sslmode and sslrootcert; for self-signed certificates trust the CA with PGSSLROOTCERT and sslmode=verify-ca.');
    }
    return new errors/* AzaError */.TF('CONNECTION_FAILED', `Cannot connect to PostgreSQL at ${where}: ${firstLine(text)}`);
}
function firstLine(text) {
    const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
    return line
        .replace(/^psql: (error: )?/, '')
        .replace(/^pg_dump: (error: )?/, '')
        .trim();
}

/** The environment for psql with UTF-8 text whatever the locale (names may be non-ASCII). */
function utf8Env(env) {
    return { ...env, PGCLIENTENCODING: env.PGCLIENTENCODING ?? 'UTF8' };
}
/** The line of psql's stderr that says what failed: the first ERROR/FATAL, else the first line. */
function errorLine(stderr) {
    const line = stderr.split('\n').find((l) => /^(psql:[^ ]* )?(ERROR|FATAL):/.test(l.trim()));
    return line ? firstLine(line.replace(/^psql:[^ ]* /, '')) : firstLine(stderr);
}
/** psql's exit status and stderr as an error: 2 = the connection failed or broke; 1 or 3 = the SQL failed. */
function psqlFailure(code, stderr, c) {
    if (code === 2)
        return connectionError(stderr, c);
    return new errors/* AzaError */.TF('SQL_FAILED', `SQL failed on ${describeConnection(c)}: ${errorLine((0,exec/* redact */.E$)(stderr, connectionSecrets(c)))}`);
}
/** A SqlClient over TCP/socket using the local psql binary: one process per query. */
function psqlClient(psqlPath, c, base = process.env) {
    return sqlClient(async (sql, database) => {
        const r = await (0,exec/* run */.eF)(psqlPath, [...PSQL_QUERY_ARGS, '-c', sql], {
            env: libpqEnv(c, base, database),
            allowFailure: true,
            secrets: connectionSecrets(c),
        });
        if (r.code !== 0)
            throw psqlFailure(r.code, r.stderr, { ...c, database: database ?? c.database });
        return parseRows(r.stdout);
    });
}
/**
 * A long-lived psql session on one database: one connection for many queries, and the one place
 * of the marker protocol (each query is followed by an \echo marker so its output can be told
 * from the next one's). Queries run one after another in the order asked. A failed query ends
 * psql (ON_ERROR_STOP) and fails with the same error a one-shot psqlClient gives. With `reopen`,
 * the next query after a failure or close() starts a new psql (a session for many independent
 * statements); without it (a session that holds a transaction or a snapshot), it fails.
 */
class PsqlSession {
    psqlPath;
    base;
    opts;
    child;
    buffer = '';
    stderr = '';
    /** The markers asked for and not yet seen, in the order psql will print them. */
    waiting = [];
    /** Told when psql goes (a wait for its pipe to drain). */
    goneWatchers = new Set();
    drainWait;
    exited;
    counter = 0;
    queue = Promise.resolve();
    conn;
    constructor(psqlPath, conn, base = process.env, database, opts = {}) {
        this.psqlPath = psqlPath;
        this.base = base;
        this.opts = opts;
        this.conn = { ...conn, database: database ?? conn.database };
        this.start();
    }
    start() {
        const launch = this.opts.launch;
        const child = launch
            ? (0,exec/* spawnInteractive */.wr)(launch.cmd, launch.args, launch.env, launch.uid !== undefined ? { uid: launch.uid, gid: launch.gid, cwd: '/' } : {})
            : (0,exec/* spawnInteractive */.wr)(this.psqlPath, PSQL_QUERY_ARGS, libpqEnv(this.conn, this.base));
        this.child = child;
        this.buffer = '';
        this.stderr = '';
        this.exited = undefined;
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (d) => {
            this.buffer += d;
            this.deliver();
        });
        child.stderr.on('data', (d) => (this.stderr += d.toString('utf8')));
        child.stdin.on('error', () => { });
        const fail = (e) => {
            if (this.child !== child)
                return;
            this.exited = e;
            for (const w of this.waiting.splice(0))
                w.reject(e);
            for (const gone of [...this.goneWatchers])
                gone(e);
            this.goneWatchers.clear();
        };
        child.once('error', (e) => fail(new errors/* AzaError */.TF('SPAWN_FAILED', `Could not start psql: ${e.message}`)));
        const failure = this.opts.failure ?? launch?.failure ?? ((c, e) => psqlFailure(c, e, this.conn));
        child.once('close', (code) => fail(code === 0 ? new errors/* AzaError */.TF('SQL_FAILED', 'The SQL session is closed') : failure(code, this.stderr)));
    }
    deliver() {
        for (;;) {
            const w = this.waiting[0];
            if (!w)
                return;
            const at = this.buffer.indexOf(w.marker);
            if (at < 0)
                return;
            const text = this.buffer.slice(0, at);
            this.buffer = this.buffer.slice(at + w.marker.length).replace(/^\n/, '');
            this.waiting.shift();
            w.resolve(text);
        }
    }
    /** Writes `script` followed by a marker; resolves with what psql printed before the marker. */
    ask(script) {
        const marker = `__aza_pg_done_${process.pid}_${++this.counter}__`;
        return new Promise((resolve, reject) => {
            this.waiting.push({ marker, resolve, reject });
            this.child.stdin.write(`${script}\\echo ${marker}\n`);
        });
    }
    send(sql) {
        if (this.exited && this.opts.reopen)
            this.start();
        if (this.exited)
            return Promise.reject(this.exited);
        // Only this query's stderr tells what went wrong with it.
        this.stderr = '';
        return this.ask(`${sql.trim().replace(/;?$/, ';')}\n`).then(parseRows);
    }
    /**
     * Script text written to psql as it is, ahead of any query asked and not waited for: a `COPY …
     * FROM stdin` line, its data lines and the `\.` that ends them (a load's parallel COPY). Returns
     * false when psql's pipe is full: wait for drained() before writing more.
     */
    writeScript(text) {
        if (this.exited)
            throw this.exited;
        return this.child.stdin.write(text);
    }
    /** True when psql's pipe takes more without waiting. */
    get writable() {
        return !this.exited && !this.child.stdin.writableNeedDrain;
    }
    /** Resolves when psql's pipe takes more; fails when psql has gone. (One wait, however many ask.) */
    drained() {
        if (this.exited)
            return Promise.reject(this.exited);
        const stdin = this.child.stdin;
        if (!stdin.writableNeedDrain)
            return Promise.resolve();
        if (!this.drainWait) {
            const wait = new Promise((resolve, reject) => {
                const done = () => {
                    this.goneWatchers.delete(gone);
                    resolve();
                };
                const gone = (e) => {
                    stdin.off('drain', done);
                    reject(e);
                };
                stdin.once('drain', done);
                this.goneWatchers.add(gone);
            });
            this.drainWait = wait;
            const clear = () => {
                if (this.drainWait === wait)
                    this.drainWait = undefined;
            };
            wait.then(clear, clear);
        }
        return this.drainWait;
    }
    /**
     * Ends what writeScript() wrote with `text` and resolves once psql has run all of it (fails with
     * the error it stopped at). Not queued behind queries: written at once, in order.
     */
    finishScript(text) {
        if (this.exited)
            return Promise.reject(this.exited);
        return this.ask(text).then(() => { });
    }
    query(sql, database) {
        if (database !== undefined && database !== this.conn.database) {
            return Promise.reject(new errors/* AzaError */.TF('INTERNAL', `A session on "${this.conn.database}" was asked to query "${database}"`));
        }
        const answer = this.queue.then(() => this.send(sql));
        this.queue = answer.catch(() => { });
        return answer;
    }
    async exec(sql, database) {
        await this.query(sql, database);
    }
    /** Ends psql after the queries already asked (with `reopen`, a later query starts a new one). */
    close() {
        const done = this.queue.then(() => this.end());
        this.queue = done.catch(() => { });
        return done;
    }
    async end() {
        const child = this.child;
        if (this.exited || !child)
            return;
        // Closed from now on, whenever psql itself goes.
        this.exited = new errors/* AzaError */.TF('SQL_FAILED', 'The SQL session is closed');
        this.child = undefined;
        await new Promise((resolve) => {
            child.once('close', () => resolve());
            child.stdin.end('\\q\n');
        });
    }
    kill() {
        if (!this.exited)
            this.child?.kill('SIGTERM');
    }
}



/***/ })

};
