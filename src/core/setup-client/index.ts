/** setup-client (action aza-pg/setup-pg-client): a PostgreSQL client of the wanted major, found or installed. */
import type { Operation } from '../operation.js';
import { connectionSecrets } from '../pg.js';
import { gatherSetupClientFacts, type SetupClientFacts } from './facts.js';
import { describeSetupClient, planSetupClient, type SetupClientPlan } from './plan.js';
import { plannedSetupClientOutputs, setupClientOutputs, setupClientSummary } from './report.js';
import { runSetupClient, type SetupClientResult } from './run.js';
import { SETUP_CLIENT_OPTIONS, setupClientSettings, type SetupClientSettings } from './settings.js';

export const setupClient: Operation<SetupClientSettings, SetupClientFacts, SetupClientPlan, SetupClientResult> = {
  name: 'setup-pg-client',
  command: 'setup-client',
  description:
    "Find or install the PostgreSQL client of a major (or of a server's major): on this machine, in the tool cache, or from its Debian package.",
  branding: { icon: 'download', color: 'blue' },
  options: SETUP_CLIENT_OPTIONS,
  outputSpecs: [
    { name: 'bin-dir', description: 'Directory of pg_dump, pg_restore and psql of that major (pass it as pg-bin-dir)' },
    { name: 'version', description: 'Version of that pg_dump, e.g. 17.6' },
    { name: 'major', description: 'The major found or installed' },
    { name: 'source', description: 'Where it came from: installed (already on the machine), tool-cache, or package' },
  ],
  cli: {
    usage: 'aza-pg setup-client [options]',
    examples: [
      'aza-pg setup-client --major 17',
      'aza-pg setup-client --host db.example.com            # the major of that server',
      'aza-pg setup-client --major 15 --package postgresql-client-15_15.18-0+deb12u1_amd64.deb',
    ],
    done: (r) => `✓ PostgreSQL ${r.version} client: ${r.binDir}`,
  },
  settings: setupClientSettings,
  secrets: (s) => (s.server ? connectionSecrets(s.server) : []),
  gather: gatherSetupClientFacts,
  plan: planSetupClient,
  describe: describeSetupClient,
  run: runSetupClient,
  outputs: setupClientOutputs,
  plannedOutputs: plannedSetupClientOutputs,
  summary: setupClientSummary,
};

export { SETUP_CLIENT_OPTIONS, setupClientSettings, type SetupClientSettings } from './settings.js';
export { cacheVersion, type SetupClientResult } from './run.js';
export { localToolCache } from './local-cache.js';
