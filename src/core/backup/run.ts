/**
 * runBackup carries a backup plan out: dump -> temp file -> fsync -> read-back check -> publish ->
 * manifest last. Any failure or interrupt removes the temp output.
 */
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AzaError, toAzaError } from '../errors.js';
import { onInterrupt, run, runPipeline, type PipelineOptions, type Stage } from '../exec.js';
import { cleanLeftovers } from '../leftovers.js';
import { createPrivateFile, diskFullError, freeBytes, publish, removeQuietly } from '../fs.js';
import { writeFileAtomic } from '../file-set.js';
import { CountStream, MeasureStream, ParallelGzip } from '../compress.js';
import { igzipStage } from '../gzip-tool.js';
import { serializeManifest, type BackupManifest, type TableRowCount } from '../manifest.js';
import { needArtifacts, type OperationDeps } from '../operation.js';
import { connectionSecrets, libpqEnv, PsqlSession } from '../pg.js';
import { countBesideDumpSettings, countRows } from '../rowcounts.js';
import { referencedRoles } from '../roles.js';
import { formatBytes, type Reporter } from '../report.js';
import { signManifest } from '../signing.js';
import { AZA_PG_VERSION } from '../version.js';
import { acquireLock } from '../lock.js';
import type { BucketWriter } from './bucket.js';
import type { BackupPlan, Writer } from './plan.js';
import { followWritten, verifyWritten, type FollowedReadBack } from './readback.js';

type StreamCompressor = Extract<Writer, { kind: 'stream' }>['compressor'];

export interface BackupResult {
  plan: BackupPlan;
  path: string;
  manifestPath: string;
  sizeBytes: number;
  sha256: string;
  durationSeconds: number;
  /** Seconds from pg_dump's start until the file was written and fsynced (before read-back, counts and publication). */
  writeSeconds: number;
  manifest: BackupManifest;
  artifact?: { id: number; url?: string };
  /** The backup in object storage: its data object and manifest object. */
  bucket?: { objectUrl: string; manifestUrl: string };
}

/** A backup smaller than this is suspicious: an empty database, a wrong name or missing grants. */
export const SMALL_BACKUP_BYTES = 1024;

/**
 * Carries a backup plan out: dump -> temp file -> fsync -> read-back check -> publish -> manifest
 * last. Any failure or interrupt removes the temp output.
 */
export async function runBackup(plan: BackupPlan, deps: OperationDeps, reporter: Reporter): Promise<BackupResult> {
  const started = new Date((deps.now ?? (() => new Date()))().getTime());
  const t0 = performance.now();
  const conn = plan.connection;
  const server = plan.server;
  const psqlPath = plan.psqlPath;
  const secrets = connectionSecrets(conn);

  const streamed = plan.bucket?.mode === 'stream';
  // One backup per file at a time; then what killed backups left in the directory goes. (A
  // streamed backup has no file: the store's If-None-Match keeps two from writing one object.)
  const lock = streamed ? undefined : acquireLock(plan.finalPath, 'backup');
  if (!streamed) cleanLeftovers(plan.outputDir, reporter);
  // The S3 client is loaded only for a backup that goes to a bucket.
  const bucket = plan.bucket ? new (await import('./bucket.js')).BucketWriter(plan) : undefined;

  // 3. One snapshot for the dump and the row counts, in the session gather probed the server in
  // when it is still open (the run owns it from here).
  let session: PsqlSession | undefined = plan.held?.session;
  if (plan.held) plan.held.session = undefined;
  let snapshot: string | null = null;
  const removeTemp = onInterrupt(() => {
    session?.kill();
    removeQuietly(plan.tempPath);
  });
  try {
    if (plan.rowCounts !== 'none') {
      session ??= new PsqlSession(psqlPath, conn, deps.env, plan.database);
      await session.query(`BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; ${countBesideDumpSettings(server.versionNum)}`);
      try {
        snapshot = (await session.query('SELECT pg_export_snapshot()'))[0]?.[0] ?? null;
      } catch (e) {
        reporter.warn(
          `Could not export a snapshot (${toAzaError(e).message}); row counts are taken after the dump and may differ from it.`,
        );
        session.kill();
        session = new PsqlSession(psqlPath, conn, deps.env, plan.database);
      }
    }

    // Counted in the dump's snapshot while pg_dump runs: the server counts as the dump streams.
    const early = snapshot && session ? countRows((sql) => session!.query(sql), plan.rowCounts) : undefined;
    early?.catch(() => {}); // awaited with the read-back below; a failed dump reports first
    // The roles too, in the dump's snapshot where there is one (a role dropped meanwhile is still
    // named by the dump); without row counts, in the probe's session.
    const rolesSession = snapshot || plan.rowCounts === 'none' ? session : undefined;
    const rolesEarly = rolesSession ? referencedRoles((sql) => rolesSession.query(sql)) : undefined;
    rolesEarly?.catch(() => {});

    // 4. Dump into the temp file.
    const dumpArgs = snapshot ? [...plan.pgDumpArgs, `--snapshot=${snapshot}`] : plan.pgDumpArgs;
    const dumpStart = performance.now();
    const written = await reporter.step(`Dump ${plan.database} (${plan.format}, ${compressionLabel(plan)})`, () =>
      writeDump(plan, dumpArgs, libpqEnv(conn, deps.env, plan.database), secrets, reporter, bucket),
    );
    const writeSeconds = (performance.now() - dumpStart) / 1000;

    // 5. Prove the file readable while counting rows in the same snapshot.
    const [check, tables, roles] = await reporter.step('Verify the written backup and count rows', async () => {
      const rolesFrom = rolesEarly ? undefined : (session ?? new PsqlSession(psqlPath, conn, deps.env, plan.database));
      const [check, tables, roles] = await Promise.all([
        streamed
          ? bucket!.readBack(plan.integrity, deps.env)
          : written.readBack
            ? written.readBack.followed.finish(written.readBack.sizeBytes)
            : verifyWritten(plan, deps.env),
        early ?? (session ? countRows((sql) => session!.query(sql), plan.rowCounts) : Promise.resolve([] as TableRowCount[])),
        rolesEarly ??
          referencedRoles((sql) => rolesFrom!.query(sql)).finally(() => (rolesFrom === session ? undefined : rolesFrom!.close())),
      ]);
      if (written.sha256 && check.sha256 !== written.sha256) {
        throw new AzaError(
          'INTEGRITY_FAILED',
          `The backup read back differs from what was written (sha256 ${check.sha256} != ${written.sha256})`,
          'The disk or file system corrupted the data; check the storage (dmesg) and take the backup again.',
        );
      }
      return [check, tables, roles] as const;
    });
    if (plan.rowCounts !== 'none') await session?.query('COMMIT');
    await session?.close();
    session = undefined;

    if (check.sizeBytes < SMALL_BACKUP_BYTES || (plan.rowCounts !== 'none' && tables.length === 0)) {
      reporter.warn(
        `Backup size unexpectedly small (${formatBytes(check.sizeBytes)}, ${tables.length} tables). Possible causes: an empty database (check with psql -l), a wrong database name, or insufficient permissions (check the user's grants).`,
      );
    }

    // 6. Publish: data first, the manifest last as the completion marker.
    const finished = new Date(started.getTime() + (performance.now() - t0));
    const unsigned: BackupManifest = {
      manifestVersion: 1,
      tool: { name: 'aza-pg', version: AZA_PG_VERSION },
      file: basename(plan.finalPath),
      format: plan.format,
      compression: plan.compression,
      compressionLevel: plan.compressionLevel,
      sizeBytes: check.sizeBytes,
      sha256: check.sha256,
      ...(check.files ? { files: check.files } : {}),
      uncompressedBytes: written.uncompressedBytes ?? ('uncompressedBytes' in check ? check.uncompressedBytes : undefined) ?? null,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      database: plan.database,
      server: { version: server.version, versionNum: server.versionNum, systemIdentifier: server.systemIdentifier ?? null },
      pgDump: { version: written.pgDumpVersion },
      snapshot,
      rowCounts: plan.rowCounts,
      tables,
      roles,
      privileges: plan.privileges,
    };
    const manifest = plan.signingKey ? signManifest(unsigned, plan.signingKey) : unsigned;
    if (streamed) {
      await reporter.step(`Write the manifest object ${plan.manifestPath}`, () => bucket!.putManifest(serializeManifest(manifest)));
    } else {
      await reporter.step('Publish', async () => {
        if (plan.overwrite) await fsp.rm(plan.manifestPath, { force: true });
        await publish(plan.tempPath, plan.finalPath, plan.overwrite);
        writeFileAtomic(plan.manifestPath, serializeManifest(manifest));
      });
      removeTemp();
      if (bucket) await copyToBucket(plan, bucket, manifest, reporter, deps.env);
    }

    let artifact: BackupResult['artifact'];
    if (plan.upload) {
      const artifacts = needArtifacts(
        deps,
        'Artifact upload is only available in the GitHub action',
        'Use the aza-pg/backup action with upload-artifact: true.',
      );
      const files = plan.format === 'directory' ? [...(check.files ?? []).map((f) => join(plan.finalPath, f.path))] : [plan.finalPath];
      const uploaded = await reporter.step(`Upload artifact ${plan.upload.name}`, () =>
        artifacts.upload({
          name: plan.upload!.name,
          files: [...files, plan.manifestPath],
          rootDirectory: plan.outputDir,
          ...(plan.upload!.retentionDays ? { retentionDays: plan.upload!.retentionDays } : {}),
        }),
      );
      artifact = { id: uploaded.id, ...(uploaded.url ? { url: uploaded.url } : {}) };
    }

    const durationSeconds = (performance.now() - t0) / 1000;
    const result: BackupResult = {
      plan,
      path: plan.finalPath,
      manifestPath: plan.manifestPath,
      sizeBytes: check.sizeBytes,
      sha256: check.sha256,
      durationSeconds,
      writeSeconds,
      manifest,
      ...(artifact ? { artifact } : {}),
      ...(plan.bucket ? { bucket: { objectUrl: plan.bucket.objectUrl, manifestUrl: plan.bucket.manifestUrl } } : {}),
    };
    return result;
  } catch (e) {
    session?.kill();
    if (!streamed) removeQuietly(plan.tempPath);
    await bucket?.discard();
    throw e;
  } finally {
    removeTemp();
    bucket?.close();
    lock?.release();
  }
}

/** Upload mode: the published local file goes to the bucket, is read back and compared, then its manifest. */
async function copyToBucket(plan: BackupPlan, bucket: BucketWriter, manifest: BackupManifest, reporter: Reporter, env: NodeJS.ProcessEnv) {
  const b = plan.bucket!;
  try {
    await reporter.step(`Upload to ${b.objectUrl}`, () => bucket.uploadFile(plan.finalPath, manifest.sizeBytes, reporter));
    const back = await reporter.step(`Read back ${b.objectUrl}`, () => bucket.readBack(plan.integrity, env));
    if (back.sha256 !== manifest.sha256 || back.sizeBytes !== manifest.sizeBytes) {
      throw new AzaError(
        'INTEGRITY_FAILED',
        `The object read back from ${b.objectUrl} differs from the local backup (sha256 ${back.sha256}, ${back.sizeBytes} bytes; expected ${manifest.sha256}, ${manifest.sizeBytes} bytes)`,
        'The store or the network corrupted the data; the object was deleted. Check the store and take the backup again.',
      );
    }
    await reporter.step(`Write the manifest object ${b.manifestUrl}`, () => bucket.putManifest(serializeManifest(manifest)));
  } catch (e) {
    const err = toAzaError(e);
    throw new AzaError(
      err.code,
      `The local backup ${plan.finalPath} is complete, but its copy to ${b.objectUrl} failed: ${err.message}`,
      err.hint,
      { cause: e },
    );
  }
}

interface Written {
  sha256: string | undefined;
  /** The read-back that followed the file while it was written (plain formats to a local file). */
  readBack?: { followed: FollowedReadBack; sizeBytes: number };
  uncompressedBytes: number | null;
  pgDumpVersion: string;
}

async function writeDump(
  plan: BackupPlan,
  args: string[],
  env: NodeJS.ProcessEnv,
  secrets: string[],
  reporter: Reporter,
  bucket?: BucketWriter,
): Promise<Written> {
  const pgDumpVersion = plan.pgDumpVersion;
  if (plan.writer.kind === 'pg_dump-file') {
    // pg_dump writes archives itself (they need a seekable file); umask 077 makes them 0600 from creation.
    try {
      await run(plan.pgDumpPath, args, { env, umask: 0o077, secrets });
    } catch (e) {
      throw dumpError(e, plan);
    }
    return { sha256: undefined, uncompressedBytes: null, pgDumpVersion };
  }
  const c = plan.writer.compressor;
  const dump: Stage = { kind: 'process', cmd: plan.pgDumpPath, args, env, stdoutBuffer: PG_DUMP_STDOUT_BUFFER };
  const opts: PipelineOptions = {
    secrets,
    onStderr: (stage, text) => stage === 'pg_dump' && /warning/i.test(text) && reporter.warn(text.trim()),
  };
  if (plan.bucket?.mode !== 'stream') return writeThroughKernel(plan, [dump, ...kernelCompressor(c)], opts, reporter);
  // Into a bucket: through us, counted and hashed on the way to the multipart upload.
  const raw = new CountStream();
  const measured = new MeasureStream((n) => reporter.progress(n));
  const stages: Stage[] = [
    dump,
    { kind: 'transform', name: 'count', stream: raw },
    ...(c.kind === 'gzip'
      ? [{ kind: 'transform', name: 'gzip', stream: new ParallelGzip({ level: c.level }), freshBuffers: true } as const]
      : kernelCompressor(c)),
    { kind: 'transform', name: 'sha256', stream: measured },
  ];
  try {
    await bucket!.streamDump(stages, opts, reporter);
  } catch (e) {
    throw dumpError(e, plan);
  }
  return { sha256: measured.sha256(), uncompressedBytes: raw.bytes, pgDumpVersion };
}

/**
 * pg_dump's stdout buffer: by default its plain SQL leaves in 4 KiB writes (119k for a 465 MiB
 * dump), each one waking the compressor or the file's writer; 1 MiB writes cut the CPU of the
 * whole zstd backup by about a quarter on pgbench (A/B, same bytes written).
 */
const PG_DUMP_STDOUT_BUFFER = 1024 * 1024;

/** "gzip 1 (igzip)", "zstd 3", "uncompressed": how the dump step names its compression. */
function compressionLabel(plan: BackupPlan): string {
  if (plan.compressionLevel === null) return plan.compression === 'none' ? 'uncompressed' : plan.compression;
  const igzip = plan.writer.kind === 'stream' && plan.writer.compressor.kind === 'igzip';
  return `${plan.compression} ${plan.compressionLevel}${igzip ? ' (igzip)' : ''}`;
}

/** The compressor process after pg_dump (none when pg_dump's output is already what is kept). */
function kernelCompressor(c: StreamCompressor): Stage[] {
  // A local file's gzip is igzip's or pg_dump's own (see planBackup); our in-process gzip only feeds a bucket.
  if (c.kind === 'gzip') throw new AzaError('INTERNAL', 'An in-process gzip is planned only for a dump streamed into a bucket');
  if (c.kind === 'igzip') return [igzipStage(c.path, c.level)];
  return c.kind === 'zstd' ? [{ kind: 'process', cmd: 'zstd', args: ['-q', '-c', `-${c.level}`, '-T0', '--check'] }] : [];
}

/**
 * pg_dump [| zstd] into the temp file through kernel pipes: no byte passes through us. The
 * read-back follows the file as it grows, hashes it and decompresses it in full (zstd checks its
 * frame checksum).
 */
async function writeThroughKernel(plan: BackupPlan, stages: Stage[], opts: PipelineOptions, reporter: Reporter): Promise<Written> {
  const fh = await createPrivateFile(plan.tempPath);
  let sizeBytes: number;
  const progress = setInterval(
    () =>
      void fh.stat().then(
        (st) => reporter.progress(st.size),
        () => {},
      ),
    250,
  );
  const writing = runPipeline(stages, { fd: fh.fd }, opts);
  // Started after the writer's processes, so pg_dump does not wait for the read-back's.
  const followed = followWritten(plan, plan.tempPath);
  try {
    await writing;
    await fh.sync();
    sizeBytes = (await fh.stat()).size;
  } catch (e) {
    await followed.stop();
    throw dumpError(e, plan);
  } finally {
    clearInterval(progress);
    await fh.close().catch(() => {});
  }
  return { sha256: undefined, uncompressedBytes: null, pgDumpVersion: plan.pgDumpVersion, readBack: { followed, sizeBytes } };
}

function dumpError(e: unknown, plan: BackupPlan): AzaError {
  const code = (e as NodeJS.ErrnoException).code;
  const text = e instanceof Error ? e.message : String(e);
  if (code === 'ENOSPC' || code === 'EDQUOT' || /No space left on device/.test(text)) return diskFullError(plan.tempPath, e);
  const err = toAzaError(e);
  // igzip says only "Error encountered while writing": the file system's free space tells why.
  if (err.code === 'COMMAND_FAILED' && /^igzip/.test(err.message) && (freeBytes(dirname(plan.tempPath)) ?? Infinity) < 1024 * 1024)
    return diskFullError(plan.tempPath, e);
  if (err.code === 'COMMAND_FAILED' && /^pg_dump/.test(err.message)) {
    return new AzaError(
      'DUMP_FAILED',
      `Backup failed, no file was written: ${err.message}`,
      'Check the pg_dump error above; the partial output was removed.',
      { cause: e },
    );
  }
  return err;
}
