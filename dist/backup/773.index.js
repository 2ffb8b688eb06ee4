export const id = 773;
export const ids = [773];
export const modules = {

/***/ 44773:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BucketWriter: () => (/* binding */ BucketWriter),
  checkBucketDestination: () => (/* binding */ checkBucketDestination)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./src/core/gzip-tool.ts
var gzip_tool = __webpack_require__(20542);
// EXTERNAL MODULE: ./src/core/compress.ts
var compress = __webpack_require__(91983);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/exec.ts + 3 modules
var exec = __webpack_require__(67372);
// EXTERNAL MODULE: ./src/core/memory.ts + 2 modules
var memory = __webpack_require__(91410);
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
var settings = __webpack_require__(93110);
// EXTERNAL MODULE: ./src/core/object-store/url.ts
var url = __webpack_require__(3226);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(23210);
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
    const { Upload } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(358)]).then(__webpack_require__.t.bind(__webpack_require__, 22358, 19));
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
    return (sdkLoading ??= __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 53711, 19)));
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






// EXTERNAL MODULE: ./src/core/backup/plan.ts
var plan = __webpack_require__(27547);
;// CONCATENATED MODULE: ./src/core/backup/bucket.ts
/**
 * A backup in object storage: the destination checked before anything runs, the data object
 * (streamed from pg_dump, or a copy of the checked local file), its read-back from the bucket, and
 * the manifest object last, the completion marker as on disk. A data object without its manifest
 * is never left behind: a failed or interrupted multipart upload is aborted, and a complete data
 * object whose manifest could not follow is deleted.
 */










/** Before anything runs: the bucket is there, the credentials work, and nothing would be overwritten. */
async function checkBucketDestination(settings, now, reporter) {
    const keys = (0,plan/* bucketKeys */.VP)(settings, now);
    const b = settings.bucket;
    if (!keys || !b)
        return;
    const store = new ObjectStore(b.store, b.url.bucket);
    try {
        await reporter.step(`Check ${(0,url/* formatObjectUrl */.yj)(b.url.bucket, (0,url/* keyPrefix */.uU)(keys.key))} at ${store.where}`, async () => {
            await store.checkBucket((0,url/* keyPrefix */.uU)(keys.key));
            if (!settings.overwrite) {
                await store.checkAbsent(keys.key);
                await store.checkAbsent(keys.manifestKey);
            }
        });
    }
    finally {
        store.close();
    }
}
/** Writes one backup into its bucket; `close()` whatever happened. */
class BucketWriter {
    plan;
    store;
    b;
    dataComplete = false;
    finished = false;
    removeInterrupt;
    constructor(plan) {
        this.plan = plan;
        this.b = plan.bucket;
        this.store = new ObjectStore(this.b.store, this.b.bucket);
        this.removeInterrupt = (0,exec/* onInterrupt */.nA)(() => this.discard());
    }
    /** With overwrite, the old manifest goes first: a replaced data object is never paired with it. */
    async dropOldManifest() {
        if (this.plan.overwrite)
            await this.store.delete(this.b.manifestKey);
    }
    /**
     * Runs the dump pipeline into a multipart upload. The object is completed only after every
     * stage exited 0: the upload's body ends when runPipeline has resolved, not when pg_dump's output
     * ends, so a pg_dump that fails after its last byte still aborts the upload.
     */
    async streamDump(stages, opts, reporter) {
        await this.dropOldManifest();
        const body = new external_node_stream_.PassThrough();
        const gate = new external_node_stream_.Writable({
            write(chunk, _enc, cb) {
                if (body.write(chunk))
                    cb();
                else
                    body.once('drain', () => cb());
            },
        });
        const up = await this.store.upload(this.b.key, body, {
            overwrite: this.plan.overwrite,
            ...(this.b.expectedBytes !== undefined ? { expectedBytes: this.b.expectedBytes } : {}),
            onProgress: (n) => reporter.progress(n),
        });
        const removeAbort = (0,exec/* onInterrupt */.nA)(() => up.abort());
        // The store failing (down, quota) stops the pipeline: pg_dump is killed, nothing waits.
        up.done.catch((e) => gate.destroy((0,errors/* toAzaError */.mu)(e)));
        try {
            try {
                await (0,exec/* runPipeline */.aI)(stages, gate, opts);
            }
            catch (e) {
                body.destroy((0,errors/* toAzaError */.mu)(e));
                await up.done.catch(() => { });
                throw e;
            }
            body.end();
            await up.done;
            this.dataComplete = true;
        }
        finally {
            removeAbort();
        }
    }
    /** Copies the published local file into the bucket. */
    async uploadFile(path, sizeBytes, reporter) {
        await this.dropOldManifest();
        const up = await this.store.upload(this.b.key, (0,memory/* paced */.yb)((0,external_node_fs_.createReadStream)(path)), {
            overwrite: this.plan.overwrite,
            contentLength: sizeBytes,
            onProgress: (n) => reporter.progress(n),
        });
        const removeAbort = (0,exec/* onInterrupt */.nA)(() => up.abort());
        try {
            await up.done;
            this.dataComplete = true;
        }
        finally {
            removeAbort();
        }
    }
    /**
     * Reads the object back from the bucket in full: its size and SHA-256 as stored, and the same
     * proof of a complete dump as a local file gets (decompresses to pg_dump's last line, or
     * pg_restore reads every archive entry from the stream).
     */
    async readBack(integrity, env) {
        const obj = await this.store.get(this.b.key);
        const measured = new compress/* MeasureStream */.jU();
        const tail = new compress/* TailSink */.kp();
        const stages = [
            { kind: 'source', name: 'download', stream: obj.body },
            { kind: 'transform', name: 'sha256', stream: measured },
        ];
        if (integrity === 'gunzip')
            stages.push((0,gzip_tool/* gunzipStage */.Wz)(this.plan.igzip));
        if (integrity === 'zstd')
            stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-q', '-c'] });
        if (integrity === 'pg_restore') {
            const pgRestore = (0,external_node_path_.join)(this.plan.pgDumpPath, '..', 'pg_restore');
            stages.push({ kind: 'process', cmd: pgRestore, args: ['--file=/dev/null'], env });
        }
        try {
            await (0,exec/* runPipeline */.aI)(stages, tail);
        }
        catch (e) {
            throw new errors/* AzaError */.TF('INTEGRITY_FAILED', `The backup read back from ${this.b.objectUrl} does not ${integrity === 'pg_restore' ? 'read as an archive' : 'decompress'}: ${(0,errors/* toAzaError */.mu)(e).message}`, 'The object in the bucket is damaged (it was deleted); take the backup again.', { cause: e });
        }
        if (integrity !== 'pg_restore' && !tail.text().includes(compress/* PLAIN_DUMP_END_MARKER */.nq)) {
            throw new errors/* AzaError */.TF('INTEGRITY_FAILED', `The dump read back from ${this.b.objectUrl} is incomplete: it lacks pg_dump's "dump complete" line`, 'pg_dump stopped early or the object was cut; it was deleted. Check the errors above and take the backup again.');
        }
        return { sizeBytes: measured.bytes, sha256: measured.sha256() };
    }
    /** The manifest object, last: from here on the backup in the bucket is complete. */
    async putManifest(text) {
        await this.store.putObject(this.b.manifestKey, text, { overwrite: this.plan.overwrite, contentType: 'application/json' });
        this.finished = true;
    }
    /** Deletes a complete data object whose manifest never came (failure or interrupt). */
    async discard() {
        if (!this.dataComplete || this.finished)
            return;
        this.dataComplete = false;
        await this.store.delete(this.b.key).catch(() => { });
    }
    close() {
        this.removeInterrupt();
        this.store.close();
    }
}


/***/ })

};
