/**
 * Tool discovery on this machine's real files: one probe per binary however many paths lead to it
 * (/bin links to /usr/bin), and Debian's pg_wrapper (a Perl script that runs one of the versioned
 * binaries, which are candidates of their own) only when it is what --pg-bin-dir names.
 */
import { expect, test } from '@jest/globals';
import { existsSync, realpathSync } from 'node:fs';
import { discoverTool } from '../../src/core/pg-tools.js';
import { findServerBinaries } from '../../src/core/cluster.js';

const wrapped = existsSync('/usr/bin/pg_dump') && realpathSync('/usr/bin/pg_dump').endsWith('/postgresql-common/pg_wrapper');

test('each binary is probed once, whatever the paths that lead to it', async () => {
  const { binDir } = await findServerBinaries();
  const found = await discoverTool('pg_dump', { env: { PATH: `${binDir}:/bin:/usr/bin:${binDir}` } });
  const reals = found.map((c) => realpathSync(c.path));
  expect(new Set(reals).size).toBe(reals.length);
  expect(found[0]!.path).toBe(`${binDir}/pg_dump`);
});

(wrapped ? test : test.skip)("Debian's pg_wrapper is skipped in a search, and used when --pg-bin-dir names its directory", async () => {
  const searched = await discoverTool('pg_dump', { env: { PATH: '/usr/bin:/bin' } });
  expect(searched.map((c) => c.path)).not.toContain('/usr/bin/pg_dump');
  expect(searched.length).toBeGreaterThan(0);
  expect(searched.every((c) => c.path.startsWith('/usr/lib/postgresql/'))).toBe(true);
  const asked = await discoverTool('pg_dump', { binDir: '/usr/bin' });
  expect(asked.map((c) => c.path)).toEqual(['/usr/bin/pg_dump']);
});
