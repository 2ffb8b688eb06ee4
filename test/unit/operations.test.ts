/**
 * Every operation in the registry keeps the whole contract (src/core/operation.ts), so the generic
 * faces can run it and a reader who knows one operation knows them all.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS, findOperation } from '../../src/core/operations.js';
import { OPERATION_CATALOG, findOperationEntry } from '../../src/core/operation-catalog.js';

const root = join(import.meta.dirname, '..', '..');

test('names are unique command names and findOperation finds each', () => {
  // A command may differ from its action's name (setup-client, setup-pg-client): both find it.
  const names = OPERATIONS.flatMap((op) => (op.command ? [op.name, op.command] : [op.name]));
  expect(new Set(names).size).toBe(names.length);
  for (const op of OPERATIONS) {
    expect(op.name).toMatch(/^[a-z][a-z-]*$/);
    expect(findOperation(op.name)).toBe(op);
    if (op.command) expect(findOperation(op.command)).toBe(op);
  }
});

test('the CLI catalog lists every operation of the registry, in its order, with its command and description, and loads it', async () => {
  expect(OPERATION_CATALOG.map((e) => [e.name, e.command, e.description])).toEqual(
    OPERATIONS.map((op) => [op.name, op.command, op.description]),
  );
  for (const op of OPERATIONS) {
    const entry = findOperationEntry(op.command ?? op.name)!;
    expect(await entry.load()).toBe(op);
    expect(findOperationEntry(op.name)).toBe(entry);
  }
});

describe.each(OPERATIONS.map((op) => [op.name, op] as const))('%s', (name, op) => {
  test('has every required part of the contract', () => {
    for (const part of ['settings', 'gather', 'plan', 'describe', 'run', 'outputs', 'summary'] as const)
      expect(typeof op[part]).toBe('function');
    for (const part of ['secrets', 'plannedOutputs', 'failureOutputs', 'release', 'beforePrompt'] as const)
      expect(['undefined', 'function']).toContain(typeof op[part]);
    expect(op.description.length).toBeGreaterThan(20);
    expect(op.branding.icon).toBeTruthy();
    expect(op.branding.color).toBeTruthy();
    expect(op.cli.usage.startsWith(`aza-pg ${op.command ?? name}`)).toBe(true);
    expect(op.outputSpecs.length).toBeGreaterThan(0);
  });

  test('the option table: unique names, described, positionals numbered from 0, action-only inputs are no positionals', () => {
    const names = op.options.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const o of op.options) {
      expect(o.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(o.description.length).toBeGreaterThan(3);
      if (o.only === 'action') expect(o.positional).toBeUndefined();
      if (o.flag) expect(typeof (o.default ?? false)).toBe('boolean');
    }
    const positions = op.options.flatMap((o) => (o.positional === undefined ? [] : [o.positional])).sort((a, b) => a - b);
    expect(positions).toEqual(positions.map((_, i) => i));
    const shorts = op.options.flatMap((o) => (o.short ? [o.short] : []));
    expect(new Set([...shorts, 'h']).size).toBe(shorts.length + 1);
  });

  test('output names are unique', () => {
    const outs = op.outputSpecs.map((o) => o.name);
    expect(new Set(outs).size).toBe(outs.length);
  });

  test('its action entry only runs it (no per-operation face code)', () => {
    const entry = join(root, 'src', 'actions', `${name}.ts`);
    expect(existsSync(entry)).toBe(true);
    const code = readFileSync(entry, 'utf8');
    expect(code.split('\n').length).toBeLessThanOrEqual(25);
    expect(code).toMatch(/await runAction\(\w+\);/);
    expect(existsSync(join(root, 'src', 'cli', `${name}.ts`))).toBe(false);
  });
});
