// `npm run demo`: the main job on a throw-away PostgreSQL, no setup by hand. Starts a local
// cluster from the installed server binaries, loads sample data, backs it up with the same code
// the action and the CLI run, checks the result independently, and removes everything.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster } from '../src/core/cluster.js';
import { runBackup } from '../src/core/backup/run.js';
import { backupSettings } from '../src/core/backup/settings.js';
import { Inputs } from '../src/core/inputs.js';
import { readManifest } from '../src/core/manifest.js';
import { CliReporter } from '../src/cli/face.js';

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
  const inputs = new Inputs({ 'output-dir': work, host: cluster.host, port: String(cluster.port), user: cluster.superuser }, 'cli');
  const settings = backupSettings(inputs, ['shop'], { PGPASSWORD: cluster.password }, process.cwd());
  const result = await runBackup(settings, { env: { ...process.env, PGPASSWORD: cluster.password } }, reporter);

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
  reporter.info('\nDemo finished: the cluster and the files are removed.');
} finally {
  await cluster.destroy();
  rmSync(work, { recursive: true, force: true });
}
