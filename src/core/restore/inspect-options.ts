/**
 * How a backup is read (inspect.ts, inspect-archive.ts) and where a bucket's plain dump comes
 * from (bucket-source.ts): the types all three share, below them, so none imports another back.
 */
import type { Readable } from 'node:stream';
import type { BackupManifest } from '../manifest.js';
import type { TrustOptions } from '../trust-options.js';

/** A plain dump in a bucket, read as a stream each time (see inspectBackup's `remote`). */
export interface RemoteBackup {
  url: string;
  manifestUrl: string;
  /** The object's size as the store reports it. */
  sizeBytes: number;
  /** Its first bytes, for the format. */
  head: Buffer;
  manifest: BackupManifest;
  open(): Promise<Readable>;
}

export interface InspectOptions extends TrustOptions {
  env: NodeJS.ProcessEnv;
  pgBinDir?: string;
  requireManifest?: boolean;
  /**
   * Plain gzip or uncompressed SQL: read the head only when it is clean, and return an inspection
   * marked `deferred`; the caller reads the rest once, during a load that touches nothing it
   * cannot drop, and calls finishDeferred(). Anything odd in the head: the full read, as without.
   */
  deferFullRead?: boolean;
  /** The backup is this plain dump in a bucket (path is its URL), with its manifest object. */
  remote?: RemoteBackup;
}

/** What restore and verify read a backup with: where the tools are, and what it is trusted with. */
export function inspectOptions(
  s: Pick<InspectOptions, 'pgBinDir' | 'requireManifest' | 'trustBackup' | 'verifyKeys'>,
  env: NodeJS.ProcessEnv,
): InspectOptions {
  return { env, pgBinDir: s.pgBinDir, requireManifest: s.requireManifest, trustBackup: s.trustBackup, verifyKeys: s.verifyKeys };
}
