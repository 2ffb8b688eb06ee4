/**
 * PostgreSQL client tools taken from a container: pg_dump must be at least the server's major,
 * and the runner may have no such client (PostgreSQL 17 binaries built for glibc 2.38 do not run
 * on a bookworm host). A client image (`docker run --rm -i --network host <image>`) or a running
 * container (`docker exec -i <name>`) then supplies pg_dump, pg_restore and psql, streaming
 * through stdin/stdout to the host.
 *
 * Such a client is named by a bin directory of its own, `docker-image:<image>` or
 * `docker-container:<name>`, so everything that takes a bin directory (discovery, plans, the
 * sibling pg_restore of a pg_dump) works unchanged; exec.ts turns a tool of such a directory into
 * the docker command when it starts it. Nothing secret goes into that command: the libpq
 * variables pass as `-e NAME` without a value, which docker copies from its own environment.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { AzaError } from './errors.js';

export type ClientContainerKind = 'image' | 'container';

const PREFIX: Record<ClientContainerKind, string> = { image: 'docker-image:', container: 'docker-container:' };

export interface ContainerTool {
  kind: ClientContainerKind;
  /** The image or container name. */
  ref: string;
  /** e.g. pg_dump */
  tool: string;
}

/** The bin directory that stands for the client tools of an image or a running container. */
export function clientContainerBinDir(kind: ClientContainerKind, ref: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/.test(ref) || ref.includes('..') || ref.endsWith('/')) {
    throw new AzaError(
      'INVALID_INPUT',
      `Not a Docker ${kind} name: ${JSON.stringify(ref)}`,
      kind === 'image' ? 'Name an image such as postgres:17.' : 'Name a running container (docker ps).',
    );
  }
  return `${PREFIX[kind]}${ref}`;
}

/** Whether a bin directory (or tool path) is a client container's. */
export function isClientContainerPath(path: string): boolean {
  return path.startsWith(PREFIX.image) || path.startsWith(PREFIX.container);
}

/** `docker-image:postgres:17/pg_dump` -> { kind: image, ref: postgres:17, tool: pg_dump } */
export function parseContainerTool(path: string): ContainerTool | undefined {
  const kind = (Object.keys(PREFIX) as ClientContainerKind[]).find((k) => path.startsWith(PREFIX[k]));
  if (!kind) return undefined;
  const rest = path.slice(PREFIX[kind].length);
  const slash = rest.lastIndexOf('/');
  if (slash <= 0) return undefined;
  return { kind, ref: rest.slice(0, slash), tool: rest.slice(slash + 1) };
}

/** Variables the tools read, passed by name only (their values stay in docker's environment). */
function passedVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((k) => /^PG[A-Z]+$/.test(k) || k === 'LC_ALL' || k === 'LANG' || k === 'TZ')
    .filter((k) => env[k] !== undefined)
    .sort();
}

/** The environment values that name files the tools open. */
const FILE_VARIABLES = ['PGSSLROOTCERT', 'PGSSLCERT', 'PGSSLKEY', 'PGSSLCRL', 'PGPASSFILE'];

/**
 * Host directories a `docker run` client needs at the same path: the directories of absolute
 * paths in its arguments (an output file, an archive) and of the files libpq reads, and a socket
 * directory given as the host. Never `/` itself.
 */
export function hostMounts(args: readonly string[], env: NodeJS.ProcessEnv): Array<{ dir: string; readOnly: boolean }> {
  const mounts = new Map<string, boolean>();
  const add = (path: string, readOnly: boolean) => {
    if (!isAbsolute(path)) return;
    const dir = existsSync(path) && statSync(path).isDirectory() ? path : dirname(path);
    if (dir === '/' || !existsSync(dir)) return;
    mounts.set(dir, (mounts.get(dir) ?? true) && readOnly);
  };
  for (const arg of args) {
    const value = arg.startsWith('-') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (arg.startsWith('-') && !arg.includes('=')) continue;
    add(value, false);
  }
  for (const name of FILE_VARIABLES) if (env[name]) add(env[name], true);
  if (env.PGHOST?.startsWith('/')) add(env.PGHOST, false);
  return [...mounts].map(([dir, readOnly]) => ({ dir, readOnly }));
}

/**
 * The docker command that runs a client container's tool: `sh -c` inside sets the umask the
 * caller asked for (0600 backups from creation), then execs the tool with the arguments as they are.
 */
export function containerCommand(
  path: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  umask?: number,
): { cmd: string; args: string[] } | undefined {
  const t = parseContainerTool(path);
  if (!t) return undefined;
  const envArgs = passedVariables(env).flatMap((k) => ['-e', k]);
  const mask = (umask ?? 0o022).toString(8).padStart(4, '0');
  const inner = ['sh', '-c', `umask ${mask} && exec "$0" "$@"`, t.tool, ...args];
  if (t.kind === 'container') return { cmd: 'docker', args: ['exec', '-i', ...envArgs, t.ref, ...inner] };
  // The host's user inside, so the files it writes into mounted directories are the caller's.
  const user = typeof process.getuid === 'function' ? ['--user', `${process.getuid()}:${process.getgid!()}`] : [];
  const mounts = hostMounts(args, env).flatMap((m) => ['-v', `${m.dir}:${m.dir}${m.readOnly ? ':ro' : ''}`]);
  return {
    cmd: 'docker',
    args: ['run', '--rm', '-i', '--network', 'host', ...user, ...envArgs, ...mounts, '--entrypoint', 'sh', t.ref, ...inner.slice(1)],
  };
}
