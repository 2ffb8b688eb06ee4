/** What versions and archive listings say about a dump and the tools that can read it. Pure. */

/** `pg_restore --list` header lines -> versions and extensions. */
export function parseTocList(text: string): { dumpedFrom?: string; dumpedBy?: string; extensions: string[]; entries: number } {
  const from = /^;\s+Dumped from database version: (\S+)/m.exec(text);
  const by = /^;\s+Dumped by pg_dump version: (\S+)/m.exec(text);
  const extensions = new Set<string>();
  let entries = 0;
  for (const line of text.split('\n')) {
    if (/^\d+;/.test(line)) entries++;
    const m = /^\d+; \d+ \d+ EXTENSION - (.+?)\s*$/.exec(line);
    if (m) extensions.add(m[1]!);
  }
  return { ...(from ? { dumpedFrom: from[1] } : {}), ...(by ? { dumpedBy: by[1] } : {}), extensions: [...extensions].sort(), entries };
}

/** psql learned \restrict / \unrestrict in 13.22, 14.19, 15.14, 16.10, 17.6 and 18. */
export function psqlKnowsRestrict(version: string): boolean {
  const [major, minor = 0] = version.split('.').map(Number) as [number, number?];
  const first: Record<number, number> = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 };
  if (major >= 18) return true;
  const need = first[major];
  return need !== undefined && minor >= need;
}

export function majorOf(version: string | undefined): number | undefined {
  if (!version) return undefined;
  const n = Number.parseInt(version, 10);
  return Number.isFinite(n) ? n : undefined;
}
