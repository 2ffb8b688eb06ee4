export const id = 878;
export const ids = [878];
export const modules = {

/***/ 3878:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CliReporter: () => (/* binding */ CliReporter),
/* harmony export */   ask: () => (/* binding */ ask),
/* harmony export */   helpText: () => (/* binding */ helpText),
/* harmony export */   parseCommandLine: () => (/* binding */ parseCommandLine),
/* harmony export */   runCommand: () => (/* binding */ runCommand)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(481);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_readline__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9892);
/* harmony import */ var _core_exec_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4551);
/* harmony import */ var _core_inputs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9114);
/* harmony import */ var _core_operation_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5018);
/* harmony import */ var _core_report_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8557);
/**
 * The command-line runner, one for every operation: argv against the operation's option table,
 * settings, the shared flow (gather, plan, dry run or a question on the terminal, run), the summary
 * on the terminal, and one failure path (message, hint, exit code).
 */







/** Options that take a value on the command line, by every name they are written with, to the long name. */
function valueOptions(op) {
    const names = new Map();
    for (const o of op.options) {
        if (o.flag || o.only === 'action')
            continue;
        names.set(`--${o.name}`, o.name);
        if (o.short)
            names.set(`-${o.short}`, o.name);
    }
    return names;
}
/**
 * `ssl-certs certs -30` would otherwise fail as an unknown option "-3", and `--days -30` as an
 * option without its value. No option is a digit, so "-<digits>" is a number: after an option that
 * takes a value it is that value (joined as `--days=-30`); anywhere else it is a positional, passed
 * through parseArgs as a stand-in that cannot look like an option, in its place, so positionals keep
 * their order. The settings then refuse a negative number in their own words.
 */
function negativeNumbers(argv, op) {
    const takesValue = valueOptions(op);
    const original = new Map();
    const end = argv.indexOf('--');
    const args = [];
    argv.forEach((arg, i) => {
        if ((end >= 0 && i > end) || !/^-\d+$/.test(arg))
            return void args.push(arg);
        const option = takesValue.get(argv[i - 1] ?? '');
        if (option !== undefined && (end < 0 || i < end)) {
            args[args.length - 1] = `--${option}=${arg}`;
            return;
        }
        const standIn = `\u0000negative-number-${i}`;
        original.set(standIn, arg);
        args.push(standIn);
    });
    return { args, original };
}
/** argv -> the operation's inputs: flags by name, positionals by the table's `positional` index. */
function parseCommandLine(argv, op) {
    const options = { help: { type: 'boolean', short: 'h' } };
    for (const o of op.options) {
        if (o.only === 'action')
            continue;
        options[o.name] = { type: o.flag ? 'boolean' : 'string', ...(o.short ? { short: o.short } : {}) };
    }
    const { args, original } = negativeNumbers(argv, op);
    let parsed;
    try {
        parsed = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({ args, options, allowPositionals: true, strict: true });
    }
    catch (e) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('USAGE', e.message.replace(/\. To specify.*$/s, ''), `Run: aza-pg ${(0,_core_operation_js__WEBPACK_IMPORTED_MODULE_5__/* .commandName */ .p6)(op)} --help`);
    }
    const raw = {};
    for (const [k, v] of Object.entries(parsed.values)) {
        if (k === 'help')
            continue;
        raw[k] = typeof v === 'boolean' ? String(v) : v;
    }
    const byPosition = op.options.filter((o) => o.positional !== undefined).sort((a, b) => a.positional - b.positional);
    if (parsed.positionals.length > byPosition.length) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('USAGE', `Too many arguments: ${parsed.positionals.slice(byPosition.length).join(' ')}`, `Usage: ${op.cli.usage}`);
    }
    parsed.positionals
        .map((p) => original.get(p) ?? p)
        .forEach((value, i) => {
        const name = byPosition[i].name;
        if (raw[name] !== undefined)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('USAGE', `The ${name} is given twice (argument and --${name})`, 'Give it once.');
        raw[name] = value;
    });
    return { inputs: new _core_inputs_js__WEBPACK_IMPORTED_MODULE_4__/* .Inputs */ .G(raw, 'cli', op.options), help: parsed.values.help === true };
}
function helpText(op) {
    const lines = [`Usage: ${op.cli.usage}`, '', op.description];
    const withDefault = (o) => {
        const shown = (0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_4__/* .defaultText */ .V)(o);
        return `${o.description}${shown !== undefined ? ` (default: ${shown})` : ''}`;
    };
    // The positionals, in their order, under the names the usage line gives them.
    const args = op.options.filter((o) => o.positional !== undefined).sort((x, y) => x.positional - y.positional);
    if (args.length) {
        const width = Math.max(...args.map((o) => o.name.length)) + 2;
        lines.push('', 'Arguments:', ...args.map((o) => `  ${o.name.padEnd(width)}${withDefault(o)}`));
    }
    const rows = op.options
        .filter((o) => o.only !== 'action' && o.positional === undefined)
        .map((o) => [`${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.flag ? '' : ' VALUE'}`, withDefault(o)]);
    rows.push(['-h, --help', 'Show this help']);
    const width = Math.max(...rows.map(([f]) => f.length)) + 2;
    lines.push('', 'Options:');
    for (const [f, d] of rows)
        lines.push(`  ${f.padEnd(width)}${d}`);
    if (op.cli.examples.length)
        lines.push('', 'Examples:', ...op.cli.examples.map((e) => `  ${e}`));
    return lines.join('\n');
}
class CliReporter {
    out;
    err;
    tty;
    progressShown = false;
    lastProgress = 0;
    constructor(out = process.stdout, err = process.stderr) {
        this.out = out;
        this.err = err;
        this.tty = !!this.err.isTTY;
    }
    clearProgress() {
        if (this.progressShown) {
            this.err.write('\r\x1b[K');
            this.progressShown = false;
        }
    }
    info(message) {
        this.clearProgress();
        this.out.write(`${message}\n`);
    }
    warn(message) {
        this.clearProgress();
        this.err.write(`⚠ WARNING: ${message}\n`);
    }
    async step(name, fn) {
        const start = performance.now();
        this.info(`▸ ${name}`);
        try {
            const v = await fn();
            this.clearProgress();
            this.out.write(`  ✓ ${name} (${(0,_core_report_js__WEBPACK_IMPORTED_MODULE_6__/* .formatSeconds */ .Xo)((performance.now() - start) / 1000)})\n`);
            return v;
        }
        catch (e) {
            this.clearProgress();
            this.out.write(`  ✗ ${name} (${(0,_core_report_js__WEBPACK_IMPORTED_MODULE_6__/* .formatSeconds */ .Xo)((performance.now() - start) / 1000)})\n`);
            throw e;
        }
    }
    progress(bytes) {
        if (!this.tty)
            return;
        const now = Date.now();
        if (now - this.lastProgress < 200)
            return;
        this.lastProgress = now;
        this.err.write(`\r\x1b[K  … ${(0,_core_report_js__WEBPACK_IMPORTED_MODULE_6__/* .formatBytes */ .z3)(bytes)}`);
        this.progressShown = true;
    }
    table(t) {
        this.clearProgress();
        const width = Math.max(...t.rows.map(([k]) => k.length)) + 2;
        const lines = ['', t.title, ...t.rows.map(([k, v]) => `  ${k.padEnd(width)}${v}`)];
        for (const s of t.sections ?? []) {
            const widths = s.header.map((h, i) => Math.max(h.length, ...s.rows.map((r) => (r[i] ?? '').length)));
            const fmt = (r) => `  ${r.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
            lines.push('', s.title, fmt(s.header), `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`, ...s.rows.map(fmt));
        }
        for (const b of t.blocks ?? [])
            lines.push('', `${b.title} (${b.language})`, ...b.text.split('\n').map((l) => `  ${l}`));
        if (t.notes?.length)
            lines.push('', ...t.notes.map((n) => `  • ${n}`));
        this.out.write(`${lines.join('\n')}\n`);
    }
}
/** Asks a question on the terminal; undefined when there is no terminal, or input ends (Ctrl+D). */
async function ask(question) {
    if (!process.stdin.isTTY)
        return undefined;
    const rl = (0,node_readline__WEBPACK_IMPORTED_MODULE_1__.createInterface)({ input: process.stdin, output: process.stderr });
    try {
        return await new Promise((resolve) => {
            rl.once('close', () => resolve(undefined));
            rl.question(question, resolve);
        });
    }
    finally {
        rl.close();
    }
}
/**
 * Shows a confirmation's warnings and asks its question on the terminal. The warnings are shown
 * without a terminal too: the refusal that follows is about them.
 */
async function askOnTerminal(c) {
    for (const line of c.warnings)
        process.stderr.write(`⚠ ${line}\n`);
    if (!process.stdin.isTTY)
        return undefined;
    return ask(c.question);
}
/** Prints a failure (message, hint) and returns its exit code: 2 for usage and input errors, else 1. */
function reportFailure(e) {
    const err = (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .toAzaError */ .mu)(e);
    process.stderr.write(`✗ Error: ${err.message}\n${err.hint ? `${err.hint}\n` : ''}`);
    return err.code === 'USAGE' || err.code === 'INVALID_INPUT' ? 2 : 1;
}
/** One pass of the shared flow with its summary; a failure with a report shows the report, then exits 1. */
async function runOnce(op, settings, reporter) {
    try {
        const outcome = await (0,_core_operation_js__WEBPACK_IMPORTED_MODULE_5__/* .perform */ .y9)(op, settings, { env: process.env }, reporter, askOnTerminal);
        if (outcome.dryRun)
            return 0;
        const table = op.summary(outcome.result);
        if (table)
            await reporter.table(table);
        const done = op.cli.done?.(outcome.result);
        if (done)
            reporter.info(done);
        return 0;
    }
    catch (e) {
        if (e instanceof _core_operation_js__WEBPACK_IMPORTED_MODULE_5__/* .FailedWithResult */ .Pb) {
            const table = op.summary(e.result);
            if (table)
                await reporter.table(table);
        }
        return reportFailure(e);
    }
}
/** Runs the operation every `seconds` on a cleared terminal screen until Ctrl+C (whose handler exits). */
async function watch(op, settings, seconds, reporter) {
    if (!process.stdout.isTTY) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .AzaError */ .TF('USAGE', '--watch needs a terminal: it redraws the screen every few seconds', `In a script or a scheduled job, run aza-pg ${(0,_core_operation_js__WEBPACK_IMPORTED_MODULE_5__/* .commandName */ .p6)(op)} once per check and act on its exit code.`);
    }
    for (;;) {
        process.stdout.write('\x1b[2J\x1b[H');
        reporter.info(`aza-pg ${(0,_core_operation_js__WEBPACK_IMPORTED_MODULE_5__/* .commandName */ .p6)(op)} at ${new Date().toISOString()}, again every ${seconds} s (Ctrl+C stops)`);
        await runOnce(op, settings, reporter);
        await new Promise((r) => setTimeout(r, seconds * 1000));
    }
}
/** Runs one command; returns the exit code (0 ok, 1 failed, 2 usage error). */
async function runCommand(op, argv) {
    (0,_core_exec_js__WEBPACK_IMPORTED_MODULE_3__/* .installInterruptHandlers */ .cE)((m) => process.stderr.write(`\n${m}\n`));
    const reporter = new CliReporter();
    try {
        const cl = parseCommandLine(argv, op);
        if (cl.help) {
            process.stdout.write(`${helpText(op)}\n`);
            return 0;
        }
        const settings = op.settings(cl.inputs, process.env, process.cwd());
        const every = op.watch?.(settings);
        if (every !== undefined)
            return await watch(op, settings, every, reporter);
        return await runOnce(op, settings, reporter);
    }
    catch (e) {
        return reportFailure(e);
    }
}


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


/***/ })

};
