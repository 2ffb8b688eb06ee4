/**
 * Keys and certificates made in-process with @peculiar/x509 over Node's WebCrypto, so no
 * openssl binary is needed where this runs. Extensions follow what TLS peers check:
 * subjectAltName for host name verification (libpq's verify-full), key usage and extended key
 * usage for `openssl verify -purpose`, basic constraints so the CA is a CA and leaves are not.
 */
// @peculiar/x509 v2 reads decorator metadata: reflect-metadata must load before it.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, createPrivateKey, createPublicKey, randomBytes, webcrypto } from 'node:crypto';

// WebCrypto's types come from Node's typings here (the project compiles without the DOM library).
type CryptoKey = webcrypto.CryptoKey;
import type { DistinguishedName, PlannedCertificate } from './plan.js';
import type { KeySpec } from './settings.js';

const subtle = webcrypto.subtle;
x509.cryptoProvider.set(webcrypto);

export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

function algorithm(spec: KeySpec): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  return spec.kind === 'rsa'
    ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: spec.curve };
}

function signingAlgorithm(spec: KeySpec): webcrypto.Algorithm | webcrypto.EcdsaParams {
  return spec.kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' };
}

export async function generateKeyPair(spec: KeySpec): Promise<KeyPair> {
  return (await subtle.generateKey(algorithm(spec), true, ['sign', 'verify'])) as KeyPair;
}

/** PKCS#8 PEM ("BEGIN PRIVATE KEY"), unencrypted: PostgreSQL cannot prompt for a passphrase. */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  return x509.PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

function nameOf(dn: DistinguishedName): x509.JsonName {
  return [{ CN: [dn.CN] }, { O: [dn.O] }, { C: [dn.C] }];
}

/** 16 random bytes with the top bit clear: a positive serial, unique without bookkeeping (RFC 5280 allows 20). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

export interface Issued {
  certificate: x509.X509Certificate;
  pem: string;
}

/**
 * Issues `planned` for `keys`; `signer` is the CA's key and certificate, absent for a
 * self-signed certificate. The spec's self-signed server certificate is also its own CA
 * (ca.crt is a copy), so it carries both the CA and the server extensions.
 */
export async function issueCertificate(
  planned: PlannedCertificate,
  keys: KeyPair,
  keySpec: KeySpec,
  validity: { notBefore: Date; notAfter: Date },
  signer?: { keys: KeyPair; certificate: x509.X509Certificate; keySpec: KeySpec },
): Promise<Issued> {
  const selfSigned = !signer;
  const isCa = planned.role === 'ca' || (planned.role === 'server' && selfSigned);
  // RSA keys may encipher a pre-master secret (TLS 1.2 RSA key exchange); EC keys only sign.
  const leafUsage = x509.KeyUsageFlags.digitalSignature | (keySpec.kind === 'rsa' ? x509.KeyUsageFlags.keyEncipherment : 0);
  let usage = planned.role === 'ca' ? 0 : leafUsage;
  if (isCa) usage |= x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(isCa, planned.role === 'ca' ? 0 : undefined, true),
    new x509.KeyUsagesExtension(usage, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (planned.role === 'server') extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]));
  if (planned.role === 'client') extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]));
  if (planned.dnsNames.length + planned.ipAddresses.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension([
        ...planned.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...planned.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ]),
    );
  }
  if (signer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(signer.keys.publicKey));

  const issuerKeySpec = signer?.keySpec ?? keySpec;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: nameOf(planned.subject),
    issuer: signer ? signer.certificate.subjectName : nameOf(planned.subject),
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    publicKey: keys.publicKey,
    signingKey: signer ? signer.keys.privateKey : keys.privateKey,
    signingAlgorithm: signingAlgorithm(issuerKeySpec),
    extensions,
  });
  return { certificate, pem: certificate.toString('pem') + '\n' };
}

/** "AB:CD:…", as `openssl x509 -fingerprint -sha256` prints it. */
export function sha256Fingerprint(der: ArrayBuffer | Uint8Array): string {
  const hex = createHash('sha256')
    .update(Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)))
    .digest('hex')
    .toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** True when the private key in `keyPem` belongs to `certificate` (same public key). */
export function keyMatchesCertificate(keyPem: string, certificate: x509.X509Certificate): boolean {
  const publicDer = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
  return Buffer.compare(publicDer, Buffer.from(certificate.publicKey.rawData)) === 0;
}

export { x509 };
