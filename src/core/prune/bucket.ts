/**
 * Prune in a bucket: the prefix read as the shared bucket catalog (src/core/bucket-catalog.ts)
 * and put in the shape the directory scan has, so one policy and one plan serve both; and the
 * deletions, each only when the object is still the one judged (same ETag), the manifest object
 * first, so a failure in between leaves a data object without manifest (incomplete, never listed
 * as a backup), never a manifest that claims a missing object. Multipart uploads left open by
 * killed streaming backups are incomplete entries too, aborted on request after the grace period.
 */
import { OUR_DATA_NAME } from '../backup-catalog.js';
import { readBucketCatalog } from '../bucket-catalog.js';
import { keyBaseName, ObjectStore, type ObjectStoreConfig } from '../object-store/index.js';
import type { DirectoryScan, Entry, IncompleteEntry } from './scan.js';

export interface PruneBucket {
  bucket: string;
  /** The prefix, ending in / ('' for the whole bucket). */
  prefix: string;
  store: ObjectStoreConfig;
}

function entry(key: string, bytes: number, at: Date | undefined, now: Date, extra: Partial<Entry> = {}): Entry {
  // An object without a time is taken as new: never old enough to delete.
  return { name: keyBaseName(key), path: key, isDirectory: false, bytes, mtimeMs: (at ?? now).getTime(), dev: 0, ino: 0, ...extra };
}

export async function scanBucket(b: PruneBucket, now: Date): Promise<DirectoryScan> {
  const store = new ObjectStore(b.store, b.bucket);
  try {
    const c = await readBucketCatalog(store, b.prefix);
    const objectEntry = (key: string): Entry => {
      const o = c.objects.get(key);
      return entry(key, o?.sizeBytes ?? 0, o?.lastModified, now, o?.etag ? { etag: o.etag } : {});
    };
    const scan: DirectoryScan = {
      directory: c.url,
      backups: c.complete.map((x) => ({
        data: objectEntry(x.key),
        manifest: objectEntry(x.manifestKey),
        database: x.database,
        startedAt: x.startedAt,
        format: x.manifest.format,
      })),
      incomplete: [],
      foreign: c.foreign.map((name) => ({ name, why: 'not a name aza-pg backup gives' })),
    };
    for (const i of c.incomplete) {
      if (i.reason === 'manifest-invalid' && !(OUR_DATA_NAME.test(i.name) && i.keys.length === 2)) {
        scan.foreign.push({ name: i.name, why: `not an aza-pg manifest (${i.detail})` });
        continue;
      }
      // The manifest, the completion marker, goes first.
      const keys = [...i.keys].sort((a, k) => Number(k.endsWith('.manifest.json')) - Number(a.endsWith('.manifest.json')));
      const kind = i.reason === 'no-manifest' ? 'no-manifest' : i.reason === 'data-missing' ? 'orphan-manifest' : 'damaged';
      scan.incomplete.push({
        name: i.name,
        kind,
        reason: i.detail,
        entries: keys.map(objectEntry),
        ...(kind === 'damaged' ? { unreadable: i.reason === 'manifest-invalid' } : {}),
      });
    }
    for (const u of c.openUploads) {
      const upload: IncompleteEntry = {
        name: `${keyBaseName(u.key)} (multipart upload ${u.uploadId.slice(0, 16)}…)`,
        kind: 'open-upload',
        reason: `a multipart upload started${u.initiated ? ` ${u.initiated.toISOString()}` : ''} and never completed or aborted (a streaming backup that was killed)`,
        entries: [entry(u.key, 0, u.initiated, now, { uploadId: u.uploadId })],
      };
      scan.incomplete.push(upload);
    }
    return scan;
  } finally {
    store.close();
  }
}

/** Why an object is no longer the one judged, or undefined when it still is. */
export async function changedInBucket(store: ObjectStore, entries: readonly Entry[]): Promise<string | undefined> {
  for (const e of entries) {
    if (e.uploadId) continue;
    const h = await store.head(e.path);
    if (!h) return `${e.name} is gone`;
    if (e.etag && h.etag !== e.etag) return `${e.name} was replaced`;
  }
  return undefined;
}

/** Deletes the object, or aborts the open multipart upload, an entry stands for. */
export async function deleteInBucket(store: ObjectStore, e: Entry): Promise<void> {
  if (e.uploadId) await store.abortMultipartUpload(e.path, e.uploadId);
  else await store.delete(e.path);
}
