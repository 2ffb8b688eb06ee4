/**
 * Carries out a CertPlan: makes the keys, issues the certificates (the CA first, which then
 * signs the others), publishes every file at once, and reports what was made and how to use it.
 */
import { basename } from 'node:path';
import type { Reporter, SummaryTable } from '../report.js';
import { assertNoUnconfirmedConflicts, subjectString, type CertPlan, type PlannedCertificate } from './plan.js';
import { publishFileSet } from '../fs.js';
import { describeKey } from './settings.js';
import { generateKeyPair, issueCertificate, privateKeyPem, sha256Fingerprint, type Issued, type KeyPair } from './x509.js';

export interface CertDeps {
  /** See PublishSetOptions.onTempFileCreated: a test hook for observing modes at creation. */
  onTempFileCreated?: (tempPath: string, finalPath: string) => void;
}

export interface IssuedSummary {
  id: string;
  role: PlannedCertificate['role'];
  subject: string;
  issuer: string;
  names: string[];
  keyFile: string;
  certFile: string;
  fingerprint: string;
  notAfter: Date;
}

export interface CertResult {
  dir: string;
  files: Array<{ name: string; path: string; mode: number }>;
  certificates: IssuedSummary[];
  /** The server certificate's (what clients see). */
  fingerprint: string;
  notAfter: Date;
  replaced: string[];
  createdDir: boolean;
}

function modeText(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}

export async function runCerts(plan: CertPlan, deps: CertDeps, reporter: Reporter): Promise<CertResult> {
  assertNoUnconfirmedConflicts(plan);
  const validity = { notBefore: plan.notBefore, notAfter: plan.notAfter };

  const keys = await reporter.step(
    `Generate ${plan.certificates.length} ${describeKey(plan.key)} key${plan.certificates.length > 1 ? 's' : ''}`,
    async () => {
      const made = new Map<string, KeyPair>();
      for (const c of plan.certificates) made.set(c.id, await generateKeyPair(plan.key));
      return made;
    },
  );

  const issued = await reporter.step('Issue certificates', async () => {
    const out = new Map<string, Issued>();
    // Planning puts the CA first, so it exists before anything it signs.
    for (const c of plan.certificates) {
      const signer = c.issuer === 'ca' ? { keys: keys.get('ca')!, certificate: out.get('ca')!.certificate, keySpec: plan.key } : undefined;
      out.set(c.id, await issueCertificate(c, keys.get(c.id)!, plan.key, validity, signer));
    }
    return out;
  });

  const contents = new Map<string, string>();
  for (const c of plan.certificates) {
    contents.set(`key:${c.id}`, await privateKeyPem(keys.get(c.id)!.privateKey));
    contents.set(`cert:${c.id}`, issued.get(c.id)!.pem);
  }

  await reporter.step(`Write ${plan.files.length} files to ${plan.dir}`, async () => {
    publishFileSet(
      plan.files.map((f) => ({ path: f.path, mode: f.mode, content: contents.get(`${f.content.kind}:${f.content.of}`)! })),
      {
        overwrite: plan.overwrite,
        createDir: plan.createDir,
        dirLabel: 'Certificate directory',
        ...(deps.onTempFileCreated ? { onTempFileCreated: deps.onTempFileCreated } : {}),
      },
    );
  });

  const certificates = plan.certificates.map((c): IssuedSummary => {
    const cert = issued.get(c.id)!.certificate;
    return {
      id: c.id,
      role: c.role,
      subject: subjectString(c.subject),
      issuer: c.issuer === 'self' ? 'self-signed' : subjectString(plan.certificates.find((p) => p.id === 'ca')!.subject),
      names: [...c.dnsNames.map((n) => `DNS:${n}`), ...c.ipAddresses.map((ip) => `IP:${ip}`)],
      keyFile: c.keyFile,
      certFile: c.certFile,
      fingerprint: sha256Fingerprint(cert.rawData),
      notAfter: cert.notAfter,
    };
  });
  if (plan.leftovers.length > 0) {
    reporter.warn(
      `${plan.leftovers.join(', ')} in ${plan.dir} ${plan.leftovers.length === 1 ? 'is' : 'are'} left from an earlier set and will not match the new certificates: remove ${plan.leftovers.length === 1 ? 'it' : 'them'}`,
    );
  }
  const server = certificates.find((c) => c.role === 'server')!;
  const result: CertResult = {
    dir: plan.dir,
    files: plan.files.map((f) => ({ name: f.name, path: f.path, mode: f.mode })),
    certificates,
    fingerprint: server.fingerprint,
    notAfter: server.notAfter,
    replaced: plan.overwrite ? plan.conflicts : [],
    createdDir: plan.createDir,
  };
  await reporter.table(generationTable(plan, result));
  return result;
}

function generationTable(plan: CertPlan, result: CertResult): SummaryTable {
  const server = result.certificates.find((c) => c.role === 'server')!;
  const dir = plan.dir;
  const notes =
    plan.mode === 'self-signed'
      ? [
          `postgresql.conf: ssl = on, ssl_cert_file = '${dir}/server.crt', ssl_key_file = '${dir}/server.key' (paths as the server sees them)`,
          `Clients verify with sslmode=verify-full sslrootcert=${dir}/ca.crt`,
          'Self-signed certificates suit development, tests and internal networks with manual trust; use a trusted CA in production.',
        ]
      : [
          `postgresql.conf: ssl = on, ssl_cert_file = 'server.crt', ssl_key_file = 'server.key', ssl_ca_file = 'ca.crt' (from ${dir})`,
          'pg_hba.conf: "hostssl all all 0.0.0.0/0 cert" logs users in by client certificate; add clientcert=verify-full to a scram-sha-256 line to require both.',
          `Clients: sslmode=verify-full sslrootcert=ca.crt sslcert=client-<user>.crt sslkey=client-<user>.key`,
          `Keep ca.key offline: whoever holds it can issue certificates the server trusts.`,
        ];
  if (result.replaced.length > 0)
    notes.unshift(`Replaced ${result.replaced.join(', ')}: reload PostgreSQL (SELECT pg_reload_conf()) to serve the new certificate.`);
  return {
    title: `TLS certificates (${plan.mode === 'self-signed' ? 'self-signed' : 'CA-signed'})`,
    rows: [
      ['Directory', dir],
      ['Key', describeKey(plan.key)],
      ['Subject', server.subject],
      ['Names', server.names.join(', ')],
      ['Valid until', `${result.notAfter.toISOString()} (${plan.days} days)`],
      ['SHA-256 fingerprint', result.fingerprint],
    ],
    sections: [
      {
        title: 'Files',
        header: ['File', 'Mode', 'Contents'],
        rows: plan.files.map((f) => {
          const c = result.certificates.find((x) => x.id === f.content.of)!;
          const what =
            f.content.kind === 'key' ? `private key (${c.role})` : `${c.role === 'ca' ? 'CA' : c.role} certificate, ${c.subject}`;
          return [
            basename(f.path),
            modeText(f.mode),
            f.name === 'ca.crt' && plan.mode === 'self-signed' ? 'CA certificate (copy of server.crt)' : what,
          ];
        }),
      },
    ],
    notes,
  };
}
