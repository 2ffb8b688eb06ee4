/**
 * The command line's view of the registry: every operation's name, command and one-line
 * description, and how to load it. `aza-pg` loads only the module of the operation it runs (a
 * dynamic import, which the bundler keeps as a chunk of its own), so `aza-pg --help`, a usage
 * error and a backup do not pay for the code of the other operations. The full objects stay in
 * src/core/operations.ts (docs, release, tests); test/unit/operations.test.ts keeps the two equal.
 */
import type { AnyOperation } from './operation.js';

export interface OperationEntry {
  name: string;
  /** The CLI command when it differs from the name (setup-client for the action setup-pg-client). */
  command?: string;
  description: string;
  load(): Promise<AnyOperation>;
}

const DESCRIPTIONS: Record<string, string> = {
  backup: 'Back up a database with pg_dump into a verified, compressed file with a manifest.',
  restore:
    'Restore a PostgreSQL database from a backup (plain SQL, gzip, zstd, custom or directory archive). Checks the whole file and its manifest first; atomic by default: the target is swapped only after a successful load and row-count check.',
  verify:
    'Prove a backup restorable: read it in full, check it against its manifest, restore it into a throw-away PostgreSQL (or a scratch database that is always dropped), compare row counts, run smoke SQL and amcheck. A failed verify fails the step.',
  promote:
    'Promote a replica to primary (failover) in a container, a local data directory or over a connection: checks, split-brain guard, pre-promotion backup, online promotion, a verified write.',
  'ssl-certs':
    'TLS certificates for PostgreSQL: self-signed (the spec default) or a CA with server and client certificates for mutual TLS; or check existing ones for expiry and key match.',
  prune:
    'Delete old backups by a retention policy (7 daily, 4 weekly, 12 monthly) in a directory and among the backup artifacts; incomplete ones never count.',
  status:
    'Check PostgreSQL nodes (roles, replication lag, split brain, WAL archiving, certificate expiry, the newest backup); fails when a threshold is crossed.',
  drill:
    'Failover rehearsal on staging nodes (containers, data directories, connections): canary row, bounded catch-up, fence the primary, promote a replica, RTO and RPO, re-point the other replicas, rejoin the old primary.',
  'setup-pg-client':
    "Find or install the PostgreSQL client of a major (or of a server's major): on this machine, in the tool cache, or from its Debian package.",
};

const LOADERS: Record<string, () => Promise<AnyOperation>> = {
  backup: () => import('./backup/index.js').then((m) => m.backup),
  restore: () => import('./restore/index.js').then((m) => m.restore),
  verify: () => import('./verify/index.js').then((m) => m.verify),
  promote: () => import('./promote/index.js').then((m) => m.promote),
  'ssl-certs': () => import('./certs/index.js').then((m) => m.sslCerts),
  prune: () => import('./prune/index.js').then((m) => m.prune),
  status: () => import('./status/index.js').then((m) => m.status),
  drill: () => import('./drill/index.js').then((m) => m.drill),
  'setup-pg-client': () => import('./setup-client/index.js').then((m) => m.setupClient),
};

/** Commands that differ from their operation's name. */
const COMMANDS: Record<string, string> = { 'setup-pg-client': 'setup-client' };

/** In the order `aza-pg --help` lists them (the order of OPERATIONS). */
export const OPERATION_CATALOG: readonly OperationEntry[] = Object.keys(LOADERS).map((name) => ({
  name,
  ...(COMMANDS[name] ? { command: COMMANDS[name] } : {}),
  description: DESCRIPTIONS[name]!,
  load: LOADERS[name]!,
}));

/** The entry of a command or action name. */
export function findOperationEntry(name: string): OperationEntry | undefined {
  return OPERATION_CATALOG.find((e) => e.command === name || e.name === name);
}
