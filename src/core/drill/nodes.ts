/**
 * What the drill does to a node, by its kind: fence it, tell whether it is down, start it again,
 * rewind it. A connection node is a server on another host: the drill cannot stop, start or
 * rewind it, only watch it go down (someone stops it on its host) and refuse what it cannot do.
 */
import type { OperationDeps } from '../operation.js';
import { probeOldPrimary } from '../promote/facts.js';
import type { Connection } from '../pg.js';
import { notYet, waitUntil } from '../wait.js';
import { containerDownUnpromoted, containerRunning, startContainer, stopContainer } from './container-node.js';
import { localDownUnpromoted, localState, startLocal, stopLocal } from './local-node.js';
import type { NodeFacts } from './plan.js';
import type { DrillSettings } from './settings.js';

export interface DownState {
  /** undefined: cannot tell (which counts as up: nothing is promoted on a maybe). */
  down: boolean | undefined;
  detail: string;
}

function connectionOf(node: NodeFacts, s: DrillSettings): Connection {
  const spec = s.nodes[node.name]!;
  if (spec.kind !== 'connection') throw new Error(`${node.name} is not a connection node`);
  return spec.connection;
}

export async function nodeDown(node: NodeFacts, s: DrillSettings, env: NodeJS.ProcessEnv): Promise<DownState> {
  if (node.kind === 'container') {
    const running = await containerRunning(node.name, env);
    return {
      down: running === undefined ? undefined : !running,
      detail: running === undefined ? 'docker inspect failed' : running ? 'its container runs' : 'its container is stopped',
    };
  }
  if (node.kind === 'data-dir') return localState(node.local!);
  // Only a refused or unreachable server counts as down; a bad password means it runs.
  const probe = await probeOldPrimary({ kind: 'connection', connection: connectionOf(node, s) }, env);
  if (probe.reachable) return { down: false, detail: 'it still accepts connections' };
  return { down: probe.unknown ? undefined : true, detail: probe.detail ?? 'unreachable' };
}

/**
 * Stops the node (container, data directory) or, over a connection, waits for someone to stop it
 * on its host; then reads whether it is down. `say` tells the person what to do meanwhile.
 */
export async function fenceNode(
  node: NodeFacts,
  s: DrillSettings,
  deps: OperationDeps,
  say: (message: string) => void,
): Promise<{ state: DownState; action: string }> {
  const env = deps.env;
  if (node.kind === 'container')
    return { action: await stopContainer(node.name, s.fenceTimeoutSeconds, env), state: await nodeDown(node, s, env) };
  if (node.kind === 'data-dir')
    return { action: await stopLocal(node.local!, s.fenceTimeoutSeconds, env), state: await nodeDown(node, s, env) };
  say(
    `The drill cannot stop a server over a connection: stop ${node.name} on its host now (${node.target.stopHint()}); waiting up to ${s.fenceTimeoutSeconds} s for it to go down`,
  );
  let last: DownState = { down: undefined, detail: 'not checked' };
  await waitUntil(
    async () => {
      try {
        last = await nodeDown(node, s, env);
        return last.down === true ? { done: true as const, value: true } : { done: false as const, why: last.detail };
      } catch (e) {
        return notYet(e);
      }
    },
    { timeoutMs: s.fenceTimeoutSeconds * 1000, intervalMs: 250 },
  );
  return { action: `waited ${s.fenceTimeoutSeconds} s for it to go down`, state: last };
}

/** Starts a fenced node again; undefined when started, else why not. */
export async function startNode(node: NodeFacts, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (node.kind === 'container') return startContainer(node.name, env);
  if (node.kind === 'data-dir') return startLocal(node.local!, env);
  return `the drill cannot start a server over a connection: start it on its host`;
}

/** Down and never promoted (standby.signal in place), so it would start again as a replica. */
export async function downUnpromoted(node: NodeFacts, s: DrillSettings, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (node.kind === 'container') return containerDownUnpromoted(node.name, s.dataDir, env);
  if (node.kind === 'data-dir') return localDownUnpromoted(node.local!);
  return false; // its files are out of reach: unknown
}
