/** The judgement of what status reads from disk: certificate files and the backup directory. */
import type { CertificateReport } from '../certs/check.js';
import type { CompleteBackup } from '../backup-catalog.js';
import { formatBytes } from '../report.js';
import type { CertificateFacts, StatusFacts } from './facts.js';
import { formatAge, type BackupStatus, type CertificateStatus, type Finding, type StatusReport } from './model.js';
import type { StatusThresholds } from './settings.js';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function certificateStatuses(
  facts: CertificateFacts,
  minDays: number,
  node: string | undefined,
  findings: Finding[],
): CertificateStatus[] {
  if ('error' in facts) {
    findings.push({
      severity: 'critical',
      code: facts.code,
      check: 'certificate',
      ...(node ? { node } : {}),
      message: `Cannot check the certificate of ${facts.source}: ${facts.error}`,
    });
    return [{ source: facts.source, error: facts.error, ok: false }];
  }
  return facts.reports.map((r: CertificateReport) => {
    // A file given by path says its path; a directory's certificate its directory and name.
    const what = r.file === facts.source || facts.source.endsWith(`/${r.file}`) ? facts.source : `${facts.source} ${r.file}`;
    let ok = true;
    for (const p of r.problems) {
      ok = false;
      const message = p.message.startsWith(`${r.file} `) ? `${what}${p.message.slice(r.file.length)}` : `${what}: ${p.message}`;
      findings.push({ severity: 'critical', code: p.code, check: 'certificate', ...(node ? { node } : {}), message, hint: p.hint });
    }
    if (r.daysLeft >= 0 && r.daysLeft < minDays && !r.problems.some((p) => p.code === 'CERT_EXPIRED')) {
      ok = false;
      findings.push({
        severity: 'critical',
        code: 'CERT_EXPIRING',
        check: 'certificate',
        ...(node ? { node } : {}),
        message: `${what} expires in ${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'} (${r.notAfter.toISOString().slice(0, 10)}), under the ${minDays}-day threshold`,
        hint: 'Renew it: aza-pg ssl-certs <dir> writes a new set; reload PostgreSQL afterwards (SELECT pg_reload_conf()).',
      });
    }
    for (const w of r.warnings) findings.push({ severity: 'warning', check: 'certificate', ...(node ? { node } : {}), message: w });
    return {
      source: facts.source,
      file: r.file,
      subject: r.subject,
      notAfter: r.notAfter.toISOString(),
      daysLeft: r.daysLeft,
      ok,
    };
  });
}

export function judgeBackups(
  facts: NonNullable<StatusFacts['backups']>,
  now: Date,
  t: StatusThresholds,
  findings: Finding[],
): NonNullable<StatusReport['backups']> {
  if ('error' in facts) {
    findings.push({ severity: 'critical', code: facts.code, check: 'backup-dir', message: `Cannot check the backups: ${facts.error}` });
    return { dir: facts.dir, error: facts.error, databases: [], incomplete: [], leftovers: [] };
  }
  const c = facts.catalog;
  const byDb = new Map<string, CompleteBackup[]>();
  for (const b of c.complete) byDb.set(b.database, [...(byDb.get(b.database) ?? []), b]);
  const databases: BackupStatus[] = [];
  if (byDb.size === 0) {
    findings.push({
      severity: 'critical',
      code: 'BACKUP_MISSING',
      check: 'backup-missing',
      message: `No complete backup in ${c.dir}${c.incomplete.length ? ` (${c.incomplete.length} incomplete)` : ''}`,
      hint: 'Take one: aza-pg backup <database> --output-dir <dir>. Only a backup with its manifest counts.',
    });
  }
  for (const [database, list] of [...byDb.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const newest = list[list.length - 1]!;
    const previous = list.slice(-6, -1);
    const ageSeconds = Math.max(0, (now.getTime() - newest.startedAt.getTime()) / 1000);
    const previousMedianBytes = previous.length ? median(previous.map((b) => b.sizeBytes)) : undefined;
    databases.push({
      database,
      newest: { name: newest.name, path: newest.path, startedAt: newest.startedAt.toISOString(), sizeBytes: newest.sizeBytes, ageSeconds },
      ...(previousMedianBytes !== undefined ? { previousMedianBytes } : {}),
      previousCount: previous.length,
      completeCount: list.length,
    });
    if (ageSeconds > t.maxBackupAgeSeconds) {
      findings.push({
        severity: 'critical',
        code: 'BACKUP_STALE',
        check: 'backup-stale',
        message: `The newest complete backup of ${database} (${newest.name}) started ${formatAge(ageSeconds)} ago, over the ${formatAge(t.maxBackupAgeSeconds)} threshold`,
        hint: 'Check the scheduled backup job: its last runs failed or did not run. Incomplete backups, if any, are listed below.',
      });
    }
    if (previousMedianBytes !== undefined && newest.sizeBytes < previousMedianBytes * t.minBackupRatio) {
      findings.push({
        severity: 'critical',
        code: 'BACKUP_SHRUNK',
        check: 'backup-size',
        message: `The newest backup of ${database} (${newest.name}) is ${formatBytes(newest.sizeBytes)}, ${((100 * newest.sizeBytes) / previousMedianBytes).toFixed(0)}% of the ${formatBytes(previousMedianBytes)} the ${previous.length} before it had`,
        hint: 'A backup much smaller than its predecessors is the classic silent failure (a wrong database, missing grants, a truncated dump): restore it on a scratch server (aza-pg verify) before trusting it.',
      });
    }
  }
  for (const i of c.incomplete) {
    findings.push({ severity: 'warning', check: 'backup-incomplete', message: `Incomplete backup ${i.name}: ${i.detail}` });
  }
  for (const l of c.leftovers) {
    findings.push({
      severity: 'warning',
      check: 'backup-leftover',
      message: `${l.name} (${formatBytes(l.sizeBytes)}) is left over from a killed run that was writing ${l.forName}`,
      hint: l.path.startsWith('s3://')
        ? `Nothing writes it any more once no backup runs; abort it: aza-pg prune ${c.dir} --delete-incomplete --confirm (after incomplete-grace).`
        : `Nothing writes it any more once no backup runs; remove it: rm -r ${JSON.stringify(l.path)} (aza-pg prune removes such files too).`,
    });
  }
  return {
    dir: c.dir,
    databases,
    incomplete: c.incomplete.map(({ name, reason, detail, sizeBytes }) => ({ name, reason, detail, sizeBytes })),
    leftovers: c.leftovers.map(({ name, sizeBytes }) => ({ name, sizeBytes })),
  };
}
