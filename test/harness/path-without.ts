/** A PATH as the test process has it, minus some programs (to show a route taken where one is missing). */
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Makes `dir` hold a link to every program of PATH's directories except `missing`, and returns it as a PATH. */
export function pathWithout(missing: readonly string[], dir: string, path = process.env.PATH ?? ''): string {
  mkdirSync(dir, { recursive: true });
  for (const from of path.split(':').filter(Boolean)) {
    let names: string[];
    try {
      names = readdirSync(from);
    } catch {
      continue;
    }
    for (const name of names) {
      if (missing.includes(name)) continue;
      try {
        symlinkSync(join(from, name), join(dir, name));
      } catch {
        // an earlier directory's program of that name wins, as on PATH
      }
    }
  }
  return dir;
}
