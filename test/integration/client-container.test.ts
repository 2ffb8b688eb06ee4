/**
 * A second PostgreSQL major for real: a PostgreSQL 17 server in a container (Debian trixie, built
 * by scripts/ci/docker-image-major.sh; its binaries need glibc 2.38, so they run only there),
 * published on 127.0.0.1. The host's pg_dump 15 is refused with TOOL_TOO_OLD and its ways
 * forward; the client of the server's major taken from that image (client-image, docker run
 * --network host) backs up and restores, streaming to the host.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { clientContainerBinDir } from '../../src/core/client-container.js';
import { run } from '../../src/core/exec.js';
import { execute, settingsFrom } from '../../src/core/operation.js';
import { MemoryReporter } from '../../src/core/report.js';
import { restore as restoreOperation } from '../../src/core/restore/index.js';
import { verify as verifyOperation } from '../../src/core/verify/index.js';
import { backup, backupFailure, cleanEnv } from '../harness/backup-helpers.js';
import { dockerDescribe, startPublishedServer, type PublishedServer } from '../harness/docker.js';

const describeDocker = await dockerDescribe();

describeDocker('a PostgreSQL 17 server in a container', () => {
  let server: PublishedServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const checksums = async (database: string) => {
    const r = await server.container.exec([
      'psql',
      '-X',
      '-A',
      '-t',
      '-U',
      'postgres',
      '-d',
      database,
      '-c',
      `SELECT count(*), md5(string_agg(id || ':' || name || ':' || qty, ',' ORDER BY id)) FROM items`,
    ]);
    expect(r.code).toBe(0);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    server = await startPublishedServer(17);
    dir = mkdtempSync(join(tmpdir(), 'aza-pg-client-container-'));
    env = cleanEnv({ PGHOST: '127.0.0.1', PGPORT: String(server.port), PGUSER: 'postgres', PGPASSWORD: server.password });
    await server.container.query('CREATE DATABASE shop');
    const seeded = await server.container.exec([
      'psql',
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-U',
      'postgres',
      '-d',
      'shop',
      '-c',
      'CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL); ' +
        "INSERT INTO items SELECT g, 'item ' || g || ' é', g % 17 FROM generate_series(1, 5000) g;",
    ]);
    expect(seeded.stderr).toBe('');
    expect(seeded.code).toBe(0);
  }, 900000);

  afterAll(async () => {
    await server?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the host's pg_dump 15 is refused: TOOL_TOO_OLD names setup-pg-client, aza-pg setup-client and client-image; nothing written", async () => {
    const out = join(dir, 'refused.sql.gz');
    const { error } = await backupFailure({}, ['shop', out], env, dir);
    expect(error.code).toBe('TOOL_TOO_OLD');
    expect(error.message).toContain('PostgreSQL 17');
    expect(error.message).toMatch(/pg_dump.*\(15\.\d+\)/);
    expect(error.hint).toContain('aza-pg/setup-pg-client');
    expect(error.hint).toContain('aza-pg setup-client --major 17');
    expect(error.hint).toContain('--client-image postgres:17');
    expect(error.hint).toContain('client-container');
    expect(() => statSync(out)).toThrow();
  }, 120000);

  test('client-image: a plain backup streams to the host, 0600, with the \\restrict line of pg_dump 17', async () => {
    const out = join(dir, 'plain.sql.gz');
    const { result, reporter } = await backup({ 'client-image': server.image }, ['shop', out], env, dir);
    expect(result.manifest.pgDump.version).toMatch(/^17\./);
    expect(reporter.text()).toContain(`docker-image:${server.image}/pg_dump (17.`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const sql = gunzipSync(readFileSync(out)).toString('utf8');
    expect(sql).toMatch(/^\\restrict [A-Za-z0-9]+$/m);
    expect(sql).toMatch(/^\\unrestrict [A-Za-z0-9]+$/m);
    expect(sql).toContain('item 4999 é');
    expect(reporter.text()).not.toContain(server.password);
  }, 300000);

  test('client-image: a custom archive with zstd inside (pg_dump >= 16) restores into a new database, rows equal', async () => {
    const out = join(dir, 'shop.dump');
    const { result } = await backup({ 'client-image': server.image, format: 'custom', compression: 'zstd' }, ['shop', out], env, dir);
    expect(result.manifest.pgDump.version).toMatch(/^17\./);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // The archive's own header, read by the pg_restore of its major, through the same path.
    const toc = await run(`${clientContainerBinDir('image', server.image)}/pg_restore`, ['-l', out], { env });
    expect(toc.stdout).toMatch(/Compression: zstd/);

    const reporter = new MemoryReporter();
    const settings = settingsFrom(
      restoreOperation,
      { backup: out, database: 'shop_copy', yes: 'true', create: 'true', 'client-image': server.image },
      env,
      dir,
    );
    await execute(restoreOperation, settings, { env }, reporter);
    expect(await checksums('shop_copy')).toBe(await checksums('shop'));
    expect(await checksums('shop_copy')).toMatch(/^5000\|/);
    expect(reporter.text()).not.toContain(server.password);
  }, 300000);

  test('client-container: docker exec into the running server container, the connection as seen from inside it', async () => {
    const out = join(dir, 'exec.sql.gz');
    const inside = { ...env, PGPORT: '5432' };
    const { result } = await backup({ 'client-container': server.container.name }, ['shop', out], inside, dir);
    expect(result.manifest.pgDump.version).toMatch(/^17\./);
    expect(gunzipSync(readFileSync(out)).toString('utf8')).toContain('item 4999 é');
  }, 300000);

  test('client-image: verify restores the custom archive into a scratch database on the PostgreSQL 17 server and counts its rows', async () => {
    const out = join(dir, 'shop.dump');
    const reporter = new MemoryReporter();
    const settings = settingsFrom(
      verifyOperation,
      { backup: out, scratch: 'connection', 'client-image': server.image, 'smoke-sql': 'SELECT count(*) = 5000 FROM items' },
      env,
      dir,
    );
    const result = await execute(verifyOperation, settings, { env }, reporter);
    expect(result.passed).toBe(true);
    expect(result.rows).toBe(5000);
    expect(reporter.text()).not.toContain(server.password);
    // The scratch database is gone again.
    const left = await server.container.query("SELECT count(*) FROM pg_database WHERE datname LIKE 'aza_pg_verify_%'");
    expect(left).toEqual([['0']]);
  }, 300000);
});
