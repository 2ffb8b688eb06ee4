/**
 * The psql-like reader of the SQL guard (sql-guard.ts): statement boundaries, quotes, dollar
 * quotes, nested comments, COPY data and the words that open a statement, read the way psql reads
 * them; what it finds is judged by sql-rules.ts.
 */
import { CONNECT, RESTRICT, bodyRefusal, isClientOnlyEncoding, literalRefusal, nameRefusal, shorten, type Refusal } from './sql-rules.js';

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

/** Where a standard string closes on this line (-1: it goes on), or why psql could end it elsewhere. */
function standardStringEnd(s: string, from: number): number | string {
  for (let j = from; ;) {
    const q = s.indexOf("'", j);
    if (q < 0) return -1;
    // With standard_conforming_strings off (which a function could set), an odd run of
    // backslashes before a quote escapes it: psql would end the string elsewhere.
    let k = q - 1;
    while (k >= from && s.charCodeAt(k) === 0x5c) k--;
    if ((q - 1 - k) % 2 === 1) return 'a string whose end depends on standard_conforming_strings (a backslash before a quote)';
    if (s.charCodeAt(q + 1) !== 0x27) return q;
    j = q + 2;
  }
}

/** Where an E string closes on this line (-1: it goes on), or why psql could end it elsewhere. */
function escapeStringEnd(s: string, from: number): number | string {
  for (let j = from; j < s.length;) {
    const q = s.indexOf("'", j);
    const b = s.indexOf('\\', j);
    if (b >= 0 && (q < 0 || b < q)) {
      // A multibyte character of a client-only encoding may end in this byte.
      if (b > 0 && s.charCodeAt(b - 1) >= 0x80) return 'a backslash after a non-ASCII byte in an E string';
      j = b + 2;
      continue;
    }
    if (q < 0) return -1;
    if (s.charCodeAt(q + 1) !== 0x27) return q;
    j = q + 2;
  }
  return -1;
}

export interface GuardOptions {
  /** Let `\connect` lines through (the inspection's scan; the own-database check judges them). */
  allowConnect?: boolean;
  /** Told each statement's first words (lower case; quoted ones start with `"`) and whether it is a CREATE TABLE … AS. */
  onStatement?: (firstWords: readonly string[], createAs: boolean) => void;
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
  private createAs = false;
  /** set_config: 1 after the name, 2 after its "(", 3 inside its first argument, 4 after it. */
  private setConfig = 0;

  // The literal being read.
  private literalScanned = true;
  private literalValue = '';
  private literalTail = '';

  constructor(private readonly opts: GuardOptions = {}) {}

  /** Between statements: nothing of a statement read yet (a blank or comment line keeps it so). */
  get atStatementStart(): boolean {
    return this.mode === 'code' && this.words === 0 && this.parens === 0;
  }

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
      if (this.mode === 'squote' || this.mode === 'equote' || this.mode === 'dollar') {
        const closed =
          this.mode === 'squote' ? standardStringEnd(s, i) : this.mode === 'equote' ? escapeStringEnd(s, i) : s.indexOf(this.dollarTag, i);
        if (typeof closed === 'string') return closed;
        const next = this.literalThrough(s, i, closed, this.mode === 'dollar' ? this.dollarTag.length : 1);
        if (typeof next === 'string') return next;
        if (next < 0) return undefined;
        i = next;
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
    const first = this.firstWords[0];
    const refused = literalRefusal(this.prev, first, this.copyTarget);
    if (refused) return refused;
    if (this.setConfig === 2) this.setConfig = 3;
    if (this.settingEncoding && mode !== 'squote') return 'SET client_encoding to an escaped string';
    this.mode = mode;
    this.literalScanned = !(first === 'insert' || first === 'comment' || first === 'security');
    this.literalValue = '';
    this.literalTail = '';
    this.token("'");
    return undefined;
  }

  /**
   * The literal's text on this line up to `closed` (-1: to the end of the line): a refusal, or where
   * code resumes (-1: the literal goes on to the next line).
   */
  private literalThrough(s: string, from: number, closed: number, closeLength: number): string | number {
    const found = this.literalNeedsText() ? this.literalText(s.slice(from, closed < 0 ? s.length : closed), closed >= 0) : undefined;
    if (found) return found;
    if (closed < 0) return -1;
    this.mode = 'code';
    return closed + closeLength;
  }

  /** Data (INSERT values, comments) is not read, unless it is a setting's name or value. */
  private literalNeedsText(): boolean {
    return this.literalScanned || this.settingEncoding || this.setConfig === 3;
  }

  /** Text inside a literal: a piece of it, literals may span lines. */
  private literalText(text: string, closes: boolean): string | undefined {
    if (/client_encoding/i.test(text)) return 'a change of client_encoding outside SET';
    if (this.literalScanned) {
      const window = this.literalTail + text;
      const refused = bodyRefusal(text, window);
      if (refused) return refused;
      this.literalTail = `${window.slice(-64)}\n`;
    }
    if (this.settingEncoding || this.setConfig === 3) this.literalValue += text.slice(0, 256);
    if (closes) {
      if (this.settingEncoding && isClientOnlyEncoding(this.literalValue)) return `the client-only encoding ${this.literalValue}`;
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
    if (first === 'create' && w === 'as' && !quoted && this.parens === 0 && f.includes('table')) this.createAs = true;
    const refused = nameRefusal(w, this.prev, first);
    if (refused) return refused;
    if (quoted) {
      this.token('"');
      return undefined;
    }
    if (w === 'client_encoding' && first !== 'set') return 'a change of client_encoding outside SET';
    if (this.words === 1 && (w === 'load' || w === 'discard')) return `${w.toUpperCase()} (pg_dump never writes it)`;
    if (this.words === 2 && first === 'alter' && w === 'system') return 'ALTER SYSTEM (server configuration)';
    if (first === 'set' && this.words <= 3 && (w === 'client_encoding' || w === 'names')) this.settingEncoding = true;
    else if (this.settingEncoding && isClientOnlyEncoding(w)) return `the client-only encoding ${raw}`;
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

  /** The end of the script: a statement left without its ";" ends here (psql runs it too). */
  endOfScript(): void {
    if (this.words > 0) this.endStatement();
  }

  private endStatement(): void {
    this.opts.onStatement?.(this.firstWords, this.createAs);
    this.createAs = false;
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
