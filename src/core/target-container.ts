/**
 * The container target: `docker exec` as the OS user postgres reaches its psql and its files. With
 * a session, one psql inside it answers every query until close() (one `docker exec` in all).
 */
import { AzaError } from './errors.js';
import { run, shellWord } from './exec.js';
import { dockerExec, dockerExecFault, requireRunningContainer } from './docker.js';
import { PSQL_QUERY_ARGS, parseRows, PsqlSession, quoteLiteral, sqlClient, type SqlClient } from './pg.js';
import type { Target, TargetInfo, TargetSpec } from './target-types.js';
import { firstLine, promoteInSession, promoteOverSql, waitForSql } from './target-sql.js';

/** A container target as messages name it; `docker exec` reaches its files and its psql. */
export function containerInfo(spec: Extract<TargetSpec, { kind: 'container' }>): TargetInfo {
  const name = shellWord(spec.container);
  const logHint = () => `docker logs ${name} | tail -50`;
  return {
    kind: 'container',
    label: `container ${spec.container}`,
    noun: 'Container',
    dataDir: spec.dataDir,
    promoteMethod: 'pg_promote',
    filesPlace: 'inside the container',
    psqlCommand: (text) => `docker exec ${name} psql -U ${shellWord(spec.user)} -c ${shellWord(text)}`,
    shellCommand: (command) => `docker exec ${name} ${command}`,
    logHint,
    stopHint: () => `docker stop ${name}`,
    stillInRecoveryHint: (standbySignal) =>
      [
        `Check PostgreSQL logs: ${logHint()}`,
        `Manually verify standby.signal: docker exec ${name} ls -la ${standbySignal}`,
        `If the file exists, remove it and restart: docker exec ${name} rm -f ${standbySignal}; docker restart ${name}`,
      ].join('\n'),
  };
}

export async function openContainer(
  spec: Extract<TargetSpec, { kind: 'container' }>,
  env: NodeJS.ProcessEnv,
  session: boolean,
): Promise<Target> {
  // A session starts psql at once and checks the container only when that fails (what the checks
  // say is then the error); a name docker could read as an option is checked first.
  if (session && /^[A-Za-z0-9]/.test(spec.container)) return openContainerSession(spec, env);
  const state = await requireRunningContainer(spec.container, env);
  const id = state.id;
  const info = containerInfo(spec);
  const label = info.label;
  const name = shellWord(spec.container);

  const sql: SqlClient = sqlClient(async (text, database) => {
    const r = await dockerExec(id, label, ['psql', ...PSQL_QUERY_ARGS, '-U', spec.user, '-d', database ?? spec.database, '-c', text], env, {
      timeoutMs: 120000,
    });
    if (r.code !== 0) throw containerSqlFailure(label, name, r.code, r.stderr);
    return parseRows(r.stdout);
  });
  return containerTarget(spec, env, id, sql);
}

function containerSqlFailure(label: string, name: string, code: number | null, stderr: string): AzaError {
  if (code === 2) {
    return new AzaError(
      'CONNECTION_FAILED',
      `PostgreSQL in ${label} does not accept connections: ${firstLine(stderr)}`,
      `Check its log: docker logs ${name} | tail -50`,
    );
  }
  return new AzaError('SQL_FAILED', `SQL failed in ${label}: ${firstLine(stderr)}`);
}

/** The container target over one psql session inside it: one `docker exec` for all its SQL. */
async function openContainerSession(spec: Extract<TargetSpec, { kind: 'container' }>, env: NodeJS.ProcessEnv): Promise<Target> {
  const info = containerInfo(spec);
  const label = info.label;
  const name = shellWord(spec.container);
  const session = containerSession(spec, env, spec.container, true);
  try {
    await session.query('SELECT 1');
  } catch (e) {
    session.kill();
    // Docker missing or down, no such container, a stopped one: said as the checks say it.
    await requireRunningContainer(spec.container, env);
    throw e;
  }
  const sql: SqlClient = sqlClient(async (text, database) => {
    if (database === undefined || database === spec.database) return session.query(text);
    const r = await dockerExec(spec.container, label, ['psql', ...PSQL_QUERY_ARGS, '-U', spec.user, '-d', database, '-c', text], env, {
      timeoutMs: 120000,
    });
    if (r.code !== 0) throw containerSqlFailure(label, name, r.code, r.stderr);
    return parseRows(r.stdout);
  });
  return containerTarget(spec, env, spec.container, sql, () => void session.close().catch(() => session.kill()));
}

/** psql inside the container as one session (docker exec -i), the container named by name or id. */
function containerSession(
  spec: Extract<TargetSpec, { kind: 'container' }>,
  env: NodeJS.ProcessEnv,
  id: string,
  reopen: boolean,
): PsqlSession {
  const label = containerInfo(spec).label;
  const name = shellWord(spec.container);
  const psqlArgs = ['psql', ...PSQL_QUERY_ARGS, '-U', spec.user, '-d', spec.database];
  return new PsqlSession('psql', { host: '', port: 0, user: spec.user, database: spec.database }, env, spec.database, {
    reopen,
    launch: {
      cmd: 'docker',
      args: ['exec', '-i', '-u', 'postgres', id, ...psqlArgs],
      env,
      failure: (code, stderr) => dockerExecFault(label, 'psql', code, stderr) ?? containerSqlFailure(label, name, code, stderr),
    },
  });
}

function containerTarget(
  spec: Extract<TargetSpec, { kind: 'container' }>,
  env: NodeJS.ProcessEnv,
  id: string,
  sql: SqlClient,
  /** Set for a session target: ends it. */
  close?: () => void,
): Target {
  const info = containerInfo(spec);
  const label = info.label;
  const name = shellWord(spec.container);
  const inSession = close !== undefined;
  return {
    ...info,
    sql,
    session: () => containerSession(spec, env, id, false),
    close: close ?? (() => {}),
    promote: inSession ? promoteInSession(sql) : promoteOverSql(sql),
    async fileExists(path) {
      // In a session, a question to the server (a superuser's pg_stat_file) costs no docker exec.
      if (inSession) {
        const known = await sql.query(`SELECT pg_stat_file(${quoteLiteral(path)}, true) IS NOT NULL`).then(
          (rows) => rows[0]?.[0] === 't',
          () => undefined,
        );
        if (known !== undefined) return known;
      }
      const r = await dockerExec(id, label, ['test', '-e', path], env, { timeoutMs: 30000 });
      return r.code === 0;
    },
    async removeFile(path) {
      const r = await dockerExec(id, label, ['rm', '-f', '--', path], env, { timeoutMs: 30000 });
      return r.code === 0;
    },
    async baseBackup(dir) {
      const r = await dockerExec(id, label, ['pg_basebackup', '-U', spec.user, '-D', dir, '-X', 'stream', '-c', 'fast'], env, {
        timeoutMs: 6 * 3600 * 1000,
      });
      if (r.code !== 0) throw new AzaError('BACKUP_FAILED', `pg_basebackup to ${dir} in ${label} failed: ${firstLine(r.stderr)}`);
    },
    async restart(timeoutSeconds) {
      await run('docker', ['restart', id], { env, timeoutMs: 120000 });
      await waitForSql(
        sql,
        timeoutSeconds,
        label,
        `Check its log: docker logs ${name}. Common causes: configuration errors in postgresql.conf, a port conflict with the old primary, too little memory.`,
      );
    },
  };
}
