/**
 * The read-back now follows the temp file while the dump writes it. Each check it makes still
 * fails a bad backup on a real dump: a damaged compressed stream (a zstd on PATH that flips one
 * byte of what it writes), a dump without pg_dump's end marker (a pg_dump in --pg-bin-dir that
 * exits 0 after a cut dump), and a dump killed midway (no temp file, no read-back child left).
 * Real cluster, real pg_dump, psql and zstd; the CLI runs as a child process, as a user runs it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import type { BackupManifest } from '../../src/core/manifest.js';
import { PsqlSession } from '../../src/core/pg.js';
import { findOnPath, run } from '../../src/core/exec.js';
import { clusterEnv, createDatabase, entries, uniqueName } from '../harness/backup-helpers.js';
import { pathWithout } from '../harness/path-without.js';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const BUN = join(ROOT, 'node_modules/.bin/bun');
const CLI = join(ROOT, 'src/cli/index.ts');

let cluster: Cluster;
let base: string;
let db: string;
let dirCount = 0;

function freshDir(): string {
  const d = join(base, `case${++dirCount}`);
  mkdirSync(d);
  return d;
}

function script(path: string, text: string): string {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

async function cli(args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const r = await run(BUN, [CLI, 'backup', ...args], { cwd, env: clusterEnv(cluster, extraEnv), allowFailure: true, timeoutMs: 120000 });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'aza-readback-follow-'));
  cluster = await createCluster();
  db = uniqueName('bk_follow');
  await createDatabase(cluster, db);
  // ~30 MB of SQL: the dump takes long enough for the read-back to follow it.
  await cluster.query(
    'CREATE TABLE big (id int, a text, b text); INSERT INTO big SELECT g, md5(g::text), md5((g * 7)::text) || md5((g * 13)::text) FROM generate_series(1, 300000) g;',
    db,
  );
}, 120000);

afterAll(async () => {
  await cluster?.destroy();
  rmSync(base, { recursive: true, force: true });
});

describe('a dump without the end marker (pg_dump exits 0 after a cut dump)', () => {
  /**
   * A --pg-bin-dir whose pg_dump stops after 200 kB of SQL and still exits 0; psql is the real one.
   * Asked to gzip (--compress), it gzips the cut SQL: a well-formed file that lacks the end marker.
   */
  function cutPgDumpDir(): string {
    const bin = join(base, `cut-bin-${++dirCount}`);
    mkdirSync(bin);
    symlinkSync(cluster.tool('psql'), join(bin, 'psql'));
    script(
      join(bin, 'pg_dump'),
      [
        '#!/bin/bash',
        `for a in "$@"; do [ "$a" = --version ] && exec ${cluster.tool('pg_dump')} "$@"; done`,
        'args=(); gz=',
        'for a in "$@"; do case "$a" in --compress=*) gz=1 ;; *) args+=("$a") ;; esac; done',
        `if [ -n "$gz" ]; then ${cluster.tool('pg_dump')} "\${args[@]}" | head -c 200000 | gzip -1`,
        `else ${cluster.tool('pg_dump')} "$@" | head -c 200000; fi`,
        'exit 0',
        '',
      ].join('\n'),
    );
    return bin;
  }

  test.each([['gzip'], ['zstd'], ['none']])('--compression %s: INTEGRITY_FAILED, nothing left', async (compression) => {
    const dir = freshDir();
    const r = await cli(['--compression', compression, '--pg-bin-dir', cutPgDumpDir(), db], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('✗ Error: The written dump is incomplete: it lacks pg_dump\'s "dump complete" line');
    expect(r.out).not.toContain('✓ Backup written');
    expect(entries(dir)).toEqual([]);
  });

  test('control: the real pg_dump in the same kind of directory gives a complete backup', async () => {
    const dir = freshDir();
    const bin = join(base, 'real-bin');
    mkdirSync(bin);
    symlinkSync(cluster.tool('psql'), join(bin, 'psql'));
    symlinkSync(cluster.tool('pg_dump'), join(bin, 'pg_dump'));
    const r = await cli(['--compression', 'zstd', '--pg-bin-dir', bin, db, 'ok.sql.zst'], dir);
    expect([r.code, r.err]).toEqual([0, expect.any(String)]);
    expect(entries(dir)).toEqual(['ok.sql.zst', 'ok.sql.zst.manifest.json']);
  });
});

describe('a compressed stream damaged while the dump runs', () => {
  /** A zstd on PATH that decompresses faithfully but flips one byte of what it compresses. */
  function flippingZstdDir(): string {
    const bin = join(base, 'flip-bin');
    mkdirSync(bin, { recursive: true });
    const zstd = findOnPath('zstd', process.env.PATH)!;
    const flip = `let n=0;process.stdin.on("data",d=>{const at=300000-n;if(at>=0&&at<d.length)d[at]^=0xff;n+=d.length;process.stdout.write(d)})`;
    script(
      join(bin, 'zstd'),
      `#!/bin/bash\nset -o pipefail\nfor a in "$@"; do [ "$a" = -d ] && exec ${zstd} "$@"; done\n${zstd} "$@" | ${process.execPath} -e '${flip}'\n`,
    );
    return bin;
  }

  test('--compression zstd: INTEGRITY_FAILED from the decompression, nothing left', async () => {
    const dir = freshDir();
    const r = await cli(['--compression', 'zstd', '--compression-level', '1', db], dir, {
      PATH: `${flippingZstdDir()}:${process.env.PATH}`,
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/✗ Error: The written backup does not decompress: zstd exited/);
    expect(entries(dir)).toEqual([]);
  });
});

describe('gzip: igzip where installed, pg_dump and zlib where not', () => {
  const igzip = findOnPath('igzip', process.env.PATH);
  // CI installs isal (.ci/run); a machine without it cannot show the igzip route.
  const withIgzip = igzip || process.env.CI ? test : test.skip;

  const pathWithoutIgzip = () => pathWithout(['igzip'], join(base, 'no-igzip-bin'));

  withIgzip('a damaged igzip stream: INTEGRITY_FAILED from the decompression, nothing left', async () => {
    expect(igzip).toBeDefined();
    const bin = join(base, 'flip-igzip-bin');
    mkdirSync(bin, { recursive: true });
    const flip = `let n=0;process.stdin.on("data",d=>{const at=300000-n;if(at>=0&&at<d.length)d[at]^=0xff;n+=d.length;process.stdout.write(d)})`;
    script(
      join(bin, 'igzip'),
      `#!/bin/bash\nset -o pipefail\nfor a in "$@"; do [ "$a" = -d ] && exec ${igzip} "$@"; done\n${igzip} "$@" | ${process.execPath} -e '${flip}'\n`,
    );
    const dir = freshDir();
    const r = await cli([db], dir, { PATH: `${bin}:${process.env.PATH}` });
    expect(r.code).toBe(1);
    expect(r.out).toContain('(plain, gzip 1 (igzip))');
    expect(r.err).toMatch(/✗ Error: The written backup does not decompress: igzip exited/);
    expect(entries(dir)).toEqual([]);
  });

  withIgzip('the default backup is an ordinary gzip stream that gzip reads', async () => {
    const dir = freshDir();
    const r = await cli([db, 'ig.sql.gz'], dir);
    expect([r.code, r.err]).toEqual([0, expect.any(String)]);
    expect(r.out).toContain('(plain, gzip 1 (igzip))');
    const sql = await run('gzip', ['-dc', join(dir, 'ig.sql.gz')]);
    expect(sql.stdout).toContain('COPY public.big (id, a, b) FROM stdin;');
    expect(sql.stdout).toContain('-- PostgreSQL database dump complete');
  });

  test('without igzip: pg_dump deflates at zlib level 1, pigz or gzip reads it back; restore inflates it with zlib or igzip', async () => {
    const dir = freshDir();
    const r = await cli([db, 'zl.sql.gz'], dir, { PATH: pathWithoutIgzip() });
    expect([r.code, r.err]).toEqual([0, expect.any(String)]);
    expect(r.out).toContain('(plain, gzip 1)');
    expect(r.out).not.toContain('igzip');
    expect((await run('gzip', ['-t', join(dir, 'zl.sql.gz')])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'zl.sql.gz.manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.compressionLevel).toBe(1);
    // Restored with zlib in the process, and (where installed) with igzip: the same rows.
    const routes: Array<[string, NodeJS.ProcessEnv, string]> = [['zlib', { PATH: pathWithoutIgzip() }, 'gzip -d |']];
    if (igzip) routes.push(['igzip', {}, 'igzip -d |']);
    for (const [name, extraEnv, load] of routes) {
      const target = uniqueName(`rs_${name}`);
      const plan = await run(BUN, [CLI, 'restore', join(dir, 'zl.sql.gz'), target, '--create', '--dry-run'], {
        env: clusterEnv(cluster, extraEnv),
      });
      expect(plan.stdout).toContain(`load:       ${load}`);
      const rs = await run(BUN, [CLI, 'restore', join(dir, 'zl.sql.gz'), target, '--create', '--yes'], {
        env: clusterEnv(cluster, extraEnv),
        allowFailure: true,
      });
      expect([rs.code, rs.stderr]).toEqual([0, expect.any(String)]);
      expect(await cluster.query('SELECT count(*), sum(id) FROM big', target)).toEqual([['300000', '45000150000']]);
    }
  });
});

describe('a dump killed midway', () => {
  test('plain zstd, pg_dump SIGKILLed: no file, no temp file, no read-back child left', async () => {
    const dir = freshDir();
    // A lock held on the table keeps pg_dump waiting (deterministically) with every child started.
    const locker = new PsqlSession(cluster.tool('psql'), cluster.connection(), process.env, db);
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE big IN ACCESS EXCLUSIVE MODE');
    const child = spawn(BUN, [CLI, 'backup', '--compression', 'zstd', db], {
      cwd: dir,
      env: clusterEnv(cluster),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
    // Wait until pg_dump, the writing zstd and the read-back's zstd -d and tail all run.
    const deadline = Date.now() + 60000;
    let kids: Array<{ pid: number; cmd: string }> = [];
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the backup ended before it could be interrupted: ${err}`);
      if (Date.now() > deadline) throw new Error(`the read-back did not start within 60 s: ${JSON.stringify(kids)}`);
      const ps = (await run('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)], { allowFailure: true })).stdout;
      kids = ps
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => ({ pid: Number(l.split(/\s+/)[0]), cmd: l.replace(/^\d+\s+/, '') }));
      const partial = readdirSync(dir).find((n) => n.includes('.partial-'));
      if (partial && kids.some((k) => /zstd -d/.test(k.cmd)) && kids.some((k) => /pg_dump/.test(k.cmd))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const pgDump = kids.find((k) => /pg_dump/.test(k.cmd))!;
    expect(kids.map((k) => k.cmd.split(' ')[0]!.split('/').pop())).toEqual(expect.arrayContaining(['pg_dump', 'zstd', 'tail']));
    process.kill(pgDump.pid, 'SIGKILL');
    const code = await exited;
    await locker.query('ROLLBACK');
    await locker.close();
    expect(code).toBe(1);
    expect(err).toContain('✗ Error: Backup failed, no file was written: pg_dump was killed by SIGKILL');
    expect(entries(dir)).toEqual([]);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const left = kids.filter((k) => alive(k.pid));
    expect(left).toEqual([]);
  });
});

describe('the Connect probe and the snapshot share one session', () => {
  test('a role refused pg_control_system(): the probe asks again the one-shot way and the backup completes', async () => {
    const dir = freshDir();
    const role = uniqueName('reader');
    await cluster.query(`CREATE ROLE ${role} LOGIN PASSWORD 'reader-pw'`);
    await cluster.query(`GRANT SELECT ON big TO ${role}; REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC`, db);
    try {
      const r = await cli(['--compression', 'zstd', db, 'reader.sql.zst'], dir, { PGUSER: role, PGPASSWORD: 'reader-pw' });
      expect([r.code, r.err]).toEqual([0, expect.any(String)]);
      const manifest = JSON.parse(readFileSync(join(dir, 'reader.sql.zst.manifest.json'), 'utf8')) as BackupManifest;
      expect(manifest.server.systemIdentifier).toBeNull();
      expect(manifest.tables).toEqual([{ schema: 'public', table: 'big', rows: 300000 }]);
      expect(manifest.roles).toEqual(expect.arrayContaining([role]));
    } finally {
      await cluster.query(`GRANT EXECUTE ON FUNCTION pg_control_system() TO PUBLIC`, db);
    }
  });

  test('--row-counts none: the roles still come from the probe session', async () => {
    const dir = freshDir();
    const r = await cli(['--row-counts', 'none', db, 'nocount.sql.gz'], dir);
    expect([r.code, r.err]).toEqual([0, expect.any(String)]);
    const manifest = JSON.parse(readFileSync(join(dir, 'nocount.sql.gz.manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.tables).toEqual([]);
    // The owner; the reader role of the test above, granted SELECT on big, when that one ran first.
    expect(manifest.roles).toContain(cluster.superuser);
  });
});
