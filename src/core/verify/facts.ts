/**
 * What a verify learns before it plans: the backup (downloaded first when it is an artifact, then
 * read in full and checked against its manifest), the server binaries for a scratch cluster, or
 * the server of a scratch connection. Any failure is the verify's failure, with its reason.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzaError, toAzaError } from '../errors.js';
import { needArtifacts, type OperationDeps } from '../operation.js';
import { describeConnection, probeServer, psqlClient, utf8Env } from '../pg.js';
import { isClientContainerPath } from '../client-container.js';
import { discoverTool } from '../pg-tools.js';
import type { Reporter } from '../report.js';
import { inspectBackup, inspectOptions } from '../restore/inspect.js';
import { inspectBucketBackup, openBucketBackup, type BucketSource } from '../restore/bucket-source.js';
import { scratchDatabaseName, type Check, type VerifyFacts } from './plan.js';
import { verifyFailed } from './report.js';
import type { VerifySettings } from './settings.js';

/** Where CREATE/DROP DATABASE of a scratch connection run from. */
export const SCRATCH_MAINTENANCE_DATABASE = 'postgres';

/** The backup inside a downloaded artifact: the data file a manifest describes, or the only entry. */
export function findBackupIn(dir: string): string {
  const entries = readdirSync(dir).filter((n) => !n.startsWith('.'));
  const manifests = entries.filter((n) => n.endsWith('.manifest.json'));
  const described = manifests.map((m) => m.slice(0, -'.manifest.json'.length)).filter((n) => entries.includes(n));
  if (described.length === 1) return join(dir, described[0]!);
  const data = entries.filter((n) => !n.endsWith('.manifest.json'));
  if (data.length === 1) return join(dir, data[0]!);
  throw new AzaError(
    'BACKUP_NOT_FOUND',
    data.length === 0 ? 'The artifact holds no backup file' : `The artifact holds several backups (${data.join(', ')}); verify takes one`,
    'Upload one backup (and its manifest) per artifact, as aza-pg/backup does with upload-artifact.',
  );
}

export async function gatherVerifyFacts(settings: VerifySettings, deps: OperationDeps, reporter: Reporter): Promise<VerifyFacts> {
  const startedMs = performance.now();
  const now = (deps.now ?? (() => new Date()))();
  const checks: Check[] = [];
  let backupPath = settings.backup ?? `artifact ${settings.artifact}`;
  let downloadDir: string | undefined;
  let bucket: BucketSource | undefined;
  try {
    if (settings.store && settings.backup) {
      bucket = await openBucketBackup(settings.backup, settings.store, reporter);
      backupPath = bucket.backup.url;
    }
    if (settings.artifact) {
      const artifacts = needArtifacts(
        deps,
        'Artifacts can only be downloaded inside a GitHub Actions job',
        'Download it yourself and pass the file path.',
      );
      downloadDir = mkdtempSync(join(tmpdir(), 'aza-pg-verify-'));
      const dir = await reporter.step(`Download artifact ${settings.artifact}`, () => artifacts.download(settings.artifact!, downloadDir!));
      backupPath = findBackupIn(dir);
      checks.push({ name: 'Artifact', ok: true, detail: `${settings.artifact} downloaded` });
    }
    const backup = await reporter.step(`Check the backup ${backupPath}`, () =>
      bucket
        ? inspectBucketBackup(bucket, inspectOptions(settings, deps.env))
        : inspectBackup(backupPath, inspectOptions(settings, deps.env)),
    );
    const tools = { ...(settings.pgBinDir ? { binDir: settings.pgBinDir } : {}), env: deps.env };
    // The scratch cluster runs on this machine: a client container's initdb cannot make it.
    const serverTools = settings.pgBinDir && isClientContainerPath(settings.pgBinDir) ? { env: deps.env } : tools;
    const installedMajors = settings.scratch === 'cluster' ? (await discoverTool('initdb', serverTools)).map((c) => c.major) : [];
    let scratchServer: VerifyFacts['scratchServer'];
    if (settings.scratch === 'connection') {
      const conn = { ...settings.connection!, database: SCRATCH_MAINTENANCE_DATABASE };
      const scratch = scratchDatabaseName(settings, now);
      scratchServer = await reporter.step(`Connect to ${describeConnection(conn)}`, async () => {
        const psql = (await discoverTool('psql', tools))[0]?.path ?? 'psql';
        const client = psqlClient(psql, conn, utf8Env(deps.env));
        try {
          const server = await probeServer(client);
          return { major: server.major, databases: (await client.query('SELECT datname FROM pg_database')).map((r) => r[0]!) };
        } catch (e) {
          // Say what was being done: the scratch database is the user's name, "postgres" only the door.
          const err = toAzaError(e);
          throw new AzaError(
            err.code,
            `Could not check the server for the scratch database "${scratch}" (connected through database "${SCRATCH_MAINTENANCE_DATABASE}" on ${conn.host}:${conn.port}): ${err.message}`,
            err.hint,
            { cause: err },
          );
        }
      });
    }
    return {
      now,
      backup,
      installedMajors,
      ...(scratchServer ? { scratchServer } : {}),
      ...(downloadDir ? { downloadDir } : {}),
      ...(bucket ? { bucket } : {}),
      startedMs,
    };
  } catch (e) {
    if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
    bucket?.close();
    throw verifyFailed({ backup: backupPath, checks, startedMs }, e);
  }
}
