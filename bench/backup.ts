/**
 * Backup speed, size and memory, whole commands as a user runs them (issue 16).
 *
 * One throw-away PostgreSQL cluster holds two datasets whose plain dumps are the same size: a
 * pgbench database (compresses about 35x, which flatters every compressor) and a "mixed" one of
 * random text, uuids, jsonb and bytea generated server-side (about 2.2x with gzip -6), plus
 * Northwind (test/fixtures, about 1 MB) for the fixed cost. On each dataset every route runs
 * `repeats` times, the routes interleaved (A B C … A B C …), so drift on a shared machine hits
 * every route alike; a ratio is taken pair by pair (run i of ours over run i of the stock route)
 * and reported as its median with min–max.
 *
 *   stock    pg_dump -Fp > /dev/null (the producer's limit), the spec's pg_dump | gzip,
 *            pg_dump -Fp -Z6, pg_dump | pigz, pg_dump | igzip -1 (ISA-L, where installed), pg_dump | zstd -T0 -3
 *   aza-pg   `aza-pg backup` default (plain, gzip 1), other gzip levels (BENCH_LEVELS), plain
 *            zstd, custom, directory (jobs = cores)
 *
 * Every route writes a file in the same directory and fsyncs it (stock: `sync FILE`) before its
 * clock stops; the stock pipelines are fixed bash strings run with -o pipefail, the database and
 * output passed as environment variables. Ours is the CLI bundled with ncc (as the published bin
 * is, bench/cli-bundle.ts) under Node, timed from process start to exit under /usr/bin/time for
 * its peak RSS: connection and version checks, the dump, the full read-back (decompression, or
 * pg_restore for archives) with sha256, exact row counts in the dump's snapshot, the rename and
 * the manifest. Its "written file" figure is its own Dump step (pg_dump's start to the fsynced
 * temp file), from the step line it prints.
 *
 * Setup on Debian/Ubuntu: apt-get install -y postgresql-15 pigz isal zstd time
 * Run: node_modules/.bin/bun bench/backup.ts   (or npm run bench -- backup)
 * Environment: BENCH_SCALE (pgbench scale, default 50), BENCH_REPEATS (default 3), BENCH_LEVELS
 *   (our gzip levels besides the default, e.g. 3,6; default none), BENCH_SMALL_REPEATS (fixed-cost
 *   pairs, default 7), BENCH_LARGE=1 (adds a pgbench database ten times larger, about 5 GB of
 *   SQL, to the memory table), BENCH_NODE (node binary for ours, default node), BENCH_ONLY=memory
 *   (only the memory table: its datasets and runs, no route timings, no fixed cost).
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCluster, type Cluster } from '../src/core/cluster.js';
import { installInterruptHandlers, onInterrupt, run } from '../src/core/exec.js';
import { formatBytes } from '../src/core/report.js';
import { DEFAULT_ARCHIVE_GZIP_LEVEL, DEFAULT_GZIP_LEVEL, DEFAULT_ZSTD_LEVEL } from '../src/core/backup/settings.js';
import { IGZIP_LEVEL } from '../src/core/gzip-tool.js';
import { bundleCli } from './cli-bundle.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const NORTHWIND = join(ROOT, 'test/fixtures/northwind/northwind.sql');
const MiB = 1024 * 1024;

export interface BackupBenchOptions {
  scale?: number;
  repeats?: number;
  levels?: number[];
  node?: string;
  log?: (line: string) => void;
}

interface Sample {
  /** The whole command (stock: the pipeline; ours: process start to exit). */
  seconds: number;
  /** Ours: its Dump step, pg_dump's start to the fsynced temp file. */
  writtenSeconds?: number;
  sizeBytes?: number;
  rssKiB?: number;
}

interface Route {
  id: string;
  label: string;
  /** Runs once and measures; `out` is a path in the bench directory to write to. */
  once(db: string, out: string): Promise<Sample>;
}

interface MemoryRow {
  title: string;
  raw: number;
  runs: Partial<Record<'backup' | 'verify' | 'restore', { seconds: number; rssKiB: number }>>;
}

interface Dataset {
  db: string;
  title: string;
  rawBytes: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const f2 = (s: number) => s.toFixed(2);
const spread = (xs: number[]) => `${f2(median(xs))} (${f2(Math.min(...xs))}–${f2(Math.max(...xs))})`;

async function which(cmd: string): Promise<boolean> {
  return (await run('bash', ['-c', 'command -v "$1" >/dev/null', 'which', cmd], { allowFailure: true })).code === 0;
}

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + statSync(join(path, name)).size, 0);
}

// ---------------------------------------------------------------------------------------------
// Datasets

export const MIXED_TABLE = `CREATE TABLE docs (id bigint, uid uuid NOT NULL, status text, title text, body text, attrs jsonb, blob bytea, created timestamptz)`;

/** Rows lo..hi of the mixed dataset: uuids, md5 text, words from a small vocabulary, jsonb, 32 random bytes. */
export function mixedInsert(lo: number, hi: number): string {
  return `INSERT INTO docs SELECT g, gen_random_uuid(),
  (ARRAY['new','open','pending','closed','archived'])[1 + g % 5],
  'doc ' || g || ' ' || md5(g::text),
  (SELECT string_agg((ARRAY['alpha','beta','gamma','delta','epsilon','zeta','theta','kappa','lambda','sigma',
     'omega','north','south','east','west','order','invoice','customer','shipment','payment'])[1 + floor(random() * 20)::int], ' ')
   FROM generate_series(1, 8 + g % 3)) || ' ' || md5(random()::text),
  jsonb_build_object('k', (random() * 1000)::int, 'tag', 'tag' || (random() * 50)::int, 'score', round(random()::numeric, 4), 'ref', gen_random_uuid()),
  decode(md5(random()::text) || md5(random()::text), 'hex'),
  timestamptz '2024-01-01' + random() * interval '3 years'
FROM generate_series(${lo}, ${hi}) g`;
}

class Bench {
  readonly env: NodeJS.ProcessEnv;
  constructor(
    readonly cluster: Cluster,
    readonly dir: string,
    readonly cli: string,
    readonly node: string,
    readonly log: (line: string) => void,
  ) {
    const c = cluster;
    // Children get the connection from libpq variables; the password never appears in argv.
    this.env = {
      ...process.env,
      PGHOST: c.host,
      PGPORT: String(c.port),
      PGUSER: c.superuser,
      PGPASSWORD: c.password,
      PG_DUMP: c.tool('pg_dump'),
      // Ours finds the same client tools first.
      PATH: `${c.bin.binDir}:${process.env.PATH ?? ''}`,
    };
    delete this.env.PGDATABASE;
    delete this.env.PGSERVICE;
  }

  sh(script: string, vars: Record<string, string> = {}) {
    return run('bash', ['-o', 'pipefail', '-c', script], { env: { ...this.env, ...vars } });
  }

  async rawBytes(db: string): Promise<number> {
    const r = await this.sh('"$PG_DUMP" -Fp --no-owner --no-acl "$BENCH_DB" | wc -c', { BENCH_DB: db });
    return Number(r.stdout.trim());
  }

  async pgbench(db: string, scale: number): Promise<void> {
    await this.cluster.query(`CREATE DATABASE ${db}`);
    await run(this.cluster.tool('pgbench'), ['-i', '-q', '-s', String(scale), db], { env: this.env });
  }

  async northwind(db: string): Promise<void> {
    await this.cluster.query(`CREATE DATABASE ${db}`);
    await run(this.cluster.tool('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', NORTHWIND, db], { env: this.env });
  }

  /** The mixed dataset, grown until its plain dump is about `targetBytes`. */
  async mixed(db: string, targetBytes: number): Promise<void> {
    await this.cluster.query(`CREATE DATABASE ${db}`);
    await this.cluster.query(MIXED_TABLE, db);
    const sample = 20000;
    await this.cluster.query(mixedInsert(1, sample), db);
    const perRow = (await this.rawBytes(db)) / sample;
    const rows = Math.max(sample, Math.round(targetBytes / perRow));
    const batch = 250000;
    for (let lo = sample + 1; lo <= rows; lo += batch) {
      await this.cluster.query(mixedInsert(lo, Math.min(rows, lo + batch - 1)), db);
      this.log(`  mixed: ${Math.min(rows, lo + batch - 1)} / ${rows} rows`);
    }
    await this.cluster.query('ALTER TABLE docs ADD PRIMARY KEY (id)', db);
    await this.cluster.query('VACUUM ANALYZE docs', db);
  }

  /** A stock route: a bash pipeline, timed whole. */
  stock(id: string, label: string, script: string): Route {
    return {
      id,
      label,
      once: async (db, out) => {
        const t = performance.now();
        await this.sh(script, { BENCH_DB: db, BENCH_OUT: out });
        const seconds = (performance.now() - t) / 1000;
        const sizeBytes = existsSync(out) ? sizeOf(out) : undefined;
        rmSync(out, { recursive: true, force: true });
        return { seconds, ...(sizeBytes !== undefined ? { sizeBytes } : {}) };
      },
    };
  }

  /** `aza-pg backup <db> <out> …args`, the whole command. */
  ours(id: string, label: string, args: string[], ext: string): Route {
    return {
      id,
      label,
      once: async (db, out) => {
        const file = out + ext;
        try {
          const r = await this.aza(['backup', db, file, ...args]);
          if (r.code !== 0) throw new Error(`aza-pg backup ${db} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
          const dump = /✓ Dump .*\((\d+\.\d+) s\)\s*$/m.exec(r.stdout);
          const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as { sizeBytes: number };
          return {
            seconds: r.seconds,
            ...(dump ? { writtenSeconds: Number(dump[1]) } : {}),
            sizeBytes: manifest.sizeBytes,
            rssKiB: r.rssKiB,
          };
        } finally {
          rmSync(file, { recursive: true, force: true });
          rmSync(`${file}.manifest.json`, { force: true });
        }
      },
    };
  }

  /** `node <cli> …argv` under /usr/bin/time: wall seconds from outside, peak RSS, output. */
  async aza(argv: string[]) {
    const rssFile = join(this.dir, 'rss.txt');
    try {
      const t = performance.now();
      const r = await run('/usr/bin/time', ['-f', '%M', '-o', rssFile, this.node, this.cli, ...argv], {
        env: this.env,
        cwd: this.dir,
        allowFailure: true,
      });
      const seconds = (performance.now() - t) / 1000;
      const rssKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
      return { code: r.code, stdout: r.stdout, stderr: r.stderr, seconds, rssKiB };
    } finally {
      rmSync(rssFile, { force: true });
    }
  }

  async timed(cmd: string, args: string[]): Promise<number> {
    const t = performance.now();
    await run(cmd, args, { env: this.env, cwd: this.dir, allowFailure: true });
    return (performance.now() - t) / 1000;
  }
}

// ---------------------------------------------------------------------------------------------

interface RouteResult {
  route: Route;
  samples: Sample[];
}

/** Run i of `a` over run i of `b` (they ran next to each other), as median (min–max). */
function pairRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x / b[i]!);
}

function datasetTable(ds: Dataset, results: RouteResult[], skipped: string[]): string[] {
  const spec = results.find((r) => r.route.id === 'gzip')!.samples.map((s) => s.seconds);
  const lines = [
    `#### ${ds.title}: plain dump ${formatBytes(ds.rawBytes)}`,
    '',
    '| Route | Whole command, s | Written file, s | Ratio to the spec (pairs) | Size | Compression | Peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { route, samples } of results) {
    const whole = samples.map((s) => s.seconds);
    const written = samples.flatMap((s) => (s.writtenSeconds !== undefined ? [s.writtenSeconds] : []));
    const size = samples.find((s) => s.sizeBytes !== undefined)?.sizeBytes;
    const rss = samples.flatMap((s) => (s.rssKiB !== undefined ? [s.rssKiB] : []));
    lines.push(
      `| ${route.label} | ${spread(whole)} | ${written.length ? spread(written) : '—'} | ${spread(pairRatios(whole, spec))} | ${size !== undefined ? formatBytes(size) : '—'} | ${size ? `${(ds.rawBytes / size).toFixed(2)}x` : '—'} | ${rss.length ? formatBytes(Math.max(...rss) * 1024) : '—'} |`,
    );
  }
  for (const s of skipped) lines.push('', `_${s}_`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Memory (and time) of the default backup, its verify and its restore as the database grows

/** [title, database] from the smallest to the largest. */
type MemorySize = [string, string];

async function measureMemory(bench: Bench, sizes: MemorySize[], log: (line: string) => void): Promise<MemoryRow[]> {
  const memory: MemoryRow[] = [];
  for (const [title, db] of sizes) {
    const raw = await bench.rawBytes(db);
    const file = join(bench.dir, `mem-${db}.sql.gz`);
    const row: MemoryRow = { title, raw, runs: {} };
    const steps: Array<[keyof MemoryRow['runs'], string[]]> = [
      ['backup', ['backup', db, file]],
      ['verify', ['verify', file]],
      ['restore', ['restore', file, `${db}_memcopy`, '--create', '--yes']],
    ];
    for (const [what, argv] of steps) {
      const r = await bench.aza(argv);
      if (r.code !== 0) throw new Error(`aza-pg ${argv.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
      row.runs[what] = { seconds: r.seconds, rssKiB: r.rssKiB };
      log(`  memory ${what} ${db}: ${r.rssKiB} KiB, ${f2(r.seconds)} s`);
    }
    await bench.cluster.query(`DROP DATABASE ${db}_memcopy`);
    rmSync(file, { force: true });
    rmSync(`${file}.manifest.json`, { force: true });
    memory.push(row);
  }
  return memory;
}

function memoryTable(memory: MemoryRow[], large: boolean): string[] {
  return [
    '#### Memory and time of the default backup, verify and restore as the database grows',
    '',
    'One run each, default settings: `aza-pg backup <db> <file>.sql.gz`, then `aza-pg verify <file>` (a restore into a scratch database with its counts, dropped after) and `aza-pg restore <file> <new database>`; the whole command and the peak RSS of our Node process' +
      (large ? '.' : '; BENCH_LARGE=1 adds a database ten times larger (about 5 GB of SQL).'),
    '',
    '| Dataset | Plain dump | Backup, s | MiB/s | Backup peak RSS | Verify, s | Verify peak RSS | Restore, s | Restore peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...memory
      .map(({ title, raw, runs: { backup: b, verify: v, restore: r } }) =>
        [
          title,
          formatBytes(raw),
          f2(b!.seconds),
          (raw / MiB / b!.seconds).toFixed(0),
          formatBytes(b!.rssKiB * 1024),
          f2(v!.seconds),
          formatBytes(v!.rssKiB * 1024),
          f2(r!.seconds),
          formatBytes(r!.rssKiB * 1024),
        ].join(' | '),
      )
      .map((cells) => `| ${cells} |`),
    '',
  ];
}

function memoryGoals(memory: MemoryRow[]): string[] {
  return (['backup', 'verify', 'restore'] as const).map((what) => {
    const mib = memory.map((m) => m.runs[what]!.rssKiB / 1024);
    const flat = Math.max(...mib) / Math.min(...mib);
    return `- peak RSS of the default ${what}: ${mib.map((m) => m.toFixed(0)).join(', ')} MiB from the smallest to the largest database (goal ≤ 80 MiB and within ±10%, i.e. largest over smallest ≤ 1.22): **${Math.max(...mib) <= 80 && flat <= 1.1 / 0.9 ? 'met' : 'not met'}** (largest over smallest ${flat.toFixed(2)})`;
  });
}

/** A goal line: ratio per pair against a limit. */
function goal(what: string, ratios: number[], limit: number): string {
  const m = median(ratios);
  return `- ${what}: ${spread(ratios)} (goal ≤ ${limit.toFixed(2)}): **${m <= limit ? 'met' : 'not met'}**`;
}

export async function runBackupBench(opts: BackupBenchOptions = {}): Promise<string> {
  const scale = opts.scale ?? Number(process.env.BENCH_SCALE ?? 50);
  const repeats = opts.repeats ?? Number(process.env.BENCH_REPEATS ?? 3);
  const smallRepeats = Number(process.env.BENCH_SMALL_REPEATS ?? 7);
  const levels = (opts.levels ?? (process.env.BENCH_LEVELS ?? '').split(',').filter(Boolean).map(Number)).filter(
    (l) => l !== DEFAULT_GZIP_LEVEL,
  );
  const large = process.env.BENCH_LARGE === '1';
  const memoryOnly = process.env.BENCH_ONLY === 'memory';
  const node = opts.node ?? process.env.BENCH_NODE ?? 'node';
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const cores = availableParallelism();

  for (const tool of ['bash', 'gzip', '/usr/bin/time', node]) {
    if (!(await which(tool))) throw new Error(`${tool} is needed for the backup benchmark (apt-get install -y time gzip; Node for ours)`);
  }
  const hasPigz = await which('pigz');
  const hasIgzip = await which('igzip');
  const hasZstd = await which('zstd');
  const nodeVersion = (await run(node, ['--version'])).stdout.trim();

  const dir = mkdtempSync(join(tmpdir(), 'aza-pg-bench-'));
  const removeDir = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
  let cluster: Cluster | undefined;
  try {
    log('backup bench: bundling the CLI with ncc');
    const cli = await bundleCli(join(dir, 'cli'));
    log('backup bench: creating the cluster and datasets');
    cluster = await createCluster({
      settings: { shared_buffers: '256MB', max_wal_size: '8GB', wal_level: 'minimal', max_wal_senders: 0, checkpoint_timeout: '1h' },
    });
    const bench = new Bench(cluster, dir, cli, node, log);
    const serverVersion = (await cluster.query('SHOW server_version'))[0]![0]!;

    const smallScale = Math.max(1, Math.round(scale / 10));
    const sizes: MemorySize[] = [
      [`pgbench, scale ${smallScale}`, 'bench_small'],
      [`pgbench, scale ${scale}`, 'bench_pgbench'],
      ...(large ? [[`pgbench, scale ${scale * 10}`, 'bench_large'] as MemorySize] : []),
    ];
    await bench.pgbench('bench_pgbench', scale);
    await bench.pgbench('bench_small', smallScale);
    if (large) await bench.pgbench('bench_large', scale * 10);
    if (memoryOnly) {
      const memory = await measureMemory(bench, sizes, log);
      return [
        `PostgreSQL ${serverVersion}; ours is the \`aza-pg\` command (the CLI bundled with ncc) under Node ${nodeVersion}. BENCH_ONLY=memory: the memory table only.`,
        '',
        ...memoryTable(memory, large),
        ...memoryGoals(memory),
      ].join('\n');
    }
    await bench.northwind('bench_northwind');
    const pgbenchRaw = await bench.rawBytes('bench_pgbench');
    log(`  pgbench scale ${scale}: plain dump ${formatBytes(pgbenchRaw)}`);
    await bench.mixed('bench_mixed', pgbenchRaw);
    const datasets: Dataset[] = [
      { db: 'bench_pgbench', title: `pgbench, scale ${scale}`, rawBytes: pgbenchRaw },
      { db: 'bench_mixed', title: 'mixed (random text, uuids, jsonb, bytea)', rawBytes: await bench.rawBytes('bench_mixed') },
    ];

    const plain = '"$PG_DUMP" -Fp --no-owner --no-acl "$BENCH_DB"';
    const skipped: string[] = [];
    const routes: Route[] = [
      bench.stock('raw', '`pg_dump -Fp > /dev/null` (producer limit)', `${plain} > /dev/null`),
      bench.stock('gzip', "`pg_dump | gzip` (the spec's, gzip -6)", `${plain} | gzip > "$BENCH_OUT" && sync "$BENCH_OUT"`),
      bench.stock('z6', '`pg_dump -Fp -Z6`', `${plain} -Z6 -f "$BENCH_OUT" && sync "$BENCH_OUT"`),
    ];
    if (hasPigz)
      routes.push(bench.stock('pigz', `\`pg_dump | pigz\` (-6, ${cores} threads)`, `${plain} | pigz > "$BENCH_OUT" && sync "$BENCH_OUT"`));
    else skipped.push('`pg_dump | pigz` skipped: pigz is not installed (apt-get install -y pigz).');
    // Our default's own deflater without our checks: what the read-back, counts and the rest cost.
    if (hasIgzip)
      routes.push(bench.stock('igzip', '`pg_dump | igzip -1` (ISA-L)', `${plain} | igzip -1 > "$BENCH_OUT" && sync "$BENCH_OUT"`));
    else skipped.push('`pg_dump | igzip -1` skipped, and ours uses pg_dump -Z1: igzip is not installed (apt-get install -y isal).');
    if (hasZstd)
      routes.push(bench.stock('zstd', '`pg_dump | zstd -T0 -3`', `${plain} | zstd -q -T0 -3 > "$BENCH_OUT" && sync "$BENCH_OUT"`));
    else skipped.push('`pg_dump | zstd -T0` and aza-pg plain zstd skipped: zstd is not installed (apt-get install -y zstd).');
    routes.push(
      bench.ours(
        'ours',
        `**aza-pg backup** (default: plain gzip, ${hasIgzip ? `igzip -${IGZIP_LEVEL}` : `pg_dump -Z${DEFAULT_GZIP_LEVEL}`})`,
        [],
        '.sql.gz',
      ),
    );
    for (const level of levels)
      routes.push(
        bench.ours(`ours-gzip-${level}`, `**aza-pg backup**, plain gzip ${level}`, ['--compression-level', String(level)], '.sql.gz'),
      );
    if (hasZstd)
      routes.push(
        bench.ours(
          'ours-zstd',
          `**aza-pg backup --compression zstd** (level ${DEFAULT_ZSTD_LEVEL})`,
          ['--compression', 'zstd'],
          '.sql.zst',
        ),
      );
    routes.push(
      bench.ours('ours-custom', `**aza-pg backup**, custom (gzip ${DEFAULT_ARCHIVE_GZIP_LEVEL})`, ['--format', 'custom'], '.dump'),
    );
    routes.push(
      bench.ours(
        'ours-directory',
        `**aza-pg backup**, directory (gzip ${DEFAULT_ARCHIVE_GZIP_LEVEL}, ${cores} jobs)`,
        ['--format', 'directory'],
        '.dir',
      ),
    );

    // Warm the caches once per dataset so the first route is not penalised.
    for (const ds of datasets) await bench.sh(`${plain} > /dev/null`, { BENCH_DB: ds.db });

    const results = new Map<string, RouteResult[]>(datasets.map((ds) => [ds.db, routes.map((route) => ({ route, samples: [] }))]));
    const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    for (let i = 0; i < repeats; i++) {
      for (const ds of datasets) {
        for (const rr of results.get(ds.db)!) {
          const s = await rr.route.once(ds.db, join(dir, `out-${rr.route.id}`));
          rr.samples.push(s);
          log(
            `  [${i + 1}/${repeats}] ${ds.db} ${rr.route.id}: ${f2(s.seconds)} s${s.writtenSeconds !== undefined ? ` (written ${f2(s.writtenSeconds)} s)` : ''}`,
          );
        }
      }
    }

    // Fixed cost: Northwind whole command against the spec's pipeline; --help and a bad input
    // against Node starting and exiting (`node -e 0`), each pair interleaved.
    const small = {
      ours: [] as number[],
      stock: [] as number[],
      help: [] as number[],
      bad: [] as number[],
      node0: [] as number[],
      rss: [] as number[],
    };
    const northwindOut = join(dir, 'northwind.sql.gz');
    await bench.sh(`${plain} > /dev/null`, { BENCH_DB: 'bench_northwind' });
    for (let i = 0; i < smallRepeats; i++) {
      const r = await bench.aza(['backup', 'bench_northwind', northwindOut]);
      if (r.code !== 0) throw new Error(`aza-pg backup bench_northwind failed: ${r.stderr}`);
      small.ours.push(r.seconds);
      small.rss.push(r.rssKiB);
      rmSync(northwindOut, { force: true });
      rmSync(`${northwindOut}.manifest.json`, { force: true });
      const t = performance.now();
      await bench.sh(`${plain} | gzip > "$BENCH_OUT" && sync "$BENCH_OUT"`, { BENCH_DB: 'bench_northwind', BENCH_OUT: northwindOut });
      small.stock.push((performance.now() - t) / 1000);
      rmSync(northwindOut, { force: true });
      small.help.push((await bench.aza(['--help'])).seconds);
      small.node0.push(await bench.timed(node, ['-e', '0']));
      const bad = await bench.aza(['backup', '--format', 'bogus']);
      if (bad.code !== 2) throw new Error(`a bad input should exit 2, not ${bad.code}: ${bad.stderr}`);
      small.bad.push(bad.seconds);
    }
    const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

    const memory = await measureMemory(bench, sizes, log);

    // ------------------------------------------------------------------------------------------
    const lines: string[] = [
      `PostgreSQL ${serverVersion}, pg_dump ${serverVersion.split(' ')[0]}; ours is the \`aza-pg\` command (the CLI bundled with ncc) under Node ${nodeVersion}. ` +
        `${repeats} runs per route, routes interleaved; times are the median with (min–max), in seconds; a ratio is taken pair by pair (run i of one route over run i of the other) and shown as its median (min–max). ` +
        'Every route writes a file in the same directory and fsyncs it before its clock stops. "Whole command" for ours is process start to exit: connection and version checks, the dump, a full read-back with sha256 (plain dumps: read and decompressed while pg_dump writes the file, the rest after its fsync; archives: pg_restore after), exact row counts in the dump\'s snapshot, the rename and the manifest; "written file" is its Dump step (pg_dump\'s start to the fsynced temp file). ' +
        'Compression is the plain dump size over the output size. Peak RSS is the largest resident set of our Node process (`/usr/bin/time -f %M`; its children are separate processes).',
      '',
    ];
    const goals: string[] = [];
    for (const ds of datasets) {
      const rs = results.get(ds.db)!;
      lines.push(...datasetTable(ds, rs, skipped), '');
      const whole = (id: string) => rs.find((r) => r.route.id === id)?.samples.map((s) => s.seconds);
      const ours = whole('ours')!;
      const stock = (['z6', 'pigz'] as const).filter((k) => whole(k)).map((k) => [k, whole(k)!] as const);
      const best = stock.reduce((a, b) => (median(b[1]) < median(a[1]) ? b : a));
      const bestName = best[0] === 'z6' ? '`pg_dump -Z6`' : '`pg_dump | pigz`';
      goals.push(`**${ds.title}**`, '');
      goals.push(
        goal(`default backup, whole command, over the best stock gzip-compatible route (${bestName})`, pairRatios(ours, best[1]), 1.0),
      );
      if (whole('igzip'))
        goals.push(
          `- default backup, whole command, over \`pg_dump | igzip -1\` (the same deflater with none of our checks; no goal): ${spread(pairRatios(ours, whole('igzip')!))}`,
        );
      if (ds.db === 'bench_pgbench') {
        const written = rs.find((r) => r.route.id === 'ours')!.samples.map((s) => s.writtenSeconds!);
        goals.push(goal('default backup, written file, over `pg_dump -Z6`', pairRatios(written, whole('z6')!), 1.0));
      }
      if (hasZstd)
        goals.push(
          goal('`--compression zstd`, whole command, over `pg_dump | zstd -T0 -3`', pairRatios(whole('ours-zstd')!, whole('zstd')!), 1.05),
        );
      goals.push('');
    }
    lines.push(
      '#### Fixed cost',
      '',
      `Interleaved, ${smallRepeats} runs each: Northwind (test/fixtures, plain dump about 1 MB), our default backup against the spec's \`pg_dump | gzip > file && sync\`; \`aza-pg --help\` and a bad input (\`aza-pg backup --format bogus\`, exit 2) against Node starting and exiting (\`node -e 0\`).`,
      '',
      '| Command | Median (min–max), s | Ratio to the reference (pairs) |',
      '| --- | ---: | ---: |',
      `| **aza-pg backup** Northwind (peak RSS ${formatBytes(Math.max(...small.rss) * 1024)}) | ${spread(small.ours)} | ${spread(pairRatios(small.ours, small.stock))} |`,
      `| \`pg_dump | gzip > file && sync\` Northwind (reference) | ${spread(small.stock)} | 1.00 |`,
      `| **aza-pg --help** | ${spread(small.help)} | ${spread(pairRatios(small.help, small.node0))} |`,
      `| **aza-pg backup --format bogus** (bad input) | ${spread(small.bad)} | ${spread(pairRatios(small.bad, small.node0))} |`,
      `| \`node -e 0\` (reference) | ${spread(small.node0)} | 1.00 |`,
      '',
      ...memoryTable(memory, large),
      '#### Goals (issue 16)',
      '',
      ...goals,
      '**Fixed cost and memory**',
      '',
      `- Northwind default backup, whole command: ${f2(median(small.ours))} s (goal ≤ 0.45 s): **${median(small.ours) <= 0.45 ? 'met' : 'not met'}**; over the spec's pipeline by ${f2(median(small.ours.map((x, k) => x - small.stock[k]!)))} s (goal ≤ 0.30 s)`,
      `- \`aza-pg --help\`: ${f2(median(small.help))} s, a bad input: ${f2(median(small.bad))} s (goal ≤ 0.20 s each): **${Math.max(median(small.help), median(small.bad)) <= 0.2 ? 'met' : 'not met'}**`,
      ...memoryGoals(memory),
      '',
      `Load average (1, 5, 15 min) before the timed runs: ${loadBefore}; after: ${loadAfter}.` +
        (Math.max(...[loadBefore, loadAfter].map((l) => Number(l.split(' ')[0]))) > cores
          ? ` That is above the ${cores} cores: other work competed for the CPUs during the run; read the ratios per pair, not the absolute times.`
          : ''),
    );
    return lines.join('\n');
  } finally {
    await cluster?.destroy();
    rmSync(dir, { recursive: true, force: true });
    removeDir();
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  installInterruptHandlers((m) => process.stderr.write(`${m}\n`));
  process.stdout.write(`${await runBackupBench()}\n`);
}
