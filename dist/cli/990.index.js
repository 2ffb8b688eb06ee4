export const id = 990;
export const ids = [990];
export const modules = {

/***/ 2990:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BucketWriter: () => (/* binding */ BucketWriter),
/* harmony export */   checkBucketDestination: () => (/* binding */ checkBucketDestination)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _gzip_tool_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(542);
/* harmony import */ var _compress_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1983);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9892);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4551);
/* harmony import */ var _memory_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1360);
/* harmony import */ var _object_store_index_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2862);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7547);
/**
 * A backup in object storage: the destination checked before anything runs, the data object
 * (streamed from pg_dump, or a copy of the checked local file), its read-back from the bucket, and
 * the manifest object last, the completion marker as on disk. A data object without its manifest
 * is never left behind: a failed or interrupted multipart upload is aborted, and a complete data
 * object whose manifest could not follow is deleted.
 */










/** Before anything runs: the bucket is there, the credentials work, and nothing would be overwritten. */
async function checkBucketDestination(settings, now, reporter) {
    const keys = (0,_plan_js__WEBPACK_IMPORTED_MODULE_9__/* .bucketKeys */ .VP)(settings, now);
    const b = settings.bucket;
    if (!keys || !b)
        return;
    const store = new _object_store_index_js__WEBPACK_IMPORTED_MODULE_8__/* .ObjectStore */ .LI(b.store, b.url.bucket);
    try {
        await reporter.step(`Check ${(0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_8__/* .formatObjectUrl */ .yj)(b.url.bucket, (0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_8__/* .keyPrefix */ .uU)(keys.key))} at ${store.where}`, async () => {
            await store.checkBucket((0,_object_store_index_js__WEBPACK_IMPORTED_MODULE_8__/* .keyPrefix */ .uU)(keys.key));
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
        this.store = new _object_store_index_js__WEBPACK_IMPORTED_MODULE_8__/* .ObjectStore */ .LI(this.b.store, this.b.bucket);
        this.removeInterrupt = (0,_exec_js__WEBPACK_IMPORTED_MODULE_6__/* .onInterrupt */ .nA)(() => this.discard());
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
        const body = new node_stream__WEBPACK_IMPORTED_MODULE_2__.PassThrough();
        const gate = new node_stream__WEBPACK_IMPORTED_MODULE_2__.Writable({
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
        const removeAbort = (0,_exec_js__WEBPACK_IMPORTED_MODULE_6__/* .onInterrupt */ .nA)(() => up.abort());
        // The store failing (down, quota) stops the pipeline: pg_dump is killed, nothing waits.
        up.done.catch((e) => gate.destroy((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .toAzaError */ .mu)(e)));
        try {
            try {
                await (0,_exec_js__WEBPACK_IMPORTED_MODULE_6__/* .runPipeline */ .aI)(stages, gate, opts);
            }
            catch (e) {
                body.destroy((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .toAzaError */ .mu)(e));
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
        const up = await this.store.upload(this.b.key, (0,_memory_js__WEBPACK_IMPORTED_MODULE_7__/* .paced */ .yb)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(path)), {
            overwrite: this.plan.overwrite,
            contentLength: sizeBytes,
            onProgress: (n) => reporter.progress(n),
        });
        const removeAbort = (0,_exec_js__WEBPACK_IMPORTED_MODULE_6__/* .onInterrupt */ .nA)(() => up.abort());
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
        const measured = new _compress_js__WEBPACK_IMPORTED_MODULE_4__/* .MeasureStream */ .jU();
        const tail = new _compress_js__WEBPACK_IMPORTED_MODULE_4__/* .TailSink */ .kp();
        const stages = [
            { kind: 'source', name: 'download', stream: obj.body },
            { kind: 'transform', name: 'sha256', stream: measured },
        ];
        if (integrity === 'gunzip')
            stages.push((0,_gzip_tool_js__WEBPACK_IMPORTED_MODULE_3__/* .gunzipStage */ .Wz)(this.plan.igzip));
        if (integrity === 'zstd')
            stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-q', '-c'] });
        if (integrity === 'pg_restore') {
            const pgRestore = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.plan.pgDumpPath, '..', 'pg_restore');
            stages.push({ kind: 'process', cmd: pgRestore, args: ['--file=/dev/null'], env });
        }
        try {
            await (0,_exec_js__WEBPACK_IMPORTED_MODULE_6__/* .runPipeline */ .aI)(stages, tail);
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AzaError */ .TF('INTEGRITY_FAILED', `The backup read back from ${this.b.objectUrl} does not ${integrity === 'pg_restore' ? 'read as an archive' : 'decompress'}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .toAzaError */ .mu)(e).message}`, 'The object in the bucket is damaged (it was deleted); take the backup again.', { cause: e });
        }
        if (integrity !== 'pg_restore' && !tail.text().includes(_compress_js__WEBPACK_IMPORTED_MODULE_4__/* .PLAIN_DUMP_END_MARKER */ .nq)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .AzaError */ .TF('INTEGRITY_FAILED', `The dump read back from ${this.b.objectUrl} is incomplete: it lacks pg_dump's "dump complete" line`, 'pg_dump stopped early or the object was cut; it was deleted. Check the errors above and take the backup again.');
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
