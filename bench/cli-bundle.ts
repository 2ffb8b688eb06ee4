/**
 * The `aza-pg` command as users run it, for the benchmarks that time whole commands: the CLI
 * bundled with ncc (as the published bin is) into a directory of its own, run under Node.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../src/core/exec.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Bundles src/cli into `dir`; returns the script to give Node (`node <it> restore …`). */
export async function bundleCli(dir: string): Promise<string> {
  await run(
    join(ROOT, 'node_modules/.bin/ncc'),
    ['build', join(ROOT, 'src/cli/index.ts'), '-o', dir, '--target', 'es2022', '--no-source-map-register', '-q'],
    { cwd: ROOT },
  );
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  // As bin/aza-pg.js runs it: with Node's compile cache, so later starts skip compiling the bundle.
  writeFileSync(
    join(dir, 'bin.mjs'),
    "import module from 'node:module';\nmodule.enableCompileCache?.();\nconst { runCli } = await import('./index.js');\nawait runCli(process.argv.slice(2));\n",
  );
  return join(dir, 'bin.mjs');
}
