/**
 * A backup is data, not a program (issue 10). Hostile plain dumps (each psql meta-command kind,
 * COPY … PROGRAM, COPY … TO a server file), a hostile custom archive, a forged manifest and a
 * tampered signed backup go through restore, verify, the command line and the action entry: the
 * canary files never appear, the target is untouched, and the error names the line and what was
 * refused. Each payload is shown live first: with --trust-backup it does create its canary, so
 * these tests can fail. Signed backups round trip (HMAC, Ed25519, a rotation list); a backup
 * signed with another key, or altered after signing, is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { AzaError } from '../../src/core/errors.js';
import { run } from '../../src/core/exec.js';
import { libpqEnv } from '../../src/core/pg.js';
import { MemoryReporter } from '../../src/core/report.js';
import { backup as backupOperation } from '../../src/core/backup/index.js';
import { execute } from '../../src/core/operation.js';
import { parseSigningKey, parseVerifyKeys } from '../../src/core/signing.js';
import { restore as restoreOperation } from '../../src/core/restore/index.js';
import { verify } from '../../src/core/verify/index.js';
import type { VerifySettings } from '../../src/core/verify/settings.js';
import {
  backupSettings,
  createDb,
  databases,
  NORTHWIND,
  psqlFile,
  restore,
  restoreSettings,
  ROOT,
  tableChecksums,
} from '../harness/restore-helpers.js';
import { readGithubOutputs } from '../harness/github-outputs.js';

const BUN = join(ROOT, 'node_modules/.bin/bun');
const CLI = join(ROOT, 'src/cli/index.ts');

let cluster: Cluster;
let dir: string;
/** World-writable: COPY … PROGRAM runs as the server's OS user, \! as ours. */
let canaries: string;
let victimSums: Record<string, string>;
let nwGz: string;

const HMAC = randomBytes(32).toString('base64');
const OTHER_HMAC = randomBytes(32).toString('base64');
const ED = generateKeyPairSync('ed25519');
const ED_PRIVATE = ED.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ED_PUBLIC = ED.publicKey.export({ type: 'spki', format: 'pem' }).toString();

function canary(name: string): string {
  return join(canaries, `pwned-${name}-${randomBytes(4).toString('hex')}`);
}

/** A hostile script: a table, then the payload on line 2. */
function hostile(name: string, payload: string): string {
  const p = join(dir, `evil-${name}.sql.gz`);
  writeFileSync(p, gzipSync(`CREATE TABLE t (a int);\n${payload}\nINSERT INTO t VALUES (2);\n`));
  return p;
}

async function refusal(p: Promise<unknown>): Promise<AzaError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AzaError);
  return e as AzaError;
}

/** Nothing changed on the server: the same databases, the victim's rows identical. */
async function expectUntouched(before: string[]): Promise<void> {
  expect(await databases(cluster)).toEqual(before);
  expect(await tableChecksums(cluster, 'victim')).toEqual(victimSums);
}

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

async function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = await run(cmd, args, { env, cwd: dir, allowFailure: true, timeoutMs: 180000 });
  return { code: r.code, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr };
}

function verifySettings(backup: string, extra: Partial<VerifySettings> = {}): VerifySettings {
  return { backup, scratch: 'cluster', smokeSql: [], amcheck: false, requireManifest: false, pgBinDir: cluster.bin.binDir, ...extra };
}

beforeAll(async () => {
  cluster = await createCluster();
  dir = mkdtempSync(join(tmpdir(), 'aza-trust-'));
  canaries = mkdtempSync(join('/tmp', 'aza-canary-'));
  chmodSync(canaries, 0o777);
  await createDb(cluster, 'northwind');
  await psqlFile(cluster, NORTHWIND, 'northwind');
  await createDb(cluster, 'victim');
  await cluster.query(
    "CREATE TABLE precious (id int PRIMARY KEY, v text); INSERT INTO precious VALUES (1, 'keep me'), (2, 'me too')",
    'victim',
  );
  victimSums = await tableChecksums(cluster, 'victim');
  nwGz = (
    await execute(
      backupOperation,
      backupSettings(cluster, 'northwind', dir, 'plain', 'gzip', 'nw.sql.gz'),
      { env: process.env },
      new MemoryReporter(),
    )
  ).path;
}, 180000);

afterAll(async () => {
  await cluster?.destroy();
  for (const d of [dir, canaries]) if (d) rmSync(d, { recursive: true, force: true });
});

/** Each kind the issue names: the payload (with its canary) and what the refusal says. */
const KINDS: Array<{ name: string; payload: (c: string) => string; what: RegExp }> = [
  { name: 'shell', payload: (c) => `\\! touch ${c}`, what: /line 2 holds the psql meta-command \\!/ },
  { name: 'o-pipe', payload: (c) => `\\o |touch ${c}\nSELECT 1;`, what: /line 2 holds the psql meta-command \\o/ },
  { name: 'g-pipe', payload: (c) => `SELECT 1 \\g |touch ${c}`, what: /line 2 holds the psql meta-command \\g/ },
  { name: 'copy-meta', payload: (c) => `\\copy t from program 'touch ${c}; echo 1'`, what: /line 2 holds the psql meta-command \\copy/ },
  {
    name: 'setenv',
    payload: (c) => `\\setenv AZA_CANARY ${c}\n\\! touch "$AZA_CANARY"`,
    what: /line 2 holds the psql meta-command \\setenv/,
  },
  {
    name: 'include',
    payload: (c) => {
      const inc = join(dir, `include-${randomBytes(3).toString('hex')}.sql`);
      writeFileSync(inc, `\\! touch ${c}\n`);
      return `\\i ${inc}`;
    },
    what: /line 2 holds the psql meta-command \\i/,
  },
  { name: 'copy-program', payload: (c) => `COPY t FROM PROGRAM 'touch ${c}; echo 1';`, what: /line 2 holds COPY … PROGRAM/ },
  { name: 'copy-to-file', payload: (c) => `COPY t TO '${c}';`, what: /line 2 holds COPY … TO '<server file>'/ },
];

describe('hostile plain dumps', () => {
  describe.each(KINDS)('$name', ({ name, payload, what }) => {
    test('the payload is live: with --trust-backup it runs (so the refusals below mean something)', async () => {
      const c = canary(name);
      await restore(cluster, hostile(`${name}-live`, payload(c)), `live_${name.replace(/-/g, '_')}`, { trustBackup: true }).catch(
        () => undefined,
      );
      expect(existsSync(c)).toBe(true);
    });

    test('restore refuses it: no canary, the victim untouched, the error names the line and what', async () => {
      const c = canary(name);
      const before = await databases(cluster);
      const err = await refusal(restore(cluster, hostile(name, payload(c)), 'victim'));
      expect(err.code).toBe('BACKUP_REFUSED');
      expect(err.message).toMatch(what);
      expect(err.message).toContain('nothing was restored');
      expect(err.hint).toContain('--trust-backup');
      expect(existsSync(c)).toBe(false);
      await expectUntouched(before);
    });

    test('verify refuses it before starting a server: no canary', async () => {
      const c = canary(name);
      const before = await databases(cluster);
      const reporter = new MemoryReporter();
      const err = await refusal(execute(verify, verifySettings(hostile(`${name}-v`, payload(c))), { env: process.env }, reporter));
      expect(err.code).toBe('VERIFY_FAILED');
      expect(err.message).toMatch(what);
      expect(reporter.steps.map((s) => s.name).join('\n')).not.toContain('throw-away');
      expect(existsSync(c)).toBe(false);
      await expectUntouched(before);
    });
  });

  test.each(['replace', 'into-existing'] as const)('mode %s: refused before the target is dropped or written', async (mode) => {
    const c = canary(`mode-${mode}`);
    const before = await databases(cluster);
    const err = await refusal(restore(cluster, hostile(`mode-${mode}`, `COPY t FROM PROGRAM 'touch ${c}; echo 1';`), 'victim', { mode }));
    expect(err.code).toBe('BACKUP_REFUSED');
    expect(existsSync(c)).toBe(false);
    await expectUntouched(before);
  });

  test('a payload after the head, found while loading into the staging database: stopped before psql reads it, staging dropped', async () => {
    // A real backup, big enough that the restore reads its head only and the rest during the load.
    const c = canary('late');
    const text = readFileSync(nwGz);
    const late = join(dir, 'late.sql.gz');
    writeFileSync(
      late,
      Buffer.concat([text, gzipSync(`COPY public.region FROM PROGRAM 'touch ${c}; echo 1';\n-- PostgreSQL database dump complete\n`)]),
    );
    const before = await databases(cluster);
    const { result } = await restore(cluster, nwGz, 'victim_copy');
    expect(result.inspection.trust).toEqual({ scan: 'checked' });
    const err = await refusal(restore(cluster, late, 'victim'));
    expect(err.code).toBe('BACKUP_REFUSED');
    expect(err.message).toMatch(/line \d{4,} holds COPY … PROGRAM/);
    expect(existsSync(c)).toBe(false);
    expect(await databases(cluster)).toEqual([...before, 'victim_copy'].sort());
    expect(await tableChecksums(cluster, 'victim')).toEqual(victimSums);
  });

  test('the issue as a user runs it: aza-pg restore evil.sql.gz victim --create --yes, then aza-pg verify', async () => {
    const meta = canary('meta');
    const program = canary('program');
    writeFileSync(
      join(dir, 'evil.sql.gz'),
      gzipSync(`CREATE TABLE t (a int);\n\\! touch ${meta}\nCOPY t FROM PROGRAM 'touch ${program}; echo 1';\n`),
    );
    const before = await databases(cluster);
    const r = await exec(BUN, [CLI, 'restore', 'evil.sql.gz', 'victim', '--create', '--yes'], pgEnv());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Refused .*evil\.sql\.gz: line 2 holds the psql meta-command \\!, which pg_dump never writes/);
    expect(r.err).toContain('--trust-backup');
    const v = await exec(BUN, [CLI, 'verify', 'evil.sql.gz'], { PATH: process.env.PATH, HOME: process.env.HOME });
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/failed verification: Refused .*line 2 holds the psql meta-command \\!/);
    expect(v.out).not.toContain('The backup restores and matches what it recorded');
    expect([existsSync(meta), existsSync(program)]).toEqual([false, false]);
    await expectUntouched(before);
  }, 120000);

  test('the action entry: refused with ::error::, no canary, the victim untouched', async () => {
    const c = canary('action');
    const outputs = join(dir, 'out-action');
    writeFileSync(outputs, '');
    writeFileSync(join(dir, 'sum-action'), '');
    const env = pgEnv({ GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: join(dir, 'sum-action') });
    for (const [k, v] of Object.entries({
      backup: hostile('action', `COPY t FROM PROGRAM 'touch ${c}; echo 1';`),
      database: 'victim',
      confirm: 'victim',
    }))
      env[`INPUT_${k.toUpperCase()}`] = v;
    const before = await databases(cluster);
    const r = await exec(BUN, [join(ROOT, 'src/actions/restore.ts')], env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/::error::Refused .*: line 2 holds COPY … PROGRAM/);
    expect(existsSync(c)).toBe(false);
    await expectUntouched(before);

    const v = await exec(BUN, [join(ROOT, 'src/actions/verify.ts')], { ...env, INPUT_CONFIRM: '' });
    expect(v.code).toBe(1);
    expect(readGithubOutputs(outputs)).toMatchObject({ passed: 'false' });
    expect(readGithubOutputs(outputs).reason).toMatch(/line 2 holds COPY … PROGRAM/);
    expect(existsSync(c)).toBe(false);
  }, 120000);

  test('--trust-backup says so in the summary', async () => {
    const { result } = await restore(cluster, hostile('trusted', 'SELECT 1;'), 'trusted_copy', { trustBackup: true });
    expect(result.inspection.trust).toEqual({ scan: 'lifted' });
    // Only a face prints the summary: the table it would print.
    expect(restoreOperation.summary(result)!.rows).toContainEqual(['Trust', expect.stringMatching(/^trust-backup: loaded as it is/)]);
  });
});

describe('a hostile custom archive', () => {
  let good: Buffer;
  const pad = 'x'.repeat(120);
  let evil: string;
  let c: string;

  /** The archive with a TOC entry's SQL swapped for COPY … TO PROGRAM of the same length: it stays valid. */
  function hostileArchive(name: string, canaryPath: string): string {
    const bytes = Buffer.from(good);
    const original = Buffer.from(`COMMENT ON TABLE public.t IS '${pad}';`);
    const at = bytes.indexOf(original);
    expect(at).toBeGreaterThan(0);
    const payload = `COPY public.t TO PROGRAM 'touch ${canaryPath}';`;
    const replacement = Buffer.from(`${payload} --${'-'.repeat(original.length - payload.length - 3)}`);
    expect(replacement.length).toBe(original.length);
    replacement.copy(bytes, at);
    const p = join(dir, `${name}.dump`);
    writeFileSync(p, bytes);
    return p;
  }

  beforeAll(async () => {
    await createDb(cluster, 'arch');
    await cluster.query(`CREATE TABLE t (a int); INSERT INTO t VALUES (1); COMMENT ON TABLE t IS '${pad}'`, 'arch');
    const p = join(dir, 'arch.dump');
    await run(cluster.tool('pg_dump'), ['-Fc', '-f', p], { env: libpqEnv(cluster.connection(), process.env, 'arch') });
    good = readFileSync(p);
    c = canary('archive');
    evil = hostileArchive('evil', c);
  });

  test('the payload is live: pg_restore of it runs the program', async () => {
    const live = canary('archive-live');
    await createDb(cluster, 'arch_live');
    await run(cluster.tool('pg_restore'), ['--no-owner', '-d', 'arch_live', hostileArchive('evil-live', live)], {
      env: libpqEnv(cluster.connection(), process.env, 'arch_live'),
      allowFailure: true,
    });
    expect(existsSync(live)).toBe(true);
  });

  test('the same in a directory archive (toc.dat): refused, no canary', async () => {
    const d = join(dir, 'arch.dir');
    await run(cluster.tool('pg_dump'), ['-Fd', '-f', d], { env: libpqEnv(cluster.connection(), process.env, 'arch') });
    const toc = readFileSync(join(d, 'toc.dat'));
    const original = Buffer.from(`COMMENT ON TABLE public.t IS '${pad}';`);
    const at = toc.indexOf(original);
    expect(at).toBeGreaterThan(0);
    const dc = canary('archive-dir');
    const payload = `COPY public.t TO PROGRAM 'touch ${dc}';`;
    Buffer.from(`${payload} --${'-'.repeat(original.length - payload.length - 3)}`).copy(toc, at);
    writeFileSync(join(d, 'toc.dat'), toc);
    const before = await databases(cluster);
    const err = await refusal(restore(cluster, d, 'victim'));
    expect(err.code).toBe('BACKUP_REFUSED');
    expect(err.message).toMatch(/line \d+ holds COPY … PROGRAM/);
    expect(existsSync(dc)).toBe(false);
    await expectUntouched(before);
  });

  test('restore and verify refuse it: no canary, the victim untouched, the error names the statement', async () => {
    const before = await databases(cluster);
    const err = await refusal(restore(cluster, evil, 'victim'));
    expect(err.code).toBe('BACKUP_REFUSED');
    expect(err.message).toMatch(/line \d+ holds COPY … PROGRAM/);
    const v = await refusal(execute(verify, verifySettings(evil), { env: process.env }, new MemoryReporter()));
    expect(v.message).toMatch(/line \d+ holds COPY … PROGRAM/);
    expect(existsSync(c)).toBe(false);
    await expectUntouched(before);
  });
});

describe('signed manifests', () => {
  async function signedBackup(name: string, key: string, format: 'plain' | 'custom' = 'plain'): Promise<string> {
    const s = backupSettings(cluster, 'northwind', dir, format, 'gzip', `${name}${format === 'plain' ? '.sql.gz' : '.dump'}`);
    return (await execute(backupOperation, { ...s, signingKey: parseSigningKey(key, 'test') }, { env: process.env }, new MemoryReporter()))
      .path;
  }
  const keys = (...texts: string[]) => texts.flatMap((t) => parseVerifyKeys(t, 'test'));

  test('round trip: HMAC and Ed25519 (restore sides hold only the public key), a rotation list, through restore and verify', async () => {
    const hm = await signedBackup('signed-hmac', HMAC);
    const ed = await signedBackup('signed-ed', ED_PRIVATE, 'custom');
    const m = JSON.parse(readFileSync(`${ed}.manifest.json`, 'utf8'));
    expect(m.signature).toMatchObject({ algorithm: 'ed25519', keyId: keys(ED_PUBLIC)[0]!.id });
    const { result } = await restore(cluster, hm, 'signed_copy', { verifyKeys: keys(`${OTHER_HMAC}\n${HMAC}`) });
    expect(result.inspection.trust).toEqual({ scan: 'checked', signature: expect.objectContaining({ keyId: keys(HMAC)[0]!.id }) });
    const v = await execute(
      verify,
      verifySettings(ed, { verifyKeys: keys(ED_PUBLIC, OTHER_HMAC) }),
      { env: process.env },
      new MemoryReporter(),
    );
    expect(v.passed).toBe(true);
    expect(v.checks.find((ch) => ch.name === 'Trust')?.detail).toContain(`manifest signed by ${keys(ED_PUBLIC)[0]!.id}`);
    expect(await tableChecksums(cluster, 'signed_copy')).toEqual(await tableChecksums(cluster, 'northwind'));
  });

  test('signed with another key, unsigned, forged, altered after signing: refused before a byte is loaded', async () => {
    const signed = await signedBackup('signed-tamper', HMAC);
    const manifestPath = `${signed}.manifest.json`;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const c = canary('tampered');
    // Altered after signing: a payload appended, the manifest's size and sha256 left as signed ...
    const tampered = join(dir, 'tampered.sql.gz');
    const evilBytes = Buffer.concat([readFileSync(signed), gzipSync(`COPY public.region FROM PROGRAM 'touch ${c}; echo 1';\n`)]);
    writeFileSync(tampered, evilBytes);
    writeFileSync(`${tampered}.manifest.json`, readFileSync(manifestPath));
    // ... or rewritten to match the new bytes, which breaks the signature.
    const { createHash } = await import('node:crypto');
    const forged = join(dir, 'forged.sql.gz');
    writeFileSync(forged, evilBytes);
    writeFileSync(
      `${forged}.manifest.json`,
      JSON.stringify({
        ...manifest,
        file: 'forged.sql.gz',
        sizeBytes: evilBytes.length,
        sha256: createHash('sha256').update(evilBytes).digest('hex'),
      }),
    );
    const unsigned = join(dir, 'unsigned.sql.gz');
    writeFileSync(unsigned, evilBytes);
    const { signature: _sig, ...rest } = manifest;
    writeFileSync(
      `${unsigned}.manifest.json`,
      JSON.stringify({
        ...rest,
        file: 'unsigned.sql.gz',
        sizeBytes: evilBytes.length,
        sha256: createHash('sha256').update(evilBytes).digest('hex'),
      }),
    );
    const noManifest = join(dir, 'no-manifest.sql.gz');
    writeFileSync(noManifest, evilBytes);

    const before = await databases(cluster);
    const cases: Array<[string, string, string, RegExp]> = [
      [signed, OTHER_HMAC, 'SIGNATURE_UNKNOWN_KEY', /is signed with key hmac-sha256:[0-9a-f]{16}, which is not one of the configured keys/],
      [tampered, HMAC, 'MANIFEST_MISMATCH', /does not match its manifest: size/],
      [forged, HMAC, 'SIGNATURE_MISMATCH', /does not match its signature .*altered after signing, or the signature is forged/],
      [unsigned, HMAC, 'BACKUP_UNSIGNED', /is not signed/],
      [noManifest, HMAC, 'MANIFEST_MISSING', /restores from here require a signed manifest/],
    ];
    for (const [path, key, code, message] of cases) {
      const err = await refusal(restore(cluster, path, 'victim', { verifyKeys: keys(key) }));
      expect([path, err.code]).toEqual([path, code]);
      expect(err.message).toMatch(message);
      const v = await refusal(execute(verify, verifySettings(path, { verifyKeys: keys(key) }), { env: process.env }, new MemoryReporter()));
      expect(v.message).toMatch(message);
    }
    // A public key verifies Ed25519 signatures only: an HMAC-signed backup is refused by it.
    const err = await refusal(restore(cluster, signed, 'victim', { verifyKeys: keys(ED_PUBLIC) }));
    expect(err.code).toBe('SIGNATURE_UNKNOWN_KEY');
    expect(existsSync(c)).toBe(false);
    await expectUntouched(before);
  });
  test('the action faces: backup signs with the signing-key input, verify and restore check verify-key; the keys never reach the log', async () => {
    const outDir = mkdtempSync(join(dir, 'action-'));
    const run1 = async (op: string, inputs: Record<string, string>) => {
      const outputs = join(outDir, `out-${op}-${randomBytes(3).toString('hex')}`);
      writeFileSync(outputs, '');
      const summary = `${outputs}.summary`;
      writeFileSync(summary, '');
      const env = pgEnv({ GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: outDir });
      for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
      const r = await exec(BUN, [join(ROOT, `src/actions/${op}.ts`)], env);
      const log = r.all
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      return { ...r, log, outputs: readGithubOutputs(outputs) };
    };
    const secretLines = ED_PRIVATE.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));

    const b = await run1('backup', { database: 'northwind', output: 'signed-action.sql.gz', 'signing-key': ED_PRIVATE });
    expect([b.code, b.log]).toEqual([0, expect.not.stringContaining('::error')]);
    for (const l of secretLines) expect(b.log).not.toContain(l);
    // Masked line by line: the runner masks each line of a multi-line secret only so.
    for (const l of secretLines) expect(b.all).toContain(`::add-mask::${l}`);
    const path = b.outputs.path!;
    expect(JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8')).signature).toMatchObject({ algorithm: 'ed25519' });

    const v = await run1('verify', { backup: path, 'verify-key': ED_PUBLIC });
    expect([v.code, v.outputs.passed]).toEqual([0, 'true']);

    // Forged: the manifest's table counts changed, signature kept.
    const m = JSON.parse(readFileSync(`${path}.manifest.json`, 'utf8'));
    const forged = join(outDir, 'forged-action.sql.gz');
    writeFileSync(forged, readFileSync(path));
    writeFileSync(`${forged}.manifest.json`, JSON.stringify({ ...m, tables: [] }));
    const f = await run1('verify', { backup: forged, 'verify-key': `${HMAC}\n${ED_PUBLIC}` });
    expect([f.code, f.outputs.passed]).toEqual([1, 'false']);
    expect(f.outputs.reason).toMatch(/does not match its signature/);
    expect(f.log).not.toContain(HMAC);

    const before = await databases(cluster);
    const r = await run1('restore', { backup: forged, database: 'victim', confirm: 'victim', 'verify-key': HMAC });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/::error::The manifest .* is signed with key ed25519:[0-9a-f]{16}, which is not one of the configured keys/);
    expect(r.log).not.toContain(HMAC);
    await expectUntouched(before);
  }, 180000);
  test('the command line: keys from a file or the environment, never a flag value; a signed backup restores, a wrong key is refused', async () => {
    const pub = join(dir, 'verify.pem');
    writeFileSync(pub, ED_PUBLIC);
    const inArgv = await exec(BUN, [CLI, 'backup', 'northwind', 'cli-argv.sql.gz', '--signing-key', HMAC], pgEnv());
    expect(inArgv.code).not.toBe(0);
    expect(inArgv.err).toMatch(/--signing-key/);
    const b = await exec(BUN, [CLI, 'backup', 'northwind', 'cli-signed.sql.gz'], pgEnv({ AZA_PG_SIGNING_KEY: ED_PRIVATE }));
    expect([b.code, b.err]).toEqual([0, expect.any(String)]);
    expect(b.all).not.toContain(ED_PRIVATE.split('\n')[1]);
    expect(JSON.parse(readFileSync(join(dir, 'cli-signed.sql.gz.manifest.json'), 'utf8')).signature.keyId).toBe(keys(ED_PUBLIC)[0]!.id);
    const ok = await exec(
      BUN,
      [CLI, 'restore', 'cli-signed.sql.gz', 'cli_signed_copy', '--create', '--yes', '--verify-key-file', pub],
      pgEnv(),
    );
    expect([ok.code, ok.err]).toEqual([0, expect.any(String)]);
    expect(ok.out).toMatch(/manifest signed by ed25519:[0-9a-f]{16}/);
    const wrong = await exec(BUN, [CLI, 'verify', 'cli-signed.sql.gz'], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AZA_PG_VERIFY_KEY: OTHER_HMAC,
    });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/signed with key ed25519:[0-9a-f]{16}, which is not one of the configured keys \(hmac-sha256:[0-9a-f]{16}\)/);
    expect(wrong.all).not.toContain(OTHER_HMAC);
  }, 180000);
  test('a signed backup swapped for another file between its check and its load: refused before the swap, the target unchanged', async () => {
    const signed = await signedBackup('signed-swap', HMAC);
    const other = Buffer.concat([readFileSync(signed), gzipSync("INSERT INTO public.region VALUES (77, 'smuggled');\n")]);
    /** Swaps the file's content when the staging database is created: after every check, before the load. */
    class Swapper extends MemoryReporter {
      override async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
        if (name.startsWith('Create the staging database')) writeFileSync(signed, other);
        return super.step(name, fn);
      }
    }
    const before = await databases(cluster);
    const err = await refusal(
      execute(
        restoreOperation,
        restoreSettings(cluster, signed, 'victim', { verifyKeys: keys(HMAC) }),
        { env: process.env },
        new Swapper(),
      ),
    );
    expect(err.code).toBe('BACKUP_CHANGED');
    expect(err.message).toMatch(/changed while it was restored: psql read sha256 [0-9a-f]{64}, the file checked before had [0-9a-f]{64}/);
    expect(err.message).toContain('database "victim" is unchanged');
    await expectUntouched(before);
  });
});
