/**
 * Loads every committed bundle the way a GitHub runner does (inputs as INPUT_* variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) under the machine's Node 20 and under Node 24
 * (the runners' runtime, from the node@24 npm package). A bundle that cannot load fails here.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { FakeResultsService } from '../harness/fake-results-service.js';
import { readZip } from '../harness/zip-reader.js';
import { readGithubOutputs } from '../harness/github-outputs.js';

const root = join(import.meta.dirname, '..', '..');
const node24 = join(root, 'node_modules', 'node', 'bin', 'node');
const runtimes: Array<[string, string]> = [
  ['node 20 (this machine)', process.execPath],
  ['node 24 (runner runtime)', node24],
];

function versionOf(bin: string): string {
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Runs dist/<op>/index.js as the runner would: only INPUT_* and GITHUB_* tell it what to do. */
async function runBundle(
  nodeBin: string,
  op: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), `aza-bundle-${op}-`));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  // Asynchronous, so an in-process fake service can answer the bundle's requests.
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(nodeBin, [join(root, 'dist', op, 'index.js')], { env, cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const outputs = readGithubOutputs(outputFile);
  const summary = readFileSync(summaryFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary };
}

test('node 24 is available from the node@24 package', () => {
  expect(existsSync(node24)).toBe(true);
  expect(versionOf(node24)).toMatch(/^v24\./);
});

test('every action folder has its bundle and an ESM package marker', () => {
  const ops = readdirSync(join(root, 'actions')).filter((d) => existsSync(join(root, 'actions', d, 'action.yml')));
  expect(ops.length).toBeGreaterThan(0);
  for (const op of [...ops, 'cli']) {
    expect(existsSync(join(root, 'dist', op, 'index.js'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'dist', op, 'package.json'), 'utf8'))).toEqual({ type: 'module' });
  }
  for (const op of ops) {
    const yml = readFileSync(join(root, 'actions', op, 'action.yml'), 'utf8');
    expect(yml).toMatch(/using: ['"]?node24['"]?/);
    expect(yml).toContain(`main: '../../dist/${op}/index.js'`);
  }
});

describe.each(runtimes)('bundles under %s', (_label, nodeBin) => {
  let cluster: Cluster;
  let work: string;
  beforeAll(async () => {
    cluster = await createCluster();
    await cluster.query('CREATE TABLE items AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 5000) g');
    work = mkdtempSync(join(tmpdir(), 'aza-bundle-work-'));
  });
  afterAll(async () => {
    await cluster?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  test('backup: runs a real backup, sets outputs, writes the summary, masks the password', async () => {
    const r = await runBundle(nodeBin, 'backup', {
      host: cluster.host,
      port: String(cluster.port),
      user: cluster.superuser,
      password: cluster.password,
      'output-dir': work,
    });
    expect(r.stderr).not.toMatch(/ERR_|SyntaxError|Cannot find/);
    expect(r.status).toBe(0);
    expect(r.outputs.path).toMatch(/backup_postgres_\d{4}_\d{2}_\d{2}_\d{6}\.sql\.gz$/);
    expect(existsSync(r.outputs.path!)).toBe(true);
    expect(r.outputs['manifest-path']).toBe(`${r.outputs.path}.manifest.json`);
    expect(Number(r.outputs['size-bytes'])).toBeGreaterThan(1000);
    expect(r.outputs.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.summary).toContain('Backup of postgres');
    expect(r.summary).toContain('5000');
    expect(r.stdout).toContain(`::add-mask::${cluster.password}`);
    const withoutMask = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(withoutMask).not.toContain(cluster.password);
    expect(r.summary).not.toContain(cluster.password);
  });

  test('backup: a bad input fails the step with the error and its hint', async () => {
    const r = await runBundle(nodeBin, 'backup', { format: 'tarball', 'output-dir': work });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::Invalid input "format" "tarball": expected one of plain, custom, directory');
  });

  test('backup: uploads the backup and its manifest to a FAKE results service (GitHub cannot be reached here)', async () => {
    const fake = await FakeResultsService.start();
    try {
      const r = await runBundle(
        nodeBin,
        'backup',
        {
          host: cluster.host,
          port: String(cluster.port),
          password: cluster.password,
          'output-dir': work,
          'upload-artifact': 'true',
          'artifact-name': `db-backup-${nodeBin === node24 ? 24 : 20}`,
          'retention-days': '5',
          overwrite: 'true',
          output: `artifact-${nodeBin === node24 ? 24 : 20}.sql.gz`,
        },
        { ...fake.env(), GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'example/db', GITHUB_RUN_ID: '77' },
      );
      expect(r.status).toBe(0);
      const uploaded = fake.artifacts.find((a) => a.name === `db-backup-${nodeBin === node24 ? 24 : 20}`);
      expect(uploaded?.finalized).toBe(true);
      expect(r.outputs['artifact-id']).toBe(String(uploaded!.id));
      expect(r.summary).toContain(`https://github.com/example/db/actions/runs/77/artifacts/${uploaded!.id}`);
      const entries = readZip(uploaded!.content!);
      const names = entries.map((e) => e.name).sort();
      expect(names).toEqual([
        `artifact-${nodeBin === node24 ? 24 : 20}.sql.gz`,
        `artifact-${nodeBin === node24 ? 24 : 20}.sql.gz.manifest.json`,
      ]);
      const file = entries.find((e) => e.name.endsWith('.sql.gz'))!;
      expect(Buffer.compare(file.data, readFileSync(r.outputs.path!))).toBe(0);

      // The monthly restore test of that artifact: verify downloads it by name and restores it.
      const v = await runBundle(nodeBin, 'verify', { artifact: `db-backup-${nodeBin === node24 ? 24 : 20}` }, fake.env());
      expect(v.stderr).not.toMatch(/ERR_|SyntaxError|Cannot find/);
      expect(v.status).toBe(0);
      expect(v.outputs.passed).toBe('true');
      expect(v.outputs.rows).toBe('5000');
    } finally {
      await fake.close();
    }
  });

  test('restore and verify: a backup made by the backup bundle restores and verifies', async () => {
    const tag = nodeBin === node24 ? '24' : '20';
    const conn = { host: cluster.host, port: String(cluster.port), password: cluster.password };
    const b = await runBundle(nodeBin, 'backup', { ...conn, 'output-dir': work, output: `rt-${tag}.sql.gz` });
    expect(b.status).toBe(0);
    const refused = await runBundle(nodeBin, 'restore', { ...conn, backup: b.outputs.path!, database: `copy_${tag}` });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/::error::.*confirm/i);
    const r = await runBundle(nodeBin, 'restore', {
      ...conn,
      backup: b.outputs.path!,
      database: `copy_${tag}`,
      confirm: `copy_${tag}`,
      create: 'true',
    });
    expect(r.stderr).not.toMatch(/ERR_|SyntaxError|Cannot find/);
    expect(r.status).toBe(0);
    expect(r.outputs.rows).toBe('5000');
    expect((await cluster.query('SELECT count(*) FROM items', `copy_${tag}`))[0]![0]).toBe('5000');
    const v = await runBundle(nodeBin, 'verify', { backup: b.outputs.path! });
    expect(v.status).toBe(0);
    expect(v.outputs.passed).toBe('true');
    expect(v.summary.length).toBeGreaterThan(50);
  });

  test('ssl-certs: generates certificates', async () => {
    const dir = join(work, `certs-${nodeBin === node24 ? '24' : '20'}`);
    const r = await runBundle(nodeBin, 'ssl-certs', { dir, days: '30' });
    expect(r.stderr).not.toMatch(/ERR_|SyntaxError|Cannot find/);
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'server.key'))).toBe(true);
    expect(r.outputs.fingerprint ?? Object.values(r.outputs).join(' ')).toMatch(/[0-9A-F]{2}(:[0-9A-F]{2}){31}|[0-9a-f]{64}/i);
  });

  test('promote: loads, checks the server and refuses a primary', async () => {
    const r = await runBundle(nodeBin, 'promote', {
      target: 'connection',
      backup: 'false',
      host: cluster.host,
      port: String(cluster.port),
      password: cluster.password,
    });
    expect(r.stderr).not.toMatch(/ERR_|SyntaxError|Cannot find/);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error::Server is not in recovery mode/);
  });

  test('cli: the aza-pg bin runs from the bundle', () => {
    const r = spawnSync(nodeBin, [join(root, 'bin', 'aza-pg.js'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('backup');
    const v = spawnSync(nodeBin, [join(root, 'bin', 'aza-pg.js'), '--version'], { encoding: 'utf8' });
    expect(v.stdout).toMatch(/^aza-pg \d+\.\d+\.\d+/);
  });
});
