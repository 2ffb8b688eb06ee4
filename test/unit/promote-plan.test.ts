import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Inputs, type RawInputs } from '../../src/core/inputs.js';
import { connectionInfo, containerInfo, dataDirInfo, type TargetInfo } from '../../src/core/target.js';
import {
  CRITICAL_WARNINGS,
  PROMOTE_OPTIONS,
  describePromote,
  backupDirName,
  describePlan,
  parseByteSize,
  parseLsn,
  planPromote,
  promoteSettings,
  type OldPrimaryFacts,
  type PromoteFacts,
  type PromoteSettings,
  type ReplicaFacts,
} from '../../src/core/promote/index.js';
import { shellWord } from '../../src/core/exec.js';
import { parsePostmasterPid } from '../../src/core/data-dir.js';

const cli = (raw: RawInputs, env: NodeJS.ProcessEnv = {}) => promoteSettings(new Inputs(raw, 'cli', PROMOTE_OPTIONS), env);
const action = (raw: RawInputs, env: NodeJS.ProcessEnv = {}) => promoteSettings(new Inputs(raw, 'action', PROMOTE_OPTIONS), env);

// The targets as the plan sees them, from the same functions the opened targets use.
const CONTAINER = containerInfo({
  kind: 'container',
  container: 'postgres-replica',
  dataDir: '/var/lib/postgresql/data',
  user: 'postgres',
  database: 'postgres',
});
const DATA_DIR = dataDirInfo(
  { kind: 'data-dir', dataDir: '/srv/pg', user: 'postgres', database: 'postgres' },
  { host: '/tmp', port: 5432 },
);
const SERVER = connectionInfo({ kind: 'connection', connection: { host: 'x', port: 5432, user: 'postgres', database: 'postgres' } });

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

function replica(over: Partial<ReplicaFacts> = {}): ReplicaFacts {
  return {
    inRecovery: true,
    replayPaused: false,
    receiveLsn: '0/3000148',
    replayLsn: '0/3000148',
    timeline: 1,
    dataDirectory: '/var/lib/postgresql/data',
    versionNum: 150010,
    catchUp: { waitedMs: 0, caughtUp: true },
    ...over,
  };
}

function facts(over: Partial<PromoteFacts<TargetInfo>> = {}, replicaOver: Partial<ReplicaFacts> = {}): PromoteFacts<TargetInfo> {
  return {
    target: CONTAINER,
    replica: replica(replicaOver),
    oldPrimary: undefined,
    now: NOW,
    ...over,
  };
}

function oldPrimary(over: Partial<OldPrimaryFacts> = {}): OldPrimaryFacts {
  return {
    label: 'container postgres-primary',
    stopHint: 'docker stop postgres-primary',
    reachable: true,
    inRecovery: false,
    currentLsn: '0/3000148',
    detail: undefined,
    unknown: false,
    ...over,
  };
}

const defaults: PromoteSettings = cli({ yes: 'true' });

describe('promoteSettings', () => {
  test('the spec defaults: container postgres-replica, /var/lib/postgresql/data, backup to /backup, confirmation required', () => {
    const s = cli({});
    expect(s.target).toEqual({
      kind: 'container',
      container: 'postgres-replica',
      dataDir: '/var/lib/postgresql/data',
      user: 'postgres',
      database: 'postgres',
    });
    expect(s.backup).toEqual({ dir: '/backup' });
    expect(s.confirmed).toBe(false);
    expect(s.restart).toBe(false);
    expect(s.force).toBe(false);
    expect(s.verifyTimeoutSeconds).toBe(30);
    expect(s.maxLagBytes).toBe(16 * 1024 * 1024);
    expect(s.dataDirExplicit).toBe(false);
  });

  test('POSTGRES_CONTAINER_NAME is the default container; -c wins over it', () => {
    expect(cli({}, { POSTGRES_CONTAINER_NAME: 'from-env' }).target).toMatchObject({ container: 'from-env' });
    expect(cli({ container: 'my-replica' }, { POSTGRES_CONTAINER_NAME: 'from-env' }).target).toMatchObject({ container: 'my-replica' });
  });

  test('-n turns the backup off, -y confirms; the action uses backup: false and confirm: yes', () => {
    expect(cli({ 'no-backup': 'true', yes: 'true' })).toMatchObject({ backup: undefined, confirmed: true });
    expect(action({ backup: 'false', confirm: 'yes' })).toMatchObject({ backup: undefined, confirmed: true });
    expect(action({ confirm: 'YES' }).confirmed).toBe(true);
    expect(action({ confirm: 'true' }).confirmed).toBe(false);
    expect(action({}).confirmed).toBe(false);
  });

  test('data-dir and connection targets need a backup directory unless the backup is off', () => {
    expect(() => cli({ target: 'data-dir', 'data-dir': '/srv/pg' })).toThrow(/needs a directory for target data-dir/);
    expect(cli({ target: 'data-dir', 'data-dir': '/srv/pg', 'backup-dir': '/srv/b' }).backup).toEqual({ dir: '/srv/b' });
    expect(cli({ target: 'data-dir', 'data-dir': '/srv/pg', 'no-backup': 'true' }).backup).toBeUndefined();
    expect(() => cli({ target: 'data-dir' })).toThrow(/needs the replica's data directory/);
    expect(() => action({ target: 'connection', backup: 'true' })).toThrow(/input "backup-dir"/);
  });

  test('paths must be absolute; sizes and durations are validated', () => {
    expect(() => cli({ 'data-dir': 'data' })).toThrow(/absolute/);
    expect(() => cli({ 'backup-dir': 'b' })).toThrow(/absolute/);
    expect(() => cli({ 'max-lag': 'lots' })).toThrow(/--max-lag "lots"/);
    expect(cli({ 'max-lag': '0' }).maxLagBytes).toBe(0);
    expect(cli({ 'catchup-timeout': '5m', 'wait-timeout': '90' })).toMatchObject({ catchupTimeoutSeconds: 300, promoteWaitSeconds: 90 });
    expect(() => cli({ target: 'elsewhere' })).toThrow(/expected one of container, data-dir, connection/);
  });

  test('the old primary is a container or a URI, not both; restart is refused over a connection', () => {
    expect(cli({ 'old-primary-container': 'pg1' }).oldPrimary).toEqual({ kind: 'container', container: 'pg1' });
    const uri = cli({ 'old-primary': 'postgresql://admin:s3cret@db1:5433/app' }).oldPrimary;
    expect(uri).toMatchObject({
      kind: 'connection',
      connection: { host: 'db1', port: 5433, user: 'admin', password: 's3cret', database: 'app' },
    });
    expect(() => cli({ 'old-primary': 'x', 'old-primary-container': 'y' })).toThrow(/once/);
    expect(() => cli({ target: 'connection', 'no-backup': 'true', restart: 'true' })).toThrow(/not possible over a connection/);
    expect(() => cli({ target: 'connection', container: 'c', 'no-backup': 'true' })).toThrow(/only applies to target container/);
  });

  test('the connection target takes the libpq environment', () => {
    const s = cli(
      { target: 'connection', 'no-backup': 'true' },
      { PGHOST: 'replica.internal', PGPORT: '6432', PGUSER: 'admin', PGPASSWORD: 'pw' },
    );
    expect(s.target).toMatchObject({
      kind: 'connection',
      connection: { host: 'replica.internal', port: 6432, user: 'admin', password: 'pw' },
    });
  });

  test('every action input is an option, and every option an action input', () => {
    const yml = readFileSync('actions/promote/action.yml', 'utf8');
    const inputsBlock = yml.slice(yml.indexOf('inputs:'), yml.indexOf('outputs:'));
    const inputs = [...inputsBlock.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]).sort();
    const options = PROMOTE_OPTIONS.filter((o) => o.only !== 'cli')
      .map((o) => o.name)
      .sort();
    expect(inputs).toEqual(options);
    for (const out of ['promoted', 'timeline', 'lsn', 'duration-ms', 'backup-path']) expect(yml).toMatch(new RegExp(`^  ${out}:$`, 'm'));
    expect(yml).toMatch(/using: 'node24'/);
    expect(yml).toMatch(/main: '..\/..\/dist\/promote\/index.js'/);
  });

  test('the spec short flags exist: -c -d -n -y', () => {
    const shorts = Object.fromEntries(PROMOTE_OPTIONS.filter((o) => o.short).map((o) => [o.short, o.name]));
    expect(shorts).toEqual({ c: 'container', d: 'data-dir', n: 'no-backup', y: 'yes' });
  });
});

describe('planPromote', () => {
  test('a caught-up replica: backup path, online pg_promote, no restart, verification within 30 s', () => {
    const plan = planPromote(defaults, facts());
    expect(plan.refusal).toBeUndefined();
    expect(plan.backupPath).toBe('/backup/pre-promotion-backup-20260102_030405');
    expect(plan.promote).toEqual({ method: 'pg_promote', waitSeconds: 60 });
    expect(plan.restart).toBe(false);
    expect(plan.verify).toEqual({ timeoutSeconds: 30, standbySignal: '/var/lib/postgresql/data/standby.signal' });
    expect(plan.previousTimeline).toBe(1);
    expect(plan.warnings).toEqual([expect.stringMatching(/old primary was not named/)]);
    expect(plan.checks.map((c) => [c.name, c.outcome])).toEqual([
      ['in recovery', 'ok'],
      ['replay caught up', 'ok'],
      ['data directory', 'ok'],
      ['old primary stopped', 'skipped'],
      ['backup', 'ok'],
    ]);
  });

  test('a primary is refused with the spec message and hint', () => {
    const plan = planPromote(defaults, facts({}, { inRecovery: false, receiveLsn: undefined }));
    expect(plan.refusal?.code).toBe('NOT_IN_RECOVERY');
    expect(plan.refusal?.message).toMatch(/^Container is not in recovery mode/);
    expect(plan.refusal?.hint).toMatch(
      /docker exec postgres-replica psql -U postgres -c 'SELECT pg_is_in_recovery\(\);'\nIf it was already promoted, skip promotion/,
    );
    const server = planPromote(defaults, facts({ target: SERVER }, { inRecovery: false }));
    expect(server.refusal?.message).toMatch(/^Server is not in recovery mode/);
  });

  test('paused replay and a catch-up that timed out are refused', () => {
    expect(planPromote(defaults, facts({}, { replayPaused: true })).refusal?.code).toBe('REPLAY_PAUSED');
    const slow = planPromote(
      defaults,
      facts({}, { receiveLsn: '0/5000000', replayLsn: '0/4000000', catchUp: { waitedMs: 60000, caughtUp: false } }),
    );
    expect(slow.refusal?.code).toBe('CATCHUP_TIMEOUT');
    expect(slow.refusal?.message).toMatch(/received 0\/5000000, replayed 0\/4000000/);
  });

  test('a live old primary is refused (split-brain) unless forced; force still checks the lag', () => {
    const live = planPromote(defaults, facts({ oldPrimary: oldPrimary() }));
    expect(live.refusal?.code).toBe('SPLIT_BRAIN');
    expect(live.refusal?.hint).toMatch(/docker stop postgres-primary/);
    const forced = planPromote({ ...defaults, force: true }, facts({ oldPrimary: oldPrimary({ currentLsn: '0/3001000' }) }));
    expect(forced.refusal).toBeUndefined();
    expect(forced.lagBytes).toBe(0x1000 - 0x148);
    expect(forced.warnings.join('\n')).toMatch(/still accepts writes \(force\)/);
    const behind = planPromote({ ...defaults, force: true, maxLagBytes: 1024 }, facts({ oldPrimary: oldPrimary({ currentLsn: '1/0' }) }));
    expect(behind.refusal?.code).toBe('LAG_TOO_HIGH');
    expect(behind.refusal?.message).toMatch(/3\.95 GiB behind/);
  });

  test('an old primary that is stopped, a standby, or running but silent', () => {
    const stopped = planPromote(
      defaults,
      facts({ oldPrimary: oldPrimary({ reachable: false, inRecovery: undefined, detail: 'container is exited' }) }),
    );
    expect(stopped.refusal).toBeUndefined();
    expect(stopped.checks.find((c) => c.name === 'old primary stopped')).toMatchObject({
      outcome: 'ok',
      detail: expect.stringMatching(/exited/),
    });
    const standby = planPromote(defaults, facts({ oldPrimary: oldPrimary({ inRecovery: true }) }));
    expect(standby.refusal).toBeUndefined();
    const silent = planPromote(defaults, facts({ oldPrimary: oldPrimary({ reachable: false, unknown: true, detail: 'auth failed' }) }));
    expect(silent.refusal).toBeUndefined();
    expect(silent.warnings.join('\n')).toMatch(/cannot tell whether it accepts writes/);
  });

  test('data directory: an explicit mismatch is refused, a default one follows the server', () => {
    const explicit = planPromote({ ...defaults, dataDirExplicit: true }, facts({}, { dataDirectory: '/pgdata' }));
    expect(explicit.refusal?.code).toBe('WRONG_DATA_DIR');
    expect(explicit.refusal?.hint).toMatch(/-d \/pgdata/);
    const followed = planPromote(defaults, facts({}, { dataDirectory: '/pgdata' }));
    expect(followed.refusal).toBeUndefined();
    expect(followed.verify.standbySignal).toBe('/pgdata/standby.signal');
  });

  test('data-dir target uses pg_ctl promote; connection checks standby.signal relative to the data directory', () => {
    const local = cli({ target: 'data-dir', 'data-dir': '/srv/pg', 'no-backup': 'true', yes: 'true' });
    const plan = planPromote(local, facts({ target: DATA_DIR }, { dataDirectory: '/srv/pg' }));
    expect(plan.promote.method).toBe('pg_ctl promote');
    expect(plan.backupPath).toBeUndefined();
    expect(plan.warnings.join('\n')).toMatch(/No pre-promotion backup/);
    const conn = cli({ target: 'connection', 'no-backup': 'true' }, { PGHOST: 'h' });
    expect(planPromote(conn, facts({ target: SERVER })).verify.standbySignal).toBe('standby.signal');
  });

  test('every refusal is listed in the checks; the first one is thrown', () => {
    const plan = planPromote(
      { ...defaults, dataDirExplicit: true },
      facts({ oldPrimary: oldPrimary() }, { replayPaused: true, dataDirectory: '/other' }),
    );
    expect(plan.refusal?.code).toBe('REPLAY_PAUSED');
    expect(plan.checks.filter((c) => c.outcome === 'refused').map((c) => c.name)).toEqual([
      'replay running',
      'data directory',
      'old primary stopped',
    ]);
    expect(describePlan(plan).join('\n')).toMatch(/✗ old primary stopped/);
  });

  test('describe: the question only when consent is missing; a refusal shows the checks; a dry run says nothing changed', () => {
    const unconfirmed = describePromote(planPromote(cli({}), facts()));
    const c = unconfirmed.confirmation!;
    expect(c.question).toBe('Type "yes" to promote container postgres-replica to primary: ');
    expect(c.warnings[0]).toBe('THIS IS A DANGEROUS ONE-WAY OPERATION:');
    expect(c.warnings).toHaveLength(1 + CRITICAL_WARNINGS.length);
    expect([c.accept('yes'), c.accept(' yes\n'), c.accept('y'), c.accept('YES')]).toEqual([true, true, false, false]);
    expect(c.unanswered.code).toBe('CONFIRMATION_REQUIRED');
    expect(c.unanswered.describe()).toMatch(/needs confirmation and there is no terminal.*\n.*-y \(--yes\).*input confirm: yes/);
    expect(c.declined.code).toBe('ABORTED');
    expect(describePromote(planPromote(defaults, facts())).confirmation).toBeUndefined();
    const refused = describePromote(planPromote(cli({}), facts({}, { replayPaused: true })));
    expect(refused.refusal?.code).toBe('REPLAY_PAUSED');
    expect(refused.confirmation).toBeUndefined();
    expect(refused.lines.join('\n')).toMatch(/✗ replay running/);
    const dry = describePromote(planPromote(cli({ 'dry-run': 'true' }), facts()));
    expect(dry.dryRun).toBe(true);
    expect(dry.confirmation).toBeUndefined();
    expect(dry.lines.at(-1)).toBe('Dry run: nothing was changed.');
  });

  test('the spec critical warnings are all there', () => {
    expect(CRITICAL_WARNINGS.map((w) => w.split(':')[0])).toEqual([
      'Cannot be undone',
      'Must stop old primary',
      'Loses replication slots',
      'Breaks replication chain',
      'Production impact',
    ]);
  });
});

describe('helpers', () => {
  test('parseLsn, backupDirName, parseByteSize', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(() => parseLsn('nope')).toThrow();
    expect(backupDirName(NOW)).toBe('pre-promotion-backup-20260102_030405');
    expect(parseByteSize('16MB')).toBe(16 * 1024 ** 2);
    expect(parseByteSize('512kB')).toBe(512 * 1024);
    expect(parseByteSize('1 GB')).toBe(1024 ** 3);
    expect(parseByteSize('100')).toBe(100);
    expect(parseByteSize('-1')).toBeUndefined();
  });

  test('parsePostmasterPid reads pid, port and socket directory', () => {
    const pid = parsePostmasterPid('4242\n/srv/pg\n1700000000\n5433\n/tmp/sock\n127.0.0.1\n  1234  5678\nstandby \n');
    expect(pid).toEqual({
      pid: 4242,
      dataDir: '/srv/pg',
      port: 5433,
      socketDir: '/tmp/sock',
      listenAddress: '127.0.0.1',
      status: 'standby',
    });
    expect(parsePostmasterPid('garbage')).toBeUndefined();
  });

  test('shellWord quotes only for display', () => {
    expect(shellWord('postgres-replica')).toBe('postgres-replica');
    expect(shellWord("a b'c")).toBe(`'a b'\\''c'`);
  });
});
