/** ssl-certs through its operation, as the faces run it (gather, plan, consent, run, summary), in process. */
import { expect } from '@jest/globals';
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { sslCerts, type CertResult, type CheckResult } from '../../src/core/certs/index.js';
import { AzaError } from '../../src/core/errors.js';
import { Inputs, type RawInputs } from '../../src/core/inputs.js';
import { execute } from '../../src/core/operation.js';
import { MemoryReporter } from '../../src/core/report.js';

/** Generates with action inputs (overwrite is an action input); existing certificates are refused, as in a workflow. */
export async function generateCerts(raw: RawInputs, env: NodeJS.ProcessEnv = {}, reporter = new MemoryReporter()): Promise<CertResult> {
  const settings = sslCerts.settings(new Inputs(raw, 'action', sslCerts.options), env, process.cwd());
  const result = await execute(sslCerts, settings, { env }, reporter);
  if (result.kind !== 'generate') throw new AzaError('INTERNAL', 'expected generated certificates');
  reporter.table(sslCerts.summary(result)!);
  return result;
}

/** Checks `path` at `now` (default: the clock); the summary goes to the reporter, as a face prints it. */
export async function checkCerts(path: string, warnDays: number, reporter = new MemoryReporter(), now?: Date): Promise<CheckResult> {
  const result = await execute(sslCerts, { action: 'check', path, warnDays }, { env: {}, ...(now ? { now: () => now } : {}) }, reporter);
  if (result.kind !== 'check') throw new AzaError('INTERNAL', 'expected a check result');
  reporter.table(sslCerts.summary(result)!);
  return result;
}

/**
 * The certificate files a directory shows (its fixed names), without the link layout's own
 * entries (`..data`, the set directories): the same list for a directory of regular files.
 */
export function certFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('..'))
    .sort();
}

/**
 * The layout publishCertSet makes: every name a link `name -> ..data/name`, `..data` a link to
 * the one set directory there is, which holds exactly `names` as regular files.
 */
export function expectLinkLayout(dir: string, names: readonly string[]): void {
  const links = names.map((n) => [n, readlinkSync(join(dir, n))]);
  expect(links).toEqual(names.map((n) => [n, `..data/${n}`]));
  const setDirs = readdirSync(dir).filter((n) => n.startsWith('..') && n !== '..data');
  expect(setDirs).toHaveLength(1);
  expect(readlinkSync(join(dir, '..data'))).toBe(setDirs[0]);
  expect(readdirSync(join(dir, setDirs[0]!)).sort()).toEqual([...names].sort());
  for (const n of names) expect([n, lstatSync(join(dir, setDirs[0]!, n)).isFile()]).toEqual([n, true]);
}
