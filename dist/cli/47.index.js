export const id = 47;
export const ids = [47];
export const modules = {

/***/ 47:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SCRATCH_KINDS: () => (/* reexport */ SCRATCH_KINDS),
  VERIFY_OPTIONS: () => (/* reexport */ VERIFY_OPTIONS),
  VerifyFailed: () => (/* reexport */ VerifyFailed),
  backupServerMajor: () => (/* reexport */ backupServerMajor),
  describeVerify: () => (/* reexport */ describeVerify),
  findBackupIn: () => (/* reexport */ findBackupIn),
  parseSmokeSql: () => (/* reexport */ parseSmokeSql),
  planVerify: () => (/* reexport */ planVerify),
  scratchDatabaseName: () => (/* reexport */ scratchDatabaseName),
  smokePassed: () => (/* reexport */ smokePassed),
  verify: () => (/* binding */ verify),
  verifySettings: () => (/* reexport */ verifySettings),
  verifySummary: () => (/* reexport */ verifySummary)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: ./src/core/signing.ts
var signing = __webpack_require__(5204);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/operation.ts
var operation = __webpack_require__(5018);
// EXTERNAL MODULE: ./src/core/client-container.ts
var client_container = __webpack_require__(5838);
// EXTERNAL MODULE: ./src/core/pg-tools.ts
var pg_tools = __webpack_require__(9928);
// EXTERNAL MODULE: ./src/core/restore/inspect.ts + 3 modules
var inspect = __webpack_require__(2165);
// EXTERNAL MODULE: ./src/core/restore/bucket-source.ts
var bucket_source = __webpack_require__(446);
// EXTERNAL MODULE: ./src/core/report.ts
var report = __webpack_require__(8557);
// EXTERNAL MODULE: ./src/core/trust-options.ts
var trust_options = __webpack_require__(2622);
// EXTERNAL MODULE: ./src/core/restore/plan.ts
var plan = __webpack_require__(2975);
;// CONCATENATED MODULE: ./src/core/verify/plan.ts
/**
 * planVerify decides where a backup is restored for its test and what is checked afterwards.
 * Pure: the facts (what the backup says about itself, which server majors are installed, the
 * time) come in, the plan goes out.
 */






/** The backup's own server major: from the manifest, else the dump header. */
function backupServerMajor(b) {
    if (b.manifest?.server?.versionNum) {
        return (0,pg/* majorOfVersionNum */.Np)(b.manifest.server.versionNum);
    }
    return (0,inspect/* majorOf */.Ds)(b.dumpedFrom);
}
/** The scratch database of a scratch connection: the name given, or a dated one. */
function scratchDatabaseName(settings, now) {
    return settings.scratchDatabase ?? (0,plan/* derivedName */.Pr)('aza_pg_verify', `_${(0,plan/* restoreStamp */.cP)(now)}`);
}
function planVerify(settings, facts) {
    const warnings = [];
    const b = facts.backup;
    if (settings.requireManifest && !b.manifest) {
        throw new errors/* AzaError */.TF('MANIFEST_MISSING', `No manifest beside ${b.path}: its row counts cannot be compared`, 'Verify backups made by aza-pg backup (the manifest is written last), or drop require-manifest.');
    }
    let scratch;
    if (settings.scratch === 'cluster') {
        const want = settings.postgresMajor ?? backupServerMajor(b);
        const installed = [...facts.installedMajors].sort((x, y) => y - x);
        if (installed.length === 0) {
            throw new errors/* AzaError */.TF('TOOL_NOT_FOUND', 'No PostgreSQL server binaries (initdb) found for the scratch cluster', 'Install the server package (apt-get install postgresql), or use scratch connection with a server to restore on.');
        }
        let major;
        if (settings.postgresMajor !== undefined) {
            if (!installed.includes(settings.postgresMajor)) {
                throw new errors/* AzaError */.TF('TOOL_NOT_FOUND', `PostgreSQL ${settings.postgresMajor} server binaries are not installed (found ${installed.join(', ')})`, `Install postgresql-${settings.postgresMajor}, or choose an installed major.`);
            }
            major = settings.postgresMajor;
        }
        else if (want !== undefined && installed.includes(want))
            major = want;
        else {
            const newer = installed.filter((m) => want === undefined || m >= want);
            major = newer.length ? newer[newer.length - 1] : installed[0];
            if (want !== undefined) {
                warnings.push(newer.length
                    ? `The backup comes from PostgreSQL ${want}, which is not installed here; the scratch server runs ${major}.`
                    : `The backup comes from PostgreSQL ${want}, newer than any server installed here (newest ${major}); the restore may fail on statements ${major} does not know.`);
            }
        }
        scratch = { kind: 'cluster', major, database: settings.scratchDatabase ?? 'restore_test' };
    }
    else {
        scratch = { kind: 'connection', database: scratchDatabaseName(settings, facts.now) };
        const conn = settings.connection;
        if (facts.scratchServer?.databases.includes(scratch.database)) {
            throw new errors/* AzaError */.TF('NAME_TAKEN', `The scratch database "${scratch.database}" already exists on ${conn.host}:${conn.port}`, 'verify creates its scratch database and drops it afterwards; it never uses an existing one. Choose another scratch-database.');
        }
    }
    const compareRowCounts = b.manifest?.rowCounts === 'exact';
    if (b.manifest && !compareRowCounts)
        warnings.push(`The manifest has ${b.manifest.rowCounts} row counts: rows are counted but not compared.`);
    if (!b.manifest)
        warnings.push('No manifest: the restore is tested, but row counts cannot be compared.');
    const checks = [];
    if (settings.artifact)
        checks.push({ name: 'Artifact', ok: true, detail: `${settings.artifact} downloaded` });
    checks.push({
        name: 'Integrity',
        ok: true,
        detail: `${b.format}${b.format === 'plain' ? ` (${b.compression})` : ''}, ${(0,report/* formatBytes */.z3)(b.sizeBytes)} read in full${b.manifest ? '; size and sha256 match the manifest' : '; no manifest'}`,
    });
    checks.push({ name: 'Trust', ok: true, detail: (0,trust_options/* trustLine */.FP)(b) });
    return {
        backupPath: b.path,
        inspection: b,
        checks,
        scratch,
        ...(settings.connection && scratch.kind === 'connection' ? { connection: settings.connection } : {}),
        ...(facts.scratchServer ? { serverMajor: facts.scratchServer.major } : {}),
        ...(settings.pgBinDir ? { pgBinDir: settings.pgBinDir } : {}),
        ...(settings.jobs !== undefined ? { jobs: settings.jobs } : {}),
        requireManifest: settings.requireManifest,
        ...(settings.trustBackup ? { trustBackup: true } : {}),
        ...(settings.verifyKeys ? { verifyKeys: settings.verifyKeys } : {}),
        ...(facts.startedMs !== undefined ? { startedMs: facts.startedMs } : {}),
        smokeSql: settings.smokeSql,
        amcheck: settings.amcheck,
        compareRowCounts,
        warnings,
    };
}
/** A verify asks nothing and has no dry run: its plan in words, and its warnings. */
function describeVerify(plan) {
    const s = plan.scratch;
    return {
        lines: [
            `backup:   ${plan.backupPath}`,
            `scratch:  ${s.kind === 'cluster' ? `a throw-away PostgreSQL ${s.major} cluster, database ${s.database}` : `database ${s.database} on the server (dropped afterwards)`}`,
            `checks:   row counts${plan.compareRowCounts ? ' vs the manifest' : ''}${plan.smokeSql.length ? `, ${plan.smokeSql.length} smoke queries` : ''}${plan.amcheck ? ', amcheck' : ''}`,
        ],
        warnings: plan.warnings,
        dryRun: false,
    };
}
/** A smoke query passes when it returns a row whose first value is not false and not NULL. */
function smokePassed(rows) {
    const first = rows[0];
    if (!first)
        return { ok: false, value: undefined };
    const v = first[0];
    return { ok: v !== undefined && v !== '' && v !== 'f' && v !== 'false', value: v };
}

;// CONCATENATED MODULE: ./src/core/verify/report.ts
/**
 * What a verify tells, passed or failed: the result, the action outputs and the summary table. A
 * failed verify is an error that carries its result, so a face prints the FAILED table too.
 */



function verifyResult(p, failure) {
    return {
        passed: !failure,
        ...(failure ? { reason: failure.message, failureCode: failure.code } : {}),
        backup: p.backup,
        checks: p.checks,
        ...(p.plan ? { plan: p.plan } : {}),
        ...(p.inspection ? { inspection: p.inspection } : {}),
        ...(p.restore ? { restore: p.restore } : {}),
        tables: p.restore?.tables.length ?? 0,
        rows: p.restore?.rows ?? 0,
        durationSeconds: (performance.now() - p.startedMs) / 1000,
        smokePassed: p.smokePassed ?? 0,
        indexesChecked: p.indexesChecked ?? 0,
    };
}
/** A verify that failed: the error the faces report, with the result behind the FAILED summary and outputs. */
class VerifyFailed extends operation/* FailedWithResult */.Pb {
    constructor(result, cause) {
        super(result, new errors/* AzaError */.TF('VERIFY_FAILED', failedVerification(result.backup, cause.message), cause.hint, { cause }));
    }
}
function failedVerification(backup, reason) {
    return `Backup ${backup} failed verification: ${reason}`;
}
function verifyFailed(p, e) {
    if (e instanceof VerifyFailed)
        return e;
    const failure = (0,errors/* toAzaError */.mu)(e);
    const checks = [...p.checks, { name: failure.code === 'SMOKE_FAILED' ? 'Smoke' : 'Failure', ok: false, detail: failure.message }];
    return new VerifyFailed(verifyResult({ ...p, checks }, failure), failure);
}
function verifyOutputs(r) {
    return {
        passed: r.passed,
        reason: r.passed ? '' : failedVerification(r.backup, r.reason ?? 'unknown'),
        tables: r.tables,
        rows: r.rows,
        'duration-seconds': r.durationSeconds.toFixed(3),
        'restore-seconds': r.restore?.loadSeconds.toFixed(3),
        'indexes-checked': r.indexesChecked,
        'smoke-passed': r.smokePassed,
    };
}
function verifyFailureOutputs(e) {
    return { passed: false, reason: e.message };
}
function verifySummary(r) {
    const i = r.inspection;
    const rows = [
        ['Result', r.passed ? 'PASSED' : `FAILED: ${r.reason}`],
        ['Backup', r.backup],
        ['Format', i ? `${i.format}${i.format === 'plain' ? `, ${i.compression}` : ''}, ${(0,report/* formatBytes */.z3)(i.sizeBytes)}` : 'unknown'],
        ['Manifest', i?.manifest ? `${i.manifest.database}, ${i.manifest.finishedAt}, PostgreSQL ${i.manifest.server.version}` : 'none'],
        ['Tables', String(r.tables)],
        ['Rows', String(r.rows)],
        ['Restore time', r.restore ? (0,report/* formatSeconds */.Xo)(r.restore.loadSeconds) : 'n/a'],
        ['Duration', (0,report/* formatSeconds */.Xo)(r.durationSeconds)],
    ];
    return {
        title: `Restore test of ${r.backup.split('/').pop()}: ${r.passed ? 'passed' : 'FAILED'}`,
        rows,
        sections: [
            { title: 'Checks', header: ['Check', 'Result', 'Detail'], rows: r.checks.map((c) => [c.name, c.ok ? 'ok' : 'FAILED', c.detail]) },
        ],
        notes: r.passed
            ? ['The backup restores and matches what it recorded.']
            : NOT_THE_BACKUP.has(r.failureCode ?? '')
                ? ['The backup itself is not at fault: the verify could not finish (see the reason); verify again once that is addressed.']
                : ['Do not rely on this backup: take a new one and verify it.'],
    };
}
/** Failures of the verify itself, not of the backup. */
const NOT_THE_BACKUP = new Set(['ROLES_MISSING', 'AMCHECK_UNCHECKED']);
function verifyDone(r) {
    return `✓ ${r.backup} passed: ${r.tables} tables, ${r.rows} rows restored${r.restore?.compared ? ' and matching the manifest' : ''}`;
}

;// CONCATENATED MODULE: ./src/core/verify/facts.ts
/**
 * What a verify learns before it plans: the backup (downloaded first when it is an artifact, then
 * read in full and checked against its manifest), the server binaries for a scratch cluster, or
 * the server of a scratch connection. Any failure is the verify's failure, with its reason.
 */












/** Where CREATE/DROP DATABASE of a scratch connection run from. */
const SCRATCH_MAINTENANCE_DATABASE = 'postgres';
/** The backup inside a downloaded artifact: the data file a manifest describes, or the only entry. */
function findBackupIn(dir) {
    const entries = (0,external_node_fs_.readdirSync)(dir).filter((n) => !n.startsWith('.'));
    const manifests = entries.filter((n) => n.endsWith('.manifest.json'));
    const described = manifests.map((m) => m.slice(0, -'.manifest.json'.length)).filter((n) => entries.includes(n));
    if (described.length === 1)
        return (0,external_node_path_.join)(dir, described[0]);
    const data = entries.filter((n) => !n.endsWith('.manifest.json'));
    if (data.length === 1)
        return (0,external_node_path_.join)(dir, data[0]);
    throw new errors/* AzaError */.TF('BACKUP_NOT_FOUND', data.length === 0 ? 'The artifact holds no backup file' : `The artifact holds several backups (${data.join(', ')}); verify takes one`, 'Upload one backup (and its manifest) per artifact, as aza-pg/backup does with upload-artifact.');
}
async function gatherVerifyFacts(settings, deps, reporter) {
    const startedMs = performance.now();
    const now = (deps.now ?? (() => new Date()))();
    const checks = [];
    let backupPath = settings.backup ?? `artifact ${settings.artifact}`;
    let downloadDir;
    let bucket;
    try {
        if (settings.store && settings.backup) {
            bucket = await (0,bucket_source/* openBucketBackup */.D)(settings.backup, settings.store, reporter);
            backupPath = bucket.backup.url;
        }
        if (settings.artifact) {
            const artifacts = (0,operation/* needArtifacts */.SY)(deps, 'Artifacts can only be downloaded inside a GitHub Actions job', 'Download it yourself and pass the file path.');
            downloadDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'aza-pg-verify-'));
            const dir = await reporter.step(`Download artifact ${settings.artifact}`, () => artifacts.download(settings.artifact, downloadDir));
            backupPath = findBackupIn(dir);
            checks.push({ name: 'Artifact', ok: true, detail: `${settings.artifact} downloaded` });
        }
        const backup = await reporter.step(`Check the backup ${backupPath}`, () => bucket
            ? (0,bucket_source/* inspectBucketBackup */.$)(bucket, (0,inspect/* inspectOptions */.hZ)(settings, deps.env))
            : (0,inspect/* inspectBackup */.T3)(backupPath, (0,inspect/* inspectOptions */.hZ)(settings, deps.env)));
        const tools = { ...(settings.pgBinDir ? { binDir: settings.pgBinDir } : {}), env: deps.env };
        // The scratch cluster runs on this machine: a client container's initdb cannot make it.
        const serverTools = settings.pgBinDir && (0,client_container/* isClientContainerPath */.id)(settings.pgBinDir) ? { env: deps.env } : tools;
        const installedMajors = settings.scratch === 'cluster' ? (await (0,pg_tools/* discoverTool */.O)('initdb', serverTools)).map((c) => c.major) : [];
        let scratchServer;
        if (settings.scratch === 'connection') {
            const conn = { ...settings.connection, database: SCRATCH_MAINTENANCE_DATABASE };
            const scratch = scratchDatabaseName(settings, now);
            scratchServer = await reporter.step(`Connect to ${(0,pg/* describeConnection */.If)(conn)}`, async () => {
                const psql = (await (0,pg_tools/* discoverTool */.O)('psql', tools))[0]?.path ?? 'psql';
                const client = (0,pg/* psqlClient */.Io)(psql, conn, (0,pg/* utf8Env */.$V)(deps.env));
                try {
                    const server = await (0,pg/* probeServer */._D)(client);
                    return { major: server.major, databases: (await client.query('SELECT datname FROM pg_database')).map((r) => r[0]) };
                }
                catch (e) {
                    // Say what was being done: the scratch database is the user's name, "postgres" only the door.
                    const err = (0,errors/* toAzaError */.mu)(e);
                    throw new errors/* AzaError */.TF(err.code, `Could not check the server for the scratch database "${scratch}" (connected through database "${SCRATCH_MAINTENANCE_DATABASE}" on ${conn.host}:${conn.port}): ${err.message}`, err.hint, { cause: err });
                }
            });
        }
        return {
            now,
            backup,
            installedMajors,
            ...(scratchServer ? { scratchServer } : {}),
            ...(downloadDir ? { downloadDir } : {}),
            ...(bucket ? { bucket } : {}),
            startedMs,
        };
    }
    catch (e) {
        if (downloadDir)
            (0,external_node_fs_.rmSync)(downloadDir, { recursive: true, force: true });
        bucket?.close();
        throw verifyFailed({ backup: backupPath, checks, startedMs }, e);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: ./src/core/exec.ts + 2 modules
var exec = __webpack_require__(4551);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
// EXTERNAL MODULE: ./src/core/owner.ts
var core_owner = __webpack_require__(2920);
;// CONCATENATED MODULE: ./src/core/cluster.ts
/**
 * Throw-away local PostgreSQL clusters made from the installed server binaries: the demo, the
 * `verify` action's scratch server and the tests all use them. PostgreSQL refuses to run as
 * root, so as root the server runs as an unprivileged user (created when missing); otherwise
 * as the current user, as on a GitHub runner.
 */











const CLUSTER_OS_USER = 'azapg';
let cachedRunAs;
/** As root: the unprivileged user's ids (creating the user once); otherwise nothing to switch. */
async function serverRunAs() {
    if (cachedRunAs)
        return cachedRunAs;
    if (process.getuid?.() !== 0)
        return (cachedRunAs = {});
    const id = async (flag) => Number((await (0,exec/* run */.eF)('id', [flag, CLUSTER_OS_USER])).stdout.trim());
    const exists = await (0,exec/* run */.eF)('id', ['-u', CLUSTER_OS_USER], { allowFailure: true });
    if (exists.code !== 0) {
        const r = await (0,exec/* run */.eF)('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', CLUSTER_OS_USER], {
            allowFailure: true,
        });
        // Another process may have created it at the same moment.
        if (r.code !== 0 && (await (0,exec/* run */.eF)('id', ['-u', CLUSTER_OS_USER], { allowFailure: true })).code !== 0) {
            throw new errors/* AzaError */.TF('CLUSTER_FAILED', `Could not create the unprivileged user ${CLUSTER_OS_USER}: ${r.stderr.trim()}`, 'Run as a non-root user, or create the user yourself (useradd --system azapg).');
        }
    }
    return (cachedRunAs = { uid: await id('-u'), gid: await id('-g') });
}
async function freePort() {
    return new Promise((resolve, reject) => {
        const srv = (0,external_node_net_.createServer)();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            const port = typeof addr === 'object' && addr ? addr.port : 0;
            srv.close(() => resolve(port));
        });
    });
}
async function findServerBinaries(opts = {}) {
    const candidates = await (0,pg_tools/* discoverTool */.O)('initdb', opts.binDir ? { binDir: opts.binDir } : {});
    let chosen;
    if (opts.major !== undefined)
        chosen = candidates.find((c) => c.major === opts.major);
    else
        chosen = (0,pg_tools/* chooseTool */.q1)(candidates);
    if (!chosen) {
        throw new errors/* AzaError */.TF('TOOL_NOT_FOUND', `Required command not found: initdb${opts.major ? ` (PostgreSQL ${opts.major})` : ''}`, 'A throw-away cluster needs the PostgreSQL server binaries: sudo apt-get install postgresql (Debian/Ubuntu), brew install postgresql@18 (macOS).');
    }
    // Resolve links (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb): the siblings live there.
    return { binDir: (0,external_node_path_.dirname)((0,external_node_fs_.realpathSync)(chosen.path)), major: chosen.major, version: chosen.version };
}
const liveClusters = new Set();
let exitHookInstalled = false;
function installExitHook() {
    if (exitHookInstalled)
        return;
    exitHookInstalled = true;
    // A test runner or a CLI that exits without destroying its clusters must not leave servers behind.
    process.once('exit', () => {
        for (const c of liveClusters)
            c.destroySync();
    });
}
class Cluster {
    port;
    host = '127.0.0.1';
    superuser;
    password;
    dir;
    dataDir;
    socketDir;
    logFile;
    bin;
    runAs;
    tls;
    destroying = false;
    destroyed = false;
    constructor(init) {
        this.port = init.port;
        this.superuser = init.superuser;
        this.password = init.password;
        this.dir = init.dir;
        this.dataDir = (0,external_node_path_.join)(init.dir, 'data');
        this.socketDir = (0,external_node_path_.join)(init.dir, 'sock');
        this.logFile = (0,external_node_path_.join)(init.dir, 'server.log');
        this.bin = init.bin;
        this.runAs = init.runAs;
        this.tls = init.tls;
        liveClusters.add(this);
        installExitHook();
    }
    tool(name) {
        return (0,external_node_path_.join)(this.bin.binDir, name);
    }
    /** A password connection over TCP, as any client would make. */
    connection(database = 'postgres') {
        return {
            host: this.host,
            port: this.port,
            user: this.superuser,
            password: this.password,
            database,
            ...(this.tls ? { sslmode: 'require' } : {}),
        };
    }
    /** The libpq URI of this cluster (includes the password: keep it out of logs). */
    uri(database = 'postgres') {
        return `postgresql://${encodeURIComponent(this.superuser)}:${encodeURIComponent(this.password)}@${this.host}:${this.port}/${encodeURIComponent(database)}`;
    }
    client() {
        return (0,pg/* psqlClient */.Io)(this.tool('psql'), this.connection());
    }
    /** Runs SQL on `database` and returns the rows. */
    query(sql, database = 'postgres') {
        return this.client().query(sql, database);
    }
    /** Runs a server binary (pg_ctl, pg_controldata...) as the cluster's owner. */
    runAsOwner(name, args, opts = {}) {
        return (0,exec/* run */.eF)(this.tool(name), args, {
            ...this.runAs,
            cwd: this.dir,
            allowFailure: opts.allowFailure,
            env: opts.env ?? ownerEnv(),
            secrets: [this.password],
        });
    }
    async start() {
        const r = await this.runAsOwner('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '60', 'start'], { allowFailure: true });
        if (r.code !== 0) {
            throw new errors/* AzaError */.TF('CLUSTER_FAILED', `The throw-away PostgreSQL server did not start: ${r.stderr.trim() || r.stdout.trim()}\n${this.logTail()}`);
        }
    }
    async stop(mode = 'fast') {
        await this.runAsOwner('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop'], { allowFailure: true });
    }
    logTail(lines = 30) {
        try {
            return (0,external_node_fs_.readFileSync)(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
        }
        catch {
            return '';
        }
    }
    async isInRecovery() {
        const rows = await this.query('SELECT pg_is_in_recovery()');
        return rows[0]?.[0] === 't';
    }
    /** A streaming replica of this cluster, made with pg_basebackup -R and started. */
    async createReplica(opts = {}) {
        const dir = makeClusterDir(opts.baseDir, this.runAs, this.bin.binDir);
        const port = await freePort();
        const replica = new Cluster({
            port,
            superuser: this.superuser,
            password: this.password,
            dir,
            bin: this.bin,
            runAs: this.runAs,
            tls: this.tls,
        });
        try {
            mkdirOwned(replica.socketDir, this.runAs);
            const env = { ...ownerEnv(), PGPASSWORD: this.password };
            await replica.runAsOwner('pg_basebackup', ['-h', this.host, '-p', String(this.port), '-U', this.superuser, '-D', replica.dataDir, '-R', '-X', 'stream', '-c', 'fast'], { env });
            (0,external_node_fs_.appendFileSync)(replica.dataDir + '/postgresql.conf', confLines({ port, unix_socket_directories: replica.socketDir, ...opts.settings }));
            await replica.start();
            await replica.waitForStreaming();
            return replica;
        }
        catch (e) {
            await replica.destroy();
            throw e;
        }
    }
    /** Waits until a replica has a WAL receiver streaming from its primary. */
    async waitForStreaming(timeoutMs = 30000) {
        const r = await (0,wait/* waitUntil */.a0)(async () => {
            const rows = await this.query("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'");
            return rows[0]?.[0] === '1' ? { done: true, value: undefined } : { done: false };
        }, { timeoutMs });
        if (r.timedOut) {
            throw new errors/* AzaError */.TF('CLUSTER_FAILED', `Replica on port ${this.port} is not streaming after ${timeoutMs / 1000} s\n${this.logTail()}`);
        }
    }
    async destroy() {
        if (this.destroying || this.destroyed)
            return;
        this.destroying = true;
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(this.dataDir, 'postmaster.pid')))
            await this.stop('immediate');
        (0,external_node_fs_.rmSync)(this.dir, { recursive: true, force: true });
        // Only now: a process that exits while this waits (an interrupt) still stops it in its exit hook.
        this.destroyed = true;
        liveClusters.delete(this);
    }
    destroySync() {
        if (this.destroyed)
            return;
        this.destroyed = true;
        liveClusters.delete(this);
        if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(this.dataDir, 'postmaster.pid'))) {
            (0,exec/* runSyncForCleanup */.Cc)(this.tool('pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', 'stop'], { ...this.runAs, env: ownerEnv() });
        }
        (0,external_node_fs_.rmSync)(this.dir, { recursive: true, force: true });
    }
}
/** A minimal environment for server binaries: no inherited libpq settings, a C-compatible locale. */
function ownerEnv() {
    return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
}
function confLines(settings) {
    const lines = Object.entries(settings)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `'${String(v).replace(/'/g, "''")}'`}`);
    return `\n# aza-pg throw-away cluster\n${lines.join('\n')}\n`;
}
function mkdirOwned(path, runAs) {
    (0,external_node_fs_.mkdirSync)(path, { mode: 0o700 });
    if (runAs.uid !== undefined)
        (0,external_node_fs_.chownSync)(path, runAs.uid, runAs.gid);
}
const CLUSTER_DIR_PREFIX = 'aza-pg-cluster-';
/** Beside the data: who made the cluster, and its pg_ctl, so a later run can stop a killed run's server. */
const OWNER_FILE = 'aza-pg-owner';
function makeClusterDir(baseDir, runAs, binDir) {
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(baseDir ?? (0,external_node_os_.tmpdir)(), CLUSTER_DIR_PREFIX));
    (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, OWNER_FILE), `${(0,core_owner/* ownerText */.dP)()} pg_ctl=${(0,external_node_path_.join)(binDir, 'pg_ctl')}\n`, { mode: 0o644 });
    if (runAs.uid !== undefined)
        (0,external_node_fs_.chownSync)(dir, runAs.uid, runAs.gid);
    return dir;
}
/**
 * Throw-away clusters whose maker was killed (SIGKILL: no exit hook ran) keep their server
 * running, since pg_ctl detaches it: stops them and removes their directories. Clusters of live
 * processes, of other hosts, and unmarked ones are left alone.
 */
async function reapOrphanClusters(notes, baseDir = (0,external_node_os_.tmpdir)()) {
    let names;
    try {
        names = (0,external_node_fs_.readdirSync)(baseDir).filter((n) => n.startsWith(CLUSTER_DIR_PREFIX));
    }
    catch {
        return;
    }
    for (const name of names) {
        const dir = (0,external_node_path_.join)(baseDir, name);
        let marker;
        try {
            marker = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, OWNER_FILE), 'utf8');
        }
        catch {
            continue;
        }
        const owner = (0,core_owner/* parseOwnerText */.qM)(marker);
        if (!owner || (0,core_owner/* ownerState */.N_)(owner) !== 'gone')
            continue;
        const pgCtl = /pg_ctl=(\S+)/.exec(marker)?.[1];
        const dataDir = (0,external_node_path_.join)(dir, 'data');
        if (pgCtl && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dataDir, 'postmaster.pid'))) {
            const st = (0,external_node_fs_.statSync)(dataDir);
            const runAs = process.getuid?.() === 0 && st.uid !== 0 ? { uid: st.uid, gid: st.gid } : {};
            await (0,exec/* run */.eF)(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop'], { ...runAs, env: ownerEnv(), allowFailure: true });
        }
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
        notes.info(`Stopped and removed the throw-away cluster ${dir}, left by an interrupted run (${(0,core_owner/* describeOwner */.$S)(owner)}, no longer running)`);
    }
}
/** Creates, configures and starts a throw-away cluster. */
async function createCluster(opts = {}) {
    const bin = await findServerBinaries(opts);
    const runAs = await serverRunAs();
    const dir = makeClusterDir(opts.baseDir, runAs, bin.binDir);
    const superuser = opts.superuser ?? 'postgres';
    const password = opts.password ?? (0,external_node_crypto_.randomBytes)(18).toString('base64url');
    const port = await freePort();
    const cluster = new Cluster({ port, superuser, password, dir, bin, runAs, tls: !!opts.tls });
    try {
        mkdirOwned(cluster.socketDir, runAs);
        const pwfile = (0,external_node_path_.join)(dir, 'pwfile');
        (0,external_node_fs_.writeFileSync)(pwfile, `${password}\n`, { mode: 0o600 });
        if (runAs.uid !== undefined)
            (0,external_node_fs_.chownSync)(pwfile, runAs.uid, runAs.gid);
        const init = await cluster.runAsOwner('initdb', [
            '-D',
            cluster.dataDir,
            '-U',
            superuser,
            `--pwfile=${pwfile}`,
            '--auth-local=trust',
            '--auth-host=scram-sha-256',
            '-E',
            'UTF8',
            '--locale=C.UTF-8',
            '--no-sync',
        ], { allowFailure: true });
        (0,external_node_fs_.rmSync)(pwfile, { force: true });
        if (init.code !== 0)
            throw new errors/* AzaError */.TF('CLUSTER_FAILED', `initdb failed: ${init.stderr.trim()}`);
        const settings = {
            port,
            listen_addresses: '127.0.0.1',
            unix_socket_directories: cluster.socketDir,
            // Throw-away data: durability is not the point, speed is.
            fsync: 'off',
            synchronous_commit: 'off',
            max_connections: 60,
            wal_level: 'replica',
            max_wal_senders: 10,
            password_encryption: 'scram-sha-256',
            ...opts.settings,
        };
        if (opts.tls) {
            const own = (src, name, mode) => {
                const dst = (0,external_node_path_.join)(cluster.dataDir, name);
                (0,external_node_fs_.copyFileSync)(src, dst);
                (0,external_node_fs_.chmodSync)(dst, mode);
                if (runAs.uid !== undefined)
                    (0,external_node_fs_.chownSync)(dst, runAs.uid, runAs.gid);
                return name;
            };
            settings.ssl = 'on';
            settings.ssl_cert_file = own(opts.tls.certFile, 'server.crt', 0o644);
            settings.ssl_key_file = own(opts.tls.keyFile, 'server.key', 0o600);
            if (opts.tls.caFile)
                settings.ssl_ca_file = own(opts.tls.caFile, 'root.crt', 0o644);
        }
        (0,external_node_fs_.appendFileSync)((0,external_node_path_.join)(cluster.dataDir, 'postgresql.conf'), confLines(settings));
        const hostLines = opts.hbaHostLines ?? [
            `${opts.tls ? 'hostssl' : 'host'} all all 127.0.0.1/32 scram-sha-256`,
            `${opts.tls ? 'hostssl' : 'host'} replication all 127.0.0.1/32 scram-sha-256`,
        ];
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(cluster.dataDir, 'pg_hba.conf'), ['local all all trust', 'local replication all trust', ...hostLines, ''].join('\n'));
        await cluster.start();
        return cluster;
    }
    catch (e) {
        await cluster.destroy();
        throw e;
    }
}

// EXTERNAL MODULE: ./src/core/databases.ts
var databases = __webpack_require__(3969);
// EXTERNAL MODULE: ./src/core/restore/index.ts + 3 modules
var restore = __webpack_require__(3177);
// EXTERNAL MODULE: ./src/core/restore/run.ts + 4 modules
var run = __webpack_require__(2745);
;// CONCATENATED MODULE: ./src/core/verify/run.ts
/**
 * runVerify: the monthly restore test, after the backup was read in full (see facts.ts). The
 * backup is restored, by the restore operation itself, into a scratch target (a throw-away
 * cluster, or a scratch database that is always dropped); its row counts are compared with the
 * manifest; smoke queries and amcheck run. Any failure is a VerifyFailed with its reason.
 */













async function runVerify(plan, deps, reporter) {
    const progress = {
        backup: plan.backupPath,
        checks: [...plan.checks],
        startedMs: plan.startedMs ?? performance.now(),
        plan,
        inspection: plan.inspection,
    };
    const checks = progress.checks;
    let cluster;
    let scratch;
    let failure;
    try {
        let conn;
        if (plan.scratch.kind === 'cluster') {
            const major = plan.scratch.major;
            // A verify killed before (SIGKILL) left its server running: stop and remove it first.
            await reapOrphanClusters(reporter);
            cluster = await reporter.step(`Start a throw-away PostgreSQL ${major} cluster`, () => createCluster({ major }));
            conn = cluster.connection();
            checks.push({ name: 'Scratch server', ok: true, detail: `throw-away PostgreSQL ${cluster.bin.version} cluster` });
        }
        else {
            conn = plan.connection;
            const psql = (await (0,pg_tools/* discoverTool */.O)('psql', { ...(plan.pgBinDir ? { binDir: plan.pgBinDir } : {}), env: deps.env }))[0]?.path ?? 'psql';
            const maintenance = (0,pg/* psqlClient */.Io)(psql, { ...conn, database: SCRATCH_MAINTENANCE_DATABASE }, (0,pg/* utf8Env */.$V)(deps.env));
            scratch = { dbs: new databases/* Databases */.Lv(maintenance, SCRATCH_MAINTENANCE_DATABASE, plan.serverMajor), name: plan.scratch.database };
            checks.push({
                name: 'Scratch server',
                ok: true,
                detail: `scratch database "${plan.scratch.database}" on ${conn.host}:${conn.port} (dropped afterwards)`,
            });
        }
        const restored = await (0,operation/* execute */.g7)(restore.restore, restoreSettings(plan, conn, deps.env), deps, reporter);
        progress.restore = restored;
        const named = plan.inspection.manifest?.roles;
        if (named?.length) {
            const created = restored.rolesCreated;
            checks.push({
                name: 'Roles',
                ok: true,
                detail: created.length
                    ? `created ${created.length} role${created.length > 1 ? 's' : ''} the dump names (NOLOGIN, no password): ${created.map((r) => `"${r}"`).join(', ')}`
                    : `the ${named.length} role${named.length > 1 ? 's' : ''} the dump names exist on the scratch server`,
            });
        }
        checks.push({
            name: 'Restore',
            ok: true,
            detail: `${restored.tables.length} tables, ${restored.rows} rows in ${(0,report/* formatSeconds */.Xo)(restored.loadSeconds)}`,
        });
        checks.push({
            name: 'Row counts',
            ok: true,
            detail: restored.compared
                ? `all ${restored.tables.length} tables match the manifest`
                : 'not compared (no exact counts in a manifest)',
        });
        const client = (0,pg/* psqlClient */.Io)(restored.plan.psqlPath, { ...conn, database: plan.scratch.database }, (0,pg/* utf8Env */.$V)(deps.env));
        progress.smokePassed = 0;
        for (const [i, sql] of plan.smokeSql.entries()) {
            const value = await smoke(client, i + 1, sql);
            progress.smokePassed++;
            checks.push({ name: `Smoke ${i + 1}`, ok: true, detail: `${sql} → ${value}` });
        }
        if (plan.amcheck) {
            const indexes = await reporter.step('amcheck: every btree index', () => runAmcheck(client));
            progress.indexesChecked = indexes;
            checks.push({ name: 'amcheck', ok: true, detail: `${indexes} btree indexes consistent (bt_index_check, heapallindexed)` });
        }
    }
    catch (e) {
        // What became of the scratch database is no news: it is dropped anyway.
        failure = missingRole(e instanceof run/* RestoreFailed */.Q ? e.reason : e, plan);
    }
    finally {
        if (scratch) {
            const { dbs, name } = scratch;
            await dbs
                .drop(name, true)
                .catch((e) => reporter.warn(`Could not drop the scratch database "${name}": ${(0,errors/* toAzaError */.mu)(e).message}; drop it by hand.`));
        }
        if (cluster)
            await cluster.destroy().catch(() => { });
    }
    if (failure !== undefined)
        throw verifyFailed(progress, failure);
    return verifyResult(progress);
}
/** The restore's settings: its defaults, the scratch database, consent given (it is a scratch). */
function restoreSettings(plan, conn, env) {
    const database = plan.scratch.database;
    const raw = {
        backup: plan.backupPath,
        database,
        create: 'true',
        yes: 'true',
        // A throw-away cluster has none of the source's roles: those the manifest records are made first.
        ...(plan.scratch.kind === 'cluster' ? { 'create-roles': 'true' } : {}),
        'require-manifest': String(plan.requireManifest),
        ...(plan.jobs !== undefined ? { jobs: String(plan.jobs) } : {}),
        // A scratch cluster's database "postgres" may be the scratch itself; CREATE/RENAME go through template1 then.
        ...(database === 'postgres' ? { mode: 'replace' } : { 'keep-previous': 'false' }),
    };
    return {
        ...(0,operation/* settingsFrom */.ms)(restore.restore, raw, env, (0,external_node_os_.tmpdir)()),
        connection: { ...conn, database },
        inspected: plan.inspection,
        // A plain script loads in psql's session unless --jobs says otherwise: each COPY session that
        // gets data costs this process about 1.5 MiB (see copy-lanes.ts, issue 16's 80 MiB); speed is
        // a restore's.
        scriptJobs: 1,
        ...(plan.trustBackup ? { trustBackup: true } : {}),
        ...(plan.verifyKeys ? { verifyKeys: plan.verifyKeys } : {}),
        ...(plan.pgBinDir ? { pgBinDir: plan.pgBinDir } : {}),
    };
}
/**
 * A load that failed on a role the scratch server lacks says nothing against the backup: the
 * verdict names the role. Its manifest predates the recorded roles, or the scratch is a server
 * of the user's (verify creates roles only on a throw-away cluster).
 */
function missingRole(e, plan) {
    const err = (0,errors/* toAzaError */.mu)(e);
    const role = /role "((?:[^"]|"")+)" does not exist/.exec(err.message)?.[1];
    if (!role)
        return e;
    const why = plan.inspection.manifest?.roles === undefined
        ? 'its manifest predates aza-pg recording the roles a dump names, so verify could not create them first'
        : 'verify creates the roles a dump names only on a throw-away cluster (scratch: cluster)';
    return new errors/* AzaError */.TF('ROLES_MISSING', `The scratch server lacks the role "${role}" that the dump names: not a fault of the backup (${why}). ${err.message}`, plan.inspection.manifest?.roles === undefined
        ? `Take a new backup (its manifest records the roles), or verify on a server that has the role (scratch: connection), or create it: CREATE ROLE ${(0,pg/* quoteIdent */.v4)(role)} NOLOGIN.`
        : `Verify with a throw-away cluster, or create the role on this server: CREATE ROLE ${(0,pg/* quoteIdent */.v4)(role)} NOLOGIN.`, { cause: err });
}
async function smoke(client, n, sql) {
    let rows;
    try {
        rows = await client.query(sql);
    }
    catch (e) {
        throw new errors/* AzaError */.TF('SMOKE_FAILED', `Smoke query ${n} failed: ${sql}: ${(0,errors/* toAzaError */.mu)(e).message}`, 'Check the query against the restored data; the backup may lack what it expects.');
    }
    const r = smokePassed(rows);
    if (!r.ok) {
        throw new errors/* AzaError */.TF('SMOKE_FAILED', `Smoke query ${n} ${r.value === undefined ? 'returned no row' : `returned ${r.value === '' ? 'NULL' : r.value}`}: ${sql}`, 'Each smoke query must return a row whose first value is not false or NULL.');
    }
    return r.value;
}
/**
 * One bt_index_check per leaf btree index (a partitioned index has no pages of its own: amcheck
 * refuses it, it is not damaged), each in its own subtransaction so that "damaged" (SQLSTATE
 * XX001/XX002) is told apart from "could not check" (any other error: permissions, an index kind
 * amcheck does not take). The function lives in pg_temp: the scratch keeps nothing of it.
 */
const AMCHECK_SQL = `CREATE FUNCTION pg_temp.aza_amcheck(idx regclass) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM bt_index_check(idx, true);
  RETURN 'ok';
EXCEPTION
  WHEN index_corrupted OR data_corrupted THEN RETURN 'damaged: ' || SQLERRM;
  WHEN OTHERS THEN RETURN 'unchecked: ' || SQLERRM;
END $f$;
SELECT c.oid::regclass::text, pg_temp.aza_amcheck(c.oid)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE a.amname = 'btree' AND c.relkind = 'i' AND c.relpersistence <> 't' AND i.indisready AND i.indisvalid
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
 ORDER BY 1`;
/** Checks every leaf btree index: its count when all are consistent; AMCHECK_FAILED when one is damaged, AMCHECK_UNCHECKED when one could not be checked. */
async function runAmcheck(client) {
    try {
        await client.exec('CREATE EXTENSION IF NOT EXISTS amcheck');
    }
    catch (e) {
        throw new errors/* AzaError */.TF('EXTENSION_MISSING', `amcheck is not available on the scratch server: ${(0,errors/* toAzaError */.mu)(e).message}`, 'Install the contrib modules (postgresql-contrib, part of the server package on Debian/Ubuntu), or drop amcheck.');
    }
    const rows = await client.query(AMCHECK_SQL).catch((e) => {
        throw new errors/* AzaError */.TF('AMCHECK_UNCHECKED', `amcheck could not run on the restored database: ${(0,errors/* toAzaError */.mu)(e).message}`, 'This says nothing against the backup: run verify with a role that may use amcheck (a superuser, or one granted EXECUTE on bt_index_check), or drop amcheck.');
    });
    const list = (prefix) => rows.filter((r) => r[1].startsWith(prefix)).map((r) => `${r[0]} (${r[1].slice(prefix.length)})`);
    const damaged = list('damaged: ');
    if (damaged.length) {
        throw new errors/* AzaError */.TF('AMCHECK_FAILED', `amcheck found ${damaged.length === 1 ? 'a damaged index' : `${damaged.length} damaged indexes`}: ${damaged.join('; ')}`, 'The restored data or its indexes are inconsistent: do not trust this backup; investigate the source database (amcheck there too).');
    }
    const unchecked = list('unchecked: ');
    if (unchecked.length) {
        throw new errors/* AzaError */.TF('AMCHECK_UNCHECKED', `amcheck could not check ${unchecked.length} of ${rows.length} indexes (none was found damaged): ${unchecked.join('; ')}`, 'This says nothing against the backup: run verify with a role that may use amcheck (a superuser, or one granted EXECUTE on bt_index_check), or drop amcheck.');
    }
    return rows.length;
}

// EXTERNAL MODULE: ./src/core/connection-options.ts
var connection_options = __webpack_require__(1756);
// EXTERNAL MODULE: ./src/core/object-store/index.ts + 3 modules
var object_store = __webpack_require__(2862);
;// CONCATENATED MODULE: ./src/core/verify/settings.ts
/**
 * Verify settings: the monthly restore test as one step. The backup comes from a path or a
 * workflow artifact; the scratch target is a throw-away cluster (default) or a named server where
 * a scratch database is created and always dropped.
 */





const SCRATCH_KINDS = ['cluster', 'connection'];
/** What the connection options mean for verify: they name the server of a scratch connection. */
const VERIFY_CONNECTION_TEXT = {
    user: 'User name; it needs CREATEDB',
    'pg-bin-dir': 'Directory with the PostgreSQL binaries (client tools; for cluster also initdb, pg_ctl, postgres)',
};
const VERIFY_OPTIONS = [
    {
        name: 'backup',
        description: 'Path of the backup to verify (`.sql`, `.sql.gz`, `.sql.zst`, `.dump`, directory dump), or an object in a bucket (`s3://bucket/prefix/backup_….sql.gz`, its manifest object required; `s3://bucket/prefix/latest`: the newest complete backup under the prefix). In the action: give this or artifact',
        positional: 0,
    },
    {
        name: 'artifact',
        description: 'Name of a workflow artifact holding the backup and its manifest (as aza-pg/backup uploads it); downloaded from the current run',
        only: 'action',
    },
    {
        name: 'scratch',
        description: 'cluster: a throw-away PostgreSQL on the runner (production is never touched). connection: a scratch database on the server given by the connection options, created for the test and always dropped',
        default: 'cluster',
    },
    {
        name: 'scratch-database',
        description: 'Name of the scratch database. It must not exist',
        defaultText: 'restore_test (cluster), aza_pg_verify_<UTC stamp> (connection)',
    },
    {
        name: 'postgres-major',
        description: 'cluster: PostgreSQL major of the scratch server',
        defaultText: "the backup's server major when installed, else the newest installed",
    },
    {
        name: 'smoke-sql',
        description: 'Smoke-test queries, one per line. Each must return a row whose first value is not false or NULL, e.g. `SELECT count(*) > 0 FROM critical_table`',
    },
    {
        name: 'amcheck',
        description: 'Check every btree index of the restored database with amcheck (bt_index_check, heapallindexed)',
        default: false,
        flag: true,
    },
    {
        name: 'require-manifest',
        description: 'Fail a backup without a manifest (its row counts cannot be compared)',
        default: false,
        flag: true,
    },
    {
        name: 'jobs',
        description: 'Parallel sessions: `pg_restore` jobs for custom and directory archives, COPY sessions for a plain script',
        defaultText: 'the number of cores for archives, 1 for a plain script',
    },
    ...trust_options/* TRUST_OPTIONS */.Qb,
    ...object_store/* OBJECT_STORE_OPTIONS */.Pj,
    ...connection_options/* CONNECTION_OPTIONS */.Ur.map((o) => {
        const text = VERIFY_CONNECTION_TEXT[o.name] ?? o.description;
        return { ...o, description: o.name === 'pg-bin-dir' ? text : `scratch connection: ${text[0].toLowerCase()}${text.slice(1)}` };
    }),
];
/** One query per line; blank lines and -- comments dropped, a trailing ; removed. */
function parseSmokeSql(text) {
    if (!text)
        return [];
    return text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('--'))
        .map((l) => l.replace(/;\s*$/, ''));
}
/** The spec's `verify <backup>`: the CLI passes the positional in as option backup. */
function verifySettings(inputs, env, cwd) {
    const backup = inputs.string('backup');
    const artifact = inputs.string('artifact');
    if (backup !== undefined && artifact !== undefined) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', 'Give either input backup (a path) or input artifact (a name), not both', 'Give one of them.');
    }
    if (backup === undefined && artifact === undefined) {
        throw inputs.missing({ message: 'Missing the backup file', usage: 'Usage: aza-pg verify <backup>   e.g. aza-pg verify backup.sql.gz' }, {
            message: 'Missing input backup or artifact',
            hint: 'Set backup to a path, or artifact to the name of an uploaded backup artifact.',
        });
    }
    const scratch = inputs.oneOf('scratch', SCRATCH_KINDS);
    const connectionGiven = ['host', 'port', 'user', 'password', 'connection-uri', 'sslmode', 'sslrootcert'].some((n) => inputs.has(n));
    if (scratch === 'cluster' && connectionGiven) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `Connection options are set but ${inputs.label('scratch')} is cluster (a throw-away local server)`, `To restore on that server, set ${inputs.label('scratch')} connection (a scratch database is created there and dropped).`);
    }
    const major = inputs.integer('postgres-major', { min: 9, max: 99 });
    if (major !== undefined && scratch !== 'cluster')
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('postgres-major')} applies to scratch cluster only`, `Drop ${inputs.label('postgres-major')}.`);
    const scratchDatabase = inputs.verbatim('scratch-database');
    if (scratchDatabase !== undefined && Buffer.byteLength(scratchDatabase) > 50)
        throw new errors/* AzaError */.TF('INVALID_INPUT', `The scratch database name "${scratchDatabase}" is too long (50 bytes at most)`, 'Choose a shorter name.');
    const jobs = inputs.integer('jobs', { min: 1, max: 64 });
    return {
        ...(backup !== undefined ? { backup: (0,object_store/* isObjectUrl */.rS)(backup) ? backup : (0,external_node_path_.resolve)(cwd, backup) } : {}),
        ...((0,object_store/* isObjectUrl */.rS)(backup) ? { store: (0,object_store/* objectStoreSettings */.qR)(inputs, env) } : {}),
        ...(artifact !== undefined ? { artifact } : {}),
        scratch,
        ...(scratchDatabase !== undefined ? { scratchDatabase } : {}),
        ...(major !== undefined ? { postgresMajor: major } : {}),
        smokeSql: parseSmokeSql(inputs.verbatim('smoke-sql')),
        amcheck: inputs.boolean('amcheck'),
        // A backup that comes from an artifact is only as good as its manifest: size and sha256 are checked before loading.
        requireManifest: inputs.boolean('require-manifest', artifact !== undefined),
        ...(jobs !== undefined ? { jobs } : {}),
        ...(scratch === 'connection' ? { connection: (0,connection_options/* connectionSettings */.Q7)(inputs, env) } : {}),
        ...((0,connection_options/* clientBinDir */.av)(inputs, cwd) !== undefined ? { pgBinDir: (0,connection_options/* clientBinDir */.av)(inputs, cwd) } : {}),
        ...(0,trust_options/* trustSettings */.QL)(inputs, env, cwd),
    };
}

;// CONCATENATED MODULE: ./src/core/verify/index.ts
/** The verify operation (restore test): prove a backup restorable on a scratch server (see docs/verify.md). */








const verify = {
    name: 'verify',
    description: 'Prove a backup restorable: read it in full, check it against its manifest, restore it into a throw-away PostgreSQL (or a scratch database that is always dropped), compare row counts, run smoke SQL and amcheck. A failed verify fails the step.',
    branding: { icon: 'check-circle', color: 'green' },
    options: VERIFY_OPTIONS,
    outputSpecs: [
        { name: 'passed', description: 'true when every check passed; false otherwise (the step fails too).' },
        { name: 'reason', description: 'Why the verification failed; empty when it passed.' },
        { name: 'tables', description: 'Tables restored.' },
        { name: 'rows', description: 'Rows restored (exact).' },
        { name: 'duration-seconds', description: 'Wall time of the whole verification.' },
        { name: 'restore-seconds', description: 'Time of the restore itself (load, ANALYZE, counts).' },
        { name: 'indexes-checked', description: 'btree indexes checked by amcheck.' },
        { name: 'smoke-passed', description: 'Smoke queries that passed.' },
    ],
    cli: {
        usage: 'aza-pg verify <backup> [options]',
        examples: [
            'aza-pg verify backup_production_2026_01_31_020000.sql.gz',
            'aza-pg verify "$(ls -t /backups/postgresql/*.sql.gz | head -1)" --smoke-sql "SELECT count(*) > 0 FROM critical_table" --amcheck',
            'PGHOST=staging.db aza-pg verify prod.dump --scratch connection',
        ],
        done: verifyDone,
    },
    settings: verifySettings,
    secrets: (s) => [...(s.connection ? (0,pg/* connectionSecrets */.K$)(s.connection) : []), ...(0,signing/* keySecrets */.PZ)(s.verifyKeys ?? [])],
    gather: gatherVerifyFacts,
    plan: (settings, facts) => {
        try {
            return planVerify(settings, facts);
        }
        catch (e) {
            throw verifyFailed({ backup: facts.backup.path, checks: [], startedMs: facts.startedMs ?? performance.now(), inspection: facts.backup }, e);
        }
    },
    describe: describeVerify,
    run: runVerify,
    outputs: verifyOutputs,
    failureOutputs: verifyFailureOutputs,
    summary: verifySummary,
    release: (facts) => {
        facts.bucket?.close();
        if (facts.downloadDir)
            (0,external_node_fs_.rmSync)(facts.downloadDir, { recursive: true, force: true });
    },
};






/***/ })

};
