/** Replication checks the drill tests share: a write on the new primary reaches each replica. */
import { expect } from '@jest/globals';

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
