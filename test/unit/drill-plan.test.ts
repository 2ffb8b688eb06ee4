/** The drill's plan is pure: the shapes it refuses, before anything is touched. */
import { expect, test } from '@jest/globals';
import { AzaError } from '../../src/core/errors.js';
import { Inputs } from '../../src/core/inputs.js';
import { DRILL_OPTIONS, drillSettings } from '../../src/core/drill/settings.js';
import { planDrill, type DrillFacts, type NodeFacts } from '../../src/core/drill/plan.js';
import type { Target } from '../../src/core/target.js';
import { addressOf, connectionUri, repointConninfo } from '../../src/core/drill/address.js';

const settings = (raw: Record<string, string>) =>
  drillSettings(new Inputs({ primary: 'a', candidate: 'b', replicas: 'c', ...raw }, 'cli', DRILL_OPTIONS));

function node(name: string, over: Partial<NodeFacts> = {}): NodeFacts {
  return {
    name,
    kind: 'container',
    target: {} as Target,
    address: addressOf([name], undefined),
    local: undefined,
    inRecovery: true,
    receiver: { status: 'streaming', senderHost: 'a', senderPort: 5432 },
    rewindable: true,
    dataOnVolume: true,
    ...over,
  };
}

const healthy = (): DrillFacts => ({
  primary: node('a', { inRecovery: false, receiver: undefined }),
  candidate: node('b'),
  replicas: [node('c')],
});

function refusal(fn: () => unknown): AzaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AzaError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

test('a healthy trio is planned step by step; rejoin adds its step', () => {
  expect(planDrill(settings({}), healthy()).steps).toHaveLength(6);
  const withRejoin = planDrill(settings({ rejoin: 'true' }), healthy());
  expect(withRejoin.steps.at(-1)).toBe('Rejoin a as a replica of b (pg_rewind, standby.signal) and wait until it streams');
});

test('a replica streaming from elsewhere, a second primary, or an unrewindable rejoin is refused with every reason', () => {
  const facts = healthy();
  facts.replicas = [node('c', { receiver: { status: 'streaming', senderHost: 'x', senderPort: 5432 } })];
  facts.candidate = node('b', { inRecovery: false, receiver: undefined });
  facts.primary = node('a', { inRecovery: false, receiver: undefined, rewindable: false, dataOnVolume: false });
  const e = refusal(() => planDrill(settings({ rejoin: 'true' }), facts));
  expect(e.code).toBe('DRILL_REFUSED');
  expect(e.message).toContain('b accepts writes: it is not a replica (split brain?)');
  expect(e.message).toContain('c does not stream from a (streaming from x:5432)');
  expect(e.message).toContain('neither wal_log_hints nor data checksums');
  expect(e.message).toContain('is not on a volume');
});

test('bad input: a node named twice, a relative data directory, an unreadable duration', () => {
  expect(refusal(() => settings({ replicas: 'b' })).message).toContain('The node b is named twice');
  expect(refusal(() => settings({ 'data-dir': 'data' })).message).toContain('is not absolute');
  expect(refusal(() => settings({ 'max-catchup': 'soon' })).code).toBe('INVALID_INPUT');
});

test('data-dir nodes are absolute directories; connection nodes are URIs without a password', () => {
  const d = settings({ target: 'data-dir', primary: '/srv/a/', candidate: '/srv/b', replicas: '/srv/c' });
  expect([d.primary, d.candidate, d.replicas]).toEqual(['/srv/a', '/srv/b', ['/srv/c']]);
  expect(d.nodes['/srv/b']).toEqual({ kind: 'data-dir', dataDir: '/srv/b', user: 'postgres', database: 'postgres' });
  expect(refusal(() => settings({ target: 'data-dir', primary: 'srv/a', candidate: '/srv/b', replicas: '' })).message).toContain(
    'is not absolute',
  );
  expect(refusal(() => settings({ target: 'data-dir', primary: '/a', candidate: '/b', replicas: '', 'data-dir': '/x' })).code).toBe(
    'USAGE',
  );
  // The action face passes action.yml's default: not a mistake.
  const fromAction = drillSettings(
    new Inputs({ target: 'data-dir', primary: '/a', candidate: '/b', 'data-dir': '/var/lib/postgresql/data' }, 'action', DRILL_OPTIONS),
  );
  expect(fromAction.nodes['/b']?.kind).toBe('data-dir');

  const c = settings({ target: 'connection', primary: 'postgresql://app@db1:5433/app', candidate: 'postgresql://db2', replicas: '' });
  expect([c.primary, c.candidate]).toEqual(['app@db1:5433/app', 'postgres@db2:5432/postgres']);
  const withPassword = refusal(() =>
    settings({ target: 'connection', primary: 'postgresql://app:s3cret@db1/app', candidate: 'postgresql://db2', replicas: '' }),
  );
  expect(withPassword.message).toContain('holds a password');
  expect(withPassword.message).not.toContain('s3cret');
  expect(refusal(() => settings({ target: 'connection', primary: 'db1', candidate: 'postgresql://db2', replicas: '' })).message).toContain(
    'must be a postgresql:// URI',
  );
});

test('rejoin over a connection is refused before anything is touched, saying what to do on the host', () => {
  const s = settings({ target: 'connection', primary: 'postgresql://a', candidate: 'postgresql://b', replicas: '', rejoin: 'true' });
  const facts = healthy();
  facts.primary = node(s.primary, { kind: 'connection', inRecovery: false, receiver: undefined, address: addressOf(['a'], 5432) });
  facts.candidate = node(s.candidate, { kind: 'connection', address: addressOf(['b'], 5432) });
  facts.replicas = [];
  const e = refusal(() => planDrill(s, facts));
  expect(e.code).toBe('DRILL_REFUSED');
  expect(e.message).toContain('cannot be rejoined over a connection: pg_rewind needs its data directory');
});

test('local nodes are told apart by port: a replica of another server on the same host is refused', () => {
  const s = settings({ target: 'data-dir', primary: '/a', candidate: '/b', replicas: '' });
  const facts = healthy();
  facts.primary = node('/a', {
    kind: 'data-dir',
    inRecovery: false,
    receiver: undefined,
    address: addressOf(['127.0.0.1', '/a/sock'], 6001),
  });
  facts.candidate = node('/b', { receiver: { status: 'streaming', senderHost: '127.0.0.1', senderPort: 6009 } });
  facts.replicas = [];
  expect(refusal(() => planDrill(s, facts)).message).toContain('/b does not stream from /a (streaming from 127.0.0.1:6009)');
  facts.candidate = node('/b', { receiver: { status: 'streaming', senderHost: 'localhost', senderPort: 6001 } });
  expect(planDrill(s, facts).steps[2]).toContain('pg_ctl stop -m fast');
});

test('repointConninfo moves host and port to the new primary and keeps the rest', () => {
  const from = addressOf(['127.0.0.1', '/tmp/a'], 6001);
  const to = addressOf(['127.0.0.1', '/tmp/b'], 6002);
  const c = "user=postgres password='a b' host=127.0.0.1 port=6001 sslmode=prefer";
  expect(repointConninfo(c, from, to)).toBe("user=postgres password='a b' host=127.0.0.1 port=6002 sslmode=prefer");
  expect(repointConninfo('host=/tmp/a port=6001', from, to)).toBe('host=/tmp/b port=6002');
  expect(repointConninfo('host=127.0.0.1 port=6003', from, to)).toBeUndefined();
  expect(repointConninfo('host=127.0.0.1', addressOf(['127.0.0.1'], 5432), to)).toBe('host=127.0.0.1 port=6002');
  expect(connectionUri({ host: '/tmp/a b', port: 6001, user: 'postgres', database: 'app' })).toBe(
    'postgresql:///app?host=%2Ftmp%2Fa+b&port=6001&user=postgres',
  );
});
