export const id = 247;
export const ids = [247];
export const modules = {

/***/ 8895:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ei: () => (/* binding */ waitForReplayCatchUp),
/* harmony export */   MJ: () => (/* binding */ readReplicaState),
/* harmony export */   NC: () => (/* binding */ gatherPromoteFacts),
/* harmony export */   g: () => (/* binding */ REPLICA_STATE_SQL),
/* harmony export */   sV: () => (/* binding */ probeOldPrimary)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _docker_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9843);
/* harmony import */ var _target_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6930);
/* harmony import */ var _wait_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3210);
/* harmony import */ var _server_lock_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4842);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(305);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6211);
/**
 * Reading the facts planning needs: the replica's recovery state (after a bounded wait for replay
 * to reach the WAL already received) and, when named, whether the old primary still accepts
 * writes. Read-only: nothing here changes either server.
 */







const REPLICA_STATE_SQL = `SELECT pg_is_in_recovery()::text,
  CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused()::text ELSE 'false' END,
  pg_last_wal_receive_lsn()::text,
  pg_last_wal_replay_lsn()::text,
  (SELECT timeline_id::text FROM pg_control_checkpoint()),
  current_setting('server_version_num'),
  current_setting('data_directory')`;
async function readReplicaState(target) {
    let rows;
    try {
        rows = await target.sql.query(REPLICA_STATE_SQL);
    }
    catch (e) {
        if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF && e.code === 'SQL_FAILED' && /permission denied|must be superuser|privileges of/i.test(e.message)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('PERMISSION_DENIED', `The user cannot read the recovery state of ${target.label}: ${e.message}`, 'Promotion needs a superuser (or a role granted EXECUTE on pg_promote and membership in pg_monitor / pg_read_all_settings).');
        }
        throw e;
    }
    const [inRecovery, paused, receive, replay, timeline, version, dataDirectory] = rows[0] ?? [];
    return {
        inRecovery: inRecovery === 'true',
        replayPaused: paused === 'true',
        receiveLsn: receive || undefined,
        replayLsn: replay || undefined,
        timeline: timeline ? Number(timeline) : undefined,
        versionNum: Number(version ?? 0),
        dataDirectory: dataDirectory || undefined,
    };
}
/**
 * Waits (bounded) until replay has reached what the WAL receiver already received, so promotion
 * starts from everything the replica has. Returns the state after the wait.
 */
async function waitForReplayCatchUp(target, timeoutSeconds, reporter) {
    let state;
    let lastReport = 0;
    const r = await (0,_wait_js__WEBPACK_IMPORTED_MODULE_6__/* .waitUntil */ .a0)(async () => {
        state = await readReplicaState(target);
        const behind = state.inRecovery &&
            !state.replayPaused &&
            state.receiveLsn !== undefined &&
            state.replayLsn !== undefined &&
            (0,_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .parseLsn */ .l2)(state.replayLsn) < (0,_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .parseLsn */ .l2)(state.receiveLsn);
        return behind ? { done: false } : { done: true, value: state };
    }, {
        timeoutMs: timeoutSeconds * 1000,
        onWait: (waitedMs) => {
            if (waitedMs - lastReport < 5000)
                return;
            lastReport = waitedMs;
            reporter.info(`Waiting for replay to catch up: replayed ${state.replayLsn}, received ${state.receiveLsn} (${Math.round(waitedMs / 1000)} s of ${timeoutSeconds} s)`);
        },
    });
    // A replica that did not catch up is a fact for the plan (which refuses it), not an error here.
    return { ...state, catchUp: { waitedMs: r.waitedMs, caughtUp: !r.timedOut } };
}
const OLD_PRIMARY_SQL = `SELECT pg_is_in_recovery()::text, CASE WHEN pg_is_in_recovery() THEN '' ELSE pg_current_wal_lsn()::text END`;
async function readOldPrimary(spec, env) {
    const target = await (0,_target_js__WEBPACK_IMPORTED_MODULE_2__/* .openTarget */ .Ap)(spec, { env });
    try {
        const [row] = await target.sql.query(OLD_PRIMARY_SQL);
        return { inRecovery: row?.[0] === 'true', currentLsn: row?.[1] || undefined };
    }
    finally {
        target.close();
    }
}
/**
 * Is the old primary up and accepting writes? Unreachable is the answer we hope for. A container
 * that runs but does not answer is unknown; over a connection, only a refused or unreachable
 * server counts as down (a bad password or missing rights mean it runs).
 */
async function probeOldPrimary(spec, env) {
    const targetSpec = spec.kind === 'container'
        ? { kind: 'container', container: spec.container, dataDir: _settings_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_DATA_DIR */ .T6, user: 'postgres', database: 'postgres' }
        : { kind: 'connection', connection: spec.connection };
    const info = targetSpec.kind === 'container' ? (0,_target_js__WEBPACK_IMPORTED_MODULE_2__/* .containerInfo */ .qs)(targetSpec) : (0,_target_js__WEBPACK_IMPORTED_MODULE_2__/* .connectionInfo */ .Hd)(targetSpec);
    const base = {
        label: info.label,
        stopHint: info.stopHint(),
        inRecovery: undefined,
        currentLsn: undefined,
        unknown: false,
        detail: undefined,
    };
    if (spec.kind === 'container') {
        const state = await (0,_docker_js__WEBPACK_IMPORTED_MODULE_1__/* .inspectContainer */ .aH)(spec.container, env);
        if (!state)
            return { ...base, reachable: false, detail: 'no such container' };
        if (!state.running)
            return { ...base, reachable: false, detail: `container is ${state.status}` };
    }
    try {
        return { ...base, reachable: true, ...(await readOldPrimary(targetSpec, env)) };
    }
    catch (e) {
        const err = e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF ? e : undefined;
        const down = spec.kind === 'connection' &&
            err?.code === 'CONNECTION_FAILED' &&
            /refused|could not connect|translate host|timeout|No route|unreachable|No such file|shut ?down|starting up/i.test(err.message);
        return { ...base, reachable: false, unknown: !down, detail: e instanceof Error ? e.message : String(e) };
    }
}
/**
 * Opens the replica (the prerequisite checks), waits for replay to catch up and reads its state,
 * and probes the old primary when named. The target stays open for run; release closes it.
 */
async function gatherPromoteFacts(settings, deps, reporter) {
    const env = deps.env;
    // The old primary is asked while the replica is opened and read: neither waits for the other.
    const oldPrimary = settings.oldPrimary ? probeOldPrimary(settings.oldPrimary, env) : Promise.resolve(undefined);
    oldPrimary.catch(() => { });
    // One psql session holds the replica from the checks to the verification write (see openTarget).
    const target = await reporter.step('Prerequisites', () => (0,_target_js__WEBPACK_IMPORTED_MODULE_2__/* .openTarget */ .Ap)(settings.target, { env, session: true }));
    let lock;
    try {
        // One promotion of a replica at a time, decided on the replica itself whatever way each run
        // reaches it; the state is read after, so a run that waited sees what the first one did.
        if (!settings.dryRun)
            lock = await (0,_server_lock_js__WEBPACK_IMPORTED_MODULE_3__/* .holdServerLock */ .s)(target.session(), 'promote', 'replica', target.label);
        return await reporter.step(`State of ${target.label}`, async () => ({
            target,
            lock,
            replica: await waitForReplayCatchUp(target, settings.catchupTimeoutSeconds, reporter),
            oldPrimary: await oldPrimary,
            now: (deps.now ?? (() => new Date()))(),
        }));
    }
    catch (e) {
        void lock?.release();
        target.close();
        throw e;
    }
}


/***/ }),

/***/ 247:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CRITICAL_WARNINGS: () => (/* reexport */ promote_plan/* CRITICAL_WARNINGS */.KK),
  DEFAULT_CATCHUP_TIMEOUT_SECONDS: () => (/* reexport */ settings/* DEFAULT_CATCHUP_TIMEOUT_SECONDS */.XP),
  DEFAULT_CONTAINER: () => (/* reexport */ settings/* DEFAULT_CONTAINER */.ur),
  DEFAULT_CONTAINER_BACKUP_DIR: () => (/* reexport */ settings/* DEFAULT_CONTAINER_BACKUP_DIR */.Bm),
  DEFAULT_DATA_DIR: () => (/* reexport */ settings/* DEFAULT_DATA_DIR */.T6),
  DEFAULT_MAX_LAG: () => (/* reexport */ settings/* DEFAULT_MAX_LAG */.or),
  DEFAULT_PROMOTE_WAIT_SECONDS: () => (/* reexport */ settings/* DEFAULT_PROMOTE_WAIT_SECONDS */.$R),
  PROMOTE_OPTIONS: () => (/* reexport */ settings/* PROMOTE_OPTIONS */.w4),
  RECOVERY_CHECK_SQL: () => (/* reexport */ promote_plan/* RECOVERY_CHECK_SQL */.ul),
  REPLICA_STATE_SQL: () => (/* reexport */ facts/* REPLICA_STATE_SQL */.g),
  VERIFY_TIMEOUT_SECONDS: () => (/* reexport */ settings/* VERIFY_TIMEOUT_SECONDS */.sG),
  backupDirName: () => (/* reexport */ promote_plan/* backupDirName */.$Z),
  describePlan: () => (/* reexport */ promote_plan/* describePlan */.df),
  describePromote: () => (/* reexport */ promote_plan/* describePromote */.W2),
  parseByteSize: () => (/* reexport */ settings/* parseByteSize */.nS),
  parseLsn: () => (/* reexport */ promote_plan/* parseLsn */.l2),
  planPromote: () => (/* reexport */ promote_plan/* planPromote */.S5),
  probeOldPrimary: () => (/* reexport */ facts/* probeOldPrimary */.sV),
  promote: () => (/* binding */ promote),
  promoteSettings: () => (/* reexport */ settings/* promoteSettings */.q7),
  readReplicaState: () => (/* reexport */ facts/* readReplicaState */.MJ),
  waitForReplayCatchUp: () => (/* reexport */ facts/* waitForReplayCatchUp */.Ei)
});

// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: ./src/core/promote/facts.ts
var facts = __webpack_require__(8895);
// EXTERNAL MODULE: ./src/core/promote/plan.ts
var promote_plan = __webpack_require__(305);
;// CONCATENATED MODULE: ./src/core/promote/report.ts

function promoteOutputs(r) {
    return { promoted: r.promoted, timeline: r.timeline, lsn: r.lsn, 'duration-ms': r.durationMs, 'backup-path': r.backupPath };
}
/** A dry run promotes nothing. */
function plannedPromoteOutputs() {
    return { promoted: false, timeline: undefined, lsn: undefined, 'duration-ms': undefined, 'backup-path': undefined };
}
/** The job summary / final table: what happened, then the spec's post-promotion checklist. */
function promoteSummary(result) {
    const plan = result.plan;
    const target = plan.target;
    return {
        title: `Promoted ${result.target} to primary`,
        rows: [
            ['Target', result.target],
            ['Method', `${plan.promote.method}${plan.restart ? ' + restart' : ' (online, no restart)'}`],
            ['Timeline', `${result.previousTimeline ?? '?'} → ${result.timeline ?? '?'}`],
            ['LSN', result.lsn ?? ''],
            [
                'Writes unavailable for',
                result.durationMs === undefined ? '' : `${(result.durationMs / 1000).toFixed(2)} s (promote call to first accepted write)`,
            ],
            ['Pre-promotion backup', result.backupPath ?? (result.backupError ? `failed: ${result.backupError}` : 'skipped')],
        ],
        sections: [{ title: 'Checks', header: ['Check', 'Result', 'Detail'], rows: plan.checks.map((c) => [c.name, c.outcome, c.detail]) }],
        notes: [
            `Verify primary status (must return f): ${target.psqlCommand(promote_plan/* RECOVERY_CHECK_SQL */.ul)}`,
            `Check for active connections: ${target.psqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name != 'psql';")}`,
            'Update application connection strings / DNS to the new primary, and verify applications can write to it',
            `Replication slots of the old primary are gone (this lists none): ${target.psqlCommand('SELECT * FROM pg_replication_slots;')}. Create slots for new replicas`,
            'Split-brain risk: keep the old primary stopped. Reconfigure it as a replica of the new primary or decommission it; never start it as a primary again',
            'Cascading replicas: point their primary_conninfo at the new primary and restart them',
            'Within hours: set up new replicas, update monitoring dashboards, point backup jobs at the new primary, document the failover',
            'Within days: decide the fate of the old primary, review runbooks, test failover procedures',
            ...result.warnings.map((w) => `Warning: ${w}`),
        ],
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/fs.ts
var fs = __webpack_require__(8616);
// EXTERNAL MODULE: ./src/core/leftovers.ts
var leftovers = __webpack_require__(1015);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
;// CONCATENATED MODULE: ./src/core/promote/run.ts
/**
 * Carrying a promotion plan out (the face has asked for consent already): the pre-promotion
 * backup, the online promotion, an optional restart, and verification (out of recovery,
 * standby.signal gone, a write accepted).
 */






/** txid_current() takes a transaction id and commits it: it fails on a server still in recovery. */
const WRITE_CHECK_SQL = `SELECT pg_is_in_recovery()::text, txid_current()::text, current_setting('transaction_read_only'),
  pg_current_wal_lsn()::text, pg_walfile_name(pg_current_wal_lsn())`;
function verificationFailed(target, plan, detail) {
    return new errors/* AzaError */.TF('VERIFY_FAILED', `Promotion verification failed: ${target.noun} still in recovery mode (${detail})`, target.stillInRecoveryHint(plan.verify.standbySignal));
}
/** Polls until the server is out of recovery and takes a write; on timeout, the last reason it did not. */
async function waitForWrite(target, timeoutSeconds) {
    const r = await (0,wait/* waitUntil */.a0)(async () => {
        try {
            const [row] = await target.sql.query(WRITE_CHECK_SQL);
            if (row && row[0] === 'false') {
                return { done: true, value: { readOnly: row[2] === 'on', lsn: row[3], timeline: Number.parseInt(row[4].slice(0, 8), 16) } };
            }
            return { done: false, why: 'pg_is_in_recovery() = true' };
        }
        catch (e) {
            return (0,wait/* notYet */.y8)(e);
        }
    }, { timeoutMs: timeoutSeconds * 1000, intervalMs: 100 });
    return r.timedOut ? { last: r.why ?? 'no answer' } : { ok: r.value };
}
/**
 * On this machine (data-dir and connection targets) the base backup is written under a hidden name
 * that carries its maker, then renamed: a run killed mid-backup (its pg_basebackup dies with it)
 * leaves a `.pre-promotion-backup-….partial-<owner>` directory, never one that looks complete, and
 * the next promotion into the same directory removes it. In a container, pg_basebackup writes
 * where the server runs and cleans up after its own failures.
 */
async function prePromotionBackup(target, path, reporter) {
    if (target.kind === 'container')
        return target.baseBackup(path);
    const dir = (0,external_node_path_.dirname)(path);
    (0,leftovers/* cleanLeftovers */.Kz)(dir, reporter, (p) => p.forName.startsWith('pre-promotion-backup-'));
    const temp = (0,fs/* tempPathFor */.FD)(path);
    try {
        await target.baseBackup(temp);
        (0,external_node_fs_.renameSync)(temp, path);
        await (0,fs/* fsyncPath */.Hr)(dir);
    }
    catch (e) {
        (0,external_node_fs_.rmSync)(temp, { recursive: true, force: true });
        throw e;
    }
}
async function runPromote(plan, _deps, reporter) {
    const target = plan.target;
    // The plan's own warnings were said by the face; the run adds what it finds.
    const warnings = [...plan.warnings];
    let backupPath;
    let backupError;
    if (plan.backupPath) {
        const path = plan.backupPath;
        try {
            await reporter.step(`Pre-promotion backup to ${path}`, () => prePromotionBackup(target, path, reporter));
            backupPath = path;
        }
        catch (e) {
            backupError = e instanceof Error ? e.message : String(e);
            const dir = path.replace(/\/[^/]*$/, '') || '/';
            const message = `Backup failed: ${backupError}. Continuing with the promotion. Check disk space (${target.shellCommand(`df -h ${dir}`)}) and permissions (${target.shellCommand(`ls -la ${dir}`)}); ` +
                'use -n if the backup consistently fails, and back up manually before promotion if it is critical.';
            warnings.push(message);
            reporter.warn(message);
        }
    }
    const start = performance.now();
    const promoted = await reporter.step(`Promote ${target.label} (${plan.promote.method})`, () => target.promote(plan.promote.waitSeconds));
    if (!promoted) {
        const message = `${plan.promote.method} did not report completion within ${plan.promote.waitSeconds} s; checking the server state`;
        warnings.push(message);
        reporter.warn(message);
    }
    const verified = await reporter.step('Verify promotion', async () => {
        let check = await waitForWrite(target, plan.verify.timeoutSeconds);
        if (!('ok' in check))
            throw verificationFailed(target, plan, check.last);
        // PostgreSQL removes standby.signal when it promotes; one that survived would make the next
        // start a standby again.
        const signal = await target.fileExists(plan.verify.standbySignal);
        if (signal) {
            const removed = await target.removeFile(plan.verify.standbySignal);
            const message = removed
                ? `standby.signal was still present after promotion and was removed (${plan.verify.standbySignal})`
                : `standby.signal is still present (${plan.verify.standbySignal}) and could not be removed here: remove it before the next restart`;
            warnings.push(message);
            reporter.warn(message);
        }
        if (plan.restart) {
            await reporter.step('Restart as primary', () => target.restart(plan.verify.timeoutSeconds));
            check = await waitForWrite(target, plan.verify.timeoutSeconds);
            if (!('ok' in check))
                throw verificationFailed(target, plan, `after restart: ${check.last}`);
        }
        if (check.ok.readOnly) {
            const message = 'The new primary has default_transaction_read_only = on: applications cannot write until it is reset (ALTER SYSTEM RESET default_transaction_read_only; SELECT pg_reload_conf();)';
            warnings.push(message);
            reporter.warn(message);
        }
        return check.ok;
    });
    const durationMs = Math.round(performance.now() - start);
    return {
        promoted: true,
        target: target.label,
        previousTimeline: plan.previousTimeline,
        timeline: verified.timeline,
        lsn: verified.lsn,
        durationMs,
        backupPath,
        backupError,
        warnings,
        plan,
    };
}

// EXTERNAL MODULE: ./src/core/promote/settings.ts
var settings = __webpack_require__(6211);
;// CONCATENATED MODULE: ./src/core/promote/index.ts






const promote = {
    name: 'promote',
    description: 'Promote a replica to primary (failover) in a container, a local data directory or over a connection: checks, split-brain guard, pre-promotion backup, online promotion, a verified write.',
    branding: { icon: 'arrow-up-circle', color: 'red' },
    options: settings/* PROMOTE_OPTIONS */.w4,
    outputSpecs: [
        {
            name: 'promoted',
            description: 'true when the replica was promoted and verified (out of recovery, standby.signal gone, a write accepted).',
        },
        { name: 'timeline', description: 'Timeline of the new primary.' },
        { name: 'lsn', description: 'WAL position on the new primary right after the verification write.' },
        { name: 'duration-ms', description: 'Milliseconds from the promote call to the first accepted write.' },
        {
            name: 'backup-path',
            description: 'Where the pre-promotion backup was written (inside the container for target container); empty when skipped or failed.',
        },
    ],
    cli: {
        usage: 'aza-pg promote [-c NAME] [-d PATH] [-n] [-y] [options]',
        examples: [
            'aza-pg promote                                   # container postgres-replica (or $POSTGRES_CONTAINER_NAME), asks first',
            'aza-pg promote -c my-replica -y                  # no confirmation (DANGEROUS!)',
            'aza-pg promote -n -y                             # no backup (faster, riskier)',
            'aza-pg promote -c postgres-replica --old-primary-container postgres-primary',
            'aza-pg promote --target data-dir -d /var/lib/postgresql/15/main --backup-dir /srv/backups',
            'PGPASSWORD=… aza-pg promote --target connection --host replica.internal -n -y',
        ],
        done: (r) => `✓ ${r.target} is now a primary (timeline ${r.timeline}, ${((r.durationMs ?? 0) / 1000).toFixed(2)} s without writes)`,
    },
    settings: settings/* promoteSettings */.q7,
    secrets: (s) => [
        ...(s.target.kind === 'connection' ? (0,pg/* connectionSecrets */.K$)(s.target.connection) : []),
        ...(s.oldPrimary?.kind === 'connection' ? (0,pg/* connectionSecrets */.K$)(s.oldPrimary.connection) : []),
    ],
    gather: facts/* gatherPromoteFacts */.NC,
    plan: promote_plan/* planPromote */.S5,
    describe: promote_plan/* describePromote */.W2,
    run: runPromote,
    outputs: promoteOutputs,
    plannedOutputs: plannedPromoteOutputs,
    summary: promoteSummary,
    release: (facts) => {
        void facts.lock?.release();
        facts.target.close();
    },
};





/***/ }),

/***/ 305:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Z: () => (/* binding */ backupDirName),
/* harmony export */   KK: () => (/* binding */ CRITICAL_WARNINGS),
/* harmony export */   S5: () => (/* binding */ planPromote),
/* harmony export */   W2: () => (/* binding */ describePromote),
/* harmony export */   df: () => (/* binding */ describePlan),
/* harmony export */   l2: () => (/* binding */ parseLsn),
/* harmony export */   ul: () => (/* binding */ RECOVERY_CHECK_SQL)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8557);
/**
 * Pure planning: from the settings and the facts read from the replica (and the old primary, when
 * named) decide whether promotion may go ahead, what it will do, and what to warn about.
 * No processes, no clock: tested exhaustively without Docker or PostgreSQL.
 */


/** The spec's "THIS IS A DANGEROUS ONE-WAY OPERATION" list. */
const CRITICAL_WARNINGS = [
    'Cannot be undone: a promoted replica cannot go back to being a replica',
    'Must stop old primary: if it keeps running, clients can write to two primaries (split-brain)',
    "Loses replication slots: the old primary's slots do not exist on the new primary",
    'Breaks replication chain: cascading replicas must be reconfigured to follow the new primary',
    'Production impact: clients must be redirected to the new primary',
];
/** "16/B374D848" -> bytes since 0/0. */
function parseLsn(lsn) {
    const m = /^([0-9A-Fa-f]+)\/([0-9A-Fa-f]+)$/.exec(lsn.trim());
    if (!m)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INTERNAL', `Not an LSN: ${lsn}`);
    return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}
/** pre-promotion-backup-YYYYMMDD_HHMMSS, in UTC. */
function backupDirName(at) {
    const p = (n) => String(n).padStart(2, '0');
    return `pre-promotion-backup-${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}_${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}`;
}
/** The check a person can paste to see whether a server is still a replica. */
const RECOVERY_CHECK_SQL = 'SELECT pg_is_in_recovery();';
function planPromote(settings, facts) {
    const checks = [];
    const warnings = [];
    const refusals = [];
    const refuse = (check, error) => {
        checks.push({ name: check, outcome: 'refused', detail: error.message });
        refusals.push(error);
    };
    const r = facts.replica;
    const target = facts.target;
    // 1. The target is a replica.
    if (!r.inRecovery) {
        refuse('in recovery', new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('NOT_IN_RECOVERY', `${target.noun} is not in recovery mode: ${target.label} is already a primary`, `Check its status: ${target.psqlCommand(RECOVERY_CHECK_SQL)}\nIf it was already promoted, skip promotion.`));
    }
    else {
        checks.push({ name: 'in recovery', outcome: 'ok', detail: 'pg_is_in_recovery() = true' });
    }
    // 2. Replay is running and has caught up with what was received.
    if (r.inRecovery) {
        if (r.replayPaused) {
            refuse('replay running', new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('REPLAY_PAUSED', `WAL replay is paused on ${target.label}: promoting now could leave received transactions unapplied by surprise`, 'Resume replay first: SELECT pg_wal_replay_resume(); (someone paused it with pg_wal_replay_pause(), perhaps on purpose: check before resuming).'));
        }
        else if (r.catchUp && !r.catchUp.caughtUp) {
            refuse('replay caught up', new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('CATCHUP_TIMEOUT', `Replay did not catch up with the received WAL within ${Math.round(r.catchUp.waitedMs / 1000)} s (received ${r.receiveLsn}, replayed ${r.replayLsn})`, `Look at the replica's log for replay errors or conflicts; raise catchup-timeout (--catchup-timeout 5m) if it is only slow.`));
        }
        else {
            checks.push({
                name: 'replay caught up',
                outcome: 'ok',
                detail: r.receiveLsn
                    ? `replayed ${r.replayLsn} of received ${r.receiveLsn}${r.catchUp && r.catchUp.waitedMs > 0 ? ` after ${(r.catchUp.waitedMs / 1000).toFixed(1)} s` : ''}`
                    : `replayed ${r.replayLsn ?? 'unknown'} (no WAL receiver: nothing more to wait for)`,
            });
        }
    }
    // 3. The data directory the user named (or the default one) is the server's. Over a connection
    // the target sees no data directory, and standby.signal is checked relative to the server's.
    const wanted = target.dataDir;
    let dataDir = wanted;
    if (r.dataDirectory && wanted) {
        if (wanted !== r.dataDirectory) {
            // Only a default can be wrong without the user having said so: follow the server then.
            if (!settings.dataDirExplicit) {
                checks.push({
                    name: 'data directory',
                    outcome: 'warning',
                    detail: `the server uses ${r.dataDirectory}, not the default ${wanted}: using ${r.dataDirectory}`,
                });
                dataDir = r.dataDirectory;
            }
            else {
                refuse('data directory', new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('WRONG_DATA_DIR', `${target.label} runs on data directory ${r.dataDirectory}, not ${wanted}`, `Pass the right one: -d ${r.dataDirectory} (input data-dir).`));
            }
        }
        else {
            checks.push({ name: 'data directory', outcome: 'ok', detail: wanted });
        }
    }
    // 4. Split-brain guard and lag, against the old primary when it is named.
    let lagBytes;
    const old = facts.oldPrimary;
    if (!old) {
        checks.push({
            name: 'old primary stopped',
            outcome: 'skipped',
            detail: 'no old primary named: make sure it is stopped (old-primary-container / old-primary enable this check)',
        });
        warnings.push('The old primary was not named, so nothing checked that it is stopped: make sure it is, before clients move');
    }
    else if (old.reachable && old.inRecovery === false) {
        if (old.currentLsn && r.replayLsn) {
            const diff = parseLsn(old.currentLsn) - parseLsn(r.replayLsn);
            lagBytes = Number(diff > 0n ? diff : 0n);
        }
        if (!settings.force) {
            refuse('old primary stopped', new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('SPLIT_BRAIN', `Refusing to promote: the old primary ${old.label} is still running and accepts writes (split-brain guard)`, `Stop it first (${old.stopHint}), then run again. Two primaries accepting writes diverge and cannot be merged. ` +
                'Pass --force (input force: true) only if it is fenced so that no client can write to it.'));
        }
        else {
            checks.push({
                name: 'old primary stopped',
                outcome: 'warning',
                detail: `${old.label} still accepts writes; promoting anyway (force)`,
            });
            warnings.push(`The old primary ${old.label} still accepts writes (force): keep every client away from it`);
        }
        if (lagBytes !== undefined) {
            if (lagBytes > settings.maxLagBytes) {
                refuse('lag', new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('LAG_TOO_HIGH', `The replica is ${(0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(lagBytes)} behind the old primary ${old.label} (max-lag ${(0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(settings.maxLagBytes)})`, 'Wait for it to catch up (SELECT client_addr, state, replay_lag FROM pg_stat_replication; on the old primary), stop writes there first, or raise max-lag.'));
            }
            else {
                checks.push({
                    name: 'lag',
                    outcome: 'ok',
                    detail: `${(0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(lagBytes)} behind the old primary (max ${(0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(settings.maxLagBytes)})`,
                });
            }
        }
    }
    else if (old.reachable) {
        checks.push({ name: 'old primary stopped', outcome: 'ok', detail: `${old.label} answers but is in recovery (not a primary)` });
    }
    else if (old.unknown) {
        checks.push({
            name: 'old primary stopped',
            outcome: 'warning',
            detail: `${old.label} runs but did not answer SQL: ${old.detail ?? ''}`.trim(),
        });
        warnings.push(`The old primary ${old.label} runs but did not answer; the guard cannot tell whether it accepts writes. Stop it (${old.stopHint})`);
    }
    else {
        checks.push({ name: 'old primary stopped', outcome: 'ok', detail: `${old.label}: ${old.detail ?? 'not reachable'}` });
    }
    // 5. Backup.
    let backupPath;
    if (settings.backup) {
        backupPath = `${settings.backup.dir.replace(/\/$/, '')}/${backupDirName(facts.now)}`;
        checks.push({
            name: 'backup',
            outcome: 'ok',
            detail: `pg_basebackup to ${backupPath}${target.filesPlace ? ` (${target.filesPlace})` : ''}`,
        });
    }
    else {
        checks.push({ name: 'backup', outcome: 'skipped', detail: 'no pre-promotion backup (-n / backup: false)' });
        warnings.push('No pre-promotion backup will be taken (-n / backup: false)');
    }
    return {
        target,
        refusal: refusals[0],
        checks,
        warnings,
        backupPath,
        promote: { method: target.promoteMethod, waitSeconds: settings.promoteWaitSeconds },
        restart: settings.restart,
        verify: {
            timeoutSeconds: settings.verifyTimeoutSeconds,
            standbySignal: dataDir ? `${dataDir.replace(/\/$/, '')}/standby.signal` : 'standby.signal',
        },
        previousTimeline: r.timeline,
        lagBytes,
        confirmed: settings.confirmed,
        dryRun: settings.dryRun,
    };
}
/** The plan as lines: the dry run, the checks behind a refusal, what a person is asked to agree to. */
function describePlan(plan) {
    const mark = { ok: '✓', refused: '✗', warning: '!', skipped: '-' };
    const lines = [`Promotion plan for ${plan.target.label}:`];
    for (const c of plan.checks)
        lines.push(`  ${mark[c.outcome]} ${c.name}: ${c.detail}`);
    lines.push(`  then: ${plan.promote.method} (wait up to ${plan.promote.waitSeconds} s)${plan.restart ? ', restart' : ''}, verify within ${plan.verify.timeoutSeconds} s`);
    if (plan.dryRun)
        lines.push('Dry run: nothing was changed.');
    return lines;
}
/**
 * The face's part: the plan's lines, its warnings, its refusal, and, unless -y / confirm: yes was
 * given, the spec's question. The question comes before the pre-promotion backup, unlike the
 * spec's script: a "no" then leaves nothing behind, and the backup still precedes the promotion.
 */
function describePromote(plan) {
    const label = plan.target.label;
    const asks = !plan.confirmed && !plan.dryRun && !plan.refusal;
    return {
        lines: describePlan(plan),
        warnings: plan.warnings,
        dryRun: plan.dryRun,
        ...(plan.refusal ? { refusal: plan.refusal } : {}),
        ...(asks
            ? {
                confirmation: {
                    warnings: ['THIS IS A DANGEROUS ONE-WAY OPERATION:', ...CRITICAL_WARNINGS.map((w) => `  - ${w}`)],
                    question: `Type "yes" to promote ${label} to primary: `,
                    accept: (answer) => answer.trim() === 'yes',
                    unanswered: new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('CONFIRMATION_REQUIRED', `Promotion of ${label} needs confirmation and there is no terminal to ask on; nothing was changed`, 'Run it in a terminal, or pass -y (--yes) once you are sure; in a workflow, set input confirm: yes.'),
                    declined: new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('ABORTED', `Promotion cancelled: ${label} was left as it was`),
                },
            }
            : {}),
    };
}


/***/ }),

/***/ 8557:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xo: () => (/* binding */ formatSeconds),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony exports MemoryReporter, silentReporter */
/** Collects everything in memory: for tests and for callers that want the text afterwards. */
class MemoryReporter {
    lines = [];
    warnings = [];
    tables = [];
    steps = [];
    info(message) {
        this.lines.push(message);
    }
    warn(message) {
        this.warnings.push(message);
        this.lines.push(`warning: ${message}`);
    }
    async step(name, fn) {
        const start = performance.now();
        try {
            const value = await fn();
            this.steps.push({ name, ms: performance.now() - start, ok: true });
            return value;
        }
        catch (e) {
            this.steps.push({ name, ms: performance.now() - start, ok: false });
            throw e;
        }
    }
    progress() { }
    table(table) {
        this.tables.push(table);
    }
    /** Everything reported, as one text (tests grep it for leaked secrets). */
    text() {
        return [...this.lines, ...this.tables.map((t) => JSON.stringify(t))].join('\n');
    }
}
const silentReporter = {
    info() { },
    warn() { },
    step: (_name, fn) => fn(),
    progress() { },
    table() { },
};
function formatBytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let v = n;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return i === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
function formatSeconds(s) {
    if (s < 60)
        return `${s.toFixed(2)} s`;
    const m = Math.floor(s / 60);
    return `${m} min ${(s - m * 60).toFixed(0)} s`;
}


/***/ }),

/***/ 4842:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ holdServerLock)
/* harmony export */ });
/* unused harmony export ADVISORY_LOCK_CLASS */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _owner_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2920);
/* harmony import */ var _pg_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5593);
/**
 * One run at a time per object on a PostgreSQL server: a session-level advisory lock, held by a
 * psql session of our own for the whole run. It goes when we go, even by SIGKILL (psql dies with
 * us, see exec.ts, and the server ends the lock with the session). The session's
 * application_name carries our pid and host, so a second run names the holder.
 */



/** First key of our advisory locks: the operation; the second is hashtext(the object's name). */
const ADVISORY_LOCK_CLASS = { restore: 1634756401, promote: 1634756402 };
/**
 * Takes the advisory lock for `operation` on `object` through `session` (which then belongs to
 * the lock), or throws IN_PROGRESS naming the session that holds it. `what` names the object in
 * the message: `"shop" on server …`, `container postgres-replica`.
 */
async function holdServerLock(session, operation, object, what) {
    const classId = ADVISORY_LOCK_CLASS[operation];
    const objectKey = `hashtext(${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(object)})`;
    try {
        const me = (0,_owner_js__WEBPACK_IMPORTED_MODULE_1__/* .currentOwner */ .Hf)();
        // application_name is at most 63 bytes: enough for "aza-pg restore pid=… host=…".
        await session.exec(`SET application_name = ${(0,_pg_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteLiteral */ .ce)(`aza-pg ${operation} pid=${me.pid} host=${me.host}`.slice(0, 63))}`);
        const got = (await session.query(`SELECT pg_try_advisory_lock(${classId}, ${objectKey})`))[0]?.[0] === 't';
        if (!got) {
            const holder = (await session.query(`SELECT a.application_name, coalesce(host(a.client_addr), 'local'), a.backend_start, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid ` +
                `WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${classId} AND l.objid::bigint = (${objectKey}::bigint & 4294967295) LIMIT 1`))[0];
            const who = holder
                ? `${holder[0] || 'a session'} from ${holder[1]}, backend pid ${holder[3]}, since ${holder[2]}`
                : 'a session that has just ended';
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('IN_PROGRESS', `Another ${operation} of ${what} is running (${who}); nothing was changed`, `Wait for it to finish. If it is stuck, end its session: SELECT pg_terminate_backend(${holder?.[3] ?? '<pid>'});`);
        }
    }
    catch (e) {
        session.kill();
        throw e;
    }
    return { release: () => session.close().catch(() => { }) };
}


/***/ })

};
