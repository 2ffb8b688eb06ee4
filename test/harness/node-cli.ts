/**
 * The CLI from source under node (the runtime of the actions: bun already starts its children with
 * a death signal, node does not), and the big table the kill and concurrency tests dump.
 */
import { join } from 'node:path';
import type { Cluster } from '../../src/core/cluster.js';
import { createDatabase } from './backup-helpers.js';
import { ROOT } from './restore-helpers.js';

export const NODE = join(ROOT, 'node_modules/.bin/node');

/** node's arguments that run `aza-pg` from src/cli/index.ts. */
export const NODE_CLI_ARGS = [
  '--experimental-transform-types',
  '--no-warnings',
  '--import',
  join(ROOT, 'test/harness/node-ts-hooks.mjs'),
  join(ROOT, 'src/cli/index.ts'),
];

/** A database with one table `big` of `rows` rows of md5 text: long enough to kill a dump in. */
export async function createBigDatabase(cluster: Cluster, database: string, rows: number): Promise<void> {
  await createDatabase(cluster, database);
  await cluster.query(
    `CREATE TABLE big (id int, a text, b text); INSERT INTO big SELECT g, md5(g::text), md5((g * 7)::text) || md5((g * 13)::text) FROM generate_series(1, ${rows}) g;`,
    database,
  );
}
