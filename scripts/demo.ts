// `npm run demo`: the suite's routine on a throw-away primary and streaming replica, no setup by
// hand and no Docker. Both servers are local clusters from the installed PostgreSQL binaries
// (src/core/cluster.ts); the sample data is the Northwind fixture and a pgbench database. Every
// step runs the operations themselves, with the settings the command line would give them:
// backup -> verify (restore test) -> atomic restore after an accident -> ssl-certs, TLS on, a
// backup over sslmode=verify-full -> failover drill (promote, pg_rewind rejoin) -> prune --dry-run
// -> status, then a report of the figures. Everything is removed at the end, on failure, and on Ctrl-C.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliReporter } from '../src/cli/runner.js';
import { backup } from '../src/core/backup/index.js';
import type { BackupResult } from '../src/core/backup/run.js';
import { sslCerts } from '../src/core/certs/index.js';
import { createCluster } from '../src/core/cluster.js';
import { toAzaError } from '../src/core/errors.js';
import { run } from '../src/core/exec.js';
import { execute, perform, settingsFrom } from '../src/core/operation.js';
import { libpqEnv } from '../src/core/pg.js';
import { prune } from '../src/core/prune/index.js';
import { formatBytes, formatSeconds } from '../src/core/report.js';
import { restore } from '../src/core/restore/index.js';
import { status } from '../src/core/status/index.js';
import { verify } from '../src/core/verify/index.js';
import { DemoCleanup } from './demo/cleanup.js';
import { failover } from './demo/failover.js';
import { enableTls, tlsSession } from './demo/tls.js';

const NORTHWIND = join(import.meta.dirname, '..', 'test', 'fixtures', 'northwind', 'northwind.sql');

const reporter = new CliReporter();
const started = performance.now();
const work = mkdtempSync(join(tmpdir(), 'aza-pg-demo-'));
const cleanup = new DemoCleanup(work);
const backupDir = join(work, 'backups');
const certDir = join(work, 'certs');
mkdirSync(backupDir, { mode: 0o700 });

/** One line of the closing report per stage: how long it took and what it showed. */
const figures: Array<[string, string, string]> = [];
async function stage<T>(title: string, fn: () => Promise<T>, detail: (v: T) => string): Promise<T> {
  reporter.info(`\n— ${title} —`);
  const start = performance.now();
  const value = await fn();
  figures.push([title, formatSeconds((performance.now() - start) / 1000), detail(value)]);
  return value;
}

let exitCode = 0;
try {
  // 1. The servers and their data.
  const { primary, replica } = await stage(
    'Primary + streaming replica with sample data',
    async () => {
      // wal_log_hints: what pg_rewind needs to rejoin an old primary after a failover.
      // wal_keep_size: the rewound old primary streams from where the timelines forked.
      const primary = cleanup.track(await createCluster({ settings: { wal_log_hints: 'on', wal_keep_size: '128MB' } }));
      reporter.info(`PostgreSQL ${primary.bin.version}: primary on 127.0.0.1:${primary.port} (data in ${primary.dataDir})`);
      const env = (db: string) => ({ ...libpqEnv(primary.connection(), process.env, db), PGCLIENTENCODING: 'UTF8' });
      await primary.query('CREATE DATABASE northwind');
      await run(primary.tool('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', NORTHWIND], {
        env: env('northwind'),
        secrets: [primary.password],
      });
      await primary.query('CREATE DATABASE pgbench');
      await run(primary.tool('pgbench'), ['-i', '-s', '1', '-q'], { env: env('pgbench'), secrets: [primary.password] });
      const replica = cleanup.track(await primary.createReplica());
      reporter.info(`Replica on 127.0.0.1:${replica.port}, streaming from the primary (pg_basebackup -R)`);
      const sizes = await primary.query(
        "SELECT datname, pg_database_size(datname)::text FROM pg_database WHERE datname IN ('northwind', 'pgbench') ORDER BY 1",
      );
      return { primary, replica, sizes: sizes.map(([db, size]) => `${db} ${formatBytes(Number(size))}`).join(', ') };
    },
    (v) => v.sizes,
  );

  // The command line's settings path: `aza-pg backup <db> --output-dir <dir> --host … --port … --user …`.
  const server = { host: primary.host, port: String(primary.port), user: primary.superuser };
  const withPassword = { ...process.env, PGPASSWORD: primary.password };
  const takeBackup = (database: string, extra: Record<string, string> = {}): Promise<BackupResult> =>
    execute(
      backup,
      settingsFrom(backup, { database, 'output-dir': backupDir, ...server, ...extra }, withPassword, process.cwd()),
      { env: withPassword },
      reporter,
    );

  // 2. Backups, checked by a standard tool besides our own read-back.
  const backups = await stage(
    'Backup (aza-pg backup)',
    async () => {
      const done = [await takeBackup('northwind'), await takeBackup('pgbench')];
      for (const b of done) {
        const gunzip = spawnSync('gunzip', ['-t', b.path]);
        if (gunzip.status !== 0) throw new Error(`gunzip -t ${b.path} failed: ${gunzip.stderr}`);
      }
      reporter.info('✓ gunzip -t passes on both files; each has a manifest with its sha256 and row counts');
      return done;
    },
    (v) => v.map((b) => `${b.manifest.database} ${formatBytes(b.sizeBytes)} (${b.manifest.tables.length} tables)`).join(', '),
  );

  // 3. The monthly restore test: a throw-away cluster of its own, row counts against the manifest.
  await stage(
    'Restore test (aza-pg verify)',
    async () => {
      const verified = await execute(
        verify,
        settingsFrom(verify, { backup: backups[1]!.path }, process.env, process.cwd()),
        { env: process.env },
        reporter,
      );
      reporter.table(verify.summary(verified)!);
      return verified;
    },
    (v) => `${v.tables} tables, ${v.rows} rows match the manifest`,
  );

  // 4. An accident, then the atomic restore: loaded beside the damaged database, then swapped.
  await stage(
    'Accident and atomic restore (aza-pg restore)',
    async () => {
      await primary.query('DELETE FROM order_details; DELETE FROM orders', 'northwind');
      const raw = { backup: backups[0]!.path, database: 'northwind', yes: 'true', 'keep-previous': 'false', ...server };
      const restored = await execute(restore, settingsFrom(restore, raw, withPassword, process.cwd()), { env: withPassword }, reporter);
      const [[orders]] = (await primary.query('SELECT count(*)::text FROM orders', 'northwind')) as [[string]];
      if (orders === '0') throw new Error('the restore left no orders');
      reporter.info(`✓ orders back to ${orders}`);
      return restored;
    },
    (v) => `${v.rows} rows back in "${v.database}"`,
  );

  // 5. Certificates: a CA and a server certificate for 127.0.0.1, TLS on both servers, and a backup
  //    that only connects when the server proves its identity (sslmode=verify-full).
  await stage(
    'Certificates and TLS (aza-pg ssl-certs, sslmode=verify-full)',
    async () => {
      const certs = await execute(
        sslCerts,
        settingsFrom(sslCerts, { dir: certDir, days: '365', mode: 'ca', hostname: 'localhost' }, process.env, process.cwd()),
        { env: process.env },
        reporter,
      );
      for (const c of [primary, replica]) await enableTls(c, certDir);
      const session = await tlsSession(primary, join(certDir, 'ca.crt'));
      reporter.info(`✓ verify-full session: ${session.version} ${session.cipher}`);
      const overTls = await takeBackup('northwind', { sslmode: 'verify-full', sslrootcert: join(certDir, 'ca.crt') });
      reporter.info(`✓ backup over verify-full TLS: ${overTls.path}`);
      return { certs, session };
    },
    (v) => `CA + server certificate, ${v.certs.kind === 'generate' ? `${v.certs.daysLeft} days` : ''}; ${v.session.version}`,
  );

  // 6. The failover drill: canary, fence, promote, RTO and RPO, the old primary rewound into a replica.
  const fo = await stage(
    'Failover drill (aza-pg drill --target data-dir --rejoin)',
    () => failover(primary, replica, reporter),
    (v) => `RTO ${v.rtoSeconds.toFixed(2)} s, RPO ${v.rpoBytes} bytes / ${v.rpoRows} rows, old primary rejoined`,
  );
  reporter.info(
    `✓ the replica is the primary; the old primary streams from it: RTO ${fo.rtoSeconds.toFixed(2)} s, RPO ${fo.rpoBytes} bytes`,
  );

  // 7. Retention: what the default policy would keep and delete, deleting nothing.
  await stage(
    'Retention dry run (aza-pg prune)',
    async () => {
      const outcome = await perform(
        prune,
        settingsFrom(prune, { directory: backupDir }, process.env, process.cwd()),
        { env: process.env },
        reporter,
      );
      return outcome.plan;
    },
    (p) => `keep ${p.keep.length}, delete ${p.delete.length} (${formatBytes(p.bytesToFree)})`,
  );

  // 8. Health after the failover: roles and lag, the TLS certificate each presents, certificate files, backups.
  await stage(
    'Status (aza-pg status)',
    async () => {
      const raw = {
        nodes: `new-primary=data-dir:${replica.dataDir},old-primary=data-dir:${primary.dataDir}`,
        'backup-dir': backupDir,
        'cert-file': certDir,
        user: replica.superuser,
      };
      const result = await execute(status, settingsFrom(status, raw, process.env, process.cwd()), { env: process.env }, reporter);
      reporter.table(status.summary(result)!);
      return result;
    },
    (r) => `verdict ${r.verdict}, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`,
  );

  reporter.table({
    title: `Demo report (${formatSeconds((performance.now() - started) / 1000)} in all)`,
    rows: figures.map(([title, seconds, detail]) => [title, `${seconds}: ${detail}`]),
    notes: ['Everything the demo made is removed now: both servers, the backups and the certificates.'],
  });
} catch (e) {
  const err = toAzaError(e);
  reporter.warn(`Demo failed: ${err.message}${err.hint ? `\n${err.hint}` : ''}`);
  exitCode = 1;
} finally {
  await cleanup.now();
}
process.exit(exitCode);
