/** The verify operation (restore test): prove a backup restorable on a scratch server (see docs/verify.md). */
import { rmSync } from 'node:fs';
import type { Operation } from '../operation.js';
import { connectionSecrets } from '../pg.js';
import { keySecrets } from '../signing.js';
import { gatherVerifyFacts } from './facts.js';
import { describeVerify, planVerify, type VerifyFacts, type VerifyPlan } from './plan.js';
import { verifyDone, verifyFailed, verifyFailureOutputs, verifyOutputs, verifySummary, type VerifyResult } from './report.js';
import { runVerify } from './run.js';
import { VERIFY_OPTIONS, verifySettings, type VerifySettings } from './settings.js';

export const verify: Operation<VerifySettings, VerifyFacts, VerifyPlan, VerifyResult> = {
  name: 'verify',
  description:
    'Prove a backup restorable: read it in full, check it against its manifest, restore it into a throw-away PostgreSQL (or a scratch database that is always dropped), compare row counts, run smoke SQL and amcheck. A failed verify fails the step.',
  branding: { icon: 'check-circle', color: 'green' },
  options: VERIFY_OPTIONS,
  outputSpecs: [
    { name: 'passed', description: 'true when every check passed; false otherwise (the step fails too).' },
    { name: 'reason', description: 'Why the verification failed; empty when it passed.' },
    { name: 'tables', description: 'Tables restored.' },
    { name: 'rows', description: 'Rows restored (exact).' },
    { name: 'duration-seconds', description: 'Wall time of the whole verification.' },
    { name: 'restore-seconds', description: 'Time of the restore itself (load, ANALYZE, counts).' },
    { name: 'indexes-checked', description: 'btree indexes checked by amcheck.' },
    { name: 'smoke-passed', description: 'Smoke queries that passed.' },
  ],
  cli: {
    usage: 'aza-pg verify <backup> [options]',
    examples: [
      'aza-pg verify backup_production_2026_01_31_020000.sql.gz',
      'aza-pg verify "$(ls -t /backups/postgresql/*.sql.gz | head -1)" --smoke-sql "SELECT count(*) > 0 FROM critical_table" --amcheck',
      'PGHOST=staging.db aza-pg verify prod.dump --scratch connection',
    ],
    done: verifyDone,
  },
  settings: verifySettings,
  secrets: (s) => [...(s.connection ? connectionSecrets(s.connection) : []), ...keySecrets(s.verifyKeys ?? [])],
  gather: gatherVerifyFacts,
  plan: (settings, facts) => {
    try {
      return planVerify(settings, facts);
    } catch (e) {
      throw verifyFailed(
        { backup: facts.backup.path, checks: [], startedMs: facts.startedMs ?? performance.now(), inspection: facts.backup },
        e,
      );
    }
  },
  describe: describeVerify,
  run: runVerify,
  outputs: verifyOutputs,
  failureOutputs: verifyFailureOutputs,
  summary: verifySummary,
  release: (facts) => {
    facts.bucket?.close();
    if (facts.downloadDir) rmSync(facts.downloadDir, { recursive: true, force: true });
  },
};

export * from './settings.js';
export * from './plan.js';
export { findBackupIn } from './facts.js';
export { verifySummary, VerifyFailed, type VerifyResult } from './report.js';
