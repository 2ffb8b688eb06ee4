import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateCertificates, readCheckFacts, type CheckFacts, type FileFact } from '../../src/core/certs/check.js';
import type { PlannedCertificate } from '../../src/core/certs/plan.js';
import type { KeySpec } from '../../src/core/certs/settings.js';
import { generateKeyPair, issueCertificate, privateKeyPem, x509, type KeyPair } from '../../src/core/certs/x509.js';
import { AzaError } from '../../src/core/errors.js';
import { MemoryReporter } from '../../src/core/report.js';
import { checkCerts } from '../harness/certs-helpers.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const EC: KeySpec = { kind: 'ec', curve: 'P-256' };

const planned = (id: 'server' | 'ca', issuer: 'self' | 'ca'): PlannedCertificate => ({
  id,
  role: id,
  subject: { CN: id === 'ca' ? 'test CA' : 'db.test', O: 'PostgreSQL', C: 'US' },
  issuer,
  dnsNames: id === 'server' ? ['db.test', 'localhost'] : [],
  ipAddresses: id === 'server' ? ['127.0.0.1'] : [],
  keyFile: `${id}.key`,
  certFile: `${id}.crt`,
  certCopies: [],
});

async function serverCert(notAfter: Date, signer?: { keys: KeyPair; pem: string }) {
  const keys = await generateKeyPair(EC);
  const issued = await issueCertificate(
    planned('server', signer ? 'ca' : 'self'),
    keys,
    EC,
    { notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter },
    signer ? { keys: signer.keys, certificate: new x509.X509Certificate(signer.pem), keySpec: EC } : undefined,
  );
  return { pem: issued.pem, key: await privateKeyPem(keys.privateKey), keys };
}

const fact = (name: string, text: string, mode = 0o600): FileFact => ({ name, path: `/certs/${name}`, text, mode, uid: 1000 });

let valid: Awaited<ReturnType<typeof serverCert>>;
let expired: Awaited<ReturnType<typeof serverCert>>;
let soon: Awaited<ReturnType<typeof serverCert>>;
let other: Awaited<ReturnType<typeof serverCert>>;
let ca: { keys: KeyPair; pem: string; key: string };
let signed: Awaited<ReturnType<typeof serverCert>>;
let dir: string;

beforeAll(async () => {
  valid = await serverCert(new Date(NOW.getTime() + 400 * DAY));
  expired = await serverCert(new Date(NOW.getTime() - DAY));
  soon = await serverCert(new Date(NOW.getTime() + 10 * DAY + 3600_000));
  other = await serverCert(new Date(NOW.getTime() + 400 * DAY));
  const caKeys = await generateKeyPair(EC);
  const caIssued = await issueCertificate(planned('ca', 'self'), caKeys, EC, {
    notBefore: new Date(NOW.getTime() - DAY),
    notAfter: new Date(NOW.getTime() + 900 * DAY),
  });
  ca = { keys: caKeys, pem: caIssued.pem, key: await privateKeyPem(caKeys.privateKey) };
  signed = await serverCert(new Date(NOW.getTime() + 400 * DAY), ca);
  dir = mkdtempSync(join(tmpdir(), 'aza-certs-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const facts = (certs: FileFact[], keys: Record<string, FileFact> = {}, caFact?: FileFact): CheckFacts => ({
  path: '/certs',
  certificates: certs,
  keys,
  ...(caFact ? { ca: caFact } : {}),
});

describe('evaluateCertificates', () => {
  test('a valid pair: subject, SANs, self-signed issuer, days left, fingerprint, ok', async () => {
    const r = await evaluateCertificates(facts([fact('server.crt', valid.pem, 0o644)], { server: fact('server.key', valid.key) }), NOW, 30);
    expect(r.status).toBe('ok');
    expect(r.primary).toMatchObject({
      file: 'server.crt',
      subject: 'CN=db.test, O=PostgreSQL, C=US',
      issuer: 'CN=db.test, O=PostgreSQL, C=US (self-signed)',
      names: ['DNS:db.test', 'DNS:localhost', 'IP:127.0.0.1'],
      daysLeft: 400,
      keyFile: 'server.key',
      problems: [],
      warnings: [],
    });
    expect(r.primary.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  test('expiring within warn-days: a warning, not a failure', async () => {
    const r = await evaluateCertificates(facts([fact('server.crt', soon.pem)]), NOW, 30);
    expect(r.status).toBe('warning');
    expect(r.primary.daysLeft).toBe(10);
    expect(r.primary.warnings).toEqual([expect.stringMatching(/^server\.crt expires in 10 days/)]);
    expect((await evaluateCertificates(facts([fact('server.crt', soon.pem)]), NOW, 5)).status).toBe('ok');
  });

  test('expired: a failure', async () => {
    const r = await evaluateCertificates(facts([fact('server.crt', expired.pem)]), NOW, 30);
    expect(r.status).toBe('failed');
    expect(r.primary.problems.map((p) => p.code)).toEqual(['CERT_EXPIRED']);
  });

  test('a key that does not belong to the certificate: a failure', async () => {
    const r = await evaluateCertificates(facts([fact('server.crt', valid.pem)], { server: fact('server.key', other.key) }), NOW, 30);
    expect(r.primary.problems.map((p) => p.code)).toEqual(['KEY_MISMATCH']);
  });

  test("a key readable by others: the spec's chmod 600 advice", async () => {
    const r = await evaluateCertificates(facts([fact('server.crt', valid.pem)], { server: fact('server.key', valid.key, 0o644) }), NOW, 30);
    expect(r.status).toBe('warning');
    expect(r.primary.warnings[0]).toContain('chmod 600 /certs/server.key');
  });

  test('certificates are checked against ca.crt beside them', async () => {
    const good = await evaluateCertificates(
      facts([fact('ca.crt', ca.pem), fact('server.crt', signed.pem)], { server: fact('server.key', signed.key) }, fact('ca.crt', ca.pem)),
      NOW,
      30,
    );
    expect(good.status).toBe('ok');
    expect(good.primary.issuer).toBe('CN=test CA, O=PostgreSQL, C=US');
    const bad = await evaluateCertificates(
      facts([fact('ca.crt', ca.pem), fact('server.crt', valid.pem)], {}, fact('ca.crt', ca.pem)),
      NOW,
      30,
    );
    expect(bad.primary.problems.map((p) => p.code)).toEqual(['CHAIN_MISMATCH']);
  });

  test('text that is not a certificate', async () => {
    await expect(evaluateCertificates(facts([fact('server.crt', 'not a certificate')]), NOW, 30)).rejects.toMatchObject({
      code: 'INVALID_CERT',
    });
  });
});

describe('check (the ssl-certs operation) and readCheckFacts', () => {
  test('a missing file or directory', () => {
    let e: unknown;
    try {
      readCheckFacts(join(dir, 'nope'));
    } catch (x) {
      e = x;
    }
    expect((e as AzaError).code).toBe('CERT_NOT_FOUND');
    expect((e as AzaError).message).toBe(`No such certificate file or directory: ${join(dir, 'nope')}`);
  });

  test('a directory without certificates', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    let e: unknown;
    try {
      readCheckFacts(empty);
    } catch (x) {
      e = x;
    }
    expect((e as AzaError).code).toBe('CERT_NOT_FOUND');
  });

  test('reports everything, then fails on an expired certificate with the renewal hint', async () => {
    const d = mkdtempSync(join(dir, 'expired-'));
    writeFileSync(join(d, 'server.crt'), expired.pem);
    writeFileSync(join(d, 'server.key'), expired.key, { mode: 0o600 });
    chmodSync(join(d, 'server.key'), 0o600);
    const reporter = new MemoryReporter();
    let e: unknown;
    try {
      await checkCerts(d, 30, reporter, NOW);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(AzaError);
    expect((e as AzaError).code).toBe('CERT_EXPIRED');
    expect((e as AzaError).hint).toContain('mv certs certs.old');
    expect(reporter.tables[0]!.title).toBe('TLS certificate check: FAILED');
  });

  test('one file: that certificate and the key beside it', async () => {
    const d = mkdtempSync(join(dir, 'file-'));
    writeFileSync(join(d, 'server.crt'), valid.pem);
    writeFileSync(join(d, 'server.key'), other.key, { mode: 0o600 });
    await expect(checkCerts(join(d, 'server.crt'), 30, new MemoryReporter(), NOW)).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
    writeFileSync(join(d, 'server.key'), valid.key, { mode: 0o600 });
    const reporter = new MemoryReporter();
    const result = await checkCerts(join(d, 'server.crt'), 30, reporter, NOW);
    expect(result.status).toBe('ok');
    expect(reporter.tables[0]!.rows).toContainEqual(['Days left', '400']);
  });
});
