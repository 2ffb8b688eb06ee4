/** Restore and verify without processes: format detection, SQL scanning, naming, planning, settings. */
import { describe, expect, test } from '@jest/globals';
import { Readable } from 'node:stream';
import { Inputs } from '../../src/core/inputs.js';
import type { BackupManifest } from '../../src/core/manifest.js';
import type { ServerFacts } from '../../src/core/pg.js';
import {
  detectFormat,
  ownDatabase,
  parseTocList,
  psqlKnowsRestrict,
  checkPlainScan,
  type BackupInspection,
} from '../../src/core/restore/inspect.js';
import { copySettingsSql, createDatabaseSql, finishDatabaseSql, parseDatabaseAcl } from '../../src/core/databases.js';
import { sqlClient } from '../../src/core/pg.js';
import { confirmationLines, describePlan, describeRestore } from '../../src/core/restore/describe.js';
import { parseCommandLine } from '../../src/cli/runner.js';
import { dropDatabaseSql } from '../../src/core/databases.js';
import { loadFailure, restore } from '../../src/core/restore/index.js';
import { verify } from '../../src/core/verify/index.js';
import { checkFullRead, derivedName, planRestore, previousName, type RestoreFacts } from '../../src/core/restore/plan.js';
import { RESTORE_OPTIONS, restoreSettings, type RestoreSettings } from '../../src/core/restore/settings.js';
import { OwnDatabaseFilter, PlainSqlScanner, connectTarget } from '../../src/core/restore/sql-scan.js';
import { parseSmokeSql, VERIFY_OPTIONS, verifySettings } from '../../src/core/verify/settings.js';
import { planVerify, smokePassed } from '../../src/core/verify/plan.js';
import { azaErrorOf } from '../harness/expect-errors.js';

const NOW = new Date(Date.UTC(2026, 0, 31, 2, 3, 4));

function scan(text: string) {
  const s = new PlainSqlScanner();
  // Feed in small pieces so lines cross chunk boundaries.
  const b = Buffer.from(text);
  for (let i = 0; i < b.length; i += 7) s.push(b.subarray(i, i + 7));
  return s.finish();
}

describe('detectFormat: from the content, not the name', () => {
  test.each([
    [Buffer.from([0x1f, 0x8b, 8, 0]), { format: 'plain', compression: 'gzip' }],
    [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0]), { format: 'plain', compression: 'zstd' }],
    [Buffer.from('PGDMP\x01\x0e'), { format: 'custom' }],
    [Buffer.from('-- PostgreSQL database dump\n'), { format: 'plain', compression: 'none' }],
  ])('%#', (head, expected) => expect(detectFormat(head)).toEqual(expected));
  test('directories need toc.dat', () => {
    expect(detectFormat(Buffer.alloc(0), { hasToc: true })).toEqual({ format: 'directory' });
    expect(detectFormat(Buffer.alloc(0), { hasToc: false })).toBeUndefined();
  });
});

describe('PlainSqlScanner', () => {
  const dump = [
    '--',
    '-- PostgreSQL database dump',
    '--',
    '',
    '\\restrict abc',
    '-- Dumped from database version 15.18 (Debian)',
    '-- Dumped by pg_dump version 17.6',
    'CREATE EXTENSION IF NOT EXISTS "Quoted Ext" WITH SCHEMA public;',
    'create extension pg_trgm;',
    'COPY public.t (a) FROM stdin;',
    'CREATE EXTENSION inside_copy_data',
    '\\connect not_a_command_in_copy',
    '\\.',
    '\\unrestrict abc',
    '-- PostgreSQL database dump complete',
    '',
  ].join('\n');
  test('versions, \\restrict, extensions outside COPY data, completeness', () => {
    const s = scan(dump);
    expect(s).toMatchObject({
      pgDumpHeader: true,
      dumpComplete: true,
      usesRestrict: true,
      dumpedFrom: '15.18',
      dumpedBy: '17.6',
      extensions: ['Quoted Ext', 'pg_trgm'],
      databaseStatements: [],
    });
  });
  test('a pg_dump script cut short is refused', () => {
    const s = scan(dump.replace('-- PostgreSQL database dump complete', ''));
    expect(() => checkPlainScan('x.sql', 'none', s)).toThrow('the SQL ends before pg_dump\'s "dump complete" line');
  });
  test('binary content and pg_dumpall scripts are refused', () => {
    expect(() => checkPlainScan('x.sql', 'none', scan('\x00\x01\x02PNG\x00'))).toThrow('is not a PostgreSQL dump');
    expect(() => checkPlainScan('x.sql', 'none', scan('--\n-- PostgreSQL database cluster dump\n--\nCREATE ROLE x;\n'))).toThrow(
      'pg_dumpall cluster dump',
    );
  });
  test('a script with its own database (Chinook style): which one and where its last line is', () => {
    const s = scan('DROP DATABASE IF EXISTS chinook;\nCREATE DATABASE chinook;\n\\c chinook;\nCREATE TABLE a (x int);\n');
    expect(ownDatabase('c.sql', s)).toMatchObject({ name: 'chinook', lastLine: 3 });
    expect(() => ownDatabase('c.sql', scan('CREATE DATABASE a;\n\\c a\nCREATE DATABASE b;\n\\c b\n'))).toThrow('more than one database');
  });
  test('connectTarget understands the forms pg_dump and people write', () => {
    expect(connectTarget('\\c chinook;')).toBe('chinook');
    expect(connectTarget('\\connect "My ""db"""')).toBe('My "db"');
    expect(connectTarget("\\connect -reuse-previous=on \"dbname='we\\'ird'\"")).toBe("we'ird");
    expect(connectTarget('SELECT 1')).toBeUndefined();
  });
});

describe('OwnDatabaseFilter', () => {
  test('comments out the database statements of the script, passes everything else byte for byte', async () => {
    const text =
      'DROP DATABASE IF EXISTS chinook;\nCREATE DATABASE chinook\n  WITH ENCODING UTF8;\n\\c chinook;\nCOPY t FROM stdin;\nCREATE DATABASE chinook;\n\\.\nCREATE TABLE x (a int);\n';
    const f = new OwnDatabaseFilter('chinook', 4);
    const chunks: Buffer[] = [];
    const src = Readable.from([Buffer.from(text.slice(0, 10)), Buffer.from(text.slice(10, 50)), Buffer.from(text.slice(50))]);
    for await (const c of src.pipe(f)) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe(
      '-- [aza-pg skipped] DROP DATABASE IF EXISTS chinook;\n-- [aza-pg skipped] CREATE DATABASE chinook\n-- [aza-pg skipped]   WITH ENCODING UTF8;\n-- [aza-pg skipped] \\c chinook;\nCOPY t FROM stdin;\nCREATE DATABASE chinook;\n\\.\nCREATE TABLE x (a int);\n',
    );
  });
});

test('pg_restore --list: versions and extensions', () => {
  const toc = parseTocList(
    ';\n;     Dumped from database version: 16.4\n;     Dumped by pg_dump version: 17.2\n;\n2; 3079 16392 EXTENSION - pg_trgm \n215; 1259 16385 TABLE public t postgres\n',
  );
  expect(toc).toEqual({ dumpedFrom: '16.4', dumpedBy: '17.2', extensions: ['pg_trgm'], entries: 2 });
});

test.each([
  ['15.13', false],
  ['15.14', true],
  ['16.9', false],
  ['16.10', true],
  ['17.6', true],
  ['18.0', true],
  ['12.22', false],
])('psql %s knows \\restrict: %s', (v, ok) => expect(psqlKnowsRestrict(v)).toBe(ok));

describe('names within 63 bytes', () => {
  test('short names get the suffix as is', () => expect(previousName('mydb', NOW)).toBe('mydb_before_restore_20260131_020304'));
  test('long and non-ASCII names are cut at a character boundary with a hash; two long names do not collide', () => {
    const a = derivedName(`${'ü'.repeat(30)}a`, '_before_restore_20260131_020304');
    const b = derivedName(`${'ü'.repeat(30)}b`, '_before_restore_20260131_020304');
    for (const n of [a, b]) {
      expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63);
      expect(n).toMatch(/^ü+_[0-9a-f]{6}_before_restore_20260131_020304$/);
    }
    expect(a).not.toBe(b);
  });
});

describe('copying the target database', () => {
  const target = {
    exists: true,
    owner: 'app"owner',
    encoding: 'UTF8',
    collate: 'C.UTF-8',
    ctype: 'C.UTF-8',
    localeProvider: 'c',
    connectionLimit: 20,
    acl: '{=Tc/postgres,postgres=CTc/postgres,"app""owner"=c/postgres}',
    settings: [
      { role: null, name: 'search_path', value: '"$user", app' },
      { role: 'reader', name: 'work_mem', value: '64MB' },
    ],
    sessions: 0,
  };
  test('CREATE DATABASE like the target', () => {
    expect(createDatabaseSql('new db', target, { serverMajor: 15, setOwner: true })).toBe(
      `CREATE DATABASE "new db" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' OWNER "app""owner" CONNECTION LIMIT 20`,
    );
  });
  test('privileges and settings', () => {
    expect(parseDatabaseAcl(target.acl)).toEqual([
      { grantee: '', privileges: ['TEMPORARY', 'CONNECT'] },
      { grantee: 'postgres', privileges: ['CREATE', 'TEMPORARY', 'CONNECT'] },
      { grantee: 'app"owner', privileges: ['CONNECT'] },
    ]);
    expect(copySettingsSql('n', target)).toEqual([
      'ALTER DATABASE "n" SET "search_path" TO "$user", app',
      `ALTER ROLE "reader" IN DATABASE "n" SET "work_mem" TO '64MB'`,
      'REVOKE ALL ON DATABASE "n" FROM PUBLIC',
      'GRANT TEMPORARY, CONNECT ON DATABASE "n" TO PUBLIC',
      'GRANT CREATE, TEMPORARY, CONNECT ON DATABASE "n" TO "postgres"',
      'GRANT CONNECT ON DATABASE "n" TO "app""owner"',
    ]);
  });
});

test('the rest of the target database: tablespace, grant options, comment, security labels, then IS_TEMPLATE and ALLOW_CONNECTIONS', () => {
  const target = {
    exists: true,
    tablespace: 'fast ssd',
    acl: '{admin=T*c*/owner}',
    comment: "the shop's",
    securityLabels: [{ provider: 'selinux', label: 'system_u:object_r:sepgsql_db_t:s0' }],
    isTemplate: true,
    allowConnections: false,
    sessions: 0,
  };
  expect(createDatabaseSql('n', target, { serverMajor: 16, setOwner: false })).toBe(
    'CREATE DATABASE "n" TEMPLATE template0 TABLESPACE "fast ssd"',
  );
  expect(copySettingsSql('n', target)).toEqual([
    'REVOKE ALL ON DATABASE "n" FROM PUBLIC',
    'GRANT TEMPORARY, CONNECT ON DATABASE "n" TO "admin"',
    'GRANT TEMPORARY, CONNECT ON DATABASE "n" TO "admin" WITH GRANT OPTION',
    `COMMENT ON DATABASE "n" IS 'the shop''s'`,
    `SECURITY LABEL FOR "selinux" ON DATABASE "n" IS 'system_u:object_r:sepgsql_db_t:s0'`,
  ]);
  expect(finishDatabaseSql('t', target)).toEqual(['ALTER DATABASE "t" IS_TEMPLATE true', 'ALTER DATABASE "t" ALLOW_CONNECTIONS false']);
});

const SERVER: ServerFacts = { versionNum: 150018, major: 15, version: '15.18', inRecovery: false };
const TOOLS = [{ path: '/usr/lib/postgresql/15/bin/psql', version: '15.18', major: 15 }];
const RESTORE_TOOLS = [{ path: '/usr/lib/postgresql/15/bin/pg_restore', version: '15.18', major: 15 }];

function inspection(extra: Partial<BackupInspection> = {}): BackupInspection {
  return {
    path: '/b/backup.sql.gz',
    format: 'plain',
    compression: 'gzip',
    sizeBytes: 100,
    sha256: 'ab',
    manifestPath: '/b/backup.sql.gz.manifest.json',
    usesRestrict: true,
    dumpedBy: '15.18',
    extensions: [],
    warnings: [],
    ...extra,
  };
}

function settings(extra: Partial<RestoreSettings> = {}): RestoreSettings {
  return {
    backup: '/b/backup.sql.gz',
    database: 'mydb',
    mode: 'atomic',
    keepPrevious: true,
    create: false,
    backupBefore: false,
    backupDir: '/b',
    terminateConnections: false,
    keepOwners: false,
    keepPrivileges: false,
    rowCounts: 'exact',
    requireManifest: false,
    dryRun: false,
    confirmed: true,
    connection: { host: 'db', port: 5432, user: 'postgres', database: 'mydb' },
    ...extra,
  };
}

function facts(extra: Partial<RestoreFacts> = {}): RestoreFacts {
  return {
    now: NOW,
    backup: inspection(),
    server: SERVER,
    target: { exists: true, owner: 'postgres', encoding: 'UTF8', collate: 'C', ctype: 'C', sessions: 0 },
    databases: ['postgres', 'mydb'],
    roles: ['postgres'],
    psqlCandidates: TOOLS,
    pgRestoreCandidates: RESTORE_TOOLS,
    availableExtensions: ['plpgsql', 'pg_trgm'],
    canCreateDatabase: true,
    superuser: true,
    cores: 4,
    psqlPath: TOOLS[0]!.path,
    // Planning never runs SQL: a session that answers nothing.
    maintenance: { ...sqlClient(async () => []), close: async () => {} },
    ...extra,
  };
}

describe('planRestore', () => {
  test('atomic plain gzip: a staging database, psql with ON_ERROR_STOP, the previous name', () => {
    const p = planRestore(settings(), facts());
    expect(p).toMatchObject({
      loadInto: 'mydb_restoring_20260131_020304',
      previous: 'mydb_before_restore_20260131_020304',
      maintenanceDatabase: 'postgres',
      needsExclusiveTarget: true,
      dropTarget: false,
    });
    expect(p.loader).toEqual({
      kind: 'psql',
      path: TOOLS[0]!.path,
      version: '15.18',
      args: ['-X', '-q', '--no-password', '-v', 'ON_ERROR_STOP=1', '-f', '-'],
      decompress: 'gzip',
      // Every line judged on its way, psql in restricted mode (15.18 knows \restrict).
      guard: { restrict: true },
      // COPY data shared over as many sessions as the machine has cores (--jobs), at most 2.
      copySessions: 2,
    });
    expect(p.createSql).toBe(
      `CREATE DATABASE "mydb_restoring_20260131_020304" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' OWNER "postgres"`,
    );
    expect(confirmationLines(p, 'db:5432').join('\n')).toContain('No automatic backup is created before restore');
  });
  test('COPY sessions of a plain script: --jobs, or the cores; one in one transaction or with trust-backup', () => {
    expect(planRestore(settings({ jobs: 3 }), facts()).loader).toMatchObject({ kind: 'psql', copySessions: 3 });
    expect(planRestore(settings(), facts({ cores: 1 })).loader).toMatchObject({ kind: 'psql', copySessions: 1 });
    expect(planRestore(settings({ jobs: 1 }), facts()).loader).toMatchObject({ kind: 'psql', copySessions: 1 });
    // A script without pg_dump's head: psql's session alone, said when --jobs asked for more.
    const other = planRestore(settings({ jobs: 3 }), facts({ backup: inspection({ dumpedBy: undefined }) }));
    expect(other.loader).toMatchObject({ kind: 'psql', copySessions: 1 });
    expect(other.warnings.join('\n')).toMatch(/no "Dumped by pg_dump" header: its COPY data loads in psql's session/);
    // verify's default (one session), which --jobs still overrides.
    expect(planRestore(settings({ scriptJobs: 1 }), facts()).loader).toMatchObject({ kind: 'psql', copySessions: 1 });
    expect(planRestore(settings({ scriptJobs: 1, jobs: 3 }), facts()).loader).toMatchObject({ kind: 'psql', copySessions: 3 });
    const trusted = planRestore(settings({ jobs: 3, trustBackup: true }), facts());
    expect(trusted.loader).toMatchObject({ kind: 'psql', copySessions: 1 });
    expect(trusted.warnings.join('\n')).toMatch(/trust-backup: the script goes to psql as it is, in one session: one job/);
  });
  test('a gzip dump is inflated by igzip where gather found it, else by zlib in this process', () => {
    const withIgzip = planRestore(settings(), facts({ igzip: '/usr/bin/igzip' }));
    expect(withIgzip.loader).toMatchObject({ kind: 'psql', decompress: 'gzip', igzip: '/usr/bin/igzip' });
    expect(describeRestore(withIgzip).lines.join('\n')).toContain('load:       igzip -d | guard');
    const without = planRestore(settings(), facts());
    expect(without.loader).not.toHaveProperty('igzip');
    expect(describeRestore(without).lines.join('\n')).toContain('load:       gzip -d | guard');
    // Not for a zstd dump.
    const zstd = planRestore(settings(), facts({ igzip: '/usr/bin/igzip', backup: inspection({ compression: 'zstd' }) }));
    expect(zstd.loader).toMatchObject({ decompress: 'zstd' });
    expect(zstd.loader).not.toHaveProperty('igzip');
  });
  test('the after-load sessions start with the load unless a connection limit could refuse the load for them', () => {
    expect(planRestore(settings(), facts()).sessionsAhead).toBe(true);
    const limited = { exists: true, owner: 'postgres', encoding: 'UTF8', collate: 'C', ctype: 'C', sessions: 0, connectionLimit: 3 };
    // Superusers are not held to a database's connection limit.
    expect(planRestore(settings(), facts({ target: limited })).sessionsAhead).toBe(true);
    expect(planRestore(settings(), facts({ target: limited, superuser: false })).sessionsAhead).toBe(false);
    expect(planRestore(settings(), facts({ target: { ...limited, connectionLimit: -1 }, superuser: false })).sessionsAhead).toBe(true);
  });
  test('custom archive: pg_restore --exit-on-error -j cores --no-owner --no-acl, the database name never in argv', () => {
    const p = planRestore(
      settings({ backup: '/b/x.dump' }),
      facts({ backup: inspection({ path: '/b/x.dump', format: 'custom', compression: 'archive', usesRestrict: false }) }),
    );
    expect(p.loader).toMatchObject({
      kind: 'pg_restore',
      jobs: 4,
      args: ['--no-password', '--exit-on-error', '--dbname=', '--no-owner', '--no-acl', '--jobs=4', '/b/x.dump'],
    });
  });
  test('into-existing: one transaction; archives with --clean --if-exists and one job', () => {
    const plain = planRestore(settings({ mode: 'into-existing', jobs: 4 }), facts());
    expect(plain.loader).toMatchObject({ oneTransaction: true, copySessions: 1 });
    expect(plain.warnings.join('\n')).toMatch(/one transaction, in one session: one job/);
    expect(plain.loader.args).not.toContain('--single-transaction');
    expect(plain.createSql).toBeUndefined();
    const archive = planRestore(
      settings({ mode: 'into-existing', jobs: 8 }),
      facts({ backup: inspection({ format: 'directory', compression: 'archive', usesRestrict: false }) }),
    );
    expect(archive.loader).toMatchObject({ jobs: 1 });
    expect(archive.loader.args).toEqual(expect.arrayContaining(['--clean', '--if-exists', '--single-transaction']));
  });
  test('the target postgres is swapped from template1', () => {
    expect(planRestore(settings({ database: 'postgres' }), facts()).maintenanceDatabase).toBe('template1');
  });
  test.each([
    ['missing target without create', settings(), facts({ target: { exists: false, sessions: 0 } }), 'DATABASE_NOT_FOUND'],
    ['open sessions', settings(), facts({ target: { exists: true, sessions: 2 } }), 'TARGET_IN_USE'],
    ['missing extension', settings(), facts({ backup: inspection({ extensions: ['postgis'] }) }), 'EXTENSION_MISSING'],
    [
      'psql without \\restrict',
      settings(),
      facts({ psqlCandidates: [{ path: '/old/psql', version: '15.13', major: 15 }] }),
      'TOOL_TOO_OLD',
    ],
    [
      'psql older than the server',
      settings(),
      facts({ psqlCandidates: [{ path: '/old/psql', version: '14.19', major: 14 }] }),
      'TOOL_TOO_OLD',
    ],
    ['no CREATEDB', settings(), facts({ canCreateDatabase: false, superuser: false }), 'PERMISSION_DENIED'],
    ['name taken', settings(), facts({ databases: ['mydb', 'mydb_before_restore_20260131_020304'] }), 'NAME_TAKEN'],
  ])('refused: %s', (_name, s, f, code) => {
    expect(azaErrorOf(() => planRestore(s, f)).code).toBe(code);
  });
  // Issue 15 (intended change): a staging name taken in this second is a killed restore's
  // leftover, which the run drops; the plan takes the next free second instead of refusing.
  test('a staging name taken in this second: the next free second', () => {
    const p = planRestore(settings(), facts({ databases: ['mydb', 'mydb_restoring_20260131_020304', 'mydb_restoring_20260131_020305'] }));
    expect(p.staging).toBe('mydb_restoring_20260131_020306');
  });
  test('a psql without \\restrict: the guard alone, with the upgrade hint; trust-backup: no guard, said', () => {
    const old = planRestore(
      settings(),
      facts({ backup: inspection({ usesRestrict: false }), psqlCandidates: [{ path: '/old/psql', version: '15.13', major: 15 }] }),
    );
    expect(old.loader).toMatchObject({ kind: 'psql', guard: { restrict: false } });
    expect(old.warnings.join('\n')).toMatch(/psql 15\.13 cannot run the script in restricted mode.*Update the PostgreSQL client tools/);
    const trusted = planRestore(settings({ trustBackup: true }), facts({ backup: inspection({ trust: { scan: 'lifted' } }) }));
    expect(trusted.loader).not.toHaveProperty('guard');
    expect(trusted.warnings.join('\n')).toMatch(/trust-backup: the script is loaded as it is/);
    expect(describePlan(trusted).join('\n')).toMatch(/trust: +trust-backup/);
  });
  test('open sessions are fine with terminate-connections, and for into-existing', () => {
    expect(
      planRestore(settings({ terminateConnections: true }), facts({ target: { exists: true, sessions: 2 } })).terminateConnections,
    ).toBe(true);
    expect(planRestore(settings({ mode: 'into-existing' }), facts({ target: { exists: true, sessions: 2 } })).needsExclusiveTarget).toBe(
      false,
    );
  });
  test('row counts are compared only when the manifest has exact ones', () => {
    const manifest = { rowCounts: 'exact', tables: [] } as unknown as BackupManifest;
    expect(planRestore(settings(), facts({ backup: inspection({ manifest }) })).compareRowCounts).toBe(true);
    expect(planRestore(settings({ rowCounts: 'none' }), facts({ backup: inspection({ manifest }) })).compareRowCounts).toBe(false);
    expect(planRestore(settings(), facts()).compareRowCounts).toBe(false);
  });
  test('owners and grants the target has and the backup does not carry: refused, unless accepted; roles the server lacks', () => {
    const targetPrivileges = { owners: ['table public.t owned by app'], grants: ['SELECT on table public.t to reader'] };
    const without = { rowCounts: 'exact', tables: [], privileges: false, roles: ['postgres', 'reader'] } as unknown as BackupManifest;
    const withPrivileges = { ...without, privileges: true } as BackupManifest;
    expect(() => planRestore(settings(), facts({ targetPrivileges, backup: inspection({ manifest: without }) }))).toThrow(
      'Restoring over "mydb" would lose 1 owner (table public.t owned by app) and 1 grant (SELECT on table public.t to reader): the backup was made without owners and grants',
    );
    expect(() => planRestore(settings(), facts({ targetPrivileges, backup: inspection() }))).toThrow(
      'the backup does not record that it carries owners and grants',
    );
    const accepted = planRestore(
      settings({ acceptPrivilegeLoss: true }),
      facts({ targetPrivileges, backup: inspection({ manifest: without }) }),
    );
    expect(accepted.warnings.join('\n')).toContain('The backup names a role this server lacks ("reader")');
    expect(accepted.createRoles).toEqual([]);
    const kept = planRestore(
      settings({ createRoles: true }),
      facts({ targetPrivileges, backup: inspection({ manifest: withPrivileges }) }),
    );
    expect(kept.createRoles).toEqual(['reader']);
    expect(describeRestore(kept).lines.join('\n')).toContain('roles:      create "reader" (NOLOGIN, no password)');
  });
});

describe('the restore plan in words and the question before it runs', () => {
  test('without consent: the DESTRUCTIVE OPERATION lines, Enter/y/yes accept, the spec errors otherwise', () => {
    const c = describeRestore(planRestore(settings({ confirmed: false }), facts())).confirmation!;
    expect(c.warnings[0]).toMatch(/^DESTRUCTIVE OPERATION: restore \/b\/backup.sql.gz into database "mydb" on db:5432/);
    expect(c.question).toBe('Press Enter to continue or Ctrl+C to cancel... ');
    expect(['', 'y', ' YES ', 'yes'].map((a) => c.accept(a))).toEqual([true, true, true, true]);
    expect(['n', 'no', 'x'].map((a) => c.accept(a))).toEqual([false, false, false]);
    expect([c.unanswered.code, c.unanswered.message]).toEqual([
      'CONFIRMATION_REQUIRED',
      'Restore overwrites database "mydb" and needs confirmation, but there is no terminal to ask; nothing was restored',
    ]);
    expect([c.declined.code, c.declined.message]).toEqual(['ABORTED', 'Aborted: database "mydb" was not touched']);
  });
  test('with --yes, or a dry run: nothing to ask', () => {
    expect(describeRestore(planRestore(settings(), facts())).confirmation).toBeUndefined();
    const dry = describeRestore(planRestore(settings({ confirmed: false, dryRun: true }), facts()));
    expect([dry.dryRun, dry.confirmation]).toEqual([true, undefined]);
  });
});

describe('a plan made from the head of a plain dump says what the rest may add', () => {
  const head = (extra: Partial<BackupInspection> = {}) =>
    inspection({ usesRestrict: false, deferred: { head: { extensions: 0, usesRestrict: false, databaseStatements: 0 } }, ...extra });
  const both = [
    { path: '/usr/lib/postgresql/15/bin/psql', version: '15.13', major: 15 },
    { path: '/usr/lib/postgresql/17/bin/psql', version: '17.6', major: 17 },
  ];
  test('a psql that knows \\restrict is chosen where one is installed, and later extensions must be available', () => {
    const p = planRestore(settings(), facts({ backup: head(), psqlCandidates: both }));
    expect(p.loader.path).toBe('/usr/lib/postgresql/17/bin/psql');
    expect(p.deferred).toMatchObject({ loaderKnowsRestrict: true });
    expect(() => checkFullRead(p, head({ usesRestrict: true, extensions: ['pg_trgm'] }))).not.toThrow();
    expect(azaErrorOf(() => checkFullRead(p, head({ extensions: ['postgis'] }))).code).toBe('EXTENSION_MISSING');
  });
  test('no psql knows \\restrict: a \\restrict line in the rest is refused as planRestore would', () => {
    const p = planRestore(settings(), facts({ backup: head(), psqlCandidates: [both[0]!] }));
    expect(p.deferred).toMatchObject({ loaderKnowsRestrict: false });
    expect(azaErrorOf(() => checkFullRead(p, head({ usesRestrict: true }))).code).toBe('TOOL_TOO_OLD');
  });
  test('a backup read in full has no such section', () => {
    expect(planRestore(settings(), facts()).deferred).toBeUndefined();
  });
});

describe('the command line: the spec positionals through the option tables', () => {
  test('restore <backup> [database] and verify <backup>', () => {
    const r = restore.settings(parseCommandLine(['b.sql.gz', 'mydb', '-y'], restore).inputs, {}, '/w');
    expect(r).toMatchObject({ backup: '/w/b.sql.gz', database: 'mydb', confirmed: true, keepPrevious: true, mode: 'atomic' });
    expect(restore.settings(parseCommandLine(['b.sql.gz'], restore).inputs, {}, '/w')).toMatchObject({
      database: 'postgres',
      confirmed: false,
    });
    expect(azaErrorOf(() => parseCommandLine(['b.sql.gz', 'db', 'extra'], restore)).code).toBe('USAGE');
    expect(verify.settings(parseCommandLine(['b.dump'], verify).inputs, {}, '/w')).toMatchObject({
      backup: '/w/b.dump',
      scratch: 'cluster',
    });
  });
});

describe('DROP DATABASE: WITH (FORCE) only where the server has it', () => {
  test('13 and later', () => {
    expect(dropDatabaseSql('a"b', 13, true)).toBe('DROP DATABASE IF EXISTS "a""b" WITH (FORCE)');
    expect(dropDatabaseSql('x', 12, true)).toBe('DROP DATABASE IF EXISTS "x"');
    expect(dropDatabaseSql('x', 17, false)).toBe('DROP DATABASE IF EXISTS "x"');
  });
});

describe('messages a user can act on (issue 9)', () => {
  const conn = { host: 'db', port: 5432, user: 'postgres', database: 'copy' };
  test('the create hint for a missing target pastes into a shell as it reads', () => {
    const hint = (database: string) =>
      azaErrorOf(() => planRestore(settings({ database }), facts({ target: { exists: false, sessions: 0 } }))).hint;
    expect(hint('regcopy_plain')).toContain(
      `createdb -h db -U postgres regcopy_plain  (or: psql -h db -U postgres -c 'CREATE DATABASE "regcopy_plain";')`,
    );
    expect(hint("it's")).toContain(`createdb -h db -U postgres 'it'\\''s'`);
    expect(hint("it's")).toContain(`-c 'CREATE DATABASE "it'\\''s";'`);
  });
  test('a conflict on an object suggests no DROP EXTENSION; a conflict on an extension names that extension', () => {
    const schema = loadFailure(
      'pg_restore',
      'pg_restore: error: could not execute query: ERROR:  schema "app" already exists\nCommand was: CREATE SCHEMA app;\n',
      conn,
      { database: 'copy', loadInto: 'copy' },
    );
    expect(schema.hint).not.toMatch(/EXTENSION|postgis/);
    expect(schema.hint).toContain('The target holds schema "app" already');
    const ext = loadFailure('psql', 'psql:<stdin>:21: ERROR:  extension "hstore" already exists\n', conn, {
      database: 'copy',
      loadInto: 'copy',
    });
    expect(ext.hint).toContain(`psql -h db -U postgres -d copy -c 'DROP EXTENSION IF EXISTS "hstore" CASCADE;'`);
    expect(ext.hint).not.toContain('postgis');
  });
  test("pg_restore's DETAIL and Command was: stay in the message", () => {
    const e = loadFailure(
      'pg_restore',
      [
        'pg_restore: error: could not execute query: ERROR:  cannot drop table public.orders because other objects depend on it',
        'DETAIL:  view public.big_orders depends on table public.orders',
        'HINT:  Use DROP ... CASCADE to drop the dependent objects too.',
        'Command was: DROP TABLE IF EXISTS public.orders;',
        '',
      ].join('\n'),
      conn,
      { database: 'copy', loadInto: 'copy' },
    );
    expect(e.message).toContain('cannot drop table public.orders because other objects depend on it');
    expect(e.message).toContain('DETAIL:  view public.big_orders depends on table public.orders');
    expect(e.message).toContain('Command was: DROP TABLE IF EXISTS public.orders;');
  });
});

describe('restoreSettings', () => {
  const cli = (raw: Record<string, string>) => new Inputs(raw, 'cli', RESTORE_OPTIONS);
  const action = (raw: Record<string, string>) => new Inputs(raw, 'action', RESTORE_OPTIONS);
  test('the spec positionals: <backup> [database], database postgres by default', () => {
    expect(restoreSettings(cli({ backup: 'b.sql.gz' }), {}, '/w')).toMatchObject({
      backup: '/w/b.sql.gz',
      database: 'postgres',
      mode: 'atomic',
      confirmed: false,
    });
    expect(restoreSettings(cli({ yes: 'true', backup: 'b.sql.gz', database: 'mydb' }), {}, '/w')).toMatchObject({
      database: 'mydb',
      confirmed: true,
    });
  });
  test('the action needs confirm equal to the database', () => {
    expect(azaErrorOf(() => restoreSettings(action({ backup: 'b', database: 'prod' }), {}, '/w')).message).toContain(
      'Input confirm is required',
    );
    expect(azaErrorOf(() => restoreSettings(action({ backup: 'b', database: 'prod', confirm: 'staging' }), {}, '/w')).message).toContain(
      'does not name the target database ("prod")',
    );
    expect(restoreSettings(action({ backup: 'b', database: 'we"ird ü', confirm: 'we"ird ü' }), {}, '/w').confirmed).toBe(true);
  });
  test('missing backup and options that do not fit', () => {
    expect(azaErrorOf(() => restoreSettings(cli({}), {}, '/w')).code).toBe('USAGE');
    expect(azaErrorOf(() => restoreSettings(cli({ mode: 'replace', 'keep-previous': 'false', backup: 'b' }), {}, '/w')).code).toBe(
      'INVALID_INPUT',
    );
    expect(azaErrorOf(() => restoreSettings(cli({ mode: 'sideways', backup: 'b' }), {}, '/w')).code).toBe('INVALID_INPUT');
  });
});

describe('verify', () => {
  test('smoke SQL: one query per line; a row whose first value is not false or NULL passes', () => {
    expect(parseSmokeSql('SELECT 1;\n\n-- comment\nSELECT count(*) > 0 FROM t')).toEqual(['SELECT 1', 'SELECT count(*) > 0 FROM t']);
    expect(smokePassed([['t']]).ok).toBe(true);
    expect(smokePassed([['0']]).ok).toBe(true);
    expect(smokePassed([['f']]).ok).toBe(false);
    expect(smokePassed([['']]).ok).toBe(false);
    expect(smokePassed([]).ok).toBe(false);
  });
  test('the scratch cluster matches the backup server major when installed', () => {
    const manifest = { rowCounts: 'exact', server: { versionNum: 160004, version: '16.4' }, tables: [] } as unknown as BackupManifest;
    const s = verifySettings(new Inputs({ backup: 'b.sql.gz' }, 'cli', VERIFY_OPTIONS), {}, '/w');
    expect(planVerify(s, { now: NOW, backup: inspection({ manifest }), installedMajors: [15, 16, 17] }).scratch).toEqual({
      kind: 'cluster',
      major: 16,
      database: 'restore_test',
    });
    const newer = planVerify(s, { now: NOW, backup: inspection({ manifest }), installedMajors: [15, 17] });
    expect(newer.scratch).toMatchObject({ major: 17 });
    expect(newer.warnings.join()).toContain('not installed here');
  });
  test('connection scratch gets a dated name; connection options need scratch connection', () => {
    const s = verifySettings(new Inputs({ scratch: 'connection', host: 'db', backup: 'b.sql.gz' }, 'cli', VERIFY_OPTIONS), {}, '/w');
    expect(planVerify(s, { now: NOW, backup: inspection(), installedMajors: [] }).scratch).toEqual({
      kind: 'connection',
      database: 'aza_pg_verify_20260131_020304',
    });
    expect(azaErrorOf(() => verifySettings(new Inputs({ host: 'db', backup: 'b' }, 'cli', VERIFY_OPTIONS), {}, '/w')).code).toBe(
      'INVALID_INPUT',
    );
    expect(azaErrorOf(() => verifySettings(new Inputs({ backup: 'a', artifact: 'b' }, 'action', VERIFY_OPTIONS), {}, '/w')).code).toBe(
      'INVALID_INPUT',
    );
  });
});
