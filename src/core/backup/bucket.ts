/**
 * A backup in object storage: the destination checked before anything runs, the data object
 * (streamed from pg_dump, or a copy of the checked local file), its read-back from the bucket, and
 * the manifest object last, the completion marker as on disk. A data object without its manifest
 * is never left behind: a failed or interrupted multipart upload is aborted, and a complete data
 * object whose manifest could not follow is deleted.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { gunzipStage } from '../gzip-tool.js';
import { MeasureStream, PLAIN_DUMP_END_MARKER, TailSink } from '../compress.js';
import { AzaError, toAzaError } from '../errors.js';
import { onInterrupt, runPipeline, type PipelineOptions, type Stage } from '../exec.js';
import { paced } from '../memory.js';
import { formatObjectUrl, keyPrefix, ObjectStore } from '../object-store/index.js';
import type { Reporter } from '../report.js';
import { bucketKeys, type BackupPlan, type BucketPlan, type IntegrityCheck } from './plan.js';
import type { BackupSettings } from './settings.js';

/** Before anything runs: the bucket is there, the credentials work, and nothing would be overwritten. */
export async function checkBucketDestination(settings: BackupSettings, now: Date, reporter: Reporter): Promise<void> {
  const keys = bucketKeys(settings, now);
  const b = settings.bucket;
  if (!keys || !b) return;
  const store = new ObjectStore(b.store, b.url.bucket);
  try {
    await reporter.step(`Check ${formatObjectUrl(b.url.bucket, keyPrefix(keys.key))} at ${store.where}`, async () => {
      await store.checkBucket(keyPrefix(keys.key));
      if (!settings.overwrite) {
        await store.checkAbsent(keys.key);
        await store.checkAbsent(keys.manifestKey);
      }
    });
  } finally {
    store.close();
  }
}

export interface ReadBack {
  sizeBytes: number;
  sha256: string;
  /** Never set: one object, not a directory (the shape of a local check). */
  files?: undefined;
}

/** Writes one backup into its bucket; `close()` whatever happened. */
export class BucketWriter {
  private readonly store: ObjectStore;
  private readonly b: BucketPlan;
  private dataComplete = false;
  private finished = false;
  private readonly removeInterrupt: () => void;

  constructor(private readonly plan: BackupPlan) {
    this.b = plan.bucket!;
    this.store = new ObjectStore(this.b.store, this.b.bucket);
    this.removeInterrupt = onInterrupt(() => this.discard());
  }

  /** With overwrite, the old manifest goes first: a replaced data object is never paired with it. */
  private async dropOldManifest(): Promise<void> {
    if (this.plan.overwrite) await this.store.delete(this.b.manifestKey);
  }

  /**
   * Runs the dump pipeline into a multipart upload. The object is completed only after every
   * stage exited 0: the upload's body ends when runPipeline has resolved, not when pg_dump's output
   * ends, so a pg_dump that fails after its last byte still aborts the upload.
   */
  async streamDump(stages: Stage[], opts: PipelineOptions, reporter: Reporter): Promise<void> {
    await this.dropOldManifest();
    const body = new PassThrough();
    const gate = new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (body.write(chunk)) cb();
        else body.once('drain', () => cb());
      },
    });
    const up = await this.store.upload(this.b.key, body, {
      overwrite: this.plan.overwrite,
      ...(this.b.expectedBytes !== undefined ? { expectedBytes: this.b.expectedBytes } : {}),
      onProgress: (n) => reporter.progress(n),
    });
    const removeAbort = onInterrupt(() => up.abort());
    // The store failing (down, quota) stops the pipeline: pg_dump is killed, nothing waits.
    up.done.catch((e: unknown) => gate.destroy(toAzaError(e)));
    try {
      try {
        await runPipeline(stages, gate, opts);
      } catch (e) {
        body.destroy(toAzaError(e));
        await up.done.catch(() => {});
        throw e;
      }
      body.end();
      await up.done;
      this.dataComplete = true;
    } finally {
      removeAbort();
    }
  }

  /** Copies the published local file into the bucket. */
  async uploadFile(path: string, sizeBytes: number, reporter: Reporter): Promise<void> {
    await this.dropOldManifest();
    const up = await this.store.upload(this.b.key, paced(createReadStream(path)), {
      overwrite: this.plan.overwrite,
      contentLength: sizeBytes,
      onProgress: (n) => reporter.progress(n),
    });
    const removeAbort = onInterrupt(() => up.abort());
    try {
      await up.done;
      this.dataComplete = true;
    } finally {
      removeAbort();
    }
  }

  /**
   * Reads the object back from the bucket in full: its size and SHA-256 as stored, and the same
   * proof of a complete dump as a local file gets (decompresses to pg_dump's last line, or
   * pg_restore reads every archive entry from the stream).
   */
  async readBack(integrity: IntegrityCheck, env: NodeJS.ProcessEnv): Promise<ReadBack> {
    const obj = await this.store.get(this.b.key);
    const measured = new MeasureStream();
    const tail = new TailSink();
    const stages: Stage[] = [
      { kind: 'source', name: 'download', stream: obj.body },
      { kind: 'transform', name: 'sha256', stream: measured },
    ];
    if (integrity === 'gunzip') stages.push(gunzipStage(this.plan.igzip));
    if (integrity === 'zstd') stages.push({ kind: 'process', cmd: 'zstd', args: ['-d', '-q', '-c'] });
    if (integrity === 'pg_restore') {
      const pgRestore = join(this.plan.pgDumpPath, '..', 'pg_restore');
      stages.push({ kind: 'process', cmd: pgRestore, args: ['--file=/dev/null'], env });
    }
    try {
      await runPipeline(stages, tail);
    } catch (e) {
      throw new AzaError(
        'INTEGRITY_FAILED',
        `The backup read back from ${this.b.objectUrl} does not ${integrity === 'pg_restore' ? 'read as an archive' : 'decompress'}: ${toAzaError(e).message}`,
        'The object in the bucket is damaged (it was deleted); take the backup again.',
        { cause: e },
      );
    }
    if (integrity !== 'pg_restore' && !tail.text().includes(PLAIN_DUMP_END_MARKER)) {
      throw new AzaError(
        'INTEGRITY_FAILED',
        `The dump read back from ${this.b.objectUrl} is incomplete: it lacks pg_dump's "dump complete" line`,
        'pg_dump stopped early or the object was cut; it was deleted. Check the errors above and take the backup again.',
      );
    }
    return { sizeBytes: measured.bytes, sha256: measured.sha256() };
  }

  /** The manifest object, last: from here on the backup in the bucket is complete. */
  async putManifest(text: string): Promise<void> {
    await this.store.putObject(this.b.manifestKey, text, { overwrite: this.plan.overwrite, contentType: 'application/json' });
    this.finished = true;
  }

  /** Deletes a complete data object whose manifest never came (failure or interrupt). */
  async discard(): Promise<void> {
    if (!this.dataComplete || this.finished) return;
    this.dataComplete = false;
    await this.store.delete(this.b.key).catch(() => {});
  }

  close(): void {
    this.removeInterrupt();
    this.store.close();
  }
}
