/**
 * The release shape, proven by execution: `npm run release` publishes aza-pg/backup and
 * aza-pg/verify into bare git repositories on disk (standing in for GitHub), and a caller workflow
 * that says `uses: aza-pg/backup@v1` and `uses: aza-pg/verify@v1` runs green under act with those
 * references resolved to what the release pushed (a checkout of each repository's v1 tag).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import { actDescribe, callerRepository, readableLog, runAct } from '../harness/act.js';

const describeAct = await actDescribe();
const ROOT = join(import.meta.dirname, '..', '..');
const BUN = join(ROOT, 'node_modules', '.bin', 'bun');

const CALLER = `name: Backup and verify with the released actions
on: workflow_dispatch
permissions: {}
jobs:
  backup-verify:
    name: Backup and verify
    runs-on: self-hosted
    steps:
      - id: backup
        uses: aza-pg/backup@v1
        with:
          database: shop
          host: \${{ vars.AZA_PG_HOST }}
          port: \${{ vars.AZA_PG_PORT }}
          user: \${{ vars.AZA_PG_USER }}
          password: \${{ secrets.AZA_PG_PASSWORD }}
          output-dir: \${{ vars.AZA_PG_BACKUP_DIR }}
      - id: verify
        uses: aza-pg/verify@v1
        with:
          backup: \${{ steps.backup.outputs.path }}
          smoke-sql: SELECT count(*) = 777 FROM items
`;

describeAct('npm run release, then the released actions under act', () => {
  let work: string;
  let cluster: Cluster;
  const trees: Record<string, string> = {};
  let published = '';

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'aza-pg-release-test-'));
    for (const name of ['backup', 'verify']) await run('git', ['init', '-q', '--bare', '-b', 'main', join(work, `${name}.git`)]);
    // CI has just built and checked dist/ (AZA_PG_DIST_FRESH=1); elsewhere the release bundles itself.
    const dist = process.env.AZA_PG_DIST_FRESH === '1' ? ['--dist', join(ROOT, 'dist')] : [];
    const r = await run(BUN, ['scripts/release.ts', '1.0.0', '--only', 'backup,verify', '--target', join(work, '{name}.git'), ...dist], {
      cwd: ROOT,
      timeoutMs: 900000,
    });
    published = r.stdout;
    for (const name of ['backup', 'verify']) {
      trees[name] = join(work, `${name}-v1`);
      await run('git', ['clone', '-q', '--branch', 'v1', join(work, `${name}.git`), trees[name]]);
    }
    cluster = await createCluster();
    await cluster.query('CREATE DATABASE shop');
    await cluster.query('CREATE TABLE items AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 777) g', 'shop');
  }, 900000);

  afterAll(async () => {
    await cluster?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('each repository gets one commit on main with v1.0.0 and v1 on it; the tree is the action, its bundle and its notices', async () => {
    expect(published).toMatch(/aza-pg\/backup: .* v1\.0\.0 v1/);
    for (const name of ['backup', 'verify']) {
      const repo = join(work, `${name}.git`);
      const main = (await run('git', ['-C', repo, 'rev-parse', 'main'])).stdout.trim();
      expect((await run('git', ['-C', repo, 'rev-parse', 'v1.0.0^{commit}'])).stdout.trim()).toBe(main);
      expect((await run('git', ['-C', repo, 'rev-parse', 'v1^{commit}'])).stdout.trim()).toBe(main);
      const files = (await run('git', ['-C', repo, 'ls-tree', '-r', '--name-only', 'v1'])).stdout.trim().split('\n').sort();
      // The bundle is dist/index.js plus the chunks it loads on demand (e.g. the S3 client).
      const bundle = readdirSync(join(ROOT, 'dist', name)).map((f) => `dist/${f}`);
      expect(bundle).toEqual(expect.arrayContaining(['dist/index.js', 'dist/licenses.txt', 'dist/package.json']));
      expect(files).toEqual(['LICENSE', 'README.md', 'THIRD_PARTY_NOTICES.txt', 'action.yml', ...bundle].sort());
      const action = loadYaml(readFileSync(join(trees[name]!, 'action.yml'), 'utf8')) as {
        name: string;
        runs: { main: string };
        branding: object;
      };
      expect(action.runs.main).toBe('dist/index.js');
      expect(action.name).toBe(`aza-pg ${name}`);
      expect(action.branding).toBeDefined();
      expect(readFileSync(join(trees[name]!, 'README.md'), 'utf8')).toContain(`uses: aza-pg/${name}@v1`);
      expect(readFileSync(join(trees[name]!, 'THIRD_PARTY_NOTICES.txt'), 'utf8')).toContain('@actions/core');
      expect(readFileSync(join(trees[name]!, 'LICENSE'), 'utf8')).toContain('MIT License');
    }
  }, 60000);

  test('a released version is never replaced: releasing 1.0.0 again fails and leaves the tags', async () => {
    const before = (await run('git', ['-C', join(work, 'backup.git'), 'rev-parse', 'v1^{commit}'])).stdout.trim();
    const again = await run(
      BUN,
      ['scripts/release.ts', '1.0.0', '--only', 'backup', '--target', join(work, '{name}.git'), '--dist', join(ROOT, 'dist')],
      {
        cwd: ROOT,
        allowFailure: true,
      },
    );
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('has v1.0.0 already: a released version is never replaced');
    expect((await run('git', ['-C', join(work, 'backup.git'), 'rev-parse', 'v1^{commit}'])).stdout.trim()).toBe(before);
  }, 60000);

  test('a caller workflow with uses: aza-pg/backup@v1 and aza-pg/verify@v1 runs green from the released trees', async () => {
    const backupDir = join(work, 'backups');
    await run('mkdir', ['-p', backupDir]);
    const caller = callerRepository({ 'release-caller.yml': CALLER });
    try {
      const result = await runAct({
        caller,
        workflow: 'release-caller.yml',
        event: 'workflow_dispatch',
        localRepositories: { 'aza-pg/backup@v1': trees.backup!, 'aza-pg/verify@v1': trees.verify! },
        vars: {
          AZA_PG_HOST: cluster.host,
          AZA_PG_PORT: String(cluster.port),
          AZA_PG_USER: cluster.superuser,
          AZA_PG_BACKUP_DIR: backupDir,
        },
        secrets: { AZA_PG_PASSWORD: cluster.password },
      });
      if (result.code !== 0) throw new Error(`act exited ${result.code}:\n${readableLog(result).slice(-6000)}`);
      expect(Object.values(result.jobResults)).toEqual(['success']);
      const job = Object.keys(result.outputs)[0]!;
      const backup = result.outputs[job]!.backup!;
      expect(backup.path!.startsWith(backupDir)).toBe(true);
      expect(statSync(backup.path!).mode & 0o777).toBe(0o600);
      expect(existsSync(backup['manifest-path']!)).toBe(true);
      expect(result.outputs[job]!.verify!.passed).toBe('true');
      // Only act's echo of the mask request itself carries it (a runner never prints that).
      const shown = result.entries.filter((e) => e.command !== 'add-mask');
      expect(shown.length).toBeGreaterThan(10);
      expect(JSON.stringify(shown)).not.toContain(cluster.password);
    } finally {
      rmSync(caller, { recursive: true, force: true });
    }
  }, 900000);
});
