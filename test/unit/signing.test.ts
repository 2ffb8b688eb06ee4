/**
 * Manifest signatures: HMAC and Ed25519 keys from their texts, signatures over the canonical
 * manifest, every way a manifest can fail the check, and the settings that read keys (never from
 * argv) and require a manifest for an artifact.
 */
import { describe, expect, test } from '@jest/globals';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inputs } from '../../src/core/inputs.js';
import type { BackupManifest } from '../../src/core/manifest.js';
import {
  canonicalManifest,
  checkManifestSignature,
  keySecrets,
  parseSigningKey,
  parseVerifyKeys,
  signManifest,
  signingKeyFrom,
  verifyKeysFrom,
} from '../../src/core/signing.js';
import { BACKUP_OPTIONS } from '../../src/core/backup/settings.js';
import { RESTORE_OPTIONS, restoreSettings } from '../../src/core/restore/settings.js';
import { VERIFY_OPTIONS, verifySettings } from '../../src/core/verify/settings.js';
import { azaErrorOf } from '../harness/expect-errors.js';

const HMAC = randomBytes(32).toString('base64');
const ed = generateKeyPairSync('ed25519');
const ED_PRIVATE = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ED_PUBLIC = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const MANIFEST = {
  manifestVersion: 1,
  tool: { name: 'aza-pg', version: '0.1.0' },
  file: 'b.sql.gz',
  format: 'plain',
  compression: 'gzip',
  compressionLevel: 1,
  sizeBytes: 1234,
  sha256: 'a'.repeat(64),
  uncompressedBytes: 5000,
  startedAt: '2026-01-31T02:00:00.000Z',
  finishedAt: '2026-01-31T02:00:01.000Z',
  database: 'db',
  server: { version: '15.18', versionNum: 150018, systemIdentifier: null },
  pgDump: { version: '15.18' },
  snapshot: null,
  rowCounts: 'exact',
  tables: [{ schema: 'public', table: 't', rows: 3 }],
} as BackupManifest;

describe('keys', () => {
  test('an HMAC secret and an Ed25519 pair; ids say which, not what', () => {
    const h = parseSigningKey(`${HMAC}\n`, 'x');
    expect(h).toMatchObject({ kind: 'hmac', id: expect.stringMatching(/^hmac-sha256:[0-9a-f]{16}$/) });
    expect(h.id).not.toContain(HMAC.slice(0, 8));
    const e = parseSigningKey(ED_PRIVATE, 'x');
    expect(e).toMatchObject({ kind: 'ed25519', id: expect.stringMatching(/^ed25519:[0-9a-f]{16}$/) });
    expect(parseVerifyKeys(ED_PUBLIC, 'x')[0]!.id).toBe(e.id);
    // Both at once, for a rotation from HMAC to Ed25519.
    expect(parseVerifyKeys(`${ED_PUBLIC}\n${HMAC}\n`, 'x').map((k) => k.kind)).toEqual(['ed25519', 'hmac']);
  });

  test.each([
    ['a short secret', 'short-secret', /too short/],
    ['a public key to sign with', ED_PUBLIC, /public key signs nothing/],
    [
      'an RSA key',
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      /rsa private key \(Ed25519 only\)/,
    ],
    ['a broken PEM', '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----', /PEM does not read/],
  ])('refused: %s', (_n, text, message) => {
    const e = azaErrorOf(() => parseSigningKey(text, 'input "signing-key"'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(text.slice(0, 20).includes('BEGIN') ? 'nope' : text);
    expect(e.hint).toContain('openssl genpkey -algorithm ed25519');
  });

  test('the secrets to mask: the HMAC secret, every line of a private key', () => {
    const s = keySecrets([parseSigningKey(HMAC, 'x'), parseSigningKey(ED_PRIVATE, 'x')]);
    expect(s).toContain(HMAC);
    expect(s).toContain(ED_PRIVATE.split('\n')[1]);
  });
});

describe('signatures', () => {
  test('sign and check; the signature covers everything but itself, whatever the key order', () => {
    for (const key of [parseSigningKey(HMAC, 'x'), parseSigningKey(ED_PRIVATE, 'x')]) {
      const signed = signManifest(MANIFEST, key);
      const keys = parseVerifyKeys(key.kind === 'hmac' ? HMAC : ED_PUBLIC, 'x');
      expect(checkManifestSignature('m.json', signed, keys).keyId).toBe(key.id);
      const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(signed).reverse()))) as BackupManifest;
      expect(canonicalManifest(reordered).equals(canonicalManifest(signed))).toBe(true);
      expect(checkManifestSignature('m.json', reordered, keys).keyId).toBe(key.id);
      for (const altered of [{ sha256: 'b'.repeat(64) }, { sizeBytes: 1235 }, { tables: [] }, { file: 'other.sql.gz' }]) {
        const e = azaErrorOf(() => checkManifestSignature('m.json', { ...signed, ...altered }, keys));
        expect(e.code).toBe('SIGNATURE_MISMATCH');
      }
    }
  });

  test('unsigned, another key, a forged value, the algorithm swapped', () => {
    const keys = parseVerifyKeys(HMAC, 'x');
    expect(azaErrorOf(() => checkManifestSignature('m.json', MANIFEST, keys)).code).toBe('BACKUP_UNSIGNED');
    const other = signManifest(MANIFEST, parseSigningKey(randomBytes(32).toString('hex'), 'x'));
    expect(azaErrorOf(() => checkManifestSignature('m.json', other, keys)).code).toBe('SIGNATURE_UNKNOWN_KEY');
    const forged = {
      ...MANIFEST,
      signature: { algorithm: 'hmac-sha256' as const, keyId: keys[0]!.id, value: randomBytes(32).toString('base64') },
    };
    expect(azaErrorOf(() => checkManifestSignature('m.json', forged, keys)).code).toBe('SIGNATURE_MISMATCH');
    const swapped = { ...signManifest(MANIFEST, parseSigningKey(HMAC, 'x')) };
    swapped.signature = { ...swapped.signature!, algorithm: 'ed25519' };
    expect(azaErrorOf(() => checkManifestSignature('m.json', swapped, keys)).code).toBe('SIGNATURE_MISMATCH');
  });
});

describe('settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aza-signing-'));
  writeFileSync(join(dir, 'sign.pem'), ED_PRIVATE);
  writeFileSync(join(dir, 'verify.pem'), ED_PUBLIC);

  test('the command line takes keys from files or the environment, never from a flag value', () => {
    expect(BACKUP_OPTIONS.find((o) => o.name === 'signing-key')).toMatchObject({ secret: true, only: 'action' });
    expect(RESTORE_OPTIONS.find((o) => o.name === 'verify-key')).toMatchObject({ secret: true, only: 'action' });
    const cli = (raw: Record<string, string>) => new Inputs(raw, 'cli', [...BACKUP_OPTIONS, ...RESTORE_OPTIONS]);
    expect(signingKeyFrom(cli({ 'signing-key-file': 'sign.pem' }), {}, dir)?.kind).toBe('ed25519');
    expect(signingKeyFrom(cli({}), { AZA_PG_SIGNING_KEY: HMAC }, dir)?.kind).toBe('hmac');
    expect(signingKeyFrom(cli({}), {}, dir)).toBeUndefined();
    expect(verifyKeysFrom(cli({ 'verify-key-file': 'verify.pem' }), {}, dir).map((k) => k.kind)).toEqual(['ed25519']);
    expect(verifyKeysFrom(cli({}), { AZA_PG_VERIFY_KEY: HMAC }, dir).map((k) => k.kind)).toEqual(['hmac']);
    expect(azaErrorOf(() => verifyKeysFrom(cli({ 'verify-key-file': 'missing.pem' }), {}, dir)).message).toMatch(
      /Cannot read the key file/,
    );
  });

  test('restore and verify carry trust-backup and the keys; an artifact requires its manifest, a local file does not', () => {
    const action = (raw: Record<string, string>, specs = VERIFY_OPTIONS) => new Inputs(raw, 'action', specs);
    const r = restoreSettings(
      action(
        { backup: 'b.sql.gz', database: 'db', confirm: 'db', 'trust-backup': 'true', 'verify-key': `${HMAC}\n${ED_PUBLIC}` },
        RESTORE_OPTIONS,
      ),
      {},
      dir,
    );
    expect(r.trustBackup).toBe(true);
    expect(r.verifyKeys?.map((k) => k.kind)).toEqual(['ed25519', 'hmac']);
    expect(verifySettings(action({ artifact: 'backup-db' }), {}, dir).requireManifest).toBe(true);
    expect(verifySettings(action({ backup: 'b.sql.gz' }), {}, dir).requireManifest).toBe(false);
    expect(verifySettings(action({ artifact: 'backup-db', 'require-manifest': 'false' }), {}, dir).requireManifest).toBe(false);
  });
});
