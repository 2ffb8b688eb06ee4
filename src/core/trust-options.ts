/**
 * What restore and verify trust in a backup, as options: --trust-backup lifts the guard
 * (src/core/restore/sql-guard.ts) for scripts a person wrote; verify keys make a signed manifest
 * (src/core/signing.ts) a condition. One vocabulary for both operations.
 */
import type { Inputs, OptionSpec } from './inputs.js';
import type { ManifestSignature } from './manifest.js';
import { VERIFY_KEY_OPTIONS, verifyKeysFrom, type VerifyKey } from './signing.js';

/** What a restore trusts (see docs/security.md). */
export interface TrustOptions {
  /** --trust-backup: load the script as it is, no guard. */
  trustBackup?: boolean;
  /** Refuse a backup whose manifest is not signed by one of these. */
  verifyKeys?: readonly VerifyKey[];
}

/** What a backup was trusted with, as read: every line checked by the guard or not, and who signed its manifest. */
export interface BackupTrust {
  scan: 'checked' | 'lifted';
  signature?: ManifestSignature;
}

export const TRUST_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'trust-backup',
    description:
      'Load the script as it is, without refusing what pg_dump never writes (psql meta-commands, COPY … PROGRAM, server-file functions): only for scripts you wrote yourself',
    default: false,
    flag: true,
  },
  ...VERIFY_KEY_OPTIONS,
];

export interface TrustSettings {
  trustBackup?: boolean;
  /** Refuse backups whose manifest none of these signed. */
  verifyKeys?: VerifyKey[];
}

export function trustSettings(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): TrustSettings {
  const verifyKeys = verifyKeysFrom(inputs, env, cwd);
  return { trustBackup: inputs.boolean('trust-backup', false), ...(verifyKeys.length ? { verifyKeys } : {}) };
}

/** The summary's word on trust: what was checked, or that it was not. */
export function trustLine(b: { trust?: BackupTrust }): string {
  const scan =
    b.trust?.scan === 'lifted'
      ? 'trust-backup: loaded as it is, not checked for what pg_dump never writes'
      : 'every line checked: nothing pg_dump never writes';
  return `${scan}${b.trust?.signature ? `; manifest signed by ${b.trust.signature.keyId}` : ''}`;
}
