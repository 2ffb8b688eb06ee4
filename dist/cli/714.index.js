export const id = 714;
export const ids = [714];
export const modules = {

/***/ 8714:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PRUNE_OPTIONS: () => (/* reexport */ PRUNE_OPTIONS),
  planPrune: () => (/* reexport */ planPrune),
  prune: () => (/* binding */ prune),
  pruneSettings: () => (/* reexport */ pruneSettings)
});

// EXTERNAL MODULE: ./src/core/object-store/index.ts + 3 modules
var object_store = __webpack_require__(2862);
// EXTERNAL MODULE: ./src/core/operation.ts
var operation = __webpack_require__(5018);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/backup-catalog.ts
var backup_catalog = __webpack_require__(9595);
;// CONCATENATED MODULE: ./src/core/prune/scan.ts
/**
 * The backup directory as prune needs it: the shared catalog's reading (src/core/backup-catalog.ts:
 * complete, incomplete with the reason, killed runs' leftovers, foreign), plus what deleting safely
 * needs on top: each entry's identity (device, inode) so run() deletes only what was judged, and a
 * refusal to look into a folder that holds more than plain files (pg_dump -Fd writes only files), so
 * nothing recurses into a folder that is not ours.
 */



const NOT_PLAIN = 'folder with more than plain files in it: not ours to delete';
async function scanDirectory(directory, deep) {
    // The directory given may itself be a link (/var/backups -> /data/backups): that is the user's
    // choice; links inside it are never followed.
    const real = await external_node_fs_.promises.realpath(directory).catch(() => directory);
    const catalog = await (0,backup_catalog/* readBackupCatalog */.Q)(real, { deep });
    const scan = {
        directory,
        backups: [],
        incomplete: [],
        foreign: catalog.foreign.map((name) => ({ name, why: 'not a name aza-pg gives, or a symbolic link' })),
    };
    const entriesOf = async (paths) => {
        const out = [];
        for (const p of paths) {
            const e = await entryOf(p);
            if (!e)
                return undefined;
            out.push(e);
        }
        return out;
    };
    for (const b of catalog.complete) {
        const found = await entriesOf([b.manifestPath, b.path]);
        if (!found) {
            scan.foreign.push({ name: b.name, why: NOT_PLAIN });
            continue;
        }
        const [manifest, data] = found;
        scan.backups.push({ data, manifest, database: b.database, startedAt: b.startedAt, format: b.manifest.format });
    }
    for (const i of catalog.incomplete) {
        // A manifest that does not read is only a marker of ours beside a data file with our own name.
        if (i.reason === 'manifest-invalid' && !(backup_catalog/* OUR_DATA_NAME */.e.test(i.name) && i.paths.length === 2)) {
            scan.foreign.push({
                name: `${i.name}${i.paths.length === 2 ? ' and its .manifest.json' : ''}`,
                why: `not an aza-pg manifest (${i.detail})`,
            });
            continue;
        }
        // The manifest, the completion marker, goes first.
        const paths = [...i.paths].sort((a, b) => Number(b.endsWith('.manifest.json')) - Number(a.endsWith('.manifest.json')));
        const entries = await entriesOf(paths);
        if (!entries) {
            scan.foreign.push({ name: i.name, why: NOT_PLAIN });
            continue;
        }
        const kind = i.reason === 'no-manifest' ? 'no-manifest' : i.reason === 'data-missing' ? 'orphan-manifest' : 'damaged';
        scan.incomplete.push({
            name: i.name,
            kind,
            reason: i.detail,
            entries,
            ...(kind === 'damaged' ? { unreadable: i.reason === 'manifest-invalid' } : {}),
        });
    }
    for (const l of catalog.leftovers) {
        const e = await entryOf(l.path);
        if (!e) {
            scan.foreign.push({ name: l.name, why: NOT_PLAIN });
            continue;
        }
        scan.incomplete.push({
            name: l.name,
            kind: 'partial',
            reason: `${e.isDirectory ? 'staging folder' : 'partial file'} of a run that did not finish writing ${l.forName}`,
            entries: [e],
        });
    }
    return scan;
}
/** The entry with its identity, size and newest mtime; undefined for a link, or a folder holding more than plain files. */
async function entryOf(path) {
    const s = await external_node_fs_.promises.lstat(path).catch(() => undefined);
    if (!s)
        return undefined;
    const base = { name: (0,external_node_path_.basename)(path), path, dev: s.dev, ino: s.ino };
    if (s.isFile())
        return { ...base, isDirectory: false, bytes: s.size, mtimeMs: s.mtimeMs };
    if (!s.isDirectory())
        return undefined;
    let bytes = 0;
    let mtimeMs = s.mtimeMs;
    for (const child of await external_node_fs_.promises.readdir(path)) {
        const cs = await external_node_fs_.promises.lstat(`${path}/${child}`);
        if (!cs.isFile())
            return undefined;
        bytes += cs.size;
        mtimeMs = Math.max(mtimeMs, cs.mtimeMs);
    }
    return { ...base, isDirectory: true, bytes, mtimeMs };
}

// EXTERNAL MODULE: ./src/core/bucket-catalog.ts
var bucket_catalog = __webpack_require__(9995);
;// CONCATENATED MODULE: ./src/core/prune/bucket.ts
/**
 * Prune in a bucket: the prefix read as the shared bucket catalog (src/core/bucket-catalog.ts)
 * and put in the shape the directory scan has, so one policy and one plan serve both; and the
 * deletions, each only when the object is still the one judged (same ETag), the manifest object
 * first, so a failure in between leaves a data object without manifest (incomplete, never listed
 * as a backup), never a manifest that claims a missing object. Multipart uploads left open by
 * killed streaming backups are incomplete entries too, aborted on request after the grace period.
 */



function entry(key, bytes, at, now, extra = {}) {
    // An object without a time is taken as new: never old enough to delete.
    return { name: (0,object_store/* keyBaseName */.WX)(key), path: key, isDirectory: false, bytes, mtimeMs: (at ?? now).getTime(), dev: 0, ino: 0, ...extra };
}
async function scanBucket(b, now) {
    const store = new object_store/* ObjectStore */.LI(b.store, b.bucket);
    try {
        const c = await (0,bucket_catalog/* readBucketCatalog */.wK)(store, b.prefix);
        const objectEntry = (key) => {
            const o = c.objects.get(key);
            return entry(key, o?.sizeBytes ?? 0, o?.lastModified, now, o?.etag ? { etag: o.etag } : {});
        };
        const scan = {
            directory: c.url,
            backups: c.complete.map((x) => ({
                data: objectEntry(x.key),
                manifest: objectEntry(x.manifestKey),
                database: x.database,
                startedAt: x.startedAt,
                format: x.manifest.format,
            })),
            incomplete: [],
            foreign: c.foreign.map((name) => ({ name, why: 'not a name aza-pg backup gives' })),
        };
        for (const i of c.incomplete) {
            if (i.reason === 'manifest-invalid' && !(backup_catalog/* OUR_DATA_NAME */.e.test(i.name) && i.keys.length === 2)) {
                scan.foreign.push({ name: i.name, why: `not an aza-pg manifest (${i.detail})` });
                continue;
            }
            // The manifest, the completion marker, goes first.
            const keys = [...i.keys].sort((a, k) => Number(k.endsWith('.manifest.json')) - Number(a.endsWith('.manifest.json')));
            const kind = i.reason === 'no-manifest' ? 'no-manifest' : i.reason === 'data-missing' ? 'orphan-manifest' : 'damaged';
            scan.incomplete.push({
                name: i.name,
                kind,
                reason: i.detail,
                entries: keys.map(objectEntry),
                ...(kind === 'damaged' ? { unreadable: i.reason === 'manifest-invalid' } : {}),
            });
        }
        for (const u of c.openUploads) {
            const upload = {
                name: `${(0,object_store/* keyBaseName */.WX)(u.key)} (multipart upload ${u.uploadId.slice(0, 16)}…)`,
                kind: 'open-upload',
                reason: `a multipart upload started${u.initiated ? ` ${u.initiated.toISOString()}` : ''} and never completed or aborted (a streaming backup that was killed)`,
                entries: [entry(u.key, 0, u.initiated, now, { uploadId: u.uploadId })],
            };
            scan.incomplete.push(upload);
        }
        return scan;
    }
    finally {
        store.close();
    }
}
/** Why an object is no longer the one judged, or undefined when it still is. */
async function changedInBucket(store, entries) {
    for (const e of entries) {
        if (e.uploadId)
            continue;
        const h = await store.head(e.path);
        if (!h)
            return `${e.name} is gone`;
        if (e.etag && h.etag !== e.etag)
            return `${e.name} was replaced`;
    }
    return undefined;
}
/** Deletes the object, or aborts the open multipart upload, an entry stands for. */
async function deleteInBucket(store, e) {
    if (e.uploadId)
        await store.abortMultipartUpload(e.path, e.uploadId);
    else
        await store.delete(e.path);
}

;// CONCATENATED MODULE: ./src/core/prune/facts.ts
/** What a prune needs to know: the directory's entries, checked against their manifests, and the artifacts. Reads only. */



/** The artifact service, for listing and for deleting. */
function pruneArtifacts(deps) {
    return (0,operation/* needArtifacts */.SY)(deps, 'Artifacts can only be pruned in the GitHub action', 'Use the aza-pg/prune action with github-token.');
}
async function gatherPruneFacts(settings, deps, reporter) {
    const now = (deps.now ?? (() => new Date()))();
    const facts = { now };
    if (settings.bucket) {
        const b = settings.bucket;
        facts.scan = await reporter.step(`Check the backups in ${settings.directory}`, () => scanBucket(b, now));
    }
    else if (settings.directory) {
        const dir = settings.directory;
        facts.scan = await reporter.step(`Check the backups in ${dir}${settings.deep ? ' (sha256)' : ''}`, () => scanDirectory(dir, settings.deep));
    }
    if (settings.artifacts) {
        const service = pruneArtifacts(deps);
        const { prefix, token } = settings.artifacts;
        facts.artifacts = await reporter.step(`List the artifacts named ${prefix}*`, () => service.list({ prefix, token }));
    }
    return facts;
}

// EXTERNAL MODULE: ./src/core/errors.ts + 9 modules
var errors = __webpack_require__(9892);
// EXTERNAL MODULE: ./src/core/report.ts
var report = __webpack_require__(8557);
;// CONCATENATED MODULE: ./src/core/prune/policy.ts
/**
 * The retention policy, restic-like: each rule walks the complete backups from newest to oldest and
 * keeps the newest one of each period (UTC day, ISO week, month) until it has kept its count of
 * periods; periods without a backup do not use up a count. `last` keeps the newest N whatever their
 * period; the floor (min-keep) then tops the kept set up with the newest remaining ones. Pure: the
 * calendar simulation test drives it day by day.
 */
const KEEP_RULES = (/* unused pure expression or super */ null && (['last', 'daily', 'weekly', 'monthly', 'floor']));
const pad = (n, w = 2) => String(n).padStart(w, '0');
function dayKey(d) {
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
function monthKey(d) {
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}
/** ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday), e.g. "2026-W01". */
function isoWeekKey(d) {
    const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
    const thursday = new Date(day + (3 - weekday) * 86400000);
    const year = thursday.getUTCFullYear();
    const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86400000));
    return `${year}-W${pad(week)}`;
}
function newestFirst(items) {
    return [...items].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}
/** Applies the policy to one group (one database's complete backups). */
function applyRetention(items, policy) {
    const sorted = newestFirst(items);
    const rules = new Map();
    const keep = (item, rule) => {
        const list = rules.get(item.key) ?? [];
        list.push(rule);
        rules.set(item.key, list);
    };
    if (policy.last)
        sorted.slice(0, policy.last).forEach((i) => keep(i, 'last'));
    const periodic = [
        ['daily', policy.daily, dayKey],
        ['weekly', policy.weekly, isoWeekKey],
        ['monthly', policy.monthly, monthKey],
    ];
    for (const [rule, count, period] of periodic) {
        if (!count)
            continue;
        let last;
        let periods = 0;
        for (const item of sorted) {
            if (periods >= count)
                break;
            const p = period(item.at);
            if (p === last)
                continue;
            last = p;
            periods++;
            keep(item, rule);
        }
    }
    if (policy.minKeep) {
        let missing = policy.minKeep - rules.size;
        for (const item of sorted) {
            if (missing <= 0)
                break;
            if (rules.has(item.key))
                continue;
            keep(item, 'floor');
            missing--;
        }
    }
    return {
        kept: sorted.filter((i) => rules.has(i.key)).map((item) => ({ item, rules: rules.get(item.key) })),
        dropped: sorted.filter((i) => !rules.has(i.key)),
    };
}

;// CONCATENATED MODULE: ./src/core/prune/plan.ts
/**
 * planPrune decides, from the scanned directory (and the listed artifacts), what is kept by which
 * rule, what is deleted, and what happens to each incomplete backup. Pure: the dry run prints it,
 * the calendar simulation test drives it day by day.
 */



function planPrune(settings, facts) {
    const { policy } = settings;
    const warnings = [];
    const plan = {
        dryRun: settings.dryRun,
        now: facts.now,
        policy,
        deep: settings.deep,
        deleteIncomplete: settings.deleteIncomplete,
        incompleteGraceSeconds: settings.incompleteGraceSeconds,
        ...(settings.directory ? { directory: settings.directory } : {}),
        ...(settings.bucket ? { bucket: settings.bucket } : {}),
        keep: [],
        delete: [],
        incomplete: [],
        foreign: [],
        bytesToFree: 0,
        warnings,
    };
    const scan = facts.scan;
    if (scan) {
        const damaged = scan.incomplete.filter((i) => i.kind === 'damaged');
        if (damaged.length && !settings.deleteIncomplete) {
            // A manifest that exists but is broken or wrong is not a crash leftover: someone must look.
            const unreadable = damaged.some((d) => d.unreadable);
            throw new errors/* AzaError */.TF(unreadable ? 'MANIFEST_INVALID' : 'MANIFEST_MISMATCH', `${damaged.length === 1 ? 'A backup' : `${damaged.length} backups`} in ${scan.directory} cannot be trusted; nothing was deleted:\n${damaged
                .map((d) => `  ${d.name}: ${d.reason}`)
                .join('\n')}`, 'Look at them: a manifest is written last and never changes, so a broken or mismatching one means damage. Move them out of the directory, or pass delete-incomplete (--delete-incomplete) to treat them as incomplete backups (deleted after incomplete-grace).');
        }
        const byDatabase = new Map();
        for (const b of scan.backups)
            byDatabase.set(b.database, [...(byDatabase.get(b.database) ?? []), b]);
        checkFloor(policy, byDatabase, `in ${scan.directory}`);
        for (const db of [...byDatabase.keys()].sort()) {
            const retained = applyRetention(byDatabase.get(db).map((b) => ({ key: b.data.name, at: b.startedAt, b })), policy);
            plan.keep.push(...retained.kept.map(({ item, rules }) => ({ backup: item.b, rules })));
            plan.delete.push(...retained.dropped.map((d) => d.b));
        }
        for (const i of scan.incomplete) {
            const newest = Math.max(...i.entries.map((e) => e.mtimeMs));
            const ageMs = facts.now.getTime() - newest;
            const ageSeconds = Math.max(0, Math.floor(ageMs / 1000));
            const action = settings.deleteIncomplete && ageMs > settings.incompleteGraceSeconds * 1000 ? 'delete' : 'keep';
            plan.incomplete.push({ ...i, action, ageSeconds, bytes: i.entries.reduce((s, e) => s + e.bytes, 0) });
        }
        plan.foreign = scan.foreign;
        plan.bytesToFree =
            plan.delete.reduce((s, b) => s + b.data.bytes + b.manifest.bytes, 0) +
                plan.incomplete.filter((i) => i.action === 'delete').reduce((s, i) => s + i.bytes, 0);
        if (plan.incomplete.some((i) => i.action === 'keep'))
            warnings.push(`${plan.incomplete.filter((i) => i.action === 'keep').length} incomplete backup(s) or leftover(s) of killed runs in ${scan.directory}, not counted as backups${settings.deleteIncomplete ? ' (younger than incomplete-grace, left in place)' : ' (pass delete-incomplete to remove them after incomplete-grace)'}.`);
    }
    if (facts.artifacts && settings.artifacts) {
        const byGroup = new Map();
        for (const a of facts.artifacts) {
            if (!a.name.startsWith(settings.artifacts.prefix))
                continue;
            const g = artifactGroup(a.name);
            byGroup.set(g, [...(byGroup.get(g) ?? []), a]);
        }
        checkFloor(policy, byGroup, `among the artifacts named ${settings.artifacts.prefix}*`);
        const artifacts = { prefix: settings.artifacts.prefix, token: settings.artifacts.token, keep: [], delete: [] };
        for (const g of [...byGroup.keys()].sort()) {
            const retained = applyRetention(byGroup.get(g).map((a) => ({ key: String(a.id).padStart(20, '0'), at: a.createdAt, a })), policy);
            artifacts.keep.push(...retained.kept.map(({ item, rules }) => ({ artifact: item.a, rules })));
            artifacts.delete.push(...retained.dropped.map((d) => d.a));
        }
        plan.artifacts = artifacts;
    }
    return plan;
}
/** The database part of an auto-named artifact (backup_<db>_<stamp><ext>); other names form one group. */
function artifactGroup(name) {
    return /^backup_(.+)_\d{4}_\d{2}_\d{2}_\d{6}/.exec(name)?.[1] ?? '';
}
function checkFloor(policy, groups, where) {
    const min = policy.minKeep;
    if (!min)
        return;
    const short = groups.size === 0
        ? [['', 0]]
        : [...groups].filter(([, items]) => items.length < min).map(([g, items]) => [g, items.length]);
    if (short.length === 0)
        return;
    const what = short.map(([g, n]) => (g ? `${n} of ${g}` : `${n}`)).join(', ');
    throw new errors/* AzaError */.TF('MIN_KEEP_UNMET', `min-keep is ${min}, but there ${what === '1' ? 'is' : 'are'} only ${what} complete backup(s) ${where}; nothing was deleted`, `The floor can only hold when that many good backups exist. Take backups first, or lower min-keep to at most ${Math.min(...short.map(([, n]) => n))}.`);
}
/** Foreign entries named one by one in the dry run; a busy directory gets a count for the rest. */
const FOREIGN_SHOWN = 20;
const ISO_MINUTE = (d) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
function describePrune(plan) {
    return { lines: describeLines(plan), dryRun: plan.dryRun, warnings: plan.warnings };
}
function policyText(p) {
    const v = (n) => (n === undefined ? 'off' : String(n));
    return `daily ${v(p.daily)}, weekly ${v(p.weekly)}, monthly ${v(p.monthly)}, last ${v(p.last)}, min-keep ${v(p.minKeep)}`;
}
function graceText(seconds) {
    return seconds % 3600 === 0 ? `${seconds / 3600}h` : seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}
function ageText(seconds) {
    if (seconds < 120)
        return `${seconds} s`;
    if (seconds < 7200)
        return `${Math.floor(seconds / 60)} min`;
    if (seconds < 172800)
        return `${Math.floor(seconds / 3600)} h`;
    return `${Math.floor(seconds / 86400)} days`;
}
function describeLines(plan) {
    const lines = [];
    const verb = plan.dryRun ? 'would delete' : 'delete';
    lines.push(`policy:     ${policyText(plan.policy)}${plan.deep ? ', sha256 checked' : ', sizes checked'}`);
    if (plan.directory) {
        lines.push(`directory:  ${plan.directory}`);
        for (const k of plan.keep)
            lines.push(`  keep          ${k.backup.data.name}  (${ISO_MINUTE(k.backup.startedAt)}; ${k.rules.join(', ')})`);
        for (const b of plan.delete)
            lines.push(`  ${verb.padEnd(12)}  ${b.data.name}  (${ISO_MINUTE(b.startedAt)}; ${(0,report/* formatBytes */.z3)(b.data.bytes)}; no rule keeps it)`);
        for (const i of plan.incomplete)
            lines.push(`  ${(i.action === 'delete' ? verb : 'incomplete').padEnd(12)}  ${i.name}  (${i.reason}; ${ageText(i.ageSeconds)} old${i.action === 'keep' ? `; ${plan.deleteIncomplete ? `kept until ${graceText(plan.incompleteGraceSeconds)} old` : 'left in place'}` : ''})`);
        const shown = plan.foreign.slice(0, FOREIGN_SHOWN);
        for (const f of shown)
            lines.push(`  left alone    ${f.name}  (${f.why})`);
        if (plan.foreign.length > shown.length)
            lines.push(`  left alone    ${plan.foreign.length - shown.length} more entries not made by aza-pg backup`);
        lines.push(`  ${plan.dryRun ? 'would free' : 'frees'}:   ${(0,report/* formatBytes */.z3)(plan.bytesToFree)}`);
    }
    if (plan.artifacts) {
        lines.push(`artifacts:  names starting with ${plan.artifacts.prefix}`);
        for (const k of plan.artifacts.keep)
            lines.push(`  keep          ${k.artifact.name}  (id ${k.artifact.id}; ${ISO_MINUTE(k.artifact.createdAt)}; ${k.rules.join(', ')})`);
        for (const a of plan.artifacts.delete)
            lines.push(`  ${verb.padEnd(12)}  ${a.name}  (id ${a.id}; ${ISO_MINUTE(a.createdAt)}; ${(0,report/* formatBytes */.z3)(a.sizeBytes)})`);
    }
    if (plan.dryRun)
        lines.push('Dry run: nothing was deleted. Delete with --confirm (action: dry-run: false).');
    return lines;
}

;// CONCATENATED MODULE: ./src/core/prune/report.ts


function pruneOutputs(r) {
    return listOutputs(false, r.kept, r.deleted.map((d) => d.name), incompleteList(r.plan, new Set(r.deleted.filter((d) => d.kind === 'incomplete').map((d) => d.name))), r.bytesFreed, r.artifacts?.kept ?? [], r.artifacts?.deleted ?? []);
}
/** A dry run's outputs: what a run would keep and delete, with dry-run true. */
function plannedPruneOutputs(plan) {
    const toDelete = new Set(plan.incomplete.filter((i) => i.action === 'delete').map((i) => i.name));
    return listOutputs(true, plan.keep, [...plan.delete.map((b) => b.data.name), ...toDelete], incompleteList(plan, toDelete), plan.bytesToFree, plan.artifacts?.keep ?? [], plan.artifacts?.delete ?? []);
}
/** A run and a dry run report the same lists: what is (or would be) kept and deleted. */
function listOutputs(dryRun, kept, deleted, incomplete, bytesFreed, artifactsKept, artifactsDeleted) {
    return {
        'dry-run': dryRun,
        kept: JSON.stringify(kept.map((k) => ({
            name: k.backup.data.name,
            database: k.backup.database,
            startedAt: k.backup.startedAt.toISOString(),
            rules: k.rules,
        }))),
        deleted: JSON.stringify(deleted),
        incomplete: JSON.stringify(incomplete),
        'bytes-freed': bytesFreed,
        'artifacts-kept': JSON.stringify(artifactsKept.map((k) => ({
            id: k.artifact.id,
            name: k.artifact.name,
            createdAt: k.artifact.createdAt.toISOString(),
            rules: k.rules,
        }))),
        'artifacts-deleted': JSON.stringify(artifactsDeleted.map((a) => ({ id: a.id, name: a.name }))),
    };
}
function incompleteList(plan, deleted) {
    return plan.incomplete.map((i) => ({ name: i.name, kind: i.kind, reason: i.reason, deleted: deleted.has(i.name) }));
}
/**
 * A dry run's summary: the same table as a run's, over what the run would do, titled so nobody
 * mistakes it for a deletion.
 */
function plannedPruneSummary(plan) {
    const wouldDelete = new Set(plan.incomplete.filter((i) => i.action === 'delete').map((i) => i.name));
    const table = pruneSummary({
        plan,
        kept: plan.keep,
        deleted: [
            ...plan.delete.map((b) => ({ name: b.data.name, kind: 'backup', bytes: b.data.bytes + b.manifest.bytes })),
            ...plan.incomplete.filter((i) => wouldDelete.has(i.name)).map((i) => ({ name: i.name, kind: 'incomplete', bytes: i.bytes })),
        ],
        skipped: [],
        incomplete: plan.incomplete,
        bytesFreed: plan.bytesToFree,
        ...(plan.artifacts ? { artifacts: { kept: plan.artifacts.keep, deleted: plan.artifacts.delete } } : {}),
    });
    return {
        ...table,
        title: 'Prune: dry run (nothing was deleted)',
        rows: table.rows.map(([k, v]) => [k === 'Deleted' ? 'Would delete' : k === 'Freed' ? 'Would free' : k, v]),
        sections: (table.sections ?? []).map((s) => (s.title === 'Deleted' ? { ...s, title: 'Would delete' } : s)),
        notes: [...(table.notes ?? []), 'Nothing was deleted: set dry-run to false (action) or pass --confirm (command) to apply this policy.'],
    };
}
function pruneSummary(r) {
    const p = r.plan;
    const rows = [['Policy', policyText(p.policy)]];
    if (p.directory) {
        rows.push(['Directory', p.directory], ['Kept', String(r.kept.length)], ['Deleted', String(r.deleted.length)], ['Incomplete', String(r.incomplete.length)], ['Freed', (0,report/* formatBytes */.z3)(r.bytesFreed)]);
        if (p.foreign.length)
            rows.push(['Left alone', `${p.foreign.length} entries not made by aza-pg backup`]);
    }
    if (r.artifacts)
        rows.push(['Artifacts', `${r.artifacts.kept.length} kept, ${r.artifacts.deleted.length} deleted (names ${p.artifacts.prefix}*)`]);
    const sections = [];
    if (r.kept.length)
        sections.push({
            title: 'Kept',
            header: ['Backup', 'Database', 'Started (UTC)', 'Kept by'],
            rows: r.kept.map((k) => [k.backup.data.name, k.backup.database, k.backup.startedAt.toISOString(), k.rules.join(', ')]),
        });
    if (r.deleted.length)
        sections.push({
            title: 'Deleted',
            header: ['Name', 'What', 'Size'],
            rows: r.deleted.map((d) => [d.name, d.kind, (0,report/* formatBytes */.z3)(d.bytes)]),
        });
    const deleted = new Set(r.deleted.map((d) => d.name));
    if (r.incomplete.length)
        sections.push({
            title: 'Incomplete (never counted as backups)',
            header: ['Name', 'Why', 'Age', 'Now'],
            rows: r.incomplete.map((i) => [i.name, i.reason, ageText(i.ageSeconds), deleted.has(i.name) ? 'deleted' : 'left in place']),
        });
    if (r.artifacts?.kept.length || r.artifacts?.deleted.length)
        sections.push({
            title: 'Artifacts',
            header: ['Artifact', 'Id', 'Created (UTC)', 'Now'],
            rows: [
                ...r.artifacts.kept.map((k) => [
                    k.artifact.name,
                    String(k.artifact.id),
                    k.artifact.createdAt.toISOString(),
                    `kept: ${k.rules.join(', ')}`,
                ]),
                ...r.artifacts.deleted.map((a) => [a.name, String(a.id), a.createdAt.toISOString(), 'deleted']),
            ],
        });
    const notes = r.skipped.map((s) => `${s.name} was left alone: ${s.why} since it was checked.`);
    return { title: 'Prune', rows, sections, ...(notes.length ? { notes } : {}) };
}

// EXTERNAL MODULE: ./src/core/fs.ts
var fs = __webpack_require__(8616);
;// CONCATENATED MODULE: ./src/core/prune/run.ts
/**
 * runPrune deletes what the plan says and nothing else. Each entry is deleted only if it is still
 * the one scanned (same device and inode, not turned into a link); a backup's manifest, its
 * completion marker, goes first and is made durable before the data goes, so a crash in between
 * leaves an incomplete backup, never a manifest that claims missing data.
 */







async function runPrune(plan, deps, reporter) {
    const result = { plan, kept: plan.keep, deleted: [], skipped: [], incomplete: plan.incomplete, bytesFreed: 0 };
    const failures = [];
    let store;
    const remove = async (name, kind, entries) => {
        const changed = store ? await changedInBucket(store, entries) : await firstChanged(entries);
        if (changed) {
            result.skipped.push({ name, why: changed });
            reporter.warn(`Left ${name} alone: ${changed} since it was checked.`);
            return;
        }
        try {
            for (const e of entries) {
                if (store) {
                    await deleteInBucket(store, e);
                    continue;
                }
                await external_node_fs_.promises.rm(e.path, { recursive: e.isDirectory, force: false });
                await (0,fs/* fsyncPath */.Hr)((0,external_node_path_.dirname)(e.path));
            }
        }
        catch (e) {
            failures.push(`${name}: ${e.message}`);
            return;
        }
        const bytes = entries.reduce((s, e) => s + e.bytes, 0);
        result.deleted.push({ name, kind, bytes });
        result.bytesFreed += bytes;
        reporter.info(`deleted ${name}`);
    };
    if (plan.directory && (plan.delete.length || plan.incomplete.some((i) => i.action === 'delete'))) {
        // In a bucket: the manifest object first, then the data object, each only if its ETag is the one judged.
        if (plan.bucket)
            store = new object_store/* ObjectStore */.LI(plan.bucket.store, plan.bucket.bucket);
        try {
            await reporter.step(`Delete in ${plan.directory}`, async () => {
                for (const b of plan.delete)
                    await remove(b.data.name, 'backup', [b.manifest, b.data]);
                for (const i of plan.incomplete)
                    if (i.action === 'delete')
                        await remove(i.name, 'incomplete', i.entries);
            });
        }
        finally {
            store?.close();
        }
    }
    if (plan.artifacts) {
        const artifacts = plan.artifacts;
        const deleted = [];
        if (artifacts.delete.length) {
            const service = pruneArtifacts(deps);
            await reporter.step(`Delete ${artifacts.delete.length} artifact(s)`, async () => {
                for (const a of artifacts.delete) {
                    try {
                        await service.delete({ artifact: a, token: artifacts.token });
                        deleted.push(a);
                        reporter.info(`deleted artifact ${a.name} (id ${a.id})`);
                    }
                    catch (e) {
                        failures.push(`artifact ${a.name} (id ${a.id}): ${e.message}`);
                    }
                }
            });
        }
        result.artifacts = { kept: artifacts.keep, deleted };
    }
    if (failures.length) {
        throw new errors/* AzaError */.TF('PRUNE_FAILED', `${failures.length} deletion(s) failed (${result.deleted.length} done):\n${failures.map((f) => `  ${f}`).join('\n')}`, 'Check the permissions of the directory and its files; a backup whose manifest went but whose data stayed is now listed as incomplete and is removed by a later run with delete-incomplete.');
    }
    return result;
}
/** Why an entry is no longer the one scanned, or undefined when it still is. */
async function firstChanged(entries) {
    for (const e of entries) {
        const s = await external_node_fs_.promises.lstat(e.path).catch(() => undefined);
        if (!s)
            return `${e.name} is gone`;
        if (s.dev !== e.dev || s.ino !== e.ino || s.isDirectory() !== e.isDirectory || s.isSymbolicLink())
            return `${e.name} was replaced`;
        // A folder is removed with its files only while it holds nothing but plain files.
        if (e.isDirectory)
            for (const child of await external_node_fs_.promises.readdir(e.path))
                if (!(await external_node_fs_.promises.lstat(`${e.path}/${child}`)).isFile())
                    return `${e.name} now holds ${child}, which is not a plain file`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/core/prune/settings.ts
/**
 * Prune settings: one option table for the action inputs and the CLI flags. The command line is a
 * dry run unless --confirm is given; the action is a dry run unless dry-run is false.
 */




const DEFAULT_ARTIFACT_PREFIX = 'backup_';
/** A day: a backup that has not finished within it was killed. */
const DEFAULT_GRACE_SECONDS = 24 * 3600;
const PRUNE_OPTIONS = [
    {
        name: 'directory',
        description: 'Directory holding the backups, or a prefix in a bucket (`s3://bucket/prefix/`). Only its own entries are looked at (never subfolders, never through symbolic links), and only names aza-pg backup gives. In a bucket, open multipart uploads (killed streaming backups) are incomplete entries too',
        positional: 0,
        defaultText: 'no directory; the action prunes artifacts only (needs github-token)',
    },
    {
        name: 'keep-daily',
        description: 'Keep the newest complete backup of each of the last N UTC days that have one, by the start time in its manifest (off: rule off; 0 is refused)',
        default: 7,
    },
    { name: 'keep-weekly', description: 'Keep the newest backup of each of the last N ISO weeks that have one (off: rule off)', default: 4 },
    { name: 'keep-monthly', description: 'Keep the newest backup of each of the last N months that have one (off: rule off)', default: 12 },
    { name: 'keep-last', description: 'Also keep the newest N backups whatever their date', defaultText: 'off' },
    {
        name: 'min-keep',
        description: 'Floor: never fewer than N complete backups per database; fewer existing is an error',
        defaultText: 'off',
    },
    {
        name: 'deep',
        description: 'Check each backup against the sha256 in its manifest (reads every byte), not only its size',
        default: false,
        flag: true,
    },
    {
        name: 'delete-incomplete',
        description: 'Also delete incomplete backups (no manifest, or one that does not match) and leftovers of killed runs (.<name>.partial-*) older than incomplete-grace; without it they are listed and left in place',
        default: false,
        flag: true,
    },
    {
        name: 'incomplete-grace',
        description: 'Age (by modification time) before an incomplete backup or leftover may be deleted: 90s, 30m, 24h',
        default: `${DEFAULT_GRACE_SECONDS / 3600}h`,
    },
    { name: 'confirm', description: 'Delete; without it the command only lists what it would do', default: false, flag: true, only: 'cli' },
    {
        name: 'dry-run',
        description: 'List what would be kept and deleted; delete nothing. Set to false to delete',
        default: true,
        only: 'action',
    },
    {
        name: 'github-token',
        description: "Token allowed to list and delete the repository's artifacts (permissions: actions: write; secrets.GITHUB_TOKEN); with it, the backup artifacts of every run are pruned by the same policy, by their creation time",
        secret: true,
        only: 'action',
    },
    {
        name: 'artifact-prefix',
        description: 'Only artifacts whose name starts with this are backups under the policy',
        default: DEFAULT_ARTIFACT_PREFIX,
        only: 'action',
    },
    ...object_store/* OBJECT_STORE_OPTIONS */.Pj,
];
function pruneSettings(inputs, env, cwd) {
    const policy = {};
    const set = (key, name) => {
        const n = keepCount(inputs, name);
        if (n !== undefined)
            policy[key] = n;
    };
    set('daily', 'keep-daily');
    set('weekly', 'keep-weekly');
    set('monthly', 'keep-monthly');
    set('last', 'keep-last');
    set('minKeep', 'min-keep');
    if (!policy.daily && !policy.weekly && !policy.monthly && !policy.last) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', 'Every keep rule is off: the policy would delete every backup', `Switch on at least one of ${['keep-daily', 'keep-weekly', 'keep-monthly', 'keep-last'].map((n) => inputs.label(n)).join(', ')}.`);
    }
    const dir = inputs.string('directory');
    const token = inputs.string('github-token');
    const prefix = inputs.stringOrDefault('artifact-prefix') ?? DEFAULT_ARTIFACT_PREFIX;
    if (dir === undefined && token === undefined) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `Missing ${inputs.label('directory')}: the directory whose backups to prune`, inputs.source === 'cli' ? 'Usage: aza-pg prune <directory> [options]' : 'Set directory (or github-token to prune backup artifacts).');
    }
    const grace = inputs.durationSeconds('incomplete-grace', DEFAULT_GRACE_SECONDS);
    const dryRun = inputs.source === 'cli' ? !inputs.boolean('confirm') : inputs.boolean('dry-run');
    const url = (0,object_store/* isObjectUrl */.rS)(dir) ? (0,object_store/* parseObjectUrl */.Ky)(dir, inputs.label('directory')) : undefined;
    if (url && inputs.boolean('deep')) {
        throw new errors/* AzaError */.TF('INVALID_INPUT', `${inputs.label('deep')} reads every byte of every backup: not offered for a bucket`, `Drop ${inputs.label('deep')}; in a bucket each object's size is checked against its manifest (restore and verify check the sha256).`);
    }
    const bucket = url ? { bucket: url.bucket, prefix: (0,bucket_catalog/* asPrefix */.V2)(url.key), store: (0,object_store/* objectStoreSettings */.qR)(inputs, env) } : undefined;
    return {
        ...(dir !== undefined ? { directory: bucket ? `s3://${bucket.bucket}/${bucket.prefix}` : (0,external_node_path_.resolve)(cwd, dir) } : {}),
        ...(bucket ? { bucket } : {}),
        policy,
        deep: inputs.boolean('deep'),
        deleteIncomplete: inputs.boolean('delete-incomplete'),
        incompleteGraceSeconds: grace,
        dryRun,
        ...(token !== undefined ? { artifacts: { prefix, token } } : {}),
    };
}
/** A keep count: a whole number of at least 1, or "off". Zero is refused: it reads as "keep none". */
function keepCount(inputs, name) {
    if (inputs.string(name)?.toLowerCase() === 'off')
        return undefined;
    return inputs.integer(name, {
        min: 1,
        hint: `A keep count is 1 or more; 0 would keep nothing. To switch the rule off, give off${name === 'min-keep' ? ' (or leave it empty)' : ''}.`,
    });
}

;// CONCATENATED MODULE: ./src/core/prune/index.ts






const prune = {
    name: 'prune',
    description: 'Delete old backups by a retention policy (7 daily, 4 weekly, 12 monthly) in a directory and among the backup artifacts; incomplete ones never count.',
    branding: { icon: 'scissors', color: 'blue' },
    options: PRUNE_OPTIONS,
    outputSpecs: [
        { name: 'dry-run', description: 'true when nothing was deleted and the lists say what a run would do' },
        { name: 'kept', description: 'JSON list of the kept backups: name, database, startedAt, rules (daily, weekly, monthly, last, floor)' },
        { name: 'deleted', description: 'JSON list of the names deleted (dry run: that would be deleted)' },
        { name: 'incomplete', description: 'JSON list of incomplete backups and leftovers: name, kind, reason, deleted' },
        { name: 'bytes-freed', description: 'Bytes freed in the directory (dry run: that would be freed)' },
        { name: 'artifacts-kept', description: 'JSON list of the kept backup artifacts: id, name, createdAt, rules' },
        { name: 'artifacts-deleted', description: 'JSON list of the deleted backup artifacts (dry run: that would be deleted): id, name' },
    ],
    cli: {
        usage: 'aza-pg prune <directory> [options]',
        examples: [
            'aza-pg prune /var/backups/pg                      # lists what the policy keeps and would delete',
            'aza-pg prune /var/backups/pg --confirm            # deletes',
            'aza-pg prune /var/backups/pg --keep-daily 14 --keep-monthly off --min-keep 3 --confirm',
            'aza-pg prune /var/backups/pg --deep --delete-incomplete --incomplete-grace 48h --confirm',
            'AWS_ENDPOINT_URL=https://minio.example.com aza-pg prune s3://backups/postgresql/ --delete-incomplete --confirm',
        ],
        done: (r) => `✓ Pruned: ${r.kept.length} kept, ${r.deleted.length} deleted`,
    },
    settings: pruneSettings,
    secrets: (s) => [s.artifacts?.token, ...(0,object_store/* objectStoreSecrets */.au)(s.bucket?.store)],
    gather: gatherPruneFacts,
    plan: planPrune,
    describe: describePrune,
    run: runPrune,
    outputs: pruneOutputs,
    plannedOutputs: plannedPruneOutputs,
    summary: pruneSummary,
    plannedSummary: plannedPruneSummary,
};




/***/ })

};
