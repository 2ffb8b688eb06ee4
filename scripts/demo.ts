// `npm run demo`: the main job on a throw-away PostgreSQL, no setup by hand. Starts a local
// cluster from the installed server binaries, loads sample data, and runs the routine with the
// same code the actions and the CLI run: backup, an independent check of the file, a restore
// test (verify) on a second throw-away cluster, then an atomic restore over a damaged database.
// Everything is removed at the end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster } from '../src/core/cluster.js';
import { backup } from '../src/core/backup/index.js';
import { execute, settingsFrom } from '../src/core/operation.js';
import { restore } from '../src/core/restore/index.js';
import { verify } from '../src/core/verify/index.js';
import { readManifest } from '../src/core/manifest.js';
import { CliReporter } from '../src/cli/runner.js';

const reporter = new CliReporter();
const work = mkdtempSync(join(tmpdir(), 'aza-pg-demo-'));
reporter.info('Starting a throw-away PostgreSQL cluster…');
const cluster = await createCluster();
try {
  reporter.info(`PostgreSQL ${cluster.bin.version} on 127.0.0.1:${cluster.port} (password auth, data in ${cluster.dir})`);
  await cluster.query('CREATE DATABASE shop');
  await cluster.query(
    `CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text);
     INSERT INTO customers SELECT g, 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 20000) g;
     CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int REFERENCES customers, total numeric(10,2), placed_at timestamptz);
     INSERT INTO orders SELECT g, 1 + g % 20000, (g % 997) / 3.0, now() - g * interval '1 minute' FROM generate_series(1, 100000) g;`,
    'shop',
  );

  // The same settings path the CLI uses: `aza-pg backup shop --output-dir <dir>`.
  const raw = { database: 'shop', 'output-dir': work, host: cluster.host, port: String(cluster.port), user: cluster.superuser };
  const settings = settingsFrom(backup, raw, { PGPASSWORD: cluster.password }, process.cwd());
  const result = await execute(backup, settings, { env: { ...process.env, PGPASSWORD: cluster.password } }, reporter);

  // Independent checks with the standard tools.
  const gunzip = spawnSync('gunzip', ['-t', result.path]);
  if (gunzip.status !== 0) throw new Error(`gunzip -t failed: ${gunzip.stderr}`);
  const manifest = readManifest(result.manifestPath);
  const mode = (statSync(result.path).mode & 0o777).toString(8);
  const rows = Object.fromEntries(manifest.tables.map((t) => [t.table, t.rows]));
  if (rows.customers !== 20000 || rows.orders !== 100000) throw new Error(`unexpected row counts ${JSON.stringify(rows)}`);
  reporter.info(`\n✓ gunzip -t passed; file mode ${mode}; manifest rows: customers ${rows.customers}, orders ${rows.orders}`);
  reporter.info(`✓ sha256 in manifest matches the file: ${manifest.sha256 === result.sha256}`);
  reporter.info(`Manifest excerpt: ${readFileSync(result.manifestPath, 'utf8').split('\n').slice(0, 12).join(' ').replace(/\s+/g, ' ')} …`);

  // The monthly restore test: `aza-pg verify <file>` restores into its own throw-away cluster.
  reporter.info('\n— Restore test (aza-pg verify) —');
  const verified = await execute(
    verify,
    settingsFrom(verify, { backup: result.path }, process.env, process.cwd()),
    { env: process.env },
    reporter,
  );
  reporter.table(verify.summary(verified)!);
  reporter.info(`✓ verify passed: ${verified.tables} tables, ${verified.rows} rows match the manifest`);

  // An accident, then `aza-pg restore <file> shop --yes`: atomic by default (load beside, swap).
  reporter.info('\n— Accident and restore (aza-pg restore, atomic) —');
  await cluster.query('DELETE FROM orders WHERE id % 2 = 0', 'shop');
  const restoreRaw = {
    backup: result.path,
    database: 'shop',
    yes: 'true',
    'keep-previous': 'false',
    host: cluster.host,
    port: String(cluster.port),
    user: cluster.superuser,
  };
  const restored = await execute(
    restore,
    settingsFrom(restore, restoreRaw, { PGPASSWORD: cluster.password }, process.cwd()),
    { env: { ...process.env, PGPASSWORD: cluster.password } },
    reporter,
  );
  reporter.table(restore.summary(restored)!);
  const orders = (await cluster.query('SELECT count(*) FROM orders', 'shop'))[0]![0];
  if (orders !== '100000') throw new Error(`restore left ${orders} orders`);
  reporter.info(`✓ restored "${restored.database}": ${restored.rows} rows; orders back to ${orders}`);
  reporter.info('\nDemo finished: the cluster and the files are removed.');
} finally {
  await cluster.destroy();
  rmSync(work, { recursive: true, force: true });
}
