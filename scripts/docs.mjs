// Generates actions/<op>/README.md from each action.yml with the action-docs package, so the
// published reference never drifts from the inputs and outputs. CI fails when they differ.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
for (const op of readdirSync(join(root, 'actions')).sort()) {
  const yml = join(root, 'actions', op, 'action.yml');
  if (!existsSync(yml)) continue;
  const body = execFileSync(join(root, 'node_modules/.bin/action-docs'), ['-s', yml, '--no-banner', '-n', '-t', '2'], {
    cwd: root,
    encoding: 'utf8',
  });
  const header = `<!-- Generated from action.yml by \`npm run docs\` (action-docs); do not edit. -->\n\n`;
  const usage = `\n## Usage\n\n\`\`\`yaml\n- uses: aza-pg/actions/actions/${op}@v0\n  with:\n    # see Inputs\n\`\`\`\n\nGuide: [docs/${op}.md](../../docs/${op}.md)\n`;
  writeFileSync(join(root, 'actions', op, 'README.md'), `${header}${body.trim()}\n${usage}`);
  process.stdout.write(`actions/${op}/README.md\n`);
}
