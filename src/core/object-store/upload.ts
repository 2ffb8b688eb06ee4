/**
 * Streaming uploads: lib-storage's multipart Upload with a SHA-256 checksum on every part (the
 * store checks each part as it arrives), a bounded memory use, and one promise that settles only
 * when the object is complete, or when a failed or interrupted upload has been aborted
 * (AbortMultipartUpload), so no half-written multipart upload is left behind.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { AzaError } from '../errors.js';
import { storeError } from './errors.js';
import { settleWithin } from '../wait.js';

export interface UploadOptions {
  overwrite: boolean;
  /** The size when known (a local file), to size the parts. */
  contentLength?: number;
  /** A guess at the size when it is not known (a dump as big as the database), to size the parts. */
  expectedBytes?: number;
  contentType?: string;
  /** Bytes the store has acknowledged so far. */
  onProgress?: (bytes: number) => void;
}

/** What an upload needs of its store: ObjectStore is one (store.ts imports this file, not the reverse). */
export interface UploadStore {
  readonly bucket: string;
  readonly where: string;
  url(key: string): string;
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
  listMultipartUploads(prefix: string): Promise<Array<{ key: string; uploadId: string; initiated?: Date }>>;
}

export interface PutResult {
  key: string;
  url: string;
  etag: string | undefined;
  checksumSha256: string | undefined;
}

export interface UploadResult extends PutResult {
  /** The store's SHA-256 of the object: of the whole object (one part) or `…-N`, of the parts' checksums. */
  checksumSha256: string | undefined;
}

export interface UploadHandle {
  /** Settles when the object is complete, or rejects after the upload was aborted in the store. */
  done: Promise<UploadResult>;
  /** Stops the upload and aborts it in the store; resolves when that is done (never rejects). */
  abort(): Promise<void>;
}

const MIB = 1024 * 1024;
/**
 * Parts in flight at once. Memory held by an upload is about (UPLOAD_QUEUE_SIZE + 1) x the part
 * size (the parts being sent plus the one being filled): 40 MiB with 8 MiB parts.
 */
export const UPLOAD_QUEUE_SIZE = 4;
/** The smallest part we use (S3's minimum is 5 MiB). */
export const MIN_PART_BYTES = 8 * MIB;
/** S3 allows 10,000 parts; sizing for 8,000 leaves room for a guess that was too small. */
const PARTS_PLANNED = 8000;

/** The part size for an object of about `bytes`: 8 MiB, or more for objects over ~64 GB, in whole MiB. */
export function partSizeFor(bytes: number | undefined): number {
  if (!bytes || bytes <= MIN_PART_BYTES * PARTS_PLANNED) return MIN_PART_BYTES;
  return Math.ceil(bytes / PARTS_PLANNED / MIB) * MIB;
}

/** `client`: the store's (see ObjectStore.client); lib-storage is loaded here, on first use. */
export async function startUpload(
  store: UploadStore,
  client: S3Client,
  key: string,
  body: Readable,
  opts: UploadOptions,
): Promise<UploadHandle> {
  const { Upload } = await import('@aws-sdk/lib-storage');
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
  if (opts.onProgress) upload.on('httpUploadProgress', (p) => p.loaded !== undefined && opts.onProgress!(p.loaded));

  let interrupted = false;
  const startedAt = Date.now();
  // lib-storage aborts the multipart upload itself once its part uploads have stopped, but its
  // done() rejects as soon as it is told to stop; aborting here makes sure, and lets done settle
  // only when the store has dropped the parts. Parts still in flight are refused once the upload
  // is gone, and a second pass catches one that slipped in. An upload whose id never reached us
  // goes too: the store may have created it while its answer was on the way (an interrupt right
  // then), or the SDK retried the CreateMultipartUpload whose answer it lost. Any upload of this
  // key begun since ours started counts as ours: the key names the database and the second.
  const abortInStore = async (): Promise<string | undefined> => {
    const known = upload.uploadId ?? (await uploadIdOnItsWay(upload));
    const ours = (u: { uploadId: string; initiated?: Date }) =>
      u.uploadId === known || (u.initiated !== undefined && u.initiated.getTime() >= startedAt - STORE_CLOCK_SLACK_MS);
    try {
      if (known) await store.abortMultipartUpload(key, known);
      for (let pass = 0; pass < 2; pass++) {
        const left = (await store.listMultipartUploads(key)).filter((u) => u.key === key && ours(u));
        for (const u of left) await store.abortMultipartUpload(key, u.uploadId);
      }
      return undefined;
    } catch (e) {
      if (!known) return undefined;
      return `the multipart upload ${known} could not be aborted (${(e as Error).message}); remove it with: aws s3api abort-multipart-upload --bucket ${store.bucket} --key ${key} --upload-id ${known}`;
    }
  };

  const done = upload.done().then(
    (r): UploadResult => ({ key, url, etag: r.ETag, checksumSha256: r.ChecksumSHA256 }),
    async (e: unknown) => {
      const leftover = await abortInStore();
      throw uploadError(e, url, interrupted, leftover, store);
    },
  );
  // The caller may learn of the failure through the body stream first; the rejection is still reported by done.
  done.catch(() => {});
  return {
    done,
    async abort() {
      interrupted = true;
      controller.abort();
      await done.catch(() => {});
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
async function uploadIdOnItsWay(upload: object): Promise<string | undefined> {
  const creating = (upload as { createMultiPartPromise?: Promise<{ UploadId?: string }> }).createMultiPartPromise;
  const answer = creating ? await settleWithin(creating, CREATE_ANSWER_WAIT_MS) : undefined;
  return answer?.status === 'fulfilled' ? answer.value.UploadId : undefined;
}

function uploadError(e: unknown, url: string, interrupted: boolean, leftover: string | undefined, store: UploadStore): AzaError {
  const tail = leftover ? `; ${leftover}` : '; the multipart upload was aborted, nothing of it is left in the bucket';
  // The body's own failure (pg_dump died, the pipeline broke) is the cause; the upload is its victim.
  if (e instanceof AzaError) return new AzaError(e.code, `${e.message}${tail}`, e.hint, { cause: e });
  if (interrupted || (e as { name?: string }).name === 'AbortError') {
    return new AzaError('S3_UPLOAD_FAILED', `The upload to ${url} was interrupted${tail}`, 'Take the backup again.', { cause: e });
  }
  const err = storeError(e, { action: `upload ${url}`, bucket: store.bucket, where: store.where });
  const code = err.code === 'S3_REQUEST_FAILED' ? 'S3_UPLOAD_FAILED' : err.code;
  return new AzaError(code, `${err.message}${tail}`, err.hint, { cause: e });
}
