/**
 * Write-unavailability during promotion: the online flow (pg_promote / pg_ctl promote, no restart)
 * against the spec script's flow (stop the replica, start it, pg_ctl promote, remove
 * standby.signal, restart), on the same setup in the same run.
 *
 * For each run a fresh primary + streaming replica is made and the primary stopped (the failover
 * situation). The clock starts at the promote procedure's first command. Two figures:
 *   - first write: a client retrying a write all along first succeeds (the spec flow has a short
 *     window between its promote and its restart where writes get through, then go away again);
 *   - stable: the procedure has finished and a write succeeds; from then on writes keep working.
 * Container runs probe with `docker exec psql` (about 50 ms per attempt, which bounds the
 * resolution); data-dir runs with psql over TCP (a few ms).
 *
 * Run: node_modules/.bin/bun bench/promote.ts   (AZA_PG_BENCH_ROUNDS, default 3)
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createCluster, type Cluster } from '../src/core/cluster.js';
import { run } from '../src/core/exec.js';
import { openTarget } from '../src/core/target.js';
import { dockerStatus, startContainerPair, type PgContainer } from '../test/harness/docker.js';

type Flow = 'online' | 'spec';

interface Sample {
  firstWriteMs: number;
  stableMs: number;
}

const WRITE_SQL = 'SELECT txid_current()';

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
  try {
    await pair.primary.stop();
    const replica: PgContainer = pair.replica;
    const write = async () => (await replica.psql(WRITE_SQL)).code === 0;
    const sh = (args: string[], user = 'postgres') => run('docker', ['exec', '-u', user, replica.name, ...args]);
    const target = await openTarget({
      kind: 'container',
      container: replica.name,
      dataDir: '/var/lib/postgresql/data',
      user: 'postgres',
      database: 'postgres',
    });

    const t0 = performance.now();
    const probe = startWriteProbe(write, t0);
    if (flow === 'online') {
      await target.promote(60);
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
    await untilWrite(write);
    const stableMs = performance.now() - t0;
    await probe.stop();
    return { firstWriteMs: probe.first() ?? stableMs, stableMs };
  } finally {
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
      await target.promote(60);
    } else {
      await pgCtl(['-m', 'fast', '-w', 'stop']);
      await pgCtl(['-l', r.logFile, '-w', 'start']);
      await pgCtl(['-w', 'promote']);
      await r.query('SELECT pg_is_in_recovery()');
      await target.removeFile(`${r.dataDir}/standby.signal`);
      await pgCtl(['-m', 'fast', '-l', r.logFile, '-w', 'restart']);
    }
    await untilWrite(write);
    const stableMs = performance.now() - t0;
    await probe.stop();
    return { firstWriteMs: probe.first() ?? stableMs, stableMs };
  } finally {
    await replica?.destroy();
    await primary.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

function row(target: string, flow: Flow, samples: Sample[]): string {
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const first = samples.map((s) => s.firstWriteMs);
  const stable = samples.map((s) => s.stableMs);
  const name = flow === 'online' ? 'online (aza-pg default)' : 'stop/start/promote/restart (spec script)';
  return `| ${target} | ${name} | ${samples.length} | ${f(median(first))} (${f(Math.min(...first))}–${f(Math.max(...first))}) | ${f(median(stable))} (${f(Math.min(...stable))}–${f(Math.max(...stable))}) |`;
}

/** Runs every flow `rounds` times, alternating, and returns a markdown table. */
export async function runPromoteBench(rounds = Number(process.env.AZA_PG_BENCH_ROUNDS ?? 3)): Promise<string> {
  const lines = [
    '### Promotion: write unavailability',
    '',
    'From the first command of the promotion procedure to an accepted write (median, with min–max), on a replica whose primary was just stopped. "First write" is when a client retrying all along first gets a write through; "stable" is when the procedure has finished and writes are accepted for good.',
    '',
    '| Target | Flow | Runs | First write | Stable |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  const docker = await dockerStatus();
  const targets: Array<[string, (flow: Flow) => Promise<Sample>]> = [['data-dir (pg_ctl)', dataDirRun]];
  if (docker.available) targets.unshift(['container (docker)', containerRun]);
  for (const [name, once] of targets) {
    const samples: Record<Flow, Sample[]> = { online: [], spec: [] };
    // Alternate the flows so drift on the machine hits both alike.
    for (let i = 0; i < rounds; i++) {
      for (const flow of ['online', 'spec'] as const) samples[flow].push(await once(flow));
    }
    lines.push(row(name, 'online', samples.online), row(name, 'spec', samples.spec));
  }
  if (!docker.available) lines.push('', `Container rows skipped: ${docker.reason}.`);
  return lines.join('\n');
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.stdout.write(`${await runPromoteBench()}\n`);
}
