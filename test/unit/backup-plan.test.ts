/**
 * The pure backup plan: names, pg_dump arguments, compression and checks from settings and
 * facts; plus the pure pieces of tool discovery (version parsing, choosing a pg_dump).
 */
import { describe, expect, test } from '@jest/globals';
import { describePlan, extensionFor, planBackup, type BackupFacts } from '../../src/core/backup/plan.js';
import { ownedTag } from '../../src/core/fs.js';
import { backupSettings, DEFAULT_GZIP_LEVEL, type BackupSettings } from '../../src/core/backup/settings.js';
import { AzaError } from '../../src/core/errors.js';
import { IGZIP_LEVEL } from '../../src/core/gzip-tool.js';
import type { RawInputs } from '../../src/core/inputs.js';
import { cliInputs } from '../harness/backup-helpers.js';
import { chooseTool, parseToolVersion, toolTooOld, type ToolCandidate } from '../../src/core/pg-tools.js';

// 23:59:58 UTC on 31 December 2024: a local-time clock anywhere west of UTC is still on the 31st,
// anywhere east of UTC already in 2025, so only a UTC name matches.
const NOW = new Date(Date.UTC(2024, 11, 31, 23, 59, 58));
const STAMP = '2024_12_31_235958';

const PG15: ToolCandidate = { path: '/usr/lib/postgresql/15/bin/pg_dump', version: '15.18', major: 15 };
const PG16: ToolCandidate = { path: '/usr/lib/postgresql/16/bin/pg_dump', version: '16.4', major: 16 };
const PG17: ToolCandidate = { path: '/usr/lib/postgresql/17/bin/pg_dump', version: '17.2', major: 17 };

function facts(pgDump: ToolCandidate = PG15, cores = 4): BackupFacts {
  return {
    now: NOW,
    server: { versionNum: 150018, major: 15, version: '15.18', inRecovery: false },
    pgDump,
    psqlPath: '/usr/bin/psql',
    freeBytes: undefined,
    cores,
    tempTag: ownedTag(),
  };
}

function settingsOf(raw: RawInputs = {}, positionals: string[] = []): BackupSettings {
  return backupSettings(cliInputs(raw, positionals), {}, '/backups');
}

function plan(raw: RawInputs = {}, positionals: string[] = [], pgDump: ToolCandidate = PG15, cores = 4) {
  return planBackup(settingsOf(raw, positionals), facts(pgDump, cores));
}

describe('auto name backup_<db>_YYYY_MM_DD_HHmmss.sql.gz in UTC', () => {
  test('UTC fields, not local ones: a Date whose local clock reads another day and hour', () => {
    // As on a machine east of UTC: the local getters say 1 January 2025, 13:14:15.
    const at = new Date(NOW.getTime());
    Object.assign(at, {
      getFullYear: () => 2025,
      getMonth: () => 0,
      getDate: () => 1,
      getHours: () => 13,
      getMinutes: () => 14,
      getSeconds: () => 15,
    });
    const p = planBackup(settingsOf({}, ['db']), { ...facts(), now: at });
    expect(p.finalPath).toBe(`/backups/backup_db_${STAMP}.sql.gz`);
  });

  test('default database, in the working directory', () => {
    const p = plan();
    expect(p.finalPath).toBe(`/backups/backup_postgres_${STAMP}.sql.gz`);
    expect(p.manifestPath).toBe(`/backups/backup_postgres_${STAMP}.sql.gz.manifest.json`);
    expect(p.outputDir).toBe('/backups');
  });

  test('named database; zero-padded fields', () => {
    const early = planBackup(settingsOf({}, ['mydb']), { ...facts(), now: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) });
    expect(early.finalPath).toBe('/backups/backup_mydb_2025_01_02_030405.sql.gz');
  });

  test.each([
    ['plain', 'gzip', '.sql.gz'],
    ['plain', 'zstd', '.sql.zst'],
    ['plain', 'none', '.sql'],
    ['custom', 'gzip', '.dump'],
    ['custom', 'none', '.dump'],
    ['directory', 'gzip', '.dir'],
  ] as const)('%s + %s -> %s', (format, compression, ext) => {
    expect(extensionFor(format, compression)).toBe(ext);
    expect(plan({ format, compression }, ['db'], PG16).finalPath).toBe(`/backups/backup_db_${STAMP}${ext}`);
  });

  test.each([
    ['my db', 'my_db'],
    [`it's "quoted"`, 'it_s__quoted_'],
    ['a/b/../c', 'a_b_.._c'],
    ['../etc', '__etc'],
    ['.hidden', '_hidden'],
    ['données_Ünïcode_данные_数据', 'données_Ünïcode_данные_数据'],
    ['tab\there;rm -rf', 'tab_here_rm_-rf'],
  ])('database %j -> file component %j (one file, in the output directory)', (db, safe) => {
    const p = plan({}, [db]);
    expect(p.finalPath).toBe(`/backups/backup_${safe}_${STAMP}.sql.gz`);
    expect(p.outputDir).toBe('/backups');
    // The plan keeps the real name for pg_dump and the manifest.
    expect(p.database).toBe(db);
  });
});

describe('temp path', () => {
  test('a hidden partial name in the destination directory, different per plan', () => {
    const a = plan({}, ['db', 'out.sql.gz']);
    const b = plan({}, ['db', 'out.sql.gz']);
    expect(a.tempPath).toMatch(/^\/backups\/\.out\.sql\.gz\.partial-\d+-\d+-\w+-[0-9a-f]{8}$/);
    expect(a.tempPath).not.toBe(b.tempPath);
  });
});

describe('pg_dump arguments', () => {
  test('plain gzip: --no-owner --no-acl, pg_dump gzips onto stdout, nothing after it', () => {
    const p = plan({}, ['db']);
    expect(p.pgDumpArgs).toEqual(['--no-password', '--format=plain', '--no-owner', '--no-acl', `--compress=${DEFAULT_GZIP_LEVEL}`]);
    expect(p.writer).toEqual({ kind: 'stream', compressor: { kind: 'none' } });
    expect(p.integrity).toBe('gunzip');
    expect([p.compressionLevel, p.jobs]).toEqual([DEFAULT_GZIP_LEVEL, null]);
    // The database travels in the environment (PGDATABASE), never as an argument libpq could expand.
    expect(p.pgDumpArgs.join(' ')).not.toContain('db');
  });

  test('plain gzip where igzip is installed: igzip deflates behind pg_dump and inflates the read-back; a level asked for stays zlib', () => {
    const withIgzip = (raw: RawInputs) => planBackup(settingsOf(raw, ['db']), { ...facts(), igzip: '/usr/bin/igzip' });
    const p = withIgzip({});
    expect(p.pgDumpArgs).toEqual(['--no-password', '--format=plain', '--no-owner', '--no-acl']);
    expect(p.writer).toEqual({ kind: 'stream', compressor: { kind: 'igzip', path: '/usr/bin/igzip', level: IGZIP_LEVEL } });
    expect([p.integrity, p.igzip, p.compressionLevel]).toEqual(['gunzip', '/usr/bin/igzip', IGZIP_LEVEL]);
    expect(describePlan(p)).toContain(`command:    ${PG15.path} ${p.pgDumpArgs.join(' ')} | igzip -${IGZIP_LEVEL}`);
    // A level given is zlib's: pg_dump deflates it, igzip still reads it back.
    const level6 = withIgzip({ 'compression-level': '6' });
    expect(level6.pgDumpArgs).toContain('--compress=6');
    expect(level6.writer).toEqual({ kind: 'stream', compressor: { kind: 'none' } });
    expect(level6.igzip).toBe('/usr/bin/igzip');
    // Not for zstd or uncompressed dumps, nor for archives (pg_dump compresses those itself).
    for (const raw of [{ compression: 'zstd' }, { compression: 'none' }, { format: 'custom' }]) {
      const other = withIgzip(raw);
      expect(other.igzip).toBeUndefined();
      expect(JSON.stringify(other.writer)).not.toContain('igzip');
    }
  });

  test('plain with zstd and none', () => {
    const z = plan({ compression: 'zstd', 'compression-level': '7' });
    expect(z.writer).toEqual({ kind: 'stream', compressor: { kind: 'zstd', level: 7 } });
    expect(z.integrity).toBe('zstd');
    const n = plan({ compression: 'none' });
    expect(n.writer).toEqual({ kind: 'stream', compressor: { kind: 'none' } });
    expect([n.integrity, n.compressionLevel]).toEqual(['plain', null]);
  });

  test('custom: owners and grants kept (no --no-owner/--no-acl), pg_dump writes the temp file', () => {
    const p = plan({ format: 'custom' });
    expect(p.pgDumpArgs).toEqual(['--no-password', '--format=custom', '--compress=6', `--file=${p.tempPath}`]);
    expect(p.pgDumpArgs).not.toContain('--no-owner');
    expect(p.pgDumpArgs).not.toContain('--no-acl');
    expect(p.writer).toEqual({ kind: 'pg_dump-file' });
    expect(p.integrity).toBe('pg_restore');
  });

  test('directory: --jobs from the settings, else the core count', () => {
    const given = plan({ format: 'directory', jobs: '3' });
    expect(given.pgDumpArgs).toEqual(['--no-password', '--format=directory', '--compress=6', `--file=${given.tempPath}`, '--jobs=3']);
    expect(given.jobs).toBe(3);
    const auto = plan({ format: 'directory' }, [], PG15, 6);
    expect(auto.pgDumpArgs).toContain('--jobs=6');
    expect(auto.jobs).toBe(6);
    expect(plan({ format: 'directory' }, [], PG15, 0).pgDumpArgs).toContain('--jobs=1');
    expect(plan({ format: 'custom' }).pgDumpArgs.some((a) => a.startsWith('--jobs'))).toBe(false);
  });

  test('archive levels: gzip 0-9 and none', () => {
    expect(plan({ format: 'custom', 'compression-level': '0' }).pgDumpArgs).toContain('--compress=0');
    expect(plan({ format: 'custom', 'compression-level': '9' }).pgDumpArgs).toContain('--compress=9');
    const none = plan({ format: 'custom', compression: 'none' });
    expect(none.pgDumpArgs).toContain('--compress=0');
    expect(none.compressionLevel).toBeNull();
  });

  test('zstd inside archives is refused for pg_dump < 16, with the version named', () => {
    let err: unknown;
    try {
      plan({ format: 'custom', compression: 'zstd' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AzaError);
    expect((err as AzaError).code).toBe('INVALID_INPUT');
    expect((err as AzaError).message).toBe(
      'zstd compression inside custom or directory archives needs pg_dump 16 or newer; the pg_dump found is 15.18 (/usr/lib/postgresql/15/bin/pg_dump)',
    );
    expect((err as AzaError).hint).toContain('format plain with zstd');
    expect(() => plan({ format: 'directory', compression: 'zstd' })).toThrow(AzaError);
  });

  test('pg_dump >= 16 takes --compress=method:level', () => {
    expect(plan({ format: 'custom', compression: 'zstd', 'compression-level': '9' }, [], PG16).pgDumpArgs).toContain('--compress=zstd:9');
    expect(plan({ format: 'custom', compression: 'zstd' }, [], PG17).pgDumpArgs).toContain('--compress=zstd:3');
    expect(plan({ format: 'directory', compression: 'gzip' }, [], PG16).pgDumpArgs).toContain('--compress=gzip:6');
    expect(plan({ format: 'custom', compression: 'none' }, [], PG16).pgDumpArgs).toContain('--compress=0');
    // Plain gzip is pg_dump's own too, spelled the way each pg_dump takes it.
    expect(plan({ 'compression-level': '4' }, [], PG16).pgDumpArgs).toContain('--compress=gzip:4');
    expect(plan({ 'compression-level': '4' }, [], PG15).pgDumpArgs).toContain('--compress=4');
  });

  test('the plan records the chosen pg_dump', () => {
    const p = plan({}, [], PG17);
    expect([p.pgDumpPath, p.pgDumpVersion]).toEqual([PG17.path, '17.2']);
  });
});

describe('explicit output', () => {
  test('kept as given; a name without the usual extension is a warning, not an error', () => {
    const p = plan({}, ['db', 'nightly.sql.gz']);
    expect([p.finalPath, p.warnings]).toEqual(['/backups/nightly.sql.gz', []]);
    const odd = plan({ format: 'custom' }, ['db', 'nightly.sql.gz']);
    expect(odd.warnings).toEqual([
      'The output name nightly.sql.gz does not end in .dump, the usual name for custom format with gzip compression.',
    ]);
  });

  test('overwrite, row counts and upload are carried', () => {
    const s = { ...settingsOf({ overwrite: 'true', 'row-counts': 'estimate' }, ['db', 'x.sql.gz']), upload: { retentionDays: 5 } };
    const p = planBackup(s, facts());
    expect([p.overwrite, p.rowCounts]).toEqual([true, 'estimate']);
    expect(p.upload).toEqual({ name: 'x.sql.gz', retentionDays: 5 });
  });
});

describe('describePlan (the --dry-run text)', () => {
  test('names output, manifest, command and checks', () => {
    const p = plan({}, ['db', 'out.sql.gz']);
    expect(describePlan(p)).toEqual([
      'database:   db',
      'output:     /backups/out.sql.gz',
      'manifest:   /backups/out.sql.gz.manifest.json',
      `format:     plain, compression gzip level ${DEFAULT_GZIP_LEVEL}`,
      `command:    ${PG15.path} --no-password --format=plain --no-owner --no-acl --compress=${DEFAULT_GZIP_LEVEL}`,
      'check:      gunzip read-back, sha256, row counts exact',
    ]);
  });
});

describe('parseToolVersion', () => {
  test.each([
    ['pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)', { version: '15.18', major: 15 }],
    ['pg_dump (PostgreSQL) 17.2', { version: '17.2', major: 17 }],
    ['psql (PostgreSQL) 16beta2', { version: '16', major: 16 }],
    ['pg_dump (PostgreSQL) 18devel', { version: '18', major: 18 }],
    ['pg_dump (PostgreSQL) 9.6.24', { version: '9.6.24', major: 9.6 }],
    ['pg_dump (PostgreSQL) 12.22 (Ubuntu 12.22-1.pgdg22.04+1)', { version: '12.22', major: 12 }],
  ])('%s', (text, expected) => {
    expect(parseToolVersion(text)).toEqual(expected);
  });

  test('not a PostgreSQL tool', () => {
    expect(parseToolVersion('GNU bash, version 5.2.15')).toBeUndefined();
    expect(parseToolVersion('')).toBeUndefined();
  });
});

describe('chooseTool', () => {
  const c = (major: number, path = `/pg${major}/pg_dump`): ToolCandidate => ({ path, version: `${major}.1`, major });

  test('the server major is preferred even when newer ones come first', () => {
    expect(chooseTool([c(17), c(15), c(16)], 15)).toEqual(c(15));
  });

  test('the first of several with the same major (search order)', () => {
    expect(chooseTool([c(15, '/a/pg_dump'), c(15, '/b/pg_dump')], 15)?.path).toBe('/a/pg_dump');
  });

  test('otherwise the newest newer one', () => {
    expect(chooseTool([c(14), c(16), c(17), c(13)], 15)).toEqual(c(17));
  });

  test('all older: undefined', () => {
    expect(chooseTool([c(13), c(14)], 15)).toBeUndefined();
    expect(chooseTool([], 15)).toBeUndefined();
  });

  test('no server major: the newest', () => {
    expect(chooseTool([c(14), c(17), c(15)])).toEqual(c(17));
  });

  test('toolTooOld names the server, every candidate and what to install', () => {
    const e = toolTooOld('pg_dump', [c(13), { path: '/usr/bin/pg_dump', version: '14.9', major: 14 }], 16);
    expect(e.code).toBe('TOOL_TOO_OLD');
    expect(e.message).toBe(
      'The server runs PostgreSQL 16, but every pg_dump found is older: /pg13/pg_dump (13.1), /usr/bin/pg_dump (14.9)',
    );
    // The ways forward (issue 14): the setup action or command, a client container, or an install.
    expect(e.hint).toContain('pg_dump must be of major version 16 or newer.');
    expect(e.hint).toContain('aza-pg/setup-pg-client action with major: 16');
    expect(e.hint).toContain('aza-pg setup-client --major 16');
    expect(e.hint).toContain('--client-image postgres:16');
    expect(e.hint).toContain('install postgresql-client-16 (or newer)');
    expect(e.hint).toContain('--pg-bin-dir');
  });
});

describe('who gzips a plain dump', () => {
  test('pg_dump itself for a local file, also from a client container (its stdout streams to the host)', () => {
    const inContainer: ToolCandidate = { path: 'docker-container:db/pg_dump', version: '17.2', major: 17 };
    const p = plan({}, ['db'], inContainer);
    expect(p.writer).toEqual({ kind: 'stream', compressor: { kind: 'none' } });
    expect(p.pgDumpArgs).toContain(`--compress=gzip:${DEFAULT_GZIP_LEVEL}`);
    expect(p.pgDumpArgs.some((a) => a.startsWith('--file='))).toBe(false);
  });
});
