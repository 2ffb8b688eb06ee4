/**
 * A restore plan in words: the dry-run lines, and the spec's DESTRUCTIVE OPERATION warning with the
 * question a face asks before anything is touched.
 */
import { quoteIdent } from '../pg.js';
import { AzaError } from '../errors.js';
import type { Description } from '../operation.js';
import type { RestorePlan } from './plan.js';

/** The spec's DESTRUCTIVE OPERATION warning, said for this plan. */
export function confirmationLines(plan: RestorePlan, where: string): string[] {
  const lines = [`DESTRUCTIVE OPERATION: restore ${plan.backup.path} into database "${plan.database}" on ${where}`];
  if (!plan.targetExists) lines.push(`Database "${plan.database}" does not exist yet; it will be created.`);
  else if (plan.mode === 'atomic') {
    lines.push(
      `Restore overwrites "${plan.database}": the data is restored into a new database and swapped in only when everything succeeded.`,
    );
    lines.push(
      plan.keepPrevious
        ? `The current "${plan.database}" is kept as "${plan.previous}" (drop it when you are satisfied).`
        : `The current "${plan.database}" is DROPPED after the swap (keep-previous false).`,
    );
  } else if (plan.mode === 'replace') {
    lines.push(`Restore overwrites "${plan.database}": it is DROPPED and recreated first. A failure leaves it partly restored.`);
  } else {
    lines.push(
      `Restore writes into the existing "${plan.database}"${plan.loader.kind === 'pg_restore' ? ', dropping the objects the archive contains first (--clean --if-exists)' : ''}; one transaction, rolled back on any error.`,
    );
  }
  if (plan.needsExclusiveTarget && plan.terminateConnections) lines.push(`Other sessions on "${plan.database}" will be terminated.`);
  if (plan.backupBefore) lines.push(`A backup of "${plan.database}" is taken first: ${plan.backupBefore.path}`);
  else if (plan.targetExists)
    lines.push('No automatic backup is created before restore (pass --backup-before for one); this cannot be undone without a backup.');
  return lines;
}

/** The plan as lines a person can check (the --dry-run output). */
export function describePlan(plan: RestorePlan): string[] {
  const b = plan.backup;
  const loader = plan.loader;
  return [
    `backup:     ${b.path} (${b.format}${b.format === 'plain' ? `, ${b.compression}` : ''}, ${b.sizeBytes} bytes, sha256 ${b.sha256.slice(0, 16)}…${b.manifest ? ', manifest matched' : ', no manifest'})`,
    ...(b.origin
      ? [
          `source:     ${b.origin.url}, manifest object ${b.origin.manifestUrl}: ${b.origin.copy ? `downloaded to a private copy (pg_restore reads archives from a seekable file), checked against the manifest before use` : 'streamed from the bucket for every read, never copied to disk'}`,
        ]
      : []),
    `target:     ${plan.database}${plan.targetExists ? '' : ' (created)'}, mode ${plan.mode}`,
    ...(plan.staging ? [`staging:    ${plan.staging}`] : []),
    ...(plan.previous ? [`previous:   ${plan.previous}${plan.keepPrevious ? ' (kept)' : ' (dropped after the swap)'}`] : []),
    ...(plan.createRoles.length
      ? [`roles:      create ${plan.createRoles.map((r) => quoteIdent(r)).join(', ')} (NOLOGIN, no password)`]
      : []),
    ...(plan.createSql ? [`create:     ${plan.createSql}`] : []),
    ...plan.copySettingsSql.map((s) => `then:       ${s}`),
    `load:       ${loader.kind === 'psql' ? `${loader.decompress !== 'none' ? `${loader.igzip ? 'igzip' : loader.decompress} -d | ` : ''}${loader.guard ? `guard${loader.guard.restrict ? ' + \\restrict' : ''} | ` : ''}${loader.path} ${loader.args.join(' ')}${loader.copySessions > 1 ? `; COPY data in ${loader.copySessions} sessions of its own` : ''}` : `${loader.path} ${loader.args.join(' ')}`}`,
    `trust:      ${b.trust?.scan === 'lifted' ? 'trust-backup: not checked, loaded as it is' : 'every line checked: nothing pg_dump never writes'}${b.trust?.signature ? `; manifest signed by ${b.trust.signature.keyId}` : ''}`,
    ...(plan.deferred
      ? [
          'read:       the head checked; the rest read in full (sha256, manifest, "dump complete") while it loads, before the swap; a statement the head did not show stops the load: the file is read in full, checked against this plan and loaded again',
        ]
      : []),
    `after:      ANALYZE, row counts ${plan.rowCounts}${plan.compareRowCounts ? ', compared with the manifest' : ''}`,
    ...plan.finishSql.map((s) => `finally:    ${s}`),
    ...(plan.backupBefore ? [`first:      backup to ${plan.backupBefore.path}`] : []),
  ];
}

/** What a face shows and asks: the plan, its warnings, and the question while consent is missing. */
export function describeRestore(plan: RestorePlan): Description {
  const where = `${plan.connection.host}:${plan.connection.port}`;
  return {
    lines: describePlan(plan),
    warnings: plan.warnings,
    dryRun: plan.dryRun,
    ...(plan.confirmed || plan.dryRun
      ? {}
      : {
          confirmation: {
            warnings: confirmationLines(plan, where),
            question: 'Press Enter to continue or Ctrl+C to cancel... ',
            // Enter (or y/yes) goes on; anything else typed, or end of input, cancels.
            accept: (answer: string) => ['', 'y', 'yes'].includes(answer.trim().toLowerCase()),
            unanswered: new AzaError(
              'CONFIRMATION_REQUIRED',
              `Restore overwrites database "${plan.database}" and needs confirmation, but there is no terminal to ask; nothing was restored`,
              'Run it in a terminal and press Enter when asked, or pass --yes (-y) when you are sure.',
            ),
            declined: new AzaError('ABORTED', `Aborted: database "${plan.database}" was not touched`),
          },
        }),
  };
}
