/**
 * Signed manifests: the manifest carries the backup's size and sha256, so a signature over the
 * manifest vouches for every byte of the backup. Two kinds of key:
 *
 * - HMAC-SHA256: one shared secret, on the backup side and on every restore side.
 * - Ed25519: the backup side holds the private key (PEM), restore and verify hold only the public
 *   key, so a restore-side runner cannot sign.
 *
 * The signature covers the manifest's canonical JSON (keys sorted, no white space) without the
 * signature itself, and names the key by id: `hmac-sha256:<16 hex>` (an HMAC of a fixed text, so
 * the id says nothing about the secret) or `ed25519:<16 hex of the public key's sha256>`. Restore
 * and verify take a list of keys, so a new key can be rolled out before the old one is dropped.
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AzaError } from './errors.js';
import type { Inputs, OptionSpec } from './inputs.js';
import type { BackupManifest, ManifestSignature, SignatureAlgorithm } from './manifest.js';

export type { ManifestSignature, SignatureAlgorithm } from './manifest.js';

export type SigningKey = { kind: 'hmac'; id: string; secret: Buffer } | { kind: 'ed25519'; id: string; privateKey: KeyObject };
export type VerifyKey = { kind: 'hmac'; id: string; secret: Buffer } | { kind: 'ed25519'; id: string; publicKey: KeyObject };

/** The environment variables the command line reads keys from (never argv). */
export const SIGNING_KEY_ENV = 'AZA_PG_SIGNING_KEY';
export const VERIFY_KEY_ENV = 'AZA_PG_VERIFY_KEY';

const MIN_HMAC_BYTES = 32;
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

export const SIGNING_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'signing-key',
    description: `Sign the manifest: an HMAC-SHA256 secret (at least ${MIN_HMAC_BYTES} characters, e.g. openssl rand -base64 32) or an Ed25519 private key (PEM); pass a secret. Command line: ${SIGNING_KEY_ENV} or --signing-key-file`,
    secret: true,
    only: 'action',
  },
  { name: 'signing-key-file', description: 'File holding the signing key (HMAC secret or Ed25519 private key PEM)' },
];

export const VERIFY_KEY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'verify-key',
    description: `Refuse backups whose manifest is not signed by one of these keys: HMAC-SHA256 secrets (one a line) and/or Ed25519 public keys (PEM); several for a key rotation. Command line: ${VERIFY_KEY_ENV} or --verify-key-file`,
    secret: true,
    only: 'action',
  },
  { name: 'verify-key-file', description: 'Files holding verify keys (comma or newline separated paths)' },
];

function hmacId(secret: Buffer): string {
  return `hmac-sha256:${createHmac('sha256', secret).update('aza-pg manifest key id').digest('hex').slice(0, 16)}`;
}

function ed25519Id(publicKey: KeyObject): string {
  return `ed25519:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16)}`;
}

function badKey(where: string, what: string): AzaError {
  return new AzaError(
    'INVALID_INPUT',
    `The key in ${where} is not usable: ${what}`,
    `Use an HMAC secret of at least ${MIN_HMAC_BYTES} characters (openssl rand -base64 32), or an Ed25519 key: openssl genpkey -algorithm ed25519 -out signing.pem (backup) and openssl pkey -in signing.pem -pubout -out verify.pem (restore, verify).`,
  );
}

function hmacKey(text: string, where: string): { kind: 'hmac'; id: string; secret: Buffer } {
  const secret = Buffer.from(text.trim(), 'utf8');
  if (secret.length < MIN_HMAC_BYTES)
    throw badKey(where, `an HMAC secret of ${secret.length} characters is too short (at least ${MIN_HMAC_BYTES})`);
  return { kind: 'hmac', id: hmacId(secret), secret };
}

function pemKey(pem: string, where: string): { private?: KeyObject; public: KeyObject } {
  try {
    if (/PRIVATE KEY/.test(pem)) {
      const priv = createPrivateKey(pem);
      if (priv.asymmetricKeyType !== 'ed25519') throw badKey(where, `a ${priv.asymmetricKeyType ?? 'unknown'} private key (Ed25519 only)`);
      return { private: priv, public: createPublicKey(priv) };
    }
    const pub = createPublicKey(pem);
    if (pub.asymmetricKeyType !== 'ed25519') throw badKey(where, `a ${pub.asymmetricKeyType ?? 'unknown'} public key (Ed25519 only)`);
    return { public: pub };
  } catch (e) {
    if (e instanceof AzaError) throw e;
    throw badKey(where, `the PEM does not read (${(e as Error).message})`);
  }
}

/** A signing key from its text: an Ed25519 private key PEM, else an HMAC secret. */
export function parseSigningKey(text: string, where: string): SigningKey {
  const pems = text.match(PEM_BLOCK);
  if (pems) {
    if (pems.length > 1) throw badKey(where, 'more than one PEM block');
    const k = pemKey(pems[0]!, where);
    if (!k.private)
      throw badKey(where, 'a public key signs nothing (give the private key to backup, the public key to restore and verify)');
    return { kind: 'ed25519', id: ed25519Id(k.public), privateKey: k.private };
  }
  return hmacKey(text, where);
}

/** Verify keys from a text: PEM blocks (public keys, or private keys whose public half is used) and HMAC secrets, one a line. */
export function parseVerifyKeys(text: string, where: string): VerifyKey[] {
  const keys: VerifyKey[] = [];
  for (const pem of text.match(PEM_BLOCK) ?? []) {
    const k = pemKey(pem, where);
    keys.push({ kind: 'ed25519', id: ed25519Id(k.public), publicKey: k.public });
  }
  for (const line of text.replace(PEM_BLOCK, '').split(/\r?\n/)) if (line.trim()) keys.push(hmacKey(line, where));
  return keys;
}

function readKeyFile(path: string, label: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new AzaError(
      'INVALID_INPUT',
      `Cannot read the key file ${path} (${label}): ${(e as Error).message}`,
      'Check the path and its permissions.',
    );
  }
}

/** The signing key of a backup's settings: input signing-key, else --signing-key-file, else $AZA_PG_SIGNING_KEY. */
export function signingKeyFrom(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): SigningKey | undefined {
  const given = inputs.verbatim('signing-key');
  const file = inputs.string('signing-key-file');
  if (given !== undefined && file !== undefined)
    throw new AzaError(
      'INVALID_INPUT',
      `Give ${inputs.label('signing-key')} or ${inputs.label('signing-key-file')}, not both`,
      'Give one of them.',
    );
  if (given !== undefined) return parseSigningKey(given, inputs.label('signing-key'));
  if (file !== undefined) return parseSigningKey(readKeyFile(resolve(cwd, file), inputs.label('signing-key-file')), file);
  const fromEnv = env[SIGNING_KEY_ENV];
  return fromEnv?.trim() ? parseSigningKey(fromEnv, SIGNING_KEY_ENV) : undefined;
}

/** The verify keys of restore's or verify's settings: input verify-key and --verify-key-file, else $AZA_PG_VERIFY_KEY. */
export function verifyKeysFrom(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): VerifyKey[] {
  const keys: VerifyKey[] = [];
  const given = inputs.verbatim('verify-key');
  if (given?.trim()) keys.push(...parseVerifyKeys(given, inputs.label('verify-key')));
  for (const file of inputs.list('verify-key-file'))
    keys.push(...parseVerifyKeys(readKeyFile(resolve(cwd, file), inputs.label('verify-key-file')), file));
  if (keys.length === 0 && env[VERIFY_KEY_ENV]?.trim()) keys.push(...parseVerifyKeys(env[VERIFY_KEY_ENV]!, VERIFY_KEY_ENV));
  return keys;
}

/** The texts to mask in logs: HMAC secrets and every line of a private key. */
export function keySecrets(keys: ReadonlyArray<SigningKey | VerifyKey>): string[] {
  const out: string[] = [];
  for (const k of keys) {
    if (k.kind === 'hmac') out.push(k.secret.toString('utf8'));
    else if ('privateKey' in k) {
      const pem = k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      out.push(pem, ...pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----')));
    }
  }
  return out;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** What is signed: the manifest without its signature, keys sorted, no white space. */
export function canonicalManifest(m: BackupManifest): Buffer {
  const { signature: _s, ...rest } = m;
  return Buffer.from(JSON.stringify(sortKeys(rest)), 'utf8');
}

export function signManifest(m: BackupManifest, key: SigningKey): BackupManifest {
  const data = canonicalManifest(m);
  const value =
    key.kind === 'hmac'
      ? createHmac('sha256', key.secret).update(data).digest('base64')
      : sign(null, data, key.privateKey).toString('base64');
  return { ...m, signature: { algorithm: key.kind === 'hmac' ? 'hmac-sha256' : 'ed25519', keyId: key.id, value } };
}

/**
 * Checks a manifest's signature against the configured keys; throws what is wrong (no signature,
 * a key not configured, a signature that does not match) and returns the key that matched.
 */
export function checkManifestSignature(manifestPath: string, m: BackupManifest, keys: readonly VerifyKey[]): ManifestSignature {
  const ids = keys.map((k) => k.id).join(', ');
  const sig = m.signature;
  if (!sig) {
    throw new AzaError(
      'BACKUP_UNSIGNED',
      `The manifest ${manifestPath} is not signed, and restores from here require a signature by one of: ${ids}; nothing was restored`,
      'Take the backup with a signing key (input signing-key, or AZA_PG_SIGNING_KEY), or restore without verify keys if you trust where this file comes from.',
    );
  }
  const candidates = keys.filter((k) => k.id === sig.keyId);
  const refused = (what: string) =>
    new AzaError(
      'SIGNATURE_MISMATCH',
      `The manifest ${manifestPath} ${what}; nothing was restored`,
      'The backup or its manifest was changed after signing, or forged. Do not restore it: take or fetch another backup, and find out who could write where this one was stored.',
    );
  if (candidates.length === 0) {
    throw new AzaError(
      'SIGNATURE_UNKNOWN_KEY',
      `The manifest ${manifestPath} is signed with key ${sig.keyId}, which is not one of the configured keys (${ids}); nothing was restored`,
      'Add that key to verify-key if it is yours (a key rotation), or do not restore this backup.',
    );
  }
  const data = canonicalManifest(m);
  let given: Buffer;
  try {
    given = Buffer.from(sig.value, 'base64');
  } catch {
    throw refused('carries a signature that is not base64');
  }
  for (const k of candidates) {
    const algorithm: SignatureAlgorithm = k.kind === 'hmac' ? 'hmac-sha256' : 'ed25519';
    if (algorithm !== sig.algorithm) continue;
    if (k.kind === 'hmac') {
      const want = createHmac('sha256', k.secret).update(data).digest();
      if (want.length === given.length && timingSafeEqual(want, given)) return sig;
    } else if (verify(null, data, k.publicKey, given)) return sig;
  }
  throw refused(`does not match its signature (key ${sig.keyId}): it was altered after signing, or the signature is forged`);
}
