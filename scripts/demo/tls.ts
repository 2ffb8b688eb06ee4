// Turning TLS on for a running throw-away server with the certificates ssl-certs made: the files
// go into its data directory, owned by the server's user (the key 0600, or PostgreSQL refuses
// it), then ALTER SYSTEM and a reload; no restart is needed for ssl since PostgreSQL 10.
import { chmodSync, chownSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../../src/core/cluster.js';
import { AzaError } from '../../src/core/errors.js';
import { psqlClient, quoteLiteral } from '../../src/core/pg.js';

export async function enableTls(cluster: Cluster, certDir: string): Promise<void> {
  const install = (name: string, mode: number): string => {
    const dst = join(cluster.dataDir, `demo-${name}`);
    copyFileSync(join(certDir, name), dst);
    chmodSync(dst, mode);
    if (cluster.runAs.uid !== undefined) chownSync(dst, cluster.runAs.uid, cluster.runAs.gid!);
    return dst;
  };
  const cert = install('server.crt', 0o644);
  const key = install('server.key', 0o600);
  // ALTER SYSTEM cannot run in a transaction: one statement per call.
  await cluster.query(`ALTER SYSTEM SET ssl_cert_file = ${quoteLiteral(cert)}`);
  await cluster.query(`ALTER SYSTEM SET ssl_key_file = ${quoteLiteral(key)}`);
  await cluster.query('ALTER SYSTEM SET ssl = on');
  await cluster.query('SELECT pg_reload_conf()');
}

/** A connection that only succeeds when the server proves, with a certificate our CA signed, that it is 127.0.0.1. */
export async function tlsSession(cluster: Cluster, caFile: string): Promise<{ version: string; cipher: string }> {
  const client = psqlClient(cluster.tool('psql'), {
    ...cluster.connection(),
    sslmode: 'verify-full',
    sslrootcert: caFile,
  });
  // The reload is asynchronous: the postmaster may take a moment to load the certificate.
  let lastError: unknown;
  for (let i = 0; i < 50; i++) {
    try {
      const [row] = await client.query('SELECT ssl::text, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      if (row?.[0] === 'true') return { version: row[1]!, cipher: row[2]! };
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new AzaError('INTERNAL', `No verify-full TLS session with the server on port ${cluster.port}: ${String(lastError)}`);
}
