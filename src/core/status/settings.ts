/**
 * What `status` is asked to look at and the thresholds it judges by, validated once for both faces.
 * A node is written as a connection URI, `container:NAME`, `data-dir:PATH` (or an absolute path),
 * or `HOST[:PORT]` with the shared user and password; `label=` before any of them names it.
 * Nothing here touches a server, Docker or a file.
 */
import { isAbsolute, resolve } from 'node:path';
import { AzaError } from '../errors.js';
import type { Inputs, OptionSpec } from '../inputs.js';
import { CONNECTION_OPTIONS, clientBinDir, connectionSettings } from '../connection-options.js';
import { connectionSecrets, parseConnectionUri, parsePort, type Connection } from '../pg.js';
import { parseByteSize } from '../promote/settings.js';
import type { TargetSpec } from '../target.js';
import {
  isObjectUrl,
  OBJECT_STORE_OPTIONS,
  objectStoreSecrets,
  objectStoreSettings,
  type ObjectStoreConfig,
} from '../object-store/index.js';

/** The spec's monitoring advice: alert on lag > 60 s, certificates expiring in < 30 days; a daily backup plus slack. */
export const DEFAULT_MAX_LAG_SECONDS = 60;
export const DEFAULT_CERT_MIN_DAYS = 30;
export const DEFAULT_MAX_BACKUP_AGE_SECONDS = 26 * 3600;
/** A backup under half the size of the ones before it is suspicious; a tenth is the classic silent failure. */
export const DEFAULT_MIN_BACKUP_RATIO = 0.5;
/** WAL segments waiting for the archiver: 16 is 256 MB of WAL not yet safe elsewhere. */
export const DEFAULT_MAX_READY_WAL = 16;
export const CONTAINER_DATA_DIR = '/var/lib/postgresql/data';

export const STATUS_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'nodes',
    description:
      'Nodes to check, comma or newline separated: postgresql://… URIs, container:NAME (docker exec), data-dir:PATH, or HOST[:PORT] with the user and password below; NAME=… labels one',
    defaultText: 'the one server the connection options describe',
    positional: 0,
  },
  {
    name: 'backup-dir',
    description:
      'Directory of aza-pg backups, or a prefix in a bucket (`s3://bucket/prefix/`), whose newest complete backup is checked (age, size against the ones before it, incomplete and leftover files; in a bucket: objects without a manifest and open multipart uploads)',
  },
  { name: 'cert-file', description: 'Certificate files (or directories of them) whose expiry is checked, comma separated' },
  {
    name: 'server-cert',
    description: 'Check the certificate each node presents in a TLS handshake (nodes with ssl on and a TCP address)',
    default: true,
  },
  {
    name: 'max-lag-seconds',
    description: 'Fail when a replica replays more than this far behind (60, 30s, 5m)',
    default: DEFAULT_MAX_LAG_SECONDS,
  },
  { name: 'max-lag-bytes', description: 'Fail when a replica is more WAL than this behind (512kB, 16MB, 1GB)', defaultText: 'no limit' },
  { name: 'cert-min-days', description: 'Fail when a certificate expires in fewer days than this', default: DEFAULT_CERT_MIN_DAYS },
  { name: 'max-backup-age', description: 'Fail when the newest complete backup started longer ago than this (26h, 90m)', default: '26h' },
  {
    name: 'min-backup-ratio',
    description: 'Fail when the newest backup is smaller than this fraction of the median of the ones before it',
    default: DEFAULT_MIN_BACKUP_RATIO,
  },
  { name: 'max-ready-wal', description: 'Fail when more WAL files than this wait for archiving (.ready)', default: DEFAULT_MAX_READY_WAL },
  {
    name: 'min-replicas',
    description: 'Fail when a primary has fewer streaming replicas than this',
    defaultText: 'with one primary among the nodes, every other node given must stream from it',
  },
  { name: 'require-archiving', description: 'Fail (not only warn) when a primary has WAL archiving off', flag: true, default: false },
  { name: 'database', description: 'Database to connect to', default: 'postgres' },
  { name: 'watch', description: 'Check again every N seconds until Ctrl+C (on a terminal)', only: 'cli' },
  ...OBJECT_STORE_OPTIONS,
  ...CONNECTION_OPTIONS,
];

export interface NodeSpec {
  /** How the node is named in the table, the diagram and the outputs. */
  label: string;
  target: TargetSpec;
  /** Where its TLS handshake goes when it is reached over TCP (data-dir and container nodes learn it from the server). */
  tcp?: { host: string; port: number };
}

export interface StatusThresholds {
  maxLagSeconds: number;
  maxLagBytes?: number;
  certMinDays: number;
  maxBackupAgeSeconds: number;
  minBackupRatio: number;
  maxReadyWal: number;
  minReplicas?: number;
  requireArchiving: boolean;
}

export interface StatusSettings {
  nodes: NodeSpec[];
  backupDir?: string;
  /** Where the bucket is, when backupDir is an s3:// prefix. */
  store?: ObjectStoreConfig;
  certFiles: string[];
  serverCert: boolean;
  thresholds: StatusThresholds;
  watchSeconds?: number;
  /** Passwords inside the nodes' connections, for masking. */
  secrets: string[];
}

const LABEL = /^([A-Za-z0-9_.-]+)=(.+)$/;

function tcpOf(c: Connection): { host: string; port: number } | undefined {
  return c.host.startsWith('/') ? undefined : { host: c.host, port: c.port };
}

/** One entry of `nodes` as a target. `shared` is the connection the shared options describe. */
export function parseNode(entry: string, shared: Connection, opts: { database: string; pgBinDir?: string; cwd: string }): NodeSpec {
  const labelled = LABEL.exec(entry);
  const label = labelled?.[1];
  const text = (labelled?.[2] ?? entry).trim();
  const bin = opts.pgBinDir ? { pgBinDir: opts.pgBinDir } : {};
  if (/^postgres(ql)?:\/\//.test(text)) {
    const fromUri = Object.fromEntries(Object.entries(parseConnectionUri(text)).filter(([, v]) => v !== undefined && v !== ''));
    const connection = { ...shared, ...fromUri } as Connection;
    const tcp = tcpOf(connection);
    return {
      label: label ?? `${connection.host}:${connection.port}`,
      target: { kind: 'connection', connection, ...bin },
      ...(tcp ? { tcp } : {}),
    };
  }
  const container = /^(container|docker):(.*)$/.exec(text);
  if (container) {
    const name = container[2]!.trim();
    if (!name) throw new AzaError('INVALID_INPUT', `The node "${entry}" names no container`, 'Write it as container:NAME.');
    return {
      label: label ?? name,
      target: { kind: 'container', container: name, dataDir: CONTAINER_DATA_DIR, user: shared.user, database: opts.database },
    };
  }
  const dataDir = /^data-dir:(.*)$/.exec(text)?.[1]?.trim() ?? (isAbsolute(text) ? text : undefined);
  if (dataDir !== undefined) {
    if (!dataDir) throw new AzaError('INVALID_INPUT', `The node "${entry}" names no data directory`, 'Write it as data-dir:/path/to/data.');
    const path = resolve(opts.cwd, dataDir).replace(/(.)\/+$/, '$1');
    return { label: label ?? path, target: { kind: 'data-dir', dataDir: path, user: shared.user, database: opts.database, ...bin } };
  }
  const hostPort = /^(\[[^\]]+\]|[^:/\s]+)(?::(\d+))?$/.exec(text);
  if (!hostPort) {
    throw new AzaError(
      'INVALID_INPUT',
      `Cannot read the node "${entry}"`,
      'Write a node as postgresql://user@host:port/db, container:NAME, data-dir:/path, or host:port (NAME=… before it labels it).',
    );
  }
  const host = hostPort[1]!.replace(/^\[(.*)\]$/, '$1');
  const port = hostPort[2] ? parsePort(hostPort[2], `port of the node "${entry}"`) : shared.port;
  const connection: Connection = { ...shared, host, port };
  return { label: label ?? `${host}:${port}`, target: { kind: 'connection', connection, ...bin }, tcp: { host, port } };
}

function positiveNumber(inputs: Inputs, name: string, what: string): number | undefined {
  const v = inputs.string(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) {
    throw new AzaError('INVALID_INPUT', `Invalid ${inputs.label(name)} "${v}": expected ${what}`);
  }
  return n;
}

export function statusSettings(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): StatusSettings {
  const database = inputs.verbatim('database') ?? 'postgres';
  const shared = connectionSettings(inputs, env, database);
  const pgBinDir = clientBinDir(inputs, cwd);
  const entries = inputs.list('nodes');
  const nodes = entries.length
    ? entries.map((e) => parseNode(e, shared, { database, cwd, ...(pgBinDir ? { pgBinDir } : {}) }))
    : [
        {
          label: `${shared.host}:${shared.port}`,
          target: { kind: 'connection' as const, connection: shared, ...(pgBinDir ? { pgBinDir } : {}) },
          ...(tcpOf(shared) ? { tcp: tcpOf(shared)! } : {}),
        },
      ];
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.label))
      throw new AzaError('INVALID_INPUT', `Two nodes are called ${n.label}`, 'Give each node once, or label them: primary=…, replica=….');
    seen.add(n.label);
  }

  const maxLagBytesText = inputs.string('max-lag-bytes');
  const maxLagBytes = maxLagBytesText === undefined ? undefined : parseByteSize(maxLagBytesText);
  if (maxLagBytesText !== undefined && maxLagBytes === undefined) {
    throw new AzaError(
      'INVALID_INPUT',
      `Invalid ${inputs.label('max-lag-bytes')} "${maxLagBytesText}": expected a size such as 512kB, 16MB or 1GB`,
    );
  }
  const minBackupRatio = positiveNumber(inputs, 'min-backup-ratio', 'a fraction from 0 to 1, such as 0.5') ?? DEFAULT_MIN_BACKUP_RATIO;
  if (minBackupRatio > 1) {
    throw new AzaError(
      'INVALID_INPUT',
      `Invalid ${inputs.label('min-backup-ratio')} "${minBackupRatio}": expected a fraction from 0 to 1, such as 0.5`,
    );
  }
  const watch = inputs.integer('watch', { min: 1, max: 86400, hint: 'Give the seconds between checks, e.g. --watch 10.' });

  const backupDir = inputs.string('backup-dir');
  const settings: StatusSettings = {
    nodes,
    ...(backupDir ? { backupDir: isObjectUrl(backupDir) ? backupDir : resolve(cwd, backupDir) } : {}),
    ...(isObjectUrl(backupDir) ? { store: objectStoreSettings(inputs, env) } : {}),
    certFiles: inputs.list('cert-file').map((f) => resolve(cwd, f)),
    serverCert: inputs.boolean('server-cert'),
    thresholds: {
      maxLagSeconds: inputs.durationSeconds('max-lag-seconds')!,
      ...(maxLagBytes !== undefined ? { maxLagBytes } : {}),
      certMinDays: inputs.integer('cert-min-days', { min: 0, max: 36500 })!,
      maxBackupAgeSeconds: inputs.durationSeconds('max-backup-age') ?? DEFAULT_MAX_BACKUP_AGE_SECONDS,
      minBackupRatio,
      maxReadyWal: inputs.integer('max-ready-wal', { min: 0 })!,
      ...(inputs.has('min-replicas') ? { minReplicas: inputs.integer('min-replicas', { min: 0, max: 1000 })! } : {}),
      requireArchiving: inputs.boolean('require-archiving'),
    },
    ...(watch !== undefined ? { watchSeconds: watch } : {}),
    secrets: [...new Set(nodes.flatMap((n) => (n.target.kind === 'connection' ? connectionSecrets(n.target.connection) : [])))],
  };
  if (settings.store) settings.secrets.push(...objectStoreSecrets(settings.store));
  return settings;
}
