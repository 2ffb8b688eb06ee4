/**
 * Backup artifact upload/download through the real @actions/artifact client, against a FAKE of
 * GitHub's results service and blob storage (test/harness/fake-results-service.ts): the real
 * service only exists inside a GitHub Actions job.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadBackupArtifact, uploadBackupArtifact } from '../../src/actions/artifact.js';
import { AzaError } from '../../src/core/errors.js';
import { DefaultArtifactClient } from '@actions/artifact';
import { FakeResultsService, fakeRuntimeToken } from '../harness/fake-results-service.js';
import { readZip } from '../harness/zip-reader.js';

const ENV_KEYS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_RETENTION_DAYS',
  'GITHUB_WORKSPACE',
] as const;

let fake: FakeResultsService;
let dir: string;
let backupFile: string;
let manifestFile: string;
let backupBytes: Buffer;
let manifestBytes: Buffer;
const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};
let unique = 0;
const artifactName = (): string => `backup-fakedb-${Date.now()}-${++unique}`;

/** Runs fn with stdout swallowed: @actions/core writes ::debug:: and progress lines there. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

/** Awaits the rejection and returns it as an AzaError (fails the test for anything else). */
async function azaFailure(run: () => Promise<unknown>): Promise<AzaError> {
  const e = await quietly(() =>
    run().then(
      () => undefined,
      (err: unknown) => err,
    ),
  );
  expect(e).toBeInstanceOf(AzaError);
  return e as AzaError;
}

beforeAll(async () => {
  for (const k of ENV_KEYS) savedEnv[k] = process.env[k];
  fake = await FakeResultsService.start();
  dir = await mkdtemp(join(tmpdir(), 'aza-artifact-'));
  // > 8 MiB (the client's block size) of incompressible data, so the upload takes two blocks and
  // the fake has to reassemble them in the committed order.
  backupBytes = Buffer.concat([Buffer.from('PGDMP'), randomBytes(9 * 1024 * 1024)]);
  manifestBytes = Buffer.from(
    `${JSON.stringify({ format: 'custom', database: 'fakedb', sha256: createHash('sha256').update(backupBytes).digest('hex') }, null, 2)}\n`,
  );
  backupFile = join(dir, 'fakedb.dump');
  manifestFile = join(dir, 'fakedb.manifest.json');
  await writeFile(backupFile, backupBytes);
  await writeFile(manifestFile, manifestBytes);
});

afterAll(async () => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  Object.assign(process.env, fake.env(), {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'example/aza-pg',
    GITHUB_RUN_ID: '4242',
  });
  delete process.env.GITHUB_RETENTION_DAYS;
  fake.clearFailures();
});

describe('uploadBackupArtifact against the fake results service', () => {
  test('uploads the backup and manifest as one zip, with retention', async () => {
    const name = artifactName();
    const before = Date.now();
    const res = await quietly(() =>
      uploadBackupArtifact({ name, files: [backupFile, manifestFile], rootDirectory: dir, retentionDays: 7 }),
    );

    const [artifact] = fake.finalized.filter((a) => a.name === name);
    expect(artifact).toBeDefined();
    const content = artifact!.content!;
    expect(res.id).toBe(artifact!.id);
    expect(res.url).toBe(`https://github.com/example/aza-pg/actions/runs/4242/artifacts/${artifact!.id}`);
    expect(res.size).toBe(content.length);

    // What CreateArtifact carried.
    expect(artifact!.workflowRunBackendId).toBe(fake.workflowRunBackendId);
    expect(artifact!.workflowJobRunBackendId).toBe(fake.workflowJobRunBackendId);
    expect(artifact!.mimeType).toBe('application/zip');
    const expiresAt = Date.parse(artifact!.expiresAt!);
    const days = (expiresAt - before) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    // What FinalizeArtifact claimed matches what reached storage.
    const sha = createHash('sha256').update(content).digest('hex');
    expect(artifact!.finalizeSize).toBe(String(content.length));
    expect(artifact!.finalizeHash).toBe(`sha256:${sha}`);
    expect(res.digest).toBe(`sha256:${sha}`);
    expect(artifact!.contentType).toBe('application/zip');
    const blocks = fake.calls.filter((c) => c.kind === 'blob:PUT:block' && c.path.includes(`/${artifact!.id}/`));
    expect(blocks.length).toBeGreaterThanOrEqual(2);

    // The zip holds both files, byte for byte, under their paths relative to the root directory.
    const entries = readZip(content);
    expect(entries.map((e) => e.name).sort()).toEqual(['fakedb.dump', 'fakedb.manifest.json']);
    expect(entries.find((e) => e.name === 'fakedb.dump')!.data.equals(backupBytes)).toBe(true);
    expect(entries.find((e) => e.name === 'fakedb.manifest.json')!.data.equals(manifestBytes)).toBe(true);

    // Independent check with Python's zipfile, when it is there.
    const zipPath = join(dir, 'uploaded.zip');
    await writeFile(zipPath, content);
    let listing: string | undefined;
    try {
      listing = execFileSync('python3', ['-m', 'zipfile', '-t', zipPath], { encoding: 'utf8' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (listing !== undefined) expect(listing).toMatch(/Done testing/);
  });

  test('without retention, sends no expiry and the url needs the GITHUB_* variables', async () => {
    delete process.env.GITHUB_RUN_ID;
    const name = artifactName();
    const res = await quietly(() => uploadBackupArtifact({ name, files: [manifestFile], rootDirectory: dir }));
    const artifact = fake.finalized.find((a) => a.name === name)!;
    expect(artifact.expiresAt).toBeUndefined();
    expect(res.url).toBeUndefined();
    expect(readZip(artifact.content!).map((e) => e.name)).toEqual(['fakedb.manifest.json']);
  });

  test('fails before any request without a runtime token', async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    const calls = fake.calls.length;
    const err = await azaFailure(() => uploadBackupArtifact({ name: artifactName(), files: [backupFile], rootDirectory: dir }));
    expect(err.code).toBe('ARTIFACT_UNAVAILABLE');
    expect(err.hint).toMatch(/only works inside a GitHub Actions job/);
    expect(fake.calls.length).toBe(calls);
  });

  test('a token without the Actions.Results scope is reported as such', async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = fakeRuntimeToken({ scp: 'Actions.GenericRead:x' });
    const err = await azaFailure(() => uploadBackupArtifact({ name: artifactName(), files: [backupFile], rootDirectory: dir }));
    expect(err.code).toBe('ARTIFACT_UNAVAILABLE');
    expect(err.message).toMatch(/not a valid Actions runtime token/);
    expect(err.describe()).not.toContain(process.env.ACTIONS_RUNTIME_TOKEN);
  });

  test('rejects a bad name before any request', async () => {
    const calls = fake.calls.length;
    const err = await azaFailure(() => uploadBackupArtifact({ name: 'backup:fakedb', files: [backupFile], rootDirectory: dir }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/colon/);
    expect(fake.calls.length).toBe(calls);
  });

  test.each([0, 91, 2.5])('rejects retention of %p days before any request', async (days) => {
    const calls = fake.calls.length;
    const err = await azaFailure(() =>
      uploadBackupArtifact({ name: artifactName(), files: [backupFile], rootDirectory: dir, retentionDays: days }),
    );
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.hint).toMatch(/1 to 90/);
    expect(fake.calls.length).toBe(calls);
  });

  test('a missing backup file fails before any request', async () => {
    const calls = fake.calls.length;
    const err = await azaFailure(() => uploadBackupArtifact({ name: artifactName(), files: [join(dir, 'nope.dump')], rootDirectory: dir }));
    expect(err.code).toBe('ARTIFACT_UPLOAD_FAILED');
    expect(err.message).toMatch(/no such file/);
    expect(fake.calls.length).toBe(calls);
  });

  test('a non-retryable CreateArtifact error becomes a clear AzaError', async () => {
    fake.fail('CreateArtifact', 400, 'mime type not allowed', 1, 'invalid_argument');
    const err = await azaFailure(() => uploadBackupArtifact({ name: artifactName(), files: [backupFile], rootDirectory: dir }));
    expect(err.code).toBe('ARTIFACT_UPLOAD_FAILED');
    expect(err.message).toMatch(/^Artifact upload of "backup-fakedb-[^"]+" failed: .*CreateArtifact.*\(400\).*mime type not allowed$/);
    expect(err.message).not.toMatch(/\n\s+at /);
    expect(err.hint).toMatch(/retrying will not help/);
  });

  test('storage quota exhaustion (500 "insufficient usage") gets its own hint, without retries', async () => {
    fake.fail('CreateArtifact', 500, 'insufficient usage to create artifact', 1);
    const start = Date.now();
    const err = await azaFailure(() => uploadBackupArtifact({ name: artifactName(), files: [backupFile], rootDirectory: dir }));
    expect(Date.now() - start).toBeLessThan(2500); // the client's first backoff would be 3 s
    expect(err.code).toBe('ARTIFACT_UPLOAD_FAILED');
    expect(err.message).toMatch(/quota/);
    expect(err.hint).toMatch(/Delete old artifacts/);
  });

  test('a persistent 500 on CreateArtifact ends in a clear AzaError after the client retries', async () => {
    // The client retries 500 five times with 3 s, 4.5 s, ... backoff; fake timers skip the waits
    // while the HTTP traffic stays real.
    fake.fail('CreateArtifact', 500, 'database is on fire');
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'performance', 'hrtime'] });
    try {
      let settled = false;
      const p = uploadBackupArtifact({ name: artifactName(), files: [backupFile], rootDirectory: dir }).finally(() => {
        settled = true;
      });
      const errP = azaFailure(() => p);
      for (let i = 0; i < 2000 && !settled; i++) {
        await jest.advanceTimersByTimeAsync(1000);
        await new Promise((r) => setImmediate(r));
      }
      const err = await errP;
      expect(err.code).toBe('ARTIFACT_UPLOAD_FAILED');
      expect(err.message).toMatch(/CreateArtifact.*after 5 attempts.*\(500\).*database is on fire/);
      expect(err.hint).toMatch(/temporary/);
      expect(fake.calls.filter((c) => c.kind === 'CreateArtifact' && c.status === 500).length).toBeGreaterThanOrEqual(5);
    } finally {
      jest.useRealTimers();
    }
  });

  test('a second artifact with the same name in one run is refused with a hint', async () => {
    const name = artifactName();
    await quietly(() => uploadBackupArtifact({ name, files: [manifestFile], rootDirectory: dir }));
    const err = await azaFailure(() => uploadBackupArtifact({ name, files: [manifestFile], rootDirectory: dir }));
    expect(err.code).toBe('ARTIFACT_UPLOAD_FAILED');
    expect(err.message).toMatch(/already exists/);
    expect(err.hint).toMatch(/unique per run/);
  });

  test('a blob storage refusal is reported without the signed URL', async () => {
    fake.fail('blob', 403, 'Server failed to authenticate the request.', 1);
    const err = await azaFailure(() => uploadBackupArtifact({ name: artifactName(), files: [manifestFile], rootDirectory: dir }));
    expect(err.code).toBe('ARTIFACT_UPLOAD_FAILED');
    expect(err.describe()).not.toMatch(/sig=[0-9a-f]/);
    expect(err.describe()).not.toContain(fake.runtimeToken);
  });
});

describe('downloadBackupArtifact against the fake results service', () => {
  let dest: string;
  afterEach(async () => {
    if (dest) await rm(dest, { recursive: true, force: true });
  });

  test('round-trips the uploaded files and checks the digest', async () => {
    const name = artifactName();
    const up = await quietly(() => uploadBackupArtifact({ name, files: [backupFile, manifestFile], rootDirectory: dir, retentionDays: 1 }));
    dest = await mkdtemp(join(tmpdir(), 'aza-artifact-dl-'));
    const down = await quietly(() => downloadBackupArtifact(name, join(dest, 'restore')));
    expect(down.id).toBe(up.id);
    expect(down.path).toBe(join(dest, 'restore'));
    expect(down.digestMatched).toBe(true);
    expect((await readFile(join(down.path, 'fakedb.dump'))).equals(backupBytes)).toBe(true);
    expect((await readFile(join(down.path, 'fakedb.manifest.json'))).equals(manifestBytes)).toBe(true);
    expect(fake.calls.map((c) => c.kind)).toEqual(expect.arrayContaining(['ListArtifacts', 'GetSignedArtifactURL', 'blob:GET']));
  });

  test('an unknown name is ARTIFACT_NOT_FOUND', async () => {
    dest = await mkdtemp(join(tmpdir(), 'aza-artifact-dl-'));
    const err = await azaFailure(() => downloadBackupArtifact('no-such-backup', dest));
    expect(err.code).toBe('ARTIFACT_NOT_FOUND');
    expect(err.hint).toMatch(/artifact-name/);
  });
});

describe("the FAKE's list and delete, as the client's Twirp calls use them", () => {
  test("the client lists this run's artifacts and deletes one by name", async () => {
    const name = artifactName();
    const up = await quietly(() => uploadBackupArtifact({ name, files: [backupFile, manifestFile], rootDirectory: dir }));
    const client = new DefaultArtifactClient();
    const listed = await quietly(() => client.listArtifacts());
    expect(listed.artifacts.map((a) => a.name)).toContain(name);
    const deleted = await quietly(() => client.deleteArtifact(name));
    expect(deleted.id).toBe(up.id);
    expect((await quietly(() => client.listArtifacts())).artifacts.map((a) => a.name)).not.toContain(name);
    expect(fake.calls.filter((c) => c.kind === 'DeleteArtifact').map((c) => c.status)).toEqual([200]);
    await expect(quietly(() => client.deleteArtifact(name))).rejects.toThrow(/not found/i);
  });
});
