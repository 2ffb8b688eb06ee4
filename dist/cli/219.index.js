export const id = 219;
export const ids = [219];
export const modules = {

/***/ 7219:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  STATUS_OPTIONS: () => (/* reexport */ STATUS_OPTIONS),
  planStatus: () => (/* reexport */ planStatus),
  status: () => (/* binding */ status_status),
  statusSettings: () => (/* reexport */ statusSettings),
  topologyDiagram: () => (/* reexport */ topologyDiagram)
});

// EXTERNAL MODULE: ./src/core/backup-catalog.ts
var backup_catalog = __webpack_require__(9595);
// EXTERNAL MODULE: ./src/core/bucket-catalog.ts
var bucket_catalog = __webpack_require__(9995);
// EXTERNAL MODULE: ./src/core/certs/check.ts
var check = __webpack_require__(2067);
// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: ./src/core/restore/plan.ts
var plan = __webpack_require__(2975);
// EXTERNAL MODULE: ./src/core/owner.ts
var core_owner = __webpack_require__(2920);
// EXTERNAL MODULE: ./src/core/target.ts + 3 modules
var core_target = __webpack_require__(6930);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/core/status/tls.ts
/**
 * The certificate a PostgreSQL server presents: PostgreSQL speaks TLS only after its own
 * SSLRequest (8 bytes: length 8, code 80877103) is answered with "S", so the handshake is a plain
 * socket first and node:tls on top of it. The certificate is not verified here (expiry is what is
 * judged, by the certs code); nothing but the handshake is sent.
 */


const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
function presentedCertificate(host, port, timeoutMs = 10000) {
    return new Promise((resolve) => {
        let settled = false;
        const socket = (0,external_node_net_.connect)({ host, port });
        const done = (r) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            socket.destroy();
            resolve(r);
        };
        const timer = setTimeout(() => done({ error: `no answer from ${host}:${port} within ${timeoutMs / 1000} s` }), timeoutMs);
        socket.once('error', (e) => done({ error: `cannot reach ${host}:${port}: ${e.message}` }));
        socket.once('connect', () => socket.write(SSL_REQUEST));
        socket.once('data', (chunk) => {
            const answer = String.fromCharCode(chunk[0] ?? 0);
            if (answer === 'N')
                return done({ error: `the server at ${host}:${port} does not offer TLS (ssl is off)` });
            if (answer !== 'S' || chunk.length !== 1)
                return done({ error: `the server at ${host}:${port} answered the SSLRequest with ${JSON.stringify(answer)}` });
            socket.removeAllListeners('error');
            const secure = (0,external_node_tls_.connect)({ socket, rejectUnauthorized: false, ...((0,external_node_net_.isIP)(host) ? {} : { servername: host }) });
            secure.once('error', (e) => done({ error: `TLS handshake with ${host}:${port} failed: ${e.message}` }));
            secure.once('secureConnect', () => {
                const cert = secure.getPeerX509Certificate();
                secure.destroy();
                done(cert ? { pem: cert.toString() } : { error: `the server at ${host}:${port} presented no certificate` });
            });
        });
    });
}

;// CONCATENATED MODULE: ./src/core/status/facts.ts
/**
 * What `status` reads: every node (in parallel; a node that cannot be reached is a fact, not an
 * error), the certificate files, the certificates the nodes present, and the backup directory.
 * Reads only: no setting changes, no writes, nothing dropped.
 */









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
const SERVER_SQL_UNPRIVILEGED = SERVER_SQL.replace('(SELECT system_identifier::text FROM pg_control_system())', 'NULL').replace('(SELECT timeline_id FROM pg_control_checkpoint())', 'r.received_tli');
const WAL_POSITION = 'CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() ELSE pg_current_wal_lsn() END';
const STANDBYS_SQL = `SELECT application_name, coalesce(host(client_addr), client_hostname, 'local socket'), state, sync_state,
  replay_lsn::text, extract(epoch FROM replay_lag), pg_wal_lsn_diff(${WAL_POSITION}, replay_lsn)
FROM pg_stat_replication ORDER BY application_name, client_addr`;
const SLOTS_SQL = `SELECT slot_name, slot_type, active, coalesce(to_jsonb(s)->>'wal_status', ''), pg_wal_lsn_diff(${WAL_POSITION}, restart_lsn)
FROM pg_replication_slots s ORDER BY slot_name`;
const READY_SQL = `SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'`;
function stagingMaker(comment) {
    const owner = (0,core_owner/* parseOwnerText */.qM)(comment);
    return owner ? { maker: (0,core_owner/* describeOwner */.$S)(owner) } : {};
}
const STAGING_SQL = `SELECT d.datname, pg_database_size(d.oid), (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid),
coalesce(shobj_description(d.oid, 'pg_database'), '')
FROM pg_database d WHERE d.datname ~ '${plan/* STAGING_NAME_REGEX */.Mp}' ORDER BY 1`;
const facts_text = (v) => (v === undefined || v === '' ? undefined : v);
const num = (v) => (v === undefined || v === '' ? undefined : Number(v));
const bool = (v) => v === 't' || v === 'true';
function parseServerRow(r) {
    const receiverStatus = facts_text(r[10]);
    return {
        version: (r[0] ?? '').split(' ')[0],
        versionNum: Number(r[1]),
        ...(facts_text(r[2]) ? { systemIdentifier: r[2] } : {}),
        inRecovery: bool(r[3]),
        ...(facts_text(r[4]) ? { currentLsn: r[4] } : {}),
        ...(facts_text(r[5]) ? { receiveLsn: r[5] } : {}),
        ...(facts_text(r[6]) ? { replayLsn: r[6] } : {}),
        ...(facts_text(r[7]) ? { replayPaused: bool(r[7]) } : {}),
        ...(num(r[8]) !== undefined ? { replayLagSeconds: Math.max(0, num(r[8])) } : {}),
        ...(num(r[9]) !== undefined ? { timeline: num(r[9]) } : {}),
        ...(receiverStatus
            ? {
                receiver: {
                    status: receiverStatus,
                    ...(num(r[11]) !== undefined ? { timeline: num(r[11]) } : {}),
                    ...(facts_text(r[12]) ? { senderHost: r[12] } : {}),
                    ...(num(r[13]) !== undefined ? { senderPort: num(r[13]) } : {}),
                    ...(facts_text(r[14]) ? { slot: r[14] } : {}),
                },
            }
            : {}),
        archiveMode: r[15] ?? 'off',
        archiveCommand: facts_text(r[17]) ? `archive_library ${r[17]}` : (r[16] ?? ''),
        archiver: {
            archivedCount: num(r[18]) ?? 0,
            ...(facts_text(r[19]) ? { lastArchivedWal: r[19] } : {}),
            ...(num(r[20]) !== undefined ? { lastArchivedAgeSeconds: num(r[20]) } : {}),
            failedCount: num(r[21]) ?? 0,
            ...(facts_text(r[22]) ? { lastFailedWal: r[22] } : {}),
            ...(num(r[23]) !== undefined ? { lastFailedAgeSeconds: num(r[23]) } : {}),
        },
        ssl: r[24] === 'on',
        port: Number(r[25]),
        listenAddresses: r[26] ?? '',
    };
}
async function readServer(sql) {
    let rows;
    try {
        rows = await sql.query(SERVER_SQL);
    }
    catch (e) {
        if (!/permission denied/.test(e.message))
            throw e;
        rows = await sql.query(SERVER_SQL_UNPRIVILEGED);
    }
    if (!rows[0])
        throw new Error('the server returned no status row');
    return parseServerRow(rows[0]);
}
/** Where a TLS handshake reaches this node, or why it cannot be checked from here. */
function tlsEndpoint(spec, server) {
    if (!server.ssl)
        return 'ssl is off';
    if (spec.tcp)
        return spec.tcp;
    if (spec.target.kind === 'data-dir') {
        const addresses = server.listenAddresses.split(',').map((a) => a.trim());
        if (addresses.includes('*') || addresses.includes('localhost') || addresses.includes('127.0.0.1'))
            return { host: '127.0.0.1', port: server.port };
        if (addresses.includes('::1'))
            return { host: '::1', port: server.port };
        return addresses[0] ? { host: addresses[0], port: server.port } : 'it listens on no TCP address';
    }
    if (spec.target.kind === 'container')
        return 'a container is reached through docker exec; give it as a connection node to check its certificate';
    return 'it is reached through a unix socket';
}
async function judgePem(source, pem, now) {
    try {
        const r = await (0,check/* evaluateCertificates */.OL)({ path: source, certificates: [{ name: source, path: source, text: pem, mode: 0o644, uid: 0 }], keys: {} }, now, 0);
        return { source, reports: r.certificates };
    }
    catch (e) {
        const err = (0,errors/* toAzaError */.mu)(e);
        return { source, error: err.message, code: err.code };
    }
}
async function readNode(spec, settings, deps, now) {
    const facts = { spec, where: spec.label, standbys: [], slots: [], staging: [], unreadable: [] };
    let target;
    try {
        target = await (0,core_target/* openTarget */.Ap)(spec.target, { env: deps.env });
        facts.where = target.label;
        facts.server = await readServer(target.sql);
    }
    catch (e) {
        const err = (0,errors/* toAzaError */.mu)(e);
        facts.down = { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
        return facts;
    }
    const server = facts.server;
    const sql = target.sql;
    const endpoint = settings.serverCert ? tlsEndpoint(spec, server) : 'not asked (server-cert false)';
    // A query this role may not run leaves a gap that is said; a node that stops answering is down.
    const read = async (what, fn) => {
        try {
            await fn();
        }
        catch (e) {
            const err = (0,errors/* toAzaError */.mu)(e);
            if (err.code === 'SQL_FAILED')
                facts.unreadable.push(`${what}: ${err.message}`);
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
                ...(facts_text(r[4]) ? { replayLsn: r[4] } : {}),
                ...(num(r[5]) !== undefined ? { replayLagSeconds: num(r[5]) } : {}),
                ...(num(r[6]) !== undefined ? { lagBytes: num(r[6]) } : {}),
            }));
        }),
        read('replication slots', async () => {
            facts.slots = (await sql.query(SLOTS_SQL)).map((r) => ({
                name: r[0] ?? '',
                type: r[1] ?? '',
                active: bool(r[2]),
                ...(facts_text(r[3]) ? { walStatus: r[3] } : {}),
                ...(num(r[4]) !== undefined ? { retainedBytes: num(r[4]) } : {}),
            }));
        }),
        sql.query(READY_SQL).then((rows) => void (facts.readyWal = Number(rows[0]?.[0] ?? 0)), (e) => void (facts.readyWalUnknown = /permission denied/.test(e.message) ? 'needs superuser or pg_monitor' : e.message)),
        server.inRecovery
            ? Promise.resolve()
            : read('staging databases of atomic restores', async () => {
                facts.staging = (await sql.query(STAGING_SQL)).map((r) => ({
                    name: r[0] ?? '',
                    sizeBytes: Number(r[1] ?? 0),
                    sessions: Number(r[2] ?? 0),
                    dropCommand: target.psqlCommand(`DROP DATABASE ${(0,pg/* quoteIdent */.v4)(r[0] ?? '')}`),
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
async function readCertFile(path, now) {
    try {
        const r = await (0,check/* evaluateCertificates */.OL)((0,check/* readCheckFacts */.aB)(path), now, 0);
        return { source: path, reports: r.certificates };
    }
    catch (e) {
        const err = (0,errors/* toAzaError */.mu)(e);
        return { source: path, error: err.message, code: err.code };
    }
}
async function gatherStatusFacts(settings, deps, reporter) {
    const now = (deps.now ?? (() => new Date()))();
    return reporter.step(`Check ${settings.nodes.length} node${settings.nodes.length === 1 ? '' : 's'}`, async () => {
        const [nodes, certFiles, backups] = await Promise.all([
            Promise.all(settings.nodes.map((n) => readNode(n, settings, deps, now))),
            Promise.all(settings.certFiles.map((f) => readCertFile(f, now))),
            settings.backupDir === undefined
                ? undefined
                : (settings.store
                    ? (0,bucket_catalog/* readBucketCatalogAt */.Dq)(settings.backupDir, settings.store).then(bucket_catalog/* asBackupCatalog */.Is)
                    : (0,backup_catalog/* readBackupCatalog */.Q)(settings.backupDir)).then((catalog) => ({ dir: settings.backupDir, catalog }), (e) => {
                    const err = (0,errors/* toAzaError */.mu)(e);
                    return { dir: settings.backupDir, error: err.message, code: err.code };
                }),
        ]);
        return { now, nodes, certFiles, ...(backups ? { backups } : {}) };
    });
}

// EXTERNAL MODULE: ./src/core/report.ts
var report = __webpack_require__(8557);
;// CONCATENATED MODULE: ./src/core/status/model.ts
/** "16/B374D848" -> bytes since the start of WAL. */
function lsnBytes(lsn) {
    const [hi, lo] = lsn.split('/');
    return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}
function lsnDiff(a, b) {
    if (!a || !b)
        return undefined;
    const d = lsnBytes(a) - lsnBytes(b);
    return Number(d < 0n ? 0n : d);
}
function formatAge(seconds) {
    if (seconds < 90)
        return `${Math.round(seconds)} s`;
    if (seconds < 5400)
        return `${Math.round(seconds / 60)} min`;
    if (seconds < 172800)
        return `${(seconds / 3600).toFixed(1)} h`;
    return `${(seconds / 86400).toFixed(1)} days`;
}

;// CONCATENATED MODULE: ./src/core/status/files.ts


function median(values) {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function certificateStatuses(facts, minDays, node, findings) {
    if ('error' in facts) {
        findings.push({
            severity: 'critical',
            code: facts.code,
            check: 'certificate',
            ...(node ? { node } : {}),
            message: `Cannot check the certificate of ${facts.source}: ${facts.error}`,
        });
        return [{ source: facts.source, error: facts.error, ok: false }];
    }
    return facts.reports.map((r) => {
        // A file given by path says its path; a directory's certificate its directory and name.
        const what = r.file === facts.source || facts.source.endsWith(`/${r.file}`) ? facts.source : `${facts.source} ${r.file}`;
        let ok = true;
        for (const p of r.problems) {
            ok = false;
            const message = p.message.startsWith(`${r.file} `) ? `${what}${p.message.slice(r.file.length)}` : `${what}: ${p.message}`;
            findings.push({ severity: 'critical', code: p.code, check: 'certificate', ...(node ? { node } : {}), message, hint: p.hint });
        }
        if (r.daysLeft >= 0 && r.daysLeft < minDays && !r.problems.some((p) => p.code === 'CERT_EXPIRED')) {
            ok = false;
            findings.push({
                severity: 'critical',
                code: 'CERT_EXPIRING',
                check: 'certificate',
                ...(node ? { node } : {}),
                message: `${what} expires in ${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'} (${r.notAfter.toISOString().slice(0, 10)}), under the ${minDays}-day threshold`,
                hint: 'Renew it: aza-pg ssl-certs <dir> writes a new set; reload PostgreSQL afterwards (SELECT pg_reload_conf()).',
            });
        }
        for (const w of r.warnings)
            findings.push({ severity: 'warning', check: 'certificate', ...(node ? { node } : {}), message: w });
        return {
            source: facts.source,
            file: r.file,
            subject: r.subject,
            notAfter: r.notAfter.toISOString(),
            daysLeft: r.daysLeft,
            ok,
        };
    });
}
function judgeBackups(facts, now, t, findings) {
    if ('error' in facts) {
        findings.push({ severity: 'critical', code: facts.code, check: 'backup-dir', message: `Cannot check the backups: ${facts.error}` });
        return { dir: facts.dir, error: facts.error, databases: [], incomplete: [], leftovers: [] };
    }
    const c = facts.catalog;
    const byDb = new Map();
    for (const b of c.complete)
        byDb.set(b.database, [...(byDb.get(b.database) ?? []), b]);
    const databases = [];
    if (byDb.size === 0) {
        findings.push({
            severity: 'critical',
            code: 'BACKUP_MISSING',
            check: 'backup-missing',
            message: `No complete backup in ${c.dir}${c.incomplete.length ? ` (${c.incomplete.length} incomplete)` : ''}`,
            hint: 'Take one: aza-pg backup <database> --output-dir <dir>. Only a backup with its manifest counts.',
        });
    }
    for (const [database, list] of [...byDb.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const newest = list[list.length - 1];
        const previous = list.slice(-6, -1);
        const ageSeconds = Math.max(0, (now.getTime() - newest.startedAt.getTime()) / 1000);
        const previousMedianBytes = previous.length ? median(previous.map((b) => b.sizeBytes)) : undefined;
        databases.push({
            database,
            newest: { name: newest.name, path: newest.path, startedAt: newest.startedAt.toISOString(), sizeBytes: newest.sizeBytes, ageSeconds },
            ...(previousMedianBytes !== undefined ? { previousMedianBytes } : {}),
            previousCount: previous.length,
            completeCount: list.length,
        });
        if (ageSeconds > t.maxBackupAgeSeconds) {
            findings.push({
                severity: 'critical',
                code: 'BACKUP_STALE',
                check: 'backup-stale',
                message: `The newest complete backup of ${database} (${newest.name}) started ${formatAge(ageSeconds)} ago, over the ${formatAge(t.maxBackupAgeSeconds)} threshold`,
                hint: 'Check the scheduled backup job: its last runs failed or did not run. Incomplete backups, if any, are listed below.',
            });
        }
        if (previousMedianBytes !== undefined && newest.sizeBytes < previousMedianBytes * t.minBackupRatio) {
            findings.push({
                severity: 'critical',
                code: 'BACKUP_SHRUNK',
                check: 'backup-size',
                message: `The newest backup of ${database} (${newest.name}) is ${(0,report/* formatBytes */.z3)(newest.sizeBytes)}, ${((100 * newest.sizeBytes) / previousMedianBytes).toFixed(0)}% of the ${(0,report/* formatBytes */.z3)(previousMedianBytes)} the ${previous.length} before it had`,
                hint: 'A backup much smaller than its predecessors is the classic silent failure (a wrong database, missing grants, a truncated dump): restore it on a scratch server (aza-pg verify) before trusting it.',
            });
        }
    }
    for (const i of c.incomplete) {
        findings.push({ severity: 'warning', check: 'backup-incomplete', message: `Incomplete backup ${i.name}: ${i.detail}` });
    }
    for (const l of c.leftovers) {
        findings.push({
            severity: 'warning',
            check: 'backup-leftover',
            message: `${l.name} (${(0,report/* formatBytes */.z3)(l.sizeBytes)}) is left over from a killed run that was writing ${l.forName}`,
            hint: l.path.startsWith('s3://')
                ? `Nothing writes it any more once no backup runs; abort it: aza-pg prune ${c.dir} --delete-incomplete --confirm (after incomplete-grace).`
                : `Nothing writes it any more once no backup runs; remove it: rm -r ${JSON.stringify(l.path)} (aza-pg prune removes such files too).`,
        });
    }
    return {
        dir: c.dir,
        databases,
        incomplete: c.incomplete.map(({ name, reason, detail, sizeBytes }) => ({ name, reason, detail, sizeBytes })),
        leftovers: c.leftovers.map(({ name, sizeBytes }) => ({ name, sizeBytes })),
    };
}

;// CONCATENATED MODULE: ./src/core/status/nodes.ts
/** The judgement of one node: its role, replication, slots, archiving and leftovers, against the thresholds. */


/** The given primary a replica follows: same system identifier, and the port it streams from when that is needed to tell. */
function upstreamOf(replica, primaries) {
    const sid = replica.server.systemIdentifier;
    let candidates = primaries.filter((p) => !sid || !p.server.systemIdentifier || p.server.systemIdentifier === sid);
    if (candidates.length > 1 && replica.server.receiver?.senderPort !== undefined) {
        candidates = candidates.filter((p) => p.server.port === replica.server.receiver.senderPort);
    }
    return candidates.length === 1 ? candidates[0] : undefined;
}
function judgeNode(n, primaries, t, findings) {
    const label = n.spec.label;
    if (n.down || !n.server) {
        findings.push({
            severity: 'critical',
            code: 'NODE_DOWN',
            check: 'node-down',
            node: label,
            message: `${label} is down: ${n.down?.message ?? 'no answer'}`,
            ...(n.down?.hint ? { hint: n.down.hint } : {}),
        });
        return { label, where: n.where, role: 'down', error: n.down?.message ?? 'no answer', standbys: [], slots: [], staging: [] };
    }
    const s = n.server;
    const status = {
        label,
        where: n.where,
        role: s.inRecovery ? 'replica' : 'primary',
        version: s.version,
        ...(s.systemIdentifier ? { systemIdentifier: s.systemIdentifier } : {}),
        ...(s.timeline !== undefined ? { timeline: s.timeline } : {}),
        ...(s.currentLsn ? { currentLsn: s.currentLsn } : {}),
        ...(s.receiveLsn ? { receiveLsn: s.receiveLsn } : {}),
        ...(s.replayLsn ? { replayLsn: s.replayLsn } : {}),
        standbys: n.standbys,
        slots: n.slots,
        staging: n.staging,
    };
    if (s.inRecovery) {
        const up = upstreamOf(n, primaries);
        const streaming = s.receiver?.status === 'streaming';
        status.streaming = streaming;
        if (up)
            status.upstream = up.spec.label;
        const lagBytes = up ? lsnDiff(up.server.currentLsn, s.replayLsn) : lsnDiff(s.receiveLsn, s.replayLsn);
        if (lagBytes !== undefined)
            status.lagBytes = lagBytes;
        if (s.replayLagSeconds !== undefined)
            status.lagSeconds = s.replayLagSeconds;
        if (s.replayPaused)
            status.replayPaused = true;
        if (!streaming) {
            findings.push({
                severity: 'critical',
                code: 'REPLICA_DISCONNECTED',
                check: 'replica-disconnected',
                node: label,
                message: `${label} is disconnected from its primary: ${s.receiver ? `its WAL receiver is ${s.receiver.status}` : 'no WAL receiver runs'}`,
                hint: `Check that the primary is up and reachable from ${label} (primary_conninfo), and the replica's log for the receiver's error.`,
            });
        }
        const paused = s.replayPaused ? ' (replay is paused)' : '';
        if (s.replayLagSeconds !== undefined && s.replayLagSeconds > t.maxLagSeconds) {
            findings.push({
                severity: 'critical',
                code: 'REPLICATION_LAG',
                check: 'replication-lag',
                node: label,
                message: `${label} replays ${formatAge(s.replayLagSeconds)} behind${paused}, over the ${formatAge(t.maxLagSeconds)} threshold`,
                hint: s.replayPaused
                    ? `Resume replay on ${label}: SELECT pg_wal_replay_resume();`
                    : `Check ${label}'s load and disk, and long queries that hold replay back (max_standby_streaming_delay).`,
            });
        }
        if (t.maxLagBytes !== undefined && lagBytes !== undefined && lagBytes > t.maxLagBytes) {
            findings.push({
                severity: 'critical',
                code: 'REPLICATION_LAG',
                check: 'replication-lag',
                node: label,
                message: `${label} is ${(0,report/* formatBytes */.z3)(lagBytes)} of WAL behind${paused}, over the ${(0,report/* formatBytes */.z3)(t.maxLagBytes)} threshold`,
                ...(s.replayPaused ? { hint: `Resume replay on ${label}: SELECT pg_wal_replay_resume();` } : {}),
            });
        }
        if (s.replayPaused && !findings.some((f) => f.node === label && f.check === 'replication-lag')) {
            findings.push({
                severity: 'warning',
                check: 'replay-paused',
                node: label,
                message: `Replay is paused on ${label}: it receives WAL but does not apply it`,
                hint: `Resume it: SELECT pg_wal_replay_resume();`,
            });
        }
    }
    for (const st of n.standbys) {
        if (st.state !== 'streaming') {
            findings.push({
                severity: 'warning',
                check: 'standby-state',
                node: label,
                message: `Standby ${st.name} (${st.client}) of ${label} is ${st.state}, not streaming`,
            });
        }
    }
    for (const slot of n.slots) {
        const retained = slot.retainedBytes !== undefined ? ` and retains ${(0,report/* formatBytes */.z3)(slot.retainedBytes)} of WAL` : '';
        if (slot.walStatus === 'lost') {
            findings.push({
                severity: 'critical',
                code: 'SLOT_WAL_LOST',
                check: 'slot',
                node: label,
                message: `Replication slot ${slot.name} on ${label} has lost WAL its consumer still needed (wal_status lost)`,
                hint: 'The consumer cannot catch up from this slot: rebuild it (a new base backup for a replica), then drop the slot.',
            });
        }
        else if (!slot.active) {
            findings.push({
                severity: 'warning',
                check: 'slot-inactive',
                node: label,
                message: `Replication slot ${slot.name} on ${label} is inactive${retained}`,
                hint: `If its consumer is gone for good, drop it before the disk fills: SELECT pg_drop_replication_slot('${slot.name.replace(/'/g, "''")}');`,
            });
        }
    }
    for (const gap of n.unreadable) {
        findings.push({
            severity: 'warning',
            check: 'unreadable',
            node: label,
            message: `Could not read the ${gap} of ${label}`,
            hint: 'Grant the role pg_monitor, or check as a superuser.',
        });
    }
    const archives = s.archiveMode === 'always' || (s.archiveMode === 'on' && !s.inRecovery);
    const a = s.archiver;
    const failing = archives &&
        a.failedCount > 0 &&
        a.lastFailedAgeSeconds !== undefined &&
        (a.lastArchivedAgeSeconds === undefined || a.lastFailedAgeSeconds < a.lastArchivedAgeSeconds);
    status.archiving = {
        mode: s.archiveMode,
        command: s.archiveCommand,
        archivedCount: a.archivedCount,
        ...(a.lastArchivedWal ? { lastArchivedWal: a.lastArchivedWal } : {}),
        ...(a.lastArchivedAgeSeconds !== undefined ? { lastArchivedAgeSeconds: a.lastArchivedAgeSeconds } : {}),
        failedCount: a.failedCount,
        ...(a.lastFailedWal ? { lastFailedWal: a.lastFailedWal } : {}),
        ...(a.lastFailedAgeSeconds !== undefined ? { lastFailedAgeSeconds: a.lastFailedAgeSeconds } : {}),
        failing,
        ...(n.readyWal !== undefined ? { readyWal: n.readyWal } : {}),
        ...(n.readyWalUnknown ? { readyWalUnknown: n.readyWalUnknown } : {}),
    };
    if (!s.inRecovery && s.archiveMode === 'off') {
        const off = {
            check: 'archiving-off',
            node: label,
            message: `WAL archiving is off on ${label}: only the last backup can be restored, nothing after it`,
            hint: 'The production advice is daily backups plus WAL archiving: set archive_mode = on and an archive_command (or archive_library), then restart.',
        };
        findings.push(t.requireArchiving ? { severity: 'critical', code: 'ARCHIVING_OFF', ...off } : { severity: 'warning', ...off });
    }
    if (failing) {
        const last = a.lastArchivedWal
            ? `last archived ${a.lastArchivedWal} ${formatAge(a.lastArchivedAgeSeconds)} ago`
            : 'nothing archived since the statistics were reset';
        findings.push({
            severity: 'critical',
            code: 'ARCHIVING_FAILING',
            check: 'archiving-failing',
            node: label,
            message: `WAL archiving fails on ${label}: ${a.lastFailedWal ?? 'a WAL file'} failed ${formatAge(a.lastFailedAgeSeconds)} ago, ${a.failedCount} failure${a.failedCount === 1 ? '' : 's'} counted; ${last}`,
            hint: `The server log of ${label} has the archive command's error; the command is: ${s.archiveCommand || '(empty)'}. Until it works, WAL piles up in pg_wal.`,
        });
    }
    if (archives && n.readyWal !== undefined && n.readyWal > t.maxReadyWal) {
        findings.push({
            severity: 'critical',
            code: 'ARCHIVING_BACKLOG',
            check: 'archiving-backlog',
            node: label,
            message: `${n.readyWal} WAL files on ${label} wait for archiving (.ready), more than ${t.maxReadyWal}`,
            hint: 'The archiver falls behind or fails: see pg_stat_archiver and the server log; pg_wal grows until it catches up.',
        });
    }
    for (const db of n.staging) {
        if (db.sessions > 0)
            continue;
        findings.push({
            severity: 'warning',
            check: 'restore-leftover',
            node: label,
            message: `Database ${db.name} on ${label} (${(0,report/* formatBytes */.z3)(db.sizeBytes)}) is the staging database of an interrupted atomic restore${db.maker ? ` (${db.maker})` : ''}`,
            hint: `Nothing uses it; remove it with: ${db.dropCommand}`,
        });
    }
    return status;
}

;// CONCATENATED MODULE: ./src/core/status/topology.ts
/**
 * The judgement of the nodes together: a split brain (more than one primary) and a primary short of
 * its replicas; and the topology drawn as a Mermaid flowchart.
 */


/** Findings about the primaries among the nodes; the split brain, if any, for the report. */
function judgeTopology(nodes, up, primaries, t, findings) {
    let splitBrain;
    if (primaries.length > 1) {
        const newest = primaries.reduce((a, b) => (lsnBytes(b.server.currentLsn ?? '0/0') > lsnBytes(a.server.currentLsn ?? '0/0') ? b : a));
        const ids = new Set(primaries.map((p) => p.server.systemIdentifier).filter(Boolean));
        splitBrain = { primaries: primaries.map((p) => p.spec.label), newest: newest.spec.label };
        const list = primaries.map((p) => `${p.spec.label} (WAL ${p.server.currentLsn}, timeline ${p.server.timeline ?? '?'})`).join(', ');
        findings.push({
            severity: 'critical',
            code: 'SPLIT_BRAIN',
            check: 'split-brain',
            message: `Split brain: ${primaries.length} nodes accept writes: ${list}. ${newest.spec.label} has the newest WAL position${ids.size > 1 ? '; their system identifiers differ, so they are not even copies of one cluster: check the node list' : ''}`,
            hint: `Stop every other primary now (docker stop, pg_ctl stop), keep ${newest.spec.label}, then rebuild the others as its replicas (pg_basebackup or pg_rewind) and check again that only one primary remains.`,
        });
    }
    else if (primaries.length === 0 && up.length > 0 && up.length === nodes.length) {
        findings.push({ severity: 'warning', check: 'no-primary', message: 'No node accepts writes: every node given is a replica' });
    }
    // With one primary among the nodes, every other node given is meant to stream from it.
    const expected = t.minReplicas ?? (primaries.length === 1 && nodes.length > 1 ? nodes.length - 1 : undefined);
    if (expected !== undefined) {
        for (const p of primaries) {
            const streaming = p.standbys.filter((s) => s.state === 'streaming').length;
            if (streaming < expected) {
                findings.push({
                    severity: 'critical',
                    code: 'REPLICAS_MISSING',
                    check: 'replicas-missing',
                    node: p.spec.label,
                    message: `${p.spec.label} streams to ${streaming} replica${streaming === 1 ? '' : 's'}, ${expected} expected: a replica is stopped or disconnected`,
                    hint: 'See which replica is down or not streaming in the table; its server log says why.',
                });
            }
        }
    }
    return splitBrain;
}
function mermaidText(s) {
    return s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
function lagLabel(n) {
    const parts = [];
    if (n.lagBytes !== undefined)
        parts.push((0,report/* formatBytes */.z3)(n.lagBytes));
    if (n.lagSeconds !== undefined)
        parts.push(formatAge(n.lagSeconds));
    if (n.replayPaused)
        parts.push('replay paused');
    return parts.join(', ') || 'lag unknown';
}
/** primary --> replica (lag); down nodes red, split-brain primaries red, disconnected replicas on a dotted edge. */
function topologyDiagram(r) {
    const id = new Map(r.nodes.map((n, i) => [n.label, `n${i}`]));
    const lines = ['flowchart LR'];
    for (const n of r.nodes) {
        const detail = n.role === 'down'
            ? 'DOWN'
            : `${n.role}${n.timeline !== undefined ? `, timeline ${n.timeline}` : ''}<br/>${n.role === 'primary' ? (n.currentLsn ?? '') : `replayed ${n.replayLsn ?? '?'}`}`;
        const cls = n.role === 'down' || (n.role === 'primary' && r.splitBrain) ? 'critical' : n.role;
        lines.push(`  ${id.get(n.label)}["${mermaidText(n.label)}<br/>${detail}"]:::${cls}`);
    }
    for (const n of r.nodes) {
        if (n.role !== 'replica' || !n.upstream)
            continue;
        const from = id.get(n.upstream);
        const to = id.get(n.label);
        if (n.streaming)
            lines.push(`  ${from} -->|"${mermaidText(lagLabel(n))}"| ${to}`);
        else
            lines.push(`  ${from} -.->|"disconnected"| ${to}`);
    }
    r.nodes.forEach((p, i) => {
        if (p.role !== 'primary')
            return;
        const given = r.nodes.filter((n) => n.upstream === p.label && n.streaming).length;
        const others = p.standbys.length - given;
        if (others > 0) {
            lines.push(`  x${i}["${others} standby${others === 1 ? '' : 's'} not in the node list"]:::other`);
            lines.push(`  n${i} --> x${i}`);
        }
    });
    lines.push('  classDef primary fill:#d4edda,stroke:#28a745', '  classDef replica fill:#e8f0fe,stroke:#1a73e8', '  classDef critical fill:#f8d7da,stroke:#dc3545', '  classDef other fill:#f5f5f5,stroke:#999,stroke-dasharray:3');
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/core/status/plan.ts



// The status-plan unit test reads WAL positions the way the judgement does.

const SEVERITY_ORDER = { critical: 0, warning: 1 };
const CHECK_ORDER = [
    'split-brain',
    'node-down',
    'replica-disconnected',
    'replicas-missing',
    'replication-lag',
    'archiving-failing',
    'archiving-backlog',
    'slot',
    'certificate',
    'backup-dir',
    'backup-missing',
    'backup-stale',
    'backup-size',
];
function planStatus(settings, facts) {
    const t = settings.thresholds;
    const findings = [];
    const up = facts.nodes.filter((n) => n.server && !n.down);
    const primaries = up.filter((n) => !n.server.inRecovery);
    const nodes = facts.nodes.map((n) => judgeNode(n, primaries, t, findings));
    const splitBrain = judgeTopology(facts.nodes, up, primaries, t, findings);
    const certificates = [];
    for (const f of facts.certFiles)
        certificates.push(...certificateStatuses(f, t.certMinDays, undefined, findings));
    facts.nodes.forEach((n, i) => {
        if (n.tls) {
            const [first] = certificateStatuses(n.tls, t.certMinDays, n.spec.label, findings);
            if (first) {
                nodes[i].certificate = first;
                certificates.push(first);
            }
        }
        else if (n.tlsNotChecked && nodes[i].role !== 'down')
            nodes[i].certificateNotChecked = n.tlsNotChecked;
    });
    const backups = facts.backups ? judgeBackups(facts.backups, facts.now, t, findings) : undefined;
    const rank = (f) => SEVERITY_ORDER[f.severity] * 100 + (CHECK_ORDER.includes(f.check) ? CHECK_ORDER.indexOf(f.check) : 50);
    const sorted = findings
        .map((f, i) => ({ f, i }))
        .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
        .map(({ f }) => f);
    const verdict = sorted.some((f) => f.severity === 'critical') ? 'failed' : sorted.length ? 'warning' : 'ok';
    const report = {
        checkedAt: facts.now.toISOString(),
        verdict,
        ...(primaries.length === 1 ? { primary: primaries[0].spec.label } : {}),
        ...(splitBrain ? { splitBrain } : {}),
        nodes,
        certificates,
        ...(backups ? { backups } : {}),
        thresholds: t,
        findings: sorted,
        diagram: '',
    };
    report.diagram = topologyDiagram(report);
    return { report };
}
/** Status has nothing to confirm and no dry run: it only reads. */
function describeStatus() {
    return { lines: [], dryRun: false };
}

;// CONCATENATED MODULE: ./src/core/status/report.ts
/** What a status check tells: the outputs (JSON for later steps), the summary both faces print, and the failure. */



function worstLag(r) {
    const lags = r.nodes.map((n) => n.lagSeconds).filter((v) => v !== undefined);
    return lags.length ? Math.max(...lags) : undefined;
}
function statusOutputs(r) {
    const days = r.certificates.map((c) => c.daysLeft).filter((d) => d !== undefined);
    const ages = r.backups?.databases.map((d) => d.newest.ageSeconds) ?? [];
    const lag = worstLag(r);
    return {
        verdict: r.verdict,
        primary: r.primary ?? '',
        'split-brain': r.splitBrain !== undefined,
        'max-lag-seconds': lag === undefined ? '' : lag.toFixed(1),
        'cert-days-left': days.length ? Math.min(...days) : '',
        'backup-age-seconds': ages.length ? Math.round(Math.max(...ages)) : '',
        problems: JSON.stringify(r.findings),
        report: JSON.stringify(r),
    };
}
function wal(n) {
    if (n.role === 'primary')
        return n.currentLsn ?? '-';
    if (n.role === 'replica')
        return `${n.receiveLsn ?? '-'} / ${n.replayLsn ?? '-'}`;
    return '-';
}
function lag(n) {
    if (n.role !== 'replica')
        return '-';
    const parts = [n.lagSeconds !== undefined ? formatAge(n.lagSeconds) : '?', n.lagBytes !== undefined ? (0,report/* formatBytes */.z3)(n.lagBytes) : '?'];
    return `${parts.join(', ')}${n.replayPaused ? ' (paused)' : ''}`;
}
function archiving(n) {
    const a = n.archiving;
    if (!a)
        return '-';
    if (a.mode === 'off')
        return 'off';
    if (n.role === 'replica' && a.mode !== 'always')
        return `${a.mode} (primary archives)`;
    const last = a.lastArchivedWal ? `last ${formatAge(a.lastArchivedAgeSeconds ?? 0)} ago` : 'nothing archived yet';
    const ready = a.readyWal !== undefined ? `, ${a.readyWal} ready` : '';
    return `${a.failing ? `FAILING (${a.failedCount} failures)` : 'ok'}, ${last}${ready}`;
}
function cert(n) {
    const c = n.certificate;
    if (!c)
        return n.role === 'down' ? '-' : 'not checked';
    if (c.error)
        return `error: ${c.error}`;
    return `${c.daysLeft} days${c.ok ? '' : ' (!)'}`;
}
function state(n, r) {
    const mine = r.findings.filter((f) => f.node === n.label);
    if (n.role === 'down')
        return `DOWN: ${n.error ?? ''}`;
    if (mine.some((f) => f.severity === 'critical'))
        return `FAILED: ${mine
            .filter((f) => f.severity === 'critical')
            .map((f) => f.check)
            .join(', ')}`;
    if (mine.length)
        return `warning: ${mine.map((f) => f.check).join(', ')}`;
    return 'ok';
}
const VERDICT_TEXT = { ok: 'OK', warning: 'OK with warnings', failed: 'FAILED' };
function statusSummary(r) {
    const up = r.nodes.filter((n) => n.role !== 'down').length;
    const rows = [
        [
            'Verdict',
            `${VERDICT_TEXT[r.verdict]}${r.findings.length ? ` (${r.findings.filter((f) => f.severity === 'critical').length} critical, ${r.findings.filter((f) => f.severity === 'warning').length} warnings)` : ''}`,
        ],
        ['Checked at', r.checkedAt],
        ['Nodes', `${r.nodes.length} given, ${up} up${up < r.nodes.length ? `, ${r.nodes.length - up} DOWN` : ''}`],
        [
            'Primary',
            r.splitBrain
                ? `SPLIT BRAIN: ${r.splitBrain.primaries.join(', ')} (newest WAL: ${r.splitBrain.newest})`
                : (r.primary ?? 'none among the nodes'),
        ],
    ];
    const worst = worstLag(r);
    if (worst !== undefined)
        rows.push(['Worst replica lag', `${formatAge(worst)} (threshold ${formatAge(r.thresholds.maxLagSeconds)})`]);
    for (const d of r.backups?.databases ?? []) {
        rows.push([
            `Newest backup of ${d.database}`,
            `${d.newest.name}, ${formatAge(d.newest.ageSeconds)} old, ${(0,report/* formatBytes */.z3)(d.newest.sizeBytes)}`,
        ]);
    }
    const days = r.certificates.filter((c) => c.daysLeft !== undefined);
    if (days.length) {
        const soonest = days.reduce((a, b) => (b.daysLeft < a.daysLeft ? b : a));
        rows.push([
            'Soonest certificate expiry',
            `${soonest.daysLeft} days (${soonest.source}${soonest.file && soonest.file !== soonest.source ? ` ${soonest.file}` : ''})`,
        ]);
    }
    const sections = [
        {
            title: 'Nodes',
            header: ['Node', 'Role', 'Timeline', 'WAL (current, or received / replayed)', 'Lag', 'Replicas', 'Archiving', 'Certificate', 'State'],
            rows: r.nodes.map((n) => [
                n.label,
                n.role,
                n.timeline !== undefined ? String(n.timeline) : '-',
                wal(n),
                lag(n),
                n.role === 'primary' ? String(n.standbys.filter((s) => s.state === 'streaming').length) : '-',
                archiving(n),
                cert(n),
                state(n, r),
            ]),
        },
    ];
    if (r.findings.length) {
        sections.push({
            title: 'Problems',
            header: ['Severity', 'Check', 'Problem'],
            rows: r.findings.map((f) => [f.severity, f.check, f.message]),
        });
    }
    const standbys = r.nodes.flatMap((n) => n.standbys.map((s) => [
        n.label,
        s.name,
        s.client,
        s.state,
        s.syncState,
        s.replayLagSeconds !== undefined ? formatAge(s.replayLagSeconds) : '-',
        s.lagBytes !== undefined ? (0,report/* formatBytes */.z3)(s.lagBytes) : '-',
    ]));
    if (standbys.length)
        sections.push({
            title: 'Connected replicas (pg_stat_replication)',
            header: ['Node', 'Standby', 'Client', 'State', 'Sync', 'Replay lag', 'Behind'],
            rows: standbys,
        });
    const slots = r.nodes.flatMap((n) => n.slots.map((s) => [
        n.label,
        s.name,
        s.type,
        s.active ? 'yes' : 'NO',
        s.walStatus ?? '-',
        s.retainedBytes !== undefined ? (0,report/* formatBytes */.z3)(s.retainedBytes) : '-',
    ]));
    if (slots.length)
        sections.push({ title: 'Replication slots', header: ['Node', 'Slot', 'Type', 'Active', 'WAL status', 'WAL retained'], rows: slots });
    const archivers = r.nodes.filter((n) => n.archiving && n.archiving.mode !== 'off');
    if (archivers.length) {
        sections.push({
            title: 'WAL archiving (pg_stat_archiver)',
            header: ['Node', 'Mode', 'Archived', 'Last archived', 'Failed', 'Last failed', '.ready'],
            rows: archivers.map((n) => {
                const a = n.archiving;
                return [
                    n.label,
                    a.mode,
                    String(a.archivedCount),
                    a.lastArchivedWal ? `${a.lastArchivedWal} (${formatAge(a.lastArchivedAgeSeconds ?? 0)} ago)` : '-',
                    String(a.failedCount),
                    a.lastFailedWal ? `${a.lastFailedWal} (${formatAge(a.lastFailedAgeSeconds ?? 0)} ago)` : '-',
                    a.readyWal !== undefined ? String(a.readyWal) : `? (${a.readyWalUnknown ?? 'unknown'})`,
                ];
            }),
        });
    }
    if (r.certificates.length) {
        sections.push({
            title: 'Certificates',
            header: ['Certificate', 'Subject', 'Not after', 'Days left', 'State'],
            rows: r.certificates.map((c) => [
                c.file && c.file !== c.source ? `${c.source} ${c.file}` : c.source,
                c.subject ?? '-',
                c.notAfter?.slice(0, 10) ?? '-',
                c.daysLeft !== undefined ? String(c.daysLeft) : '-',
                c.error ? `error: ${c.error}` : c.ok ? 'ok' : 'FAILED',
            ]),
        });
    }
    if (r.backups) {
        const b = r.backups;
        sections.push({
            title: `Backups in ${b.dir}`,
            header: ['Database', 'Newest complete backup', 'Started', 'Age', 'Size', 'Median of previous', 'Complete'],
            rows: b.error
                ? [['-', `error: ${b.error}`, '-', '-', '-', '-', '-']]
                : [
                    ...b.databases.map((d) => [
                        d.database,
                        d.newest.name,
                        d.newest.startedAt,
                        formatAge(d.newest.ageSeconds),
                        (0,report/* formatBytes */.z3)(d.newest.sizeBytes),
                        d.previousMedianBytes !== undefined ? `${(0,report/* formatBytes */.z3)(d.previousMedianBytes)} (${d.previousCount})` : '-',
                        String(d.completeCount),
                    ]),
                    ...b.incomplete.map((i) => ['?', `${i.name} (INCOMPLETE: ${i.reason})`, '-', '-', (0,report/* formatBytes */.z3)(i.sizeBytes), '-', '-']),
                    ...b.leftovers.map((l) => ['?', `${l.name} (left over)`, '-', '-', (0,report/* formatBytes */.z3)(l.sizeBytes), '-', '-']),
                ],
        });
    }
    const staging = r.nodes.flatMap((n) => n.staging.map((s) => [
        n.label,
        s.name,
        (0,report/* formatBytes */.z3)(s.sizeBytes),
        String(s.sessions),
        s.sessions ? 'in use: a restore may be running' : s.dropCommand,
    ]));
    if (staging.length)
        sections.push({
            title: 'Staging databases of atomic restores',
            header: ['Node', 'Database', 'Size', 'Sessions', 'Remove with'],
            rows: staging,
        });
    const notes = [...new Set(r.findings.filter((f) => f.severity === 'critical' && f.hint).map((f) => f.hint))];
    return {
        title: `PostgreSQL status: ${VERDICT_TEXT[r.verdict]}`,
        rows,
        sections,
        blocks: [{ title: 'Topology', language: 'mermaid', text: r.diagram }],
        ...(notes.length ? { notes } : {}),
    };
}
/** When the check itself could not run (bad input): still a failed verdict for the steps that read it. */
function statusErrorOutputs(e) {
    return {
        verdict: 'failed',
        'split-brain': false,
        problems: JSON.stringify([
            { severity: 'critical', code: e.code, check: 'input', message: e.message, ...(e.hint ? { hint: e.hint } : {}) },
        ]),
    };
}
/** A failed verdict as the error the faces fail with, after outputs and summary are written. */
function statusFailure(r) {
    const critical = r.findings.filter((f) => f.severity === 'critical');
    const [first] = critical;
    if (!first)
        return undefined;
    const more = critical.length - 1;
    return new errors/* AzaError */.TF(first.code, `Status check failed: ${first.message}${more ? ` (and ${more} more problem${more === 1 ? '' : 's'}, listed above)` : ''}`, first.hint);
}

// EXTERNAL MODULE: ./src/core/operation.ts
var operation = __webpack_require__(5018);
;// CONCATENATED MODULE: ./src/core/status/run.ts
/**
 * Status only reads (in gather) and judges (in plan); running it says the findings and hands the
 * report on, as a FailedWithResult when the verdict is failed (the faces still report it).
 */


async function runStatus(plan, _deps, reporter) {
    const r = plan.report;
    // The first critical finding becomes the failure message; every other one is said here.
    const firstCritical = r.findings.find((f) => f.severity === 'critical');
    for (const f of r.findings)
        if (f !== firstCritical)
            reporter.warn(f.message);
    const failure = statusFailure(r);
    if (failure)
        throw new operation/* FailedWithResult */.Pb(r, failure);
    return r;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/connection-options.ts
var connection_options = __webpack_require__(1756);
// EXTERNAL MODULE: ./src/core/promote/settings.ts
var promote_settings = __webpack_require__(6211);
// EXTERNAL MODULE: ./src/core/object-store/index.ts + 3 modules
var object_store = __webpack_require__(2862);
;// CONCATENATED MODULE: ./src/core/status/settings.ts
/**
 * What `status` is asked to look at and the thresholds it judges by, validated once for both faces.
 * A node is written as a connection URI, `container:NAME`, `data-dir:PATH` (or an absolute path),
 * or `HOST[:PORT]` with the shared user and password; `label=` before any of them names it.
 * Nothing here touches a server, Docker or a file.
 */






/** The spec's monitoring advice: alert on lag > 60 s, certificates expiring in < 30 days; a daily backup plus slack. */
const DEFAULT_MAX_LAG_SECONDS = 60;
const DEFAULT_CERT_MIN_DAYS = 30;
const DEFAULT_MAX_BACKUP_AGE_SECONDS = 26 * 3600;
/** A backup under half the size of the ones before it is suspicious; a tenth is the classic silent failure. */
const DEFAULT_MIN_BACKUP_RATIO = 0.5;
/** WAL segments waiting for the archiver: 16 is 256 MB of WAL not yet safe elsewhere. */
const DEFAULT_MAX_READY_WAL = 16;
const CONTAINER_DATA_DIR = '/var/lib/postgresql/data';
const STATUS_OPTIONS = [
    {
        name: 'nodes',
        description: 'Nodes to check, comma or newline separated: postgresql://… URIs, container:NAME (docker exec), data-dir:PATH, or HOST[:PORT] with the user and password below; NAME=… labels one',
        defaultText: 'the one server the connection options describe',
        positional: 0,
    },
    {
        name: 'backup-dir',
        description: 'Directory of aza-pg backups, or a prefix in a bucket (`s3://bucket/prefix/`), whose newest complete backup is checked (age, size against the ones before it, incomplete and leftover files; in a bucket: objects without a manifest and open multipart uploads)',
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
    ...object_store/* OBJECT_STORE_OPTIONS */.Pj,
    ...connection_options/* CONNECTION_OPTIONS */.Ur,
];
const LABEL = /^([A-Za-z0-9_.-]+)=(.+)$/;
function tcpOf(c) {
    return c.host.startsWith('/') ? undefined : { host: c.host, port: c.port };
}
/** One entry of `nodes` as a target. `shared` is the connection the shared options describe. */
function parseNode(entry, shared, opts) {
    const labelled = LABEL.exec(entry);
    const label = labelled?.[1];
    const text = (labelled?.[2] ?? entry).trim();
    const bin = opts.pgBinDir ? { pgBinDir: opts.pgBinDir } : {};
    if (/^postgres(ql)?:\/\//.test(text)) {
        const fromUri = Object.fromEntries(Object.entries((0,pg/* parseConnectionUri */.sq)(text)).filter(([, v]) => v !== undefined && v !== ''));
        const connection = { ...shared, ...fromUri };
        const tcp = tcpOf(connection);
        return {
            label: label ?? `${connection.host}:${connection.port}`,
            target: { kind: 'connection', connection, ...bin },
            ...(tcp ? { tcp } : {}),
        };
    }
    const container = /^(container|docker):(.*)$/.exec(text);
    if (container) {
        const name = container[2].trim();
        if (!name)
            throw new errors/* AzaError */.TF('INVALID_INPUT', `The node "${entry}" names no container`, 'Write it as container:NAME.');
        return {
            label: label ?? name,
            target: { kind: 'container', container: name, dataDir: CONTAINER_DATA_DIR, user: shared.user, database: opts.database },
        };
    }
    const dataDir = /^data-dir:(.*)$/.exec(text)?.[1]?.trim() ?? ((0,external_node_path_.isAbsolute)(text) ? text : undefined);
    if (dataDir !== undefined) {
        if (!dataDir)
            throw new errors/* AzaError */.TF('INVALID_INPUT', `The node "${entry}" names no data directory`, 'Write it as data-dir:/path/to/data.');
        const path = (0,external_node_path_.resolve)(opts.cwd, dataDir).replace(/(.)\/+$/, '$1');
        return { label: label ?? path, target: { kind: 'data-dir', dataDir: path, user: shared.user, database: opts.database, ...bin } };
    }
    const hostPort = /^(\[[^\]]+\]|[^:/\s]+)(?::(\d+))?$/.exec(text);
    if (!hostPort) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `Cannot read the node "${entry}"`, 'Write a node as postgresql://user@host:port/db, container:NAME, data-dir:/path, or host:port (NAME=… before it labels it).');
    }
    const host = hostPort[1].replace(/^\[(.*)\]$/, '$1');
    const port = hostPort[2] ? (0,pg/* parsePort */.pz)(hostPort[2], `port of the node "${entry}"`) : shared.port;
    const connection = { ...shared, host, port };
    return { label: label ?? `${host}:${port}`, target: { kind: 'connection', connection, ...bin }, tcp: { host, port } };
}
function positiveNumber(inputs, name, what) {
    const v = inputs.string(name);
    if (v === undefined)
        return undefined;
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v) || !Number.isFinite(n)) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `Invalid ${inputs.label(name)} "${v}": expected ${what}`);
    }
    return n;
}
function statusSettings(inputs, env, cwd) {
    const database = inputs.verbatim('database') ?? 'postgres';
    const shared = (0,connection_options/* connectionSettings */.Q7)(inputs, env, database);
    const pgBinDir = (0,connection_options/* clientBinDir */.av)(inputs, cwd);
    const entries = inputs.list('nodes');
    const nodes = entries.length
        ? entries.map((e) => parseNode(e, shared, { database, cwd, ...(pgBinDir ? { pgBinDir } : {}) }))
        : [
            {
                label: `${shared.host}:${shared.port}`,
                target: { kind: 'connection', connection: shared, ...(pgBinDir ? { pgBinDir } : {}) },
                ...(tcpOf(shared) ? { tcp: tcpOf(shared) } : {}),
            },
        ];
    const seen = new Set();
    for (const n of nodes) {
        if (seen.has(n.label))
            throw new errors/* AzaError */.TF('INVALID_INPUT', `Two nodes are called ${n.label}`, 'Give each node once, or label them: primary=…, replica=….');
        seen.add(n.label);
    }
    const maxLagBytesText = inputs.string('max-lag-bytes');
    const maxLagBytes = maxLagBytesText === undefined ? undefined : (0,promote_settings/* parseByteSize */.nS)(maxLagBytesText);
    if (maxLagBytesText !== undefined && maxLagBytes === undefined) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `Invalid ${inputs.label('max-lag-bytes')} "${maxLagBytesText}": expected a size such as 512kB, 16MB or 1GB`);
    }
    const minBackupRatio = positiveNumber(inputs, 'min-backup-ratio', 'a fraction from 0 to 1, such as 0.5') ?? DEFAULT_MIN_BACKUP_RATIO;
    if (minBackupRatio > 1) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `Invalid ${inputs.label('min-backup-ratio')} "${minBackupRatio}": expected a fraction from 0 to 1, such as 0.5`);
    }
    const watch = inputs.integer('watch', { min: 1, max: 86400, hint: 'Give the seconds between checks, e.g. --watch 10.' });
    const backupDir = inputs.string('backup-dir');
    const settings = {
        nodes,
        ...(backupDir ? { backupDir: (0,object_store/* isObjectUrl */.rS)(backupDir) ? backupDir : (0,external_node_path_.resolve)(cwd, backupDir) } : {}),
        ...((0,object_store/* isObjectUrl */.rS)(backupDir) ? { store: (0,object_store/* objectStoreSettings */.qR)(inputs, env) } : {}),
        certFiles: inputs.list('cert-file').map((f) => (0,external_node_path_.resolve)(cwd, f)),
        serverCert: inputs.boolean('server-cert'),
        thresholds: {
            maxLagSeconds: inputs.durationSeconds('max-lag-seconds'),
            ...(maxLagBytes !== undefined ? { maxLagBytes } : {}),
            certMinDays: inputs.integer('cert-min-days', { min: 0, max: 36500 }),
            maxBackupAgeSeconds: inputs.durationSeconds('max-backup-age') ?? DEFAULT_MAX_BACKUP_AGE_SECONDS,
            minBackupRatio,
            maxReadyWal: inputs.integer('max-ready-wal', { min: 0 }),
            ...(inputs.has('min-replicas') ? { minReplicas: inputs.integer('min-replicas', { min: 0, max: 1000 }) } : {}),
            requireArchiving: inputs.boolean('require-archiving'),
        },
        ...(watch !== undefined ? { watchSeconds: watch } : {}),
        secrets: [...new Set(nodes.flatMap((n) => (n.target.kind === 'connection' ? (0,pg/* connectionSecrets */.K$)(n.target.connection) : [])))],
    };
    if (settings.store)
        settings.secrets.push(...(0,object_store/* objectStoreSecrets */.au)(settings.store));
    return settings;
}

;// CONCATENATED MODULE: ./src/core/status/index.ts





const status_status = {
    name: 'status',
    description: 'Check PostgreSQL nodes (roles, replication lag, split brain, WAL archiving, certificate expiry, the newest backup); fails when a threshold is crossed.',
    branding: { icon: 'activity', color: 'green' },
    options: STATUS_OPTIONS,
    outputSpecs: [
        { name: 'verdict', description: 'ok, warning or failed (failed also fails the step)' },
        { name: 'primary', description: 'The node that accepts writes, when exactly one does' },
        { name: 'split-brain', description: 'true when more than one node accepts writes' },
        { name: 'max-lag-seconds', description: 'The largest replay lag among the replicas, in seconds' },
        { name: 'cert-days-left', description: 'Days until the soonest certificate expiry among those checked' },
        { name: 'backup-age-seconds', description: 'Age of the newest complete backup (the oldest of these among databases), in seconds' },
        { name: 'problems', description: 'The findings as a JSON array of {severity, check, node, message, hint}' },
        { name: 'report', description: 'The whole report as JSON: nodes, replication, slots, archiving, certificates, backups, thresholds' },
    ],
    cli: {
        usage: 'aza-pg status [nodes] [options]',
        examples: [
            'aza-pg status                                            # the server PGHOST/PGPORT describe',
            'aza-pg status container:postgres-primary,container:postgres-replica',
            'aza-pg status primary=db1:5432,replica=db2:5432 --user monitor --max-lag-seconds 30',
            'aza-pg status data-dir:/var/lib/postgresql/15/main --backup-dir /backups --cert-file certs/server.crt',
            'aza-pg status container:postgres-primary,container:postgres-replica --watch 10',
        ],
    },
    settings: statusSettings,
    secrets: (s) => s.secrets,
    gather: gatherStatusFacts,
    plan: planStatus,
    describe: describeStatus,
    run: runStatus,
    outputs: statusOutputs,
    summary: statusSummary,
    failureOutputs: statusErrorOutputs,
    watch: (s) => s.watchSeconds,
};





/***/ })

};
