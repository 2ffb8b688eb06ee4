/**
 * What the user asked for, validated once for both faces: the option table (action inputs and
 * CLI flags share names) and the function that turns inputs, positionals and the environment
 * into typed settings. Nothing here touches the file system.
 */
import { isIP } from 'node:net';
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';

export const CERT_MODES = ['self-signed', 'ca'] as const;
export type CertMode = (typeof CERT_MODES)[number];

export const KEY_TYPES = ['rsa', 'ec'] as const;
export type KeyTypeName = (typeof KEY_TYPES)[number];

export const RSA_SIZES = ['2048', '3072', '4096'] as const;

export type KeySpec = { kind: 'rsa'; bits: 2048 | 3072 | 4096 } | { kind: 'ec'; curve: 'P-256' };

/** The spec's defaults. */
export const DEFAULT_HOSTNAME = 'postgres.local';
export const DEFAULT_DAYS = 3650;
export const DEFAULT_WARN_DAYS = 30;
/** A hundred years: anything longer is a typo, and X.509 dates stop at 9999 anyway. */
export const MAX_DAYS = 36500;
export const DEFAULT_EXTRA_HOSTNAMES = ['localhost'];
export const DEFAULT_IP_ADDRESSES = ['127.0.0.1', '::1'];

export const CERT_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'dir',
    description: 'Directory for the certificates (created when missing). With check, a directory of certificates or one certificate file',
    required: true,
    positional: 0,
  },
  { name: 'days', description: `Validity in days, from 1 to ${MAX_DAYS}`, default: DEFAULT_DAYS, positional: 1 },
  {
    name: 'hostname',
    description: "Server host name: the certificate's CN (CN=<hostname>, O=PostgreSQL, C=US) and first DNS name",
    defaultText: `$POSTGRES_HOSTNAME, else ${DEFAULT_HOSTNAME}`,
  },
  {
    name: 'hostnames',
    description: 'More DNS names for subjectAltName, comma or newline separated',
    default: DEFAULT_EXTRA_HOSTNAMES.join(','),
  },
  {
    name: 'ip-addresses',
    description: 'IP addresses for subjectAltName, comma or newline separated',
    default: DEFAULT_IP_ADDRESSES.join(','),
  },
  {
    name: 'mode',
    description:
      'self-signed (server.crt is its own CA; ca.crt is a copy) or ca (ca.key + ca.crt signing server.crt and client certificates)',
    default: 'self-signed',
  },
  {
    name: 'client-users',
    description:
      'mode ca: database users to issue client certificates for (CN = user name), written as client-<user>.crt and client-<user>.key',
  },
  { name: 'key-type', description: 'rsa or ec (ECDSA P-256)', default: 'rsa' },
  { name: 'rsa-bits', description: 'RSA key size: 2048, 3072 or 4096', default: '2048' },
  {
    name: 'overwrite',
    description:
      'Replace certificates that already exist in dir. Without it, existing certificates fail the step and are left untouched (the command asks instead)',
    flag: true,
    default: false,
    only: 'action',
  },
  {
    name: 'check',
    description:
      'Inspect existing certificates instead of generating: subject, names, issuer, expiry, SHA-256 fingerprint, key match. Fails when expired or mismatched',
    flag: true,
    default: false,
  },
  { name: 'warn-days', description: 'check: warn when a certificate expires within this many days', default: DEFAULT_WARN_DAYS },
];

export interface GenerateSettings {
  action: 'generate';
  dir: string;
  days: number;
  hostname: string;
  dnsNames: string[];
  ipAddresses: string[];
  mode: CertMode;
  clientUsers: string[];
  key: KeySpec;
  overwrite: boolean;
}

export interface CheckSettings {
  action: 'check';
  /** A directory of certificates or one certificate file. */
  path: string;
  warnDays: number;
}

export type CertSettings = GenerateSettings | CheckSettings;

const DAYS_HINT = 'Provide a positive integer, e.g. 3650 for ten years: bun scripts/tools/generate-ssl-certs.ts certs 3650';

/** The spec's error for a bad validity ("Invalid days-valid value"), with its troubleshooting hint. */
export function parseDays(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_DAYS;
  const text = value.trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_DAYS) {
    const why = !/^-?\d+$/.test(text) ? 'not a whole number' : n < 1 ? 'must be at least 1' : `must be at most ${MAX_DAYS} (100 years)`;
    throw new AzaError('INVALID_DAYS', `Invalid days-valid value "${value}": ${why}`, DAYS_HINT);
  }
  return n;
}

/**
 * A DNS name as certificates carry it: letters, digits and hyphens in labels of at most 63
 * characters, at most 253 in all; a leading "*." wildcard is allowed. No trailing dot, no
 * underscores, no spaces: clients would never match them.
 */
export function isDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  // An all-digit last label is a mistyped IP address (256.1.1.1), never a real top-level domain.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return false;
  return labels.every((label, i) => (i === 0 && label === '*' && labels.length > 2) || /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/.test(label));
}

export function checkDnsName(name: string, what: string): string {
  if (!isDnsName(name) || isIP(name) !== 0) {
    throw new AzaError(
      'INVALID_HOSTNAME',
      `Invalid host name "${name}" in ${what}`,
      'Use a DNS name such as db.example.com (letters, digits, hyphens and dots; "*." allowed in front). Put IP addresses in ip-addresses.',
    );
  }
  return name.toLowerCase();
}

export function checkIpAddress(ip: string, what: string): string {
  if (isIP(ip) === 0) {
    throw new AzaError(
      'INVALID_IP',
      `Invalid IP address "${ip}" in ${what}`,
      'Use IPv4 (127.0.0.1) or IPv6 (::1) addresses, comma separated.',
    );
  }
  return ip;
}

/**
 * Role names become a certificate CN and part of a file name (client-<user>.crt), so they are
 * held to what is safe in both: letters, digits and . _ @ -, not starting with a dot or hyphen.
 */
export function checkClientUser(user: string): string {
  if (!/^[A-Za-z0-9_@][A-Za-z0-9_.@-]{0,62}$/.test(user)) {
    throw new AzaError(
      'INVALID_CLIENT_USER',
      `Invalid client user "${user}"`,
      'Client certificates are issued for database role names of letters, digits and . _ @ - (at most 63 characters, not starting with . or -).',
    );
  }
  return user;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Both faces call this; the command line's `<dir> [days]` arrive as the dir and days inputs. */
export function certSettings(inputs: Inputs, env: NodeJS.ProcessEnv): CertSettings {
  const dir = inputs.string('dir');
  const daysInput = inputs.string('days');

  if (inputs.boolean('check')) {
    if (dir === undefined) {
      throw new AzaError(
        'USAGE',
        'Missing the directory or certificate file to check',
        'Usage: aza-pg ssl-certs --check <dir|file> (action: check: true with dir).',
      );
    }
    if (daysInput !== undefined)
      throw new AzaError('USAGE', `Unexpected validity "${daysInput}" with --check`, 'Usage: aza-pg ssl-certs --check <dir|file>');
    return { action: 'check', path: dir, warnDays: inputs.integer('warn-days', { min: 0, max: MAX_DAYS })! };
  }

  if (dir === undefined) {
    throw new AzaError(
      'USAGE',
      'Missing the certificate directory',
      'Usage: aza-pg ssl-certs <dir> [days], e.g. aza-pg ssl-certs stacks/primary/certs 3650 (action: input dir).',
    );
  }
  const days = parseDays(daysInput);

  const hostnameRaw = inputs.string('hostname') ?? (env.POSTGRES_HOSTNAME?.trim() || DEFAULT_HOSTNAME);
  const hostnameIsIp = isIP(hostnameRaw) !== 0;
  const hostname = hostnameIsIp
    ? hostnameRaw
    : checkDnsName(hostnameRaw, inputs.has('hostname') ? inputs.label('hostname') : 'POSTGRES_HOSTNAME');

  const extraNames = inputs.has('hostnames') ? inputs.list('hostnames') : DEFAULT_EXTRA_HOSTNAMES;
  const dnsNames = unique([...(hostnameIsIp ? [] : [hostname]), ...extraNames.map((n) => checkDnsName(n, inputs.label('hostnames')))]);
  const ips = inputs.has('ip-addresses') ? inputs.list('ip-addresses') : DEFAULT_IP_ADDRESSES;
  const ipAddresses = unique([...(hostnameIsIp ? [hostname] : []), ...ips.map((ip) => checkIpAddress(ip, inputs.label('ip-addresses')))]);

  const mode = inputs.oneOf('mode', CERT_MODES)!;
  const clientUsers = unique(inputs.list('client-users').map(checkClientUser));
  if (clientUsers.length > 0 && mode !== 'ca') {
    throw new AzaError(
      'USAGE',
      `${inputs.label('client-users')} needs mode ca`,
      'Client certificates must be signed by a CA the server trusts: add mode: ca (--mode ca).',
    );
  }

  const keyType = inputs.oneOf('key-type', KEY_TYPES)!;
  const bits = Number(inputs.oneOf('rsa-bits', RSA_SIZES)!) as 2048 | 3072 | 4096;
  if (keyType === 'ec' && inputs.has('rsa-bits')) {
    throw new AzaError('USAGE', `${inputs.label('rsa-bits')} applies to RSA keys only`, 'Drop it, or use key-type rsa.');
  }
  const key: KeySpec = keyType === 'ec' ? { kind: 'ec', curve: 'P-256' } : { kind: 'rsa', bits };

  return {
    action: 'generate',
    dir,
    days,
    hostname,
    dnsNames,
    ipAddresses,
    mode,
    clientUsers,
    key,
    overwrite: inputs.boolean('overwrite'),
  };
}

export function describeKey(key: KeySpec): string {
  return key.kind === 'rsa' ? `RSA ${key.bits}` : `ECDSA ${key.curve}`;
}
