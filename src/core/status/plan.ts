/**
 * The judgement: facts against thresholds, pure. Every problem is a finding with a severity
 * (critical fails the step, warning is said), the node it is about, what is wrong and what to do.
 * The report is what outputs, the summary and the watch screen all show.
 */
import type { Description } from '../operation.js';
import type { StatusFacts } from './facts.js';
import { certificateStatuses, judgeBackups } from './files.js';
import type { CertificateStatus, Finding, Severity, StatusPlan, StatusReport, Verdict } from './model.js';
import { judgeNode } from './nodes.js';
import type { StatusSettings } from './settings.js';
import { judgeTopology, topologyDiagram } from './topology.js';

// The status-plan unit test reads WAL positions the way the judgement does.
export { lsnBytes } from './model.js';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1 };
const CHECK_ORDER = [
  'split-brain',
  'node-down',
  'replica-disconnected',
  'replicas-missing',
  'replication-lag',
  'archiving-failing',
  'archiving-backlog',
  'slot',
  'certificate',
  'backup-dir',
  'backup-missing',
  'backup-stale',
  'backup-size',
];

export function planStatus(settings: StatusSettings, facts: StatusFacts): StatusPlan {
  const t = settings.thresholds;
  const findings: Finding[] = [];
  const up = facts.nodes.filter((n) => n.server && !n.down);
  const primaries = up.filter((n) => !n.server!.inRecovery);
  const nodes = facts.nodes.map((n) => judgeNode(n, primaries, t, findings));
  const splitBrain = judgeTopology(facts.nodes, up, primaries, t, findings);

  const certificates: CertificateStatus[] = [];
  for (const f of facts.certFiles) certificates.push(...certificateStatuses(f, t.certMinDays, undefined, findings));
  facts.nodes.forEach((n, i) => {
    if (n.tls) {
      const [first] = certificateStatuses(n.tls, t.certMinDays, n.spec.label, findings);
      if (first) {
        nodes[i]!.certificate = first;
        certificates.push(first);
      }
    } else if (n.tlsNotChecked && nodes[i]!.role !== 'down') nodes[i]!.certificateNotChecked = n.tlsNotChecked;
  });

  const backups = facts.backups ? judgeBackups(facts.backups, facts.now, t, findings) : undefined;

  const rank = (f: Finding) => SEVERITY_ORDER[f.severity] * 100 + (CHECK_ORDER.includes(f.check) ? CHECK_ORDER.indexOf(f.check) : 50);
  const sorted = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
  const verdict: Verdict = sorted.some((f) => f.severity === 'critical') ? 'failed' : sorted.length ? 'warning' : 'ok';
  const report: StatusReport = {
    checkedAt: facts.now.toISOString(),
    verdict,
    ...(primaries.length === 1 ? { primary: primaries[0]!.spec.label } : {}),
    ...(splitBrain ? { splitBrain } : {}),
    nodes,
    certificates,
    ...(backups ? { backups } : {}),
    thresholds: t,
    findings: sorted,
    diagram: '',
  };
  report.diagram = topologyDiagram(report);
  return { report };
}

/** Status has nothing to confirm and no dry run: it only reads. */
export function describeStatus(): Description {
  return { lines: [], dryRun: false };
}
