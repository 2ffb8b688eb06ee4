/**
 * Each action.yml must declare exactly the options its core accepts (minus CLI-only ones), so an
 * input can neither be silently ignored nor be unreachable from a workflow.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import type { OptionSpec } from '../../src/core/inputs.js';
import { BACKUP_OPTIONS } from '../../src/core/backup/settings.js';
import { PROMOTE_OPTIONS } from '../../src/core/promote/settings.js';
import { CERT_OPTIONS } from '../../src/core/certs/settings.js';
import { RESTORE_OPTIONS } from '../../src/core/restore/settings.js';
import { VERIFY_OPTIONS } from '../../src/core/verify/settings.js';
import { PRUNE_OPTIONS } from '../../src/core/prune/settings.js';

const root = join(import.meta.dirname, '..', '..');

/** Every published action and the option table of its core. */
const OPTIONS_BY_ACTION: Record<string, readonly OptionSpec[]> = {
  backup: BACKUP_OPTIONS,
  promote: PROMOTE_OPTIONS,
  'ssl-certs': CERT_OPTIONS,
  restore: RESTORE_OPTIONS,
  verify: VERIFY_OPTIONS,
  prune: PRUNE_OPTIONS,
};

const actions = readdirSync(join(root, 'actions')).filter((d) => existsSync(join(root, 'actions', d, 'action.yml')));

test('every action is listed here with its option table', () => {
  expect(actions.sort()).toEqual(Object.keys(OPTIONS_BY_ACTION).sort());
});

describe.each(actions)('actions/%s/action.yml', (op) => {
  const doc = loadYaml(readFileSync(join(root, 'actions', op, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { description: string; default?: string }>;
    runs: { using: string; main: string };
  };

  test('inputs are exactly the action-side options of the core', () => {
    const expected = (OPTIONS_BY_ACTION[op] ?? []).filter((o) => o.only !== 'cli').map((o) => o.name);
    expect(Object.keys(doc.inputs).sort()).toEqual([...expected].sort());
  });

  test('every input is described, and runs on node24 from its bundle', () => {
    for (const [name, input] of Object.entries(doc.inputs))
      expect(`${name}: ${input.description ?? ''}`.length).toBeGreaterThan(name.length + 10);
    expect(doc.runs).toEqual({ using: 'node24', main: `../../dist/${op}/index.js` });
  });

  test('the generated README is current', () => {
    const readme = readFileSync(join(root, 'actions', op, 'README.md'), 'utf8');
    for (const name of Object.keys(doc.inputs)) expect(readme).toContain(`\`${name}\``);
  });
});
