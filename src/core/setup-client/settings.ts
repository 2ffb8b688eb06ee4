/**
 * setup-client settings: the major wanted (or the server whose major it is) and where a missing
 * client may come from (a Debian package file or URL). Nothing here touches the system.
 */
import { isAbsolute, resolve } from 'node:path';
import { CONNECTION_OPTIONS, connectionSettings } from '../connection-options.js';
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import type { Connection } from '../pg.js';

/** The connection options that say where the server is (not which client to use: that is the question). */
const SERVER_OPTIONS = CONNECTION_OPTIONS.filter((o) => !['pg-bin-dir', 'client-image', 'client-container'].includes(o.name)).map((o) => ({
  ...o,
  description: `Without major: ${o.description.charAt(0).toLowerCase()}${o.description.slice(1)} of the server whose major to match`,
}));

export const SETUP_CLIENT_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'major',
    description: 'PostgreSQL major of the client wanted, e.g. 17',
    defaultText: 'the major of the server named by the connection inputs (asked with any psql found)',
  },
  {
    name: 'package',
    description:
      'Debian package of the client (postgresql-client-<major>_….deb), a file or an http(s) URL, used when neither this machine nor the tool cache has that major',
    defaultText: 'none: only this machine and the tool cache are searched',
  },
  { name: 'package-sha256', description: 'SHA-256 the package must have (hex); checked before it is unpacked', defaultText: 'not checked' },
  {
    name: 'sources',
    description: 'Where to look, in order, comma-separated: installed (this machine), tool-cache, package',
    default: 'installed,tool-cache,package',
  },
  { name: 'dry-run', description: 'Say where the client would come from; install nothing', default: false, flag: true },
  ...SERVER_OPTIONS,
];

export interface SetupClientSettings {
  major?: number;
  /** Where to ask for the major when none is given. */
  server?: Connection;
  package?: { url: string } | { file: string };
  packageSha256?: string;
  /** Where to look, in order. */
  sources: ClientSource[];
  dryRun: boolean;
}

export const CLIENT_SOURCES = ['installed', 'tool-cache', 'package'] as const;
export type ClientSource = (typeof CLIENT_SOURCES)[number];

export function setupClientSettings(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): SetupClientSettings {
  const major = inputs.integer('major', { min: 10, max: 99, hint: 'A PostgreSQL major such as 15 or 17.' });
  const pkg = inputs.string('package');
  const sha = inputs.string('package-sha256')?.toLowerCase();
  if (sha !== undefined && !/^[0-9a-f]{64}$/.test(sha)) {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('package-sha256')} is not a SHA-256 (64 hex digits)`,
      'Copy it from sha256sum <file>.',
    );
  }
  if (sha !== undefined && pkg === undefined) {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('package-sha256')} needs ${inputs.label('package')}`,
      'Name the package, or drop the checksum.',
    );
  }
  let source: SetupClientSettings['package'];
  if (pkg !== undefined) {
    if (/^https?:\/\//i.test(pkg)) source = { url: pkg };
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pkg)) {
      throw new AzaError(
        'INVALID_INPUT',
        `${inputs.label('package')}: only http(s) URLs and files are supported, not ${pkg.split(':')[0]}`,
        'Give an https:// URL or a file path.',
      );
    } else source = { file: isAbsolute(pkg) ? pkg : resolve(cwd, pkg) };
  }
  const sources = inputs
    .stringOrDefault('sources')!
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = sources.filter((x) => !(CLIENT_SOURCES as readonly string[]).includes(x));
  if (sources.length === 0 || unknown.length > 0) {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('sources')}: ${unknown.length ? `unknown ${unknown.join(', ')}` : 'empty'}`,
      `List some of ${CLIENT_SOURCES.join(', ')}, comma-separated.`,
    );
  }
  if (sources.includes('package') && pkg === undefined && !sources.some((x) => x !== 'package')) {
    throw new AzaError(
      'INVALID_INPUT',
      `${inputs.label('sources')} is only package, but no package is given`,
      `Give ${inputs.label('package')}.`,
    );
  }
  return {
    sources: [...new Set(sources)] as ClientSource[],
    ...(major !== undefined ? { major } : { server: connectionSettings(inputs, env) }),
    ...(source ? { package: source } : {}),
    ...(sha ? { packageSha256: sha } : {}),
    dryRun: inputs.boolean('dry-run'),
  };
}
