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
import { AzaError } from '../errors.js';

export interface Refusal {
  line: number;
  /** What was found, e.g. "the psql meta-command \\!". */
  what: string;
  /** The line, shortened. */
  text: string;
}

export class BackupRefusedError extends AzaError {
  constructor(
    readonly path: string,
    readonly refusal: Refusal,
  ) {
    super(
      'BACKUP_REFUSED',
      `Refused ${path}: line ${refusal.line} holds ${refusal.what}, which pg_dump never writes (${refusal.text}); nothing was restored`,
      `A backup is data, not a program: restore and verify refuse scripts that run commands or touch server files. If you wrote this script yourself and trust every line of it, pass --trust-backup (input trust-backup: true).${
        refusal.what.startsWith('the psql meta-command')
          ? ' Otherwise no meta-command of a backup reaches psql: this check refuses them with any psql, and psql loads in restricted mode where it knows \\restrict (13.22, 14.19, 15.14, 16.10, 17.6, 18 and later; keep the client tools current).'
          : ''
      }`,
    );
  }
}

/** Functions that read, write or list files on the database server (core and adminpack), or import/export large objects from files. */
const FILE_FUNCTIONS = new Set([
  'pg_read_file',
  'pg_read_binary_file',
  'pg_ls_dir',
  'pg_stat_file',
  'pg_ls_logdir',
  'pg_ls_waldir',
  'pg_ls_tmpdir',
  'pg_ls_archive_statusdir',
  'pg_ls_logicalsnapdir',
  'pg_ls_logicalmapdir',
  'pg_ls_replslotdir',
  'pg_file_write',
  'pg_file_rename',
  'pg_file_unlink',
  'pg_file_sync',
  'pg_logdir_ls',
  'lo_import',
  'lo_export',
]);
/** Roles and settings that hand out file access or load libraries. */
const FORBIDDEN_NAMES = new Set([
  'pg_execute_server_program',
  'pg_read_server_files',
  'pg_write_server_files',
  'session_preload_libraries',
  'local_preload_libraries',
  'shared_preload_libraries',
  'dynamic_library_path',
  'archive_command',
  'restore_command',
]);
/** Client encodings whose multibyte characters may contain ASCII bytes (a backslash or quote psql reads differently). */
const CLIENT_ONLY_ENCODINGS = new Set([
  'sjis',
  'shiftjis',
  'mskanji',
  'win932',
  'shiftjis2004',
  'big5',
  'win950',
  'gbk',
  'win936',
  'cp936',
  'uhc',
  'win949',
  'gb18030',
  'johab',
]);
const BODY_NAMES = new RegExp(`\\b(${[...FILE_FUNCTIONS, ...FORBIDDEN_NAMES].join('|')})\\b`, 'i');
const RESTRICT = /^\s*\\(restrict|unrestrict)\s+([A-Za-z0-9]+)\s*$/;
const CONNECT = /^\s*\\(c|connect)(\s|$)/;

type Mode = 'code' | 'squote' | 'equote' | 'dquote' | 'dollar' | 'comment';

function isIdentStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
}
function isIdentCont(c: number): boolean {
  return isIdentStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x24;
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0c || c === 0x0a || c === 0x0b;
}

function shorten(text: string): string {
  const t = text.trim();
  return t.length > 120 ? `${t.slice(0, 117)}…` : t;
}

export interface GuardOptions {
  /** Let `\connect` lines through (the inspection's scan; the own-database check judges them). */
  allowConnect?: boolean;
}

/**
 * The line-by-line judge. `line()` returns a refusal, 'own-restrict' for the dump's own
 * \restrict / \unrestrict line (the loader replaces it), or undefined.
 */
export class SqlGuard {
  private mode: Mode = 'code';
  private dollarTag = '';
  private commentDepth = 0;
  /** COPY FROM STDIN data: psql passes lines to the server until "\.". */
  inCopyData = false;
  private copyDataNext = false;
  private restrictKey: string | undefined;

  // The current statement, cut where psql cuts it (";" outside parentheses and outside BEGIN … END of a function body).
  private words = 0;
  private firstWords: string[] = [];
  private parens = 0;
  private beginDepth = 0;
  private prev = '';
  private copyTarget = false;
  private copyFromStdin = false;
  private settingEncoding = false;
  /** set_config: 1 after the name, 2 after its "(", 3 inside its first argument, 4 after it. */
  private setConfig = 0;

  // The literal being read.
  private literalScanned = true;
  private literalValue = '';
  private literalTail = '';

  constructor(private readonly opts: GuardOptions = {}) {}

  /** One line without its newline; `no` is its 1-based number. */
  line(text: string, no: number): Refusal | 'own-restrict' | undefined {
    if (this.inCopyData) {
      if (text === '\\.' || text === '\\.\r') this.inCopyData = false;
      return undefined;
    }
    const refuse = (what: string): Refusal => ({ line: no, what, text: shorten(text) });
    if (this.mode === 'code' && this.words === 0 && this.parens === 0 && /^\s*\\/.test(text)) {
      const r = RESTRICT.exec(text);
      if (r) {
        if (this.restrictKey === undefined || this.restrictKey === r[2]) {
          this.restrictKey = r[2];
          return 'own-restrict';
        }
        return refuse(`a \\${r[1]} with another key than the dump's own`);
      }
      if (this.opts.allowConnect && CONNECT.test(text)) return undefined;
    }
    const found = this.lex(text);
    if (found) return refuse(found);
    if (this.copyDataNext) {
      this.copyDataNext = false;
      this.inCopyData = true;
    }
    return undefined;
  }

  private lex(s: string): string | undefined {
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.mode === 'comment') {
        const close = s.indexOf('*/', i);
        const open = s.indexOf('/*', i);
        if (open >= 0 && (close < 0 || open < close)) {
          this.commentDepth++;
          i = open + 2;
        } else if (close >= 0) {
          i = close + 2;
          if (--this.commentDepth === 0) this.mode = 'code';
        } else i = n;
        continue;
      }
      if (this.mode === 'squote') {
        // Standard strings: '' is a quote, a backslash a backslash (standard_conforming_strings on).
        let j = i;
        let closed = -1;
        for (;;) {
          const q = s.indexOf("'", j);
          if (q < 0) break;
          // With standard_conforming_strings off (which a function could set), an odd run of
          // backslashes before a quote escapes it: psql would end the string elsewhere.
          let k = q - 1;
          while (k >= i && s.charCodeAt(k) === 0x5c) k--;
          if ((q - 1 - k) % 2 === 1) return 'a string whose end depends on standard_conforming_strings (a backslash before a quote)';
          if (s.charCodeAt(q + 1) === 0x27) {
            j = q + 2;
            continue;
          }
          closed = q;
          break;
        }
        const found = this.literalNeedsText() ? this.literalText(s.slice(i, closed < 0 ? n : closed), closed >= 0) : undefined;
        if (found) return found;
        if (closed < 0) return undefined;
        this.mode = 'code';
        i = closed + 1;
        continue;
      }
      if (this.mode === 'equote') {
        let j = i;
        let closed = -1;
        while (j < n) {
          const q = s.indexOf("'", j);
          const b = s.indexOf('\\', j);
          if (b >= 0 && (q < 0 || b < q)) {
            // A multibyte character of a client-only encoding may end in this byte.
            if (b > 0 && s.charCodeAt(b - 1) >= 0x80) return 'a backslash after a non-ASCII byte in an E string';
            j = b + 2;
            continue;
          }
          if (q < 0) break;
          if (s.charCodeAt(q + 1) === 0x27) {
            j = q + 2;
            continue;
          }
          closed = q;
          break;
        }
        const found = this.literalNeedsText() ? this.literalText(s.slice(i, closed < 0 ? n : closed), closed >= 0) : undefined;
        if (found) return found;
        if (closed < 0) return undefined;
        this.mode = 'code';
        i = closed + 1;
        continue;
      }
      if (this.mode === 'dquote') {
        const close = s.indexOf('"', i);
        if (close < 0) {
          this.literalValue += s.slice(i);
          return undefined;
        }
        if (s.charCodeAt(close + 1) === 0x22) {
          this.literalValue += s.slice(i, close + 1);
          i = close + 2;
          continue;
        }
        this.literalValue += s.slice(i, close);
        this.mode = 'code';
        i = close + 1;
        const found = this.word(this.literalValue, true);
        if (found) return found;
        continue;
      }
      if (this.mode === 'dollar') {
        const close = s.indexOf(this.dollarTag, i);
        const found = this.literalNeedsText() ? this.literalText(s.slice(i, close < 0 ? n : close), close >= 0) : undefined;
        if (found) return found;
        if (close < 0) return undefined;
        this.mode = 'code';
        i = close + this.dollarTag.length;
        continue;
      }

      // Outside literals and comments.
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c === 0x2d && s.charCodeAt(i + 1) === 0x2d) return undefined;
      if (c === 0x2f && s.charCodeAt(i + 1) === 0x2a) {
        this.mode = 'comment';
        this.commentDepth = 1;
        i += 2;
        continue;
      }
      if (this.setConfig !== 0 && this.setConfig !== 3) {
        // set_config's setting name must be one plain string: a computed one could be client_encoding.
        if (this.setConfig === 1) this.setConfig = c === 0x28 ? 2 : 0;
        else if (this.setConfig === 2 && c !== 0x27) return 'set_config with a computed setting name';
        else if (this.setConfig === 4) {
          if (c !== 0x2c) return 'set_config with a computed setting name';
          this.setConfig = 0;
        }
      }
      if (c === 0x5c) {
        const m = /^\\([A-Za-z!?;:.]+|\S)?/.exec(s.slice(i, i + 40));
        return `the psql meta-command ${m?.[0] ?? '\\'}`;
      }
      if (c === 0x27) {
        const found = this.literalStart('squote');
        if (found) return found;
        i++;
        continue;
      }
      if (c === 0x22) {
        this.mode = 'dquote';
        this.literalValue = '';
        i++;
        continue;
      }
      if (c === 0x24) {
        const m = /^\$([A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*)?\$/.exec(s.slice(i, i + 256));
        if (m) {
          this.dollarTag = m[0];
          const found = this.literalStart('dollar');
          if (found) return found;
          i += m[0].length;
          continue;
        }
        i++;
        while (i < n && isDigit(s.charCodeAt(i))) i++;
        this.token('$n');
        continue;
      }
      if (isIdentStart(c)) {
        let j = i + 1;
        while (j < n && isIdentCont(s.charCodeAt(j))) j++;
        const w = s.slice(i, j);
        const next = s.charCodeAt(j);
        if ((w === 'u' || w === 'U') && next === 0x26 && (s.charCodeAt(j + 1) === 0x27 || s.charCodeAt(j + 1) === 0x22))
          return 'a Unicode-escaped identifier or string (U&…)';
        if (next === 0x27 && w.length === 1 && 'eEnNbBxX'.includes(w)) {
          const found = this.literalStart(w === 'e' || w === 'E' ? 'equote' : 'squote');
          if (found) return found;
          i = j + 1;
          continue;
        }
        const found = this.word(w, false);
        if (found) return found;
        i = j;
        continue;
      }
      if (isDigit(c)) {
        let j = i + 1;
        while (j < n && (isIdentCont(s.charCodeAt(j)) || s.charCodeAt(j) === 0x2e)) j++;
        this.token('0');
        i = j;
        continue;
      }
      if (c === 0x3a) {
        if (s.charCodeAt(i + 1) === 0x3a) {
          this.token('::');
          i += 2;
          continue;
        }
        // psql substitutes :name, :'name' and :"name" when the variable exists; the ones psql sets
        // itself are upper case (HOST, DBNAME, LAST_ERROR_MESSAGE, …), and under \restrict nothing
        // can set another. A lower-case name (an array slice a[1:n]) is left as it is.
        const v = /^:(['"]?)([A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*)/.exec(s.slice(i, i + 80));
        if (v && /[A-Z]/.test(v[2]!)) return `a psql variable reference (:${v[1]}${v[2]}${v[1]})`;
        this.token(':');
        i++;
        continue;
      }
      if (c === 0x28) {
        this.parens++;
        this.token('(');
        i++;
        continue;
      }
      if (c === 0x29) {
        if (this.parens > 0) this.parens--;
        this.token(')');
        i++;
        continue;
      }
      if (c === 0x3b && this.parens === 0 && this.beginDepth === 0) {
        i++;
        this.endStatement();
        continue;
      }
      this.token(s[i]!);
      i++;
    }
    return undefined;
  }

  /** A literal starts; what it means depends on the words before it. */
  private literalStart(mode: 'squote' | 'equote' | 'dollar'): string | undefined {
    const prev = this.prev;
    const first = this.firstWords[0];
    if (this.copyTarget && (prev === 'from' || prev === 'to')) return `COPY … ${prev.toUpperCase()} '<server file>'`;
    if (prev === 'program') return "a foreign table's program option (runs a shell command)";
    if (prev === 'filename' && first !== 'copy') return "a foreign table's filename option (reads a server file)";
    // pg_dump writes LANGUAGE plpgsql, never a quoted name: 'c' or 'internal' would hide a server library.
    if (prev === 'language' && first === 'create') return 'a language named by a string';
    if (this.setConfig === 2) this.setConfig = 3;
    if (this.settingEncoding && mode !== 'squote') return 'SET client_encoding to an escaped string';
    this.mode = mode;
    this.literalScanned = !(first === 'insert' || first === 'comment' || first === 'security');
    this.literalValue = '';
    this.literalTail = '';
    this.token("'");
    return undefined;
  }

  /** Data (INSERT values, comments) is not read, unless it is a setting's name or value. */
  private literalNeedsText(): boolean {
    return this.literalScanned || this.settingEncoding || this.setConfig === 3;
  }

  /** Text inside a literal: a piece of it, literals may span lines. */
  private literalText(text: string, closes: boolean): string | undefined {
    if (/client_encoding/i.test(text)) return 'a change of client_encoding outside SET';
    if (this.literalScanned) {
      const m = BODY_NAMES.exec(text);
      if (m) return `${m[1]!.toLowerCase()} in a string or function body`;
      const window = this.literalTail + text;
      if (/\b(?:from|to)\s+program\b/i.test(window)) return 'COPY … PROGRAM in a string or function body';
      if (/\blanguage\s+(?:c|internal)\b/i.test(window)) return 'a C-language function created in a string or function body';
      this.literalTail = `${window.slice(-64)}\n`;
    }
    if (this.settingEncoding || this.setConfig === 3) this.literalValue += text.slice(0, 256);
    if (closes) {
      if (this.settingEncoding && CLIENT_ONLY_ENCODINGS.has(this.literalValue.toLowerCase().replace(/[^a-z0-9]/g, '')))
        return `the client-only encoding ${this.literalValue}`;
      if (this.setConfig === 3) this.setConfig = 4;
      this.literalValue = '';
    }
    return undefined;
  }

  private token(t: string): void {
    this.prev = t;
  }

  /** An identifier or keyword (quoted: verbatim). */
  private word(raw: string, quoted: boolean): string | undefined {
    const w = quoted ? raw : raw.toLowerCase();
    this.words++;
    if (this.firstWords.length < 4) this.firstWords.push(quoted ? `"${w}` : w);
    const f = this.firstWords;
    if (!quoted) {
      // psql's rule for BEGIN ATOMIC … END in CREATE [OR REPLACE] FUNCTION/PROCEDURE: a ";" inside does not end the statement.
      const fnHead =
        f[0] === 'create' &&
        (f[1] === 'function' ||
          f[1] === 'procedure' ||
          (f[1] === 'or' && f[2] === 'replace' && (f[3] === 'function' || f[3] === 'procedure')));
      if (fnHead && this.parens === 0) {
        if (w === 'begin') this.beginDepth++;
        else if (w === 'case' && this.beginDepth >= 1) this.beginDepth++;
        else if (w === 'end' && this.beginDepth > 0) this.beginDepth--;
      }
    }
    const first = f[0];
    if (FILE_FUNCTIONS.has(w)) return `a call of ${w} (server files)`;
    if (FORBIDDEN_NAMES.has(w)) return `${w} (server programs, files or libraries)`;
    if (this.prev === 'language' && (w === 'c' || w === 'internal') && first === 'create')
      return `a ${w === 'c' ? 'C-language' : 'internal-language'} function (runs code from a server library)`;
    if (quoted) {
      this.token('"');
      return undefined;
    }
    if (w === 'client_encoding' && first !== 'set') return 'a change of client_encoding outside SET';
    if (this.words === 1 && (w === 'load' || w === 'discard')) return `${w.toUpperCase()} (pg_dump never writes it)`;
    if (this.words === 2 && first === 'alter' && w === 'system') return 'ALTER SYSTEM (server configuration)';
    if (first === 'set' && this.words <= 3 && (w === 'client_encoding' || w === 'names')) this.settingEncoding = true;
    else if (this.settingEncoding && CLIENT_ONLY_ENCODINGS.has(w.replace(/[^a-z0-9]/g, ''))) return `the client-only encoding ${raw}`;
    if (first === 'copy' && this.parens === 0) {
      if (this.copyTarget && (this.prev === 'from' || this.prev === 'to')) {
        if (w === 'program') return 'COPY … PROGRAM';
        if (w === 'stdin' && this.prev === 'from') this.copyFromStdin = true;
      }
      if (w === 'from' || w === 'to') this.copyTarget = true;
    }
    this.token(w);
    if (w === 'set_config') this.setConfig = 1;
    return undefined;
  }

  private endStatement(): void {
    if (this.copyFromStdin && this.firstWords[0] === 'copy') this.copyDataNext = true;
    this.words = 0;
    this.firstWords = [];
    this.parens = 0;
    this.beginDepth = 0;
    this.prev = ';';
    this.copyTarget = false;
    this.copyFromStdin = false;
    this.settingEncoding = false;
    this.setConfig = 0;
  }
}

const NL = 0x0a;

/** Feeds a byte stream to a guard line by line; COPY data is skipped byte-wise. */
class GuardReader {
  readonly guard: SqlGuard;
  lines = 0;
  refusal: Refusal | undefined;
  /** The start of an unfinished line, not yet judged nor passed on. */
  private partial: Buffer[] = [];

  constructor(opts: GuardOptions) {
    this.guard = new SqlGuard(opts);
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
        if (chunk[start] === 0x5c && chunk[start + 1] === 0x2e && (len === 2 || (len === 3 && chunk[start + 2] === 0x0d)))
          this.guard.inCopyData = false;
        start = nl + 1;
        continue;
      }
      const carried = this.partial;
      this.partial = [];
      const piece = chunk.subarray(start, nl);
      const line = carried.length ? Buffer.concat([...carried, piece]) : piece;
      const r = this.guard.line(line.toString('latin1'), this.lines);
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
    if (!this.partial.length) return undefined;
    const line = Buffer.concat(this.partial);
    this.partial = [];
    this.lines++;
    const r = this.guard.inCopyData ? undefined : this.guard.line(line.toString('latin1'), this.lines);
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
  private readonly reader = new GuardReader({});
  private started = false;

  constructor(
    private readonly path: string,
    private readonly restrict: boolean,
  ) {
    super();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    if (this.restrict) this.push(Buffer.from(`\\restrict ${restrictKey()} \\\\ `));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.start();
    const out: Buffer[] = [];
    const r = this.reader.push(chunk, (p) => out.push(p));
    if (r) {
      callback(new BackupRefusedError(this.path, r));
      return;
    }
    for (const p of out) this.push(p);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.start();
    const out: Buffer[] = [];
    const r = this.reader.end((p) => out.push(p));
    if (r) {
      callback(new BackupRefusedError(this.path, r));
      return;
    }
    for (const p of out) this.push(p);
    callback();
  }
}
