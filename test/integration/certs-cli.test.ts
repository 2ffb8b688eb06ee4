/**
 * The faces as users run them, in real child processes: the spec's
 * `bun scripts/tools/generate-ssl-certs.ts <dir> [days]`, `aza-pg ssl-certs` through bun and
 * through the bin over a fresh bundle, the overwrite prompt on a real terminal (script(1) gives
 * the child a pty), and the action entry with INPUT_* variables and a GITHUB_OUTPUT file.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../../src/core/exec.js';
import { readGithubOutputs } from '../harness/github-outputs.js';
import { certFiles, expectLinkLayout } from '../harness/certs-helpers.js';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const BUN = join(ROOT, 'node_modules/.bin/bun');
const NODE = join(ROOT, 'node_modules/.bin/node');
const SHIM = join(ROOT, 'scripts/tools/generate-ssl-certs.ts');
const CLI = join(ROOT, 'src/cli/index.ts');

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'aza-certs-cli-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A clean environment: nothing from the test runner's GitHub or libpq settings leaks in. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

async function exec(cmd: string, args: string[], extra: NodeJS.ProcessEnv = {}, input = '') {
  const r = await run(cmd, args, { env: env(extra), cwd: ROOT, allowFailure: true, input, timeoutMs: 60000 });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

async function subject(path: string): Promise<string> {
  return (await run('openssl', ['x509', '-in', path, '-noout', '-subject'])).stdout.trim();
}

async function daysValid(path: string): Promise<number> {
  const end = (await run('openssl', ['x509', '-in', path, '-noout', '-enddate'])).stdout.replace('notAfter=', '').trim();
  return Math.round((new Date(end).getTime() - Date.now()) / 86_400_000);
}

function snapshot(dir: string): Array<[string, string]> {
  return certFiles(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')]);
}

describe('the spec usage lines with bun', () => {
  test('bun scripts/tools/generate-ssl-certs.ts <dir>: CN=postgres.local, 3650 days, the three files', async () => {
    const dir = join(base, 'stacks/primary/certs');
    const r = await exec(BUN, [SHIM, dir]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain(`✓ Certificates written to ${dir}`);
    expectLinkLayout(dir, ['ca.crt', 'server.crt', 'server.key']);
    expect(statSync(join(dir, 'server.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'server.crt')).mode & 0o777).toBe(0o644);
    expect(await subject(join(dir, 'server.crt'))).toBe('subject=CN = postgres.local, O = PostgreSQL, C = US');
    expect(await daysValid(join(dir, 'server.crt'))).toBe(3650);
  });

  test('custom validity and POSTGRES_HOSTNAME', async () => {
    const dir = join(base, 'custom');
    const r = await exec(BUN, [SHIM, dir, '365'], { POSTGRES_HOSTNAME: 'db.example.com' });
    expect(r.code).toBe(0);
    expect(await subject(join(dir, 'server.crt'))).toBe('subject=CN = db.example.com, O = PostgreSQL, C = US');
    expect(await daysValid(join(dir, 'server.crt'))).toBe(365);
    const verified = await run(
      'openssl',
      ['verify', '-CAfile', join(dir, 'ca.crt'), '-purpose', 'sslserver', '-verify_hostname', 'db.example.com', join(dir, 'server.crt')],
      { allowFailure: true },
    );
    expect(verified.code).toBe(0);
  });

  test.each([
    [['abc'], 'Invalid days-valid value "abc": not a whole number'],
    [['0'], 'Invalid days-valid value "0": must be at least 1'],
    [['99999999'], 'Invalid days-valid value "99999999": must be at most 36500 (100 years)'],
    [['--days=-30'], 'Invalid days-valid value "-30": must be at least 1'],
    [['--', '-30'], 'Invalid days-valid value "-30": must be at least 1'],
  ])('days %j: the spec error, its hint, exit 1, nothing written', async (args, message) => {
    const dir = join(base, `bad-days-${args.join('')}`);
    const r = await exec(BUN, [SHIM, dir, ...args]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `✗ Error: ${message}\nProvide a positive integer, e.g. 3650 for ten years: bun scripts/tools/generate-ssl-certs.ts certs 3650\n`,
    );
    expect(existsSync(dir)).toBe(false);
  });

  test('a bare negative number is the validity too, not an unknown option', async () => {
    const dir = join(base, 'negative');
    const r = await exec(BUN, [SHIM, dir, '-30']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^✗ Error: Invalid days-valid value "-30": must be at least 1\n/);
    expect(existsSync(dir)).toBe(false);
  });

  test('bad names, key type and destination through the command line', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['--hostnames', 'bad_name'], 1, /^✗ Error: Invalid host name "bad_name" in --hostnames\n/],
      [['--ip-addresses', '10.0.0.300'], 1, /^✗ Error: Invalid IP address "10.0.0.300" in --ip-addresses\n/],
      [['--key-type', 'dsa'], 2, /^✗ Error: Invalid --key-type "dsa": expected one of rsa, ec\n/],
      [['--overwrite'], 2, /^✗ Error: Unknown option '--overwrite'/],
    ];
    for (const [args, code, message] of cases) {
      const dir = join(base, 'bad-input');
      const r = await exec(BUN, [CLI, 'ssl-certs', dir, ...args]);
      expect([args, r.code]).toEqual([args, code]);
      expect(r.err).toMatch(message);
      expect(existsSync(dir)).toBe(false);
    }
    const file = join(base, 'plain-file');
    writeFileSync(file, 'x');
    const r = await exec(BUN, [CLI, 'ssl-certs', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^✗ Error: Certificate directory is a file, not a directory: /);
  });
});

describe('aza-pg ssl-certs through bun', () => {
  test('CA mode with a client certificate, then --check', async () => {
    const dir = join(base, 'ca');
    const r = await exec(BUN, [CLI, 'ssl-certs', dir, '--mode', 'ca', '--client-users', 'app', '--key-type', 'ec', '--days', '90']);
    expect(r.code).toBe(0);
    expectLinkLayout(dir, ['ca.crt', 'ca.key', 'client-app.crt', 'client-app.key', 'server.crt', 'server.key']);
    const fingerprint = (await run('openssl', ['x509', '-in', join(dir, 'server.crt'), '-noout', '-fingerprint', '-sha256'])).stdout
      .trim()
      .split('=')[1]!;
    expect(r.out).toContain(fingerprint);

    const ok = await exec(BUN, [CLI, 'ssl-certs', '--check', dir]);
    expect([ok.code, ok.err]).toEqual([0, '']);
    expect(ok.out).toContain('TLS certificate check: OK');
    expect(ok.out).toContain(fingerprint);
    expect(ok.out).toMatch(/Days left\s+89/);

    const warned = await exec(BUN, [CLI, 'ssl-certs', '--check', dir, '--warn-days', '120']);
    expect(warned.code).toBe(0);
    expect(warned.err).toMatch(/^⚠ WARNING: ca\.crt expires in 89 days/m);

    // A key from another set: the check fails, naming the pair.
    copyFileSync(join(dir, 'client-app.key'), join(dir, 'server.key'));
    const bad = await exec(BUN, [CLI, 'ssl-certs', '--check', dir]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/✗ Error: server\.key does not belong to server\.crt: PostgreSQL will refuse this pair\n/);

    const missing = await exec(BUN, [CLI, 'ssl-certs', '--check', join(dir, 'nope.crt')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('✗ Error: No such certificate file or directory');
  });

  test('--help lists the options, without the action-only overwrite', async () => {
    const r = await exec(BUN, [CLI, 'ssl-certs', '--help']);
    expect(r.code).toBe(0);
    // dir and days are the arguments of the usage line, listed with their default.
    expect(r.out).toMatch(/^Arguments:\n {2}dir +Directory for the certificates.*\n {2}days +Validity in days.*\(default: 3650\)$/m);
    for (const flag of [
      '--hostname',
      '--hostnames',
      '--ip-addresses',
      '--mode',
      '--client-users',
      '--key-type',
      '--rsa-bits',
      '--check',
      '--warn-days',
    ])
      expect(r.out).toContain(flag);
    expect(r.out).not.toContain('--overwrite');
  });
});

describe('existing certificates: the spec prompt', () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(base, 'prompt');
    expect((await exec(BUN, [SHIM, dir])).code).toBe(0);
  });

  /** Runs the shim on a pseudo-terminal and types `answer`. */
  async function onTerminal(answer: string) {
    return exec('script', ['-qec', `${BUN} ${SHIM} ${dir}`, '/dev/null'], {}, answer);
  }

  test('no terminal: refused with a clear error, files untouched', async () => {
    const before = snapshot(dir);
    const r = await exec(BUN, [SHIM, dir]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `⚠ WARNING: Certificates already exist in ${dir}\n✗ Error: Certificates already exist in ${dir} and there is no terminal to confirm overwriting them; nothing was written\nMove them away first (mv ${dir} ${dir}.old), or run in a terminal and answer y.\n`,
    );
    expect(snapshot(dir)).toEqual(before);
  });

  test.each([['n\n'], ['\n'], ['whatever\n']])('answer %j aborts and keeps the certificates', async (answer) => {
    const before = snapshot(dir);
    const r = await onTerminal(answer);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`⚠ WARNING: Certificates already exist in ${dir}`);
    expect(r.out).toContain('Overwrite existing certificates? (y/N)');
    expect(r.out).toContain('Aborted: the certificates');
    expect(snapshot(dir)).toEqual(before);
  });

  test('answer y replaces them', async () => {
    const before = readFileSync(join(dir, 'server.crt'), 'utf8');
    const r = await onTerminal('y\n');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Overwrite existing certificates? (y/N)');
    expect(r.out).toContain(`✓ Certificates written to ${dir}`);
    expect(readFileSync(join(dir, 'server.crt'), 'utf8')).not.toBe(before);
    expectLinkLayout(dir, ['ca.crt', 'server.crt', 'server.key']);
    expect(statSync(join(dir, 'server.key')).mode & 0o777).toBe(0o600);
  });
});

function actionEnv(inputs: Record<string, string>, outputFile: string, summaryFile: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile };
  for (const [k, v] of Object.entries(inputs)) e[`INPUT_${k.toUpperCase()}`] = v;
  return e;
}

describe('the action entry (bun over the source) and the bundles (ncc, as released)', () => {
  let bundles: string;
  beforeAll(async () => {
    bundles = join(base, 'release');
    for (const [name, entry] of [
      ['ssl-certs', 'src/actions/ssl-certs.ts'],
      ['cli', 'src/cli/index.ts'],
    ] as const) {
      const out = join(bundles, 'dist', name);
      await run(join(ROOT, 'node_modules/.bin/ncc'), ['build', entry, '-o', out, '--target', 'es2022', '--no-source-map-register', '-q'], {
        cwd: ROOT,
        timeoutMs: 120000,
      });
      writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n');
    }
    mkdirSync(join(bundles, 'bin'));
    copyFileSync(join(ROOT, 'bin/aza-pg.js'), join(bundles, 'bin/aza-pg.js'));
  }, 180000);

  test.each([
    ['bun src/actions/ssl-certs.ts', () => [BUN, join(ROOT, 'src/actions/ssl-certs.ts')]],
    ['node dist/ssl-certs/index.js', () => [NODE, join(bundles, 'dist/ssl-certs/index.js')]],
  ])('%s: generates, sets outputs and the job summary; refuses existing certificates without overwrite', async (_name, command) => {
    const [cmd, script] = command() as [string, string];
    const dir = join(base, `action-${cmd === BUN ? 'bun' : 'node'}`);
    const outputs = join(base, `outputs-${cmd === BUN ? 'bun' : 'node'}`);
    const summary = join(base, `summary-${cmd === BUN ? 'bun' : 'node'}`);
    writeFileSync(outputs, '');
    writeFileSync(summary, '');
    const r = await exec(
      cmd,
      [script],
      actionEnv({ dir, mode: 'ca', 'client-users': 'app', 'key-type': 'ec', days: '30' }, outputs, summary),
    );
    expect([r.code, r.out]).toEqual([0, expect.not.stringContaining('::error')]);
    const o = readGithubOutputs(outputs);
    expect(o).toMatchObject({
      status: 'ok',
      dir,
      'key-file': join(dir, 'server.key'),
      'cert-file': join(dir, 'server.crt'),
      'ca-file': join(dir, 'ca.crt'),
      'ca-key-file': join(dir, 'ca.key'),
      'client-files': `${join(dir, 'client-app.crt')}\n${join(dir, 'client-app.key')}`,
      'days-left': '29',
    });
    const fp = (await run('openssl', ['x509', '-in', join(dir, 'server.crt'), '-noout', '-fingerprint', '-sha256'])).stdout
      .trim()
      .split('=')[1];
    expect(o.fingerprint).toBe(fp);
    const end = (await run('openssl', ['x509', '-in', join(dir, 'server.crt'), '-noout', '-enddate'])).stdout
      .replace('notAfter=', '')
      .trim();
    expect(o['not-after']).toBe(new Date(end).toISOString());
    const html = readFileSync(summary, 'utf8');
    expect(html).toContain('TLS certificates (CA-signed)');
    expect(html).toContain(fp);
    expect(html).toContain('client-app.key');

    const before = snapshot(dir);
    const again = await exec(cmd, [script], actionEnv({ dir }, outputs, summary));
    expect(again.code).toBe(1);
    expect(again.out).toContain(`::error::Certificates already exist in ${dir} (server.key, server.crt, ca.crt); nothing was written`);
    expect(snapshot(dir)).toEqual(before);

    const replaced = await exec(
      cmd,
      [script],
      actionEnv({ dir, overwrite: 'true', mode: 'ca', 'client-users': 'app', 'key-type': 'ec' }, outputs, summary),
    );
    expect(replaced.code).toBe(0);
    expect(readFileSync(join(dir, 'server.crt'), 'utf8')).not.toBe(before.find(([n]) => n === 'server.crt')![1]);

    writeFileSync(outputs, '');
    const checked = await exec(cmd, [script], actionEnv({ dir, check: 'true', 'warn-days': '5000' }, outputs, summary));
    expect(checked.code).toBe(0);
    expect(checked.out).toMatch(/::warning::server\.crt expires in 3649 days/);
    expect(readGithubOutputs(outputs)).toMatchObject({ status: 'warning', 'days-left': '3649' });

    // Self-signed over a CA set: the CA's leftovers are named, and check then finds they no longer fit.
    const switched = await exec(cmd, [script], actionEnv({ dir, overwrite: 'true' }, outputs, summary));
    expect(switched.code).toBe(0);
    expect(switched.out).toContain(`::warning::ca.key, client-app.crt, client-app.key in ${dir} are left from an earlier set`);
    const stale = await exec(cmd, [script], actionEnv({ dir, check: 'true' }, outputs, summary));
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('::warning::client-app.crt was not issued by ca.crt in the same directory');
    expect(stale.out).toContain(
      '::error::ca.key does not belong to ca.crt: they cannot be used together (and 1 more problem, listed above)',
    );

    const bad = await exec(cmd, [script], actionEnv({ dir: join(base, 'never'), days: 'abc' }, outputs, summary));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('::error::Invalid days-valid value "abc": not a whole number');
    expect(existsSync(join(base, 'never'))).toBe(false);
  });

  test('the aza-pg bin over the CLI bundle runs the spec usage', async () => {
    const dir = join(base, 'bin-made');
    const r = await exec(NODE, [join(bundles, 'bin/aza-pg.js'), 'ssl-certs', dir, '365'], { POSTGRES_HOSTNAME: 'bin.example.com' });
    expect([r.code, r.err]).toEqual([0, '']);
    expect(await subject(join(dir, 'server.crt'))).toBe('subject=CN = bin.example.com, O = PostgreSQL, C = US');
    expect(await daysValid(join(dir, 'server.crt'))).toBe(365);
    expect(statSync(join(dir, 'server.key')).mode & 0o777).toBe(0o600);
  });
});
