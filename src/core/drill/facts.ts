/** Reads each node of the drill (role, WAL receiver, how the others name it); changes nothing. */
import { dirname } from 'node:path';
import { inspectDataDir, serverBinDir } from '../data-dir.js';
import { run } from '../exec.js';
import type { OperationDeps } from '../operation.js';
import { requireTool } from '../pg-tools.js';
import type { Reporter } from '../report.js';
import { openTarget, type Target } from '../target.js';
import { addressOf, type NodeAddress } from './address.js';
import type { DrillFacts, LocalServer, NodeFacts } from './plan.js';
import type { DrillSettings } from './settings.js';

const NODE_SQL = `SELECT pg_is_in_recovery()::text,
  coalesce((SELECT status || '|' || coalesce(sender_host, '') || '|' || coalesce(sender_port::text, '') FROM pg_stat_wal_receiver LIMIT 1), ''),
  (current_setting('wal_log_hints') = 'on' OR current_setting('data_checksums') = 'on')::text`;

export interface NodeState {
  inRecovery: boolean;
  receiver: NodeFacts['receiver'];
  rewindable: boolean;
}

/** Role and WAL receiver of an open node. */
export async function readState(target: Target): Promise<NodeState> {
  const [row] = await target.sql.query(NODE_SQL);
  const [status, senderHost, senderPort] = (row?.[1] ?? '').split('|');
  return {
    inRecovery: row?.[0] === 'true',
    receiver: status ? { status, senderHost: senderHost ?? '', senderPort: senderPort ? Number(senderPort) : undefined } : undefined,
    rewindable: row?.[2] === 'true',
  };
}

/** The local server behind a data directory: its owner, binaries and addresses. */
async function localServer(dataDir: string, env: NodeJS.ProcessEnv): Promise<LocalServer> {
  const { pidFile, major, uid, gid } = inspectDataDir(dataDir);
  const binDir = serverBinDir(pidFile.pid) ?? dirname((await requireTool('pg_ctl', major, { env })).path);
  return { dataDir, uid, gid, binDir, major, port: pidFile.port, socketDir: pidFile.socketDir, listenAddress: pidFile.listenAddress };
}

async function containerHasVolume(name: string, dataDir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const mounts = await run('docker', ['inspect', '-f', '{{range .Mounts}}{{.Destination}}{{"\\n"}}{{end}}', name], {
    env,
    allowFailure: true,
  });
  return mounts.code === 0 && mounts.stdout.split('\n').includes(dataDir.replace(/\/+$/, ''));
}

export async function readNode(name: string, settings: DrillSettings, deps: OperationDeps): Promise<NodeFacts> {
  const spec = settings.nodes[name]!;
  const target = await openTarget(spec, { env: deps.env });
  try {
    const state = await readState(target);
    let address: NodeAddress;
    let local: LocalServer | undefined;
    let dataOnVolume = true;
    if (spec.kind === 'container') {
      address = addressOf([spec.container], undefined);
      dataOnVolume = await containerHasVolume(spec.container, spec.dataDir, deps.env);
    } else if (spec.kind === 'data-dir') {
      local = await localServer(spec.dataDir, deps.env);
      address = addressOf([local.listenAddress, local.socketDir], local.port);
    } else {
      address = addressOf([spec.connection.host], spec.connection.port);
    }
    return { name, kind: spec.kind, target, address, local, dataOnVolume, ...state };
  } catch (e) {
    target.close();
    throw e;
  }
}

export async function gatherDrillFacts(settings: DrillSettings, deps: OperationDeps, reporter: Reporter): Promise<DrillFacts> {
  return reporter.step('Check the nodes', async () => {
    const read = await Promise.allSettled(
      [settings.primary, settings.candidate, ...settings.replicas].map((n) => readNode(n, settings, deps)),
    );
    const failed = read.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      for (const r of read) if (r.status === 'fulfilled') r.value.target.close();
      throw failed.reason;
    }
    const [primary, candidate, ...replicas] = read.map((r) => (r as PromiseFulfilledResult<NodeFacts>).value);
    return { primary: primary!, candidate: candidate!, replicas };
  });
}
