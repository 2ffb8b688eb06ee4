/**
 * Marketplace metadata of every action, as the Marketplace checks it when an action repository
 * is published (npm run release puts action.yml at each repository's root): a unique name, a
 * one-line description, branding with a colour the Marketplace knows and a Feather icon.
 */
import { expect, test } from '@jest/globals';
import { actionDefinition } from '../../scripts/docs/action-yml.js';
import { OPERATIONS } from '../../src/core/operations.js';

const COLORS = ['white', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark'];
// Feather v4 icons the Marketplace accepts (a subset; extend it when an action takes another).
const ICONS = [
  'activity',
  'archive',
  'arrow-up-circle',
  'check-circle',
  'database',
  'download',
  'hard-drive',
  'heart',
  'key',
  'lock',
  'refresh-cw',
  'rotate-ccw',
  'save',
  'scissors',
  'server',
  'shield',
  'terminal',
  'upload',
];

test.each(OPERATIONS.map((op) => [op.name, op] as const))('%s: name, description and branding fit the Marketplace', (name, op) => {
  const a = actionDefinition(op, 'dist/index.js');
  expect(a.name).toBe(`aza-pg ${name}`);
  expect(a.description).toMatch(/^[A-Z][^\n]*\.$/);
  expect(a.description.length).toBeLessThanOrEqual(250);
  expect(a.author).toBe('aza-pg');
  expect(COLORS).toContain(a.branding.color);
  expect(ICONS).toContain(a.branding.icon);
});

test('action names are unique (the Marketplace refuses a second listing of one name)', () => {
  const names = OPERATIONS.map((op) => actionDefinition(op).name);
  expect(new Set(names).size).toBe(names.length);
});
