/**
 * Restore speed, whole command against the stock route (issue 16): `aza-pg restore <our default
 * backup> <db> --create --yes --keep-previous false` as a user runs it (the CLI bundle under Node,
 * from process start to exit: the full read and manifest check, the SQL guard, the staging
 * database, the load, ANALYZE, row counts compared with the manifest, the rename) against the
 * spec's route `createdb <db> && gunzip -c <file> | psql <db>`, on pgbench and on the less
 * compressible "mixed" dataset.
 *
 * The two routes run interleaved (A B A B …), each after a CHECKPOINT and into a new database that
 * is dropped afterwards outside the clock; the ratio is taken per pair, so drift on a shared
 * machine hits both sides of a pair alike. Our steps' own durations (the CLI's "✓ step (s)" lines)
 * say where our time goes.
 *
 * Run: node_modules/.bin/bun bench/restore.ts   (BENCH_SCALE, default 50; BENCH_REPEATS, default 3;
 * BENCH_NODE, default node)
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCluster, type Cluster } from '../src/core/cluster.js';
import { run } from '../src/core/exec.js';
import { quoteIdent } from '../src/core/pg.js';
import { formatBytes, silentReporter } from '../src/core/report.js';
import { backup } from '../src/core/backup/index.js';
import { execute, settingsFrom } from '../src/core/operation.js';
import { MIXED_TABLE, mixedInsert } from './backup.js';
import { bundleCli } from './cli-bundle.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const f2 = (s: number) => s.toFixed(2);
const spread = (xs: number[]) => `${f2(median(xs))} (${f2(Math.min(...xs))}–${f2(Math.max(...xs))})`;

interface Dataset {
  db: string;
  title: string;
  file: string;
  size: number;
  sqlBytes: number;
}

interface Pair {
  ours: number;
  stock: number;
  steps: Map<string, number>;
}

/** "✓ Restore into "x_restoring_…" (12.34 s)" → step name (database names generalised) and seconds. */
function parseSteps(text: string): Map<string, number> {
  const steps = new Map<string, number>();
  for (const m of text.matchAll(/✓ (.+) \((\d+\.\d+) s\)$/gm)) {
    const name = m[1]!
      .replace(/"[^"]*"/g, '…')
      .replace(/ \/\S+/g, ' <file>')
      .replace(/^Connect to \S+/, 'Connect to the server');
    steps.set(name, (steps.get(name) ?? 0) + Number(m[2]));
  }
  return steps;
}

export async function runRestoreBench(): Promise<string> {
  const scale = Number(process.env.BENCH_SCALE ?? 50);
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const node = process.env.BENCH_NODE ?? 'node';
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const cluster: Cluster = await createCluster({ settings: { max_wal_size: '2GB', maintenance_work_mem: '128MB' } });
  const dir = mkdtempSync(join(tmpdir(), 'aza-bench-restore-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGHOST: cluster.host,
    PGPORT: String(cluster.port),
    PGUSER: cluster.superuser,
    PGPASSWORD: cluster.password,
    PSQL: cluster.tool('psql'),
    CREATEDB: cluster.tool('createdb'),
  };
  delete env.PGDATABASE;
  delete env.PGSERVICE;
  try {
    log(`  bundling the CLI with ncc`);
    const bin = await bundleCli(join(dir, 'cli'));

    log(`  pgbench scale ${scale}`);
    await cluster.query('CREATE DATABASE bench_pgbench');
    await run(cluster.tool('pgbench'), ['-i', '-q', '-s', String(scale), 'bench_pgbench'], { env });
    const pgbenchRaw = Number(
      (
        await run('bash', ['-o', 'pipefail', '-c', '"$PG_DUMP" -Fp bench_pgbench | wc -c'], {
          env: { ...env, PG_DUMP: cluster.tool('pg_dump') },
        })
      ).stdout,
    );
    log(`  mixed, about ${formatBytes(pgbenchRaw)} of SQL`);
    await cluster.query('CREATE DATABASE bench_mixed');
    await cluster.query(MIXED_TABLE, 'bench_mixed');
    const rowBytes = 370; // about one row of the mixed dataset in a plain dump
    const rows = Math.round(pgbenchRaw / rowBytes);
    for (let lo = 1; lo <= rows; lo += 250000) await cluster.query(mixedInsert(lo, Math.min(rows, lo + 249999)), 'bench_mixed');
    await cluster.query('ALTER TABLE docs ADD PRIMARY KEY (id)', 'bench_mixed');
    await cluster.query('VACUUM ANALYZE docs', 'bench_mixed');

    const datasets: Dataset[] = [];
    for (const [db, title] of [
      ['bench_pgbench', `pgbench, scale ${scale}`],
      ['bench_mixed', 'mixed (random text, uuids, jsonb, bytea)'],
    ] as const) {
      const b = await execute(
        backup,
        {
          ...settingsFrom(backup, { database: db, output: join(dir, `${db}.sql.gz`), 'output-dir': dir }, {}, dir),
          connection: cluster.connection(db),
          pgBinDir: cluster.bin.binDir,
        },
        { env: process.env },
        silentReporter,
      );
      const sql = await run('bash', ['-o', 'pipefail', '-c', 'gunzip -c "$F" | wc -c'], { env: { ...env, F: b.path } });
      datasets.push({ db, title, file: b.path, size: b.sizeBytes, sqlBytes: Number(sql.stdout.trim()) });
    }

    let n = 0;
    const timed = async (script: string, vars: Record<string, string>) => {
      await cluster.query('CHECKPOINT');
      const t = performance.now();
      const r = await run('bash', ['-o', 'pipefail', '-c', script], { env: { ...env, ...vars }, allowFailure: true });
      const seconds = (performance.now() - t) / 1000;
      if (r.code !== 0) throw new Error(`${script} failed (${r.code}): ${r.stderr.trim().slice(0, 2000)}`);
      await cluster.query(`DROP DATABASE ${quoteIdent(vars.DB!)}`);
      return { seconds, output: r.stdout + r.stderr };
    };
    const OURS = '"$NODE" "$BIN" restore "$FILE" "$DB" --create --yes --keep-previous false';
    const STOCK = '"$CREATEDB" "$DB" && gunzip -c "$FILE" | "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null';

    const sections: string[] = [];
    const goals: string[] = [];
    for (const ds of datasets) {
      log(`  ${ds.title}: ${repeats} pairs`);
      const pairs: Pair[] = [];
      for (let i = 0; i < repeats; i++) {
        const o = await timed(OURS, { NODE: node, BIN: bin, FILE: ds.file, DB: `ours_${++n}` });
        const s = await timed(STOCK, { FILE: ds.file, DB: `stock_${++n}` });
        pairs.push({ ours: o.seconds, stock: s.seconds, steps: parseSteps(o.output) });
        log(`    ours ${f2(o.seconds)} s, stock ${f2(s.seconds)} s, ratio ${(o.seconds / s.seconds).toFixed(3)}`);
      }
      const ratios = pairs.map((p) => p.ours / p.stock);
      const ratio = median(ratios);
      const stepNames = [...new Set(pairs.flatMap((p) => [...p.steps.keys()]))];
      const ours = pairs.map((p) => p.ours);
      const stepSum = pairs.map((p) => [...p.steps.values()].reduce((a, b) => a + b, 0));
      sections.push(
        `#### ${ds.title}: ${formatBytes(ds.size)} backup, ${formatBytes(ds.sqlBytes)} of SQL`,
        '',
        '| Route | Whole command, s | Ratio to stock (per pair) |',
        '| --- | ---: | ---: |',
        `| \`createdb\` + \`gunzip -c \\| psql\` (stock) | ${spread(pairs.map((p) => p.stock))} | 1.00 |`,
        `| **aza-pg restore** (default: atomic, plain gzip) | ${spread(ours)} | ${ratio.toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
        '',
        'Where our time goes (the steps the command reports, median s):',
        '',
        '| Step | s |',
        '| --- | ---: |',
        ...stepNames.map((name) => `| ${name} | ${f2(median(pairs.map((p) => p.steps.get(name) ?? 0)))} |`),
        `| outside the steps (Node start, loading the CLI, settings, the lock, the summary) | ${f2(median(ours.map((t, i) => t - stepSum[i]!)))} |`,
        '',
      );
      goals.push(`- ${ds.title}: ${ratio.toFixed(2)}x the stock route (goal ≤ 1.05x: **${ratio <= 1.05 ? 'met' : 'not met'}**)`);
    }
    return [
      `${repeats} pairs per dataset, interleaved (ours, stock, ours, stock …), each run after a CHECKPOINT into a new database, dropped afterwards outside the clock; median with (min–max); the ratio is ours / stock per pair, its median and range. Throw-away PostgreSQL ${cluster.bin.version}, ours under ${node}.`,
      '',
      'Ours is the whole command: the backup read once in full (sha256 and size against the manifest, gzip integrity, the SQL guard on every line psql reads), the staging database, the load (the COPY data of a script pg_dump wrote over as many sessions as the machine has cores, at most 2, see docs/restore.md), ANALYZE, row counts compared with the manifest (from the COPY data psql loaded, see docs/restore.md), the rename. Stock: `createdb` then `gunzip -c file | psql` (no check, no ANALYZE).',
      '',
      ...sections,
      '#### Goals',
      '',
      ...goals,
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
