export const id = 7;
export const ids = [7];
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
