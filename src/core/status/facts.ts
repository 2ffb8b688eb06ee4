/**
 * What `status` reads: every node (in parallel; a node that cannot be reached is a fact, not an
 * error), the certificate files, the certificates the nodes present, and the backup directory.
 * Reads only: no setting changes, no writes, nothing dropped.
 */
import { readBackupCatalog, type BackupCatalog } from '../backup-catalog.js';
import { asBackupCatalog, readBucketCatalogAt } from '../bucket-catalog.js';
import { evaluateCertificates, readCheckFacts, type CertificateReport } from '../certs/check.js';
import type { ErrorCode } from '../error-catalogue.js';
import { toAzaError } from '../errors.js';
import type { OperationDeps } from '../operation.js';
import { quoteIdent, type SqlClient } from '../pg.js';
import type { Reporter } from '../report.js';
import { STAGING_NAME_REGEX } from '../restore/plan.js';
import { describeOwner, parseOwnerText } from '../owner.js';
import { openTarget, type Target } from '../target.js';
import type { NodeSpec, StatusSettings } from './settings.js';
import { presentedCertificate } from './tls.js';

export interface ServerRow {
  version: string;
  versionNum: number;
  systemIdentifier?: string;
  inRecovery: boolean;
  /** Primary: pg_current_wal_lsn(). */
  currentLsn?: string;
  receiveLsn?: string;
  replayLsn?: string;
  replayPaused?: boolean;
  /** Replica: seconds between now and the last replayed transaction, 0 when everything received is replayed. */
  replayLagSeconds?: number;
  timeline?: number;
  receiver?: { status: string; timeline?: number; senderHost?: string; senderPort?: number; slot?: string };
  archiveMode: string;
  archiveCommand: string;
  archiver: ArchiverCounts;
  ssl: boolean;
  port: number;
  listenAddresses: string;
}

/** pg_stat_archiver's counts, as facts and as reported. */
export interface ArchiverCounts {
  archivedCount: number;
  lastArchivedWal?: string;
  lastArchivedAgeSeconds?: number;
  failedCount: number;
  lastFailedWal?: string;
  lastFailedAgeSeconds?: number;
}

export interface StandbyRow {
  name: string;
  client: string;
  state: string;
  syncState: string;
  replayLsn?: string;
  replayLagSeconds?: number;
  lagBytes?: number;
}

export interface SlotRow {
  name: string;
  type: string;
  active: boolean;
  walStatus?: string;
  retainedBytes?: number;
}

export interface StagingRow {
  name: string;
  sizeBytes: number;
  sessions: number;
  /** The command a person runs to remove it. */
  dropCommand: string;
  /** Who made it, from the restore's COMMENT ON DATABASE (owner.ts): "pid N on host H". */
  maker?: string;
}

export type CertificateFacts = { source: string; reports: CertificateReport[] } | { source: string; error: string; code: ErrorCode };

export interface NodeFacts {
  spec: NodeSpec;
  /** The target's own description (container x, data directory y, server z). */
  where: string;
  down?: { code: string; message: string; hint?: string };
  server?: ServerRow;
  standbys: StandbyRow[];
  slots: SlotRow[];
  /** WAL files waiting for the archiver; undefined when the node cannot say (why in readyWalUnknown). */
  readyWal?: number;
  readyWalUnknown?: string;
  staging: StagingRow[];
  /** What this node would not tell (a query its role may not run): said as warnings. */
  unreadable: string[];
  /** The certificate it presents; absent when not checked (notChecked says why). */
  tls?: CertificateFacts;
  tlsNotChecked?: string;
}

export interface StatusFacts {
  now: Date;
  nodes: NodeFacts[];
  certFiles: CertificateFacts[];
  backups?: { dir: string; catalog: BackupCatalog } | { dir: string; error: string; code: ErrorCode };
}

const SERVER_SQL = `SELECT current_setting('server_version'), current_setting('server_version_num'),
  (SELECT system_identifier::text FROM pg_control_system()),
  pg_is_in_recovery(),
  CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END,
  pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text,
  CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END,
  CASE WHEN NOT pg_is_in_recovery() THEN NULL
       WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
       ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END,
  CASE WHEN pg_is_in_recovery() THEN coalesce(r.received_tli, (SELECT timeline_id FROM pg_control_checkpoint()))
       ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
  r.status, r.received_tli, to_jsonb(r)->>'sender_host', to_jsonb(r)->>'sender_port', r.slot_name,
  current_setting('archive_mode'), current_setting('archive_command'), coalesce(current_setting('archive_library', true), ''),
  a.archived_count, a.last_archived_wal, extract(epoch FROM now() - a.last_archived_time),
  a.failed_count, a.last_failed_wal, extract(epoch FROM now() - a.last_failed_time),
  current_setting('ssl'), current_setting('port'), current_setting('listen_addresses')
FROM pg_stat_archiver a LEFT JOIN pg_stat_wal_receiver r ON true`;

/** Without the superuser-only control functions, for a monitoring role that lacks them. */
const SERVER_SQL_UNPRIVILEGED = SERVER_SQL.replace('(SELECT system_identifier::text FROM pg_control_system())', 'NULL').replace(
  '(SELECT timeline_id FROM pg_control_checkpoint())',
  'r.received_tli',
);

const WAL_POSITION = 'CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END';

const STANDBYS_SQL = `SELECT application_name, coalesce(host(client_addr), client_hostname, 'local socket'), state, sync_state,
  replay_lsn::text, extract(epoch FROM replay_lag), pg_wal_lsn_diff(${WAL_POSITION}, replay_lsn)
FROM pg_stat_replication ORDER BY application_name, client_addr`;

const SLOTS_SQL = `SELECT slot_name, slot_type, active, coalesce(to_jsonb(s)->>'wal_status', ''), pg_wal_lsn_diff(${WAL_POSITION}, restart_lsn)
FROM pg_replication_slots s ORDER BY slot_name`;

const READY_SQL = `SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'`;

function stagingMaker(comment: string): { maker?: string } {
  const owner = parseOwnerText(comment);
  return owner ? { maker: describeOwner(owner) } : {};
}

const STAGING_SQL = `SELECT d.datname, pg_database_size(d.oid), (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid),
coalesce(shobj_description(d.oid, 'pg_database'), '')
FROM pg_database d WHERE d.datname ~ '${STAGING_NAME_REGEX}' ORDER BY 1`;

const text = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
const bool = (v: string | undefined) => v === 't' || v === 'true';

export function parseServerRow(r: string[]): ServerRow {
  const receiverStatus = text(r[10]);
  return {
    version: (r[0] ?? '').split(' ')[0]!,
    versionNum: Number(r[1]),
    ...(text(r[2]) ? { systemIdentifier: r[2]! } : {}),
    inRecovery: bool(r[3]),
    ...(text(r[4]) ? { currentLsn: r[4]! } : {}),
    ...(text(r[5]) ? { receiveLsn: r[5]! } : {}),
    ...(text(r[6]) ? { replayLsn: r[6]! } : {}),
    ...(text(r[7]) ? { replayPaused: bool(r[7]) } : {}),
    ...(num(r[8]) !== undefined ? { replayLagSeconds: Math.max(0, num(r[8])!) } : {}),
    ...(num(r[9]) !== undefined ? { timeline: num(r[9])! } : {}),
    ...(receiverStatus
      ? {
          receiver: {
            status: receiverStatus,
            ...(num(r[11]) !== undefined ? { timeline: num(r[11])! } : {}),
            ...(text(r[12]) ? { senderHost: r[12]! } : {}),
            ...(num(r[13]) !== undefined ? { senderPort: num(r[13])! } : {}),
            ...(text(r[14]) ? { slot: r[14]! } : {}),
          },
        }
      : {}),
    archiveMode: r[15] ?? 'off',
    archiveCommand: text(r[17]) ? `archive_library ${r[17]}` : (r[16] ?? ''),
    archiver: {
      archivedCount: num(r[18]) ?? 0,
      ...(text(r[19]) ? { lastArchivedWal: r[19]! } : {}),
      ...(num(r[20]) !== undefined ? { lastArchivedAgeSeconds: num(r[20])! } : {}),
      failedCount: num(r[21]) ?? 0,
      ...(text(r[22]) ? { lastFailedWal: r[22]! } : {}),
      ...(num(r[23]) !== undefined ? { lastFailedAgeSeconds: num(r[23])! } : {}),
    },
    ssl: r[24] === 'on',
    port: Number(r[25]),
    listenAddresses: r[26] ?? '',
  };
}

async function readServer(sql: SqlClient): Promise<ServerRow> {
  let rows: string[][];
  try {
    rows = await sql.query(SERVER_SQL);
  } catch (e) {
    if (!/permission denied/.test((e as Error).message)) throw e;
    rows = await sql.query(SERVER_SQL_UNPRIVILEGED);
  }
  if (!rows[0]) throw new Error('the server returned no status row');
  return parseServerRow(rows[0]);
}

/** Where a TLS handshake reaches this node, or why it cannot be checked from here. */
function tlsEndpoint(spec: NodeSpec, server: ServerRow): { host: string; port: number } | string {
  if (!server.ssl) return 'ssl is off';
  if (spec.tcp) return spec.tcp;
  if (spec.target.kind === 'data-dir') {
    const addresses = server.listenAddresses.split(',').map((a) => a.trim());
    if (addresses.includes('*') || addresses.includes('localhost') || addresses.includes('127.0.0.1'))
      return { host: '127.0.0.1', port: server.port };
    if (addresses.includes('::1')) return { host: '::1', port: server.port };
    return addresses[0] ? { host: addresses[0], port: server.port } : 'it listens on no TCP address';
  }
  if (spec.target.kind === 'container')
    return 'a container is reached through docker exec; give it as a connection node to check its certificate';
  return 'it is reached through a unix socket';
}

async function judgePem(source: string, pem: string, now: Date): Promise<CertificateFacts> {
  try {
    const r = await evaluateCertificates(
      { path: source, certificates: [{ name: source, path: source, text: pem, mode: 0o644, uid: 0 }], keys: {} },
      now,
      0,
    );
    return { source, reports: r.certificates };
  } catch (e) {
    const err = toAzaError(e);
    return { source, error: err.message, code: err.code };
  }
}

async function readNode(spec: NodeSpec, settings: StatusSettings, deps: OperationDeps, now: Date): Promise<NodeFacts> {
  const facts: NodeFacts = { spec, where: spec.label, standbys: [], slots: [], staging: [], unreadable: [] };
  let target: Target;
  try {
    target = await openTarget(spec.target, { env: deps.env });
    facts.where = target.label;
    facts.server = await readServer(target.sql);
  } catch (e) {
    const err = toAzaError(e);
    facts.down = { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
    return facts;
  }
  const server = facts.server;
  const sql = target.sql;
  const endpoint = settings.serverCert ? tlsEndpoint(spec, server) : 'not asked (server-cert false)';
  // A query this role may not run leaves a gap that is said; a node that stops answering is down.
  const read = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      const err = toAzaError(e);
      if (err.code === 'SQL_FAILED') facts.unreadable.push(`${what}: ${err.message}`);
      else
        facts.down ??= {
          code: err.code,
          message: `${spec.label} answered, then failed: ${err.message}`,
          ...(err.hint ? { hint: err.hint } : {}),
        };
    }
  };
  await Promise.all([
    read('connected replicas', async () => {
      facts.standbys = (await sql.query(STANDBYS_SQL)).map((r) => ({
        name: r[0] ?? '',
        client: r[1] ?? '',
        state: r[2] ?? '',
        syncState: r[3] ?? '',
        ...(text(r[4]) ? { replayLsn: r[4]! } : {}),
        ...(num(r[5]) !== undefined ? { replayLagSeconds: num(r[5])! } : {}),
        ...(num(r[6]) !== undefined ? { lagBytes: num(r[6])! } : {}),
      }));
    }),
    read('replication slots', async () => {
      facts.slots = (await sql.query(SLOTS_SQL)).map((r) => ({
        name: r[0] ?? '',
        type: r[1] ?? '',
        active: bool(r[2]),
        ...(text(r[3]) ? { walStatus: r[3]! } : {}),
        ...(num(r[4]) !== undefined ? { retainedBytes: num(r[4])! } : {}),
      }));
    }),
    sql.query(READY_SQL).then(
      (rows) => void (facts.readyWal = Number(rows[0]?.[0] ?? 0)),
      (e: Error) => void (facts.readyWalUnknown = /permission denied/.test(e.message) ? 'needs superuser or pg_monitor' : e.message),
    ),
    server.inRecovery
      ? Promise.resolve()
      : read('staging databases of atomic restores', async () => {
          facts.staging = (await sql.query(STAGING_SQL)).map((r) => ({
            name: r[0] ?? '',
            sizeBytes: Number(r[1] ?? 0),
            sessions: Number(r[2] ?? 0),
            dropCommand: target.psqlCommand(`DROP DATABASE ${quoteIdent(r[0] ?? '')}`),
            ...stagingMaker(r[3] ?? ''),
          }));
        }),
    typeof endpoint === 'string'
      ? Promise.resolve(void (facts.tlsNotChecked = endpoint))
      : presentedCertificate(endpoint.host, endpoint.port).then(async (p) => {
          const source = `the certificate ${spec.label} presents (${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port})`;
          facts.tls = 'pem' in p ? await judgePem(source, p.pem, now) : { source, error: p.error, code: 'TLS_FAILED' };
        }),
  ]);
  return facts;
}

async function readCertFile(path: string, now: Date): Promise<CertificateFacts> {
  try {
    const r = await evaluateCertificates(readCheckFacts(path), now, 0);
    return { source: path, reports: r.certificates };
  } catch (e) {
    const err = toAzaError(e);
    return { source: path, error: err.message, code: err.code };
  }
}

export async function gatherStatusFacts(settings: StatusSettings, deps: OperationDeps, reporter: Reporter): Promise<StatusFacts> {
  const now = (deps.now ?? (() => new Date()))();
  return reporter.step(`Check ${settings.nodes.length} node${settings.nodes.length === 1 ? '' : 's'}`, async () => {
    const [nodes, certFiles, backups] = await Promise.all([
      Promise.all(settings.nodes.map((n) => readNode(n, settings, deps, now))),
      Promise.all(settings.certFiles.map((f) => readCertFile(f, now))),
      settings.backupDir === undefined
        ? undefined
        : (settings.store
            ? readBucketCatalogAt(settings.backupDir, settings.store).then(asBackupCatalog)
            : readBackupCatalog(settings.backupDir)
          ).then(
            (catalog) => ({ dir: settings.backupDir!, catalog }),
            (e: unknown) => {
              const err = toAzaError(e);
              return { dir: settings.backupDir!, error: err.message, code: err.code };
            },
          ),
    ]);
    return { now, nodes, certFiles, ...(backups ? { backups } : {}) };
  });
}
