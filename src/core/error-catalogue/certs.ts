/** Error codes: Certificates. One part of the catalogue that ../error-catalogue.ts merges. */
import type { ErrorEntry } from './entry.js';

export const CERTS_ERRORS = {
  // --- Certificates
  INVALID_DAYS: {
    area: 'certs',
    meaning: 'The certificate validity is not a positive whole number of days (spec: "Invalid days-valid value").',
    hint: 'Give a positive integer, e.g. aza-pg ssl-certs certs 3650 (not certs abc).',
  },
  INVALID_HOSTNAME: {
    area: 'certs',
    meaning: 'A host name for the certificate is not a valid DNS name, or is too long for the CN.',
    hint: 'Use a DNS name such as db.example.com (letters, digits, hyphens and dots; "*." allowed in front); put IP addresses in ip-addresses.',
  },
  INVALID_IP: {
    area: 'certs',
    meaning: 'An IP address for the certificate is not a valid IPv4 or IPv6 address.',
    hint: 'Use IPv4 (127.0.0.1) or IPv6 (::1) addresses, comma separated.',
  },
  INVALID_CLIENT_USER: {
    area: 'certs',
    meaning: 'A client certificate was asked for a name that cannot be a database role.',
    hint: 'Use a role name of letters, digits and . _ @ - (at most 63 characters, not starting with . or -).',
  },
  CERTS_EXIST: {
    area: 'certs',
    meaning: 'Certificates already exist in the directory and overwriting them was not confirmed.',
    hint: 'Move them away first (mv certs certs.old), or run in a terminal and answer y.',
  },
  CERT_NOT_FOUND: {
    area: 'certs',
    meaning: 'No certificate to check was found at the path given.',
    hint: 'Give the directory the certificates were written to or a certificate file such as server.crt; generate them first with aza-pg ssl-certs <dir>.',
  },
  INVALID_CERT: {
    area: 'certs',
    meaning: 'A file is not a PEM certificate.',
    hint: 'Inspect it with: openssl x509 -in server.crt -text -noout.',
  },
  CERT_EXPIRED: {
    area: 'certs',
    meaning: 'A certificate has expired; clients that verify it will refuse the server.',
    hint: 'Renew: back up the old certificates, generate new ones (aza-pg ssl-certs <dir>), and restart or reload PostgreSQL.',
  },
  KEY_UNREADABLE: {
    area: 'certs',
    meaning: 'A private key cannot be read (encrypted, damaged, or permissions).',
    hint: 'PostgreSQL needs an unencrypted PEM key readable by its owner only: chmod 600 server.key; inspect it with openssl pkey -in server.key -noout.',
  },
  KEY_MISMATCH: {
    area: 'certs',
    meaning: 'A private key does not belong to the certificate beside it; PostgreSQL refuses such a pair.',
    hint: 'Put back the key this certificate was made for, or generate a new key and certificate together (aza-pg ssl-certs <dir>).',
  },
  CHAIN_MISMATCH: {
    area: 'certs',
    meaning: 'A certificate was not issued by the ca.crt in the same directory; clients trusting that CA will reject it.',
    hint: 'Generate the set again together, or put back the ca.crt that signed it.',
  },
} as const satisfies Record<string, ErrorEntry>;
