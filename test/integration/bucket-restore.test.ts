/**
 * Restore and verify from a bucket on a real S3-compatible server (versitygw on 127.0.0.1, see
 * test/harness/s3-server.ts) and a real throw-away PostgreSQL: backups made by the backup
 * operation, put into the bucket as backup-to-bucket lays them out (data object, then manifest
 * object), restored and verified straight from their s3:// URL in each format with the manifest
 * checked on the way back; an object altered after upload refused by both before the target is
 * touched; `latest` picks the newest complete backup and skips one without a manifest.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { backup as backupOperation } from '../../src/core/backup/index.js';
import { execute, settingsFrom } from '../../src/core/operation.js';
import { ObjectStore } from '../../src/core/object-store/index.js';
import { MemoryReporter } from '../../src/core/report.js';
import { verify } from '../../src/core/verify/index.js';
import type { VerifySettings } from '../../src/core/verify/settings.js';
import { putBackup, failureCode } from '../harness/bucket-helpers.js';
import { backup, createDb, databases, restore, tableChecksums } from '../harness/restore-helpers.js';
import { S3Server, s3Describe } from '../harness/s3-server.js';
import { NODE, NODE_CLI_ARGS } from '../harness/node-cli.js';
import { run } from '../../src/core/exec.js';
import { markerHost, ownerTag } from '../../src/core/owner.js';

const describeS3 = await s3Describe();
const BUCKET = 'aza-read';

describeS3('restore and verify from a bucket (versitygw)', () => {
  let cluster: Cluster;
  let server: S3Server;
  let store: ObjectStore;
  let dir: string;
  let source: Record<string, string>;
  const envBefore = { ...process.env };
  const touched = ['PGPASSWORD', 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

  beforeAll(async () => {
    [cluster, server] = await Promise.all([createCluster(), S3Server.start()]);
    process.env.PGPASSWORD = cluster.password;
    await server.createBucket(BUCKET);
    store = new ObjectStore(server.config(), BUCKET);
    // The operations read the store's settings from AWS_* as a user's shell would give them.
    Object.assign(process.env, server.env());
    dir = mkdtempSync(join(tmpdir(), 'aza-bucket-restore-'));
    await createDb(cluster, 'shop');
    await cluster.query(
      `CREATE TABLE items (id int PRIMARY KEY, name text);
       INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 2000) g;
       CREATE TABLE orders (id serial PRIMARY KEY, item int REFERENCES items, qty int);
       INSERT INTO orders (item, qty) SELECT 1 + g % 2000, g FROM generate_series(1, 5000) g;`,
      'shop',
    );
    source = await tableChecksums(cluster, 'shop');
  }, 180000);

  afterAll(async () => {
    for (const k of touched) {
      if (envBefore[k] === undefined) delete process.env[k];
      else process.env[k] = envBefore[k];
    }
    store?.close();
    await Promise.all([cluster?.destroy(), server?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const verifySettings = (url: string): VerifySettings => ({
    backup: url,
    store: server.config(),
    scratch: 'cluster',
    smokeSql: [],
    amcheck: false,
    requireManifest: false,
  });
  const copies = () => readdirSync(tmpdir()).filter((n) => n.startsWith('aza-pg-s3-'));

  test.each([
    ['plain', 'gzip', '.sql.gz'],
    ['plain', 'zstd', '.sql.zst'],
    ['custom', 'gzip', '.dump'],
  ] as const)(
    'format %s (%s): backup -> bucket -> verify -> restore, manifest checked',
    async (format, compression, ext) => {
      const name = `backup_shop_2026_01_0${ext.length}_120000${ext}`;
      const file = await backup(cluster, 'shop', dir, format, compression, name);
      const url = await putBackup(store, `rt/${format}-${compression}/`, file);
      // A copy left by a killed run (its owner is gone) is removed by the next archive download;
      // one whose owner still runs (this process) is not.
      const dead = join(tmpdir(), `aza-pg-s3-999999999-1-${markerHost()}-dead01`);
      const alive = join(tmpdir(), `aza-pg-s3-${ownerTag()}-alive1`);
      for (const d of [dead, alive]) mkdirSync(d, { recursive: true });
      const copiesBefore = copies().filter((n) => !n.endsWith('-dead01'));

      const v = await execute(verify, verifySettings(url), { env: process.env }, new MemoryReporter());
      expect(v.inspection!.origin?.url).toBe(url);
      expect(v.inspection!.manifest?.sha256).toBe(JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')).sha256);

      const target = `shop_${format}_${compression}`;
      const { result, reporter } = await restore(cluster, url, target, { store: server.config() });
      expect(result.inspection.origin?.url).toBe(url);
      expect(result.inspection.sha256).toBe(v.inspection!.manifest!.sha256);
      expect(result.compared).toBe(true);
      expect(result.differences).toEqual([]);
      expect(await tableChecksums(cluster, target)).toEqual(source);
      if (format === 'plain') {
        // Streamed: no local copy was made.
        expect(result.inspection.remote).toBeDefined();
        expect(result.inspection.origin?.copy).toBeUndefined();
      } else {
        // The archive's private copy is gone after the restore.
        expect(result.inspection.origin?.copy).toBeDefined();
        expect(existsSync(result.inspection.origin!.copy!)).toBe(false);
        expect(reporter.steps.map((st) => st.name).join('\n')).toContain('to a private copy');
      }
      expect(existsSync(dead)).toBe(format === 'plain');
      expect(existsSync(alive)).toBe(true);
      for (const d of [dead, alive]) rmSync(d, { recursive: true, force: true });
      expect(copies()).toEqual(copiesBefore.filter((n) => !n.endsWith('-alive1')));
    },
    180000,
  );

  test.each([
    ['plain', 'gzip'],
    ['custom', 'gzip'],
  ] as const)(
    'streamed into the bucket by backup (--s3-mode stream, %s %s) -> verify -> restore --jobs 2',
    async (format, compression) => {
      const settings = {
        ...settingsFrom(
          backupOperation,
          { database: 'shop', output: `s3://${BUCKET}/streamed/${format}/`, format, compression, 's3-mode': 'stream' },
          process.env,
          dir,
        ),
        connection: cluster.connection('shop'),
        pgBinDir: cluster.bin.binDir,
      };
      const b = await execute(backupOperation, settings, { env: process.env }, new MemoryReporter());
      const url = b.bucket!.objectUrl;
      expect(url).toMatch(new RegExp(`^s3://${BUCKET}/streamed/${format}/backup_shop_\\d{4}_\\d\\d_\\d\\d_\\d{6}\\.(sql\\.gz|dump)$`));
      const v = await execute(
        verify,
        verifySettings(`s3://${BUCKET}/streamed/${format}/latest`),
        { env: process.env },
        new MemoryReporter(),
      );
      expect(v.inspection!.origin!.url).toBe(url);
      expect(v.inspection!.sha256).toBe(b.manifest.sha256);
      const { result } = await restore(cluster, url, `shop_streamed_${format}`, { store: server.config(), jobs: 2 });
      expect(result.inspection.sha256).toBe(b.manifest.sha256);
      expect(await tableChecksums(cluster, `shop_streamed_${format}`)).toEqual(source);
    },
    180000,
  );

  test('an object altered after upload is refused by restore and verify; the target is untouched', async () => {
    // A plain gzip backup with its manifest, whose data object is then replaced by another dump.
    const goodName = 'backup_shop_2026_02_01_120000.sql.gz';
    const good = await backup(cluster, 'shop', dir, 'plain', 'gzip', goodName);
    const url = await putBackup(store, 'altered/', good);
    await cluster.query("INSERT INTO items VALUES (99999, 'intruder')", 'shop');
    const other = await backup(cluster, 'shop', dir, 'plain', 'gzip', 'other.sql.gz');
    await cluster.query('DELETE FROM items WHERE id = 99999', 'shop');
    await store.putObject('altered/' + goodName, readFileSync(other), { overwrite: true });

    // A custom archive with one byte flipped in the middle: same size, another sha256.
    const customName = 'backup_shop_2026_02_01_130000.dump';
    const custom = await backup(cluster, 'shop', dir, 'custom', 'gzip', customName);
    const customUrl = await putBackup(store, 'altered/', custom);
    const bytes = readFileSync(custom);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(join(dir, 'flipped.dump'), bytes);
    await store.putObject('altered/' + customName, bytes, { overwrite: true });

    await restore(cluster, good, 'shop_target');
    const before = await tableChecksums(cluster, 'shop_target');
    const dbsBefore = await databases(cluster);
    const copiesBefore = copies();
    for (const u of [url, customUrl]) {
      for (const mode of ['atomic', 'replace'] as const) {
        const err = await failureCode(restore(cluster, u, 'shop_target', { store: server.config(), mode }));
        expect(err.code).toBe('MANIFEST_MISMATCH');
        expect(err.message).toContain(u);
        expect(err.message).toMatch(/sha256|size/);
      }
      const verr = await failureCode(execute(verify, verifySettings(u), { env: process.env }, new MemoryReporter()));
      expect(verr.code).toBe('VERIFY_FAILED');
      expect(verr.message).toContain(`Backup ${u} failed verification: The backup ${u} does not match its manifest`);
    }
    expect(await tableChecksums(cluster, 'shop_target')).toEqual(before);
    expect(await databases(cluster)).toEqual(dbsBefore);
    expect(copies()).toEqual(copiesBefore);
  }, 240000);

  test('latest: the newest complete backup under the prefix; one without a manifest is skipped', async () => {
    const older = await backup(cluster, 'shop', dir, 'plain', 'gzip', 'backup_shop_2026_03_01_000000.sql.gz');
    await putBackup(store, 'pick/', older);
    await cluster.query("INSERT INTO items VALUES (50000, 'newer')", 'shop');
    const newer = await backup(cluster, 'shop', dir, 'plain', 'gzip', 'backup_shop_2026_03_02_000000.sql.gz');
    const newerUrl = await putBackup(store, 'pick/', newer);
    await cluster.query("INSERT INTO items VALUES (50001, 'newest, never completed')", 'shop');
    const incomplete = await backup(cluster, 'shop', dir, 'plain', 'gzip', 'backup_shop_2026_03_03_000000.sql.gz');
    await putBackup(store, 'pick/', incomplete, { manifest: false });
    const expected = await tableChecksums(cluster, 'shop');
    await cluster.query('DELETE FROM items WHERE id >= 50000', 'shop');

    const { result, reporter } = await restore(cluster, `s3://${BUCKET}/pick/latest`, 'shop_latest', { store: server.config() });
    expect(result.inspection.origin?.url).toBe(newerUrl);
    expect(reporter.lines.join('\n')).toContain(`the newest complete backup is ${newerUrl}`);
    const got = await tableChecksums(cluster, 'shop_latest');
    expect(got['public.items']).not.toBe(expected['public.items']);
    expect(got['public.items']).toMatch(/^2001:/);

    const v = await execute(verify, verifySettings(`s3://${BUCKET}/pick/latest`), { env: process.env }, new MemoryReporter());
    expect(v.inspection!.origin?.url).toBe(newerUrl);

    // Named directly, the one without a manifest is refused before anything is read from it.
    const missing = await failureCode(
      restore(cluster, `s3://${BUCKET}/pick/backup_shop_2026_03_03_000000.sql.gz`, 'shop_never', { store: server.config() }),
    );
    expect(missing.code).toBe('MANIFEST_MISSING');
    expect((await failureCode(restore(cluster, `s3://${BUCKET}/pick/nothing.sql.gz`, 'shop_never', { store: server.config() }))).code).toBe(
      'BACKUP_NOT_FOUND',
    );
    expect((await failureCode(restore(cluster, `s3://${BUCKET}/empty/latest`, 'shop_never', { store: server.config() }))).code).toBe(
      'BACKUP_NOT_FOUND',
    );
    expect((await failureCode(restore(cluster, `s3://${BUCKET}/pick/`, 'shop_never', { store: server.config() }))).code).toBe(
      'INVALID_INPUT',
    );
    expect(await databases(cluster)).not.toContain('shop_never');

    // The command line, the store from the AWS_* variables: dry run, restore, verify; no secret printed.
    const env = {
      PATH: `${cluster.bin.binDir}:${process.env.PATH}`,
      PGHOST: cluster.host,
      PGPORT: String(cluster.port),
      PGUSER: cluster.superuser,
      PGPASSWORD: cluster.password,
      ...server.env(),
    };
    const cli = (...args: string[]) => run(NODE, [...NODE_CLI_ARGS, ...args], { env, cwd: dir, allowFailure: true, timeoutMs: 180000 });
    const latest = `s3://${BUCKET}/pick/latest`;
    const dry = await cli('restore', latest, 'shop_cli', '--create', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout + dry.stderr).toContain(
      `source:     ${newerUrl}, manifest object ${newerUrl}.manifest.json: streamed from the bucket`,
    );
    expect(await databases(cluster)).not.toContain('shop_cli');
    const restored = await cli('restore', latest, 'shop_cli', '--create', '--yes');
    expect(restored.stderr).not.toContain('Error');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`✓ Restored ${newerUrl} into "shop_cli"`);
    expect(await tableChecksums(cluster, 'shop_cli')).toEqual(got);
    const verified = await cli('verify', latest);
    expect(verified.code).toBe(0);
    for (const r of [dry, restored, verified]) expect(r.stdout + r.stderr).not.toContain(server.secretAccessKey);
  }, 300000);
});
