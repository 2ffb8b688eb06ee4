export const id = 785;
export const ids = [785];
export const modules = {

/***/ 1785:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BACKUP_OPTIONS: () => (/* reexport */ backup_settings/* BACKUP_OPTIONS */.mT),
  backup: () => (/* binding */ backup),
  backupSettings: () => (/* reexport */ backup_settings/* backupSettings */.cg),
  describePlan: () => (/* reexport */ plan/* describePlan */.df),
  planBackup: () => (/* reexport */ plan/* planBackup */.W6)
});

// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: ./src/core/object-store/settings.ts
var settings = __webpack_require__(3110);
// EXTERNAL MODULE: ./src/core/signing.ts
var signing = __webpack_require__(5204);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/fs.ts
var fs = __webpack_require__(8616);
// EXTERNAL MODULE: ./src/core/pg-tools.ts
var pg_tools = __webpack_require__(9928);
// EXTERNAL MODULE: ./src/core/gzip-tool.ts
var gzip_tool = __webpack_require__(542);
// EXTERNAL MODULE: ./src/core/backup/plan.ts
var plan = __webpack_require__(7547);
;// CONCATENATED MODULE: ./src/core/backup/facts.ts
/** What a backup needs to know before it plans: the destination and the server. Reads only. */








/** The destination and the server: nothing is written until both are known good. */
async function gatherBackupFacts(settings, deps, reporter) {
    const now = (deps.now ?? (() => new Date()))();
    const kind = settings.format === 'directory' ? 'Output directory' : 'Output file';
    const output = (0,plan/* backupOutputPath */.pw)(settings, now);
    if (settings.bucket?.mode !== 'stream') {
        await (0,fs/* checkWritableDirectory */.w2)((0,external_node_path_.dirname)(output));
        (0,fs/* checkNotExisting */.nh)(output, settings.overwrite, kind);
    }
    // The S3 client is loaded only for a backup that goes to a bucket.
    if (settings.bucket)
        await (await __webpack_require__.e(/* import() */ 990).then(__webpack_require__.bind(__webpack_require__, 2990))).checkBucketDestination(settings, now, reporter);
    const conn = settings.connection;
    return reporter.step(`Connect to ${(0,pg/* describeConnection */.If)(conn)}`, async () => {
        const tools = { binDir: settings.pgBinDir, env: deps.env };
        // Both looked for at once; pg_dump's verdict first: without client tools, the spec's error
        // names it ("Required command not found: pg_dump").
        const [anyPgDump, anyPsql] = [(0,pg_tools/* requireTool */.Y0)('pg_dump', undefined, tools), (0,pg_tools/* requireTool */.Y0)('psql', undefined, tools)];
        anyPsql.catch(() => { });
        await anyPgDump;
        const psql = await anyPsql;
        const { server, held } = await probe(psql.path, settings, deps.env);
        const pgDump = await (0,pg_tools/* requireTool */.Y0)('pg_dump', server.major, tools).catch((e) => {
            held.session?.kill();
            throw e;
        });
        reporter.info(`Server PostgreSQL ${server.version}${server.inRecovery ? ' (standby)' : ''}; using ${pgDump.path} (${pgDump.version})`);
        return {
            now,
            server,
            pgDump,
            psqlPath: psql.path,
            freeBytes: (0,fs/* freeBytes */.go)((0,external_node_path_.dirname)(output)),
            cores: (0,external_node_os_.availableParallelism)(),
            tempTag: (0,fs/* ownedTag */.y7)(),
            held,
            ...(settings.compression === 'gzip' ? { igzip: (0,gzip_tool/* findIgzip */.RS)(deps.env) } : {}),
        };
    });
}
/**
 * Probes the server in the session the run then uses for its snapshot, counts and roles: one
 * psql started and one connection made fewer before pg_dump starts. A server that refuses
 * pg_control_system() fails the session's first query (psql stops on an error): the probe then
 * asks again the one-shot way, and the run opens its own session as before.
 */
async function probe(psqlPath, settings, env) {
    const conn = settings.connection;
    const session = new pg/* PsqlSession */.f6(psqlPath, conn, env, settings.database);
    try {
        return { server: await (0,pg/* probeServer */._D)(session, settings.database), held: { session } };
    }
    catch (e) {
        session.kill();
        if (!(e instanceof errors/* AzaError */.TF && e.code === 'SQL_FAILED'))
            throw e;
        return { server: await (0,pg/* probeServer */._D)((0,pg/* psqlClient */.Io)(psqlPath, conn, env), settings.database), held: { session: undefined } };
    }
}

// EXTERNAL MODULE: ./src/core/report.ts
var report = __webpack_require__(8557);
// EXTERNAL MODULE: ./src/core/rowcounts.ts
var rowcounts = __webpack_require__(2007);
;// CONCATENATED MODULE: ./src/core/backup/report.ts
/** What a finished backup tells: the action outputs and the summary table both faces print. */



function backupOutputs(r) {
    return {
        path: r.path,
        'manifest-path': r.manifestPath,
        'size-bytes': r.sizeBytes,
        sha256: r.sha256,
        'duration-seconds': r.durationSeconds.toFixed(3),
        'artifact-id': r.artifact?.id,
        'object-url': r.bucket?.objectUrl,
        'manifest-url': r.bucket?.manifestUrl,
    };
}
function backupSummary(r) {
    const m = r.manifest;
    const server = r.plan.server;
    const host = r.plan.connection.host;
    const ratio = m.uncompressedBytes ? `${(m.uncompressedBytes / Math.max(1, m.sizeBytes)).toFixed(2)}x` : 'n/a (archive format)';
    const throughputBase = m.uncompressedBytes ?? m.sizeBytes;
    const rows = [
        ['Database', `${m.database} on ${host}`],
        ['Server', `PostgreSQL ${server.version}${server.inRecovery ? ' (standby)' : ''}`],
        ['pg_dump', m.pgDump.version],
        ['Format', `${m.format}, ${m.compression}${m.compressionLevel !== null ? ` level ${m.compressionLevel}` : ''}`],
        ['File', r.path],
        ['Size', (0,report/* formatBytes */.z3)(m.sizeBytes)],
        ['Ratio', ratio],
        ['Duration', (0,report/* formatSeconds */.Xo)(r.durationSeconds)],
        ['Throughput', `${(0,report/* formatBytes */.z3)(throughputBase / Math.max(r.writeSeconds, 0.001))}/s`],
        ['SHA-256', m.sha256],
        ['Tables', String(m.tables.length)],
        ['Rows', m.rowCounts === 'none' ? 'not counted' : `${(0,rowcounts/* totalRows */.wh)(m.tables)} (${m.rowCounts})`],
    ];
    if (m.signature)
        rows.push(['Signature', `${m.signature.algorithm}, key ${m.signature.keyId}`]);
    if (r.artifact)
        rows.push(['Artifact', r.artifact.url ?? `id ${r.artifact.id}`]);
    if (r.bucket && r.bucket.objectUrl !== r.path)
        rows.push(['Object', r.bucket.objectUrl]);
    return {
        title: `Backup of ${m.database}`,
        rows,
        notes: [
            `Restore with: aza-pg restore ${r.bucket && r.bucket.objectUrl === r.path ? r.path : (0,external_node_path_.basename)(r.path)} ${m.database}`,
            `Manifest: ${r.bucket && r.bucket.objectUrl === r.path ? r.manifestPath : (0,external_node_path_.basename)(r.manifestPath)}`,
        ],
    };
}
/** A dry run's outputs: where the backup would go. */
function plannedBackupOutputs(plan) {
    return {
        path: plan.finalPath,
        'manifest-path': '',
        'size-bytes': 0,
        sha256: '',
        'duration-seconds': '0.000',
        'artifact-id': undefined,
        'object-url': plan.bucket?.objectUrl,
        'manifest-url': undefined,
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/core/exec.ts + 2 modules
var exec = __webpack_require__(4551);
// EXTERNAL MODULE: ./src/core/leftovers.ts
var leftovers = __webpack_require__(1015);
// EXTERNAL MODULE: ./src/core/file-set.ts
var file_set = __webpack_require__(4300);
// EXTERNAL MODULE: ./src/core/compress.ts
var compress = __webpack_require__(1983);
// EXTERNAL MODULE: ./src/core/manifest.ts
var core_manifest = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/core/operation.ts
var operation = __webpack_require__(5018);
// EXTERNAL MODULE: ./src/core/roles.ts
var core_roles = __webpack_require__(3782);
// EXTERNAL MODULE: ./src/core/version.ts
var version = __webpack_require__(3323);
// EXTERNAL MODULE: ./src/core/lock.ts
var core_lock = __webpack_require__(6336);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/core/backup/readback.ts
/**
 * The backup's read-back: every byte of the written file is read again, hashed and decompressed
 * in full (zstd's frame checksum, gzip's CRCs), and the dump must end with pg_dump's end marker.
 *
 * For the plain stream writers the read-back follows the temp file while it grows: those writers
 * only append, so the bytes below the file's current size are final and can be checked while the
 * dump still runs. When the writer has finished and fsynced, only its last bytes remain to read.
 */










/**
 * How long the follower waits before looking again for bytes the writer has not written yet: it
 * backs off while nothing comes (few wake-ups, larger reads) and the writer's end wakes it at once.
 */
const POLL_MIN_MS = 8;
const POLL_MAX_MS = 64;
/**
 * The follower's reads: small enough that a chunk has left the process before two pacing
 * collections (see memory.ts), so it dies young. 1 MiB reads peaked at 74-77 MiB on the mixed
 * dataset, 256 KiB at 68-72, in the same time.
 */
const READ_CHUNK = 256 * 1024;
/**
 * Reads a file that a writer is still appending to. A read waits until the bytes it asks for are
 * there; once the writer's final size is known, reading stops exactly there.
 */
class GrowingFile {
    path;
    fh;
    finalSize;
    stopped;
    wake;
    pollMs = POLL_MIN_MS;
    /** Set when the file turned out shorter than the writer said: the cause of whatever failed after. */
    short;
    constructor(path) {
        this.path = path;
    }
    /** The writer finished (and fsynced) the file at this size. */
    end(sizeBytes) {
        this.finalSize = sizeBytes;
        this.wake?.();
    }
    /** Makes every pending and later read fail with `reason` (the dump failed). */
    stop(reason) {
        this.stopped = reason;
        this.wake?.();
    }
    /** Resolves when the writer made progress or after a short poll interval. */
    async waitForWriter() {
        if (this.stopped)
            throw this.stopped;
        await new Promise((resolve) => {
            const timer = setTimeout(done, this.pollMs);
            this.pollMs = Math.min(POLL_MAX_MS, this.pollMs * 2);
            function done() {
                clearTimeout(timer);
                resolve();
            }
            this.wake = done;
        });
        this.wake = undefined;
        if (this.stopped)
            throw this.stopped;
    }
    /** Reads up to `length` bytes at `offset` into `buf`, waiting for the writer; 0 only at the final end. */
    async read(buf, length, offset) {
        for (;;) {
            if (this.stopped)
                throw this.stopped;
            this.fh ??= await external_node_fs_.promises.open(this.path, 'r');
            const final = this.finalSize;
            const want = final === undefined ? length : Math.min(length, final - offset);
            if (want <= 0)
                return 0;
            const { bytesRead } = await this.fh.read(buf, 0, want, offset);
            if (bytesRead > 0) {
                this.pollMs = POLL_MIN_MS;
                return bytesRead;
            }
            if (final !== undefined) {
                this.short = new Error(`the file ends at byte ${offset}, before the ${final} bytes written`);
                throw this.short;
            }
            await this.waitForWriter();
        }
    }
    /** The whole file in order, as a stream, to its final size. */
    stream() {
        return external_node_stream_.Readable.from(this.chunks(), { objectMode: false });
    }
    async *chunks() {
        let offset = 0;
        let buf = Buffer.allocUnsafe(READ_CHUNK);
        for (;;) {
            const n = await this.read(buf, READ_CHUNK, offset);
            if (n === 0)
                return;
            offset += n;
            // A read of less than half the buffer is copied out and the buffer kept for the next one; a
            // larger one is handed on. (Handing on every read left a 1 MiB buffer of garbage per poll.)
            if (n < READ_CHUNK / 2) {
                yield Buffer.from(buf.subarray(0, n));
            }
            else {
                yield buf.subarray(0, n);
                buf = Buffer.allocUnsafe(READ_CHUNK);
            }
        }
    }
    async close() {
        await this.fh?.close().catch(() => { });
        this.fh = undefined;
    }
}
/** Starts reading back a plain dump (gzip, zstd or uncompressed) while it is written to `path`. */
function followWritten(plan, path) {
    const file = new GrowingFile(path);
    const checked = readPlain(plan, file);
    checked.catch(() => { }); // awaited by finish(), or settled by stop()
    return {
        async finish(sizeBytes) {
            file.end(sizeBytes);
            try {
                return checkEnd(await checked.catch(notDecompressed));
            }
            finally {
                await file.close();
            }
        },
        async stop() {
            file.stop(new Error('the dump failed'));
            await checked.catch(() => { });
            await file.close();
        },
    };
}
async function readPlain({ integrity, igzip }, file) {
    const measured = new compress/* MeasureStream */.jU();
    const tail = new compress/* TailSink */.kp();
    const stages = [
        { kind: 'source', name: 'read', stream: file.stream() },
        { kind: 'transform', name: 'sha256', stream: measured },
    ];
    // The decompressor runs as a child and its output reaches only `tail`, through kernel pipes: the
    // dump's hundreds of MiB never become buffers in this process (in-process zlib left up to its
    // output's worth of garbage between collections: 88-98 MiB peak instead of 60-80).
    let says = '';
    if (integrity === 'gunzip') {
        // gzip checks every member's CRC and length; dd counts the dump's bytes on their way to tail
        // ("N bytes … copied"). The inflater is igzip, pigz or gzip (gzip-tool.ts).
        stages.push((0,gzip_tool/* gunzipProcess */.bx)(igzip, process.env.PATH), { kind: 'process', cmd: 'dd', args: ['bs=1048576'], env: { ...process.env, LC_ALL: 'C' } }, { kind: 'process', cmd: 'tail', args: ['-c', '4096'] });
    }
    if (integrity === 'zstd') {
        // zstd decompresses in full (checking its frame checksum) straight into tail, through a
        // kernel pipe; -v makes it end with "<name> : <bytes> bytes", the size of the dump.
        stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-v', '-c'] }, { kind: 'process', cmd: 'tail', args: ['-c', '4096'] });
    }
    const counter = integrity === 'zstd' ? 'zstd' : 'dd';
    try {
        await (0,exec/* runPipeline */.aI)(stages, tail, { onStderr: (stage, text) => stage === counter && (says = `${says}${text}`.slice(-4096)) });
    }
    catch (e) {
        // A file shorter than written also cuts the decompressor's input: whichever failure the
        // pipeline saw first, the short file is the cause.
        throw file.short ?? e;
    }
    // zstd: "<name> : <bytes> bytes"; dd: "<bytes> bytes (…) copied" (GNU) or "<bytes> bytes transferred" (BSD).
    const decoded = /(\d+) bytes\b[^\n]*\s*$/.exec(says);
    const uncompressedBytes = integrity === 'plain' ? tail.bytes : decoded ? Number(decoded[1]) : undefined;
    return { sizeBytes: measured.bytes, sha256: measured.sha256(), tail: tail.text(), uncompressedBytes };
}
function notDecompressed(e) {
    throw new errors/* AzaError */.TF('INTEGRITY_FAILED', `The written backup does not decompress: ${(0,errors/* toAzaError */.mu)(e).message}`, 'The file is damaged; take the backup again.', {
        cause: e,
    });
}
function checkEnd(checked) {
    if (!checked.tail.includes(compress/* PLAIN_DUMP_END_MARKER */.nq)) {
        throw new errors/* AzaError */.TF('INTEGRITY_FAILED', 'The written dump is incomplete: it lacks pg_dump\'s "dump complete" line', 'pg_dump stopped early; check its errors and take the backup again.');
    }
    const { sizeBytes, sha256, uncompressedBytes } = checked;
    return { sizeBytes, sha256, ...(uncompressedBytes !== undefined ? { uncompressedBytes } : {}) };
}
/** Reads the written output back in full: decompresses it and checks that the dump is complete. */
async function verifyWritten(plan, env) {
    if (plan.integrity === 'pg_restore')
        return verifyArchive(plan, env);
    const readBack = followWritten(plan, plan.tempPath);
    return readBack.finish((0,external_node_fs_.statSync)(plan.tempPath).size);
}
async function verifyArchive(plan, env) {
    const pgRestore = (0,external_node_path_.join)(plan.pgDumpPath, '..', 'pg_restore');
    // pg_restore reads every entry and decompresses all data to produce the script.
    const restoreCheck = (0,exec/* run */.eF)(pgRestore, ['--file=/dev/null', plan.tempPath], { env }).catch((e) => {
        throw new errors/* AzaError */.TF('INTEGRITY_FAILED', `The written archive does not read back: ${(0,errors/* toAzaError */.mu)(e).message}`, 'The dump is damaged; take the backup again.');
    });
    if (plan.format === 'directory') {
        await (0,fs/* fsyncTree */.iH)(plan.tempPath);
        const files = [];
        for (const name of (await external_node_fs_.promises.readdir(plan.tempPath)).sort()) {
            const p = (0,external_node_path_.join)(plan.tempPath, name);
            files.push({ path: (0,external_node_path_.relative)(plan.tempPath, p), sizeBytes: (0,external_node_fs_.statSync)(p).size, sha256: await (0,fs/* sha256File */.Q3)(p) });
        }
        await restoreCheck;
        return {
            files,
            sizeBytes: files.reduce((s, f) => s + f.sizeBytes, 0),
            sha256: (0,external_node_crypto_.createHash)('sha256').update((0,core_manifest/* directoryDigestInput */.ak)(files)).digest('hex'),
        };
    }
    await (0,fs/* fsyncPath */.Hr)(plan.tempPath);
    const [sha256] = await Promise.all([(0,fs/* sha256File */.Q3)(plan.tempPath), restoreCheck]);
    return { sizeBytes: (0,external_node_fs_.statSync)(plan.tempPath).size, sha256 };
}

;// CONCATENATED MODULE: ./src/core/backup/run.ts
/**
 * runBackup carries a backup plan out: dump -> temp file -> fsync -> read-back check -> publish ->
 * manifest last. Any failure or interrupt removes the temp output.
 */



















/** A backup smaller than this is suspicious: an empty database, a wrong name or missing grants. */
const SMALL_BACKUP_BYTES = 1024;
/**
 * Carries a backup plan out: dump -> temp file -> fsync -> read-back check -> publish -> manifest
 * last. Any failure or interrupt removes the temp output.
 */
async function runBackup(plan, deps, reporter) {
    const started = new Date((deps.now ?? (() => new Date()))().getTime());
    const t0 = performance.now();
    const conn = plan.connection;
    const server = plan.server;
    const psqlPath = plan.psqlPath;
    const secrets = (0,pg/* connectionSecrets */.K$)(conn);
    const streamed = plan.bucket?.mode === 'stream';
    // One backup per file at a time; then what killed backups left in the directory goes. (A
    // streamed backup has no file: the store's If-None-Match keeps two from writing one object.)
    const lock = streamed ? undefined : (0,core_lock/* acquireLock */.I)(plan.finalPath, 'backup');
    if (!streamed)
        (0,leftovers/* cleanLeftovers */.Kz)(plan.outputDir, reporter);
    // The S3 client is loaded only for a backup that goes to a bucket.
    const bucket = plan.bucket ? new (await __webpack_require__.e(/* import() */ 990).then(__webpack_require__.bind(__webpack_require__, 2990))).BucketWriter(plan) : undefined;
    // 3. One snapshot for the dump and the row counts, in the session gather probed the server in
    // when it is still open (the run owns it from here).
    let session = plan.held?.session;
    if (plan.held)
        plan.held.session = undefined;
    let snapshot = null;
    const removeTemp = (0,exec/* onInterrupt */.nA)(() => {
        session?.kill();
        (0,fs/* removeQuietly */.S2)(plan.tempPath);
    });
    try {
        if (plan.rowCounts !== 'none') {
            session ??= new pg/* PsqlSession */.f6(psqlPath, conn, deps.env, plan.database);
            await session.query(`BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; ${(0,rowcounts/* countBesideDumpSettings */.Xl)(server.versionNum)}`);
            try {
                snapshot = (await session.query('SELECT pg_export_snapshot()'))[0]?.[0] ?? null;
            }
            catch (e) {
                reporter.warn(`Could not export a snapshot (${(0,errors/* toAzaError */.mu)(e).message}); row counts are taken after the dump and may differ from it.`);
                session.kill();
                session = new pg/* PsqlSession */.f6(psqlPath, conn, deps.env, plan.database);
            }
        }
        // Counted in the dump's snapshot while pg_dump runs: the server counts as the dump streams.
        const early = snapshot && session ? (0,rowcounts/* countRows */.BO)((sql) => session.query(sql), plan.rowCounts) : undefined;
        early?.catch(() => { }); // awaited with the read-back below; a failed dump reports first
        // The roles too, in the dump's snapshot where there is one (a role dropped meanwhile is still
        // named by the dump); without row counts, in the probe's session.
        const rolesSession = snapshot || plan.rowCounts === 'none' ? session : undefined;
        const rolesEarly = rolesSession ? (0,core_roles/* referencedRoles */.V)((sql) => rolesSession.query(sql)) : undefined;
        rolesEarly?.catch(() => { });
        // 4. Dump into the temp file.
        const dumpArgs = snapshot ? [...plan.pgDumpArgs, `--snapshot=${snapshot}`] : plan.pgDumpArgs;
        const dumpStart = performance.now();
        const written = await reporter.step(`Dump ${plan.database} (${plan.format}, ${compressionLabel(plan)})`, () => writeDump(plan, dumpArgs, (0,pg/* libpqEnv */.kY)(conn, deps.env, plan.database), secrets, reporter, bucket));
        const writeSeconds = (performance.now() - dumpStart) / 1000;
        // 5. Prove the file readable while counting rows in the same snapshot.
        const [check, tables, roles] = await reporter.step('Verify the written backup and count rows', async () => {
            const rolesFrom = rolesEarly ? undefined : (session ?? new pg/* PsqlSession */.f6(psqlPath, conn, deps.env, plan.database));
            const [check, tables, roles] = await Promise.all([
                streamed
                    ? bucket.readBack(plan.integrity, deps.env)
                    : written.readBack
                        ? written.readBack.followed.finish(written.readBack.sizeBytes)
                        : verifyWritten(plan, deps.env),
                early ?? (session ? (0,rowcounts/* countRows */.BO)((sql) => session.query(sql), plan.rowCounts) : Promise.resolve([])),
                rolesEarly ??
                    (0,core_roles/* referencedRoles */.V)((sql) => rolesFrom.query(sql)).finally(() => (rolesFrom === session ? undefined : rolesFrom.close())),
            ]);
            if (written.sha256 && check.sha256 !== written.sha256) {
                throw new errors/* AzaError */.TF('INTEGRITY_FAILED', `The backup read back differs from what was written (sha256 ${check.sha256} != ${written.sha256})`, 'The disk or file system corrupted the data; check the storage (dmesg) and take the backup again.');
            }
            return [check, tables, roles];
        });
        if (plan.rowCounts !== 'none')
            await session?.query('COMMIT');
        await session?.close();
        session = undefined;
        if (check.sizeBytes < SMALL_BACKUP_BYTES || (plan.rowCounts !== 'none' && tables.length === 0)) {
            reporter.warn(`Backup size unexpectedly small (${(0,report/* formatBytes */.z3)(check.sizeBytes)}, ${tables.length} tables). Possible causes: an empty database (check with psql -l), a wrong database name, or insufficient permissions (check the user's grants).`);
        }
        // 6. Publish: data first, the manifest last as the completion marker.
        const finished = new Date(started.getTime() + (performance.now() - t0));
        const unsigned = {
            manifestVersion: 1,
            tool: { name: 'aza-pg', version: version/* AZA_PG_VERSION */.o },
            file: (0,external_node_path_.basename)(plan.finalPath),
            format: plan.format,
            compression: plan.compression,
            compressionLevel: plan.compressionLevel,
            sizeBytes: check.sizeBytes,
            sha256: check.sha256,
            ...(check.files ? { files: check.files } : {}),
            uncompressedBytes: written.uncompressedBytes ?? ('uncompressedBytes' in check ? check.uncompressedBytes : undefined) ?? null,
            startedAt: started.toISOString(),
            finishedAt: finished.toISOString(),
            database: plan.database,
            server: { version: server.version, versionNum: server.versionNum, systemIdentifier: server.systemIdentifier ?? null },
            pgDump: { version: written.pgDumpVersion },
            snapshot,
            rowCounts: plan.rowCounts,
            tables,
            roles,
            privileges: plan.privileges,
        };
        const manifest = plan.signingKey ? (0,signing/* signManifest */.TX)(unsigned, plan.signingKey) : unsigned;
        if (streamed) {
            await reporter.step(`Write the manifest object ${plan.manifestPath}`, () => bucket.putManifest((0,core_manifest/* serializeManifest */.MZ)(manifest)));
        }
        else {
            await reporter.step('Publish', async () => {
                if (plan.overwrite)
                    await external_node_fs_.promises.rm(plan.manifestPath, { force: true });
                await (0,fs/* publish */.mk)(plan.tempPath, plan.finalPath, plan.overwrite);
                (0,file_set/* writeFileAtomic */.Zf)(plan.manifestPath, (0,core_manifest/* serializeManifest */.MZ)(manifest));
            });
            removeTemp();
            if (bucket)
                await copyToBucket(plan, bucket, manifest, reporter, deps.env);
        }
        let artifact;
        if (plan.upload) {
            const artifacts = (0,operation/* needArtifacts */.SY)(deps, 'Artifact upload is only available in the GitHub action', 'Use the aza-pg/backup action with upload-artifact: true.');
            const files = plan.format === 'directory' ? [...(check.files ?? []).map((f) => (0,external_node_path_.join)(plan.finalPath, f.path))] : [plan.finalPath];
            const uploaded = await reporter.step(`Upload artifact ${plan.upload.name}`, () => artifacts.upload({
                name: plan.upload.name,
                files: [...files, plan.manifestPath],
                rootDirectory: plan.outputDir,
                ...(plan.upload.retentionDays ? { retentionDays: plan.upload.retentionDays } : {}),
            }));
            artifact = { id: uploaded.id, ...(uploaded.url ? { url: uploaded.url } : {}) };
        }
        const durationSeconds = (performance.now() - t0) / 1000;
        const result = {
            plan,
            path: plan.finalPath,
            manifestPath: plan.manifestPath,
            sizeBytes: check.sizeBytes,
            sha256: check.sha256,
            durationSeconds,
            writeSeconds,
            manifest,
            ...(artifact ? { artifact } : {}),
            ...(plan.bucket ? { bucket: { objectUrl: plan.bucket.objectUrl, manifestUrl: plan.bucket.manifestUrl } } : {}),
        };
        return result;
    }
    catch (e) {
        session?.kill();
        if (!streamed)
            (0,fs/* removeQuietly */.S2)(plan.tempPath);
        await bucket?.discard();
        throw e;
    }
    finally {
        removeTemp();
        bucket?.close();
        lock?.release();
    }
}
/** Upload mode: the published local file goes to the bucket, is read back and compared, then its manifest. */
async function copyToBucket(plan, bucket, manifest, reporter, env) {
    const b = plan.bucket;
    try {
        await reporter.step(`Upload to ${b.objectUrl}`, () => bucket.uploadFile(plan.finalPath, manifest.sizeBytes, reporter));
        const back = await reporter.step(`Read back ${b.objectUrl}`, () => bucket.readBack(plan.integrity, env));
        if (back.sha256 !== manifest.sha256 || back.sizeBytes !== manifest.sizeBytes) {
            throw new errors/* AzaError */.TF('INTEGRITY_FAILED', `The object read back from ${b.objectUrl} differs from the local backup (sha256 ${back.sha256}, ${back.sizeBytes} bytes; expected ${manifest.sha256}, ${manifest.sizeBytes} bytes)`, 'The store or the network corrupted the data; the object was deleted. Check the store and take the backup again.');
        }
        await reporter.step(`Write the manifest object ${b.manifestUrl}`, () => bucket.putManifest((0,core_manifest/* serializeManifest */.MZ)(manifest)));
    }
    catch (e) {
        const err = (0,errors/* toAzaError */.mu)(e);
        throw new errors/* AzaError */.TF(err.code, `The local backup ${plan.finalPath} is complete, but its copy to ${b.objectUrl} failed: ${err.message}`, err.hint, { cause: e });
    }
}
async function writeDump(plan, args, env, secrets, reporter, bucket) {
    const pgDumpVersion = plan.pgDumpVersion;
    if (plan.writer.kind === 'pg_dump-file') {
        // pg_dump writes archives itself (they need a seekable file); umask 077 makes them 0600 from creation.
        try {
            await (0,exec/* run */.eF)(plan.pgDumpPath, args, { env, umask: 0o077, secrets });
        }
        catch (e) {
            throw dumpError(e, plan);
        }
        return { sha256: undefined, uncompressedBytes: null, pgDumpVersion };
    }
    const c = plan.writer.compressor;
    const dump = { kind: 'process', cmd: plan.pgDumpPath, args, env, stdoutBuffer: PG_DUMP_STDOUT_BUFFER };
    const opts = {
        secrets,
        onStderr: (stage, text) => stage === 'pg_dump' && /warning/i.test(text) && reporter.warn(text.trim()),
    };
    if (plan.bucket?.mode !== 'stream')
        return writeThroughKernel(plan, [dump, ...kernelCompressor(c)], opts, reporter);
    // Into a bucket: through us, counted and hashed on the way to the multipart upload.
    const raw = new compress/* CountStream */.y6();
    const measured = new compress/* MeasureStream */.jU((n) => reporter.progress(n));
    const stages = [
        dump,
        { kind: 'transform', name: 'count', stream: raw },
        ...(c.kind === 'gzip'
            ? [{ kind: 'transform', name: 'gzip', stream: new compress/* ParallelGzip */.mX({ level: c.level }), freshBuffers: true }]
            : kernelCompressor(c)),
        { kind: 'transform', name: 'sha256', stream: measured },
    ];
    try {
        await bucket.streamDump(stages, opts, reporter);
    }
    catch (e) {
        throw dumpError(e, plan);
    }
    return { sha256: measured.sha256(), uncompressedBytes: raw.bytes, pgDumpVersion };
}
/**
 * pg_dump's stdout buffer: by default its plain SQL leaves in 4 KiB writes (119k for a 465 MiB
 * dump), each one waking the compressor or the file's writer; 1 MiB writes cut the CPU of the
 * whole zstd backup by about a quarter on pgbench (A/B, same bytes written).
 */
const PG_DUMP_STDOUT_BUFFER = 1024 * 1024;
/** "gzip 1 (igzip)", "zstd 3", "uncompressed": how the dump step names its compression. */
function compressionLabel(plan) {
    if (plan.compressionLevel === null)
        return plan.compression === 'none' ? 'uncompressed' : plan.compression;
    const igzip = plan.writer.kind === 'stream' && plan.writer.compressor.kind === 'igzip';
    return `${plan.compression} ${plan.compressionLevel}${igzip ? ' (igzip)' : ''}`;
}
/** The compressor process after pg_dump (none when pg_dump's output is already what is kept). */
function kernelCompressor(c) {
    // A local file's gzip is igzip's or pg_dump's own (see planBackup); our in-process gzip only feeds a bucket.
    if (c.kind === 'gzip')
        throw new errors/* AzaError */.TF('INTERNAL', 'An in-process gzip is planned only for a dump streamed into a bucket');
    if (c.kind === 'igzip')
        return [(0,gzip_tool/* igzipStage */.y7)(c.path, c.level)];
    return c.kind === 'zstd' ? [{ kind: 'process', cmd: 'zstd', args: ['-q', '-c', `-${c.level}`, '-T0', '--check'] }] : [];
}
/**
 * pg_dump [| zstd] into the temp file through kernel pipes: no byte passes through us. The
 * read-back follows the file as it grows, hashes it and decompresses it in full (zstd checks its
 * frame checksum).
 */
async function writeThroughKernel(plan, stages, opts, reporter) {
    const fh = await (0,fs/* createPrivateFile */.aP)(plan.tempPath);
    let sizeBytes;
    const progress = setInterval(() => void fh.stat().then((st) => reporter.progress(st.size), () => { }), 250);
    const writing = (0,exec/* runPipeline */.aI)(stages, { fd: fh.fd }, opts);
    // Started after the writer's processes, so pg_dump does not wait for the read-back's.
    const followed = followWritten(plan, plan.tempPath);
    try {
        await writing;
        await fh.sync();
        sizeBytes = (await fh.stat()).size;
    }
    catch (e) {
        await followed.stop();
        throw dumpError(e, plan);
    }
    finally {
        clearInterval(progress);
        await fh.close().catch(() => { });
    }
    return { sha256: undefined, uncompressedBytes: null, pgDumpVersion: plan.pgDumpVersion, readBack: { followed, sizeBytes } };
}
function dumpError(e, plan) {
    const code = e.code;
    const text = e instanceof Error ? e.message : String(e);
    if (code === 'ENOSPC' || code === 'EDQUOT' || /No space left on device/.test(text))
        return (0,fs/* diskFullError */.vB)(plan.tempPath, e);
    const err = (0,errors/* toAzaError */.mu)(e);
    // igzip says only "Error encountered while writing": the file system's free space tells why.
    if (err.code === 'COMMAND_FAILED' && /^igzip/.test(err.message) && ((0,fs/* freeBytes */.go)((0,external_node_path_.dirname)(plan.tempPath)) ?? Infinity) < 1024 * 1024)
        return (0,fs/* diskFullError */.vB)(plan.tempPath, e);
    if (err.code === 'COMMAND_FAILED' && /^pg_dump/.test(err.message)) {
        return new errors/* AzaError */.TF('DUMP_FAILED', `Backup failed, no file was written: ${err.message}`, 'Check the pg_dump error above; the partial output was removed.', { cause: e });
    }
    return err;
}

// EXTERNAL MODULE: ./src/core/backup/settings.ts + 1 modules
var backup_settings = __webpack_require__(8604);
;// CONCATENATED MODULE: ./src/core/backup/index.ts








const backup = {
    name: 'backup',
    description: 'Back up a database with pg_dump into a verified, compressed file with a manifest.',
    branding: { icon: 'database', color: 'blue' },
    options: backup_settings/* BACKUP_OPTIONS */.mT,
    outputSpecs: [
        { name: 'path', description: 'Path of the backup file (or directory, for the directory format)' },
        { name: 'manifest-path', description: 'Path of the manifest written beside it (<file>.manifest.json), the completion marker' },
        { name: 'size-bytes', description: 'Size of the backup in bytes' },
        { name: 'sha256', description: 'SHA-256 of the backup file (directory format: of its sorted per-file checksums)' },
        { name: 'duration-seconds', description: 'Duration of the whole backup in seconds' },
        { name: 'artifact-id', description: 'Id of the uploaded workflow artifact (when upload-artifact is true)' },
        { name: 'object-url', description: 's3:// URL of the backup object (with an s3:// output)' },
        { name: 'manifest-url', description: 's3:// URL of its manifest object, written last (with an s3:// output)' },
    ],
    cli: {
        usage: 'aza-pg backup [database] [output] [options]',
        examples: [
            'aza-pg backup                                  # database postgres, auto-named .sql.gz',
            'aza-pg backup mydb backup.sql.gz',
            'aza-pg backup mydb --format directory --jobs 4',
            'AWS_ENDPOINT_URL=https://minio.example.com aza-pg backup mydb s3://backups/postgresql/ --s3-mode stream',
            'PGHOST=db.example.com PGUSER=admin PGPASSWORD=secret aza-pg backup production prod_backup.sql.gz',
        ],
        done: (r) => `✓ Backup written: ${r.path}`,
    },
    settings: backup_settings/* backupSettings */.cg,
    secrets: (s) => [
        ...(0,pg/* connectionSecrets */.K$)(s.connection),
        ...(0,signing/* keySecrets */.PZ)(s.signingKey ? [s.signingKey] : []),
        ...(0,settings/* objectStoreSecrets */.au)(s.bucket?.store),
    ],
    gather: gatherBackupFacts,
    plan: plan/* planBackup */.W6,
    describe: plan/* describeBackup */._1,
    run: runBackup,
    outputs: backupOutputs,
    plannedOutputs: plannedBackupOutputs,
    summary: backupSummary,
    // No session waits idle on the server while a person answers; the run opens its own then.
    beforePrompt: (facts) => closeHeld(facts),
    release: (facts) => closeHeld(facts),
};
function closeHeld(facts) {
    const session = facts.held?.session;
    if (!facts.held || !session)
        return;
    facts.held.session = undefined;
    void session.close().catch(() => { });
}




/***/ }),

/***/ 7547:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VP: () => (/* binding */ bucketKeys),
/* harmony export */   W6: () => (/* binding */ planBackup),
/* harmony export */   _1: () => (/* binding */ describeBackup),
/* harmony export */   df: () => (/* binding */ describePlan),
/* harmony export */   pw: () => (/* binding */ backupOutputPath)
/* harmony export */ });
/* unused harmony export extensionFor */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9892);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8616);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4414);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8557);
/* harmony import */ var _object_store_url_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3226);
/* harmony import */ var _gzip_tool_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(542);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8604);
/**
 * planBackup decides everything a backup will do (names, pg_dump arguments, compression,
 * checks) from settings and facts. It is pure: printing a plan is how --dry-run works.
 */








function extensionFor(format, compression) {
    if (format === 'custom')
        return '.dump';
    if (format === 'directory')
        return '.dir';
    return compression === 'gzip' ? '.sql.gz' : compression === 'zstd' ? '.sql.zst' : '.sql';
}
/** Where the backup goes: the output given, or the auto name for `now` in the output directory. */
function backupOutputPath(settings, now) {
    return settings.output ?? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(settings.outputDir, autoName(settings, now));
}
function autoName(settings, now) {
    return (0,_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .backupFileName */ .iP)(settings.database, now, extensionFor(settings.format, settings.compression));
}
/** The key of the data object in the bucket (the auto name under a prefix) and of its manifest. */
function bucketKeys(settings, now) {
    const b = settings.bucket;
    if (!b)
        return undefined;
    // In upload mode the object is named as the local file is; in stream mode as it would be.
    const key = (0,_object_store_url_js__WEBPACK_IMPORTED_MODULE_5__/* .isPrefix */ .RW)(b.url) ? (0,_object_store_url_js__WEBPACK_IMPORTED_MODULE_5__/* .joinKey */ .ID)(b.url.key, (0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(backupOutputPath(settings, now))) : b.url.key;
    return { key, manifestKey: (0,_manifest_js__WEBPACK_IMPORTED_MODULE_3__/* .manifestPathFor */ .ev)(key) };
}
function planBackup(settings, facts) {
    const { format, compression } = settings;
    const warnings = [];
    const bucket = bucketPlan(settings, facts);
    const streamed = bucket?.mode === 'stream';
    // Streamed, the backup's only place is the object: messages and outputs name its URL.
    const finalPath = streamed ? bucket.objectUrl : backupOutputPath(settings, facts.now);
    const outputDir = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.dirname)(backupOutputPath(settings, facts.now));
    const dbSize = facts.server.databaseSizeBytes;
    if (!streamed && facts.freeBytes !== undefined && dbSize !== undefined && facts.freeBytes < dbSize / 2) {
        warnings.push(`Only ${(0,_report_js__WEBPACK_IMPORTED_MODULE_4__/* .formatBytes */ .z3)(facts.freeBytes)} free in ${outputDir} for a database of ${(0,_report_js__WEBPACK_IMPORTED_MODULE_4__/* .formatBytes */ .z3)(dbSize)}; the backup may not fit (df -h ${outputDir}).`);
    }
    const expected = extensionFor(format, compression);
    if (settings.output && format !== 'directory' && !finalPath.endsWith(expected)) {
        warnings.push(`The output name ${(0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(finalPath)} does not end in ${expected}, the usual name for ${format} format with ${compression} compression.`);
    }
    const common = ['--no-password'];
    let pgDumpArgs;
    let writer;
    let integrity;
    let level;
    const tempPath = (0,_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .tempPathFor */ .FD)(finalPath, facts.tempTag);
    if (format === 'plain') {
        // Plain SQL moves across environments: ownership and grants are left out (spec), unless asked to keep them.
        pgDumpArgs = [...common, '--format=plain', ...(settings.privileges ? [] : ['--no-owner', '--no-acl'])];
        if (compression === 'gzip') {
            level = settings.compressionLevel ?? _settings_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_GZIP_LEVEL */ .Ey;
            if (streamed)
                writer = { kind: 'stream', compressor: { kind: 'gzip', level } };
            else if (facts.igzip && settings.compressionLevel === undefined) {
                // The default level, where igzip is installed: it deflates behind pg_dump, through kernel
                // pipes, in a fraction of zlib's CPU (gzip-tool.ts). A level asked for is zlib's own.
                level = _gzip_tool_js__WEBPACK_IMPORTED_MODULE_6__/* .IGZIP_LEVEL */ .LN;
                writer = { kind: 'stream', compressor: { kind: 'igzip', path: facts.igzip, level } };
            }
            else {
                // pg_dump gzips itself and the kernel pipes its output into the file: no byte passes
                // through us, so memory stays flat whatever the size, and the CPU that moving 400+ MiB
                // through Node cost goes to the dump (benchmarked against our in-process parallel gzip:
                // less time on both datasets, 90 MiB peak instead of 166). One ordinary gzip stream.
                pgDumpArgs.push(...gzipArgs(level, facts.pgDump));
                writer = { kind: 'stream', compressor: { kind: 'none' } };
            }
            integrity = 'gunzip';
        }
        else if (compression === 'zstd') {
            level = settings.compressionLevel ?? _settings_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_ZSTD_LEVEL */ .Jc;
            writer = { kind: 'stream', compressor: { kind: 'zstd', level } };
            integrity = 'zstd';
        }
        else {
            level = null;
            writer = { kind: 'stream', compressor: { kind: 'none' } };
            integrity = 'plain';
        }
    }
    else {
        // Archive formats keep owners and grants; restore decides (--no-owner/--no-acl there).
        level =
            compression === 'none'
                ? 0
                : (settings.compressionLevel ?? (compression === 'zstd' ? _settings_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_ZSTD_LEVEL */ .Jc : _settings_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_ARCHIVE_GZIP_LEVEL */ .hi));
        // Streamed, a custom archive comes on pg_dump's stdout (then without data offsets: see docs/object-storage.md).
        pgDumpArgs = [
            ...common,
            `--format=${format}`,
            ...archiveCompressionArgs(compression, level, facts.pgDump),
            ...(streamed ? [] : [`--file=${tempPath}`]),
        ];
        if (format === 'directory')
            pgDumpArgs.push(`--jobs=${settings.jobs ?? Math.max(1, facts.cores)}`);
        writer = streamed ? { kind: 'stream', compressor: { kind: 'none' } } : { kind: 'pg_dump-file' };
        integrity = 'pg_restore';
        if (compression === 'none')
            level = null;
    }
    return {
        dryRun: settings.dryRun,
        database: settings.database,
        connection: settings.connection,
        server: facts.server,
        psqlPath: facts.psqlPath,
        format,
        compression,
        compressionLevel: level,
        finalPath,
        tempPath,
        manifestPath: (0,_manifest_js__WEBPACK_IMPORTED_MODULE_3__/* .manifestPathFor */ .ev)(finalPath),
        outputDir,
        overwrite: settings.overwrite,
        pgDumpPath: facts.pgDump.path,
        pgDumpVersion: facts.pgDump.version,
        pgDumpArgs,
        ...(facts.held ? { held: facts.held } : {}),
        writer,
        integrity,
        ...(facts.igzip && integrity === 'gunzip' ? { igzip: facts.igzip } : {}),
        rowCounts: settings.rowCounts,
        privileges: format !== 'plain' || !!settings.privileges,
        jobs: format === 'directory' ? (settings.jobs ?? Math.max(1, facts.cores)) : null,
        ...(settings.signingKey ? { signingKey: settings.signingKey } : {}),
        ...(bucket ? { bucket } : {}),
        ...(settings.upload
            ? {
                upload: {
                    name: settings.upload.name ?? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.basename)(finalPath),
                    ...(settings.upload.retentionDays !== undefined ? { retentionDays: settings.upload.retentionDays } : {}),
                },
            }
            : {}),
        warnings,
    };
}
function bucketPlan(settings, facts) {
    const b = settings.bucket;
    const keys = bucketKeys(settings, facts.now);
    if (!b || !keys)
        return undefined;
    return {
        mode: b.mode,
        store: b.store,
        bucket: b.url.bucket,
        ...keys,
        objectUrl: (0,_object_store_url_js__WEBPACK_IMPORTED_MODULE_5__/* .formatObjectUrl */ .yj)(b.url.bucket, keys.key),
        manifestUrl: (0,_object_store_url_js__WEBPACK_IMPORTED_MODULE_5__/* .formatObjectUrl */ .yj)(b.url.bucket, keys.manifestKey),
        ...(facts.server.databaseSizeBytes !== undefined ? { expectedBytes: facts.server.databaseSizeBytes } : {}),
    };
}
/** pg_dump 16 takes --compress=method:level; older ones only gzip levels with -Z. */
function gzipArgs(level, pgDump) {
    return [pgDump.major >= 16 ? `--compress=gzip:${level}` : `--compress=${level}`];
}
function archiveCompressionArgs(compression, level, pgDump) {
    if (compression === 'none')
        return ['--compress=0'];
    if (compression === 'gzip')
        return gzipArgs(level, pgDump);
    if (pgDump.major >= 16)
        return [`--compress=${compression}:${level}`];
    if (compression === 'zstd') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('INVALID_INPUT', `zstd compression inside custom or directory archives needs pg_dump 16 or newer; the pg_dump found is ${pgDump.version} (${pgDump.path})`, 'Use compression gzip for archive formats with this pg_dump, use format plain with zstd, or install a newer client.');
    }
    return [`--compress=${level}`];
}
/** The plan as lines a person can check (the --dry-run output); a backup asks no question. */
function describeBackup(plan) {
    return { lines: describePlan(plan), dryRun: plan.dryRun, warnings: plan.warnings };
}
function describePlan(plan) {
    const c = plan.writer.kind === 'stream' ? plan.writer.compressor : undefined;
    const compressor = c?.kind === 'gzip' ? ` | parallel gzip -${c.level}` : c?.kind === 'igzip' || c?.kind === 'zstd' ? ` | ${c.kind} -${c.level}` : '';
    return [
        `database:   ${plan.database}`,
        `output:     ${plan.finalPath}`,
        `manifest:   ${plan.manifestPath}`,
        `format:     ${plan.format}, compression ${plan.compression}${plan.compressionLevel !== null ? ` level ${plan.compressionLevel}` : ''}`,
        `command:    ${plan.pgDumpPath} ${plan.pgDumpArgs.join(' ')}${compressor}`,
        `check:      ${plan.integrity} read-back, sha256, row counts ${plan.rowCounts}`,
        ...(plan.signingKey ? [`signature:  manifest signed with key ${plan.signingKey.id}`] : []),
        ...(plan.bucket?.mode === 'upload'
            ? [`bucket:     copied to ${plan.bucket.objectUrl} after the local check, manifest object last`]
            : []),
        ...(plan.bucket?.mode === 'stream'
            ? [`bucket:     streamed as a multipart upload (SHA-256 per part), read back from the bucket, manifest object last`]
            : []),
        ...(plan.upload ? [`artifact:   ${plan.upload.name}${plan.upload.retentionDays ? `, ${plan.upload.retentionDays} days` : ''}`] : []),
    ];
}


/***/ }),

/***/ 8604:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mT: () => (/* binding */ BACKUP_OPTIONS),
  hi: () => (/* binding */ DEFAULT_ARCHIVE_GZIP_LEVEL),
  Ey: () => (/* binding */ DEFAULT_GZIP_LEVEL),
  Jc: () => (/* binding */ DEFAULT_ZSTD_LEVEL),
  cg: () => (/* binding */ backupSettings)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/manifest.ts
var manifest = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/core/connection-options.ts
var connection_options = __webpack_require__(1756);
// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: ./src/core/signing.ts
var signing = __webpack_require__(5204);
// EXTERNAL MODULE: ./src/core/object-store/settings.ts
var settings = __webpack_require__(3110);
// EXTERNAL MODULE: ./src/core/object-store/url.ts
var object_store_url = __webpack_require__(3226);
;// CONCATENATED MODULE: ./src/core/backup/bucket-settings.ts
/** An s3:// output: where the backup goes in object storage, and how (settings only; no request is made here). */

// The object store's light modules only: the S3 client loads with bucket.ts, when a bucket is used.


const BUCKET_MODES = ['upload', 'stream'];
function bucketDestination(inputs, env, format) {
    const output = inputs.string('output');
    if (!(0,object_store_url/* isObjectUrl */.rS)(output)) {
        // Only stream is refused: a runner passes action.yml's default (upload) with every backup.
        if (inputs.oneOf('s3-mode', BUCKET_MODES) === 'stream') {
            throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('s3-mode')} stream needs an s3:// output`, `Give ${inputs.label('output')} as s3://bucket/prefix/, or drop ${inputs.label('s3-mode')}.`);
        }
        return undefined;
    }
    const url = (0,object_store_url/* parseObjectUrl */.Ky)(output, inputs.label('output'));
    if (format === 'directory') {
        // A directory archive is many files: as objects there is no one object to make atomic, check or restore from.
        throw new errors/* AzaError */.TF('INVALID_INPUT', 'The directory format cannot be sent to object storage: it is a tree of files, not one object', 'Use format custom (one file) or plain for an s3:// output.');
    }
    if (!(0,object_store_url/* isPrefix */.RW)(url) && url.key.endsWith('.manifest.json')) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('output')} names a manifest (${url.key}); the manifest is written beside the backup`, 'Name the backup object, or give a prefix ending in /.');
    }
    return { url, store: (0,settings/* objectStoreSettings */.qR)(inputs, env), mode: inputs.oneOf('s3-mode', BUCKET_MODES) };
}

;// CONCATENATED MODULE: ./src/core/backup/settings.ts
/**
 * Backup settings: one option table for the action inputs and the CLI flags, and one function
 * that turns what the user said into validated settings. Nothing here touches the system.
 */









/** gzip level of plain dumps, chosen by the benchmark (docs/benchmarks.md): level 1 costs pg_dump about half the CPU of its level 6 for files 2% larger on pgbench-like data; 3 costs 10-20% more time for 3% smaller files on less compressible data. */
const DEFAULT_GZIP_LEVEL = 1;
/** pg_dump's own default for its archive formats. */
const DEFAULT_ARCHIVE_GZIP_LEVEL = 6;
const DEFAULT_ZSTD_LEVEL = 3;
const BACKUP_OPTIONS = [
    { name: 'database', description: 'Database to back up', default: 'postgres', positional: 0 },
    {
        name: 'output',
        description: 'Output file (directory format: output directory); a relative path is taken from output-dir. An s3://bucket/prefix/ URL (or s3://bucket/prefix/name) sends the backup to object storage, see s3-mode',
        defaultText: 'backup_<db>_YYYY_MM_DD_HHmmss.sql.gz (UTC) in output-dir',
        positional: 1,
    },
    {
        name: 'output-dir',
        description: 'Directory for the auto-named output (and for a relative output)',
        defaultText: 'the working directory (in an action: the workspace)',
    },
    {
        name: 'format',
        description: 'Dump format: plain (SQL, --no-owner --no-acl), custom (pg_dump -Fc) or directory (pg_dump -Fd, parallel)',
        default: 'plain',
    },
    {
        name: 'compression',
        description: 'Compression: gzip, zstd or none. Plain gzip stays gzip-compatible (gunzip -c | psql restores it); at the default level it is deflated by ISA-L igzip where installed, else by pg_dump',
        default: 'gzip',
    },
    {
        name: 'compression-level',
        description: "Compression level: gzip 1-9 (custom/directory 0-9), zstd 1-19. A gzip level given is zlib's (pg_dump deflates)",
        defaultText: `gzip ${DEFAULT_GZIP_LEVEL} (plain: igzip's level 1 where installed) or ${DEFAULT_ARCHIVE_GZIP_LEVEL} (custom, directory), zstd ${DEFAULT_ZSTD_LEVEL}`,
    },
    { name: 'jobs', description: 'Parallel dump jobs (directory format only)', defaultText: 'number of cores' },
    { name: 'overwrite', description: 'Replace an existing output file and its manifest', default: false, flag: true },
    {
        name: 'row-counts',
        description: "Per-table row counts in the manifest, taken in the dump's snapshot: exact, estimate (pg_class.reltuples) or none",
        default: 'exact',
    },
    {
        name: 'privileges',
        description: 'Plain format: keep object owners and GRANTs in the dump (without it: --no-owner --no-acl, for moving data between environments). Archives always carry them. Recorded in the manifest: a restore over a database with owners or grants refuses a backup that would drop them',
        default: false,
        flag: true,
    },
    { name: 'dry-run', description: 'Check the connection and print the plan; write nothing', default: false, flag: true },
    {
        name: 's3-mode',
        description: 'With an s3:// output: upload (write and check the local file in output-dir, then copy it to the bucket: a local and an off-site copy) or stream (pg_dump straight into a multipart upload, no local disk; checked by reading the object back)',
        default: 'upload',
    },
    ...connection_options/* CONNECTION_OPTIONS */.Ur,
    ...signing/* SIGNING_OPTIONS */.FQ,
    ...settings/* OBJECT_STORE_OPTIONS */.Pj,
    { name: 'upload-artifact', description: 'Upload the backup and its manifest as a workflow artifact', default: false, only: 'action' },
    { name: 'artifact-name', description: 'Artifact name', defaultText: 'the backup file name', only: 'action' },
    { name: 'retention-days', description: 'Artifact retention in days (1-90)', defaultText: "the repository's setting", only: 'action' },
];
function backupSettings(inputs, env, cwd) {
    const explicitDb = inputs.verbatim('database');
    if (explicitDb !== undefined && explicitDb.trim() === '')
        throw new errors/* AzaError */.TF('INVALID_INPUT', 'The database name is empty', 'Name a database, e.g. postgres.');
    const uri = inputs.string('connection-uri');
    const uriDb = uri ? (0,pg/* resolveConnection */.XC)({ uri }).database : undefined;
    // The spec's default is "postgres"; a database named in the URI counts as said.
    const database = explicitDb ?? (uri && uriDb ? uriDb : inputs.stringOrDefault('database'));
    const format = inputs.oneOf('format', manifest/* BACKUP_FORMATS */.cD);
    const compression = inputs.oneOf('compression', manifest/* COMPRESSIONS */._7);
    const level = compressionLevel(inputs, format, compression);
    const jobs = inputs.integer('jobs', { min: 1, max: 64 });
    if (jobs !== undefined && format !== 'directory') {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('jobs')} needs the directory format (pg_dump runs parallel jobs only for -Fd)`, `Add ${inputs.source === 'cli' ? '--format directory' : 'format: directory'}, or drop ${inputs.label('jobs')}.`);
    }
    const outputDir = (0,external_node_path_.resolve)(cwd, inputs.string('output-dir') ?? '.');
    const bucket = bucketDestination(inputs, env, format);
    // A named object (not a prefix) names the local file of upload mode too.
    const outputRaw = bucket ? ((0,object_store_url/* isPrefix */.RW)(bucket.url) ? undefined : (0,object_store_url/* keyBaseName */.WX)(bucket.url.key)) : inputs.string('output');
    const output = outputRaw === undefined ? undefined : (0,external_node_path_.isAbsolute)(outputRaw) ? outputRaw : (0,external_node_path_.resolve)(outputDir, outputRaw);
    const signingKey = (0,signing/* signingKeyFrom */.Xk)(inputs, env, cwd);
    const uploadWanted = inputs.boolean('upload-artifact');
    const retentionDays = inputs.integer('retention-days', {
        min: 1,
        max: 90,
        hint: 'GitHub keeps artifacts 1 to 90 days (or less, by the repository setting).',
    });
    if (uploadWanted && bucket?.mode === 'stream') {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('upload-artifact')} needs a local file, and ${inputs.label('s3-mode')} stream writes none`, `Use ${inputs.label('s3-mode')} upload (local file, artifact and bucket copy), or drop ${inputs.label('upload-artifact')}.`);
    }
    if (!uploadWanted && (inputs.has('artifact-name') || retentionDays !== undefined)) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('artifact-name')} and ${inputs.label('retention-days')} need ${inputs.label('upload-artifact')}: true`, 'Set upload-artifact: true, or drop them.');
    }
    return {
        database,
        ...(output !== undefined ? { output } : {}),
        outputDir,
        format,
        compression,
        ...(level !== undefined ? { compressionLevel: level } : {}),
        ...(jobs !== undefined ? { jobs } : {}),
        overwrite: inputs.boolean('overwrite'),
        rowCounts: inputs.oneOf('row-counts', manifest/* ROW_COUNT_MODES */.m0),
        privileges: inputs.boolean('privileges'),
        dryRun: inputs.boolean('dry-run'),
        connection: (0,connection_options/* connectionSettings */.Q7)(inputs, env, database),
        ...((0,connection_options/* clientBinDir */.av)(inputs, cwd) !== undefined ? { pgBinDir: (0,connection_options/* clientBinDir */.av)(inputs, cwd) } : {}),
        ...(signingKey ? { signingKey } : {}),
        ...(bucket ? { bucket } : {}),
        ...(uploadWanted
            ? {
                upload: {
                    ...(inputs.string('artifact-name') ? { name: inputs.string('artifact-name') } : {}),
                    ...(retentionDays !== undefined ? { retentionDays } : {}),
                },
            }
            : {}),
    };
}
function compressionLevel(inputs, format, compression) {
    if (!inputs.has('compression-level'))
        return undefined;
    if (compression === 'none') {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('compression-level')} makes no sense with compression none`, `Drop ${inputs.label('compression-level')} or choose gzip or zstd.`);
    }
    if (compression === 'gzip') {
        // pg_dump takes 0 (no compression) for its archive formats; our plain gzip starts at 1.
        return inputs.integer('compression-level', {
            min: format === 'plain' ? 1 : 0,
            max: 9,
            hint: 'gzip levels: 1 (fastest) to 9 (smallest).',
        });
    }
    return inputs.integer('compression-level', { min: 1, max: 19, hint: 'zstd levels: 1 (fastest) to 19 (smallest).' });
}


/***/ }),

/***/ 6336:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ acquireLock),
/* harmony export */   s: () => (/* binding */ lockPathFor)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4551);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8616);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2920);
/**
 * One run at a time per destination: a lock file `.<name>.lock` beside it, created with O_EXCL
 * and holding its owner (pid, host, start; see owner.ts). A second run fails at once naming the
 * holder; the lock of a run that was killed (its owner is gone) is taken over.
 */






/** A lock whose content never got written (killed between create and write) is stale after this. */
const UNWRITTEN_LOCK_GRACE_MS = 10_000;
function lockPathFor(target) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(target), `.${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(target)}.lock`);
}
function readOrUndefined(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
    }
    catch {
        return undefined;
    }
}
/**
 * The lock appears whole or not at all: its content is written to a temp name first (one a
 * later cleanLeftovers recognises), then linked to the lock's name, which fails if it exists.
 */
function tryCreate(path, content) {
    const temp = (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .siblingPath */ .eR)(path, 'tmp', (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .ownedTag */ .y7)());
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(temp, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL, 0o600);
    }
    catch (e) {
        const code = e.code;
        if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM')
            throw (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .notWritable */ .GZ)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path), e);
        throw e;
    }
    try {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, content);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fsyncSync)(fd);
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        }
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.linkSync)(temp, path);
        return true;
    }
    catch (e) {
        if (e.code === 'EEXIST')
            return false;
        throw e;
    }
    finally {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(temp);
        }
        catch {
            // already gone
        }
    }
}
/**
 * Takes the lock on `target` for `operation` ("backup", "ssl-certs"), or throws IN_PROGRESS
 * naming the run that holds it. The lock goes on release, on an interrupt, and after a kill the
 * next run takes it over.
 */
function acquireLock(target, operation) {
    const path = lockPathFor(target);
    const mine = `${(0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .ownerText */ .dP)()} operation=${operation} since=${new Date().toISOString()}\n`;
    for (let attempt = 0; attempt < 5; attempt++) {
        if (tryCreate(path, mine)) {
            let held = true;
            const release = () => {
                if (!held)
                    return;
                held = false;
                if (readOrUndefined(path) === mine) {
                    try {
                        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(path);
                    }
                    catch {
                        // gone already
                    }
                }
            };
            const removeOnInterrupt = (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .onInterrupt */ .nA)(release);
            return {
                path,
                release: () => {
                    removeOnInterrupt();
                    release();
                },
            };
        }
        const theirs = readOrUndefined(path);
        if (theirs === undefined)
            continue;
        const owner = (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .parseOwnerText */ .qM)(theirs);
        let stale;
        if (owner) {
            const state = (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .ownerState */ .N_)(owner);
            if (state !== 'gone')
                throw inProgress(operation, target, path, theirs, state === 'elsewhere');
            stale = true;
        }
        else {
            const age = Date.now() - ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
            if (age < UNWRITTEN_LOCK_GRACE_MS)
                throw inProgress(operation, target, path, theirs, false);
            stale = true;
        }
        if (stale)
            takeOver(path, theirs);
    }
    throw inProgress(operation, target, path, readOrUndefined(path) ?? '', false);
}
/** Moves a dead run's lock aside, and removes it only if it is still the one judged stale. */
function takeOver(path, judged) {
    const aside = `${path}.stale-${(0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .uniqueTag */ .eL)()}`;
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(path, aside);
    }
    catch {
        return;
    }
    if (readOrUndefined(aside) !== judged) {
        // Another run replaced it meanwhile: put its lock back (unless a third took the name).
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.linkSync)(aside, path);
        }
        catch {
            // the name was taken again; that run holds it
        }
    }
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(aside);
    }
    catch {
        // nothing to do
    }
}
function inProgress(operation, target, path, content, elsewhere) {
    const owner = (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .parseOwnerText */ .qM)(content);
    const since = /since=(\S+)/.exec(content)?.[1];
    const holder = owner ? `${(0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .describeOwner */ .$S)(owner)}${since ? `, since ${since}` : ''}` : 'a run that is starting';
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('IN_PROGRESS', `Another ${operation} into ${target} is running (${holder}); it holds ${path}`, elsewhere
        ? `Wait for it to finish. If no such run exists on host ${owner.host} any more, remove the lock: rm ${path}`
        : 'Wait for it to finish, or choose another destination.');
}


/***/ }),

/***/ 3782:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ referencedRoles),
/* harmony export */   Z: () => (/* binding */ createRoleSql)
/* harmony export */ });
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5593);
/**
 * The roles a database refers to: what a dump of it names (owners, grants, policies, default
 * privileges, user mappings, and role names held as data in regrole or aclitem columns). The
 * backup records them in its manifest; verify (and a restore asked to) creates the ones a server
 * lacks, without login and without a password, before loading.
 */

/**
 * Every role with a shared dependency from this database (owner, ACL entry, policy, initial
 * privileges), the database's owner, and the bootstrap superuser (oid 10: objects it owns are
 * pinned and have no pg_shdepend row). The pg_* roles exist on every server.
 */
const CATALOGUE_ROLES_SQL = `SELECT r.rolname FROM pg_roles r WHERE r.rolname !~ '^pg_' AND r.oid IN (
  SELECT s.refobjid FROM pg_shdepend s WHERE s.refclassid = 'pg_authid'::regclass
     AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION SELECT datdba FROM pg_database WHERE datname = current_database()
  UNION SELECT 10)`;
/** Columns of user tables whose values name roles: regrole, aclitem and their arrays. */
const ROLE_COLUMNS_SQL = `SELECT n.nspname, c.relname, a.attname, t.typname
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
 WHERE c.relkind IN ('r', 'p', 'm') AND a.attnum > 0 AND NOT a.attisdropped
   AND t.typname IN ('regrole', '_regrole', 'aclitem', '_aclitem')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'`;
/** The role oids one such column holds. */
function columnRolesSql([schema, table, column, type]) {
    const rel = `${(0,_pg_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteIdent */ .v4)(schema)}.${(0,_pg_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteIdent */ .v4)(table)}`;
    const col = (0,_pg_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteIdent */ .v4)(column);
    switch (type) {
        case 'regrole':
            return `SELECT ${col}::oid FROM ${rel}`;
        case '_regrole':
            return `SELECT unnest(${col})::oid FROM ${rel}`;
        case 'aclitem':
            return `SELECT unnest(ARRAY[e.grantor, e.grantee]) FROM ${rel}, aclexplode(ARRAY[${col}]) e`;
        default:
            return `SELECT unnest(ARRAY[e.grantor, e.grantee]) FROM ${rel}, aclexplode(${col}) e`;
    }
}
/** The names of the roles the connected database refers to, sorted. */
async function referencedRoles(query) {
    const names = new Set((await query(CATALOGUE_ROLES_SQL)).map((r) => r[0]));
    const columns = await query(ROLE_COLUMNS_SQL);
    if (columns.length) {
        const union = columns.map(columnRolesSql).join('\nUNION ');
        for (const [name] of await query(`SELECT r.rolname FROM pg_roles r WHERE r.rolname !~ '^pg_' AND r.oid IN (${union})`))
            names.add(name);
    }
    return [...names].sort();
}
/** CREATE ROLE for a role a dump names: no login, no password (it exists so the dump loads). */
function createRoleSql(name) {
    return `CREATE ROLE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteIdent */ .v4)(name)} NOLOGIN`;
}


/***/ }),

/***/ 2007:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BO: () => (/* binding */ countRows),
/* harmony export */   OU: () => (/* binding */ compareRowCounts),
/* harmony export */   Rk: () => (/* binding */ tablesWithCopiedRows),
/* harmony export */   WS: () => (/* binding */ listTables),
/* harmony export */   Xl: () => (/* binding */ countBesideDumpSettings),
/* harmony export */   wh: () => (/* binding */ totalRows)
/* harmony export */ });
/* unused harmony exports LIST_TABLES_SQL, exactCountSql */
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5593);

/**
 * Tables whose rows pg_dump writes: ordinary tables and leaf partitions in user schemas, not
 * temporary ones, not members of an extension (an extension recreates its own tables).
 */
const LIST_TABLES_SQL = `
SELECT n.nspname, c.relname, c.reltuples::bigint
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname`;
const BATCH = 200;
/** One statement counting a batch of tables exactly; rows come back as (index, count). */
function exactCountSql(tables, offset = 0) {
    return tables
        .map((t, i) => `SELECT ${offset + i}, count(*) FROM ONLY ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteIdent */ .v4)(t.schema)}.${(0,_pg_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteIdent */ .v4)(t.table)}`)
        .join('\nUNION ALL\n');
}
/**
 * SET LOCAL statements for a transaction that counts while pg_dump runs: an exact count is a plain
 * scan, which JIT compilation and parallel workers only make dearer when the dump already keeps
 * the cores busy (pgbench's 5M-row table: 0.26 CPU-s of the server instead of 0.32).
 */
function countBesideDumpSettings(serverVersionNum) {
    return `SET LOCAL max_parallel_workers_per_gather = 0;${serverVersionNum >= 110000 ? ' SET LOCAL jit = off;' : ''}`;
}
const tableKey = (t) => `${t.schema}\u0000${t.table}`;
/** The tables pg_dump writes, with their estimated rows. */
async function listTables(query) {
    return (await query(LIST_TABLES_SQL)).map(([schema, table, estimate]) => ({
        schema: schema,
        table: table,
        // reltuples is -1 for a table never vacuumed or analyzed: unknown, not empty.
        rows: Number(estimate) < 0 ? null : Number(estimate),
    }));
}
/**
 * The listed tables with the rows a load's COPY data held (a table without COPY data got none);
 * undefined when some COPY went into a table not listed (a partitioned parent, an extension's).
 */
function tablesWithCopiedRows(listed, copied) {
    const key = tableKey;
    const rows = new Map(copied.map((t) => [key(t), t.rows ?? 0]));
    const known = new Set(listed.map(key));
    if ([...rows.keys()].some((k) => !known.has(k)))
        return undefined;
    return listed.map((t) => ({ schema: t.schema, table: t.table, rows: rows.get(key(t)) ?? 0 }));
}
async function countRows(query, mode) {
    if (mode === 'none')
        return [];
    const listed = await listTables(query);
    if (mode === 'estimate')
        return listed;
    const out = listed.map((t) => ({ ...t, rows: 0 }));
    for (let i = 0; i < listed.length; i += BATCH) {
        const batch = listed.slice(i, i + BATCH);
        for (const [index, count] of await query(exactCountSql(batch, i)))
            out[Number(index)].rows = Number(count);
    }
    return out;
}
function totalRows(tables) {
    return tables.reduce((sum, t) => sum + (t.rows ?? 0), 0);
}
/** Tables whose counts differ, including tables present on one side only. */
function compareRowCounts(expected, actual) {
    const key = tableKey;
    const got = new Map(actual.map((t) => [key(t), t.rows]));
    const want = new Map(expected.map((t) => [key(t), t.rows]));
    const diffs = [];
    for (const t of expected) {
        const a = got.has(key(t)) ? got.get(key(t)) : null;
        if (a !== t.rows)
            diffs.push({ schema: t.schema, table: t.table, expected: t.rows, actual: a });
    }
    for (const t of actual)
        if (!want.has(key(t)))
            diffs.push({ schema: t.schema, table: t.table, expected: null, actual: t.rows });
    return diffs;
}


/***/ })

};
