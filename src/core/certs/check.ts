/**
 * `check`: reads certificates (a directory of them or one file) and says what they are and
 * whether they still work: subject, names, issuer, expiry, SHA-256 fingerprint, whether each
 * private key belongs to its certificate and each certificate to the directory's CA. Reading
 * is separate from judging: `readCheckFacts` touches the disk, `evaluateCertificates` is pure.
 */
import { readdirSync, readFileSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { statOrUndefined } from '../fs.js';
import { strayCertSets } from '../cert-set.js';
import { AzaError, type ErrorCode } from '../errors.js';
import type { Reporter, SummaryTable } from '../report.js';
import { modeText } from './plan.js';
import type { CheckSettings } from './settings.js';
import { keyMatchesCertificate, sha256Fingerprint, x509 } from './x509.js';

export interface FileFact {
  name: string;
  path: string;
  text: string;
  mode: number;
  uid: number;
}

export interface CheckFacts {
  path: string;
  certificates: FileFact[];
  /** Private keys by the base name they pair with (server.key pairs with server.crt). */
  keys: Record<string, FileFact>;
  /** ca.crt beside the certificates, which should have signed the others. */
  ca?: FileFact;
  /** What killed ssl-certs runs left in the directory (cert-set.ts), as warnings. */
  leftovers?: string[];
}

export type CertStatus = 'ok' | 'warning' | 'failed';

export interface Problem {
  code: ErrorCode;
  message: string;
  hint: string;
}

export interface CertificateReport {
  file: string;
  subject: string;
  issuer: string;
  names: string[];
  notBefore: Date;
  notAfter: Date;
  daysLeft: number;
  fingerprint: string;
  keyFile?: string;
  status: CertStatus;
  warnings: string[];
  problems: Problem[];
}

export interface CheckResult {
  kind: 'check';
  path: string;
  warnDays: number;
  certificates: CertificateReport[];
  /** The certificate the outputs describe: server.crt when present, else the first one. */
  primary: CertificateReport;
  status: CertStatus;
}

const CERT_EXTENSIONS = new Set(['.crt', '.pem', '.cer']);
const DAY_MS = 86_400_000;

function readFact(path: string, st: Stats): FileFact {
  return { name: basename(path), path, text: readFileSync(path, 'utf8'), mode: st.mode & 0o777, uid: st.uid };
}

function stem(name: string): string {
  return name.slice(0, name.length - extname(name).length);
}

/** Reads the certificate files (and their keys) that `check` is about. */
export function readCheckFacts(path: string): CheckFacts {
  const st = statOrUndefined(path);
  if (!st) {
    throw new AzaError(
      'CERT_NOT_FOUND',
      `No such certificate file or directory: ${path}`,
      'Give the directory the certificates were written to (e.g. stacks/primary/certs) or a certificate file such as server.crt.',
    );
  }
  const dir = st.isDirectory() ? path : dirname(path);
  const names = st.isDirectory()
    ? readdirSync(path)
        .filter((n) => CERT_EXTENSIONS.has(extname(n)) && !n.startsWith('.'))
        .sort()
    : [basename(path)];
  const certificates: FileFact[] = [];
  const keys: Record<string, FileFact> = {};
  for (const name of names) {
    const p = join(dir, name);
    const s = statOrUndefined(p);
    if (!s?.isFile()) continue;
    certificates.push(readFact(p, s));
    const keyPath = join(dir, `${stem(name)}.key`);
    const keyStat = statOrUndefined(keyPath);
    if (keyStat?.isFile()) keys[stem(name)] = readFact(keyPath, keyStat);
  }
  if (certificates.length === 0) {
    throw new AzaError(
      'CERT_NOT_FOUND',
      `No certificates (*.crt, *.pem) in ${path}`,
      'Generate them first: aza-pg ssl-certs <dir> (or bun scripts/tools/generate-ssl-certs.ts <dir>).',
    );
  }
  const caPath = join(dir, 'ca.crt');
  const caStat = st.isDirectory() ? statOrUndefined(caPath) : undefined;
  const leftovers = st.isDirectory()
    ? strayCertSets(dir)
        .filter((s) => s.state !== 'alive')
        .map(
          (s) =>
            `${join(dir, s.name)} is a certificate set left by an interrupted run (${s.maker}): the next ssl-certs run into ${dir} removes it, or: rm -rf ${join(dir, s.name)}`,
        )
    : [];
  return {
    path,
    certificates,
    keys,
    ...(caStat?.isFile() ? { ca: readFact(caPath, caStat) } : {}),
    ...(leftovers.length > 0 ? { leftovers } : {}),
  };
}

function parseCertificate(fact: FileFact): x509.X509Certificate {
  try {
    return new x509.X509Certificate(fact.text);
  } catch (e) {
    throw new AzaError(
      'INVALID_CERT',
      `${fact.path} is not a PEM certificate: ${(e as Error).message}`,
      `Inspect it with: openssl x509 -in ${fact.path} -text -noout`,
      { cause: e },
    );
  }
}

function subjectAltNames(cert: x509.X509Certificate): string[] {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  if (!san) return [];
  return san.names.items.map((n) => `${n.type === 'ip' ? 'IP' : n.type.toUpperCase()}:${n.value}`);
}

const RENEW_HINT =
  'Renew: move the old directory away (mv certs certs.old), generate new certificates (aza-pg ssl-certs certs 3650), then reload PostgreSQL (SELECT pg_reload_conf()).';

/** Judges the certificates in `facts` at `now`; no I/O. */
export async function evaluateCertificates(facts: CheckFacts, now: Date, warnDays: number): Promise<CheckResult> {
  const ca = facts.ca ? parseCertificate(facts.ca) : undefined;
  const reports: CertificateReport[] = [];
  for (const fact of facts.certificates) {
    const cert = parseCertificate(fact);
    const daysLeft = Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
    const warnings: string[] = [];
    const problems: Problem[] = [];

    if (cert.notAfter.getTime() <= now.getTime()) {
      problems.push({ code: 'CERT_EXPIRED', message: `${fact.name} expired on ${cert.notAfter.toISOString()}`, hint: RENEW_HINT });
    } else if (daysLeft < warnDays) {
      warnings.push(`${fact.name} expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${cert.notAfter.toISOString()})`);
    }
    if (cert.notBefore.getTime() > now.getTime()) {
      warnings.push(`${fact.name} is not valid before ${cert.notBefore.toISOString()}: check the clocks`);
    }

    const key = facts.keys[stem(fact.name)];
    if (key) {
      let matches: boolean;
      try {
        matches = keyMatchesCertificate(key.text, cert);
      } catch (e) {
        problems.push({
          code: 'KEY_UNREADABLE',
          message: `${key.name} is not a readable private key: ${(e as Error).message}`,
          hint: 'PostgreSQL needs an unencrypted PEM key; inspect it with: openssl pkey -in ' + key.path + ' -noout',
        });
        matches = true;
      }
      if (!matches) {
        problems.push({
          code: 'KEY_MISMATCH',
          message: `${key.name} does not belong to ${fact.name}: ${fact.name === 'server.crt' ? 'PostgreSQL will refuse this pair' : 'they cannot be used together'}`,
          hint: 'Put back the key this certificate was made for, or generate a new key and certificate together (aza-pg ssl-certs <dir>).',
        });
      }
      // PostgreSQL refuses a key readable by others: 0600 when the server owns it, 0640 at most when root does.
      const tooOpen = key.uid === 0 ? (key.mode & 0o037) !== 0 : (key.mode & 0o077) !== 0;
      if (tooOpen) warnings.push(`${key.name} has mode ${modeText(key.mode)}; PostgreSQL will not start with it: chmod 600 ${key.path}`);
    }

    if (ca && facts.ca && fact.path !== facts.ca.path) {
      const signed = cert.issuer === ca.subject && (await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }).catch(() => false));
      if (!signed) {
        problems.push({
          code: 'CHAIN_MISMATCH',
          message: `${fact.name} was not issued by ca.crt in the same directory: clients trusting ca.crt will reject it`,
          hint: 'Generate the set again together (mode ca), or put back the ca.crt that signed it.',
        });
      }
    }

    reports.push({
      file: fact.name,
      subject: cert.subject,
      issuer: cert.issuer === cert.subject ? `${cert.issuer} (self-signed)` : cert.issuer,
      names: subjectAltNames(cert),
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      daysLeft,
      fingerprint: sha256Fingerprint(cert.rawData),
      ...(key ? { keyFile: key.name } : {}),
      status: problems.length > 0 ? 'failed' : warnings.length > 0 ? 'warning' : 'ok',
      warnings,
      problems,
    });
  }
  const primary = reports.find((r) => r.file === 'server.crt') ?? reports[0]!;
  if (facts.leftovers?.length) {
    primary.warnings.push(...facts.leftovers);
    if (primary.status === 'ok') primary.status = 'warning';
  }
  const status: CertStatus = reports.some((r) => r.status === 'failed')
    ? 'failed'
    : reports.some((r) => r.status === 'warning')
      ? 'warning'
      : 'ok';
  return { kind: 'check', path: facts.path, warnDays, certificates: reports, primary, status };
}

/** What check will judge: the files read, at which moment, against which warning period. */
export interface CheckPlan {
  kind: 'check';
  path: string;
  warnDays: number;
  files: CheckFacts;
  now: Date;
}

export function planCheck(settings: CheckSettings, files: CheckFacts, now: Date): CheckPlan {
  return { kind: 'check', path: settings.path, warnDays: settings.warnDays, files, now };
}

/**
 * Judges and reports; throws the first failure after everything has been reported (the table
 * too: a failed check is the one whose details matter most).
 */
export async function runCheck(plan: CheckPlan, reporter: Reporter): Promise<CheckResult> {
  const result = await reporter.step(`Check certificates in ${plan.path}`, () => evaluateCertificates(plan.files, plan.now, plan.warnDays));
  for (const r of result.certificates) for (const w of r.warnings) reporter.warn(w);
  const [failure, ...others] = result.certificates.flatMap((r) => r.problems);
  if (failure) {
    await reporter.table(checkSummary(result));
    // The first problem fails the run; the others are said first so none goes unmentioned.
    for (const other of others) reporter.warn(other.message);
    throw new AzaError(
      failure.code,
      `${failure.message}${others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''}, listed above)` : ''}`,
      failure.hint,
    );
  }
  return result;
}

export function checkSummary(result: CheckResult): SummaryTable {
  const warnDays = result.warnDays;
  const p = result.primary;
  return {
    title: `TLS certificate check: ${result.status === 'ok' ? 'OK' : result.status === 'warning' ? 'warnings' : 'FAILED'}`,
    rows: [
      ['Checked', result.path],
      ['Certificate', p.file],
      ['Subject', p.subject],
      ['Names', p.names.join(', ') || '(none: clients match the CN)'],
      ['Issuer', p.issuer],
      ['Not after', p.notAfter.toISOString()],
      ['Days left', String(p.daysLeft)],
      ['SHA-256 fingerprint', p.fingerprint],
    ],
    sections: [
      {
        title: 'Certificates',
        header: ['File', 'Subject', 'Not after', 'Days left', 'Key', 'Status'],
        rows: result.certificates.map((r) => [
          r.file,
          r.subject,
          r.notAfter.toISOString().slice(0, 10),
          String(r.daysLeft),
          r.keyFile ? (r.problems.some((x) => x.code === 'KEY_MISMATCH') ? `${r.keyFile} (MISMATCH)` : `${r.keyFile} (matches)`) : '-',
          r.status === 'failed'
            ? `FAILED: ${r.problems.map((x) => x.message).join('; ')}`
            : r.status === 'warning'
              ? `warning: ${r.warnings.join('; ')}`
              : 'ok',
        ]),
      },
    ],
    notes: checkNotes(result, warnDays),
  };
}

function checkNotes(result: CheckResult, warnDays: number): string[] {
  if (result.status === 'ok') return [`Nothing expires within ${warnDays} days.`];
  const hints = result.certificates.flatMap((r) => r.problems.map((x) => x.hint));
  if (result.certificates.some((r) => r.daysLeft < warnDays)) hints.push(RENEW_HINT);
  return [...new Set(hints)];
}
