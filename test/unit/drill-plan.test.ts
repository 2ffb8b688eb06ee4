/** The drill's plan is pure: the shapes it refuses, before anything is touched. */
import { expect, test } from '@jest/globals';
import { AzaError } from '../../src/core/errors.js';
import { Inputs } from '../../src/core/inputs.js';
import { DRILL_OPTIONS, drillSettings } from '../../src/core/drill/settings.js';
import { planDrill, type DrillFacts, type NodeFacts } from '../../src/core/drill/plan.js';
import type { Target } from '../../src/core/target.js';

const settings = (raw: Record<string, string>) =>
  drillSettings(new Inputs({ primary: 'a', candidate: 'b', replicas: 'c', ...raw }, 'cli', DRILL_OPTIONS));

function node(name: string, over: Partial<NodeFacts> = {}): NodeFacts {
  return {
    name,
    target: {} as Target,
    inRecovery: true,
    receiver: { status: 'streaming', senderHost: 'a' },
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
  facts.replicas = [node('c', { receiver: { status: 'streaming', senderHost: 'x' } })];
  facts.candidate = node('b', { inRecovery: false, receiver: undefined });
  facts.primary = node('a', { inRecovery: false, receiver: undefined, rewindable: false, dataOnVolume: false });
  const e = refusal(() => planDrill(settings({ rejoin: 'true' }), facts));
  expect(e.code).toBe('DRILL_REFUSED');
  expect(e.message).toContain('b accepts writes: it is not a replica (split brain?)');
  expect(e.message).toContain('c does not stream from a (streaming from x)');
  expect(e.message).toContain('neither wal_log_hints nor data checksums');
  expect(e.message).toContain('is not on a volume');
});

test('bad input: a node named twice, a relative data directory, an unreadable duration', () => {
  expect(refusal(() => settings({ replicas: 'b' })).message).toContain('The container b is named twice');
  expect(refusal(() => settings({ 'data-dir': 'data' })).message).toContain('is not absolute');
  expect(refusal(() => settings({ 'max-catchup': 'soon' })).code).toBe('INVALID_INPUT');
});
