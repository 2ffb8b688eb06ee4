export const id = 604;
export const ids = [604];
export const modules = {

/***/ 1604:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BACKDATE_MS: () => (/* reexport */ certs_plan/* BACKDATE_MS */.fg),
  CERT_MODE: () => (/* reexport */ certs_plan/* CERT_MODE */.F5),
  CERT_MODES: () => (/* reexport */ settings/* CERT_MODES */.sd),
  CERT_OPTIONS: () => (/* reexport */ settings/* CERT_OPTIONS */.SZ),
  COUNTRY: () => (/* reexport */ certs_plan/* COUNTRY */.DH),
  DEFAULT_DAYS: () => (/* reexport */ settings/* DEFAULT_DAYS */.ak),
  DEFAULT_EXTRA_HOSTNAMES: () => (/* reexport */ settings/* DEFAULT_EXTRA_HOSTNAMES */.CT),
  DEFAULT_HOSTNAME: () => (/* reexport */ settings/* DEFAULT_HOSTNAME */.qN),
  DEFAULT_IP_ADDRESSES: () => (/* reexport */ settings/* DEFAULT_IP_ADDRESSES */.Ht),
  DEFAULT_WARN_DAYS: () => (/* reexport */ settings/* DEFAULT_WARN_DAYS */.XM),
  KEY_MODE: () => (/* reexport */ certs_plan/* KEY_MODE */.Sr),
  KEY_TYPES: () => (/* reexport */ settings/* KEY_TYPES */.WJ),
  MAX_CN_LENGTH: () => (/* reexport */ certs_plan/* MAX_CN_LENGTH */.C),
  MAX_DAYS: () => (/* reexport */ settings/* MAX_DAYS */.de),
  ORGANIZATION: () => (/* reexport */ certs_plan/* ORGANIZATION */.A_),
  RSA_SIZES: () => (/* reexport */ settings/* RSA_SIZES */.CY),
  certSettings: () => (/* reexport */ settings/* certSettings */.go),
  checkClientUser: () => (/* reexport */ settings/* checkClientUser */.hx),
  checkDnsName: () => (/* reexport */ settings/* checkDnsName */.l),
  checkIpAddress: () => (/* reexport */ settings/* checkIpAddress */.KT),
  clientFileBase: () => (/* reexport */ certs_plan/* clientFileBase */.np),
  describeCertPlan: () => (/* reexport */ certs_plan/* describeCertPlan */.fn),
  describeKey: () => (/* reexport */ settings/* describeKey */.Rx),
  evaluateCertificates: () => (/* reexport */ check/* evaluateCertificates */.OL),
  gatherCertFacts: () => (/* reexport */ gatherCertFacts),
  isDnsName: () => (/* reexport */ settings/* isDnsName */.rM),
  modeText: () => (/* reexport */ certs_plan/* modeText */.zR),
  overwriteConfirmation: () => (/* reexport */ certs_plan/* overwriteConfirmation */.lX),
  parseDays: () => (/* reexport */ settings/* parseDays */.bs),
  planCerts: () => (/* reexport */ certs_plan/* planCerts */.zT),
  planCheck: () => (/* reexport */ check/* planCheck */.Iw),
  readCheckFacts: () => (/* reexport */ check/* readCheckFacts */.aB),
  runCerts: () => (/* reexport */ runCerts),
  runCheck: () => (/* reexport */ check/* runCheck */.k_),
  sslCerts: () => (/* binding */ sslCerts),
  subjectString: () => (/* reexport */ certs_plan/* subjectString */.Sl)
});

// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/certs/check.ts
var check = __webpack_require__(2067);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/fs.ts
var fs = __webpack_require__(8616);
// EXTERNAL MODULE: ./src/core/cert-set.ts
var cert_set = __webpack_require__(7852);
;// CONCATENATED MODULE: ./src/core/certs/facts.ts
/**
 * The file-system facts planning needs, read without changing anything: does the directory
 * exist (or which ancestor does), can we create files there, and what is already in it.
 */




/** access(2) reports a read-only mount (EROFS) even to root, whom permission bits do not stop. */
function canCreateIn(dir) {
    try {
        (0,external_node_fs_.accessSync)(dir, external_node_fs_.constants.W_OK | external_node_fs_.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
function gatherCertFacts(dir, now = new Date()) {
    const st = (0,fs/* statOrUndefined */.md)(dir);
    if (st && !st.isDirectory())
        return { now, dir: { kind: 'not-directory' }, entries: {} };
    if (!st) {
        let nearest = (0,external_node_path_.resolve)(dir);
        let nearestStat;
        while (!(nearestStat = (0,fs/* statOrUndefined */.md)(nearest)) && (0,external_node_path_.dirname)(nearest) !== nearest)
            nearest = (0,external_node_path_.dirname)(nearest);
        const isDirectory = !!nearestStat?.isDirectory();
        return {
            now,
            dir: { kind: 'missing', nearestExisting: nearest, nearestIsDirectory: isDirectory, writable: isDirectory && canCreateIn(nearest) },
            entries: {},
        };
    }
    const entries = {};
    for (const entry of (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true })) {
        // A symbolic link to a file counts as a file: it is replaced like one. Our link into a set
        // (name -> ..data/name) that resolves to nothing (the current set has no such file) is absent.
        const resolves = entry.isSymbolicLink() && !!(0,fs/* statOrUndefined */.md)((0,external_node_path_.join)(dir, entry.name))?.isFile();
        if (entry.isSymbolicLink() && !resolves && (0,cert_set/* isSetLink */.VX)(dir, entry.name))
            continue;
        const isFile = entry.isFile() || resolves;
        entries[entry.name] = isFile ? 'file' : 'other';
    }
    return { now, dir: { kind: 'directory', writable: canCreateIn(dir) }, entries };
}

// EXTERNAL MODULE: ./src/core/certs/plan.ts
var certs_plan = __webpack_require__(8232);
// EXTERNAL MODULE: ./src/core/certs/settings.ts
var settings = __webpack_require__(2614);
;// CONCATENATED MODULE: ./src/core/certs/report.ts
/** What ssl-certs tells: the action outputs and the summary table both faces print, per kind. */




function certsOutputs(r) {
    if (r.kind === 'check') {
        return {
            status: r.status,
            fingerprint: r.primary.fingerprint,
            'not-after': r.primary.notAfter.toISOString(),
            'days-left': r.primary.daysLeft,
        };
    }
    const file = (name) => r.files.find((f) => f.name === name)?.path;
    return {
        status: 'ok',
        dir: r.dir,
        'key-file': file('server.key'),
        'cert-file': file('server.crt'),
        'ca-file': file('ca.crt'),
        'ca-key-file': file('ca.key'),
        'client-files': r.certificates
            .filter((c) => c.role === 'client')
            .flatMap((c) => [file(c.certFile), file(c.keyFile)])
            .join('\n'),
        fingerprint: r.fingerprint,
        'not-after': r.notAfter.toISOString(),
        'days-left': r.daysLeft,
    };
}
function certsSummary(r) {
    return r.kind === 'check' ? (0,check/* checkSummary */.Z4)(r) : generationSummary(r);
}
function generationSummary(result) {
    const plan = result.plan;
    const server = result.certificates.find((c) => c.role === 'server');
    const dir = plan.dir;
    const notes = plan.mode === 'self-signed'
        ? [
            `postgresql.conf: ssl = on, ssl_cert_file = '${dir}/server.crt', ssl_key_file = '${dir}/server.key' (paths as the server sees them)`,
            `Clients verify with sslmode=verify-full sslrootcert=${dir}/ca.crt`,
            'Self-signed certificates suit development, tests and internal networks with manual trust; use a trusted CA in production.',
        ]
        : [
            `postgresql.conf: ssl = on, ssl_cert_file = 'server.crt', ssl_key_file = 'server.key', ssl_ca_file = 'ca.crt' (from ${dir})`,
            'pg_hba.conf: "hostssl all all 0.0.0.0/0 cert" logs users in by client certificate; add clientcert=verify-full to a scram-sha-256 line to require both.',
            `Clients: sslmode=verify-full sslrootcert=ca.crt sslcert=client-<user>.crt sslkey=client-<user>.key`,
            `Keep ca.key offline: whoever holds it can issue certificates the server trusts.`,
        ];
    if (result.replaced.length > 0)
        notes.unshift(`Replaced ${result.replaced.join(', ')}: reload PostgreSQL (SELECT pg_reload_conf()) to serve the new certificate.`);
    return {
        title: `TLS certificates (${plan.mode === 'self-signed' ? 'self-signed' : 'CA-signed'})`,
        rows: [
            ['Directory', dir],
            ['Key', (0,settings/* describeKey */.Rx)(plan.key)],
            ['Subject', server.subject],
            ['Names', server.names.join(', ')],
            ['Valid until', `${result.notAfter.toISOString()} (${plan.days} days)`],
            ['SHA-256 fingerprint', result.fingerprint],
        ],
        sections: [
            {
                title: 'Files',
                header: ['File', 'Mode', 'Contents'],
                rows: plan.files.map((f) => {
                    const c = result.certificates.find((x) => x.id === f.content.of);
                    const what = f.content.kind === 'key' ? `private key (${c.role})` : `${c.role === 'ca' ? 'CA' : c.role} certificate, ${c.subject}`;
                    return [
                        (0,external_node_path_.basename)(f.path),
                        (0,certs_plan/* modeText */.zR)(f.mode),
                        f.name === 'ca.crt' && plan.mode === 'self-signed' ? 'CA certificate (copy of server.crt)' : what,
                    ];
                }),
            },
        ],
        notes,
    };
}

// EXTERNAL MODULE: ./src/core/leftovers.ts
var leftovers = __webpack_require__(1015);
// EXTERNAL MODULE: ./src/core/lock.ts
var core_lock = __webpack_require__(6336);
// EXTERNAL MODULE: ./src/core/certs/x509.ts
var x509 = __webpack_require__(3711);
;// CONCATENATED MODULE: ./src/core/certs/run.ts








async function runCerts(plan, reporter) {
    // Reached only with consent to replace what the plan found (input overwrite, y at the prompt):
    // then the whole set is replaced. Without conflicts, a name taken meanwhile fails the set.
    const overwrite = plan.overwrite || plan.conflicts.length > 0;
    const validity = { notBefore: plan.notBefore, notAfter: plan.notAfter };
    // One run into a directory at a time: the lock sits beside it (the directory may not exist yet).
    if (plan.createDir)
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(plan.dir), { recursive: true, mode: 0o755 });
    const lock = (0,core_lock/* acquireLock */.I)(plan.dir, 'ssl-certs run');
    try {
        // The lock sits in the parent: a run killed while writing it left its temp file there.
        const lockName = (0,external_node_path_.basename)((0,core_lock/* lockPathFor */.s)(plan.dir));
        (0,leftovers/* cleanLeftovers */.Kz)((0,external_node_path_.dirname)(plan.dir), reporter, (p) => p.forName === lockName);
        (0,leftovers/* cleanLeftovers */.Kz)(plan.dir, reporter);
        (0,cert_set/* cleanCertSetLeftovers */.wZ)(plan.dir, reporter);
        return await issueAndPublish(plan, overwrite, validity, reporter);
    }
    finally {
        lock.release();
    }
}
async function issueAndPublish(plan, overwrite, validity, reporter) {
    const keys = await reporter.step(`Generate ${plan.certificates.length} ${(0,settings/* describeKey */.Rx)(plan.key)} key${plan.certificates.length > 1 ? 's' : ''}`, async () => {
        const made = new Map();
        for (const c of plan.certificates)
            made.set(c.id, await (0,x509/* generateKeyPair */.TZ)(plan.key));
        return made;
    });
    const issued = await reporter.step('Issue certificates', async () => {
        const out = new Map();
        // Planning puts the CA first, so it exists before anything it signs.
        for (const c of plan.certificates) {
            const signer = c.issuer === 'ca' ? { keys: keys.get('ca'), certificate: out.get('ca').certificate, keySpec: plan.key } : undefined;
            out.set(c.id, await (0,x509/* issueCertificate */.D8)(c, keys.get(c.id), plan.key, validity, signer));
        }
        return out;
    });
    const contents = new Map();
    for (const c of plan.certificates) {
        contents.set(`key:${c.id}`, await (0,x509/* privateKeyPem */.nQ)(keys.get(c.id).privateKey));
        contents.set(`cert:${c.id}`, issued.get(c.id).pem);
    }
    await reporter.step(`Write ${plan.files.length} files to ${plan.dir}`, async () => (0,cert_set/* publishCertSet */.Ys)(plan.files.map((f) => ({ path: f.path, mode: f.mode, content: contents.get(`${f.content.kind}:${f.content.of}`) })), {
        overwrite,
        createDir: plan.createDir,
        dirLabel: 'Certificate directory',
    }));
    const certificates = plan.certificates.map((c) => {
        const cert = issued.get(c.id).certificate;
        return {
            id: c.id,
            role: c.role,
            subject: (0,certs_plan/* subjectString */.Sl)(c.subject),
            issuer: c.issuer === 'self' ? 'self-signed' : (0,certs_plan/* subjectString */.Sl)(plan.certificates.find((p) => p.id === 'ca').subject),
            names: [...c.dnsNames.map((n) => `DNS:${n}`), ...c.ipAddresses.map((ip) => `IP:${ip}`)],
            keyFile: c.keyFile,
            certFile: c.certFile,
            fingerprint: (0,x509/* sha256Fingerprint */._7)(cert.rawData),
            notAfter: cert.notAfter,
        };
    });
    const left = plan.leftovers;
    if (left.length > 0) {
        reporter.warn(`${left.join(', ')} in ${plan.dir} ${left.length === 1 ? 'is' : 'are'} left from an earlier set and will not match the new certificates: remove ${left.length === 1 ? 'it' : 'them'}`);
    }
    const server = certificates.find((c) => c.role === 'server');
    return {
        kind: 'generate',
        plan,
        dir: plan.dir,
        files: plan.files.map((f) => ({ name: f.name, path: f.path, mode: f.mode })),
        certificates,
        fingerprint: server.fingerprint,
        notAfter: server.notAfter,
        daysLeft: Math.floor((server.notAfter.getTime() - Date.now()) / 86_400_000),
        replaced: plan.conflicts,
        createdDir: plan.createDir,
    };
}

;// CONCATENATED MODULE: ./src/core/certs/index.ts
/**
 * TLS certificates (see docs/ssl-certs.md): generate a set (self-signed, or a CA with server and
 * client certificates), or check one. One operation with two kinds of plan; `--check` picks.
 */







/** Reads only: what the destination holds, or the certificates to check. */
function gatherCerts(settings, deps) {
    const now = (deps.now ?? (() => new Date()))();
    return Promise.resolve(settings.action === 'check'
        ? { kind: 'check', files: (0,check/* readCheckFacts */.aB)(settings.path), now }
        : { kind: 'generate', destination: gatherCertFacts(settings.dir, now) });
}
function planSslCerts(settings, facts) {
    if (settings.action === 'check' && facts.kind === 'check')
        return (0,check/* planCheck */.Iw)(settings, facts.files, facts.now);
    if (settings.action === 'generate' && facts.kind === 'generate')
        return (0,certs_plan/* planCerts */.zT)(settings, facts.destination);
    throw new errors/* AzaError */.TF('INTERNAL', `ssl-certs: ${settings.action} settings with ${facts.kind} facts`);
}
function describeCerts(plan) {
    if (plan.kind === 'check')
        return { lines: [`check: ${plan.path} (warn within ${plan.warnDays} days)`], dryRun: false };
    const confirmation = (0,certs_plan/* overwriteConfirmation */.lX)(plan);
    return {
        lines: (0,certs_plan/* describeCertPlan */.fn)(plan),
        dryRun: false,
        // The spec's warning before its prompt; said where no one can be asked too.
        ...(confirmation ? { warnings: [`Certificates already exist in ${plan.dir}`], confirmation } : {}),
    };
}
function runCertsPlan(plan, _deps, reporter) {
    return plan.kind === 'check' ? (0,check/* runCheck */.k_)(plan, reporter) : runCerts(plan, reporter);
}
const sslCerts = {
    name: 'ssl-certs',
    description: 'TLS certificates for PostgreSQL: self-signed (the spec default) or a CA with server and client certificates for mutual TLS; or check existing ones for expiry and key match.',
    branding: { icon: 'lock', color: 'blue' },
    options: settings/* CERT_OPTIONS */.SZ,
    outputSpecs: [
        { name: 'status', description: 'ok, or warning (check found a certificate expiring within warn-days).' },
        { name: 'dir', description: 'Directory the certificates were written to.' },
        { name: 'key-file', description: 'Path of server.key (mode 0600).' },
        { name: 'cert-file', description: 'Path of server.crt.' },
        { name: 'ca-file', description: 'Path of ca.crt (clients use it as sslrootcert; the server as ssl_ca_file in mode ca).' },
        { name: 'ca-key-file', description: 'mode ca: path of ca.key. Keep it out of artifacts and images.' },
        { name: 'client-files', description: 'mode ca: paths of the client certificates and keys, one per line.' },
        {
            name: 'fingerprint',
            description: 'SHA-256 fingerprint of the server certificate (or of the checked one), as openssl prints it.',
        },
        { name: 'not-after', description: 'Expiry of that certificate, ISO 8601 UTC.' },
        { name: 'days-left', description: 'Whole days until that expiry.' },
    ],
    cli: {
        usage: 'aza-pg ssl-certs <dir> [days] [options]   |   aza-pg ssl-certs --check <dir|file>',
        examples: [
            'aza-pg ssl-certs stacks/primary/certs                 # self-signed, 3650 days, CN=postgres.local',
            'POSTGRES_HOSTNAME=db.example.com aza-pg ssl-certs stacks/primary/certs 365',
            'aza-pg ssl-certs certs --mode ca --client-users app,backup --key-type ec',
            'aza-pg ssl-certs --check stacks/primary/certs --warn-days 60',
        ],
        done: (r) => (r.kind === 'generate' ? `✓ Certificates written to ${r.dir}` : undefined),
    },
    settings: settings/* certSettings */.go,
    gather: gatherCerts,
    plan: planSslCerts,
    describe: describeCerts,
    run: runCertsPlan,
    outputs: certsOutputs,
    summary: certsSummary,
};







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


/***/ })

};
