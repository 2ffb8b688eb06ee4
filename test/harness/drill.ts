/**
 * What the drill tests share: a reporter that acts when a step starts (the way a failure is
 * staged at the right moment: a node killed, a fenced node started again) and the check that a
 * write on the new primary reaches each replica.
 */
import { expect } from '@jest/globals';
import { MemoryReporter } from '../../src/core/report.js';

/** Runs `act` once, when the drill starts the step whose name begins with `prefix`. */
export class AtStep extends MemoryReporter {
  private done = false;
  constructor(
    private readonly prefix: string,
    private readonly act: () => Promise<unknown>,
  ) {
    super();
  }
  override async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!this.done && name.startsWith(this.prefix)) {
      this.done = true;
      await this.act();
    }
    return super.step(name, fn);
  }
}

interface Queryable {
  query(sql: string): Promise<string[][]>;
}

/** Polls each node (up to 10 s) until `sql` answers `expected`; fails the test with the last answer. */
export async function expectEachToSee(nodes: Queryable[], sql: string, expected: string): Promise<void> {
  for (const node of nodes) {
    let seen = '';
    for (let i = 0; i < 100 && seen !== expected; i++) {
      seen = (await node.query(sql))[0]?.[0] ?? '';
      if (seen !== expected) await new Promise((res) => setTimeout(res, 100));
    }
    expect(seen).toBe(expected);
  }
}
