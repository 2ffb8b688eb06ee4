/**
 * Parallel COPY for a plain SQL script: the data of each `COPY schema.table … FROM stdin` that the
 * guard passes is shared out over sessions of its own ("lanes", a psql each), in runs of whole
 * lines, while psql's own session runs everything else in the script's order. pg_restore --jobs
 * does the same per table for archives; a plain dump's data is mostly one or two large tables, so
 * here one table's lines are shared too. One COPY in one session keeps one core of the server busy
 * and leaves the rest idle: pgbench's 5 million rows load in 2.9 s over two sessions, 4.2 s in one.
 *
 * What keeps it the same script:
 * - before a COPY goes to the lanes, psql's session has run everything before it (a query whose
 *   answer comes back through psql's output); lanes never see an uncommitted table;
 * - after it, nothing else runs, in psql's session or in the lanes, until every lane has finished
 *   its part;
 * - a lane takes over psql's session settings (client_encoding, search_path, row_security, the
 *   timeouts, the role: whatever the script SET) as they are at that moment;
 * - only outside a transaction block (lanes cannot share one) and only a one-line COPY of a
 *   schema-qualified table; anything else stays in psql's session;
 * - only in pg_dump's scripts (planRestore): pg_dump makes foreign keys and triggers after the
 *   data, so no row is checked against a row another lane has not written yet.
 * The rows of a table land in the order the lanes write them, not the dump's: `--jobs 1` keeps the
 * order. A lane that cannot connect is left out; a lane's error fails the load like psql's would.
 */
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { PsqlSession, quoteIdent, quoteLiteral } from '../pg.js';
import type { Piece, PieceRouter } from './sql-guard.js';
import { COPY_LINE } from './copy-counts.js';

/** psql's output, watched for the answers to our own queries among what the script prints. */
export class ScriptOutput extends Writable {
  private text = '';
  private waiting: { tag: string; resolve: (s: string) => void } | undefined;
  private ended = false;

  /**
   * Resolves with what psql prints between two `tag`s. When psql's output ends first, psql has
   * failed (only an error or the end of its input ends it): its exit status fails the load, and
   * this wait goes with the pipeline, unanswered (an error of ours would hide psql's).
   */
  between(tag: string): Promise<string> {
    return new Promise((resolve) => {
      if (this.ended) return;
      this.waiting = { tag, resolve };
      this.look();
    });
  }

  private look(): void {
    const w = this.waiting;
    if (!w) {
      // Nothing asked: only a tail is kept (a tag may be cut between two chunks only once asked).
      if (this.text.length > 4096) this.text = this.text.slice(-4096);
      return;
    }
    const a = this.text.indexOf(w.tag);
    const b = a < 0 ? -1 : this.text.indexOf(w.tag, a + w.tag.length);
    if (b < 0) return;
    this.waiting = undefined;
    const answer = this.text.slice(a + w.tag.length, b);
    this.text = this.text.slice(b + w.tag.length);
    w.resolve(answer);
  }

  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString('latin1');
    this.look();
    cb();
  }

  override _final(cb: () => void): void {
    this.ended = true;
    this.waiting = undefined;
    cb();
  }
}

/**
 * The session settings psql's session has at this point, hex of UTF-8 JSON (whatever the script's
 * client_encoding, the answer is ASCII).
 */
const SESSION_STATE_SQL = `encode(convert_to(json_build_object(
  'sessionUser', session_user, 'currentUser', current_user,
  'settings', (SELECT coalesce(json_agg(json_build_array(name, setting) ORDER BY name = 'client_encoding', name), '[]') FROM pg_catalog.pg_settings WHERE source = 'session')
)::text, 'UTF8'), 'hex')`;

interface SessionState {
  sessionUser: string;
  currentUser: string;
  settings: Array<[string, string]>;
}

interface Lane {
  session: PsqlSession;
  /** The session_user it logged in as. */
  login: string;
  /** The settings it has (the number of the sync whose settings it took; 0: none yet). */
  synced: number;
  /** In the current COPY: its COPY line is written. */
  open: boolean;
}

export interface CopyLanesOptions {
  /** How many lanes to open (at least 2, or this is not worth it). */
  count: number;
  /** A session on the load database, failing with the load's own error. */
  open(): PsqlSession;
  /** Told why the load runs with fewer lanes than asked. */
  note(text: string): void;
}

export class CopyLanes implements PieceRouter {
  /** Where psql's output goes: the answers to the syncs are read there. */
  readonly output = new ScriptOutput();
  private lanes: Lane[] = [];
  /** The lanes' connections, made from the start (they overlap the load's first bytes). */
  private readonly ready: Promise<void>;
  private readonly tag = randomBytes(12).toString('hex');
  private syncs = 0;
  /** psql's session has run everything sent to it (as of the last sync). */
  private mainSynced = false;
  private laneScript = '';
  /** The COPY being shared out, or none (its data goes to psql's session). */
  private copy: Buffer | undefined;
  private next = 0;
  /** Lanes finishing their part of a COPY; nothing runs in psql's session before they are done. */
  private finishing: Promise<void>[] = [];
  /** How many COPY statements ran on lanes, and on how many (for the report). */
  copies = 0;
  sessions = 0;

  constructor(private readonly opts: CopyLanesOptions) {
    this.ready = this.connect();
  }

  private async connect(): Promise<void> {
    const sessions = Array.from({ length: this.opts.count }, () => this.opts.open());
    const logins = await Promise.allSettled(sessions.map((s) => s.query('SELECT session_user')));
    const failed = logins.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    logins.forEach((r, i) => {
      if (r.status === 'fulfilled') this.lanes.push({ session: sessions[i]!, login: r.value[0]?.[0] ?? '', synced: 0, open: false });
      else sessions[i]!.kill();
    });
    if (failed) {
      this.opts.note(
        `COPY data loads in ${this.lanes.length >= 2 ? `${this.lanes.length} sessions` : "psql's session only"}: ${this.opts.count - this.lanes.length} of ${this.opts.count} sessions could not connect (${(failed.reason as Error).message}).`,
      );
    }
    if (this.lanes.length < 2) {
      for (const l of this.lanes) l.session.kill();
      this.lanes = [];
    }
    this.sessions = this.lanes.length;
  }

  /** Sends pieces of the guarded script on, `toScript` being psql's session. */
  async route(pieces: readonly Piece[], toScript: (b: Buffer) => void): Promise<void> {
    for (const [piece, kind, inBlock] of pieces) {
      if (kind === 'noop') {
        toScript(piece);
      } else if (kind === 'copy-head') {
        if (await this.canShare(piece, inBlock)) {
          // One COPY at a time, as psql runs them: a table's rows may be checked against the one
          // before it (a foreign key or trigger a script makes before its data).
          await this.settle();
          if (!this.mainSynced) await this.sync(toScript);
          this.copy = piece;
        } else {
          await this.settle();
          toScript(piece);
          this.mainSynced = false;
        }
      } else if (kind === 'copy-data' && this.copy) {
        await this.share(piece);
      } else if (kind === 'copy-end' && this.copy) {
        this.endCopy();
      } else {
        // A statement, or the data of a COPY psql's session runs itself.
        if (kind === 'sql') await this.settle();
        toScript(piece);
        this.mainSynced = false;
      }
    }
  }

  /** The end of the script: every lane's part done (a COPY cut short ends there, as psql ends it at EOF). */
  async finish(): Promise<void> {
    if (this.copy) this.endCopy();
    await this.settle();
  }

  /** Ends the lanes' psql (after finish()) or, after a failure, kills them. */
  async close(failed: boolean): Promise<void> {
    await this.ready;
    const lanes = this.lanes;
    this.lanes = [];
    if (failed) for (const l of lanes) l.session.kill();
    else await Promise.all(lanes.map((l) => l.session.close()));
  }

  private async canShare(head: Buffer, inBlock: boolean): Promise<boolean> {
    if (inBlock) return false;
    const m = COPY_LINE.exec(head.toString('latin1').replace(/\r?\n$/, ''));
    // A temporary table is psql's session's own.
    if (!m || /^"?pg_temp/i.test(m[1]!)) return false;
    await this.ready;
    return this.lanes.length >= 2;
  }

  /** Asks psql's session for its settings once it has run everything before; lanes take them. */
  private async sync(toScript: (b: Buffer) => void): Promise<void> {
    const n = ++this.syncs;
    const tag = `__aza_pg_sync_${this.tag}_${n}__`;
    const answer = this.output.between(tag);
    toScript(Buffer.from(`SELECT '${tag}' || ${SESSION_STATE_SQL} || '${tag}';\n`));
    const hex = (await answer).trim();
    const state = JSON.parse(Buffer.from(hex, 'hex').toString('utf8')) as SessionState;
    this.mainSynced = true;
    // Every lane logged in as psql's session did (the same connection settings).
    this.laneScript = laneSettings(state, this.lanes[0]!.login);
  }

  /** A run of data lines to the next lane that takes it without waiting. */
  private async share(piece: Buffer): Promise<void> {
    for (;;) {
      for (let k = 0; k < this.lanes.length; k++) {
        const i = (this.next + k) % this.lanes.length;
        const lane = this.lanes[i]!;
        if (!lane.session.writable) continue;
        this.next = i + 1;
        this.openCopy(lane);
        lane.session.writeScript(piece);
        return;
      }
      // A lane that fails meanwhile fails the next write to it, or this wait.
      await Promise.race(this.lanes.map((l) => l.session.drained()));
    }
  }

  private openCopy(lane: Lane): void {
    if (lane.open) return;
    if (lane.synced !== this.syncs) {
      lane.session.writeScript(this.laneScript);
      lane.synced = this.syncs;
    }
    lane.session.writeScript(this.copy!);
    lane.open = true;
  }

  private endCopy(): void {
    // A COPY without data runs too (on one lane): its errors (no such table, no privilege) stay.
    if (!this.lanes.some((l) => l.open)) this.openCopy(this.lanes[0]!);
    for (const lane of this.lanes) {
      if (!lane.open) continue;
      lane.open = false;
      const done = lane.session.finishScript('\\.\n');
      done.catch(() => {}); // awaited by settle()
      this.finishing.push(done);
    }
    this.copy = undefined;
    this.copies++;
  }

  private async settle(): Promise<void> {
    const all = this.finishing;
    this.finishing = [];
    await Promise.all(all);
  }
}

/** What a lane runs to have psql's session's settings and role. */
function laneSettings(state: SessionState, login: string): string {
  const lines = ['RESET SESSION AUTHORIZATION;', 'RESET ALL;'];
  if (state.sessionUser !== login) lines.push(`SET SESSION AUTHORIZATION ${quoteIdent(state.sessionUser)};`);
  if (state.currentUser !== state.sessionUser) lines.push(`SET ROLE ${quoteIdent(state.currentUser)};`);
  // client_encoding last (the query orders it so): what follows it is read in that encoding.
  for (const [name, value] of state.settings) lines.push(`SELECT pg_catalog.set_config(${literal(name)}, ${literal(value)}, false);`);
  return `${lines.join('\n')}\n`;
}

/** A string literal read the same whatever standard_conforming_strings is. */
function literal(value: string): string {
  return value.includes('\\') ? `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : quoteLiteral(value);
}
