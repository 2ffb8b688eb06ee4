/** setup-client's settings, plan and the command line's tool cache, without a network. */
import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settingsFrom } from '../../src/core/operation.js';
import { cacheVersion, localToolCache, setupClient } from '../../src/core/setup-client/index.js';
import { azaErrorOf } from '../harness/expect-errors.js';

const settings = (raw: Record<string, string>) => settingsFrom(setupClient, raw, {}, '/work');

describe('setup-client settings', () => {
  test('major, a package file (relative to the working directory) or URL, the sources in order', () => {
    expect(settings({ major: '17', package: 'pkgs/c.deb' })).toMatchObject({
      major: 17,
      package: { file: '/work/pkgs/c.deb' },
      sources: ['installed', 'tool-cache', 'package'],
    });
    expect(settings({ major: '17', package: 'https://example.invalid/c.deb', sources: 'package' }).package).toEqual({
      url: 'https://example.invalid/c.deb',
    });
    // Without a major, the server named by the connection inputs is asked.
    expect(settings({ host: 'db.internal' }).server?.host).toBe('db.internal');
  });

  test.each([
    [{ major: '9' }, 'major'],
    [{ major: '17', 'package-sha256': 'abc', package: 'c.deb' }, 'SHA-256'],
    [{ major: '17', 'package-sha256': 'a'.repeat(64) }, 'needs'],
    [{ major: '17', sources: 'installed,apt' }, 'unknown apt'],
    [{ major: '17', sources: 'package' }, 'no package'],
    [{ major: '17', package: 'ftp://example.invalid/c.deb' }, 'only http(s)'],
  ])('%j is refused (INVALID_INPUT, %s)', (raw, words) => {
    const e = azaErrorOf(() => settings(raw));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain(words);
  });

  test('tool-cache versions are x.y.z', () => {
    expect(cacheVersion('15.18')).toBe('15.18.0');
    expect(cacheVersion('17.6.1')).toBe('17.6.1');
  });
});

describe('the command line tool cache (a directory of the runner layout)', () => {
  test('cacheDir then find by major picks the newest complete version of that major only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aza-pg-tc-'));
    try {
      const cache = localToolCache({ AZA_PG_TOOL_CACHE: root });
      expect(cache.find('postgresql-client', '15.x')).toBeUndefined();
      const src = join(root, 'src');
      mkdirSync(join(src, 'bin'), { recursive: true });
      writeFileSync(join(src, 'bin', 'pg_dump'), '#!/bin/sh\n', { mode: 0o755 });
      const a = await cache.cacheDir(src, 'postgresql-client', '15.8.0');
      const b = await cache.cacheDir(src, 'postgresql-client', '15.18.0');
      await cache.cacheDir(src, 'postgresql-client', '17.2.0');
      // An interrupted copy has no .complete marker and is never found.
      mkdirSync(join(root, 'postgresql-client', '15.99.0', process.arch), { recursive: true });
      expect(a).toBe(join(root, 'postgresql-client', '15.8.0', process.arch));
      expect(cache.find('postgresql-client', '15.x')).toBe(b);
      expect(cache.find('postgresql-client', '15.8.0')).toBe(a);
      expect(cache.find('postgresql-client', '16.x')).toBeUndefined();
      expect(cache.addPath).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
