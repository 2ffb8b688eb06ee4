// Builds one ncc bundle per action (dist/<op>/index.js, from src/actions/<op>.ts) plus the CLI
// (dist/cli/index.js). Each bundle is ESM, so each dist folder gets a package.json saying so.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// npm run release bundles into a staging directory of its own instead of the working tree's dist/.
const distRoot = process.env.AZA_PG_DIST_DIR || join(root, 'dist');
const ops = readdirSync(join(root, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')))
  .map((d) => d.name)
  .sort();

const targets = [...ops.map((op) => ({ name: op, entry: `src/actions/${op}.ts` })), { name: 'cli', entry: 'src/cli/index.ts' }];
const only = process.argv.slice(2);

for (const { name, entry } of targets) {
  if (only.length && !only.includes(name)) continue;
  const out = join(distRoot, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  process.stdout.write(`bundling ${entry} -> ${out}/index.js\n`);
  execFileSync(
    join(root, 'node_modules/.bin/ncc'),
    ['build', entry, '-o', out, '--target', 'es2022', '--no-source-map-register', '-q', '--license', 'licenses.txt'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
}
