/**
 * action.yml is the registry's option table rendered (npm run docs): for an operation in the
 * registry it must equal the generated one field by field (name, description, default, required,
 * outputs, branding, runs) and byte for byte, so an input can neither be silently ignored nor be
 * unreachable from a workflow, and no default or description drifts from the table. Actions not yet
 * in the registry keep a hand-written action.yml, checked by input names against their option table.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import type { OptionSpec } from '../../src/core/inputs.js';
import { findOperation, OPERATIONS } from '../../src/core/operations.js';
import { PROMOTE_OPTIONS } from '../../src/core/promote/settings.js';
import { CERT_OPTIONS } from '../../src/core/certs/settings.js';
import { actionDefinition, actionYml } from '../../scripts/docs/action-yml.js';

const root = join(import.meta.dirname, '..', '..');

/** Actions whose operation is not in the registry yet, and their option tables. */
const LEGACY_OPTIONS: Record<string, readonly OptionSpec[]> = {
  promote: PROMOTE_OPTIONS,
  'ssl-certs': CERT_OPTIONS,
};

const actions = readdirSync(join(root, 'actions')).filter((d) => existsSync(join(root, 'actions', d, 'action.yml')));
const ymlOf = (op: string) => readFileSync(join(root, 'actions', op, 'action.yml'), 'utf8');

test('every action is an operation of the registry or listed here with its option table', () => {
  const unknown = actions.filter((a) => !findOperation(a) && !LEGACY_OPTIONS[a]);
  expect(unknown).toEqual([]);
  for (const op of OPERATIONS) expect(actions).toContain(op.name);
});

describe.each(OPERATIONS.map((op) => [op.name, op] as const))('actions/%s/action.yml (generated)', (name, op) => {
  const doc = loadYaml(ymlOf(name)) as ReturnType<typeof actionDefinition>;
  const expected = actionDefinition(op);

  test('name, description, author, branding and runs are the registry entry', () => {
    expect({ ...doc, inputs: undefined, outputs: undefined }).toEqual({ ...expected, inputs: undefined, outputs: undefined });
    expect(doc.runs).toEqual({ using: 'node24', main: `../../dist/${name}/index.js` });
  });

  test('inputs are the action-side options, each with the description, default and required of the table', () => {
    expect(Object.keys(doc.inputs)).toEqual(op.options.filter((o) => o.only !== 'cli').map((o) => o.name));
    for (const [input, spec] of Object.entries(expected.inputs)) expect({ input, ...doc.inputs[input] }).toEqual({ input, ...spec });
    // A static default of the table is the action's default too, as text.
    for (const o of op.options.filter((x) => x.only !== 'cli' && x.default !== undefined))
      expect(doc.inputs[o.name]?.default).toBe(String(o.default));
  });

  test('outputs are the outputSpecs', () => {
    expect(Object.keys(doc.outputs)).toEqual(op.outputSpecs.map((o) => o.name));
    expect(doc.outputs).toEqual(expected.outputs);
  });

  test('the file is exactly what npm run docs writes', () => {
    expect(ymlOf(name)).toBe(actionYml(op));
  });

  test('the generated README lists every input and output', () => {
    const readme = readFileSync(join(root, 'actions', name, 'README.md'), 'utf8');
    for (const key of [...Object.keys(doc.inputs), ...Object.keys(doc.outputs)]) expect(readme).toContain(`\`${key}\``);
    expect(readme).toContain(doc.description);
  });
});

const legacy = actions.filter((a) => !findOperation(a));
describe.each(legacy.length ? legacy : ['(none)'])('actions/%s/action.yml (hand-written until its operation is in the registry)', (op) => {
  if (op === '(none)') {
    test('every action is generated', () => expect(legacy).toEqual([]));
    return;
  }
  const doc = loadYaml(ymlOf(op)) as { inputs: Record<string, { description: string }>; runs: { using: string; main: string } };

  test('inputs are exactly the action-side options of the core', () => {
    const expected = (LEGACY_OPTIONS[op] ?? []).filter((o) => o.only !== 'cli').map((o) => o.name);
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
