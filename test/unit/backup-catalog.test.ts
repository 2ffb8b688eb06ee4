/**
 * The catalog of a backup directory: which backups are complete (manifest read, named, matching),
 * which are not and why, which files killed runs left, and what is not ours at all.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readBackupCatalog } from '../../src/core/backup-catalog.js';
import { markerHost, ownerText } from '../../src/core/owner.js';
import { manifestPathFor, serializeManifest } from '../../src/core/manifest.js';
import { azaRejectionOf } from '../harness/expect-errors.js';
import { writeBackupFiles } from '../harness/backup-files.js';

let base: string;
let n = 0;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'aza-catalog-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function freshDir(): string {
  const d = join(base, `d${++n}`);
  mkdirSync(d);
  return d;
}

const day = (d: number) => new Date(Date.UTC(2026, 0, d, 2, 0, 0));

describe('readBackupCatalog', () => {
  test('complete backups come oldest first, by the start time in the manifest', async () => {
    const dir = freshDir();
    const b3 = writeBackupFiles(dir, { startedAt: day(3) });
    const b1 = writeBackupFiles(dir, { startedAt: day(1) });
    const b2 = writeBackupFiles(dir, { startedAt: day(2), sizeBytes: 5000 });
    const c = await readBackupCatalog(dir);
    expect(c.complete.map((b) => b.path)).toEqual([b1.path, b2.path, b3.path]);
    expect(c.complete[1]!.sizeBytes).toBe(5000);
    expect(c.complete[0]!.startedAt.toISOString()).toBe(day(1).toISOString());
    expect(c.incomplete).toEqual([]);
    expect(c.leftovers).toEqual([]);
  });

  test('a data file without manifest, a truncated file, a broken manifest and a missing data file are incomplete', async () => {
    const dir = freshDir();
    const good = writeBackupFiles(dir, { startedAt: day(1) });
    const orphan = writeBackupFiles(dir, { startedAt: day(2), manifest: false });
    const truncated = writeBackupFiles(dir, { startedAt: day(3) });
    truncateSync(truncated.path, 10);
    const broken = writeBackupFiles(dir, { startedAt: day(4) });
    writeFileSync(broken.manifestPath, '{"manifestVersion": 1, "file": ');
    const gone = writeBackupFiles(dir, { startedAt: day(5) });
    rmSync(gone.path);
    const c = await readBackupCatalog(dir);
    expect(c.complete.map((b) => b.path)).toEqual([good.path]);
    const reasons = Object.fromEntries(c.incomplete.map((i) => [i.name, i.reason]));
    expect(reasons).toEqual({
      [orphan.manifest.file]: 'no-manifest',
      [truncated.manifest.file]: 'mismatch',
      [broken.manifest.file]: 'manifest-invalid',
      [`${gone.manifest.file}.manifest.json`]: 'data-missing',
    });
    expect(c.incomplete.find((i) => i.reason === 'mismatch')!.detail).toMatch(/10 bytes, the manifest says 1000/);
  });

  test('deep compares sha256: same size, other bytes', async () => {
    const dir = freshDir();
    const b = writeBackupFiles(dir, { startedAt: day(1) });
    writeFileSync(b.path, Buffer.alloc(1000, 'x'));
    expect((await readBackupCatalog(dir)).complete).toHaveLength(1);
    const deep = await readBackupCatalog(dir, { deep: true });
    expect(deep.complete).toHaveLength(0);
    expect(deep.incomplete[0]!.detail).toMatch(/sha256/);
  });

  test('a manifest naming another file does not make that file complete', async () => {
    const dir = freshDir();
    const a = writeBackupFiles(dir, { startedAt: day(1) });
    const b = writeBackupFiles(dir, { startedAt: day(2) });
    writeFileSync(b.manifestPath, serializeManifest({ ...b.manifest, file: a.manifest.file }));
    const c = await readBackupCatalog(dir);
    expect(c.complete.map((x) => x.name)).toEqual([a.manifest.file]);
    expect(c.incomplete[0]).toMatchObject({ name: b.manifest.file, reason: 'mismatch' });
  });

  test('partial files of killed runs are leftovers; foreign files and symlinks are only counted', async () => {
    const dir = freshDir();
    writeBackupFiles(dir, { startedAt: day(1) });
    writeFileSync(join(dir, '.backup_app_2026_01_02_020000.sql.gz.partial-0a1b2c3d'), 'half');
    mkdirSync(join(dir, '.backup_app_2026_01_02_020000.dir.partial-99aa'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'backup_app_latest.sql.gz'), 'not our name');
    const outside = writeBackupFiles(freshDir(), { startedAt: day(3) });
    symlinkSync(outside.path, join(dir, 'backup_app_2026_01_03_020000.sql.gz'));
    const c = await readBackupCatalog(dir);
    expect(c.complete).toHaveLength(1);
    expect(c.leftovers.map((l) => l.forName).sort()).toEqual(['backup_app_2026_01_02_020000.dir', 'backup_app_2026_01_02_020000.sql.gz']);
    expect(c.leftovers.find((l) => l.forName.endsWith('.sql.gz'))!.sizeBytes).toBe(4);
    expect(c.foreign.sort()).toEqual(['backup_app_2026_01_03_020000.sql.gz', 'backup_app_latest.sql.gz', 'notes.txt']);
    expect(c.incomplete).toEqual([]);
  });

  test("a killed run's lock is a leftover; a running backup's lock is not; another host's is only counted", async () => {
    const dir = freshDir();
    writeBackupFiles(dir, { startedAt: day(1) });
    // A process that has ended: its pid is free (or reused with another start time).
    const gone = spawnSync('true').pid;
    writeFileSync(join(dir, '.backup_app_2026_01_02_020000.sql.gz.lock'), `pid=${gone} host=${markerHost()} start=1 operation=backup\n`);
    writeFileSync(join(dir, '.backup_app_2026_01_03_020000.sql.gz.lock'), `${ownerText()} operation=backup\n`);
    writeFileSync(join(dir, '.backup_app_2026_01_04_020000.sql.gz.lock'), 'pid=1 host=elsewhere start=1 operation=backup\n');
    const c = await readBackupCatalog(dir);
    expect(c.leftovers).toEqual([
      expect.objectContaining({
        name: '.backup_app_2026_01_02_020000.sql.gz.lock',
        forName: 'backup_app_2026_01_02_020000.sql.gz',
        owner: { pid: gone, host: markerHost(), start: '1' },
      }),
    ]);
    expect(c.foreign).toEqual(['.backup_app_2026_01_04_020000.sql.gz.lock']);
  });

  test('a directory-format backup is checked file by file', async () => {
    const dir = freshDir();
    const b = writeBackupFiles(dir, { startedAt: day(1) });
    const dataDir = b.path.replace(/\.sql\.gz$/, '.dir');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'toc.dat'), 'toc');
    writeFileSync(join(dataDir, '3001.dat.gz'), 'data!');
    const name = dataDir.split('/').pop()!;
    const manifest = {
      ...b.manifest,
      file: name,
      format: 'directory' as const,
      sizeBytes: 8,
      files: [
        { path: 'toc.dat', sizeBytes: 3, sha256: 'x' },
        { path: '3001.dat.gz', sizeBytes: 5, sha256: 'y' },
      ],
    };
    writeFileSync(manifestPathFor(dataDir), serializeManifest(manifest));
    let c = await readBackupCatalog(dir);
    expect(c.complete.map((x) => x.name)).toContain(name);
    expect(c.complete.find((x) => x.name === name)!.isDirectory).toBe(true);
    rmSync(join(dataDir, '3001.dat.gz'));
    c = await readBackupCatalog(dir);
    expect(c.incomplete).toEqual([
      expect.objectContaining({ name, reason: 'mismatch', detail: expect.stringMatching(/3001.dat.gz is missing/) }),
    ]);
  });

  test('an unknown directory is a clear error', async () => {
    const e = await azaRejectionOf(readBackupCatalog(join(base, 'nope')));
    expect(e.code).toBe('BACKUP_DIR_NOT_FOUND');
    expect(e.message).toContain(join(base, 'nope'));
  });
});
