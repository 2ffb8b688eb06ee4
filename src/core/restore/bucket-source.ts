/**
 * A backup in object storage as restore and verify read it: the object an s3:// URL names (or the
 * newest complete one for `…/latest`), with its manifest object, which must exist. A plain dump is
 * streamed from the bucket, never copied to disk: inspectBackup reads it once (size and sha256
 * against the manifest) and the load reads it again (or, for an atomic restore, the load is the
 * one full read and the checks come before the swap). An archive (custom, tar) is copied to a
 * private temporary file first, hashed on the way and compared with the manifest before anything
 * else reads it: pg_restore needs a seekable file to list its table of contents and to restore
 * with several jobs, and a custom archive written to a pipe (a streamed backup) has no offsets,
 * so one pass per job would mean one download per job.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBucketBackup, type BucketBackup } from '../bucket-catalog.js';
import { MeasureStream } from '../compress.js';
import { AzaError } from '../errors.js';
import { runPipeline } from '../exec.js';
import { createPrivateFile, removeQuietly } from '../fs.js';
import { serializeManifest } from '../manifest.js';
import { keyBaseName, ObjectStore, parseObjectUrl, type ObjectStoreConfig } from '../object-store/index.js';
import { ownerState, ownerTag, parseOwnerTag } from '../owner.js';
import { formatBytes, type Reporter } from '../report.js';
import { checkAgainstManifest } from './backup-faults.js';
import { detectFormat, inspectBackup, type BackupInspection, type InspectOptions, type RemoteBackup } from './inspect.js';

export type { RemoteBackup };

export interface BucketSource {
  /** What inspectBackup reads: the object's URL (plain: streamed) or the private local copy (archives). */
  path: string;
  remote?: RemoteBackup;
  backup: BucketBackup;
  /** Closes the client and removes the local copy; safe to call twice. */
  close(): void;
}

const TEMP_PREFIX = 'aza-pg-s3-';
const HEAD_BYTES = 512;

/** The first bytes of an object, reading no further. */
async function readHead(store: ObjectStore, key: string): Promise<Buffer> {
  const { body } = await store.get(key);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= HEAD_BYTES) break;
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

/** Local copies of killed runs (their owner is gone) are removed; a running one's never. */
function removeDeadCopies(base: string): void {
  let names: string[];
  try {
    names = readdirSync(base).filter((n) => n.startsWith(TEMP_PREFIX));
  } catch {
    return;
  }
  for (const n of names) {
    const owner = parseOwnerTag(n.slice(TEMP_PREFIX.length).replace(/-[^-]*$/, ''));
    if (owner && ownerState(owner) === 'gone') rmSync(join(base, n), { recursive: true, force: true });
  }
}

/** Opens the backup `url` names; the caller closes what it returns. */
export async function openBucketBackup(url: string, config: ObjectStoreConfig, reporter: Reporter): Promise<BucketSource> {
  const u = parseObjectUrl(url, 'The backup');
  const store = new ObjectStore(config, u.bucket);
  let dir: string | undefined;
  const close = () => {
    store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  };
  try {
    const backup = await resolveBucketBackup(store, u.key);
    if (backup.url !== url) reporter.info(`${url}: the newest complete backup is ${backup.url}`);
    if (backup.objectBytes === 0) {
      throw new AzaError('BACKUP_EMPTY', `Backup object is empty (0 bytes): ${backup.url}`, 'Nothing to restore; restore another backup.');
    }
    const head = await readHead(store, backup.key);
    const detected = detectFormat(head);
    if (detected?.format === 'plain') {
      const remote: RemoteBackup = {
        url: backup.url,
        manifestUrl: backup.manifestUrl,
        sizeBytes: backup.objectBytes,
        head,
        manifest: backup.manifest,
        open: async () => (await store.get(backup.key)).body,
      };
      return { path: backup.url, remote, backup, close };
    }
    // An archive: a private local copy, checked against the manifest before pg_restore reads it.
    const base = tmpdir();
    removeDeadCopies(base);
    dir = mkdtempSync(join(base, `${TEMP_PREFIX}${ownerTag()}-`));
    const name = keyBaseName(backup.key);
    const path = join(dir, name);
    await reporter.step(`Download ${backup.url} (${formatBytes(backup.objectBytes)}) to a private copy`, () =>
      download(store, backup, path, reporter),
    );
    // Beside the copy, as on disk: inspectBackup checks the signature and the rest from it.
    writeFileSync(join(dir, `${name}.manifest.json`), serializeManifest(backup.manifest), { mode: 0o600 });
    return { path, backup, close };
  } catch (e) {
    close();
    throw e;
  }
}

/** inspectBackup of what openBucketBackup opened, with the object it came from as its origin. */
export async function inspectBucketBackup(bucket: BucketSource, opts: InspectOptions): Promise<BackupInspection> {
  const i = await inspectBackup(bucket.path, { ...opts, ...(bucket.remote ? { remote: bucket.remote } : {}) });
  const b = bucket.backup;
  return { ...i, origin: { url: b.url, manifestUrl: b.manifestUrl, ...(bucket.remote ? {} : { copy: bucket.path }) } };
}

async function download(store: ObjectStore, backup: BucketBackup, path: string, reporter: Reporter): Promise<void> {
  const fh = await createPrivateFile(path);
  const measured = new MeasureStream((n) => reporter.progress(n));
  try {
    const { body } = await store.get(backup.key);
    await runPipeline(
      [
        { kind: 'source', name: 'download', stream: body },
        { kind: 'transform', name: 'sha256', stream: measured },
      ],
      fh.createWriteStream(),
    );
    checkAgainstManifest(backup.url, backup.manifest, measured.bytes, measured.sha256());
  } catch (e) {
    removeQuietly(path);
    throw e;
  } finally {
    await fh.close().catch(() => {});
  }
}
