/**
 * `aza-pg status` over real Docker containers (docker exec, the spec's setup): a primary and its
 * streaming replica, then split brain once the replica is promoted while the primary still runs,
 * then a stopped container reported as down. Skips visibly without a Docker daemon; fails in CI.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { join, resolve } from 'node:path';
import { run, type RunResult } from '../../src/core/exec.js';
import { cleanEnv } from '../harness/backup-helpers.js';
import { dockerDescribe, startContainerPair, type ContainerPair } from '../harness/docker.js';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const BUN = join(ROOT, 'node_modules/.bin/bun');
const CLI_SRC = join(ROOT, 'src/cli/index.ts');

const describeDocker = await dockerDescribe();

describeDocker('status over docker exec', () => {
  let pair: ContainerPair;
  let nodes: string;
  beforeAll(async () => {
    pair = await startContainerPair();
    nodes = `primary=container:${pair.primary.name},replica=container:${pair.replica.name}`;
  }, 300000);
  afterAll(async () => pair?.remove(), 120000);

  const status = (args: string[]): Promise<RunResult> =>
    run(BUN, [CLI_SRC, 'status', ...args], {
      env: cleanEnv({ DOCKER_HOST: process.env.DOCKER_HOST }),
      allowFailure: true,
      timeoutMs: 120000,
    });

  test('a primary container and its streaming replica: exit 0, the replica follows the primary', async () => {
    const r = await status([nodes]);
    expect(r.stderr).not.toContain('✗ Error');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n {2}primary +primary +1 +[0-9A-F]+\/[0-9A-F]+ +- +1 /);
    expect(r.stdout).toMatch(/\n {2}replica +replica +1 +[0-9A-F/]+ \/ [0-9A-F/]+ +\d+ s, [\d.]+ [KMG]?i?B /);
    expect(r.stdout).toMatch(/n0 -->\|"[^"]+"\| n1/);
  }, 120000);

  test('the replica promoted while the primary runs: split brain, exit 1, the newest node named', async () => {
    await pair.replica.query('SELECT pg_promote(true, 60)');
    await pair.replica.query('CREATE TABLE diverged AS SELECT generate_series(1, 50000) AS n');
    const r = await status([nodes]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /✗ Error: Status check failed: Split brain: 2 nodes accept writes: primary \(WAL [0-9A-F/]+, timeline 1\), replica \(WAL [0-9A-F/]+, timeline 2\)\. replica has the newest WAL position/,
    );
    expect(r.stdout).toContain('SPLIT BRAIN: primary, replica (newest WAL: replica)');
  }, 120000);

  test('a stopped container is down in the table and fails the check', async () => {
    await pair.replica.stop();
    const r = await status([nodes]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/✗ Error: Status check failed: replica is down: Container "[^"]+" exists but is not running/);
    expect(r.stdout).toMatch(/\n {2}replica +down /);
  }, 120000);
});
