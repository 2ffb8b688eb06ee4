/**
 * PostgreSQL 15 is the peer that matters: a throw-away cluster started with ssl=on and the
 * generated files must accept verify-full connections (both modes, both key types), log a
 * user in by client certificate in CA mode, refuse plain connections under hostssl, and serve
 * a renewed certificate after a reload. The spec's scenarios 1 to 3, on a real server.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, serverRunAs, type Cluster } from '../../src/core/cluster.js';
import type { CertResult } from '../../src/core/certs/run.js';
import { run } from '../../src/core/exec.js';
import { generateCerts } from '../harness/certs-helpers.js';

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'aza-certs-pg-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function generate(dir: string, raw: Record<string, string>): Promise<CertResult> {
  return generateCerts({ dir, ...raw });
}

/** psql with a conninfo string and nothing inherited from the libpq environment. */
async function psql(cluster: Cluster, conninfo: string, sql: string, password?: string) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PGCONNECT_TIMEOUT: '10', ...(password ? { PGPASSWORD: password } : {}) };
  const r = await run(cluster.tool('psql'), [conninfo, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    env,
    allowFailure: true,
    secrets: password ? [password] : [],
  });
  return { code: r.code, out: r.stdout.trim(), err: r.stderr.trim() };
}

/** The certificate the server presents, as openssl sees it on the wire. */
async function servedFingerprint(port: number): Promise<string> {
  const hello = await run('openssl', ['s_client', '-starttls', 'postgres', '-connect', `127.0.0.1:${port}`], {
    input: '',
    allowFailure: true,
    timeoutMs: 20000,
  });
  const fp = await run('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: hello.stdout });
  return fp.stdout.trim().replace(/^sha256 Fingerprint=/i, '');
}

describe.each([
  ['self-signed', 'rsa', {}],
  ['self-signed', 'ec', { 'key-type': 'ec' }],
  ['ca', 'rsa', { mode: 'ca', 'client-users': 'app' }],
  ['ca', 'ec', { mode: 'ca', 'client-users': 'app', 'key-type': 'ec' }],
])('PostgreSQL 15 with %s %s certificates', (mode, keyType, raw) => {
  let dir: string;
  let cluster: Cluster;
  let result: CertResult;
  beforeAll(async () => {
    dir = join(base, `${mode}-${keyType}`);
    result = await generate(dir, raw);
    cluster = await createCluster({
      major: 15,
      tls: {
        certFile: join(dir, 'server.crt'),
        keyFile: join(dir, 'server.key'),
        ...(mode === 'ca' ? { caFile: join(dir, 'ca.crt') } : {}),
      },
      ...(mode === 'ca' ? { hbaHostLines: ['hostssl all postgres 127.0.0.1/32 scram-sha-256', 'hostssl all all 127.0.0.1/32 cert'] } : {}),
    });
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  const verifyFull = () =>
    `host=localhost port=${cluster.port} user=${cluster.superuser} dbname=postgres sslmode=verify-full sslrootcert=${join(dir, 'ca.crt')}`;

  test('scenario 1: TLS is on and a verify-full connection to host=localhost uses it', async () => {
    const r = await psql(
      cluster,
      verifyFull(),
      'SHOW ssl; SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid(); CREATE EXTENSION IF NOT EXISTS sslinfo; SELECT ssl_is_used();',
      cluster.password,
    );
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out.split('\n')).toEqual(['on', 't', 't']);
    expect(await servedFingerprint(cluster.port)).toBe(result.fingerprint);
  });

  test('verify-full refuses a host name the certificate does not carry', async () => {
    const r = await psql(
      cluster,
      `host=wrong.example hostaddr=127.0.0.1 port=${cluster.port} user=${cluster.superuser} dbname=postgres sslmode=verify-full sslrootcert=${join(dir, 'ca.crt')}`,
      'SELECT 1',
      cluster.password,
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not match host name "wrong\.example"/);
    const ip = await psql(
      cluster,
      `host=127.0.0.1 port=${cluster.port} user=${cluster.superuser} dbname=postgres sslmode=verify-full sslrootcert=${join(dir, 'ca.crt')}`,
      'SELECT 1',
      cluster.password,
    );
    expect([ip.code, ip.out]).toEqual([0, '1']);
  });

  test('scenario 2: with hostssl, a connection without TLS is refused', async () => {
    const r = await psql(
      cluster,
      `host=127.0.0.1 port=${cluster.port} user=${cluster.superuser} dbname=postgres sslmode=disable`,
      'SELECT 1',
      cluster.password,
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no pg_hba\.conf entry .* no encryption/);
    const required = await psql(
      cluster,
      `host=localhost port=${cluster.port} user=${cluster.superuser} dbname=postgres sslmode=require`,
      'SELECT 1',
      cluster.password,
    );
    expect([required.code, required.out]).toEqual([0, '1']);
  });

  if (mode === 'ca') {
    test('mutual TLS: "hostssl ... cert" logs the user in by client certificate, and only with it', async () => {
      await cluster.query('CREATE ROLE app LOGIN');
      const withCert = `${verifyFull().replace(`user=${cluster.superuser}`, 'user=app')} sslcert=${join(dir, 'client-app.crt')} sslkey=${join(dir, 'client-app.key')}`;
      const r = await psql(cluster, withCert, "SELECT current_user, ssl_client_cert_present(), ssl_client_dn_field('CN')");
      expect([r.code, r.err, r.out]).toEqual([0, '', 'app|t|app']);
      const without = await psql(
        cluster,
        `${verifyFull().replace(`user=${cluster.superuser}`, 'user=app')} sslcert=/nonexistent sslkey=/nonexistent`,
        'SELECT 1',
      );
      expect(without.code).toBe(2);
      expect(without.err).toMatch(/connection requires a valid client certificate|certificate authentication failed|no pg_hba/);
      // The certificate is app's, not postgres's: cert auth compares the CN with the user name.
      await cluster.query('CREATE ROLE other LOGIN');
      const wrongUser = await psql(cluster, withCert.replace('user=app', 'user=other'), 'SELECT 1');
      expect(wrongUser.code).toBe(2);
      expect(wrongUser.err).toMatch(/certificate authentication failed for user "other"/);
    });
  }
});

describe('scenario 3: renewal', () => {
  let cluster: Cluster;
  afterAll(async () => {
    await cluster?.destroy();
  });

  test('regenerate in place, reload, and the new certificate is served; the key keeps its owner and 0600', async () => {
    const dir = join(base, 'renew');
    const first = await generate(dir, { days: '30' });
    cluster = await createCluster({ major: 15, tls: { certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') } });
    expect(await servedFingerprint(cluster.port)).toBe(first.fingerprint);

    // The cluster's own copies (in its data directory, owned by the server's user) are renewed.
    const renewed = await generate(cluster.dataDir, { days: '3650', overwrite: 'true' });
    expect(renewed.fingerprint).not.toBe(first.fingerprint);
    expect(renewed.replaced).toEqual(['server.key', 'server.crt']);
    const owner = await serverRunAs();
    const key = statSync(join(cluster.dataDir, 'server.key'));
    expect([key.mode & 0o777, key.uid]).toEqual([0o600, owner.uid ?? process.getuid!()]);

    await cluster.query('SELECT pg_reload_conf()');
    let served = '';
    for (let i = 0; i < 50 && served !== renewed.fingerprint; i++) {
      served = await servedFingerprint(cluster.port);
      if (served !== renewed.fingerprint) await new Promise((r) => setTimeout(r, 200));
    }
    expect(served).toBe(renewed.fingerprint);
    const r = await psql(
      cluster,
      `host=localhost port=${cluster.port} user=${cluster.superuser} dbname=postgres sslmode=verify-full sslrootcert=${join(cluster.dataDir, 'ca.crt')}`,
      'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      cluster.password,
    );
    expect([r.code, r.out]).toEqual([0, 't']);
  });
});
