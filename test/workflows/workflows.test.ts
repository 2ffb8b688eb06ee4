/**
 * The reusable workflows, executed: each caller template from workflows/ runs under act in host
 * mode (what a self-hosted runner does), calling .github/workflows/*.yml and the actions by their
 * remote names, resolved to an export of this tree with freshly built bundles. The databases are
 * real throw-away clusters; GitHub's artifact service is the project's FAKE results service (the
 * real one exists only inside GitHub), one per workflow run as on GitHub.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backup as backupOperation } from '../../src/core/backup/index.js';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { run } from '../../src/core/exec.js';
import { execute, settingsFrom } from '../../src/core/operation.js';
import { MemoryReporter } from '../../src/core/report.js';
import { actDescribe, callerRepository, exportRepository, readableLog, runAct, type ActRun } from '../harness/act.js';
import { dockerDescribe, startContainerPair, startReplicaContainer, type ContainerPair, type PgContainer } from '../harness/docker.js';
import { FakeResultsService } from '../harness/fake-results-service.js';
import { readZip } from '../harness/zip-reader.js';
import { ObjectStore } from '../../src/core/object-store/index.js';
import { putBackup } from '../harness/bucket-helpers.js';
import { S3Server, s3Describe } from '../harness/s3-server.js';

const describeAct = await actDescribe();
// The drill needs Docker as well: skipped locally without it, an error under CI (dockerDescribe).
const describeActDocker = describeAct === describe ? await dockerDescribe() : describeAct;
const describeS3 = describeAct === describe ? await s3Describe() : describeAct;

/** act names a job `<caller job>/<workflow>/<job name>`, matrix legs with `-<n>` after it (padded). */
const isJob = (actName: string, jobName: string): boolean => actName.trim().replace(/-\d+$/, '').endsWith(`/${jobName}`);

/** Step outputs of the one job called `jobName`. */
function stepOutputs(run: ActRun, jobName: string, step: string): Record<string, string> {
  const jobs = Object.keys(run.outputs).filter((j) => isJob(j, jobName));
  if (jobs.length !== 1) throw new Error(`expected one job named ${jobName}, got ${JSON.stringify(Object.keys(run.outputs))}`);
  return run.outputs[jobs[0]!]![step] ?? {};
}

function summaryOf(run: ActRun, jobName: string): string {
  return Object.entries(run.summaries)
    .filter(([j]) => isJob(j, jobName))
    .map(([, s]) => s)
    .join('');
}

function expectSucceeded(run: ActRun): void {
  if (run.code !== 0) throw new Error(`act exited ${run.code}:\n${readableLog(run).slice(-6000)}`);
  expect(Object.values(run.jobResults).length).toBeGreaterThan(0);
  expect(Object.values(run.jobResults).every((r) => r === 'success')).toBe(true);
}

/** One export with a fresh drill bundle for both drill runs (bundling takes a while). */
let drillExport: string | undefined;
const exportForDrill = (): string => (drillExport ??= exportRepository(['drill']));
afterAll(() => {
  if (drillExport) rmSync(drillExport, { recursive: true, force: true });
});

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describeAct('reusable workflows run from their caller templates under act (host mode)', () => {
  let exported: string;
  let cluster: Cluster;
  let backupDir: string;
  let vars: Record<string, string>;
  let secrets: Record<string, string>;
  const callers: string[] = [];
  const rows = { app: 1234, billing: 321 };
  /** The nightly run's backup of app, for the directory restore test. */
  let nightlyApp = '';

  /** A real backup of `database` into backupDir, started at `at` (UTC) by the clock it is lent. */
  async function backupAt(database: string, at: string): Promise<string> {
    const env = { PATH: process.env.PATH, PGPASSWORD: cluster.password };
    const raw = { database, 'output-dir': backupDir, host: cluster.host, port: String(cluster.port), user: cluster.superuser };
    const settings = settingsFrom(backupOperation, raw, env, backupDir);
    return (await execute(backupOperation, settings, { env, now: () => new Date(`${at}Z`) }, new MemoryReporter())).path;
  }

  beforeAll(async () => {
    exported = exportRepository(['backup', 'verify', 'prune', 'status']);
    cluster = await createCluster();
    for (const [db, n] of Object.entries(rows)) {
      await cluster.query(`CREATE DATABASE ${db}`);
      await cluster.query(`CREATE TABLE items AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, ${n}) g`, db);
      await cluster.query('ALTER TABLE items ADD PRIMARY KEY (id)', db);
    }
    backupDir = mkdtempSync(join(tmpdir(), 'aza-act-backups-'));
    vars = { AZA_PG_HOST: cluster.host, AZA_PG_PORT: String(cluster.port), AZA_PG_USER: cluster.superuser };
    secrets = { AZA_PG_PASSWORD: cluster.password };
  }, 900000);

  afterAll(async () => {
    await cluster?.destroy();
    for (const dir of [exported, backupDir, ...callers]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function caller(templates: Record<string, string | undefined>): string {
    const dir = callerRepository(templates);
    callers.push(dir);
    return dir;
  }

  test('nightly backup: a matrix job per database, each backup kept in the directory and uploaded as its artifact; then the directory is pruned', async () => {
    // Three older backups of one day: only the day's newest is ever kept by the daily, weekly or
    // monthly rule, whatever today's date, so retention must delete the other two.
    const day = new Date(Date.now() - 10 * 86400000).toISOString().slice(0, 10);
    const older = [await backupAt('app', `${day}T10:00:00`), await backupAt('app', `${day}T11:00:00`)];
    const newestThatDay = await backupAt('app', `${day}T12:00:00`);
    const fake = await FakeResultsService.start();
    try {
      const run = await runAct({
        caller: caller({ 'nightly-backup.yml': undefined }),
        workflow: 'nightly-backup.yml',
        event: 'schedule',
        exported,
        vars: { ...vars, AZA_PG_DATABASES: '["app", "billing"]', AZA_PG_BACKUP_DIR: backupDir },
        secrets,
        env: fake.env(),
      });
      expectSucceeded(run);
      expect(fake.finalized.map((a) => a.name).sort()).toEqual(['backup-app', 'backup-billing']);
      for (const [db, n] of Object.entries(rows)) {
        const out = stepOutputs(run, `Back up ${db}`, 'backup');
        expect(out.path).toMatch(new RegExp(`^${backupDir}/backup_${db}_\\d{4}_\\d{2}_\\d{2}_\\d{6}\\.sql\\.gz$`));
        expect(statSync(out.path!).mode & 0o777).toBe(0o600);
        expect(out.sha256).toBe(sha256(out.path!));
        expect(existsSync(out['manifest-path']!)).toBe(true);
        // The artifact holds the very file kept in the directory, and its manifest.
        const artifact = fake.finalized.find((a) => a.name === `backup-${db}`)!;
        expect(out['artifact-id']).toBe(String(artifact.id));
        const entries = readZip(artifact.content!);
        const file = entries.find((e) => e.name.endsWith('.sql.gz'))!;
        expect(createHash('sha256').update(file.data).digest('hex')).toBe(out.sha256);
        expect(entries.map((e) => e.name).sort()).toEqual([file.name, `${file.name}.manifest.json`]);
        const summary = summaryOf(run, `Back up ${db}`);
        expect(summary).toContain(`Backup of ${db}`);
        expect(summary).toContain(`${n} (exact)`);
      }
      nightlyApp = stepOutputs(run, 'Back up app', 'backup').path!;

      // Retention ran after the backups, deleted exactly the two superseded ones and kept the rest.
      const pruned = stepOutputs(run, `Prune ${backupDir}`, 'prune');
      expect(pruned['dry-run']).toBe('false');
      expect((JSON.parse(pruned.deleted!) as string[]).sort()).toEqual(older.map((f) => f.split('/').pop()).sort());
      for (const f of older) expect(existsSync(f)).toBe(false);
      for (const f of [newestThatDay, nightlyApp, stepOutputs(run, 'Back up billing', 'backup').path!]) expect(existsSync(f)).toBe(true);
      const kept = (JSON.parse(pruned.kept!) as Array<{ name: string }>).map((k) => k.name).sort();
      expect(kept).toEqual(
        readdirSync(backupDir)
          .filter((f) => f.endsWith('.sql.gz'))
          .sort(),
      );
      expect(summaryOf(run, `Prune ${backupDir}`)).toContain('Deleted');
      // Only act's echo of the mask request itself carries it (a runner never prints that).
      const shown = run.entries.filter((e) => e.command !== 'add-mask');
      expect(shown.length).toBeGreaterThan(10);
      expect(JSON.stringify(shown)).not.toContain(cluster.password);
    } finally {
      await fake.close();
    }
  });

  test('hourly health: a healthy primary with a fresh backup passes; a staged split brain fails the run with the reason', async () => {
    const dir = caller({ 'hourly-health.yml': undefined });
    const fake = await FakeResultsService.start();
    // A second primary with the same credentials: the split brain the spec calls critical.
    const second = await createCluster({ password: cluster.password });
    try {
      const healthy = await runAct({
        caller: dir,
        workflow: 'hourly-health.yml',
        event: 'schedule',
        exported,
        vars: { AZA_PG_NODES: `main=${cluster.host}:${cluster.port}`, AZA_PG_USER: cluster.superuser, AZA_PG_BACKUP_DIR: backupDir },
        secrets,
        env: fake.env(),
      });
      expectSucceeded(healthy);
      const ok = stepOutputs(healthy, 'Health', 'status');
      expect(ok.verdict).not.toBe('failed');
      expect(ok['split-brain']).toBe('false');
      expect(ok.primary).toBe('main');
      expect(Number(ok['backup-age-seconds'])).toBeLessThan(3600);
      expect(summaryOf(healthy, 'Health')).toContain('mermaid');

      const split = await runAct({
        caller: dir,
        workflow: 'hourly-health.yml',
        event: 'schedule',
        exported,
        vars: {
          AZA_PG_NODES: `east=${cluster.host}:${cluster.port},west=${second.host}:${second.port}`,
          AZA_PG_USER: cluster.superuser,
          AZA_PG_BACKUP_DIR: backupDir,
        },
        secrets,
        env: fake.env(),
      });
      expect(split.code).not.toBe(0);
      expect(Object.values(split.jobResults)).toContain('failure');
      const out = stepOutputs(split, 'Health', 'status');
      expect(out.verdict).toBe('failed');
      expect(out['split-brain']).toBe('true');
      expect(out.primary ?? '').toBe('');
      const problems = JSON.parse(out.problems!) as Array<{ check: string; severity: string }>;
      expect(problems.filter((p) => p.check === 'split-brain').map((p) => p.severity)).toEqual(['critical']);
      const summary = summaryOf(split, 'Health');
      expect(summary).toMatch(/SPLIT BRAIN: east, west/);
      expect(summary).toContain('mermaid');
    } finally {
      await second.destroy();
      await fake.close();
    }
  });

  test('monthly restore test: the artifact the backup workflow uploads is the one the restore-test workflow downloads and verifies', async () => {
    const fake = await FakeResultsService.start();
    // Signed on the backup side, checked on the restore side (act takes one-line secrets: an HMAC key).
    const signingKey = randomBytes(32).toString('base64');
    try {
      const run = await runAct({
        caller: caller({ 'monthly-restore-test.yml': undefined }),
        workflow: 'monthly-restore-test.yml',
        event: 'schedule',
        exported,
        vars: { ...vars, AZA_PG_DATABASES: '["app"]', AZA_PG_SMOKE_SQL: 'SELECT count(*) = 1234 FROM items' },
        secrets: { ...secrets, AZA_PG_SIGNING_KEY: signingKey, AZA_PG_VERIFY_KEY: signingKey },
        env: fake.env(),
      });
      expectSucceeded(run);
      expect(readableLog(run)).not.toContain(signingKey);
      const uploaded = fake.finalized.filter((a) => a.name === 'restore-test-app');
      expect(uploaded).toHaveLength(1);
      const backedUp = stepOutputs(run, 'Back up app', 'backup');
      expect(backedUp['artifact-id']).toBe(String(uploaded[0]!.id));
      // The restore job fetched exactly that artifact's blob.
      expect(fake.calls.filter((c) => c.kind === 'GetSignedArtifactURL' && c.status === 200)).toHaveLength(1);
      expect(fake.calls.filter((c) => c.kind === 'blob:GET' && c.status === 200).map((c) => c.path)).toEqual([
        `/blob/${uploaded[0]!.blobPath}`,
      ]);
      expect(stepOutputs(run, 'Restore test', 'pick').backup).toBe('restore-test-app');
      const verified = stepOutputs(run, 'Restore test', 'verify');
      expect(verified.passed).toBe('true');
      expect(verified.rows).toBe('1234');
      expect(verified.tables).toBe('1');
      expect(verified['smoke-passed']).toBe('1');
      expect(Number(verified['indexes-checked'])).toBeGreaterThanOrEqual(1);
      const summary = summaryOf(run, 'Restore test');
      expect(summary).toMatch(/Restore test of backup_app_\d{4}_\d{2}_\d{2}_\d{6}\.sql\.gz: passed/);
      expect(summary).toMatch(/manifest signed by hmac-sha256:[0-9a-f]{16}/);
      expect(summary).not.toContain('FAILED');
    } finally {
      await fake.close();
    }
  });

  test('restore test from a directory: the newest complete backup is tested; a corrupt one fails loudly with the reason', async () => {
    // The variant README shows: the newest backup the nightly run kept on the runner.
    const fromDirectory = [
      'name: Restore test from the backup directory',
      'on: workflow_dispatch',
      'permissions: {}',
      'jobs:',
      '  restore-test:',
      '    uses: aza-pg/actions/.github/workflows/restore-test.yml@v0',
      '    with:',
      '      backup-dir: ${{ vars.AZA_PG_BACKUP_DIR }}',
      '      database: app',
      // A later job of the caller reads the reusable workflow's outputs, as a notifier would.
      '  report:',
      '    needs: restore-test',
      '    if: always()',
      '    runs-on: self-hosted',
      '    steps:',
      '      - id: seen',
      '        env:',
      '          OUTPUTS: ${{ toJSON(needs.restore-test.outputs) }}',
      '        run: echo "outputs=$(echo "$OUTPUTS" | tr -d \'\\n\')" >> "$GITHUB_OUTPUT"',
      '',
    ].join('\n');
    /** The restore-test workflow's outputs, as the caller's report job saw them. */
    const workflowOutputs = (run: ActRun): Record<string, string> =>
      JSON.parse(stepOutputs(run, 'report', 'seen').outputs!) as Record<string, string>;
    const dir = caller({ 'restore-from-directory.yml': fromDirectory });
    expect(nightlyApp).not.toBe('');
    // A half-written run beside it (no manifest yet) is never picked, although its name is newer.
    writeFileSync(join(backupDir, 'backup_app_2099_01_01_000000.sql.gz'), 'partial', { mode: 0o600 });

    const good = await runAct({
      caller: dir,
      workflow: 'restore-from-directory.yml',
      event: 'workflow_dispatch',
      exported,
      vars: { AZA_PG_BACKUP_DIR: backupDir },
    });
    expectSucceeded(good);
    expect(stepOutputs(good, 'Restore test', 'pick').backup).toBe(nightlyApp);
    expect(stepOutputs(good, 'Restore test', 'verify').rows).toBe('1234');
    expect(workflowOutputs(good)).toEqual({ passed: 'true', reason: '', backup: nightlyApp, tables: '1', rows: '1234' });

    // Now the newest complete backup is damaged after it was written: same manifest, one byte off.
    const damaged = 'backup_app_2098_12_31_235959.sql.gz';
    const data = readFileSync(nightlyApp);
    data[Math.floor(data.length / 2)]! ^= 0xff;
    writeFileSync(join(backupDir, damaged), data, { mode: 0o600 });
    copyFileSync(`${nightlyApp}.manifest.json`, join(backupDir, `${damaged}.manifest.json`));

    const bad = await runAct({
      caller: dir,
      workflow: 'restore-from-directory.yml',
      event: 'workflow_dispatch',
      exported,
      vars: { AZA_PG_BACKUP_DIR: backupDir },
    });
    expect(bad.code).not.toBe(0);
    expect(Object.values(bad.jobResults)).toContain('failure');
    expect(stepOutputs(bad, 'Restore test', 'pick').backup).toBe(join(backupDir, damaged));
    const verify = stepOutputs(bad, 'Restore test', 'verify');
    expect(verify.passed).toBe('false');
    expect(verify.reason).not.toBe('');
    const summary = summaryOf(bad, 'Restore test');
    expect(summary).toContain('Restore test FAILED');
    expect(summary).toContain(join(backupDir, damaged));
    expect(summary).toContain(verify.reason!.split('\n')[0]!);
    // (act runs no job after a failed one, even with if: always(): the caller's report job is not
    // there to read the workflow's outputs of a failed run.)

    // Bad input: neither source given fails at once with the reason, before any restore.
    const none = await runAct({
      caller: dir,
      workflow: 'restore-from-directory.yml',
      event: 'workflow_dispatch',
      exported,
      vars: { AZA_PG_BACKUP_DIR: '' },
    });
    expect(none.code).not.toBe(0);
    expect(stepOutputs(none, 'Restore test', 'pick').reason).toBe(
      'None of artifact, backup-dir and bucket-url was given: name the backup to test.',
    );
    expect(stepOutputs(none, 'Restore test', 'verify')).toEqual({});
  });

  describeS3('with a bucket (versitygw on 127.0.0.1)', () => {
    let server: S3Server;
    let store: ObjectStore;
    beforeAll(async () => {
      server = await S3Server.start();
      await server.createBucket('aza-act');
      store = new ObjectStore(server.config(), 'aza-act');
    });
    afterAll(async () => {
      store?.close();
      await server?.close();
    });

    test('backup.yml streams each database into the bucket and prunes its prefix; restore-test.yml tests the newest complete backup there', async () => {
      const bucketUrl = 's3://aza-act/nightly/';
      // Two older backups of one day under app/ (only the later one is kept by any rule), and an
      // object without manifest (a killed upload): listed by prune, never picked by the test.
      const day = new Date(Date.now() - 10 * 86400000).toISOString().slice(0, 10);
      const older = [await backupAt('app', `${day}T10:00:00`), await backupAt('app', `${day}T11:00:00`)];
      for (const f of older) await putBackup(store, 'nightly/app/', f);
      await store.putObject('nightly/app/backup_app_2099_01_01_000000.sql.gz', 'partial', { overwrite: false });
      const workflow = [
        'name: Nightly backup to a bucket, then the restore test from it',
        'on: workflow_dispatch',
        'permissions: {}',
        'jobs:',
        '  backup:',
        '    uses: aza-pg/actions/.github/workflows/backup.yml@v0',
        '    with:',
        `      databases: '["app"]'`,
        '      host: ${{ vars.AZA_PG_HOST }}',
        '      port: ${{ vars.AZA_PG_PORT }}',
        '      user: ${{ vars.AZA_PG_USER }}',
        '      upload-artifact: false',
        '      bucket-url: ${{ vars.AZA_PG_BUCKET_URL }}',
        '      s3-mode: stream',
        '      s3-endpoint: ${{ vars.AZA_PG_S3_ENDPOINT }}',
        '    secrets:',
        '      password: ${{ secrets.AZA_PG_PASSWORD }}',
        '      s3-access-key-id: ${{ secrets.AZA_PG_S3_ACCESS_KEY_ID }}',
        '      s3-secret-access-key: ${{ secrets.AZA_PG_S3_SECRET_ACCESS_KEY }}',
        '  restore-test:',
        '    needs: backup',
        '    uses: aza-pg/actions/.github/workflows/restore-test.yml@v0',
        '    with:',
        '      bucket-url: ${{ vars.AZA_PG_BUCKET_URL }}',
        '      database: app',
        '      s3-endpoint: ${{ vars.AZA_PG_S3_ENDPOINT }}',
        '    secrets:',
        '      s3-access-key-id: ${{ secrets.AZA_PG_S3_ACCESS_KEY_ID }}',
        '      s3-secret-access-key: ${{ secrets.AZA_PG_S3_SECRET_ACCESS_KEY }}',
        '',
      ].join('\n');
      const run = await runAct({
        caller: caller({ 'bucket-backup.yml': workflow }),
        workflow: 'bucket-backup.yml',
        event: 'workflow_dispatch',
        exported,
        vars: { ...vars, AZA_PG_BUCKET_URL: bucketUrl, AZA_PG_S3_ENDPOINT: server.endpoint },
        secrets: { ...secrets, AZA_PG_S3_ACCESS_KEY_ID: server.accessKeyId, AZA_PG_S3_SECRET_ACCESS_KEY: server.secretAccessKey },
      });
      expectSucceeded(run);
      const out = stepOutputs(run, 'Back up app', 'backup');
      expect(out['object-url']).toMatch(/^s3:\/\/aza-act\/nightly\/app\/backup_app_\d{4}_\d{2}_\d{2}_\d{6}\.sql\.gz$/);
      const key = out['object-url']!.slice('s3://aza-act/'.length);
      expect((await store.head(`${key}.manifest.json`))?.sizeBytes).toBeGreaterThan(0);
      // Retention on the prefix: the superseded older backup went, manifest and data; the rest stayed.
      const left = (await store.list('nightly/app/')).map((o) => o.key.slice('nightly/app/'.length)).sort();
      const [gone, kept] = older.map((f) => f.split('/').pop()!);
      expect(left).not.toContain(gone);
      expect(left).not.toContain(`${gone}.manifest.json`);
      expect(left).toEqual(
        [
          kept!,
          `${kept}.manifest.json`,
          key.split('/').pop()!,
          `${key.split('/').pop()}.manifest.json`,
          'backup_app_2099_01_01_000000.sql.gz',
        ].sort(),
      );
      // The restore test streamed the newest complete backup (not the newer-named one without manifest).
      expect(stepOutputs(run, 'Restore test', 'pick').backup).toBe(`${bucketUrl}app/latest`);
      const verified = stepOutputs(run, 'Restore test', 'verify');
      expect(verified.passed).toBe('true');
      expect(verified.rows).toBe('1234');
      const shown = JSON.stringify(run.entries.filter((e) => e.command !== 'add-mask'));
      expect(shown).not.toContain(server.secretAccessKey);
      expect(shown).not.toContain(cluster.password);
    });
  });
});

describeActDocker('failover-drill.yml under act (host mode), on a real container trio', () => {
  let exported: string;
  let dir: string;
  let pair: ContainerPair;
  let third: PgContainer;
  beforeAll(async () => {
    exported = exportForDrill();
    dir = callerRepository({ 'manual-failover-drill.yml': undefined });
    // Data on volumes and wal_log_hints on the primary: what the drill's rejoin (pg_rewind) needs.
    pair = await startContainerPair({ dataVolume: true });
    const password = (await run('docker', ['exec', pair.primary.name, 'printenv', 'POSTGRES_PASSWORD'])).stdout.trim();
    third = await startReplicaContainer(pair.primary, password, { dataVolume: true });
    await pair.primary.query('ALTER SYSTEM SET wal_log_hints = on');
    await run('docker', ['restart', pair.primary.name]);
    await pair.primary.waitReady();
    // The replicas reconnect on their own after the restart; the drill refuses until they stream.
    for (const node of [pair.replica, third]) {
      let state: string[] | undefined;
      for (let i = 0; i < 240 && !(state?.[0] === 'streaming'); i++) {
        [state] = await node.query('SELECT status FROM pg_stat_wal_receiver', { allowFailure: true });
        if (state?.[0] !== 'streaming') await new Promise((res) => setTimeout(res, 250));
      }
      expect(state?.[0]).toBe('streaming');
    }
  }, 900000);
  afterAll(async () => {
    await third?.remove();
    await pair?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const drillVars = (): Record<string, string> => ({
    AZA_PG_DRILL_PRIMARY: pair.primary.name,
    AZA_PG_DRILL_CANDIDATE: pair.replica.name,
    AZA_PG_DRILL_REPLICAS: third.name,
  });

  /** The running nodes that accept writes. */
  async function writable(): Promise<string[]> {
    const out: string[] = [];
    for (const n of [pair.primary, pair.replica, third]) {
      const up = await run('docker', ['inspect', '-f', '{{.State.Running}}', n.name], { allowFailure: true });
      if (up.stdout.trim() !== 'true') continue;
      if ((await n.query('SELECT pg_is_in_recovery()::text'))[0]?.[0] === 'false') out.push(n.name);
    }
    return out;
  }

  test('a confirmation that does not match the environment stops the drill before its job starts, with the reason', async () => {
    const drillRun = await runAct({
      caller: dir,
      workflow: 'manual-failover-drill.yml',
      event: 'workflow_dispatch',
      exported,
      vars: drillVars(),
      inputs: { environment: 'staging', confirm: 'stagign' },
    });
    expect(drillRun.code).not.toBe(0);
    // The summary, not the ::error line: act in host mode sometimes loses the log of a step that
    // exits within milliseconds, while the summary file is read after the step.
    expect(summaryOf(drillRun, 'Confirm')).toContain(
      'The confirmation does not match the environment "staging": type its name exactly to run the drill. Nothing was done.',
    );
    const jobs = new Set(drillRun.entries.map((e) => (e.job ?? '').trim()).filter((j) => j.includes('/')));
    expect([...jobs].some((j) => j.endsWith('/Confirm'))).toBe(true);
    // The drill job (the one that would fence and promote) never ran a step.
    expect([...jobs].some((j) => j.includes('/Drill'))).toBe(false);
    expect(await writable()).toEqual([pair.primary.name]);
  });

  test('the confirmed drill fails the trio over: RTO and RPO in its outputs and summary, the third node re-pointed, the old primary rejoined, one primary', async () => {
    const drillRun = await runAct({
      caller: dir,
      workflow: 'manual-failover-drill.yml',
      event: 'workflow_dispatch',
      exported,
      vars: drillVars(),
      inputs: { environment: 'staging', confirm: 'staging', rejoin: 'true' },
    });
    expectSucceeded(drillRun);
    const out = stepOutputs(drillRun, 'Drill staging', 'drill');
    expect(out.passed).toBe('true');
    expect(out['rpo-bytes']).toBe('0');
    expect(out['rpo-rows']).toBe('0');
    expect(Number(out['rto-seconds'])).toBeGreaterThan(0);
    expect(out['new-primary']).toBe(pair.replica.name);
    expect(JSON.parse(out.topology!)).toEqual({
      primary: pair.replica.name,
      replicas: [
        { name: third.name, streaming: true },
        { name: pair.primary.name, streaming: true },
      ],
      fenced: [],
    });
    expect((JSON.parse(out.timeline!) as Array<{ step: string }>).map((t) => t.step)).toContain(
      `Re-point ${third.name} to ${pair.replica.name}`,
    );
    const summary = summaryOf(drillRun, 'Drill staging');
    expect(summary).toContain(`Failover drill: ${pair.primary.name} → ${pair.replica.name}`);
    expect(summary).toContain('0 (the canary row survived)');
    expect(summary).toContain('```mermaid');
    expect(await writable()).toEqual([pair.replica.name]);
  });
});

describeAct('failover-drill.yml under act (host mode), on local data directories', () => {
  let dir: string;
  let a: Cluster;
  let b: Cluster;
  let c: Cluster;
  beforeAll(async () => {
    dir = callerRepository({ 'manual-failover-drill.yml': undefined });
    a = await createCluster({ settings: { wal_log_hints: 'on' } });
    b = await a.createReplica();
    c = await a.createReplica();
  }, 900000);
  afterAll(async () => {
    for (const n of [c, b, a]) await n?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the environment names data directories: the trio fails over with RTO and RPO in outputs and summary, the old primary rejoined', async () => {
    const drillRun = await runAct({
      caller: dir,
      workflow: 'manual-failover-drill.yml',
      event: 'workflow_dispatch',
      exported: exportForDrill(),
      vars: {
        AZA_PG_DRILL_TARGET: 'data-dir',
        AZA_PG_DRILL_PRIMARY: a.dataDir,
        AZA_PG_DRILL_CANDIDATE: b.dataDir,
        AZA_PG_DRILL_REPLICAS: c.dataDir,
      },
      inputs: { environment: 'staging', confirm: 'staging', rejoin: 'true' },
    });
    expectSucceeded(drillRun);
    const out = stepOutputs(drillRun, 'Drill staging', 'drill');
    expect(out.passed).toBe('true');
    expect([out['rpo-bytes'], out['rpo-rows']]).toEqual(['0', '0']);
    expect(Number(out['rto-seconds'])).toBeGreaterThan(0);
    expect(out['new-primary']).toBe(b.dataDir);
    expect(JSON.parse(out.topology!)).toEqual({
      primary: b.dataDir,
      replicas: [
        { name: c.dataDir, streaming: true },
        { name: a.dataDir, streaming: true },
      ],
      fenced: [],
    });
    expect((JSON.parse(out.timeline!) as Array<{ step: string }>).map((t) => t.step)).toContain(`Fence ${a.dataDir}`);
    const summary = summaryOf(drillRun, 'Drill staging');
    expect(summary).toContain(`Failover drill: ${a.dataDir} → ${b.dataDir}`);
    expect(summary).toContain('0 (the canary row survived)');
    expect(summary).toContain('```mermaid');
    // One primary, the new one.
    const primaries: number[] = [];
    for (const n of [a, b, c]) if ((await n.query('SELECT pg_is_in_recovery()::text'))[0]?.[0] === 'false') primaries.push(n.port);
    expect(primaries).toEqual([b.port]);
  });
});
