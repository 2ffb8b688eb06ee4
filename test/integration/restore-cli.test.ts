/**
 * The faces as users run them, in child processes: the spec's restore usage lines through bun
 * (`bun scripts/tools/restore-postgres.ts backup.sql.gz [db]`) with the Enter prompt on a real
 * terminal (script(1)) and the refusal without one, the aza-pg bin over a fresh CLI bundle, the
 * action entry with its confirm input, and `aza-pg verify` passing and failing.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import { backup, createDb, databases, NORTHWIND, psqlFile, ROOT, tableChecksums } from '../harness/restore-helpers.js';
import { readGithubOutputs } from '../harness/github-outputs.js';

const BUN = join(ROOT, 'node_modules/.bin/bun');
const NODE = join(ROOT, 'node_modules/.bin/node');
const SHIM = join(ROOT, 'scripts/tools/restore-postgres.ts');
const CLI = join(ROOT, 'src/cli/index.ts');

let cluster: Cluster;
let dir: string;
let gz: string;
let sums: Record<string, string>;

function pgEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PGHOST: cluster.host,
    PGPORT: String(cluster.port),
    PGUSER: cluster.superuser,
    PGPASSWORD: cluster.password,
    ...extra,
  };
}

async function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv, input = '') {
  const r = await run(cmd, args, { env, cwd: dir, allowFailure: true, input, timeoutMs: 120000 });
  return { code: r.code, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr };
}

/** Runs a command on a pseudo-terminal and types `answer`. */
function onTerminal(command: string, answer: string, env: NodeJS.ProcessEnv) {
  return exec('script', ['-qec', command, '/dev/null'], env, answer);
}

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-restore-cli-'));
  await createDb(cluster, 'northwind');
  await psqlFile(cluster, NORTHWIND, 'northwind');
  gz = await backup(cluster, 'northwind', dir, 'plain', 'gzip', 'backup.sql.gz');
  sums = await tableChecksums(cluster, 'northwind');
  await createDb(cluster, 'mydb');
  await createDb(cluster, 'production');
}, 120000);

afterAll(async () => {
  await cluster?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the spec usage lines with bun', () => {
  test('no terminal and no --yes: refused, nothing changed', async () => {
    const before = await databases(cluster);
    const r = await exec(BUN, [SHIM, 'backup.sql.gz', 'mydb'], pgEnv());
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      '✗ Error: Restore overwrites database "mydb" and needs confirmation, but there is no terminal to ask; nothing was restored',
    );
    expect(r.err).toContain('or pass --yes (-y)');
    expect(await databases(cluster)).toEqual(before);
  });

  test('on a terminal, any answer but Enter cancels', async () => {
    const before = await databases(cluster);
    const r = await onTerminal(`${BUN} ${SHIM} backup.sql.gz mydb`, 'no\n', pgEnv());
    expect(r.code).toBe(1);
    expect(r.out).toContain('Press Enter to continue or Ctrl+C to cancel');
    expect(r.out).toContain('Aborted: database "mydb" was not touched');
    expect(await databases(cluster)).toEqual(before);
  });

  test('bun scripts/tools/restore-postgres.ts backup.sql.gz mydb: the warnings, Enter, restored', async () => {
    const r = await onTerminal(`${BUN} ${SHIM} backup.sql.gz mydb`, '\n', pgEnv());
    expect(r.code).toBe(0);
    expect(r.out).toContain('⚠ DESTRUCTIVE OPERATION: restore');
    expect(r.out).toContain('Restore overwrites "mydb"');
    expect(r.out).toContain('No automatic backup is created before restore');
    expect(r.out).toContain('Press Enter to continue or Ctrl+C to cancel');
    expect(r.out).toContain('Table statistics');
    expect(r.out).toMatch(/✓ Restored .*backup\.sql\.gz into "mydb": 14 tables/);
    expect(await tableChecksums(cluster, 'mydb')).toEqual(sums);
  });

  test('bun scripts/tools/restore-postgres.ts backup.sql.gz: into postgres', async () => {
    const r = await onTerminal(`${BUN} ${SHIM} backup.sql.gz`, '\n', pgEnv());
    expect(r.code).toBe(0);
    expect(await tableChecksums(cluster, 'postgres')).toEqual(sums);
  });

  test('remote restore: PGHOST=… PGUSER=… PGPASSWORD=… bun …restore-postgres.ts backup.sql.gz production (--yes without a terminal); no password in the output', async () => {
    const r = await exec(BUN, [SHIM, 'backup.sql.gz', 'production', '--yes'], pgEnv());
    expect([r.code, r.err]).toEqual([0, expect.any(String)]);
    expect(await tableChecksums(cluster, 'production')).toEqual(sums);
    expect(r.all).not.toContain(cluster.password);
  });

  test('missing database: the spec error "Database does not exist" with createdb as the hint', async () => {
    const r = await exec(BUN, [SHIM, 'backup.sql.gz', 'nodb', '-y'], pgEnv());
    expect(r.code).toBe(1);
    expect(r.err).toContain('Database "nodb" does not exist');
    expect(r.err).toContain('createdb');
  });
});

describe('the action entry (bun over the source)', () => {
  function actionEnv(inputs: Record<string, string>, outputs: string, summary: string): NodeJS.ProcessEnv {
    const e = pgEnv({ GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary });
    for (const [k, v] of Object.entries(inputs)) e[`INPUT_${k.toUpperCase()}`] = v;
    return e;
  }

  test.each([
    [{}, 'Input confirm is required: set it to the target database name ("actiondb")'],
    [{ confirm: 'production' }, 'Input confirm ("production") does not name the target database ("actiondb")'],
  ])('confirm %j: refused before anything', async (extra, message) => {
    const outputs = join(dir, 'out-refused');
    writeFileSync(outputs, '');
    const before = await databases(cluster);
    const r = await exec(
      BUN,
      [join(ROOT, 'src/actions/restore.ts')],
      actionEnv({ backup: gz, database: 'actiondb', create: 'true', ...extra }, outputs, join(dir, 'sum-refused')),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain(`::error::${message}`);
    expect(await databases(cluster)).toEqual(before);
  });

  test('confirm naming the target: restored, outputs and job summary', async () => {
    const outputs = join(dir, 'out-ok');
    const summary = join(dir, 'sum-ok');
    writeFileSync(outputs, '');
    writeFileSync(summary, '');
    const r = await exec(
      BUN,
      [join(ROOT, 'src/actions/restore.ts')],
      actionEnv({ backup: gz, database: 'actiondb', create: 'true', confirm: 'actiondb' }, outputs, summary),
    );
    expect([r.code, r.out]).toEqual([0, expect.not.stringContaining('::error')]);
    expect(readGithubOutputs(outputs)).toMatchObject({
      database: 'actiondb',
      tables: '14',
      mode: 'atomic',
      'previous-database': '',
      format: 'plain',
    });
    const html = readFileSync(summary, 'utf8');
    expect(html).toContain('Restore of actiondb');
    expect(html).toContain('Table statistics');
    // The runner learns the secret through ::add-mask::; it appears nowhere else.
    expect(
      r.out
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain(cluster.password);
  });
});

describe('aza-pg verify', () => {
  test('passes on a good backup, fails with the reason on a truncated one', async () => {
    const ok = await exec(BUN, [CLI, 'verify', 'backup.sql.gz', '--amcheck', '--smoke-sql', 'SELECT count(*) > 0 FROM orders'], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
    });
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Restore test of backup.sql.gz: passed');
    expect(ok.out).toContain('✓');
    writeFileSync(join(dir, 'cut.sql.gz'), readFileSync(gz).subarray(0, 2000));
    const bad = await exec(BUN, [CLI, 'verify', 'cut.sql.gz'], { PATH: process.env.PATH, HOME: process.env.HOME });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('failed verification: The backup');
    expect(bad.err).toContain('does not decompress with gzip');
    expect(bad.out).toContain('FAILED');
  });
});

describe('the aza-pg bin over a fresh CLI bundle', () => {
  test('aza-pg restore backup.sql.gz mydb -y', async () => {
    const release = join(dir, 'release');
    await run(
      join(ROOT, 'node_modules/.bin/ncc'),
      ['build', 'src/cli/index.ts', '-o', join(release, 'dist/cli'), '--target', 'es2022', '--no-source-map-register', '-q'],
      { cwd: ROOT, timeoutMs: 180000 },
    );
    writeFileSync(join(release, 'dist/cli/package.json'), '{ "type": "module" }\n');
    mkdirSync(join(release, 'bin'));
    copyFileSync(join(ROOT, 'bin/aza-pg.js'), join(release, 'bin/aza-pg.js'));
    await cluster.query('CREATE DATABASE bindb');
    const r = await exec(NODE, [join(release, 'bin/aza-pg.js'), 'restore', 'backup.sql.gz', 'bindb', '-y'], pgEnv());
    expect(r.code).toBe(0);
    expect(await tableChecksums(cluster, 'bindb')).toEqual(sums);
  }, 240000);
});
