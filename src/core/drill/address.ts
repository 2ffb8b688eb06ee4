/**
 * How the other nodes name a node: the host (or socket directory) and port a replica's
 * primary_conninfo and pg_stat_wal_receiver show. Containers reach each other by name on their
 * network (port: whatever it is inside); local clusters and connections by host and port.
 */
import type { Connection } from '../pg.js';

export interface NodeAddress {
  /** Every host name the node is known under (a name, an address, a socket directory). */
  hosts: string[];
  /** undefined: any port (containers: each listens on its own address). */
  port: number | undefined;
}

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

/** A loopback name stands for all of them: a replica may say 127.0.0.1 where we say localhost. */
export function addressOf(hosts: Array<string | undefined>, port: number | undefined): NodeAddress {
  const named = hosts.filter((h): h is string => !!h && h !== '*');
  const loopback = hosts.includes('*') || named.some((h) => LOOPBACK.includes(h));
  return { hosts: [...new Set([...named, ...(loopback ? LOOPBACK : [])])], port };
}

export function sameNode(host: string, port: number | undefined, address: NodeAddress): boolean {
  return address.hosts.includes(host) && (address.port === undefined || port === undefined || port === address.port);
}

function conninfoValue(conninfo: string, key: string): RegExpExecArray | null {
  return new RegExp(`(^|\\s)${key}\\s*=\\s*('?)((?:[^\\s'\\\\]|\\\\.)+)\\2(?=\\s|$)`).exec(conninfo);
}

/**
 * `host=<old primary>` (and its port) -> the new primary in a libpq conninfo string, the rest
 * (user, password, TLS) kept; undefined when it does not name the old primary. A string address
 * is a container name (any port).
 */
export function repointConninfo(conninfo: string, from: string | NodeAddress, to: string | NodeAddress): string | undefined {
  const a = typeof from === 'string' ? { hosts: [from], port: undefined } : from;
  const b = typeof to === 'string' ? { hosts: [to], port: undefined } : to;
  const host = conninfoValue(conninfo, 'host');
  const port = conninfoValue(conninfo, 'port');
  if (!host) return undefined;
  const oldHost = host[3]!;
  const oldPort = port ? Number(port[3]) : 5432;
  if (!a.hosts.includes(oldHost) || (a.port !== undefined && oldPort !== a.port)) return undefined;
  // Same style as before: a socket directory for a socket directory, a name for a name.
  const socket = oldHost.startsWith('/');
  const newHost = b.hosts.includes(oldHost) ? oldHost : (b.hosts.find((h) => h.startsWith('/') === socket) ?? b.hosts[0]!);
  const q = host[2]!;
  let out = conninfo.replace(host[0], `${host[1]}host=${q}${newHost}${q}`);
  if (b.port !== undefined && b.port !== oldPort) {
    out = port ? out.replace(port[0], `${port[1]}port=${port[2]}${b.port}${port[2]}`) : `${out} port=${b.port}`;
  }
  return out;
}

/** A URI without password for a sub-operation's inputs (the password goes through PGPASSWORD). */
export function connectionUri(c: Pick<Connection, 'host' | 'port' | 'user' | 'database' | 'sslmode'>): string {
  const q = new URLSearchParams({ host: c.host, port: String(c.port), user: c.user, ...(c.sslmode ? { sslmode: c.sslmode } : {}) });
  return `postgresql:///${encodeURIComponent(c.database)}?${q.toString()}`;
}
