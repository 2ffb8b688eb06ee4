export const id = 146;
export const ids = [146];
export const modules = {

/***/ 9114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ Inputs),
/* harmony export */   V: () => (/* binding */ defaultText)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/**
 * The one input helper. Both faces turn what the user said (action inputs, command-line flags)
 * into a flat map of strings; these typed getters validate it the same way for both, and name
 * the input the way the user wrote it ("input compression-level" or "--compression-level").
 */

/** What --help and action.yml show as an option's default. */
function defaultText(spec) {
    return spec.defaultText ?? (spec.default === undefined ? undefined : String(spec.default));
}
class Inputs {
    raw;
    source;
    specs;
    constructor(raw, source, specs = []) {
        this.raw = raw;
        this.source = source;
        this.specs = new Map(specs.map((s) => [s.name, s]));
    }
    /** The table's default of an option, when it has one of this type. */
    tableDefault(name, type) {
        const d = this.specs.get(name)?.default;
        return typeof d === type ? d : undefined;
    }
    /** The value given, else the table's default. */
    stringOrDefault(name) {
        return this.string(name) ?? this.tableDefault(name, 'string');
    }
    label(name) {
        return this.source === 'action' ? `input "${name}"` : `--${name}`;
    }
    invalid(name, value, what, hint) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `Invalid ${this.label(name)} "${value}": ${what}`, hint);
    }
    has(name) {
        return this.string(name) !== undefined;
    }
    string(name) {
        const v = this.raw[name];
        if (v === undefined)
            return undefined;
        const t = v.trim();
        return t === '' ? undefined : t;
    }
    /** Like string(), but keeps surrounding spaces (database names may have them). */
    verbatim(name) {
        const v = this.raw[name];
        return v === undefined || v === '' ? undefined : v;
    }
    /**
     * The error for a missing positional (the backup file): on the command line a USAGE error with
     * the usage line, in an action an INVALID_INPUT naming the input.
     */
    missing(cli, action) {
        return this.source === 'cli'
            ? new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('USAGE', cli.message, cli.usage)
            : new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', action.message, action.hint);
    }
    required(name, hint) {
        const v = this.string(name);
        if (v === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `Missing ${this.label(name)}`, hint);
        return v;
    }
    boolean(name, fallback) {
        const v = this.string(name);
        if (v === undefined)
            return fallback ?? this.tableDefault(name, 'boolean') ?? false;
        const l = v.toLowerCase();
        if (['true', 'yes', '1', 'on'].includes(l))
            return true;
        if (['false', 'no', '0', 'off'].includes(l))
            return false;
        throw this.invalid(name, v, 'expected true or false');
    }
    integer(name, bounds = {}) {
        const v = this.string(name);
        if (v === undefined)
            return bounds.fallback ?? this.tableDefault(name, 'number');
        if (!/^-?\d+$/.test(v))
            throw this.invalid(name, v, 'expected a whole number', bounds.hint);
        const n = Number(v);
        const { min, max } = bounds;
        if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
            const range = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `of at least ${min}` : `of at most ${max}`;
            throw this.invalid(name, v, `expected a whole number ${range}`, bounds.hint);
        }
        return n;
    }
    oneOf(name, values, fallback) {
        const v = this.string(name);
        if (v === undefined)
            return fallback ?? this.tableDefault(name, 'string');
        const l = v.toLowerCase();
        if (values.includes(l))
            return l;
        throw this.invalid(name, v, `expected one of ${values.join(', ')}`);
    }
    /** A list separated by commas or new lines, empty entries dropped. */
    list(name) {
        const v = this.raw[name];
        if (!v)
            return [];
        return v
            .split(/[,\n]/)
            .map((s) => s.trim())
            .filter(Boolean);
    }
    /** "90", "90s", "5m", "1h" -> seconds; the table's default may be a number of seconds or such a text. */
    durationSeconds(name, fallback) {
        const given = this.string(name);
        if (given === undefined && fallback !== undefined)
            return fallback;
        const v = given ?? this.tableDefault(name, 'string');
        if (v === undefined)
            return this.tableDefault(name, 'number');
        const m = /^(\d+)\s*(s|m|h)?$/.exec(v);
        if (!m)
            throw this.invalid(name, v, 'expected a duration such as 30s, 5m or 1h');
        return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
    }
}


/***/ }),

/***/ 4414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MZ: () => (/* binding */ serializeManifest),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   WI: () => (/* binding */ readManifest),
/* harmony export */   _7: () => (/* binding */ COMPRESSIONS),
/* harmony export */   ak: () => (/* binding */ directoryDigestInput),
/* harmony export */   cD: () => (/* binding */ BACKUP_FORMATS),
/* harmony export */   ev: () => (/* binding */ manifestPathFor),
/* harmony export */   m0: () => (/* binding */ ROW_COUNT_MODES)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9892);
/**
 * The manifest beside every backup (`<file>.manifest.json`): written last, it is the completion
 * marker. Restore, verify and retention trust a backup only when its manifest exists and the
 * data matches it.
 */


const BACKUP_FORMATS = ['plain', 'custom', 'directory'];
const COMPRESSIONS = ['gzip', 'zstd', 'none'];
const ROW_COUNT_MODES = ['exact', 'estimate', 'none'];
function manifestPathFor(dataPath) {
    return `${dataPath.replace(/\/+$/, '')}.manifest.json`;
}
function serializeManifest(m) {
    return `${JSON.stringify(m, null, 2)}\n`;
}
/** Reads and shape-checks a manifest; a broken one is an error, not a guess. */
function readManifest(path) {
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8');
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('MANIFEST_INVALID', `Cannot read the backup manifest ${path}: ${e.message}`, 'The manifest is written last; a missing or broken one means the backup did not complete. Take a new backup.');
    }
    return parseManifest(text, path);
}
/** Parses and shape-checks a manifest's text; `path` names where it came from (a file or an s3:// URL). */
function parseManifest(text, path) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (e) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('MANIFEST_INVALID', `Cannot read the backup manifest ${path}: ${e.message}`, 'The manifest is written last; a missing or broken one means the backup did not complete. Take a new backup.');
    }
    const m = parsed;
    const ok = m.manifestVersion === 1 &&
        typeof m.file === 'string' &&
        typeof m.sha256 === 'string' &&
        typeof m.sizeBytes === 'number' &&
        BACKUP_FORMATS.includes(m.format) &&
        Array.isArray(m.tables) &&
        (m.roles === undefined || (Array.isArray(m.roles) && m.roles.every((r) => typeof r === 'string'))) &&
        (m.signature === undefined ||
            (typeof m.signature === 'object' &&
                m.signature !== null &&
                (m.signature.algorithm === 'hmac-sha256' || m.signature.algorithm === 'ed25519') &&
                typeof m.signature.keyId === 'string' &&
                typeof m.signature.value === 'string'));
    if (!ok)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .AzaError */ .TF('MANIFEST_INVALID', `The backup manifest ${path} is not an aza-pg manifest (version 1)`, 'Take a new backup with aza-pg backup.');
    return m;
}
/** sha256 of a directory backup: the hash of its sorted "sha256  path" lines (sha256sum style). */
function directoryDigestInput(files) {
    return [...files]
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
        .map((f) => `${f.sha256}  ${f.path}\n`)
        .join('');
}


/***/ }),

/***/ 3110:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fk: () => (/* binding */ describeStore),
/* harmony export */   Pj: () => (/* binding */ OBJECT_STORE_OPTIONS),
/* harmony export */   au: () => (/* binding */ objectStoreSecrets),
/* harmony export */   qR: () => (/* binding */ objectStoreSettings)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/**
 * How to reach an object store: the s3-* options and the AWS variables every S3 tool reads
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION,
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL). An input wins over the environment. Secrets are taken
 * only from the environment or an action input (from a secret), never from a command line.
 */

const OBJECT_STORE_OPTIONS = [
    {
        name: 's3-endpoint',
        description: 'Endpoint of an S3-compatible store (MinIO, Ceph, Garage, SeaweedFS, …), for s3:// destinations; unset for AWS S3',
        defaultText: 'AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, else AWS',
    },
    {
        name: 's3-region',
        description: 'Region of the bucket, for s3:// destinations',
        defaultText: 'AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1',
    },
    {
        name: 's3-path-style',
        description: 'Address buckets as ENDPOINT/BUCKET/KEY (path style) rather than BUCKET.ENDPOINT/KEY, as most self-hosted stores need',
        defaultText: 'true with a custom endpoint, false on AWS',
    },
    { name: 's3-access-key-id', description: 'Access key id for s3:// destinations', defaultText: 'AWS_ACCESS_KEY_ID', only: 'action' },
    {
        name: 's3-secret-access-key',
        description: 'Secret access key for s3:// destinations; pass a secret',
        defaultText: 'AWS_SECRET_ACCESS_KEY',
        secret: true,
        only: 'action',
    },
    {
        name: 's3-session-token',
        description: 'Session token of temporary credentials, for s3:// destinations; pass a secret',
        defaultText: 'AWS_SESSION_TOKEN',
        secret: true,
        only: 'action',
    },
];
function envValue(env, ...names) {
    for (const n of names) {
        const v = env[n]?.trim();
        if (v)
            return v;
    }
    return undefined;
}
/** The object store settings from the s3-* options and the environment. */
function objectStoreSettings(inputs, env) {
    const endpoint = inputs.string('s3-endpoint') ?? envValue(env, 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL');
    if (endpoint !== undefined) {
        let url;
        try {
            url = new URL(endpoint);
        }
        catch {
            url = undefined;
        }
        if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `The S3 endpoint "${endpoint}" is not an http(s) URL`, `Set ${inputs.label('s3-endpoint')} (or AWS_ENDPOINT_URL) to e.g. https://minio.example.com:9000.`);
        }
    }
    const region = inputs.string('s3-region') ?? envValue(env, 'AWS_REGION', 'AWS_DEFAULT_REGION') ?? 'us-east-1';
    const forcePathStyle = inputs.boolean('s3-path-style', endpoint !== undefined);
    const accessKeyId = inputs.string('s3-access-key-id') ?? envValue(env, 'AWS_ACCESS_KEY_ID');
    const secretAccessKey = inputs.verbatim('s3-secret-access-key') ?? envValue(env, 'AWS_SECRET_ACCESS_KEY');
    const sessionToken = inputs.verbatim('s3-session-token') ?? envValue(env, 'AWS_SESSION_TOKEN');
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('S3_CREDENTIALS_MISSING', `Only half of the S3 credentials are set: ${accessKeyId === undefined ? 'the access key id is missing' : 'the secret access key is missing'}`, 'Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or both s3-access-key-id and s3-secret-access-key).');
    }
    return {
        ...(endpoint !== undefined ? { endpoint } : {}),
        region,
        forcePathStyle,
        ...(accessKeyId !== undefined && secretAccessKey !== undefined
            ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
            : {}),
    };
}
/** The values an action masks in its logs. */
function objectStoreSecrets(config) {
    const c = config?.credentials;
    return c ? [c.secretAccessKey, ...(c.sessionToken ? [c.sessionToken] : [])] : [];
}
/** Where the store is, for messages: the endpoint, or AWS S3 and the region. */
function describeStore(config) {
    return config.endpoint ?? `AWS S3 (${config.region})`;
}


/***/ }),

/***/ 3226:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ID: () => (/* binding */ joinKey),
/* harmony export */   Ky: () => (/* binding */ parseObjectUrl),
/* harmony export */   RW: () => (/* binding */ isPrefix),
/* harmony export */   WX: () => (/* binding */ keyBaseName),
/* harmony export */   rS: () => (/* binding */ isObjectUrl),
/* harmony export */   uU: () => (/* binding */ keyPrefix),
/* harmony export */   yj: () => (/* binding */ formatObjectUrl)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/**
 * `s3://bucket/key` URLs: the one way a user names a place in object storage. A URL ending in `/`
 * (or naming only the bucket) is a prefix, a "directory" of objects; otherwise it names one object.
 */

function isObjectUrl(text) {
    return !!text && /^s3:\/\//i.test(text.trim());
}
/** Bucket names as S3 allows them (3-63 of a-z 0-9 . -, starting and ending with a letter or digit). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Parses `s3://bucket/prefix/name`; `label` names the input in the error ("--output"). */
function parseObjectUrl(text, label = 'the URL') {
    const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/i.exec(text.trim());
    const example = 's3://my-backups/postgresql/ (a prefix) or s3://my-backups/postgresql/backup.sql.gz (one object)';
    if (!m)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `${label} "${text}" is not an s3:// URL`, `Write it as ${example}.`);
    const bucket = m[1];
    const key = m[2] ?? '';
    if (!BUCKET.test(bucket) || bucket.includes('..')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `${label} "${text}" names the bucket "${bucket}", which is not a valid bucket name`, `Bucket names have 3 to 63 lower-case letters, digits, dots and hyphens. Write ${example}.`);
    }
    if (key.startsWith('/') || key.split('/').some((part, i, all) => part === '..' || part === '.' || (part === '' && i < all.length - 1))) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `${label} "${text}" has an empty, "." or ".." path segment`, `Write the key without them, e.g. ${example}.`);
    }
    if (Buffer.byteLength(key, 'utf8') > 1024) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `${label} is longer than S3's 1024-byte key limit`, 'Choose a shorter prefix or name.');
    }
    return { bucket, key };
}
/** True when the URL names a prefix (ends in `/`, or is the bare bucket), not one object. */
function isPrefix(url) {
    return url.key === '' || url.key.endsWith('/');
}
/** `prefix` + `name`, with exactly one `/` between them when the prefix is not empty. */
function joinKey(prefix, name) {
    if (prefix === '')
        return name;
    return `${prefix.replace(/\/+$/, '')}/${name.replace(/^\/+/, '')}`;
}
/** The part of a key after its last `/`. */
function keyBaseName(key) {
    return key.slice(key.lastIndexOf('/') + 1);
}
/** The prefix of a key up to and including its last `/` ('' at the top of the bucket). */
function keyPrefix(key) {
    return key.slice(0, key.lastIndexOf('/') + 1);
}
function formatObjectUrl(bucket, key) {
    return `s3://${bucket}/${key}`;
}


/***/ }),

/***/ 5018:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pb: () => (/* binding */ FailedWithResult),
/* harmony export */   SY: () => (/* binding */ needArtifacts),
/* harmony export */   g7: () => (/* binding */ execute),
/* harmony export */   ms: () => (/* binding */ settingsFrom),
/* harmony export */   p6: () => (/* binding */ commandName),
/* harmony export */   y9: () => (/* binding */ perform)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9114);
/**
 * The contract every operation keeps, so the faces can be generic runners and a reader who knows
 * one operation knows them all:
 *
 *   option table -> settings(inputs, env, cwd) -> gather(settings) -> plan(settings, facts)
 *     -> describe(plan) [dry run text, confirmation] -> run(plan) -> outputs(result), summary(result)
 *
 * settings, plan, describe, outputs and summary are pure. gather only reads the world; run acts
 * and cleans up after itself on failure and interrupt. A face (src/actions/runner.ts,
 * src/cli/runner.ts) asks for confirmation between plan and run; an operation that needs another
 * (restore backs up first, verify restores) calls it with `execute`, which skips that step: the
 * outer operation's consent covers it.
 */


/** The artifact service, which only the GitHub action lends: elsewhere asking for it fails with `message` and `hint`. */
function needArtifacts(deps, message, hint) {
    if (!deps.artifacts)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', message, hint);
    return deps.artifacts;
}
/** The command line name of an operation. */
function commandName(op) {
    return op.command ?? op.name;
}
/** Settings of an operation from a raw input map, every other option at its default. */
function settingsFrom(op, raw, env, cwd) {
    return op.settings(new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G(raw, 'cli', op.options), env, cwd);
}
/**
 * The one way an operation fails while still having a report: a verify whose checks ran until one
 * failed, a status that found a problem. The faces write the result's outputs and summary as for
 * a success, then fail the step (exit 1) with this error's message and hint.
 */
class FailedWithResult extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF {
    result;
    constructor(result, error) {
        super(error.code, error.message, error.hint, { cause: error });
        this.result = result;
    }
}
/**
 * The flow both faces share: gather, plan, describe, then stop (dry run), ask, and run. `ask` is the
 * face's way to reach a person (a terminal prompt), absent where there is none.
 */
async function perform(op, settings, deps, reporter, ask) {
    const facts = await op.gather(settings, deps, reporter);
    try {
        const plan = op.plan(settings, facts);
        const description = op.describe(plan);
        for (const w of description.warnings ?? [])
            reporter.warn(w);
        const c = description.confirmation;
        // A person sees the plan when it is all they get (a dry run), when it is refused, and before
        // being asked to agree to it.
        if (description.dryRun || description.refusal || c)
            for (const line of description.lines)
                reporter.info(line);
        if (description.refusal)
            throw description.refusal;
        if (description.dryRun)
            return { dryRun: true, plan };
        if (c) {
            if (!ask)
                throw c.cannotAsk ?? c.unanswered;
            op.beforePrompt?.(facts);
            const answer = await ask(c);
            if (answer === undefined)
                throw c.unanswered;
            if (!c.accept(answer))
                throw c.declined;
        }
        return { dryRun: false, plan, result: await op.run(plan, deps, reporter) };
    }
    finally {
        op.release?.(facts);
    }
}
/**
 * Carries an operation out without a face: gather, plan, run. For sub-operations (their consent is
 * the caller's) and for tests. A plan that still needs consent is refused with its own error.
 */
async function execute(op, settings, deps, reporter) {
    const outcome = await perform(op, settings, deps, reporter);
    if (outcome.dryRun)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INTERNAL', `execute() was given a dry run of ${op.name}; a face prints describe() instead`);
    return outcome.result;
}


/***/ }),

/***/ 8557:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xo: () => (/* binding */ formatSeconds),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony exports MemoryReporter, silentReporter */
/** Collects everything in memory: for tests and for callers that want the text afterwards. */
class MemoryReporter {
    lines = [];
    warnings = [];
    tables = [];
    steps = [];
    info(message) {
        this.lines.push(message);
    }
    warn(message) {
        this.warnings.push(message);
        this.lines.push(`warning: ${message}`);
    }
    async step(name, fn) {
        const start = performance.now();
        try {
            const value = await fn();
            this.steps.push({ name, ms: performance.now() - start, ok: true });
            return value;
        }
        catch (e) {
            this.steps.push({ name, ms: performance.now() - start, ok: false });
            throw e;
        }
    }
    progress() { }
    table(table) {
        this.tables.push(table);
    }
    /** Everything reported, as one text (tests grep it for leaked secrets). */
    text() {
        return [...this.lines, ...this.tables.map((t) => JSON.stringify(t))].join('\n');
    }
}
const silentReporter = {
    info() { },
    warn() { },
    step: (_name, fn) => fn(),
    progress() { },
    table() { },
};
function formatBytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return i === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
function formatSeconds(s) {
    if (s < 60)
        return `${s.toFixed(2)} s`;
    const m = Math.floor(s / 60);
    return `${m} min ${(s - m * 60).toFixed(0)} s`;
}


/***/ })

};
