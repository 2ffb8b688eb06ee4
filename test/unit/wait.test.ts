import { describe, expect, test } from '@jest/globals';
import { notYet, waitUntil } from '../../src/core/wait.js';

describe('waitUntil', () => {
  test('returns the value of the first look that is done, and looks at least once even with no time', async () => {
    let looks = 0;
    const r = await waitUntil(async () => (++looks === 3 ? { done: true, value: 'ready' } : { done: false }), {
      timeoutMs: 5000,
      intervalMs: 1,
    });
    expect(r).toMatchObject({ timedOut: false, value: 'ready' });
    expect(looks).toBe(3);
    const once = await waitUntil(async () => ({ done: true, value: 1 }), { timeoutMs: 0 });
    expect(once).toMatchObject({ timedOut: false, value: 1 });
  });

  test('a timeout keeps the last reason; onWait hears every look that was not done', async () => {
    const waited: number[] = [];
    let n = 0;
    const r = await waitUntil(async () => notYet(new Error(`refused ${++n}`)), {
      timeoutMs: 30,
      intervalMs: 5,
      onWait: (ms) => waited.push(ms),
    });
    expect(r.timedOut).toBe(true);
    if (!r.timedOut) return;
    expect(r.why).toBe(`refused ${n}`);
    expect(r.waitedMs).toBeGreaterThanOrEqual(30);
    expect(waited.length).toBe(n - 1);
  });
});
