/**
 * Real Docker for the tests: a PostgreSQL 15 primary container and a streaming replica container
 * (pg_basebackup -R over a user-defined network), made from the local image that
 * scripts/ci/docker-setup.sh builds without any registry. Every container and network gets a
 * unique name and is removed afterwards, even when a test file dies halfway.
 *
 * Docker tests skip (visibly) on a machine where no daemon answers, and fail when CI is set:
 * a CI run that silently skips them proves nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, runSyncForCleanup, type RunResult } from '../../src/core/exec.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SETUP_SCRIPT = join(ROOT, 'scripts', 'ci', 'docker-setup.sh');
const RECIPE = [
  SETUP_SCRIPT,
  join(ROOT, 'test', 'harness', 'docker', 'entrypoint.sh'),
  join(ROOT, 'test', 'harness', 'docker', 'packages'),
];

/** Data directory inside the containers, as the spec's default. */
export const CONTAINER_DATA_DIR = '/var/lib/postgresql/data';

/** The image name docker-setup.sh gives the current recipe (same content hash, same order). */
export function testImageName(): string {
  const hash = createHash('sha256');
  for (const file of RECIPE) hash.update(readFileSync(file));
  return `aza-pg-test/postgres:${hash.digest('hex').slice(0, 16)}`;
}

export interface DockerStatus {
  available: boolean;
  /** Why Docker tests cannot run, when they cannot. */
  reason?: string;
  image: string;
}

type Describe = (typeof import('@jest/globals'))['describe'] | (typeof import('@jest/globals'))['describe']['skip'];

let status: Promise<DockerStatus> | undefined;

async function probeDocker(): Promise<DockerStatus> {
  const image = process.env.AZA_PG_TEST_IMAGE ?? testImageName();
  let info: RunResult;
  try {
    info = await run('docker', ['info', '--format', '{{.ServerVersion}}'], { allowFailure: true, timeoutMs: 20000 });
  } catch (e) {
    return { available: false, reason: `docker is not installed (${(e as Error).message})`, image };
  }
  if (info.code !== 0) return { available: false, reason: `no Docker daemon answers: ${info.stderr.trim().split('\n').pop()}`, image };
  const present = await run('docker', ['image', 'inspect', image], { allowFailure: true });
  if (present.code !== 0) {
    // The daemon is there but the image of this recipe is not: build it (idempotent, ~70 s).
    const built = await run('bash', [SETUP_SCRIPT], { allowFailure: true, timeoutMs: 600000 });
    if (built.code !== 0) return { available: false, reason: `building the test image failed: ${built.stderr.trim().slice(-1500)}`, image };
  }
  return { available: true, image };
}

/** Whether a Docker daemon answers and the test image is present (built on first need). */
export function dockerStatus(): Promise<DockerStatus> {
  status ??= probeDocker();
  return status;
}

export async function dockerAvailable(): Promise<boolean> {
  return (await dockerStatus()).available;
}

/**
 * `describe` for Docker tests: the real one when Docker works, `describe.skip` (with a warning
 * saying why) on a developer machine without Docker, and an error when CI is set.
 * Use with top-level await: `const describeDocker = await dockerDescribe();`
 */
export async function dockerDescribe(): Promise<Describe> {
  // Imported here, not at the top: the benchmark uses this harness outside Jest.
  const { describe } = await import('@jest/globals');
  const s = await dockerStatus();
  if (s.available) return describe;
  if (process.env.CI) {
    throw new Error(`Docker tests cannot run in CI: ${s.reason}. Run bash scripts/ci/docker-setup.sh first.`);
  }
  process.stderr.write(`\n[docker tests skipped] ${s.reason}. Run bash scripts/ci/docker-setup.sh to enable them.\n`);
  return describe.skip;
}

// ---------------------------------------------------------------------------------------------

const liveContainers = new Set<string>();
const liveNetworks = new Set<string>();
let exitHookInstalled = false;

function trackForExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const name of liveContainers) runSyncForCleanup('docker', ['rm', '-f', '-v', name]);
    for (const name of liveNetworks) runSyncForCleanup('docker', ['network', 'rm', name]);
  });
}

let counter = 0;

/** A name no other test (or test run) uses: docker names are global to the daemon. */
export function uniqueName(prefix: string): string {
  return `aza-pg-${prefix}-${process.pid}-${++counter}-${randomBytes(3).toString('hex')}`;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

export class PgContainer {
  constructor(
    readonly name: string,
    readonly network: string,
    readonly role: 'primary' | 'replica',
  ) {}

  /** Runs SQL inside the container as postgres over the local socket; returns rows of fields. */
  async query(sql: string, opts: { allowFailure?: boolean } = {}): Promise<string[][]> {
    const r = await this.psql(sql);
    if (r.code !== 0) {
      if (opts.allowFailure) return [];
      throw new Error(`SQL failed in ${this.name} (${r.code}): ${r.stderr.trim()}`);
    }
    return r.stdout === ''
      ? []
      : r.stdout
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => l.split('|'));
  }

  psql(sql: string): Promise<RunResult> {
    return run(
      'docker',
      ['exec', '-u', 'postgres', this.name, 'psql', '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-U', 'postgres', '-c', sql],
      {
        allowFailure: true,
        timeoutMs: 30000,
      },
    );
  }

  async exec(args: string[], user = 'postgres'): Promise<RunResult> {
    return run('docker', ['exec', '-u', user, this.name, ...args], { allowFailure: true, timeoutMs: 60000 });
  }

  async isInRecovery(): Promise<boolean> {
    return (await this.query('SELECT pg_is_in_recovery()'))[0]?.[0] === 't';
  }

  async stop(): Promise<void> {
    await run('docker', ['stop', '-t', '30', this.name]);
  }

  async start(): Promise<void> {
    await run('docker', ['start', this.name]);
    await this.waitReady();
  }

  async logs(lines = 40): Promise<string> {
    const r = await run('docker', ['logs', '--tail', String(lines), this.name], { allowFailure: true });
    return `${r.stdout}${r.stderr}`;
  }

  /** Waits until the server accepts SQL (and, for a replica, streams from its primary). */
  async waitReady(timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const check = this.role === 'replica' ? 'SELECT status FROM pg_stat_wal_receiver' : 'SELECT 1';
    const want = this.role === 'replica' ? 'streaming' : '1';
    for (;;) {
      const r = await this.psql(check);
      if (r.code === 0 && r.stdout.trim() === want) return;
      if (Date.now() > deadline) {
        throw new Error(`Container ${this.name} not ready after ${timeoutMs / 1000} s (${r.stderr.trim()})\n${await this.logs()}`);
      }
      await sleep(200);
    }
  }

  async remove(): Promise<void> {
    await run('docker', ['rm', '-f', '-v', this.name], { allowFailure: true });
    liveContainers.delete(this.name);
  }
}

export interface ContainerPair {
  primary: PgContainer;
  replica: PgContainer;
  network: string;
  /** Removes both containers and the network. */
  remove(): Promise<void>;
}

/** dataVolume: the data directory on an anonymous volume, as production containers keep it (docker rm -v removes it). */
async function runContainer(
  name: string,
  network: string,
  image: string,
  password: string,
  env: Record<string, string>,
  dataVolume = false,
): Promise<void> {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  liveContainers.add(name);
  // -e POSTGRES_PASSWORD without a value: docker copies it from its own environment, not argv.
  await run(
    'docker',
    [
      'run',
      '-d',
      '--name',
      name,
      '--hostname',
      name,
      '--network',
      network,
      '--stop-signal',
      'SIGINT',
      '-e',
      'POSTGRES_PASSWORD',
      ...envArgs,
      ...(dataVolume ? ['-v', CONTAINER_DATA_DIR] : []),
      image,
    ],
    { env: { ...process.env, POSTGRES_PASSWORD: password }, timeoutMs: 60000 },
  );
}

/** A primary container on a fresh user-defined network, ready for SQL. */
export async function startPrimaryContainer(
  opts: { network?: string; name?: string; password?: string; dataVolume?: boolean } = {},
): Promise<{ primary: PgContainer; password: string }> {
  trackForExit();
  const { image } = await dockerStatus();
  const network = opts.network ?? (await createNetwork());
  const password = opts.password ?? randomBytes(12).toString('base64url');
  const name = opts.name ?? uniqueName('primary');
  await runContainer(name, network, image, password, {}, opts.dataVolume);
  const primary = new PgContainer(name, network, 'primary');
  await primary.waitReady();
  return { primary, password };
}

/** A streaming replica of `primary`, made by the entrypoint with pg_basebackup -R. */
export async function startReplicaContainer(
  primary: PgContainer,
  password: string,
  opts: { name?: string; dataVolume?: boolean } = {},
): Promise<PgContainer> {
  trackForExit();
  const { image } = await dockerStatus();
  const name = opts.name ?? uniqueName('replica');
  await runContainer(
    name,
    primary.network,
    image,
    password,
    { AZA_PG_ROLE: 'replica', AZA_PG_PRIMARY_HOST: primary.name },
    opts.dataVolume,
  );
  const replica = new PgContainer(name, primary.network, 'replica');
  await replica.waitReady();
  return replica;
}

export async function createNetwork(): Promise<string> {
  trackForExit();
  const name = uniqueName('net');
  liveNetworks.add(name);
  await run('docker', ['network', 'create', name]);
  return name;
}

export async function removeNetwork(name: string): Promise<void> {
  await run('docker', ['network', 'rm', name], { allowFailure: true });
  liveNetworks.delete(name);
}

/** A primary and its streaming replica on their own network. */
export async function startContainerPair(opts: { replicaName?: string; dataVolume?: boolean } = {}): Promise<ContainerPair> {
  const network = await createNetwork();
  const { primary, password } = await startPrimaryContainer({ network, dataVolume: opts.dataVolume ?? false });
  const replica = await startReplicaContainer(primary, password, {
    ...(opts.replicaName ? { name: opts.replicaName } : {}),
    dataVolume: opts.dataVolume ?? false,
  });
  return {
    primary,
    replica,
    network,
    async remove() {
      await Promise.all([replica.remove(), primary.remove()]);
      await removeNetwork(network);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Another PostgreSQL major (scripts/ci/docker-image-major.sh): Debian trixie's PostgreSQL 17,
// whose binaries run only inside its image on a bookworm host.

const MAJOR_IMAGE_SCRIPT = join(ROOT, 'scripts', 'ci', 'docker-image-major.sh');

/** The image name docker-image-major.sh gives `major` (same content hash). */
export function majorImageName(major: number): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(MAJOR_IMAGE_SCRIPT));
  hash.update(readFileSync(join(ROOT, 'test', 'harness', 'docker', 'entrypoint.sh')));
  hash.update(`${major}\n`);
  return `aza-pg-test/postgres${major}:${hash.digest('hex').slice(0, 16)}`;
}

/** The image of `major`, built on first need (about a minute); throws when it cannot be had. */
export async function majorImage(major: number): Promise<string> {
  const image = majorImageName(major);
  const present = await run('docker', ['image', 'inspect', image], { allowFailure: true });
  if (present.code !== 0) {
    const built = await run('bash', [MAJOR_IMAGE_SCRIPT, String(major)], { allowFailure: true, timeoutMs: 900000 });
    if (built.code !== 0) throw new Error(`building the PostgreSQL ${major} image failed: ${built.stderr.trim().slice(-1500)}`);
  }
  return image;
}

export interface PublishedServer {
  container: PgContainer;
  image: string;
  /** The host port, published on 127.0.0.1 only. */
  port: number;
  password: string;
  remove(): Promise<void>;
}

/** A PostgreSQL server of `major` in a container, its port published on 127.0.0.1 only. */
export async function startPublishedServer(major: number): Promise<PublishedServer> {
  trackForExit();
  const image = await majorImage(major);
  const password = randomBytes(12).toString('base64url');
  const name = uniqueName(`pg${major}`);
  liveContainers.add(name);
  // -e POSTGRES_PASSWORD without a value: docker copies it from its own environment, not argv.
  await run('docker', ['run', '-d', '--name', name, '--stop-signal', 'SIGINT', '-p', '127.0.0.1::5432', '-e', 'POSTGRES_PASSWORD', image], {
    env: { ...process.env, POSTGRES_PASSWORD: password },
    timeoutMs: 60000,
  });
  const container = new PgContainer(name, 'bridge', 'primary');
  await container.waitReady();
  const mapped = (await run('docker', ['port', name, '5432/tcp'])).stdout.trim().split('\n')[0] ?? '';
  const port = Number(/^127\.0\.0\.1:(\d+)$/.exec(mapped)?.[1]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`${name}: unexpected published port ${JSON.stringify(mapped)}`);
  return { container, image, port, password, remove: () => container.remove() };
}
