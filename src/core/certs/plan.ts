/**
 * Planning: which certificates to make, with which names, subjects and validity, into which
 * files with which modes, and whether the destination allows it. Pure: the file system is
 * described by `CertFacts`, gathered beforehand (facts.ts), so every decision is unit-tested
 * without touching a disk, and nothing is written unless the whole plan is sound.
 */
import { join } from 'node:path';
import { AzaError } from '../errors.js';
import type { Confirmation } from '../operation.js';
import { describeKey, type CertMode, type GenerateSettings, type KeySpec } from './settings.js';

export type CertRole = 'ca' | 'server' | 'client';

/** The spec's subject, CN=<hostname>/O=PostgreSQL/C=US, kept in that order. */
export interface DistinguishedName {
  CN: string;
  O: string;
  C: string;
}

export interface PlannedCertificate {
  /** 'ca', 'server' or 'client:<user>'. */
  id: string;
  role: CertRole;
  subject: DistinguishedName;
  /** 'self' for a self-signed certificate, else the id of the signer. */
  issuer: 'self' | 'ca';
  /** Server certificates only: subjectAltName entries. */
  dnsNames: string[];
  ipAddresses: string[];
  keyFile: string;
  certFile: string;
  /** Further file names holding the same certificate (the spec's ca.crt copy of server.crt). */
  certCopies: string[];
}

export type FileContent = { kind: 'key' | 'cert'; of: string };

export interface PlannedFile {
  name: string;
  path: string;
  /** 0600 for private keys (from creation), 0644 for certificates. */
  mode: number;
  content: FileContent;
}

export interface CertPlan {
  kind: 'generate';
  dir: string;
  mode: CertMode;
  key: KeySpec;
  days: number;
  notBefore: Date;
  notAfter: Date;
  certificates: PlannedCertificate[];
  /** In publication order: keys and the CA first, so a server never sees a certificate whose key is not there yet. */
  files: PlannedFile[];
  /** The directory does not exist yet and will be created (with its missing parents). */
  createDir: boolean;
  /** Planned file names that already exist in the directory. */
  conflicts: string[];
  /** Files of an earlier set that this plan does not replace (ca.key, client-*.crt after a CA set): they will not match the new CA. */
  leftovers: string[];
  overwrite: boolean;
}

/** What the destination looks like, gathered by gatherCertFacts before planning. */
export interface CertFacts {
  now: Date;
  dir:
    | { kind: 'directory'; writable: boolean }
    | { kind: 'missing'; nearestExisting: string; nearestIsDirectory: boolean; writable: boolean }
    | { kind: 'not-directory' };
  /** Entries of the directory by name: a regular file, or something else (a directory, a socket). */
  entries: Record<string, 'file' | 'other'>;
}

export const KEY_MODE = 0o600;
export const CERT_MODE = 0o644;
/** X.509's upper bound for a common name (ub-common-name). */
export const MAX_CN_LENGTH = 64;
/** Certificates start a little in the past so a client whose clock lags still accepts them. */
export const BACKDATE_MS = 5 * 60 * 1000;
export const ORGANIZATION = 'PostgreSQL';
export const COUNTRY = 'US';

export function subjectString(dn: DistinguishedName): string {
  return `CN=${dn.CN}, O=${dn.O}, C=${dn.C}`;
}

export function clientFileBase(user: string): string {
  return `client-${user}`;
}

/** Names this tool writes: anything else in the directory is none of its business. */
function isCertSetFile(name: string): boolean {
  return name === 'ca.key' || name === 'ca.crt' || name === 'server.key' || name === 'server.crt' || /^client-.+\.(crt|key)$/.test(name);
}

function caCommonName(hostname: string): string {
  const name = `${hostname} CA`;
  return name.length <= MAX_CN_LENGTH ? name : `${ORGANIZATION} CA`;
}

export function planCerts(settings: GenerateSettings, facts: CertFacts): CertPlan {
  const { dir } = settings;
  if (facts.dir.kind === 'not-directory') {
    throw new AzaError(
      'OUTPUT_NOT_DIRECTORY',
      `Certificate directory is a file, not a directory: ${dir}`,
      'Give a directory for server.key, server.crt and ca.crt (it is created when missing).',
    );
  }
  if (facts.dir.kind === 'missing' && !facts.dir.nearestIsDirectory) {
    throw new AzaError(
      'OUTPUT_NOT_DIRECTORY',
      `Cannot create ${dir}: ${facts.dir.nearestExisting} is a file, not a directory`,
      'Choose a directory path whose parents are directories.',
    );
  }
  if (!facts.dir.writable) {
    const where = facts.dir.kind === 'missing' ? facts.dir.nearestExisting : dir;
    throw new AzaError(
      'OUTPUT_DIR_NOT_WRITABLE',
      `Certificate directory not writable: ${where}`,
      `Nothing was written. Check permissions and mounts (ls -ld ${where}; a read-only mount cannot take certificates), or choose another directory.`,
    );
  }
  if (settings.hostname.length > MAX_CN_LENGTH) {
    throw new AzaError(
      'INVALID_HOSTNAME',
      `Host name "${settings.hostname}" is longer than ${MAX_CN_LENGTH} characters, the limit for a certificate's CN`,
      'Use a shorter host name for POSTGRES_HOSTNAME (input hostname) and list the long one in hostnames.',
    );
  }

  const server = (issuer: 'self' | 'ca', certCopies: string[]): PlannedCertificate => ({
    id: 'server',
    role: 'server',
    subject: { CN: settings.hostname, O: ORGANIZATION, C: COUNTRY },
    issuer,
    dnsNames: settings.dnsNames,
    ipAddresses: settings.ipAddresses,
    keyFile: 'server.key',
    certFile: 'server.crt',
    certCopies,
  });

  const certificates: PlannedCertificate[] =
    settings.mode === 'self-signed'
      ? [server('self', ['ca.crt'])]
      : [
          {
            id: 'ca',
            role: 'ca',
            subject: { CN: caCommonName(settings.hostname), O: ORGANIZATION, C: COUNTRY },
            issuer: 'self',
            dnsNames: [],
            ipAddresses: [],
            keyFile: 'ca.key',
            certFile: 'ca.crt',
            certCopies: [],
          },
          server('ca', []),
          ...settings.clientUsers.map((user): PlannedCertificate => ({
            id: `client:${user}`,
            role: 'client',
            // PostgreSQL's cert authentication compares the CN with the database user name.
            subject: { CN: user, O: ORGANIZATION, C: COUNTRY },
            issuer: 'ca',
            dnsNames: [],
            ipAddresses: [],
            keyFile: `${clientFileBase(user)}.key`,
            certFile: `${clientFileBase(user)}.crt`,
            certCopies: [],
          })),
        ];

  const files: PlannedFile[] = certificates.flatMap((c) => [
    { name: c.keyFile, path: join(dir, c.keyFile), mode: KEY_MODE, content: { kind: 'key' as const, of: c.id } },
    { name: c.certFile, path: join(dir, c.certFile), mode: CERT_MODE, content: { kind: 'cert' as const, of: c.id } },
    ...c.certCopies.map((name) => ({ name, path: join(dir, name), mode: CERT_MODE, content: { kind: 'cert' as const, of: c.id } })),
  ]);

  const blocked = files.filter((f) => facts.entries[f.name] === 'other').map((f) => f.name);
  if (blocked.length > 0) {
    throw new AzaError(
      'OUTPUT_EXISTS',
      `Cannot write ${blocked.join(', ')} in ${dir}: ${blocked.length === 1 ? 'it exists and is' : 'they exist and are'} not a regular file`,
      'Move the directory (or other entry) of that name away first.',
    );
  }

  const notBefore = new Date(facts.now.getTime() - BACKDATE_MS);
  const notAfter = new Date(facts.now.getTime() + settings.days * 86_400_000);
  return {
    kind: 'generate',
    dir,
    mode: settings.mode,
    key: settings.key,
    days: settings.days,
    notBefore,
    notAfter,
    certificates,
    files,
    createDir: facts.dir.kind === 'missing',
    conflicts: files.filter((f) => facts.entries[f.name] === 'file').map((f) => f.name),
    leftovers: Object.keys(facts.entries)
      .filter((name) => facts.entries[name] === 'file' && isCertSetFile(name) && !files.some((f) => f.name === name))
      .sort(),
    overwrite: settings.overwrite,
  };
}

/** 0o600 -> "600", as ls and chmod write it. */
export function modeText(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}

/** The plan as lines a person can check, before being asked to replace what is there. */
export function describeCertPlan(plan: CertPlan): string[] {
  return [
    `certificates: ${plan.mode}, ${describeKey(plan.key)}, ${plan.days} days (until ${plan.notAfter.toISOString()})`,
    `directory:    ${plan.dir}${plan.createDir ? ' (created)' : ''}`,
    `files:        ${plan.files.map((f) => `${f.name} (${modeText(f.mode)})`).join(', ')}`,
  ];
}

/**
 * Existing certificates are replaced only when the user said so: input overwrite, or y at the
 * spec's prompt. The prompt's default (Enter) keeps them.
 */
export function overwriteConfirmation(plan: CertPlan): Confirmation | undefined {
  if (plan.conflicts.length === 0 || plan.overwrite) return undefined;
  const dir = plan.dir;
  return {
    warnings: [],
    question: 'Overwrite existing certificates? (y/N) ',
    accept: (answer) => /^y(es)?$/i.test(answer.trim()),
    unanswered: new AzaError(
      'CERTS_EXIST',
      `Certificates already exist in ${dir} and there is no terminal to confirm overwriting them; nothing was written`,
      `Move them away first (mv ${dir} ${dir}.old), or run in a terminal and answer y.`,
    ),
    cannotAsk: new AzaError(
      'CERTS_EXIST',
      `Certificates already exist in ${dir} (${plan.conflicts.join(', ')}); nothing was written`,
      `Move them away first (mv ${dir} ${dir}.old, as for a renewal), answer y at the prompt in a terminal, or set overwrite: true in the action.`,
    ),
    declined: new AzaError('ABORTED', `Aborted: the certificates in ${dir} were left as they were`),
  };
}
