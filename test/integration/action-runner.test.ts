/**
 * The action face in process: `runAction(backup)` with @actions/core mocked (test/harness/actions-core.ts,
 * a MOCK of the toolkit only) against a real throw-away cluster and the real pg_dump: inputs in;
 * outputs, job summary, masked secrets and the one failure path out.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { ERROR_CATALOGUE } from '../../src/core/error-catalogue.js';
import type { Inputs } from '../../src/core/inputs.js';
import type { AnyOperation } from '../../src/core/operation.js';
import { actionsCoreStandIn } from '../harness/actions-core.js';
import { createDatabase, entries, sha256sum, uniqueName } from '../harness/backup-helpers.js';

const core = actionsCoreStandIn();
jest.unstable_mockModule('@actions/core', () => core.module);
const { runAction } = await import('../../src/actions/runner.js');
const { backup } = await import('../../src/core/backup/index.js');
const { AzaError } = await import('../../src/core/errors.js');

let cluster: Cluster;
let base: string;
let db: string;
let n = 0;
const saved = { workspace: process.env.GITHUB_WORKSPACE, summary: process.env.GITHUB_STEP_SUMMARY };

function fresh(): { dir: string; summary: string } {
  const dir = join(base, `ws${++n}`);
  mkdirSync(dir);
  const summary = join(base, `summary${n}.md`);
  writeFileSync(summary, '');
  process.env.GITHUB_WORKSPACE = dir;
  process.env.GITHUB_STEP_SUMMARY = summary;
  return { dir, summary };
}

function connection(): Record<string, string> {
  return { host: cluster.host, port: String(cluster.port), user: cluster.superuser, password: cluster.password };
}

/** Everything the action said, where a leaked password would show. */
function everythingSaid(): string {
  return [...core.logs, ...core.warnings, ...core.failures, ...Object.values(core.outputs)].join('\n');
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'aza-action-runner-'));
  cluster = await createCluster();
  db = uniqueName('act_face');
  await createDatabase(cluster, db);
  await cluster.query(
    'CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 500) g;',
    db,
  );
}, 120000);

afterAll(async () => {
  process.env.GITHUB_WORKSPACE = saved.workspace;
  process.env.GITHUB_STEP_SUMMARY = saved.summary;
  if (saved.workspace === undefined) delete process.env.GITHUB_WORKSPACE;
  if (saved.summary === undefined) delete process.env.GITHUB_STEP_SUMMARY;
  await cluster?.destroy();
  rmSync(base, { recursive: true, force: true });
});

describe('runAction(backup) with good inputs', () => {
  let dir: string;
  let summary: string;

  beforeAll(async () => {
    ({ dir, summary } = fresh());
    core.reset({ database: db, ...connection() });
    await runAction(backup);
  });

  test('succeeds: no failure, the backup and its manifest in the workspace, 0600', () => {
    expect(core.failures).toEqual([]);
    const path = core.outputs.path!;
    expect(path.startsWith(`${dir}/backup_${db}_`)).toBe(true);
    expect(entries(dir).sort()).toEqual([path.slice(dir.length + 1), `${path.slice(dir.length + 1)}.manifest.json`].sort());
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test('sets every output of outputSpecs, with the real size and sha256', async () => {
    expect(Object.keys(core.outputs).sort()).toEqual(backup.outputSpecs.map((o) => o.name).sort());
    const path = core.outputs.path!;
    expect(core.outputs['manifest-path']).toBe(`${path}.manifest.json`);
    expect(core.outputs['size-bytes']).toBe(String(statSync(path).size));
    expect(core.outputs.sha256).toBe(await sha256sum(path));
    expect(Number(core.outputs['duration-seconds'])).toBeGreaterThan(0);
    expect(core.outputs['artifact-id']).toBe('');
  });

  test('writes the job summary table (database, file, size) to GITHUB_STEP_SUMMARY', () => {
    const html = readFileSync(summary, 'utf8');
    expect(html).toContain('<table>');
    expect(html).toContain(db);
    expect(html).toContain(core.outputs.path!.split('/').pop()!);
  });

  test('masks the password input and never says it', () => {
    expect(core.secrets).toContain(cluster.password);
    expect(everythingSaid()).not.toContain(cluster.password);
    expect(core.groups.length).toBeGreaterThan(0);
  });
});

describe('runAction(backup) dry run', () => {
  test('sets the planned outputs, writes no file, and summarises what it would do', async () => {
    const { dir } = fresh();
    // @actions/core's summary keeps the first file it wrote to: read what this run writes instead.
    let written = '';
    const write = jest.spyOn(core.module.summary, 'write').mockImplementation(async () => {
      written += core.module.summary.stringify();
      return core.module.summary.emptyBuffer();
    });
    core.reset({ database: db, ...connection(), 'dry-run': 'true' });
    try {
      await runAction(backup);
    } finally {
      write.mockRestore();
    }
    expect(core.failures).toEqual([]);
    expect(core.outputs.path).toMatch(new RegExp(`^${dir}/backup_${db}_\\d{4}_\\d{2}_\\d{2}_\\d{6}\\.sql\\.gz$`));
    expect(entries(dir)).toEqual([]);
    expect(written).toContain('backup: dry run (nothing was changed)');
    expect(written).toContain(basename(core.outputs.path!));
  });
});

describe('runAction(backup) failures: one annotation (message, then hint), no outputs, no side effect', () => {
  test.each([
    [
      { 'compression-level': '42' },
      'Invalid input "compression-level" "42": expected a whole number from 1 to 9',
      'gzip levels: 1 (fastest) to 9 (smallest).',
    ],
    [{ format: 'tarball' }, 'Invalid input "format" "tarball": expected one of plain, custom, directory', 'Correct the named input'],
    [{ jobs: '4' }, 'input "jobs" needs the directory format', 'Add format: directory, or drop input "jobs".'],
    [{ 'retention-days': '7' }, 'input "retention-days" need input "upload-artifact": true', 'Set upload-artifact: true, or drop them.'],
  ])('bad input %j', async (bad, message, hint) => {
    const { dir, summary } = fresh();
    core.reset({ database: db, ...connection(), ...bad });
    await runAction(backup);
    expect(core.failures).toHaveLength(1);
    const [first, ...rest] = core.failures[0]!.split('\n');
    expect(first).toContain(message);
    expect(rest.join('\n')).toContain(hint);
    expect(core.outputs).toEqual({});
    expect(entries(dir)).toEqual([]);
    expect(readFileSync(summary, 'utf8')).toBe('');
    // Settings fail before anything runs: no step was started.
    expect(core.groups).toEqual([]);
  });

  test('a wrong password: the spec error with its hint, the password masked and never said, nothing written', async () => {
    const { dir } = fresh();
    const wrong = 'not-the-password-0451';
    core.reset({ database: db, ...connection(), password: wrong });
    await runAction(backup);
    expect(core.failures).toHaveLength(1);
    expect(core.failures[0]).toContain(`Password authentication failed for user "${cluster.superuser}"`);
    expect(core.failures[0]).toContain('Check the password');
    expect(core.secrets).toContain(wrong);
    expect(everythingSaid()).not.toContain(wrong);
    expect(core.outputs).toEqual({});
    expect(existsSync(dir) && entries(dir)).toEqual([]);
  });
});

/**
 * An operation written for this test, for the two runner paths backup does not have: failure
 * outputs (verify's passed=false), and a plan that still needs consent, which an action cannot ask for.
 */
const checkOp: AnyOperation = {
  name: 'check',
  description: 'A check written for this test.',
  branding: { icon: 'check', color: 'green' },
  options: [
    { name: 'limit', description: 'Limit', default: 5 },
    { name: 'confirm', description: 'Consent', default: false },
  ],
  outputSpecs: [
    { name: 'passed', description: 'true when the check passed' },
    { name: 'reason', description: 'why it failed' },
  ],
  cli: { usage: 'aza-pg check', examples: [] },
  settings: (inputs: Inputs) => ({ limit: inputs.integer('limit', { min: 1, max: 9 })!, confirm: inputs.boolean('confirm') }),
  gather: async () => ({}),
  plan: (s: { limit: number; confirm: boolean }) => s,
  describe: (p: { confirm: boolean }) => ({
    lines: [],
    dryRun: false,
    ...(p.confirm
      ? {}
      : {
          confirmation: {
            warnings: [],
            question: 'Go on? ',
            accept: () => false,
            unanswered: new AzaError(
              'CONFIRMATION_REQUIRED',
              'The check needs consent and there is no way to ask',
              'Set input confirm: true.',
            ),
            declined: new AzaError('ABORTED', 'Declined'),
          },
        }),
  }),
  run: async () => ({ passed: true }),
  outputs: () => ({ passed: true }),
  failureOutputs: (e: InstanceType<typeof AzaError>) => ({ passed: false, reason: e.message }),
  summary: () => undefined,
};

describe('runAction: failure outputs and consent', () => {
  test("a failure sets the operation's failure outputs, then fails the step with message and hint", async () => {
    fresh();
    core.reset({ limit: '12', confirm: 'true' });
    await runAction(checkOp);
    expect(core.outputs).toEqual({ passed: 'false', reason: 'Invalid input "limit" "12": expected a whole number from 1 to 9' });
    expect(core.failures).toEqual([
      `Invalid input "limit" "12": expected a whole number from 1 to 9\n${ERROR_CATALOGUE.INVALID_INPUT.hint}`,
    ]);
  });

  test('a plan that needs consent fails with its own error: an action cannot ask', async () => {
    fresh();
    core.reset({});
    await runAction(checkOp);
    expect(core.failures).toEqual(['The check needs consent and there is no way to ask\nSet input confirm: true.']);
    expect(core.outputs).toEqual({ passed: 'false', reason: 'The check needs consent and there is no way to ask' });
    core.reset({ confirm: 'true' });
    await runAction(checkOp);
    expect([core.failures, core.outputs]).toEqual([[], { passed: 'true' }]);
  });
});

describe('runAction(verify): a failed verify', () => {
  test('sets passed=false and the reason, writes the FAILED table to the job summary, fails the step once', async () => {
    const { verify } = await import('../../src/core/verify/index.js');
    const { dir } = fresh();
    // @actions/core's summary keeps the first file it wrote to: read what this run writes instead.
    let written = '';
    const write = jest.spyOn(core.module.summary, 'write').mockImplementation(async () => {
      written += core.module.summary.stringify();
      return core.module.summary.emptyBuffer();
    });
    const cut = join(dir, 'cut.sql.gz');
    writeFileSync(cut, gzipSync(Buffer.from('-- PostgreSQL database dump\nSELECT 1;\n'.repeat(20000))).subarray(0, 300));
    core.reset({ backup: cut });
    try {
      await runAction(verify);
    } finally {
      write.mockRestore();
    }
    expect(core.outputs.passed).toBe('false');
    expect(core.outputs.reason).toMatch(
      /^Backup .*cut\.sql\.gz failed verification: The backup .* is damaged: it does not decompress with gzip/,
    );
    expect(core.failures).toHaveLength(1);
    expect(core.failures[0]).toContain('failed verification');
    expect(written).toContain('Restore test of cut.sql.gz: FAILED');
    expect(written).toContain('does not decompress with gzip');
  });
});
