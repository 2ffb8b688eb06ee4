/**
 * Carries out a CertPlan: makes the keys, issues the certificates (the CA first, which then
 * signs the others) and publishes every file at once. The face has asked before replacing
 * anything; the summary (report.ts) says what was made and how to use it.
 */
import type { Reporter } from '../report.js';
import { subjectString, type CertPlan, type PlannedCertificate } from './plan.js';
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { cleanCertSetLeftovers, publishCertSet } from '../cert-set.js';
import { cleanLeftovers } from '../leftovers.js';
import { acquireLock, lockPathFor } from '../lock.js';
import { describeKey } from './settings.js';
import { generateKeyPair, issueCertificate, privateKeyPem, sha256Fingerprint, type Issued, type KeyPair } from './x509.js';

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
  kind: 'generate';
  plan: CertPlan;
  dir: string;
  files: Array<{ name: string; path: string; mode: number }>;
  certificates: IssuedSummary[];
  /** The server certificate's (what clients see). */
  fingerprint: string;
  notAfter: Date;
  /** Whole days from now to notAfter. */
  daysLeft: number;
  replaced: string[];
  createdDir: boolean;
}

export async function runCerts(plan: CertPlan, reporter: Reporter): Promise<CertResult> {
  // Reached only with consent to replace what the plan found (input overwrite, y at the prompt):
  // then the whole set is replaced. Without conflicts, a name taken meanwhile fails the set.
  const overwrite = plan.overwrite || plan.conflicts.length > 0;
  const validity = { notBefore: plan.notBefore, notAfter: plan.notAfter };
  // One run into a directory at a time: the lock sits beside it (the directory may not exist yet).
  if (plan.createDir) mkdirSync(dirname(plan.dir), { recursive: true, mode: 0o755 });
  const lock = acquireLock(plan.dir, 'ssl-certs run');
  try {
    // The lock sits in the parent: a run killed while writing it left its temp file there.
    const lockName = basename(lockPathFor(plan.dir));
    cleanLeftovers(dirname(plan.dir), reporter, (p) => p.forName === lockName);
    cleanLeftovers(plan.dir, reporter);
    cleanCertSetLeftovers(plan.dir, reporter);
    return await issueAndPublish(plan, overwrite, validity, reporter);
  } finally {
    lock.release();
  }
}

async function issueAndPublish(
  plan: CertPlan,
  overwrite: boolean,
  validity: { notBefore: Date; notAfter: Date },
  reporter: Reporter,
): Promise<CertResult> {
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

  await reporter.step(`Write ${plan.files.length} files to ${plan.dir}`, async () =>
    publishCertSet(
      plan.files.map((f) => ({ path: f.path, mode: f.mode, content: contents.get(`${f.content.kind}:${f.content.of}`)! })),
      {
        overwrite,
        createDir: plan.createDir,
        dirLabel: 'Certificate directory',
      },
    ),
  );

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
  const left = plan.leftovers;
  if (left.length > 0) {
    reporter.warn(
      `${left.join(', ')} in ${plan.dir} ${left.length === 1 ? 'is' : 'are'} left from an earlier set and will not match the new certificates: remove ${left.length === 1 ? 'it' : 'them'}`,
    );
  }
  const server = certificates.find((c) => c.role === 'server')!;
  return {
    kind: 'generate',
    plan,
    dir: plan.dir,
    files: plan.files.map((f) => ({ name: f.name, path: f.path, mode: f.mode })),
    certificates,
    fingerprint: server.fingerprint,
    notAfter: server.notAfter,
    daysLeft: Math.floor((server.notAfter.getTime() - Date.now()) / 86_400_000),
    replaced: plan.conflicts,
    createdDir: plan.createDir,
  };
}
