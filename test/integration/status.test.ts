/**
 * `aza-pg status` against real local clusters, as a person runs it (bun src/cli/index.ts status)
 * and as the runner starts the action (bun src/actions/status.ts with INPUT_*): a healthy primary
 * with streaming replicas, a paused replay, a stopped replica, a replica cut off from its primary,
 * a restore's leftover staging database, split brain after a promotion, a failing archive_command,
 * expired and expiring certificates (the server's over a real TLS handshake), backup directories
 * (real aza-pg backups, a stale one, a shrunken one), an unreachable node, thresholds that are not
 * numbers, and --watch on a pseudo-terminal. Each failure exits non-zero and says why.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PlannedCertificate } from '../../src/core/certs/plan.js';
import type { KeySpec } from '../../src/core/certs/settings.js';
import { generateKeyPair, issueCertificate, privateKeyPem } from '../../src/core/certs/x509.js';
import { createCluster, freePort, type Cluster } from '../../src/core/cluster.js';
import { run, type RunResult } from '../../src/core/exec.js';
import type { StatusReport } from '../../src/core/status/index.js';
import { backup, cleanEnv } from '../harness/backup-helpers.js';
import { writeBackupFiles } from '../harness/backup-files.js';
import { readGithubOutputs } from '../harness/github-outputs.js';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
const BUN = join(ROOT, 'node_modules/.bin/bun');
const CLI_SRC = join(ROOT, 'src/cli/index.ts');
const ACTION_SRC = join(ROOT, 'src/actions/status.ts');
const DAY = 86_400_000;

let primary: Cluster;
let replica1: Cluster;
let replica2: Cluster;
let base: string;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'aza-status-'));
  primary = await createCluster();
  replica1 = await primary.createReplica();
  replica2 = await primary.createReplica();
  await primary.query('CREATE TABLE t (id int)');
}, 120000);

afterAll(async () => {
  await Promise.all([replica1?.destroy(), replica2?.destroy()]);
  await primary?.destroy();
  rmSync(base, { recursive: true, force: true });
});

/** The libpq environment of the test clusters: every cluster here shares the superuser's name but not its password. */
function env(cluster: Cluster = primary, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv({ PGUSER: cluster.superuser, PGPASSWORD: cluster.password, ...extra });
}

const node = (label: string, c: Cluster) => `${label}=127.0.0.1:${c.port}`;

async function status(args: string[], e: NodeJS.ProcessEnv = env()): Promise<RunResult> {
  return run(BUN, [CLI_SRC, 'status', ...args], { env: e, cwd: base, allowFailure: true, timeoutMs: 120000 });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('replication', () => {
  test('a primary with two streaming replicas: exit 0, one row per node, the topology diagram', async () => {
    // The diagram shows 0 B of lag only once both replicas have replayed all the primary wrote.
    const [[lsn]] = (await primary.query('SELECT pg_current_wal_lsn()::text')) as [[string]];
    for (const [name, r] of [
      ['replica1', replica1],
      ['replica2', replica2],
    ] as const)
      await waitFor(
        `${name} to replay ${lsn}`,
        async () => (await r.query(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn`))[0]?.[0] === 't',
      );
    const r = await status([[node('primary', primary), node('replica1', replica1), node('replica2', replica2)].join(',')]);
    expect(r.stderr).not.toContain('✗ Error');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PostgreSQL status: OK');
    expect(r.stdout).toMatch(/\n {2}primary +primary +1 +\d+\/[0-9A-F]+ +- +2 /);
    expect(r.stdout).toMatch(/\n {2}replica1 +replica +1 /);
    expect(r.stdout).toContain('Topology (mermaid)');
    expect(r.stdout).toMatch(/n0 -->\|"0 B, 0 s"\| n1/);
    expect(r.stdout).toMatch(/n0 -->\|"0 B, 0 s"\| n2/);
  });

  test('a paused replay is reported as lag, with the command that resumes it', async () => {
    await primary.query('INSERT INTO t VALUES (1)');
    await waitFor('replica1 to replay the first row', async () => (await replica1.query('SELECT count(*) FROM t'))[0]?.[0] === '1');
    await replica1.query('SELECT pg_wal_replay_pause()');
    try {
      await primary.query('INSERT INTO t VALUES (2)');
      await waitFor('replica1 to receive WAL it does not replay', async () => {
        const [row] = await replica1.query('SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()');
        return row?.[0] === 't';
      });
      // Lag in seconds counts from the last replayed commit: make it older than the threshold.
      await new Promise((r) => setTimeout(r, 2100));
      const r = await status([[node('primary', primary), node('replica1', replica1)].join(','), '--max-lag-seconds', '1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/✗ Error: Status check failed: replica1 replays \d+ s behind \(replay is paused\), over the 1 s threshold/);
      expect(r.stderr).toContain('SELECT pg_wal_replay_resume();');
      expect(r.stdout).toMatch(/\n {2}replica1 +replica .*\(paused\)/);
    } finally {
      await replica1.query('SELECT pg_wal_replay_resume()');
    }
  }, 60000);

  test('a restore leftover: reported with its size and a command that removes it', async () => {
    const name = 'app_restoring_20260101_010101';
    await primary.query(`CREATE DATABASE ${name}`);
    // The marker an atomic restore writes on its staging database (restore/leftovers.ts).
    await primary.query(`COMMENT ON DATABASE ${name} IS 'aza-pg restore staging for "app": pid=4242 host=runner7 start=99'`);
    const r = await status([node('primary', primary)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Database ${name} on primary`);
    expect(r.stderr).toContain('is the staging database of an interrupted atomic restore (pid 4242 on host runner7)');
    const line = r.stdout.split('\n').find((l) => l.includes(name) && l.includes('DROP DATABASE'))!;
    const command = line.slice(line.indexOf('psql '));
    expect(command).toBe(`psql -h 127.0.0.1 -p ${primary.port} -U postgres -d postgres -c 'DROP DATABASE "${name}"'`);
    // The command as given, in a shell, with the person's environment (their password, psql on PATH).
    const dropped = await run('bash', ['-c', command], { env: env(primary, { PATH: `${primary.bin.binDir}:${process.env.PATH}` }) });
    expect(dropped.code).toBe(0);
    expect(await primary.query(`SELECT count(*) FROM pg_database WHERE datname = '${name}'`)).toEqual([['0']]);
  });

  test('a stopped replica: down in the table, and the primary streams to fewer replicas than given', async () => {
    await replica2.stop();
    const r = await status([[node('primary', primary), node('replica1', replica1), node('replica2', replica2)].join(',')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/✗ Error: Status check failed: replica2 is down: Cannot connect to PostgreSQL/);
    expect(r.stderr).toContain('primary streams to 1 replica, 2 expected: a replica is stopped or disconnected');
    expect(r.stdout).toMatch(/\n {2}replica2 +down +- .*DOWN: Cannot connect/);
    expect(r.stdout).toContain('n2["replica2<br/>DOWN"]:::critical');

    // Only the primary given: --min-replicas says how many must stream.
    const alone = await status([node('primary', primary), '--min-replicas', '2']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('primary streams to 1 replica, 2 expected');
  });

  test('a replica whose primary is gone is disconnected', async () => {
    // replica2 is stopped; start it without a primary to follow by giving it a dead conninfo.
    const port = await freePort();
    writeFileSync(join(replica2.dataDir, 'postgresql.auto.conf'), `primary_conninfo = 'host=127.0.0.1 port=${port} user=postgres'\n`);
    await replica2.start();
    const r = await status([node('replica2', replica2)], env(replica2));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /✗ Error: Status check failed: replica2 is disconnected from its primary: (no WAL receiver runs|its WAL receiver is \w+)/,
    );
  }, 60000);

  test('split brain after a promotion: critical, naming the node with the newest WAL; the action fails with outputs and summary', async () => {
    await replica1.runAsOwner('pg_ctl', ['promote', '-D', replica1.dataDir, '-w', '-t', '60']);
    await waitFor('replica1 to leave recovery', async () => !(await replica1.isInRecovery()));
    // Writes on the promoted node only: it now has the newest WAL position.
    await replica1.query('CREATE TABLE diverged AS SELECT generate_series(1, 50000) AS n');
    const nodes = [node('primary', primary), node('replica1', replica1)].join(',');
    const r = await status([nodes]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /✗ Error: Status check failed: Split brain: 2 nodes accept writes: primary \(WAL [0-9A-F/]+, timeline 1\), replica1 \(WAL [0-9A-F/]+, timeline 2\)\. replica1 has the newest WAL position/,
    );
    expect(r.stderr).toContain('keep replica1');
    expect(r.stdout).toContain('SPLIT BRAIN: primary, replica1 (newest WAL: replica1)');

    const outputs = join(base, 'gh-output');
    const summary = join(base, 'gh-summary');
    writeFileSync(outputs, '');
    writeFileSync(summary, '');
    const e = cleanEnv({
      GITHUB_OUTPUT: outputs,
      GITHUB_STEP_SUMMARY: summary,
      INPUT_NODES: nodes,
      INPUT_USER: 'postgres',
      INPUT_PASSWORD: primary.password,
    });
    const a = await run(BUN, [ACTION_SRC], { env: e, cwd: base, allowFailure: true, timeoutMs: 120000 });
    expect(a.code).toBe(1);
    expect(a.stdout).toContain('::error::Status check failed: Split brain');
    expect(a.stdout).toContain(`::add-mask::${primary.password}`);
    const out = readGithubOutputs(outputs);
    expect(out['verdict']).toBe('failed');
    expect(out['split-brain']).toBe('true');
    expect(out['primary']).toBe('');
    const report = JSON.parse(out['report']!) as StatusReport;
    expect(report.splitBrain).toEqual({ primaries: ['primary', 'replica1'], newest: 'replica1' });
    expect(JSON.parse(out['problems']!)[0]).toMatchObject({ severity: 'critical', check: 'split-brain' });
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('<h3>PostgreSQL status: FAILED</h3>');
    expect(md).toContain('<td>primary</td><td>primary</td>');
    expect(md).toContain('<td>replica1</td><td>primary</td>');
    expect(md).toMatch(/\n```mermaid\nflowchart LR\n {2}n0\["primary<br\/>primary, timeline 1<br\/>[0-9A-F/]+"\]:::critical\n/);
    expect(md).not.toContain(primary.password);
  }, 90000);
});

describe('WAL archiving', () => {
  let archiving: Cluster;
  beforeAll(async () => {
    archiving = await createCluster({ settings: { archive_mode: 'on', archive_command: 'false' } });
  }, 60000);
  afterAll(async () => archiving?.destroy());

  test('a failing archive_command fails the check, with the last failed WAL and the command', async () => {
    await archiving.query('CREATE TABLE x AS SELECT 1 AS n');
    await archiving.query('SELECT pg_switch_wal()');
    await waitFor(
      'the archiver to fail',
      async () => Number((await archiving.query('SELECT failed_count FROM pg_stat_archiver'))[0]?.[0]) > 0,
    );
    const r = await status([node('db', archiving)], env(archiving));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /✗ Error: Status check failed: WAL archiving fails on db: [0-9A-F]{24} failed \d+ s ago, \d+ failures? counted; nothing archived/,
    );
    expect(r.stderr).toContain('the command is: false');
    expect(r.stdout).toMatch(/\n {2}db +on +0 +- +\d+ +[0-9A-F]{24} \(\d+ s ago\) +[1-9]\d*\n/);
  }, 60000);

  test('a role without pg_monitor still sees the failing archiver; the .ready count is unknown, not an error', async () => {
    await archiving.query("CREATE ROLE watcher LOGIN PASSWORD 'watch-only'");
    const r = await status([node('db', archiving), '--user', 'watcher'], cleanEnv({ PGPASSWORD: 'watch-only' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Status check failed: WAL archiving fails on db');
    expect(r.stdout).toMatch(/\n {2}db +on .* \? \(needs superuser or pg_monitor\)\n/);
    expect(r.stdout).not.toContain('DOWN');
  }, 60000);
});

describe('certificates', () => {
  const EC: KeySpec = { kind: 'ec', curve: 'P-256' };
  const planned: PlannedCertificate = {
    id: 'server',
    role: 'server',
    subject: { CN: 'localhost', O: 'PostgreSQL', C: 'US' },
    issuer: 'self',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    keyFile: 'server.key',
    certFile: 'server.crt',
    certCopies: [],
  };
  let tls: Cluster;
  let dir: string;

  async function writeCert(name: string, notAfter: Date): Promise<{ cert: string; key: string }> {
    const keys = await generateKeyPair(EC);
    const issued = await issueCertificate(planned, keys, EC, { notBefore: new Date(Date.now() - 30 * DAY), notAfter });
    const cert = join(dir, `${name}.crt`);
    const key = join(dir, `${name}.key`);
    writeFileSync(cert, issued.pem);
    writeFileSync(key, await privateKeyPem(keys.privateKey), { mode: 0o600 });
    return { cert, key };
  }

  beforeAll(async () => {
    dir = join(base, 'certs');
    mkdirSync(dir);
    // PostgreSQL serves an expired certificate without complaint: only a check notices.
    const expired = await writeCert('expired', new Date(Date.now() - DAY));
    tls = await createCluster({ tls: { certFile: expired.cert, keyFile: expired.key } });
  }, 60000);
  afterAll(async () => tls?.destroy());

  test('the certificate the server presents in the TLS handshake has expired', async () => {
    const r = await status([`db=postgresql://127.0.0.1:${tls.port}/postgres?sslmode=require`], env(tls));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/✗ Error: Status check failed: the certificate db presents \(127\.0\.0\.1:\d+\) expired on \d{4}-/);
    expect(r.stdout).toMatch(/\n {2}db +primary .* -\d+ days \(!\)/);
    // Reached through its data directory, the server is asked where it listens, and the handshake goes there.
    const local = await status([`local=data-dir:${tls.dataDir}`]);
    expect(local.code).toBe(1);
    expect(local.stderr).toMatch(/Status check failed: the certificate local presents \(127\.0\.0\.1:\d+\) expired on /);
  });

  test('a certificate file expiring in 10 days crosses the 30-day threshold; --cert-min-days 5 lets it pass', async () => {
    const soon = await writeCert('soon', new Date(Date.now() + 10 * DAY + 3600_000));
    const r = await status(
      ['--cert-file', soon.cert, '--server-cert', 'false', '--host', '127.0.0.1', '--port', String(tls.port)],
      env(tls),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Status check failed: ${soon.cert} expires in 10 days`);
    expect(r.stderr).toContain('under the 30-day threshold');
    const ok = await status(
      ['--cert-file', soon.cert, '--cert-min-days', '5', '--server-cert', 'false', '--host', '127.0.0.1', '--port', String(tls.port)],
      env(tls),
    );
    expect(ok.stderr).not.toContain('✗ Error');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Soonest certificate expiry +10 days/);
  });
});

describe('backups', () => {
  test('real aza-pg backups with a killed run and foreign files beside them: complete, leftovers said', async () => {
    const dir = join(base, 'real-backups');
    mkdirSync(dir);
    const b = await backup({ 'output-dir': dir }, ['postgres'], env(primary, { PGHOST: '127.0.0.1', PGPORT: String(primary.port) }), dir);
    writeFileSync(join(dir, '.backup_postgres_2026_01_01_000000.sql.gz.partial-0badc0de'), 'half a dump');
    writeFileSync(join(dir, 'README.txt'), 'not a backup');
    const r = await status([node('primary', primary), '--backup-dir', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Newest backup of postgres  ${b.result.path.split('/').pop()}, `);
    expect(r.stderr).toContain('.backup_postgres_2026_01_01_000000.sql.gz.partial-0badc0de (11 B) is left over from a killed run');
    expect(r.stderr).not.toContain('README');
  });

  test('a stale backup directory fails; a shrunken newest backup fails; a missing directory fails', async () => {
    const stale = join(base, 'stale');
    mkdirSync(stale);
    writeBackupFiles(stale, { database: 'app', startedAt: new Date(Date.now() - 54 * 3600_000) });
    writeBackupFiles(stale, { database: 'app', startedAt: new Date(Date.now() - 30 * 3600_000) });
    let r = await status([node('primary', primary), '--backup-dir', stale]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /✗ Error: Status check failed: The newest complete backup of app \(backup_app_\d{4}_\d\d_\d\d_\d{6}\.sql\.gz\) started 30\.0 h ago, over the 26\.0 h threshold/,
    );

    const shrunk = join(base, 'shrunk');
    mkdirSync(shrunk);
    for (const h of [74, 50, 26]) writeBackupFiles(shrunk, { startedAt: new Date(Date.now() - h * 3600_000), sizeBytes: 100_000 });
    writeBackupFiles(shrunk, { startedAt: new Date(Date.now() - 2 * 3600_000), sizeBytes: 10_000 });
    r = await status([node('primary', primary), '--backup-dir', shrunk]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is 9.77 KiB, 10% of the 97.7 KiB the 3 before it had');

    r = await status([node('primary', primary), '--backup-dir', join(base, 'nowhere')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Status check failed: Cannot check the backups: Backup directory does not exist: ${join(base, 'nowhere')}`);
  });
});

describe('bad input', () => {
  test('an unreachable node is down in the table, not a crash; the verdict fails', async () => {
    const port = await freePort();
    const r = await status([[node('primary', primary), `ghost=127.0.0.1:${port}`].join(',')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`✗ Error: Status check failed: ghost is down: Cannot connect to PostgreSQL at postgres@127\\.0\\.0\\.1:${port}/postgres`),
    );
    expect(r.stdout).toMatch(/\n {2}ghost +down /);
    expect(r.stdout).toContain('PostgreSQL status: FAILED');
  });

  test('thresholds that are not numbers: exit 2, the option named, nothing checked', async () => {
    const r = await status([node('primary', primary), '--max-lag-seconds', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('✗ Error: Invalid --max-lag-seconds "soon": expected a duration such as 30s, 5m or 1h');
    expect(r.stdout).not.toContain('Check 1 node');
    const ratio = await status([node('primary', primary), '--min-backup-ratio', 'tenth']);
    expect([ratio.code, ratio.stderr]).toEqual([2, expect.stringContaining('Invalid --min-backup-ratio "tenth"')]);
  });
});

describe('bad input in the action', () => {
  test('a threshold that is not a number fails the step before any check, with verdict failed for the steps after it', async () => {
    const outputs = join(base, 'gh-output-bad');
    writeFileSync(outputs, '');
    const e = cleanEnv({ GITHUB_OUTPUT: outputs, INPUT_NODES: node('primary', primary), 'INPUT_MAX-LAG-SECONDS': 'soon' });
    const a = await run(BUN, [ACTION_SRC], { env: e, cwd: base, allowFailure: true, timeoutMs: 120000 });
    expect(a.code).toBe(1);
    expect(a.stdout).toContain('::error::Invalid input "max-lag-seconds" "soon": expected a duration such as 30s, 5m or 1h');
    expect(a.stdout).not.toContain('Check 1 node');
    const out = readGithubOutputs(outputs);
    expect(out['verdict']).toBe('failed');
    expect(JSON.parse(out['problems']!)[0]).toMatchObject({ code: 'INVALID_INPUT', check: 'input' });
  });
});

describe('--watch', () => {
  test('checks again every N seconds on a terminal (a pseudo-terminal made by script)', async () => {
    const command = `${BUN} ${CLI_SRC} status ${node('primary', primary)} --watch 1`;
    // SIGINT after a few seconds, as Ctrl+C would: the command exits 130.
    const r = await run('timeout', ['-s', 'INT', '8', 'script', '-qfec', command, '/dev/null'], {
      env: env(),
      cwd: base,
      allowFailure: true,
      timeoutMs: 30000,
    });
    const rounds = r.stdout.match(/aza-pg status at \d{4}-\d\d-\d\dT[\d:.]+Z, again every 1 s \(Ctrl\+C stops\)/g) ?? [];
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    expect(r.stdout).toContain('\x1b[2J');
    expect(r.stdout.match(/PostgreSQL status: OK/g)!.length).toBeGreaterThanOrEqual(2);
  }, 30000);

  test('without a terminal --watch is refused', async () => {
    const r = await status([node('primary', primary), '--watch', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--watch needs a terminal');
  });
});
