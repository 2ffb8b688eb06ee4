/**
 * `npm run docs` (bun scripts/docs.ts): regenerates what is derived from the source, so it never
 * drifts from it. CI runs it and fails when the tree changes.
 *   - actions/<op>/action.yml for every operation in the registry (src/core/operations.ts);
 *     actions not yet in the registry keep their hand-written action.yml;
 *   - actions/<op>/README.md from each action.yml, with the action-docs package;
 *   - docs/troubleshooting.md from the error catalogue (src/core/error-catalogue.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OPERATIONS } from '../src/core/operations.js';
import { actionYml } from './docs/action-yml.js';
import { troubleshootingMarkdown } from './docs/troubleshooting.js';

const root = join(import.meta.dirname, '..');

function write(path: string, text: string): void {
  // A new operation's actions/<op>/ folder is made here too.
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  process.stdout.write(`${path}\n`);
}

for (const op of OPERATIONS) write(join('actions', op.name, 'action.yml'), actionYml(op));

for (const name of readdirSync(join(root, 'actions')).sort()) {
  const yml = join(root, 'actions', name, 'action.yml');
  if (!existsSync(yml)) continue;
  const body = execFileSync(join(root, 'node_modules/.bin/action-docs'), ['-s', yml, '--no-banner', '-n', '-t', '2'], {
    cwd: root,
    encoding: 'utf8',
  });
  const header = `<!-- Generated from action.yml by \`npm run docs\` (action-docs); do not edit. -->\n\n`;
  const usage = `\n## Usage\n\n\`\`\`yaml\n- uses: aza-pg/actions/actions/${name}@v0\n  with:\n    # see Inputs\n\`\`\`\n\nGuide: [docs/${name}.md](../../docs/${name}.md)\n`;
  write(join('actions', name, 'README.md'), `${header}${body.trim()}\n${usage}`);
}

write(join('docs', 'troubleshooting.md'), troubleshootingMarkdown());
