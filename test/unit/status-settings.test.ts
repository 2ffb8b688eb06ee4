/** status settings: the node forms, labels, and thresholds that are not numbers refused with the input's name. */
import { describe, expect, test } from '@jest/globals';
import { Inputs, type RawInputs } from '../../src/core/inputs.js';
import { STATUS_OPTIONS, statusSettings } from '../../src/core/status/settings.js';
import { azaErrorOf } from '../harness/expect-errors.js';

const cli = (raw: RawInputs) => statusSettings(new Inputs(raw, 'cli', STATUS_OPTIONS), {}, '/work');
const action = (raw: RawInputs) => statusSettings(new Inputs(raw, 'action', STATUS_OPTIONS), {}, '/work');

describe('nodes', () => {
  test('without nodes: the one server the connection options describe', () => {
    const s = statusSettings(new Inputs({}, 'cli', STATUS_OPTIONS), { PGHOST: 'db', PGPORT: '6543', PGPASSWORD: 'pw' }, '/');
    expect(s.nodes).toEqual([
      expect.objectContaining({
        label: 'db:6543',
        tcp: { host: 'db', port: 6543 },
        target: expect.objectContaining({ kind: 'connection' }),
      }),
    ]);
    expect(s.secrets).toEqual(['pw']);
  });

  test('URIs, containers, data directories and host:port, labelled or not', () => {
    const s = cli({
      nodes: 'primary=postgresql://mon:s3cret@db1:5433/app,container:pg-replica,data-dir:data/main,/srv/pg,db3,[::1]:5500',
      user: 'monitor',
    });
    expect(s.nodes.map((n) => n.label)).toEqual(['primary', 'pg-replica', '/work/data/main', '/srv/pg', 'db3:5432', '::1:5500']);
    expect(s.nodes[0]!.target).toMatchObject({ kind: 'connection', connection: { host: 'db1', port: 5433, user: 'mon', database: 'app' } });
    expect(s.nodes[0]!.tcp).toEqual({ host: 'db1', port: 5433 });
    expect(s.nodes[1]!.target).toEqual({
      kind: 'container',
      container: 'pg-replica',
      dataDir: '/var/lib/postgresql/data',
      user: 'monitor',
      database: 'postgres',
    });
    expect(s.nodes[2]!.target).toMatchObject({ kind: 'data-dir', dataDir: '/work/data/main', user: 'monitor' });
    expect(s.nodes[4]!.target).toMatchObject({ kind: 'connection', connection: { host: 'db3', port: 5432, user: 'monitor' } });
    expect(s.nodes[5]!.tcp).toEqual({ host: '::1', port: 5500 });
    expect(s.secrets).toEqual(['s3cret']);
  });

  test('a node given twice, an empty container and an unreadable entry are refused', () => {
    expect(azaErrorOf(() => cli({ nodes: 'db1,db1:5432' })).message).toBe('Two nodes are called db1:5432');
    expect(azaErrorOf(() => cli({ nodes: 'container:' })).message).toContain('names no container');
    const e = azaErrorOf(() => cli({ nodes: 'db1:port' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.hint).toContain('container:NAME');
  });
});

describe('thresholds', () => {
  test("defaults are the spec's advice", () => {
    expect(cli({}).thresholds).toEqual({
      maxLagSeconds: 60,
      certMinDays: 30,
      maxBackupAgeSeconds: 26 * 3600,
      minBackupRatio: 0.5,
      maxReadyWal: 16,
      requireArchiving: false,
    });
  });

  test('durations, sizes and fractions', () => {
    const t = cli({
      'max-lag-seconds': '5m',
      'max-lag-bytes': '16MB',
      'max-backup-age': '90m',
      'min-backup-ratio': '0.1',
      'min-replicas': '2',
    }).thresholds;
    expect(t).toMatchObject({
      maxLagSeconds: 300,
      maxLagBytes: 16 * 1024 * 1024,
      maxBackupAgeSeconds: 5400,
      minBackupRatio: 0.1,
      minReplicas: 2,
    });
  });

  test.each([
    ['max-lag-seconds', 'abc', /Invalid --max-lag-seconds "abc": expected a duration/],
    ['cert-min-days', 'thirty', /Invalid --cert-min-days "thirty": expected a whole number/],
    ['max-backup-age', '-3h', /Invalid --max-backup-age "-3h"/],
    ['max-lag-bytes', 'lots', /Invalid --max-lag-bytes "lots": expected a size/],
    ['min-backup-ratio', '2', /Invalid --min-backup-ratio "2": expected a fraction/],
    ['min-backup-ratio', 'half', /Invalid --min-backup-ratio "half"/],
    ['max-ready-wal', '1.5', /Invalid --max-ready-wal "1.5"/],
    ['watch', '0', /Invalid --watch "0"/],
  ])('%s %s is refused', (name, value, message) => {
    const e = azaErrorOf(() => cli({ [name]: value }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(message);
  });

  test('the action names the input', () => {
    expect(azaErrorOf(() => action({ 'max-lag-seconds': 'soon' })).message).toMatch(/^Invalid input "max-lag-seconds" "soon"/);
  });
});
