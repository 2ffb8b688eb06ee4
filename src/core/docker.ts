/**
 * The Docker CLI, as targets use it: is Docker there and answering, does a container exist and
 * run, and `docker exec` as the OS user postgres. Nothing goes through a shell; a container name
 * is one argv element, whatever characters it holds.
 */
import { AzaError } from './errors.js';
import { commandNotFound, run, shellWord, type RunOptions, type RunResult } from './exec.js';

export interface ContainerState {
  id: string;
  status: string;
  running: boolean;
}

/** Docker is installed and its daemon answers; otherwise an error naming which of the two. */
export async function checkDocker(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let r: RunResult;
  try {
    r = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env, allowFailure: true, timeoutMs: 30000 });
  } catch (e) {
    if (e instanceof AzaError && e.code === 'TOOL_NOT_FOUND') {
      throw new AzaError(
        'DOCKER_NOT_FOUND',
        'Docker is not installed: the docker command was not found on PATH',
        `${commandNotFound('docker').hint} Without Docker, promote a local data directory (--target data-dir) or a server over a connection (--target connection).`,
      );
    }
    throw e;
  }
  if (r.code !== 0 || r.stdout.trim() === '') {
    const detail = r.stderr.trim().split('\n').filter(Boolean).pop() ?? `docker version exited with code ${r.code}`;
    throw new AzaError(
      'DOCKER_UNAVAILABLE',
      `Docker is installed but its daemon does not answer: ${detail}`,
      `Start the daemon (sudo systemctl start docker, or dockerd), check DOCKER_HOST${env.DOCKER_HOST ? ` (now ${env.DOCKER_HOST})` : ''}, and that this user may use it (docker info).`,
    );
  }
}

/** The container's id and state; undefined when no container has that name. */
export async function inspectContainer(name: string, env: NodeJS.ProcessEnv = process.env): Promise<ContainerState | undefined> {
  // "--" ends docker's options: a name starting with "-" stays a name.
  const r = await run('docker', ['container', 'inspect', '--format', '{{.Id}} {{.State.Status}} {{.State.Running}}', '--', name], {
    env,
    allowFailure: true,
    timeoutMs: 30000,
  });
  if (r.code !== 0) {
    if (/no such (container|object)/i.test(r.stderr)) return undefined;
    throw new AzaError('DOCKER_FAILED', `docker container inspect failed for ${JSON.stringify(name)}: ${r.stderr.trim()}`);
  }
  const [id, status, running] = r.stdout.trim().split(' ');
  return { id: id!, status: status ?? 'unknown', running: running === 'true' };
}

/** Docker up, the container exists and runs: the spec's prerequisite checks. */
export async function requireRunningContainer(name: string, env: NodeJS.ProcessEnv = process.env): Promise<ContainerState> {
  if (name.trim() === '')
    throw new AzaError('INVALID_INPUT', 'The container name is empty', 'Name the replica container with -c NAME (input container).');
  await checkDocker(env);
  const state = await inspectContainer(name, env);
  if (!state) {
    throw new AzaError(
      'CONTAINER_NOT_FOUND',
      `Container not found: ${JSON.stringify(name)}`,
      'List containers with: docker ps -a. Name the replica with -c NAME (input container) or set POSTGRES_CONTAINER_NAME.',
    );
  }
  if (!state.running) {
    throw new AzaError(
      'CONTAINER_NOT_RUNNING',
      `Container ${JSON.stringify(name)} exists but is not running (status: ${state.status})`,
      `Start it first: docker start ${shellWord(name)}; check why it stopped: docker logs ${shellWord(name)} | tail -50`,
    );
  }
  return state;
}

/**
 * What went wrong with a `docker exec` that ended with `code`, when the fault is the container's
 * (the executable missing inside it, the container gone), not the command's; otherwise undefined.
 */
export function dockerExecFault(label: string, tool: string, code: number | null, stderr: string): AzaError | undefined {
  if ((code === 126 || code === 127) && /executable file not found|no such file or directory/i.test(stderr)) {
    return new AzaError(
      'TOOL_NOT_FOUND',
      `${tool} was not found inside ${label}`,
      `The container's image must provide the PostgreSQL client tools (${tool}) on its PATH.`,
    );
  }
  if (/is not running|No such container/i.test(stderr) && code !== 0) {
    return new AzaError(
      'CONTAINER_NOT_RUNNING',
      `${label} stopped while it was being used: ${stderr.trim()}`,
      'Check its log: docker logs <container> | tail -50',
    );
  }
  return undefined;
}

/** docker exec as the OS user postgres; a missing executable becomes a clear error. */
export async function dockerExec(
  containerId: string,
  label: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: RunOptions = {},
): Promise<RunResult> {
  const r = await run('docker', ['exec', '-u', 'postgres', containerId, ...args], { ...opts, env, allowFailure: true });
  const fault = dockerExecFault(label, args[0]!, r.code, r.stderr);
  if (fault) throw fault;
  return r;
}
