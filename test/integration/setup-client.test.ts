/**
 * setup-client (aza-pg/setup-pg-client) with the runner's real tool cache (@actions/tool-cache,
 * the action face's adapter): Debian's own postgresql-client-15 package, fetched with apt-get
 * download, served from a loopback HTTP server on 127.0.0.1, installed into a runner-like tool
 * cache (RUNNER_TOOL_CACHE, RUNNER_TEMP in a temp dir); the next backup uses that client with no
 * other PostgreSQL client on PATH.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubToolCache } from '../../src/actions/tool-cache.js';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import { execute, perform, settingsFrom } from '../../src/core/operation.js';
import { MemoryReporter } from '../../src/core/report.js';
import { setupClient, type SetupClientResult } from '../../src/core/setup-client/index.js';
import { backup, clusterEnv } from '../harness/backup-helpers.js';
import { azaRejectionOf } from '../harness/expect-errors.js';

let dir: string;
let deb: string;
let server: Server;
let base: string;
let cluster: Cluster;
const requests: string[] = [];
const saved = {
  PATH: process.env.PATH,
  RUNNER_TOOL_CACHE: process.env.RUNNER_TOOL_CACHE,
  RUNNER_TEMP: process.env.RUNNER_TEMP,
  GITHUB_PATH: process.env.GITHUB_PATH,
};
const g = globalThis as Record<string, unknown>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aza-pg-setup-client-'));
  // Debian's own package, as apt has it for this release.
  await run('apt-get', ['download', 'postgresql-client-15'], { cwd: dir, timeoutMs: 120000 });
  const found = readdirSync(dir).filter((n) => /^postgresql-client-15_.*\.deb$/.test(n));
  expect(found).toHaveLength(1);
  deb = join(dir, found[0]!);
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/pool/postgresql-client-15.deb') {
      res.writeHead(200, { 'content-type': 'application/vnd.debian.binary-package' });
      createReadStream(deb).pipe(res);
    } else if (req.url === '/broken') {
      res.writeHead(500).end('broken');
    } else res.writeHead(404).end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A runner's tool cache and temp directory; tool-cache reads them from the environment.
  process.env.RUNNER_TOOL_CACHE = mkdtempSync(join(dir, 'toolcache-'));
  process.env.RUNNER_TEMP = mkdtempSync(join(dir, 'temp-'));
  process.env.GITHUB_PATH = join(dir, 'github_path');
  writeFileSync(process.env.GITHUB_PATH, '');
  // tool-cache waits 10-20 s between download retries; none here.
  g.TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS = 0;
  g.TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS = 0;
  base = mkdtempSync(join(tmpdir(), 'aza-pg-setup-client-bk-'));
  cluster = await createCluster();
  await cluster.query(
    'CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 2000) g;',
  );
}, 300000);

afterAll(async () => {
  await cluster?.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  delete g.TEST_DOWNLOAD_TOOL_RETRY_MIN_SECONDS;
  delete g.TEST_DOWNLOAD_TOOL_RETRY_MAX_SECONDS;
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (base) rmSync(base, { recursive: true, force: true });
});

const url = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

async function setup(raw: Record<string, string>): Promise<{ result: SetupClientResult; reporter: MemoryReporter }> {
  const reporter = new MemoryReporter();
  const env = { ...process.env };
  const result = await execute(setupClient, settingsFrom(setupClient, raw, env, dir), { env, toolCache: githubToolCache }, reporter);
  return { result, reporter };
}

describe('setup-pg-client with the runner tool cache', () => {
  let installed: SetupClientResult;

  test('the served package is downloaded, unpacked and cached; its directory goes on PATH and to GITHUB_PATH', async () => {
    const { result } = await setup({ major: '15', sources: 'tool-cache,package', package: url('/pool/postgresql-client-15.deb') });
    installed = result;
    expect(result.source).toBe('package');
    expect(result.major).toBe(15);
    const version = /postgresql-client-15_(15\.\d+)-/.exec(deb)![1]!;
    expect(result.version).toBe(version);
    expect(result.binDir).toBe(join(process.env.RUNNER_TOOL_CACHE!, 'postgresql-client', `${version}.0`, 'x64', 'bin'));
    expect(requests).toContain('/pool/postgresql-client-15.deb');
    expect(readFileSync(process.env.GITHUB_PATH!, 'utf8')).toContain(result.binDir);
    expect(process.env.PATH!.split(':')[0]).toBe(result.binDir);
    const v = await run(join(result.binDir, 'pg_dump'), ['--version']);
    expect(v.stdout).toContain(`(PostgreSQL) ${version}`);
  }, 120000);

  test('a following backup uses that client, with no other PostgreSQL client on PATH', async () => {
    const env = clusterEnv(cluster, { PATH: installed.binDir });
    const out = join(base, 'after-setup.dump');
    const { result, reporter } = await backup({ format: 'custom', 'pg-bin-dir': installed.binDir }, ['postgres', out], env, base);
    expect(result.manifest.pgDump.version).toBe(installed.version);
    expect(reporter.text()).toContain(`using ${join(installed.binDir, 'pg_dump')} (${installed.version})`);
    const toc = await run(join(installed.binDir, 'pg_restore'), ['-l', out], { env });
    expect(toc.stdout).toContain('TABLE DATA public items');
  }, 120000);

  test('the second time the client comes from the tool cache, without a download', async () => {
    const before = requests.length;
    const { result } = await setup({ major: '15', sources: 'tool-cache,package', package: url('/pool/postgresql-client-15.deb') });
    expect(result.source).toBe('tool-cache');
    expect(result.binDir).toBe(installed.binDir);
    expect(requests.length).toBe(before);
  }, 60000);

  test("the major of a given server: the cluster's, asked with the machine's psql", async () => {
    const reporter = new MemoryReporter();
    const env = clusterEnv(cluster);
    const outcome = await perform(
      setupClient,
      settingsFrom(setupClient, { 'dry-run': 'true' }, env, dir),
      { env, toolCache: githubToolCache },
      reporter,
    );
    expect(outcome.dryRun).toBe(true);
    expect(outcome.plan.major).toBe(cluster.bin.major);
    expect(outcome.plan.source).toBe('installed');
  }, 60000);

  test('a server error is retried without delay, then DOWNLOAD_FAILED; nothing cached', async () => {
    const e = await azaRejectionOf(setup({ major: '16', sources: 'package', package: url('/broken') }));
    expect(e.code).toBe('DOWNLOAD_FAILED');
    expect(e.message).toContain('/broken');
    expect(requests.filter((r) => r === '/broken').length).toBeGreaterThan(1);
    expect(readdirSync(join(process.env.RUNNER_TOOL_CACHE!, 'postgresql-client')).filter((n) => n.startsWith('16'))).toEqual([]);
  }, 60000);

  test('a package of another major is refused (CLIENT_PACKAGE_INVALID), nothing cached; no package and no client: CLIENT_UNAVAILABLE', async () => {
    const e = await azaRejectionOf(setup({ major: '16', sources: 'tool-cache,package', package: deb }));
    expect(e.code).toBe('CLIENT_PACKAGE_INVALID');
    expect(e.message).toContain('PostgreSQL 15 client');
    expect(readdirSync(join(process.env.RUNNER_TOOL_CACHE!, 'postgresql-client')).filter((n) => n.startsWith('16'))).toEqual([]);
    const none = await azaRejectionOf(setup({ major: '16', sources: 'tool-cache' }));
    expect(none.code).toBe('CLIENT_UNAVAILABLE');
    expect(none.hint).toContain('postgresql-client-16');
  }, 60000);

  test('a package whose SHA-256 is not the one given is refused before it is unpacked; the right one installs', async () => {
    const wrong = await azaRejectionOf(setup({ major: '15', sources: 'package', package: deb, 'package-sha256': '0'.repeat(64) }));
    expect(wrong.code).toBe('CLIENT_PACKAGE_INVALID');
    expect(wrong.message).toContain('not the 0000');
    const sha = (await run('sha256sum', [deb])).stdout.split(' ')[0]!;
    const { result } = await setup({ major: '15', sources: 'package', package: deb, 'package-sha256': sha });
    expect(result.source).toBe('package');
    expect(result.version).toBe(installed.version);
  }, 60000);
});
