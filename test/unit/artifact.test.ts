import { describe, expect, test } from '@jest/globals';
import {
  artifactError,
  artifactUrl,
  checkArtifactRuntime,
  validateArtifactName,
  validateArtifactRequest,
  type ArtifactUploadRequest,
} from '../../src/actions/artifact.js';
import { AzaError } from '../../src/core/errors.js';
import { azaErrorOf } from '../harness/expect-errors.js';

const ok: ArtifactUploadRequest = {
  name: 'backup-mydb-2024-05-01',
  files: ['/tmp/b/db.dump', 'db.manifest.json'],
  rootDirectory: '/tmp/b',
};

describe('validateArtifactRequest', () => {
  test('accepts a plain request, with or without retention', () => {
    expect(() => validateArtifactRequest(ok)).not.toThrow();
    expect(() => validateArtifactRequest({ ...ok, retentionDays: 1 })).not.toThrow();
    expect(() => validateArtifactRequest({ ...ok, retentionDays: 90 })).not.toThrow();
    expect(() => validateArtifactRequest({ ...ok, name: 'db.main_v1 (nightly)' })).not.toThrow();
  });

  test.each([
    ['backup:mydb', 'colon'],
    ['a/b', 'forward slash'],
    ['a\\b', 'backslash'],
    ['a"b', 'double quote'],
    ['a<b', 'less than'],
    ['a>b', 'greater than'],
    ['a|b', 'vertical bar'],
    ['a*b', 'asterisk'],
    ['a?b', 'question mark'],
    ['a\nb', 'line feed'],
    ['a\rb', 'carriage return'],
  ])('rejects the name %j (%s)', (name, label) => {
    const err = azaErrorOf(() => validateArtifactRequest({ ...ok, name }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toContain(label);
    expect(err.message).not.toMatch(/[\r\n]/);
    expect(err.hint).toMatch(/Artifact names cannot contain/);
  });

  test.each(['', '   ', ' lead', 'trail '])('rejects the name %j', (name) => {
    expect(azaErrorOf(() => validateArtifactRequest({ ...ok, name })).code).toBe('INVALID_INPUT');
  });

  test('rejects an overlong name', () => {
    expect(azaErrorOf(() => validateArtifactName('x'.repeat(201))).message).toMatch(/201 characters/);
    expect(() => validateArtifactName('x'.repeat(200))).not.toThrow();
  });

  test.each([0, -1, 91, 365, 1.5, Number.NaN])('rejects retention %p', (retentionDays) => {
    const err = azaErrorOf(() => validateArtifactRequest({ ...ok, retentionDays }));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.hint).toMatch(/1 to 90/);
  });

  test('rejects no files, a relative root, and files outside the root', () => {
    expect(azaErrorOf(() => validateArtifactRequest({ ...ok, files: [] })).message).toMatch(/No files/);
    expect(azaErrorOf(() => validateArtifactRequest({ ...ok, rootDirectory: 'b' })).message).toMatch(/not absolute/);
    expect(azaErrorOf(() => validateArtifactRequest({ ...ok, files: ['/tmp/other/db.dump'] })).message).toMatch(/not inside/);
    expect(azaErrorOf(() => validateArtifactRequest({ ...ok, files: ['../db.dump'] })).message).toMatch(/not inside/);
    expect(azaErrorOf(() => validateArtifactRequest({ ...ok, files: ['/tmp/b'] })).message).toMatch(/not inside/);
    // A name merely starting with two dots is still inside.
    expect(() => validateArtifactRequest({ ...ok, files: ['..db.dump'] })).not.toThrow();
  });
});

describe('checkArtifactRuntime', () => {
  const env = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results.example/' };

  test('passes inside a job on github.com or GHE.com', () => {
    expect(() => checkArtifactRuntime(env)).not.toThrow();
    expect(() => checkArtifactRuntime({ ...env, GITHUB_SERVER_URL: 'https://github.com' })).not.toThrow();
    expect(() => checkArtifactRuntime({ ...env, GITHUB_SERVER_URL: 'https://acme.ghe.com' })).not.toThrow();
  });

  test('explains a missing token or results URL', () => {
    for (const missing of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'] as const) {
      const err = azaErrorOf(() => checkArtifactRuntime({ ...env, [missing]: '' }));
      expect(err.code).toBe('ARTIFACT_UNAVAILABLE');
      expect(err.message).toContain(missing);
      expect(err.hint).toMatch(/only works inside a GitHub Actions job/);
    }
  });

  test('refuses GitHub Enterprise Server', () => {
    const err = azaErrorOf(() => checkArtifactRuntime({ ...env, GITHUB_SERVER_URL: 'https://github.acme.internal' }));
    expect(err.code).toBe('ARTIFACT_UNAVAILABLE');
    expect(err.message).toMatch(/Enterprise Server/);
  });
});

describe('artifactUrl', () => {
  test('builds the run artifact link when the job variables are there', () => {
    const env = { GITHUB_SERVER_URL: 'https://github.com/', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '7' };
    expect(artifactUrl(12, env)).toBe('https://github.com/o/r/actions/runs/7/artifacts/12');
    expect(artifactUrl(12, { ...env, GITHUB_RUN_ID: '' })).toBeUndefined();
  });
});

describe('artifactError', () => {
  test('keeps an AzaError as it is', () => {
    const e = new AzaError('INTERNAL', 'm', 'h');
    expect(artifactError(e, 'upload', 'n')).toBe(e);
  });

  test('never carries SAS signatures or tokens into the message', () => {
    const err = artifactError(
      new Error(
        'PUT https://acct.blob.core.windows.net/c/b.zip?sv=2025&se=2099&sig=SECRETSIG%3D&comp=block failed; Bearer eyJhbGciOi.eyJzY3AiOi.c2ln',
      ),
      'upload',
      'n',
    );
    expect(err.describe()).not.toMatch(/SECRETSIG|eyJ/);
    expect(err.message).toContain('sig=***');
  });

  test('maps the client errors to codes and hints', () => {
    const named = (name: string, message: string): Error => Object.assign(new Error(message), { name });
    expect(artifactError(named('ArtifactNotFoundError', 'Artifact not found for name: n'), 'download', 'n').code).toBe(
      'ARTIFACT_NOT_FOUND',
    );
    expect(artifactError(named('GHESNotSupportedError', 'x'), 'upload', 'n').code).toBe('ARTIFACT_UNAVAILABLE');
    expect(artifactError(named('NetworkError', 'Unable to make request: ECONNREFUSED'), 'upload', 'n').hint).toMatch(/self-hosted runner/);
    expect(artifactError(new Error('Failed to CreateArtifact: Artifact storage quota has been hit.'), 'upload', 'n').hint).toMatch(
      /Delete old artifacts/,
    );
    expect(artifactError(new Error('Failed to get backend IDs: The provided JWT token is invalid'), 'upload', 'n').code).toBe(
      'ARTIFACT_UNAVAILABLE',
    );
    expect(artifactError(new Error('Failed request: (409) Conflict: already exists'), 'upload', 'n').hint).toMatch(/unique per run/);
    const server = artifactError(
      new Error('Failed to make request after 5 attempts: Failed request: (503) Service Unavailable'),
      'upload',
      'n',
    );
    expect(server.code).toBe('ARTIFACT_UPLOAD_FAILED');
    expect(server.hint).toMatch(/temporary/);
    expect(artifactError('weird', 'download', 'n').code).toBe('ARTIFACT_DOWNLOAD_FAILED');
  });
});
