/**
 * Reading plain SQL dumps line by line without trusting them: what a restore must know before it
 * starts (which pg_dump wrote it, whether it uses psql's \restrict, which extensions it needs,
 * whether it creates and connects to a database of its own, whether it is complete), and a
 * filter that keeps a script's own CREATE DATABASE / \connect from leaving the target.
 *
 * COPY data is skipped byte-wise (only the "\." terminator is looked for), so scanning a large
 * dump costs little more than reading it.
 */
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { LastBytes, PLAIN_DUMP_END_MARKER } from '../compress.js';
import { AzaError } from '../errors.js';

export const PLAIN_DUMP_HEADER = '-- PostgreSQL database dump';
export const CLUSTER_DUMP_HEADER = '-- PostgreSQL database cluster dump';

/** What a database-level statement in a script does. */
export interface DatabaseStatement {
  kind: 'create' | 'drop' | 'alter' | 'connect' | 'comment' | 'grant';
  database: string;
  line: number;
}

export interface PlainScan {
  bytes: number;
  lines: number;
  /** The first bytes look like a PostgreSQL custom archive (a compressed .dump). */
  customArchiveInside: boolean;
  /** No NUL bytes and few control characters in the first 64 KiB. */
  looksLikeText: boolean;
  /** Any SQL keyword or comment in the first 64 KiB. */
  looksLikeSql: boolean;
  pgDumpHeader: boolean;
  clusterDump: boolean;
  dumpComplete: boolean;
  dumpedFrom?: string;
  dumpedBy?: string;
  usesRestrict: boolean;
  extensions: string[];
  databaseStatements: DatabaseStatement[];
}

const HEAD_BYTES = 64 * 1024;
const HEAD_LIMIT = 1024 * 1024;
const NL = 0x0a;

/** Unquotes an SQL identifier: "My ""db""" -> My "db"; unquoted names fold to lower case. */
export function sqlIdentifier(token: string): string {
  if (token.startsWith('"')) return token.slice(1, -1).replace(/""/g, '"');
  return token.toLowerCase();
}

const IDENT = `("(?:[^"]|"")+"|[\\p{L}_][\\p{L}\\p{N}_$]*)`;
const CREATE_EXT = new RegExp(`^\\s*CREATE\\s+EXTENSION\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${IDENT}`, 'iu');
const DB_STMT = new RegExp(`^\\s*(CREATE|DROP|ALTER)\\s+DATABASE\\s+(?:IF\\s+EXISTS\\s+)?${IDENT}`, 'iu');
const DB_COMMENT = new RegExp(`^\\s*COMMENT\\s+ON\\s+DATABASE\\s+${IDENT}`, 'iu');
const DB_GRANT = new RegExp(`^\\s*(?:GRANT|REVOKE)\\s+.*\\s+ON\\s+DATABASE\\s+${IDENT}`, 'iu');
const COPY_FROM_STDIN = /^\s*COPY\s+.*\s+FROM\s+stdin\b.*;\s*$/i;

/** `\connect db`, `\c db`, `\connect -reuse-previous=on "dbname='db'"` -> db. */
export function connectTarget(line: string): string | undefined {
  const m = /^\s*\\(?:c|connect)(?:\s+(.*))?$/.exec(line);
  if (!m) return undefined;
  let rest = (m[1] ?? '').trim().replace(/;\s*$/, '');
  rest = rest.replace(/^-reuse-previous=\S+\s*/, '');
  const conninfo = /^"?dbname='((?:[^'\\]|\\.)*)'"?/.exec(rest);
  if (conninfo) return conninfo[1]!.replace(/\\(.)/g, '$1');
  const quoted = /^"((?:[^"]|"")*)"/.exec(rest);
  if (quoted) return quoted[1]!.replace(/""/g, '"');
  const word = /^(\S+)/.exec(rest);
  return word ? word[1] : '';
}

/** Classifies one line outside COPY data; undefined when it is no database-level statement. */
export function databaseStatement(line: string, lineNo: number): DatabaseStatement | undefined {
  const c = connectTarget(line);
  if (c !== undefined) return { kind: 'connect', database: c, line: lineNo };
  let m = DB_STMT.exec(line);
  if (m) return { kind: m[1]!.toLowerCase() as 'create' | 'drop' | 'alter', database: sqlIdentifier(m[2]!), line: lineNo };
  m = DB_COMMENT.exec(line);
  if (m) return { kind: 'comment', database: sqlIdentifier(m[1]!), line: lineNo };
  m = DB_GRANT.exec(line);
  if (m) return { kind: 'grant', database: sqlIdentifier(m[1]!), line: lineNo };
  return undefined;
}

/** Splits a byte stream into lines and hands non-COPY lines to `onLine` as text. */
class LineReader {
  private partial: Buffer[] = [];
  private inCopy = false;
  lines = 0;
  /** COPY ... FROM stdin statements seen. */
  copies = 0;

  constructor(private readonly onLine: (line: string, lineNo: number) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      if (this.inCopy && this.partial.length === 0) {
        // COPY data, the bulk of a dump: count the line and look for "\." in place, no copies.
        this.lines++;
        const len = nl - start;
        if (chunk[start] === 0x5c && chunk[start + 1] === 0x2e && (len === 2 || (len === 3 && chunk[start + 2] === 0x0d)))
          this.inCopy = false;
        start = nl + 1;
        continue;
      }
      const piece = chunk.subarray(start, nl);
      const line = this.partial.length ? Buffer.concat([...this.partial, piece]) : piece;
      this.partial = [];
      this.handle(line);
      start = nl + 1;
    }
    if (start < chunk.length) this.partial.push(Buffer.from(chunk.subarray(start)));
  }

  end(): void {
    if (this.partial.length) this.handle(Buffer.concat(this.partial));
    this.partial = [];
  }

  private handle(line: Buffer): void {
    this.lines++;
    if (this.inCopy) {
      // "\." ends COPY data (possibly with a carriage return).
      if (line[0] === 0x5c && line[1] === 0x2e && (line.length === 2 || (line.length === 3 && line[2] === 0x0d))) this.inCopy = false;
      return;
    }
    const text = line.toString('utf8');
    if (COPY_FROM_STDIN.test(text)) {
      this.inCopy = true;
      this.copies++;
    }
    this.onLine(text, this.lines);
  }
}

/** Collects a PlainScan from the decompressed bytes of a plain dump. */
export class PlainSqlScanner {
  private readonly reader: LineReader;
  private head: Buffer[] = [];
  private headBytes = 0;
  private readonly tail = new LastBytes(4096);
  private readonly extensions = new Set<string>();
  private readonly result: PlainScan = {
    bytes: 0,
    lines: 0,
    customArchiveInside: false,
    looksLikeText: true,
    looksLikeSql: false,
    pgDumpHeader: false,
    clusterDump: false,
    dumpComplete: false,
    usesRestrict: false,
    extensions: [],
    databaseStatements: [],
  };

  constructor() {
    this.reader = new LineReader((line, no) => this.line(line, no));
  }

  push(chunk: Buffer): void {
    this.result.bytes += chunk.length;
    if (this.headBytes < HEAD_BYTES) {
      this.head.push(chunk.subarray(0, HEAD_BYTES - this.headBytes));
      this.headBytes += Math.min(chunk.length, HEAD_BYTES - this.headBytes);
    }
    this.tail.push(chunk);
    this.reader.push(chunk);
  }

  private line(text: string, no: number): void {
    if (no <= 40) {
      if (text.startsWith(CLUSTER_DUMP_HEADER)) this.result.clusterDump = true;
      else if (text === PLAIN_DUMP_HEADER) this.result.pgDumpHeader = true;
      const from = /^-- Dumped from database version (\S+)/.exec(text);
      if (from) this.result.dumpedFrom ??= from[1];
      const by = /^-- Dumped by pg_dump(?:all)? version (\S+)/.exec(text);
      if (by) this.result.dumpedBy ??= by[1];
    }
    const first = text.trimStart()[0];
    if (first === '\\') {
      if (/^\s*\\restrict\s/.test(text)) this.result.usesRestrict = true;
    }
    if (first === 'C' || first === 'c') {
      const m = CREATE_EXT.exec(text);
      if (m) this.extensions.add(sqlIdentifier(m[1]!));
    }
    if (
      first === '\\' ||
      first === 'C' ||
      first === 'c' ||
      first === 'D' ||
      first === 'd' ||
      first === 'A' ||
      first === 'a' ||
      first === 'G' ||
      first === 'g' ||
      first === 'R' ||
      first === 'r'
    ) {
      const s = databaseStatement(text, no);
      if (s) this.result.databaseStatements.push(s);
    }
  }

  /** The facts a restore plans with, as found so far (see ScanThrough). */
  facts(): PlanFacts {
    return {
      extensions: this.extensions.size,
      usesRestrict: this.result.usesRestrict,
      databaseStatements: this.result.databaseStatements.length,
    };
  }

  /**
   * Enough read to plan with: the first 64 KiB and 40 lines (the text checks and pg_dump's
   * header), and the first COPY data (everything a dump declares comes before it) or 1 MiB.
   */
  headComplete(): boolean {
    return this.result.bytes >= HEAD_BYTES && this.reader.lines >= 40 && (this.reader.copies > 0 || this.result.bytes >= HEAD_LIMIT);
  }

  /** What the complete lines read so far show, for a read of the head only (no end-of-dump facts). */
  headScan(): PlainScan {
    return this.summary();
  }

  finish(): PlainScan {
    this.reader.end();
    return this.summary();
  }

  private summary(): PlainScan {
    const head = Buffer.concat(this.head);
    this.result.customArchiveInside = head.subarray(0, 5).toString('latin1') === 'PGDMP';
    let control = 0;
    let nul = false;
    for (const b of head) {
      if (b === 0) nul = true;
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
    }
    this.result.looksLikeText = !nul && control <= head.length / 100;
    this.result.looksLikeSql = /(^|\n)\s*(--|\/\*|\\|SET\b|CREATE\b|INSERT\b|COPY\b|SELECT\b|BEGIN\b|DROP\b|ALTER\b|START\b)/i.test(
      head.toString('utf8'),
    );
    this.result.dumpComplete = this.tail.text('latin1').includes(PLAIN_DUMP_END_MARKER);
    this.result.lines = this.reader.lines;
    this.result.extensions = [...this.extensions].sort();
    return this.result;
  }
}

/** What planning takes from a scan: a load that meets more of these than the head showed must stop. */
export interface PlanFacts {
  extensions: number;
  usesRestrict: boolean;
  databaseStatements: number;
}

function beyond(head: PlanFacts, now: PlanFacts): string | undefined {
  if (now.extensions > head.extensions) return 'a CREATE EXTENSION';
  if (now.usesRestrict && !head.usesRestrict) return 'a \\restrict line';
  if (now.databaseStatements > head.databaseStatements) return 'a database-level statement';
  return undefined;
}

/** Raised by ScanThrough before a line the plan did not account for reaches the loader. */
export class BeyondHeadError extends AzaError {
  constructor(what: string) {
    super('BEYOND_HEAD', `The dump holds ${what} after its head; the restore is planned again from a full read`);
  }
}

/**
 * Scans the SQL on its way to the loader (the full scan of a restore that reads the backup once)
 * and stops the flow, before the chunk that holds it is passed on, when a line would change the
 * plan made from the head: a loader only acts on complete lines, and a line is only complete in
 * the chunk scanned with it.
 */
export class ScanThrough extends Transform {
  readonly scanner = new PlainSqlScanner();
  constructor(private readonly head: PlanFacts) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.scanner.push(chunk);
    const what = beyond(this.head, this.scanner.facts());
    if (what) callback(new BeyondHeadError(what));
    else callback(null, chunk);
  }
}

/** A sink that scans what flows into it. */
export class ScanSink extends Writable {
  readonly scanner = new PlainSqlScanner();
  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (e?: Error | null) => void): void {
    this.scanner.push(chunk);
    callback();
  }
}

/**
 * Keeps a single-database script in the target: comments out its CREATE/DROP/ALTER DATABASE,
 * COMMENT/GRANT ON DATABASE statements for `database` and its \connect to it. Everything else
 * passes through unchanged; after `lastLine` (the script's last database-level line, from the
 * scan) the bytes pass through untouched.
 */
export class OwnDatabaseFilter extends Transform {
  private partial: Buffer[] = [];
  private lineNo = 0;
  private inCopy = false;
  private skippingStatement = false;
  private passThrough = false;
  skipped = 0;

  constructor(
    private readonly database: string,
    private readonly lastLine: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.passThrough) {
      callback(null, chunk);
      return;
    }
    let start = 0;
    for (;;) {
      if (this.lineNo >= this.lastLine && !this.skippingStatement) {
        this.passThrough = true;
        if (this.partial.length) this.push(Buffer.concat(this.partial));
        this.partial = [];
        if (start < chunk.length) this.push(chunk.subarray(start));
        callback();
        return;
      }
      const nl = chunk.indexOf(NL, start);
      if (nl < 0) break;
      const piece = chunk.subarray(start, nl);
      const line = this.partial.length ? Buffer.concat([...this.partial, piece]) : piece;
      this.partial = [];
      this.push(this.handle(line));
      start = nl + 1;
    }
    if (start < chunk.length) this.partial.push(Buffer.from(chunk.subarray(start)));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.partial.length) {
      const last = this.handle(Buffer.concat(this.partial));
      this.push(last.subarray(0, last.length - 1));
    }
    callback();
  }

  /** One line (without its newline) -> what to emit (with a newline). */
  private handle(line: Buffer): Buffer {
    this.lineNo++;
    const withNl = Buffer.concat([line, Buffer.from('\n')]);
    if (this.inCopy) {
      if (line[0] === 0x5c && line[1] === 0x2e && (line.length === 2 || (line.length === 3 && line[2] === 0x0d))) this.inCopy = false;
      return withNl;
    }
    const text = line.toString('utf8');
    if (this.skippingStatement) {
      if (/;\s*$/.test(text)) this.skippingStatement = false;
      return Buffer.from(`-- [aza-pg skipped] ${text}\n`);
    }
    if (COPY_FROM_STDIN.test(text)) this.inCopy = true;
    const s = databaseStatement(text, this.lineNo);
    if (s && s.database === this.database) {
      this.skipped++;
      if (s.kind !== 'connect' && !/;\s*$/.test(text)) this.skippingStatement = true;
      return Buffer.from(`-- [aza-pg skipped] ${text}\n`);
    }
    return withNl;
  }
}
