export const id = 177;
export const ids = [177];
export const modules = {

/***/ 446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ inspectBucketBackup),
/* harmony export */   D: () => (/* binding */ openBucketBackup)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _bucket_catalog_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9995);
/* harmony import */ var _compress_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1983);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4551);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8616);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4414);
/* harmony import */ var _object_store_index_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(2862);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2920);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(8557);
/* harmony import */ var _backup_faults_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(8878);
/* harmony import */ var _inspect_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(2165);
/**
 * A backup in object storage as restore and verify read it: the object an s3:// URL names (or the
 * newest complete one for `…/latest`), with its manifest object, which must exist. A plain dump is
 * streamed from the bucket, never copied to disk: inspectBackup reads it once (size and sha256
 * against the manifest) and the load reads it again (or, for an atomic restore, the load is the
 * one full read and the checks come before the swap). An archive (custom, tar) is copied to a
 * private temporary file first, hashed on the way and compared with the manifest before anything
 * else reads it: pg_restore needs a seekable file to list its table of contents and to restore
 * with several jobs, and a custom archive written to a pipe (a streamed backup) has no offsets,
 * so one pass per job would mean one download per job.
 */














const TEMP_PREFIX = 'aza-pg-s3-';
const HEAD_BYTES = 512;
/** The first bytes of an object, reading no further. */
async function readHead(store, key) {
    const { body } = await store.get(key);
    const chunks = [];
    let total = 0;
    try {
        for await (const chunk of body) {
            chunks.push(chunk);
            total += chunk.length;
            if (total >= HEAD_BYTES)
                break;
        }
    }
    finally {
        body.destroy();
    }
    return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}
/** Local copies of killed runs (their owner is gone) are removed; a running one's never. */
function removeDeadCopies(base) {
    let names;
    try {
        names = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(base).filter((n) => n.startsWith(TEMP_PREFIX));
    }
    catch {
        return;
    }
    for (const n of names) {
        const owner = (0,_owner_js__WEBPACK_IMPORTED_MODULE_10__/* .parseOwnerTag */ .D9)(n.slice(TEMP_PREFIX.length).replace(/-[^-]*$/, ''));
        if (owner && (0,_owner_js__WEBPACK_IMPORTED_MODULE_10__/* .ownerState */ .N_)(owner) === 'gone')
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(base, n), { recursive: true, force: true });
    }
}
/** Opens the backup `url` names; the caller closes what it returns. */
async function openBucketBackup(url, config, reporter) {
    const u = (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_9__/* .parseObjectUrl */ .Ky)(url, 'The backup');
    const store = new _object_store_index_js__WEBPACK_IMPORTED_MODULE_9__/* .ObjectStore */ .LI(config, u.bucket);
    let dir;
    const close = () => {
        store.close();
        if (dir)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(dir, { recursive: true, force: true });
        dir = undefined;
    };
    try {
        const backup = await (0,_bucket_catalog_js__WEBPACK_IMPORTED_MODULE_3__/* .resolveBucketBackup */ .xx)(store, u.key);
        if (backup.url !== url)
            reporter.info(`${url}: the newest complete backup is ${backup.url}`);
        if (backup.objectBytes === 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AzaError */ .TF('BACKUP_EMPTY', `Backup object is empty (0 bytes): ${backup.url}`, 'Nothing to restore; restore another backup.');
        }
        const head = await readHead(store, backup.key);
        const detected = (0,_inspect_js__WEBPACK_IMPORTED_MODULE_13__/* .detectFormat */ .Tz)(head);
        if (detected?.format === 'plain') {
            const remote = {
                url: backup.url,
                manifestUrl: backup.manifestUrl,
                sizeBytes: backup.objectBytes,
                head,
                manifest: backup.manifest,
                open: async () => (await store.get(backup.key)).body,
            };
            return { path: backup.url, remote, backup, close };
        }
        // An archive: a private local copy, checked against the manifest before pg_restore reads it.
        const base = (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)();
        removeDeadCopies(base);
        dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(base, `${TEMP_PREFIX}${(0,_owner_js__WEBPACK_IMPORTED_MODULE_10__/* .ownerTag */ .qE)()}-`));
        const name = (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_9__/* .keyBaseName */ .WX)(backup.key);
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name);
        await reporter.step(`Download ${backup.url} (${(0,_report_js__WEBPACK_IMPORTED_MODULE_11__/* .formatBytes */ .z3)(backup.objectBytes)}) to a private copy`, () => download(store, backup, path, reporter));
        // Beside the copy, as on disk: inspectBackup checks the signature and the rest from it.
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `${name}.manifest.json`), (0,_manifest_js__WEBPACK_IMPORTED_MODULE_8__/* .serializeManifest */ .MZ)(backup.manifest), { mode: 0o600 });
        return { path, backup, close };
    }
    catch (e) {
        close();
        throw e;
    }
}
/** inspectBackup of what openBucketBackup opened, with the object it came from as its origin. */
async function inspectBucketBackup(bucket, opts) {
    const i = await (0,_inspect_js__WEBPACK_IMPORTED_MODULE_13__/* .inspectBackup */ .T3)(bucket.path, { ...opts, ...(bucket.remote ? { remote: bucket.remote } : {}) });
    const b = bucket.backup;
    return { ...i, origin: { url: b.url, manifestUrl: b.manifestUrl, ...(bucket.remote ? {} : { copy: bucket.path }) } };
}
async function download(store, backup, path, reporter) {
    const fh = await (0,_fs_js__WEBPACK_IMPORTED_MODULE_7__/* .createPrivateFile */ .aP)(path);
    const measured = new _compress_js__WEBPACK_IMPORTED_MODULE_4__/* .MeasureStream */ .jU((n) => reporter.progress(n));
    try {
        const { body } = await store.get(backup.key);
        await (0,_exec_js__WEBPACK_IMPORTED_MODULE_6__/* .runPipeline */ .aI)([
            { kind: 'source', name: 'download', stream: body },
            { kind: 'transform', name: 'sha256', stream: measured },
        ], fh.createWriteStream());
        (0,_backup_faults_js__WEBPACK_IMPORTED_MODULE_12__/* .checkAgainstManifest */ .fE)(backup.url, backup.manifest, measured.bytes, measured.sha256());
    }
    catch (e) {
        (0,_fs_js__WEBPACK_IMPORTED_MODULE_7__/* .removeQuietly */ .S2)(path);
        throw e;
    }
    finally {
        await fh.close().catch(() => { });
    }
}


/***/ }),

/***/ 9999:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qp: () => (/* binding */ checkedLine),
/* harmony export */   X2: () => (/* binding */ gatherRestoreFacts)
/* harmony export */ });
/* unused harmony exports targetFactsSql, targetSettingsSql, parseTargetFacts */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4551);
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5593);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9892);
/* harmony import */ var _privileges_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4640);
/* harmony import */ var _pg_tools_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9928);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8557);
/* harmony import */ var _inspect_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2165);
/* harmony import */ var _bucket_source_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(446);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(2975);
/* harmony import */ var _gzip_tool_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(542);
/* harmony import */ var _server_lock_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(4842);
/**
 * What a restore learns before it plans, reading only: the backup (see inspect.ts), the client
 * tools, the server, the target database and the role. One psql session on the maintenance
 * database asks the questions here and, later, runs the CREATE / RENAME / DROP DATABASE.
 */












/** The target's facts: one row from the maintenance database. */
function targetFactsSql(database, serverMajor) {
    const provider = serverMajor >= 15 ? 'd.datlocprovider::text' : "'c'";
    const icu = serverMajor >= 17 ? 'd.datlocale' : serverMajor >= 15 ? 'd.daticulocale' : 'NULL::text';
    return `SELECT pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, ${provider}, coalesce(${icu}, ''),
  d.datallowconn::text, d.datconnlimit, coalesce(d.datacl::text, ''),
  (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid AND a.pid <> pg_backend_pid()),
  (SELECT t.spcname FROM pg_tablespace t WHERE t.oid = d.dattablespace), d.datistemplate::text,
  coalesce(shobj_description(d.oid, 'pg_database'), ''),
  coalesce((SELECT json_agg(json_build_object('provider', l.provider, 'label', l.label) ORDER BY l.provider)
              FROM pg_shseclabel l WHERE l.objoid = d.oid AND l.classoid = 'pg_database'::regclass), '[]')
FROM pg_database d WHERE d.datname = ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(database)}`;
}
/** The target's per-database settings (ALTER DATABASE / ALTER ROLE … IN DATABASE … SET). */
function targetSettingsSql(database) {
    return `SELECT CASE WHEN s.setrole = 0 THEN '' ELSE pg_get_userbyid(s.setrole) END, unnest(s.setconfig)
FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(database)}`;
}
function parseTargetFacts(rows, settingRows) {
    const r = rows[0];
    if (!r)
        return { exists: false, sessions: 0 };
    return {
        exists: true,
        owner: r[0],
        encoding: r[1],
        collate: r[2],
        ctype: r[3],
        localeProvider: r[4],
        ...(r[5] ? { icuLocale: r[5] } : {}),
        allowConnections: r[6] === 'true',
        connectionLimit: Number(r[7]),
        acl: r[8] || null,
        settings: settingRows.map(([role, setting]) => {
            const eq = setting.indexOf('=');
            return { role: role ? role : null, name: setting.slice(0, eq), value: setting.slice(eq + 1) };
        }),
        sessions: Number(r[9]),
        tablespace: r[10],
        isTemplate: r[11] === 'true',
        comment: r[12] || null,
        securityLabels: JSON.parse(r[13] || '[]'),
    };
}
/** One line on a backup read in full. */
function checkedLine(i) {
    return `${i.format}${i.format === 'plain' ? ` (${i.compression})` : ''}, ${(0,_report_js__WEBPACK_IMPORTED_MODULE_6__/* .formatBytes */ .z3)(i.sizeBytes)}${i.uncompressedBytes ? ` (${(0,_report_js__WEBPACK_IMPORTED_MODULE_6__/* .formatBytes */ .z3)(i.uncompressedBytes)} of SQL)` : ''}, sha256 ${i.sha256}${i.manifest ? ', matches its manifest' : ''}${i.dumpedBy ? `; written by pg_dump ${i.dumpedBy}` : ''}`;
}
/**
 * The backup first, then the server, the tools and the target. The backup is read in full here,
 * except where a restore cannot hurt what it has not finished checking: an atomic restore of a
 * plain gzip or SQL file, agreed to already (--yes / confirm), without a backup of the target
 * first, reads the head here (format, text, pg_dump's header, manifest size, what the plan needs)
 * and the rest once, during the load into the new staging database (see run.ts). The target is
 * not touched until the swap, which waits for every check of the full read; any failure drops the
 * staging database. replace and into-existing change the target itself: the full read comes first.
 */
async function gatherRestoreFacts(settings, deps, reporter) {
    const deferrable = settings.mode === 'atomic' && !settings.dryRun && settings.confirmed && !settings.backupBefore;
    const bucket = settings.inspected || !settings.store ? undefined : await (0,_bucket_source_js__WEBPACK_IMPORTED_MODULE_8__/* .openBucketBackup */ .D)(settings.backup, settings.store, reporter);
    try {
        return await gatherWith(settings, deps, reporter, deferrable, bucket);
    }
    catch (e) {
        bucket?.close();
        throw e;
    }
}
async function gatherWith(settings, deps, reporter, deferrable, bucket) {
    const now = (deps.now ?? (() => new Date()))();
    const conn = settings.connection;
    const env = deps.env;
    const maintenanceDatabase = (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .maintenanceDatabaseFor */ .g7)(settings);
    // psql's discovery (a --version per copy found) and the sessions' start (psql, the connection,
    // the first query) need nothing from the backup: they run meanwhile; their errors come after
    // the backup's own.
    const psqlDiscovery = (0,_pg_tools_js__WEBPACK_IMPORTED_MODULE_5__/* .discoverTool */ .O)('psql', { binDir: settings.pgBinDir, env });
    const opening = psqlDiscovery.then((candidates) => {
        if (candidates.length === 0)
            return undefined;
        const newest = [...candidates].sort((a, b) => b.major - a.major)[0];
        const session = new _pg_js__WEBPACK_IMPORTED_MODULE_2__/* .PsqlSession */ .f6(newest.path, conn, (0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .utf8Env */ .$V)(env), maintenanceDatabase, { reopen: true });
        const server = (0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .probeServer */ ._D)(session);
        server.catch(() => { });
        // The run's lock is held by a session of its own (see server-lock.ts): started here too. Not
        // reopened: a new psql would not hold the lock.
        const lock = settings.dryRun ? undefined : new _pg_js__WEBPACK_IMPORTED_MODULE_2__/* .PsqlSession */ .f6(newest.path, conn, env, maintenanceDatabase);
        return { newest, session, server, lock };
    });
    opening.catch(() => { });
    const closeSessions = () => void opening.then((o) => [o?.session, o?.lock].forEach((x) => x?.kill()), () => { });
    let backup;
    try {
        backup =
            settings.inspected ??
                (await reporter.step(`Check the backup ${bucket?.backup.url ?? settings.backup}`, async () => {
                    const opts = { ...(0,_inspect_js__WEBPACK_IMPORTED_MODULE_7__/* .inspectOptions */ .hZ)(settings, env), deferFullRead: deferrable };
                    const i = bucket ? await (0,_bucket_source_js__WEBPACK_IMPORTED_MODULE_8__/* .inspectBucketBackup */ .$)(bucket, opts) : await (0,_inspect_js__WEBPACK_IMPORTED_MODULE_7__/* .inspectBackup */ .T3)(settings.backup, opts);
                    reporter.info(i.deferred
                        ? `${i.format} (${i.compression}), ${(0,_report_js__WEBPACK_IMPORTED_MODULE_6__/* .formatBytes */ .z3)(i.sizeBytes)}${i.dumpedBy ? `; written by pg_dump ${i.dumpedBy}` : ''}; read in full${i.manifest ? ' and checked against its manifest' : ''} while it loads into the staging database, before the swap`
                        : checkedLine(i));
                    return i;
                }));
    }
    catch (e) {
        closeSessions();
        throw e;
    }
    return reporter.step(`Connect to ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .describeConnection */ .If)({ ...conn, database: maintenanceDatabase })}`, async () => {
        const psqlCandidates = await psqlDiscovery;
        const opened = await opening;
        if (!opened)
            throw (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .commandNotFound */ .Jy)('psql');
        const { newest, session } = opened;
        try {
            // The target's lock before its facts: a second restore stops here, naming the first, instead
            // of counting the first one's probe of the target (its privileges, below) as a session. It is
            // held until the run ends (see server-lock.ts).
            const [server, lock] = await Promise.all([
                opened.server,
                opened.lock && (0,_server_lock_js__WEBPACK_IMPORTED_MODULE_11__/* .holdServerLock */ .s)(opened.lock, 'restore', settings.database, `"${settings.database}" on ${conn.host}:${conn.port}`),
            ]);
            const [targetRows, settingRows, dbRows, extRows, roleRows, allRoles] = await Promise.all([
                session.query(targetFactsSql(settings.database, server.major)),
                session.query(targetSettingsSql(settings.database)),
                session.query('SELECT datname FROM pg_database'),
                session.query('SELECT name FROM pg_available_extensions'),
                session.query('SELECT rolsuper::text, rolcreatedb::text FROM pg_roles WHERE rolname = current_user'),
                session.query('SELECT rolname FROM pg_roles'),
            ]);
            const pgRestoreCandidates = backup.format === 'plain' ? [] : await (0,_pg_tools_js__WEBPACK_IMPORTED_MODULE_5__/* .discoverTool */ .O)('pg_restore', { binDir: settings.pgBinDir, env });
            const target = parseTargetFacts(targetRows, settingRows);
            let targetPrivileges;
            let targetPrivilegesUnread;
            if (target.exists) {
                try {
                    const rows = await (0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .psqlClient */ .Io)(newest.path, conn, (0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .utf8Env */ .$V)(env)).query(_privileges_js__WEBPACK_IMPORTED_MODULE_4__/* .TARGET_PRIVILEGES_SQL */ .yn, settings.database);
                    targetPrivileges = (0,_privileges_js__WEBPACK_IMPORTED_MODULE_4__/* .parseTargetPrivileges */ .fR)(rows);
                }
                catch (e) {
                    // A database that refuses connections (ALLOW_CONNECTIONS false) or this role: said in the plan's warnings.
                    targetPrivilegesUnread = (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .toAzaError */ .mu)(e).message;
                }
            }
            const superuser = roleRows[0]?.[0] === 'true';
            const others = target.sessions ? ` (${target.sessions} other session${target.sessions > 1 ? 's' : ''})` : '';
            reporter.info(`Server PostgreSQL ${server.version}; target "${settings.database}" ${target.exists ? `exists${others}` : 'does not exist'}`);
            return {
                now,
                backup,
                server,
                target,
                databases: dbRows.map((r) => r[0]),
                psqlCandidates,
                pgRestoreCandidates,
                ...(backup.compression === 'gzip' ? { igzip: (0,_gzip_tool_js__WEBPACK_IMPORTED_MODULE_10__/* .findIgzip */ .RS)(env) } : {}),
                availableExtensions: extRows.map((r) => r[0]),
                roles: allRoles.map((r) => r[0]),
                ...(targetPrivileges ? { targetPrivileges } : {}),
                ...(targetPrivilegesUnread ? { targetPrivilegesUnread } : {}),
                canCreateDatabase: superuser || roleRows[0]?.[1] === 'true',
                superuser,
                cores: (0,node_os__WEBPACK_IMPORTED_MODULE_0__.availableParallelism)(),
                psqlPath: newest.path,
                maintenance: session,
                ...(lock ? { lock } : {}),
                ...(bucket ? { bucket } : {}),
            };
        }
        catch (e) {
            opened.lock?.kill();
            await session.close().catch(() => { });
            throw e;
        }
    });
}


/***/ }),

/***/ 3177:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  MAX_IDENTIFIER_BYTES: () => (/* reexport */ plan/* MAX_IDENTIFIER_BYTES */.ho),
  RESTORE_MODES: () => (/* reexport */ RESTORE_MODES),
  RESTORE_OPTIONS: () => (/* reexport */ RESTORE_OPTIONS),
  RestoreFailed: () => (/* reexport */ run/* RestoreFailed */.Q),
  SCRIPT_COPY_SESSIONS: () => (/* reexport */ plan/* SCRIPT_COPY_SESSIONS */.md),
  STAGING_NAME_REGEX: () => (/* reexport */ plan/* STAGING_NAME_REGEX */.Mp),
  checkFullRead: () => (/* reexport */ plan/* checkFullRead */.gm),
  confirmError: () => (/* reexport */ confirmError),
  confirmationLines: () => (/* reexport */ confirmationLines),
  derivedName: () => (/* reexport */ plan/* derivedName */.Pr),
  describePlan: () => (/* reexport */ describePlan),
  describeRestore: () => (/* reexport */ describeRestore),
  detectFormat: () => (/* reexport */ inspect/* detectFormat */.Tz),
  inspectBackup: () => (/* reexport */ inspect/* inspectBackup */.T3),
  loadFailure: () => (/* reexport */ load_errors/* loadFailure */.L),
  maintenanceDatabaseFor: () => (/* reexport */ plan/* maintenanceDatabaseFor */.g7),
  ownDatabaseWarning: () => (/* reexport */ plan/* ownDatabaseWarning */.gs),
  parseTocList: () => (/* reexport */ inspect/* parseTocList */.iB),
  planRestore: () => (/* reexport */ plan/* planRestore */.q8),
  previousName: () => (/* reexport */ plan/* previousName */.vc),
  psqlKnowsRestrict: () => (/* reexport */ inspect/* psqlKnowsRestrict */.$i),
  restore: () => (/* binding */ restore),
  restoreSettings: () => (/* reexport */ restoreSettings),
  restoreStamp: () => (/* reexport */ plan/* restoreStamp */.cP),
  restoreSummary: () => (/* reexport */ restoreSummary),
  stagingName: () => (/* reexport */ plan/* stagingName */.zb)
});

// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: ./src/core/signing.ts
var signing = __webpack_require__(5204);
// EXTERNAL MODULE: ./src/core/object-store/index.ts + 3 modules
var object_store = __webpack_require__(2862);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
;// CONCATENATED MODULE: ./src/core/restore/describe.ts
/**
 * A restore plan in words: the dry-run lines, and the spec's DESTRUCTIVE OPERATION warning with the
 * question a face asks before anything is touched.
 */


/** The spec's DESTRUCTIVE OPERATION warning, said for this plan. */
function confirmationLines(plan, where) {
    const lines = [`DESTRUCTIVE OPERATION: restore ${plan.backup.path} into database "${plan.database}" on ${where}`];
    if (!plan.targetExists)
        lines.push(`Database "${plan.database}" does not exist yet; it will be created.`);
    else if (plan.mode === 'atomic') {
        lines.push(`Restore overwrites "${plan.database}": the data is restored into a new database and swapped in only when everything succeeded.`);
        lines.push(plan.keepPrevious
            ? `The current "${plan.database}" is kept as "${plan.previous}" (drop it when you are satisfied).`
            : `The current "${plan.database}" is DROPPED after the swap (keep-previous false).`);
    }
    else if (plan.mode === 'replace') {
        lines.push(`Restore overwrites "${plan.database}": it is DROPPED and recreated first. A failure leaves it partly restored.`);
    }
    else {
        lines.push(`Restore writes into the existing "${plan.database}"${plan.loader.kind === 'pg_restore' ? ', dropping the objects the archive contains first (--clean --if-exists)' : ''}; one transaction, rolled back on any error.`);
    }
    if (plan.needsExclusiveTarget && plan.terminateConnections)
        lines.push(`Other sessions on "${plan.database}" will be terminated.`);
    if (plan.backupBefore)
        lines.push(`A backup of "${plan.database}" is taken first: ${plan.backupBefore.path}`);
    else if (plan.targetExists)
        lines.push('No automatic backup is created before restore (pass --backup-before for one); this cannot be undone without a backup.');
    return lines;
}
/** The plan as lines a person can check (the --dry-run output). */
function describePlan(plan) {
    const b = plan.backup;
    const loader = plan.loader;
    return [
        `backup:     ${b.path} (${b.format}${b.format === 'plain' ? `, ${b.compression}` : ''}, ${b.sizeBytes} bytes, sha256 ${b.sha256.slice(0, 16)}…${b.manifest ? ', manifest matched' : ', no manifest'})`,
        ...(b.origin
            ? [
                `source:     ${b.origin.url}, manifest object ${b.origin.manifestUrl}: ${b.origin.copy ? `downloaded to a private copy (pg_restore reads archives from a seekable file), checked against the manifest before use` : 'streamed from the bucket for every read, never copied to disk'}`,
            ]
            : []),
        `target:     ${plan.database}${plan.targetExists ? '' : ' (created)'}, mode ${plan.mode}`,
        ...(plan.staging ? [`staging:    ${plan.staging}`] : []),
        ...(plan.previous ? [`previous:   ${plan.previous}${plan.keepPrevious ? ' (kept)' : ' (dropped after the swap)'}`] : []),
        ...(plan.createRoles.length
            ? [`roles:      create ${plan.createRoles.map((r) => (0,pg/* quoteIdent */.v4)(r)).join(', ')} (NOLOGIN, no password)`]
            : []),
        ...(plan.createSql ? [`create:     ${plan.createSql}`] : []),
        ...plan.copySettingsSql.map((s) => `then:       ${s}`),
        `load:       ${loader.kind === 'psql' ? `${loader.decompress !== 'none' ? `${loader.igzip ? 'igzip' : loader.decompress} -d | ` : ''}${loader.guard ? `guard${loader.guard.restrict ? ' + \\restrict' : ''} | ` : ''}${loader.path} ${loader.args.join(' ')}${loader.copySessions > 1 ? `; COPY data in ${loader.copySessions} sessions of its own` : ''}` : `${loader.path} ${loader.args.join(' ')}`}`,
        `trust:      ${b.trust?.scan === 'lifted' ? 'trust-backup: not checked, loaded as it is' : 'every line checked: nothing pg_dump never writes'}${b.trust?.signature ? `; manifest signed by ${b.trust.signature.keyId}` : ''}`,
        ...(plan.deferred
            ? [
                'read:       the head checked; the rest read in full (sha256, manifest, "dump complete") while it loads, before the swap; a statement the head did not show stops the load: the file is read in full, checked against this plan and loaded again',
            ]
            : []),
        `after:      ANALYZE, row counts ${plan.rowCounts}${plan.compareRowCounts ? ', compared with the manifest' : ''}`,
        ...plan.finishSql.map((s) => `finally:    ${s}`),
        ...(plan.backupBefore ? [`first:      backup to ${plan.backupBefore.path}`] : []),
    ];
}
/** What a face shows and asks: the plan, its warnings, and the question while consent is missing. */
function describeRestore(plan) {
    const where = `${plan.connection.host}:${plan.connection.port}`;
    return {
        lines: describePlan(plan),
        warnings: plan.warnings,
        dryRun: plan.dryRun,
        ...(plan.confirmed || plan.dryRun
            ? {}
            : {
                confirmation: {
                    warnings: confirmationLines(plan, where),
                    question: 'Press Enter to continue or Ctrl+C to cancel... ',
                    // Enter (or y/yes) goes on; anything else typed, or end of input, cancels.
                    accept: (answer) => ['', 'y', 'yes'].includes(answer.trim().toLowerCase()),
                    unanswered: new errors/* AzaError */.TF('CONFIRMATION_REQUIRED', `Restore overwrites database "${plan.database}" and needs confirmation, but there is no terminal to ask; nothing was restored`, 'Run it in a terminal and press Enter when asked, or pass --yes (-y) when you are sure.'),
                    declined: new errors/* AzaError */.TF('ABORTED', `Aborted: database "${plan.database}" was not touched`),
                },
            }),
    };
}

// EXTERNAL MODULE: ./src/core/restore/gather.ts
var gather = __webpack_require__(9999);
// EXTERNAL MODULE: ./src/core/restore/plan.ts
var plan = __webpack_require__(2975);
// EXTERNAL MODULE: ./src/core/trust-options.ts
var trust_options = __webpack_require__(2622);
// EXTERNAL MODULE: ./src/core/report.ts
var report = __webpack_require__(8557);
;// CONCATENATED MODULE: ./src/core/restore/report.ts


function restoreOutputs(r) {
    return {
        database: r.database,
        tables: r.tables.length,
        rows: r.rows,
        'duration-seconds': r.durationSeconds.toFixed(3),
        mode: r.mode,
        'previous-database': r.previousDatabase,
        'backup-before-path': r.backupBeforePath,
        format: r.inspection.format,
        sha256: r.inspection.sha256,
    };
}
/** A dry run's outputs: what would be restored, where. */
function plannedRestoreOutputs(plan) {
    return {
        database: plan.database,
        tables: 0,
        rows: 0,
        'duration-seconds': '0.000',
        mode: plan.mode,
        'previous-database': undefined,
        'backup-before-path': undefined,
        format: plan.backup.format,
        sha256: plan.backup.sha256,
    };
}
/** The line the command prints after a restore. */
function restoreDone(r) {
    return `✓ Restored ${r.inspection.origin?.url ?? r.inspection.path} into "${r.database}": ${r.tables.length} tables, ${r.rows} rows${r.previousDatabase ? `; previous database kept as "${r.previousDatabase}"` : ''}`;
}
function restoreSummary(r) {
    const plan = r.plan;
    const conn = plan.connection;
    const b = r.inspection;
    const rows = [
        ['Database', `${r.database} on ${conn.host}:${conn.port}`],
        ['Server', r.server ? `PostgreSQL ${r.server.version}` : ''],
        ['Backup', b.origin?.url ?? b.path],
        [
            'Format',
            `${b.format}${b.format === 'plain' ? `, ${b.compression}` : ''}, ${(0,report/* formatBytes */.z3)(b.sizeBytes)}${b.dumpedBy ? `, pg_dump ${b.dumpedBy}` : ''}`,
        ],
        ['Integrity', b.manifest ? 'size and sha256 match the manifest; read in full' : 'read in full (no manifest)'],
        ['Trust', (0,trust_options/* trustLine */.FP)(b)],
        ['Mode', r.mode],
        ['Previous database', r.previousDatabase ?? (plan.previous ? `${plan.previous} (dropped)` : 'none')],
        ['Tables', String(r.tables.length)],
        ['Rows', plan.rowCounts === 'none' ? 'not counted' : `${r.rows} (${plan.rowCounts})`],
        ['Row counts vs manifest', r.compared ? `all ${r.tables.length} tables match` : 'not compared'],
        ['Duration', (0,report/* formatSeconds */.Xo)(r.durationSeconds)],
    ];
    if (r.backupBeforePath)
        rows.push(['Backup before restore', r.backupBeforePath]);
    const expected = new Map((b.manifest?.tables ?? []).map((t) => [`${t.schema}.${t.table}`, t.rows]));
    const sorted = [...r.tables].sort((a, c) => (c.rows ?? 0) - (a.rows ?? 0));
    const shown = sorted.slice(0, 50);
    const notes = [];
    if (r.previousDatabase)
        notes.push(`The previous database is kept as "${r.previousDatabase}"; drop it when satisfied: dropdb -h ${conn.host} -U ${conn.user} '${r.previousDatabase}'`);
    if (sorted.length > shown.length)
        notes.push(`${sorted.length - shown.length} smaller tables not listed.`);
    return {
        title: `Restore of ${r.database}`,
        rows,
        sections: plan.rowCounts === 'none' || r.tables.length === 0
            ? []
            : [
                {
                    title: 'Table statistics',
                    header: r.compared ? ['Table', 'Rows', 'Manifest'] : ['Table', 'Rows'],
                    rows: shown.map((t) => {
                        const name = `${t.schema}.${t.table}`;
                        return r.compared ? [name, String(t.rows ?? '?'), String(expected.get(name) ?? '?')] : [name, String(t.rows ?? '?')];
                    }),
                },
            ],
        notes,
    };
}

// EXTERNAL MODULE: ./src/core/restore/run.ts + 4 modules
var run = __webpack_require__(2745);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/manifest.ts
var manifest = __webpack_require__(4414);
// EXTERNAL MODULE: ./src/core/connection-options.ts
var connection_options = __webpack_require__(1756);
;// CONCATENATED MODULE: ./src/core/restore/settings.ts
/**
 * Restore settings: one option table for the action inputs and the CLI flags, one function that
 * turns what the user said into validated settings. Nothing here touches the system.
 */






const RESTORE_MODES = ['atomic', 'replace', 'into-existing'];
const RESTORE_OPTIONS = [
    {
        name: 'backup',
        description: 'Path of the backup: `.sql`, `.sql.gz`, `.sql.zst`, a custom archive (`.dump`) or a directory dump. The format is read from the content; a `<file>.manifest.json` beside it is checked (size, sha256, row counts). Or an object in a bucket, `s3://bucket/prefix/backup_….sql.gz` (its manifest object required), or `s3://bucket/prefix/latest` for the newest complete backup under the prefix',
        required: true,
        positional: 0,
    },
    { name: 'database', description: 'Target database', default: 'postgres', positional: 1 },
    {
        name: 'confirm',
        description: 'Must equal the target database name exactly. A restore overwrites the target and a workflow has no terminal to ask in. Not needed for dry-run',
        only: 'action',
    },
    {
        name: 'yes',
        short: 'y',
        description: 'Do not ask for confirmation (needed without a terminal)',
        default: false,
        flag: true,
        only: 'cli',
    },
    {
        name: 'mode',
        description: 'atomic (restore into a new database beside the target, swap names only when everything succeeded; a failure leaves the target as it was), replace (drop and recreate the target first) or into-existing (restore into the target as it is, in one transaction; archives with `--clean --if-exists`)',
        default: 'atomic',
    },
    {
        name: 'keep-previous',
        description: 'atomic: keep the replaced database as `<database>_before_restore_<UTC stamp>` (output previous-database). false: drop it after the swap',
        default: true,
    },
    {
        name: 'create',
        description: 'Create the target database when it does not exist (otherwise: error "Database does not exist")',
        default: false,
        flag: true,
    },
    {
        name: 'backup-before',
        description: 'Back up the target (plain gzip, with a manifest) before restoring over it',
        default: false,
        flag: true,
    },
    {
        name: 'backup-dir',
        description: 'Directory for the backup-before file',
        defaultText: 'the working directory (in an action: the workspace)',
    },
    {
        name: 'terminate-connections',
        description: 'Terminate other sessions on the target for the swap (atomic) or the drop (replace). false: refuse while they exist',
        default: false,
        flag: true,
    },
    {
        name: 'jobs',
        description: 'Parallel sessions: `pg_restore` jobs for custom and directory archives, COPY sessions for a plain script',
        defaultText: 'the number of cores (for a plain script at most 2)',
    },
    {
        name: 'keep-owners',
        description: 'Archives: restore object owners. Default `--no-owner`, so dumps move across environments',
        default: false,
        flag: true,
    },
    { name: 'keep-privileges', description: 'Archives: restore GRANTs. Default `--no-acl`', default: false, flag: true },
    {
        name: 'accept-privilege-loss',
        description: 'Restore over a database whose object owners or grants the backup does not carry (a plain backup without privileges, an archive without keep-owners/keep-privileges); otherwise refused, with the list of what would be lost',
        default: false,
        flag: true,
    },
    {
        name: 'create-roles',
        description: 'Create the roles the backup names (recorded in its manifest: owners, grants, policies) that the server lacks, without login and without a password, before loading; for a restore into another cluster',
        default: false,
        flag: true,
    },
    {
        name: 'row-counts',
        description: `Per-table row counts after the restore: ${manifest/* ROW_COUNT_MODES */.m0.join(', ')}. Exact counts are compared with the manifest; any difference fails the restore (atomic: before the swap)`,
        default: 'exact',
    },
    { name: 'require-manifest', description: 'Refuse a backup without a manifest beside it', default: false, flag: true },
    {
        name: 'maintenance-database',
        description: 'Database to connect to for CREATE/DROP/ALTER DATABASE',
        defaultText: 'postgres (template1 when the target is postgres)',
    },
    {
        name: 'dry-run',
        description: 'Check the backup, the server and the target and print the plan; change nothing',
        default: false,
        flag: true,
    },
    ...trust_options/* TRUST_OPTIONS */.Qb,
    ...object_store/* OBJECT_STORE_OPTIONS */.Pj,
    ...connection_options/* CONNECTION_OPTIONS */.Ur,
];
function confirmError(database, given) {
    return new errors/* AzaError */.TF('CONFIRMATION_REQUIRED', given === undefined
        ? `Input confirm is required: set it to the target database name ("${database}") to allow overwriting it`
        : `Input confirm ("${given}") does not name the target database ("${database}"); nothing was restored`, `A restore overwrites the target database and a workflow has no terminal to ask. Set confirm: ${database} (the exact target name).`);
}
/** The spec's `restore <backup> [database]`: the CLI passes the positionals in as these options. */
function restoreSettings(inputs, env, cwd) {
    const backupRaw = inputs.string('backup');
    if (backupRaw === undefined) {
        throw inputs.missing({ message: 'Missing the backup file', usage: 'Usage: aza-pg restore <backup> [database]   e.g. aza-pg restore backup.sql.gz mydb' }, { message: 'Missing input "backup"', hint: 'Set backup to the path of the backup file.' });
    }
    const explicitDb = inputs.verbatim('database');
    if (explicitDb !== undefined && explicitDb.trim() === '')
        throw new errors/* AzaError */.TF('INVALID_INPUT', 'The database name is empty', 'Name the target database, e.g. mydb.');
    const database = explicitDb ?? inputs.stringOrDefault('database');
    if (Buffer.byteLength(database) > 63) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `The database name "${database}" is longer than 63 bytes`, 'PostgreSQL truncates longer names; choose a shorter one.');
    }
    const dryRun = inputs.boolean('dry-run');
    let confirmed;
    if (inputs.source === 'action') {
        const given = inputs.verbatim('confirm');
        // A dry run changes nothing and may go without; a confirm that names another database never passes.
        if (given !== database && (given !== undefined || !dryRun))
            throw confirmError(database, given);
        confirmed = true;
    }
    else
        confirmed = inputs.boolean('yes');
    const mode = inputs.oneOf('mode', RESTORE_MODES);
    const keepPrevious = inputs.boolean('keep-previous');
    if (inputs.has('keep-previous') && mode !== 'atomic') {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('keep-previous')} applies to mode atomic only (mode ${mode} keeps no previous database)`, `Drop ${inputs.label('keep-previous')}, or use mode atomic.`);
    }
    const backupBefore = inputs.boolean('backup-before');
    if (inputs.has('backup-dir') && !backupBefore) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('backup-dir')} needs ${inputs.label('backup-before')}`, `Add ${inputs.label('backup-before')}, or drop ${inputs.label('backup-dir')}.`);
    }
    const jobs = inputs.integer('jobs', { min: 1, max: 64 });
    const maintenance = inputs.verbatim('maintenance-database');
    return {
        backup: (0,object_store/* isObjectUrl */.rS)(backupRaw) ? backupRaw : (0,external_node_path_.resolve)(cwd, backupRaw),
        ...((0,object_store/* isObjectUrl */.rS)(backupRaw) ? { store: (0,object_store/* objectStoreSettings */.qR)(inputs, env) } : {}),
        database,
        mode,
        keepPrevious,
        create: inputs.boolean('create'),
        backupBefore,
        backupDir: (0,external_node_path_.resolve)(cwd, inputs.string('backup-dir') ?? '.'),
        terminateConnections: inputs.boolean('terminate-connections'),
        ...(jobs !== undefined ? { jobs } : {}),
        keepOwners: inputs.boolean('keep-owners'),
        keepPrivileges: inputs.boolean('keep-privileges'),
        createRoles: inputs.boolean('create-roles'),
        acceptPrivilegeLoss: inputs.boolean('accept-privilege-loss'),
        rowCounts: inputs.oneOf('row-counts', manifest/* ROW_COUNT_MODES */.m0),
        requireManifest: inputs.boolean('require-manifest'),
        ...(maintenance !== undefined ? { maintenanceDatabase: maintenance } : {}),
        dryRun,
        confirmed,
        connection: (0,connection_options/* connectionSettings */.Q7)(inputs, env, database),
        ...((0,connection_options/* clientBinDir */.av)(inputs, cwd) !== undefined ? { pgBinDir: (0,connection_options/* clientBinDir */.av)(inputs, cwd) } : {}),
        ...(0,trust_options/* trustSettings */.QL)(inputs, env, cwd),
    };
}

// EXTERNAL MODULE: ./src/core/restore/inspect.ts + 3 modules
var inspect = __webpack_require__(2165);
// EXTERNAL MODULE: ./src/core/restore/load-errors.ts
var load_errors = __webpack_require__(3902);
;// CONCATENATED MODULE: ./src/core/restore/index.ts









const restore = {
    name: 'restore',
    description: 'Restore a PostgreSQL database from a backup (plain SQL, gzip, zstd, custom or directory archive). Checks the whole file and its manifest first; atomic by default: the target is swapped only after a successful load and row-count check.',
    branding: { icon: 'rotate-ccw', color: 'orange' },
    options: RESTORE_OPTIONS,
    outputSpecs: [
        { name: 'database', description: 'The restored database.' },
        { name: 'tables', description: 'Number of tables in the restored database.' },
        { name: 'rows', description: 'Total rows in them (exact unless row-counts says otherwise).' },
        { name: 'duration-seconds', description: 'Wall time of the whole operation.' },
        { name: 'mode', description: 'The mode used.' },
        {
            name: 'previous-database',
            description: 'atomic with keep-previous: the name the replaced database was kept under; empty otherwise.',
        },
        { name: 'backup-before-path', description: 'The backup taken before the restore (backup-before); empty otherwise.' },
        { name: 'format', description: 'The detected backup format: plain, custom, directory or tar.' },
        { name: 'sha256', description: 'SHA-256 of the backup (directory: of its sorted per-file checksums).' },
    ],
    cli: {
        usage: 'aza-pg restore <backup> [database] [options]',
        examples: [
            'aza-pg restore backup.sql.gz                      # into database postgres, asks first',
            'aza-pg restore backup.sql.gz mydb',
            'PGHOST=db.example.com PGUSER=admin PGPASSWORD=secret aza-pg restore backup.sql.gz production',
            'aza-pg restore backup.dump staging --jobs 8 --terminate-connections -y',
            'aza-pg restore backup.sql.gz mydb --backup-before --keep-previous false',
        ],
        done: restoreDone,
    },
    settings: restoreSettings,
    secrets: (s) => [...(0,pg/* connectionSecrets */.K$)(s.connection), ...(0,signing/* keySecrets */.PZ)(s.verifyKeys ?? []), ...(0,object_store/* objectStoreSecrets */.au)(s.store)],
    gather: gather/* gatherRestoreFacts */.X2,
    plan: plan/* planRestore */.q8,
    describe: describeRestore,
    run: run/* runRestore */.Y,
    outputs: restoreOutputs,
    plannedOutputs: plannedRestoreOutputs,
    summary: restoreSummary,
    // A person may take a while to answer: no session but the lock's waits idle on the server
    // meanwhile (the lock stays, so no other restore of the target starts while they read the plan).
    beforePrompt: (facts) => void facts.maintenance.close().catch(() => { }),
    release: (facts) => {
        facts.bucket?.close();
        void Promise.all([facts.maintenance.close(), facts.lock?.release()]).catch(() => { });
    },
};









/***/ }),

/***/ 3902:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ loadFailure)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4551);
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5593);
/**
 * What a loader's failure means: its stderr read for the statement it stopped at and the cause,
 * turned into an error with the spec's troubleshooting entry as the hint.
 */



/** A psql command a person can paste (every word shell-quoted). */
function psqlCommand(conn, database, sql) {
    return ['psql', '-h', conn.host, '-U', conn.user, ...(database ? ['-d', database] : []), '-c', sql].map(_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .shellWord */ .r7).join(' ');
}
/**
 * What the server and pg_restore say after the error line: the DETAIL (what depends on what, which
 * key) and the statement ("Command was: …"). Without them a failure into an existing database names
 * no object.
 */
function contextLines(lines, at) {
    const out = [];
    for (const line of lines.slice(at + 1)) {
        if (/ERROR:|FATAL:|error:/.test(line))
            break;
        if (/^(DETAIL|HINT):|^Command was:/.test(line))
            out.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
        if (out.length === 3)
            break;
    }
    return out;
}
/** A conflict with what the target holds: drop the extension only when an extension is what conflicts. */
function conflictHint(stderr, detail, conn, database) {
    const fresh = 'Restore into a fresh database (mode atomic or replace), or drop and recreate the target (dropdb / createdb)';
    const ext = /extension "([^"]+)" already exists/.exec(detail) ?? /Command was: CREATE EXTENSION (?:IF NOT EXISTS )?"?([^"\s;]+)"?/.exec(stderr);
    if (ext) {
        return `The extension "${ext[1]}" is in the target already. ${fresh}, or drop the extension with CASCADE (it drops what depends on it): ${psqlCommand(conn, database, `DROP EXTENSION IF EXISTS ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(ext[1])} CASCADE;`)}`;
    }
    const what = /ERROR:\s+(.+?) already exists/.exec(detail)?.[1];
    return `The target holds ${what ?? 'an object of the dump'} already: into an existing database, the dump's objects must not be there. ${fresh}, or drop the conflicting object first.`;
}
/** A loader's failure with the spec's troubleshooting entry as the hint. */
function loadFailure(tool, stderr, conn, plan) {
    const lines = stderr
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const at = lines.findIndex((l) => /ERROR:|FATAL:|error:/.test(l));
    const errorLine = lines[at] ?? lines[0] ?? `${tool} failed`;
    const detail = errorLine.replace(/^pg_restore: (error: )?/, '').replace(/^psql:<stdin>:(\d+): /, 'line $1: ');
    if (/connection to server|could not connect|password authentication failed|no password supplied/.test(stderr) && !/ERROR:/.test(stderr)) {
        return (0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .connectionError */ .$t)(stderr, { ...conn, database: plan.loadInto });
    }
    let hint;
    let code = 'RESTORE_FAILED';
    const ext = /extension "([^"]+)" is not available|could not open extension control file ".*\/([^/"]+)\.control"/.exec(stderr);
    if (ext) {
        code = 'EXTENSION_MISSING';
        hint = `Install extension "${ext[1] ?? ext[2]}" on the server (its postgresql-N-<name> or contrib package), then restore again.`;
    }
    else if (/already exists/.test(detail)) {
        hint = conflictHint(stderr, detail, conn, plan.database);
    }
    else if (/permission denied|must be owner|must be superuser/.test(detail)) {
        code = 'PERMISSION_DENIED';
        hint = `Ensure the user has CREATE privileges: ${psqlCommand({ ...conn, user: 'postgres' }, undefined, `GRANT ALL ON DATABASE ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(plan.database)} TO ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteIdent */ .v4)(conn.user)};`)} (or restore as the database owner or a superuser).`;
    }
    else if (/invalid command \\(restrict|unrestrict)/.test(stderr)) {
        code = 'TOOL_TOO_OLD';
        hint = 'This psql does not know \\restrict (new in 13.22, 14.19, 15.14, 16.10, 17.6, 18): update the PostgreSQL client tools.';
    }
    else if (/unrecognized configuration parameter/.test(detail)) {
        hint = 'The dump comes from a newer PostgreSQL than the target server; restore into a server of the same major version or newer.';
    }
    else {
        hint = 'The dump stops at this statement; fix its cause (or the dump) and restore again.';
    }
    const context = at >= 0 ? contextLines(lines, at) : [];
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF(code, `Restore failed: ${tool} stopped at ${detail}${context.length ? ` (${context.join('; ')})` : ''}`, hint);
}


/***/ }),

/***/ 2745:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Q: () => (/* binding */ RestoreFailed),
  Y: () => (/* binding */ runRestore)
});

// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/exec.ts + 2 modules
var exec = __webpack_require__(4551);
// EXTERNAL MODULE: ./src/core/compress.ts
var compress = __webpack_require__(1983);
// EXTERNAL MODULE: ./src/core/databases.ts
var databases = __webpack_require__(3969);
// EXTERNAL MODULE: ./src/core/roles.ts
var roles = __webpack_require__(3782);
// EXTERNAL MODULE: ./src/core/rowcounts.ts
var rowcounts = __webpack_require__(2007);
// EXTERNAL MODULE: ./src/core/backup/index.ts + 4 modules
var backup = __webpack_require__(1785);
// EXTERNAL MODULE: ./src/core/operation.ts
var operation = __webpack_require__(5018);
// EXTERNAL MODULE: ./src/core/restore/gather.ts
var gather = __webpack_require__(9999);
// EXTERNAL MODULE: ./src/core/restore/inspect.ts + 3 modules
var inspect = __webpack_require__(2165);
;// CONCATENATED MODULE: ./src/core/restore/copy-counts.ts
const IDENT = String.raw `(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
/** pg_dump's data statement: `COPY schema.table (col, …) FROM stdin;` on one line, text format. */
const COPY_LINE = new RegExp(String.raw `^COPY\s+(${IDENT})\.(${IDENT})\s*(?:\((?:[^()"]|"(?:[^"]|"")*")*\))?\s*FROM\s+stdin;\s*$`, 'i');
/** Functions pg_dump calls with SELECT (settings, sequences, large objects): none adds rows. */
const DUMP_SELECTS = new Set(['set_config', 'setval', 'lo_create', 'lo_open', 'lowrite', 'lo_close', 'lo_truncate']);
/** Statements that change no table's rows (their first word). */
const ROWLESS = new Set([
    'set',
    'reset',
    'create',
    'alter',
    'comment',
    'copy',
    'grant',
    'revoke',
    'security',
    'drop',
    'begin',
    'commit',
    'start',
    'end',
    'refresh',
]);
/** An identifier as the server reads it (lines are latin1 text of UTF-8 bytes). */
function identifier(raw) {
    const name = raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
    return Buffer.from(name, 'latin1').toString('utf8');
}
class CopyRowCounter {
    counts = new Map();
    current;
    triggerOrRule = false;
    /** Set by the guard that reads what psql reads: without one (pg_restore, --trust-backup), nothing was counted. */
    watched = false;
    /** Why the counts cannot stand for the tables' rows; unset while they can. */
    unusable;
    /** The guard in front of psql reads every line through this counter. */
    watch() {
        this.watched = true;
    }
    /** A statement ended; `words` are its first words (lower case, quoted ones start with `"`). */
    statement(words, createAs) {
        if (this.unusable)
            return;
        const [first, second, third] = words;
        if (first === undefined)
            return;
        if (first === 'select') {
            if (second !== 'pg_catalog' || !DUMP_SELECTS.has(third ?? ''))
                this.unusable = 'a SELECT of a function pg_dump does not call';
            return;
        }
        if (!ROWLESS.has(first)) {
            this.unusable = `a ${first.toUpperCase()} statement`;
            return;
        }
        if (first === 'create' && createAs)
            this.unusable = 'a CREATE TABLE … AS';
        else if (first === 'create' && words.some((w) => w === 'trigger' || w === 'rule'))
            this.triggerOrRule = true;
    }
    /** The line that ended a COPY … FROM stdin statement: its data follows. */
    copyStart(line) {
        const m = COPY_LINE.exec(line);
        if (!m)
            this.unusable ??= 'a COPY statement other than pg_dump’s one-line text-format form';
        // A trigger or rule made before the data may add rows the data lines do not show.
        else if (this.triggerOrRule)
            this.unusable ??= 'a trigger or rule created before the data';
        this.current = m ? { schema: identifier(m[1]), table: identifier(m[2]), rows: 0 } : undefined;
    }
    /** The COPY's data ended after `rows` lines. */
    copyEnd(rows) {
        const t = this.current;
        this.current = undefined;
        if (!t)
            return;
        const key = `${t.schema}\u0000${t.table}`;
        const seen = this.counts.get(key);
        if (seen)
            seen.rows = (seen.rows ?? 0) + rows;
        else
            this.counts.set(key, { ...t, rows });
    }
    /** Per-table rows the COPY data loaded, or undefined when they cannot stand for the tables' rows. */
    result() {
        if (!this.watched || this.unusable || this.current)
            return undefined;
        return [...this.counts.values()];
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/core/gzip-tool.ts
var gzip_tool = __webpack_require__(542);
// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: ./src/core/restore/load-errors.ts
var load_errors = __webpack_require__(3902);
// EXTERNAL MODULE: ./src/core/restore/sql-guard.ts + 2 modules
var sql_guard = __webpack_require__(306);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/core/restore/copy-lanes.ts
/**
 * Parallel COPY for a plain SQL script: the data of each `COPY schema.table … FROM stdin` that the
 * guard passes is shared out over sessions of its own ("lanes", a psql each), in runs of whole
 * lines, while psql's own session runs everything else in the script's order. pg_restore --jobs
 * does the same per table for archives; a plain dump's data is mostly one or two large tables, so
 * here one table's lines are shared too. One COPY in one session keeps one core of the server busy
 * and leaves the rest idle: pgbench's 5 million rows load in 2.9 s over two sessions, 4.2 s in one.
 *
 * What keeps it the same script:
 * - before a COPY goes to the lanes, psql's session has run everything before it (a query whose
 *   answer comes back through psql's output); lanes never see an uncommitted table;
 * - after it, nothing else runs, in psql's session or in the lanes, until every lane has finished
 *   its part;
 * - a lane takes over psql's session settings (client_encoding, search_path, row_security, the
 *   timeouts, the role: whatever the script SET) as they are at that moment;
 * - only outside a transaction block (lanes cannot share one) and only a one-line COPY of a
 *   schema-qualified table; anything else stays in psql's session;
 * - only in pg_dump's scripts (planRestore): pg_dump makes foreign keys and triggers after the
 *   data, so no row is checked against a row another lane has not written yet.
 * The rows of a table land in the order the lanes write them, not the dump's: `--jobs 1` keeps the
 * order. A lane that cannot connect is left out; a lane's error fails the load like psql's would.
 */




/** psql's output, watched for the answers to our own queries among what the script prints. */
class ScriptOutput extends external_node_stream_.Writable {
    text = '';
    waiting;
    ended = false;
    /**
     * Resolves with what psql prints between two `tag`s. When psql's output ends first, psql has
     * failed (only an error or the end of its input ends it): its exit status fails the load, and
     * this wait goes with the pipeline, unanswered (an error of ours would hide psql's).
     */
    between(tag) {
        return new Promise((resolve) => {
            if (this.ended)
                return;
            this.waiting = { tag, resolve };
            this.look();
        });
    }
    look() {
        const w = this.waiting;
        if (!w) {
            // Nothing asked: only a tail is kept (a tag may be cut between two chunks only once asked).
            if (this.text.length > 4096)
                this.text = this.text.slice(-4096);
            return;
        }
        const a = this.text.indexOf(w.tag);
        const b = a < 0 ? -1 : this.text.indexOf(w.tag, a + w.tag.length);
        if (b < 0)
            return;
        this.waiting = undefined;
        const answer = this.text.slice(a + w.tag.length, b);
        this.text = this.text.slice(b + w.tag.length);
        w.resolve(answer);
    }
    _write(chunk, _e, cb) {
        this.text += chunk.toString('latin1');
        this.look();
        cb();
    }
    _final(cb) {
        this.ended = true;
        this.waiting = undefined;
        cb();
    }
}
/**
 * The session settings psql's session has at this point, hex of UTF-8 JSON (whatever the script's
 * client_encoding, the answer is ASCII).
 */
const SESSION_STATE_SQL = `encode(convert_to(json_build_object(
  'sessionUser', session_user, 'currentUser', current_user,
  'settings', (SELECT coalesce(json_agg(json_build_array(name, setting) ORDER BY name = 'client_encoding', name), '[]') FROM pg_catalog.pg_settings WHERE source = 'session')
)::text, 'UTF8'), 'hex')`;
class CopyLanes {
    opts;
    /** Where psql's output goes: the answers to the syncs are read there. */
    output = new ScriptOutput();
    lanes = [];
    /** The lanes' connections, made from the start (they overlap the load's first bytes). */
    ready;
    tag = (0,external_node_crypto_.randomBytes)(12).toString('hex');
    syncs = 0;
    /** psql's session has run everything sent to it (as of the last sync). */
    mainSynced = false;
    laneScript = '';
    /** The COPY being shared out, or none (its data goes to psql's session). */
    copy;
    next = 0;
    /** Lanes finishing their part of a COPY; nothing runs in psql's session before they are done. */
    finishing = [];
    /** How many COPY statements ran on lanes, and on how many (for the report). */
    copies = 0;
    sessions = 0;
    constructor(opts) {
        this.opts = opts;
        this.ready = this.connect();
    }
    async connect() {
        const sessions = Array.from({ length: this.opts.count }, () => this.opts.open());
        const logins = await Promise.allSettled(sessions.map((s) => s.query('SELECT session_user')));
        const failed = logins.find((r) => r.status === 'rejected');
        logins.forEach((r, i) => {
            if (r.status === 'fulfilled')
                this.lanes.push({ session: sessions[i], login: r.value[0]?.[0] ?? '', synced: 0, open: false });
            else
                sessions[i].kill();
        });
        if (failed) {
            this.opts.note(`COPY data loads in ${this.lanes.length >= 2 ? `${this.lanes.length} sessions` : "psql's session only"}: ${this.opts.count - this.lanes.length} of ${this.opts.count} sessions could not connect (${failed.reason.message}).`);
        }
        if (this.lanes.length < 2) {
            for (const l of this.lanes)
                l.session.kill();
            this.lanes = [];
        }
        this.sessions = this.lanes.length;
    }
    /** Sends pieces of the guarded script on, `toScript` being psql's session. */
    async route(pieces, toScript) {
        for (const [piece, kind, inBlock] of pieces) {
            if (kind === 'noop') {
                toScript(piece);
            }
            else if (kind === 'copy-head') {
                if (await this.canShare(piece, inBlock)) {
                    // One COPY at a time, as psql runs them: a table's rows may be checked against the one
                    // before it (a foreign key or trigger a script makes before its data).
                    await this.settle();
                    if (!this.mainSynced)
                        await this.sync(toScript);
                    this.copy = piece;
                }
                else {
                    await this.settle();
                    toScript(piece);
                    this.mainSynced = false;
                }
            }
            else if (kind === 'copy-data' && this.copy) {
                await this.share(piece);
            }
            else if (kind === 'copy-end' && this.copy) {
                this.endCopy();
            }
            else {
                // A statement, or the data of a COPY psql's session runs itself.
                if (kind === 'sql')
                    await this.settle();
                toScript(piece);
                this.mainSynced = false;
            }
        }
    }
    /** The end of the script: every lane's part done (a COPY cut short ends there, as psql ends it at EOF). */
    async finish() {
        if (this.copy)
            this.endCopy();
        await this.settle();
    }
    /** Ends the lanes' psql (after finish()) or, after a failure, kills them. */
    async close(failed) {
        await this.ready;
        const lanes = this.lanes;
        this.lanes = [];
        if (failed)
            for (const l of lanes)
                l.session.kill();
        else
            await Promise.all(lanes.map((l) => l.session.close()));
    }
    async canShare(head, inBlock) {
        if (inBlock)
            return false;
        const m = COPY_LINE.exec(head.toString('latin1').replace(/\r?\n$/, ''));
        // A temporary table is psql's session's own.
        if (!m || /^"?pg_temp/i.test(m[1]))
            return false;
        await this.ready;
        return this.lanes.length >= 2;
    }
    /** Asks psql's session for its settings once it has run everything before; lanes take them. */
    async sync(toScript) {
        const n = ++this.syncs;
        const tag = `__aza_pg_sync_${this.tag}_${n}__`;
        const answer = this.output.between(tag);
        toScript(Buffer.from(`SELECT '${tag}' || ${SESSION_STATE_SQL} || '${tag}';\n`));
        const hex = (await answer).trim();
        const state = JSON.parse(Buffer.from(hex, 'hex').toString('utf8'));
        this.mainSynced = true;
        // Every lane logged in as psql's session did (the same connection settings).
        this.laneScript = laneSettings(state, this.lanes[0].login);
    }
    /** A run of data lines to the next lane that takes it without waiting. */
    async share(piece) {
        for (;;) {
            for (let k = 0; k < this.lanes.length; k++) {
                const i = (this.next + k) % this.lanes.length;
                const lane = this.lanes[i];
                if (!lane.session.writable)
                    continue;
                this.next = i + 1;
                this.openCopy(lane);
                lane.session.writeScript(piece);
                return;
            }
            // A lane that fails meanwhile fails the next write to it, or this wait.
            await Promise.race(this.lanes.map((l) => l.session.drained()));
        }
    }
    openCopy(lane) {
        if (lane.open)
            return;
        if (lane.synced !== this.syncs) {
            lane.session.writeScript(this.laneScript);
            lane.synced = this.syncs;
        }
        lane.session.writeScript(this.copy);
        lane.open = true;
    }
    endCopy() {
        // A COPY without data runs too (on one lane): its errors (no such table, no privilege) stay.
        if (!this.lanes.some((l) => l.open))
            this.openCopy(this.lanes[0]);
        for (const lane of this.lanes) {
            if (!lane.open)
                continue;
            lane.open = false;
            const done = lane.session.finishScript('\\.\n');
            done.catch(() => { }); // awaited by settle()
            this.finishing.push(done);
        }
        this.copy = undefined;
        this.copies++;
    }
    async settle() {
        const all = this.finishing;
        this.finishing = [];
        await Promise.all(all);
    }
}
/** What a lane runs to have psql's session's settings and role. */
function laneSettings(state, login) {
    const lines = ['RESET SESSION AUTHORIZATION;', 'RESET ALL;'];
    if (state.sessionUser !== login)
        lines.push(`SET SESSION AUTHORIZATION ${(0,pg/* quoteIdent */.v4)(state.sessionUser)};`);
    if (state.currentUser !== state.sessionUser)
        lines.push(`SET ROLE ${(0,pg/* quoteIdent */.v4)(state.currentUser)};`);
    // client_encoding last (the query orders it so): what follows it is read in that encoding.
    for (const [name, value] of state.settings)
        lines.push(`SELECT pg_catalog.set_config(${literal(name)}, ${literal(value)}, false);`);
    return `${lines.join('\n')}\n`;
}
/** A string literal read the same whatever standard_conforming_strings is. */
function literal(value) {
    return value.includes('\\') ? `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : (0,pg/* quoteLiteral */.ce)(value);
}

// EXTERNAL MODULE: ./src/core/restore/sql-scan.ts
var sql_scan = __webpack_require__(7094);
;// CONCATENATED MODULE: ./src/core/restore/load.ts
/**
 * The load itself: the backup streamed into the load database by psql or pg_restore, then ANALYZE
 * and the row counts, compared with the manifest.
 */













const LOAD_CHUNK = 256 * 1024;
/**
 * BEGIN before the script and COMMIT after it, sent only once the whole backup has come through.
 * psql's --single-transaction commits at the end of its input, and a killed restore ends that
 * input early: psql would commit a partial load. Here a cut-short stream ends without COMMIT, so
 * the server rolls the transaction back when psql goes.
 */
class OneTransaction extends external_node_stream_.Transform {
    constructor() {
        super();
        this.push('BEGIN;\n');
    }
    _transform(chunk, _enc, callback) {
        callback(null, chunk);
    }
    _flush(callback) {
        callback(null, '\nCOMMIT;\n');
    }
}
class Discard extends external_node_stream_.Writable {
    _write(_c, _e, cb) {
        cb();
    }
}
/**
 * Streams the backup into the load database with psql or pg_restore. `backup` is what is known of
 * the file (a script's own database statements are skipped as it says); `check` hashes and scans
 * the bytes on their way (a restore that reads the file once).
 */
async function load(plan, backup, env, reporter, check, counter) {
    const conn = plan.connection;
    const childEnv = (0,pg/* utf8Env */.$V)((0,pg/* libpqEnv */.kY)(conn, env, plan.loadInto));
    const secrets = (0,pg/* connectionSecrets */.K$)(conn);
    const loader = plan.loader;
    // stderr arrives in chunks that may cut a line: keep the text, split it when it is complete.
    let stderr = '';
    const onStderr = (_stage, text) => {
        if (stderr.length < 64 * 1024)
            stderr += text;
    };
    const lines = () => stderr
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(0, 50);
    if (loader.kind === 'pg_restore') {
        const r = await (0,exec/* run */.eF)(loader.path, loader.args, { env: childEnv, secrets, allowFailure: true });
        if (r.code !== 0)
            throw (0,load_errors/* loadFailure */.L)('pg_restore', r.stderr, conn, plan);
        for (const line of r.stderr
            .split('\n')
            .filter((l) => /warning/i.test(l))
            .slice(0, 20))
            reporter.warn(line.trim());
        return;
    }
    const measure = check?.measure ?? new compress/* MeasureStream */.jU((n) => reporter.progress(n));
    const stages = [
        { kind: 'source', name: 'read', stream: await (0,inspect/* openBackup */.Tw)(backup.path, backup.remote) },
        { kind: 'transform', name: 'progress', stream: measure },
    ];
    // Large pieces: each one is a write into psql's pipe and a pass of the checks (16 KiB by default).
    if (loader.decompress === 'gzip')
        stages.push((0,gzip_tool/* gunzipStage */.Wz)(loader.igzip, LOAD_CHUNK));
    if (loader.decompress === 'zstd')
        stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-q', '-c'] });
    if (check)
        stages.push({ kind: 'transform', name: 'scan', stream: check.scan });
    const own = backup.ownDatabase;
    if (own)
        stages.push({ kind: 'transform', name: 'own-database', stream: new sql_scan/* OwnDatabaseFilter */.Oo(own.name, own.lastLine) });
    // The COPY data shared out over sessions of their own (the guard finds it for them); they
    // connect from here, while the load starts.
    const lanes = loader.guard && loader.copySessions > 1
        ? new CopyLanes({
            count: loader.copySessions,
            open: () => new pg/* PsqlSession */.f6(loader.path, conn, (0,pg/* utf8Env */.$V)(env), plan.loadInto, {
                failure: (_code, text) => (0,load_errors/* loadFailure */.L)('psql', text, conn, plan),
            }),
            note: (text) => reporter.info(text),
        })
        : undefined;
    // Last before psql: it judges exactly what psql reads.
    if (loader.guard)
        stages.push({ kind: 'transform', name: 'guard', stream: new sql_guard/* GuardedLoad */.jI(backup.path, loader.guard.restrict, counter, lanes) });
    if (loader.oneTransaction)
        stages.push({ kind: 'transform', name: 'transaction', stream: new OneTransaction() });
    stages.push({ kind: 'process', cmd: loader.path, args: loader.args, env: childEnv });
    try {
        await (0,exec/* runPipeline */.aI)(stages, lanes?.output ?? new Discard(), { secrets, onStderr });
        await lanes?.close(false);
    }
    catch (e) {
        await lanes?.close(true);
        const err = (0,errors/* toAzaError */.mu)(e);
        if (err.code === 'COMMAND_FAILED' && /^psql/.test(err.message))
            throw (0,load_errors/* loadFailure */.L)('psql', lines().join('\n') || err.message, conn, plan);
        throw err;
    }
    if (lanes?.copies)
        reporter.info(`COPY data of ${lanes.copies} table${lanes.copies > 1 ? 's' : ''} loaded in ${lanes.sessions} sessions besides psql's.`);
    // The bytes psql read must be the bytes checked before it (the sha256 against the manifest and
    // its signature): a file swapped in between is caught here, before the swap of atomic mode.
    // (The other modes wrote into the target already; the guard judged every line psql read.)
    if (!check && plan.mode === 'atomic' && backup.sha256 && measure.sha256() !== backup.sha256) {
        throw new errors/* AzaError */.TF('BACKUP_CHANGED', `The backup ${backup.path} changed while it was restored: psql read sha256 ${measure.sha256()}, the file checked before had ${backup.sha256}`);
    }
    for (const line of lines()
        .filter((l) => /WARNING|NOTICE/.test(l))
        .slice(0, 20))
        reporter.info(line);
}
/** What a database-wide ANALYZE processes, largest first (partitioned tables: see analyzeAll). */
const ANALYZE_LIST_SQL = `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_table_size(c.oid), c.relkind::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'm', 'p') AND c.relpersistence <> 't'
ORDER BY 2 DESC, 1`;
/** Up to this many sessions share ANALYZE out (see analyzeAll). */
const ANALYZE_SESSIONS = Math.min(4, (0,external_node_os_.availableParallelism)());
/**
 * The sessions on the load database that ANALYZE and count after the load: started with the load,
 * so psql's start and its connection are not on the clock after it. They hold no lock meanwhile.
 */
class AfterLoadSessions {
    plan;
    env;
    sessions = [];
    constructor(plan, env) {
        this.plan = plan;
        this.env = env;
    }
    /**
     * Starts them with the load, unless a connection limit (the target's, copied to a staging
     * database) could then refuse the load itself: they start when first used after it.
     */
    openAhead() {
        if (this.plan.sessionsAhead)
            this.open();
    }
    /** Starts them (again, after a close). */
    open() {
        if (!this.sessions.length) {
            const { psqlPath, connection, loadInto } = this.plan;
            this.sessions = Array.from({ length: ANALYZE_SESSIONS + 1 }, () => new pg/* PsqlSession */.f6(psqlPath, connection, (0,pg/* utf8Env */.$V)(this.env), loadInto, { reopen: true }));
        }
        return this;
    }
    get counting() {
        return this.open().sessions[0];
    }
    get analyzing() {
        return this.open().sessions.slice(1);
    }
    /** Ends them (none may stay connected to a database that is to be renamed or dropped). */
    async close() {
        const all = this.sessions;
        this.sessions = [];
        await Promise.all(all.map((x) => x.close())).catch(() => { });
    }
}
/**
 * ANALYZE of everything a database-wide ANALYZE does, the tables shared out by size over the
 * sessions (each table to the least loaded), so the largest does not wait behind the rest. One
 * session (and a plain ANALYZE) when there is nothing to share, or partitioned tables (an explicit
 * ANALYZE of one also analyzes its partitions: they would be done twice).
 */
async function analyzeAll(sessions) {
    const first = sessions[0];
    if (sessions.length <= 1)
        return first.exec('ANALYZE');
    const rows = await first.query(ANALYZE_LIST_SQL);
    if (rows.length <= 1 || rows.some((r) => r[2] === 'p'))
        return first.exec('ANALYZE');
    const bins = sessions.map(() => ({ bytes: 0, names: [] }));
    for (const [name, bytes] of rows) {
        const bin = bins.reduce((a, b) => (b.bytes < a.bytes ? b : a));
        bin.names.push(name);
        // A page's worth for every table: many small ones weigh too.
        bin.bytes += Number(bytes) + 8192;
    }
    await Promise.all(bins.flatMap((b, i) => (b.names.length ? [sessions[i].exec(`ANALYZE ${b.names.join(', ')}`)] : [])));
}
/**
 * ANALYZE and the row counts of the load database; a difference from the manifest fails. `copied`:
 * the rows the load's COPY data held per table (see copy-counts.ts), which stand for exact counts
 * in a database the load created; otherwise count(*) of every table, beside ANALYZE.
 */
async function afterLoad(plan, sessions, reporter, copied) {
    const { analyzing, counting } = sessions;
    const fromCopy = plan.rowCounts === 'exact' && plan.mode !== 'into-existing' && copied !== undefined;
    let tables;
    try {
        // Exact counts do not need the statistics: count while ANALYZE runs (a session each).
        // Estimates are read from what ANALYZE writes, so they wait for it.
        const count = async () => {
            if (plan.rowCounts === 'none')
                return [];
            const query = (sql) => counting.query(sql);
            const listed = fromCopy ? (0,rowcounts/* tablesWithCopiedRows */.Rk)(await (0,rowcounts/* listTables */.WS)(query), copied) : undefined;
            if (listed)
                reporter.info(`Row counts from the COPY data psql loaded (${listed.length} tables, no count(*) needed).`);
            return listed ?? (0,rowcounts/* countRows */.BO)(query, plan.rowCounts);
        };
        const analyze = analyzeAll(analyzing);
        tables = plan.rowCounts === 'estimate' ? await analyze.then(count) : (await Promise.all([analyze, count()]))[1];
    }
    finally {
        await sessions.close();
    }
    if (!plan.compareRowCounts)
        return { tables, differences: [], compared: false };
    const manifest = plan.backup.manifest.tables;
    const all = (0,rowcounts/* compareRowCounts */.OU)(manifest, tables);
    // Into an existing database, tables the dump does not contain stay as they were: only noted.
    const extra = plan.mode === 'into-existing'
        ? all.filter((d) => d.expected === null && !manifest.some((t) => t.schema === d.schema && t.table === d.table))
        : [];
    const differences = all.filter((d) => !extra.includes(d));
    if (extra.length)
        reporter.info(`${extra.length} table${extra.length > 1 ? 's' : ''} of the target are not in the backup and were left alone.`);
    if (differences.length) {
        const shown = differences
            .slice(0, 10)
            .map((d) => `${d.schema}.${d.table}: ${d.actual ?? 'missing'} rows, the manifest says ${d.expected ?? 'no such table'}`);
        throw new errors/* AzaError */.TF('ROW_COUNT_MISMATCH', `The restored rows differ from the backup's manifest in ${differences.length} table${differences.length > 1 ? 's' : ''}: ${shown.join('; ')}${differences.length > 10 ? '; …' : ''}`, 'The backup does not hold what its manifest recorded, or the restore lost rows. Do not trust this backup; take a new one.');
    }
    reporter.info(`Row counts match the manifest for all ${tables.length} tables (${(0,rowcounts/* totalRows */.wh)(tables)} rows).`);
    return { tables, differences: [], compared: true };
}

// EXTERNAL MODULE: ./src/core/restore/plan.ts
var restore_plan = __webpack_require__(2975);
// EXTERNAL MODULE: ./src/core/owner.ts
var core_owner = __webpack_require__(2920);
;// CONCATENATED MODULE: ./src/core/restore/leftovers.ts
/**
 * What killed restores of a target left: the staging databases of earlier runs, marked with their
 * maker by a COMMENT ON DATABASE. One restore of a target at a time is a session-level advisory
 * lock on its server (server-lock.ts), taken by gather and held by a session of our own until the
 * run ends (it goes when we go, even by SIGKILL, since psql dies with us).
 */




const STAMP_SUFFIX = '_restoring_00000000_000000';
/** The staging names stagingName(target, any time) can take: the prefix before the stamp. */
function stagingPattern(target) {
    const base = (0,restore_plan/* derivedName */.Pr)(target, STAMP_SUFFIX).slice(0, -STAMP_SUFFIX.length);
    return new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_restoring_\\d{8}_\\d{6}$`);
}
/** The marker written on a staging database: who loads it. */
function stagingComment(target) {
    return `aza-pg restore staging for ${JSON.stringify(target)}: ${(0,core_owner/* ownerText */.dP)()}`;
}
function commentOnDatabaseSql(name, comment) {
    return `COMMENT ON DATABASE ${(0,pg/* quoteIdent */.v4)(name)} IS ${(0,pg/* quoteLiteral */.ce)(comment)}`;
}
/**
 * Staging databases of earlier restores of `target` (we hold its lock, so none of them is being
 * loaded by a restore that still runs): dropped when their maker is gone and nobody is connected,
 * otherwise named with the statement that removes them.
 */
async function cleanStagingLeftovers(target, dbs, client, reporter, maintenance) {
    const pattern = stagingPattern(target);
    const rows = await client.query(`SELECT d.datname, coalesce(shobj_description(d.oid, 'pg_database'), ''), (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid) FROM pg_database d WHERE d.datname ~ '_restoring_[0-9]{8}_[0-9]{6}$' ORDER BY 1`, maintenance);
    for (const [name, comment, sessions] of rows) {
        if (!name || !pattern.test(name))
            continue;
        const owner = (0,core_owner/* parseOwnerText */.qM)(comment ?? '');
        const drop = `DROP DATABASE ${(0,pg/* quoteIdent */.v4)(name)};`;
        // No maker: killed between CREATE DATABASE and its COMMENT, or made before the markers. We
        // hold the target's lock, so no restore of it runs; a session would show one that does.
        const state = owner ? (0,core_owner/* ownerState */.N_)(owner) : 'gone';
        const maker = owner ? (0,core_owner/* describeOwner */.$S)(owner) : 'no maker recorded';
        if (state === 'alive' || sessions !== '0') {
            reporter.warn(`Database "${name}", staging database of an earlier restore (${maker}), is still in use (${state === 'alive' ? 'its restore still runs' : `${sessions} session(s)`}); once it is not, drop it: ${drop}`);
            continue;
        }
        try {
            await dbs.drop(name, false);
            reporter.info(`Dropped the staging database "${name}", left by an interrupted restore (${maker}${owner ? ', no longer running' : ''})`);
        }
        catch (e) {
            reporter.warn(`Could not drop "${name}", left by an interrupted restore: ${(0,errors/* toAzaError */.mu)(e).message}; drop it: ${drop}`);
        }
    }
}

;// CONCATENATED MODULE: ./src/core/restore/run.ts
/**
 * runRestore carries a restore plan out; the person (or the action's confirm input) agreed
 * already, and the backup was checked (in full, or its head: see gather.ts). In atomic mode the
 * data goes into a new database that is swapped in only after the load, ANALYZE and the
 * row-count comparison succeeded; any failure before the swap drops that database and leaves the
 * target exactly as it was.
 */















async function runRestore(plan, deps, reporter) {
    const t0 = performance.now();
    // One restore of a target at a time (gather took the lock); then what killed restores of it left goes.
    const lock = plan.lock;
    if (!lock)
        throw new errors/* AzaError */.TF('INTERNAL', `A restore of "${plan.database}" runs only holding its lock, which gather takes`);
    const dbs = new databases/* Databases */.Lv(plan.maintenance, plan.maintenanceDatabase, plan.serverMajor);
    let backupBeforePath;
    let rolesCreated = [];
    let loadStart;
    let loaded;
    try {
        await cleanStagingLeftovers(plan.database, dbs, plan.maintenance, reporter, plan.maintenanceDatabase);
        reporter.info(`Loading "${plan.loadInto}" with ${plan.loader.path} (${plan.loader.version})`);
        backupBeforePath = plan.backupBefore ? await backupFirst(plan, deps, reporter) : undefined;
        if (plan.createRoles.length) {
            rolesCreated = await reporter.step('Create the roles the backup names', () => createRoles(plan, dbs, reporter));
        }
        loadStart = performance.now();
        loaded =
            plan.mode === 'atomic' ? await restoreAtomic(plan, dbs, deps.env, reporter) : await restoreInPlace(plan, dbs, deps.env, reporter);
    }
    finally {
        await lock.release();
    }
    const { inspection, tables, differences, compared } = loaded;
    return {
        plan,
        database: plan.database,
        mode: plan.mode,
        server: plan.server,
        inspection,
        tables,
        rows: (0,rowcounts/* totalRows */.wh)(tables),
        durationSeconds: (performance.now() - t0) / 1000,
        loadSeconds: (performance.now() - loadStart) / 1000,
        ...(plan.previous && plan.keepPrevious ? { previousDatabase: plan.previous } : {}),
        ...(backupBeforePath ? { backupBeforePath } : {}),
        rolesCreated,
        compared,
        differences,
    };
}
/** CREATE ROLE (NOLOGIN, no password) for each role the backup names that the server lacked; one made meanwhile by someone else is left alone. */
async function createRoles(plan, dbs, reporter) {
    const created = [];
    for (const role of plan.createRoles) {
        try {
            await dbs.exec((0,roles/* createRoleSql */.Z)(role));
            created.push(role);
        }
        catch (e) {
            const err = (0,errors/* toAzaError */.mu)(e);
            if (/already exists/.test(err.message))
                continue;
            throw new errors/* AzaError */.TF('ROLES_MISSING', `Could not create the role "${role}" that the backup names: ${err.message}`, 'Connect as a role with CREATEROLE (or a superuser), or create the roles yourself: they are listed in the manifest under "roles".', { cause: err });
        }
    }
    if (created.length)
        reporter.info(`Created ${created.length} role${created.length > 1 ? 's' : ''} the backup names (NOLOGIN, no password): ${created.map((r) => `"${r}"`).join(', ')}`);
    return created;
}
/** The backup operation itself, at its defaults, on the restore's connection (its consent is ours). */
async function backupFirst(plan, deps, reporter) {
    const raw = { database: plan.database, output: plan.backupBefore.path, 'output-dir': plan.backupDir };
    const b = await (0,operation/* execute */.g7)(backup.backup, {
        ...(0,operation/* settingsFrom */.ms)(backup.backup, raw, deps.env, plan.backupDir),
        connection: { ...plan.connection, database: plan.database },
        ...(plan.pgBinDir ? { pgBinDir: plan.pgBinDir } : {}),
    }, deps, reporter);
    reporter.info(`Backup of "${plan.database}" before the restore: ${b.path}`);
    return b.path;
}
async function restoreAtomic(plan, dbs, env, reporter) {
    const staging = plan.staging;
    await reporter.step(`Create the staging database "${staging}"`, () => createLoadDatabase(plan, dbs, reporter));
    const removeOnInterrupt = (0,exec/* onInterrupt */.nA)(() => (0,databases/* dropDatabaseSync */.S9)(plan.psqlPath, plan.connection, env, plan.maintenanceDatabase, staging, plan.serverMajor));
    // The backup's own faults, found by the full read during the load: said as before a load.
    let rejected;
    let loaded;
    const copies = { counter: new CopyRowCounter() };
    const sessions = new AfterLoadSessions(plan, env);
    try {
        try {
            const inspection = await reporter.step(`Restore into "${staging}"`, async () => {
                sessions.openAhead();
                if (!plan.deferred) {
                    await load(plan, plan.backup, env, reporter, undefined, copies.counter);
                    return plan.backup;
                }
                const read = await loadChecked(plan, dbs, env, reporter, copies, sessions);
                if (!read.ok)
                    throw (rejected = read.error);
                return read.inspection;
            });
            const copied = copies.counter.result();
            loaded = { inspection, ...(await reporter.step('ANALYZE and count rows', () => afterLoad(plan, sessions, reporter, copied))) };
        }
        finally {
            // Before the rename, or the drop of the staging database: none may stay connected to it.
            await sessions.close();
        }
        await reporter.step(plan.targetExists ? `Swap "${staging}" in as "${plan.database}"` : `Rename "${staging}" to "${plan.database}"`, () => swapIn(plan, dbs, reporter));
    }
    catch (e) {
        await dbs
            .drop(staging, true)
            .catch((d) => reporter.warn(`Could not drop the staging database "${staging}": ${(0,errors/* toAzaError */.mu)(d).message}; drop it by hand.`));
        if (e === rejected)
            throw e;
        throw failure(e, `database "${plan.database}" is unchanged (the staging database was dropped)`);
    }
    finally {
        removeOnInterrupt();
    }
    await finishDatabase(plan, dbs, reporter);
    if (plan.previous && !plan.keepPrevious) {
        await reporter.step(`Drop the previous database "${plan.previous}"`, async () => {
            if (plan.targetIsTemplate)
                await dbs.unsetTemplate(plan.previous);
            await dbs.drop(plan.previous, true);
        });
    }
    return loaded;
}
async function restoreInPlace(plan, dbs, env, reporter) {
    if (plan.dropTarget) {
        await reporter.step(`Drop "${plan.database}"`, async () => {
            if (plan.terminateConnections)
                await dbs.terminateSessions(plan.database, terminated(reporter, plan.database));
            if (plan.targetIsTemplate)
                await dbs.unsetTemplate(plan.database);
            await dbs.drop(plan.database, plan.terminateConnections);
        });
    }
    if (plan.createSql)
        await reporter.step(`Create "${plan.database}"`, () => createLoadDatabase(plan, dbs, reporter));
    const state = plan.mode === 'replace' || !plan.targetExists
        ? `database "${plan.database}" is left partly restored; restore again, or from the backup taken before`
        : `the transaction was rolled back: database "${plan.database}" is as it was`;
    const counter = new CopyRowCounter();
    const sessions = new AfterLoadSessions(plan, env);
    try {
        await reporter.step(`Restore into "${plan.database}"`, () => {
            sessions.openAhead();
            return load(plan, plan.backup, env, reporter, undefined, counter);
        });
        const counted = await reporter.step('ANALYZE and count rows', () => afterLoad(plan, sessions, reporter, counter.result()));
        await finishDatabase(plan, dbs, reporter);
        return { inspection: plan.backup, ...counted };
    }
    catch (e) {
        throw failure(e, state);
    }
    finally {
        await sessions.close();
    }
}
async function createLoadDatabase(plan, dbs, reporter) {
    // A staging database says who loads it: a later run tells a killed run's leftover by it.
    const marker = plan.loadInto === plan.staging ? [commentOnDatabaseSql(plan.loadInto, stagingComment(plan.database))] : [];
    await dbs.create(plan.createSql, [...marker, ...plan.copySettingsSql], (sql, e) => reporter.warn(`Could not copy a setting of "${plan.database}" to the new database (${sql}): ${e.message}`));
}
/** The old target's ALLOW_CONNECTIONS false and IS_TEMPLATE, on the restored database once loaded and named. */
async function finishDatabase(plan, dbs, reporter) {
    for (const sql of plan.finishSql) {
        await dbs
            .exec(sql)
            .catch((e) => reporter.warn(`Could not copy a property of the old "${plan.database}" to the restored one (${sql}): ${(0,errors/* toAzaError */.mu)(e).message}`));
    }
}
function terminated(reporter, name) {
    return (n) => reporter.info(`Terminated ${n} session${n > 1 ? 's' : ''} on "${name}"`);
}
/** The staging database takes the target's name; the target, when it exists, the previous name. */
async function swapIn(plan, dbs, reporter) {
    const { staging, previous, database } = plan;
    if (!plan.targetExists)
        return dbs.rename(staging, database);
    let blocked = false;
    try {
        if (plan.terminateConnections) {
            blocked = true;
            await dbs.terminateSessions(database, terminated(reporter, database));
        }
        else {
            const n = await dbs.otherSessions(database);
            if (n > 0)
                throw (0,databases/* databaseInUse */.o6)(database, n);
        }
        await dbs.swap(database, previous, staging);
    }
    catch (e) {
        if (blocked && plan.targetAllowsConnections)
            await dbs.allowConnections(database, true).catch(() => { });
        throw e;
    }
    // The old database as it was: connections allowed again unless it refused them before.
    if (blocked && plan.targetAllowsConnections)
        await dbs.allowConnections(previous, true).catch(() => { });
}
/** A restore that failed once it had begun: the cause, then what became of the target. */
class RestoreFailed extends errors/* AzaError */.TF {
    reason;
    state;
    constructor(reason, state) {
        super(reason.code, `${reason.message.replace(/[.;]?\s*$/, '')}; ${state}`, reason.hint, { cause: reason });
        this.reason = reason;
        this.state = state;
    }
}
function failure(e, state) {
    return new RestoreFailed((0,errors/* toAzaError */.mu)(e), state);
}
async function fullRead(fn) {
    try {
        return { ok: true, inspection: await fn() };
    }
    catch (e) {
        return { ok: false, error: (0,errors/* toAzaError */.mu)(e) };
    }
}
/**
 * The load of a backup whose head only was read: the one read of the file feeds the sha256, the
 * scan of the whole SQL and the loader; after the loader finished, the checks of a full read. On
 * any failure a full read of its own decides what is wrong (a damaged file is reported as such,
 * not as the SQL error it caused). A line the head did not show (see RestorePlan.deferred) stops
 * the load before the loader sees it: the staging database is made again and loaded, as planned,
 * from the full read.
 */
async function loadChecked(plan, dbs, env, reporter, copies, sessions) {
    const head = plan.backup;
    const measure = new compress/* MeasureStream */.jU((n) => reporter.progress(n));
    const scan = new sql_scan/* ScanThrough */.bB(head.deferred.head);
    try {
        await load(plan, head, env, reporter, { measure, scan }, copies.counter);
    }
    catch (e) {
        const full = await fullRead(async () => {
            const i = await (0,inspect/* inspectBackup */.T3)(head.path, { ...(0,inspect/* inspectOptions */.hZ)(plan, env), ...(head.remote ? { remote: head.remote } : {}) });
            (0,restore_plan/* checkFullRead */.gm)(plan, i);
            return i;
        });
        if (!full.ok || !(e instanceof sql_scan/* BeyondHeadError */.ku)) {
            if (full.ok)
                throw e;
            return full;
        }
        const own = full.inspection.ownDatabase;
        if (own && own.name !== head.ownDatabase?.name)
            reporter.warn((0,restore_plan/* ownDatabaseWarning */.gs)(own.name, plan.database));
        await sessions.close();
        await dbs.drop(plan.loadInto, true);
        await createLoadDatabase(plan, dbs, reporter);
        sessions.openAhead();
        // Counted again from the start: the first load's counts went with its database.
        copies.counter = new CopyRowCounter();
        await load(plan, full.inspection, env, reporter, undefined, copies.counter);
        return full;
    }
    const full = await fullRead(() => (0,inspect/* finishDeferred */.X7)(head, measure.sha256(), scan.scanner.finish()));
    if (full.ok)
        reporter.info((0,gather/* checkedLine */.Qp)(full.inspection));
    return full;
}


/***/ }),

/***/ 4842:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ holdServerLock)
/* harmony export */ });
/* unused harmony export ADVISORY_LOCK_CLASS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2920);
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5593);
/**
 * One run at a time per object on a PostgreSQL server: a session-level advisory lock, held by a
 * psql session of our own for the whole run. It goes when we go, even by SIGKILL (psql dies with
 * us, see exec.ts, and the server ends the lock with the session). The session's
 * application_name carries our pid and host, so a second run names the holder.
 */



/** First key of our advisory locks: the operation; the second is hashtext(the object's name). */
const ADVISORY_LOCK_CLASS = { restore: 1634756401, promote: 1634756402 };
/**
 * Takes the advisory lock for `operation` on `object` through `session` (which then belongs to
 * the lock), or throws IN_PROGRESS naming the session that holds it. `what` names the object in
 * the message: `"shop" on server …`, `container postgres-replica`.
 */
async function holdServerLock(session, operation, object, what) {
    const classId = ADVISORY_LOCK_CLASS[operation];
    const objectKey = `hashtext(${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(object)})`;
    try {
        const me = (0,_owner_js__WEBPACK_IMPORTED_MODULE_1__/* .currentOwner */ .Hf)();
        // application_name is at most 63 bytes: enough for "aza-pg restore pid=… host=…".
        await session.exec(`SET application_name = ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(`aza-pg ${operation} pid=${me.pid} host=${me.host}`.slice(0, 63))}`);
        const got = (await session.query(`SELECT pg_try_advisory_lock(${classId}, ${objectKey})`))[0]?.[0] === 't';
        if (!got) {
            const holder = (await session.query(`SELECT a.application_name, coalesce(host(a.client_addr), 'local'), a.backend_start, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid ` +
                `WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${classId} AND l.objid::bigint = (${objectKey}::bigint & 4294967295) LIMIT 1`))[0];
            const who = holder
                ? `${holder[0] || 'a session'} from ${holder[1]}, backend pid ${holder[3]}, since ${holder[2]}`
                : 'a session that has just ended';
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('IN_PROGRESS', `Another ${operation} of ${what} is running (${who}); nothing was changed`, `Wait for it to finish. If it is stuck, end its session: SELECT pg_terminate_backend(${holder?.[3] ?? '<pid>'});`);
        }
    }
    catch (e) {
        session.kill();
        throw e;
    }
    return { release: () => session.close().catch(() => { }) };
}


/***/ }),

/***/ 2622:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FP: () => (/* binding */ trustLine),
/* harmony export */   QL: () => (/* binding */ trustSettings),
/* harmony export */   Qb: () => (/* binding */ TRUST_OPTIONS)
/* harmony export */ });
/* harmony import */ var _signing_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5204);

const TRUST_OPTIONS = [
    {
        name: 'trust-backup',
        description: 'Load the script as it is, without refusing what pg_dump never writes (psql meta-commands, COPY … PROGRAM, server-file functions): only for scripts you wrote yourself',
        default: false,
        flag: true,
    },
    ..._signing_js__WEBPACK_IMPORTED_MODULE_0__/* .VERIFY_KEY_OPTIONS */ .JA,
];
function trustSettings(inputs, env, cwd) {
    const verifyKeys = (0,_signing_js__WEBPACK_IMPORTED_MODULE_0__/* .verifyKeysFrom */ .Co)(inputs, env, cwd);
    return { trustBackup: inputs.boolean('trust-backup', false), ...(verifyKeys.length ? { verifyKeys } : {}) };
}
/** The summary's word on trust: what was checked, or that it was not. */
function trustLine(b) {
    const scan = b.trust?.scan === 'lifted'
        ? 'trust-backup: loaded as it is, not checked for what pg_dump never writes'
        : 'every line checked: nothing pg_dump never writes';
    return `${scan}${b.trust?.signature ? `; manifest signed by ${b.trust.signature.keyId}` : ''}`;
}


/***/ })

};
