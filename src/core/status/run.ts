/**
 * Status only reads (in gather) and judges (in plan); running it says the findings and hands the
 * report on, as a FailedWithResult when the verdict is failed (the faces still report it).
 */
import { FailedWithResult } from '../operation.js';
import type { Reporter } from '../report.js';
import type { StatusPlan, StatusReport } from './model.js';
import { statusFailure } from './report.js';

export async function runStatus(plan: StatusPlan, _deps: unknown, reporter: Reporter): Promise<StatusReport> {
  const r = plan.report;
  // The first critical finding becomes the failure message; every other one is said here.
  const firstCritical = r.findings.find((f) => f.severity === 'critical');
  for (const f of r.findings) if (f !== firstCritical) reporter.warn(f.message);
  const failure = statusFailure(r);
  if (failure) throw new FailedWithResult(r, failure);
  return r;
}
