/** Error codes: Health checks (aza-pg status). One part of the catalogue that ../error-catalogue.ts merges. */
import type { ErrorEntry } from './entry.js';

export const STATUS_ERRORS = {
  // --- Health checks (aza-pg status): each a threshold crossed or a fault found; the report says which node
  NODE_DOWN: {
    area: 'status',
    meaning: 'A node given to status could not be reached or stopped answering; it is shown as down.',
    hint: 'Check that the server runs (pg_isready, docker ps) and its log; the message says how it was reached and what failed.',
  },
  REPLICA_DISCONNECTED: {
    area: 'status',
    meaning: 'A replica runs but its WAL receiver does not stream from a primary.',
    hint: "Check that the primary is up and reachable from the replica (primary_conninfo, pg_hba.conf replication lines) and the replica's log.",
  },
  REPLICAS_MISSING: {
    area: 'status',
    meaning: 'A primary streams to fewer replicas than min-replicas (or than the other nodes given).',
    hint: 'Find the replica that is stopped or not streaming in the status table; its server log says why.',
  },
  REPLICATION_LAG: {
    area: 'status',
    meaning: 'A replica replays further behind than max-lag-seconds, or is more WAL behind than max-lag-bytes.',
    hint: "Resume a paused replay (SELECT pg_wal_replay_resume()); otherwise check the replica's load, disk and long queries holding replay back.",
  },
  SLOT_WAL_LOST: {
    area: 'status',
    meaning: 'A replication slot has lost WAL its consumer still needed (wal_status lost).',
    hint: 'The consumer cannot catch up from this slot: rebuild it (a new base backup for a replica), then drop the slot.',
  },
  ARCHIVING_OFF: {
    area: 'status',
    meaning: 'A primary has archive_mode off while require-archiving asks for WAL archiving.',
    hint: 'Set archive_mode = on and an archive_command (or archive_library), then restart the server.',
  },
  ARCHIVING_FAILING: {
    area: 'status',
    meaning: 'The archiver failed more recently than it succeeded: WAL does not reach the archive.',
    hint: "The server log has the archive command's error; fix the command or its destination. Until then WAL piles up in pg_wal.",
  },
  ARCHIVING_BACKLOG: {
    area: 'status',
    meaning: 'More WAL files wait for the archiver (.ready) than max-ready-wal.',
    hint: 'See pg_stat_archiver and the server log: the archiver fails or is too slow for the write load.',
  },
  CERT_EXPIRING: {
    area: 'status',
    meaning: 'A certificate expires in fewer days than cert-min-days.',
    hint: 'Renew it before it expires: aza-pg ssl-certs <dir> writes a new set; reload PostgreSQL afterwards (SELECT pg_reload_conf()).',
  },
  BACKUP_MISSING: {
    area: 'status',
    meaning: 'The backup directory holds no complete backup (a data file with its matching manifest).',
    hint: 'Take one with aza-pg backup; only a backup whose manifest was written counts.',
  },
  BACKUP_STALE: {
    area: 'status',
    meaning: 'The newest complete backup started longer ago than max-backup-age.',
    hint: 'Check the scheduled backup job: its recent runs failed or did not run.',
  },
  BACKUP_SHRUNK: {
    area: 'status',
    meaning: 'The newest backup is much smaller than the ones before it (under min-backup-ratio of their median).',
    hint: 'Restore it on a scratch server (aza-pg verify) before trusting it: a wrong database or missing grants make small backups that succeed.',
  },
} as const satisfies Record<string, ErrorEntry>;
