/** Error codes: Promotion, the failover drill and the servers and containers they act on. One part of the catalogue that ../error-catalogue.ts merges. */
import type { ErrorEntry } from './entry.js';

export const PROMOTE_ERRORS = {
  // --- Promote
  NOT_IN_RECOVERY: {
    area: 'promote',
    meaning: 'The server to promote is already a primary (spec: "Container is not in recovery mode").',
    hint: 'Check its status: SELECT pg_is_in_recovery(); if it was already promoted, skip promotion.',
  },
  REPLAY_PAUSED: {
    area: 'promote',
    meaning: 'WAL replay is paused on the replica; promoting would leave received transactions unapplied.',
    hint: 'Resume replay first: SELECT pg_wal_replay_resume(); (someone paused it, perhaps on purpose: check before resuming).',
  },
  CATCHUP_TIMEOUT: {
    area: 'promote',
    meaning: 'Replay did not catch up with the WAL the replica had received within the wait allowed.',
    hint: "Look at the replica's log for replay errors or conflicts; raise catchup-timeout if it is only slow.",
  },
  LAG_TOO_HIGH: {
    area: 'promote',
    meaning: 'The replica is further behind the old primary than max-lag allows.',
    hint: 'Wait for it to catch up (pg_stat_replication on the old primary), stop writes there first, or raise max-lag.',
  },
  SPLIT_BRAIN: {
    area: 'promote',
    meaning: 'Two nodes accept writes (status), or would after this promotion because the old primary still runs (promote).',
    hint:
      'Stop the old primary first (docker stop <older-primary>) and check that only one primary exists. Two primaries that took writes diverge ' +
      'and cannot be merged: compare pg_current_wal_lsn() on both and keep the newer. Pass --force only when the old one is fenced.',
  },
  WRONG_DATA_DIR: {
    area: 'promote',
    meaning: 'The server runs on another data directory than the one given.',
    hint: 'Pass the data directory the server reports (SHOW data_directory) with -d PATH (input data-dir).',
  },
  DRILL_REFUSED: {
    area: 'promote',
    meaning:
      'The failover drill found the nodes not in the shape it rehearses (one primary, replicas streaming from it) and changed nothing.',
    hint: 'Check each node with aza-pg status; the drill needs the named primary to accept writes and every other node to stream from it.',
  },
  DRILL_LAGGING: {
    area: 'promote',
    meaning: 'The candidate did not replay the canary row within the bound; the drill stopped before fencing, nothing was changed.',
    hint: 'Find why the replica lags (aza-pg status, pg_stat_replication on the primary) or raise max-catchup, then run the drill again.',
  },
  DRILL_FENCE_FAILED: {
    area: 'promote',
    meaning:
      'The old primary could not be stopped, or was running again before the promotion, or (over a connection) was not stopped on its host in time, so the drill did not promote (two writable primaries are never made).',
    hint: "Find out why it runs (docker inspect and docker logs, the data directory's postmaster.pid and server log, or its host), stop it by hand before any promotion, or start the drill again.",
  },
  DRILL_FAILED: {
    area: 'promote',
    meaning: 'A step of the failover drill after fencing failed; the message says which and in what state the nodes are.',
    hint: 'Read the drill timeline in the summary; check every node with aza-pg status before the next attempt.',
  },
  PROMOTE_FAILED: {
    area: 'promote',
    meaning: 'The promotion command failed.',
    hint: "Check the server's log (docker logs <container> | tail -50); a long checkpoint can delay promotion (grep checkpoint in the log).",
  },
  START_FAILED: {
    area: 'promote',
    meaning: 'PostgreSQL did not start (or accept connections) after promotion (spec: "PostgreSQL failed to start after promotion").',
    hint:
      'Check the log (docker logs <container>): configuration errors in postgresql.conf, a port conflict with the old primary, or too little memory. ' +
      'If the old primary still exists, stop the promoted one and investigate before retrying.',
  },
  RESTART_UNSUPPORTED: {
    area: 'promote',
    meaning: 'A restart was asked of a server reached only over a connection.',
    hint: 'Restart the server on its host, or use the container or data-dir target.',
  },
  DATA_DIR_NOT_FOUND: {
    area: 'promote',
    meaning: 'The data directory given does not exist.',
    hint: 'Pass the replica\'s data directory with -d PATH (input data-dir); psql -c "SHOW data_directory" shows it.',
  },
  NOT_A_DATA_DIR: {
    area: 'promote',
    meaning: 'The directory given is not a PostgreSQL data directory (no PG_VERSION file).',
    hint: 'Pass the replica\'s data directory with -d PATH (input data-dir); psql -c "SHOW data_directory" shows it.',
  },
  NOT_DATA_DIR_OWNER: {
    area: 'promote',
    meaning: 'The data directory belongs to another user than the one running the operation.',
    hint: "Run as the data directory's owner (sudo -u postgres …) or as root, which switches to the owner.",
  },
  SERVER_NOT_RUNNING: {
    area: 'promote',
    meaning: 'No PostgreSQL server runs on the data directory given.',
    hint: 'Promotion needs the replica running: start it with pg_ctl -D DIR start (as its owner), then run again.',
  },
  CONTAINER_NOT_FOUND: {
    area: 'promote',
    meaning: 'No Docker container has the name given.',
    hint: 'List containers with docker ps -a; name the replica with -c NAME (input container) or set POSTGRES_CONTAINER_NAME.',
  },
  CONTAINER_NOT_RUNNING: {
    area: 'promote',
    meaning: 'The container exists but is not running (or stopped while it was used).',
    hint: 'Start it (docker start NAME) and check why it stopped: docker logs NAME | tail -50.',
  },
  DOCKER_NOT_FOUND: {
    area: 'promote',
    meaning: 'The docker command is not installed.',
    hint: 'Install Docker, or promote a local data directory (--target data-dir) or a server over a connection (--target connection).',
  },
  DOCKER_UNAVAILABLE: {
    area: 'promote',
    meaning: 'Docker is installed but its daemon does not answer.',
    hint: 'Start the daemon (sudo systemctl start docker), check DOCKER_HOST, and that this user may use it (docker info).',
  },
  DOCKER_FAILED: {
    area: 'promote',
    meaning: 'A docker command failed.',
    hint: "Docker's message follows the code; docker info and docker ps -a show the daemon's and the container's state.",
  },
} as const satisfies Record<string, ErrorEntry>;
