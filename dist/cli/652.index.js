export const id = 652;
export const ids = [652];
export const modules = {

/***/ 4652:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DRILL_OPTIONS: () => (/* reexport */ DRILL_OPTIONS),
  drill: () => (/* binding */ drill),
  drillSettings: () => (/* reexport */ drillSettings)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/data-dir.ts
var data_dir = __webpack_require__(8153);
// EXTERNAL MODULE: ./src/core/exec.ts + 2 modules
var exec = __webpack_require__(4551);
// EXTERNAL MODULE: ./src/core/pg-tools.ts
var pg_tools = __webpack_require__(9928);
// EXTERNAL MODULE: ./src/core/target.ts + 3 modules
var core_target = __webpack_require__(6930);
;// CONCATENATED MODULE: ./src/core/drill/address.ts
const LOOPBACK = ['localhost', '127.0.0.1', '::1'];
/** A loopback name stands for all of them: a replica may say 127.0.0.1 where we say localhost. */
function addressOf(hosts, port) {
    const named = hosts.filter((h) => !!h && h !== '*');
    const loopback = hosts.includes('*') || named.some((h) => LOOPBACK.includes(h));
    return { hosts: [...new Set([...named, ...(loopback ? LOOPBACK : [])])], port };
}
function sameNode(host, port, address) {
    return address.hosts.includes(host) && (address.port === undefined || port === undefined || port === address.port);
}
function conninfoValue(conninfo, key) {
    return new RegExp(`(^|\\s)${key}\\s*=\\s*('?)((?:[^\\s'\\\\]|\\\\.)+)\\2(?=\\s|$)`).exec(conninfo);
}
/**
 * `host=<old primary>` (and its port) -> the new primary in a libpq conninfo string, the rest
 * (user, password, TLS) kept; undefined when it does not name the old primary. A string address
 * is a container name (any port).
 */
function repointConninfo(conninfo, from, to) {
    const a = typeof from === 'string' ? { hosts: [from], port: undefined } : from;
    const b = typeof to === 'string' ? { hosts: [to], port: undefined } : to;
    const host = conninfoValue(conninfo, 'host');
    const port = conninfoValue(conninfo, 'port');
    if (!host)
        return undefined;
    const oldHost = host[3];
    const oldPort = port ? Number(port[3]) : 5432;
    if (!a.hosts.includes(oldHost) || (a.port !== undefined && oldPort !== a.port))
        return undefined;
    // Same style as before: a socket directory for a socket directory, a name for a name.
    const socket = oldHost.startsWith('/');
    const newHost = b.hosts.includes(oldHost) ? oldHost : (b.hosts.find((h) => h.startsWith('/') === socket) ?? b.hosts[0]);
    const q = host[2];
    let out = conninfo.replace(host[0], `${host[1]}host=${q}${newHost}${q}`);
    if (b.port !== undefined && b.port !== oldPort) {
        out = port ? out.replace(port[0], `${port[1]}port=${port[2]}${b.port}${port[2]}`) : `${out} port=${b.port}`;
    }
    return out;
}
/** A URI without password for a sub-operation's inputs (the password goes through PGPASSWORD). */
function connectionUri(c) {
    const q = new URLSearchParams({ host: c.host, port: String(c.port), user: c.user, ...(c.sslmode ? { sslmode: c.sslmode } : {}) });
    return `postgresql:///${encodeURIComponent(c.database)}?${q.toString()}`;
}

;// CONCATENATED MODULE: ./src/core/drill/facts.ts
/** Reads each node of the drill (role, WAL receiver, how the others name it); changes nothing. */






const NODE_SQL = `SELECT pg_is_in_recovery()::text,
  coalesce((SELECT status || '|' || coalesce(sender_host, '') || '|' || coalesce(sender_port::text, '') FROM pg_stat_wal_receiver LIMIT 1), ''),
  (current_setting('wal_log_hints') = 'on' OR current_setting('data_checksums') = 'on')::text`;
/** Role and WAL receiver of an open node. */
async function readState(target) {
    const [row] = await target.sql.query(NODE_SQL);
    const [status, senderHost, senderPort] = (row?.[1] ?? '').split('|');
    return {
        inRecovery: row?.[0] === 'true',
        receiver: status ? { status, senderHost: senderHost ?? '', senderPort: senderPort ? Number(senderPort) : undefined } : undefined,
        rewindable: row?.[2] === 'true',
    };
}
/** The local server behind a data directory: its owner, binaries and addresses. */
async function localServer(dataDir, env) {
    const { pidFile, major, uid, gid } = (0,data_dir/* inspectDataDir */.Yu)(dataDir);
    const binDir = (0,data_dir/* serverBinDir */.os)(pidFile.pid) ?? (0,external_node_path_.dirname)((await (0,pg_tools/* requireTool */.Y0)('pg_ctl', major, { env })).path);
    return { dataDir, uid, gid, binDir, major, port: pidFile.port, socketDir: pidFile.socketDir, listenAddress: pidFile.listenAddress };
}
async function containerHasVolume(name, dataDir, env) {
    const mounts = await (0,exec/* run */.eF)('docker', ['inspect', '-f', '{{range .Mounts}}{{.Destination}}{{"\\n"}}{{end}}', name], {
        env,
        allowFailure: true,
    });
    return mounts.code === 0 && mounts.stdout.split('\n').includes(dataDir.replace(/\/+$/, ''));
}
async function readNode(name, settings, deps) {
    const spec = settings.nodes[name];
    const target = await (0,core_target/* openTarget */.Ap)(spec, { env: deps.env });
    try {
        const state = await readState(target);
        let address;
        let local;
        let dataOnVolume = true;
        if (spec.kind === 'container') {
            address = addressOf([spec.container], undefined);
            dataOnVolume = await containerHasVolume(spec.container, spec.dataDir, deps.env);
        }
        else if (spec.kind === 'data-dir') {
            local = await localServer(spec.dataDir, deps.env);
            address = addressOf([local.listenAddress, local.socketDir], local.port);
        }
        else {
            address = addressOf([spec.connection.host], spec.connection.port);
        }
        return { name, kind: spec.kind, target, address, local, dataOnVolume, ...state };
    }
    catch (e) {
        target.close();
        throw e;
    }
}
async function gatherDrillFacts(settings, deps, reporter) {
    return reporter.step('Check the nodes', async () => {
        const read = await Promise.allSettled([settings.primary, settings.candidate, ...settings.replicas].map((n) => readNode(n, settings, deps)));
        const failed = read.find((r) => r.status === 'rejected');
        if (failed) {
            for (const r of read)
                if (r.status === 'fulfilled')
                    r.value.target.close();
            throw failed.reason;
        }
        const [primary, candidate, ...replicas] = read.map((r) => r.value);
        return { primary: primary, candidate: candidate, replicas };
    });
}

// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
;// CONCATENATED MODULE: ./src/core/drill/plan.ts
/**
 * What the drill found (facts: each node's role and where it streams from) and what it will do
 * (plan: pure). A trio in another shape is refused here, before anything is touched.
 */


/** Streams from `primary`: a WAL receiver in state streaming whose sender is that node. */
function streamsFrom(node, primary) {
    return node.inRecovery && node.receiver?.status === 'streaming' && sameNode(node.receiver.senderHost, node.receiver.senderPort, primary);
}
/** What the fencing step does, by the kind of node. */
function fenceText(s) {
    if (s.kind === 'container')
        return `docker stop (up to ${s.fenceTimeoutSeconds} s), then check it is down`;
    if (s.kind === 'data-dir')
        return `pg_ctl stop -m fast as its owner (up to ${s.fenceTimeoutSeconds} s), then check it is down`;
    return `the drill cannot stop a server over a connection: stop it on its host when asked; it must be down within ${s.fenceTimeoutSeconds} s`;
}
function describeReceiver(r) {
    return r ? `${r.status} from ${r.senderHost}${r.senderPort === undefined ? '' : `:${r.senderPort}`}` : 'no WAL receiver';
}
function planDrill(settings, facts) {
    const problems = [];
    if (facts.primary.inRecovery)
        problems.push(`${settings.primary} is in recovery: it is not a primary`);
    if (settings.rejoin && !facts.primary.rewindable) {
        problems.push(`${settings.primary} cannot be rejoined with pg_rewind: it has neither wal_log_hints nor data checksums on (set wal_log_hints = on and restart it, or drill without rejoin)`);
    }
    if (settings.rejoin && settings.kind === 'connection') {
        problems.push(`${settings.primary} cannot be rejoined over a connection: pg_rewind needs its data directory, on its host (drill without rejoin, then on that host: pg_rewind --target-pgdata=DIR --source-server='host=… user=…' of the stopped server, touch DIR/standby.signal, set primary_conninfo to the new primary, start it)`);
    }
    if (settings.rejoin && !facts.primary.dataOnVolume) {
        problems.push(`${settings.primary} cannot be rejoined with pg_rewind: its data directory ${settings.dataDir} is not on a volume, so nothing can rewind it while the container is stopped (mount a volume there, or drill without rejoin)`);
    }
    for (const node of [facts.candidate, ...facts.replicas]) {
        if (!node.inRecovery)
            problems.push(`${node.name} accepts writes: it is not a replica (split brain?)`);
        else if (!streamsFrom(node, facts.primary.address)) {
            problems.push(`${node.name} does not stream from ${settings.primary} (${describeReceiver(node.receiver)})`);
        }
    }
    if (problems.length) {
        throw new errors/* AzaError */.TF('DRILL_REFUSED', `The failover drill was not started, nothing was changed: ${problems.join('; ')}`, 'The drill rehearses a healthy cluster: one primary and replicas streaming from it. Check the nodes with aza-pg status.');
    }
    const steps = [
        `Write a canary row on ${settings.primary} and note its LSN`,
        `Wait up to ${settings.maxCatchupSeconds} s for ${settings.candidate} to replay it`,
        `Fence ${settings.primary}: ${fenceText(settings)}`,
        `Promote ${settings.candidate} through aza-pg promote (its checks and split-brain guard)`,
        `Check the canary on ${settings.candidate} (RPO) and write there (RTO: from fencing to this write)`,
        ...settings.replicas.map((r) => `Re-point ${r} to ${settings.candidate} (primary_conninfo, reload) and wait until it streams`),
        ...(settings.rejoin
            ? [`Rejoin ${settings.primary} as a replica of ${settings.candidate} (pg_rewind, standby.signal) and wait until it streams`]
            : []),
    ];
    return { settings, facts, steps };
}
function describeDrill(plan) {
    const s = plan.settings;
    const confirmation = s.confirmed
        ? undefined
        : {
            warnings: [`The drill stops ${s.primary} and promotes ${s.candidate}: run it on a staging cluster only.`],
            question: `Type "yes" to fail ${s.primary} over to ${s.candidate}: `,
            accept: (answer) => answer.trim() === 'yes',
            unanswered: new errors/* AzaError */.TF('CONFIRMATION_REQUIRED', `The failover drill on ${s.primary} needs confirmation and there is no terminal to ask on; nothing was changed`, 'Run it in a terminal, or pass -y (--yes); in a workflow, set input confirm: yes.'),
            declined: new errors/* AzaError */.TF('ABORTED', `Failover drill cancelled: ${s.primary} is still the primary`),
        };
    return {
        lines: ['Failover drill plan:', ...plan.steps.map((step, i) => `  ${i + 1}. ${step}`)],
        dryRun: s.dryRun,
        ...(confirmation ? { confirmation } : {}),
    };
}

;// CONCATENATED MODULE: ./src/core/drill/report.ts
const round = (n) => Math.round(n * 1000) / 1000;
function drillOutputs(r) {
    return {
        passed: true,
        reason: '',
        'rto-seconds': round(r.rtoSeconds),
        'rpo-bytes': r.rpoBytes,
        'rpo-rows': r.rpoRows,
        'new-primary': r.newPrimary,
        timeline: JSON.stringify(r.timeline.map((t) => ({ step: t.name, start: round(t.startSeconds), seconds: round(t.seconds) }))),
        topology: JSON.stringify(r.topology),
    };
}
function plannedDrillOutputs() {
    return {
        passed: undefined,
        reason: '',
        'rto-seconds': undefined,
        'rpo-bytes': undefined,
        'rpo-rows': undefined,
        'new-primary': undefined,
    };
}
function drillFailureOutputs(error) {
    return { passed: false, reason: error.message };
}
/** Mermaid node ids must be plain words; container names may hold dashes and dots. */
const id = (name) => `n_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
function drillSummary(r) {
    const topology = [
        'flowchart LR',
        `  ${id(r.newPrimary)}["${r.newPrimary} (primary)"]`,
        ...r.topology.replicas.map((x) => `  ${id(r.newPrimary)} -->|${x.streaming ? 'streaming' : 'not streaming'}| ${id(x.name)}["${x.name}"]`),
        ...r.topology.fenced.map((x) => `  ${id(x)}["${x} (fenced)"]:::fenced`),
        '  classDef fenced stroke-dasharray: 5 5',
    ].join('\n');
    const timeline = [
        'gantt',
        '  title Failover drill',
        '  dateFormat x',
        '  axisFormat %S.%L s',
        ...r.timeline.map((t, i) => `  ${t.name.replace(/[:#;]/g, ' ')} :s${i}, ${Math.round(t.startSeconds * 1000)}, ${Math.max(1, Math.round(t.seconds * 1000))}ms`),
    ].join('\n');
    return {
        title: `Failover drill: ${r.oldPrimary} → ${r.newPrimary}`,
        rows: [
            ['RTO', `${r.rtoSeconds.toFixed(2)} s (fencing to the first write on ${r.newPrimary})`],
            [
                'RPO',
                r.rpoBytes === 0 && r.rpoRows === 0 ? '0 (the canary row survived)' : `${r.rpoBytes} bytes of WAL, ${r.rpoRows} canary row lost`,
            ],
            ['Canary LSN', r.canaryLsn],
            ['Catch-up', `${r.catchupSeconds.toFixed(2)} s`],
            ['New primary', `${r.newPrimary}${r.newTimeline === undefined ? '' : ` (timeline ${r.newTimeline})`}`],
            ['Replicas', r.topology.replicas.map((x) => `${x.name} (${x.streaming ? 'streaming' : 'not streaming'})`).join(', ') || 'none'],
            ['Fenced', r.topology.fenced.join(', ') || 'none (the old primary rejoined)'],
        ],
        sections: [
            {
                title: 'Timeline',
                header: ['Step', 'Start (s)', 'Duration (s)'],
                rows: r.timeline.map((t) => [t.name, t.startSeconds.toFixed(2), t.seconds.toFixed(2)]),
            },
        ],
        blocks: [
            { title: 'Topology', language: 'mermaid', text: topology },
            { title: 'Timeline', language: 'mermaid', text: timeline },
        ],
        notes: r.topology.fenced.includes(r.oldPrimary)
            ? [
                `The old primary ${r.oldPrimary} stays stopped: never start it as a primary again; rejoin it as a replica (pg_rewind) or rebuild it.`,
            ]
            : [`The old primary ${r.oldPrimary} was rewound and follows ${r.newPrimary} as a replica.`],
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/operation.ts
var operation = __webpack_require__(5018);
// EXTERNAL MODULE: ./src/core/pg.ts + 3 modules
var pg = __webpack_require__(5593);
// EXTERNAL MODULE: ./src/core/promote/index.ts + 2 modules
var promote = __webpack_require__(247);
// EXTERNAL MODULE: ./src/core/wait.ts
var wait = __webpack_require__(3210);
;// CONCATENATED MODULE: ./src/core/drill/container-node.ts
/**
 * A container node: stopped and started with the docker CLI; rewound by pg_rewind in a throw-away
 * container on its volumes and network (the node's own container cannot run meanwhile: it would
 * start as a primary).
 */

async function containerRunning(name, env) {
    const r = await (0,exec/* run */.eF)('docker', ['inspect', '-f', '{{.State.Running}}', name], { env, allowFailure: true });
    if (r.code !== 0)
        return undefined;
    return r.stdout.trim() === 'true';
}
async function stopContainer(name, timeoutSeconds, env) {
    const r = await (0,exec/* run */.eF)('docker', ['stop', '-t', String(timeoutSeconds), name], {
        env,
        allowFailure: true,
        timeoutMs: (timeoutSeconds + 30) * 1000,
    });
    return `docker stop: ${r.code === 0 ? 'ok' : r.stderr.trim() || `exit ${r.code}`}`;
}
async function startContainer(name, env) {
    const r = await (0,exec/* run */.eF)('docker', ['start', name], { env, allowFailure: true });
    return r.code === 0 ? undefined : r.stderr.trim() || `docker start: exit ${r.code}`;
}
/** The container is stopped and its standby.signal is in place: it never promoted, and restarts as a replica. */
async function containerDownUnpromoted(name, dataDir, env) {
    if ((await containerRunning(name, env)) !== false)
        return false;
    const signal = await (0,exec/* run */.eF)('docker', ['cp', `${name}:${dataDir}/standby.signal`, '-'], { env, allowFailure: true });
    return signal.code === 0;
}
/**
 * pg_rewind of the stopped container from the new primary, then its standby.signal and
 * primary_conninfo. The connection string, password included, goes in on stdin, never on the
 * docker command line. Returns why it failed, or undefined.
 */
async function rewindContainer(old, conninfo, s, env) {
    const inspect = async (format) => (await (0,exec/* run */.eF)('docker', ['inspect', '-f', format, old.name], { env })).stdout.trim();
    const image = await inspect('{{.Config.Image}}');
    const network = (await inspect('{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}')).split(/\s+/)[0] ?? '';
    const script = [
        'set -eu',
        'IFS= read -r conninfo',
        'for d in /usr/lib/postgresql/*/bin; do PATH="$d:$PATH"; done',
        'pg_rewind --target-pgdata="$1" --source-server="$conninfo"',
        // pg_rewind copied the new primary's configuration, whose primary_conninfo named the old one:
        // the last line of postgresql.auto.conf wins.
        `printf "primary_conninfo = '%s'\\n" "$(printf %s "$conninfo" | sed "s/'/''/g")" >> "$1/postgresql.auto.conf"`,
        'touch "$1/standby.signal"',
    ].join('\n');
    const rewound = await (0,exec/* run */.eF)('docker', [
        'run',
        '--rm',
        '-i',
        '--volumes-from',
        old.name,
        ...(network ? ['--network', network] : []),
        '--user',
        'postgres',
        '--entrypoint',
        'sh',
        image,
        '-c',
        script,
        'aza-pg-rewind',
        s.dataDir,
    ], { env, input: `${conninfo}\n`, allowFailure: true, timeoutMs: 600000 });
    return rewound.code === 0 ? undefined : `exit ${rewound.code}: ${rewound.stderr.trim().split('\n').slice(-3).join(' ')}`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/core/drill/local-node.ts
/**
 * A data-directory node: a local server stopped, started and rewound with its own pg_ctl and
 * pg_rewind, as the directory's owner (PostgreSQL's tools refuse root). Whether it runs is read
 * from postmaster.pid and its process, not from a connection that may merely be refused.
 */






function asOwner(l) {
    return process.getuid?.() === 0 && l.uid !== 0 ? { uid: l.uid, gid: l.gid } : {};
}
/** No inherited libpq settings: a server binary run here gets exactly what it is told. */
function ownerEnv(env) {
    return { PATH: env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
}
function runOwner(l, tool, args, env, opts = {}) {
    return (0,exec/* run */.eF)((0,external_node_path_.join)(l.binDir, tool), args, { ...asOwner(l), env: ownerEnv(env), cwd: '/', allowFailure: true, ...opts });
}
const lastLine = (text) => text
    .trim()
    .split('\n')
    .filter(Boolean)
    .pop()
    ?.replace(/^(pg_ctl|pg_rewind): (error: )?/, '') ?? '';
/** Up (its postmaster runs), down (no postmaster), or unknown (postmaster.pid unreadable, ...). */
function localState(l) {
    try {
        const { pidFile } = (0,data_dir/* inspectDataDir */.Yu)(l.dataDir);
        return { down: false, detail: `its postmaster (process ${pidFile.pid}) still runs` };
    }
    catch (e) {
        if (e instanceof errors/* AzaError */.TF && e.code === 'SERVER_NOT_RUNNING')
            return { down: true, detail: 'no postmaster runs' };
        return { down: undefined, detail: `its state cannot be read: ${e instanceof Error ? e.message : String(e)}` };
    }
}
async function stopLocal(l, timeoutSeconds, env) {
    const r = await runOwner(l, 'pg_ctl', ['stop', '-D', l.dataDir, '-m', 'fast', '-w', '-t', String(timeoutSeconds)], env, {
        timeoutMs: (timeoutSeconds + 30) * 1000,
    });
    return `pg_ctl stop -m fast: ${r.code === 0 ? 'ok' : lastLine(r.stderr || r.stdout) || `exit ${r.code}`}`;
}
/** Beside the data directory when its owner owns that place too (it goes with the cluster), else in the temp directory. */
function logDir(l) {
    try {
        return (0,external_node_fs_.statSync)((0,external_node_path_.dirname)(l.dataDir)).uid === l.uid ? (0,external_node_path_.dirname)(l.dataDir) : (0,external_node_os_.tmpdir)();
    }
    catch {
        return (0,external_node_os_.tmpdir)();
    }
}
/** pg_ctl start, logging to a file (pg_ctl would hand the server our stdout pipe otherwise); returns why not. */
async function startLocal(l, env) {
    const log = (0,external_node_path_.join)(logDir(l), `aza-pg-drill-${(0,external_node_path_.basename)(l.dataDir)}-${l.port}-${Date.now()}.log`);
    const r = await runOwner(l, 'pg_ctl', ['start', '-D', l.dataDir, '-l', log, '-w', '-t', '60'], env, { timeoutMs: 120000 });
    return r.code === 0 ? undefined : `${lastLine(r.stderr || r.stdout) || `pg_ctl start: exit ${r.code}`} (log: ${log})`;
}
/** Down with its standby.signal in place: it never promoted, and starts again as a replica. */
function localDownUnpromoted(l) {
    return localState(l).down === true && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(l.dataDir, 'standby.signal'));
}
/** Quoted for a libpq conninfo string and for postgresql.auto.conf alike. */
function quoted(value) {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
/** The configuration files pg_rewind would overwrite with the source's (its port, its sockets). */
const OWN_CONFIG = ['postgresql.conf', 'postgresql.auto.conf', 'pg_hba.conf', 'pg_ident.conf'];
/**
 * pg_rewind of the stopped server from the new primary (over the new primary's own socket or
 * address, as the drill's SQL reaches it: no password on the command line), then the server's own
 * configuration back, the new primary_conninfo and standby.signal. Returns why it failed.
 */
async function rewindLocal(l, source, primaryConninfo, env) {
    const sourceServer = `host=${quoted(source.host)} port=${source.port} user=${quoted(source.user)} dbname=${quoted(source.database)}`;
    const saved = OWN_CONFIG.filter((f) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(l.dataDir, f))).map((f) => [f, (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(l.dataDir, f))]);
    const r = await runOwner(l, 'pg_rewind', ['--target-pgdata', l.dataDir, '--source-server', sourceServer], env, { timeoutMs: 600000 });
    if (r.code !== 0)
        return `pg_rewind: ${lastLine(r.stderr) || `exit ${r.code}`}`;
    const write = (name, data) => {
        const path = (0,external_node_path_.join)(l.dataDir, name);
        (0,external_node_fs_.writeFileSync)(path, data, { mode: 0o600 });
        if (asOwner(l).uid !== undefined)
            (0,external_node_fs_.chownSync)(path, l.uid, l.gid);
    };
    // A local node keeps its own port and sockets: the source's files would make it a copy of the new primary.
    for (const [name, data] of saved)
        write(name, data);
    const auto = (0,external_node_fs_.existsSync)((0,external_node_path_.join)(l.dataDir, 'postgresql.auto.conf')) ? (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(l.dataDir, 'postgresql.auto.conf'), 'utf8') : '';
    write('postgresql.auto.conf', `${auto}${auto.endsWith('\n') || auto === '' ? '' : '\n'}primary_conninfo = ${quoted(primaryConninfo)}\n`);
    write('standby.signal', '');
    return undefined;
}

// EXTERNAL MODULE: ./src/core/promote/facts.ts
var facts = __webpack_require__(8895);
;// CONCATENATED MODULE: ./src/core/drill/nodes.ts




function connectionOf(node, s) {
    const spec = s.nodes[node.name];
    if (spec.kind !== 'connection')
        throw new Error(`${node.name} is not a connection node`);
    return spec.connection;
}
async function nodeDown(node, s, env) {
    if (node.kind === 'container') {
        const running = await containerRunning(node.name, env);
        return {
            down: running === undefined ? undefined : !running,
            detail: running === undefined ? 'docker inspect failed' : running ? 'its container runs' : 'its container is stopped',
        };
    }
    if (node.kind === 'data-dir')
        return localState(node.local);
    // Only a refused or unreachable server counts as down; a bad password means it runs.
    const probe = await (0,facts/* probeOldPrimary */.sV)({ kind: 'connection', connection: connectionOf(node, s) }, env);
    if (probe.reachable)
        return { down: false, detail: 'it still accepts connections' };
    return { down: probe.unknown ? undefined : true, detail: probe.detail ?? 'unreachable' };
}
/**
 * Stops the node (container, data directory) or, over a connection, waits for someone to stop it
 * on its host; then reads whether it is down. `say` tells the person what to do meanwhile.
 */
async function fenceNode(node, s, deps, say) {
    const env = deps.env;
    if (node.kind === 'container')
        return { action: await stopContainer(node.name, s.fenceTimeoutSeconds, env), state: await nodeDown(node, s, env) };
    if (node.kind === 'data-dir')
        return { action: await stopLocal(node.local, s.fenceTimeoutSeconds, env), state: await nodeDown(node, s, env) };
    say(`The drill cannot stop a server over a connection: stop ${node.name} on its host now (${node.target.stopHint()}); waiting up to ${s.fenceTimeoutSeconds} s for it to go down`);
    let last = { down: undefined, detail: 'not checked' };
    await (0,wait/* waitUntil */.a0)(async () => {
        try {
            last = await nodeDown(node, s, env);
            return last.down === true ? { done: true, value: true } : { done: false, why: last.detail };
        }
        catch (e) {
            return (0,wait/* notYet */.y8)(e);
        }
    }, { timeoutMs: s.fenceTimeoutSeconds * 1000, intervalMs: 250 });
    return { action: `waited ${s.fenceTimeoutSeconds} s for it to go down`, state: last };
}
/** Starts a fenced node again; undefined when started, else why not. */
async function startNode(node, env) {
    if (node.kind === 'container')
        return startContainer(node.name, env);
    if (node.kind === 'data-dir')
        return startLocal(node.local, env);
    return `the drill cannot start a server over a connection: start it on its host`;
}
/** Down and never promoted (standby.signal in place), so it would start again as a replica. */
async function downUnpromoted(node, s, env) {
    if (node.kind === 'container')
        return containerDownUnpromoted(node.name, s.dataDir, env);
    if (node.kind === 'data-dir')
        return localDownUnpromoted(node.local);
    return false; // its files are out of reach: unknown
}

;// CONCATENATED MODULE: ./src/core/drill/run.ts
/**
 * Carrying the drill out (consent given): canary, bounded catch-up, fencing, promotion through the
 * promote operation, RPO and RTO, re-pointing the other replicas, rejoining the old primary. Every
 * step is timed. Nothing is done that could leave two writable primaries: the candidate is
 * promoted only while the old primary is verifiably down (checked after fencing and again just
 * before promoting), and a failed promotion starts the old primary again only while the candidate
 * is verifiably still a replica.
 */












const CANARY_TABLE = 'aza_pg_drill_canary';
async function one(target, sql) {
    const [row] = await target.sql.query(sql);
    return row?.[0] ?? '';
}
async function runDrill(plan, deps, reporter) {
    const s = plan.settings;
    const env = deps.env;
    const { primary, candidate } = plan.facts;
    const t0 = performance.now();
    const timeline = [];
    const step = async (name, fn) => {
        const start = performance.now();
        try {
            return await reporter.step(name, fn);
        }
        finally {
            timeline.push({ name, startSeconds: (start - t0) / 1000, seconds: (performance.now() - start) / 1000 });
        }
    };
    const token = `drill-${new Date().toISOString()}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    // 1. The canary: a committed row and the WAL position after it.
    const canaryLsn = await step(`Canary row on ${s.primary}`, async () => {
        await primary.target.sql.query(`CREATE TABLE IF NOT EXISTS ${CANARY_TABLE} (id bigserial PRIMARY KEY, token text NOT NULL, written_at timestamptz NOT NULL DEFAULT now())`);
        await primary.target.sql.query(`INSERT INTO ${CANARY_TABLE} (token) VALUES (${(0,pg/* quoteLiteral */.ce)(token)})`);
        return one(primary.target, 'SELECT pg_current_wal_lsn()::text');
    });
    // 2. Bounded catch-up: a lagging candidate stops the drill here, before anything changed.
    const catchupStart = performance.now();
    await step(`${s.candidate} replays the canary`, async () => {
        const r = await (0,wait/* waitUntil */.a0)(async () => {
            try {
                const replayed = await one(candidate.target, `SELECT (pg_last_wal_replay_lsn() >= ${(0,pg/* quoteLiteral */.ce)(canaryLsn)}::pg_lsn)::text || '|' || pg_last_wal_replay_lsn()::text`);
                const [ok, lsn] = replayed.split('|');
                return ok === 'true' ? { done: true, value: lsn } : { done: false, why: `replayed up to ${lsn}` };
            }
            catch (e) {
                return (0,wait/* notYet */.y8)(e);
            }
        }, { timeoutMs: s.maxCatchupSeconds * 1000, intervalMs: 100 });
        if (r.timedOut) {
            throw new errors/* AzaError */.TF('DRILL_LAGGING', `${s.candidate} did not replay the canary (LSN ${canaryLsn}) within ${s.maxCatchupSeconds} s (${r.why ?? 'no answer'}); the drill stopped before fencing, nothing was changed: ${s.primary} is still the primary`);
        }
    });
    const catchupSeconds = (performance.now() - catchupStart) / 1000;
    // 3. Fence: the old primary must be down before anything is promoted.
    const fenceStart = performance.now();
    await step(`Fence ${s.primary}`, async () => {
        const { action, state } = await fenceNode(primary, s, deps, (m) => reporter.warn(m));
        if (state.down !== true)
            throw fenceFailed(plan, `${action}; ${state.detail}`);
    });
    // What the candidate had when the old primary went down: the base of the RPO.
    const replayedAtFence = await one(candidate.target, 'SELECT pg_last_wal_replay_lsn()::text');
    // 4. Promote through the promote operation: its checks, its split-brain guard, its verification.
    const promoted = await step(`Promote ${s.candidate}`, async () => {
        // A fenced primary can come back (a supervisor, a restart policy, a person): look again.
        const again = await nodeDown(primary, s, env);
        if (again.down !== true)
            throw fenceFailed(plan, `it was down after fencing, and now ${again.detail}`);
        const settings = (0,operation/* settingsFrom */.ms)(promote.promote, promoteInputs(plan), s.password === undefined ? env : { ...env, PGPASSWORD: s.password }, process.cwd());
        try {
            return await (0,operation/* execute */.g7)(promote.promote, settings, deps, reporter);
        }
        catch (e) {
            throw await afterFailedPromotion(plan, deps, (0,errors/* toAzaError */.mu)(e));
        }
    });
    // 5. RPO from the canary, RTO at the first write the new primary takes.
    const { present, rtoSeconds } = await step(`Canary and a write on ${s.candidate}`, async () => {
        const found = await one(candidate.target, `SELECT count(*) FROM ${CANARY_TABLE} WHERE token = ${(0,pg/* quoteLiteral */.ce)(token)}`);
        await candidate.target.sql.query(`INSERT INTO ${CANARY_TABLE} (token) VALUES (${(0,pg/* quoteLiteral */.ce)(`${token}-after`)})`);
        return { present: found === '1', rtoSeconds: (performance.now() - fenceStart) / 1000 };
    });
    const rpoBytes = present
        ? 0
        : Math.max(0, Number(await one(candidate.target, `SELECT pg_wal_lsn_diff(${(0,pg/* quoteLiteral */.ce)(canaryLsn)}, ${(0,pg/* quoteLiteral */.ce)(replayedAtFence)})`)));
    // 6. The other replicas follow the new primary.
    const replicas = [];
    for (const replica of plan.facts.replicas) {
        await step(`Re-point ${replica.name} to ${s.candidate}`, async () => {
            const conninfo = await one(replica.target, 'SHOW primary_conninfo');
            const next = repointConninfo(conninfo, primary.address, candidate.address);
            if (next === undefined) {
                throw new errors/* AzaError */.TF('DRILL_FAILED', `${replica.name}'s primary_conninfo does not name ${s.primary} as host=… (and port); it was left as it is. ${s.candidate} is the primary now`, `Point ${replica.name} at ${s.candidate} by hand (ALTER SYSTEM SET primary_conninfo, SELECT pg_reload_conf()).`);
            }
            try {
                await replica.target.sql.query(`ALTER SYSTEM SET primary_conninfo = ${(0,pg/* quoteLiteral */.ce)(next)}`);
                await replica.target.sql.query('SELECT pg_reload_conf()');
            }
            catch (e) {
                throw new errors/* AzaError */.TF('DRILL_FAILED', `${replica.name} could not be re-pointed to ${s.candidate}: ${(0,errors/* toAzaError */.mu)(e).message}. ${s.candidate} is the primary now`, `Re-point it as a superuser: ALTER SYSTEM SET primary_conninfo = '…host of ${s.candidate}…'; SELECT pg_reload_conf();`);
            }
            const r = await waitForStreaming(replica, plan);
            if (r.timedOut) {
                throw new errors/* AzaError */.TF('DRILL_FAILED', `${replica.name} does not stream from ${s.candidate} ${s.streamTimeoutSeconds} s after re-pointing (${r.why ?? 'no answer'}). ${s.candidate} is the primary now`, `Read ${replica.name}'s log (${replica.target.logHint()}): a replica ahead of the new timeline needs pg_rewind or a new base backup.`);
            }
            replicas.push({ name: replica.name, streaming: true });
        });
    }
    // 7. The old primary rejoins as a replica of the new one.
    const fenced = [s.primary];
    if (s.rejoin) {
        await step(`Rejoin ${s.primary} as a replica of ${s.candidate}`, async () => {
            await rejoin(plan, deps);
            fenced.length = 0;
            replicas.push({ name: s.primary, streaming: true });
        });
    }
    return {
        oldPrimary: s.primary,
        newPrimary: s.candidate,
        canaryLsn,
        rtoSeconds,
        rpoBytes,
        rpoRows: present ? 0 : 1,
        catchupSeconds,
        timeline,
        topology: { primary: s.candidate, replicas, fenced },
        newTimeline: promoted.timeline,
    };
}
function fenceFailed(plan, detail) {
    const s = plan.settings;
    return new errors/* AzaError */.TF('DRILL_FENCE_FAILED', `${s.primary} could not be fenced (${detail}); nothing was promoted, ${s.primary} is still the primary`, `Find out why it did not stop (${plan.facts.primary.target.logHint()}) and stop it by hand (${plan.facts.primary.target.stopHint()}) before any promotion; or start it again if the drill is off.`);
}
/** Where a local server takes connections on this machine: its socket directory, else its address. */
function localHost(l) {
    return l.socketDir ?? (l.listenAddress && l.listenAddress !== '*' ? l.listenAddress : 'localhost');
}
/** The promote operation's inputs for the candidate, with the old primary for its split-brain guard. */
function promoteInputs(plan) {
    const s = plan.settings;
    const common = { 'no-backup': 'true', yes: 'true', database: s.database };
    const { primary, candidate } = plan.facts;
    const spec = s.nodes[s.candidate];
    const old = s.nodes[s.primary];
    if (spec.kind === 'container') {
        return {
            ...common,
            target: 'container',
            container: s.candidate,
            'data-dir': s.dataDir,
            'old-primary-container': s.primary,
            user: s.user,
        };
    }
    if (spec.kind === 'data-dir') {
        const l = primary.local;
        return {
            ...common,
            target: 'data-dir',
            'data-dir': candidate.local.dataDir,
            user: s.user,
            'old-primary': connectionUri({ host: localHost(l), port: l.port, user: s.user, database: s.database }),
        };
    }
    const c = spec.connection;
    return {
        ...common,
        target: 'connection',
        host: c.host,
        port: String(c.port),
        user: c.user,
        database: c.database,
        ...(c.sslmode ? { sslmode: c.sslmode } : {}),
        ...(old.kind === 'connection' ? { 'old-primary': connectionUri(old.connection) } : {}),
    };
}
/**
 * After a failed promotion: if the candidate is verifiably still a replica, the old primary is
 * started again (back to one primary, the old topology); otherwise it stays down, so two
 * writable primaries can never exist. The error says which.
 */
async function afterFailedPromotion(plan, deps, cause) {
    const s = plan.settings;
    const env = deps.env;
    let candidateInRecovery;
    try {
        candidateInRecovery = (await one(plan.facts.candidate.target, 'SELECT pg_is_in_recovery()::text')) === 'true';
    }
    catch {
        candidateInRecovery = undefined;
    }
    // A candidate that is down cannot take writes now, and with its standby.signal still in place it
    // never promoted, so it restarts as a replica: the old primary may come back.
    const candidateDownUnpromoted = candidateInRecovery === undefined && (await downUnpromoted(plan.facts.candidate, s, env));
    if (candidateInRecovery === true || candidateDownUnpromoted) {
        const notStarted = await startNode(plan.facts.primary, env);
        const back = notStarted === undefined &&
            !(await (0,wait/* waitUntil */.a0)(async () => {
                try {
                    return (await one(plan.facts.primary.target, 'SELECT pg_is_in_recovery()::text')) === 'false'
                        ? { done: true, value: true }
                        : { done: false, why: 'in recovery' };
                }
                catch (e) {
                    return (0,wait/* notYet */.y8)(e);
                }
            }, { timeoutMs: 60000, intervalMs: 250 })).timedOut;
        const state = back
            ? `${s.primary} was started again and is the only primary (the old topology)`
            : `${s.primary} could not be started again (${notStarted ?? 'it does not accept writes within 60 s'}): check it before anything else (${plan.facts.primary.target.logHint()})`;
        const where = candidateDownUnpromoted ? 'is down and never promoted (its standby.signal is in place)' : 'is still a replica';
        return new errors/* AzaError */.TF('DRILL_FAILED', `Promotion of ${s.candidate} failed: ${cause.message}. ${s.candidate} ${where}; ${state}`, cause.hint, {
            cause,
        });
    }
    const state = candidateInRecovery === false
        ? `${s.candidate} accepts writes and is the only primary; ${s.primary} stays fenced`
        : `${s.candidate}'s state is unknown, so ${s.primary} stays fenced: check ${s.candidate} before starting anything`;
    return new errors/* AzaError */.TF('DRILL_FAILED', `Promotion of ${s.candidate} failed: ${cause.message}. ${state}`, cause.hint, { cause });
}
/** Waits until `node` streams from the new primary; the timeout result carries the last state. */
async function waitForStreaming(node, plan) {
    const s = plan.settings;
    return (0,wait/* waitUntil */.a0)(async () => {
        try {
            const state = await readState(node.target);
            return streamsFrom(state, plan.facts.candidate.address)
                ? { done: true, value: true }
                : { done: false, why: describeReceiver(state.receiver) };
        }
        catch (e) {
            return (0,wait/* notYet */.y8)(e);
        }
    }, { timeoutMs: s.streamTimeoutSeconds * 1000, intervalMs: 250 });
}
/**
 * pg_rewind of the stopped old primary from the new one, its standby.signal and the new
 * primary_conninfo (the candidate's former one, pointed at the candidate); only when that
 * succeeded is the old primary started again, as a replica.
 */
async function rejoin(plan, deps) {
    const s = plan.settings;
    const env = deps.env;
    const { primary, candidate } = plan.facts;
    const conninfo = repointConninfo(await one(candidate.target, 'SHOW primary_conninfo'), primary.address, candidate.address);
    if (conninfo === undefined) {
        throw new errors/* AzaError */.TF('DRILL_FAILED', `Cannot rejoin ${s.primary}: ${s.candidate}'s former primary_conninfo does not name it as host=…, so there is no connection string to follow the new primary with. ${s.candidate} is the primary; ${s.primary} stays stopped`);
    }
    // pg_rewind needs the new timeline in the source's control file: a promotion writes it only at
    // its next checkpoint.
    await candidate.target.sql.query('CHECKPOINT');
    const failed = primary.kind === 'container'
        ? await rewindContainer(primary, conninfo, s, env)
        : await rewindLocal(primary.local, { host: localHost(candidate.local), port: candidate.local.port, user: s.user, database: s.database }, conninfo, env);
    if (failed !== undefined) {
        throw new errors/* AzaError */.TF('DRILL_FAILED', `pg_rewind of ${s.primary} from ${s.candidate} failed (${failed}). ${s.candidate} is the primary; ${s.primary} stays stopped`, `Rebuild ${s.primary} as a replica with pg_basebackup, or read the error above and run pg_rewind by hand.`);
    }
    const notStarted = await startNode(primary, env);
    if (notStarted !== undefined) {
        throw new errors/* AzaError */.TF('DRILL_FAILED', `${s.primary} was rewound but does not start: ${notStarted}. ${s.candidate} is the primary`);
    }
    const r = await waitForStreaming(primary, plan);
    if (r.timedOut) {
        throw new errors/* AzaError */.TF('DRILL_FAILED', `${s.primary} was rewound and started but does not stream from ${s.candidate} within ${s.streamTimeoutSeconds} s (${r.why ?? 'no answer'}). ${s.candidate} is the primary`, `Read its log: ${primary.target.logHint()}.`);
    }
}


;// CONCATENATED MODULE: ./src/core/drill/settings.ts
/**
 * The drill's inputs: a staging trio (or pair) of PostgreSQL nodes — containers, local data
 * directories or connections — the bound on how far the candidate may lag, and consent. Validated
 * once for both faces; nothing here touches Docker or a server.
 */



const DEFAULT_DATA_DIR = '/var/lib/postgresql/data';
const DRILL_OPTIONS = [
    {
        name: 'target',
        description: 'What the nodes are: container (Docker containers, stopped with docker stop), data-dir (local data directories, stopped with pg_ctl stop -m fast as their owner) or connection (postgresql:// URIs; the drill cannot stop such a server: it waits for the primary to be down)',
        default: 'container',
    },
    {
        name: 'primary',
        description: 'The current primary (a container name, a data directory, or a postgresql:// URI without password): fenced by the drill',
        required: true,
    },
    { name: 'candidate', description: 'The replica the drill promotes (same kind as primary)', required: true },
    {
        name: 'replicas',
        description: 'The other replicas, comma separated: re-pointed to the new primary, and checked to stream from it',
        defaultText: 'none (a pair)',
    },
    {
        name: 'rejoin',
        description: 'Rejoin the old primary as a replica of the new one with pg_rewind (needs wal_log_hints or data checksums on it: checked before fencing; not over a connection)',
        flag: true,
        default: false,
    },
    { name: 'data-dir', description: 'Data directory inside the containers (target container)', default: DEFAULT_DATA_DIR },
    {
        name: 'max-catchup',
        description: 'How long the candidate may take to replay the canary row (30s, 2m); longer and the drill stops before fencing, untouched',
        default: '30s',
    },
    {
        name: 'fence-timeout',
        description: 'How long stopping the old primary may take (docker stop -t, pg_ctl stop -t; target connection: how long to wait for it to go down)',
        default: '30s',
    },
    { name: 'stream-timeout', description: 'How long a re-pointed replica may take to stream from the new primary', default: '60s' },
    { name: 'user', description: 'Database role for SQL (target connection: the URIs name it, else PGUSER)', defaultText: 'postgres' },
    {
        name: 'password',
        description: 'target connection: the password of the nodes; pass a secret. Never in the URIs (they are shown in logs and outputs)',
        defaultText: 'PGPASSWORD or ~/.pgpass',
        secret: true,
        only: 'action',
    },
    { name: 'database', description: 'Database the canary table is written in', default: 'postgres' },
    { name: 'yes', short: 'y', description: 'Skip the confirmation prompt', flag: true, default: false, only: 'cli' },
    { name: 'confirm', description: 'Must be "yes": a workflow has no terminal to confirm a failover in', only: 'action' },
    { name: 'dry-run', description: 'Check the nodes and print the plan; change nothing', flag: true, default: false },
];
function absolute(path, what) {
    if (!path.startsWith('/'))
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${what} "${path}" is not absolute`, 'Write it as /var/lib/postgresql/data.');
    return path.replace(/(.)\/+$/, '$1');
}
function drillSettings(inputs, env = {}) {
    const kind = inputs.oneOf('target', core_target/* TARGET_KINDS */.aO);
    const database = inputs.stringOrDefault('database');
    const user = inputs.string('user') ?? (kind === 'connection' ? undefined : 'postgres');
    const password = kind === 'connection' ? (inputs.verbatim('password') ?? (env.PGPASSWORD || undefined)) : undefined;
    // An action's input carries its default from action.yml: only another value is a mistake.
    if (kind !== 'container' && inputs.has('data-dir') && inputs.string('data-dir') !== DEFAULT_DATA_DIR) {
        throw new errors/* AzaError */.TF('USAGE', `${inputs.label('data-dir')} only applies to target container (the target is ${kind})`, kind === 'data-dir' ? 'Name the data directories themselves as primary, candidate and replicas.' : 'Drop it.');
    }
    const dataDir = absolute(inputs.stringOrDefault('data-dir'), 'The data directory');
    const node = (value, option) => {
        if (kind === 'container')
            return [value, { kind, container: value, dataDir, user: user, database }];
        if (kind === 'data-dir') {
            const dir = absolute(value, `The data directory of ${inputs.label(option)}`);
            return [dir, { kind, dataDir: dir, user: user, database }];
        }
        if (!/^postgres(ql)?:\/\//.test(value)) {
            throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label(option)} must be a postgresql:// URI for target connection`, 'Write it as postgresql://user@host:port/database, the password in PGPASSWORD (input password).');
        }
        const fromUri = (0,pg/* parseConnectionUri */.sq)(value);
        if (fromUri.password !== undefined) {
            throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label(option)} holds a password: node URIs are shown in logs, outputs and the summary`, 'Drop the password from the URI and give it in PGPASSWORD or ~/.pgpass (input password in a workflow).');
        }
        // Only the libpq variables that say how to authenticate: the URI says where the node is.
        const connection = (0,pg/* resolveConnection */.XC)({
            uri: value,
            env: { PGUSER: env.PGUSER, PGPASSFILE: env.PGPASSFILE, PGSSLMODE: env.PGSSLMODE, PGSSLROOTCERT: env.PGSSLROOTCERT },
            inputs: { user: fromUri.user ?? user, password, database: fromUri.database ?? database },
        });
        return [(0,pg/* describeConnection */.If)(connection), { kind, connection }];
    };
    const primary = node(inputs.required('primary', 'Name the current primary.').trim(), 'primary');
    const candidate = node(inputs.required('candidate', 'Name the replica to promote.').trim(), 'candidate');
    const replicas = inputs.list('replicas').map((r) => node(r, 'replicas'));
    const all = [primary, candidate, ...replicas].map(([name]) => name);
    const twice = all.find((n, i) => all.indexOf(n) !== i);
    if (twice !== undefined) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `The node ${twice} is named twice among ${inputs.label('primary')}, ${inputs.label('candidate')} and ${inputs.label('replicas')}`, 'Each node of the drill is named once: the primary, the candidate, and the other replicas.');
    }
    const confirmed = inputs.source === 'action' ? (inputs.string('confirm') ?? '').toLowerCase() === 'yes' : inputs.boolean('yes');
    return {
        kind,
        primary: primary[0],
        candidate: candidate[0],
        replicas: replicas.map(([name]) => name),
        nodes: Object.fromEntries([primary, candidate, ...replicas]),
        rejoin: inputs.boolean('rejoin'),
        dataDir,
        maxCatchupSeconds: inputs.durationSeconds('max-catchup'),
        fenceTimeoutSeconds: Math.max(1, inputs.durationSeconds('fence-timeout')),
        streamTimeoutSeconds: Math.max(1, inputs.durationSeconds('stream-timeout')),
        user: user ?? 'postgres',
        database,
        password,
        confirmed,
        dryRun: inputs.boolean('dry-run'),
    };
}

;// CONCATENATED MODULE: ./src/core/drill/index.ts





const drill = {
    name: 'drill',
    description: 'Failover rehearsal on staging nodes (containers, data directories, connections): canary row, bounded catch-up, fence the primary, promote a replica, RTO and RPO, re-point the other replicas, rejoin the old primary.',
    branding: { icon: 'refresh-cw', color: 'orange' },
    options: DRILL_OPTIONS,
    outputSpecs: [
        { name: 'passed', description: 'true when every step of the drill succeeded' },
        { name: 'reason', description: 'Why the drill failed, and in what state it left the nodes; empty when it passed' },
        { name: 'rto-seconds', description: 'Seconds from fencing the old primary to the first successful write on the new one' },
        { name: 'rpo-bytes', description: 'WAL lost by the failover in bytes (0: the canary survived, RPO = 0 proven)' },
        { name: 'rpo-rows', description: 'Canary rows lost (0 or 1)' },
        {
            name: 'new-primary',
            description: 'The node that accepts writes after the drill (container, data directory, or user@host:port/database)',
        },
        { name: 'timeline', description: 'JSON list of the steps: step, start and seconds' },
        { name: 'topology', description: 'JSON of the new topology: primary, replicas (name, streaming), fenced' },
    ],
    cli: {
        usage: 'aza-pg drill --primary NAME --candidate NAME [--replicas A,B] [options]',
        examples: [
            'aza-pg drill --primary pg-a --candidate pg-b --replicas pg-c        # asks first',
            'aza-pg drill --primary pg-a --candidate pg-b --dry-run',
            'aza-pg drill --primary pg-a --candidate pg-b --max-catchup 10s -y',
            'aza-pg drill --target data-dir --primary /srv/pg/a --candidate /srv/pg/b --replicas /srv/pg/c --rejoin',
        ],
        done: (r) => `✓ Drill passed: ${r.newPrimary} is the primary; RTO ${r.rtoSeconds.toFixed(2)} s, RPO ${r.rpoBytes} bytes`,
    },
    settings: (inputs, env) => drillSettings(inputs, env),
    secrets: (s) => [s.password],
    gather: gatherDrillFacts,
    plan: planDrill,
    describe: describeDrill,
    run: runDrill,
    outputs: drillOutputs,
    plannedOutputs: plannedDrillOutputs,
    failureOutputs: drillFailureOutputs,
    summary: drillSummary,
    release: (facts) => {
        for (const n of [facts.primary, facts.candidate, ...facts.replicas])
            n.target.close();
    },
};



/***/ }),

/***/ 9114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ Inputs),
/* harmony export */   V: () => (/* binding */ defaultText)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/**
 * The one input helper. Both faces turn what the user said (action inputs, command-line flags)
 * into a flat map of strings; these typed getters validate it the same way for both, and name
 * the input the way the user wrote it ("input compression-level" or "--compression-level").
 */

/** What --help and action.yml show as an option's default. */
function defaultText(spec) {
    return spec.defaultText ?? (spec.default === undefined ? undefined : String(spec.default));
}
class Inputs {
    raw;
    source;
    specs;
    constructor(raw, source, specs = []) {
        this.raw = raw;
        this.source = source;
        this.specs = new Map(specs.map((s) => [s.name, s]));
    }
    /** The table's default of an option, when it has one of this type. */
    tableDefault(name, type) {
        const d = this.specs.get(name)?.default;
        return typeof d === type ? d : undefined;
    }
    /** The value given, else the table's default. */
    stringOrDefault(name) {
        return this.string(name) ?? this.tableDefault(name, 'string');
    }
    label(name) {
        return this.source === 'action' ? `input "${name}"` : `--${name}`;
    }
    invalid(name, value, what, hint) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `Invalid ${this.label(name)} "${value}": ${what}`, hint);
    }
    has(name) {
        return this.string(name) !== undefined;
    }
    string(name) {
        const v = this.raw[name];
        if (v === undefined)
            return undefined;
        const t = v.trim();
        return t === '' ? undefined : t;
    }
    /** Like string(), but keeps surrounding spaces (database names may have them). */
    verbatim(name) {
        const v = this.raw[name];
        return v === undefined || v === '' ? undefined : v;
    }
    /**
     * The error for a missing positional (the backup file): on the command line a USAGE error with
     * the usage line, in an action an INVALID_INPUT naming the input.
     */
    missing(cli, action) {
        return this.source === 'cli'
            ? new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('USAGE', cli.message, cli.usage)
            : new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', action.message, action.hint);
    }
    required(name, hint) {
        const v = this.string(name);
        if (v === undefined)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', `Missing ${this.label(name)}`, hint);
        return v;
    }
    boolean(name, fallback) {
        const v = this.string(name);
        if (v === undefined)
            return fallback ?? this.tableDefault(name, 'boolean') ?? false;
        const l = v.toLowerCase();
        if (['true', 'yes', '1', 'on'].includes(l))
            return true;
        if (['false', 'no', '0', 'off'].includes(l))
            return false;
        throw this.invalid(name, v, 'expected true or false');
    }
    integer(name, bounds = {}) {
        const v = this.string(name);
        if (v === undefined)
            return bounds.fallback ?? this.tableDefault(name, 'number');
        if (!/^-?\d+$/.test(v))
            throw this.invalid(name, v, 'expected a whole number', bounds.hint);
        const n = Number(v);
        const { min, max } = bounds;
        if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
            const range = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `of at least ${min}` : `of at most ${max}`;
            throw this.invalid(name, v, `expected a whole number ${range}`, bounds.hint);
        }
        return n;
    }
    oneOf(name, values, fallback) {
        const v = this.string(name);
        if (v === undefined)
            return fallback ?? this.tableDefault(name, 'string');
        const l = v.toLowerCase();
        if (values.includes(l))
            return l;
        throw this.invalid(name, v, `expected one of ${values.join(', ')}`);
    }
    /** A list separated by commas or new lines, empty entries dropped. */
    list(name) {
        const v = this.raw[name];
        if (!v)
            return [];
        return v
            .split(/[,\n]/)
            .map((s) => s.trim())
            .filter(Boolean);
    }
    /** "90", "90s", "5m", "1h" -> seconds; the table's default may be a number of seconds or such a text. */
    durationSeconds(name, fallback) {
        const given = this.string(name);
        if (given === undefined && fallback !== undefined)
            return fallback;
        const v = given ?? this.tableDefault(name, 'string');
        if (v === undefined)
            return this.tableDefault(name, 'number');
        const m = /^(\d+)\s*(s|m|h)?$/.exec(v);
        if (!m)
            throw this.invalid(name, v, 'expected a duration such as 30s, 5m or 1h');
        return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
    }
}


/***/ }),

/***/ 5018:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pb: () => (/* binding */ FailedWithResult),
/* harmony export */   SY: () => (/* binding */ needArtifacts),
/* harmony export */   g7: () => (/* binding */ execute),
/* harmony export */   ms: () => (/* binding */ settingsFrom),
/* harmony export */   p6: () => (/* binding */ commandName),
/* harmony export */   y9: () => (/* binding */ perform)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9892);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9114);
/**
 * The contract every operation keeps, so the faces can be generic runners and a reader who knows
 * one operation knows them all:
 *
 *   option table -> settings(inputs, env, cwd) -> gather(settings) -> plan(settings, facts)
 *     -> describe(plan) [dry run text, confirmation] -> run(plan) -> outputs(result), summary(result)
 *
 * settings, plan, describe, outputs and summary are pure. gather only reads the world; run acts
 * and cleans up after itself on failure and interrupt. A face (src/actions/runner.ts,
 * src/cli/runner.ts) asks for confirmation between plan and run; an operation that needs another
 * (restore backs up first, verify restores) calls it with `execute`, which skips that step: the
 * outer operation's consent covers it.
 */


/** The artifact service, which only the GitHub action lends: elsewhere asking for it fails with `message` and `hint`. */
function needArtifacts(deps, message, hint) {
    if (!deps.artifacts)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INVALID_INPUT', message, hint);
    return deps.artifacts;
}
/** The command line name of an operation. */
function commandName(op) {
    return op.command ?? op.name;
}
/** Settings of an operation from a raw input map, every other option at its default. */
function settingsFrom(op, raw, env, cwd) {
    return op.settings(new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .Inputs */ .G(raw, 'cli', op.options), env, cwd);
}
/**
 * The one way an operation fails while still having a report: a verify whose checks ran until one
 * failed, a status that found a problem. The faces write the result's outputs and summary as for
 * a success, then fail the step (exit 1) with this error's message and hint.
 */
class FailedWithResult extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF {
    result;
    constructor(result, error) {
        super(error.code, error.message, error.hint, { cause: error });
        this.result = result;
    }
}
/**
 * The flow both faces share: gather, plan, describe, then stop (dry run), ask, and run. `ask` is the
 * face's way to reach a person (a terminal prompt), absent where there is none.
 */
async function perform(op, settings, deps, reporter, ask) {
    const facts = await op.gather(settings, deps, reporter);
    try {
        const plan = op.plan(settings, facts);
        const description = op.describe(plan);
        for (const w of description.warnings ?? [])
            reporter.warn(w);
        const c = description.confirmation;
        // A person sees the plan when it is all they get (a dry run), when it is refused, and before
        // being asked to agree to it.
        if (description.dryRun || description.refusal || c)
            for (const line of description.lines)
                reporter.info(line);
        if (description.refusal)
            throw description.refusal;
        if (description.dryRun)
            return { dryRun: true, plan };
        if (c) {
            if (!ask)
                throw c.cannotAsk ?? c.unanswered;
            op.beforePrompt?.(facts);
            const answer = await ask(c);
            if (answer === undefined)
                throw c.unanswered;
            if (!c.accept(answer))
                throw c.declined;
        }
        return { dryRun: false, plan, result: await op.run(plan, deps, reporter) };
    }
    finally {
        op.release?.(facts);
    }
}
/**
 * Carries an operation out without a face: gather, plan, run. For sub-operations (their consent is
 * the caller's) and for tests. A plan that still needs consent is refused with its own error.
 */
async function execute(op, settings, deps, reporter) {
    const outcome = await perform(op, settings, deps, reporter);
    if (outcome.dryRun)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AzaError */ .TF('INTERNAL', `execute() was given a dry run of ${op.name}; a face prints describe() instead`);
    return outcome.result;
}


/***/ })

};
