export const id = 67;
export const ids = [67];
export const modules = {

/***/ 7852:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ru: () => (/* binding */ strayCertSets),
/* harmony export */   VX: () => (/* binding */ isSetLink),
/* harmony export */   Ys: () => (/* binding */ publishCertSet),
/* harmony export */   wZ: () => (/* binding */ cleanCertSetLeftovers)
/* harmony export */ });
/* unused harmony export DATA_LINK */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _file_set_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4300);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4551);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8616);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2920);
/**
 * A certificate set published as one, the way Kubernetes' AtomicWriter publishes secret volumes:
 * every set is written, fsynced, into its own hidden directory inside the certificate directory
 * (`..<UTC stamp>.<maker>-<random>`, the maker as in owner.ts), `..data` is a symbolic link to
 * the current one, and the fixed paths PostgreSQL reads (server.key, server.crt, ca.crt, ...) are
 * links `name -> ..data/name`. A new set is switched in by one rename of a new `..data_tmp` link
 * over `..data`: killed at any moment, every fixed path resolves through `..data` to one complete
 * set, the old or the new one. The next run removes what a killed run left (set directories
 * `..data` does not point at, `..data_tmp`, temp links).
 *
 * Migration from regular files (older versions, or files put there by hand): the current
 * content of each fixed path is first copied into a set directory of its own and `..data` made to
 * point at that copy; each regular file is then replaced (rename) by its link, which resolves to
 * the same bytes; only then is `..data` switched to the new set. A crash during the conversion
 * leaves some names regular files and some links, all with the old set's content: still one set.
 */






const DATA_LINK = '..data';
const DATA_TMP = '..data_tmp';
const SET_DIR = /^\.\.\d{4}_\d\d_\d\d_\d{6}\.\d{3}\.(\d+-\d+-[A-Za-z0-9_]+)-[0-9a-f]+$/;
function lstatOrUndefined(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path);
    }
    catch {
        return undefined;
    }
}
/** `name` is our link into the current set (`name -> ..data/name`). */
function isSetLink(dir, name) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name)) === `${DATA_LINK}/${name}`;
    }
    catch {
        return false;
    }
}
/** `..2026_11_30_110501.123.<maker>-<random>`: the hidden directory of one set. */
function setDirName(at = new Date()) {
    const iso = at.toISOString(); // 2026-11-30T11:05:01.123Z
    const stamp = `${iso.slice(0, 10).replace(/-/g, '_')}_${iso.slice(11, 19).replace(/:/g, '')}.${iso.slice(20, 23)}`;
    return `..${stamp}.${(0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .ownedTag */ .y7)()}`;
}
/** The set directory `..data` points at, if any. */
function currentSetDir(dir) {
    try {
        const target = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, DATA_LINK));
        return SET_DIR.test(target) ? target : undefined;
    }
    catch {
        return undefined;
    }
}
/** Makes `link -> target` appear at once: a temp link, then rename over `link`, then fsync the directory. */
function replaceWithLink(dir, link, target, temp = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)((0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .siblingPath */ .eR)(link, 'tmp', (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .ownedTag */ .y7)()))) {
    const tempPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, temp);
    (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(tempPath);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.symlinkSync)(target, tempPath);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tempPath, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, link));
    (0,_file_set_js__WEBPACK_IMPORTED_MODULE_2__/* .fsyncDirectorySync */ .gG)(dir);
}
/** What a file holds now, with its mode and owner: copied as is into a set directory. */
function fileAsIs(path, name) {
    const st = (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .statOrUndefined */ .md)(path);
    return { name, mode: st.mode & 0o777, content: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path), owner: st };
}
/** A new set directory holding `files` (by name), each with its mode and owner, all fsynced. */
function writeSetDir(dir, files) {
    const name = setDirName();
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(path, { mode: 0o755 });
    for (const f of files)
        (0,_file_set_js__WEBPACK_IMPORTED_MODULE_2__/* .writeNewFile */ .S0)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(path, f.name), f.mode, f.content, f.owner);
    (0,_file_set_js__WEBPACK_IMPORTED_MODULE_2__/* .fsyncDirectorySync */ .gG)(path);
    (0,_file_set_js__WEBPACK_IMPORTED_MODULE_2__/* .fsyncDirectorySync */ .gG)(dir);
    return name;
}
/**
 * Publishes `files` (all in one directory) as one set: see the top of this file. A failure before
 * the switch leaves the previous set in place (possibly already in the link layout).
 */
function publishCertSet(files, options) {
    if (files.length === 0)
        return;
    const dirLabel = options.dirLabel ?? 'Directory';
    const dir = files[0].path.slice(0, files[0].path.lastIndexOf('/')) || '/';
    const names = files.map((f) => f.path.slice(dir.length + 1));
    const step = options.onStep ?? (() => undefined);
    const made = [];
    let switched = false;
    let previous;
    const rollBack = () => {
        (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, DATA_TMP));
        const live = currentSetDir(dir);
        for (const m of made)
            if (m !== live)
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, m), { recursive: true, force: true });
    };
    const removeInterruptCleanup = (0,_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .onInterrupt */ .nA)(() => {
        if (!switched)
            rollBack();
    });
    let current = files[0].path;
    try {
        if (options.createDir)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true, mode: 0o755 });
        // Existing fixed paths: our links, or files (regular, or a link of someone else's) to convert.
        const toConvert = [];
        for (const name of names) {
            current = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
            const st = lstatOrUndefined(current);
            if (!st)
                continue;
            const ours = isSetLink(dir, name);
            if (!options.overwrite && (!ours || (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .statOrUndefined */ .md)(current)))
                throw (0,_file_set_js__WEBPACK_IMPORTED_MODULE_2__/* .takenMeanwhile */ .K7)(current);
            if (!ours)
                toConvert.push(name);
        }
        previous = currentSetDir(dir);
        // Files of the current set the new one lacks (e.g. ca.key after a switch to self-signed) are
        // carried over unchanged: their links keep resolving, and the run names them as left over.
        const carried = (previous ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, previous)) : [])
            .filter((name) => !names.includes(name) && isSetLink(dir, name))
            .map((name) => fileAsIs((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, previous, name), name));
        const newSet = writeSetDir(dir, [
            ...files.map((f, i) => {
                // As root, a replacement keeps the owner of the file it replaces (e.g. the postgres user).
                const owner = (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .statOrUndefined */ .md)(f.path);
                return { name: names[i], mode: f.mode, content: f.content, ...(owner ? { owner } : {}) };
            }),
            ...carried,
        ]);
        made.push(newSet);
        step('new set written');
        if (toConvert.length > 0) {
            // One-time conversion (see the top): a copy of what every fixed path shows now, linked first.
            const shown = new Set([...names, ...(previous ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, previous)) : [])]);
            const copy = [...shown].filter((name) => (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .statOrUndefined */ .md)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name))?.isFile()).map((name) => fileAsIs((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name), name));
            const oldCopy = writeSetDir(dir, copy);
            made.push(oldCopy);
            step('old set copied');
            replaceWithLink(dir, DATA_LINK, oldCopy, DATA_TMP);
            step('..data -> old copy');
            for (const name of toConvert) {
                current = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
                replaceWithLink(dir, name, `${DATA_LINK}/${name}`);
                step(`${name} converted`);
            }
        }
        // Names the old set lacked: links that resolve once the new set is in.
        for (const name of names) {
            if (lstatOrUndefined((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name)))
                continue;
            current = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.symlinkSync)(`${DATA_LINK}/${name}`, current);
        }
        (0,_file_set_js__WEBPACK_IMPORTED_MODULE_2__/* .fsyncDirectorySync */ .gG)(dir);
        step('links in place');
        current = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, DATA_LINK);
        replaceWithLink(dir, DATA_LINK, newSet, DATA_TMP);
        switched = true;
        step('switched');
    }
    catch (e) {
        if (!switched)
            rollBack();
        throw (0,_file_set_js__WEBPACK_IMPORTED_MODULE_2__/* .setWriteFailure */ .WU)(current, dirLabel, e);
    }
    finally {
        removeInterruptCleanup();
    }
    // The switch is done: what follows only tidies up, and the next run finishes it if killed.
    // The previous set and the old copy: no longer pointed at. Any other set directory is a killed
    // run's (removed if its maker is gone) or a live run's (left alone; none while we hold the lock).
    for (const s of strayCertSets(dir)) {
        if (s.name === previous || made.includes(s.name) || s.state === 'gone')
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, s.name), { recursive: true, force: true });
    }
    (0,_file_set_js__WEBPACK_IMPORTED_MODULE_2__/* .fsyncDirectorySync */ .gG)(dir);
    step('old set removed');
}
/** The set directories in `dir` that `..data` does not point at, with their makers. */
function strayCertSets(dir) {
    let names;
    try {
        names = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir);
    }
    catch {
        return [];
    }
    const live = currentSetDir(dir);
    const out = [];
    for (const name of names.sort()) {
        const m = SET_DIR.exec(name);
        const owner = m ? (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .parseOwnerTag */ .D9)(m[1]) : undefined;
        if (!m || !owner || name === live)
            continue;
        out.push({ name, maker: (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .describeOwner */ .$S)(owner), state: (0,_owner_js__WEBPACK_IMPORTED_MODULE_5__/* .ownerState */ .N_)(owner) });
    }
    return out;
}
/**
 * What killed runs left in a certificate directory: set directories `..data` does not point at
 * (removed when their maker is gone), `..data_tmp`, temp links and links that no longer resolve
 * into the set. Called by the next run while it holds the directory's lock.
 */
function cleanCertSetLeftovers(dir, notes) {
    const removed = [];
    for (const s of strayCertSets(dir)) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, s.name);
        if (s.state === 'alive')
            continue;
        if (s.state === 'elsewhere') {
            notes.warn(`${path} was left by a run on another host (${s.maker}); if nothing is writing into ${dir}, remove it: rm -rf ${path}`);
            continue;
        }
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(path, { recursive: true, force: true });
        removed.push(s.name);
        notes.info(`Removed ${s.name}, a certificate set left by an interrupted run (${s.maker}, no longer running)`);
    }
    let names;
    try {
        names = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir);
    }
    catch {
        return removed;
    }
    for (const name of names) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
        const temp = name === DATA_TMP || /^\..+\.tmp-\d+-\d+-[A-Za-z0-9_]+-[0-9a-f]+$/.test(name);
        // Temp links only: temp files of the older layout are cleanLeftovers' (they carry an owner).
        if (!temp || !lstatOrUndefined(path)?.isSymbolicLink())
            continue;
        (0,_fs_js__WEBPACK_IMPORTED_MODULE_4__/* .removeQuietly */ .S2)(path);
        removed.push(name);
        notes.info(`Removed ${name}, a link left by an interrupted run`);
    }
    if (removed.length > 0)
        (0,_file_set_js__WEBPACK_IMPORTED_MODULE_2__/* .fsyncDirectorySync */ .gG)(dir);
    return removed;
}


/***/ }),

/***/ 2067:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Iw: () => (/* binding */ planCheck),
/* harmony export */   OL: () => (/* binding */ evaluateCertificates),
/* harmony export */   Z4: () => (/* binding */ checkSummary),
/* harmony export */   aB: () => (/* binding */ readCheckFacts),
/* harmony export */   k_: () => (/* binding */ runCheck)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _fs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8616);
/* harmony import */ var _cert_set_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7852);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9892);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8232);
/* harmony import */ var _x509_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3711);
/**
 * `check`: reads certificates (a directory of them or one file) and says what they are and
 * whether they still work: subject, names, issuer, expiry, SHA-256 fingerprint, whether each
 * private key belongs to its certificate and each certificate to the directory's CA. Reading
 * is separate from judging: `readCheckFacts` touches the disk, `evaluateCertificates` is pure.
 */







const CERT_EXTENSIONS = new Set(['.crt', '.pem', '.cer']);
const DAY_MS = 86_400_000;
function readFact(path, st) {
    return { name: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path), path, text: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'), mode: st.mode & 0o777, uid: st.uid };
}
function stem(name) {
    return name.slice(0, name.length - (0,node_path__WEBPACK_IMPORTED_MODULE_1__.extname)(name).length);
}
/** Reads the certificate files (and their keys) that `check` is about. */
function readCheckFacts(path) {
    const st = (0,_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .statOrUndefined */ .md)(path);
    if (!st) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AzaError */ .TF('CERT_NOT_FOUND', `No such certificate file or directory: ${path}`, 'Give the directory the certificates were written to (e.g. stacks/primary/certs) or a certificate file such as server.crt.');
    }
    const dir = st.isDirectory() ? path : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path);
    const names = st.isDirectory()
        ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(path)
            .filter((n) => CERT_EXTENSIONS.has((0,node_path__WEBPACK_IMPORTED_MODULE_1__.extname)(n)) && !n.startsWith('.'))
            .sort()
        : [(0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(path)];
    const certificates = [];
    const keys = {};
    for (const name of names) {
        const p = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name);
        const s = (0,_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .statOrUndefined */ .md)(p);
        if (!s?.isFile())
            continue;
        certificates.push(readFact(p, s));
        const keyPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, `${stem(name)}.key`);
        const keyStat = (0,_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .statOrUndefined */ .md)(keyPath);
        if (keyStat?.isFile())
            keys[stem(name)] = readFact(keyPath, keyStat);
    }
    if (certificates.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AzaError */ .TF('CERT_NOT_FOUND', `No certificates (*.crt, *.pem) in ${path}`, 'Generate them first: aza-pg ssl-certs <dir> (or bun scripts/tools/generate-ssl-certs.ts <dir>).');
    }
    const caPath = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'ca.crt');
    const caStat = st.isDirectory() ? (0,_fs_js__WEBPACK_IMPORTED_MODULE_2__/* .statOrUndefined */ .md)(caPath) : undefined;
    const leftovers = st.isDirectory()
        ? (0,_cert_set_js__WEBPACK_IMPORTED_MODULE_3__/* .strayCertSets */ .Ru)(dir)
            .filter((s) => s.state !== 'alive')
            .map((s) => `${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, s.name)} is a certificate set left by an interrupted run (${s.maker}): the next ssl-certs run into ${dir} removes it, or: rm -rf ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, s.name)}`)
        : [];
    return {
        path,
        certificates,
        keys,
        ...(caStat?.isFile() ? { ca: readFact(caPath, caStat) } : {}),
        ...(leftovers.length > 0 ? { leftovers } : {}),
    };
}
function parseCertificate(fact) {
    try {
        return new _x509_js__WEBPACK_IMPORTED_MODULE_6__/* .x509.X509Certificate */ .fv.yI(fact.text);
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AzaError */ .TF('INVALID_CERT', `${fact.path} is not a PEM certificate: ${e.message}`, `Inspect it with: openssl x509 -in ${fact.path} -text -noout`, { cause: e });
    }
}
function subjectAltNames(cert) {
    const san = cert.getExtension(_x509_js__WEBPACK_IMPORTED_MODULE_6__/* .x509.SubjectAlternativeNameExtension */ .fv.Wx);
    if (!san)
        return [];
    return san.names.items.map((n) => `${n.type === 'ip' ? 'IP' : n.type.toUpperCase()}:${n.value}`);
}
const RENEW_HINT = 'Renew: move the old directory away (mv certs certs.old), generate new certificates (aza-pg ssl-certs certs 3650), then reload PostgreSQL (SELECT pg_reload_conf()).';
/** Judges the certificates in `facts` at `now`; no I/O. */
async function evaluateCertificates(facts, now, warnDays) {
    const ca = facts.ca ? parseCertificate(facts.ca) : undefined;
    const reports = [];
    for (const fact of facts.certificates) {
        const cert = parseCertificate(fact);
        const daysLeft = Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
        const warnings = [];
        const problems = [];
        if (cert.notAfter.getTime() <= now.getTime()) {
            problems.push({ code: 'CERT_EXPIRED', message: `${fact.name} expired on ${cert.notAfter.toISOString()}`, hint: RENEW_HINT });
        }
        else if (daysLeft < warnDays) {
            warnings.push(`${fact.name} expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${cert.notAfter.toISOString()})`);
        }
        if (cert.notBefore.getTime() > now.getTime()) {
            warnings.push(`${fact.name} is not valid before ${cert.notBefore.toISOString()}: check the clocks`);
        }
        const key = facts.keys[stem(fact.name)];
        if (key) {
            let matches;
            try {
                matches = (0,_x509_js__WEBPACK_IMPORTED_MODULE_6__/* .keyMatchesCertificate */ .Yh)(key.text, cert);
            }
            catch (e) {
                problems.push({
                    code: 'KEY_UNREADABLE',
                    message: `${key.name} is not a readable private key: ${e.message}`,
                    hint: 'PostgreSQL needs an unencrypted PEM key; inspect it with: openssl pkey -in ' + key.path + ' -noout',
                });
                matches = true;
            }
            if (!matches) {
                problems.push({
                    code: 'KEY_MISMATCH',
                    message: `${key.name} does not belong to ${fact.name}: ${fact.name === 'server.crt' ? 'PostgreSQL will refuse this pair' : 'they cannot be used together'}`,
                    hint: 'Put back the key this certificate was made for, or generate a new key and certificate together (aza-pg ssl-certs <dir>).',
                });
            }
            // PostgreSQL refuses a key readable by others: 0600 when the server owns it, 0640 at most when root does.
            const tooOpen = key.uid === 0 ? (key.mode & 0o037) !== 0 : (key.mode & 0o077) !== 0;
            if (tooOpen)
                warnings.push(`${key.name} has mode ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .modeText */ .zR)(key.mode)}; PostgreSQL will not start with it: chmod 600 ${key.path}`);
        }
        if (ca && facts.ca && fact.path !== facts.ca.path) {
            const signed = cert.issuer === ca.subject && (await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }).catch(() => false));
            if (!signed) {
                problems.push({
                    code: 'CHAIN_MISMATCH',
                    message: `${fact.name} was not issued by ca.crt in the same directory: clients trusting ca.crt will reject it`,
                    hint: 'Generate the set again together (mode ca), or put back the ca.crt that signed it.',
                });
            }
        }
        reports.push({
            file: fact.name,
            subject: cert.subject,
            issuer: cert.issuer === cert.subject ? `${cert.issuer} (self-signed)` : cert.issuer,
            names: subjectAltNames(cert),
            notBefore: cert.notBefore,
            notAfter: cert.notAfter,
            daysLeft,
            fingerprint: (0,_x509_js__WEBPACK_IMPORTED_MODULE_6__/* .sha256Fingerprint */ ._7)(cert.rawData),
            ...(key ? { keyFile: key.name } : {}),
            status: problems.length > 0 ? 'failed' : warnings.length > 0 ? 'warning' : 'ok',
            warnings,
            problems,
        });
    }
    const primary = reports.find((r) => r.file === 'server.crt') ?? reports[0];
    if (facts.leftovers?.length) {
        primary.warnings.push(...facts.leftovers);
        if (primary.status === 'ok')
            primary.status = 'warning';
    }
    const status = reports.some((r) => r.status === 'failed')
        ? 'failed'
        : reports.some((r) => r.status === 'warning')
            ? 'warning'
            : 'ok';
    return { kind: 'check', path: facts.path, warnDays, certificates: reports, primary, status };
}
function planCheck(settings, files, now) {
    return { kind: 'check', path: settings.path, warnDays: settings.warnDays, files, now };
}
/**
 * Judges and reports; throws the first failure after everything has been reported (the table
 * too: a failed check is the one whose details matter most).
 */
async function runCheck(plan, reporter) {
    const result = await reporter.step(`Check certificates in ${plan.path}`, () => evaluateCertificates(plan.files, plan.now, plan.warnDays));
    for (const r of result.certificates)
        for (const w of r.warnings)
            reporter.warn(w);
    const [failure, ...others] = result.certificates.flatMap((r) => r.problems);
    if (failure) {
        await reporter.table(checkSummary(result));
        // The first problem fails the run; the others are said first so none goes unmentioned.
        for (const other of others)
            reporter.warn(other.message);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .AzaError */ .TF(failure.code, `${failure.message}${others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''}, listed above)` : ''}`, failure.hint);
    }
    return result;
}
function checkSummary(result) {
    const warnDays = result.warnDays;
    const p = result.primary;
    return {
        title: `TLS certificate check: ${result.status === 'ok' ? 'OK' : result.status === 'warning' ? 'warnings' : 'FAILED'}`,
        rows: [
            ['Checked', result.path],
            ['Certificate', p.file],
            ['Subject', p.subject],
            ['Names', p.names.join(', ') || '(none: clients match the CN)'],
            ['Issuer', p.issuer],
            ['Not after', p.notAfter.toISOString()],
            ['Days left', String(p.daysLeft)],
            ['SHA-256 fingerprint', p.fingerprint],
        ],
        sections: [
            {
                title: 'Certificates',
                header: ['File', 'Subject', 'Not after', 'Days left', 'Key', 'Status'],
                rows: result.certificates.map((r) => [
                    r.file,
                    r.subject,
                    r.notAfter.toISOString().slice(0, 10),
                    String(r.daysLeft),
                    r.keyFile ? (r.problems.some((x) => x.code === 'KEY_MISMATCH') ? `${r.keyFile} (MISMATCH)` : `${r.keyFile} (matches)`) : '-',
                    r.status === 'failed'
                        ? `FAILED: ${r.problems.map((x) => x.message).join('; ')}`
                        : r.status === 'warning'
                            ? `warning: ${r.warnings.join('; ')}`
                            : 'ok',
                ]),
            },
        ],
        notes: checkNotes(result, warnDays),
    };
}
function checkNotes(result, warnDays) {
    if (result.status === 'ok')
        return [`Nothing expires within ${warnDays} days.`];
    const hints = result.certificates.flatMap((r) => r.problems.map((x) => x.hint));
    if (result.certificates.some((r) => r.daysLeft < warnDays))
        hints.push(RENEW_HINT);
    return [...new Set(hints)];
}


/***/ }),

/***/ 8232:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A_: () => (/* binding */ ORGANIZATION),
/* harmony export */   C: () => (/* binding */ MAX_CN_LENGTH),
/* harmony export */   DH: () => (/* binding */ COUNTRY),
/* harmony export */   F5: () => (/* binding */ CERT_MODE),
/* harmony export */   Sl: () => (/* binding */ subjectString),
/* harmony export */   Sr: () => (/* binding */ KEY_MODE),
/* harmony export */   fg: () => (/* binding */ BACKDATE_MS),
/* harmony export */   fn: () => (/* binding */ describeCertPlan),
/* harmony export */   lX: () => (/* binding */ overwriteConfirmation),
/* harmony export */   np: () => (/* binding */ clientFileBase),
/* harmony export */   zR: () => (/* binding */ modeText),
/* harmony export */   zT: () => (/* binding */ planCerts)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9892);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2614);
/**
 * Planning: which certificates to make, with which names, subjects and validity, into which
 * files with which modes, and whether the destination allows it. Pure: the file system is
 * described by `CertFacts`, gathered beforehand (facts.ts), so every decision is unit-tested
 * without touching a disk, and nothing is written unless the whole plan is sound.
 */



const KEY_MODE = 0o600;
const CERT_MODE = 0o644;
/** X.509's upper bound for a common name (ub-common-name). */
const MAX_CN_LENGTH = 64;
/** Certificates start a little in the past so a client whose clock lags still accepts them. */
const BACKDATE_MS = 5 * 60 * 1000;
const ORGANIZATION = 'PostgreSQL';
const COUNTRY = 'US';
function subjectString(dn) {
    return `CN=${dn.CN}, O=${dn.O}, C=${dn.C}`;
}
function clientFileBase(user) {
    return `client-${user}`;
}
/** Names this tool writes: anything else in the directory is none of its business. */
function isCertSetFile(name) {
    return name === 'ca.key' || name === 'ca.crt' || name === 'server.key' || name === 'server.crt' || /^client-.+\.(crt|key)$/.test(name);
}
function caCommonName(hostname) {
    const name = `${hostname} CA`;
    return name.length <= MAX_CN_LENGTH ? name : `${ORGANIZATION} CA`;
}
function planCerts(settings, facts) {
    const { dir } = settings;
    if (facts.dir.kind === 'not-directory') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('OUTPUT_NOT_DIRECTORY', `Certificate directory is a file, not a directory: ${dir}`, 'Give a directory for server.key, server.crt and ca.crt (it is created when missing).');
    }
    if (facts.dir.kind === 'missing' && !facts.dir.nearestIsDirectory) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('OUTPUT_NOT_DIRECTORY', `Cannot create ${dir}: ${facts.dir.nearestExisting} is a file, not a directory`, 'Choose a directory path whose parents are directories.');
    }
    if (!facts.dir.writable) {
        const where = facts.dir.kind === 'missing' ? facts.dir.nearestExisting : dir;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('OUTPUT_DIR_NOT_WRITABLE', `Certificate directory not writable: ${where}`, `Nothing was written. Check permissions and mounts (ls -ld ${where}; a read-only mount cannot take certificates), or choose another directory.`);
    }
    if (settings.hostname.length > MAX_CN_LENGTH) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('INVALID_HOSTNAME', `Host name "${settings.hostname}" is longer than ${MAX_CN_LENGTH} characters, the limit for a certificate's CN`, 'Use a shorter host name for POSTGRES_HOSTNAME (input hostname) and list the long one in hostnames.');
    }
    const server = (issuer, certCopies) => ({
        id: 'server',
        role: 'server',
        subject: { CN: settings.hostname, O: ORGANIZATION, C: COUNTRY },
        issuer,
        dnsNames: settings.dnsNames,
        ipAddresses: settings.ipAddresses,
        keyFile: 'server.key',
        certFile: 'server.crt',
        certCopies,
    });
    const certificates = settings.mode === 'self-signed'
        ? [server('self', ['ca.crt'])]
        : [
            {
                id: 'ca',
                role: 'ca',
                subject: { CN: caCommonName(settings.hostname), O: ORGANIZATION, C: COUNTRY },
                issuer: 'self',
                dnsNames: [],
                ipAddresses: [],
                keyFile: 'ca.key',
                certFile: 'ca.crt',
                certCopies: [],
            },
            server('ca', []),
            ...settings.clientUsers.map((user) => ({
                id: `client:${user}`,
                role: 'client',
                // PostgreSQL's cert authentication compares the CN with the database user name.
                subject: { CN: user, O: ORGANIZATION, C: COUNTRY },
                issuer: 'ca',
                dnsNames: [],
                ipAddresses: [],
                keyFile: `${clientFileBase(user)}.key`,
                certFile: `${clientFileBase(user)}.crt`,
                certCopies: [],
            })),
        ];
    const files = certificates.flatMap((c) => [
        { name: c.keyFile, path: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, c.keyFile), mode: KEY_MODE, content: { kind: 'key', of: c.id } },
        { name: c.certFile, path: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, c.certFile), mode: CERT_MODE, content: { kind: 'cert', of: c.id } },
        ...c.certCopies.map((name) => ({ name, path: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, name), mode: CERT_MODE, content: { kind: 'cert', of: c.id } })),
    ]);
    const blocked = files.filter((f) => facts.entries[f.name] === 'other').map((f) => f.name);
    if (blocked.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('OUTPUT_EXISTS', `Cannot write ${blocked.join(', ')} in ${dir}: ${blocked.length === 1 ? 'it exists and is' : 'they exist and are'} not a regular file`, 'Move the directory (or other entry) of that name away first.');
    }
    const notBefore = new Date(facts.now.getTime() - BACKDATE_MS);
    const notAfter = new Date(facts.now.getTime() + settings.days * 86_400_000);
    return {
        kind: 'generate',
        dir,
        mode: settings.mode,
        key: settings.key,
        days: settings.days,
        notBefore,
        notAfter,
        certificates,
        files,
        createDir: facts.dir.kind === 'missing',
        conflicts: files.filter((f) => facts.entries[f.name] === 'file').map((f) => f.name),
        leftovers: Object.keys(facts.entries)
            .filter((name) => facts.entries[name] === 'file' && isCertSetFile(name) && !files.some((f) => f.name === name))
            .sort(),
        overwrite: settings.overwrite,
    };
}
/** 0o600 -> "600", as ls and chmod write it. */
function modeText(mode) {
    return mode.toString(8).padStart(3, '0');
}
/** The plan as lines a person can check, before being asked to replace what is there. */
function describeCertPlan(plan) {
    return [
        `certificates: ${plan.mode}, ${(0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .describeKey */ .Rx)(plan.key)}, ${plan.days} days (until ${plan.notAfter.toISOString()})`,
        `directory:    ${plan.dir}${plan.createDir ? ' (created)' : ''}`,
        `files:        ${plan.files.map((f) => `${f.name} (${modeText(f.mode)})`).join(', ')}`,
    ];
}
/**
 * Existing certificates are replaced only when the user said so: input overwrite, or y at the
 * spec's prompt. The prompt's default (Enter) keeps them.
 */
function overwriteConfirmation(plan) {
    if (plan.conflicts.length === 0 || plan.overwrite)
        return undefined;
    const dir = plan.dir;
    return {
        warnings: [],
        question: 'Overwrite existing certificates? (y/N) ',
        accept: (answer) => /^y(es)?$/i.test(answer.trim()),
        unanswered: new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('CERTS_EXIST', `Certificates already exist in ${dir} and there is no terminal to confirm overwriting them; nothing was written`, `Move them away first (mv ${dir} ${dir}.old), or run in a terminal and answer y.`),
        cannotAsk: new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('CERTS_EXIST', `Certificates already exist in ${dir} (${plan.conflicts.join(', ')}); nothing was written`, `Move them away first (mv ${dir} ${dir}.old, as for a renewal), answer y at the prompt in a terminal, or set overwrite: true in the action.`),
        declined: new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('ABORTED', `Aborted: the certificates in ${dir} were left as they were`),
    };
}


/***/ }),

/***/ 2614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CT: () => (/* binding */ DEFAULT_EXTRA_HOSTNAMES),
/* harmony export */   CY: () => (/* binding */ RSA_SIZES),
/* harmony export */   Ht: () => (/* binding */ DEFAULT_IP_ADDRESSES),
/* harmony export */   KT: () => (/* binding */ checkIpAddress),
/* harmony export */   Rx: () => (/* binding */ describeKey),
/* harmony export */   SZ: () => (/* binding */ CERT_OPTIONS),
/* harmony export */   WJ: () => (/* binding */ KEY_TYPES),
/* harmony export */   XM: () => (/* binding */ DEFAULT_WARN_DAYS),
/* harmony export */   ak: () => (/* binding */ DEFAULT_DAYS),
/* harmony export */   bs: () => (/* binding */ parseDays),
/* harmony export */   de: () => (/* binding */ MAX_DAYS),
/* harmony export */   go: () => (/* binding */ certSettings),
/* harmony export */   hx: () => (/* binding */ checkClientUser),
/* harmony export */   l: () => (/* binding */ checkDnsName),
/* harmony export */   qN: () => (/* binding */ DEFAULT_HOSTNAME),
/* harmony export */   rM: () => (/* binding */ isDnsName),
/* harmony export */   sd: () => (/* binding */ CERT_MODES)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9892);
/**
 * What the user asked for, validated once for both faces: the option table (action inputs and
 * CLI flags share names) and the function that turns inputs, positionals and the environment
 * into typed settings. Nothing here touches the file system.
 */


const CERT_MODES = ['self-signed', 'ca'];
const KEY_TYPES = ['rsa', 'ec'];
const RSA_SIZES = ['2048', '3072', '4096'];
/** The spec's defaults. */
const DEFAULT_HOSTNAME = 'postgres.local';
const DEFAULT_DAYS = 3650;
const DEFAULT_WARN_DAYS = 30;
/** A hundred years: anything longer is a typo, and X.509 dates stop at 9999 anyway. */
const MAX_DAYS = 36500;
const DEFAULT_EXTRA_HOSTNAMES = ['localhost'];
const DEFAULT_IP_ADDRESSES = ['127.0.0.1', '::1'];
const CERT_OPTIONS = [
    {
        name: 'dir',
        description: 'Directory for the certificates (created when missing). With check, a directory of certificates or one certificate file',
        required: true,
        positional: 0,
    },
    { name: 'days', description: `Validity in days, from 1 to ${MAX_DAYS}`, default: DEFAULT_DAYS, positional: 1 },
    {
        name: 'hostname',
        description: "Server host name: the certificate's CN (CN=<hostname>, O=PostgreSQL, C=US) and first DNS name",
        defaultText: `$POSTGRES_HOSTNAME, else ${DEFAULT_HOSTNAME}`,
    },
    {
        name: 'hostnames',
        description: 'More DNS names for subjectAltName, comma or newline separated',
        default: DEFAULT_EXTRA_HOSTNAMES.join(','),
    },
    {
        name: 'ip-addresses',
        description: 'IP addresses for subjectAltName, comma or newline separated',
        default: DEFAULT_IP_ADDRESSES.join(','),
    },
    {
        name: 'mode',
        description: 'self-signed (server.crt is its own CA; ca.crt is a copy) or ca (ca.key + ca.crt signing server.crt and client certificates)',
        default: 'self-signed',
    },
    {
        name: 'client-users',
        description: 'mode ca: database users to issue client certificates for (CN = user name), written as client-<user>.crt and client-<user>.key',
    },
    { name: 'key-type', description: 'rsa or ec (ECDSA P-256)', default: 'rsa' },
    { name: 'rsa-bits', description: 'RSA key size: 2048, 3072 or 4096', default: '2048' },
    {
        name: 'overwrite',
        description: 'Replace certificates that already exist in dir. Without it, existing certificates fail the step and are left untouched (the command asks instead)',
        flag: true,
        default: false,
        only: 'action',
    },
    {
        name: 'check',
        description: 'Inspect existing certificates instead of generating: subject, names, issuer, expiry, SHA-256 fingerprint, key match. Fails when expired or mismatched',
        flag: true,
        default: false,
    },
    { name: 'warn-days', description: 'check: warn when a certificate expires within this many days', default: DEFAULT_WARN_DAYS },
];
const DAYS_HINT = 'Provide a positive integer, e.g. 3650 for ten years: bun scripts/tools/generate-ssl-certs.ts certs 3650';
/** The spec's error for a bad validity ("Invalid days-valid value"), with its troubleshooting hint. */
function parseDays(value) {
    if (value === undefined || value.trim() === '')
        return DEFAULT_DAYS;
    const text = value.trim();
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > MAX_DAYS) {
        const why = !/^-?\d+$/.test(text) ? 'not a whole number' : n < 1 ? 'must be at least 1' : `must be at most ${MAX_DAYS} (100 years)`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('INVALID_DAYS', `Invalid days-valid value "${value}": ${why}`, DAYS_HINT);
    }
    return n;
}
/**
 * A DNS name as certificates carry it: letters, digits and hyphens in labels of at most 63
 * characters, at most 253 in all; a leading "*." wildcard is allowed. No trailing dot, no
 * underscores, no spaces: clients would never match them.
 */
function isDnsName(name) {
    if (name.length === 0 || name.length > 253)
        return false;
    const labels = name.split('.');
    // An all-digit last label is a mistyped IP address (256.1.1.1), never a real top-level domain.
    if (/^\d+$/.test(labels[labels.length - 1]))
        return false;
    return labels.every((label, i) => (i === 0 && label === '*' && labels.length > 2) || /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/.test(label));
}
function checkDnsName(name, what) {
    if (!isDnsName(name) || (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(name) !== 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('INVALID_HOSTNAME', `Invalid host name "${name}" in ${what}`, 'Use a DNS name such as db.example.com (letters, digits, hyphens and dots; "*." allowed in front). Put IP addresses in ip-addresses.');
    }
    return name.toLowerCase();
}
function checkIpAddress(ip, what) {
    if ((0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(ip) === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('INVALID_IP', `Invalid IP address "${ip}" in ${what}`, 'Use IPv4 (127.0.0.1) or IPv6 (::1) addresses, comma separated.');
    }
    return ip;
}
/**
 * Role names become a certificate CN and part of a file name (client-<user>.crt), so they are
 * held to what is safe in both: letters, digits and . _ @ -, not starting with a dot or hyphen.
 */
function checkClientUser(user) {
    if (!/^[A-Za-z0-9_@][A-Za-z0-9_.@-]{0,62}$/.test(user)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('INVALID_CLIENT_USER', `Invalid client user "${user}"`, 'Client certificates are issued for database role names of letters, digits and . _ @ - (at most 63 characters, not starting with . or -).');
    }
    return user;
}
function unique(items) {
    return [...new Set(items)];
}
/** Both faces call this; the command line's `<dir> [days]` arrive as the dir and days inputs. */
function certSettings(inputs, env) {
    const dir = inputs.string('dir');
    const daysInput = inputs.string('days');
    if (inputs.boolean('check')) {
        if (dir === undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('USAGE', 'Missing the directory or certificate file to check', 'Usage: aza-pg ssl-certs --check <dir|file> (action: check: true with dir).');
        }
        if (daysInput !== undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('USAGE', `Unexpected validity "${daysInput}" with --check`, 'Usage: aza-pg ssl-certs --check <dir|file>');
        return { action: 'check', path: dir, warnDays: inputs.integer('warn-days', { min: 0, max: MAX_DAYS }) };
    }
    if (dir === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('USAGE', 'Missing the certificate directory', 'Usage: aza-pg ssl-certs <dir> [days], e.g. aza-pg ssl-certs stacks/primary/certs 3650 (action: input dir).');
    }
    const days = parseDays(daysInput);
    const hostnameRaw = inputs.string('hostname') ?? (env.POSTGRES_HOSTNAME?.trim() || DEFAULT_HOSTNAME);
    const hostnameIsIp = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(hostnameRaw) !== 0;
    const hostname = hostnameIsIp
        ? hostnameRaw
        : checkDnsName(hostnameRaw, inputs.has('hostname') ? inputs.label('hostname') : 'POSTGRES_HOSTNAME');
    const extraNames = inputs.has('hostnames') ? inputs.list('hostnames') : DEFAULT_EXTRA_HOSTNAMES;
    const dnsNames = unique([...(hostnameIsIp ? [] : [hostname]), ...extraNames.map((n) => checkDnsName(n, inputs.label('hostnames')))]);
    const ips = inputs.has('ip-addresses') ? inputs.list('ip-addresses') : DEFAULT_IP_ADDRESSES;
    const ipAddresses = unique([...(hostnameIsIp ? [hostname] : []), ...ips.map((ip) => checkIpAddress(ip, inputs.label('ip-addresses')))]);
    const mode = inputs.oneOf('mode', CERT_MODES);
    const clientUsers = unique(inputs.list('client-users').map(checkClientUser));
    if (clientUsers.length > 0 && mode !== 'ca') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('USAGE', `${inputs.label('client-users')} needs mode ca`, 'Client certificates must be signed by a CA the server trusts: add mode: ca (--mode ca).');
    }
    const keyType = inputs.oneOf('key-type', KEY_TYPES);
    const bits = Number(inputs.oneOf('rsa-bits', RSA_SIZES));
    if (keyType === 'ec' && inputs.has('rsa-bits')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('USAGE', `${inputs.label('rsa-bits')} applies to RSA keys only`, 'Drop it, or use key-type rsa.');
    }
    const key = keyType === 'ec' ? { kind: 'ec', curve: 'P-256' } : { kind: 'rsa', bits };
    return {
        action: 'generate',
        dir,
        days,
        hostname,
        dnsNames,
        ipAddresses,
        mode,
        clientUsers,
        key,
        overwrite: inputs.boolean('overwrite'),
    };
}
function describeKey(key) {
    return key.kind === 'rsa' ? `RSA ${key.bits}` : `ECDSA ${key.curve}`;
}


/***/ }),

/***/ 3711:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

var _peculiar_x509__WEBPACK_IMPORTED_MODULE_1___namespace_cache;
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D8: () => (/* binding */ issueCertificate),
/* harmony export */   TZ: () => (/* binding */ generateKeyPair),
/* harmony export */   Yh: () => (/* binding */ keyMatchesCertificate),
/* harmony export */   _7: () => (/* binding */ sha256Fingerprint),
/* harmony export */   fv: () => (/* reexport fake namespace object from non-harmony */ _peculiar_x509__WEBPACK_IMPORTED_MODULE_1___namespace_cache || (_peculiar_x509__WEBPACK_IMPORTED_MODULE_1___namespace_cache = __webpack_require__.t(_peculiar_x509__WEBPACK_IMPORTED_MODULE_1__, 2))),
/* harmony export */   nQ: () => (/* binding */ privateKeyPem)
/* harmony export */ });
/* harmony import */ var reflect_metadata__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(477);
/* harmony import */ var reflect_metadata__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(reflect_metadata__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8927);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Keys and certificates made in-process with @peculiar/x509 over Node's WebCrypto, so no
 * openssl binary is needed where this runs. Extensions follow what TLS peers check:
 * subjectAltName for host name verification (libpq's verify-full), key usage and extended key
 * usage for `openssl verify -purpose`, basic constraints so the CA is a CA and leaves are not.
 */
// @peculiar/x509 v2 reads decorator metadata: reflect-metadata must load before it.



const subtle = node_crypto__WEBPACK_IMPORTED_MODULE_2__.webcrypto.subtle;
_peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .cryptoProvider */ .Ve.set(node_crypto__WEBPACK_IMPORTED_MODULE_2__.webcrypto);
function algorithm(spec) {
    return spec.kind === 'rsa'
        ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
        : { name: 'ECDSA', namedCurve: spec.curve };
}
function signingAlgorithm(spec) {
    return spec.kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' };
}
async function generateKeyPair(spec) {
    return (await subtle.generateKey(algorithm(spec), true, ['sign', 'verify']));
}
/** PKCS#8 PEM ("BEGIN PRIVATE KEY"), unencrypted: PostgreSQL cannot prompt for a passphrase. */
async function privateKeyPem(key) {
    const der = Buffer.from(await subtle.exportKey('pkcs8', key));
    return _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .PemConverter */ .v6.encode(der, 'PRIVATE KEY') + '\n';
}
function nameOf(dn) {
    return [{ CN: [dn.CN] }, { O: [dn.O] }, { C: [dn.C] }];
}
/** 16 random bytes with the top bit clear: a positive serial, unique without bookkeeping (RFC 5280 allows 20). */
function serialNumber() {
    const bytes = (0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.randomBytes)(16);
    bytes[0] = (bytes[0] & 0x7f) | 0x01;
    return bytes.toString('hex');
}
/**
 * Issues `planned` for `keys`; `signer` is the CA's key and certificate, absent for a
 * self-signed certificate. The spec's self-signed server certificate is also its own CA
 * (ca.crt is a copy), so it carries both the CA and the server extensions.
 */
async function issueCertificate(planned, keys, keySpec, validity, signer) {
    const selfSigned = !signer;
    const isCa = planned.role === 'ca' || (planned.role === 'server' && selfSigned);
    // RSA keys may encipher a pre-master secret (TLS 1.2 RSA key exchange); EC keys only sign.
    const leafUsage = _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .KeyUsageFlags */ .Ob.digitalSignature | (keySpec.kind === 'rsa' ? _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .KeyUsageFlags */ .Ob.keyEncipherment : 0);
    let usage = planned.role === 'ca' ? 0 : leafUsage;
    if (isCa)
        usage |= _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .KeyUsageFlags */ .Ob.keyCertSign | _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .KeyUsageFlags */ .Ob.cRLSign;
    const extensions = [
        new _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .BasicConstraintsExtension */ .WA(isCa, planned.role === 'ca' ? 0 : undefined, true),
        new _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .KeyUsagesExtension */ .hy(usage, true),
        await _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .SubjectKeyIdentifierExtension */ .QE.create(keys.publicKey),
    ];
    if (planned.role === 'server')
        extensions.push(new _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .ExtendedKeyUsageExtension */ .j6([_peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .ExtendedKeyUsage */ .CD.serverAuth]));
    if (planned.role === 'client')
        extensions.push(new _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .ExtendedKeyUsageExtension */ .j6([_peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .ExtendedKeyUsage */ .CD.clientAuth]));
    if (planned.dnsNames.length + planned.ipAddresses.length > 0) {
        extensions.push(new _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .SubjectAlternativeNameExtension */ .Wx([
            ...planned.dnsNames.map((value) => ({ type: 'dns', value })),
            ...planned.ipAddresses.map((value) => ({ type: 'ip', value })),
        ]));
    }
    if (signer)
        extensions.push(await _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .AuthorityKeyIdentifierExtension */ .Z$.create(signer.keys.publicKey));
    const issuerKeySpec = signer?.keySpec ?? keySpec;
    const certificate = await _peculiar_x509__WEBPACK_IMPORTED_MODULE_1__/* .X509CertificateGenerator */ .Jy.create({
        serialNumber: serialNumber(),
        subject: nameOf(planned.subject),
        issuer: signer ? signer.certificate.subjectName : nameOf(planned.subject),
        notBefore: validity.notBefore,
        notAfter: validity.notAfter,
        publicKey: keys.publicKey,
        signingKey: signer ? signer.keys.privateKey : keys.privateKey,
        signingAlgorithm: signingAlgorithm(issuerKeySpec),
        extensions,
    });
    return { certificate, pem: certificate.toString('pem') + '\n' };
}
/** "AB:CD:…", as `openssl x509 -fingerprint -sha256` prints it. */
function sha256Fingerprint(der) {
    const hex = (0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.createHash)('sha256')
        .update(Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)))
        .digest('hex')
        .toUpperCase();
    return hex.match(/../g).join(':');
}
/** True when the private key in `keyPem` belongs to `certificate` (same public key). */
function keyMatchesCertificate(keyPem, certificate) {
    const publicDer = (0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.createPublicKey)((0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.createPrivateKey)(keyPem)).export({ type: 'spki', format: 'der' });
    return Buffer.compare(publicDer, Buffer.from(certificate.publicKey.rawData)) === 0;
}



/***/ })

};
