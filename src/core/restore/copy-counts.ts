/**
 * Row counts from the COPY data psql loads: the guard reads every line psql reads, so counting the
 * data lines of each `COPY schema.table … FROM stdin` costs nothing, where a count(*) of every table
 * afterwards reads the whole database again. A COPY in text format loads one row per data line or
 * fails the load (ON_ERROR_STOP), so into a new database the counts are the tables' rows, as long
 * as nothing else in the script adds or removes rows. The counter says when it cannot vouch for
 * that (an INSERT, a trigger or rule created before data, a COPY it cannot read, ...); the restore
 * then counts with count(*) as before.
 */
import type { TableRowCount } from '../manifest.js';

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
/** pg_dump's data statement: `COPY schema.table (col, …) FROM stdin;` on one line, text format. */
export const COPY_LINE = new RegExp(
  String.raw`^COPY\s+(${IDENT})\.(${IDENT})\s*(?:\((?:[^()"]|"(?:[^"]|"")*")*\))?\s*FROM\s+stdin;\s*$`,
  'i',
);

/** Functions pg_dump calls with SELECT (settings, sequences, large objects): none adds rows. */
const DUMP_SELECTS = new Set(['set_config', 'setval', 'lo_create', 'lo_open', 'lowrite', 'lo_close', 'lo_truncate']);

/** Statements that change no table's rows (their first word). */
const ROWLESS = new Set([
  'set',
  'reset',
  'create',
  'alter',
  'comment',
  'copy',
  'grant',
  'revoke',
  'security',
  'drop',
  'begin',
  'commit',
  'start',
  'end',
  'refresh',
]);

/** An identifier as the server reads it (lines are latin1 text of UTF-8 bytes). */
function identifier(raw: string): string {
  const name = raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase();
  return Buffer.from(name, 'latin1').toString('utf8');
}

export class CopyRowCounter {
  private readonly counts = new Map<string, TableRowCount>();
  private current: TableRowCount | undefined;
  private triggerOrRule = false;
  /** Set by the guard that reads what psql reads: without one (pg_restore, --trust-backup), nothing was counted. */
  private watched = false;
  /** Why the counts cannot stand for the tables' rows; unset while they can. */
  unusable: string | undefined;

  /** The guard in front of psql reads every line through this counter. */
  watch(): void {
    this.watched = true;
  }

  /** A statement ended; `words` are its first words (lower case, quoted ones start with `"`). */
  statement(words: readonly string[], createAs: boolean): void {
    if (this.unusable) return;
    const [first, second, third] = words;
    if (first === undefined) return;
    if (first === 'select') {
      if (second !== 'pg_catalog' || !DUMP_SELECTS.has(third ?? '')) this.unusable = 'a SELECT of a function pg_dump does not call';
      return;
    }
    if (!ROWLESS.has(first)) {
      this.unusable = `a ${first.toUpperCase()} statement`;
      return;
    }
    if (first === 'create' && createAs) this.unusable = 'a CREATE TABLE … AS';
    else if (first === 'create' && words.some((w) => w === 'trigger' || w === 'rule')) this.triggerOrRule = true;
  }

  /** The line that ended a COPY … FROM stdin statement: its data follows. */
  copyStart(line: string): void {
    const m = COPY_LINE.exec(line);
    if (!m) this.unusable ??= 'a COPY statement other than pg_dump’s one-line text-format form';
    // A trigger or rule made before the data may add rows the data lines do not show.
    else if (this.triggerOrRule) this.unusable ??= 'a trigger or rule created before the data';
    this.current = m ? { schema: identifier(m[1]!), table: identifier(m[2]!), rows: 0 } : undefined;
  }

  /** The COPY's data ended after `rows` lines. */
  copyEnd(rows: number): void {
    const t = this.current;
    this.current = undefined;
    if (!t) return;
    const key = `${t.schema}\u0000${t.table}`;
    const seen = this.counts.get(key);
    if (seen) seen.rows = (seen.rows ?? 0) + rows;
    else this.counts.set(key, { ...t, rows });
  }

  /** Per-table rows the COPY data loaded, or undefined when they cannot stand for the tables' rows. */
  result(): TableRowCount[] | undefined {
    if (!this.watched || this.unusable || this.current) return undefined;
    return [...this.counts.values()];
  }
}
