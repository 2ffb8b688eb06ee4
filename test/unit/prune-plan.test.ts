/**
 * The retention plan, pure: hand-checked calendars, and a two-year simulation of daily backups with
 * gaps, failed days and a partial file, pruned every day, against an independently written oracle.
 */
import { describe, expect, test } from '@jest/globals';
import { backupFileName } from '../../src/core/fs.js';
import { Inputs } from '../../src/core/inputs.js';
import { isoWeekKey } from '../../src/core/prune/policy.js';
import { planPrune, type PruneFacts } from '../../src/core/prune/plan.js';
import type { CompleteBackup, DirectoryScan, Entry, IncompleteEntry } from '../../src/core/prune/scan.js';
import { PRUNE_OPTIONS, pruneSettings, type PruneSettings } from '../../src/core/prune/settings.js';
import { azaErrorOf } from '../harness/expect-errors.js';
import { generator } from '../harness/faults.js';

const DIR = '/srv/backups';
const DAY = 86400000;
let ino = 1;

function entry(name: string, mtime: Date, bytes = 1000): Entry {
  return { name, path: `${DIR}/${name}`, isDirectory: false, bytes, mtimeMs: mtime.getTime(), dev: 1, ino: ino++ };
}

function good(at: Date, db = 'app'): CompleteBackup {
  const name = backupFileName(db, at, '.sql.gz');
  return { data: entry(name, at), manifest: entry(`${name}.manifest.json`, at, 500), database: db, startedAt: at, format: 'plain' };
}

/** What a failed run leaves: data without a manifest (killed after publishing) or a partial file. */
function failed(at: Date, kind: 'no-manifest' | 'partial', db = 'app'): IncompleteEntry {
  const name = backupFileName(db, at, '.sql.gz');
  return kind === 'partial'
    ? { name: `.${name}.partial-0badc0de`, kind, reason: 'partial file', entries: [entry(`.${name}.partial-0badc0de`, at)] }
    : { name, kind, reason: 'no manifest', entries: [entry(name, at)] };
}

function settings(raw: Record<string, string> = {}): PruneSettings {
  return pruneSettings(new Inputs({ directory: DIR, ...raw }, 'cli', PRUNE_OPTIONS), {}, '/');
}

function facts(now: Date, backups: CompleteBackup[], incomplete: IncompleteEntry[] = []): PruneFacts {
  const scan: DirectoryScan = { directory: DIR, backups, incomplete, foreign: [] };
  return { now, scan };
}

const utc = (s: string): Date => new Date(`${s}Z`);
const names = (bs: CompleteBackup[]): string[] => bs.map((b) => b.data.name).sort();

describe('ISO weeks', () => {
  test.each([
    ['2020-12-31T12:00:00', '2020-W53'],
    ['2021-01-03T23:59:59', '2020-W53'],
    ['2021-01-04T00:00:00', '2021-W01'],
    ['2024-12-30T00:00:00', '2025-W01'],
    ['2026-11-30T06:00:00', '2026-W49'],
  ])('%s is in %s (UTC)', (at, week) => expect(isoWeekKey(utc(at))).toBe(week));
});

describe('hand-checked calendars', () => {
  test('40 days of one backup a day at 02:00: 7 days, then the newest of 4 weeks and of 12 months', () => {
    const all = Array.from({ length: 40 }, (_, i) => good(new Date(utc('2026-01-01T02:00:00').getTime() + i * DAY)));
    // Last backup 2026-02-09 (a Monday). Daily: 02-03 … 02-09. Weekly (ISO): W07 02-09, W06 02-08, W05 02-01, W04 01-25.
    // Monthly: 2026-02 -> 02-09, 2026-01 -> 01-31.
    const plan = planPrune(settings(), facts(utc('2026-02-09T12:00:00'), all));
    const kept = Object.fromEntries(plan.keep.map((k) => [k.backup.startedAt.toISOString().slice(0, 10), k.rules.join(',')]));
    expect(kept).toEqual({
      '2026-02-09': 'daily,weekly,monthly',
      '2026-02-08': 'daily,weekly',
      '2026-02-07': 'daily',
      '2026-02-06': 'daily',
      '2026-02-05': 'daily',
      '2026-02-04': 'daily',
      '2026-02-03': 'daily',
      '2026-02-01': 'weekly',
      '2026-01-31': 'monthly',
      '2026-01-25': 'weekly',
    });
    expect(plan.delete).toHaveLength(30);
  });

  test('two backups on one day: the later one represents the day; keep-last counts both', () => {
    const a = good(utc('2026-03-01T02:00:00'));
    const b = good(utc('2026-03-01T14:00:00'));
    const c = good(utc('2026-02-28T02:00:00'));
    const plan = planPrune(
      settings({ 'keep-daily': '1', 'keep-weekly': 'off', 'keep-monthly': 'off' }),
      facts(utc('2026-03-02T00:00:00'), [a, b, c]),
    );
    expect(plan.keep.map((k) => [k.backup.data.name, k.rules])).toEqual([[b.data.name, ['daily']]]);
    const last = planPrune(
      settings({ 'keep-daily': 'off', 'keep-weekly': 'off', 'keep-monthly': 'off', 'keep-last': '2' }),
      facts(utc('2026-03-02T00:00:00'), [a, b, c]),
    );
    expect(names(last.keep.map((k) => k.backup))).toEqual(names([a, b]));
  });

  test('the period is the UTC start time: 23:30 at UTC-2 belongs to the next UTC day', () => {
    const late = good(utc('2026-03-02T01:30:00')); // 2026-03-01 23:30 at UTC-2
    const early = good(utc('2026-03-02T00:10:00'));
    const plan = planPrune(
      settings({ 'keep-daily': '1', 'keep-weekly': 'off', 'keep-monthly': 'off' }),
      facts(utc('2026-03-03T00:00:00'), [late, early]),
    );
    expect(plan.keep.map((k) => k.backup.data.name)).toEqual([late.data.name]);
  });

  test('the floor keeps the newest ones the rules let go, marked floor', () => {
    const all = Array.from({ length: 5 }, (_, i) => good(new Date(utc('2026-05-01T02:00:00').getTime() + i * DAY)));
    const plan = planPrune(
      settings({ 'keep-daily': '1', 'keep-weekly': 'off', 'keep-monthly': 'off', 'min-keep': '3' }),
      facts(utc('2026-05-06T00:00:00'), all),
    );
    expect(plan.keep.map((k) => [k.backup.startedAt.toISOString().slice(0, 10), k.rules])).toEqual([
      ['2026-05-05', ['daily']],
      ['2026-05-04', ['floor']],
      ['2026-05-03', ['floor']],
    ]);
  });

  test('each database has its own calendar', () => {
    const a = [good(utc('2026-05-01T02:00:00'), 'a'), good(utc('2026-05-02T02:00:00'), 'a')];
    const b = [good(utc('2026-05-01T03:00:00'), 'b')];
    const plan = planPrune(
      settings({ 'keep-daily': '1', 'keep-weekly': 'off', 'keep-monthly': 'off' }),
      facts(utc('2026-05-03T00:00:00'), [...a, ...b]),
    );
    expect(names(plan.keep.map((k) => k.backup))).toEqual(names([a[1]!, b[0]!]));
    expect(names(plan.delete)).toEqual(names([a[0]!]));
  });

  test('incomplete ones are only deleted with delete-incomplete, and only past the grace period', () => {
    const now = utc('2026-05-03T00:00:00');
    const old = failed(utc('2026-05-01T02:00:00'), 'partial');
    const young = failed(utc('2026-05-02T23:00:00'), 'no-manifest');
    const keepAll = planPrune(settings(), facts(now, [good(utc('2026-05-02T02:00:00'))], [old, young]));
    expect(keepAll.incomplete.map((i) => i.action)).toEqual(['keep', 'keep']);
    const cleanup = planPrune(settings({ 'delete-incomplete': 'true' }), facts(now, [good(utc('2026-05-02T02:00:00'))], [old, young]));
    expect(cleanup.incomplete.map((i) => [i.name, i.action])).toEqual([
      [old.name, 'delete'],
      [young.name, 'keep'],
    ]);
    const shortGrace = planPrune(settings({ 'delete-incomplete': 'true', 'incomplete-grace': '30m' }), facts(now, [], [old, young]));
    expect(shortGrace.incomplete.map((i) => i.action)).toEqual(['delete', 'delete']);
  });
});

/** Deterministic PRNG (mulberry32), so the simulated calendar is the same every run. */
const rng = generator;

/**
 * The oracle, written from the definition and not from the code: for each rule, group every complete
 * backup made so far by its period, take the newest `count` periods and the newest backup of each.
 * Pruning every day must leave exactly this set (a kept backup never stops being kept while newer
 * periods only push old ones out).
 */
function oracle(all: readonly CompleteBackup[], counts: { daily: number; weekly: number; monthly: number }): Set<string> {
  const keep = new Set<string>();
  const periodOf: Record<string, (d: Date) => string> = {
    daily: (d) => d.toISOString().slice(0, 10),
    weekly: isoWeekKey,
    monthly: (d) => d.toISOString().slice(0, 7),
  };
  for (const [rule, count] of Object.entries(counts)) {
    const newestOf = new Map<string, CompleteBackup>();
    for (const b of all) {
      const p = periodOf[rule]!(b.startedAt);
      const cur = newestOf.get(p);
      if (!cur || cur.startedAt < b.startedAt) newestOf.set(p, b);
    }
    [...newestOf.keys()]
      .sort()
      .reverse()
      .slice(0, count)
      .forEach((p) => keep.add(newestOf.get(p)!.data.name));
  }
  return keep;
}

describe('two years of daily backups, pruned every day', () => {
  const SEED = 20261130;
  const start = utc('2025-01-01T02:00:00');

  interface Day {
    at: Date;
    outcome: 'ok' | 'gap' | 'failed' | 'partial';
    extra: boolean;
  }
  const random = rng(SEED);
  const calendar: Day[] = Array.from({ length: 730 }, (_, i) => {
    const r = random();
    // A three-week outage in the second spring, besides scattered gaps and failures.
    const outage = i >= 450 && i < 471;
    const outcome = outage || r < 0.05 ? 'gap' : r < 0.1 ? 'failed' : r < 0.12 ? 'partial' : 'ok';
    return { at: new Date(start.getTime() + i * DAY + Math.floor(random() * 3600000)), outcome, extra: random() < 0.03 };
  });

  function simulate(withFailures: boolean, deleteIncomplete: boolean) {
    const s = settings(deleteIncomplete ? { 'delete-incomplete': 'true' } : {});
    let present: CompleteBackup[] = [];
    let leftovers: IncompleteEntry[] = [];
    const made: CompleteBackup[] = [];
    const survivorsByDay: string[][] = [];
    for (const day of calendar) {
      if (day.outcome === 'ok') {
        const b = good(day.at);
        present.push(b);
        made.push(b);
      } else if (withFailures && (day.outcome === 'failed' || day.outcome === 'partial')) {
        leftovers.push(failed(day.at, day.outcome === 'failed' ? 'no-manifest' : 'partial'));
      }
      if (day.extra && day.outcome === 'ok') {
        const b = good(new Date(day.at.getTime() + 6 * 3600000));
        present.push(b);
        made.push(b);
      }
      const now = new Date(day.at.getTime() + 12 * 3600000);
      const plan = planPrune(s, facts(now, present, leftovers));
      const deleted = new Set(plan.delete.map((b) => b.data.name));
      // The plan never deletes what it keeps, and keeps or deletes every complete backup.
      expect(plan.keep.length + plan.delete.length).toBe(present.length);
      for (const k of plan.keep) expect(deleted.has(k.backup.data.name)).toBe(false);
      present = present.filter((b) => !deleted.has(b.data.name));
      const gone = new Set(plan.incomplete.filter((i) => i.action === 'delete').map((i) => i.name));
      for (const i of plan.incomplete.filter((x) => x.action === 'delete'))
        expect(now.getTime() - i.entries[0]!.mtimeMs).toBeGreaterThan(24 * 3600000);
      leftovers = leftovers.filter((i) => !gone.has(i.name));
      expect(new Set(present.map((b) => b.data.name))).toEqual(oracle(made, { daily: 7, weekly: 4, monthly: 12 }));
      survivorsByDay.push(names(present));
    }
    return { survivorsByDay, leftovers, present };
  }

  test(`the survivors are exactly the oracle's set on every day (seed ${SEED})`, () => {
    expect(calendar.filter((d) => d.outcome === 'gap').length).toBeGreaterThan(40);
    expect(calendar.filter((d) => d.outcome === 'failed').length).toBeGreaterThan(20);
    expect(calendar.filter((d) => d.outcome === 'partial').length).toBeGreaterThan(5);
    const { present, leftovers } = simulate(true, false);
    // Without delete-incomplete every failed run's leftover is still there, never counted, never deleted.
    expect(leftovers).toHaveLength(calendar.filter((d) => d.outcome === 'failed' || d.outcome === 'partial').length);
    // The end state is at most 7 + 4 + 12 and covers 12 months.
    expect(present.length).toBeLessThanOrEqual(23);
    expect(new Set(present.map((b) => b.startedAt.toISOString().slice(0, 7))).size).toBe(12);
  });

  test('failed and partial backups never push a good one out: the same survivors as a calendar without them', () => {
    const withFailures = simulate(true, false).survivorsByDay;
    const cleaned = simulate(true, true);
    const withoutFailures = simulate(false, false).survivorsByDay;
    expect(withFailures).toEqual(withoutFailures);
    expect(cleaned.survivorsByDay).toEqual(withoutFailures);
    // With delete-incomplete, only the last day's leftover (inside the 24 h grace) can remain.
    expect(cleaned.leftovers.length).toBeLessThanOrEqual(1);
  });
});

describe('bad input gets a clear error, before anything is deleted', () => {
  test.each(['0', '-1'])('keep-daily %s', (v) => {
    const e = azaErrorOf(() => settings({ 'keep-daily': v }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain(`--keep-daily "${v}"`);
    expect(e.hint).toMatch(/off/);
  });

  test.each(['keep-weekly', 'keep-monthly', 'keep-last', 'min-keep'])('%s 0', (name) => {
    const e = azaErrorOf(() => settings({ [name]: '0' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain(`--${name} "0": expected a whole number of at least 1`);
  });

  test('every rule off', () => {
    const e = azaErrorOf(() => settings({ 'keep-daily': 'off', 'keep-weekly': 'off', 'keep-monthly': 'off' }));
    expect(e.message).toMatch(/every backup/);
  });

  test('no directory', () => {
    const e = azaErrorOf(() => pruneSettings(new Inputs({}, 'cli', PRUNE_OPTIONS), {}, '/'));
    expect(e.message).toContain('Missing --directory');
  });

  test('min-keep larger than the complete backups there are (incomplete ones do not count)', () => {
    const now = utc('2026-05-03T00:00:00');
    const two = [good(utc('2026-05-01T02:00:00')), good(utc('2026-05-02T02:00:00'))];
    const e = azaErrorOf(() =>
      planPrune(settings({ 'min-keep': '3' }), facts(now, two, [failed(utc('2026-05-02T12:00:00'), 'no-manifest')])),
    );
    expect(e.code).toBe('MIN_KEEP_UNMET');
    expect(e.message).toContain('min-keep is 3, but there are only 2 of app complete backup(s)');
    expect(e.hint).toMatch(/lower min-keep to at most 2/);
    expect(azaErrorOf(() => planPrune(settings({ 'min-keep': '1' }), facts(now, []))).code).toBe('MIN_KEEP_UNMET');
    expect(planPrune(settings({ 'min-keep': '2' }), facts(now, two)).keep).toHaveLength(2);
  });

  test('a damaged backup stops the plan unless delete-incomplete says what to do with it', () => {
    const now = utc('2026-05-03T00:00:00');
    const b = good(utc('2026-05-01T02:00:00'));
    const damaged: IncompleteEntry = {
      name: b.data.name,
      kind: 'damaged',
      reason: 'does not match its manifest: 5 bytes',
      unreadable: false,
      entries: [b.manifest, b.data],
    };
    const e = azaErrorOf(() => planPrune(settings(), facts(now, [], [damaged])));
    expect(e.code).toBe('MANIFEST_MISMATCH');
    expect(e.message).toContain(`${b.data.name}: does not match its manifest`);
    expect(azaErrorOf(() => planPrune(settings(), facts(now, [], [{ ...damaged, unreadable: true }]))).code).toBe('MANIFEST_INVALID');
    const plan = planPrune(settings({ 'delete-incomplete': 'true' }), facts(now, [], [damaged]));
    expect(plan.incomplete.map((i) => [i.name, i.action])).toEqual([[b.data.name, 'delete']]);
  });
});
