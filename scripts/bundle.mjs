// Builds one ncc bundle per action (dist/<op>/index.js, from src/actions/<op>.ts) plus the CLI
// (dist/cli/index.js). Each bundle is ESM, so each dist folder gets a package.json saying so.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// npm run release bundles into a staging directory of its own instead of the working tree's dist/.
const distRoot = process.env.AZA_PG_DIST_DIR || join(root, 'dist');
const ops = readdirSync(join(root, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')))
  .map((d) => d.name)
  .sort();

// ncc's own --license writes one list per chunk under one name, so the last chunk's list won and
// the main bundle's packages went missing: the list is made here from the modules of every chunk.
const statsDir = mkdtempSync(join(tmpdir(), 'aza-pg-bundle-'));
process.on('exit', () => rmSync(statsDir, { recursive: true, force: true }));

function licences(stats) {
  const names = new Set();
  const visit = (mods) => {
    for (const m of mods ?? []) {
      for (const id of [m.name, m.identifier]) {
        // The innermost package of a nested node_modules path.
        const found = [...(id ?? '').matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].pop();
        if (found) names.add(found[1]);
      }
      visit(m.modules);
    }
  };
  visit(stats.modules);
  for (const c of stats.chunks ?? []) visit(c.modules);
  const parts = [];
  for (const name of [...names].sort()) {
    const dir = join(root, 'node_modules', name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    parts.push(`${name}\n${pkg.license ?? 'UNKNOWN'}\n${file ? readFileSync(join(dir, file), 'utf8').trim() : ''}\n`);
  }
  return `${parts.join('\n')}`;
}

const targets = [...ops.map((op) => ({ name: op, entry: `src/actions/${op}.ts` })), { name: 'cli', entry: 'src/cli/index.ts' }];
const only = process.argv.slice(2);

for (const { name, entry } of targets) {
  if (only.length && !only.includes(name)) continue;
  const out = join(distRoot, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  process.stdout.write(`bundling ${entry} -> ${out}/index.js\n`);
  const statsFile = join(statsDir, `${name}.json`);
  execFileSync(
    join(root, 'node_modules/.bin/ncc'),
    ['build', entry, '-o', out, '--target', 'es2022', '--no-source-map-register', '-q', '--stats-out', statsFile],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  writeFileSync(join(out, 'licenses.txt'), licences(JSON.parse(readFileSync(statsFile, 'utf8'))));
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
}
