/**
 * A backup is data, not a program: the guard reads a plain SQL script the way psql will (the same
 * statement boundaries, quotes, dollar quotes, comments and COPY data) and refuses what pg_dump
 * never writes but a hostile script would use to run code or touch files on the runner or the
 * database host: psql meta-commands (other than the dump's own \connect and \restrict /
 * \unrestrict), COPY … PROGRAM, COPY to or from a server file, the server-file and large-object
 * file functions, file_fdw's program and filename options, C-language functions, LOAD, ALTER
 * SYSTEM, and what would make psql and this guard read the rest differently (a client-only
 * encoding, a string whose end depends on standard_conforming_strings).
 *
 * It is a filter, not a sandbox: code hidden behind dynamic SQL in a function body can still run
 * when something calls that function. The signed manifest (src/core/signing.ts) is what proves a
 * backup came from a trusted origin; the guard keeps an untrusted one from running the obvious.
 *
 * Lines are read as latin1: every character that matters to the lexer is ASCII, and a refused
 * client-only encoding is the only way a multibyte character could hide one.
 */
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { CopyRowCounter } from './copy-counts.js';
import { SqlGuard, type GuardOptions } from './sql-lexer.js';
import { BackupRefusedError, type Refusal } from './sql-rules.js';

export { SqlGuard, type GuardOptions } from './sql-lexer.js';
export { BackupRefusedError, type Refusal } from './sql-rules.js';

const NL = 0x0a;

/**
 * What a run of whole lines is to a load that runs COPY data in sessions of its own
 * (copy-lanes.ts): statements, lines that do nothing (blank, comments), a `COPY … FROM stdin`
 * line, its data lines, and the `\.` line that ends them.
 */
export type PieceKind = 'sql' | 'noop' | 'copy-head' | 'copy-data' | 'copy-end';

/** A run of whole lines of one kind, and whether psql's session is then inside BEGIN … COMMIT. */
export type Piece = readonly [bytes: Buffer, kind: PieceKind, inTransactionBlock: boolean];

/** Receives what passes the guard, in order. */
export type PieceSink = (piece: Piece) => void;

/** Takes what passes the guard instead of psql alone (copy-lanes.ts). */
export interface PieceRouter {
  /** Sends the pieces on, in order; `toScript` is psql's input. */
  route(pieces: readonly Piece[], toScript: (bytes: Buffer) => void): Promise<void>;
  /** The script's end: resolves when all that was routed has run. */
  finish(): Promise<void>;
}

const NOOP_LINE = /^\s*(--.*)?$/;
/** No run is open: the next line starts one. */
const NO_RUN = 'none';

/** Feeds a byte stream to a guard line by line; COPY data is skipped byte-wise. */
class GuardReader {
  readonly guard: SqlGuard;
  lines = 0;
  refusal: Refusal | undefined;
  /** Whether psql's session is inside BEGIN … COMMIT after the statements read so far. */
  inTransactionBlock = false;
  /** The start of an unfinished line, not yet judged nor passed on. */
  private partial: Buffer[] = [];
  /** Data lines of the COPY being read (for the counter). */
  private copyRows = 0;

  constructor(
    opts: GuardOptions,
    private readonly counter?: CopyRowCounter,
  ) {
    counter?.watch();
    this.guard = new SqlGuard({
      ...opts,
      onStatement: (words, as) => {
        counter?.statement(words, as);
        this.followTransaction(words);
      },
    });
  }

  /** psql's transaction block, as its statements open and end it (top level only: bodies are quoted). */
  private followTransaction(words: readonly string[]): void {
    const [w0, w1] = words;
    if (w0 === 'begin' || (w0 === 'start' && w1 === 'transaction')) this.inTransactionBlock = true;
    else if (
      w0 === 'commit' ||
      w0 === 'end' ||
      w0 === 'abort' ||
      (w0 === 'rollback' && w1 !== 'to') ||
      (w0 === 'prepare' && w1 === 'transaction')
    )
      this.inTransactionBlock = false;
  }

  /** One line through the guard, telling the counter where COPY data starts and ends. */
  private judge(line: Buffer): Refusal | 'own-restrict' | undefined {
    const wasCopy = this.guard.inCopyData;
    const r = this.guard.line(line.toString('latin1'), this.lines);
    if (this.counter) {
      if (wasCopy) {
        if (this.guard.inCopyData) this.copyRows++;
        else this.counter.copyEnd(this.copyRows);
      } else if (this.guard.inCopyData) {
        this.copyRows = 0;
        this.counter.copyStart(line.toString('latin1'));
      }
    }
    return r;
  }

  /**
   * Judges the lines `chunk` completes; `emit` gets what may pass on: complete, judged lines only
   * (the dump's own \restrict lines as comments), in runs of one kind. Stops at the first refusal,
   * emitting nothing of the chunk.
   */
  push(chunk: Buffer, emit?: PieceSink): Refusal | undefined {
    // psql cuts a line at a NUL byte (C strings) and reads on from the next line: the rest would be
    // read differently here. Text never holds one.
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      let line = this.lines + 1;
      for (let i = chunk.indexOf(NL); i >= 0 && i < nul; i = chunk.indexOf(NL, i + 1)) line++;
      this.refusal = { line, what: 'a NUL byte (psql would cut the line there)', text: '' };
      return this.refusal;
    }
    const out: Piece[] = [];
    let start = 0;
    let runFrom = 0;
    let run = NO_RUN as PieceKind | typeof NO_RUN;
    /** Ends the open run at `to` (its bytes pass on) and opens `next` there. */
    const cut = (to: number, next: PieceKind | typeof NO_RUN) => {
      if (run !== NO_RUN && to > runFrom) out.push([chunk.subarray(runFrom, to), run, this.inTransactionBlock]);
      runFrom = to;
      run = next;
    };
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      this.lines++;
      if (this.guard.inCopyData && this.partial.length === 0) {
        const len = nl - start;
        if (chunk[start] === 0x5c && chunk[start + 1] === 0x2e && (len === 2 || (len === 3 && chunk[start + 2] === 0x0d))) {
          this.guard.inCopyData = false;
          this.counter?.copyEnd(this.copyRows);
          cut(start, 'copy-end');
          cut(nl + 1, NO_RUN);
        } else {
          this.copyRows++;
          if (run !== 'copy-data') cut(start, 'copy-data');
        }
        start = nl + 1;
        continue;
      }
      const carried = this.partial;
      this.partial = [];
      const piece = chunk.subarray(start, nl);
      const line = carried.length ? Buffer.concat([...carried, piece]) : piece;
      const wasCopy = this.guard.inCopyData;
      const wasIdle = !wasCopy && this.guard.atStatementStart;
      const r = this.judge(line);
      if (r && r !== 'own-restrict') {
        this.refusal = r;
        return r;
      }
      let kind: PieceKind;
      if (wasCopy) kind = this.guard.inCopyData ? 'copy-data' : 'copy-end';
      else if (this.guard.inCopyData) kind = 'copy-head';
      else
        kind = r === 'own-restrict' || (wasIdle && this.guard.atStatementStart && NOOP_LINE.test(line.toString('latin1'))) ? 'noop' : 'sql';
      if (r === 'own-restrict') {
        cut(start, NO_RUN);
        out.push([
          Buffer.from(`-- [aza-pg] the dump's own ${line.toString('latin1').trim().split(/\s/)[0]} (the loader restricts psql itself)\n`),
          'noop',
          this.inTransactionBlock,
        ]);
        runFrom = nl + 1;
      } else if (carried.length) {
        // A line begun in an earlier chunk passes on whole (a piece never ends inside a line).
        cut(start, NO_RUN);
        out.push([Buffer.concat([line, Buffer.from('\n')]), kind, this.inTransactionBlock]);
        runFrom = nl + 1;
      } else {
        if (kind !== run) cut(start, kind);
        // The COPY line and the end of its data are pieces of their own.
        if (kind === 'copy-head' || kind === 'copy-end') cut(nl + 1, NO_RUN);
      }
      start = nl + 1;
    }
    cut(start, NO_RUN);
    if (start < chunk.length) this.partial.push(Buffer.from(chunk.subarray(start)));
    if (emit) for (const p of out) emit(p);
    return undefined;
  }

  /** The last line, without a newline. */
  end(emit?: PieceSink): Refusal | undefined {
    if (!this.partial.length) {
      this.guard.endOfScript();
      return undefined;
    }
    const line = Buffer.concat(this.partial);
    this.partial = [];
    this.lines++;
    const inCopy = this.guard.inCopyData;
    const r = inCopy ? undefined : this.guard.line(line.toString('latin1'), this.lines);
    this.guard.endOfScript();
    if (r === 'own-restrict') return undefined;
    if (r) {
      this.refusal = r;
      return r;
    }
    emit?.([line, inCopy ? 'copy-data' : 'sql', this.inTransactionBlock]);
    return undefined;
  }
}

/**
 * The inspection's guard: passes every byte through (the sha256 and the other scans go on), keeps
 * the first refusal for the caller to throw after the read.
 */
export class GuardCheck extends Transform {
  private readonly reader: GuardReader;
  constructor(opts: GuardOptions = { allowConnect: true }) {
    super();
    this.reader = new GuardReader(opts);
  }
  get refusal(): Refusal | undefined {
    return this.reader.refusal;
  }
  /** Judges a chunk outside a pipeline (a read of the head). */
  feed(chunk: Buffer): void {
    if (!this.reader.refusal) this.reader.push(chunk);
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.feed(chunk);
    callback(null, chunk);
  }
  override _flush(callback: TransformCallback): void {
    if (!this.reader.refusal) this.reader.end();
    callback();
  }
}

/** A sink that only guards (pg_restore's script of an archive). */
export class GuardSink extends Writable {
  private readonly reader: GuardReader;
  constructor(opts: GuardOptions = {}) {
    super();
    this.reader = new GuardReader(opts);
  }
  get refusal(): Refusal | undefined {
    return this.reader.refusal;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (e?: Error | null) => void): void {
    if (!this.reader.refusal) this.reader.push(chunk);
    callback();
  }
  override _final(callback: (e?: Error | null) => void): void {
    if (!this.reader.refusal) this.reader.end();
    callback();
  }
}

/** A key psql accepts for \restrict and no script can guess. */
export function restrictKey(): string {
  return randomBytes(32)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 40);
}

/**
 * The last stage before psql: what psql reads starts with `\restrict <random key> \\` (when
 * `restrict`; on the first line, psql's `\\` separator ends the meta-command and the script's
 * first line follows, so psql's line numbers stay the script's); the dump's own \restrict /
 * \unrestrict lines become comments (psql refuses a nested \restrict); a line is passed on only
 * when it is complete and judged (psql runs a statement left unfinished at EOF), and the first
 * refused line stops the flow before psql sees it.
 */
export class GuardedLoad extends Transform {
  private readonly reader: GuardReader;
  private started = false;

  /**
   * `counter`, when given, counts the rows of each COPY psql reads (see copy-counts.ts); `lanes`,
   * when given, take the COPY data (see copy-lanes.ts).
   */
  constructor(
    private readonly path: string,
    private readonly restrict: boolean,
    counter?: CopyRowCounter,
    private readonly lanes?: PieceRouter,
  ) {
    super();
    this.reader = new GuardReader({}, counter);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    if (this.restrict) this.push(Buffer.from(`\\restrict ${restrictKey()} \\\\ `));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.pass((emit) => this.reader.push(chunk, emit), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.pass((emit) => this.reader.end(emit), callback, true);
  }

  /** Passes on what the reader lets through, or fails the stream at its first refusal. */
  private pass(read: (emit: PieceSink) => Refusal | undefined, callback: TransformCallback, last = false): void {
    this.start();
    const out: Piece[] = [];
    const r = read((p) => out.push(p));
    if (r) {
      callback(new BackupRefusedError(this.path, r));
      return;
    }
    if (!this.lanes) {
      for (const [p] of out) this.push(p);
      callback();
      return;
    }
    const lanes = this.lanes;
    const toScript = (p: Buffer) => void this.push(p);
    lanes
      .route(out, toScript)
      .then(() => (last ? lanes.finish() : undefined))
      .then(() => callback(), callback);
  }
}
