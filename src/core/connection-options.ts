/**
 * The connection vocabulary every operation that talks to a server draws from, so `host`, `port`,
 * `password`, … mean the same thing in every action and command. Their defaults are libpq's
 * environment (PGHOST, PGPORT, …), resolved by pg.resolveConnection.
 */
import { resolve } from 'node:path';
import { clientContainerBinDir } from './client-container.js';
import { AzaError } from './errors.js';
import type { Inputs, OptionSpec } from './inputs.js';
import { SSL_MODES, parsePort, resolveConnection, type Connection, type SslMode } from './pg.js';

export const CONNECTION_OPTIONS: readonly OptionSpec[] = [
  { name: 'host', description: 'Server host name, IP address or socket directory', defaultText: 'PGHOST, else localhost' },
  { name: 'port', description: 'Server port', defaultText: 'PGPORT, else 5432' },
  { name: 'user', description: 'User name', defaultText: 'PGUSER, else postgres' },
  {
    name: 'password',
    description: 'Password; pass a secret. Given to the tools through the environment, never on a command line',
    defaultText: 'PGPASSWORD or ~/.pgpass',
    secret: true,
    only: 'action',
  },
  {
    name: 'connection-uri',
    description: 'postgresql://user:password@host:port/database?sslmode=… (the other connection options win over it)',
    secret: true,
  },
  { name: 'sslmode', description: `TLS mode: ${SSL_MODES.join(', ')}`, defaultText: "PGSSLMODE, else libpq's default (prefer)" },
  { name: 'sslrootcert', description: 'CA certificate file for sslmode verify-ca / verify-full', defaultText: 'PGSSLROOTCERT' },
  {
    name: 'pg-bin-dir',
    description: 'Directory holding the PostgreSQL client tools (pg_dump, psql, pg_restore)',
    defaultText: 'PATH and the usual install locations; the client of the server major is preferred, a newer one accepted',
  },
  {
    name: 'client-image',
    description:
      'Docker image whose PostgreSQL client tools to use (e.g. postgres:17): run with docker run --rm -i --network host, streaming to this machine',
    defaultText: 'none: the client tools of this machine',
  },
  {
    name: 'client-container',
    description: 'Running Docker container whose PostgreSQL client tools to use (docker exec; file paths are inside the container)',
    defaultText: 'none: the client tools of this machine',
  },
];

/**
 * The directory of the client tools the user chose: pg-bin-dir (absolute), or the stand-in
 * directory of a client image or container (client-container.ts); undefined to discover them.
 */
export function clientBinDir(inputs: Inputs, cwd: string): string | undefined {
  const chosen = (['pg-bin-dir', 'client-image', 'client-container'] as const).filter((n) => inputs.string(n) !== undefined);
  if (chosen.length > 1) {
    throw new AzaError(
      'INVALID_INPUT',
      `${chosen.map((n) => inputs.label(n)).join(' and ')} each name the client tools; give one`,
      'Keep the one that holds a client of the server major or newer.',
    );
  }
  const binDir = inputs.string('pg-bin-dir');
  if (binDir !== undefined) return resolve(cwd, binDir);
  const image = inputs.string('client-image');
  if (image !== undefined) return clientContainerBinDir('image', image);
  const container = inputs.string('client-container');
  if (container !== undefined) return clientContainerBinDir('container', container);
  return undefined;
}

export function connectionSettings(inputs: Inputs, env: NodeJS.ProcessEnv, database?: string): Connection {
  const port = inputs.string('port');
  const sslmode = inputs.oneOf<SslMode>('sslmode', SSL_MODES);
  return resolveConnection({
    env,
    uri: inputs.string('connection-uri'),
    inputs: {
      host: inputs.string('host'),
      port: port === undefined ? undefined : parsePort(port, inputs.label('port')),
      user: inputs.string('user'),
      password: inputs.verbatim('password'),
      sslmode,
      sslrootcert: inputs.string('sslrootcert'),
      database,
    },
  });
}
