/**
 * What status reports: nodes, certificates, backups and the findings about them, and the small
 * measures (WAL positions, ages) the judgement and the report share.
 */
import type { IncompleteBackup, LeftoverFile } from '../backup-catalog.js';
import type { ErrorCode } from '../error-catalogue.js';
import type { ArchiverCounts, SlotRow, StagingRow, StandbyRow } from './facts.js';
import type { StatusThresholds } from './settings.js';

export type Severity = 'critical' | 'warning';
export type Verdict = 'ok' | 'warning' | 'failed';

interface FindingText {
  /** Stable name of the check (outputs and tests match on it). */
  check: string;
  node?: string;
  message: string;
  hint?: string;
}

/** A critical finding carries the error code the step fails with when it comes first. */
export type Finding = FindingText & ({ severity: 'critical'; code: ErrorCode } | { severity: 'warning'; code?: undefined });

export interface NodeStatus {
  label: string;
  where: string;
  role: 'primary' | 'replica' | 'down';
  error?: string;
  version?: string;
  systemIdentifier?: string;
  timeline?: number;
  currentLsn?: string;
  receiveLsn?: string;
  replayLsn?: string;
  /** Replica: WAL behind its primary (the given primary node's position, else what it received). */
  lagBytes?: number;
  lagSeconds?: number;
  replayPaused?: boolean;
  /** Replica: whether its WAL receiver streams, and the label of the given primary it follows. */
  streaming?: boolean;
  upstream?: string;
  standbys: StandbyRow[];
  slots: SlotRow[];
  archiving?: ArchiverCounts & {
    mode: string;
    command: string;
    failing: boolean;
    readyWal?: number;
    readyWalUnknown?: string;
  };
  staging: StagingRow[];
  certificate?: CertificateStatus;
  certificateNotChecked?: string;
}

export interface CertificateStatus {
  source: string;
  error?: string;
  file?: string;
  subject?: string;
  notAfter?: string;
  daysLeft?: number;
  ok: boolean;
}

export interface BackupStatus {
  database: string;
  newest: { name: string; path: string; startedAt: string; sizeBytes: number; ageSeconds: number };
  /** Median size of up to 5 complete backups before it; undefined for the first one. */
  previousMedianBytes?: number;
  previousCount: number;
  completeCount: number;
}

export interface StatusReport {
  checkedAt: string;
  verdict: Verdict;
  /** The single primary among the nodes, when there is exactly one. */
  primary?: string;
  splitBrain?: { primaries: string[]; newest: string };
  nodes: NodeStatus[];
  certificates: CertificateStatus[];
  backups?: {
    dir: string;
    error?: string;
    databases: BackupStatus[];
    incomplete: Array<Pick<IncompleteBackup, 'name' | 'reason' | 'detail' | 'sizeBytes'>>;
    leftovers: Array<Pick<LeftoverFile, 'name' | 'sizeBytes'>>;
  };
  thresholds: StatusThresholds;
  findings: Finding[];
  /** The topology as a Mermaid flowchart. */
  diagram: string;
}

export interface StatusPlan {
  report: StatusReport;
}

/** "16/B374D848" -> bytes since the start of WAL. */
export function lsnBytes(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

export function lsnDiff(a: string | undefined, b: string | undefined): number | undefined {
  if (!a || !b) return undefined;
  const d = lsnBytes(a) - lsnBytes(b);
  return Number(d < 0n ? 0n : d);
}

export function formatAge(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} days`;
}
