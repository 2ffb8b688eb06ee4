export const id = 995;
export const ids = [995];
export const modules = {

/***/ 9595:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ readBackupCatalog),
/* harmony export */   e: () => (/* binding */ OUR_DATA_NAME)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9892);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8616);
/* harmony import */ var _leftovers_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1015);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2920);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4414);
/**
 * What a backup directory holds, as our manifests say: the complete backups (a manifest that reads,
 * names its data file, and matches it), the incomplete ones (a data file of ours without a good
 * manifest, or one that does not match it) and the leftovers of killed runs (`.<name>.partial-*`
 * and the `.<name>.lock` of a run gone from this host; the temp output and lock of a backup that
 * runs now on this host are not, see owner.ts).
 * Retention (prune) and health (status) judge backups by this one reading. Reads only.
 *
 * Only our names are looked at: `backup_<db>_<UTC stamp><ext>` data files, `*.manifest.json`
 * manifests (whatever data name they give, as long as it is a plain name in this directory), and
 * hidden partial siblings of either. Everything else is foreign and counted, never judged.
 */








const MANIFEST_SUFFIX = '.manifest.json';
/** backupFileName(): backup_<db>_YYYY_MM_DD_HHmmss<ext>. */
const OUR_DATA_NAME = /^backup_.+_\d{4}_\d{2}_\d{2}_\d{6}(\.sql\.gz|\.sql\.zst|\.sql|\.dump|\.dir)$/;
function lstat(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.lstatSync)(path);
    }
    catch {
        return undefined;
    }
}
/** Size of a file, or of every regular file below a directory; symlinks count as nothing. */
function treeSize(path, st) {
    if (st.isFile())
        return st.size;
    if (!st.isDirectory())
        return 0;
    let total = 0;
    for (const name of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(path)) {
        const p = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(path, name);
        const s = lstat(p);
        if (s)
            total += treeSize(p, s);
    }
    return total;
}
/** Why the data does not match its manifest; undefined when it does. */
async function mismatch(path, st, m, deep) {
    if (m.format === 'directory') {
        if (!st.isDirectory())
            return `the manifest describes a directory-format backup, ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)} is not a directory`;
        const files = m.files ?? [];
        if (files.length === 0)
            return 'the manifest lists no files for a directory-format backup';
        for (const f of files) {
            const p = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(path, f.path);
            const fs = lstat(p);
            if (!fs?.isFile())
                return `${f.path} is missing`;
            if (fs.size !== f.sizeBytes)
                return `${f.path} has ${fs.size} bytes, the manifest says ${f.sizeBytes}`;
        }
        if (deep) {
            for (const f of files) {
                if ((await (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .sha256File */ .Q3)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(path, f.path))) !== f.sha256)
                    return `${f.path} does not have the sha256 the manifest records`;
            }
            const digest = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update((0,_manifest_js__WEBPACK_IMPORTED_MODULE_7__/* .directoryDigestInput */ .ak)(files)).digest('hex');
            if (digest !== m.sha256)
                return 'the file list does not have the sha256 the manifest records';
        }
        return undefined;
    }
    if (!st.isFile())
        return `${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)} is not a file`;
    if (st.size !== m.sizeBytes)
        return `it has ${st.size} bytes, the manifest says ${m.sizeBytes}`;
    if (deep && (await (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .sha256File */ .Q3)(path)) !== m.sha256)
        return 'its sha256 differs from the one in the manifest';
    return undefined;
}
/** Reads a backup directory. An unknown or unreadable directory is an error that says so. */
async function readBackupCatalog(dir, opts = {}) {
    const st = lstat(dir);
    if (!st)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('BACKUP_DIR_NOT_FOUND', `Backup directory does not exist: ${dir}`, 'Give the directory the backups are written to.');
    if (!st.isDirectory())
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('BACKUP_DIR_NOT_FOUND', `Not a directory: ${dir}`, 'Give the directory the backups are written to.');
    let names;
    try {
        names = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(dir).sort();
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .AzaError */ .TF('BACKUP_DIR_UNREADABLE', `Cannot read the backup directory ${dir}: ${e.message}`, `Check its permissions: ls -ld ${dir}`);
    }
    const entries = new Map(names.map((n) => [n, lstat((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, n))]));
    const claimed = new Set();
    const complete = [];
    const incomplete = [];
    const leftovers = [];
    const foreign = [];
    for (const name of names) {
        if (!name.endsWith(MANIFEST_SUFFIX) || name.startsWith('.'))
            continue;
        const mst = entries.get(name);
        if (!mst?.isFile())
            continue;
        claimed.add(name);
        const manifestPath = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name);
        const dataName = name.slice(0, -MANIFEST_SUFFIX.length);
        const dataSt = entries.get(dataName);
        const dataPath = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, dataName);
        const dataIsOurs = dataSt !== undefined && !dataSt.isSymbolicLink();
        if (dataIsOurs)
            claimed.add(dataName);
        const paths = dataIsOurs ? [dataPath, manifestPath] : [manifestPath];
        const size = dataIsOurs ? treeSize(dataPath, dataSt) : 0;
        const modifiedAt = new Date(Math.max(mst.mtimeMs, dataIsOurs ? dataSt.mtimeMs : 0));
        const bad = (reason, detail) => incomplete.push({ name: dataIsOurs ? dataName : name, paths, reason, detail, sizeBytes: size, modifiedAt });
        let m;
        try {
            m = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_7__/* .readManifest */ .WI)(manifestPath);
        }
        catch (e) {
            bad('manifest-invalid', e.message);
            continue;
        }
        const startedAt = new Date(m.startedAt);
        if (Number.isNaN(startedAt.getTime())) {
            bad('manifest-invalid', `${name} records no valid start time (startedAt ${JSON.stringify(m.startedAt)})`);
            continue;
        }
        if (m.file !== dataName) {
            bad('mismatch', `${name} describes ${JSON.stringify(m.file)}, not ${dataName}`);
            continue;
        }
        if (!dataIsOurs) {
            bad('data-missing', dataSt ? `${dataName} is a symbolic link, not a backup` : `${dataName}, which ${name} describes, is missing`);
            continue;
        }
        const why = await mismatch(dataPath, dataSt, m, opts.deep ?? false);
        if (why) {
            bad('mismatch', `${dataName} does not match its manifest: ${why}`);
            continue;
        }
        complete.push({
            name: dataName,
            path: dataPath,
            manifestPath,
            manifest: m,
            startedAt,
            database: m.database,
            sizeBytes: m.sizeBytes,
            isDirectory: dataSt.isDirectory(),
        });
    }
    for (const name of names) {
        if (claimed.has(name))
            continue;
        const s = entries.get(name);
        const lock = s?.isFile() ? deadLock((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name)) : undefined;
        if (lock === 'alive')
            continue;
        if (lock) {
            leftovers.push({ name, path: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name), forName: lock.forName, sizeBytes: s.size, modifiedAt: s.mtime, owner: lock.owner });
            continue;
        }
        const partial = (0,_leftovers_js__WEBPACK_IMPORTED_MODULE_5__/* .parsePartialName */ .yZ)(name);
        // The temp output of a backup running now (its owner is alive on this host) is no leftover.
        if (partial?.owner && (0,_owner_js__WEBPACK_IMPORTED_MODULE_6__/* .ownerState */ .N_)(partial.owner) === 'alive')
            continue;
        if (s && !s.isSymbolicLink() && partial) {
            leftovers.push({
                name,
                path: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name),
                forName: partial.forName,
                sizeBytes: treeSize((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name), s),
                modifiedAt: s.mtime,
                ...(partial.owner ? { owner: partial.owner } : {}),
            });
        }
        else if (s && !s.isSymbolicLink() && OUR_DATA_NAME.test(name)) {
            incomplete.push({
                name,
                paths: [(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name)],
                reason: 'no-manifest',
                detail: `${name} has no manifest (${name}${MANIFEST_SUFFIX}): the backup did not finish, or the manifest was removed`,
                sizeBytes: treeSize((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name), s),
                modifiedAt: s.mtime,
            });
        }
        else {
            foreign.push(name);
        }
    }
    complete.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.name < b.name ? -1 : 1));
    return { dir, complete, incomplete, leftovers, foreign };
}
/**
 * A lock file (lock.ts, `.<name>.lock`): 'alive' while its run goes on; its owner and the name it
 * was for when that run is gone from this host (a killed run's: the next backup takes it over);
 * undefined for anything else (another host's lock, not a lock).
 */
function deadLock(path) {
    const m = /^\.(.+)\.lock$/.exec((0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path));
    if (!m)
        return undefined;
    let owner;
    try {
        owner = (0,_owner_js__WEBPACK_IMPORTED_MODULE_6__/* .parseOwnerText */ .qM)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
    if (!owner)
        return undefined;
    const state = (0,_owner_js__WEBPACK_IMPORTED_MODULE_6__/* .ownerState */ .N_)(owner);
    if (state === 'alive')
        return 'alive';
    return state === 'gone' ? { forName: m[1], owner } : undefined;
}


/***/ }),

/***/ 9995:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dq: () => (/* binding */ readBucketCatalogAt),
/* harmony export */   Is: () => (/* binding */ asBackupCatalog),
/* harmony export */   V2: () => (/* binding */ asPrefix),
/* harmony export */   wK: () => (/* binding */ readBucketCatalog),
/* harmony export */   xx: () => (/* binding */ resolveBucketBackup)
/* harmony export */ });
/* unused harmony exports LATEST, readObjectText, readBucketManifest, bucketBackup */
/* harmony import */ var _backup_catalog_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9595);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9892);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4414);
/* harmony import */ var _object_store_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2862);
/**
 * What a prefix in object storage holds, as our manifest objects say (the bucket's counterpart of
 * backup-catalog.ts): the complete backups (a manifest object that reads, names a data object
 * beside it, and records its size), the incomplete ones (a data object of ours without a manifest,
 * a manifest without its data or with another size) and the multipart uploads left open. Restore
 * and verify pick a backup by this reading (`latest`), prune and status judge by it. Reads only.
 *
 * Only the objects directly under the prefix are looked at (not deeper "directories"), and only
 * our names: `backup_<db>_<UTC stamp><ext>` data objects and `*.manifest.json` manifests.
 */




const MANIFEST_SUFFIX = '.manifest.json';
/** A manifest with the row counts of many thousand tables stays well below this. */
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
/** The last segment of a URL that asks for the newest complete backup under its prefix. */
const LATEST = 'latest';
/** The prefix for a URL's key: as it is when it ends in / (or is empty), else with a / added. */
function asPrefix(key) {
    return key === '' || key.endsWith('/') ? key : `${key}/`;
}
/** The text of a small object (a manifest); undefined when there is no such object. */
async function readObjectText(store, key, maxBytes = MANIFEST_MAX_BYTES) {
    let body;
    try {
        body = await store.get(key);
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF && e.code === 'S3_OBJECT_MISSING')
            return undefined;
        throw e;
    }
    const chunks = [];
    let total = 0;
    try {
        for await (const chunk of body.body) {
            total += chunk.length;
            if (total > maxBytes) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('MANIFEST_INVALID', `${store.url(key)} is larger than ${maxBytes} bytes: not a manifest of ours`);
            }
            chunks.push(chunk);
        }
    }
    finally {
        body.body.destroy();
    }
    return Buffer.concat(chunks).toString('utf8');
}
/** The manifest object of `key`, parsed and its start time checked; undefined when there is none. */
async function readBucketManifest(store, key) {
    const manifestKey = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .manifestPathFor */ .ev)(key);
    const text = await readObjectText(store, manifestKey);
    if (text === undefined)
        return undefined;
    const m = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .parseManifest */ .Ng)(text, store.url(manifestKey));
    if (Number.isNaN(new Date(m.startedAt).getTime())) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('MANIFEST_INVALID', `${store.url(manifestKey)} records no valid start time (startedAt ${JSON.stringify(m.startedAt)})`, 'Take a new backup with aza-pg backup.');
    }
    return m;
}
function bucketBackup(store, key, manifest, objectBytes) {
    const manifestKey = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .manifestPathFor */ .ev)(key);
    return {
        key,
        manifestKey,
        url: store.url(key),
        manifestUrl: store.url(manifestKey),
        manifest,
        startedAt: new Date(manifest.startedAt),
        database: manifest.database,
        sizeBytes: manifest.sizeBytes,
        objectBytes,
    };
}
/**
 * Reads what is directly under `prefix` in the store's bucket. `uploads: false` skips the open
 * multipart uploads: a restore's `latest` needs none, and a read-only key may not list them.
 */
async function readBucketCatalog(store, prefixKey, opts = {}) {
    const prefix = asPrefix(prefixKey);
    const [listed, uploads] = await Promise.all([
        store.list(prefix),
        opts.uploads === false ? Promise.resolve([]) : store.listMultipartUploads(prefix),
    ]);
    const objects = new Map(listed.filter((o) => (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyPrefix */ .uU)(o.key) === prefix).map((o) => [o.key, o]));
    const claimed = new Set();
    const complete = [];
    const incomplete = [];
    const foreign = [];
    for (const [mkey, mobj] of objects) {
        const mname = (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyBaseName */ .WX)(mkey);
        if (!mname.endsWith(MANIFEST_SUFFIX) || mname === MANIFEST_SUFFIX)
            continue;
        claimed.add(mkey);
        const key = mkey.slice(0, -MANIFEST_SUFFIX.length);
        const name = (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyBaseName */ .WX)(key);
        const data = objects.get(key);
        if (data)
            claimed.add(key);
        const newest = [mobj.lastModified, data?.lastModified].filter((d) => d !== undefined);
        const bad = (reason, detail) => incomplete.push({
            name: data ? name : mname,
            keys: data ? [key, mkey] : [mkey],
            reason,
            detail,
            sizeBytes: data?.sizeBytes ?? 0,
            modifiedAt: newest.length ? new Date(Math.max(...newest.map((d) => d.getTime()))) : undefined,
        });
        let m;
        try {
            m = await readBucketManifest(store, key);
        }
        catch (e) {
            if (!(e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF) || e.code !== 'MANIFEST_INVALID')
                throw e;
            bad('manifest-invalid', e.message);
            continue;
        }
        // Deleted between the listing and the read: as if never listed.
        if (!m) {
            claimed.delete(key);
            continue;
        }
        if (m.file !== name) {
            bad('mismatch', `${mname} describes ${JSON.stringify(m.file)}, not ${name}`);
            continue;
        }
        if (!data) {
            bad('data-missing', `${name}, which ${mname} describes, is missing`);
            continue;
        }
        if (data.sizeBytes !== m.sizeBytes) {
            bad('mismatch', `${name} does not match its manifest: it has ${data.sizeBytes} bytes, the manifest says ${m.sizeBytes}`);
            continue;
        }
        complete.push(bucketBackup(store, key, m, data.sizeBytes));
    }
    for (const [key, o] of objects) {
        if (claimed.has(key))
            continue;
        const name = (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyBaseName */ .WX)(key);
        if (_backup_catalog_js__WEBPACK_IMPORTED_MODULE_0__/* .OUR_DATA_NAME */ .e.test(name)) {
            incomplete.push({
                name,
                keys: [key],
                reason: 'no-manifest',
                detail: `${name} has no manifest object (${name}${MANIFEST_SUFFIX}): the upload did not finish, or the manifest was removed`,
                sizeBytes: o.sizeBytes,
                modifiedAt: o.lastModified,
            });
        }
        else
            foreign.push(name);
    }
    complete.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.key < b.key ? -1 : 1));
    return {
        bucket: store.bucket,
        prefix,
        url: store.url(prefix),
        complete,
        incomplete,
        openUploads: uploads.filter((u) => (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyPrefix */ .uU)(u.key) === prefix),
        foreign,
        objects,
    };
}
/**
 * The backup a restore or verify names: `…/latest` is the newest complete backup under the prefix
 * (its manifest object exists and records the data object's size); any other key is that object,
 * which must have its manifest object (in a bucket the manifest is the only completion marker).
 */
async function resolveBucketBackup(store, key) {
    if (key === '' || key.endsWith('/')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('INVALID_INPUT', `${store.url(key)} is a prefix, not a backup`, `Name the backup object (s3://${store.bucket}/${key}backup_<db>_<stamp>.sql.gz), or add ${LATEST} for the newest complete one (s3://${store.bucket}/${key}${LATEST}).`);
    }
    if ((0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyBaseName */ .WX)(key) === LATEST) {
        const catalog = await readBucketCatalog(store, (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyPrefix */ .uU)(key), { uploads: false });
        const newest = catalog.complete.at(-1);
        if (!newest) {
            const skipped = catalog.incomplete.length ? ` (${catalog.incomplete.length} incomplete, skipped)` : '';
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('BACKUP_NOT_FOUND', `No complete backup under ${catalog.url}${skipped}: none has its manifest object`, 'Check the prefix (aws s3 ls), or take a backup into it first.');
        }
        return newest;
    }
    const head = await store.head(key);
    if (!head) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('BACKUP_NOT_FOUND', `Backup object not found: ${store.url(key)}`, `List what is there: aws s3 ls ${store.url((0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyPrefix */ .uU)(key))}`);
    }
    const m = await readBucketManifest(store, key);
    if (!m) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('MANIFEST_MISSING', `${store.url(key)} has no manifest object (${store.url((0,_manifest_js__WEBPACK_IMPORTED_MODULE_2__/* .manifestPathFor */ .ev)(key))}); nothing was read from it`, 'In a bucket the manifest is written last, as the completion marker: without it the upload did not finish. Restore another backup (…/latest picks the newest complete one).');
    }
    return bucketBackup(store, key, m, head.sizeBytes);
}
/**
 * A prefix's catalog in the shape of a directory's, for status: the object URLs as paths, the open
 * multipart uploads as the leftovers of killed runs (what they were writing is their key).
 */
function asBackupCatalog(c) {
    const url = (key) => (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .formatObjectUrl */ .yj)(c.bucket, key);
    return {
        dir: c.url,
        complete: c.complete.map((b) => ({
            name: (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyBaseName */ .WX)(b.key),
            path: b.url,
            manifestPath: b.manifestUrl,
            manifest: b.manifest,
            startedAt: b.startedAt,
            database: b.database,
            sizeBytes: b.sizeBytes,
            isDirectory: false,
        })),
        incomplete: c.incomplete.map((i) => ({
            name: i.name,
            paths: i.keys.map(url),
            reason: i.reason,
            detail: i.detail,
            sizeBytes: i.sizeBytes,
            modifiedAt: i.modifiedAt ?? new Date(0),
        })),
        leftovers: c.openUploads.map((u) => ({
            name: `${(0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyBaseName */ .WX)(u.key)} (open multipart upload)`,
            path: url(u.key),
            forName: (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .keyBaseName */ .WX)(u.key),
            sizeBytes: 0,
            modifiedAt: u.initiated ?? new Date(0),
        })),
        foreign: c.foreign,
    };
}
/** Reads the catalog of the prefix an s3:// URL names, with a client of its own. */
async function readBucketCatalogAt(url, config) {
    const u = (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseObjectUrl */ .Ky)(url);
    const store = new _object_store_index_js__WEBPACK_IMPORTED_MODULE_3__/* .ObjectStore */ .LI(config, u.bucket);
    try {
        return await readBucketCatalog(store, u.key);
    }
    finally {
        store.close();
    }
}


/***/ }),

/***/ 2862:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Pj: () => (/* reexport */ settings/* OBJECT_STORE_OPTIONS */.Pj),
  LI: () => (/* reexport */ ObjectStore),
  yj: () => (/* reexport */ url/* formatObjectUrl */.yj),
  rS: () => (/* reexport */ url/* isObjectUrl */.rS),
  WX: () => (/* reexport */ url/* keyBaseName */.WX),
  uU: () => (/* reexport */ url/* keyPrefix */.uU),
  au: () => (/* reexport */ settings/* objectStoreSecrets */.au),
  qR: () => (/* reexport */ settings/* objectStoreSettings */.qR),
  Ky: () => (/* reexport */ url/* parseObjectUrl */.Ky)
});

// UNUSED EXPORTS: MIN_PART_BYTES, UPLOAD_QUEUE_SIZE, describeStore, httpStatus, isNotFound, isPrefix, joinKey, partSizeFor, s3Code, storeError

// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
;// CONCATENATED MODULE: ./src/core/object-store/errors.ts
/**
 * What the S3 client throws, as the catalogue's errors: each says what went wrong with which
 * bucket or object at which endpoint, and what to do. Nothing here includes a secret: the SDK's
 * messages never carry the secret key, and the access key id is not one.
 */

const CREDENTIAL_CODES = new Set([
    'InvalidAccessKeyId',
    'SignatureDoesNotMatch',
    'InvalidToken',
    'ExpiredToken',
    'TokenRefreshRequired',
    'InvalidSecurity',
    'AuthorizationHeaderMalformed',
    // versitygw's answer to an unknown access key
    'XAdminUserNotFound',
]);
const NETWORK_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ECONNRESET',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EPIPE',
    'ECONNABORTED',
    'UND_ERR_SOCKET',
]);
/** The network error code of `e` or of what caused it (an AggregateError holds one per address). */
function networkCode(e, depth = 0) {
    if (!e || typeof e !== 'object' || depth > 4)
        return undefined;
    const err = e;
    if (err.code && NETWORK_CODES.has(err.code))
        return err.code;
    if (err.name === 'TimeoutError' || err.name === 'RequestTimeout')
        return 'ETIMEDOUT';
    // An error from another realm (a test runner's sandbox) reaches us only as the SDK's wrapper text.
    const inText = /\b(E[A-Z]+|UND_ERR_SOCKET)\b/.exec(err.message ?? '')?.[1];
    if (inText && NETWORK_CODES.has(inText))
        return inText;
    for (const inner of err.errors ?? []) {
        const c = networkCode(inner, depth + 1);
        if (c)
            return c;
    }
    return networkCode(err.cause, depth + 1);
}
/** The S3 error code of an SDK error (`NoSuchBucket`), or its name when the body had none. */
function s3Code(e) {
    const err = e;
    return err?.Code ?? err?.name;
}
function httpStatus(e) {
    return e?.$metadata?.httpStatusCode;
}
/** A HEAD or GET of an object that is not there (a HEAD answer has no body, hence no code). */
function isNotFound(e) {
    const code = s3Code(e);
    return code === 'NoSuchKey' || code === 'NotFound' || (httpStatus(e) === 404 && code !== 'NoSuchBucket' && !CREDENTIAL_CODES.has(code));
}
/** One of the catalogue's errors for anything the S3 client threw. */
function storeError(e, ctx) {
    if (e instanceof errors/* AzaError */.TF)
        return e;
    const err = (e ?? {});
    const code = s3Code(e);
    const status = httpStatus(e);
    const detail = err.message ? `: ${err.message}` : '';
    const net = networkCode(e);
    if (net) {
        return new errors/* AzaError */.TF('S3_UNREACHABLE', `Could not ${ctx.action}: the object store at ${ctx.where} cannot be reached (${net})`, `Check that ${ctx.where} is the right endpoint (AWS_ENDPOINT_URL or input s3-endpoint) and that the server is up and reachable from here.`, { cause: e });
    }
    if (err.name === 'CredentialsProviderError' || /Could not load credentials/i.test(err.message ?? '')) {
        return new errors/* AzaError */.TF('S3_CREDENTIALS_MISSING', `Could not ${ctx.action}: no S3 credentials were found${detail}`, undefined, {
            cause: e,
        });
    }
    if (code && CREDENTIAL_CODES.has(code)) {
        return new errors/* AzaError */.TF('S3_CREDENTIALS_REJECTED', `Could not ${ctx.action}: ${ctx.where} refused the credentials (${code})${detail}`, undefined, { cause: e });
    }
    if (code === 'NoSuchBucket') {
        return new errors/* AzaError */.TF('S3_BUCKET_MISSING', `Could not ${ctx.action}: the bucket "${ctx.bucket}" does not exist at ${ctx.where}`, `Check the bucket name and the endpoint/region, or create the bucket first (aws s3 mb s3://${ctx.bucket}).`, { cause: e });
    }
    if (code === 'AccessDenied' || status === 403) {
        return new errors/* AzaError */.TF('S3_ACCESS_DENIED', `Could not ${ctx.action}: access denied (${code ?? 'HTTP 403'})${detail}`, undefined, {
            cause: e,
        });
    }
    if (code === 'PreconditionFailed' || status === 412) {
        return new errors/* AzaError */.TF('S3_OBJECT_EXISTS', `Could not ${ctx.action}: the object already exists and overwrite was not asked for`, undefined, {
            cause: e,
        });
    }
    if (isNotFound(e)) {
        return new errors/* AzaError */.TF('S3_OBJECT_MISSING', `Could not ${ctx.action}: no such object in the bucket "${ctx.bucket}"`, undefined, {
            cause: e,
        });
    }
    return new errors/* AzaError */.TF('S3_REQUEST_FAILED', `Could not ${ctx.action}: ${code ?? 'error'}${status ? ` (HTTP ${status})` : ''}${detail}`, undefined, { cause: e });
}

// EXTERNAL MODULE: ./src/core/object-store/settings.ts
var settings = __webpack_require__(3110);
// EXTERNAL MODULE: ./src/core/object-store/url.ts
var url = __webpack_require__(3226);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
;// CONCATENATED MODULE: ./src/core/object-store/upload.ts



const MIB = 1024 * 1024;
/**
 * Parts in flight at once. Memory held by an upload is about (UPLOAD_QUEUE_SIZE + 1) x the part
 * size (the parts being sent plus the one being filled): 40 MiB with 8 MiB parts.
 */
const UPLOAD_QUEUE_SIZE = 4;
/** The smallest part we use (S3's minimum is 5 MiB). */
const MIN_PART_BYTES = 8 * MIB;
/** S3 allows 10,000 parts; sizing for 8,000 leaves room for a guess that was too small. */
const PARTS_PLANNED = 8000;
/** The part size for an object of about `bytes`: 8 MiB, or more for objects over ~64 GB, in whole MiB. */
function partSizeFor(bytes) {
    if (!bytes || bytes <= MIN_PART_BYTES * PARTS_PLANNED)
        return MIN_PART_BYTES;
    return Math.ceil(bytes / PARTS_PLANNED / MIB) * MIB;
}
/** `client`: the store's (see ObjectStore.client); lib-storage is loaded here, on first use. */
async function startUpload(store, client, key, body, opts) {
    const { Upload } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(358)]).then(__webpack_require__.t.bind(__webpack_require__, 2358, 19));
    const url = store.url(key);
    const controller = new AbortController();
    const upload = new Upload({
        client,
        params: {
            Bucket: store.bucket,
            Key: key,
            Body: body,
            ChecksumAlgorithm: 'SHA256',
            ...(opts.contentLength !== undefined ? { ContentLength: opts.contentLength } : {}),
            ...(opts.contentType ? { ContentType: opts.contentType } : {}),
            // Sent with PutObject and CompleteMultipartUpload: the store refuses to complete over an object
            // created meanwhile (S3 and versitygw honour it; a store that ignores it has only the HEAD before).
            ...(opts.overwrite ? {} : { IfNoneMatch: '*' }),
        },
        queueSize: UPLOAD_QUEUE_SIZE,
        partSize: partSizeFor(opts.contentLength ?? opts.expectedBytes),
        leavePartsOnError: false,
        abortController: controller,
    });
    if (opts.onProgress)
        upload.on('httpUploadProgress', (p) => p.loaded !== undefined && opts.onProgress(p.loaded));
    let interrupted = false;
    const startedAt = Date.now();
    // lib-storage aborts the multipart upload itself once its part uploads have stopped, but its
    // done() rejects as soon as it is told to stop; aborting here makes sure, and lets done settle
    // only when the store has dropped the parts. Parts still in flight are refused once the upload
    // is gone, and a second pass catches one that slipped in. An upload whose id never reached us
    // goes too: the store may have created it while its answer was on the way (an interrupt right
    // then), or the SDK retried the CreateMultipartUpload whose answer it lost. Any upload of this
    // key begun since ours started counts as ours: the key names the database and the second.
    const abortInStore = async () => {
        const known = upload.uploadId ?? (await uploadIdOnItsWay(upload));
        const ours = (u) => u.uploadId === known || (u.initiated !== undefined && u.initiated.getTime() >= startedAt - STORE_CLOCK_SLACK_MS);
        try {
            if (known)
                await store.abortMultipartUpload(key, known);
            for (let pass = 0; pass < 2; pass++) {
                const left = (await store.listMultipartUploads(key)).filter((u) => u.key === key && ours(u));
                for (const u of left)
                    await store.abortMultipartUpload(key, u.uploadId);
            }
            return undefined;
        }
        catch (e) {
            if (!known)
                return undefined;
            return `the multipart upload ${known} could not be aborted (${e.message}); remove it with: aws s3api abort-multipart-upload --bucket ${store.bucket} --key ${key} --upload-id ${known}`;
        }
    };
    const done = upload.done().then((r) => ({ key, url, etag: r.ETag, checksumSha256: r.ChecksumSHA256 }), async (e) => {
        const leftover = await abortInStore();
        throw uploadError(e, url, interrupted, leftover, store);
    });
    // The caller may learn of the failure through the body stream first; the rejection is still reported by done.
    done.catch(() => { });
    return {
        done,
        async abort() {
            interrupted = true;
            controller.abort();
            await done.catch(() => { });
        },
    };
}
/** The store's upload times have whole seconds; ours is taken just before the upload starts. */
const STORE_CLOCK_SLACK_MS = 1000;
/** How long an abort waits for the answer to a CreateMultipartUpload still on its way. */
const CREATE_ANSWER_WAIT_MS = 10_000;
/**
 * The id of a multipart upload the store has created but whose answer had not reached lib-storage
 * when the upload was stopped: the answer to its CreateMultipartUpload, awaited for a while.
 * Undefined when no such request was sent or no answer came.
 */
async function uploadIdOnItsWay(upload) {
    const creating = upload.createMultiPartPromise;
    const answer = creating ? await (0,wait/* settleWithin */.fb)(creating, CREATE_ANSWER_WAIT_MS) : undefined;
    return answer?.status === 'fulfilled' ? answer.value.UploadId : undefined;
}
function uploadError(e, url, interrupted, leftover, store) {
    const tail = leftover ? `; ${leftover}` : '; the multipart upload was aborted, nothing of it is left in the bucket';
    // The body's own failure (pg_dump died, the pipeline broke) is the cause; the upload is its victim.
    if (e instanceof errors/* AzaError */.TF)
        return new errors/* AzaError */.TF(e.code, `${e.message}${tail}`, e.hint, { cause: e });
    if (interrupted || e.name === 'AbortError') {
        return new errors/* AzaError */.TF('S3_UPLOAD_FAILED', `The upload to ${url} was interrupted${tail}`, 'Take the backup again.', { cause: e });
    }
    const err = storeError(e, { action: `upload ${url}`, bucket: store.bucket, where: store.where });
    const code = err.code === 'S3_REQUEST_FAILED' ? 'S3_UPLOAD_FAILED' : err.code;
    return new errors/* AzaError */.TF(code, `${err.message}${tail}`, err.hint, { cause: e });
}

;// CONCATENATED MODULE: ./src/core/object-store/store.ts





/** Seconds to wait for a TCP connection; the SDK retries (3 attempts) after it. */
const CONNECT_TIMEOUT_MS = 10_000;
/** A request idle this long (no byte either way) fails instead of hanging on a dead server. */
const IDLE_TIMEOUT_MS = 120_000;
let sdkLoading;
/**
 * The S3 SDK, loaded on first use: it is the largest part of the bundle, and a run that never
 * talks to a store (a restore of a local file) does not pay for loading it.
 */
function s3Sdk() {
    return (sdkLoading ??= __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 6092, 19)));
}
class ObjectStore {
    config;
    bucket;
    clientLoading;
    made;
    where;
    constructor(config, bucket) {
        this.config = config;
        this.bucket = bucket;
        this.where = (0,settings/* describeStore */.Fk)(config);
    }
    /** The SDK's client for this store, made on first use. */
    client() {
        const { config } = this;
        return (this.clientLoading ??= s3Sdk().then(({ S3Client }) => (this.made = new S3Client({
            region: config.region,
            forcePathStyle: config.forcePathStyle,
            ...(config.endpoint ? { endpoint: config.endpoint } : {}),
            ...(config.credentials ? { credentials: config.credentials } : {}),
            requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: IDLE_TIMEOUT_MS },
            // Checksums are asked for per request (SHA-256 on every put); none on requests that do not need one.
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
        }))));
    }
    /** The client and the SDK's commands. */
    async sdk() {
        return Promise.all([this.client(), s3Sdk()]);
    }
    url(key) {
        return (0,url/* formatObjectUrl */.yj)(this.bucket, key);
    }
    /** Runs one request; whatever it throws becomes a catalogue error naming `action`. */
    async send(action, fn) {
        try {
            return await fn();
        }
        catch (e) {
            throw storeError(e, { action, bucket: this.bucket, where: this.where });
        }
    }
    /**
     * Proves the bucket is there and the credentials may list it: one listing of at most one key
     * under `prefix` (a HEAD of the bucket answers 404 or 403 without saying which thing is wrong).
     */
    async checkBucket(prefix = '') {
        const [client, { ListObjectsV2Command }] = await this.sdk();
        await this.send(`list ${this.url(prefix)}`, () => client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, MaxKeys: 1 })));
    }
    /** The object's size, checksum and metadata, or undefined when there is no such object. */
    async head(key) {
        const [client, { HeadObjectCommand }] = await this.sdk();
        try {
            const h = await client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key, ChecksumMode: 'ENABLED' }));
            return {
                key,
                sizeBytes: h.ContentLength ?? 0,
                lastModified: h.LastModified,
                etag: h.ETag,
                checksumSha256: h.ChecksumSHA256,
                metadata: h.Metadata ?? {},
            };
        }
        catch (e) {
            if (isNotFound(e))
                return undefined;
            throw storeError(e, { action: `read ${this.url(key)}`, bucket: this.bucket, where: this.where });
        }
    }
    /** The object's bytes as a stream (nothing is buffered beyond the socket's flow control). */
    async get(key) {
        const [client, { GetObjectCommand }] = await this.sdk();
        const r = await this.send(`read ${this.url(key)}`, () => client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
        if (!r.Body)
            throw new errors/* AzaError */.TF('S3_REQUEST_FAILED', `Could not read ${this.url(key)}: the store sent no body`);
        return { body: r.Body, sizeBytes: r.ContentLength ?? 0, etag: r.ETag };
    }
    /** Every object whose key starts with `prefix` (all pages), in key order. */
    async list(prefix) {
        const [client, { ListObjectsV2Command }] = await this.sdk();
        const out = [];
        let token;
        do {
            const page = await this.send(`list ${this.url(prefix)}`, () => client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })));
            for (const o of page.Contents ?? []) {
                if (o.Key === undefined)
                    continue;
                out.push({ key: o.Key, sizeBytes: o.Size ?? 0, lastModified: o.LastModified, etag: o.ETag });
            }
            token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return out;
    }
    /** Deletes the object; deleting one that is not there succeeds (S3's own rule). */
    async delete(key) {
        const [client, { DeleteObjectCommand }] = await this.sdk();
        await this.send(`delete ${this.url(key)}`, () => client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
    }
    /** Refuses with S3_OBJECT_EXISTS when `key` is there. */
    async checkAbsent(key) {
        if (await this.head(key)) {
            throw new errors/* AzaError */.TF('S3_OBJECT_EXISTS', `${this.url(key)} already exists`, 'Choose another name or prefix, delete the object first, or pass --overwrite (input overwrite: true).');
        }
    }
    /**
     * Puts a small object (a manifest) in one request with its SHA-256. Without `overwrite` it never
     * replaces an object: a HEAD first (which also gives the clear error early), then the put with
     * If-None-Match: *, which S3 and most compatible stores honour atomically; a store that
     * ignores the header leaves only the HEAD's protection against a writer racing us.
     */
    async putObject(key, body, opts) {
        if (!opts.overwrite)
            await this.checkAbsent(key);
        const [client, { PutObjectCommand }] = await this.sdk();
        const r = await this.send(`write ${this.url(key)}`, () => client.send(new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: body,
            ChecksumAlgorithm: 'SHA256',
            ...(opts.contentType ? { ContentType: opts.contentType } : {}),
            ...(opts.overwrite ? {} : { IfNoneMatch: '*' }),
        })));
        return { key, url: this.url(key), etag: r.ETag, checksumSha256: r.ChecksumSHA256 };
    }
    /**
     * Starts a streaming upload of `body` to `key` (see upload.ts). Without `overwrite` it refuses
     * an existing key before sending any byte (HEAD) and again atomically at completion
     * (If-None-Match: * on CompleteMultipartUpload or PutObject).
     */
    async upload(key, body, opts) {
        if (!opts.overwrite)
            await this.checkAbsent(key);
        return startUpload(this, await this.client(), key, body, opts);
    }
    /** Multipart uploads started under `prefix` and neither completed nor aborted. */
    async listMultipartUploads(prefix) {
        const [client, { ListMultipartUploadsCommand }] = await this.sdk();
        const out = [];
        let keyMarker;
        let idMarker;
        for (;;) {
            const page = await this.send(`list the multipart uploads under ${this.url(prefix)}`, () => client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: idMarker })));
            for (const u of page.Uploads ?? []) {
                if (u.Key !== undefined && u.UploadId !== undefined)
                    out.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated });
            }
            if (!page.IsTruncated)
                return out;
            keyMarker = page.NextKeyMarker;
            idMarker = page.NextUploadIdMarker;
        }
    }
    /** Aborts a multipart upload, dropping its parts; one already gone (NoSuchUpload) counts as done. */
    async abortMultipartUpload(key, uploadId) {
        const [client, { AbortMultipartUploadCommand }] = await this.sdk();
        try {
            await client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
        }
        catch (e) {
            if (e.name === 'NoSuchUpload' || e.Code === 'NoSuchUpload')
                return;
            throw storeError(e, { action: `abort the upload of ${this.url(key)}`, bucket: this.bucket, where: this.where });
        }
    }
    /** Closes the client's sockets. */
    close() {
        this.made?.destroy();
    }
}

;// CONCATENATED MODULE: ./src/core/object-store/index.ts
/**
 * Object storage (S3 and compatible stores): the only module that talks to one. Operations use
 * `ObjectStore` (one per bucket) with settings from `objectStoreSettings` and locations from
 * `parseObjectUrl`.
 */







/***/ })

};
