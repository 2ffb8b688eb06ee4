export const id = 15;
export const ids = [15];
export const modules = {

/***/ 4300:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K7: () => (/* binding */ takenMeanwhile),
/* harmony export */   S0: () => (/* binding */ writeNewFile),
/* harmony export */   WU: () => (/* binding */ setWriteFailure),
/* harmony export */   XT: () => (/* binding */ finishInterruptedSets),
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   gG: () => (/* binding */ fsyncDirectorySync)
/* harmony export */ });
/* unused harmony export publishFileSet */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4551);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8616);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2920);
/**
 * A set of small files published together (keys and certificates; a manifest is a set of one):
 * all of them or none, even across a crash. Every file is first written in full to a temp name
 * beside its final one and fsynced. A set of more than one file then gets a journal
 * (`.aza-pg-set.journal-<maker>`) naming each final file and its temp, written atomically before
 * the first rename: from then on the new set is complete on disk, and a run killed while renaming
 * is finished by the next one (finishInterruptedSets, called by cleanLeftovers), which moves the
 * remaining temps into place. The files keep their fixed names (PostgreSQL reads server.key,
 * server.crt and ca.crt from fixed paths): between the kill and the next run the directory may
 * hold files of both sets, never a file half written. Certificate sets are published by
 * cert-set.ts instead (one rename switches the whole set); the journal is still finished here so
 * that a set an older version was renaming when killed is completed by the next run.
 */






/** Writes a small file atomically (temp, fsync, rename, fsync dir) with mode 0600: a set of one. */
function writeFileAtomic(path, content) {
    publishFileSet([{ path, mode: 0o600, content }], { overwrite: true, createDir: false });
}
function setWriteFailure(path, dirLabel, cause) {
    if (cause instanceof _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF)
        return cause;
    const code = cause.code;
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('OUTPUT_DIR_NOT_WRITABLE', `${dirLabel} not writable: ${dir}${code === 'EROFS' ? ' (read-only file system)' : ''}; nothing was changed`, `Check permissions and mounts (ls -ld ${dir}) or choose another directory.`, { cause });
    }
    if (code === 'ENOSPC' || code === 'EDQUOT') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('DISK_FULL', `No space left while writing ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path)} in ${dir}; nothing was changed`, `Free space in ${dir} (df -h ${dir}).`, {
            cause,
        });
    }
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('WRITE_FAILED', `Could not write ${path}: ${cause.message}; nothing was changed`, undefined, { cause });
}
function takenMeanwhile(path) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('OUTPUT_EXISTS', `${path} appeared while the files were being written; nothing was changed`, 'Another process writes to this directory: run again when it is done.');
}
/** Writes `file` in full to a new temp name next to it and returns that name. */
function writeTemp(file, onCreated) {
    const temp = (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .siblingPath */ .eR)(file.path, 'tmp', (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .ownedTag */ .y7)());
    // As root, a replacement keeps the owner of the file it replaces (e.g. the postgres user,
    // which must be able to read server.key).
    writeNewFile(temp, file.mode, file.content, (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .statOrUndefined */ .md)(file.path), () => onCreated?.(temp, file.path));
    return temp;
}
/**
 * Creates `path` (which must not exist) with `mode` from its first moment, writes `content` and
 * fsyncs it. As root, the file gets the owner of `ownerOf` when that is not root's.
 */
function writeNewFile(path, mode, content, ownerOf, onCreated) {
    // O_EXCL: a fresh inode that nobody else holds open; the mode applies from creation on.
    // umask can only narrow it, never widen it.
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL, mode);
    try {
        onCreated?.();
        // Public files get exactly their mode whatever the umask, before their content exists.
        // Private files are never chmod'ed: created 0600, they stay 0600 or narrower.
        if ((mode & 0o077) !== 0)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fchmodSync)(fd, mode);
        if (ownerOf && process.getuid?.() === 0 && (ownerOf.uid !== 0 || ownerOf.gid !== 0))
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fchownSync)(fd, ownerOf.uid, ownerOf.gid);
        const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
        let offset = 0;
        while (offset < data.length)
            offset += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, data, offset, data.length - offset);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fsyncSync)(fd);
    }
    catch (e) {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(path);
        throw e;
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
}
function fsyncDirectorySync(dir) {
    const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(dir, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY);
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fsyncSync)(fd);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
/**
 * Publishes all of `files` (all in one directory) or none of them: a failure at any point, or an
 * interrupt, leaves the directory as it was. Every file is first written in full to a temp name
 * beside it and fsynced, and only then moved into place; files being replaced are kept under a
 * backup name until every new file is in place, so a failure while renaming puts the old set back.
 * A kill while renaming is finished by the next run (see the journal above).
 */
function publishFileSet(files, options) {
    if (files.length === 0)
        return;
    const dirLabel = options.dirLabel ?? 'Directory';
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(files[0].path);
    const temps = new Map();
    const backups = new Map();
    const placed = [];
    let createdDir;
    let current = files[0].path;
    let finished = false;
    let journal;
    const rollBack = () => {
        // Not to be finished by a later run: this one puts the old set back itself.
        if (journal)
            (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(journal);
        // New files out first, then the backups back to their names: the old set returns whole.
        for (const path of placed)
            if (!backups.has(path))
                (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(path);
        for (const [path, backup] of backups) {
            try {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(backup, path);
            }
            catch {
                (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(backup);
            }
        }
        for (const temp of temps.values())
            (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(temp);
        if (createdDir)
            (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(createdDir);
    };
    const removeInterruptCleanup = (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .onInterrupt */ .nA)(() => {
        if (!finished)
            rollBack();
    });
    try {
        if (options.createDir) {
            current = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, '.');
            createdDir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true, mode: 0o755 });
        }
        for (const file of files) {
            current = file.path;
            temps.set(file.path, writeTemp(file, options.onTempFileCreated));
        }
        if (files.length > 1)
            journal = writeJournal(dir, dirLabel, temps);
        for (const file of files) {
            current = file.path;
            const temp = temps.get(file.path);
            if ((0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .statOrUndefined */ .md)(file.path)) {
                if (!options.overwrite)
                    throw takenMeanwhile(file.path);
                const backup = (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .siblingPath */ .eR)(file.path, 'old', (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .ownedTag */ .y7)());
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.linkSync)(file.path, backup);
                backups.set(file.path, backup);
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(temp, file.path);
            }
            else {
                // link(2) fails if the name was taken meanwhile: nothing of someone else's is clobbered.
                try {
                    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.linkSync)(temp, file.path);
                }
                catch (e) {
                    throw e.code === 'EEXIST' ? takenMeanwhile(file.path) : e;
                }
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(temp);
            }
            temps.delete(file.path);
            placed.push(file.path);
            options.onPlaced?.(file.path);
        }
        fsyncDirectorySync(dir);
        finished = true;
        if (journal)
            (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(journal);
        for (const backup of backups.values())
            (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(backup);
    }
    catch (e) {
        rollBack();
        throw setWriteFailure(current, dirLabel, e);
    }
    finally {
        removeInterruptCleanup();
    }
}
// ---------------------------------------------------------------------------------------------
// The journal of a set being published, and finishing the sets of killed runs
const JOURNAL = /^\.aza-pg-set\.journal-(\d+-\d+-[A-Za-z0-9_]+)-[0-9a-f]+$/;
/** Writes the journal (temp name, fsync, rename, fsync the directory): whole or absent. */
function writeJournal(dir, label, temps) {
    // The temps' names must be on disk before a journal that points at them.
    fsyncDirectorySync(dir);
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, `.aza-pg-set.journal-${(0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .ownedTag */ .y7)()}`);
    const body = {
        maker: (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .ownerText */ .dP)(),
        label,
        files: [...temps].map(([final, temp]) => ({ name: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(final), temp: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(temp) })),
    };
    const temp = writeTemp({ path, mode: 0o600, content: `${JSON.stringify(body)}\n` }, undefined);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(temp, path);
    fsyncDirectorySync(dir);
    return path;
}
/**
 * Sets whose publication a killed run left half done in `dir`: the rest of each is moved into
 * place from its fsynced temp files (roll forward: the new set was complete on disk before its
 * first rename), and the journal removed. A journal of a run still going, or of another host's
 * run, is left alone and named. Returns the directories' files put in place.
 */
function finishInterruptedSets(dir, notes) {
    let names;
    try {
        names = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir);
    }
    catch {
        return [];
    }
    const finished = [];
    for (const name of names) {
        const m = JOURNAL.exec(name);
        if (!m)
            continue;
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
        const owner = (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .parseOwnerTag */ .D9)(m[1]);
        const state = owner ? (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .ownerState */ .N_)(owner) : 'gone';
        if (state === 'alive')
            continue;
        let journal;
        try {
            journal = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
        }
        catch (e) {
            notes.warn(`Cannot read ${path}, the journal of an interrupted publication: ${e.message}; check the files in ${dir}, then remove it`);
            continue;
        }
        const maker = (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .parseOwnerText */ .qM)(journal.maker);
        const who = maker ? (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .describeOwner */ .$S)(maker) : 'an earlier run';
        if (state === 'elsewhere') {
            notes.warn(`${dir} holds a set of files half published by a run on another host (${who}); if it no longer runs, run this again there, or remove ${path} and publish the set again`);
            continue;
        }
        const moved = [];
        for (const f of journal.files) {
            const temp = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, f.temp);
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(temp))
                continue;
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(temp, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, f.name));
            // rename(2) of two links to one file does nothing: the temp was linked in already.
            (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(temp);
            moved.push(f.name);
        }
        fsyncDirectorySync(dir);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(path);
        finished.push(...moved);
        notes.warn(`${journal.label} ${dir}: an interrupted run (${who}, no longer running) had put ${journal.files.length - moved.length} of the ${journal.files.length} files of a new set in place; ` +
            `the set was completed from its written files${moved.length > 0 ? ` (${moved.join(', ')})` : ''}`);
    }
    return finished;
}


/***/ }),

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

/***/ 1015:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kz: () => (/* binding */ cleanLeftovers),
/* harmony export */   yZ: () => (/* binding */ parsePartialName)
/* harmony export */ });
/* unused harmony export PARTIAL_NAME */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8616);
/* harmony import */ var _file_set_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4300);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2920);
/**
 * What killed runs leave in a directory: our temp files and directories (fs.tempPathFor,
 * publishFileSet, whose half-published sets are finished first; certificate set directories are
 * cert-set.ts's cleanCertSetLeftovers) and lock files (lock.ts), each naming its maker (owner.ts). The next run removes
 * those whose maker is gone, leaves a live run's alone, and names the rest with the command that
 * removes them.
 */





/**
 * tempPathFor() names, and publishFileSet()'s temp files and the old files it keeps until a set is
 * in place; older ones carry only the random tag (no owner).
 */
const PARTIAL_NAME = /^\.(.+)\.(?:partial|tmp|old)-(?:(\d+-\d+-[A-Za-z0-9_]+)-)?[0-9a-f]+$/;
function parsePartialName(name) {
    const m = PARTIAL_NAME.exec(name);
    if (!m)
        return undefined;
    const owner = m[2] ? (0,_owner_js__WEBPACK_IMPORTED_MODULE_4__/* .parseOwnerTag */ .D9)(m[2]) : undefined;
    return { forName: m[1], ...(owner ? { owner } : {}) };
}
/** A lock file (lock.ts) whose owner is gone on this host: a killed run's, removed. */
function removeDeadLock(path, notes) {
    let content;
    try {
        content = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
    }
    catch {
        return;
    }
    const owner = (0,_owner_js__WEBPACK_IMPORTED_MODULE_4__/* .parseOwnerText */ .qM)(content);
    if (!owner || (0,_owner_js__WEBPACK_IMPORTED_MODULE_4__/* .ownerState */ .N_)(owner) !== 'gone')
        return;
    try {
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8') === content)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(path);
        notes.info(`Removed ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path)}, the lock of an interrupted run (${(0,_owner_js__WEBPACK_IMPORTED_MODULE_4__/* .describeOwner */ .$S)(owner)}, no longer running)`);
    }
    catch {
        // taken over or removed by another run meanwhile
    }
}
/**
 * The temp files and directories of earlier runs in `dir`: removed when their owner is gone (a
 * killed run on this host), left alone while it runs, otherwise named with the command that
 * removes them. Returns the names removed.
 */
function cleanLeftovers(dir, notes, only) {
    // A set a killed run was renaming into place is finished first, from the temps it names.
    (0,_file_set_js__WEBPACK_IMPORTED_MODULE_3__/* .finishInterruptedSets */ .XT)(dir, notes);
    let names;
    try {
        names = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir);
    }
    catch {
        return [];
    }
    const removed = [];
    for (const name of names.sort()) {
        if (/^\..+\.lock$/.test(name)) {
            removeDeadLock((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name), notes);
            continue;
        }
        const partial = parsePartialName(name);
        if (!partial || (only && !only(partial)))
            continue;
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
        const st = (0,_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .statOrUndefined */ .md)(path);
        if (!st || st.isSymbolicLink())
            continue;
        const state = partial.owner ? (0,_owner_js__WEBPACK_IMPORTED_MODULE_4__/* .ownerState */ .N_)(partial.owner) : undefined;
        if (state === 'alive')
            continue;
        if (state === 'gone') {
            try {
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(path, { recursive: true, force: true });
                removed.push(name);
                notes.info(`Removed ${name}, left by an interrupted run (${(0,_owner_js__WEBPACK_IMPORTED_MODULE_4__/* .describeOwner */ .$S)(partial.owner)}, no longer running)`);
            }
            catch (e) {
                notes.warn(`Could not remove ${path}, left by an interrupted run: ${e.message}; remove it: rm -rf ${path}`);
            }
            continue;
        }
        const who = partial.owner
            ? `a run on host ${partial.owner.host} (pid ${partial.owner.pid}), which this host cannot check`
            : 'an earlier run';
        notes.warn(`${path} was left by ${who}; if nothing is writing into ${dir}, remove it: rm -rf ${path}`);
    }
    return removed;
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


/***/ })

};
