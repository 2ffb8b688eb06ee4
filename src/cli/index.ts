/**
 * The `aza-pg` command: dispatches to the operation of the catalog (src/core/operation-catalog.ts), loading only that one. The spec's scripts
 * (scripts/tools/*.ts) call `main` with the operation name first.
 */
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { findOperationEntry, OPERATION_CATALOG } from '../core/operation-catalog.js';
import { AZA_PG_VERSION } from '../core/version.js';

function usage(): string {
  const listed: Array<[string, string]> = OPERATION_CATALOG.map((op) => [op.command ?? op.name, op.description]);
  const width = Math.max(...listed.map(([n]) => n.length)) + 2;
  return [
    'Usage: aza-pg <command> [arguments] [options]',
    '',
    'Day-2 operations for self-hosted PostgreSQL.',
    '',
    'Commands:',
    ...listed.map(([name, text]) => `  ${name.padEnd(width)}${text}`),
    '',
    'Run "aza-pg <command> --help" for its options.',
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`aza-pg ${VERSION}\n`);
    return 0;
  }
  // Only the operation asked for is loaded, and the runner with it.
  const entry = findOperationEntry(name);
  if (entry) {
    const [op, { runCommand }] = await Promise.all([entry.load(), import('./runner.js')]);
    return runCommand(op, rest);
  }
  process.stderr.write(`✗ Error: Unknown command "${name}"\n\n${usage()}\n`);
  return 2;
}

export const VERSION = AZA_PG_VERSION;

/** Runs main and sets the exit code; used by the bin and the spec's script shims. */
export async function runCli(argv: readonly string[]): Promise<void> {
  process.exitCode = await main(argv);
}

// Started directly (the bundle in dist/cli, or `node src/cli/index.ts` under a TS runtime).
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  await runCli(process.argv.slice(2));
}
