/** Where the client comes from: this machine, the tool cache, or the package. Pure. */
import { dirname } from 'node:path';
import { AzaError } from '../errors.js';
import type { Description } from '../operation.js';
import type { SetupClientFacts } from './facts.js';
import type { ClientSource, SetupClientSettings } from './settings.js';

export type { ClientSource } from './settings.js';

export interface SetupClientPlan {
  major: number;
  server?: { where: string; version: string };
  source: ClientSource;
  /** installed, tool-cache: where the client is already. */
  binDir?: string;
  version?: string;
  package?: SetupClientSettings['package'];
  packageSha256?: string;
  dryRun: boolean;
  facts: SetupClientFacts;
}

export function planSetupClient(settings: SetupClientSettings, facts: SetupClientFacts): SetupClientPlan {
  const base = { major: facts.major, ...(facts.server ? { server: facts.server } : {}), dryRun: settings.dryRun, facts };
  // The exact major: a newer pg_dump would serve the server too, but whoever asked for N gets N.
  for (const source of settings.sources) {
    if (source === 'installed') {
      const here = facts.installed.find((c) => c.major === facts.major);
      if (here) return { ...base, source, binDir: dirname(here.path), version: here.version };
    } else if (source === 'tool-cache') {
      if (facts.cached) return { ...base, source, binDir: dirname(facts.cached.path), version: facts.cached.version };
    } else if (settings.package) {
      return { ...base, source, package: settings.package, ...(settings.packageSha256 ? { packageSha256: settings.packageSha256 } : {}) };
    }
  }
  const found = facts.installed.map((c) => `${c.path} (${c.version})`).join(', ') || 'none';
  throw new AzaError(
    'CLIENT_UNAVAILABLE',
    `No PostgreSQL ${facts.major} client in ${settings.sources.filter((x) => x !== 'package').join(' or ') || 'the sources searched'} (pg_dump found here: ${found})`,
    [
      `Give its Debian package (input package, --package): a file or URL of postgresql-client-${facts.major}`,
      `(apt-get download postgresql-client-${facts.major} fetches it where apt knows that major; apt.postgresql.org has every major),`,
      `or take the client from a container instead: client-image: postgres:${facts.major} on the operation itself.`,
    ].join(' '),
  );
}

export function describeSetupClient(plan: SetupClientPlan): Description {
  const pkg = plan.package ? ('url' in plan.package ? plan.package.url : plan.package.file) : undefined;
  const lines = [
    `PostgreSQL ${plan.major} client${plan.server ? ` (the major of ${plan.server.where}, ${plan.server.version})` : ''}`,
    plan.source === 'package'
      ? `would install from the package ${pkg} into the tool cache`
      : `found ${plan.source === 'installed' ? 'on this machine' : 'in the tool cache'}: ${plan.binDir} (${plan.version})`,
  ];
  return { lines, dryRun: plan.dryRun };
}
