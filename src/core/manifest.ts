/**
 * The manifest beside every backup (`<file>.manifest.json`): written last, it is the completion
 * marker. Restore, verify and retention trust a backup only when its manifest exists and the
 * data matches it.
 */
import { readFileSync } from 'node:fs';
import { AzaError } from './errors.js';

export const BACKUP_FORMATS = ['plain', 'custom', 'directory'] as const;
export type BackupFormat = (typeof BACKUP_FORMATS)[number];
export const COMPRESSIONS = ['gzip', 'zstd', 'none'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
export const ROW_COUNT_MODES = ['exact', 'estimate', 'none'] as const;
export type RowCountMode = (typeof ROW_COUNT_MODES)[number];

export interface TableRowCount {
  schema: string;
  table: string;
  /** null when unknown (an estimate for a never-analyzed table). */
  rows: number | null;
}

export interface ManifestFile {
  /** Relative to the backup directory (directory format). */
  path: string;
  sizeBytes: number;
  sha256: string;
}

export type SignatureAlgorithm = 'hmac-sha256' | 'ed25519';

/** See src/core/signing.ts. */
export interface ManifestSignature {
  algorithm: SignatureAlgorithm;
  keyId: string;
  /** base64 */
  value: string;
}

export interface BackupManifest {
  manifestVersion: 1;
  tool: { name: 'aza-pg'; version: string };
  /** Base name of the data file or directory this manifest describes. */
  file: string;
  format: BackupFormat;
  compression: Compression;
  compressionLevel: number | null;
  sizeBytes: number;
  /** sha256 of the file; for a directory, of its sorted "sha256  path" lines. */
  sha256: string;
  files?: ManifestFile[];
  /** Bytes pg_dump produced before compression (plain format only). */
  uncompressedBytes: number | null;
  startedAt: string;
  finishedAt: string;
  database: string;
  server: { version: string; versionNum: number; systemIdentifier: string | null };
  pgDump: { version: string };
  snapshot: string | null;
  rowCounts: RowCountMode;
  tables: TableRowCount[];
  /**
   * The roles the database refers to (owners, grants, policies, regrole/aclitem data), sorted:
   * verify creates the ones a scratch server lacks. Absent in manifests written before aza-pg recorded them.
   */
  roles?: string[];
  /**
   * The dump carries object owners and GRANTs (archives always; plain only when made with the
   * privileges option). Absent in manifests written before aza-pg recorded it.
   */
  privileges?: boolean;
  /** Over the rest of the manifest, when the backup was taken with a signing key. */
  signature?: ManifestSignature;
}

export function manifestPathFor(dataPath: string): string {
  return `${dataPath.replace(/\/+$/, '')}.manifest.json`;
}

export function serializeManifest(m: BackupManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** Reads and shape-checks a manifest; a broken one is an error, not a guess. */
export function readManifest(path: string): BackupManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AzaError(
      'MANIFEST_INVALID',
      `Cannot read the backup manifest ${path}: ${(e as Error).message}`,
      'The manifest is written last; a missing or broken one means the backup did not complete. Take a new backup.',
    );
  }
  return parseManifest(text, path);
}

/** Parses and shape-checks a manifest's text; `path` names where it came from (a file or an s3:// URL). */
export function parseManifest(text: string, path: string): BackupManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AzaError(
      'MANIFEST_INVALID',
      `Cannot read the backup manifest ${path}: ${(e as Error).message}`,
      'The manifest is written last; a missing or broken one means the backup did not complete. Take a new backup.',
    );
  }
  const m = parsed as Partial<BackupManifest>;
  const ok =
    m.manifestVersion === 1 &&
    typeof m.file === 'string' &&
    typeof m.sha256 === 'string' &&
    typeof m.sizeBytes === 'number' &&
    (BACKUP_FORMATS as readonly string[]).includes(m.format as string) &&
    Array.isArray(m.tables) &&
    (m.roles === undefined || (Array.isArray(m.roles) && m.roles.every((r) => typeof r === 'string'))) &&
    (m.signature === undefined ||
      (typeof m.signature === 'object' &&
        m.signature !== null &&
        (m.signature.algorithm === 'hmac-sha256' || m.signature.algorithm === 'ed25519') &&
        typeof m.signature.keyId === 'string' &&
        typeof m.signature.value === 'string'));
  if (!ok)
    throw new AzaError(
      'MANIFEST_INVALID',
      `The backup manifest ${path} is not an aza-pg manifest (version 1)`,
      'Take a new backup with aza-pg backup.',
    );
  return m as BackupManifest;
}

/** sha256 of a directory backup: the hash of its sorted "sha256  path" lines (sha256sum style). */
export function directoryDigestInput(files: readonly ManifestFile[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.path}\n`)
    .join('');
}
