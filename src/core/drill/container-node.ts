/**
 * A container node: stopped and started with the docker CLI; rewound by pg_rewind in a throw-away
 * container on its volumes and network (the node's own container cannot run meanwhile: it would
 * start as a primary).
 */
import { run } from '../exec.js';
import type { NodeFacts } from './plan.js';
import type { DrillSettings } from './settings.js';

export async function containerRunning(name: string, env: NodeJS.ProcessEnv): Promise<boolean | undefined> {
  const r = await run('docker', ['inspect', '-f', '{{.State.Running}}', name], { env, allowFailure: true });
  if (r.code !== 0) return undefined;
  return r.stdout.trim() === 'true';
}

export async function stopContainer(name: string, timeoutSeconds: number, env: NodeJS.ProcessEnv): Promise<string> {
  const r = await run('docker', ['stop', '-t', String(timeoutSeconds), name], {
    env,
    allowFailure: true,
    timeoutMs: (timeoutSeconds + 30) * 1000,
  });
  return `docker stop: ${r.code === 0 ? 'ok' : r.stderr.trim() || `exit ${r.code}`}`;
}

export async function startContainer(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const r = await run('docker', ['start', name], { env, allowFailure: true });
  return r.code === 0 ? undefined : r.stderr.trim() || `docker start: exit ${r.code}`;
}

/** The container is stopped and its standby.signal is in place: it never promoted, and restarts as a replica. */
export async function containerDownUnpromoted(name: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if ((await containerRunning(name, env)) !== false) return false;
  const signal = await run('docker', ['cp', `${name}:${dataDir}/standby.signal`, '-'], { env, allowFailure: true });
  return signal.code === 0;
}

/**
 * pg_rewind of the stopped container from the new primary, then its standby.signal and
 * primary_conninfo. The connection string, password included, goes in on stdin, never on the
 * docker command line. Returns why it failed, or undefined.
 */
export async function rewindContainer(
  old: NodeFacts,
  conninfo: string,
  s: DrillSettings,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const inspect = async (format: string): Promise<string> =>
    (await run('docker', ['inspect', '-f', format, old.name], { env })).stdout.trim();
  const image = await inspect('{{.Config.Image}}');
  const network = (await inspect('{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}')).split(/\s+/)[0] ?? '';
  const script = [
    'set -eu',
    'IFS= read -r conninfo',
    'for d in /usr/lib/postgresql/*/bin; do PATH="$d:$PATH"; done',
    'pg_rewind --target-pgdata="$1" --source-server="$conninfo"',
    // pg_rewind copied the new primary's configuration, whose primary_conninfo named the old one:
    // the last line of postgresql.auto.conf wins.
    `printf "primary_conninfo = '%s'\\n" "$(printf %s "$conninfo" | sed "s/'/''/g")" >> "$1/postgresql.auto.conf"`,
    'touch "$1/standby.signal"',
  ].join('\n');
  const rewound = await run(
    'docker',
    [
      'run',
      '--rm',
      '-i',
      '--volumes-from',
      old.name,
      ...(network ? ['--network', network] : []),
      '--user',
      'postgres',
      '--entrypoint',
      'sh',
      image,
      '-c',
      script,
      'aza-pg-rewind',
      s.dataDir,
    ],
    { env, input: `${conninfo}\n`, allowFailure: true, timeoutMs: 600000 },
  );
  return rewound.code === 0 ? undefined : `exit ${rewound.code}: ${rewound.stderr.trim().split('\n').slice(-3).join(' ')}`;
}
