/**
 * pgpass (https://www.postgresql.org/docs/current/libpq-pgpass.html), so "is a password
 * available?" can be answered before connecting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What picks a pgpass line and the file: fields of pg.ts's Connection (which imports this file). */
export interface PgpassConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  passfile?: string;
}

export function pgpassHasEntry(content: string, c: PgpassConnection): boolean {
  for (const raw of content.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const fields: string[] = [];
    let cur = '';
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i]!;
      if (ch === '\\' && i + 1 < raw.length) cur += raw[++i];
      else if (ch === ':' && fields.length < 4) {
        fields.push(cur);
        cur = '';
      } else cur += ch;
    }
    fields.push(cur);
    if (fields.length < 5) continue;
    const [h, p, d, u] = fields as [string, string, string, string];
    const hostOk = h === '*' || h === c.host || (h === 'localhost' && c.host.startsWith('/'));
    if (hostOk && (p === '*' || p === String(c.port)) && (d === '*' || d === c.database) && (u === '*' || u === c.user)) return true;
  }
  return false;
}

export function passfilePath(c: PgpassConnection, env: NodeJS.ProcessEnv = process.env): string {
  return c.passfile ?? env.PGPASSFILE ?? join(env.HOME ?? homedir(), '.pgpass');
}

export function passwordAvailable(c: PgpassConnection, env: NodeJS.ProcessEnv = process.env): boolean {
  if (c.password !== undefined && c.password !== '') return true;
  const file = passfilePath(c, env);
  try {
    return existsSync(file) && pgpassHasEntry(readFileSync(file, 'utf8'), c);
  } catch {
    return false;
  }
}
