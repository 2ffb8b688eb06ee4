/**
 * Retention and health of backups in a bucket, on a real S3-compatible server (versitygw on
 * 127.0.0.1): prune's policy over the manifest objects under a prefix (dry run lists, a real run
 * deletes the manifest and then the data object), incomplete uploads (a data object without its
 * manifest, a multipart upload left open by a killed streaming backup) listed, and removed on
 * request after the grace period; an object replaced since the scan is left alone; status reports
 * the newest complete backup's age and the incomplete ones. Restore and verify refuse wrong
 * credentials and a missing bucket with the store's error before anything is created.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { execute, settingsFrom } from '../../src/core/operation.js';
import { verify } from '../../src/core/verify/index.js';
import { restore } from '../harness/restore-helpers.js';
import { ObjectStore } from '../../src/core/object-store/index.js';
import { prune } from '../../src/core/prune/index.js';
import type { PruneResult } from '../../src/core/prune/run.js';
import { MemoryReporter } from '../../src/core/report.js';
import { status } from '../../src/core/status/index.js';
import { writeBackupFiles } from '../harness/backup-files.js';
import { failureCode, putBackup } from '../harness/bucket-helpers.js';
import { S3Server, s3Describe } from '../harness/s3-server.js';

const describeS3 = await s3Describe();
const BUCKET = 'aza-retention';
const DAY = 86400_000;

describeS3('prune and status on a bucket (versitygw)', () => {
  let server: S3Server;
  let store: ObjectStore;
  let dir: string;
  let cluster: Cluster;
  /** Two days ahead of the uploads: every object is older than a grace of a day. */
  const now = new Date(Date.now() + 2 * DAY);

  beforeAll(async () => {
    [server, cluster] = await Promise.all([S3Server.start(), createCluster()]);
    await server.createBucket(BUCKET);
    store = new ObjectStore(server.config(), BUCKET);
    dir = mkdtempSync(join(tmpdir(), 'aza-bucket-retention-'));
  }, 120000);

  afterAll(async () => {
    store?.close();
    await Promise.all([server?.close(), cluster?.destroy()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const keys = async (prefix: string) => (await store.list(prefix)).map((o) => o.key.slice(prefix.length)).sort();

  /** Ten daily backups of app, one data object without manifest, a foreign object, an open multipart upload. */
  async function layOut(prefix: string): Promise<{ daily: string[]; noManifest: string }> {
    const daily: string[] = [];
    for (let d = 1; d <= 10; d++) {
      const b = writeBackupFiles(mkdtempSync(join(dir, 'b-')), { database: 'app', startedAt: new Date(now.getTime() - d * DAY) });
      await putBackup(store, prefix, b.path);
      daily.push(b.manifest.file);
    }
    const killed = writeBackupFiles(mkdtempSync(join(dir, 'b-')), { database: 'app', startedAt: new Date(now.getTime() - 3600_000) });
    await putBackup(store, prefix, killed.path, { manifest: false });
    await store.putObject(`${prefix}notes.txt`, 'not a backup', { overwrite: true });
    // What a streaming backup killed mid-upload leaves: a multipart upload never completed nor aborted.
    await (
      await store.client()
    ).send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: `${prefix}backup_app_2026_05_05_050505.sql.gz` }));
    return { daily, noManifest: killed.manifest.file };
  }

  function pruneSettings(prefix: string, raw: Record<string, string>) {
    return settingsFrom(
      prune,
      { directory: `s3://${BUCKET}/${prefix}`, 'keep-daily': '3', 'keep-weekly': 'off', 'keep-monthly': 'off', ...raw },
      server.env(),
      dir,
    );
  }

  async function runPrune(prefix: string, raw: Record<string, string>) {
    const settings = pruneSettings(prefix, raw);
    const deps = { env: server.env(), now: () => now };
    const reporter = new MemoryReporter();
    const facts = await prune.gather(settings, deps, reporter);
    const plan = prune.plan(settings, facts);
    const lines = prune.describe(plan).lines;
    const result: PruneResult | undefined = plan.dryRun ? undefined : await prune.run(plan, deps, reporter);
    return { plan, lines, result, reporter };
  }

  test('dry run lists; a real run deletes by the policy, manifest first; incomplete uploads removed on request', async () => {
    const prefix = 'ret/';
    const { daily, noManifest } = await layOut(prefix);
    const before = await keys(prefix);
    expect(before).toHaveLength(10 * 2 + 2);
    expect(await store.listMultipartUploads(prefix)).toHaveLength(1);

    // Dry run (the command line's default): what would go, nothing gone.
    const dry = await runPrune(prefix, { 'delete-incomplete': 'true' });
    expect(dry.plan.dryRun).toBe(true);
    expect(dry.plan.keep.map((k) => k.backup.data.name)).toEqual(daily.slice(0, 3));
    expect(dry.plan.delete.map((b) => b.data.name).sort()).toEqual(daily.slice(3).sort());
    expect(dry.plan.incomplete.map((i) => [i.kind, i.action])).toEqual([
      ['no-manifest', 'delete'],
      ['open-upload', 'delete'],
    ]);
    expect(dry.plan.foreign.map((f) => f.name)).toEqual(['notes.txt']);
    const text = dry.lines.join('\n');
    expect(text).toContain(`directory:  s3://${BUCKET}/${prefix}`);
    expect(text).toContain(`would delete  ${daily[9]}`);
    expect(text).toContain('multipart upload');
    expect(await keys(prefix)).toEqual(before);
    expect(await store.listMultipartUploads(prefix)).toHaveLength(1);

    // Without delete-incomplete the incomplete ones are listed and left.
    const keepIncomplete = await runPrune(prefix, { confirm: 'true' });
    expect(keepIncomplete.plan.incomplete.map((i) => i.action)).toEqual(['keep', 'keep']);
    expect(keepIncomplete.result!.deleted.map((d) => d.name).sort()).toEqual(daily.slice(3).sort());
    expect(await keys(prefix)).toEqual([...daily.slice(0, 3).flatMap((n) => [n, `${n}.manifest.json`]), noManifest, 'notes.txt'].sort());
    expect(await store.listMultipartUploads(prefix)).toHaveLength(1);

    // With it, past the grace period: the data object without manifest and the open upload go.
    const real = await runPrune(prefix, { confirm: 'true', 'delete-incomplete': 'true' });
    expect(real.result!.deleted.map((d) => d.kind)).toEqual(['incomplete', 'incomplete']);
    expect(await keys(prefix)).toEqual([...daily.slice(0, 3).flatMap((n) => [n, `${n}.manifest.json`]), 'notes.txt'].sort());
    expect(await store.listMultipartUploads(prefix)).toEqual([]);
  }, 180000);

  test('within the grace period incomplete uploads stay; an object replaced since the scan is left alone', async () => {
    const prefix = 'grace/';
    const { daily } = await layOut(prefix);
    const settings = pruneSettings(prefix, { confirm: 'true', 'delete-incomplete': 'true', 'incomplete-grace': '72h' });
    const deps = { env: server.env(), now: () => now };
    const reporter = new MemoryReporter();
    const plan = prune.plan(settings, await prune.gather(settings, deps, reporter));
    expect(plan.incomplete.map((i) => i.action)).toEqual(['keep', 'keep']);
    // Another writer replaces the oldest backup's data object between the check and the deletion.
    await store.putObject(`${prefix}${daily[9]}`, 'another object', { overwrite: true });
    const result = await prune.run(plan, deps, reporter);
    expect(result.skipped).toEqual([{ name: daily[9], why: `${daily[9]} was replaced` }]);
    expect(result.deleted).toHaveLength(6);
    const left = await keys(prefix);
    expect(left).toContain(daily[9]);
    expect(left).toContain(`${daily[9]}.manifest.json`);
    expect(await store.listMultipartUploads(prefix)).toHaveLength(1);
  }, 180000);

  test('a bucket refuses --deep; a missing bucket is the store error', async () => {
    expect(() => pruneSettings('x/', { deep: 'true' })).toThrow(/not offered for a bucket/);
    const settings = settingsFrom(prune, { directory: 's3://no-such-bucket/x/', 'keep-daily': '3' }, server.env(), dir);
    const err = await failureCode(prune.gather(settings, { env: server.env() }, new MemoryReporter()));
    expect(err.code).toBe('S3_BUCKET_MISSING');
  });

  test('restore and verify from a bucket with wrong credentials or a missing bucket: the store error, nothing created, no secret in the text', async () => {
    const prefix = 'creds/';
    await layOut(prefix);
    const wrong = { ...server.config(), credentials: { accessKeyId: server.accessKeyId, secretAccessKey: 'not-the-secret-0123456789' } };
    const url = `s3://${BUCKET}/${prefix}latest`;
    const denied = await failureCode(restore(cluster, url, 'never_created', { store: wrong }));
    expect(denied.code).toBe('S3_CREDENTIALS_REJECTED');
    expect(`${denied.message} ${denied.hint ?? ''}`).not.toContain('not-the-secret');
    const missing = await failureCode(restore(cluster, 's3://no-such-bucket/x/latest', 'never_created', { store: server.config() }));
    expect(missing.code).toBe('S3_BUCKET_MISSING');
    const v = await failureCode(
      execute(
        verify,
        { backup: url, store: wrong, scratch: 'cluster', smokeSql: [], amcheck: false, requireManifest: false },
        { env: {} },
        new MemoryReporter(),
      ),
    );
    expect(v.code).toBe('VERIFY_FAILED');
    expect(v.message).toContain('refused the credentials');
    expect((await cluster.query("SELECT count(*) FROM pg_database WHERE datname = 'never_created'"))[0]![0]).toBe('0');
  }, 120000);

  test('status: the newest complete backup in a bucket, its age, and the incomplete ones', async () => {
    const prefix = 'status/';
    const { daily } = await layOut(prefix);
    const env = { ...server.env(), PGUSER: cluster.superuser, PGPASSWORD: cluster.password };
    const settings = settingsFrom(
      status,
      { nodes: `primary=127.0.0.1:${cluster.port}`, 'backup-dir': `s3://${BUCKET}/${prefix}` },
      env,
      dir,
    );
    expect(status.secrets!(settings)).toContain(server.secretAccessKey);
    const deps = { env, now: () => now };
    const facts = await status.gather(settings, deps, new MemoryReporter());
    const report = status.plan(settings, facts).report;
    const b = report.backups!;
    expect(b.dir).toBe(`s3://${BUCKET}/${prefix}`);
    expect(b.databases).toHaveLength(1);
    expect(b.databases[0]!.newest.name).toBe(daily[0]);
    expect(b.databases[0]!.newest.path).toBe(`s3://${BUCKET}/${prefix}${daily[0]}`);
    expect(b.databases[0]!.newest.ageSeconds).toBe(86400);
    expect(b.databases[0]!.completeCount).toBe(10);
    expect(b.incomplete.map((i) => i.reason)).toEqual(['no-manifest']);
    expect(b.leftovers).toHaveLength(1);
    const messages = report.findings.map((f) => f.message).join('\n');
    expect(messages).toContain('open multipart upload');
    expect(report.findings.some((f) => f.code === 'BACKUP_STALE')).toBe(false);

    // Past max-backup-age: stale.
    const later = { env, now: () => new Date(now.getTime() + DAY) };
    const stale = status.plan(settings, await status.gather(settings, later, new MemoryReporter())).report;
    expect(stale.findings.find((f) => f.code === 'BACKUP_STALE')?.message).toContain(`${daily[0]}) started 2.0 days ago`);
  }, 120000);
});
