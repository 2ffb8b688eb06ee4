/**
 * What a target is (see target.ts): its kinds, how one is named, and what an open one can do.
 * Below target.ts and target-container.ts, which both use them.
 */
import type { Connection, PsqlSession, SqlClient } from './pg.js';

export const TARGET_KINDS = ['container', 'data-dir', 'connection'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export type TargetSpec =
  | {
      kind: 'container';
      container: string;
      /** Data directory inside the container. */
      dataDir: string;
      /** Database role for SQL (docker exec runs as the OS user postgres). */
      user: string;
      database: string;
    }
  | { kind: 'data-dir'; dataDir: string; user: string; database: string; pgBinDir?: string }
  | { kind: 'connection'; connection: Connection; pgBinDir?: string };

export interface TargetEnv {
  /** Environment for docker and the PostgreSQL tools (DOCKER_HOST, PATH, ...). */
  env?: NodeJS.ProcessEnv;
  /**
   * Container: SQL through one psql session inside it (one `docker exec -i` for every query, until
   * close()) instead of a `docker exec` per query. The caller must close() the target.
   */
  session?: boolean;
}

/**
 * What a target is, as plans and messages need it: names and the commands a person can paste.
 * Pure data and formatting, so a plan reads it without touching anything.
 */
export interface TargetInfo {
  readonly kind: TargetKind;
  /** "container postgres-replica", "data directory /srv/pg", "server postgres@db:5432/postgres". */
  readonly label: string;
  /** How a sentence names it when it starts with it: "Container", "Server". */
  readonly noun: string;
  /** The data directory where the target can see it (the container's, the local one); undefined over a connection. */
  readonly dataDir: string | undefined;
  /** How it promotes: pg_promote over SQL, or pg_ctl promote beside a local data directory. */
  readonly promoteMethod: 'pg_promote' | 'pg_ctl promote';
  /** Where the paths it writes to (a base backup) are, when not on this machine: "inside the container". */
  readonly filesPlace: string | undefined;
  /** A command a person can paste to run `sql` on this target (for instructions and hints). */
  psqlCommand(sql: string): string;
  /** A command a person can paste to run `command` where this target writes its base backups. */
  shellCommand(command: string): string;
  /** Where to look for the server's log. */
  logHint(): string;
  /** How a person stops this server (the split-brain guard's advice about an old primary). */
  stopHint(): string;
  /** What to do when the server is still in recovery after promotion (`standbySignal`: where PostgreSQL left the file). */
  stillInRecoveryHint(standbySignal: string): string;
}

export interface Target extends TargetInfo {
  readonly sql: SqlClient;
  /** Promotes a standby and waits up to `waitSeconds`; false when it did not finish in time. */
  promote(waitSeconds: number): Promise<boolean>;
  /**
   * Whether a file exists where the server runs (undefined: this target cannot tell). Paths are
   * absolute, or relative to the data directory for the connection target (pg_stat_file).
   */
  fileExists(path: string): Promise<boolean | undefined>;
  /** Removes a file where the server runs; false when this target cannot. */
  removeFile(path: string): Promise<boolean>;
  /** pg_basebackup of the instance into `dir` (which must not exist yet), where the target runs. */
  baseBackup(dir: string): Promise<void>;
  /** Restarts the server and waits up to `timeoutSeconds` for it to accept SQL. */
  restart(timeoutSeconds: number): Promise<void>;
  /** A psql session of its own on the target (for a lock that lasts as long as the session). */
  session(): PsqlSession;
  /** Lets go of what the target holds (a container's session; otherwise every query is its own process). */
  close(): void;
}
