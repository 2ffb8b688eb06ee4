/**
 * Prune over backup artifacts of earlier runs, through the action's artifact service
 * (src/actions/artifact.ts: the REST API's repository-wide list and delete), against a FAKE of
 * GitHub (test/harness/fake-results-service.ts): the real API cannot be reached from here.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { deleteRepositoryArtifact, listRepositoryArtifacts } from '../../src/actions/artifact.js';
import { AzaError } from '../../src/core/errors.js';
import type { RawInputs } from '../../src/core/inputs.js';
import { perform, settingsFrom, type ArtifactService } from '../../src/core/operation.js';
import { prune, type PruneResult } from '../../src/core/prune/index.js';
import { MemoryReporter } from '../../src/core/report.js';
import { azaRejectionOf } from '../harness/expect-errors.js';
import { FakeResultsService } from '../harness/fake-results-service.js';

let fake: FakeResultsService;
let env: NodeJS.ProcessEnv;

/** The action's service, pointed at the fake through the variables a runner sets. */
function service(): ArtifactService {
  return {
    upload: () => Promise.reject(new Error('not used')),
    download: () => Promise.reject(new Error('not used')),
    list: ({ prefix, token }) => listRepositoryArtifacts(prefix, token, env),
    delete: ({ artifact, token }) => deleteRepositoryArtifact(artifact.id, token, env),
  };
}

async function prunePerform(raw: RawInputs) {
  const reporter = new MemoryReporter();
  const outcome = await perform(prune, settingsFrom(prune, raw, env, '/'), { env, artifacts: service() }, reporter);
  return { outcome, reporter };
}

const DAY = 86400000;
const start = Date.UTC(2026, 0, 1, 2, 5);
const day = (i: number): string => new Date(start + i * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  fake = await FakeResultsService.start({ repository: 'example/db' });
  env = { GITHUB_API_URL: fake.url, GITHUB_REPOSITORY: 'example/db' };
  // 120 nightly runs (2026-01-01 .. 2026-04-30), each uploading its backup; other artifacts beside them.
  for (let i = 0; i < 120; i++) {
    const at = new Date(start + i * DAY);
    fake.seed(`backup_app_${day(i).replace(/-/g, '_')}_020000.sql.gz`, at);
    if (i % 30 === 0) fake.seed(`coverage-report-${i}`, at);
  }
  fake.seed('backup-notes', new Date(start));
});

afterAll(async () => {
  await fake?.close();
});

describe('backup artifacts of every run, by the same policy', () => {
  test('the dry run lists; the deleting run deletes exactly that; other artifacts stay', async () => {
    const before = fake.finalized.map((a) => a.id);
    const dry = await prunePerform({ 'github-token': fake.repoToken });
    expect(dry.outcome.dryRun).toBe(true);
    expect(fake.finalized.map((a) => a.id)).toEqual(before);
    // Two pages of 100 were read.
    expect(fake.calls.filter((c) => c.kind === 'rest:GET').length).toBe(2);
    const planned = prune.plannedOutputs!(dry.outcome.plan);
    const plannedKept = JSON.parse(String(planned['artifacts-kept'])) as Array<{ name: string; rules: string[] }>;
    const plannedDeleted = JSON.parse(String(planned['artifacts-deleted'])) as Array<{ id: number; name: string }>;

    // Daily 7: 04-24 .. 04-30. Weekly 4: W18 04-30, W17 04-26, W16 04-19, W15 04-12. Monthly: 04-30, 03-31, 02-28, 01-31.
    const kept = Object.fromEntries(plannedKept.map((k) => [k.name.slice(11, 21).replace(/_/g, '-'), k.rules.join(',')]));
    expect(kept).toEqual({
      '2026-04-30': 'daily,weekly,monthly',
      '2026-04-29': 'daily',
      '2026-04-28': 'daily',
      '2026-04-27': 'daily',
      '2026-04-26': 'daily,weekly',
      '2026-04-25': 'daily',
      '2026-04-24': 'daily',
      '2026-04-19': 'weekly',
      '2026-04-12': 'weekly',
      '2026-03-31': 'monthly',
      '2026-02-28': 'monthly',
      '2026-01-31': 'monthly',
    });
    expect(plannedDeleted).toHaveLength(120 - 12);

    const real = await prunePerform({ 'github-token': fake.repoToken, confirm: 'true' });
    const result = (real.outcome as { result: PruneResult }).result;
    expect(result.artifacts!.deleted.map((a) => a.id).sort()).toEqual(plannedDeleted.map((a) => a.id).sort());
    const left = fake.finalized.map((a) => a.name).sort();
    expect(left).toEqual(
      [
        ...plannedKept.map((k) => k.name),
        'backup-notes',
        'coverage-report-0',
        'coverage-report-30',
        'coverage-report-60',
        'coverage-report-90',
      ].sort(),
    );
    expect(fake.calls.filter((c) => c.kind === 'rest:DELETE' && c.status === 204)).toHaveLength(108);
    expect(prune.summary(result)!.rows).toContainEqual(['Artifacts', '12 kept, 108 deleted (names backup_*)']);
  });

  test('a token that may not list artifacts: a clear error, nothing deleted', async () => {
    const before = fake.finalized.length;
    const e = await azaRejectionOf(prunePerform({ 'github-token': 'ghs_wrong', confirm: 'true' }));
    expect(e).toBeInstanceOf(AzaError);
    expect(e.code).toBe('ARTIFACT_API_FAILED');
    expect(e.message).toContain('answered 401');
    expect(e.hint).toMatch(/actions: write/);
    expect(fake.finalized.length).toBe(before);
  });

  test('min-keep larger than the backup artifacts there are', async () => {
    const e = await azaRejectionOf(prunePerform({ 'github-token': fake.repoToken, 'artifact-prefix': 'backup_crm_', 'min-keep': '1' }));
    expect(e.code).toBe('MIN_KEEP_UNMET');
    expect(e.message).toContain('among the artifacts named backup_crm_*');
  });

  test('outside the action no artifact service is lent: a clear error', async () => {
    const e = await azaRejectionOf(perform(prune, settingsFrom(prune, { 'github-token': 'x' }, env, '/'), { env }, new MemoryReporter()));
    expect(e.message).toContain('only be pruned in the GitHub action');
  });
});
