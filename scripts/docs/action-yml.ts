/**
 * actions/<op>/action.yml from the registry: the operation's name, description and branding, its
 * option table minus the CLI-only options, and its output specs. The option table is the one source
 * of an input's description and default; this file only renders it.
 */
import type { OptionSpec } from '../../src/core/inputs.js';
import type { AnyOperation } from '../../src/core/operation.js';

export interface ActionInput {
  description: string;
  required: boolean;
  default: string;
}

export interface ActionDefinition {
  name: string;
  description: string;
  author: string;
  branding: { icon: string; color: string };
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string }>;
  runs: { using: 'node24'; main: string };
}

/** A table description is a phrase ("Database to back up"); action.yml shows sentences. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/** An input's description: the table's text, what an empty value means, and whether it is masked. */
export function inputDescription(spec: OptionSpec): string {
  const parts = [sentence(spec.description)];
  if (spec.defaultText !== undefined) parts.push(`${spec.default === undefined ? 'Empty' : 'Default'}: ${sentence(spec.defaultText)}`);
  if (spec.secret) parts.push('Masked in logs.');
  return parts.join(' ');
}

/** `main`: where runs.main points; the monorepo's bundle by default, the published tree's own in a release. */
export function actionDefinition(op: AnyOperation, main = `../../dist/${op.name}/index.js`): ActionDefinition {
  const inputs: Record<string, ActionInput> = {};
  for (const spec of op.options) {
    if (spec.only === 'cli') continue;
    inputs[spec.name] = {
      description: inputDescription(spec),
      required: spec.required ?? false,
      // Only a static default belongs here; a default decided at run time is an empty input.
      default: spec.default === undefined ? '' : String(spec.default),
    };
  }
  const outputs: Record<string, { description: string }> = {};
  for (const out of op.outputSpecs) outputs[out.name] = { description: sentence(out.description) };
  return {
    name: `aza-pg ${op.name}`,
    description: sentence(op.description),
    author: 'aza-pg',
    branding: { ...op.branding },
    inputs,
    outputs,
    runs: { using: 'node24', main },
  };
}

/** A YAML scalar in single quotes (the one escape is a doubled quote), the style of hand-written action.yml files. */
function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function actionYml(op: AnyOperation, release?: { main: string; header: string }): string {
  const a = actionDefinition(op, release?.main);
  const lines = [
    release?.header ?? `# Generated from the ${op.name} operation (the registry in src/core/operations.ts) by \`npm run docs\`; do not edit.`,
    `name: ${quoted(a.name)}`,
    `description: ${quoted(a.description)}`,
    `author: ${quoted(a.author)}`,
    'branding:',
    `  icon: ${quoted(a.branding.icon)}`,
    `  color: ${quoted(a.branding.color)}`,
    'inputs:',
  ];
  for (const [name, input] of Object.entries(a.inputs)) {
    lines.push(`  ${name}:`, `    description: ${quoted(input.description)}`, `    required: ${input.required}`, `    default: ${quoted(input.default)}`);
  }
  lines.push('outputs:');
  for (const [name, output] of Object.entries(a.outputs)) lines.push(`  ${name}:`, `    description: ${quoted(output.description)}`);
  lines.push('runs:', `  using: ${quoted(a.runs.using)}`, `  main: ${quoted(a.runs.main)}`);
  return `${lines.join('\n')}\n`;
}
