/**
 * An interrupted process lets its children exit before its cleanups remove what they were writing.
 * A real child: a shell that, on SIGTERM, still writes into the directory for a moment (as initdb
 * does while it fills a data directory). Without the wait, the cleanup removed the directory first
 * and the child made it again. The child is started without the parent-death signal here, so it
 * outlives a parent that does not wait, as it would where setpriv is missing.
 */
import { expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../harness/restore-helpers.js';

const SCRIPT = `
import { rmSync } from 'node:fs';
import { installInterruptHandlers, onInterrupt, run } from ${JSON.stringify(join(ROOT, 'src/core/exec.ts'))};
const dir = process.env.WORK_DIR;
installInterruptHandlers();
onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
const writer = 'trap \\'sleep 0.3; mkdir -p "$WORK_DIR/written-after-term"; exit 0\\' TERM; echo ready; while :; do sleep 0.05; done';
void run('sh', ['-c', writer], { env: process.env, allowFailure: true });
setTimeout(() => process.kill(process.pid, 'SIGTERM'), 500);
`;

test('SIGTERM: children exit before the cleanups run, so nothing they write survives the cleanup', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'aza-interrupt-'));
  const work = join(parent, 'work');
  mkdirSync(work);
  try {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/bun'), ['-e', SCRIPT], {
      env: { ...process.env, WORK_DIR: work, AZA_PG_NO_PDEATHSIG: '1' },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 143, stderr: '' });
    // A child that outlived its parent would write within 0.3 s.
    await new Promise((res) => setTimeout(res, 1000));
    expect(existsSync(work)).toBe(false);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}, 60000);
