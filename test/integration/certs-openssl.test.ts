/**
 * Generated files judged by an independent implementation: the openssl CLI verifies chains,
 * purposes, host names and IPs, prints the certificates, and makes keys and certificates of its
 * own for `check` to read.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertResult } from '../../src/core/certs/run.js';
import { run } from '../../src/core/exec.js';
import { MemoryReporter } from '../../src/core/report.js';
import { certFiles, checkCerts, expectLinkLayout, generateCerts } from '../harness/certs-helpers.js';
import { azaRejectionOf } from '../harness/expect-errors.js';

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'aza-certs-openssl-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function generate(dir: string, raw: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}): Promise<CertResult> {
  return generateCerts({ dir, ...raw }, env);
}

async function openssl(args: string[]): Promise<{ code: number | null; out: string }> {
  const r = await run('openssl', args, { allowFailure: true });
  return { code: r.code, out: r.stdout + r.stderr };
}

async function verify(dir: string, cert: string, purpose: 'sslserver' | 'sslclient', extra: string[] = []) {
  return openssl(['verify', '-CAfile', join(dir, 'ca.crt'), '-purpose', purpose, ...extra, join(dir, cert)]);
}

const mode = (p: string) => statSync(p).mode & 0o777;

async function publicKeyOfKey(path: string) {
  return (await run('openssl', ['pkey', '-in', path, '-pubout'])).stdout;
}
async function publicKeyOfCert(path: string) {
  return (await run('openssl', ['x509', '-in', path, '-noout', '-pubkey'])).stdout;
}

describe.each([
  ['self-signed', 'rsa', {}],
  ['self-signed', 'ec', { 'key-type': 'ec' }],
  ['ca', 'rsa', { mode: 'ca', 'client-users': 'app,ci@corp', 'rsa-bits': '3072' }],
  ['ca', 'ec', { mode: 'ca', 'client-users': 'app', 'key-type': 'ec' }],
])('%s %s: openssl accepts every output', (mode_, keyType, raw) => {
  let dir: string;
  let result: CertResult;
  beforeAll(async () => {
    dir = join(base, `${mode_}-${keyType}`);
    result = await generate(dir, { days: '365', ...raw }, { POSTGRES_HOSTNAME: 'db.example.com' });
  });

  test('files and modes', () => {
    const expected = mode_ === 'ca' ? ['ca.crt', 'ca.key', 'server.crt', 'server.key'] : ['ca.crt', 'server.crt', 'server.key'];
    const clients = (raw as { 'client-users'?: string })['client-users']?.split(',') ?? [];
    const names = [...expected, ...clients.flatMap((u) => [`client-${u}.crt`, `client-${u}.key`])].sort();
    expectLinkLayout(dir, names);
    for (const name of names) expect([name, mode(join(dir, name))]).toEqual([name, name.endsWith('.key') ? 0o600 : 0o644]);
    if (mode_ === 'self-signed') expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(readFileSync(join(dir, 'server.crt'), 'utf8'));
  });

  test('openssl x509 -text: subject, SANs, key, validity, extensions', async () => {
    const text = (await openssl(['x509', '-in', join(dir, 'server.crt'), '-noout', '-text'])).out;
    expect(text).toContain('Subject: CN = db.example.com, O = PostgreSQL, C = US');
    expect(text).toContain('DNS:db.example.com, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(text).toContain('TLS Web Server Authentication');
    expect(text).toContain(keyType === 'rsa' ? `Public-Key: (${mode_ === 'ca' ? 3072 : 2048} bit)` : 'NIST CURVE: P-256');
    expect(text).toContain(
      mode_ === 'ca' ? 'Issuer: CN = db.example.com CA, O = PostgreSQL, C = US' : 'Issuer: CN = db.example.com, O = PostgreSQL, C = US',
    );
    const end = (await openssl(['x509', '-in', join(dir, 'server.crt'), '-noout', '-enddate'])).out;
    const notAfter = new Date(end.replace('notAfter=', '').trim());
    expect(Math.round((notAfter.getTime() - Date.now()) / 86_400_000)).toBe(365);
    expect(notAfter.toISOString()).toBe(result.notAfter.toISOString());
    const fp = (await openssl(['x509', '-in', join(dir, 'server.crt'), '-noout', '-fingerprint', '-sha256'])).out;
    expect(fp.trim()).toBe(`sha256 Fingerprint=${result.fingerprint}`);
  });

  test('openssl verify: server purpose, host names and IPs from the SANs; other names refused', async () => {
    for (const extra of [
      [],
      ['-verify_hostname', 'localhost'],
      ['-verify_hostname', 'db.example.com'],
      ['-verify_ip', '127.0.0.1'],
      ['-verify_ip', '::1'],
    ]) {
      const r = await verify(dir, 'server.crt', 'sslserver', extra);
      expect([extra.join(' '), r.code, r.out.trim()]).toEqual([extra.join(' '), 0, `${join(dir, 'server.crt')}: OK`]);
    }
    expect((await verify(dir, 'server.crt', 'sslserver', ['-verify_hostname', 'evil.example.org'])).code).not.toBe(0);
    expect((await verify(dir, 'server.crt', 'sslserver', ['-verify_ip', '10.9.9.9'])).code).not.toBe(0);
  });

  test('each private key belongs to its certificate', async () => {
    const pairs = certFiles(dir)
      .filter((n) => n.endsWith('.key'))
      .map((k) => [k, k.replace(/\.key$/, '.crt')] as const);
    for (const [key, cert] of pairs) expect(await publicKeyOfKey(join(dir, key))).toBe(await publicKeyOfCert(join(dir, cert)));
  });

  if (mode_ === 'ca') {
    test('CA: a CA certificate; client certificates for client authentication, named by user', async () => {
      const caText = (await openssl(['x509', '-in', join(dir, 'ca.crt'), '-noout', '-text'])).out;
      expect(caText).toMatch(/CA:TRUE, pathlen:0/);
      expect(caText).toContain('Certificate Sign, CRL Sign');
      const serverText = (await openssl(['x509', '-in', join(dir, 'server.crt'), '-noout', '-text'])).out;
      expect(serverText).toContain('CA:FALSE');
      const r = await verify(dir, 'client-app.crt', 'sslclient');
      expect([r.code, r.out.trim()]).toEqual([0, `${join(dir, 'client-app.crt')}: OK`]);
      expect((await verify(dir, 'client-app.crt', 'sslserver')).code).not.toBe(0);
      expect((await verify(dir, 'server.crt', 'sslclient')).code).not.toBe(0);
      const subject = (await openssl(['x509', '-in', join(dir, 'client-app.crt'), '-noout', '-subject'])).out;
      expect(subject.trim()).toBe('subject=CN = app, O = PostgreSQL, C = US');
      const clientText = (await openssl(['x509', '-in', join(dir, 'client-app.crt'), '-noout', '-text'])).out;
      expect(clientText).toContain('TLS Web Client Authentication');
      expect(clientText).not.toContain('Subject Alternative Name');
    });
  }

  test('check reads the set back: ok, and the same fingerprint openssl computes', async () => {
    const checked = await checkCerts(dir, 30);
    expect(checked.status).toBe('ok');
    expect(checked.primary.file).toBe('server.crt');
    expect(checked.primary.fingerprint).toBe(result.fingerprint);
    expect(checked.primary.daysLeft).toBe(364);
    const warned = await checkCerts(dir, 400);
    expect(warned.status).toBe('warning');
  });
});

describe('4096-bit RSA', () => {
  test('generates and verifies', async () => {
    const dir = join(base, 'rsa4096');
    await generate(dir, { 'rsa-bits': '4096' });
    expect((await openssl(['x509', '-in', join(dir, 'server.crt'), '-noout', '-text'])).out).toContain('Public-Key: (4096 bit)');
    expect((await verify(dir, 'server.crt', 'sslserver', ['-verify_hostname', 'postgres.local'])).code).toBe(0);
  });
});

describe('bad destinations: a clear error and nothing written', () => {
  test('a read-only directory (a read-only tmpfs mount: root ignores permission bits)', async () => {
    const ro = join(base, 'ro');
    mkdirSync(ro);
    await run('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro]);
    try {
      const e = await azaRejectionOf(generate(ro));
      expect(e.code).toBe('OUTPUT_DIR_NOT_WRITABLE');
      expect(e.message).toBe(`Certificate directory not writable: ${ro}`);
      const below = await azaRejectionOf(generate(join(ro, 'certs')));
      expect(below.code).toBe('OUTPUT_DIR_NOT_WRITABLE');
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      await run('umount', [ro]);
    }
  });

  test('the path is a file', async () => {
    const file = join(base, 'a-file');
    writeFileSync(file, 'keep me');
    const e = await azaRejectionOf(generate(file));
    expect(e.code).toBe('OUTPUT_NOT_DIRECTORY');
    expect((await azaRejectionOf(generate(join(file, 'certs')))).code).toBe('OUTPUT_NOT_DIRECTORY');
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  test('existing certificates without overwrite stay as they were; with overwrite they are replaced', async () => {
    const dir = join(base, 'existing');
    const first = await generate(dir);
    const before = certFiles(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')]);
    const e = await azaRejectionOf(generate(dir));
    expect(e.code).toBe('CERTS_EXIST');
    expect(e.message).toBe(`Certificates already exist in ${dir} (server.key, server.crt, ca.crt); nothing was written`);
    expect(certFiles(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')])).toEqual(before);
    const second = await generate(dir, { overwrite: 'true' });
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(second.replaced).toEqual(['server.key', 'server.crt', 'ca.crt']);
    expectLinkLayout(dir, ['ca.crt', 'server.crt', 'server.key']);
    expect(mode(join(dir, 'server.key'))).toBe(0o600);
  });

  test('a missing directory is created with its parents', async () => {
    const dir = join(base, 'deep', 'er', 'certs');
    await generate(dir);
    expect(existsSync(join(dir, 'server.key'))).toBe(true);
  });
});

describe('check on certificates openssl made', () => {
  test('a valid openssl pair is ok; a different openssl key is a mismatch; a missing file is not found', async () => {
    const dir = join(base, 'openssl-made');
    mkdirSync(dir);
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'server.key'),
      '-out',
      join(dir, 'server.crt'),
      '-days',
      '10',
      '-subj',
      '/CN=made.by.openssl/O=PostgreSQL/C=US',
    ]);
    const reporter = new MemoryReporter();
    const ok = await checkCerts(join(dir, 'server.crt'), 30, reporter);
    expect(ok.status).toBe('warning');
    expect(ok.primary.subject).toBe('CN=made.by.openssl, O=PostgreSQL, C=US');
    expect(reporter.warnings).toEqual([expect.stringMatching(/^server\.crt expires in (9|10) days/)]);
    const fp = (await openssl(['x509', '-in', join(dir, 'server.crt'), '-noout', '-fingerprint', '-sha256'])).out.trim();
    expect(fp).toBe(`sha256 Fingerprint=${ok.primary.fingerprint}`);

    await run('openssl', ['genrsa', '-traditional', '-out', join(dir, 'server.key'), '2048']);
    const e = await azaRejectionOf(checkCerts(dir, 30));
    expect(e.code).toBe('KEY_MISMATCH');
    expect(e.message).toBe('server.key does not belong to server.crt: PostgreSQL will refuse this pair');

    expect((await azaRejectionOf(checkCerts(join(dir, 'nothing.crt'), 30))).code).toBe('CERT_NOT_FOUND');
  });
});
