/**
 * Runs this repository's reusable workflows the way a self-hosted runner runs them: with nektos/act
 * in host mode (`-P self-hosted=-self-hosted`, no containers), from a caller workflow in a throw-away
 * caller repository, with `aza-pg/actions@v0` resolved to an export of this working tree plus
 * freshly built bundles (`--local-repository`). act's own artifact server rejects the current
 * @actions/artifact client, so each run is pointed at the project's FAKE results service instead.
 *
 * act is installed by .ci/run (cached under ~/.cache/aza-pg-tools/act-<version>). Without it the
 * tests skip locally and fail when CI is set.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ACT_VERSION = 'v0.2.89';
/** The owner/repo and ref the reusable workflows and their callers name. */
export const SELF_REPOSITORY = 'aza-pg/actions';
export const SELF_REF = 'v0';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE24_BIN = join(ROOT, 'node_modules', 'node', 'bin');

/** The act binary: AZA_PG_ACT, the versioned cache .ci/run fills, else `act` on PATH. */
export function findAct(): string | undefined {
  const candidates = [
    process.env.AZA_PG_ACT,
    join(homedir(), '.cache', 'aza-pg-tools', `act-${ACT_VERSION}`, 'act'),
    ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'act')),
  ];
  for (const c of candidates) {
    if (!c || !existsSync(c)) continue;
    const v = spawnSync(c, ['--version'], { encoding: 'utf8' });
    if (v.status === 0 && v.stdout.includes(ACT_VERSION.slice(1))) return c;
  }
  return undefined;
}

type Describe = (typeof import('@jest/globals'))['describe'] | (typeof import('@jest/globals'))['describe']['skip'];

/** `describe` for act tests: skipped (visibly) without act, an error when CI is set. */
export async function actDescribe(): Promise<Describe> {
  const { describe } = await import('@jest/globals');
  if (findAct()) return describe;
  const why = `act ${ACT_VERSION} is not installed (run .ci/run, or set AZA_PG_ACT to its binary)`;
  if (process.env.CI) throw new Error(`Workflow tests cannot run in CI: ${why}.`);
  process.stderr.write(`\n[workflow tests skipped] ${why}.\n`);
  return describe.skip;
}

/**
 * What a runner downloads for `aza-pg/actions/...@v0`: the working tree's files (tracked and
 * untracked, minus what .gitignore excludes; on a clean clone this is `git archive HEAD`) with
 * dist/ rebuilt for `ops` from this source, since dist/ is not committed on every branch (unless
 * AZA_PG_DIST_FRESH=1 says the working tree's dist/ was just built from it).
 */
export function exportRepository(ops: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'aza-act-export-'));
  const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'buffer' });
  if (files.status !== 0) throw new Error(`git ls-files failed: ${files.stderr.toString()}`);
  for (const file of files.stdout.toString('utf8').split('\0')) {
    // node_modules is a symlink in a worktree; the bundles below carry what the actions need.
    if (!file || file === 'node_modules' || file.startsWith('node_modules/') || !existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file), { verbatimSymlinks: true });
  }
  // .ci/run has just rebuilt the working tree's dist/ (and copied it here with the rest): the
  // bundles are this source's already, and bundling again would cost minutes.
  if (process.env.AZA_PG_DIST_FRESH === '1') return dir;
  // The bundler resolves ncc and the dependencies from the export's node_modules: lend it ours.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const bundled = spawnSync(process.execPath, ['scripts/bundle.mjs', ...ops], { cwd: dir, encoding: 'utf8' });
  rmSync(join(dir, 'node_modules'));
  if (bundled.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm run bundle in the export failed:\n${bundled.stdout}\n${bundled.stderr}`);
  }
  return dir;
}

/**
 * A caller repository, as a user would have it: a git repository whose .github/workflows/ holds
 * copies of the given templates from workflows/ (or workflow texts keyed by file name).
 */
export function callerRepository(templates: Record<string, string | undefined>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aza-act-caller-'));
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  for (const [name, text] of Object.entries(templates)) {
    writeFileSync(join(dir, '.github', 'workflows', name), text ?? readFileSync(join(ROOT, 'workflows', name), 'utf8'));
  }
  const git = (...args: string[]): void => {
    const r = spawnSync('git', ['-c', 'user.email=ci@example.invalid', '-c', 'user.name=ci', ...args], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'callers');
  return dir;
}

/** One line of act's --json log. */
export interface ActEntry {
  msg?: string;
  level?: string;
  job?: string;
  jobID?: string;
  jobResult?: string;
  stepID?: string[];
  stepResult?: string;
  command?: string;
  arg?: string;
  kvPairs?: Record<string, string>;
  name?: string;
  matrix?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ActRun {
  code: number | null;
  entries: ActEntry[];
  /** Everything act printed, for a failing test's message. */
  log: string;
  /** Job display name (act's `job` field) -> its result. */
  jobResults: Record<string, string>;
  /** Step outputs: `<job display name>` -> step id -> output name -> value. */
  outputs: Record<string, Record<string, Record<string, string>>>;
  /** Job summaries, as the steps wrote them, by job display name (appended in step order). */
  summaries: Record<string, string>;
  /**
   * Error annotations (::error::) in the order they were raised. Not for assertions: act in host mode
   * sometimes loses the last lines of a step that exits right after printing them; outputs and
   * summaries are files it reads after the step, and are reliable.
   */
  errors: string[];
}

export interface ActOptions {
  /** The caller repository (from callerRepository). */
  caller: string;
  /** Workflow file name in the caller's .github/workflows/. */
  workflow: string;
  event: 'schedule' | 'workflow_dispatch' | 'push';
  /** The repository with the reusable workflows and actions, exported (from exportRepository). */
  exported?: string;
  /** More `uses:` targets resolved to directories: `aza-pg/backup@v1` -> a released tree. */
  localRepositories?: Record<string, string>;
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  /** Extra environment for every step (the fake results service's URL and token). */
  env?: Record<string, string>;
  /** workflow_dispatch inputs. */
  inputs?: Record<string, string>;
  timeoutMs?: number;
}

/** KEY=value file for act's --*-file options; 0600 from creation since it may hold secrets. */
function keyValueFile(dir: string, name: string, values: Record<string, string>): string {
  const file = join(dir, name);
  for (const [k, v] of Object.entries(values)) {
    if (v.includes('\n')) throw new Error(`act ${name}: ${k} must be one line`);
  }
  writeFileSync(
    file,
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  return file;
}

/** Runs act on one caller workflow and collects outputs, summaries and errors from its JSON log. */
export async function runAct(opts: ActOptions): Promise<ActRun> {
  const act = findAct();
  if (!act) throw new Error(`act ${ACT_VERSION} is not installed`);
  const files = mkdtempSync(join(tmpdir(), 'aza-act-files-'));
  try {
    const args = [
      opts.event,
      '-W',
      join('.github', 'workflows', opts.workflow),
      '-P',
      'self-hosted=-self-hosted',
      '--container-daemon-socket',
      '-',
      '--no-cache-server',
      '--json',
      '--env',
      `GITHUB_REPOSITORY=${SELF_REPOSITORY}`,
      ...(opts.exported ? ['--local-repository', `${SELF_REPOSITORY}@${SELF_REF}=${opts.exported}`] : []),
      ...Object.entries(opts.localRepositories ?? {}).flatMap(([ref, dir]) => ['--local-repository', `${ref}=${dir}`]),
      // Secrets, variables and the runtime token go through files, never the command line.
      '--secret-file',
      keyValueFile(files, 'secrets', opts.secrets ?? {}),
      '--var-file',
      keyValueFile(files, 'vars', opts.vars ?? {}),
      '--env-file',
      keyValueFile(files, 'env', opts.env ?? {}),
    ];
    for (const [k, v] of Object.entries(opts.inputs ?? {})) args.push('--input', `${k}=${v}`);
    // act runs the first `node` on PATH for node24 actions: the runner's runtime goes first. The
    // machine's PG* variables must not leak into a run that is meant to be configured by inputs.
    const env: NodeJS.ProcessEnv = {
      PATH: [NODE24_BIN, process.env.PATH ?? ''].join(delimiter),
      HOME: process.env.HOME ?? homedir(),
      LANG: 'C.UTF-8',
      TMPDIR: tmpdir(),
    };
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(act, args, { cwd: opts.caller, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => {
        // act and the step processes it started share the process group it leads.
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, opts.timeoutMs ?? 600000);
      child.on('error', reject);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, stdout: out, stderr: err });
      });
    });
    // AZA_PG_ACT_LOG=<dir> keeps every run's log for reading after the tests.
    if (process.env.AZA_PG_ACT_LOG) {
      mkdirSync(process.env.AZA_PG_ACT_LOG, { recursive: true });
      writeFileSync(join(process.env.AZA_PG_ACT_LOG, `${opts.workflow}-${Date.now()}.log`), stdout + stderr);
    }
    return parseActLog(code, stdout + stderr);
  } finally {
    rmSync(files, { recursive: true, force: true });
  }
}

export function parseActLog(code: number | null, text: string): ActRun {
  const run: ActRun = { code, entries: [], log: text, jobResults: {}, outputs: {}, summaries: {}, errors: [] };
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let e: ActEntry;
    try {
      e = JSON.parse(line) as ActEntry;
    } catch {
      continue;
    }
    run.entries.push(e);
    const job = e.job ?? '';
    if (e.jobResult) run.jobResults[job] = e.jobResult;
    if (e.command === 'set-output' && typeof e.name === 'string') {
      const step = (e.stepID ?? []).join('/');
      ((run.outputs[job] ??= {})[step] ??= {})[e.name] = e.arg ?? '';
    }
    if (e.command === 'error' && e.arg !== undefined) run.errors.push(e.arg);
    if (e.command === 'summary' && typeof e.content === 'string') run.summaries[job] = (run.summaries[job] ?? '') + e.content;
  }
  return run;
}

/** The log lines of a run without act's debug chatter, for assertion messages. */
export function readableLog(run: ActRun): string {
  return run.entries
    .filter((e) => e.level !== 'debug' && typeof e.msg === 'string')
    .map((e) => `[${e.job ?? ''}] ${(e.msg ?? '').trimEnd()}`)
    .join('\n');
}
