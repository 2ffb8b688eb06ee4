/**
 * File helpers behind "never half there": names, checks before writing, private files from
 * creation, atomic publication without clobbering, and the disk-full error.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { azaErrorOf, azaRejectionOf } from '../harness/expect-errors.js';
import {
  backupFileName,
  checkNotExisting,
  checkWritableDirectory,
  createPrivateFile,
  diskFullError,
  freeBytes,
  publish,
  removeQuietly,
  safeFileComponent,
  tempPathFor,
} from '../../src/core/fs.js';
import { writeFileAtomic } from '../../src/core/file-set.js';

let base: string;
let n = 0;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'aza-fs-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function freshDir(): string {
  const d = join(base, `d${++n}`);
  mkdirSync(d);
  return d;
}

describe('backupFileName and safeFileComponent', () => {
  test('backup_<db>_YYYY_MM_DD_HHmmss<ext> in UTC', () => {
    expect(backupFileName('mydb', new Date('2025-03-04T05:06:07.890Z'), '.sql.gz')).toBe('backup_mydb_2025_03_04_050607.sql.gz');
    expect(backupFileName('postgres', new Date('1999-12-31T23:59:59Z'), '.dump')).toBe('backup_postgres_1999_12_31_235959.dump');
  });

  test.each([
    ['plain_name-1.2', 'plain_name-1.2'],
    ['with space', 'with_space'],
    [`q"uo'te`, 'q_uo_te'],
    ['sl/ash\\back', 'sl_ash_back'],
    ['..', '_'],
    ['.x', '_x'],
    ['日本語のデータベース', '日本語のデータベース'],
    ['émoji 🐘 db', 'émoji___db'],
    ['', '_'],
    ['a\nb\u0000c', 'a_b_c'],
  ])('%j -> %j', (name, safe) => {
    expect(safeFileComponent(name)).toBe(safe);
  });

  test('decomposed and composed accents give the same name (NFC)', () => {
    expect(safeFileComponent('Cafe\u0301')).toBe(safeFileComponent('Caf\u00e9'));
    expect(safeFileComponent('Cafe\u0301')).toBe('Café');
  });

  test('long names are cut to 100 characters', () => {
    expect(safeFileComponent('x'.repeat(300))).toHaveLength(100);
  });

  test('temp paths are hidden siblings of the final path, unique', () => {
    const a = tempPathFor('/b/out.sql.gz');
    expect(a).toMatch(/^\/b\/\.out\.sql\.gz\.partial-\d+-\d+-\w+-[0-9a-f]{8}$/);
    expect(new Set(Array.from({ length: 50 }, () => tempPathFor('/b/out.sql.gz'))).size).toBe(50);
  });
});

describe('checks before writing', () => {
  test('a missing output directory', async () => {
    const e = await azaRejectionOf(checkWritableDirectory(join(base, 'no-such-dir')));
    expect([e.code, e.message]).toEqual(['OUTPUT_DIR_MISSING', `Output directory does not exist: ${join(base, 'no-such-dir')}`]);
    expect(e.hint).toBe(`Create it first: mkdir -p ${join(base, 'no-such-dir')}`);
  });

  test('a file where a directory should be', async () => {
    const f = join(freshDir(), 'file');
    writeFileSync(f, 'x');
    const e = await azaRejectionOf(checkWritableDirectory(f));
    expect(e.message).toBe(`Output directory is not a directory: ${f}`);
  });

  test('a writable directory passes', async () => {
    await expect(checkWritableDirectory(freshDir())).resolves.toBeUndefined();
  });

  test('an existing output: refused without overwrite; a kind mismatch refused even with it', () => {
    const d = freshDir();
    const f = join(d, 'x.sql.gz');
    expect(() => checkNotExisting(f, false)).not.toThrow();
    writeFileSync(f, 'x');
    const e = azaErrorOf(() => checkNotExisting(f, false));
    expect([e.code, e.message]).toEqual(['OUTPUT_EXISTS', `Output file already exists: ${f}`]);
    expect(e.hint).toContain('--overwrite');
    expect(() => checkNotExisting(f, true)).not.toThrow();
    expect(azaErrorOf(() => checkNotExisting(f, true, 'Output directory')).message).toContain(`${f} exists and is a file`);
    expect(azaErrorOf(() => checkNotExisting(d, true)).code).toBe('OUTPUT_EXISTS');
  });

  test('freeBytes reports the free space of a real directory', () => {
    const free = freeBytes(base);
    expect(typeof free).toBe('number');
    expect(free!).toBeGreaterThan(0);
    expect(freeBytes(join(base, 'missing'))).toBeUndefined();
  });
});

describe('createPrivateFile', () => {
  test('mode 0600 from creation, whatever the umask', async () => {
    const d = freshDir();
    const old = process.umask(0);
    try {
      const fh = await createPrivateFile(join(d, 'p'));
      expect(statSync(join(d, 'p')).mode & 0o777).toBe(0o600);
      await fh.close();
    } finally {
      process.umask(old);
    }
  });

  test('never opens an existing file (O_EXCL)', async () => {
    const d = freshDir();
    writeFileSync(join(d, 'p'), 'keep');
    await expect(createPrivateFile(join(d, 'p'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(d, 'p'), 'utf8')).toBe('keep');
  });
});

describe('publish', () => {
  test('a file without overwrite: linked into place, temp gone', async () => {
    const d = freshDir();
    writeFileSync(join(d, '.t'), 'data');
    await publish(join(d, '.t'), join(d, 'final'), false);
    expect(readdirSync(d)).toEqual(['final']);
    expect(readFileSync(join(d, 'final'), 'utf8')).toBe('data');
  });

  test('a name taken meanwhile is not clobbered without overwrite', async () => {
    const d = freshDir();
    writeFileSync(join(d, '.t'), 'new');
    writeFileSync(join(d, 'final'), 'someone else');
    const e = await azaRejectionOf(publish(join(d, '.t'), join(d, 'final'), false));
    expect(e.code).toBe('OUTPUT_EXISTS');
    expect(readFileSync(join(d, 'final'), 'utf8')).toBe('someone else');
  });

  test('overwrite replaces a file, and a directory', async () => {
    const d = freshDir();
    writeFileSync(join(d, '.t'), 'new');
    writeFileSync(join(d, 'final'), 'old');
    await publish(join(d, '.t'), join(d, 'final'), true);
    expect(readdirSync(d)).toEqual(['final']);
    expect(readFileSync(join(d, 'final'), 'utf8')).toBe('new');

    mkdirSync(join(d, '.td'));
    writeFileSync(join(d, '.td', 'toc.dat'), 'new toc');
    mkdirSync(join(d, 'out.dir'));
    writeFileSync(join(d, 'out.dir', 'stale.dat'), 'old');
    await publish(join(d, '.td'), join(d, 'out.dir'), true);
    expect(readdirSync(join(d, 'out.dir'))).toEqual(['toc.dat']);
    expect(existsSync(join(d, '.td'))).toBe(false);
  });

  test('a directory without overwrite refuses an existing one', async () => {
    const d = freshDir();
    mkdirSync(join(d, '.td'));
    mkdirSync(join(d, 'out.dir'));
    expect((await azaRejectionOf(publish(join(d, '.td'), join(d, 'out.dir'), false))).code).toBe('OUTPUT_EXISTS');
  });
});

describe('writeFileAtomic, removeQuietly, diskFullError', () => {
  test('0600, content complete, no temp left; replaces an existing file', () => {
    const d = freshDir();
    writeFileAtomic(join(d, 'm.json'), '{"a":1}\n');
    writeFileAtomic(join(d, 'm.json'), '{"a":2}\n');
    expect(readdirSync(d)).toEqual(['m.json']);
    expect(readFileSync(join(d, 'm.json'), 'utf8')).toBe('{"a":2}\n');
    expect(statSync(join(d, 'm.json')).mode & 0o777).toBe(0o600);
  });

  test('removeQuietly removes files and trees and ignores what is missing', () => {
    const d = freshDir();
    mkdirSync(join(d, 't/u'), { recursive: true });
    writeFileSync(join(d, 't/u/f'), 'x');
    removeQuietly(join(d, 't'));
    removeQuietly(join(d, 'nothing'));
    expect(readdirSync(d)).toEqual([]);
  });

  test('diskFullError names the file, the free bytes and what to do', () => {
    const d = freshDir();
    const e = diskFullError(join(d, '.x.partial-1'), new Error('ENOSPC'));
    expect(e.code).toBe('DISK_FULL');
    expect(e.message).toMatch(
      /^No space left on the device while writing \.x\.partial-1 \(\d+ bytes free\); the partial file was removed$/,
    );
    expect(e.hint).toBe(`Free space in ${d} (df -h ${d}) or write the backup elsewhere.`);
  });
});
