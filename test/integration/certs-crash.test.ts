/**
 * Crash consistency of a certificate set: killed at any point, the directory holds the old
 * complete set or the new one (every key matches its certificate, the server certificate is
 * signed by the CA beside it, all files from one set), once the next run has finished what the
 * killed one left (publishFileSet's journal; the next run reports it). First each crash point of
 * the renames in turn, then the action killed at random moments (seeded, the seed printed; see
 * test/harness/faults.ts) while it replaces an existing set. Real keys, real openssl.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { cpSync, lstatSync, readlinkSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/core/exec.js';
import { cleanCertSetLeftovers, isSetLink } from '../../src/core/cert-set.js';
import { cleanLeftovers } from '../../src/core/leftovers.js';
import { checkCerts, expectLinkLayout } from '../harness/certs-helpers.js';
import { NODE } from '../harness/node-cli.js';
import { ROOT } from '../harness/restore-helpers.js';
import { cliRun, generator, killedRun, processesNaming, RUNS, SEED, timed } from '../harness/faults.js';

const ACTION = join(ROOT, 'src/actions/ssl-certs.ts');
/** mode ca with one client: three key/certificate pairs, six files. */
const PAIRS = [
  ['ca.key', 'ca.crt'],
  ['server.key', 'server.crt'],
  ['client-app.key', 'client-app.crt'],
] as const;
const SET = PAIRS.flat();

let base: string;
let oldSet: string;
let newSet: string;

function actionEnv(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    INPUT_DIR: dir,
    INPUT_MODE: 'ca',
    'INPUT_CLIENT-USERS': 'app',
    'INPUT_KEY-TYPE': 'ec',
    INPUT_OVERWRITE: 'true',
    GITHUB_OUTPUT: join(base, 'outputs'),
  };
}

async function makeSet(dir: string): Promise<void> {
  const r = await cliRun([], base, actionEnv(dir), ACTION);
  expect({ code: r.code, all: r.code === 0 ? '' : r.all }).toEqual({ code: 0, all: '' });
}

async function openssl(args: string[]): Promise<string> {
  return (await run('openssl', args)).stdout;
}

/** Which set each file is from: 'old', 'new' or 'other' (byte for byte). */
function origins(dir: string): string[] {
  return SET.map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    if (text === readFileSync(join(oldSet, f), 'utf8')) return 'old';
    if (text === readFileSync(join(newSet, f), 'utf8')) return 'new';
    return 'other';
  });
}

/** Every key matches its certificate and the CA signed the others: one consistent set. */
async function expectConsistent(dir: string, context: object): Promise<void> {
  for (const [key, cert] of PAIRS) {
    const fromKey = await openssl(['pkey', '-in', join(dir, key), '-pubout']);
    const fromCert = await openssl(['x509', '-in', join(dir, cert), '-noout', '-pubkey']);
    expect({ ...context, pair: cert, match: fromKey === fromCert }).toEqual({ ...context, pair: cert, match: true });
  }
  const verified = await run('openssl', ['verify', '-CAfile', join(dir, 'ca.crt'), join(dir, 'server.crt'), join(dir, 'client-app.crt')], {
    allowFailure: true,
  });
  expect({ ...context, verify: verified.code }).toEqual({ ...context, verify: 0 });
}

/** What the next run does first (cleanLeftovers), with what it reports. */
function finishLikeTheNextRun(dir: string): string[] {
  const said: string[] = [];
  const notes = { info: (m: string) => said.push(m), warn: (m: string) => said.push(m) };
  cleanLeftovers(dir, notes);
  cleanCertSetLeftovers(dir, notes);
  return said;
}

beforeAll(async () => {
  process.stdout.write(`certs-crash: seed ${SEED}, ${RUNS} runs (AZA_PG_FAULT_SEED=${SEED} replays them)\n`);
  base = mkdtempSync(join(tmpdir(), 'aza-certs-crash-'));
  writeFileSync(join(base, 'outputs'), '');
  oldSet = join(base, 'old');
  newSet = join(base, 'new');
  await makeSet(oldSet);
  await makeSet(newSet);
}, 120000);

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

/** A copy of a set: as links (verbatim, into the copy's own set directory) or as regular files. */
function copySet(from: string, to: string, layout: 'links' | 'files'): void {
  cpSync(
    from,
    to,
    layout === 'links'
      ? { recursive: true, verbatimSymlinks: true }
      : { recursive: true, dereference: true, filter: (p) => !p.split('/').pop()!.startsWith('..') },
  );
}

/** A process running publishCertSet (the new set's files into `dir`) killed after its k-th step; the step names it passed. */
async function publishAndDie(dir: string, k: number, certSet: boolean): Promise<string[]> {
  const files = SET.map((f) => ({
    path: join(dir, f),
    mode: f.endsWith('.key') ? 0o600 : 0o644,
    content: readFileSync(join(newSet, f), 'utf8'),
  }));
  const child = spawn(
    NODE,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      join(ROOT, 'test/harness/node-ts-hooks.mjs'),
      join(ROOT, 'test/harness/publish-and-die.ts'),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(JSON.stringify({ files, killAfter: k, certSet }));
  const signal = await new Promise((resolve) => child.once('close', (_code, s) => resolve(s)));
  expect({ k, signal }).toEqual({ k, signal: 'SIGKILL' });
  return out.trim().split('\n');
}

/** Each fixed path is a regular file (not yet converted) or our link: never missing, never dangling. */
function expectEveryPathValid(dir: string, context: object): void {
  for (const f of SET) {
    const st = lstatSync(join(dir, f));
    const valid = st.isFile() || (isSetLink(dir, f) && readFileSync(join(dir, f)).length > 0);
    expect({ ...context, file: f, valid }).toEqual({ ...context, file: f, valid: true });
  }
}

for (const layout of ['links', 'files'] as const) {
  describe(`a certificate set killed at each step of its publication, over ${layout === 'links' ? 'the link layout' : 'regular files of an older version (the one-time conversion)'}`, () => {
    test('right after every kill the fixed paths resolve to one complete set; the next run leaves only the link layout', async () => {
      const steps = layout === 'links' ? 4 : 12;
      let strays = 0;
      for (let k = 1; k <= steps; k++) {
        const dir = join(base, `set-${layout}-${k}`);
        copySet(oldSet, dir, layout);
        const passed = await publishAndDie(dir, k, true);
        const context = { layout, k, step: passed[passed.length - 1] };
        expect({ ...context, passed: passed.length }).toEqual({ ...context, passed: k });
        // Before any next run: every fixed path valid, all from one set, the old until the switch.
        expectEveryPathValid(dir, context);
        const switched = passed.includes('switched');
        expect({ ...context, from: origins(dir) }).toEqual({ ...context, from: SET.map(() => (switched ? 'new' : 'old')) });
        await expectConsistent(dir, context);
        // A set directory the killed run left is named by --check (and status) until the next run removes it.
        const live = readdirSync(dir).includes('..data') ? readlinkSync(join(dir, '..data')) : '';
        const stray = readdirSync(dir).some((n) => n.startsWith('..2') && n !== live);
        if (stray) strays++;
        const said = (await checkCerts(dir, 30)).primary.warnings.join('\n');
        expect({ ...context, stray, named: said.includes('is a certificate set left by an interrupted run') }).toEqual({
          ...context,
          stray,
          named: stray,
        });
        finishLikeTheNextRun(dir);
        expect({ ...context, after: (await checkCerts(dir, 30)).primary.warnings }).toEqual({ ...context, after: [] });
        expect({ ...context, from: origins(dir) }).toEqual({ ...context, from: SET.map(() => (switched ? 'new' : 'old')) });
        // The killed run's leftovers are gone: at most the set `..data` points at is left beside the names.
        const extra = readdirSync(dir)
          .filter((n) => !(SET as readonly string[]).includes(n))
          .sort();
        const target = extra.includes('..data') ? [readlinkSync(join(dir, '..data')), '..data'].sort() : [];
        expect({ ...context, extra }).toEqual({ ...context, extra: target });
        if (layout === 'links' || passed.includes(`${SET[SET.length - 1]} converted`)) expectLinkLayout(dir, SET);
      }
      // Killed before the switch, a run leaves its new set directory: the check above was exercised.
      expect(strays).toBeGreaterThan(0);
    }, 300000);
  });
}

describe('an older version killed while renaming its files (journal)', () => {
  test('after k of 6 files are in place (k = 1..6): the next run completes the new set and says so', async () => {
    for (let k = 1; k <= SET.length; k++) {
      const dir = join(base, `step-${k}`);
      copySet(oldSet, dir, 'files');
      await publishAndDie(dir, k, false);
      // The kill left k new files beside 6 - k old ones: the journal says how to finish.
      const before = origins(dir);
      expect({ k, before }).toEqual({ k, before: SET.map((_f, i) => (i < k ? 'new' : 'old')) });
      expect(readdirSync(dir).filter((n) => n.startsWith('.aza-pg-set.journal-'))).toHaveLength(1);

      const said = finishLikeTheNextRun(dir);
      expect({ k, said: said.join('\n') }).toEqual({
        k,
        said: expect.stringMatching(
          new RegExp(
            `an interrupted run \\(pid \\d+ on host \\w+, no longer running\\) had put ${k} of the ${SET.length} files of a new set in place`,
          ),
        ),
      });
      expect({ k, after: origins(dir) }).toEqual({ k, after: SET.map(() => 'new') });
      await expectConsistent(dir, { k });
      expect(readdirSync(dir).sort()).toEqual([...SET].sort());
    }
  }, 120000);
});

describe('ssl-certs replacing a set, killed at random', () => {
  test(`${RUNS} kills: right after each, the old set or the new one, whole and matching; the next run succeeds`, async () => {
    const random = generator(SEED ^ 0xc3a7);
    const dir = join(base, 'random');
    copySet(oldSet, dir, 'links');
    const { span, outcome } = await timed(() => cliRun([], base, actionEnv(dir), ACTION));
    expect(outcome.code).toBe(0);
    const seen = { old: 0, new: 0, cleaned: 0 };
    for (let i = 0; i < RUNS; i++) {
      rmSync(dir, { recursive: true, force: true });
      // Every other run starts from regular files of an older version: kills during the conversion.
      const layout = i % 2 === 0 ? 'links' : 'files';
      copySet(oldSet, dir, layout);
      const delay = Math.floor(random() * span * 1.1);
      await killedRun([], base, actionEnv(dir), delay, ACTION);
      expect({ run: i, processes: await processesNaming(ACTION) }).toEqual({ run: i, processes: '' });
      const context = { run: i, layout, delay };
      // Before any next run: every fixed path resolves, all from one set, the keys match.
      expectEveryPathValid(dir, context);
      const from = origins(dir);
      // One set: all old, or all from the killed run (neither old nor the reference new set).
      const one = from.every((o) => o === 'old') || from.every((o) => o !== 'old');
      expect({ ...context, from, one }).toEqual({ ...context, from, one: true });
      if (from[0] === 'old') seen.old++;
      else seen.new++;
      await expectConsistent(dir, context);
      if (finishLikeTheNextRun(dir).length > 0) seen.cleaned++;
      expect({ ...context, after: origins(dir) }).toEqual({ ...context, after: from });
      const next = await cliRun([], base, actionEnv(dir), ACTION);
      expect({ ...context, code: next.code, all: next.code === 0 ? '' : next.all }).toEqual({ ...context, code: 0, all: '' });
      await expectConsistent(dir, { ...context, next: true });
      // Only the new layout is left: no set directory, temp link or journal of the killed run.
      expectLinkLayout(dir, SET);
    }
    process.stdout.write(
      `certs-crash: ${RUNS} kills: ${seen.old} left the old set, ${seen.new} the new one, ${seen.cleaned} left something the next run removed\n`,
    );
  }, 900000);
});
