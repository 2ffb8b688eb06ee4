/**
 * Issue 9: what real databases hold must survive backup, verify and restore — partitioned tables
 * under amcheck, roles named by the dump, owners and grants, the database's own properties.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chownSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, serverRunAs, type Cluster } from '../../src/core/cluster.js';
import { AzaError } from '../../src/core/errors.js';
import { execute } from '../../src/core/operation.js';
import { MemoryReporter } from '../../src/core/report.js';
import { restore as restoreOperation } from '../../src/core/restore/index.js';
import { verify, VerifyFailed } from '../../src/core/verify/index.js';
import type { VerifySettings } from '../../src/core/verify/settings.js';
import { backup, createDb, databaseProperties, databases, restore, restoreSettings, tableChecksums } from '../harness/restore-helpers.js';

let cluster: Cluster;
let dir: string;
const tablespaceDirs: string[] = [];

function verifySettings(backupPath: string, extra: Partial<VerifySettings> = {}): VerifySettings {
  return { backup: backupPath, scratch: 'cluster', smokeSql: [], amcheck: false, requireManifest: false, ...extra };
}

async function failure(p: Promise<unknown>): Promise<AzaError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AzaError);
  return e as AzaError;
}

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-real-schemas-'));
}, 120000);

afterAll(async () => {
  await cluster?.destroy();
  for (const d of [dir, ...tablespaceDirs]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('amcheck on partitioned tables', () => {
  beforeAll(async () => {
    await createDb(cluster, 'parts');
    await cluster.query(
      `CREATE TABLE measurements (id bigint, at date, v int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
       CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
       CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
       CREATE INDEX ON measurements (v);
       INSERT INTO measurements SELECT g, date '2025-01-01' + (g % 700), g FROM generate_series(1, 5000) g`,
      'parts',
    );
  });

  test('a partitioned table with a primary key passes: only the leaf indexes are checked', async () => {
    const path = await backup(cluster, 'parts', dir, 'custom', 'gzip', 'parts.dump');
    const r = await execute(verify, verifySettings(path, { amcheck: true }), { env: process.env }, new MemoryReporter());
    expect(r.passed).toBe(true);
    // Two partitions, each with its primary key and its index on v; the two partitioned indexes are not checked.
    expect(r.indexesChecked).toBe(4);
  });

  test('an index amcheck may not check is "could not check", not "damaged"', async () => {
    // A role that may create databases but not run bt_index_check (amcheck revokes it from PUBLIC).
    await cluster.query("CREATE ROLE plain_verifier LOGIN CREATEDB PASSWORD 'pv'");
    // The scratch database is made from template0: amcheck there, so CREATE EXTENSION IF NOT EXISTS passes.
    await cluster.query('ALTER DATABASE template0 ALLOW_CONNECTIONS true');
    await cluster.query('CREATE EXTENSION IF NOT EXISTS amcheck', 'template0');
    try {
      const path = await backup(cluster, 'parts', dir, 'plain', 'gzip', 'parts.sql.gz');
      const conn = { ...cluster.connection(), user: 'plain_verifier', password: 'pv' };
      const err = await failure(
        execute(
          verify,
          verifySettings(path, { amcheck: true, scratch: 'connection', connection: conn, pgBinDir: cluster.bin.binDir }),
          { env: process.env },
          new MemoryReporter(),
        ),
      );
      expect(err.message).toContain('amcheck could not check 4 of 4 indexes (none was found damaged)');
      expect(err.message).toContain('permission denied');
      expect(err.message).not.toMatch(/damaged index|do not trust/i);
    } finally {
      await cluster.query('DROP EXTENSION amcheck', 'template0');
      await cluster.query('ALTER DATABASE template0 ALLOW_CONNECTIONS false');
    }
  });
});

describe('the database itself survives an atomic restore', () => {
  test('owner, encoding, locale, tablespace, connection limit, ALLOW_CONNECTIONS, IS_TEMPLATE, settings, per-role settings, grants, comment', async () => {
    // A tablespace in a directory the server's OS user owns.
    const tsDir = mkdtempSync(join(tmpdir(), 'aza-tablespace-'));
    tablespaceDirs.push(tsDir);
    const runAs = await serverRunAs();
    if (runAs.uid !== undefined) chownSync(tsDir, runAs.uid, runAs.gid!);
    await cluster.query(`CREATE TABLESPACE ts1 LOCATION '${tsDir}'`);
    await cluster.query('CREATE ROLE props_owner; CREATE ROLE props_reader; CREATE ROLE props_admin');
    await createDb(cluster, 'props_src');
    await cluster.query("CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'one'), (2, 'two')", 'props_src');
    const path = await backup(cluster, 'props_src', dir, 'plain', 'gzip', 'props.sql.gz');

    await cluster.query(
      "CREATE DATABASE props TEMPLATE template0 OWNER props_owner ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TABLESPACE ts1 CONNECTION LIMIT 7",
    );
    await cluster.query(
      `ALTER DATABASE props SET work_mem TO '5MB';
       ALTER DATABASE props SET search_path TO "$user", public;
       ALTER ROLE props_reader IN DATABASE props SET statement_timeout TO '7s';
       REVOKE ALL ON DATABASE props FROM PUBLIC;
       GRANT CONNECT ON DATABASE props TO props_reader;
       GRANT CONNECT, TEMPORARY ON DATABASE props TO props_admin WITH GRANT OPTION;
       COMMENT ON DATABASE props IS 'the shop''s database';
       ALTER DATABASE props IS_TEMPLATE true;
       ALTER DATABASE props ALLOW_CONNECTIONS false`,
    );
    const before = await databaseProperties(cluster, 'props');
    expect(before).toMatchObject({ tablespace: 'ts1', isTemplate: 'true', allowConnections: 'false', comment: "the shop's database" });

    const { result } = await restore(cluster, path, 'props');
    expect(await databaseProperties(cluster, 'props')).toEqual(before);
    expect(await databaseProperties(cluster, result.previousDatabase!)).toEqual(before);
    await cluster.query('ALTER DATABASE props ALLOW_CONNECTIONS true');
    expect(await tableChecksums(cluster, 'props')).toEqual(await tableChecksums(cluster, 'props_src'));
  });

  test('a template target: replaced without keeping the previous database (its old copy dropped), and in replace mode', async () => {
    await createDb(cluster, 'tmpl_src');
    await cluster.query('CREATE TABLE t (a int)', 'tmpl_src');
    const path = await backup(cluster, 'tmpl_src', dir, 'custom', 'gzip', 'tmpl.dump');
    await createDb(cluster, 'tmpl');
    await cluster.query("ALTER DATABASE tmpl IS_TEMPLATE true; COMMENT ON DATABASE tmpl IS 'a template'");
    const before = await databaseProperties(cluster, 'tmpl');
    const all = await databases(cluster);
    await restore(cluster, path, 'tmpl', { keepPrevious: false });
    expect(await databaseProperties(cluster, 'tmpl')).toEqual(before);
    expect(await databases(cluster)).toEqual(all);
    // replace: dropped (a template cannot be, until it stops being one), created like it, loaded.
    await restore(cluster, path, 'tmpl', { mode: 'replace' });
    expect(await databaseProperties(cluster, 'tmpl')).toEqual(before);
    expect(await databases(cluster)).toEqual(all);
  });
});

describe('roles the dump names', () => {
  let plain: string;
  let archive: string;
  beforeAll(async () => {
    await cluster.query('CREATE ROLE app_user; CREATE ROLE "App Owner"; CREATE ROLE auditor; CREATE ROLE unused_role');
    await createDb(cluster, 'rls');
    await cluster.query(
      `CREATE TABLE t (id int, who regrole, acl aclitem[]);
       ALTER TABLE t ENABLE ROW LEVEL SECURITY;
       CREATE POLICY p ON t TO app_user USING (true);
       INSERT INTO t VALUES (1, 'auditor', NULL), (2, NULL, '{"\\"App Owner\\"=r/auditor"}');
       CREATE TABLE owned (a int);
       ALTER TABLE owned OWNER TO "App Owner";
       GRANT SELECT ON owned TO app_user`,
      'rls',
    );
    plain = await backup(cluster, 'rls', dir, 'plain', 'gzip', 'rls.sql.gz');
    archive = await backup(cluster, 'rls', dir, 'custom', 'gzip', 'rls.dump');
  });

  test('the manifest records the roles the database refers to (owners, grants, policies, regrole and aclitem data), not the others', () => {
    const m = JSON.parse(readFileSync(`${plain}.manifest.json`, 'utf8'));
    expect(m.roles).toEqual(expect.arrayContaining(['App Owner', 'app_user', 'auditor']));
    expect(m.roles).not.toContain('unused_role');
  });

  test('verify passes on a throw-away cluster, creating the roles first, and names them', async () => {
    for (const path of [plain, archive]) {
      const r = await execute(verify, verifySettings(path), { env: process.env }, new MemoryReporter());
      expect(r.passed).toBe(true);
      expect(r.checks.find((c) => c.name === 'Roles')?.detail).toMatch(
        /^created 3 roles the dump names \(NOLOGIN, no password\): "App Owner", "app_user", "auditor"/,
      );
    }
  });

  test('restore into another cluster with create-roles keeps the owners (keep-owners) and says which roles it created', async () => {
    const other = await createCluster();
    try {
      const r = await execute(
        restoreOperation,
        { ...restoreSettings(other, archive, 'rls'), keepOwners: true, keepPrivileges: true, createRoles: true },
        { env: process.env },
        new MemoryReporter(),
      );
      expect(r.rolesCreated).toEqual(['App Owner', 'app_user', 'auditor']);
      expect(await other.query("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'owned'", 'rls')).toEqual([['App Owner']]);
      expect(await other.query("SELECT rolcanlogin::text, coalesce(rolpassword, '') FROM pg_authid WHERE rolname = 'app_user'")).toEqual([
        ['false', ''],
      ]);
    } finally {
      await other.destroy();
    }
  });

  test('a backup made before roles were recorded: the verdict names the missing role, not the backup', async () => {
    const old = join(dir, 'old.sql.gz');
    copyFileSync(plain, old);
    const { roles: _roles, ...manifest } = JSON.parse(readFileSync(`${plain}.manifest.json`, 'utf8'));
    writeFileSync(`${old}.manifest.json`, JSON.stringify({ ...manifest, file: 'old.sql.gz' }));
    const err = await failure(execute(verify, verifySettings(old), { env: process.env }, new MemoryReporter()));
    expect(err.message).toMatch(/lacks the role "(app_user|auditor|App Owner)"/);
    expect(err.message).toContain('not a fault of the backup');
    expect(err.message).not.toMatch(/take a new one|do not (rely|trust)/i);
    expect(verify.summary((err as VerifyFailed).result)!.notes).toEqual([expect.stringContaining('The backup itself is not at fault')]);
  });
});

describe('owners and grants of the database restored over', () => {
  /** Owners and grants of every object, as text, sorted. */
  async function ownersAndGrants(database: string): Promise<string[][]> {
    return cluster.query(
      `SELECT c.relname, pg_get_userbyid(c.relowner), coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(c.relacl) a), '')
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'app' ORDER BY 1`,
      database,
    );
  }
  const SCHEMA = `CREATE SCHEMA app AUTHORIZATION app_owner;
     CREATE TABLE app.orders (id int PRIMARY KEY, total numeric);
     CREATE TABLE app.customers (id int PRIMARY KEY, name text);
     CREATE VIEW app.big_orders AS SELECT * FROM app.orders WHERE total > 100;
     ALTER TABLE app.orders OWNER TO app_owner; ALTER TABLE app.customers OWNER TO app_owner; ALTER VIEW app.big_orders OWNER TO app_owner;
     GRANT USAGE ON SCHEMA app TO app_reader;
     GRANT SELECT ON app.orders, app.customers, app.big_orders TO app_reader;
     GRANT INSERT, UPDATE ON app.orders TO app_writer;
     INSERT INTO app.orders VALUES (1, 50), (2, 150); INSERT INTO app.customers VALUES (1, 'Ada')`;

  beforeAll(async () => {
    await cluster.query('CREATE ROLE app_owner; CREATE ROLE app_reader; CREATE ROLE app_writer');
    await createDb(cluster, 'shop_src');
    await cluster.query(SCHEMA, 'shop_src');
  });

  async function target(name: string): Promise<string[][]> {
    await createDb(cluster, name);
    await cluster.query(SCHEMA, name);
    return ownersAndGrants(name);
  }

  test('a plain backup without privileges is refused over a database with owners and grants, naming what would be lost', async () => {
    const before = await target('shop1');
    const path = await backup(cluster, 'shop_src', dir, 'plain', 'gzip', 'shop.sql.gz');
    const all = await databases(cluster);
    const e = await failure(restore(cluster, path, 'shop1'));
    expect(e.code).toBe('PRIVILEGES_WOULD_BE_LOST');
    expect(e.message).toContain('Restoring over "shop1" would lose 4 owners (');
    expect(e.message).toContain('table app.orders owned by app_owner');
    expect(e.message).toContain('grants (');
    expect(e.message).toContain('SELECT on table app.customers to app_reader');
    expect(e.message).toContain('the backup was made without owners and grants');
    expect(e.hint).toContain('--accept-privilege-loss');
    expect(await databases(cluster)).toEqual(all);
    expect(await ownersAndGrants('shop1')).toEqual(before);

    // Told so, it restores, and the loss is what it said.
    await restore(cluster, path, 'shop1', { acceptPrivilegeLoss: true, keepPrevious: false });
    expect((await ownersAndGrants('shop1')).map((r) => r[1])).not.toContain('app_owner');
  });

  test('a backup made with privileges keeps every owner and grant (and the database-level ones)', async () => {
    const before = await target('shop2');
    await cluster.query(
      "GRANT CONNECT ON DATABASE shop2 TO app_reader; COMMENT ON DATABASE shop2 IS 'orders'; ALTER DATABASE shop2 SET work_mem TO '6MB'",
    );
    const props = await databaseProperties(cluster, 'shop2');
    const path = await backup(cluster, 'shop_src', dir, 'plain', 'gzip', 'shop-priv.sql.gz', { privileges: true });
    expect(JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8')).privileges).toBe(true);
    await restore(cluster, path, 'shop2');
    expect(await ownersAndGrants('shop2')).toEqual(before);
    expect(await databaseProperties(cluster, 'shop2')).toEqual(props);
  });

  test('an archive: refused without keep-owners/keep-privileges, kept with them', async () => {
    const before = await target('shop3');
    const path = await backup(cluster, 'shop_src', dir, 'custom', 'gzip', 'shop.dump');
    const e = await failure(restore(cluster, path, 'shop3'));
    expect(e.code).toBe('PRIVILEGES_WOULD_BE_LOST');
    expect(e.message).toContain('the restore leaves out owners (--keep-owners) and grants (--keep-privileges)');
    await restore(cluster, path, 'shop3', { keepOwners: true, keepPrivileges: true });
    expect(await ownersAndGrants('shop3')).toEqual(before);
  });
});
