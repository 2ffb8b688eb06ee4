/**
 * Restore speed: the same pgbench database restored from our default backup (plain SQL, parallel
 * gzip) and from custom / directory archives with parallel pg_restore jobs, against the raw
 * reference `gunzip -c file | psql` (the spec's path, into an existing empty database).
 *
 * Our figures are the whole operation: reading the backup in full and checking it against its
 * manifest (for the plain default in the same pass as the load), creating the staging database,
 * the load, ANALYZE, exact row counts compared with the manifest and the swap. The raw references
 * are the load alone, into a database created before the clock starts.
 *
 * Run: node_modules/.bin/bun bench/restore.ts   (BENCH_SCALE, default 10; BENCH_REPEATS, default 3)
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createCluster, type Cluster } from '../src/core/cluster.js';
import { run, runPipeline } from '../src/core/exec.js';
import { libpqEnv, quoteIdent } from '../src/core/pg.js';
import { formatBytes, silentReporter } from '../src/core/report.js';
import { backup } from '../src/core/backup/index.js';
import { execute, settingsFrom } from '../src/core/operation.js';
import type { BackupFormat } from '../src/core/manifest.js';
import { restore } from '../src/core/restore/index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

class Discard extends Writable {
  override _write(_c: Buffer, _e: BufferEncoding, cb: () => void): void {
    cb();
  }
}

interface Route {
  name: string;
  file: string;
  size: number;
  seconds: number[];
  reference?: boolean;
}

export async function runRestoreBench(): Promise<string> {
  const scale = Number(process.env.BENCH_SCALE ?? 10);
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const cores = availableParallelism();
  const cluster: Cluster = await createCluster({ settings: { max_wal_size: '2GB', maintenance_work_mem: '128MB' } });
  const dir = mkdtempSync(join(tmpdir(), 'aza-bench-restore-'));
  const env = (db: string) => libpqEnv(cluster.connection(), process.env, db);
  let n = 0;
  const fresh = async () => {
    const db = `bench_${++n}`;
    await cluster.query(`CREATE DATABASE ${quoteIdent(db)}`);
    return db;
  };
  try {
    await cluster.query('CREATE DATABASE src');
    await run(cluster.tool('pgbench'), ['-i', '-q', '-s', String(scale)], { env: env('src'), secrets: [cluster.password] });
    const files: Record<string, { path: string; size: number }> = {};
    for (const [format, name] of [
      ['plain', 'src.sql.gz'],
      ['custom', 'src.dump'],
      ['directory', 'src.dir'],
    ] as Array<[BackupFormat, string]>) {
      const b = await execute(
        backup,
        {
          database: 'src',
          output: join(dir, name),
          outputDir: dir,
          format,
          compression: 'gzip',
          overwrite: false,
          rowCounts: 'exact',
          dryRun: false,
          connection: cluster.connection('src'),
          pgBinDir: cluster.bin.binDir,
        },
        { env: process.env },
        silentReporter,
      );
      files[format] = { path: b.path, size: b.sizeBytes };
    }

    const ours = async (format: BackupFormat, jobs?: number) => {
      const t = performance.now();
      await execute(
        restore,
        {
          ...settingsFrom(
            restore,
            { backup: files[format]!.path, database: `ours_${++n}`, create: 'true', yes: 'true', 'keep-previous': 'false' },
            {},
            dir,
          ),
          ...(jobs ? { jobs } : {}),
          connection: cluster.connection(),
          pgBinDir: cluster.bin.binDir,
        },
        { env: process.env },
        silentReporter,
      );
      return (performance.now() - t) / 1000;
    };
    const rawPsql = async () => {
      const db = await fresh();
      const t = performance.now();
      await runPipeline(
        [
          { kind: 'process', cmd: 'gunzip', args: ['-c', files.plain!.path] },
          { kind: 'process', cmd: cluster.tool('psql'), args: ['-X', '-q', '-v', 'ON_ERROR_STOP=1'], env: env(db) },
        ],
        new Discard(),
      );
      return (performance.now() - t) / 1000;
    };
    const rawPgRestore = async () => {
      const db = await fresh();
      const t = performance.now();
      await run(
        cluster.tool('pg_restore'),
        ['--no-owner', '--no-acl', '--exit-on-error', `--jobs=${cores}`, '--dbname=', files.directory!.path],
        { env: env(db) },
      );
      return (performance.now() - t) / 1000;
    };

    const routes: Array<{ name: string; file: string; size: number; fn: () => Promise<number>; reference?: boolean }> = [
      {
        name: 'raw `gunzip -c file \\| psql` (reference, load only)',
        file: 'plain .sql.gz',
        size: files.plain!.size,
        fn: rawPsql,
        reference: true,
      },
      { name: 'aza-pg restore, plain gzip (our default backup)', file: 'plain .sql.gz', size: files.plain!.size, fn: () => ours('plain') },
      { name: `aza-pg restore, custom archive, ${cores} jobs`, file: 'custom .dump', size: files.custom!.size, fn: () => ours('custom') },
      {
        name: `aza-pg restore, directory archive, ${cores} jobs`,
        file: 'directory .dir',
        size: files.directory!.size,
        fn: () => ours('directory'),
      },
      {
        name: `raw \`pg_restore -j ${cores}\` of the directory (load only)`,
        file: 'directory .dir',
        size: files.directory!.size,
        fn: rawPgRestore,
      },
    ];
    const results: Route[] = routes.map((r) => ({
      name: r.name,
      file: r.file,
      size: r.size,
      seconds: [],
      ...(r.reference ? { reference: true } : {}),
    }));
    for (let i = 0; i < repeats; i++) {
      for (const [k, r] of routes.entries()) results[k]!.seconds.push(await r.fn());
    }
    const ref = median(results[0]!.seconds);
    const rows = results.map((r) => {
      const m = median(r.seconds);
      return `| ${r.name} | ${r.file} | ${formatBytes(r.size)} | ${m.toFixed(2)} s | ${r.seconds.map((s) => s.toFixed(2)).join(', ')} | ${r.reference ? '1.00' : (m / ref).toFixed(2)} |`;
    });
    return [
      '## Restore',
      '',
      `pgbench scale ${scale} (${scale * 100000} accounts), restored into a throw-away local PostgreSQL ${cluster.bin.version}; ${repeats} runs per route, routes interleaved; median shown.`,
      'aza-pg figures are the whole operation (full read and manifest check, in the same pass as the load for the plain default; staging database, load, ANALYZE, exact row counts compared with the manifest, swap); the raw figures are the load alone, into a database created before the clock starts.',
      '',
      '| route | backup | size | median | runs | vs reference |',
      '|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
  } finally {
    await cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.stdout.write(`${await runRestoreBench()}\n`);
}
