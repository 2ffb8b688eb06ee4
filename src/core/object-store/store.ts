/**
 * The only place that talks to an object store. One `ObjectStore` per bucket: head, get (a
 * stream), list under a prefix, delete, a small conditional put, a streaming multipart upload
 * with a SHA-256 checksum per part, and the listing and aborting of open multipart uploads.
 * Every failure is one of the catalogue's S3_* errors (errors.ts).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { AzaError } from '../errors.js';
import { isNotFound, storeError } from './errors.js';
import { describeStore, type ObjectStoreConfig } from './settings.js';
import { formatObjectUrl } from './url.js';
import { startUpload, type PutResult, type UploadHandle, type UploadOptions } from './upload.js';

export type { PutResult };

export interface ObjectInfo {
  key: string;
  sizeBytes: number;
  lastModified: Date | undefined;
  etag: string | undefined;
}

export interface ObjectHead extends ObjectInfo {
  /** The store's SHA-256 checksum (base64), when the object was written with one; `…-N` for a multipart object (a checksum of the parts' checksums). */
  checksumSha256: string | undefined;
  metadata: Record<string, string>;
}

export interface ObjectBody {
  body: Readable;
  sizeBytes: number;
  etag: string | undefined;
}

/** A multipart upload that was started and neither completed nor aborted. */
export interface OpenUpload {
  key: string;
  uploadId: string;
  initiated: Date | undefined;
}

/** Seconds to wait for a TCP connection; the SDK retries (3 attempts) after it. */
const CONNECT_TIMEOUT_MS = 10_000;
/** A request idle this long (no byte either way) fails instead of hanging on a dead server. */
const IDLE_TIMEOUT_MS = 120_000;

type S3Sdk = typeof import('@aws-sdk/client-s3');
let sdkLoading: Promise<S3Sdk> | undefined;

/**
 * The S3 SDK, loaded on first use: it is the largest part of the bundle, and a run that never
 * talks to a store (a restore of a local file) does not pay for loading it.
 */
export function s3Sdk(): Promise<S3Sdk> {
  return (sdkLoading ??= import('@aws-sdk/client-s3'));
}

export class ObjectStore {
  private clientLoading: Promise<S3Client> | undefined;
  private made: S3Client | undefined;
  readonly where: string;

  constructor(
    readonly config: ObjectStoreConfig,
    readonly bucket: string,
  ) {
    this.where = describeStore(config);
  }

  /** The SDK's client for this store, made on first use. */
  client(): Promise<S3Client> {
    const { config } = this;
    return (this.clientLoading ??= s3Sdk().then(
      ({ S3Client }) =>
        (this.made = new S3Client({
          region: config.region,
          forcePathStyle: config.forcePathStyle,
          ...(config.endpoint ? { endpoint: config.endpoint } : {}),
          ...(config.credentials ? { credentials: config.credentials } : {}),
          requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: IDLE_TIMEOUT_MS },
          // Checksums are asked for per request (SHA-256 on every put); none on requests that do not need one.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        })),
    ));
  }

  /** The client and the SDK's commands. */
  private async sdk(): Promise<[S3Client, S3Sdk]> {
    return Promise.all([this.client(), s3Sdk()]);
  }

  url(key: string): string {
    return formatObjectUrl(this.bucket, key);
  }

  /** Runs one request; whatever it throws becomes a catalogue error naming `action`. */
  private async send<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw storeError(e, { action, bucket: this.bucket, where: this.where });
    }
  }

  /**
   * Proves the bucket is there and the credentials may list it: one listing of at most one key
   * under `prefix` (a HEAD of the bucket answers 404 or 403 without saying which thing is wrong).
   */
  async checkBucket(prefix = ''): Promise<void> {
    const [client, { ListObjectsV2Command }] = await this.sdk();
    await this.send(`list ${this.url(prefix)}`, () =>
      client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, MaxKeys: 1 })),
    );
  }

  /** The object's size, checksum and metadata, or undefined when there is no such object. */
  async head(key: string): Promise<ObjectHead | undefined> {
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
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw storeError(e, { action: `read ${this.url(key)}`, bucket: this.bucket, where: this.where });
    }
  }

  /** The object's bytes as a stream (nothing is buffered beyond the socket's flow control). */
  async get(key: string): Promise<ObjectBody> {
    const [client, { GetObjectCommand }] = await this.sdk();
    const r = await this.send(`read ${this.url(key)}`, () => client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    if (!r.Body) throw new AzaError('S3_REQUEST_FAILED', `Could not read ${this.url(key)}: the store sent no body`);
    return { body: r.Body as Readable, sizeBytes: r.ContentLength ?? 0, etag: r.ETag };
  }

  /** Every object whose key starts with `prefix` (all pages), in key order. */
  async list(prefix: string): Promise<ObjectInfo[]> {
    const [client, { ListObjectsV2Command }] = await this.sdk();
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.send(`list ${this.url(prefix)}`, () =>
        client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        out.push({ key: o.Key, sizeBytes: o.Size ?? 0, lastModified: o.LastModified, etag: o.ETag });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /** Deletes the object; deleting one that is not there succeeds (S3's own rule). */
  async delete(key: string): Promise<void> {
    const [client, { DeleteObjectCommand }] = await this.sdk();
    await this.send(`delete ${this.url(key)}`, () => client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  /** Refuses with S3_OBJECT_EXISTS when `key` is there. */
  async checkAbsent(key: string): Promise<void> {
    if (await this.head(key)) {
      throw new AzaError(
        'S3_OBJECT_EXISTS',
        `${this.url(key)} already exists`,
        'Choose another name or prefix, delete the object first, or pass --overwrite (input overwrite: true).',
      );
    }
  }

  /**
   * Puts a small object (a manifest) in one request with its SHA-256. Without `overwrite` it never
   * replaces an object: a HEAD first (which also gives the clear error early), then the put with
   * If-None-Match: *, which S3 and most compatible stores honour atomically; a store that
   * ignores the header leaves only the HEAD's protection against a writer racing us.
   */
  async putObject(key: string, body: string | Buffer, opts: { overwrite: boolean; contentType?: string }): Promise<PutResult> {
    if (!opts.overwrite) await this.checkAbsent(key);
    const [client, { PutObjectCommand }] = await this.sdk();
    const r = await this.send(`write ${this.url(key)}`, () =>
      client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ChecksumAlgorithm: 'SHA256',
          ...(opts.contentType ? { ContentType: opts.contentType } : {}),
          ...(opts.overwrite ? {} : { IfNoneMatch: '*' }),
        }),
      ),
    );
    return { key, url: this.url(key), etag: r.ETag, checksumSha256: r.ChecksumSHA256 };
  }

  /**
   * Starts a streaming upload of `body` to `key` (see upload.ts). Without `overwrite` it refuses
   * an existing key before sending any byte (HEAD) and again atomically at completion
   * (If-None-Match: * on CompleteMultipartUpload or PutObject).
   */
  async upload(key: string, body: Readable, opts: UploadOptions): Promise<UploadHandle> {
    if (!opts.overwrite) await this.checkAbsent(key);
    return startUpload(this, await this.client(), key, body, opts);
  }

  /** Multipart uploads started under `prefix` and neither completed nor aborted. */
  async listMultipartUploads(prefix: string): Promise<OpenUpload[]> {
    const [client, { ListMultipartUploadsCommand }] = await this.sdk();
    const out: OpenUpload[] = [];
    let keyMarker: string | undefined;
    let idMarker: string | undefined;
    for (;;) {
      const page = await this.send(`list the multipart uploads under ${this.url(prefix)}`, () =>
        client.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: idMarker }),
        ),
      );
      for (const u of page.Uploads ?? []) {
        if (u.Key !== undefined && u.UploadId !== undefined) out.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated });
      }
      if (!page.IsTruncated) return out;
      keyMarker = page.NextKeyMarker;
      idMarker = page.NextUploadIdMarker;
    }
  }

  /** Aborts a multipart upload, dropping its parts; one already gone (NoSuchUpload) counts as done. */
  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    const [client, { AbortMultipartUploadCommand }] = await this.sdk();
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (e) {
      if ((e as { name?: string }).name === 'NoSuchUpload' || (e as { Code?: string }).Code === 'NoSuchUpload') return;
      throw storeError(e, { action: `abort the upload of ${this.url(key)}`, bucket: this.bucket, where: this.where });
    }
  }

  /** Closes the client's sockets. */
  close(): void {
    this.made?.destroy();
  }
}
