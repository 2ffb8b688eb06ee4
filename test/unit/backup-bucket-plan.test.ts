/** The pure part of backups to a bucket: settings from s3:// outputs, object names, pg_dump arguments, the plan's text. */
import { expect, test } from '@jest/globals';
import { describePlan, planBackup, type BackupFacts } from '../../src/core/backup/plan.js';
import { plannedBackupOutputs } from '../../src/core/backup/report.js';
import { BACKUP_OPTIONS, backupSettings } from '../../src/core/backup/settings.js';
import { ownedTag } from '../../src/core/fs.js';
import { Inputs, type RawInputs } from '../../src/core/inputs.js';
import { cliInputs } from '../harness/backup-helpers.js';

const NOW = new Date(Date.UTC(2024, 11, 31, 23, 59, 58));
const STAMP = '2024_12_31_235958';
const ENV = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9000', AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK' };

const facts = (): BackupFacts => ({
  now: NOW,
  server: { versionNum: 150018, major: 15, version: '15.18', inRecovery: false, databaseSizeBytes: 200 * 1024 ** 3 },
  pgDump: { path: '/usr/lib/postgresql/15/bin/pg_dump', version: '15.18', major: 15 },
  psqlPath: '/usr/bin/psql',
  freeBytes: 1,
  cores: 4,
  tempTag: ownedTag(),
});
const settings = (raw: RawInputs, output: string, env: NodeJS.ProcessEnv = ENV) =>
  backupSettings(cliInputs(raw, ['db', output]), env, '/work');
const plan = (raw: RawInputs, output: string) => planBackup(settings(raw, output), facts());

test('a prefix gets the auto name under it; upload mode keeps the local file in output-dir under the same name', () => {
  const p = plan({}, 's3://my-backups/pg/');
  expect(p.finalPath).toBe(`/work/backup_db_${STAMP}.sql.gz`);
  expect(p.bucket).toMatchObject({
    mode: 'upload',
    bucket: 'my-backups',
    key: `pg/backup_db_${STAMP}.sql.gz`,
    manifestKey: `pg/backup_db_${STAMP}.sql.gz.manifest.json`,
    objectUrl: `s3://my-backups/pg/backup_db_${STAMP}.sql.gz`,
    store: { endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } },
  });
  // A disk too small for the database is worth a warning when the backup lands on it first.
  expect(p.warnings.join('\n')).toMatch(/free in \/work/);
  expect(describePlan(p).join('\n')).toContain(`copied to s3://my-backups/pg/backup_db_${STAMP}.sql.gz after the local check`);
});

test('stream mode: the object is the output, no local file, no disk warning; a named object keeps its name', () => {
  const p = plan({ 's3-mode': 'stream', format: 'custom' }, 's3://my-backups/pg/nightly.dump');
  expect(p.finalPath).toBe('s3://my-backups/pg/nightly.dump');
  expect(p.manifestPath).toBe('s3://my-backups/pg/nightly.dump.manifest.json');
  expect(p.warnings).toEqual([]);
  // The archive comes on pg_dump's stdout, into our stream: no --file.
  expect(p.pgDumpArgs.some((a) => a.startsWith('--file'))).toBe(false);
  expect(p.writer).toEqual({ kind: 'stream', compressor: { kind: 'none' } });
  expect(p.integrity).toBe('pg_restore');
  // The database's size sizes the parts (200 GiB: more than 8 MiB parts allow).
  expect(p.bucket?.expectedBytes).toBe(200 * 1024 ** 3);
  expect(plannedBackupOutputs(p)['object-url']).toBe('s3://my-backups/pg/nightly.dump');
  // Upload mode names the local file as the object.
  expect(plan({ format: 'custom' }, 's3://my-backups/pg/nightly.dump').finalPath).toBe('/work/nightly.dump');
});

test('refusals: directory format, a manifest as the output, s3-mode without a bucket, artifacts with nothing local', () => {
  expect(() => settings({ format: 'directory' }, 's3://my-backups/pg/')).toThrow(/directory format cannot be sent to object storage/);
  expect(() => settings({}, 's3://my-backups/pg/x.sql.gz.manifest.json')).toThrow(/names a manifest/);
  expect(() => settings({ 's3-mode': 'stream' }, '/tmp/x.sql.gz')).toThrow(/--s3-mode stream needs an s3:\/\/ output/);
  const action = new Inputs({ output: 's3://my-backups/pg/', 's3-mode': 'stream', 'upload-artifact': 'true' }, 'action', BACKUP_OPTIONS);
  expect(() => backupSettings(action, ENV, '/work')).toThrow(/needs a local file/);
  expect(() => settings({ 's3-mode': 'sideways' }, 's3://my-backups/pg/')).toThrow(/expected one of upload, stream/);
});
