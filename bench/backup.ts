/**
 * Backup speed, size and memory: issue 2's "Speed" section.
 *
 * One throw-away PostgreSQL cluster holds two datasets whose plain dumps are the same size: a
 * pgbench database (compresses about 35x, which flatters every compressor) and a "mixed" one of
 * random text, uuids, jsonb and bytea generated server-side (about 2.2x with gzip -6). On each,
 * in one run and interleaved (so drift on the machine hits every route alike), each route runs
 * `repeats` times:
 *
 *   reference   pg_dump -Fp > /dev/null (the producer's limit), the spec's pg_dump | gzip,
 *               pg_dump -Fp -Z6, pg_dump | pigz, pg_dump | zstd -T0
 *   aza-pg      backup plain gzip at several levels, plain zstd, custom, directory (jobs = cores)
 *
 * Every route writes a file in the same directory and, like ours, fsyncs it (`sync FILE`) before
 * its clock stops; the reference pipelines are fixed bash strings run with -o pipefail, with the
 * database and output passed as environment variables. Ours runs as a child process under Node
 * (the runtime of the action and the bin) from an ncc bundle of bench/backup-driver.ts, under
 * /usr/bin/time for its peak RSS; it reports two figures: the written file (pg_dump's start to
 * the fsynced temp file) and the published, verified backup (the whole run: checks, dump, full
 * read-back with decompression, sha256, row counts in the dump's snapshot, rename, manifest).
 *
 * Setup on Debian/Ubuntu: apt-get install -y postgresql-15 pigz zstd time
 * Run: node_modules/.bin/bun bench/backup.ts   (or npm run bench -- backup)
 * Environment: BENCH_SCALE (pgbench scale, default 50), BENCH_REPEATS (default 3),
 *   BENCH_LEVELS (our gzip levels, default 1,3,6), BENCH_NODE (node binary for ours, default node).
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCluster, type Cluster } from '../src/core/cluster.js';
import { installInterruptHandlers, onInterrupt, run } from '../src/core/exec.js';
import { formatBytes } from '../src/core/report.js';
import { DEFAULT_ARCHIVE_GZIP_LEVEL, DEFAULT_GZIP_LEVEL, DEFAULT_ZSTD_LEVEL } from '../src/core/backup/settings.js';
import type { DriverResult } from './backup-driver.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface BackupBenchOptions {
  scale?: number;
  repeats?: number;
  levels?: number[];
  node?: string;
  log?: (line: string) => void;
}

interface Sample {
  seconds: number;
  verifiedSeconds?: number;
  sizeBytes?: number;
  rssKiB?: number;
}

interface Route {
  id: string;
  label: string;
  ours: boolean;
  /** Runs once and measures; `out` is a path in the bench directory to write to. */
  once(db: string, out: string): Promise<Sample>;
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

async function which(cmd: string): Promise<boolean> {
  return (await run('bash', ['-c', 'command -v "$1" >/dev/null', 'which', cmd], { allowFailure: true })).code === 0;
}

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + statSync(join(path, name)).size, 0);
}

/** Bundles the driver with ncc into `dir` (the product code exactly as the bin bundle builds it). */
async function bundleDriver(dir: string): Promise<string> {
  await run(
    join(ROOT, 'node_modules/.bin/ncc'),
    ['build', join(ROOT, 'bench/backup-driver.ts'), '-o', dir, '--target', 'es2022', '--transpile-only', '-q'],
    { cwd: ROOT },
  );
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return join(dir, 'index.js');
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
    readonly driver: string,
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

  // -------------------------------------------------------------------------------------------
  // Routes

  reference(id: string, label: string, script: string): Route {
    return {
      id,
      label,
      ours: false,
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

  ours(id: string, label: string, args: string[], ext: string): Route {
    return {
      id,
      label,
      ours: true,
      once: async (db, out) => {
        const r = await this.aza('run', [db, out + ext, ...args]);
        const d = JSON.parse(r.stdout.trim().split('\n').pop()!) as DriverResult;
        return { seconds: d.writeSeconds, verifiedSeconds: d.durationSeconds, sizeBytes: d.sizeBytes, rssKiB: r.rssKiB };
      },
    };
  }

  /** Runs the driver under /usr/bin/time; removes what it wrote. */
  async aza(mode: 'run' | 'cli', argv: string[]): Promise<{ stdout: string; rssKiB: number }> {
    const rssFile = join(this.dir, 'rss.txt');
    const output = argv[1]!;
    try {
      const r = await run('/usr/bin/time', ['-f', '%M', '-o', rssFile, this.node, this.driver, mode, ...argv], {
        env: this.env,
        cwd: this.dir,
        allowFailure: true,
      });
      if (r.code !== 0) throw new Error(`aza-pg backup ${argv.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
      const rssKiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
      return { stdout: r.stdout, rssKiB };
    } finally {
      rmSync(output, { recursive: true, force: true });
      rmSync(`${output}.manifest.json`, { force: true });
      rmSync(rssFile, { force: true });
    }
  }
}

// ---------------------------------------------------------------------------------------------

const f2 = (s: number) => s.toFixed(2);

function spread(xs: number[]): string {
  return `${f2(median(xs))} (${f2(Math.min(...xs))}–${f2(Math.max(...xs))})`;
}

interface RouteResult {
  route: Route;
  samples: Sample[];
}

function datasetTable(ds: Dataset, results: RouteResult[], skipped: string[]): { lines: string[]; med: Map<string, number> } {
  const med = new Map(results.map((r) => [r.route.id, median(r.samples.map((s) => s.seconds))]));
  const spec = med.get('gzip');
  const lines = [
    `#### ${ds.title}: plain dump ${formatBytes(ds.rawBytes)}`,
    '',
    '| Route | Written file, s | Published + verified, s | Speed-up vs spec (written) | Size | Ratio | Peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { route, samples } of results) {
    const w = samples.map((s) => s.seconds);
    const v = samples.flatMap((s) => (s.verifiedSeconds !== undefined ? [s.verifiedSeconds] : []));
    const size = samples.find((s) => s.sizeBytes !== undefined)?.sizeBytes;
    const rss = samples.flatMap((s) => (s.rssKiB !== undefined ? [s.rssKiB] : []));
    const speedup = spec && route.id !== 'gzip' ? `${(spec / median(w)).toFixed(2)}x` : route.id === 'gzip' ? '1.00x' : '';
    lines.push(
      `| ${route.label} | ${spread(w)} | ${v.length ? spread(v) : '—'} | ${speedup} | ${size !== undefined ? formatBytes(size) : '—'} | ${size ? `${(ds.rawBytes / size).toFixed(2)}x` : '—'} | ${rss.length ? formatBytes(Math.max(...rss) * 1024) : '—'} |`,
    );
  }
  for (const s of skipped) lines.push('', `_${s}_`);
  return { lines, med };
}

export async function runBackupBench(opts: BackupBenchOptions = {}): Promise<string> {
  const scale = opts.scale ?? Number(process.env.BENCH_SCALE ?? 50);
  const repeats = opts.repeats ?? Number(process.env.BENCH_REPEATS ?? 3);
  const levels = opts.levels ?? (process.env.BENCH_LEVELS ?? '1,3,6').split(',').map(Number);
  if (!levels.includes(DEFAULT_GZIP_LEVEL)) levels.push(DEFAULT_GZIP_LEVEL);
  levels.sort((a, b) => a - b);
  const node = opts.node ?? process.env.BENCH_NODE ?? 'node';
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const cores = availableParallelism();

  for (const tool of ['bash', 'gzip', '/usr/bin/time', node]) {
    if (!(await which(tool))) throw new Error(`${tool} is needed for the backup benchmark (apt-get install -y time gzip; Node for ours)`);
  }
  const hasPigz = await which('pigz');
  const hasZstd = await which('zstd');
  const nodeVersion = (await run(node, ['--version'])).stdout.trim();

  const dir = mkdtempSync(join(tmpdir(), 'aza-pg-bench-'));
  const removeDir = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
  let cluster: Cluster | undefined;
  try {
    log('backup bench: bundling the driver with ncc');
    const driver = await bundleDriver(join(dir, 'driver'));
    log('backup bench: creating the cluster and datasets');
    cluster = await createCluster({
      settings: { shared_buffers: '256MB', max_wal_size: '8GB', wal_level: 'minimal', max_wal_senders: 0, checkpoint_timeout: '1h' },
    });
    const bench = new Bench(cluster, dir, driver, node, log);
    const serverVersion = (await cluster.query('SHOW server_version'))[0]![0]!;

    const smallScale = Math.max(1, Math.round(scale / 10));
    await bench.pgbench('bench_pgbench', scale);
    const pgbenchRaw = await bench.rawBytes('bench_pgbench');
    log(`  pgbench scale ${scale}: plain dump ${formatBytes(pgbenchRaw)}`);
    await bench.mixed('bench_mixed', pgbenchRaw);
    await bench.pgbench('bench_small', smallScale);
    await bench.mixed('bench_mixed_small', pgbenchRaw / 10);
    const datasets: Dataset[] = [
      { db: 'bench_pgbench', title: `pgbench, scale ${scale}`, rawBytes: pgbenchRaw },
      { db: 'bench_mixed', title: 'mixed (random text, uuids, jsonb, bytea)', rawBytes: await bench.rawBytes('bench_mixed') },
    ];
    const smallRaw = await bench.rawBytes('bench_small');
    const mixedSmallRaw = await bench.rawBytes('bench_mixed_small');
    log(
      `  mixed: plain dump ${formatBytes(datasets[1]!.rawBytes)}; small pgbench scale ${smallScale}: ${formatBytes(smallRaw)}; small mixed: ${formatBytes(mixedSmallRaw)}`,
    );

    const plain = '"$PG_DUMP" -Fp --no-owner --no-acl "$BENCH_DB"';
    const skipped: string[] = [];
    const routes: Route[] = [
      bench.reference('raw', '`pg_dump -Fp > /dev/null` (producer limit)', `${plain} > /dev/null`),
      bench.reference('gzip', "`pg_dump | gzip` (the spec's, gzip -6)", `${plain} | gzip > "$BENCH_OUT" && sync "$BENCH_OUT"`),
      bench.reference('z6', '`pg_dump -Fp -Z6`', `${plain} -Z6 -f "$BENCH_OUT" && sync "$BENCH_OUT"`),
    ];
    if (hasPigz)
      routes.push(
        bench.reference('pigz', `\`pg_dump | pigz\` (-6, ${cores} threads)`, `${plain} | pigz > "$BENCH_OUT" && sync "$BENCH_OUT"`),
      );
    else skipped.push('`pg_dump | pigz` skipped: pigz is not installed (apt-get install -y pigz).');
    if (hasZstd)
      routes.push(bench.reference('zstd', '`pg_dump | zstd -T0` (level 3)', `${plain} | zstd -q -T0 > "$BENCH_OUT" && sync "$BENCH_OUT"`));
    else skipped.push('`pg_dump | zstd -T0` and aza-pg plain zstd skipped: zstd is not installed (apt-get install -y zstd).');
    for (const level of levels) {
      const isDefault = level === DEFAULT_GZIP_LEVEL;
      routes.push(
        bench.ours(
          `ours-gzip-${level}`,
          `**aza-pg backup**, plain gzip ${level}${isDefault ? ' (default)' : ''}`,
          isDefault ? [] : ['--compression-level', String(level)],
          '.sql.gz',
        ),
      );
    }
    if (hasZstd)
      routes.push(bench.ours('ours-zstd', `**aza-pg backup**, plain zstd ${DEFAULT_ZSTD_LEVEL}`, ['--compression', 'zstd'], '.sql.zst'));
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
            `  [${i + 1}/${repeats}] ${ds.db} ${rr.route.id}: ${f2(s.seconds)} s${s.verifiedSeconds !== undefined ? ` (verified ${f2(s.verifiedSeconds)} s)` : ''}`,
          );
        }
      }
    }
    const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

    // Peak memory of the real command (aza-pg backup, default settings) as the database grows.
    const memory: Array<[string, number, number]> = [];
    for (const [title, db, raw] of [
      [`pgbench, scale ${smallScale}`, 'bench_small', smallRaw],
      [`pgbench, scale ${scale}`, 'bench_pgbench', pgbenchRaw],
      ['mixed, a tenth', 'bench_mixed_small', mixedSmallRaw],
      ['mixed', 'bench_mixed', datasets[1]!.rawBytes],
    ] as const) {
      const r = await bench.aza('cli', [db, join(dir, `mem-${db}.sql.gz`)]);
      memory.push([title, raw, r.rssKiB]);
      log(`  memory ${db}: ${r.rssKiB} KiB`);
    }

    // ------------------------------------------------------------------------------------------
    const lines: string[] = [
      `PostgreSQL ${serverVersion}, pg_dump ${serverVersion.split(' ')[0]}; ours under Node ${nodeVersion}; ${repeats} runs per route, median with (min–max), in seconds. ` +
        'Every route writes a file in the same directory and fsyncs it before its clock stops. "Written file" for aza-pg backup is from pg_dump\'s start to the fsynced temp file; ' +
        '"published + verified" is the whole run: connection and version checks, the dump, a full read-back (decompression, or pg_restore for archives) with sha256, exact row counts in the dump\'s snapshot, the rename and the manifest. ' +
        'Ratio is the plain dump size over the output size. Peak RSS is the maximum resident set of our Node process (`/usr/bin/time -f %M`).',
      '',
    ];
    const goals: string[] = [];
    for (const ds of datasets) {
      const { lines: t, med } = datasetTable(ds, results.get(ds.db)!, skipped);
      lines.push(...t, '');
      const ours = med.get(`ours-gzip-${DEFAULT_GZIP_LEVEL}`)!;
      const stock = (['z6', 'pigz'] as const).filter((k) => med.has(k)).map((k) => [k, med.get(k)!] as const);
      const best = stock.reduce((a, b) => (b[1] < a[1] ? b : a));
      const bestName = best[0] === 'z6' ? '`pg_dump -Z6`' : '`pg_dump | pigz`';
      goals.push(
        `- ${ds.title}: default written file ${f2(ours)} s vs the best stock gzip-compatible route (${bestName}) ${f2(best[1])} s: ` +
          `${ours <= best[1] ? '**met**' : `**not met** (${((ours / best[1] - 1) * 100).toFixed(0)}% slower)`}; ` +
          `${(med.get('gzip')! / ours).toFixed(2)}x the spec's \`pg_dump | gzip\`${ds.db === 'bench_mixed' ? ` (goal ≥ 1.4x: **${med.get('gzip')! / ours >= 1.4 ? 'met' : 'not met'}**)` : ''}; ` +
          `producer limit (raw pg_dump) ${f2(med.get('raw')!)} s.`,
      );
      const verified = median(
        results
          .get(ds.db)!
          .find((r) => r.route.id === `ours-gzip-${DEFAULT_GZIP_LEVEL}`)!
          .samples.map((s) => s.verifiedSeconds!),
      );
      goals.push(
        `  Verification overhead of the default (published + verified minus written): ${f2(verified - ours)} s, ${(((verified - ours) / ours) * 100).toFixed(0)}% of the written-file time.`,
      );
    }
    lines.push('#### Goals (default settings: plain, gzip level ' + DEFAULT_GZIP_LEVEL + ')', '', ...goals, '');
    lines.push(
      '#### Peak memory of `aza-pg backup` as the database grows',
      '',
      'The command itself (default settings, CLI code path) as a child process under `/usr/bin/time -f %M`.',
      '',
      '| Dataset | Plain dump | Peak RSS |',
      '| --- | ---: | ---: |',
      ...memory.map(([t, raw, rss]) => `| ${t} | ${formatBytes(raw)} | ${formatBytes(rss * 1024)} |`),
      '',
      `Load average (1, 5, 15 min) before the timed runs: ${loadBefore}; after: ${loadAfter}.` +
        (Math.max(...[loadBefore, loadAfter].map((l) => Number(l.split(' ')[0]))) > cores
          ? ` That is above the ${cores} cores: other work competed for the CPUs during the run, so differences inside the min–max spreads are not significant, and routes with more processes and threads (pipelines, ours) suffer more from it than pg_dump compressing in its own process.`
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
