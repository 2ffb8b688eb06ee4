/**
 * What the SQL guard (sql-guard.ts) refuses: the names of server-file functions, roles and settings
 * that hand out file access or load libraries, client-only encodings, and the judgements the
 * reader (sql-lexer.ts) asks for once it knows where a word or a literal stands in a statement.
 */
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
export const RESTRICT = /^\s*\\(restrict|unrestrict)\s+([A-Za-z0-9]+)\s*$/;
export const CONNECT = /^\s*\\(c|connect)(\s|$)/;

export function shorten(text: string): string {
  const t = text.trim();
  return t.length > 120 ? `${t.slice(0, 117)}…` : t;
}

export function isClientOnlyEncoding(name: string): boolean {
  return CLIENT_ONLY_ENCODINGS.has(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** A literal right after `prev` in a statement that starts with `first`. */
export function literalRefusal(prev: string, first: string | undefined, copyTarget: boolean): string | undefined {
  if (copyTarget && (prev === 'from' || prev === 'to')) return `COPY … ${prev.toUpperCase()} '<server file>'`;
  if (prev === 'program') return "a foreign table's program option (runs a shell command)";
  if (prev === 'filename' && first !== 'copy') return "a foreign table's filename option (reads a server file)";
  // pg_dump writes LANGUAGE plpgsql, never a quoted name: 'c' or 'internal' would hide a server library.
  if (prev === 'language' && first === 'create') return 'a language named by a string';
  return undefined;
}

/** A piece of a string or function body; `window` is it with the end of the piece before (a phrase may span lines). */
export function bodyRefusal(text: string, window: string): string | undefined {
  const m = BODY_NAMES.exec(text);
  if (m) return `${m[1]!.toLowerCase()} in a string or function body`;
  if (/\b(?:from|to)\s+program\b/i.test(window)) return 'COPY … PROGRAM in a string or function body';
  if (/\blanguage\s+(?:c|internal)\b/i.test(window)) return 'a C-language function created in a string or function body';
  return undefined;
}

/** An identifier (quoted or not, `w` lower case when not) after `prev` in a statement that starts with `first`. */
export function nameRefusal(w: string, prev: string, first: string | undefined): string | undefined {
  if (FILE_FUNCTIONS.has(w)) return `a call of ${w} (server files)`;
  if (FORBIDDEN_NAMES.has(w)) return `${w} (server programs, files or libraries)`;
  if (prev === 'language' && (w === 'c' || w === 'internal') && first === 'create')
    return `a ${w === 'c' ? 'C-language' : 'internal-language'} function (runs code from a server library)`;
  return undefined;
}
