/** s3:// URLs and the object store settings from inputs and the AWS_* environment: pure, no server. */
import { describe, expect, test } from '@jest/globals';
import { Inputs } from '../../src/core/inputs.js';
import {
  OBJECT_STORE_OPTIONS,
  isObjectUrl,
  isPrefix,
  joinKey,
  keyBaseName,
  keyPrefix,
  objectStoreSecrets,
  objectStoreSettings,
  parseObjectUrl,
  partSizeFor,
} from '../../src/core/object-store/index.js';

const MIB = 1024 * 1024;

describe('s3:// URLs', () => {
  test('a prefix, an object, a bare bucket', () => {
    expect(parseObjectUrl('s3://my-backups/postgresql/')).toEqual({ bucket: 'my-backups', key: 'postgresql/' });
    expect(parseObjectUrl(' s3://my-backups/pg/b.sql.gz ')).toEqual({ bucket: 'my-backups', key: 'pg/b.sql.gz' });
    expect(parseObjectUrl('S3://my-backups')).toEqual({ bucket: 'my-backups', key: '' });
    expect(isPrefix(parseObjectUrl('s3://my-backups'))).toBe(true);
    expect(isPrefix(parseObjectUrl('s3://my-backups/a/'))).toBe(true);
    expect(isPrefix(parseObjectUrl('s3://my-backups/a'))).toBe(false);
    expect(isObjectUrl('s3://x')).toBe(true);
    expect(isObjectUrl('/tmp/s3://x')).toBe(false);
    expect(isObjectUrl(undefined)).toBe(false);
  });

  test.each([
    ['https://bucket/key', /not an s3:\/\/ URL/],
    ['s3://', /not a valid bucket name/],
    ['s3://ab/key', /not a valid bucket name/],
    ['s3://Upper/key', /not a valid bucket name/],
    ['s3://bucket//key', /empty, "\." or "\.\." path segment/],
    ['s3://bucket/a/../b', /empty, "\." or "\.\." path segment/],
    ['s3://bucket/./b', /empty, "\." or "\.\." path segment/],
  ])('%s is refused with what to write instead', (url, why) => {
    expect(() => parseObjectUrl(url, '--output')).toThrow(why);
    try {
      parseObjectUrl(url, '--output');
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_INPUT', hint: expect.stringContaining('s3://my-backups/postgresql/') });
    }
  });

  test('keys join and split on /', () => {
    expect(joinKey('', 'a.sql.gz')).toBe('a.sql.gz');
    expect(joinKey('pg/', 'a.sql.gz')).toBe('pg/a.sql.gz');
    expect(joinKey('pg', 'a.sql.gz')).toBe('pg/a.sql.gz');
    expect(keyBaseName('pg/x/a.sql.gz')).toBe('a.sql.gz');
    expect(keyPrefix('pg/x/a.sql.gz')).toBe('pg/x/');
    expect(keyPrefix('a.sql.gz')).toBe('');
  });
});

describe('object store settings', () => {
  const settings = (raw: Record<string, string>, env: NodeJS.ProcessEnv, source: 'action' | 'cli' = 'action') =>
    objectStoreSettings(new Inputs(raw, source, OBJECT_STORE_OPTIONS), env);

  test('from the AWS_* environment: endpoint (the S3-specific one first), region, keys; path style with a custom endpoint', () => {
    const c = settings(
      {},
      {
        AWS_ENDPOINT_URL: 'http://general:9000',
        AWS_ENDPOINT_URL_S3: 'http://s3only:9000',
        AWS_DEFAULT_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'SECRET',
        AWS_SESSION_TOKEN: 'TOKEN',
      },
    );
    expect(c).toEqual({
      endpoint: 'http://s3only:9000',
      region: 'eu-west-3',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' },
    });
    expect(objectStoreSecrets(c)).toEqual(['SECRET', 'TOKEN']);
  });

  test('AWS itself: no endpoint, virtual-hosted addressing, us-east-1 by default, the SDK chain when no keys are set', () => {
    expect(settings({}, {})).toEqual({ region: 'us-east-1', forcePathStyle: false });
    expect(objectStoreSecrets(settings({}, {}))).toEqual([]);
    expect(settings({}, { AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'x' }).region).toBe('eu-central-1');
  });

  test('inputs win over the environment; path style can be turned off for a custom endpoint', () => {
    const c = settings(
      {
        's3-endpoint': 'https://minio.example.com',
        's3-region': 'garage',
        's3-path-style': 'false',
        's3-access-key-id': 'IN',
        's3-secret-access-key': 'INSECRET',
      },
      { AWS_ENDPOINT_URL: 'http://other', AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 'ENVSECRET' },
    );
    expect(c).toEqual({
      endpoint: 'https://minio.example.com',
      region: 'garage',
      forcePathStyle: false,
      credentials: { accessKeyId: 'IN', secretAccessKey: 'INSECRET' },
    });
  });

  test('half a key pair and an endpoint that is not a URL are refused', () => {
    expect(() => settings({}, { AWS_ACCESS_KEY_ID: 'AKID' })).toThrow(/the secret access key is missing/);
    expect(() => settings({}, { AWS_SECRET_ACCESS_KEY: 'S' })).toThrow(/the access key id is missing/);
    expect(() => settings({ 's3-endpoint': 'minio:9000' }, {})).toThrow(/not an http\(s\) URL/);
  });

  test('secrets are not command-line options (argv is visible to every user of the machine)', () => {
    for (const name of ['s3-secret-access-key', 's3-session-token']) {
      expect(OBJECT_STORE_OPTIONS.find((o) => o.name === name)).toMatchObject({ secret: true, only: 'action' });
    }
  });
});

test('part sizes: 8 MiB up to ~64 GB, then larger so an object stays within 10,000 parts', () => {
  expect(partSizeFor(undefined)).toBe(8 * MIB);
  expect(partSizeFor(1000)).toBe(8 * MIB);
  expect(partSizeFor(8 * MIB * 8000)).toBe(8 * MIB);
  const huge = 2 * 1024 * 1024 * MIB; // 2 TiB
  expect(partSizeFor(huge) % MIB).toBe(0);
  expect(Math.ceil(huge / partSizeFor(huge))).toBeLessThanOrEqual(8000);
});
