/**
 * What a prefix in object storage holds, as our manifest objects say (the bucket's counterpart of
 * backup-catalog.ts): the complete backups (a manifest object that reads, names a data object
 * beside it, and records its size), the incomplete ones (a data object of ours without a manifest,
 * a manifest without its data or with another size) and the multipart uploads left open. Restore
 * and verify pick a backup by this reading (`latest`), prune and status judge by it. Reads only.
 *
 * Only the objects directly under the prefix are looked at (not deeper "directories"), and only
 * our names: `backup_<db>_<UTC stamp><ext>` data objects and `*.manifest.json` manifests.
 */
import { OUR_DATA_NAME, type BackupCatalog, type IncompleteReason } from './backup-catalog.js';
import { AzaError } from './errors.js';
import { manifestPathFor, parseManifest, type BackupManifest } from './manifest.js';
import {
  formatObjectUrl,
  keyBaseName,
  keyPrefix,
  ObjectStore,
  parseObjectUrl,
  type ObjectInfo,
  type ObjectStoreConfig,
  type OpenUpload,
} from './object-store/index.js';

const MANIFEST_SUFFIX = '.manifest.json';
/** A manifest with the row counts of many thousand tables stays well below this. */
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
/** The last segment of a URL that asks for the newest complete backup under its prefix. */
export const LATEST = 'latest';

export interface BucketBackup {
  key: string;
  manifestKey: string;
  /** s3://bucket/key of the data object and of its manifest. */
  url: string;
  manifestUrl: string;
  manifest: BackupManifest;
  /** The backup's start, as its manifest records it. */
  startedAt: Date;
  database: string;
  sizeBytes: number;
  /** The data object's size as the store reports it (the manifest's sizeBytes for a complete one). */
  objectBytes: number;
}

export interface BucketIncomplete {
  /** The data object's base name, or the manifest's when the data is missing. */
  name: string;
  /** The keys that belong to it and exist (data and/or manifest). */
  keys: string[];
  reason: IncompleteReason;
  detail: string;
  sizeBytes: number;
  /** Newest modification among its objects: the grace period counts from here. */
  modifiedAt: Date | undefined;
}

export interface BucketCatalog {
  bucket: string;
  /** The prefix read, ending in / ('' for the whole bucket). */
  prefix: string;
  /** s3://bucket/prefix */
  url: string;
  /** Oldest first, by the start time in the manifest. */
  complete: BucketBackup[];
  incomplete: BucketIncomplete[];
  /** Multipart uploads under the prefix neither completed nor aborted (a killed streaming backup). */
  openUploads: OpenUpload[];
  /** Keys directly under the prefix that are not ours: never judged, never touched. */
  foreign: string[];
  /** Every object directly under the prefix, as listed (size, time, ETag). */
  objects: Map<string, ObjectInfo>;
}

/** The prefix for a URL's key: as it is when it ends in / (or is empty), else with a / added. */
export function asPrefix(key: string): string {
  return key === '' || key.endsWith('/') ? key : `${key}/`;
}

/** The text of a small object (a manifest); undefined when there is no such object. */
export async function readObjectText(store: ObjectStore, key: string, maxBytes = MANIFEST_MAX_BYTES): Promise<string | undefined> {
  let body;
  try {
    body = await store.get(key);
  } catch (e) {
    if (e instanceof AzaError && e.code === 'S3_OBJECT_MISSING') return undefined;
    throw e;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body.body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        throw new AzaError('MANIFEST_INVALID', `${store.url(key)} is larger than ${maxBytes} bytes: not a manifest of ours`);
      }
      chunks.push(chunk);
    }
  } finally {
    body.body.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The manifest object of `key`, parsed and its start time checked; undefined when there is none. */
export async function readBucketManifest(store: ObjectStore, key: string): Promise<BackupManifest | undefined> {
  const manifestKey = manifestPathFor(key);
  const text = await readObjectText(store, manifestKey);
  if (text === undefined) return undefined;
  const m = parseManifest(text, store.url(manifestKey));
  if (Number.isNaN(new Date(m.startedAt).getTime())) {
    throw new AzaError(
      'MANIFEST_INVALID',
      `${store.url(manifestKey)} records no valid start time (startedAt ${JSON.stringify(m.startedAt)})`,
      'Take a new backup with aza-pg backup.',
    );
  }
  return m;
}

export function bucketBackup(store: ObjectStore, key: string, manifest: BackupManifest, objectBytes: number): BucketBackup {
  const manifestKey = manifestPathFor(key);
  return {
    key,
    manifestKey,
    url: store.url(key),
    manifestUrl: store.url(manifestKey),
    manifest,
    startedAt: new Date(manifest.startedAt),
    database: manifest.database,
    sizeBytes: manifest.sizeBytes,
    objectBytes,
  };
}

/**
 * Reads what is directly under `prefix` in the store's bucket. `uploads: false` skips the open
 * multipart uploads: a restore's `latest` needs none, and a read-only key may not list them.
 */
export async function readBucketCatalog(store: ObjectStore, prefixKey: string, opts: { uploads?: boolean } = {}): Promise<BucketCatalog> {
  const prefix = asPrefix(prefixKey);
  const [listed, uploads] = await Promise.all([
    store.list(prefix),
    opts.uploads === false ? Promise.resolve([]) : store.listMultipartUploads(prefix),
  ]);
  const objects = new Map<string, ObjectInfo>(listed.filter((o) => keyPrefix(o.key) === prefix).map((o) => [o.key, o]));
  const claimed = new Set<string>();
  const complete: BucketBackup[] = [];
  const incomplete: BucketIncomplete[] = [];
  const foreign: string[] = [];

  for (const [mkey, mobj] of objects) {
    const mname = keyBaseName(mkey);
    if (!mname.endsWith(MANIFEST_SUFFIX) || mname === MANIFEST_SUFFIX) continue;
    claimed.add(mkey);
    const key = mkey.slice(0, -MANIFEST_SUFFIX.length);
    const name = keyBaseName(key);
    const data = objects.get(key);
    if (data) claimed.add(key);
    const newest = [mobj.lastModified, data?.lastModified].filter((d): d is Date => d !== undefined);
    const bad = (reason: IncompleteReason, detail: string) =>
      incomplete.push({
        name: data ? name : mname,
        keys: data ? [key, mkey] : [mkey],
        reason,
        detail,
        sizeBytes: data?.sizeBytes ?? 0,
        modifiedAt: newest.length ? new Date(Math.max(...newest.map((d) => d.getTime()))) : undefined,
      });
    let m: BackupManifest | undefined;
    try {
      m = await readBucketManifest(store, key);
    } catch (e) {
      if (!(e instanceof AzaError) || e.code !== 'MANIFEST_INVALID') throw e;
      bad('manifest-invalid', e.message);
      continue;
    }
    // Deleted between the listing and the read: as if never listed.
    if (!m) {
      claimed.delete(key);
      continue;
    }
    if (m.file !== name) {
      bad('mismatch', `${mname} describes ${JSON.stringify(m.file)}, not ${name}`);
      continue;
    }
    if (!data) {
      bad('data-missing', `${name}, which ${mname} describes, is missing`);
      continue;
    }
    if (data.sizeBytes !== m.sizeBytes) {
      bad('mismatch', `${name} does not match its manifest: it has ${data.sizeBytes} bytes, the manifest says ${m.sizeBytes}`);
      continue;
    }
    complete.push(bucketBackup(store, key, m, data.sizeBytes));
  }

  for (const [key, o] of objects) {
    if (claimed.has(key)) continue;
    const name = keyBaseName(key);
    if (OUR_DATA_NAME.test(name)) {
      incomplete.push({
        name,
        keys: [key],
        reason: 'no-manifest',
        detail: `${name} has no manifest object (${name}${MANIFEST_SUFFIX}): the upload did not finish, or the manifest was removed`,
        sizeBytes: o.sizeBytes,
        modifiedAt: o.lastModified,
      });
    } else foreign.push(name);
  }

  complete.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.key < b.key ? -1 : 1));
  return {
    bucket: store.bucket,
    prefix,
    url: store.url(prefix),
    complete,
    incomplete,
    openUploads: uploads.filter((u) => keyPrefix(u.key) === prefix),
    foreign,
    objects,
  };
}

/**
 * The backup a restore or verify names: `…/latest` is the newest complete backup under the prefix
 * (its manifest object exists and records the data object's size); any other key is that object,
 * which must have its manifest object (in a bucket the manifest is the only completion marker).
 */
export async function resolveBucketBackup(store: ObjectStore, key: string): Promise<BucketBackup> {
  if (key === '' || key.endsWith('/')) {
    throw new AzaError(
      'INVALID_INPUT',
      `${store.url(key)} is a prefix, not a backup`,
      `Name the backup object (s3://${store.bucket}/${key}backup_<db>_<stamp>.sql.gz), or add ${LATEST} for the newest complete one (s3://${store.bucket}/${key}${LATEST}).`,
    );
  }
  if (keyBaseName(key) === LATEST) {
    const catalog = await readBucketCatalog(store, keyPrefix(key), { uploads: false });
    const newest = catalog.complete.at(-1);
    if (!newest) {
      const skipped = catalog.incomplete.length ? ` (${catalog.incomplete.length} incomplete, skipped)` : '';
      throw new AzaError(
        'BACKUP_NOT_FOUND',
        `No complete backup under ${catalog.url}${skipped}: none has its manifest object`,
        'Check the prefix (aws s3 ls), or take a backup into it first.',
      );
    }
    return newest;
  }
  const head = await store.head(key);
  if (!head) {
    throw new AzaError(
      'BACKUP_NOT_FOUND',
      `Backup object not found: ${store.url(key)}`,
      `List what is there: aws s3 ls ${store.url(keyPrefix(key))}`,
    );
  }
  const m = await readBucketManifest(store, key);
  if (!m) {
    throw new AzaError(
      'MANIFEST_MISSING',
      `${store.url(key)} has no manifest object (${store.url(manifestPathFor(key))}); nothing was read from it`,
      'In a bucket the manifest is written last, as the completion marker: without it the upload did not finish. Restore another backup (…/latest picks the newest complete one).',
    );
  }
  return bucketBackup(store, key, m, head.sizeBytes);
}

/**
 * A prefix's catalog in the shape of a directory's, for status: the object URLs as paths, the open
 * multipart uploads as the leftovers of killed runs (what they were writing is their key).
 */
export function asBackupCatalog(c: BucketCatalog): BackupCatalog {
  const url = (key: string) => formatObjectUrl(c.bucket, key);
  return {
    dir: c.url,
    complete: c.complete.map((b) => ({
      name: keyBaseName(b.key),
      path: b.url,
      manifestPath: b.manifestUrl,
      manifest: b.manifest,
      startedAt: b.startedAt,
      database: b.database,
      sizeBytes: b.sizeBytes,
      isDirectory: false,
    })),
    incomplete: c.incomplete.map((i) => ({
      name: i.name,
      paths: i.keys.map(url),
      reason: i.reason,
      detail: i.detail,
      sizeBytes: i.sizeBytes,
      modifiedAt: i.modifiedAt ?? new Date(0),
    })),
    leftovers: c.openUploads.map((u) => ({
      name: `${keyBaseName(u.key)} (open multipart upload)`,
      path: url(u.key),
      forName: keyBaseName(u.key),
      sizeBytes: 0,
      modifiedAt: u.initiated ?? new Date(0),
    })),
    foreign: c.foreign,
  };
}

/** Reads the catalog of the prefix an s3:// URL names, with a client of its own. */
export async function readBucketCatalogAt(url: string, config: ObjectStoreConfig): Promise<BucketCatalog> {
  const u = parseObjectUrl(url);
  const store = new ObjectStore(config, u.bucket);
  try {
    return await readBucketCatalog(store, u.key);
  } finally {
    store.close();
  }
}
