/**
 * The judgement of status, on facts laid out by hand: which findings a topology yields, their
 * severity and order, the verdict, and the diagram. The real servers are in
 * test/integration/status.test.ts; here every branch can be reached without waiting for one.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBackupCatalog } from '../../src/core/backup-catalog.js';
import { Inputs } from '../../src/core/inputs.js';
import type { NodeFacts, ServerRow, StatusFacts } from '../../src/core/status/facts.js';
import { lsnBytes, planStatus } from '../../src/core/status/plan.js';
import { statusErrorOutputs, statusFailure, statusOutputs, statusSummary } from '../../src/core/status/report.js';
import { AzaError } from '../../src/core/errors.js';
import { STATUS_OPTIONS, statusSettings } from '../../src/core/status/settings.js';
import { writeBackupFiles } from '../harness/backup-files.js';
import { STAGING_NAME_REGEX, stagingName } from '../../src/core/restore/plan.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const settings = (raw: Record<string, string> = {}) =>
  statusSettings(new Inputs({ nodes: 'a,b,c', ...raw }, 'cli', STATUS_OPTIONS), {}, '/');

function server(o: Partial<ServerRow> = {}): ServerRow {
  return {
    version: '15.4',
    versionNum: 150004,
    systemIdentifier: '7300000000000000001',
    inRecovery: false,
    currentLsn: '0/5000000',
    timeline: 1,
    archiveMode: 'on',
    archiveCommand: 'cp %p /archive/%f',
    archiver: { archivedCount: 10, lastArchivedWal: '000000010000000000000004', lastArchivedAgeSeconds: 30, failedCount: 0 },
    ssl: false,
    port: 5432,
    listenAddresses: '*',
    ...o,
  };
}

const replica = (o: Partial<ServerRow> = {}) =>
  server({
    inRecovery: true,
    currentLsn: undefined,
    receiveLsn: '0/5000000',
    replayLsn: '0/5000000',
    replayPaused: false,
    replayLagSeconds: 0,
    receiver: { status: 'streaming', timeline: 1, senderHost: 'a', senderPort: 5432 },
    ...o,
  });

function node(label: string, s: ServerRow | undefined, o: Partial<NodeFacts> = {}): NodeFacts {
  const spec = settings().nodes.find((n) => n.label === `${label}:5432`)!;
  return {
    spec: { ...spec, label },
    where: `server ${label}`,
    ...(s ? { server: s } : { down: { code: 'CONNECTION_FAILED', message: `Cannot connect to ${label}: Connection refused` } }),
    standbys: [],
    slots: [],
    readyWal: 0,
    staging: [],
    unreadable: [],
    ...o,
  };
}

const streaming = (name: string) => ({
  name,
  client: '10.0.0.2',
  state: 'streaming',
  syncState: 'async',
  lagBytes: 0,
  replayLagSeconds: 0,
});

function facts(nodes: NodeFacts[], o: Partial<StatusFacts> = {}): StatusFacts {
  return { now: NOW, nodes, certFiles: [], ...o };
}

describe('planStatus', () => {
  test('a healthy primary with two streaming replicas: ok, one edge per replica', () => {
    const f = facts([node('a', server(), { standbys: [streaming('b'), streaming('c')] }), node('b', replica()), node('c', replica())]);
    const r = planStatus(settings(), f).report;
    expect(r.findings).toEqual([]);
    expect(r.verdict).toBe('ok');
    expect(r.primary).toBe('a');
    expect(r.nodes.map((n) => [n.label, n.role, n.upstream, n.lagBytes])).toEqual([
      ['a', 'primary', undefined, undefined],
      ['b', 'replica', 'a', 0],
      ['c', 'replica', 'a', 0],
    ]);
    expect(r.diagram).toContain('n0 -->|"0 B, 0 s"| n1');
    expect(r.diagram).toContain('n0 -->|"0 B, 0 s"| n2');
    expect(statusFailure(r)).toBeUndefined();
  });

  test('split brain names the node with the newest WAL position, first among the findings', () => {
    const f = facts([
      node('a', server({ currentLsn: '0/5000000' })),
      node('b', server({ currentLsn: '1/00000010', timeline: 2 })),
      node('c', replica()),
    ]);
    const r = planStatus(settings(), f).report;
    expect(r.verdict).toBe('failed');
    expect(r.splitBrain).toEqual({ primaries: ['a', 'b'], newest: 'b' });
    expect(r.findings[0]).toMatchObject({ severity: 'critical', check: 'split-brain' });
    expect(r.findings[0]!.message).toContain('b has the newest WAL position');
    expect(r.findings[0]!.hint).toContain('keep b');
    const e = statusFailure(r)!;
    expect(e.code).toBe('SPLIT_BRAIN');
    expect(e.message).toMatch(/^Status check failed: Split brain: 2 nodes accept writes/);
    expect(r.diagram).toMatch(/n0\[.*\]:::critical/);
    expect(r.diagram).toMatch(/n1\[.*\]:::critical/);
    expect(statusOutputs(r)['split-brain']).toBe(true);
  });

  test('a paused replay behind the threshold is lag, with the resume command', () => {
    const f = facts([
      node('a', server({ currentLsn: '0/6000000' }), { standbys: [streaming('b')] }),
      node('b', replica({ receiveLsn: '0/6000000', replayLsn: '0/5000000', replayPaused: true, replayLagSeconds: 75 })),
    ]);
    const r = planStatus(settings({ nodes: 'a,b' }), f).report;
    expect(r.nodes[1]).toMatchObject({ lagBytes: 0x1000000, lagSeconds: 75, replayPaused: true });
    expect(r.findings).toEqual([
      expect.objectContaining({
        check: 'replication-lag',
        node: 'b',
        message: 'b replays 75 s behind (replay is paused), over the 60 s threshold',
      }),
    ]);
    expect(r.findings[0]!.hint).toContain('pg_wal_replay_resume()');
    expect(statusOutputs(r)['max-lag-seconds']).toBe('75.0');
  });

  test('a paused replay within the thresholds is a warning; max-lag-bytes catches the bytes', () => {
    const f = facts([
      node('a', server({ currentLsn: '0/6000000' }), { standbys: [streaming('b')] }),
      node('b', replica({ receiveLsn: '0/6000000', replayLsn: '0/5000000', replayPaused: true, replayLagSeconds: 5 })),
    ]);
    expect(planStatus(settings({ nodes: 'a,b' }), f).report.findings.map((x) => [x.severity, x.check])).toEqual([
      ['warning', 'replay-paused'],
    ]);
    const bytes = planStatus(settings({ nodes: 'a,b', 'max-lag-bytes': '1MB' }), f).report;
    expect(bytes.findings[0]).toMatchObject({
      check: 'replication-lag',
      message: expect.stringContaining('16.0 MiB of WAL behind (replay is paused)'),
    });
  });

  test('a down replica: the node is down and the primary streams to fewer than the nodes given', () => {
    const f = facts([node('a', server()), node('b', undefined)]);
    const r = planStatus(settings({ nodes: 'a,b' }), f).report;
    expect(r.findings.map((x) => x.check)).toEqual(['node-down', 'replicas-missing']);
    expect(r.findings[1]!.message).toBe('a streams to 0 replicas, 1 expected: a replica is stopped or disconnected');
    expect(r.nodes[1]).toMatchObject({ role: 'down', error: 'Cannot connect to b: Connection refused' });
    expect(statusFailure(r)!.code).toBe('NODE_DOWN');
    expect(r.diagram).toContain('n1["b<br/>DOWN"]:::critical');
  });

  test('a replica whose receiver does not stream is disconnected (dotted edge)', () => {
    const f = facts([node('a', server()), node('b', replica({ receiver: undefined }))]);
    const r = planStatus(settings({ nodes: 'a,b' }), f).report;
    expect(r.findings[0]).toMatchObject({
      check: 'replica-disconnected',
      message: 'b is disconnected from its primary: no WAL receiver runs',
    });
    expect(r.diagram).toContain('n0 -.->|"disconnected"| n1');
  });

  test('archiving: failing since the last success, a backlog, off (warning, or critical when required)', () => {
    const failing = server({
      archiver: {
        archivedCount: 3,
        lastArchivedWal: '000000010000000000000002',
        lastArchivedAgeSeconds: 600,
        failedCount: 12,
        lastFailedWal: '000000010000000000000003',
        lastFailedAgeSeconds: 4,
      },
    });
    let r = planStatus(settings({ nodes: 'a' }), facts([node('a', failing, { readyWal: 20 })])).report;
    expect(r.findings.map((x) => x.check)).toEqual(['archiving-failing', 'archiving-backlog']);
    expect(r.findings[0]!.message).toContain(
      '000000010000000000000003 failed 4 s ago, 12 failures counted; last archived 000000010000000000000002 10 min ago',
    );
    expect(r.findings[0]!.hint).toContain('cp %p /archive/%f');

    const recovered = server({ archiver: { ...failing.archiver, lastArchivedAgeSeconds: 2 } });
    expect(planStatus(settings({ nodes: 'a' }), facts([node('a', recovered)])).report.findings).toEqual([]);

    const off = server({ archiveMode: 'off' });
    r = planStatus(settings({ nodes: 'a' }), facts([node('a', off)])).report;
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'warning', check: 'archiving-off' })]);
    expect(r.verdict).toBe('warning');
    r = planStatus(settings({ nodes: 'a', 'require-archiving': 'true' }), facts([node('a', off)])).report;
    expect(r.verdict).toBe('failed');
  });

  test('slots: inactive is a warning with the drop command, lost WAL is critical', () => {
    const r = planStatus(
      settings({ nodes: 'a' }),
      facts([
        node('a', server(), {
          slots: [
            { name: 'gone', type: 'physical', active: false, walStatus: 'extended', retainedBytes: 3 * 1024 ** 3 },
            { name: 'late', type: 'physical', active: true, walStatus: 'lost' },
          ],
        }),
      ]),
    ).report;
    expect(r.findings.map((x) => [x.severity, x.check])).toEqual([
      ['critical', 'slot'],
      ['warning', 'slot-inactive'],
    ]);
    expect(r.findings[1]!.message).toBe('Replication slot gone on a is inactive and retains 3.00 GiB of WAL');
    expect(r.findings[1]!.hint).toContain("pg_drop_replication_slot('gone')");
  });

  test('a staging database without sessions is a leftover with its DROP command; one in use is not', () => {
    const r = planStatus(
      settings({ nodes: 'a' }),
      facts([
        node('a', server(), {
          staging: [
            {
              name: 'app_restoring_20260101_010101',
              sizeBytes: 8 * 1024 * 1024,
              sessions: 0,
              dropCommand: 'psql -c \'DROP DATABASE "app_restoring_20260101_010101"\'',
            },
            { name: 'shop_restoring_20260601_115900', sizeBytes: 1024, sessions: 2, dropCommand: 'x' },
          ],
        }),
      ]),
    ).report;
    expect(r.findings).toEqual([
      expect.objectContaining({
        check: 'restore-leftover',
        message: expect.stringContaining('app_restoring_20260101_010101 on a (8.00 MiB)'),
      }),
    ]);
    expect(r.findings[0]!.hint).toContain('DROP DATABASE "app_restoring_20260101_010101"');
  });
});

describe('backups', () => {
  const base = mkdtempSync(join(tmpdir(), 'aza-status-plan-'));
  let n = 0;
  const dirWith = (days: Array<[number, number]>) => {
    const dir = join(base, `d${++n}`);
    mkdirSync(dir);
    for (const [hoursAgo, size] of days)
      writeBackupFiles(dir, { startedAt: new Date(NOW.getTime() - hoursAgo * 3600_000), sizeBytes: size });
    return dir;
  };
  const judge = async (dir: string, raw: Record<string, string> = {}) =>
    planStatus(settings({ nodes: 'a', ...raw }), facts([node('a', server())], { backups: { dir, catalog: await readBackupCatalog(dir) } }))
      .report;

  test('a daily history, newest 2 h old and of the usual size: ok', async () => {
    const r = await judge(
      dirWith([
        [74, 1000],
        [50, 1100],
        [26, 1050],
        [2, 1080],
      ]),
    );
    expect(r.findings).toEqual([]);
    expect(r.backups!.databases[0]).toMatchObject({ database: 'app', previousCount: 3, previousMedianBytes: 1050, completeCount: 4 });
    expect(r.backups!.databases[0]!.newest.ageSeconds).toBe(7200);
  });

  test('stale: the newest complete backup is older than max-backup-age', async () => {
    const r = await judge(
      dirWith([
        [60, 1000],
        [30, 1000],
      ]),
    );
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'critical', check: 'backup-stale' })]);
    expect(r.findings[0]!.message).toMatch(/started 30\.0 h ago, over the 26\.0 h threshold/);
    expect(statusFailure(r)!.code).toBe('BACKUP_STALE');
    expect((await judge(dirWith([[30, 1000]]), { 'max-backup-age': '31h' })).findings).toEqual([]);
  });

  test('a tenth of the size before it: the classic silent failure', async () => {
    const r = await judge(
      dirWith([
        [74, 10000],
        [50, 10400],
        [26, 9800],
        [2, 1000],
      ]),
    );
    expect(r.findings).toEqual([expect.objectContaining({ check: 'backup-size' })]);
    expect(r.findings[0]!.message).toContain('10% of the 9.77 KiB the 3 before it had');
  });

  test('an empty directory has no complete backup', async () => {
    const r = await judge(dirWith([]));
    expect(r.findings[0]).toMatchObject({ check: 'backup-missing', message: expect.stringMatching(/^No complete backup in /) });
  });
});

describe('summary', () => {
  test('one row per node, the verdict in the title, the diagram as a mermaid block', () => {
    const f = facts([node('a', server(), { standbys: [streaming('b')] }), node('b', replica()), node('c', undefined)]);
    const r = planStatus(settings(), f).report;
    const t = statusSummary(r);
    expect(t.title).toBe('PostgreSQL status: FAILED');
    expect(t.sections![0]!.rows.map((row) => [row[0], row[1]])).toEqual([
      ['a', 'primary'],
      ['b', 'replica'],
      ['c', 'down'],
    ]);
    expect(t.blocks).toEqual([{ title: 'Topology', language: 'mermaid', text: r.diagram }]);
    expect(JSON.parse(statusOutputs(r).report as string).verdict).toBe('failed');
  });

  test("restore's staging names, long ones cut and hashed too, match the pattern status looks for", () => {
    const at = new Date('2026-03-04T05:06:07Z');
    for (const db of ['app', 'x'.repeat(63), 'ünïcödé_'.repeat(8)]) expect(stagingName(db, at)).toMatch(new RegExp(STAGING_NAME_REGEX));
    expect('app_restoring_2026').not.toMatch(new RegExp(STAGING_NAME_REGEX));
    expect(`app_before_restore_20260304_050607`).not.toMatch(new RegExp(STAGING_NAME_REGEX));
  });

  test('a check that could not run still says failed to the steps after it', () => {
    const out = statusErrorOutputs(new AzaError('INVALID_INPUT', 'Invalid input "max-lag-seconds" "soon"'));
    expect(out.verdict).toBe('failed');
    expect(JSON.parse(out.problems as string)).toEqual([
      expect.objectContaining({ severity: 'critical', code: 'INVALID_INPUT', message: 'Invalid input "max-lag-seconds" "soon"' }),
    ]);
  });

  test('LSNs compare as 64-bit positions', () => {
    expect(lsnBytes('1/0') > lsnBytes('0/FFFFFFFF')).toBe(true);
    expect(lsnBytes('16/B374D848')).toBe(0x16b374d848n);
  });
});
