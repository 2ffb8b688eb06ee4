/**
 * TLS certificates (see docs/ssl-certs.md): generate a set (self-signed, or a CA with server and
 * client certificates), or check one. One operation with two kinds of plan; `--check` picks.
 */
import { AzaError } from '../errors.js';
import type { Description, Operation, OperationDeps } from '../operation.js';
import type { Reporter } from '../report.js';
import { planCheck, readCheckFacts, runCheck, type CheckFacts, type CheckPlan } from './check.js';
import { gatherCertFacts } from './facts.js';
import { describeCertPlan, overwriteConfirmation, planCerts, type CertFacts, type CertPlan } from './plan.js';
import { certsOutputs, certsSummary, type CertsResult } from './report.js';
import { runCerts } from './run.js';
import { CERT_OPTIONS, certSettings, type CertSettings } from './settings.js';

export type CertsFacts = { kind: 'generate'; destination: CertFacts } | { kind: 'check'; files: CheckFacts; now: Date };
export type CertsPlan = CertPlan | CheckPlan;

/** Reads only: what the destination holds, or the certificates to check. */
function gatherCerts(settings: CertSettings, deps: OperationDeps): Promise<CertsFacts> {
  const now = (deps.now ?? (() => new Date()))();
  return Promise.resolve(
    settings.action === 'check'
      ? { kind: 'check', files: readCheckFacts(settings.path), now }
      : { kind: 'generate', destination: gatherCertFacts(settings.dir, now) },
  );
}

function planSslCerts(settings: CertSettings, facts: CertsFacts): CertsPlan {
  if (settings.action === 'check' && facts.kind === 'check') return planCheck(settings, facts.files, facts.now);
  if (settings.action === 'generate' && facts.kind === 'generate') return planCerts(settings, facts.destination);
  throw new AzaError('INTERNAL', `ssl-certs: ${settings.action} settings with ${facts.kind} facts`);
}

function describeCerts(plan: CertsPlan): Description {
  if (plan.kind === 'check') return { lines: [`check: ${plan.path} (warn within ${plan.warnDays} days)`], dryRun: false };
  const confirmation = overwriteConfirmation(plan);
  return {
    lines: describeCertPlan(plan),
    dryRun: false,
    // The spec's warning before its prompt; said where no one can be asked too.
    ...(confirmation ? { warnings: [`Certificates already exist in ${plan.dir}`], confirmation } : {}),
  };
}

function runCertsPlan(plan: CertsPlan, _deps: OperationDeps, reporter: Reporter): Promise<CertsResult> {
  return plan.kind === 'check' ? runCheck(plan, reporter) : runCerts(plan, reporter);
}

export const sslCerts: Operation<CertSettings, CertsFacts, CertsPlan, CertsResult> = {
  name: 'ssl-certs',
  description:
    'TLS certificates for PostgreSQL: self-signed (the spec default) or a CA with server and client certificates for mutual TLS; or check existing ones for expiry and key match.',
  branding: { icon: 'lock', color: 'blue' },
  options: CERT_OPTIONS,
  outputSpecs: [
    { name: 'status', description: 'ok, or warning (check found a certificate expiring within warn-days).' },
    { name: 'dir', description: 'Directory the certificates were written to.' },
    { name: 'key-file', description: 'Path of server.key (mode 0600).' },
    { name: 'cert-file', description: 'Path of server.crt.' },
    { name: 'ca-file', description: 'Path of ca.crt (clients use it as sslrootcert; the server as ssl_ca_file in mode ca).' },
    { name: 'ca-key-file', description: 'mode ca: path of ca.key. Keep it out of artifacts and images.' },
    { name: 'client-files', description: 'mode ca: paths of the client certificates and keys, one per line.' },
    {
      name: 'fingerprint',
      description: 'SHA-256 fingerprint of the server certificate (or of the checked one), as openssl prints it.',
    },
    { name: 'not-after', description: 'Expiry of that certificate, ISO 8601 UTC.' },
    { name: 'days-left', description: 'Whole days until that expiry.' },
  ],
  cli: {
    usage: 'aza-pg ssl-certs <dir> [days] [options]   |   aza-pg ssl-certs --check <dir|file>',
    examples: [
      'aza-pg ssl-certs stacks/primary/certs                 # self-signed, 3650 days, CN=postgres.local',
      'POSTGRES_HOSTNAME=db.example.com aza-pg ssl-certs stacks/primary/certs 365',
      'aza-pg ssl-certs certs --mode ca --client-users app,backup --key-type ec',
      'aza-pg ssl-certs --check stacks/primary/certs --warn-days 60',
    ],
    done: (r) => (r.kind === 'generate' ? `✓ Certificates written to ${r.dir}` : undefined),
  },
  settings: certSettings,
  gather: gatherCerts,
  plan: planSslCerts,
  describe: describeCerts,
  run: runCertsPlan,
  outputs: certsOutputs,
  summary: certsSummary,
};

export * from './settings.js';
export * from './plan.js';
export { gatherCertFacts } from './facts.js';
export { runCerts, type CertResult, type IssuedSummary } from './run.js';
export {
  runCheck,
  planCheck,
  evaluateCertificates,
  readCheckFacts,
  type CheckResult,
  type CertificateReport,
  type CheckFacts,
} from './check.js';
export type { CertsResult } from './report.js';
