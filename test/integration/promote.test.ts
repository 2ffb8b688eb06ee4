/**
 * Real promotions, no mocks: Docker containers built by scripts/ci/docker-setup.sh for the
 * container target, throw-away clusters (src/core/cluster.ts) for the data-dir and connection
 * targets. Each promotion is checked by a write on the new primary and the timeline advancing;
 * each refusal by the replica still being in recovery afterwards.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { currentOwner, ownerTag } from '../../src/core/owner.js';
import { createCluster, type Cluster } from '../../src/core/cluster.js';
import { AzaError } from '../../src/core/errors.js';
import { run, type RunResult } from '../../src/core/exec.js';
import type { RawInputs } from '../../src/core/inputs.js';
import { perform, settingsFrom } from '../../src/core/operation.js';
import { promote as promoteOp, type PromoteResult } from '../../src/core/promote/index.js';
import { MemoryReporter } from '../../src/core/report.js';
import { dockerDescribe, startContainerPair, type ContainerPair, type PgContainer } from '../harness/docker.js';
import { azaRejectionOf } from '../harness/expect-errors.js';

const describeDocker = await dockerDescribe();
const BUN = join(process.cwd(), 'node_modules', '.bin', 'bun');
const SHIM = 'scripts/tools/promote-replica.ts';

/**
 * The operation through the faces' flow (gather, plan, describe, question, run), in process.
 * `answer` is what a person types at the question; without it no one can be asked.
 */
async function promote(raw: RawInputs, env: NodeJS.ProcessEnv = process.env, answer?: string) {
  const reporter = new MemoryReporter();
  const settings = settingsFrom(promoteOp, raw, env, process.cwd());
  const outcome = await perform(promoteOp, settings, { env }, reporter, answer === undefined ? undefined : async () => answer);
  if (outcome.dryRun) throw new Error('a dry run has no result');
  reporter.table(promoteOp.summary(outcome.result)!);
  return { result: outcome.result, reporter };
}

async function refusal(raw: RawInputs, env: NodeJS.ProcessEnv = process.env, answer?: string): Promise<AzaError> {
  return azaRejectionOf(promote(raw, env, answer));
}

/** The spec's command line, through bun and the shim, as a child process. */
function shim(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return run(BUN, [SHIM, ...args], { env, allowFailure: true, timeoutMs: 180000 });
}

async function containerTimeline(c: PgContainer): Promise<number> {
  const [[walfile]] = (await c.query('SELECT pg_walfile_name(pg_current_wal_lsn())')) as [[string]];
  return Number.parseInt(walfile.slice(0, 8), 16);
}

async function expectContainerWritable(c: PgContainer): Promise<void> {
  await c.query('CREATE TABLE after_promotion (n int); INSERT INTO after_promotion VALUES (1), (2)');
  expect(await c.query('SELECT count(*) FROM after_promotion')).toEqual([['2']]);
}

// -----------------------------------------------------------------------------------------------

describeDocker('promote: container target', () => {
  const pairs: ContainerPair[] = [];
  const pair = async () => {
    const p = await startContainerPair();
    pairs.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pairs.map((p) => p.remove()));
  });

  test('the spec usage line promotes a replica container (bun shim, -c NAME -y): backup, write, new timeline; a second run is a clean refusal', async () => {
    const { primary, replica } = await pair();
    await primary.query('CREATE TABLE before_promotion AS SELECT generate_series(1, 100) AS n');
    await primary.stop(); // the spec's scenario: the old primary is down
    expect(await replica.isInRecovery()).toBe(true);
    const before = Number((await replica.query('SELECT timeline_id FROM pg_control_checkpoint()'))[0]![0]);

    const r = await shim(['-c', replica.name, '-y']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is now a primary/);
    expect(r.stdout).toMatch(/pg_is_in_recovery/); // post-promotion instructions

    expect(await replica.isInRecovery()).toBe(false);
    await expectContainerWritable(replica);
    expect(await replica.query('SELECT count(*) FROM before_promotion')).toEqual([['100']]);
    expect(await containerTimeline(replica)).toBeGreaterThan(before);
    const backups = await replica.exec(['ls', '/backup']);
    expect(backups.stdout).toMatch(/^pre-promotion-backup-\d{8}_\d{6}$/m);
    expect((await replica.exec(['test', '-e', '/var/lib/postgresql/data/standby.signal'])).code).not.toBe(0);

    const again = await shim(['-c', replica.name, '-y', '-n']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Container is not in recovery mode/);
    expect(again.stderr).toMatch(/pg_is_in_recovery/);
  });

  test('split-brain guard: a live old primary container refuses the promotion (and --force overrides it)', async () => {
    const { primary, replica } = await pair();
    const e = await refusal({ container: replica.name, yes: 'true', 'no-backup': 'true', 'old-primary-container': primary.name });
    expect(e.code).toBe('SPLIT_BRAIN');
    expect(e.message).toMatch(/still running and accepts writes/);
    expect(e.hint).toMatch(new RegExp(`docker stop ${primary.name}`));
    expect(await replica.isInRecovery()).toBe(true);
    expect(await primary.isInRecovery()).toBe(false);

    // With --force and no lag, the operator takes responsibility for fencing.
    const { result, reporter } = await promote({
      container: replica.name,
      yes: 'true',
      'no-backup': 'true',
      'old-primary-container': primary.name,
      force: 'true',
    });
    expect(result.promoted).toBe(true);
    expect(reporter.warnings.join('\n')).toMatch(/still accepts writes \(force\)/);
    await expectContainerWritable(replica);
  });

  test('a stopped old primary container passes the guard; restart: true adds the spec restart and still verifies', async () => {
    const { primary, replica } = await pair();
    await primary.stop();
    const { result, reporter } = await promote({
      container: replica.name,
      yes: 'true',
      'no-backup': 'true',
      'old-primary-container': primary.name,
      restart: 'true',
    });
    expect(result.promoted).toBe(true);
    expect(result.plan.checks.find((c) => c.name === 'old primary stopped')).toMatchObject({
      outcome: 'ok',
      detail: expect.stringMatching(/exited/),
    });
    expect(reporter.steps.map((s) => s.name)).toContain('Restart as primary');
    expect(result.timeline).toBeGreaterThan(result.previousTimeline!);
    expect(await replica.isInRecovery()).toBe(false);
    await expectContainerWritable(replica);
  });

  test('refuses a replica whose replay is paused', async () => {
    const { replica } = await pair();
    await replica.query('SELECT pg_wal_replay_pause()');
    const e = await refusal({ container: replica.name, yes: 'true', 'no-backup': 'true' });
    expect(e.code).toBe('REPLAY_PAUSED');
    expect(e.hint).toMatch(/pg_wal_replay_resume/);
    expect(await replica.isInRecovery()).toBe(true);
  });

  test('refuses a target that is already a primary, with the spec message', async () => {
    const { primary } = await pair();
    const e = await refusal({ container: primary.name, yes: 'true', 'no-backup': 'true' });
    expect(e.code).toBe('NOT_IN_RECOVERY');
    expect(e.message).toMatch(/^Container is not in recovery mode/);
  });

  test("refuses an explicit data directory that is not the server's", async () => {
    const { replica } = await pair();
    const e = await refusal({ container: replica.name, 'data-dir': '/var/lib/postgresql/15/main', yes: 'true', 'no-backup': 'true' });
    expect(e.code).toBe('WRONG_DATA_DIR');
    expect(e.hint).toMatch(/-d \/var\/lib\/postgresql\/data/);
    expect(await replica.isInRecovery()).toBe(true);
  });

  test('a backup directory the container cannot write to warns, and promotion continues', async () => {
    const { primary, replica } = await pair();
    await primary.stop();
    await replica.exec(['chmod', '0555', '/backup'], 'root');
    const { result, reporter } = await promote({ container: replica.name, yes: 'true' });
    expect(result.promoted).toBe(true);
    expect(result.backupPath).toBeUndefined();
    expect(reporter.warnings.join('\n')).toMatch(/^Backup failed: .*Permission denied.*df -h \/backup.*ls -la \/backup.*-n/m);
    await expectContainerWritable(replica);
  });

  test('confirmation: "no" at the prompt, and no terminal without -y, both leave the replica alone', async () => {
    const { replica } = await pair();
    const e = await refusal({ container: replica.name, 'no-backup': 'true' }, process.env, 'no');
    expect(e.code).toBe('ABORTED');
    // Through the shim with stdin not a terminal and no -y: refused before anything changes.
    const r = await shim(['-c', replica.name]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs confirmation and there is no terminal/);
    expect(r.stderr).toMatch(/DANGEROUS ONE-WAY OPERATION/);
    expect(await replica.isInRecovery()).toBe(true);
    expect((await replica.exec(['ls', '/backup'])).stdout.trim()).toBe('');
  });

  test('a stopped container is named as such', async () => {
    const { primary } = await pair();
    await primary.stop();
    const r = await shim(['-c', primary.name, '-y']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exists but is not running \(status: exited\)/);
    expect(r.stderr).toMatch(/docker start/);
  });

  test('a missing container, and a name full of shell metacharacters, are one argv element each', async () => {
    const marker = join(tmpdir(), `aza-pg-pwned-${process.pid}`);
    const name = `x"; touch ${marker}; echo '$(touch ${marker})' \`touch ${marker}\``;
    const r = await shim(['-c', name, '-y']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Container not found: /);
    expect(existsSync(marker)).toBe(false);
    const e = await refusal({ container: 'aza-pg-no-such-container', yes: 'true' });
    expect(e.code).toBe('CONTAINER_NOT_FOUND');
  });

  test('Docker not installed, and a daemon that does not answer, are told apart', async () => {
    const noDocker = await refusal({ container: 'x', yes: 'true' }, { PATH: '/nonexistent' });
    expect(noDocker.code).toBe('DOCKER_NOT_FOUND');
    const deadSocket = await refusal(
      { container: 'x', yes: 'true' },
      { ...process.env, DOCKER_HOST: `unix://${join(tmpdir(), 'aza-pg-no-daemon.sock')}` },
    );
    expect(deadSocket.code).toBe('DOCKER_UNAVAILABLE');
    expect(deadSocket.hint).toMatch(/DOCKER_HOST/);
  });

  test('the action: refuses without confirm: yes, then promotes and sets its outputs and job summary', async () => {
    const { primary, replica } = await pair();
    await primary.stop();
    const dir = mkdtempSync(join(tmpdir(), 'aza-pg-action-'));
    try {
      const outputFile = join(dir, 'output');
      const summaryFile = join(dir, 'summary');
      writeFileSync(outputFile, '');
      writeFileSync(summaryFile, '');
      const actionEnv = (inputs: Record<string, string>) => ({
        ...process.env,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      });
      const refused = await run(BUN, ['src/actions/promote.ts'], {
        env: actionEnv({ container: replica.name, backup: 'false' }),
        allowFailure: true,
        timeoutMs: 120000,
      });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/::error::.*needs confirmation.*input confirm: yes/);
      expect(await replica.isInRecovery()).toBe(true);

      const done = await run(BUN, ['src/actions/promote.ts'], {
        env: actionEnv({ container: replica.name, confirm: 'yes', 'old-primary-container': primary.name }),
        allowFailure: true,
        timeoutMs: 120000,
      });
      expect(done.stdout).not.toMatch(/::error::/);
      expect(done.code).toBe(0);
      const outputs = readFileSync(outputFile, 'utf8');
      expect(outputs).toMatch(/^promoted<<.*\ntrue\n/m);
      expect(outputs).toMatch(/^timeline<<.*\n2\n/m);
      expect(outputs).toMatch(/^lsn<<.*\n[0-9A-F]+\/[0-9A-F]+\n/m);
      expect(outputs).toMatch(/^duration-ms<<.*\n\d+\n/m);
      expect(outputs).toMatch(/^backup-path<<.*\n\/backup\/pre-promotion-backup-\d{8}_\d{6}\n/m);
      const summary = readFileSync(summaryFile, 'utf8');
      expect(summary).toMatch(/Promoted container/);
      expect(summary).toMatch(/pg_replication_slots/);
      expect(summary).toMatch(/Split-brain/);
      await expectContainerWritable(replica);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('POSTGRES_CONTAINER_NAME is the default container, as the spec says', async () => {
    const { replica } = await pair();
    const r = await shim(['--dry-run'], { ...process.env, POSTGRES_CONTAINER_NAME: replica.name });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Promotion plan for container ${replica.name}`));
    expect(r.stdout).toMatch(/Dry run: nothing was changed/);
    expect(await replica.isInRecovery()).toBe(true);
  });
});

// -----------------------------------------------------------------------------------------------

async function clusterTimeline(c: Cluster): Promise<number> {
  const [[walfile]] = (await c.query('SELECT pg_walfile_name(pg_current_wal_lsn())')) as [[string]];
  return Number.parseInt(walfile.slice(0, 8), 16);
}

async function expectClusterWritable(c: Cluster): Promise<void> {
  await c.query('CREATE TABLE after_promotion (n int); INSERT INTO after_promotion VALUES (1), (2)');
  expect(await c.query('SELECT count(*) FROM after_promotion')).toEqual([['2']]);
}

/** A directory the cluster's owner may write to (clusters run as an unprivileged user under root). */
function ownerWritableDir(c: Cluster): string {
  const dir = mkdtempSync(join(tmpdir(), 'aza-pg-promote-backup-'));
  if (c.runAs.uid !== undefined) chownSync(dir, c.runAs.uid, c.runAs.gid!);
  return dir;
}

describe('promote: data-dir target', () => {
  const clusters: Cluster[] = [];
  const dirs: string[] = [];
  const primaryAndReplica = async () => {
    const primary = await createCluster();
    clusters.push(primary);
    const replica = await primary.createReplica();
    clusters.push(replica);
    return { primary, replica };
  };
  afterEach(async () => {
    await Promise.all(clusters.splice(0).map((c) => c.destroy()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  test('promotes a local replica with pg_ctl promote as its owner: backup, write, new timeline; twice is a clean refusal', async () => {
    const { primary, replica } = await primaryAndReplica();
    await primary.query('CREATE TABLE before_promotion AS SELECT generate_series(1, 10) AS n');
    await replica.waitForStreaming();
    await primary.stop();
    const backupDir = ownerWritableDir(replica);
    dirs.push(backupDir);
    // What a promotion killed mid-backup left (its maker gone: same pid, another start), and one
    // that a running promotion is still writing (its maker alive: this process).
    const killed = `.pre-promotion-backup-20260101_000000.partial-${ownerTag({ ...currentOwner(), start: '1' })}-0badf00d`;
    const running = `.pre-promotion-backup-20260101_000001.partial-${ownerTag()}-0badf00d`;
    for (const d of [killed, running]) mkdirSync(join(backupDir, d, 'base'), { recursive: true });

    const { result, reporter } = await promote({ target: 'data-dir', 'data-dir': replica.dataDir, 'backup-dir': backupDir, yes: 'true' });
    expect(result.promoted).toBe(true);
    expect(result.plan.promote.method).toBe('pg_ctl promote');
    expect(result.backupPath).toMatch(new RegExp(`^${backupDir}/pre-promotion-backup-\\d{8}_\\d{6}$`));
    expect(existsSync(join(result.backupPath!, 'PG_VERSION'))).toBe(true);
    // Written under a hidden name, then renamed: complete (its manifest) and nothing half there.
    expect(existsSync(join(result.backupPath!, 'backup_manifest'))).toBe(true);
    expect(readdirSync(backupDir).sort()).toEqual([running, basename(result.backupPath!)].sort());
    expect(reporter.text()).toContain(killed);
    expect(await replica.isInRecovery()).toBe(false);
    expect(await replica.query('SELECT count(*) FROM before_promotion')).toEqual([['10']]);
    await expectClusterWritable(replica);
    expect(result.timeline).toBe(await clusterTimeline(replica));
    expect(result.timeline).toBeGreaterThan(result.previousTimeline!);
    expect(existsSync(join(replica.dataDir, 'standby.signal'))).toBe(false);

    const again = await refusal({ target: 'data-dir', 'data-dir': replica.dataDir, yes: 'true', 'no-backup': 'true' });
    expect(again.code).toBe('NOT_IN_RECOVERY');
  });

  test('a backup directory the owner cannot write to warns, and promotion continues', async () => {
    const { primary, replica } = await primaryAndReplica();
    await primary.stop();
    const locked = mkdtempSync(join(tmpdir(), 'aza-pg-locked-'));
    dirs.push(locked);
    chmodSync(locked, 0o555);
    const { result, reporter } = await promote({ target: 'data-dir', 'data-dir': replica.dataDir, 'backup-dir': locked, yes: 'true' });
    expect(result.promoted).toBe(true);
    expect(result.backupError).toMatch(/Permission denied/);
    expect(reporter.warnings.join('\n')).toMatch(/^Backup failed: /m);
    await expectClusterWritable(replica);
    expect(readdirSync(locked)).toEqual([]);
  });

  test('-d that is not a data directory, that does not exist, or whose server is not running', async () => {
    const { primary, replica } = await primaryAndReplica();
    const plain = mkdtempSync(join(tmpdir(), 'aza-pg-not-data-'));
    dirs.push(plain);
    expect((await refusal({ target: 'data-dir', 'data-dir': plain, yes: 'true', 'no-backup': 'true' })).code).toBe('NOT_A_DATA_DIR');
    expect((await refusal({ target: 'data-dir', 'data-dir': join(plain, 'missing'), yes: 'true', 'no-backup': 'true' })).code).toBe(
      'DATA_DIR_NOT_FOUND',
    );
    await primary.stop();
    const stopped = await refusal({ target: 'data-dir', 'data-dir': primary.dataDir, yes: 'true', 'no-backup': 'true' });
    expect(stopped.code).toBe('SERVER_NOT_RUNNING');
    expect(stopped.hint).toMatch(/pg_ctl -D .* start/);
    expect(await replica.isInRecovery()).toBe(true);
  });

  test('aza-pg lists promote, and promote -h shows the spec flags and defaults', async () => {
    const list = await run(BUN, ['src/cli/index.ts', '--help']);
    expect(list.stdout).toMatch(/^ {2}promote +Promote a replica/m);
    const help = await shim(['-h']);
    expect(help.code).toBe(0);
    for (const flag of ['-c, --container', '-d, --data-dir', '-n, --no-backup', '-y, --yes', '-h, --help'])
      expect(help.stdout).toContain(flag);
    expect(help.stdout).toMatch(/postgres-replica or \$POSTGRES_CONTAINER_NAME/);
    expect(help.stdout).toMatch(/\/var\/lib\/postgresql\/data/);
  });

  test('the spec command line drives the data-dir target too (bun shim)', async () => {
    const { primary, replica } = await primaryAndReplica();
    await primary.stop();
    const r = await shim(['--target', 'data-dir', '-d', replica.dataDir, '-n', '-y']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    await expectClusterWritable(replica);
  });
});

// -----------------------------------------------------------------------------------------------

describe('promote: connection target', () => {
  let primary: Cluster;
  let replica: Cluster;
  beforeAll(async () => {
    primary = await createCluster();
    replica = await primary.createReplica();
  });
  afterAll(async () => {
    await replica?.destroy();
    await primary?.destroy();
  });

  const connectionInputs = (): RawInputs => ({
    target: 'connection',
    host: replica.host,
    port: String(replica.port),
    user: replica.superuser,
    yes: 'true',
  });
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, PGPASSWORD: replica.password });

  test('refuses while the old primary (by URI) accepts writes, then promotes with pg_promote once it is stopped', async () => {
    const oldPrimary = primary.uri();
    const refused = await refusal({ ...connectionInputs(), 'no-backup': 'true', 'old-primary': oldPrimary }, env());
    expect(refused.code).toBe('SPLIT_BRAIN');
    expect(refused.message).not.toContain(primary.password);
    expect(await replica.isInRecovery()).toBe(true);

    await primary.query('CREATE TABLE before_promotion AS SELECT 1 AS n');
    await new Promise((r) => setTimeout(r, 500));
    await primary.stop();
    const backupDir = mkdtempSync(join(tmpdir(), 'aza-pg-conn-backup-'));
    let result: PromoteResult;
    let text: string;
    try {
      const done = await promote({ ...connectionInputs(), 'backup-dir': backupDir, 'old-primary': oldPrimary }, env());
      result = done.result;
      text = done.reporter.text();
      expect(existsSync(join(result.backupPath!, 'PG_VERSION'))).toBe(true);
    } finally {
      rmSync(backupDir, { recursive: true, force: true });
    }
    expect(result.promoted).toBe(true);
    expect(result.plan.promote.method).toBe('pg_promote');
    expect(result.plan.checks.find((c) => c.name === 'old primary stopped')?.outcome).toBe('ok');
    expect(await replica.isInRecovery()).toBe(false);
    await expectClusterWritable(replica);
    expect(result.timeline).toBe(await clusterTimeline(replica));
    expect(result.timeline).toBeGreaterThan(result.previousTimeline!);
    expect(result.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(text).not.toContain(replica.password);
  });
});
