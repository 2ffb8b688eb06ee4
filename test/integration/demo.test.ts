/**
 * `npm run demo` end to end, as the README tells a newcomer to run it, and interrupted midway: by
 * Ctrl-C (SIGINT to the whole foreground process group, as a terminal sends it) and by a kill
 * (SIGTERM to the demo's process alone). Each run gets its own TMPDIR, so "nothing left" is
 * exact: the directory is empty afterwards and no process names it (the servers run as
 * `postgres -D <TMPDIR>/aza-pg-cluster-…/data`).
 */
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../harness/restore-helpers.js';

const BUN = join(ROOT, 'node_modules/.bin/bun');

let tmp: string;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'aza-demo-test-'));
  // The servers run as an unprivileged user when we are root: it must reach its directories.
  chmodSync(tmp, 0o755);
});

afterEach(() => {
  // A failed run must not leave its servers to the next test: immediate shutdown (SIGQUIT) of any
  // postmaster still naming the directory, after the assertions have recorded it.
  for (const line of processesInTmp()) {
    const m = /^\s*(\d+)\s+\S*postgres -D /.exec(line);
    if (m) process.kill(Number(m[1]), 'SIGQUIT');
  }
  rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(cmd: string, args: string[], opts: { detached?: boolean } = {}): Run {
  // node's compile cache (npm runs on node) would be the only other entry in TMPDIR: not ours.
  const env = { ...process.env, TMPDIR: tmp, NODE_DISABLE_COMPILE_CACHE: '1' };
  const child = spawn(cmd, args, { cwd: ROOT, env, detached: opts.detached });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

async function waitForOutput(r: Run, text: string, timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!r.output().includes(text)) {
    if (r.child.exitCode !== null) throw new Error(`the demo ended before "${text}":\n${r.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" after ${timeoutMs / 1000} s:\n${r.output()}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** Processes whose command line names the test's TMPDIR: the demo's servers, pg_dump, psql. */
function processesInTmp(): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((l) => l.includes(tmp));
}

function leftovers(): { files: string[]; processes: string[] } {
  return { files: readdirSync(tmp), processes: processesInTmp() };
}

test('npm run demo: primary and replica, backup, verify, restore, TLS verify-full, failover, prune dry run, status, report; nothing left', async () => {
  const r = start('npm', ['run', '--silent', 'demo']);
  const { code } = await r.exited;
  const out = r.output();
  expect({ code, tail: out.slice(-3000) }).toEqual({ code: 0, tail: expect.any(String) });
  expect(out).toMatch(/Replica on 127\.0\.0\.1:\d+, streaming from the primary/);
  expect(out).toContain('✓ gunzip -t passes on both files');
  expect(out).toMatch(/Restore test of backup_pgbench_\S+: passed/);
  expect(out).toMatch(/✓ verify-full session: TLSv1\.[23]/);
  expect(out).toContain('✓ backup over verify-full TLS');
  // The drill on the two data directories: RPO 0 proven by the canary, the old primary rewound.
  expect(out).toMatch(/✓ the replica is the primary; the old primary streams from it: RTO \d+\.\d+ s, RPO 0 bytes/);
  expect(out).toMatch(/Replicas +\S+ \(streaming\)/);
  // Two northwind backups (before and after TLS): the default policy keeps the newer of the day.
  expect(out).toMatch(/would delete {2}backup_northwind_/);
  expect(out).toContain('Dry run: nothing was deleted');
  expect(out).toMatch(/PostgreSQL status: OK/);
  expect(out).toMatch(/Nodes +2 given, 2 up/);
  expect(out).toMatch(/\n {2}old-primary +replica /);
  expect(out).toMatch(/Demo report \([\d.]+ s in all\)/);
  for (const stage of [
    'Backup (aza-pg backup)',
    'Restore test (aza-pg verify)',
    'Failover',
    'Retention dry run',
    'Status (aza-pg status)',
  ]) {
    expect(out).toMatch(new RegExp(`\\n {2}${stage.replace(/[()]/g, '\\$&')}.* s: `));
  }
  expect(leftovers()).toEqual({ files: [], processes: [] });
}, 300000);

test('Ctrl-C during the restore test (SIGINT to the process group): exit 130, no server, no temp dir left', async () => {
  const r = start('npm', ['run', '--silent', 'demo'], { detached: true });
  // The restore test runs in a third, throw-away cluster of verify's own: three servers are up.
  await waitForOutput(r, '— Restore test (aza-pg verify) —');
  await waitForOutput(r, '✓ Start a throw-away PostgreSQL');
  expect(readdirSync(tmp).filter((n) => n.startsWith('aza-pg-cluster-')).length).toBeGreaterThanOrEqual(2);
  process.kill(-r.child.pid!, 'SIGINT');
  // npm waits for the demo, then ends itself by the same signal, as a shell expects of Ctrl-C.
  const { code, signal } = await r.exited;
  expect({ ended: code === 130 || signal === 'SIGINT', out: r.output().slice(-1500) }).toEqual({
    ended: true,
    out: expect.stringContaining('Received SIGINT: stopping child processes'),
  });
  expect(leftovers()).toEqual({ files: [], processes: [] });
}, 300000);

test.each([
  ['SIGTERM', 'the certificates step', 143, '— Certificates and TLS'],
  // The drill has stopped the old primary and is rewinding it: a server may start during the cleanup.
  ['SIGINT', 'the rejoin of the old primary', 130, '▸ Rejoin '],
] as const)(
  '%s to the demo alone during %s: exit %i, no server, no temp dir left',
  async (signal, _when, exitCode, marker) => {
    const r = start(BUN, ['scripts/demo.ts']);
    await waitForOutput(r, marker);
    r.child.kill(signal);
    const { code } = await r.exited;
    expect({ code, out: r.output().slice(-1500) }).toEqual({ code: exitCode, out: expect.stringContaining(`Received ${signal}`) });
    expect(leftovers()).toEqual({ files: [], processes: [] });
  },
  300000,
);
