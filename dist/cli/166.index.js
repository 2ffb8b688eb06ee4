export const id = 166;
export const ids = [166];
export const modules = {

/***/ 8616:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FD: () => (/* binding */ tempPathFor),
/* harmony export */   GZ: () => (/* binding */ notWritable),
/* harmony export */   Hr: () => (/* binding */ fsyncPath),
/* harmony export */   Q3: () => (/* binding */ sha256File),
/* harmony export */   S2: () => (/* binding */ removeQuietly),
/* harmony export */   aP: () => (/* binding */ createPrivateFile),
/* harmony export */   eL: () => (/* binding */ uniqueTag),
/* harmony export */   eR: () => (/* binding */ siblingPath),
/* harmony export */   go: () => (/* binding */ freeBytes),
/* harmony export */   iH: () => (/* binding */ fsyncTree),
/* harmony export */   iP: () => (/* binding */ backupFileName),
/* harmony export */   md: () => (/* binding */ statOrUndefined),
/* harmony export */   mk: () => (/* binding */ publish),
/* harmony export */   nh: () => (/* binding */ checkNotExisting),
/* harmony export */   vB: () => (/* binding */ diskFullError),
/* harmony export */   w2: () => (/* binding */ checkWritableDirectory),
/* harmony export */   y7: () => (/* binding */ ownedTag),
/* harmony export */   zT: () => (/* binding */ safeFileComponent)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9892);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2920);
/* harmony import */ var _memory_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1360);
/**
 * Files that must never be half there: output goes to a temp name in the destination directory
 * (mode 0600 from creation), is fsynced, checked, and only then renamed into place, after which
 * the directory is fsynced so the rename itself survives a crash.
 */






/** backup_<db>_YYYY_MM_DD_HHmmss<ext>, in UTC. Unsafe characters in the name become "_". */
function backupFileName(database, at, extension) {
    const p = (n, w = 2) => String(n).padStart(w, '0');
    const stamp = `${at.getUTCFullYear()}_${p(at.getUTCMonth() + 1)}_${p(at.getUTCDate())}_${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
    return `backup_${safeFileComponent(database)}_${stamp}${extension}`;
}
/** Keeps letters and digits of any script plus . _ -; everything else (spaces, quotes, /) -> _. */
function safeFileComponent(name) {
    const cleaned = name
        .normalize('NFC')
        .replace(/[^\p{L}\p{N}._-]/gu, '_')
        .replace(/^\.+/, '_');
    return cleaned.length > 0 ? cleaned.slice(0, 100) : '_';
}
/** A random tag that makes a sibling name unique. */
function uniqueTag() {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex');
}
/** A unique tag that names this process as its maker: `<pid>-<start>-<host>-<random>`. */
function ownedTag() {
    return `${(0,_owner_js__WEBPACK_IMPORTED_MODULE_4__/* .ownerTag */ .qE)()}-${uniqueTag()}`;
}
/** A hidden name beside `path` (same directory, so a rename is atomic): `.name.<kind>-<tag>`. */
function siblingPath(path, kind, tag = uniqueTag()) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)}.${kind}-${tag}`);
}
/**
 * `.name.partial-<pid>-<start>-<host>-<random>`: the owner in the name lets a later run tell a
 * killed run's leftover from a running one's work (see owner.ts, cleanLeftovers).
 */
function tempPathFor(finalPath, tag = ownedTag()) {
    return siblingPath(finalPath, 'partial', tag);
}
function statOrUndefined(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(path);
    }
    catch {
        return undefined;
    }
}
/** The destination directory exists, is a directory, and we may create files in it. */
async function checkWritableDirectory(dir) {
    const st = statOrUndefined(dir);
    if (!st) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('OUTPUT_DIR_MISSING', `Output directory does not exist: ${dir}`, `Create it first: mkdir -p ${dir}`);
    }
    if (!st.isDirectory()) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('OUTPUT_DIR_MISSING', `Output directory is not a directory: ${dir}`, 'Choose a directory for the output.');
    }
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.access(dir, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.W_OK | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.X_OK);
    }
    catch (e) {
        throw notWritable(dir, e);
    }
}
function notWritable(dir, cause) {
    const code = cause?.code;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('OUTPUT_DIR_NOT_WRITABLE', `Output directory not writable: ${dir}${code === 'EROFS' ? ' (read-only file system)' : ''}`, `Check its permissions (ls -la ${dir}); create it if needed (mkdir -p ${dir}) and make it writable for this user (chmod 755 ${dir}).`, { cause });
}
function checkNotExisting(path, overwrite, kind = 'Output file') {
    const st = statOrUndefined(path);
    if (!st)
        return;
    if (!overwrite) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('OUTPUT_EXISTS', `${kind} already exists: ${path}`, 'Choose another name, move the existing file away, or pass --overwrite (input overwrite: true).');
    }
    if (st.isDirectory() !== (kind === 'Output directory')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('OUTPUT_EXISTS', `${path} exists and is a ${st.isDirectory() ? 'directory' : 'file'}; it cannot be replaced by the ${kind.toLowerCase()}`, 'Choose another output path.');
    }
}
function freeBytes(dir) {
    try {
        const s = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statfsSync)(dir);
        return Number(s.bavail) * Number(s.bsize);
    }
    catch {
        return undefined;
    }
}
/** Opens a new file with mode 0600 from creation (O_EXCL: never an existing file). */
async function createPrivateFile(path) {
    try {
        return await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.open(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_EXCL, 0o600);
    }
    catch (e) {
        const code = e.code;
        if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM')
            throw notWritable((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), e);
        throw e;
    }
}
async function fsyncPath(path) {
    const fh = await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.open(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY);
    try {
        await fh.sync();
    }
    finally {
        await fh.close();
    }
}
/** Every file below a directory, fsynced, then the directory itself. */
async function fsyncTree(dir) {
    for (const entry of await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.readdir(dir, { withFileTypes: true })) {
        const p = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, entry.name);
        if (entry.isDirectory())
            await fsyncTree(p);
        else if (entry.isFile())
            await fsyncPath(p);
    }
    await fsyncPath(dir);
}
/**
 * Moves a finished temp file or directory to its final name. Without overwrite a file is linked
 * (fails if the name was taken meanwhile), so a concurrent writer is never clobbered.
 */
async function publish(tempPath, finalPath, overwrite) {
    const isDir = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(tempPath).isDirectory();
    if (overwrite) {
        if (isDir)
            await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rm(finalPath, { recursive: true, force: true });
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rename(tempPath, finalPath);
    }
    else if (isDir) {
        if (statOrUndefined(finalPath))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('OUTPUT_EXISTS', `Output directory already exists: ${finalPath}`, 'Choose another name or pass --overwrite.');
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.rename(tempPath, finalPath);
    }
    else {
        try {
            await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.link(tempPath, finalPath);
        }
        catch (e) {
            if (e.code === 'EEXIST') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('OUTPUT_EXISTS', `Output file already exists: ${finalPath}`, 'Another process created it while the backup ran. Choose another name.');
            }
            throw e;
        }
        await node_fs__WEBPACK_IMPORTED_MODULE_1__.promises.unlink(tempPath);
    }
    await fsyncPath((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(finalPath));
}
function removeQuietly(path) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(path, { recursive: true, force: true });
    }
    catch {
        // nothing more can be done; the caller reports the original failure
    }
}
function diskFullError(path, cause) {
    const free = freeBytes((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path));
    return new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('DISK_FULL', `No space left on the device while writing ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)}${free !== undefined ? ` (${free} bytes free)` : ''}; the partial file was removed`, `Free space in ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path)} (df -h ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path)}) or write the backup elsewhere.`, { cause });
}
function sha256File(path) {
    return new Promise((resolve, reject) => {
        const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path)
            .on('data', (d) => {
            h.update(d);
            (0,_memory_js__WEBPACK_IMPORTED_MODULE_5__/* .noteBytesMoved */ .n0)(d.length);
        })
            .on('error', reject)
            .on('end', () => resolve(h.digest('hex')));
    });
}


/***/ }),

/***/ 2920:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $S: () => (/* binding */ describeOwner),
/* harmony export */   D9: () => (/* binding */ parseOwnerTag),
/* harmony export */   Hf: () => (/* binding */ currentOwner),
/* harmony export */   N_: () => (/* binding */ ownerState),
/* harmony export */   dP: () => (/* binding */ ownerText),
/* harmony export */   qE: () => (/* binding */ ownerTag),
/* harmony export */   qM: () => (/* binding */ parseOwnerText)
/* harmony export */ });
/* unused harmony exports markerHost, processStartTicks */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/**
 * Who made a leftover: this process's pid, host and start time, written into temp names, lock
 * files and staging-database comments, so a later run can tell a killed run's leftover (owner
 * gone) from a live run's work (owner running) before it removes anything.
 */


/** A host name reduced to what every name and comment can carry. */
function markerHost(name = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.hostname)()) {
    return name.replace(/[^A-Za-z0-9]/g, '_').slice(0, 40) || '_';
}
/** Field 22 of /proc/<pid>/stat (after the parenthesised command, which may hold spaces). */
function processStartTicks(pid) {
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[19];
    }
    catch {
        return undefined;
    }
}
let self;
function currentOwner() {
    self ??= {
        pid: process.pid,
        host: markerHost(),
        start: processStartTicks(process.pid) ?? String(Math.round(Date.now() - process.uptime() * 1000)),
    };
    return self;
}
/** `<pid>-<start>-<host>`: the marker inside temp names. */
function ownerTag(owner = currentOwner()) {
    return `${owner.pid}-${owner.start}-${owner.host}`;
}
function parseOwnerTag(tag) {
    const m = /^(\d+)-(\d+)-([A-Za-z0-9_]+)$/.exec(tag);
    return m ? { pid: Number(m[1]), start: m[2], host: m[3] } : undefined;
}
/** `pid=<pid> host=<host> start=<start>`: the marker in lock files and database comments. */
function ownerText(owner = currentOwner()) {
    return `pid=${owner.pid} host=${owner.host} start=${owner.start}`;
}
function parseOwnerText(text) {
    const m = /pid=(\d+) host=([A-Za-z0-9_]+) start=(\d+)/.exec(text);
    return m ? { pid: Number(m[1]), host: m[2], start: m[3] } : undefined;
}
/**
 * alive: that process still runs here (same pid, same start); gone: it does not (a reused pid
 * has another start time); elsewhere: made on another host, which this run cannot see.
 */
function ownerState(owner) {
    const me = currentOwner();
    if (owner.host !== me.host)
        return 'elsewhere';
    if (owner.pid === me.pid && owner.start === me.start)
        return 'alive';
    try {
        process.kill(owner.pid, 0);
    }
    catch (e) {
        if (e.code === 'ESRCH')
            return 'gone';
    }
    const start = processStartTicks(owner.pid);
    // Without /proc (macOS) a running pid is taken as the owner: never remove what may be in use.
    if (start === undefined)
        return 'alive';
    return start === owner.start ? 'alive' : 'gone';
}
function describeOwner(owner) {
    return `pid ${owner.pid} on host ${owner.host}`;
}


/***/ }),

/***/ 9785:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SETUP_CLIENT_OPTIONS: () => (/* reexport */ SETUP_CLIENT_OPTIONS),
  cacheVersion: () => (/* reexport */ cacheVersion),
  localToolCache: () => (/* reexport */ localToolCache),
  setupClient: () => (/* binding */ setupClient),
  setupClientSettings: () => (/* reexport */ setupClientSettings)
});

// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/exec.ts + 2 modules
var exec = __webpack_require__(4551);
// EXTERNAL MODULE: ./src/core/pg-tools.ts
var pg_tools = __webpack_require__(9928);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/core/fs.ts
var fs = __webpack_require__(8616);
;// CONCATENATED MODULE: ./src/core/setup-client/local-cache.ts
/**
 * The tool cache of the command line: a directory laid out as the runner's
 * (<root>/<tool>/<version>/<arch>, complete when <arch>.complete exists beside it), at
 * AZA_PG_TOOL_CACHE, else RUNNER_TOOL_CACHE, else ~/.cache/aza-pg/tools. Downloads use fetch.
 */








function compareVersions(a, b) {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    for (let i = 0; i < 3; i++)
        if ((pa[i] ?? 0) !== (pb[i] ?? 0))
            return (pa[i] ?? 0) - (pb[i] ?? 0);
    return 0;
}
/** "17.x" or "17" matches 17.*.*; "17.2.0" only itself. */
function matches(version, spec) {
    const want = spec.split('.').filter((p) => p !== 'x');
    return want.every((p, i) => version.split('.')[i] === p);
}
function localToolCache(env) {
    const root = env.AZA_PG_TOOL_CACHE || env.RUNNER_TOOL_CACHE || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.cache', 'aza-pg', 'tools');
    const arch = process.arch;
    return {
        find(tool, versionSpec) {
            const dir = (0,external_node_path_.join)(root, tool);
            if (!(0,external_node_fs_.existsSync)(dir))
                return undefined;
            const versions = (0,external_node_fs_.readdirSync)(dir)
                .filter((v) => /^\d+\.\d+\.\d+$/.test(v) && matches(v, versionSpec) && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, v, `${arch}.complete`)))
                .sort(compareVersions);
            const best = versions.pop();
            return best ? (0,external_node_path_.join)(dir, best, arch) : undefined;
        },
        async cacheDir(source, tool, version) {
            const target = (0,external_node_path_.join)(root, tool, version, arch);
            (0,external_node_fs_.rmSync)(target, { recursive: true, force: true });
            (0,external_node_fs_.rmSync)(`${target}.complete`, { force: true });
            (0,external_node_fs_.mkdirSync)(target, { recursive: true });
            await (0,promises_.cp)(source, target, { recursive: true, verbatimSymlinks: true });
            (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(root, tool, version, `${arch}.complete`), '');
            return target;
        },
        async download(url) {
            const file = (0,external_node_path_.join)((0,external_node_os_.tmpdir)(), `aza-pg-download-${(0,fs/* uniqueTag */.eL)()}`);
            let response;
            try {
                response = await fetch(url);
            }
            catch (e) {
                throw new errors/* AzaError */.TF('DOWNLOAD_FAILED', `Could not download ${url}: ${e.message}`);
            }
            if (!response.ok || !response.body) {
                throw new errors/* AzaError */.TF('DOWNLOAD_FAILED', `Could not download ${url}: HTTP ${response.status} ${response.statusText}`);
            }
            try {
                await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.fromWeb(response.body), (0,external_node_fs_.createWriteStream)(file, { mode: 0o600 }));
            }
            catch (e) {
                (0,external_node_fs_.rmSync)(file, { force: true });
                throw new errors/* AzaError */.TF('DOWNLOAD_FAILED', `Could not download ${url}: ${e.message}`);
            }
            return file;
        },
    };
}

;// CONCATENATED MODULE: ./src/core/setup-client/facts.ts
/** What setup-client finds before it plans: the major wanted, the clients here and in the tool cache. Reads only. */






/** The name of the client in the tool cache. */
const CACHED_TOOL = 'postgresql-client';
function toolCacheOf(deps) {
    return deps.toolCache ?? localToolCache(deps.env);
}
/** The directory `pg_config --bindir` names, when a pg_config is on PATH. */
async function pgConfigBinDir(env) {
    try {
        const r = await (0,exec/* run */.eF)('pg_config', ['--bindir'], { env, allowFailure: true, timeoutMs: 10000 });
        return r.code === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : undefined;
    }
    catch {
        return undefined;
    }
}
async function gatherSetupClientFacts(settings, deps, reporter) {
    const env = deps.env;
    let major = settings.major;
    let server;
    if (major === undefined) {
        const conn = settings.server;
        const where = (0,pg/* describeConnection */.If)(conn);
        // Any psql can read a newer server's version: only pg_dump must be of its major.
        const psql = (await (0,pg_tools/* discoverTool */.O)('psql', { env }))[0];
        if (!psql) {
            throw new errors/* AzaError */.TF('INVALID_INPUT', `No major given, and no psql on this machine to ask ${where} for its version`, 'Give the major (input major, --major), e.g. 17.');
        }
        const facts = await reporter.step(`Ask ${where} for its version`, () => (0,pg/* probeServer */._D)((0,pg/* psqlClient */.Io)(psql.path, conn, env)));
        major = facts.major;
        server = { where, version: facts.version };
    }
    // Debian's /usr/bin/pg_dump is pg_wrapper, which runs the newest installed major whatever was
    // asked: the directory handed out must be the major's own (/usr/lib/postgresql/N/bin).
    const installed = (await (0,pg_tools/* discoverTool */.O)('pg_dump', { env })).filter((c) => !(0,pg_tools/* isPgWrapper */.fE)(c.path));
    const configDir = await pgConfigBinDir(env);
    if (configDir) {
        for (const c of await (0,pg_tools/* discoverTool */.O)('pg_dump', { binDir: configDir, env }))
            if (!installed.some((i) => i.path === c.path))
                installed.push(c);
    }
    const toolCache = toolCacheOf(deps);
    const cachedDir = toolCache.find(CACHED_TOOL, `${major}.x`);
    const cached = cachedDir ? (await (0,pg_tools/* discoverTool */.O)('pg_dump', { binDir: (0,external_node_path_.join)(cachedDir, 'bin'), env }))[0] : undefined;
    return { major, ...(server ? { server } : {}), installed, ...(cached && cached.major === major ? { cached } : {}), toolCache };
}

;// CONCATENATED MODULE: ./src/core/setup-client/plan.ts
/** Where the client comes from: this machine, the tool cache, or the package. Pure. */


function planSetupClient(settings, facts) {
    const base = { major: facts.major, ...(facts.server ? { server: facts.server } : {}), dryRun: settings.dryRun, facts };
    // The exact major: a newer pg_dump would serve the server too, but whoever asked for N gets N.
    for (const source of settings.sources) {
        if (source === 'installed') {
            const here = facts.installed.find((c) => c.major === facts.major);
            if (here)
                return { ...base, source, binDir: (0,external_node_path_.dirname)(here.path), version: here.version };
        }
        else if (source === 'tool-cache') {
            if (facts.cached)
                return { ...base, source, binDir: (0,external_node_path_.dirname)(facts.cached.path), version: facts.cached.version };
        }
        else if (settings.package) {
            return { ...base, source, package: settings.package, ...(settings.packageSha256 ? { packageSha256: settings.packageSha256 } : {}) };
        }
    }
    const found = facts.installed.map((c) => `${c.path} (${c.version})`).join(', ') || 'none';
    throw new errors/* AzaError */.TF('CLIENT_UNAVAILABLE', `No PostgreSQL ${facts.major} client in ${settings.sources.filter((x) => x !== 'package').join(' or ') || 'the sources searched'} (pg_dump found here: ${found})`, [
        `Give its Debian package (input package, --package): a file or URL of postgresql-client-${facts.major}`,
        `(apt-get download postgresql-client-${facts.major} fetches it where apt knows that major; apt.postgresql.org has every major),`,
        `or take the client from a container instead: client-image: postgres:${facts.major} on the operation itself.`,
    ].join(' '));
}
function describeSetupClient(plan) {
    const pkg = plan.package ? ('url' in plan.package ? plan.package.url : plan.package.file) : undefined;
    const lines = [
        `PostgreSQL ${plan.major} client${plan.server ? ` (the major of ${plan.server.where}, ${plan.server.version})` : ''}`,
        plan.source === 'package'
            ? `would install from the package ${pkg} into the tool cache`
            : `found ${plan.source === 'installed' ? 'on this machine' : 'in the tool cache'}: ${plan.binDir} (${plan.version})`,
    ];
    return { lines, dryRun: plan.dryRun };
}

;// CONCATENATED MODULE: ./src/core/setup-client/report.ts
function setupClientOutputs(r) {
    return { 'bin-dir': r.binDir, version: r.version, major: r.major, source: r.source };
}
function plannedSetupClientOutputs(plan) {
    return { 'bin-dir': plan.binDir ?? '', version: plan.version ?? '', major: plan.major, source: plan.source };
}
const FROM = {
    installed: 'already on this machine',
    'tool-cache': 'the tool cache',
    package: 'its package, now in the tool cache',
};
function setupClientSummary(r) {
    const rows = [
        ['Client', `PostgreSQL ${r.version}`],
        ['Directory', r.binDir],
        ['From', FROM[r.source]],
    ];
    if (r.server)
        rows.push(['Server', `${r.server.where} (${r.server.version})`]);
    return {
        title: `PostgreSQL ${r.major} client`,
        rows,
        notes: [
            r.onPath
                ? 'The directory is on PATH for the later steps; pass it as pg-bin-dir to pin it.'
                : `Pass it to the other commands: --pg-bin-dir ${r.binDir}`,
        ],
    };
}

;// CONCATENATED MODULE: ./src/core/setup-client/run.ts
/** Installs the client from its Debian package when the plan says so, and hands out its directory. */








/** "15.18" -> "15.18.0": the tool cache keys versions by semver. */
function cacheVersion(version) {
    const parts = version.split('.');
    while (parts.length < 3)
        parts.push('0');
    return parts.slice(0, 3).join('.');
}
async function runSetupClient(plan, deps, reporter) {
    let binDir = plan.binDir;
    let version = plan.version;
    if (plan.source === 'package') {
        const installed = await reporter.step(`Install the PostgreSQL ${plan.major} client from its package`, () => installPackage(plan, deps, reporter));
        binDir = installed.binDir;
        version = installed.version;
    }
    const addPath = plan.facts.toolCache.addPath;
    if (addPath)
        addPath(binDir);
    reporter.info(`PostgreSQL ${plan.major} client: ${binDir} (${version})`);
    return {
        binDir: binDir,
        version: version,
        major: plan.major,
        source: plan.source,
        ...(plan.server ? { server: plan.server } : {}),
        onPath: addPath !== undefined,
    };
}
async function installPackage(plan, deps, reporter) {
    const pkg = plan.package;
    const work = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'aza-pg-client-'));
    try {
        let file;
        if ('url' in pkg) {
            reporter.info(`Downloading ${pkg.url}`);
            file = await plan.facts.toolCache.download(pkg.url);
        }
        else {
            if (!(0,external_node_fs_.existsSync)(pkg.file))
                throw new errors/* AzaError */.TF('CLIENT_PACKAGE_INVALID', `The package ${pkg.file} does not exist`, 'Check the path (input package).');
            file = pkg.file;
        }
        try {
            if (plan.packageSha256) {
                const actual = await (0,fs/* sha256File */.Q3)(file);
                if (actual !== plan.packageSha256) {
                    throw new errors/* AzaError */.TF('CLIENT_PACKAGE_INVALID', `The package's SHA-256 is ${actual}, not the ${plan.packageSha256} expected; nothing was installed`, 'Check that the URL or file is the package you meant, and its checksum (sha256sum).');
                }
            }
            const root = (0,external_node_path_.join)(work, 'root');
            await unpackDeb(file, root, work);
            const majors = (0,external_node_fs_.existsSync)((0,external_node_path_.join)(root, 'usr/lib/postgresql')) ? (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(root, 'usr/lib/postgresql')) : [];
            const prefix = majors.map((m) => (0,external_node_path_.join)(root, 'usr/lib/postgresql', m)).find((d) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(d, 'bin', 'pg_dump')));
            if (!prefix) {
                throw new errors/* AzaError */.TF('CLIENT_PACKAGE_INVALID', `The package holds no pg_dump under usr/lib/postgresql/<major>/bin: it is not a postgresql-client-<major> package`, `Give postgresql-client-${plan.major} (not the postgresql-client metapackage or libpq).`);
            }
            const tool = (await (0,pg_tools/* discoverTool */.O)('pg_dump', { binDir: (0,external_node_path_.join)(prefix, 'bin'), env: deps.env }))[0];
            if (!tool) {
                throw new errors/* AzaError */.TF('CLIENT_PACKAGE_INVALID', `The pg_dump of the package does not run on this machine`, 'The package must be built for this system (its Debian or Ubuntu release and architecture), and libpq5 installed.');
            }
            if (tool.major !== plan.major) {
                throw new errors/* AzaError */.TF('CLIENT_PACKAGE_INVALID', `The package holds the PostgreSQL ${tool.major} client (${tool.version}), not ${plan.major}; nothing was installed`, `Give postgresql-client-${plan.major}.`);
            }
            const cached = await plan.facts.toolCache.cacheDir(prefix, CACHED_TOOL, cacheVersion(tool.version));
            return { binDir: (0,external_node_path_.join)(cached, 'bin'), version: tool.version };
        }
        finally {
            if ('url' in pkg)
                (0,external_node_fs_.rmSync)(file, { force: true });
        }
    }
    finally {
        (0,external_node_fs_.rmSync)(work, { recursive: true, force: true });
    }
}
/** dpkg-deb -x, or where dpkg is missing, ar and tar (a .deb is an ar archive holding data.tar.*). */
async function unpackDeb(file, root, work) {
    try {
        await (0,exec/* run */.eF)('dpkg-deb', ['-x', file, root]);
        return;
    }
    catch (e) {
        if (!(e instanceof errors/* AzaError */.TF && e.code === 'TOOL_NOT_FOUND'))
            throw invalidDeb(file, e);
    }
    const parts = (0,external_node_path_.join)(work, 'ar');
    try {
        (0,external_node_fs_.mkdirSync)(parts, { recursive: true });
        (0,external_node_fs_.mkdirSync)(root, { recursive: true });
        await (0,exec/* run */.eF)('ar', ['x', file], { cwd: parts });
        const data = (0,external_node_fs_.readdirSync)(parts).find((n) => n.startsWith('data.tar'));
        if (!data)
            throw new errors/* AzaError */.TF('CLIENT_PACKAGE_INVALID', `${file} holds no data.tar: not a Debian package`);
        await (0,exec/* run */.eF)('tar', ['-xf', (0,external_node_path_.join)(parts, data), '-C', root]);
    }
    catch (e) {
        throw invalidDeb(file, e);
    }
}
function invalidDeb(file, e) {
    if (e instanceof errors/* AzaError */.TF && (e.code === 'CLIENT_PACKAGE_INVALID' || e.code === 'TOOL_NOT_FOUND'))
        return e;
    return new errors/* AzaError */.TF('CLIENT_PACKAGE_INVALID', `${file} could not be unpacked as a Debian package: ${e.message}`, 'Check that it is a .deb (dpkg-deb --info <file>).');
}

// EXTERNAL MODULE: ./src/core/connection-options.ts
var connection_options = __webpack_require__(1756);
;// CONCATENATED MODULE: ./src/core/setup-client/settings.ts
/**
 * setup-client settings: the major wanted (or the server whose major it is) and where a missing
 * client may come from (a Debian package file or URL). Nothing here touches the system.
 */



/** The connection options that say where the server is (not which client to use: that is the question). */
const SERVER_OPTIONS = connection_options/* CONNECTION_OPTIONS */.Ur.filter((o) => !['pg-bin-dir', 'client-image', 'client-container'].includes(o.name)).map((o) => ({
    ...o,
    description: `Without major: ${o.description.charAt(0).toLowerCase()}${o.description.slice(1)} of the server whose major to match`,
}));
const SETUP_CLIENT_OPTIONS = [
    {
        name: 'major',
        description: 'PostgreSQL major of the client wanted, e.g. 17',
        defaultText: 'the major of the server named by the connection inputs (asked with any psql found)',
    },
    {
        name: 'package',
        description: 'Debian package of the client (postgresql-client-<major>_….deb), a file or an http(s) URL, used when neither this machine nor the tool cache has that major',
        defaultText: 'none: only this machine and the tool cache are searched',
    },
    { name: 'package-sha256', description: 'SHA-256 the package must have (hex); checked before it is unpacked', defaultText: 'not checked' },
    {
        name: 'sources',
        description: 'Where to look, in order, comma-separated: installed (this machine), tool-cache, package',
        default: 'installed,tool-cache,package',
    },
    { name: 'dry-run', description: 'Say where the client would come from; install nothing', default: false, flag: true },
    ...SERVER_OPTIONS,
];
const CLIENT_SOURCES = ['installed', 'tool-cache', 'package'];
function setupClientSettings(inputs, env, cwd) {
    const major = inputs.integer('major', { min: 10, max: 99, hint: 'A PostgreSQL major such as 15 or 17.' });
    const pkg = inputs.string('package');
    const sha = inputs.string('package-sha256')?.toLowerCase();
    if (sha !== undefined && !/^[0-9a-f]{64}$/.test(sha)) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('package-sha256')} is not a SHA-256 (64 hex digits)`, 'Copy it from sha256sum <file>.');
    }
    if (sha !== undefined && pkg === undefined) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('package-sha256')} needs ${inputs.label('package')}`, 'Name the package, or drop the checksum.');
    }
    let source;
    if (pkg !== undefined) {
        if (/^https?:\/\//i.test(pkg))
            source = { url: pkg };
        else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pkg)) {
            throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('package')}: only http(s) URLs and files are supported, not ${pkg.split(':')[0]}`, 'Give an https:// URL or a file path.');
        }
        else
            source = { file: (0,external_node_path_.isAbsolute)(pkg) ? pkg : (0,external_node_path_.resolve)(cwd, pkg) };
    }
    const sources = inputs
        .stringOrDefault('sources')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
    const unknown = sources.filter((x) => !CLIENT_SOURCES.includes(x));
    if (sources.length === 0 || unknown.length > 0) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('sources')}: ${unknown.length ? `unknown ${unknown.join(', ')}` : 'empty'}`, `List some of ${CLIENT_SOURCES.join(', ')}, comma-separated.`);
    }
    if (sources.includes('package') && pkg === undefined && !sources.some((x) => x !== 'package')) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('sources')} is only package, but no package is given`, `Give ${inputs.label('package')}.`);
    }
    return {
        sources: [...new Set(sources)],
        ...(major !== undefined ? { major } : { server: (0,connection_options/* connectionSettings */.Q7)(inputs, env) }),
        ...(source ? { package: source } : {}),
        ...(sha ? { packageSha256: sha } : {}),
        dryRun: inputs.boolean('dry-run'),
    };
}

;// CONCATENATED MODULE: ./src/core/setup-client/index.ts






const setupClient = {
    name: 'setup-pg-client',
    command: 'setup-client',
    description: "Find or install the PostgreSQL client of a major (or of a server's major): on this machine, in the tool cache, or from its Debian package.",
    branding: { icon: 'download', color: 'blue' },
    options: SETUP_CLIENT_OPTIONS,
    outputSpecs: [
        { name: 'bin-dir', description: 'Directory of pg_dump, pg_restore and psql of that major (pass it as pg-bin-dir)' },
        { name: 'version', description: 'Version of that pg_dump, e.g. 17.6' },
        { name: 'major', description: 'The major found or installed' },
        { name: 'source', description: 'Where it came from: installed (already on the machine), tool-cache, or package' },
    ],
    cli: {
        usage: 'aza-pg setup-client [options]',
        examples: [
            'aza-pg setup-client --major 17',
            'aza-pg setup-client --host db.example.com            # the major of that server',
            'aza-pg setup-client --major 15 --package postgresql-client-15_15.18-0+deb12u1_amd64.deb',
        ],
        done: (r) => `✓ PostgreSQL ${r.version} client: ${r.binDir}`,
    },
    settings: setupClientSettings,
    secrets: (s) => (s.server ? (0,pg/* connectionSecrets */.K$)(s.server) : []),
    gather: gatherSetupClientFacts,
    plan: planSetupClient,
    describe: describeSetupClient,
    run: runSetupClient,
    outputs: setupClientOutputs,
    plannedOutputs: plannedSetupClientOutputs,
    summary: setupClientSummary,
};





/***/ })

};
