/**
 * The benchmark's child process for `aza-pg backup`: bench/backup.ts bundles this file with ncc
 * and runs it under Node (the runtime the action and the bin use), under /usr/bin/time for the
 * peak RSS.
 *
 *   node driver.js run <aza-pg backup arguments...>   the CLI's own code path (argv parsing,
 *       settings, runBackup) with a silent reporter; prints the result's timings as one JSON line
 *   node driver.js cli <aza-pg backup arguments...>   the `aza-pg backup` command itself
 */
import { backup } from '../src/core/backup/index.js';
import { execute } from '../src/core/operation.js';
import { silentReporter } from '../src/core/report.js';
import { installInterruptHandlers } from '../src/core/exec.js';
import { parseCommandLine, runCommand } from '../src/cli/runner.js';

export interface DriverResult {
  writeSeconds: number;
  durationSeconds: number;
  sizeBytes: number;
  uncompressedBytes: number | null;
}

async function main(argv: string[]): Promise<number> {
  const [mode, ...rest] = argv;
  if (mode === 'cli') return runCommand(backup, rest);
  if (mode !== 'run') {
    process.stderr.write('usage: driver.js run|cli <aza-pg backup arguments...>\n');
    return 2;
  }
  installInterruptHandlers();
  const cl = parseCommandLine(rest, backup);
  const r = await execute(backup, backup.settings(cl.inputs, process.env, process.cwd()), { env: process.env }, silentReporter);
  const out: DriverResult = {
    writeSeconds: r.writeSeconds,
    durationSeconds: r.durationSeconds,
    sizeBytes: r.sizeBytes,
    uncompressedBytes: r.manifest?.uncompressedBytes ?? null,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}

// No top-level await: the bench bundles this with ncc --transpile-only, which does not allow it.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
