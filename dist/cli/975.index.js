export const id = 975;
export const ids = [975,7];
export const modules = {

/***/ 1983:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A5: () => (/* binding */ LastBytes),
/* harmony export */   jU: () => (/* binding */ MeasureStream),
/* harmony export */   kp: () => (/* binding */ TailSink),
/* harmony export */   mX: () => (/* binding */ ParallelGzip),
/* harmony export */   nq: () => (/* binding */ PLAIN_DUMP_END_MARKER),
/* harmony export */   y6: () => (/* binding */ CountStream)
/* harmony export */ });
/* unused harmony exports GZIP_BLOCK_BYTES, gzipOutputBound, defaultGzipConcurrency, runtimeGzipLevel */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_4__);
/**
 * Streaming compression and checksums for backups.
 *
 * gzip is done in-process and in parallel: the stream is cut into blocks, each block becomes an
 * independent gzip member compressed on libuv's thread pool, and the members are written in
 * order. Concatenated members are a valid gzip file (RFC 1952 §2.2): `gunzip -t` and
 * `gunzip -c | psql` read them as one stream. Blocks of a few MiB cost well under 1% of ratio
 * and let compression use every core while pg_dump and the server use theirs.
 */





const gzipAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_4__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_3__.gzip);
const GZIP_BLOCK_BYTES = 4 * 1024 * 1024;
/**
 * zlib's deflateBound for one block plus the gzip header and trailer: an output buffer this big
 * takes a whole member in one pass. With zlib's default 16 KiB chunks, every 16 KiB of output
 * is another round trip between the thread pool and the main thread (15-25% slower on data
 * that compresses 2-3x, measured with the benchmark's mixed dataset).
 */
function gzipOutputBound(blockBytes) {
    return blockBytes + (blockBytes >>> 12) + (blockBytes >>> 14) + (blockBytes >>> 25) + 64;
}
/**
 * libuv runs zlib jobs on its thread pool, 4 threads unless UV_THREADPOOL_SIZE says otherwise.
 * More blocks in flight than threads only hold memory (4 MiB in, up to 4 MiB out each), so the
 * concurrency follows the smaller of cores and pool threads.
 */
function defaultGzipConcurrency(cores = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.availableParallelism)(), env = process.env) {
    const pool = Number.parseInt(env.UV_THREADPOOL_SIZE ?? '', 10);
    const threads = Number.isInteger(pool) && pool > 0 ? Math.min(pool, 1024) : 4;
    // One more block in flight than threads keeps the pool busy while the oldest result is written.
    return Math.max(2, Math.min(cores, threads) + 1);
}
/**
 * The zlib level that writes, under the running runtime, what `level` writes under node. Bun's
 * zlib picks other algorithms per level (zlib-ng style): its level 1 is a quick pass that wrote a
 * pg_dump 47% larger than node's level 1, its 5-6 are 1-3% larger than node's, its 9 larger than
 * its 8. Measured on pg_dump output (test/integration/backup-gzip-runtimes.test.ts): bun's 2
 * matches node's 1 within 1%, its 7 node's 5-6, its 8 node's 9; the time is of the same order.
 */
function runtimeGzipLevel(level, versions = process.versions) {
    if (!versions.bun)
        return level;
    return { 1: 2, 5: 7, 6: 7, 9: 8 }[level] ?? level;
}
class ParallelGzip extends node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform {
    pending = [];
    pendingBytes = 0;
    inFlight = [];
    level;
    blockBytes;
    concurrency;
    zlibOptions;
    constructor(opts) {
        super();
        this.level = opts.level;
        this.blockBytes = opts.blockBytes ?? GZIP_BLOCK_BYTES;
        this.concurrency = opts.concurrency ?? defaultGzipConcurrency();
        this.zlibOptions = { level: runtimeGzipLevel(this.level), chunkSize: gzipOutputBound(this.blockBytes) };
    }
    _transform(chunk, _enc, callback) {
        this.pending.push(chunk);
        this.pendingBytes += chunk.length;
        if (this.pendingBytes < this.blockBytes) {
            callback();
            return;
        }
        this.startBlock();
        this.drain(this.concurrency - 1).then(() => callback(), callback);
    }
    _flush(callback) {
        if (this.pendingBytes > 0)
            this.startBlock();
        this.drain(0).then(() => callback(), callback);
    }
    startBlock() {
        const block = Buffer.concat(this.pending, this.pendingBytes);
        this.pending = [];
        this.pendingBytes = 0;
        const p = gzipAsync(block, this.zlibOptions);
        p.catch(() => { }); // awaited in order by drain(); avoid an unhandled rejection meanwhile
        this.inFlight.push(p);
    }
    /** Writes finished blocks, oldest first, until at most `keep` remain in flight. */
    async drain(keep) {
        while (this.inFlight.length > keep) {
            const out = await this.inFlight.shift();
            this.push(out);
        }
    }
}
/** Passes bytes through while counting them and hashing them (sha256). */
class MeasureStream extends node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform {
    onBytes;
    bytes = 0;
    hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    digest;
    constructor(onBytes) {
        super();
        this.onBytes = onBytes;
    }
    _transform(chunk, _enc, callback) {
        this.bytes += chunk.length;
        this.hash.update(chunk);
        this.onBytes?.(this.bytes);
        callback(null, chunk);
    }
    sha256() {
        this.digest ??= this.hash.digest('hex');
        return this.digest;
    }
}
/** Counts bytes only (for the uncompressed side, where hashing would be wasted work). */
class CountStream extends node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform {
    bytes = 0;
    _transform(chunk, _enc, callback) {
        this.bytes += chunk.length;
        callback(null, chunk);
    }
}
/**
 * The last `keep` bytes of a stream, in one buffer allocated once: a chunk costs a copy of at most
 * `keep` bytes and no allocation (a string or a Buffer.concat per chunk made garbage at the rate
 * of the stream, and the collections it caused kept in-flight chunks alive till a full GC).
 */
class LastBytes {
    buf;
    length = 0;
    constructor(keep = 4096) {
        this.buf = Buffer.alloc(keep);
    }
    push(chunk) {
        const keep = this.buf.length;
        if (chunk.length >= keep) {
            chunk.copy(this.buf, 0, chunk.length - keep);
            this.length = keep;
            return;
        }
        const kept = Math.min(this.length, keep - chunk.length);
        this.buf.copyWithin(0, this.length - kept, this.length);
        chunk.copy(this.buf, kept);
        this.length = kept + chunk.length;
    }
    text(encoding = 'utf8') {
        return this.buf.toString(encoding, 0, this.length);
    }
}
/** A sink that discards data but keeps the last `keep` bytes (to check how a dump ends). */
class TailSink extends node_stream__WEBPACK_IMPORTED_MODULE_2__.Writable {
    tail;
    bytes = 0;
    constructor(keep = 4096) {
        super();
        this.tail = new LastBytes(keep);
    }
    _write(chunk, _enc, callback) {
        this.bytes += chunk.length;
        this.tail.push(chunk);
        callback();
    }
    text() {
        return this.tail.text();
    }
}
/** pg_dump ends every complete plain dump with this line; its absence means a cut-short dump. */
const PLAIN_DUMP_END_MARKER = '-- PostgreSQL database dump complete';


/***/ }),

/***/ 3969:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Lv: () => (/* binding */ Databases),
/* harmony export */   S9: () => (/* binding */ dropDatabaseSync),
/* harmony export */   lq: () => (/* binding */ finishDatabaseSql),
/* harmony export */   nY: () => (/* binding */ copySettingsSql),
/* harmony export */   o6: () => (/* binding */ databaseInUse),
/* harmony export */   s7: () => (/* binding */ createDatabaseSql)
/* harmony export */ });
/* unused harmony exports dropDatabaseSql, parseDatabaseAcl */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4551);
/* harmony import */ var _wait_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3210);
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5593);
/**
 * Whole databases: create one like another, rename, swap, drop, end the sessions on one. The
 * statements run from a maintenance database (a database cannot be dropped or renamed from
 * inside), with the server's version guards in one place. Restore and verify both use it.
 */




/** DROP DATABASE, ending its sessions where the server can (WITH (FORCE) is PostgreSQL 13+). */
function dropDatabaseSql(name, serverMajor, force) {
    return `DROP DATABASE IF EXISTS ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)}${force && serverMajor >= 13 ? ' WITH (FORCE)' : ''}`;
}
/** CREATE DATABASE for `name` like `like` (encoding, locale, owner), or plain from template0. */
function createDatabaseSql(name, like, opts) {
    const parts = [`CREATE DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} TEMPLATE template0`];
    if (like.exists) {
        if (like.encoding)
            parts.push(`ENCODING ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(like.encoding)}`);
        if (like.collate)
            parts.push(`LC_COLLATE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(like.collate)}`);
        if (like.ctype)
            parts.push(`LC_CTYPE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(like.ctype)}`);
        if (opts.serverMajor >= 15 && like.localeProvider === 'i') {
            parts.push('LOCALE_PROVIDER icu');
            if (like.icuLocale)
                parts.push(`${opts.serverMajor >= 17 ? 'LOCALE' : 'ICU_LOCALE'} ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(like.icuLocale)}`);
        }
        if (opts.serverMajor >= 17 && like.localeProvider === 'b') {
            parts.push('LOCALE_PROVIDER builtin');
            if (like.icuLocale)
                parts.push(`BUILTIN_LOCALE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(like.icuLocale)}`);
        }
        if (opts.setOwner && like.owner)
            parts.push(`OWNER ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(like.owner)}`);
        if (like.connectionLimit !== undefined && like.connectionLimit !== -1)
            parts.push(`CONNECTION LIMIT ${like.connectionLimit}`);
        // Its tables go where the old ones were, not to pg_default.
        if (like.tablespace && like.tablespace !== 'pg_default')
            parts.push(`TABLESPACE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(like.tablespace)}`);
    }
    return parts.join(' ');
}
const LIST_SETTINGS = new Set([
    'search_path',
    'temp_tablespaces',
    'session_preload_libraries',
    'local_preload_libraries',
    'shared_preload_libraries',
]);
/** Privileges, per-database settings, comment and security labels of `like`, for the new database `name`. */
function copySettingsSql(name, like) {
    if (!like.exists)
        return [];
    const out = [];
    for (const s of like.settings ?? []) {
        // List settings are stored as their SQL text ("$user", public): repeat it as written.
        const set = `SET ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(s.name)} TO ${LIST_SETTINGS.has(s.name) ? s.value : (0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(s.value)}`;
        out.push(s.role === null
            ? `ALTER DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} ${set}`
            : `ALTER ROLE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(s.role)} IN DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} ${set}`);
    }
    if (like.acl) {
        out.push(`REVOKE ALL ON DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} FROM PUBLIC`);
        for (const grant of parseDatabaseAcl(like.acl)) {
            const privs = grant.privileges.join(', ');
            const grantee = grant.grantee === '' ? 'PUBLIC' : (0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(grant.grantee);
            out.push(`GRANT ${privs} ON DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} TO ${grantee}`);
            if (grant.withGrantOption?.length)
                out.push(`GRANT ${grant.withGrantOption.join(', ')} ON DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} TO ${grantee} WITH GRANT OPTION`);
        }
    }
    if (like.comment)
        out.push(`COMMENT ON DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} IS ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(like.comment)}`);
    for (const l of like.securityLabels ?? [])
        out.push(`SECURITY LABEL FOR ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(l.provider)} ON DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} IS ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(l.label)}`);
    return out;
}
/**
 * What `like` has that would stand in the way of the load and the swap (no connections, a
 * template cannot be dropped): set on the new database `name` once it took the target's place.
 */
function finishDatabaseSql(name, like) {
    if (!like.exists)
        return [];
    return [
        ...(like.isTemplate ? [`ALTER DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} IS_TEMPLATE true`] : []),
        ...(like.allowConnections === false ? [`ALTER DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} ALLOW_CONNECTIONS false`] : []),
    ];
}
const DATABASE_PRIVILEGES = { C: 'CREATE', c: 'CONNECT', T: 'TEMPORARY' };
/** `{=Tc/postgres,postgres=CTc/postgres,app=c*\/postgres}` -> grants (grantee '' is PUBLIC; `*`: with grant option). */
function parseDatabaseAcl(acl) {
    const body = acl.replace(/^\{|\}$/g, '');
    if (!body)
        return [];
    const items = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < body.length; i++) {
        const ch = body[i];
        if (ch === '"') {
            if (quoted && body[i + 1] === '"') {
                cur += '""';
                i++;
                continue;
            }
            quoted = !quoted;
            cur += ch;
        }
        else if (ch === ',' && !quoted) {
            items.push(cur);
            cur = '';
        }
        else
            cur += ch;
    }
    if (cur)
        items.push(cur);
    const unquote = (s) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1').replace(/""/g, '"') : s);
    return items
        .map((raw) => {
        // An item may be quoted as a whole ("a=c/b") or per name ("x""y"=c/b): find the = outside quotes.
        const item = raw.startsWith('"') && raw.endsWith('"') && !/^"(?:[^"]|"")*"=/.test(raw) ? unquote(raw) : raw;
        let eq = -1;
        let q = false;
        for (let i = 0; i < item.length; i++) {
            if (item[i] === '"')
                q = !q;
            else if (item[i] === '=' && !q) {
                eq = i;
                break;
            }
        }
        const grantee = unquote(item.slice(0, eq));
        const rest = item.slice(eq + 1);
        const privs = rest.slice(0, rest.lastIndexOf('/') >= 0 ? rest.lastIndexOf('/') : rest.length);
        const privileges = [...privs].filter((c) => DATABASE_PRIVILEGES[c]).map((c) => DATABASE_PRIVILEGES[c]);
        const withGrantOption = [...privs.matchAll(/([CcT])\*/g)].map((m) => DATABASE_PRIVILEGES[m[1]]);
        return { grantee, privileges, ...(withGrantOption.length ? { withGrantOption } : {}) };
    })
        .filter((g) => g.privileges.length > 0);
}
/** The error of a database that other sessions keep busy. */
function databaseInUse(database, n) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('TARGET_IN_USE', `Database "${database}" has ${n === undefined ? '' : `${n} `}other open session${n === 1 ? '' : 's'}; it cannot be swapped or dropped while they exist`, `Stop the applications using it (SELECT pid, usename, application_name FROM pg_stat_activity WHERE datname = ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(database)}), or pass --terminate-connections (input terminate-connections: true) to end them.`);
}
function inUseInstead(e, database) {
    const err = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .toAzaError */ .mu)(e);
    return /is being accessed by other users/.test(err.message) ? databaseInUse(database, undefined) : err;
}
/** How long other sessions get to go after they were told to (pg_terminate_backend). */
const TERMINATE_TIMEOUT_MS = 15000;
/** The statements on whole databases, through a client on the maintenance database. */
class Databases {
    client;
    maintenanceDatabase;
    serverMajor;
    constructor(client, maintenanceDatabase, serverMajor) {
        this.client = client;
        this.maintenanceDatabase = maintenanceDatabase;
        this.serverMajor = serverMajor;
    }
    /** One statement on the maintenance database. */
    exec(sql) {
        return this.client.exec(sql, this.maintenanceDatabase);
    }
    async count(sql) {
        return Number((await this.client.query(sql, this.maintenanceDatabase))[0]?.[0] ?? 0);
    }
    async exists(name) {
        return (await this.count(`SELECT count(*) FROM pg_database WHERE datname = ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(name)}`)) > 0;
    }
    /** Runs a CREATE DATABASE, then `then` (settings and privileges), each failure of those told to `warn`. */
    async create(createSql, then = [], warn) {
        await this.exec(createSql);
        for (const s of then) {
            try {
                await this.exec(s);
            }
            catch (e) {
                warn?.(s, (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .toAzaError */ .mu)(e));
            }
        }
    }
    /** `force`: end its sessions too (PostgreSQL 13+; older servers refuse while they exist). */
    drop(name, force) {
        return this.exec(dropDatabaseSql(name, this.serverMajor, force)).catch((e) => {
            throw inUseInstead(e, name);
        });
    }
    /** A template database cannot be dropped: it stops being one first. */
    unsetTemplate(name) {
        return this.exec(`ALTER DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} IS_TEMPLATE false`);
    }
    rename(from, to) {
        return this.exec(`ALTER DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(from)} RENAME TO ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(to)}`);
    }
    /** One transaction: `target` becomes `previous`, `replacement` becomes `target`. */
    swap(target, previous, replacement) {
        return this.exec(`BEGIN; ALTER DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(target)} RENAME TO ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(previous)}; ALTER DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(replacement)} RENAME TO ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(target)}; COMMIT`).catch((e) => {
            throw inUseInstead(e, target);
        });
    }
    otherSessions(name) {
        return this.count(`SELECT count(*) FROM pg_stat_activity WHERE datname = ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(name)} AND pid <> pg_backend_pid()`);
    }
    allowConnections(name, allow) {
        return this.exec(`ALTER DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(name)} WITH ALLOW_CONNECTIONS ${allow}`);
    }
    /** Blocks new connections to `name` and ends the existing ones; `told` hears how many were ended. */
    async terminateSessions(name, told) {
        await this.allowConnections(name, false);
        const r = await (0,_wait_js__WEBPACK_IMPORTED_MODULE_3__/* .waitUntil */ .a0)(async () => {
            const n = await this.count(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(name)} AND pid <> pg_backend_pid()`);
            if (n === 0 && (await this.otherSessions(name)) === 0)
                return { done: true, value: undefined };
            if (n > 0)
                told(n);
            return { done: false };
        }, { timeoutMs: TERMINATE_TIMEOUT_MS });
        if (r.timedOut)
            throw databaseInUse(name, await this.otherSessions(name));
    }
}
/** DROP DATABASE for an interrupt handler: synchronous, best effort, its own psql. */
function dropDatabaseSync(psqlPath, conn, env, maintenanceDatabase, name, serverMajor) {
    (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runSyncForCleanup */ .Cc)(psqlPath, [..._pg_js__WEBPACK_IMPORTED_MODULE_2__/* .PSQL_QUERY_ARGS */ .Cb, '-c', dropDatabaseSql(name, serverMajor, true)], {
        env: (0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .utf8Env */ .$V)((0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .libpqEnv */ .kY)(conn, env, maintenanceDatabase)),
    });
}


/***/ }),

/***/ 542:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LN: () => (/* binding */ IGZIP_LEVEL),
/* harmony export */   RS: () => (/* binding */ findIgzip),
/* harmony export */   Wz: () => (/* binding */ gunzipStage),
/* harmony export */   bx: () => (/* binding */ gunzipProcess),
/* harmony export */   y7: () => (/* binding */ igzipStage)
/* harmony export */ });
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4551);
/**
 * Which program deflates and inflates gzip streams outside pg_dump.
 *
 * ISA-L's igzip (Debian and Ubuntu package `isal`) writes ordinary gzip streams much faster than
 * zlib. Measured on this project's benchmark data (2 cores): on a text-heavy dump it deflates at
 * its level 1 in about a third of the CPU of pg_dump's zlib level 1 and writes a file 7% smaller
 * (about zlib's level 6 size); it inflates 3-10x faster than gzip or pigz. Where it is missing,
 * pg_dump deflates and zlib inflates, as before.
 */


/** igzip's level for a default plain backup: its fastest that still matches zlib's level 6 size. */
const IGZIP_LEVEL = 1;
/** The igzip on the PATH of `env`, if any. */
function findIgzip(env) {
    return (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .findOnPath */ .aY)('igzip', env.PATH);
}
/** The stage that deflates stdin to stdout at `level` (a kernel pipe after pg_dump). */
function igzipStage(igzip, level) {
    return { kind: 'process', cmd: igzip, args: ['-c', `-${level}`] };
}
/**
 * The inflating process of a kernel pipeline (the backup's read-back, whose output goes on to
 * other processes): igzip, else pigz (about 2x gzip's speed), else gzip.
 */
function gunzipProcess(igzip, path) {
    return { kind: 'process', cmd: igzip ?? ((0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .findOnPath */ .aY)('pigz', path) ? 'pigz' : 'gzip'), args: ['-d', '-c'] };
}
/**
 * The stage that inflates a gzip stream and checks every member's CRC and length: igzip where
 * installed, else zlib in this process (about 2.5x faster than the gzip program).
 */
function gunzipStage(igzip, chunkSize) {
    // (Its stdin is a socket, which /dev/stdin cannot open: its errors name the input "(null)".)
    if (igzip)
        return gunzipProcess(igzip, undefined);
    return { kind: 'transform', name: 'gunzip', stream: (0,node_zlib__WEBPACK_IMPORTED_MODULE_0__.createGunzip)(chunkSize ? { chunkSize } : {}), freshBuffers: true };
}


/***/ }),

/***/ 8878:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wn: () => (/* binding */ integrityError),
/* harmony export */   fE: () => (/* binding */ checkAgainstManifest),
/* harmony export */   jK: () => (/* binding */ notADump),
/* harmony export */   kL: () => (/* binding */ manifestMismatch)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/** What is wrong with a backup, said the same way by every check that finds it. */

function notADump(path, what) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('NOT_A_DUMP', `${path} is not a PostgreSQL dump: ${what}`, 'Restore accepts plain SQL (.sql, or gzip/zstd compressed), pg_dump custom archives (-Fc), directory dumps (-Fd, with toc.dat) and tar archives (-Ft). Check that you picked the right file.');
}
function integrityError(path, what, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INTEGRITY_FAILED', `The backup ${path} is damaged: ${what}; nothing was restored`, 'The file is truncated or corrupted (an interrupted copy or upload, a full disk, bad storage). Restore from another backup; gunzip -t / zstd -t / pg_restore --list confirm the damage.', cause === undefined ? undefined : { cause });
}
function manifestMismatch(path, what) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('MANIFEST_MISMATCH', `The backup ${path} does not match its manifest: ${what}; nothing was restored`, 'The file changed after the backup was taken (corruption, an incomplete copy, or another file under the same name). Restore from another backup, or move the manifest away to restore the file without this check.');
}
function checkAgainstManifest(path, m, size, sha256) {
    if (m.sizeBytes !== size)
        throw manifestMismatch(path, `size ${size} bytes, the manifest says ${m.sizeBytes}`);
    if (m.sha256 !== sha256)
        throw manifestMismatch(path, `sha256 ${sha256}, the manifest says ${m.sha256}`);
}


/***/ }),

/***/ 2165:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Tz: () => (/* binding */ detectFormat),
  X7: () => (/* binding */ finishDeferred),
  T3: () => (/* binding */ inspectBackup),
  hZ: () => (/* reexport */ inspectOptions),
  Ds: () => (/* reexport */ majorOf),
  Tw: () => (/* binding */ openBackup),
  iB: () => (/* reexport */ parseTocList),
  $i: () => (/* reexport */ psqlKnowsRestrict)
});

// UNUSED EXPORTS: checkPlainScan, ownDatabase

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./src/core/gzip-tool.ts
var gzip_tool = __webpack_require__(542);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/exec.ts + 2 modules
var exec = __webpack_require__(4551);
// EXTERNAL MODULE: ./src/core/compress.ts
var compress = __webpack_require__(1983);
// EXTERNAL MODULE: ./src/core/manifest.ts
var core_manifest = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/core/signing.ts
var signing = __webpack_require__(5204);
// EXTERNAL MODULE: ./src/core/restore/backup-faults.ts
var backup_faults = __webpack_require__(8878);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/fs.ts
var fs = __webpack_require__(8616);
// EXTERNAL MODULE: ./src/core/pg-tools.ts
var pg_tools = __webpack_require__(9928);
;// CONCATENATED MODULE: ./src/core/restore/dump-facts.ts
/** What versions and archive listings say about a dump and the tools that can read it. Pure. */
/** `pg_restore --list` header lines -> versions and extensions. */
function parseTocList(text) {
    const from = /^;\s+Dumped from database version: (\S+)/m.exec(text);
    const by = /^;\s+Dumped by pg_dump version: (\S+)/m.exec(text);
    const extensions = new Set();
    let entries = 0;
    for (const line of text.split('\n')) {
        if (/^\d+;/.test(line))
            entries++;
        const m = /^\d+; \d+ \d+ EXTENSION - (.+?)\s*$/.exec(line);
        if (m)
            extensions.add(m[1]);
    }
    return { ...(from ? { dumpedFrom: from[1] } : {}), ...(by ? { dumpedBy: by[1] } : {}), extensions: [...extensions].sort(), entries };
}
/** psql learned \restrict / \unrestrict in 13.22, 14.19, 15.14, 16.10, 17.6 and 18. */
function psqlKnowsRestrict(version) {
    const [major, minor = 0] = version.split('.').map(Number);
    const first = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 };
    if (major >= 18)
        return true;
    const need = first[major];
    return need !== undefined && minor >= need;
}
function majorOf(version) {
    if (!version)
        return undefined;
    const n = Number.parseInt(version, 10);
    return Number.isFinite(n) ? n : undefined;
}

// EXTERNAL MODULE: ./src/core/restore/sql-guard.ts + 2 modules
var sql_guard = __webpack_require__(306);
;// CONCATENATED MODULE: ./src/core/restore/inspect-archive.ts
/**
 * An archive (custom, directory, tar) read in full: its files against the manifest, then
 * pg_restore's TOC and the SQL it would send, judged by the guard unless --trust-backup.
 */











async function inspectArchive(path, format, isDir, size, manifest, opts) {
    let sizeBytes = size;
    let sha256;
    if (isDir) {
        const files = [];
        for (const name of (await external_node_fs_.promises.readdir(path)).sort()) {
            const p = (0,external_node_path_.join)(path, name);
            const s = await external_node_fs_.promises.stat(p);
            if (!s.isFile())
                continue;
            files.push({ path: name, sizeBytes: s.size, sha256: manifest?.files ? await (0,fs/* sha256File */.Q3)(p) : '' });
        }
        sizeBytes = files.reduce((sum, f) => sum + f.sizeBytes, 0);
        if (manifest?.files) {
            const have = new Map(files.map((f) => [f.path, f]));
            for (const want of manifest.files) {
                const got = have.get(want.path);
                if (!got)
                    throw (0,backup_faults/* manifestMismatch */.kL)(path, `${want.path} is missing from the directory`);
                if (got.sizeBytes !== want.sizeBytes || got.sha256 !== want.sha256)
                    throw (0,backup_faults/* manifestMismatch */.kL)(path, `${want.path} differs (size ${got.sizeBytes}, manifest ${want.sizeBytes}; sha256 ${got.sha256.slice(0, 12)}…, manifest ${want.sha256.slice(0, 12)}…)`);
            }
            const listed = new Set(manifest.files.map((f) => f.path));
            const extra = files.filter((f) => !listed.has(f.path)).map((f) => f.path);
            if (extra.length)
                throw (0,backup_faults/* manifestMismatch */.kL)(path, `files not in the manifest: ${extra.join(', ')}`);
            sha256 = (0,external_node_crypto_.createHash)('sha256').update((0,core_manifest/* directoryDigestInput */.ak)(files)).digest('hex');
            if (sha256 !== manifest.sha256)
                throw (0,backup_faults/* manifestMismatch */.kL)(path, `directory digest ${sha256}, the manifest says ${manifest.sha256}`);
        }
        else {
            sha256 = (0,external_node_crypto_.createHash)('sha256')
                .update((0,core_manifest/* directoryDigestInput */.ak)(await Promise.all(files.map(async (f) => ({ ...f, sha256: await (0,fs/* sha256File */.Q3)((0,external_node_path_.join)(path, f.path)) })))))
                .digest('hex');
        }
    }
    else {
        sha256 = await (0,fs/* sha256File */.Q3)(path);
        if (manifest)
            (0,backup_faults/* checkAgainstManifest */.fE)(path, manifest, size, sha256);
    }
    // The newest pg_restore reads every archive version; the TOC first, then every data block.
    const pgRestore = await (0,pg_tools/* requireTool */.Y0)('pg_restore', undefined, { binDir: opts.pgBinDir, env: opts.env });
    const list = await (0,exec/* run */.eF)(pgRestore.path, ['--list', path], { env: opts.env, allowFailure: true });
    if (list.code !== 0)
        throw archiveError(path, list.stderr, pgRestore.version);
    const toc = parseTocList(list.stdout);
    if (opts.trustBackup) {
        const full = await (0,exec/* run */.eF)(pgRestore.path, ['--file=/dev/null', path], { env: opts.env, allowFailure: true });
        if (full.code !== 0)
            throw archiveError(path, full.stderr, pgRestore.version);
    }
    else {
        // The SQL pg_restore would send, every TOC entry and data block (with the DROPs of
        // into-existing's --clean): a tampered entry can carry what a plain script can.
        const guard = new sql_guard/* GuardSink */.NS();
        let stderr = '';
        try {
            await (0,exec/* runPipeline */.aI)([{ kind: 'process', cmd: pgRestore.path, args: ['--clean', '--if-exists', '--file=-', path], env: opts.env }], guard, {
                onStderr: (_s, text) => {
                    if (stderr.length < 64 * 1024)
                        stderr += text;
                },
            });
        }
        catch (e) {
            const err = (0,errors/* toAzaError */.mu)(e);
            if (err.code === 'TOOL_NOT_FOUND')
                throw err;
            throw archiveError(path, stderr || err.message, pgRestore.version);
        }
        if (guard.refusal)
            throw new sql_guard/* BackupRefusedError */.Fw(path, guard.refusal);
    }
    return {
        format,
        compression: 'archive',
        sizeBytes,
        sha256,
        ...(toc.dumpedFrom ? { dumpedFrom: toc.dumpedFrom } : {}),
        ...(toc.dumpedBy ? { dumpedBy: toc.dumpedBy } : {}),
        usesRestrict: false,
        extensions: toc.extensions,
        tocEntries: toc.entries,
    };
}
function archiveError(path, stderr, pgRestoreVersion) {
    const text = stderr
        .trim()
        .split('\n')
        .filter(Boolean)
        .slice(0, 3)
        .join(' ')
        .replace(/^pg_restore: (error: )?/, '');
    if (/unsupported version/.test(text)) {
        return new errors/* AzaError */.TF('TOOL_TOO_OLD', `pg_restore ${pgRestoreVersion} cannot read ${path}: ${text}`, 'The archive was written by a newer pg_dump. Install a pg_restore at least as new (postgresql-client-N) and pass its directory with --pg-bin-dir.');
    }
    return (0,backup_faults/* integrityError */.Wn)(path, `pg_restore cannot read it in full (${text})`);
}

// EXTERNAL MODULE: ./src/core/restore/sql-scan.ts
var sql_scan = __webpack_require__(7094);
;// CONCATENATED MODULE: ./src/core/restore/inspect-options.ts
/** What restore and verify read a backup with: where the tools are, and what it is trusted with. */
function inspectOptions(s, env) {
    return { env, pgBinDir: s.pgBinDir, requireManifest: s.requireManifest, trustBackup: s.trustBackup, verifyKeys: s.verifyKeys };
}

;// CONCATENATED MODULE: ./src/core/restore/inspect.ts
/**
 * Everything a restore learns from the backup itself before any database is touched: the format
 * (from the content, never the name), that the whole file reads and decompresses, that it matches
 * its manifest, and what the dump needs from the server (extensions, a psql that knows
 * \restrict, a pg_restore that reads its archive version).
 */
















const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** Pure: the format from the first bytes of a file (or the fact that it is a directory). */
function detectFormat(head, dir) {
    if (dir)
        return dir.hasToc ? { format: 'directory' } : undefined;
    const starts = (magic) => magic.every((b, i) => head[i] === b);
    if (starts(GZIP_MAGIC))
        return { format: 'plain', compression: 'gzip' };
    if (starts(ZSTD_MAGIC))
        return { format: 'plain', compression: 'zstd' };
    if (head.subarray(0, 5).toString('latin1') === 'PGDMP')
        return { format: 'custom' };
    if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar' && head.includes(Buffer.from('toc.dat')))
        return { format: 'tar' };
    return { format: 'plain', compression: 'none' };
}
async function statBackup(path) {
    let st;
    try {
        st = await external_node_fs_.promises.stat(path);
    }
    catch (e) {
        const code = e.code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
            throw new errors/* AzaError */.TF('BACKUP_NOT_FOUND', `Backup file not found: ${path}`, 'Check the path (ls -la); backups are named backup_<db>_YYYY_MM_DD_HHmmss.sql.gz by default.');
        }
        throw new errors/* AzaError */.TF('BACKUP_UNREADABLE', `Cannot read the backup ${path}: ${e.message}`, `Check its permissions (ls -la ${path}).`);
    }
    try {
        await external_node_fs_.promises.access(path, external_node_fs_.promises.constants.R_OK | (st.isDirectory() ? external_node_fs_.promises.constants.X_OK : 0));
    }
    catch {
        throw new errors/* AzaError */.TF('BACKUP_UNREADABLE', `The backup is not readable: ${path}`, `Check its permissions (ls -la ${path}) and run as a user who may read it.`);
    }
    if (!st.isDirectory() && !st.isFile())
        throw (0,backup_faults/* notADump */.jK)(path, 'not a regular file or directory');
    if (st.isFile() && st.size === 0) {
        throw new errors/* AzaError */.TF('BACKUP_EMPTY', `Backup file is empty (0 bytes): ${path}`, 'Nothing to restore. An empty backup means the database was empty, pg_dump failed silently, or the disk was full during the backup (df -h); take a new backup.');
    }
    return st;
}
async function readHead(path, bytes = 512) {
    const fh = await external_node_fs_.promises.open(path, 'r');
    try {
        const buf = Buffer.alloc(bytes);
        const { bytesRead } = await fh.read(buf, 0, bytes, 0);
        return buf.subarray(0, bytesRead);
    }
    finally {
        await fh.close();
    }
}
/** Reads the whole backup once; throws an AzaError that says what is wrong, or returns what it found. */
async function inspectBackup(path, opts) {
    const remote = opts.remote;
    const st = remote ? { size: remote.sizeBytes, isDirectory: () => false } : await statBackup(path);
    const isDir = st.isDirectory();
    const detected = isDir
        ? detectFormat(Buffer.alloc(0), { hasToc: (0,external_node_fs_.existsSync)((0,external_node_path_.join)(path, 'toc.dat')) })
        : detectFormat(remote ? remote.head : await readHead(path));
    if (!detected)
        throw (0,backup_faults/* notADump */.jK)(path, 'a directory without toc.dat (a directory-format dump has one)');
    if (remote && detected.format !== 'plain')
        throw new errors/* AzaError */.TF('INTERNAL', `${path}: only plain dumps are read from a bucket as a stream`);
    const manifestPath = remote ? remote.manifestUrl : (0,core_manifest/* manifestPathFor */.ev)(path);
    const warnings = [];
    const keys = opts.verifyKeys ?? [];
    let manifest;
    let signature;
    if (remote || (0,external_node_fs_.existsSync)(manifestPath)) {
        manifest = remote ? remote.manifest : (0,core_manifest/* readManifest */.WI)(manifestPath);
        // Before a byte of the backup is read: a manifest no configured key signed says nothing.
        if (keys.length)
            signature = (0,signing/* checkManifestSignature */.Cc)(manifestPath, manifest, keys);
        if (manifest.file !== (0,external_node_path_.basename)(path.replace(/\/+$/, '')))
            warnings.push(`The manifest describes ${manifest.file}; the backup is named ${(0,external_node_path_.basename)(path)} (renamed?).`);
        if (manifest.format !== detected.format)
            throw (0,backup_faults/* manifestMismatch */.kL)(path, `the manifest says format ${manifest.format}, the content is ${detected.format}`);
    }
    else if (opts.requireManifest || keys.length) {
        throw new errors/* AzaError */.TF('MANIFEST_MISSING', `No manifest beside the backup: ${manifestPath} is missing${keys.length ? ' (restores from here require a signed manifest)' : ''}`, 'aza-pg backup writes the manifest last, as the completion marker: without it the backup may be incomplete. Restore another backup, or drop the manifest requirement.');
    }
    else {
        warnings.push(`No manifest beside the backup (${(0,external_node_path_.basename)(manifestPath)}): size, sha256 and row counts cannot be checked; the file is only checked by reading it in full.`);
    }
    const trusted = opts.trustBackup === true;
    const base = {
        path,
        manifestPath,
        warnings,
        ...(manifest ? { manifest } : {}),
        trust: { scan: trusted ? 'lifted' : 'checked', ...(signature ? { signature } : {}) },
        ...(remote ? { remote } : {}),
    };
    if (detected.format === 'plain') {
        // A signed backup's sha256 is checked before loading, not during the load.
        if (opts.deferFullRead && detected.compression !== 'zstd' && !keys.length) {
            const head = await inspectPlainHead(path, detected.compression, st.size, manifest, trusted, remote);
            if (head)
                return { ...base, ...head };
        }
        const igzip = detected.compression === 'gzip' ? (0,gzip_tool/* findIgzip */.RS)(opts.env) : undefined;
        const r = await inspectPlain(path, detected.compression, st.size, manifest, trusted, remote, igzip);
        return { ...base, ...r };
    }
    return { ...base, ...(await inspectArchive(path, detected.format, isDir, st.size, manifest, opts)) };
}
async function inspectPlain(path, compression, size, manifest, trusted, remote, igzip) {
    const measured = new compress/* MeasureStream */.jU();
    const sink = new sql_scan/* ScanSink */.$Y();
    const guard = trusted ? undefined : new sql_guard/* GuardCheck */.U6();
    const stages = [
        { kind: 'source', name: 'read', stream: await openBackup(path, remote) },
        { kind: 'transform', name: 'sha256', stream: measured },
    ];
    if (compression === 'gzip')
        stages.push((0,gzip_tool/* gunzipStage */.Wz)(igzip));
    if (compression === 'zstd')
        stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-q', '-c'] });
    if (guard)
        stages.push({ kind: 'transform', name: 'guard', stream: guard });
    try {
        await (0,exec/* runPipeline */.aI)(stages, sink);
    }
    catch (e) {
        const err = (0,errors/* toAzaError */.mu)(e);
        if (err.code === 'TOOL_NOT_FOUND')
            throw err;
        const how = compression === 'gzip'
            ? 'it does not decompress with gzip'
            : compression === 'zstd'
                ? 'it does not decompress with zstd'
                : 'it cannot be read';
        throw (0,backup_faults/* integrityError */.Wn)(path, `${how} (${err.message.replace(/\s+/g, ' ').slice(0, 300)})`, e);
    }
    const scan = sink.scanner.finish();
    const sha256 = measured.sha256();
    if (manifest)
        (0,backup_faults/* checkAgainstManifest */.fE)(path, manifest, size, sha256);
    checkPlainScan(path, compression, scan);
    if (guard?.refusal)
        throw new sql_guard/* BackupRefusedError */.Fw(path, guard.refusal);
    const own = ownDatabase(path, scan);
    return {
        format: 'plain',
        compression,
        sizeBytes: size,
        sha256,
        ...(scan.dumpedFrom ? { dumpedFrom: scan.dumpedFrom } : {}),
        ...(scan.dumpedBy ? { dumpedBy: scan.dumpedBy } : {}),
        usesRestrict: scan.usesRestrict,
        extensions: scan.extensions,
        ...(own ? { ownDatabase: own } : {}),
        uncompressedBytes: scan.bytes,
    };
}
/**
 * The head of a plain dump, for a restore that reads the rest while loading. Undefined, so the
 * caller reads the whole file first as ever, when the head is not enough or not clean: a file
 * that ends within it, a read or gzip error, a size that differs from the manifest, or any fact
 * checkPlainScan / ownDatabase refuse (the full read then reports it, in its own order).
 */
async function inspectPlainHead(path, compression, size, manifest, trusted, remote) {
    if (manifest && manifest.sizeBytes !== size)
        return undefined;
    const scanner = new sql_scan/* PlainSqlScanner */.l8();
    const guard = trusted ? undefined : new sql_guard/* GuardCheck */.U6();
    const file = await openBackup(path, remote);
    const text = compression === 'gzip' ? (0,external_node_zlib_.createGunzip)() : undefined;
    if (text)
        (0,external_node_stream_.pipeline)(file, text, () => { });
    let enough = false;
    try {
        for await (const chunk of (text ?? file)) {
            scanner.push(chunk);
            guard?.feed(chunk);
            if (scanner.headComplete()) {
                enough = true;
                break;
            }
        }
    }
    catch {
        return undefined;
    }
    finally {
        file.destroy();
        text?.destroy();
    }
    // A refusal in the head: the full read reports it.
    if (!enough || guard?.refusal)
        return undefined;
    const scan = scanner.headScan();
    let own;
    try {
        checkPlainScan(path, compression, { ...scan, dumpComplete: true });
        own = ownDatabase(path, scan);
    }
    catch {
        return undefined;
    }
    return {
        format: 'plain',
        compression,
        sizeBytes: size,
        sha256: '',
        ...(scan.dumpedFrom ? { dumpedFrom: scan.dumpedFrom } : {}),
        ...(scan.dumpedBy ? { dumpedBy: scan.dumpedBy } : {}),
        usesRestrict: scan.usesRestrict,
        extensions: scan.extensions,
        ...(own ? { ownDatabase: own } : {}),
        deferred: {
            head: { extensions: scan.extensions.length, usesRestrict: scan.usesRestrict, databaseStatements: scan.databaseStatements.length },
        },
    };
}
/**
 * The checks of a full read for an inspection that read the head only, with what the load read:
 * the sha256 of the file's bytes and the scan of all its SQL. Throws what inspectBackup would
 * have thrown after its full read; returns the complete inspection.
 */
function finishDeferred(inspection, sha256, scan) {
    const { deferred: _head, ...rest } = inspection;
    const compression = inspection.compression;
    if (inspection.manifest)
        (0,backup_faults/* checkAgainstManifest */.fE)(inspection.path, inspection.manifest, inspection.sizeBytes, sha256);
    checkPlainScan(inspection.path, compression, scan);
    const own = ownDatabase(inspection.path, scan);
    const { ownDatabase: _own, ...without } = rest;
    return { ...without, sha256, extensions: scan.extensions, ...(own ? { ownDatabase: own } : {}), uncompressedBytes: scan.bytes };
}
/** The backup's bytes from the start: the file, or a new GET of the object in its bucket. */
async function openBackup(path, remote) {
    return remote ? remote.open() : (0,external_node_fs_.createReadStream)(path);
}
/** Pure checks on what the scan found. */
function checkPlainScan(path, compression, scan) {
    if (scan.customArchiveInside) {
        throw new errors/* AzaError */.TF('NOT_A_DUMP', `${path} is a compressed pg_dump custom archive, which pg_restore cannot read through ${compression}`, `Decompress it first (${compression === 'zstd' ? 'zstd -d' : 'gunzip -k'} ${path}) and restore the .dump file.`);
    }
    if (scan.bytes === 0)
        throw (0,backup_faults/* integrityError */.Wn)(path, 'it decompresses to nothing');
    if (!scan.looksLikeText)
        throw (0,backup_faults/* notADump */.jK)(path, compression === 'none'
            ? 'binary content (not SQL text, not gzip, zstd or a pg_dump archive)'
            : `the ${compression} stream holds binary data, not SQL text`);
    if (!scan.looksLikeSql)
        throw (0,backup_faults/* notADump */.jK)(path, 'text without any SQL in its first 64 KiB');
    if (scan.clusterDump) {
        throw new errors/* AzaError */.TF('UNSUPPORTED_DUMP', `${path} is a pg_dumpall cluster dump (roles and several databases), not a database dump`, 'Restore a cluster dump with psql -f into the server as a superuser; to restore one database use a pg_dump backup of it.');
    }
    if (scan.pgDumpHeader && !scan.dumpComplete) {
        throw (0,backup_faults/* integrityError */.Wn)(path, 'the SQL ends before pg_dump\'s "dump complete" line (the dump was cut short)');
    }
}
/** A script that creates/connects to one database of its own: which, and where its last such line is. */
function ownDatabase(path, scan) {
    const stmts = scan.databaseStatements;
    if (stmts.length === 0)
        return undefined;
    const names = [...new Set(stmts.filter((s) => s.kind === 'create' || s.kind === 'connect').map((s) => s.database))];
    if (names.length > 1 || (names.length === 1 && names[0] === '')) {
        throw new errors/* AzaError */.TF('UNSUPPORTED_DUMP', `${path} creates or connects to more than one database (${names.map((n) => `"${n}"`).join(', ')}); a restore fills one database`, 'Split the script per database, or run it yourself with psql -f against the server.');
    }
    const name = names[0] ?? stmts[0].database;
    const relevant = stmts.filter((s) => s.database === name);
    return { name, lastLine: Math.max(...relevant.map((s) => s.line)), statements: relevant };
}


/***/ }),

/***/ 2975:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Mp: () => (/* binding */ STAGING_NAME_REGEX),
/* harmony export */   Pr: () => (/* binding */ derivedName),
/* harmony export */   cP: () => (/* binding */ restoreStamp),
/* harmony export */   g7: () => (/* binding */ maintenanceDatabaseFor),
/* harmony export */   gm: () => (/* binding */ checkFullRead),
/* harmony export */   gs: () => (/* binding */ ownDatabaseWarning),
/* harmony export */   ho: () => (/* binding */ MAX_IDENTIFIER_BYTES),
/* harmony export */   md: () => (/* binding */ SCRIPT_COPY_SESSIONS),
/* harmony export */   q8: () => (/* binding */ planRestore),
/* harmony export */   vc: () => (/* binding */ previousName),
/* harmony export */   zb: () => (/* binding */ stagingName)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4551);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8616);
/* harmony import */ var _databases_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3969);
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5593);
/* harmony import */ var _pg_tools_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9928);
/* harmony import */ var _inspect_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2165);
/* harmony import */ var _privileges_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4640);
/**
 * planRestore decides everything a restore will do from settings and facts: which database the
 * data goes into, the names of the staging and previous databases, the loader and its arguments,
 * the SQL that creates the new database like the old one, and every refusal. Pure: printing a
 * plan is how --dry-run works, and the unit tests run it without processes.
 */










/** The default COPY sessions of a plain script, at most (see copy-lanes.ts). */
const SCRIPT_COPY_SESSIONS = 2;
/** PostgreSQL cuts identifiers at 63 bytes: names we make must fit, without two targets colliding. */
const MAX_IDENTIFIER_BYTES = 63;
function restoreStamp(at) {
    const p = (n) => String(n).padStart(2, '0');
    return `${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}_${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
}
/** `base` + `suffix` within 63 bytes; a base cut short gets a short hash of its full name. */
function derivedName(base, suffix) {
    if (Buffer.byteLength(base + suffix) <= MAX_IDENTIFIER_BYTES)
        return base + suffix;
    const hash = `_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(base).digest('hex').slice(0, 6)}`;
    const room = MAX_IDENTIFIER_BYTES - Buffer.byteLength(suffix + hash);
    let cut = '';
    for (const ch of base) {
        if (Buffer.byteLength(cut + ch) > room)
            break;
        cut += ch;
    }
    return cut + hash + suffix;
}
function previousName(target, at) {
    return derivedName(target, `_before_restore_${restoreStamp(at)}`);
}
/** What every stagingName() ends with, as a POSIX regular expression (SQL ~ and JavaScript alike): status finds leftovers by it. */
const STAGING_NAME_REGEX = '_restoring_[0-9]{8}_[0-9]{6}$';
function stagingName(target, at) {
    return derivedName(target, `_restoring_${restoreStamp(at)}`);
}
/** Where CREATE/DROP/ALTER DATABASE run from: postgres, or template1 when the target is postgres. */
function maintenanceDatabaseFor(settings) {
    return settings.maintenanceDatabase ?? (settings.database === 'postgres' ? 'template1' : 'postgres');
}
function psqlList(candidates) {
    return candidates.map((c) => `${c.path} (${c.version})`).join(', ') || 'none';
}
function restrictError(dumpedBy, found) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('TOOL_TOO_OLD', `The dump was written by pg_dump ${dumpedBy ?? '(a recent version)'} and uses \\restrict, which this psql does not understand: ${found}`, 'psql learned \\restrict in 13.22, 14.19, 15.14, 16.10, 17.6 and 18. Update the PostgreSQL client tools (apt-get install --only-upgrade postgresql-client-N) or point --pg-bin-dir at newer ones.');
}
function missingExtensions(missing, where, serverMajor) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('EXTENSION_MISSING', `The dump needs extension${missing.length > 1 ? 's' : ''} ${missing.map((e) => `"${e}"`).join(', ')}, which the server at ${where} does not have; nothing was restored`, `Install ${missing.length > 1 ? 'them' : 'it'} on the server first (e.g. the postgresql-${serverMajor}-<name> or postgresql-contrib package; SELECT * FROM pg_available_extensions lists what it has), or restore into a server that has ${missing.length > 1 ? 'them' : 'it'}.`);
}
/** The warning of a script that makes its own database, whose objects go into the target instead. */
function ownDatabaseWarning(own, database) {
    return `The script creates and connects to its own database "${own}"; its objects go into "${database}" instead (its CREATE/DROP/ALTER DATABASE and \\connect lines are skipped; database "${own}" is not touched).`;
}
/**
 * A deferred plan against the backup read in full: throws what planRestore would have thrown on
 * these facts (an extension the server lacks, \restrict for a psql that does not know it).
 */
function checkFullRead(plan, full) {
    if (!plan.deferred)
        return;
    const where = `${plan.connection.host}:${plan.connection.port}`;
    const missing = full.extensions.filter((e) => !plan.deferred.availableExtensions.includes(e));
    if (missing.length)
        throw missingExtensions(missing, where, plan.serverMajor);
    if (full.usesRestrict && plan.loader.kind === 'psql' && !plan.deferred.loaderKnowsRestrict)
        throw restrictError(full.dumpedBy, plan.deferred.psqlFound);
}
function choosePsql(facts) {
    const serverMajor = facts.server.major;
    const usable = facts.psqlCandidates.filter((c) => c.major >= serverMajor);
    const needRestrict = facts.backup.usesRestrict;
    const knowing = usable.filter((c) => (0,_inspect_js__WEBPACK_IMPORTED_MODULE_8__/* .psqlKnowsRestrict */ .$i)(c.version));
    // A head-only read may meet \restrict later: a psql that knows it, where one is installed.
    const ok = needRestrict || (facts.backup.deferred && knowing.length > 0) ? knowing : usable;
    const chosen = (0,_pg_tools_js__WEBPACK_IMPORTED_MODULE_7__/* .chooseTool */ .q1)(ok, serverMajor);
    if (chosen)
        return chosen;
    const list = psqlList(facts.psqlCandidates);
    if (needRestrict && usable.length > 0)
        throw restrictError(facts.backup.dumpedBy, list);
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('TOOL_TOO_OLD', `The server runs PostgreSQL ${serverMajor}, but no psql of that major or newer was found: ${list}`, `Install postgresql-client-${serverMajor} (or newer) and, if it is not on PATH, pass its directory with --pg-bin-dir (input pg-bin-dir).`);
}
function choosePgRestore(facts) {
    const need = Math.max(facts.server.major, (0,_inspect_js__WEBPACK_IMPORTED_MODULE_8__/* .majorOf */ .Ds)(facts.backup.dumpedBy) ?? 0);
    const chosen = (0,_pg_tools_js__WEBPACK_IMPORTED_MODULE_7__/* .chooseTool */ .q1)(facts.pgRestoreCandidates.filter((c) => c.major >= need), need);
    if (chosen)
        return chosen;
    const list = facts.pgRestoreCandidates.map((c) => `${c.path} (${c.version})`).join(', ') || 'none';
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('TOOL_TOO_OLD', `A pg_restore of PostgreSQL ${need} or newer is needed (server ${facts.server.version}${facts.backup.dumpedBy ? `, archive written by pg_dump ${facts.backup.dumpedBy}` : ''}); found: ${list}`, `Install postgresql-client-${need} (or newer) and pass its directory with --pg-bin-dir if it is not on PATH.`);
}
function planRestore(settings, facts) {
    const { backup, target } = facts;
    const database = settings.database;
    const mode = settings.mode;
    const warnings = [...backup.warnings];
    const where = `${settings.connection.host}:${settings.connection.port}`;
    const maintenanceDatabase = maintenanceDatabaseFor(settings);
    if (maintenanceDatabase === database && mode !== 'into-existing') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('INVALID_INPUT', `The maintenance database cannot be the target ("${database}") in mode ${mode}`, 'Choose another --maintenance-database (e.g. template1), or use mode into-existing.');
    }
    if (!target.exists && !settings.create) {
        const { host, user } = settings.connection;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('DATABASE_NOT_FOUND', `Database "${database}" does not exist on ${where}; nothing was restored`, `Create database before restore: ${['createdb', '-h', host, '-U', user, database].map(_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .shellWord */ .r7).join(' ')}  (or: ${['psql', '-h', host, '-U', user, '-c', `CREATE DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteIdent */ .v4)(database)};`].map(_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .shellWord */ .r7).join(' ')}), or pass --create (input create: true).`);
    }
    if (facts.targetPrivileges && !settings.acceptPrivilegeLoss) {
        const loss = (0,_privileges_js__WEBPACK_IMPORTED_MODULE_9__/* .privilegeLoss */ .VJ)(database, facts.targetPrivileges, backup, settings);
        if (loss)
            throw loss;
    }
    const missing = backup.extensions.filter((e) => !facts.availableExtensions.includes(e));
    if (missing.length)
        throw missingExtensions(missing, where, facts.server.major);
    const dumpMajor = (0,_inspect_js__WEBPACK_IMPORTED_MODULE_8__/* .majorOf */ .Ds)(backup.dumpedFrom);
    if (dumpMajor !== undefined && dumpMajor > facts.server.major) {
        warnings.push(`The dump comes from PostgreSQL ${backup.dumpedFrom}, newer than the target server (${facts.server.version}); statements only newer servers know may fail.`);
    }
    const needsNewDatabase = mode === 'atomic' || mode === 'replace' || !target.exists;
    if (needsNewDatabase && !facts.canCreateDatabase) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('PERMISSION_DENIED', `User "${settings.connection.user}" may not create databases, which mode ${mode}${target.exists ? '' : ' on a missing target'} needs; nothing was restored`, `Grant it (ALTER ROLE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteIdent */ .v4)(settings.connection.user)} CREATEDB), run as a superuser, or restore into the existing database with mode into-existing (Permission denied: ensure the user has CREATE privileges: GRANT ALL ON DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteIdent */ .v4)(database)} TO your_user;).`);
    }
    const needsExclusiveTarget = target.exists && (mode === 'atomic' || mode === 'replace');
    if (needsExclusiveTarget && target.sessions > 0 && !settings.terminateConnections) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('TARGET_IN_USE', `Database "${database}" has ${target.sessions} other open session${target.sessions > 1 ? 's' : ''}; mode ${mode} needs it to itself for the ${mode === 'atomic' ? 'swap' : 'drop'}; nothing was restored`, `Stop the applications using it (SELECT pid, usename, application_name FROM pg_stat_activity WHERE datname = ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteLiteral */ .ce)(database)}), or pass --terminate-connections (input terminate-connections: true) to end them.`);
    }
    if (needsExclusiveTarget && settings.terminateConnections && !facts.superuser && target.owner !== settings.connection.user) {
        warnings.push('Terminating other sessions needs superuser, pg_signal_backend or the same role; sessions of other roles may survive and make the swap fail.');
    }
    let staging;
    let previous;
    let loadInto = database;
    if (mode === 'atomic') {
        // A staging name taken in this second is a killed restore's leftover (a running restore of
        // the target would hold its lock): take the next free second; the run drops the leftover.
        for (let s = 0; s < 60 && (staging === undefined || facts.databases.includes(staging)); s++) {
            staging = stagingName(database, new Date(facts.now.getTime() + s * 1000));
        }
        if (target.exists)
            previous = previousName(database, facts.now);
        for (const n of [staging, previous]) {
            if (n && facts.databases.includes(n)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('NAME_TAKEN', `Database "${n}" already exists; the restore needs that name`, 'Another restore runs or ran in the same second. Wait a second and retry, or drop the leftover database.');
            }
        }
        loadInto = staging;
    }
    const setOwner = target.exists && !!target.owner && (facts.superuser || target.owner === settings.connection.user);
    if (target.exists && target.owner && !setOwner && mode !== 'into-existing') {
        warnings.push(`The new database will be owned by "${settings.connection.user}", not by "${target.owner}" (only a superuser or that role can give it to "${target.owner}").`);
    }
    const createSql = needsNewDatabase ? (0,_databases_js__WEBPACK_IMPORTED_MODULE_5__/* .createDatabaseSql */ .s7)(loadInto, target, { serverMajor: facts.server.major, setOwner }) : undefined;
    const copySql = needsNewDatabase ? (0,_databases_js__WEBPACK_IMPORTED_MODULE_5__/* .copySettingsSql */ .nY)(loadInto, target) : [];
    const finishSql = needsNewDatabase ? (0,_databases_js__WEBPACK_IMPORTED_MODULE_5__/* .finishDatabaseSql */ .lq)(settings.database, target) : [];
    let loader;
    if (backup.format === 'plain') {
        const psql = choosePsql(facts);
        const args = ['-X', '-q', '--no-password', '-v', 'ON_ERROR_STOP=1', '-f', '-'];
        const compression = backup.compression === 'archive' ? 'none' : backup.compression;
        loader = { kind: 'psql', path: psql.path, version: psql.version, args, decompress: compression, copySessions: 1 };
        if (compression === 'gzip' && facts.igzip)
            loader.igzip = facts.igzip;
        // Into an existing database, one transaction: a failure rolls everything back.
        if (mode === 'into-existing' && target.exists)
            loader.oneTransaction = true;
        // COPY data in parallel sessions needs the guard (it finds the COPY statements), a load that
        // is not one transaction (sessions cannot share one), and pg_dump's script: pg_dump makes
        // foreign keys and triggers after the data, so no row of a table is checked against another
        // row that a second session may not have written yet.
        // By default at most SCRIPT_COPY_SESSIONS: each session that gets data costs this process about
        // 1.5 MiB (issue 16's memory goal holds on any machine); --jobs asks for more.
        const jobs = settings.jobs ?? settings.scriptJobs ?? Math.min(SCRIPT_COPY_SESSIONS, Math.max(1, facts.cores));
        const oneSession = settings.trustBackup
            ? 'trust-backup: the script goes to psql as it is, in one session: one job.'
            : loader.oneTransaction
                ? 'Into an existing database the script runs as one transaction, in one session: one job.'
                : !backup.dumpedBy
                    ? 'The script has no "Dumped by pg_dump" header: its COPY data loads in psql\'s session, in its order (a script of another origin may check rows against rows made before them).'
                    : undefined;
        if (!oneSession)
            loader.copySessions = jobs;
        else if (settings.jobs !== undefined && settings.jobs > 1)
            warnings.push(oneSession);
        if (!settings.trustBackup) {
            loader.guard = { restrict: (0,_inspect_js__WEBPACK_IMPORTED_MODULE_8__/* .psqlKnowsRestrict */ .$i)(psql.version) };
            if (!loader.guard.restrict)
                warnings.push(`psql ${psql.version} cannot run the script in restricted mode (\\restrict is new in 13.22, 14.19, 15.14, 16.10, 17.6, 18): only the line-by-line check keeps psql meta-commands out. Update the PostgreSQL client tools.`);
        }
        else
            warnings.push('trust-backup: the script is loaded as it is; psql meta-commands, COPY … PROGRAM and server-file functions in it run.');
        if (backup.ownDatabase)
            warnings.push(ownDatabaseWarning(backup.ownDatabase.name, database));
        if (settings.keepOwners || settings.keepPrivileges)
            warnings.push('keep-owners and keep-privileges apply to archives; a plain script restores whatever it contains.');
    }
    else {
        const pgRestore = choosePgRestore(facts);
        const intoExisting = mode === 'into-existing' && target.exists;
        let jobs = settings.jobs ?? Math.max(1, facts.cores);
        if (backup.format === 'tar' || intoExisting)
            jobs = 1;
        if (settings.jobs !== undefined && settings.jobs > 1 && jobs === 1) {
            warnings.push(backup.format === 'tar'
                ? 'pg_restore runs tar archives with one job.'
                : 'Into an existing database the restore runs as one transaction, which pg_restore cannot parallelize: one job.');
        }
        const args = ['--no-password', '--exit-on-error', '--dbname='];
        if (!settings.keepOwners)
            args.push('--no-owner');
        if (!settings.keepPrivileges)
            args.push('--no-acl');
        if (intoExisting)
            args.push('--clean', '--if-exists', '--single-transaction');
        if (jobs > 1)
            args.push(`--jobs=${jobs}`);
        args.push(backup.path);
        loader = { kind: 'pg_restore', path: pgRestore.path, version: pgRestore.version, args, jobs };
    }
    if (facts.targetPrivilegesUnread)
        warnings.push(`Could not read the owners and grants of "${database}" (${facts.targetPrivilegesUnread}): a restore without them would not be noticed.`);
    const serverRoles = new Set(facts.roles);
    const missingRoles = (backup.manifest?.roles ?? []).filter((r) => !serverRoles.has(r));
    if (missingRoles.length && !settings.createRoles)
        warnings.push(`The backup names ${missingRoles.length === 1 ? 'a role' : 'roles'} this server lacks (${missingRoles.map((r) => (0,_pg_js__WEBPACK_IMPORTED_MODULE_6__/* .quoteIdent */ .v4)(r)).join(', ')}): statements naming ${missingRoles.length === 1 ? 'it' : 'them'} (policies, owners, grants) fail. Create ${missingRoles.length === 1 ? 'it' : 'them'}, or pass --create-roles (input create-roles: true).`);
    const manifestExact = backup.manifest?.rowCounts === 'exact';
    const compareRowCounts = manifestExact && settings.rowCounts === 'exact';
    if (backup.manifest && !manifestExact)
        warnings.push(`The manifest has ${backup.manifest.rowCounts} row counts; the restored rows cannot be compared exactly.`);
    if (manifestExact && settings.rowCounts !== 'exact')
        warnings.push(`Row counts ${settings.rowCounts}: the restored rows are not compared with the manifest.`);
    const backupBefore = settings.backupBefore && target.exists
        ? { path: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(settings.backupDir, `pre_restore_${(0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .safeFileComponent */ .zT)(database)}_${restoreStamp(facts.now)}.sql.gz`) }
        : undefined;
    if (settings.backupBefore && !target.exists)
        warnings.push(`backup-before: "${database}" does not exist yet, there is nothing to back up.`);
    return {
        backup,
        database,
        mode,
        maintenanceDatabase,
        loadInto,
        targetExists: target.exists,
        ...(staging ? { staging } : {}),
        ...(previous ? { previous } : {}),
        keepPrevious: mode === 'atomic' ? settings.keepPrevious : false,
        ...(createSql ? { createSql } : {}),
        copySettingsSql: copySql,
        createRoles: settings.createRoles ? missingRoles : [],
        finishSql,
        targetIsTemplate: target.exists && !!target.isTemplate,
        targetAllowsConnections: target.allowConnections !== false,
        dropTarget: mode === 'replace' && target.exists,
        terminateConnections: settings.terminateConnections,
        needsExclusiveTarget,
        loader,
        rowCounts: settings.rowCounts,
        compareRowCounts,
        ...(backupBefore ? { backupBefore } : {}),
        serverMajor: facts.server.major,
        warnings,
        dryRun: settings.dryRun,
        confirmed: settings.confirmed,
        connection: settings.connection,
        server: facts.server,
        psqlPath: facts.psqlPath,
        maintenance: facts.maintenance,
        ...(facts.lock ? { lock: facts.lock } : {}),
        sessionsAhead: facts.superuser || !facts.target.exists || (facts.target.connectionLimit ?? -1) < 0,
        ...(settings.pgBinDir ? { pgBinDir: settings.pgBinDir } : {}),
        requireManifest: settings.requireManifest,
        backupDir: settings.backupDir,
        ...(settings.trustBackup ? { trustBackup: true } : {}),
        ...(settings.verifyKeys ? { verifyKeys: settings.verifyKeys } : {}),
        ...(backup.deferred
            ? {
                deferred: {
                    availableExtensions: facts.availableExtensions,
                    loaderKnowsRestrict: loader.kind === 'psql' && (0,_inspect_js__WEBPACK_IMPORTED_MODULE_8__/* .psqlKnowsRestrict */ .$i)(loader.version),
                    psqlFound: psqlList(facts.psqlCandidates),
                },
            }
            : {}),
    };
}


/***/ }),

/***/ 4640:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VJ: () => (/* binding */ privilegeLoss),
/* harmony export */   fR: () => (/* binding */ parseTargetPrivileges),
/* harmony export */   yn: () => (/* binding */ TARGET_PRIVILEGES_SQL)
/* harmony export */ });
/* unused harmony export restoreKeeps */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/**
 * What a restore over an existing database would lose: the owners of its objects (other than the
 * restoring role, which owns what a restore without owners creates) and the grants on them. Read
 * from the target before the restore, compared with what the backup carries.
 */

const NOT_SYSTEM = (ns) => `${ns}.nspname NOT IN ('pg_catalog', 'information_schema') AND ${ns}.nspname !~ '^pg_(toast|temp)'`;
const NOT_EXTENSION = (cls, oid) => `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${cls}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
/** Run in the target database: one row per owner or grant a restore without them would lose. */
const TARGET_PRIVILEGES_SQL = `WITH objs AS (
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
function parseTargetPrivileges(rows) {
    return {
        owners: rows.filter((r) => r[0] === 'owner').map((r) => r[1]),
        grants: rows.filter((r) => r[0] === 'grant').map((r) => r[1]),
    };
}
/** What the restore brings back of owners and grants. */
function restoreKeeps(backup, opts) {
    if (backup.format !== 'plain')
        return { owners: opts.keepOwners, grants: opts.keepPrivileges };
    const carries = backup.manifest?.privileges === true;
    return { owners: carries, grants: carries };
}
function some(list, n = 5) {
    return `${list.slice(0, n).join('; ')}${list.length > n ? `; and ${list.length - n} more` : ''}`;
}
/** The refusal of a restore that would drop owners or grants the target has, or undefined. */
function privilegeLoss(database, target, backup, opts) {
    const keeps = restoreKeeps(backup, opts);
    const owners = keeps.owners ? [] : target.owners;
    const grants = keeps.grants ? [] : target.grants;
    if (!owners.length && !grants.length)
        return undefined;
    const lost = [
        ...(owners.length ? [`${owners.length} owner${owners.length > 1 ? 's' : ''} (${some(owners)})`] : []),
        ...(grants.length ? [`${grants.length} grant${grants.length > 1 ? 's' : ''} (${some(grants)})`] : []),
    ].join(' and ');
    const why = backup.format === 'plain'
        ? backup.manifest?.privileges === undefined
            ? 'the backup does not record that it carries owners and grants'
            : 'the backup was made without owners and grants (--no-owner --no-acl)'
        : `the restore leaves out ${[!keeps.owners ? 'owners (--keep-owners)' : '', !keeps.grants ? 'grants (--keep-privileges)' : ''].filter(Boolean).join(' and ')}`;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('PRIVILEGES_WOULD_BE_LOST', `Restoring over "${database}" would lose ${lost}: ${why}; nothing was restored`, backup.format === 'plain'
        ? `Take the backup with --privileges (input privileges: true) so that it carries them, or pass --accept-privilege-loss (input accept-privilege-loss: true) to restore without them (objects then belong to the restoring role and have no grants).`
        : `Pass --keep-owners --keep-privileges (inputs keep-owners, keep-privileges) to restore them, or --accept-privilege-loss (input accept-privilege-loss: true) to restore without them.`);
}


/***/ }),

/***/ 306:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Fw: () => (/* reexport */ BackupRefusedError),
  U6: () => (/* binding */ GuardCheck),
  NS: () => (/* binding */ GuardSink),
  jI: () => (/* binding */ GuardedLoad)
});

// UNUSED EXPORTS: SqlGuard, restrictKey

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
;// CONCATENATED MODULE: ./src/core/restore/sql-rules.ts
/**
 * What the SQL guard (sql-guard.ts) refuses: the names of server-file functions, roles and settings
 * that hand out file access or load libraries, client-only encodings, and the judgements the
 * reader (sql-lexer.ts) asks for once it knows where a word or a literal stands in a statement.
 */

class BackupRefusedError extends errors/* AzaError */.TF {
    path;
    refusal;
    constructor(path, refusal) {
        super('BACKUP_REFUSED', `Refused ${path}: line ${refusal.line} holds ${refusal.what}, which pg_dump never writes (${refusal.text}); nothing was restored`, `A backup is data, not a program: restore and verify refuse scripts that run commands or touch server files. If you wrote this script yourself and trust every line of it, pass --trust-backup (input trust-backup: true).${refusal.what.startsWith('the psql meta-command')
            ? ' Otherwise no meta-command of a backup reaches psql: this check refuses them with any psql, and psql loads in restricted mode where it knows \\restrict (13.22, 14.19, 15.14, 16.10, 17.6, 18 and later; keep the client tools current).'
            : ''}`);
        this.path = path;
        this.refusal = refusal;
    }
}
/** Functions that read, write or list files on the database server (core and adminpack), or import/export large objects from files. */
const FILE_FUNCTIONS = new Set([
    'pg_read_file',
    'pg_read_binary_file',
    'pg_ls_dir',
    'pg_stat_file',
    'pg_ls_logdir',
    'pg_ls_waldir',
    'pg_ls_tmpdir',
    'pg_ls_archive_statusdir',
    'pg_ls_logicalsnapdir',
    'pg_ls_logicalmapdir',
    'pg_ls_replslotdir',
    'pg_file_write',
    'pg_file_rename',
    'pg_file_unlink',
    'pg_file_sync',
    'pg_logdir_ls',
    'lo_import',
    'lo_export',
]);
/** Roles and settings that hand out file access or load libraries. */
const FORBIDDEN_NAMES = new Set([
    'pg_execute_server_program',
    'pg_read_server_files',
    'pg_write_server_files',
    'session_preload_libraries',
    'local_preload_libraries',
    'shared_preload_libraries',
    'dynamic_library_path',
    'archive_command',
    'restore_command',
]);
/** Client encodings whose multibyte characters may contain ASCII bytes (a backslash or quote psql reads differently). */
const CLIENT_ONLY_ENCODINGS = new Set([
    'sjis',
    'shiftjis',
    'mskanji',
    'win932',
    'shiftjis2004',
    'big5',
    'win950',
    'gbk',
    'win936',
    'cp936',
    'uhc',
    'win949',
    'gb18030',
    'johab',
]);
const BODY_NAMES = new RegExp(`\\b(${[...FILE_FUNCTIONS, ...FORBIDDEN_NAMES].join('|')})\\b`, 'i');
const RESTRICT = /^\s*\\(restrict|unrestrict)\s+([A-Za-z0-9]+)\s*$/;
const CONNECT = /^\s*\\(c|connect)(\s|$)/;
function shorten(text) {
    const t = text.trim();
    return t.length > 120 ? `${t.slice(0, 117)}…` : t;
}
function isClientOnlyEncoding(name) {
    return CLIENT_ONLY_ENCODINGS.has(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}
/** A literal right after `prev` in a statement that starts with `first`. */
function literalRefusal(prev, first, copyTarget) {
    if (copyTarget && (prev === 'from' || prev === 'to'))
        return `COPY … ${prev.toUpperCase()} '<server file>'`;
    if (prev === 'program')
        return "a foreign table's program option (runs a shell command)";
    if (prev === 'filename' && first !== 'copy')
        return "a foreign table's filename option (reads a server file)";
    // pg_dump writes LANGUAGE plpgsql, never a quoted name: 'c' or 'internal' would hide a server library.
    if (prev === 'language' && first === 'create')
        return 'a language named by a string';
    return undefined;
}
/** A piece of a string or function body; `window` is it with the end of the piece before (a phrase may span lines). */
function bodyRefusal(text, window) {
    const m = BODY_NAMES.exec(text);
    if (m)
        return `${m[1].toLowerCase()} in a string or function body`;
    if (/\b(?:from|to)\s+program\b/i.test(window))
        return 'COPY … PROGRAM in a string or function body';
    if (/\blanguage\s+(?:c|internal)\b/i.test(window))
        return 'a C-language function created in a string or function body';
    return undefined;
}
/** An identifier (quoted or not, `w` lower case when not) after `prev` in a statement that starts with `first`. */
function nameRefusal(w, prev, first) {
    if (FILE_FUNCTIONS.has(w))
        return `a call of ${w} (server files)`;
    if (FORBIDDEN_NAMES.has(w))
        return `${w} (server programs, files or libraries)`;
    if (prev === 'language' && (w === 'c' || w === 'internal') && first === 'create')
        return `a ${w === 'c' ? 'C-language' : 'internal-language'} function (runs code from a server library)`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/restore/sql-lexer.ts
/**
 * The psql-like reader of the SQL guard (sql-guard.ts): statement boundaries, quotes, dollar
 * quotes, nested comments, COPY data and the words that open a statement, read the way psql reads
 * them; what it finds is judged by sql-rules.ts.
 */

function isIdentStart(c) {
    return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
}
function isIdentCont(c) {
    return isIdentStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x24;
}
function isDigit(c) {
    return c >= 0x30 && c <= 0x39;
}
function isSpace(c) {
    return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0c || c === 0x0a || c === 0x0b;
}
/** Where a standard string closes on this line (-1: it goes on), or why psql could end it elsewhere. */
function standardStringEnd(s, from) {
    for (let j = from;;) {
        const q = s.indexOf("'", j);
        if (q < 0)
            return -1;
        // With standard_conforming_strings off (which a function could set), an odd run of
        // backslashes before a quote escapes it: psql would end the string elsewhere.
        let k = q - 1;
        while (k >= from && s.charCodeAt(k) === 0x5c)
            k--;
        if ((q - 1 - k) % 2 === 1)
            return 'a string whose end depends on standard_conforming_strings (a backslash before a quote)';
        if (s.charCodeAt(q + 1) !== 0x27)
            return q;
        j = q + 2;
    }
}
/** Where an E string closes on this line (-1: it goes on), or why psql could end it elsewhere. */
function escapeStringEnd(s, from) {
    for (let j = from; j < s.length;) {
        const q = s.indexOf("'", j);
        const b = s.indexOf('\\', j);
        if (b >= 0 && (q < 0 || b < q)) {
            // A multibyte character of a client-only encoding may end in this byte.
            if (b > 0 && s.charCodeAt(b - 1) >= 0x80)
                return 'a backslash after a non-ASCII byte in an E string';
            j = b + 2;
            continue;
        }
        if (q < 0)
            return -1;
        if (s.charCodeAt(q + 1) !== 0x27)
            return q;
        j = q + 2;
    }
    return -1;
}
/**
 * The line-by-line judge. `line()` returns a refusal, 'own-restrict' for the dump's own
 * \restrict / \unrestrict line (the loader replaces it), or undefined.
 */
class SqlGuard {
    opts;
    mode = 'code';
    dollarTag = '';
    commentDepth = 0;
    /** COPY FROM STDIN data: psql passes lines to the server until "\.". */
    inCopyData = false;
    copyDataNext = false;
    restrictKey;
    // The current statement, cut where psql cuts it (";" outside parentheses and outside BEGIN … END of a function body).
    words = 0;
    firstWords = [];
    parens = 0;
    beginDepth = 0;
    prev = '';
    copyTarget = false;
    copyFromStdin = false;
    settingEncoding = false;
    createAs = false;
    /** set_config: 1 after the name, 2 after its "(", 3 inside its first argument, 4 after it. */
    setConfig = 0;
    // The literal being read.
    literalScanned = true;
    literalValue = '';
    literalTail = '';
    constructor(opts = {}) {
        this.opts = opts;
    }
    /** Between statements: nothing of a statement read yet (a blank or comment line keeps it so). */
    get atStatementStart() {
        return this.mode === 'code' && this.words === 0 && this.parens === 0;
    }
    /** One line without its newline; `no` is its 1-based number. */
    line(text, no) {
        if (this.inCopyData) {
            if (text === '\\.' || text === '\\.\r')
                this.inCopyData = false;
            return undefined;
        }
        const refuse = (what) => ({ line: no, what, text: shorten(text) });
        if (this.mode === 'code' && this.words === 0 && this.parens === 0 && /^\s*\\/.test(text)) {
            const r = RESTRICT.exec(text);
            if (r) {
                if (this.restrictKey === undefined || this.restrictKey === r[2]) {
                    this.restrictKey = r[2];
                    return 'own-restrict';
                }
                return refuse(`a \\${r[1]} with another key than the dump's own`);
            }
            if (this.opts.allowConnect && CONNECT.test(text))
                return undefined;
        }
        const found = this.lex(text);
        if (found)
            return refuse(found);
        if (this.copyDataNext) {
            this.copyDataNext = false;
            this.inCopyData = true;
        }
        return undefined;
    }
    lex(s) {
        const n = s.length;
        let i = 0;
        while (i < n) {
            const c = s.charCodeAt(i);
            if (this.mode === 'comment') {
                const close = s.indexOf('*/', i);
                const open = s.indexOf('/*', i);
                if (open >= 0 && (close < 0 || open < close)) {
                    this.commentDepth++;
                    i = open + 2;
                }
                else if (close >= 0) {
                    i = close + 2;
                    if (--this.commentDepth === 0)
                        this.mode = 'code';
                }
                else
                    i = n;
                continue;
            }
            if (this.mode === 'squote' || this.mode === 'equote' || this.mode === 'dollar') {
                const closed = this.mode === 'squote' ? standardStringEnd(s, i) : this.mode === 'equote' ? escapeStringEnd(s, i) : s.indexOf(this.dollarTag, i);
                if (typeof closed === 'string')
                    return closed;
                const next = this.literalThrough(s, i, closed, this.mode === 'dollar' ? this.dollarTag.length : 1);
                if (typeof next === 'string')
                    return next;
                if (next < 0)
                    return undefined;
                i = next;
                continue;
            }
            if (this.mode === 'dquote') {
                const close = s.indexOf('"', i);
                if (close < 0) {
                    this.literalValue += s.slice(i);
                    return undefined;
                }
                if (s.charCodeAt(close + 1) === 0x22) {
                    this.literalValue += s.slice(i, close + 1);
                    i = close + 2;
                    continue;
                }
                this.literalValue += s.slice(i, close);
                this.mode = 'code';
                i = close + 1;
                const found = this.word(this.literalValue, true);
                if (found)
                    return found;
                continue;
            }
            // Outside literals and comments.
            if (isSpace(c)) {
                i++;
                continue;
            }
            if (c === 0x2d && s.charCodeAt(i + 1) === 0x2d)
                return undefined;
            if (c === 0x2f && s.charCodeAt(i + 1) === 0x2a) {
                this.mode = 'comment';
                this.commentDepth = 1;
                i += 2;
                continue;
            }
            if (this.setConfig !== 0 && this.setConfig !== 3) {
                // set_config's setting name must be one plain string: a computed one could be client_encoding.
                if (this.setConfig === 1)
                    this.setConfig = c === 0x28 ? 2 : 0;
                else if (this.setConfig === 2 && c !== 0x27)
                    return 'set_config with a computed setting name';
                else if (this.setConfig === 4) {
                    if (c !== 0x2c)
                        return 'set_config with a computed setting name';
                    this.setConfig = 0;
                }
            }
            if (c === 0x5c) {
                const m = /^\\([A-Za-z!?;:.]+|\S)?/.exec(s.slice(i, i + 40));
                return `the psql meta-command ${m?.[0] ?? '\\'}`;
            }
            if (c === 0x27) {
                const found = this.literalStart('squote');
                if (found)
                    return found;
                i++;
                continue;
            }
            if (c === 0x22) {
                this.mode = 'dquote';
                this.literalValue = '';
                i++;
                continue;
            }
            if (c === 0x24) {
                const m = /^\$([A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*)?\$/.exec(s.slice(i, i + 256));
                if (m) {
                    this.dollarTag = m[0];
                    const found = this.literalStart('dollar');
                    if (found)
                        return found;
                    i += m[0].length;
                    continue;
                }
                i++;
                while (i < n && isDigit(s.charCodeAt(i)))
                    i++;
                this.token('$n');
                continue;
            }
            if (isIdentStart(c)) {
                let j = i + 1;
                while (j < n && isIdentCont(s.charCodeAt(j)))
                    j++;
                const w = s.slice(i, j);
                const next = s.charCodeAt(j);
                if ((w === 'u' || w === 'U') && next === 0x26 && (s.charCodeAt(j + 1) === 0x27 || s.charCodeAt(j + 1) === 0x22))
                    return 'a Unicode-escaped identifier or string (U&…)';
                if (next === 0x27 && w.length === 1 && 'eEnNbBxX'.includes(w)) {
                    const found = this.literalStart(w === 'e' || w === 'E' ? 'equote' : 'squote');
                    if (found)
                        return found;
                    i = j + 1;
                    continue;
                }
                const found = this.word(w, false);
                if (found)
                    return found;
                i = j;
                continue;
            }
            if (isDigit(c)) {
                let j = i + 1;
                while (j < n && (isIdentCont(s.charCodeAt(j)) || s.charCodeAt(j) === 0x2e))
                    j++;
                this.token('0');
                i = j;
                continue;
            }
            if (c === 0x3a) {
                if (s.charCodeAt(i + 1) === 0x3a) {
                    this.token('::');
                    i += 2;
                    continue;
                }
                // psql substitutes :name, :'name' and :"name" when the variable exists; the ones psql sets
                // itself are upper case (HOST, DBNAME, LAST_ERROR_MESSAGE, …), and under \restrict nothing
                // can set another. A lower-case name (an array slice a[1:n]) is left as it is.
                const v = /^:(['"]?)([A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*)/.exec(s.slice(i, i + 80));
                if (v && /[A-Z]/.test(v[2]))
                    return `a psql variable reference (:${v[1]}${v[2]}${v[1]})`;
                this.token(':');
                i++;
                continue;
            }
            if (c === 0x28) {
                this.parens++;
                this.token('(');
                i++;
                continue;
            }
            if (c === 0x29) {
                if (this.parens > 0)
                    this.parens--;
                this.token(')');
                i++;
                continue;
            }
            if (c === 0x3b && this.parens === 0 && this.beginDepth === 0) {
                i++;
                this.endStatement();
                continue;
            }
            this.token(s[i]);
            i++;
        }
        return undefined;
    }
    /** A literal starts; what it means depends on the words before it. */
    literalStart(mode) {
        const first = this.firstWords[0];
        const refused = literalRefusal(this.prev, first, this.copyTarget);
        if (refused)
            return refused;
        if (this.setConfig === 2)
            this.setConfig = 3;
        if (this.settingEncoding && mode !== 'squote')
            return 'SET client_encoding to an escaped string';
        this.mode = mode;
        this.literalScanned = !(first === 'insert' || first === 'comment' || first === 'security');
        this.literalValue = '';
        this.literalTail = '';
        this.token("'");
        return undefined;
    }
    /**
     * The literal's text on this line up to `closed` (-1: to the end of the line): a refusal, or where
     * code resumes (-1: the literal goes on to the next line).
     */
    literalThrough(s, from, closed, closeLength) {
        const found = this.literalNeedsText() ? this.literalText(s.slice(from, closed < 0 ? s.length : closed), closed >= 0) : undefined;
        if (found)
            return found;
        if (closed < 0)
            return -1;
        this.mode = 'code';
        return closed + closeLength;
    }
    /** Data (INSERT values, comments) is not read, unless it is a setting's name or value. */
    literalNeedsText() {
        return this.literalScanned || this.settingEncoding || this.setConfig === 3;
    }
    /** Text inside a literal: a piece of it, literals may span lines. */
    literalText(text, closes) {
        if (/client_encoding/i.test(text))
            return 'a change of client_encoding outside SET';
        if (this.literalScanned) {
            const window = this.literalTail + text;
            const refused = bodyRefusal(text, window);
            if (refused)
                return refused;
            this.literalTail = `${window.slice(-64)}\n`;
        }
        if (this.settingEncoding || this.setConfig === 3)
            this.literalValue += text.slice(0, 256);
        if (closes) {
            if (this.settingEncoding && isClientOnlyEncoding(this.literalValue))
                return `the client-only encoding ${this.literalValue}`;
            if (this.setConfig === 3)
                this.setConfig = 4;
            this.literalValue = '';
        }
        return undefined;
    }
    token(t) {
        this.prev = t;
    }
    /** An identifier or keyword (quoted: verbatim). */
    word(raw, quoted) {
        const w = quoted ? raw : raw.toLowerCase();
        this.words++;
        if (this.firstWords.length < 4)
            this.firstWords.push(quoted ? `"${w}` : w);
        const f = this.firstWords;
        if (!quoted) {
            // psql's rule for BEGIN ATOMIC … END in CREATE [OR REPLACE] FUNCTION/PROCEDURE: a ";" inside does not end the statement.
            const fnHead = f[0] === 'create' &&
                (f[1] === 'function' ||
                    f[1] === 'procedure' ||
                    (f[1] === 'or' && f[2] === 'replace' && (f[3] === 'function' || f[3] === 'procedure')));
            if (fnHead && this.parens === 0) {
                if (w === 'begin')
                    this.beginDepth++;
                else if (w === 'case' && this.beginDepth >= 1)
                    this.beginDepth++;
                else if (w === 'end' && this.beginDepth > 0)
                    this.beginDepth--;
            }
        }
        const first = f[0];
        if (first === 'create' && w === 'as' && !quoted && this.parens === 0 && f.includes('table'))
            this.createAs = true;
        const refused = nameRefusal(w, this.prev, first);
        if (refused)
            return refused;
        if (quoted) {
            this.token('"');
            return undefined;
        }
        if (w === 'client_encoding' && first !== 'set')
            return 'a change of client_encoding outside SET';
        if (this.words === 1 && (w === 'load' || w === 'discard'))
            return `${w.toUpperCase()} (pg_dump never writes it)`;
        if (this.words === 2 && first === 'alter' && w === 'system')
            return 'ALTER SYSTEM (server configuration)';
        if (first === 'set' && this.words <= 3 && (w === 'client_encoding' || w === 'names'))
            this.settingEncoding = true;
        else if (this.settingEncoding && isClientOnlyEncoding(w))
            return `the client-only encoding ${raw}`;
        if (first === 'copy' && this.parens === 0) {
            if (this.copyTarget && (this.prev === 'from' || this.prev === 'to')) {
                if (w === 'program')
                    return 'COPY … PROGRAM';
                if (w === 'stdin' && this.prev === 'from')
                    this.copyFromStdin = true;
            }
            if (w === 'from' || w === 'to')
                this.copyTarget = true;
        }
        this.token(w);
        if (w === 'set_config')
            this.setConfig = 1;
        return undefined;
    }
    /** The end of the script: a statement left without its ";" ends here (psql runs it too). */
    endOfScript() {
        if (this.words > 0)
            this.endStatement();
    }
    endStatement() {
        this.opts.onStatement?.(this.firstWords, this.createAs);
        this.createAs = false;
        if (this.copyFromStdin && this.firstWords[0] === 'copy')
            this.copyDataNext = true;
        this.words = 0;
        this.firstWords = [];
        this.parens = 0;
        this.beginDepth = 0;
        this.prev = ';';
        this.copyTarget = false;
        this.copyFromStdin = false;
        this.settingEncoding = false;
        this.setConfig = 0;
    }
}

;// CONCATENATED MODULE: ./src/core/restore/sql-guard.ts
/**
 * A backup is data, not a program: the guard reads a plain SQL script the way psql will (the same
 * statement boundaries, quotes, dollar quotes, comments and COPY data) and refuses what pg_dump
 * never writes but a hostile script would use to run code or touch files on the runner or the
 * database host: psql meta-commands (other than the dump's own \connect and \restrict /
 * \unrestrict), COPY … PROGRAM, COPY to or from a server file, the server-file and large-object
 * file functions, file_fdw's program and filename options, C-language functions, LOAD, ALTER
 * SYSTEM, and what would make psql and this guard read the rest differently (a client-only
 * encoding, a string whose end depends on standard_conforming_strings).
 *
 * It is a filter, not a sandbox: code hidden behind dynamic SQL in a function body can still run
 * when something calls that function. The signed manifest (src/core/signing.ts) is what proves a
 * backup came from a trusted origin; the guard keeps an untrusted one from running the obvious.
 *
 * Lines are read as latin1: every character that matters to the lexer is ASCII, and a refused
 * client-only encoding is the only way a multibyte character could hide one.
 */






const NL = 0x0a;
const NOOP_LINE = /^\s*(--.*)?$/;
/** No run is open: the next line starts one. */
const NO_RUN = 'none';
/** Feeds a byte stream to a guard line by line; COPY data is skipped byte-wise. */
class GuardReader {
    counter;
    guard;
    lines = 0;
    refusal;
    /** Whether psql's session is inside BEGIN … COMMIT after the statements read so far. */
    inTransactionBlock = false;
    /** The start of an unfinished line, not yet judged nor passed on. */
    partial = [];
    /** Data lines of the COPY being read (for the counter). */
    copyRows = 0;
    constructor(opts, counter) {
        this.counter = counter;
        counter?.watch();
        this.guard = new SqlGuard({
            ...opts,
            onStatement: (words, as) => {
                counter?.statement(words, as);
                this.followTransaction(words);
            },
        });
    }
    /** psql's transaction block, as its statements open and end it (top level only: bodies are quoted). */
    followTransaction(words) {
        const [w0, w1] = words;
        if (w0 === 'begin' || (w0 === 'start' && w1 === 'transaction'))
            this.inTransactionBlock = true;
        else if (w0 === 'commit' ||
            w0 === 'end' ||
            w0 === 'abort' ||
            (w0 === 'rollback' && w1 !== 'to') ||
            (w0 === 'prepare' && w1 === 'transaction'))
            this.inTransactionBlock = false;
    }
    /** One line through the guard, telling the counter where COPY data starts and ends. */
    judge(line) {
        const wasCopy = this.guard.inCopyData;
        const r = this.guard.line(line.toString('latin1'), this.lines);
        if (this.counter) {
            if (wasCopy) {
                if (this.guard.inCopyData)
                    this.copyRows++;
                else
                    this.counter.copyEnd(this.copyRows);
            }
            else if (this.guard.inCopyData) {
                this.copyRows = 0;
                this.counter.copyStart(line.toString('latin1'));
            }
        }
        return r;
    }
    /**
     * Judges the lines `chunk` completes; `emit` gets what may pass on: complete, judged lines only
     * (the dump's own \restrict lines as comments), in runs of one kind. Stops at the first refusal,
     * emitting nothing of the chunk.
     */
    push(chunk, emit) {
        // psql cuts a line at a NUL byte (C strings) and reads on from the next line: the rest would be
        // read differently here. Text never holds one.
        const nul = chunk.indexOf(0);
        if (nul >= 0) {
            let line = this.lines + 1;
            for (let i = chunk.indexOf(NL); i >= 0 && i < nul; i = chunk.indexOf(NL, i + 1))
                line++;
            this.refusal = { line, what: 'a NUL byte (psql would cut the line there)', text: '' };
            return this.refusal;
        }
        const out = [];
        let start = 0;
        let runFrom = 0;
        let run = NO_RUN;
        /** Ends the open run at `to` (its bytes pass on) and opens `next` there. */
        const cut = (to, next) => {
            if (run !== NO_RUN && to > runFrom)
                out.push([chunk.subarray(runFrom, to), run, this.inTransactionBlock]);
            runFrom = to;
            run = next;
        };
        for (;;) {
            const nl = chunk.indexOf(NL, start);
            if (nl < 0)
                break;
            this.lines++;
            if (this.guard.inCopyData && this.partial.length === 0) {
                const len = nl - start;
                if (chunk[start] === 0x5c && chunk[start + 1] === 0x2e && (len === 2 || (len === 3 && chunk[start + 2] === 0x0d))) {
                    this.guard.inCopyData = false;
                    this.counter?.copyEnd(this.copyRows);
                    cut(start, 'copy-end');
                    cut(nl + 1, NO_RUN);
                }
                else {
                    this.copyRows++;
                    if (run !== 'copy-data')
                        cut(start, 'copy-data');
                }
                start = nl + 1;
                continue;
            }
            const carried = this.partial;
            this.partial = [];
            const piece = chunk.subarray(start, nl);
            const line = carried.length ? Buffer.concat([...carried, piece]) : piece;
            const wasCopy = this.guard.inCopyData;
            const wasIdle = !wasCopy && this.guard.atStatementStart;
            const r = this.judge(line);
            if (r && r !== 'own-restrict') {
                this.refusal = r;
                return r;
            }
            let kind;
            if (wasCopy)
                kind = this.guard.inCopyData ? 'copy-data' : 'copy-end';
            else if (this.guard.inCopyData)
                kind = 'copy-head';
            else
                kind = r === 'own-restrict' || (wasIdle && this.guard.atStatementStart && NOOP_LINE.test(line.toString('latin1'))) ? 'noop' : 'sql';
            if (r === 'own-restrict') {
                cut(start, NO_RUN);
                out.push([
                    Buffer.from(`-- [aza-pg] the dump's own ${line.toString('latin1').trim().split(/\s/)[0]} (the loader restricts psql itself)\n`),
                    'noop',
                    this.inTransactionBlock,
                ]);
                runFrom = nl + 1;
            }
            else if (carried.length) {
                // A line begun in an earlier chunk passes on whole (a piece never ends inside a line).
                cut(start, NO_RUN);
                out.push([Buffer.concat([line, Buffer.from('\n')]), kind, this.inTransactionBlock]);
                runFrom = nl + 1;
            }
            else {
                if (kind !== run)
                    cut(start, kind);
                // The COPY line and the end of its data are pieces of their own.
                if (kind === 'copy-head' || kind === 'copy-end')
                    cut(nl + 1, NO_RUN);
            }
            start = nl + 1;
        }
        cut(start, NO_RUN);
        if (start < chunk.length)
            this.partial.push(Buffer.from(chunk.subarray(start)));
        if (emit)
            for (const p of out)
                emit(p);
        return undefined;
    }
    /** The last line, without a newline. */
    end(emit) {
        if (!this.partial.length) {
            this.guard.endOfScript();
            return undefined;
        }
        const line = Buffer.concat(this.partial);
        this.partial = [];
        this.lines++;
        const inCopy = this.guard.inCopyData;
        const r = inCopy ? undefined : this.guard.line(line.toString('latin1'), this.lines);
        this.guard.endOfScript();
        if (r === 'own-restrict')
            return undefined;
        if (r) {
            this.refusal = r;
            return r;
        }
        emit?.([line, inCopy ? 'copy-data' : 'sql', this.inTransactionBlock]);
        return undefined;
    }
}
/**
 * The inspection's guard: passes every byte through (the sha256 and the other scans go on), keeps
 * the first refusal for the caller to throw after the read.
 */
class GuardCheck extends external_node_stream_.Transform {
    reader;
    constructor(opts = { allowConnect: true }) {
        super();
        this.reader = new GuardReader(opts);
    }
    get refusal() {
        return this.reader.refusal;
    }
    /** Judges a chunk outside a pipeline (a read of the head). */
    feed(chunk) {
        if (!this.reader.refusal)
            this.reader.push(chunk);
    }
    _transform(chunk, _enc, callback) {
        this.feed(chunk);
        callback(null, chunk);
    }
    _flush(callback) {
        if (!this.reader.refusal)
            this.reader.end();
        callback();
    }
}
/** A sink that only guards (pg_restore's script of an archive). */
class GuardSink extends external_node_stream_.Writable {
    reader;
    constructor(opts = {}) {
        super();
        this.reader = new GuardReader(opts);
    }
    get refusal() {
        return this.reader.refusal;
    }
    _write(chunk, _enc, callback) {
        if (!this.reader.refusal)
            this.reader.push(chunk);
        callback();
    }
    _final(callback) {
        if (!this.reader.refusal)
            this.reader.end();
        callback();
    }
}
/** A key psql accepts for \restrict and no script can guess. */
function restrictKey() {
    return (0,external_node_crypto_.randomBytes)(32)
        .toString('base64')
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 40);
}
/**
 * The last stage before psql: what psql reads starts with `\restrict <random key> \\` (when
 * `restrict`; on the first line, psql's `\\` separator ends the meta-command and the script's
 * first line follows, so psql's line numbers stay the script's); the dump's own \restrict /
 * \unrestrict lines become comments (psql refuses a nested \restrict); a line is passed on only
 * when it is complete and judged (psql runs a statement left unfinished at EOF), and the first
 * refused line stops the flow before psql sees it.
 */
class GuardedLoad extends external_node_stream_.Transform {
    path;
    restrict;
    lanes;
    reader;
    started = false;
    /**
     * `counter`, when given, counts the rows of each COPY psql reads (see copy-counts.ts); `lanes`,
     * when given, take the COPY data (see copy-lanes.ts).
     */
    constructor(path, restrict, counter, lanes) {
        super();
        this.path = path;
        this.restrict = restrict;
        this.lanes = lanes;
        this.reader = new GuardReader({}, counter);
    }
    start() {
        if (this.started)
            return;
        this.started = true;
        if (this.restrict)
            this.push(Buffer.from(`\\restrict ${restrictKey()} \\\\ `));
    }
    _transform(chunk, _enc, callback) {
        this.pass((emit) => this.reader.push(chunk, emit), callback);
    }
    _flush(callback) {
        this.pass((emit) => this.reader.end(emit), callback, true);
    }
    /** Passes on what the reader lets through, or fails the stream at its first refusal. */
    pass(read, callback, last = false) {
        this.start();
        const out = [];
        const r = read((p) => out.push(p));
        if (r) {
            callback(new BackupRefusedError(this.path, r));
            return;
        }
        if (!this.lanes) {
            for (const [p] of out)
                this.push(p);
            callback();
            return;
        }
        const lanes = this.lanes;
        const toScript = (p) => void this.push(p);
        lanes
            .route(out, toScript)
            .then(() => (last ? lanes.finish() : undefined))
            .then(() => callback(), callback);
    }
}


/***/ }),

/***/ 7094:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Y: () => (/* binding */ ScanSink),
/* harmony export */   Oo: () => (/* binding */ OwnDatabaseFilter),
/* harmony export */   bB: () => (/* binding */ ScanThrough),
/* harmony export */   ku: () => (/* binding */ BeyondHeadError),
/* harmony export */   l8: () => (/* binding */ PlainSqlScanner)
/* harmony export */ });
/* unused harmony exports PLAIN_DUMP_HEADER, CLUSTER_DUMP_HEADER, sqlIdentifier, connectTarget, databaseStatement */
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _compress_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1983);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9892);
/**
 * Reading plain SQL dumps line by line without trusting them: what a restore must know before it
 * starts (which pg_dump wrote it, whether it uses psql's \restrict, which extensions it needs,
 * whether it creates and connects to a database of its own, whether it is complete), and a
 * filter that keeps a script's own CREATE DATABASE / \connect from leaving the target.
 *
 * COPY data is skipped byte-wise (only the "\." terminator is looked for), so scanning a large
 * dump costs little more than reading it.
 */



const PLAIN_DUMP_HEADER = '-- PostgreSQL database dump';
const CLUSTER_DUMP_HEADER = '-- PostgreSQL database cluster dump';
const HEAD_BYTES = 64 * 1024;
const HEAD_LIMIT = 1024 * 1024;
const NL = 0x0a;
/** Unquotes an SQL identifier: "My ""db""" -> My "db"; unquoted names fold to lower case. */
function sqlIdentifier(token) {
    if (token.startsWith('"'))
        return token.slice(1, -1).replace(/""/g, '"');
    return token.toLowerCase();
}
const IDENT = `("(?:[^"]|"")+"|[\\p{L}_][\\p{L}\\p{N}_$]*)`;
const CREATE_EXT = new RegExp(`^\\s*CREATE\\s+EXTENSION\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${IDENT}`, 'iu');
const DB_STMT = new RegExp(`^\\s*(CREATE|DROP|ALTER)\\s+DATABASE\\s+(?:IF\\s+EXISTS\\s+)?${IDENT}`, 'iu');
const DB_COMMENT = new RegExp(`^\\s*COMMENT\\s+ON\\s+DATABASE\\s+${IDENT}`, 'iu');
const DB_GRANT = new RegExp(`^\\s*(?:GRANT|REVOKE)\\s+.*\\s+ON\\s+DATABASE\\s+${IDENT}`, 'iu');
const COPY_FROM_STDIN = /^\s*COPY\s+.*\s+FROM\s+stdin\b.*;\s*$/i;
/** `\connect db`, `\c db`, `\connect -reuse-previous=on "dbname='db'"` -> db. */
function connectTarget(line) {
    const m = /^\s*\\(?:c|connect)(?:\s+(.*))?$/.exec(line);
    if (!m)
        return undefined;
    let rest = (m[1] ?? '').trim().replace(/;\s*$/, '');
    rest = rest.replace(/^-reuse-previous=\S+\s*/, '');
    const conninfo = /^"?dbname='((?:[^'\\]|\\.)*)'"?/.exec(rest);
    if (conninfo)
        return conninfo[1].replace(/\\(.)/g, '$1');
    const quoted = /^"((?:[^"]|"")*)"/.exec(rest);
    if (quoted)
        return quoted[1].replace(/""/g, '"');
    const word = /^(\S+)/.exec(rest);
    return word ? word[1] : '';
}
/** Classifies one line outside COPY data; undefined when it is no database-level statement. */
function databaseStatement(line, lineNo) {
    const c = connectTarget(line);
    if (c !== undefined)
        return { kind: 'connect', database: c, line: lineNo };
    let m = DB_STMT.exec(line);
    if (m)
        return { kind: m[1].toLowerCase(), database: sqlIdentifier(m[2]), line: lineNo };
    m = DB_COMMENT.exec(line);
    if (m)
        return { kind: 'comment', database: sqlIdentifier(m[1]), line: lineNo };
    m = DB_GRANT.exec(line);
    if (m)
        return { kind: 'grant', database: sqlIdentifier(m[1]), line: lineNo };
    return undefined;
}
/** Splits a byte stream into lines and hands non-COPY lines to `onLine` as text. */
class LineReader {
    onLine;
    partial = [];
    inCopy = false;
    lines = 0;
    /** COPY ... FROM stdin statements seen. */
    copies = 0;
    constructor(onLine) {
        this.onLine = onLine;
    }
    push(chunk) {
        let start = 0;
        for (;;) {
            const nl = chunk.indexOf(NL, start);
            if (nl < 0)
                break;
            if (this.inCopy && this.partial.length === 0) {
                // COPY data, the bulk of a dump: count the line and look for "\." in place, no copies.
                this.lines++;
                const len = nl - start;
                if (chunk[start] === 0x5c && chunk[start + 1] === 0x2e && (len === 2 || (len === 3 && chunk[start + 2] === 0x0d)))
                    this.inCopy = false;
                start = nl + 1;
                continue;
            }
            const piece = chunk.subarray(start, nl);
            const line = this.partial.length ? Buffer.concat([...this.partial, piece]) : piece;
            this.partial = [];
            this.handle(line);
            start = nl + 1;
        }
        if (start < chunk.length)
            this.partial.push(Buffer.from(chunk.subarray(start)));
    }
    end() {
        if (this.partial.length)
            this.handle(Buffer.concat(this.partial));
        this.partial = [];
    }
    handle(line) {
        this.lines++;
        if (this.inCopy) {
            // "\." ends COPY data (possibly with a carriage return).
            if (line[0] === 0x5c && line[1] === 0x2e && (line.length === 2 || (line.length === 3 && line[2] === 0x0d)))
                this.inCopy = false;
            return;
        }
        const text = line.toString('utf8');
        if (COPY_FROM_STDIN.test(text)) {
            this.inCopy = true;
            this.copies++;
        }
        this.onLine(text, this.lines);
    }
}
/** Collects a PlainScan from the decompressed bytes of a plain dump. */
class PlainSqlScanner {
    reader;
    head = [];
    headBytes = 0;
    tail = new _compress_js__WEBPACK_IMPORTED_MODULE_1__/* .LastBytes */ .A5(4096);
    extensions = new Set();
    result = {
        bytes: 0,
        lines: 0,
        customArchiveInside: false,
        looksLikeText: true,
        looksLikeSql: false,
        pgDumpHeader: false,
        clusterDump: false,
        dumpComplete: false,
        usesRestrict: false,
        extensions: [],
        databaseStatements: [],
    };
    constructor() {
        this.reader = new LineReader((line, no) => this.line(line, no));
    }
    push(chunk) {
        this.result.bytes += chunk.length;
        if (this.headBytes < HEAD_BYTES) {
            this.head.push(chunk.subarray(0, HEAD_BYTES - this.headBytes));
            this.headBytes += Math.min(chunk.length, HEAD_BYTES - this.headBytes);
        }
        this.tail.push(chunk);
        this.reader.push(chunk);
    }
    line(text, no) {
        if (no <= 40) {
            if (text.startsWith(CLUSTER_DUMP_HEADER))
                this.result.clusterDump = true;
            else if (text === PLAIN_DUMP_HEADER)
                this.result.pgDumpHeader = true;
            const from = /^-- Dumped from database version (\S+)/.exec(text);
            if (from)
                this.result.dumpedFrom ??= from[1];
            const by = /^-- Dumped by pg_dump(?:all)? version (\S+)/.exec(text);
            if (by)
                this.result.dumpedBy ??= by[1];
        }
        const first = text.trimStart()[0];
        if (first === '\\') {
            if (/^\s*\\restrict\s/.test(text))
                this.result.usesRestrict = true;
        }
        if (first === 'C' || first === 'c') {
            const m = CREATE_EXT.exec(text);
            if (m)
                this.extensions.add(sqlIdentifier(m[1]));
        }
        if (first === '\\' ||
            first === 'C' ||
            first === 'c' ||
            first === 'D' ||
            first === 'd' ||
            first === 'A' ||
            first === 'a' ||
            first === 'G' ||
            first === 'g' ||
            first === 'R' ||
            first === 'r') {
            const s = databaseStatement(text, no);
            if (s)
                this.result.databaseStatements.push(s);
        }
    }
    /** The facts a restore plans with, as found so far (see ScanThrough). */
    facts() {
        return {
            extensions: this.extensions.size,
            usesRestrict: this.result.usesRestrict,
            databaseStatements: this.result.databaseStatements.length,
        };
    }
    /**
     * Enough read to plan with: the first 64 KiB and 40 lines (the text checks and pg_dump's
     * header), and the first COPY data (everything a dump declares comes before it) or 1 MiB.
     */
    headComplete() {
        return this.result.bytes >= HEAD_BYTES && this.reader.lines >= 40 && (this.reader.copies > 0 || this.result.bytes >= HEAD_LIMIT);
    }
    /** What the complete lines read so far show, for a read of the head only (no end-of-dump facts). */
    headScan() {
        return this.summary();
    }
    finish() {
        this.reader.end();
        return this.summary();
    }
    summary() {
        const head = Buffer.concat(this.head);
        this.result.customArchiveInside = head.subarray(0, 5).toString('latin1') === 'PGDMP';
        let control = 0;
        let nul = false;
        for (const b of head) {
            if (b === 0)
                nul = true;
            if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c)
                control++;
        }
        this.result.looksLikeText = !nul && control <= head.length / 100;
        this.result.looksLikeSql = /(^|\n)\s*(--|\/\*|\\|SET\b|CREATE\b|INSERT\b|COPY\b|SELECT\b|BEGIN\b|DROP\b|ALTER\b|START\b)/i.test(head.toString('utf8'));
        this.result.dumpComplete = this.tail.text('latin1').includes(_compress_js__WEBPACK_IMPORTED_MODULE_1__/* .PLAIN_DUMP_END_MARKER */ .nq);
        this.result.lines = this.reader.lines;
        this.result.extensions = [...this.extensions].sort();
        return this.result;
    }
}
function beyond(head, now) {
    if (now.extensions > head.extensions)
        return 'a CREATE EXTENSION';
    if (now.usesRestrict && !head.usesRestrict)
        return 'a \\restrict line';
    if (now.databaseStatements > head.databaseStatements)
        return 'a database-level statement';
    return undefined;
}
/** Raised by ScanThrough before a line the plan did not account for reaches the loader. */
class BeyondHeadError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF {
    constructor(what) {
        super('BEYOND_HEAD', `The dump holds ${what} after its head; the restore is planned again from a full read`);
    }
}
/**
 * Scans the SQL on its way to the loader (the full scan of a restore that reads the backup once)
 * and stops the flow, before the chunk that holds it is passed on, when a line would change the
 * plan made from the head: a loader only acts on complete lines, and a line is only complete in
 * the chunk scanned with it.
 */
class ScanThrough extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Transform {
    head;
    scanner = new PlainSqlScanner();
    constructor(head) {
        super();
        this.head = head;
    }
    _transform(chunk, _enc, callback) {
        this.scanner.push(chunk);
        const what = beyond(this.head, this.scanner.facts());
        if (what)
            callback(new BeyondHeadError(what));
        else
            callback(null, chunk);
    }
}
/** A sink that scans what flows into it. */
class ScanSink extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Writable {
    scanner = new PlainSqlScanner();
    _write(chunk, _enc, callback) {
        this.scanner.push(chunk);
        callback();
    }
}
/**
 * Keeps a single-database script in the target: comments out its CREATE/DROP/ALTER DATABASE,
 * COMMENT/GRANT ON DATABASE statements for `database` and its \connect to it. Everything else
 * passes through unchanged; after `lastLine` (the script's last database-level line, from the
 * scan) the bytes pass through untouched.
 */
class OwnDatabaseFilter extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Transform {
    database;
    lastLine;
    partial = [];
    lineNo = 0;
    inCopy = false;
    skippingStatement = false;
    passThrough = false;
    skipped = 0;
    constructor(database, lastLine) {
        super();
        this.database = database;
        this.lastLine = lastLine;
    }
    _transform(chunk, _enc, callback) {
        if (this.passThrough) {
            callback(null, chunk);
            return;
        }
        let start = 0;
        for (;;) {
            if (this.lineNo >= this.lastLine && !this.skippingStatement) {
                this.passThrough = true;
                if (this.partial.length)
                    this.push(Buffer.concat(this.partial));
                this.partial = [];
                if (start < chunk.length)
                    this.push(chunk.subarray(start));
                callback();
                return;
            }
            const nl = chunk.indexOf(NL, start);
            if (nl < 0)
                break;
            const piece = chunk.subarray(start, nl);
            const line = this.partial.length ? Buffer.concat([...this.partial, piece]) : piece;
            this.partial = [];
            this.push(this.handle(line));
            start = nl + 1;
        }
        if (start < chunk.length)
            this.partial.push(Buffer.from(chunk.subarray(start)));
        callback();
    }
    _flush(callback) {
        if (this.partial.length) {
            const last = this.handle(Buffer.concat(this.partial));
            this.push(last.subarray(0, last.length - 1));
        }
        callback();
    }
    /** One line (without its newline) -> what to emit (with a newline). */
    handle(line) {
        this.lineNo++;
        const withNl = Buffer.concat([line, Buffer.from('\n')]);
        if (this.inCopy) {
            if (line[0] === 0x5c && line[1] === 0x2e && (line.length === 2 || (line.length === 3 && line[2] === 0x0d)))
                this.inCopy = false;
            return withNl;
        }
        const text = line.toString('utf8');
        if (this.skippingStatement) {
            if (/;\s*$/.test(text))
                this.skippingStatement = false;
            return Buffer.from(`-- [aza-pg skipped] ${text}\n`);
        }
        if (COPY_FROM_STDIN.test(text))
            this.inCopy = true;
        const s = databaseStatement(text, this.lineNo);
        if (s && s.database === this.database) {
            this.skipped++;
            if (s.kind !== 'connect' && !/;\s*$/.test(text))
                this.skippingStatement = true;
            return Buffer.from(`-- [aza-pg skipped] ${text}\n`);
        }
        return withNl;
    }
}


/***/ }),

/***/ 5204:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cc: () => (/* binding */ checkManifestSignature),
/* harmony export */   Co: () => (/* binding */ verifyKeysFrom),
/* harmony export */   FQ: () => (/* binding */ SIGNING_OPTIONS),
/* harmony export */   JA: () => (/* binding */ VERIFY_KEY_OPTIONS),
/* harmony export */   PZ: () => (/* binding */ keySecrets),
/* harmony export */   TX: () => (/* binding */ signManifest),
/* harmony export */   Xk: () => (/* binding */ signingKeyFrom)
/* harmony export */ });
/* unused harmony exports SIGNING_KEY_ENV, VERIFY_KEY_ENV, parseSigningKey, parseVerifyKeys, canonicalManifest */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9892);
/**
 * Signed manifests: the manifest carries the backup's size and sha256, so a signature over the
 * manifest vouches for every byte of the backup. Two kinds of key:
 *
 * - HMAC-SHA256: one shared secret, on the backup side and on every restore side.
 * - Ed25519: the backup side holds the private key (PEM), restore and verify hold only the public
 *   key, so a restore-side runner cannot sign.
 *
 * The signature covers the manifest's canonical JSON (keys sorted, no white space) without the
 * signature itself, and names the key by id: `hmac-sha256:<16 hex>` (an HMAC of a fixed text, so
 * the id says nothing about the secret) or `ed25519:<16 hex of the public key's sha256>`. Restore
 * and verify take a list of keys, so a new key can be rolled out before the old one is dropped.
 */




/** The environment variables the command line reads keys from (never argv). */
const SIGNING_KEY_ENV = 'AZA_PG_SIGNING_KEY';
const VERIFY_KEY_ENV = 'AZA_PG_VERIFY_KEY';
const MIN_HMAC_BYTES = 32;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const SIGNING_OPTIONS = [
    {
        name: 'signing-key',
        description: `Sign the manifest: an HMAC-SHA256 secret (at least ${MIN_HMAC_BYTES} characters, e.g. openssl rand -base64 32) or an Ed25519 private key (PEM); pass a secret. Command line: ${SIGNING_KEY_ENV} or --signing-key-file`,
        secret: true,
        only: 'action',
    },
    { name: 'signing-key-file', description: 'File holding the signing key (HMAC secret or Ed25519 private key PEM)' },
];
const VERIFY_KEY_OPTIONS = [
    {
        name: 'verify-key',
        description: `Refuse backups whose manifest is not signed by one of these keys: HMAC-SHA256 secrets (one a line) and/or Ed25519 public keys (PEM); several for a key rotation. Command line: ${VERIFY_KEY_ENV} or --verify-key-file`,
        secret: true,
        only: 'action',
    },
    { name: 'verify-key-file', description: 'Files holding verify keys (comma or newline separated paths)' },
];
function hmacId(secret) {
    return `hmac-sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', secret).update('aza-pg manifest key id').digest('hex').slice(0, 16)}`;
}
function ed25519Id(publicKey) {
    return `ed25519:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex')
        .slice(0, 16)}`;
}
function badKey(where, what) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('INVALID_INPUT', `The key in ${where} is not usable: ${what}`, `Use an HMAC secret of at least ${MIN_HMAC_BYTES} characters (openssl rand -base64 32), or an Ed25519 key: openssl genpkey -algorithm ed25519 -out signing.pem (backup) and openssl pkey -in signing.pem -pubout -out verify.pem (restore, verify).`);
}
function hmacKey(text, where) {
    const secret = Buffer.from(text.trim(), 'utf8');
    if (secret.length < MIN_HMAC_BYTES)
        throw badKey(where, `an HMAC secret of ${secret.length} characters is too short (at least ${MIN_HMAC_BYTES})`);
    return { kind: 'hmac', id: hmacId(secret), secret };
}
function pemKey(pem, where) {
    try {
        if (/PRIVATE KEY/.test(pem)) {
            const priv = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(pem);
            if (priv.asymmetricKeyType !== 'ed25519')
                throw badKey(where, `a ${priv.asymmetricKeyType ?? 'unknown'} private key (Ed25519 only)`);
            return { private: priv, public: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(priv) };
        }
        const pub = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(pem);
        if (pub.asymmetricKeyType !== 'ed25519')
            throw badKey(where, `a ${pub.asymmetricKeyType ?? 'unknown'} public key (Ed25519 only)`);
        return { public: pub };
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF)
            throw e;
        throw badKey(where, `the PEM does not read (${e.message})`);
    }
}
/** A signing key from its text: an Ed25519 private key PEM, else an HMAC secret. */
function parseSigningKey(text, where) {
    const pems = text.match(PEM_BLOCK);
    if (pems) {
        if (pems.length > 1)
            throw badKey(where, 'more than one PEM block');
        const k = pemKey(pems[0], where);
        if (!k.private)
            throw badKey(where, 'a public key signs nothing (give the private key to backup, the public key to restore and verify)');
        return { kind: 'ed25519', id: ed25519Id(k.public), privateKey: k.private };
    }
    return hmacKey(text, where);
}
/** Verify keys from a text: PEM blocks (public keys, or private keys whose public half is used) and HMAC secrets, one a line. */
function parseVerifyKeys(text, where) {
    const keys = [];
    for (const pem of text.match(PEM_BLOCK) ?? []) {
        const k = pemKey(pem, where);
        keys.push({ kind: 'ed25519', id: ed25519Id(k.public), publicKey: k.public });
    }
    for (const line of text.replace(PEM_BLOCK, '').split(/\r?\n/))
        if (line.trim())
            keys.push(hmacKey(line, where));
    return keys;
}
function readKeyFile(path, label) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(path, 'utf8');
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('INVALID_INPUT', `Cannot read the key file ${path} (${label}): ${e.message}`, 'Check the path and its permissions.');
    }
}
/** The signing key of a backup's settings: input signing-key, else --signing-key-file, else $AZA_PG_SIGNING_KEY. */
function signingKeyFrom(inputs, env, cwd) {
    const given = inputs.verbatim('signing-key');
    const file = inputs.string('signing-key-file');
    if (given !== undefined && file !== undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('INVALID_INPUT', `Give ${inputs.label('signing-key')} or ${inputs.label('signing-key-file')}, not both`, 'Give one of them.');
    if (given !== undefined)
        return parseSigningKey(given, inputs.label('signing-key'));
    if (file !== undefined)
        return parseSigningKey(readKeyFile((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd, file), inputs.label('signing-key-file')), file);
    const fromEnv = env[SIGNING_KEY_ENV];
    return fromEnv?.trim() ? parseSigningKey(fromEnv, SIGNING_KEY_ENV) : undefined;
}
/** The verify keys of restore's or verify's settings: input verify-key and --verify-key-file, else $AZA_PG_VERIFY_KEY. */
function verifyKeysFrom(inputs, env, cwd) {
    const keys = [];
    const given = inputs.verbatim('verify-key');
    if (given?.trim())
        keys.push(...parseVerifyKeys(given, inputs.label('verify-key')));
    for (const file of inputs.list('verify-key-file'))
        keys.push(...parseVerifyKeys(readKeyFile((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(cwd, file), inputs.label('verify-key-file')), file));
    if (keys.length === 0 && env[VERIFY_KEY_ENV]?.trim())
        keys.push(...parseVerifyKeys(env[VERIFY_KEY_ENV], VERIFY_KEY_ENV));
    return keys;
}
/** The texts to mask in logs: HMAC secrets and every line of a private key. */
function keySecrets(keys) {
    const out = [];
    for (const k of keys) {
        if (k.kind === 'hmac')
            out.push(k.secret.toString('utf8'));
        else if ('privateKey' in k) {
            const pem = k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
            out.push(pem, ...pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----')));
        }
    }
    return out;
}
function sortKeys(v) {
    if (Array.isArray(v))
        return v.map(sortKeys);
    if (v && typeof v === 'object') {
        return Object.fromEntries(Object.keys(v)
            .sort()
            .map((k) => [k, sortKeys(v[k])]));
    }
    return v;
}
/** What is signed: the manifest without its signature, keys sorted, no white space. */
function canonicalManifest(m) {
    const { signature: _s, ...rest } = m;
    return Buffer.from(JSON.stringify(sortKeys(rest)), 'utf8');
}
function signManifest(m, key) {
    const data = canonicalManifest(m);
    const value = key.kind === 'hmac'
        ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', key.secret).update(data).digest('base64')
        : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.sign)(null, data, key.privateKey).toString('base64');
    return { ...m, signature: { algorithm: key.kind === 'hmac' ? 'hmac-sha256' : 'ed25519', keyId: key.id, value } };
}
/**
 * Checks a manifest's signature against the configured keys; throws what is wrong (no signature,
 * a key not configured, a signature that does not match) and returns the key that matched.
 */
function checkManifestSignature(manifestPath, m, keys) {
    const ids = keys.map((k) => k.id).join(', ');
    const sig = m.signature;
    if (!sig) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('BACKUP_UNSIGNED', `The manifest ${manifestPath} is not signed, and restores from here require a signature by one of: ${ids}; nothing was restored`, 'Take the backup with a signing key (input signing-key, or AZA_PG_SIGNING_KEY), or restore without verify keys if you trust where this file comes from.');
    }
    const candidates = keys.filter((k) => k.id === sig.keyId);
    const refused = (what) => new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('SIGNATURE_MISMATCH', `The manifest ${manifestPath} ${what}; nothing was restored`, 'The backup or its manifest was changed after signing, or forged. Do not restore it: take or fetch another backup, and find out who could write where this one was stored.');
    if (candidates.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('SIGNATURE_UNKNOWN_KEY', `The manifest ${manifestPath} is signed with key ${sig.keyId}, which is not one of the configured keys (${ids}); nothing was restored`, 'Add that key to verify-key if it is yours (a key rotation), or do not restore this backup.');
    }
    const data = canonicalManifest(m);
    let given;
    try {
        given = Buffer.from(sig.value, 'base64');
    }
    catch {
        throw refused('carries a signature that is not base64');
    }
    for (const k of candidates) {
        const algorithm = k.kind === 'hmac' ? 'hmac-sha256' : 'ed25519';
        if (algorithm !== sig.algorithm)
            continue;
        if (k.kind === 'hmac') {
            const want = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', k.secret).update(data).digest();
            if (want.length === given.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(want, given))
                return sig;
        }
        else if ((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)(null, data, k.publicKey, given))
            return sig;
    }
    throw refused(`does not match its signature (key ${sig.keyId}): it was altered after signing, or the signature is forged`);
}


/***/ })

};
