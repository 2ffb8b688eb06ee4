/**
 * Every error code the suite throws: what it means and what to do by default. `AzaError` takes
 * only these codes (tsc refuses any other), uses the hint here when the thrower gives none, and
 * docs/troubleshooting.md is generated from this table (`npm run docs`). The spec's troubleshooting
 * entries are the hints where they apply. A thrower's own hint is more precise (it names the
 * file, the host, the input); the one here is what stays true for every occurrence of the code.
 * The entries live by area in src/core/error-catalogue/; this file merges them into one table.
 */
import type { ErrorArea, ErrorEntry } from './error-catalogue/entry.js';
import { ARTIFACT_ERRORS } from './error-catalogue/artifact.js';
import { BACKUP_ERRORS } from './error-catalogue/backup.js';
import { CERTS_ERRORS } from './error-catalogue/certs.js';
import { OBJECT_STORE_ERRORS } from './error-catalogue/object-store.js';
import { GENERAL_ERRORS, INTERNAL_ERRORS } from './error-catalogue/general.js';
import { PROMOTE_ERRORS } from './error-catalogue/promote.js';
import { PRUNE_ERRORS } from './error-catalogue/prune.js';
import { STATUS_ERRORS } from './error-catalogue/status.js';

export type { ErrorArea, ErrorEntry } from './error-catalogue/entry.js';

/** The parts by area, in the order of docs/troubleshooting.md. */
const PARTS = [
  GENERAL_ERRORS,
  BACKUP_ERRORS,
  PROMOTE_ERRORS,
  PRUNE_ERRORS,
  STATUS_ERRORS,
  CERTS_ERRORS,
  ARTIFACT_ERRORS,
  OBJECT_STORE_ERRORS,
  INTERNAL_ERRORS,
] as const;

type Merged<P extends readonly object[]> = P extends readonly [infer H, ...infer R extends readonly object[]] ? H & Merged<R> : unknown;

/** One table of every code; a code defined in two parts is a bug that stops the load (a spread would drop one silently). */
function merge<P extends readonly Record<string, ErrorEntry>[]>(parts: P): Merged<P> {
  const all: Record<string, ErrorEntry> = {};
  for (const part of parts) {
    for (const [code, entry] of Object.entries(part)) {
      if (Object.hasOwn(all, code)) throw new Error(`The error code ${code} is defined twice in src/core/error-catalogue/`);
      all[code] = entry;
    }
  }
  return all as Merged<P>;
}

export const ERROR_CATALOGUE = merge(PARTS);

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}

/** The order and titles of docs/troubleshooting.md's sections. */
export const ERROR_AREAS: ReadonlyArray<readonly [ErrorArea, string]> = [
  ['input', 'Inputs and confirmation'],
  ['connection', 'Connecting to PostgreSQL'],
  ['tools', 'Tools and processes'],
  ['files', 'Files and directories'],
  ['backup', 'Backups and manifests'],
  ['restore', 'Restore'],
  ['verify', 'Verification'],
  ['promote', 'Promotion'],
  ['prune', 'Backup directories and retention'],
  ['status', 'Health checks (aza-pg status)'],
  ['certs', 'Certificates'],
  ['artifact', 'GitHub artifacts'],
  ['object-store', 'Object storage (S3)'],
  ['internal', 'Internal'],
];
