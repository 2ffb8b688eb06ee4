import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishFileSet } from '../../src/core/file-set.js';
import { gatherCertFacts } from '../../src/core/certs/facts.js';
import { planCerts } from '../../src/core/certs/plan.js';
import { CERT_OPTIONS, certSettings, type GenerateSettings } from '../../src/core/certs/settings.js';
import { runCerts } from '../../src/core/certs/run.js';
import { Inputs } from '../../src/core/inputs.js';
import { MemoryReporter } from '../../src/core/report.js';
import { AzaError } from '../../src/core/errors.js';

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'aza-certs-publish-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;

function settingsFor(dir: string, raw: Record<string, string> = {}): GenerateSettings {
  const s = certSettings(new Inputs({ dir, ...raw }, 'action', CERT_OPTIONS), {});
  if (s.action !== 'generate') throw new Error('expected generate');
  return s;
}

describe('publishFileSet (fs), as certs use it', () => {
  test.each([0, 0o022, 0o077])('modes are exactly 0600 for keys and 0644 for certificates under umask %o', (umask) => {
    const dir = join(base, `u${umask}`);
    mkdirSync(dir);
    const previous = process.umask(umask);
    try {
      publishFileSet(
        [
          { path: join(dir, 'server.key'), mode: 0o600, content: 'KEY' },
          { path: join(dir, 'server.crt'), mode: 0o644, content: 'CERT' },
        ],
        { overwrite: false, createDir: false },
      );
    } finally {
      process.umask(previous);
    }
    expect(mode(join(dir, 'server.key'))).toBe(0o600);
    expect(mode(join(dir, 'server.crt'))).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(['server.crt', 'server.key']);
  });

  test('the key is 0600 from the moment it is created, before any byte is in it (hook)', () => {
    const seen: Array<{ name: string; mode: number; size: number }> = [];
    const previous = process.umask(0);
    try {
      publishFileSet(
        [
          { path: join(base, 'server.key'), mode: 0o600, content: 'SECRET KEY' },
          { path: join(base, 'server.crt'), mode: 0o644, content: 'CERT' },
        ],
        {
          overwrite: false,
          createDir: false,
          onTempFileCreated: (temp, final) => {
            const st = statSync(temp);
            seen.push({ name: final.split('/').pop()!, mode: st.mode & 0o777, size: st.size });
          },
        },
      );
    } finally {
      process.umask(previous);
    }
    expect(seen).toEqual([
      { name: 'server.key', mode: 0o600, size: 0 },
      // a certificate starts no wider than the key and gets 0644 before its content
      { name: 'server.crt', mode: 0o644, size: 0 },
    ]);
  });

  test('a watcher on the directory sees only private entries named like the key (inotify)', async () => {
    const dir = join(base, 'watched');
    mkdirSync(dir);
    const observed: Array<{ name: string; mode: number }> = [];
    const watcher = watch(dir, (_event, name) => {
      if (!name || !name.includes('server.key')) return;
      try {
        observed.push({ name, mode: mode(join(dir, name)) });
      } catch {
        // renamed or removed before we looked: nothing to observe
      }
    });
    const previous = process.umask(0);
    try {
      await runCerts(planCerts(settingsFor(dir), gatherCertFacts(dir)), new MemoryReporter());
    } finally {
      process.umask(previous);
    }
    await new Promise((r) => setTimeout(r, 200));
    watcher.close();
    expect(observed.length).toBeGreaterThan(0);
    expect(observed.every((o) => o.mode === 0o600)).toBe(true);
    expect(mode(join(dir, 'server.key'))).toBe(0o600);
  });

  test('a failure while writing leaves nothing: no temp file, no created directory', () => {
    const dir = join(base, 'new', 'certs');
    expect(() =>
      publishFileSet(
        [
          { path: join(dir, 'server.key'), mode: 0o600, content: 'KEY' },
          // a file in a directory that does not exist: the second write fails
          { path: join(dir, 'missing', 'server.crt'), mode: 0o644, content: 'CERT' },
        ],
        { overwrite: false, createDir: true },
      ),
    ).toThrow(AzaError);
    expect(readdirSync(base)).toEqual([]);
  });

  test('a failure while moving into place puts the old set back', () => {
    writeFileSync(join(base, 'server.key'), 'OLD KEY', { mode: 0o600 });
    mkdirSync(join(base, 'server.crt')); // cannot be replaced by a file
    expect(() =>
      publishFileSet(
        [
          { path: join(base, 'server.key'), mode: 0o600, content: 'NEW KEY' },
          { path: join(base, 'ca.crt'), mode: 0o644, content: 'NEW CA' },
          { path: join(base, 'server.crt'), mode: 0o644, content: 'NEW CERT' },
        ],
        { overwrite: true, createDir: false },
      ),
    ).toThrow(AzaError);
    expect(readFileSync(join(base, 'server.key'), 'utf8')).toBe('OLD KEY');
    expect(readdirSync(base).sort()).toEqual(['server.crt', 'server.key']);
  });

  test('without overwrite, a name taken meanwhile fails the whole set and is left alone', () => {
    writeFileSync(join(base, 'server.crt'), 'SOMEONE ELSE');
    let error: unknown;
    try {
      publishFileSet(
        [
          { path: join(base, 'server.key'), mode: 0o600, content: 'KEY' },
          { path: join(base, 'server.crt'), mode: 0o644, content: 'CERT' },
        ],
        { overwrite: false, createDir: false },
      );
    } catch (e) {
      error = e;
    }
    // The one writer's code for a name taken by someone else meanwhile (certs' own writer said CERTS_EXIST).
    expect((error as AzaError).code).toBe('OUTPUT_EXISTS');
    expect(readdirSync(base)).toEqual(['server.crt']);
    expect(readFileSync(join(base, 'server.crt'), 'utf8')).toBe('SOMEONE ELSE');
  });
});
