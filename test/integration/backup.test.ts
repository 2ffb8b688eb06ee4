/**
 * Backups of real PostgreSQL 15 clusters with the real pg_dump, read back with the real tools:
 * gunzip/zstd/pg_restore check the files, psql/pg_restore restore them into fresh databases and
 * per-table checksums prove the data came back, sha256sum and count(*) check the manifest.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_GZIP_LEVEL } from '../../src/core/backup/settings.js';
import { findIgzip, IGZIP_LEVEL } from '../../src/core/gzip-tool.js';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import type { BackupManifest } from '../../src/core/manifest.js';
import { parseToolVersion } from '../../src/core/pg-tools.js';
import { AZA_PG_VERSION } from '../../src/core/version.js';
import {
  backup,
  cleanEnv,
  copyRowsInDump,
  createDatabase,
  entries,
  realCounts,
  restoreArchive,
  restorePlain,
  sha256sum,
  tableChecksums,
  uniqueName,
} from '../harness/backup-helpers.js';

let cluster: Cluster;
let base: string;
let db: string;
let expected: Record<string, string>;
let dirCount = 0;

function freshDir(): string {
  const d = join(base, `out${++dirCount}`);
  mkdirSync(d);
  return d;
}

/** CLI-style raw inputs for the cluster (password through the environment, as the spec does). */
function env(): NodeJS.ProcessEnv {
  return cleanEnv({ PGPASSWORD: cluster.password });
}
function conn(): Record<string, string> {
  return { host: cluster.host, port: String(cluster.port), user: cluster.superuser };
}

function manifestOf(path: string): BackupManifest {
  return JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8')) as BackupManifest;
}

function manifestCounts(m: BackupManifest): Record<string, number | null> {
  return Object.fromEntries(m.tables.map((t) => [`${t.schema}.${t.table}`, t.rows]));
}

const SEED = `
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text, created timestamptz);
INSERT INTO customers SELECT g, 'name ' || g, 'u' || g || '@example.test', timestamptz '2024-01-01 00:00+00' + g * interval '1 minute' FROM generate_series(1, 5000) g;
CREATE TABLE orders (id bigserial PRIMARY KEY, customer int REFERENCES customers, amount numeric(10,2), payload jsonb, blob bytea);
INSERT INTO orders (customer, amount, payload, blob)
  SELECT 1 + g % 5000, g * 1.25, jsonb_build_object('g', g, 'tags', jsonb_build_array('a', 'b')), decode(md5(g::text), 'hex') FROM generate_series(1, 20000) g;
CREATE SCHEMA "Sales Ops";
CREATE TABLE "Sales Ops"."Quarterly ""Report""" (q int, note text);
INSERT INTO "Sales Ops"."Quarterly ""Report""" VALUES (1, E'tab\\there'), (2, E'new\\nline'), (3, 'back\\\\slash ünïcødé 数据'), (4, NULL);
CREATE TABLE empty_table (x int);
CREATE TABLE measurements (id int, at date NOT NULL, v float8) PARTITION BY RANGE (at);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO measurements SELECT g, date '2024-06-01' + (g % 400), g / 3.0 FROM generate_series(1, 3000) g;
CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100;
`;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'aza-backup-it-'));
  cluster = await createCluster();
  db = uniqueName('bk_main');
  await createDatabase(cluster, db);
  await cluster.query(SEED, db);
  expected = await tableChecksums(cluster, db);
}, 120000);

afterAll(async () => {
  await cluster?.destroy();
  rmSync(base, { recursive: true, force: true });
});

describe('plain gzip, the default', () => {
  let dir: string;
  let path: string;
  let result: Awaited<ReturnType<typeof backup>>['result'];
  let reporter: Awaited<ReturnType<typeof backup>>['reporter'];
  const before = new Date();

  beforeAll(async () => {
    dir = freshDir();
    ({ result, reporter } = await backup(conn(), [db], env(), dir));
    path = result.path;
  });

  test('auto-named in the working directory; only the file and its manifest, both 0600', () => {
    expect(basename(path)).toMatch(new RegExp(`^backup_${db}_\\d{4}_\\d{2}_\\d{2}_\\d{6}\\.sql\\.gz$`));
    // The stamp is UTC and taken at the start of the backup.
    const [, y, mo, d, h, mi, s] = /_(\d{4})_(\d{2})_(\d{2})_(\d{2})(\d{2})(\d{2})\.sql\.gz$/.exec(basename(path))!.map(Number);
    const stamp = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
    expect(stamp).toBeGreaterThanOrEqual(Math.floor(before.getTime() / 1000) * 1000);
    expect(stamp).toBeLessThanOrEqual(Date.now());
    expect(entries(dir)).toEqual([basename(path), `${basename(path)}.manifest.json`]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}.manifest.json`).mode & 0o777).toBe(0o600);
    expect(result.manifestPath).toBe(`${path}.manifest.json`);
  });

  test('gunzip -t passes; the SQL is pg_dump plain format with --no-owner --no-acl and is complete', async () => {
    const t = await run('gunzip', ['-t', path], { allowFailure: true });
    expect([t.code, t.stderr]).toEqual([0, '']);
    const sql = (await run('sh', ['-c', 'gunzip -c "$1"', 'sh', path])).stdout;
    expect(sql).toContain('-- PostgreSQL database dump\n');
    // The end marker closes the dump (pg_dump 15.14+ adds an \unrestrict line after it).
    expect(sql.slice(-300)).toContain('-- PostgreSQL database dump complete\n--');
    expect(sql).toContain('COPY public.customers (id, name, email, created) FROM stdin;');
    expect(sql).not.toMatch(/OWNER TO/);
    expect(sql).not.toMatch(/^(GRANT|REVOKE) /m);
  });

  test('gunzip -c FILE | psql restores identical rows in every table', async () => {
    const target = uniqueName('bk_restored');
    await restorePlain(cluster, path, target);
    expect(await tableChecksums(cluster, target)).toEqual(expected);
  });

  test('the manifest: size and sha256 of the file, exact counts equal to count(*), snapshot, versions', async () => {
    const m = manifestOf(path);
    const real = await realCounts(cluster, db);
    expect(Object.keys(real).sort()).toEqual(
      [
        'Sales Ops.Quarterly "Report"',
        'public.customers',
        'public.empty_table',
        'public.measurements_2024',
        'public.measurements_2025',
        'public.orders',
      ].sort(),
    );
    expect(real['public.orders']).toBe(20000);
    expect(manifestCounts(m)).toEqual(real);
    expect(m.tables.every((t) => typeof t.rows === 'number')).toBe(true);

    expect(m.sizeBytes).toBe(statSync(path).size);
    expect(m.sha256).toBe(await sha256sum(path));
    expect([result.sizeBytes, result.sha256]).toEqual([m.sizeBytes, m.sha256]);
    const raw = (await run('sh', ['-c', 'gunzip -c "$1" | wc -c', 'sh', path])).stdout.trim();
    expect(m.uncompressedBytes).toBe(Number(raw));

    const [[versionNum, version, sysid]] = (await cluster.query(
      "SELECT current_setting('server_version_num'), current_setting('server_version'), (SELECT system_identifier::text FROM pg_control_system())",
    )) as [[string, string, string]];
    expect(m.server).toEqual({ version: version.split(' ')[0], versionNum: Number(versionNum), systemIdentifier: sysid });
    const dumpVersion = parseToolVersion((await run('pg_dump', ['--version'])).stdout)!.version;
    expect(m.pgDump).toEqual({ version: dumpVersion });
    expect(m.snapshot).toMatch(/^[0-9A-F]+-[0-9A-F]+-\d+$/);
    expect(m).toMatchObject({
      manifestVersion: 1,
      tool: { name: 'aza-pg', version: AZA_PG_VERSION },
      file: basename(path),
      format: 'plain',
      compression: 'gzip',
      compressionLevel: DEFAULT_GZIP_LEVEL,
      database: db,
      rowCounts: 'exact',
    });
    expect(Date.parse(m.startedAt)).toBeLessThanOrEqual(Date.parse(m.finishedAt));
    expect(m.startedAt).toMatch(/Z$/);
  });

  test('the summary table and no small-size warning for a real database', () => {
    const t = reporter.tables[0]!;
    const rows = Object.fromEntries(t.rows);
    expect(rows.Database).toBe(`${db} on ${cluster.host}`);
    expect(rows['SHA-256']).toBe(result.sha256);
    expect(rows.Tables).toBe('6');
    expect(rows.Rows).toBe(`${5000 + 20000 + 4 + 3000} (exact)`);
    expect(rows.Format).toBe(`plain, gzip level ${DEFAULT_GZIP_LEVEL}`);
    expect(reporter.warnings).toEqual([]);
    expect(reporter.text()).not.toContain(cluster.password);
  });
});

describe('other formats each produce a readable, restorable backup', () => {
  test('custom (gzip inside): pg_restore -l lists the data; pg_restore restores it', async () => {
    const dir = freshDir();
    const { result } = await backup({ ...conn(), format: 'custom' }, [db], env(), dir);
    expect(basename(result.path)).toMatch(/\.dump$/);
    expect(statSync(result.path).mode & 0o777).toBe(0o600);
    const list = (await run(cluster.tool('pg_restore'), ['-l', result.path])).stdout;
    expect(list).toMatch(/TABLE DATA public customers/);
    expect(list).toContain('TABLE DATA Sales Ops Quarterly "Report"');
    const m = manifestOf(result.path);
    expect([m.format, m.compression, m.compressionLevel, m.uncompressedBytes]).toEqual(['custom', 'gzip', 6, null]);
    expect(m.sha256).toBe(await sha256sum(result.path));
    expect(manifestCounts(m)).toEqual(await realCounts(cluster, db));
    const target = uniqueName('bk_custom');
    await restoreArchive(cluster, result.path, target);
    expect(await tableChecksums(cluster, target)).toEqual(expected);
    expect(entries(dir)).toEqual([basename(result.path), `${basename(result.path)}.manifest.json`]);
  });

  test('custom without compression', async () => {
    const dir = freshDir();
    const { result } = await backup({ ...conn(), format: 'custom', compression: 'none' }, [db, 'raw.dump'], env(), dir);
    const list = (await run(cluster.tool('pg_restore'), ['-l', result.path])).stdout;
    expect(list).toMatch(/Compression: (0|none)/);
    expect(manifestOf(result.path).compressionLevel).toBeNull();
  });

  test('directory with 2 jobs: pg_restore -l, every file hashed in the manifest, parallel restore', async () => {
    const dir = freshDir();
    const { result, reporter } = await backup({ ...conn(), format: 'directory', jobs: '2' }, [db], env(), dir);
    expect(basename(result.path)).toMatch(/\.dir$/);
    expect(statSync(result.path).isDirectory()).toBe(true);
    expect(reporter.lines.join('\n')).not.toContain('partial');
    const list = (await run(cluster.tool('pg_restore'), ['-l', result.path])).stdout;
    expect(list).toMatch(/TABLE DATA public orders/);
    expect(list).toMatch(/Format: DIRECTORY/);
    const m = manifestOf(result.path);
    const files = entries(result.path);
    expect(files).toContain('toc.dat');
    expect(m.files!.map((f) => f.path)).toEqual(files);
    for (const f of m.files!) {
      expect(f.sha256).toBe(await sha256sum(join(result.path, f.path)));
      expect(f.sizeBytes).toBe(statSync(join(result.path, f.path)).size);
      expect(statSync(join(result.path, f.path)).mode & 0o777).toBe(0o600);
    }
    // The directory digest is sha256sum's own listing, hashed.
    const digest = (
      await run('bash', ['-c', 'cd "$1" && LC_ALL=C ls | LC_ALL=C sort | xargs sha256sum | sha256sum', 'bash', result.path])
    ).stdout.split(' ')[0];
    expect(m.sha256).toBe(digest);
    expect(m.sizeBytes).toBe(m.files!.reduce((s, f) => s + f.sizeBytes, 0));
    expect(manifestCounts(m)).toEqual(await realCounts(cluster, db));
    const target = uniqueName('bk_dir');
    await restoreArchive(cluster, result.path, target, 2);
    expect(await tableChecksums(cluster, target)).toEqual(expected);
    expect(entries(dir)).toEqual([basename(result.path), `${basename(result.path)}.manifest.json`]);
  });

  test('plain zstd: zstd -t passes; zstd -dc | psql restores', async () => {
    const dir = freshDir();
    const { result } = await backup({ ...conn(), compression: 'zstd', 'compression-level': '5' }, [db], env(), dir);
    expect(basename(result.path)).toMatch(/\.sql\.zst$/);
    const t = await run('zstd', ['-t', '-q', result.path], { allowFailure: true });
    expect(t.code).toBe(0);
    const m = manifestOf(result.path);
    expect([m.compression, m.compressionLevel, m.sha256]).toEqual(['zstd', 5, await sha256sum(result.path)]);
    // The size of the dump, told by the read-back's zstd (the bytes never pass through us).
    const plainBytes = (await run('bash', ['-o', 'pipefail', '-c', 'zstd -dc "$1" | wc -c', 'size', result.path])).stdout.trim();
    expect(m.uncompressedBytes).toBe(Number(plainBytes));
    const target = uniqueName('bk_zstd');
    await restorePlain(cluster, result.path, target, 'zstd -dc');
    expect(await tableChecksums(cluster, target)).toEqual(expected);
  });

  test('plain without compression: psql -f restores it', async () => {
    const dir = freshDir();
    const { result } = await backup({ ...conn(), compression: 'none' }, [db], env(), dir);
    expect(basename(result.path)).toMatch(/\.sql$/);
    const text = readFileSync(result.path, 'utf8');
    expect(text).toContain('-- PostgreSQL database dump complete');
    const m = manifestOf(result.path);
    expect([m.compression, m.compressionLevel, m.uncompressedBytes, m.sizeBytes]).toEqual([
      'none',
      null,
      statSync(result.path).size,
      statSync(result.path).size,
    ]);
    const target = uniqueName('bk_none');
    await restorePlain(cluster, result.path, target, 'cat');
    expect(await tableChecksums(cluster, target)).toEqual(expected);
  });
});

describe('row counts', () => {
  test('estimate: reltuples as the planner knows them; unknown for a never-analyzed table', async () => {
    const edb = uniqueName('bk_est');
    await createDatabase(cluster, edb);
    await cluster.query(
      'CREATE TABLE analyzed (x int); INSERT INTO analyzed SELECT generate_series(1, 1234); ANALYZE analyzed; CREATE TABLE fresh (x int);',
      edb,
    );
    const dir = freshDir();
    const { result, reporter } = await backup({ ...conn(), 'row-counts': 'estimate' }, [edb], env(), dir);
    const m = manifestOf(result.path);
    expect(m.rowCounts).toBe('estimate');
    expect(m.tables).toEqual([
      { schema: 'public', table: 'analyzed', rows: 1234 },
      { schema: 'public', table: 'fresh', rows: null },
    ]);
    expect(Object.fromEntries(reporter.tables[0]!.rows).Rows).toBe('1234 (estimate)');
  });

  test('none: no tables, no snapshot; the backup itself is complete', async () => {
    const dir = freshDir();
    const { result, reporter } = await backup({ ...conn(), 'row-counts': 'none' }, [db], env(), dir);
    const m = manifestOf(result.path);
    expect([m.rowCounts, m.tables, m.snapshot]).toEqual(['none', [], null]);
    expect(Object.fromEntries(reporter.tables[0]!.rows).Rows).toBe('not counted');
    expect(reporter.warnings).toEqual([]);
    const target = uniqueName('bk_nocount');
    await restorePlain(cluster, result.path, target);
    expect(await tableChecksums(cluster, target)).toEqual(expected);
  });
});

describe('connections', () => {
  test('connection-uri alone (password and database inside the URI, percent-encoded)', async () => {
    const dir = freshDir();
    const { result, reporter } = await backup({ 'connection-uri': cluster.uri(db) }, [], cleanEnv(), dir);
    expect(manifestOf(result.path).database).toBe(db);
    expect(basename(result.path).startsWith(`backup_${db}_`)).toBe(true);
    expect(reporter.text()).not.toContain(cluster.password);
  });

  describe('TLS with password authentication (hostssl only, sslmode=require)', () => {
    let tlsCluster: Cluster;
    let certDir: string;
    beforeAll(async () => {
      certDir = mkdtempSync(join(tmpdir(), 'aza-backup-tls-'));
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '2',
        '-keyout',
        join(certDir, 'server.key'),
        '-out',
        join(certDir, 'server.crt'),
      ]);
      tlsCluster = await createCluster({ tls: { certFile: join(certDir, 'server.crt'), keyFile: join(certDir, 'server.key') } });
      await tlsCluster.query(
        "CREATE TABLE secret_data (id int, v text); INSERT INTO secret_data SELECT g, 'v' || g FROM generate_series(1, 777) g;",
      );
    }, 120000);
    afterAll(async () => {
      await tlsCluster?.destroy();
      rmSync(certDir, { recursive: true, force: true });
    });

    test('the server refuses a connection without TLS (so the backup below really used it)', async () => {
      const r = await run(tlsCluster.tool('psql'), ['-X', '-c', 'SELECT 1'], {
        env: cleanEnv({
          PGHOST: tlsCluster.host,
          PGPORT: String(tlsCluster.port),
          PGUSER: tlsCluster.superuser,
          PGPASSWORD: tlsCluster.password,
          PGSSLMODE: 'disable',
          PGDATABASE: 'postgres',
        }),
        allowFailure: true,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no pg_hba.conf entry .* no encryption/);
    });

    test('backup with --sslmode require and the password from PGPASSWORD', async () => {
      const dir = freshDir();
      const { result, reporter } = await backup(
        { host: tlsCluster.host, port: String(tlsCluster.port), user: tlsCluster.superuser, sslmode: 'require' },
        [],
        cleanEnv({ PGPASSWORD: tlsCluster.password }),
        dir,
      );
      const m = manifestOf(result.path);
      expect(m.database).toBe('postgres');
      expect(m.tables).toEqual([{ schema: 'public', table: 'secret_data', rows: 777 }]);
      expect(await copyRowsInDump(result.path, 'public', 'secret_data')).toBe(777);
      expect((await run('gunzip', ['-t', result.path], { allowFailure: true })).code).toBe(0);
      expect(reporter.text()).not.toContain(tlsCluster.password);
    });

    test('PGSSLMODE=require from the environment works too (custom format)', async () => {
      const dir = freshDir();
      const c = tlsCluster.connection();
      const { result } = await backup(
        { format: 'custom' },
        ['postgres'],
        cleanEnv({ PGHOST: c.host, PGPORT: String(c.port), PGUSER: c.user, PGPASSWORD: c.password, PGSSLMODE: 'require' }),
        dir,
      );
      expect((await run(tlsCluster.tool('pg_restore'), ['-l', result.path])).stdout).toMatch(/TABLE DATA public secret_data/);
    });
  });
});

describe('dry run and overwrite', () => {
  test('--dry-run checks the connection, prints the plan and writes nothing', async () => {
    const dir = freshDir();
    const { dryRun, reporter } = await backup({ ...conn(), 'dry-run': 'true' }, [db, 'planned.sql.gz'], env(), dir);
    expect(dryRun).toBe(true);
    expect(entries(dir)).toEqual([]);
    const text = reporter.lines.join('\n');
    expect(text).toContain(`output:     ${join(dir, 'planned.sql.gz')}`);
    // igzip deflates behind pg_dump where installed; else pg_dump gzips itself, nothing piped after it.
    const deflate = findIgzip(process.env) ? ` \\| igzip -${IGZIP_LEVEL}` : ` --compress=${DEFAULT_GZIP_LEVEL}`;
    expect(text).toMatch(new RegExp(`--format=plain --no-owner --no-acl${deflate}$`, 'm'));
    expect(reporter.tables).toEqual([]);
  });

  test('--dry-run still fails on a bad connection', async () => {
    const dir = freshDir();
    await expect(backup({ ...conn(), 'dry-run': 'true' }, ['no_such_database_xyz'], env(), dir)).rejects.toMatchObject({
      code: 'DATABASE_NOT_FOUND',
    });
    expect(entries(dir)).toEqual([]);
  });

  test('overwrite replaces the file and its manifest (new data, new counts, no leftovers)', async () => {
    const odb = uniqueName('bk_over');
    await createDatabase(cluster, odb);
    await cluster.query('CREATE TABLE t (x int); INSERT INTO t SELECT generate_series(1, 100);', odb);
    const dir = freshDir();
    const first = await backup(conn(), [odb, 'fixed.sql.gz'], env(), dir);
    const firstSha = first.result.sha256;
    writeFileSync(join(dir, 'unrelated.txt'), 'keep me');
    await cluster.query('INSERT INTO t SELECT generate_series(101, 250);', odb);

    await expect(backup(conn(), [odb, 'fixed.sql.gz'], env(), dir)).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    expect(await sha256sum(join(dir, 'fixed.sql.gz'))).toBe(firstSha);

    const second = await backup({ ...conn(), overwrite: 'true' }, [odb, 'fixed.sql.gz'], env(), dir);
    expect(second.result.path).toBe(join(dir, 'fixed.sql.gz'));
    expect(second.result.sha256).not.toBe(firstSha);
    const m = manifestOf(join(dir, 'fixed.sql.gz'));
    expect(m.tables).toEqual([{ schema: 'public', table: 't', rows: 250 }]);
    expect(m.sha256).toBe(await sha256sum(join(dir, 'fixed.sql.gz')));
    expect(await copyRowsInDump(join(dir, 'fixed.sql.gz'), 'public', 't')).toBe(250);
    expect(statSync(join(dir, 'fixed.sql.gz')).mode & 0o777).toBe(0o600);
    expect(entries(dir)).toEqual(['fixed.sql.gz', 'fixed.sql.gz.manifest.json', 'unrelated.txt']);
  });

  test('overwrite replaces a directory-format backup as a whole', async () => {
    const dir = freshDir();
    const out = join(dir, 'site.dir');
    await backup({ ...conn(), format: 'directory', jobs: '1' }, [db, out], env(), dir);
    writeFileSync(join(out, 'stray.txt'), 'left behind?');
    const { result } = await backup({ ...conn(), format: 'directory', jobs: '1', overwrite: 'true' }, [db, out], env(), dir);
    expect(entries(out)).not.toContain('stray.txt');
    expect(manifestOf(result.path).files!.map((f) => f.path)).toEqual(entries(out));
    expect(entries(dir)).toEqual(['site.dir', 'site.dir.manifest.json']);
  });
});

describe('snapshot consistency', () => {
  test('rows committed while the dump runs change neither the dump nor the manifest: both describe one snapshot', async () => {
    const sdb = uniqueName('bk_snap');
    await createDatabase(cluster, sdb);
    await cluster.query(
      `CREATE TABLE big (id bigserial PRIMARY KEY, payload text, at timestamptz DEFAULT clock_timestamp());
       INSERT INTO big (payload) SELECT md5(g::text) || repeat('x', 40) FROM generate_series(1, 300000) g;
       CREATE TABLE stop_flag (x int);
       CREATE PROCEDURE writer() LANGUAGE plpgsql AS $$
       DECLARE i int := 0; started timestamptz := clock_timestamp();
       BEGIN
         LOOP
           INSERT INTO big (payload) VALUES ('concurrent ' || i);
           COMMIT;
           i := i + 1;
           EXIT WHEN (i % 20 = 0 AND EXISTS (SELECT 1 FROM stop_flag)) OR clock_timestamp() > started + interval '90 seconds';
           PERFORM pg_sleep(0.001);
         END LOOP;
       END $$;`,
      sdb,
    );
    const count = async () => Number((await cluster.query('SELECT count(*) FROM big', sdb))[0]![0]);
    const initial = await count();
    const writer = cluster.query('CALL writer()', sdb);
    writer.catch(() => {});
    try {
      // The writer is running before the backup starts.
      const deadline = Date.now() + 20000;
      while ((await count()) < initial + 50) {
        if (Date.now() > deadline) throw new Error('the concurrent writer did not start');
        await new Promise((r) => setTimeout(r, 50));
      }
      const dir = freshDir();
      const atStart = await count();
      const { result } = await backup(conn(), [sdb], env(), dir);
      const atEnd = await count();
      const m = manifestOf(result.path);
      const manifestRows = m.tables.find((t) => t.table === 'big')!.rows!;
      const dumpedRows = await copyRowsInDump(result.path, 'public', 'big');

      // The writer really inserted rows during the backup...
      expect(atEnd).toBeGreaterThan(atStart);
      expect(manifestRows).toBeGreaterThanOrEqual(atStart);
      expect(manifestRows).toBeLessThan(atEnd);
      // ...yet the manifest counts exactly the rows in the file.
      expect(manifestRows).toBe(dumpedRows);
      expect(m.snapshot).not.toBeNull();
    } finally {
      await cluster.query('INSERT INTO stop_flag VALUES (1)', sdb);
      await writer;
    }
  });
});
