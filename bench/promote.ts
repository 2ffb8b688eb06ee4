/**
 * Promotion, whole command against the spec's procedure (issue 16): `aza-pg promote … -n -y` as a
 * user runs it (the CLI bundle under Node: the checks, the split-brain guard's facts, the online
 * promotion, the verification write, the summary) against the spec script's flow (stop the
 * replica, start it, pg_ctl promote, remove standby.signal, restart), on the same setup in the
 * same run, the two interleaved (ours, spec, ours, spec …) and compared pair by pair.
 *
 * For each run a fresh primary + streaming replica is made and the primary stopped (the failover
 * situation). The clock starts when the command (or the script's first command) starts. Figures:
 *   - first write: a client retrying a write all along first gets one through (the spec flow has
 *     a short window between its promote and its restart where writes get through, then go away);
 *   - whole: the command (or the script) has finished; writes are accepted from then on.
 * Container runs probe through one psql session inside the container (a few ms per attempt; a new
 * `docker exec` only while the server is down); data-dir runs with psql over TCP (a few ms).
 *
 * Run: node_modules/.bin/bun bench/promote.ts   (AZA_PG_BENCH_ROUNDS, default 3; BENCH_NODE)
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCluster, type Cluster } from '../src/core/cluster.js';
import { AzaError } from '../src/core/errors.js';
import { run } from '../src/core/exec.js';
import { PSQL_QUERY_ARGS, PsqlSession } from '../src/core/pg.js';
import { openTarget } from '../src/core/target.js';
import { dockerStatus, startContainerPair, type PgContainer } from '../test/harness/docker.js';
import { bundleCli } from './cli-bundle.js';

type Flow = 'online' | 'spec';

interface Sample {
  firstWriteMs: number;
  stableMs: number;
}

const WRITE_SQL = 'SELECT txid_current()';
/** A write that is no error during recovery (an error would end the probe's session). */
const PROBE_SQL = 'SELECT CASE WHEN pg_is_in_recovery() THEN NULL ELSE txid_current() END';

let cli = '';
const node = () => process.env.BENCH_NODE ?? 'node';

/** Writes through one psql session inside the container; a new `docker exec` only after it broke. */
function containerProbe(c: PgContainer): { write: () => Promise<boolean>; close: () => void } {
  const session = new PsqlSession('psql', { host: '', port: 0, user: 'postgres', database: 'postgres' }, process.env, 'postgres', {
    reopen: true,
    launch: {
      cmd: 'docker',
      args: ['exec', '-i', '-u', 'postgres', c.name, 'psql', ...PSQL_QUERY_ARGS, '-U', 'postgres'],
      env: process.env,
      failure: (code, stderr) => new AzaError('SQL_FAILED', `probe: ${code} ${stderr.trim()}`),
    },
  });
  return {
    write: async () => {
      try {
        return ((await session.query(PROBE_SQL))[0]?.[0] ?? '') !== '';
      } catch {
        return false;
      }
    },
    close: () => session.kill(),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Retries `write` until `stop()`; records when the first attempt succeeded. */
function startWriteProbe(write: () => Promise<boolean>, t0: number): { first: () => number | undefined; stop: () => Promise<void> } {
  let first: number | undefined;
  let running = true;
  const loop = (async () => {
    while (running && first === undefined) {
      if (await write()) first = performance.now() - t0;
      else await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    first: () => first,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function untilWrite(write: () => Promise<boolean>, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await write())) {
    if (Date.now() > deadline) throw new Error('no write accepted within 60 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ---------------------------------------------------------------------------------------------

async function containerRun(flow: Flow): Promise<Sample> {
  const pair = await startContainerPair();
  const replica: PgContainer = pair.replica;
  const probeSession = containerProbe(replica);
  try {
    await pair.primary.stop();
    const write = probeSession.write;
    await write(); // the session is open before the clock starts
    const sh = (args: string[], user = 'postgres') => run('docker', ['exec', '-u', user, replica.name, ...args]);

    const t0 = performance.now();
    const probe = startWriteProbe(write, t0);
    if (flow === 'online') {
      await run(node(), [cli, 'promote', '-c', replica.name, '-n', '-y']);
    } else {
      // The spec's script: stop, start, pg_ctl promote, verify, remove standby.signal, restart.
      await run('docker', ['stop', replica.name]);
      await run('docker', ['start', replica.name]);
      await untilAccepting(replica);
      await sh(['pg_ctl', 'promote', '-w', '-D', '/var/lib/postgresql/data']);
      await sh(['psql', '-U', 'postgres', '-Atc', 'SELECT pg_is_in_recovery()']);
      await sh(['rm', '-f', '/var/lib/postgresql/data/standby.signal']);
      await run('docker', ['restart', replica.name]);
    }
    const stableMs = performance.now() - t0;
    await untilWrite(write);
    await probe.stop();
    return { firstWriteMs: probe.first() ?? stableMs, stableMs };
  } finally {
    probeSession.close();
    await pair.remove();
  }
}

async function untilAccepting(c: PgContainer): Promise<void> {
  const deadline = Date.now() + 60000;
  while ((await c.psql('SELECT 1')).code !== 0) {
    if (Date.now() > deadline) throw new Error(`${c.name} did not start`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---------------------------------------------------------------------------------------------

async function dataDirRun(flow: Flow): Promise<Sample> {
  const primary = await createCluster();
  let replica: Cluster | undefined;
  try {
    replica = await primary.createReplica();
    await primary.stop();
    const r = replica;
    const write = async () => {
      try {
        await r.query(WRITE_SQL);
        return true;
      } catch {
        return false;
      }
    };
    const pgCtl = (args: string[]) => r.runAsOwner('pg_ctl', ['-D', r.dataDir, ...args]);
    const target = await openTarget({ kind: 'data-dir', dataDir: r.dataDir, user: r.superuser, database: 'postgres' });

    const t0 = performance.now();
    const probe = startWriteProbe(write, t0);
    if (flow === 'online') {
      await run(node(), [cli, 'promote', '--target', 'data-dir', '-d', r.dataDir, '--user', r.superuser, '-n', '-y']);
    } else {
      await pgCtl(['-m', 'fast', '-w', 'stop']);
      await pgCtl(['-l', r.logFile, '-w', 'start']);
      await pgCtl(['-w', 'promote']);
      await r.query('SELECT pg_is_in_recovery()');
      await target.removeFile(`${r.dataDir}/standby.signal`);
      await pgCtl(['-m', 'fast', '-l', r.logFile, '-w', 'restart']);
    }
    const stableMs = performance.now() - t0;
    await untilWrite(write);
    await probe.stop();
    return { firstWriteMs: probe.first() ?? stableMs, stableMs };
  } finally {
    await replica?.destroy();
    await primary.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (xs: number[]) => `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
const ratios = (a: number[], b: number[]) => {
  const r = a.map((x, i) => x / b[i]!);
  return `${median(r).toFixed(2)} (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
};

function rows(target: string, ours: Sample[], spec: Sample[]): string[] {
  const first = (s: Sample[]) => s.map((x) => x.firstWriteMs);
  const whole = (s: Sample[]) => s.map((x) => x.stableMs);
  return [
    `| ${target} | **aza-pg promote -n -y** (whole command) | ${ours.length} | ${spread(first(ours))} | ${spread(whole(ours))} | ${ratios(first(ours), first(spec))} | ${ratios(whole(ours), whole(spec))} |`,
    `| ${target} | spec script: stop/start/promote/restart | ${spec.length} | ${spread(first(spec))} | ${spread(whole(spec))} | 1.00 | 1.00 |`,
  ];
}

/** Runs every flow `rounds` times, interleaved, and returns a markdown table. */
export async function runPromoteBench(rounds = Number(process.env.AZA_PG_BENCH_ROUNDS ?? 3)): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'aza-bench-promote-'));
  try {
    process.stderr.write('  bundling the CLI with ncc\n');
    cli = await bundleCli(join(dir, 'cli'));
    const lines = [
      '### Promotion: whole command against the spec procedure',
      '',
      `On a replica whose primary was just stopped, from the start of the command (or of the script's first command); ${rounds} pairs, interleaved (ours, spec, ours, spec …), median with (min–max); the ratio is ours / spec per pair. "First write": a client retrying a write all along first gets one through. "Whole": the command or script has finished (ours exits after its own verified write and the standby.signal check). Ours is the CLI bundle under ${node()}, without the pre-promotion backup (-n), without a prompt (-y).`,
      '',
      '| Target | Flow | Runs | First write | Whole | First write, ratio | Whole, ratio |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ];
    const docker = await dockerStatus();
    const targets: Array<[string, (flow: Flow) => Promise<Sample>]> = [['data-dir (pg_ctl)', dataDirRun]];
    if (docker.available) targets.unshift(['container (docker)', containerRun]);
    const goals: string[] = [];
    for (const [name, once] of targets) {
      const samples: Record<Flow, Sample[]> = { online: [], spec: [] };
      for (let i = 0; i < rounds; i++) {
        for (const flow of ['online', 'spec'] as const) samples[flow].push(await once(flow));
        process.stderr.write(
          `  ${name}: pair ${i + 1}: ours ${f(samples.online.at(-1)!.stableMs)}, spec ${f(samples.spec.at(-1)!.stableMs)}\n`,
        );
      }
      lines.push(...rows(name, samples.online, samples.spec));
      if (name.startsWith('container')) {
        const m = median(samples.online.map((s) => s.stableMs));
        goals.push(`- Container, whole command to the verified write ≤ 0.5 s (issue 16): ${f(m)}, **${m <= 500 ? 'met' : 'not met'}**.`);
      }
    }
    if (!docker.available) lines.push('', `Container rows skipped: ${docker.reason}.`);
    if (goals.length) lines.push('', ...goals);
    return lines.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.stdout.write(`${await runPromoteBench()}\n`);
}
