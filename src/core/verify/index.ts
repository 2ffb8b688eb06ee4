/** Verify (restore test): settings, pure plan and the run (see docs/verify.md). */
export * from './settings.js';
export * from './plan.js';
export { runVerify, verifySummary, findBackupIn, type VerifyDeps, type VerifyResult, type Check } from './run.js';
