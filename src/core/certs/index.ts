/** TLS certificates: settings, planning, generation and checks (see docs/ssl-certs.md). */
export * from './settings.js';
export * from './plan.js';
export { gatherCertFacts } from './facts.js';
export { runCerts, type CertDeps, type CertResult, type IssuedSummary } from './run.js';
export { runCheck, evaluateCertificates, readCheckFacts, type CheckResult, type CertificateReport, type CheckFacts } from './check.js';
