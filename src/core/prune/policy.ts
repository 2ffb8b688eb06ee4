/**
 * The retention policy, restic-like: each rule walks the complete backups from newest to oldest and
 * keeps the newest one of each period (UTC day, ISO week, month) until it has kept its count of
 * periods; periods without a backup do not use up a count. `last` keeps the newest N whatever their
 * period; the floor (min-keep) then tops the kept set up with the newest remaining ones. Pure: the
 * calendar simulation test drives it day by day.
 */

export const KEEP_RULES = ['last', 'daily', 'weekly', 'monthly', 'floor'] as const;
export type KeepRule = (typeof KEEP_RULES)[number];

export interface RetentionPolicy {
  /** Undefined: the rule is off. */
  last?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  /** Never keep fewer than this many complete backups (per database). */
  minKeep?: number;
}

/** Something with a time: a backup by its manifest's startedAt, an artifact by its creation. */
export interface Dated {
  /** Unique within one call; also the tie-breaker between equal times (larger sorts newer). */
  key: string;
  at: Date;
}

export interface Retention<T extends Dated> {
  /** Newest first, each with every rule that kept it. */
  kept: Array<{ item: T; rules: KeepRule[] }>;
  /** Newest first. */
  dropped: T[];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function dayKey(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function monthKey(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday), e.g. "2026-W01". */
export function isoWeekKey(d: Date): string {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day + (3 - weekday) * 86400000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86400000));
  return `${year}-W${pad(week)}`;
}

export function newestFirst<T extends Dated>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}

/** Applies the policy to one group (one database's complete backups). */
export function applyRetention<T extends Dated>(items: readonly T[], policy: RetentionPolicy): Retention<T> {
  const sorted = newestFirst(items);
  const rules = new Map<string, KeepRule[]>();
  const keep = (item: T, rule: KeepRule): void => {
    const list = rules.get(item.key) ?? [];
    list.push(rule);
    rules.set(item.key, list);
  };
  if (policy.last) sorted.slice(0, policy.last).forEach((i) => keep(i, 'last'));
  const periodic: Array<[KeepRule, number | undefined, (d: Date) => string]> = [
    ['daily', policy.daily, dayKey],
    ['weekly', policy.weekly, isoWeekKey],
    ['monthly', policy.monthly, monthKey],
  ];
  for (const [rule, count, period] of periodic) {
    if (!count) continue;
    let last: string | undefined;
    let periods = 0;
    for (const item of sorted) {
      if (periods >= count) break;
      const p = period(item.at);
      if (p === last) continue;
      last = p;
      periods++;
      keep(item, rule);
    }
  }
  if (policy.minKeep) {
    let missing = policy.minKeep - rules.size;
    for (const item of sorted) {
      if (missing <= 0) break;
      if (rules.has(item.key)) continue;
      keep(item, 'floor');
      missing--;
    }
  }
  return {
    kept: sorted.filter((i) => rules.has(i.key)).map((item) => ({ item, rules: rules.get(item.key)! })),
    dropped: sorted.filter((i) => !rules.has(i.key)),
  };
}
