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

/** Feeds a byte stream to a guard line by line; COPY data is skipped byte-wise. */
class GuardReader {
  readonly guard: SqlGuard;
  lines = 0;
  refusal: Refusal | undefined;
  /** The start of an unfinished line, not yet judged nor passed on. */
  private partial: Buffer[] = [];
  /** Data lines of the COPY being read (for the counter). */
  private copyRows = 0;

  constructor(
    opts: GuardOptions,
    private readonly counter?: CopyRowCounter,
  ) {
    counter?.watch();
    this.guard = new SqlGuard(counter ? { ...opts, onStatement: (w, as) => counter.statement(w, as) } : opts);
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
   * (the dump's own \restrict lines as comments). Stops at the first refusal, emitting nothing of
   * the chunk.
   */
  push(chunk: Buffer, emit?: (piece: Buffer) => void): Refusal | undefined {
    // psql cuts a line at a NUL byte (C strings) and reads on from the next line: the rest would be
    // read differently here. Text never holds one.
    const nul = chunk.indexOf(0);
    if (nul >= 0) {
      let line = this.lines + 1;
      for (let i = chunk.indexOf(NL); i >= 0 && i < nul; i = chunk.indexOf(NL, i + 1)) line++;
      this.refusal = { line, what: 'a NUL byte (psql would cut the line there)', text: '' };
      return this.refusal;
    }
    const out: Buffer[] = [];
    let start = 0;
    let passFrom = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      this.lines++;
      if (this.guard.inCopyData && this.partial.length === 0) {
        const len = nl - start;
        if (chunk[start] === 0x5c && chunk[start + 1] === 0x2e && (len === 2 || (len === 3 && chunk[start + 2] === 0x0d))) {
          this.guard.inCopyData = false;
          this.counter?.copyEnd(this.copyRows);
        } else this.copyRows++;
        start = nl + 1;
        continue;
      }
      const carried = this.partial;
      this.partial = [];
      const piece = chunk.subarray(start, nl);
      const line = carried.length ? Buffer.concat([...carried, piece]) : piece;
      const r = this.judge(line);
      if (r && r !== 'own-restrict') {
        this.refusal = r;
        return r;
      }
      if (r === 'own-restrict') {
        if (start > passFrom) out.push(chunk.subarray(passFrom, start));
        out.push(
          Buffer.from(`-- [aza-pg] the dump's own ${line.toString('latin1').trim().split(/\s/)[0]} (the loader restricts psql itself)\n`),
        );
        passFrom = nl + 1;
      } else if (carried.length) out.push(...carried);
      start = nl + 1;
    }
    if (start > passFrom) out.push(chunk.subarray(passFrom, start));
    if (start < chunk.length) this.partial.push(Buffer.from(chunk.subarray(start)));
    if (emit) for (const p of out) emit(p);
    return undefined;
  }

  /** The last line, without a newline. */
  end(emit?: (piece: Buffer) => void): Refusal | undefined {
    if (!this.partial.length) {
      this.guard.endOfScript();
      return undefined;
    }
    const line = Buffer.concat(this.partial);
    this.partial = [];
    this.lines++;
    const r = this.guard.inCopyData ? undefined : this.guard.line(line.toString('latin1'), this.lines);
    this.guard.endOfScript();
    if (r === 'own-restrict') return undefined;
    if (r) {
      this.refusal = r;
      return r;
    }
    emit?.(line);
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

  /** `counter`, when given, counts the rows of each COPY psql reads (see copy-counts.ts). */
  constructor(
    private readonly path: string,
    private readonly restrict: boolean,
    counter?: CopyRowCounter,
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
    this.pass((emit) => this.reader.end(emit), callback);
  }

  /** Passes on what the reader lets through, or fails the stream at its first refusal. */
  private pass(read: (emit: (piece: Buffer) => void) => Refusal | undefined, callback: TransformCallback): void {
    this.start();
    const out: Buffer[] = [];
    const r = read((p) => out.push(p));
    if (r) {
      callback(new BackupRefusedError(this.path, r));
      return;
    }
    for (const p of out) this.push(p);
    callback();
  }
}
