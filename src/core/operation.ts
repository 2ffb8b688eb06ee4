/**
 * The contract every operation keeps, so the faces can be generic runners and a reader who knows
 * one operation knows them all:
 *
 *   option table -> settings(inputs, env, cwd) -> gather(settings) -> plan(settings, facts)
 *     -> describe(plan) [dry run text, confirmation] -> run(plan) -> outputs(result), summary(result)
 *
 * settings, plan, describe, outputs and summary are pure. gather only reads the world; run acts
 * and cleans up after itself on failure and interrupt. A face (src/actions/runner.ts,
 * src/cli/runner.ts) asks for confirmation between plan and run; an operation that needs another
 * (restore backs up first, verify restores) calls it with `execute`, which skips that step: the
 * outer operation's consent covers it.
 */
import { AzaError } from './errors.js';
import { Inputs, type OptionSpec, type RawInputs } from './inputs.js';
import type { Reporter, SummaryTable } from './report.js';

/** One action output: the name in action.yml and its description. */
export interface OutputSpec {
  name: string;
  description: string;
}

export type OutputValues = Record<string, string | number | boolean | undefined>;

/** GitHub's artifact service, given by the action face; the core does not know GitHub. */
export interface ArtifactService {
  upload(req: {
    name: string;
    files: string[];
    rootDirectory: string;
    retentionDays?: number;
  }): Promise<{ id: number; size: number; url?: string }>;
  /** Downloads the artifact named `name` into `dir`; returns the directory the files are in. */
  download(name: string, dir: string): Promise<string>;
  /** The repository's artifacts whose name starts with `prefix` (every run, not only this one). */
  list(req: { prefix: string; token: string }): Promise<StoredArtifact[]>;
  delete(req: { artifact: StoredArtifact; token: string }): Promise<void>;
}

/** An artifact as the service lists it. */
export interface StoredArtifact {
  id: number;
  name: string;
  sizeBytes: number;
  createdAt: Date;
}

/**
 * A cache of installed tools by name and version: the runner's tool cache (@actions/tool-cache),
 * given by the action face; elsewhere a directory of the same layout (setup-client/local-cache.ts).
 */
export interface ToolCacheService {
  /** The cached directory of `tool` whose version matches `versionSpec` (e.g. 17.x), if any. */
  find(tool: string, versionSpec: string): string | undefined;
  /** Copies `dir` into the cache as `tool` `version` (x.y.z); returns the cached directory. */
  cacheDir(dir: string, tool: string, version: string): Promise<string>;
  /** Downloads `url` into a new temporary file; returns its path. */
  download(url: string): Promise<string>;
  /** Puts `dir` first on PATH for the later steps of the job; absent where that cannot be done. */
  addPath?(dir: string): void;
}

/** What a face lends an operation: the environment, the clock, and the services it has. */
export interface OperationDeps {
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  artifacts?: ArtifactService;
  toolCache?: ToolCacheService;
}

/** The artifact service, which only the GitHub action lends: elsewhere asking for it fails with `message` and `hint`. */
export function needArtifacts(deps: OperationDeps, message: string, hint: string): ArtifactService {
  if (!deps.artifacts) throw new AzaError('INVALID_INPUT', message, hint);
  return deps.artifacts;
}

/**
 * The question a face asks between plan and run. The CLI shows `warnings` and asks `question` on a
 * terminal; `accept` says whether the answer is a yes. Where no one can be asked (an action, a
 * command without a terminal) the face throws `unanswered`: the operation needs its explicit
 * consent input (`--yes`, `confirm:`) instead.
 */
export interface Confirmation {
  warnings: string[];
  question: string;
  accept(answer: string): boolean;
  unanswered: AzaError;
  /**
   * Thrown where no one can be asked at all (an action, a sub-operation), when that deserves its
   * own words (the consent input to set); `unanswered` otherwise.
   */
  cannotAsk?: AzaError;
  /** Thrown when the person answers no. */
  declined: AzaError;
}

export interface Description {
  /** The plan as lines a person can check: the dry-run output, also shown before a refusal or a question. */
  lines: string[];
  /** Said before anything else happens (dry run, question or run). */
  warnings?: string[];
  /** Print `lines` and stop before run. */
  dryRun: boolean;
  /** The plan says no (a check failed): `lines` show which, then this is thrown, dry run or not. */
  refusal?: AzaError;
  /** Present when the plan needs consent it has not been given yet. */
  confirmation?: Confirmation;
}

/** Text of the command line face, kept beside the option table it explains. */
export interface CommandText<R> {
  /** `aza-pg backup [database] [output] [options]` */
  usage: string;
  examples: string[];
  /** The line printed after a successful run on a terminal. */
  done?(result: R): string | undefined;
}

export interface Operation<S, F, P, R> {
  /** The action name, `aza-pg/<name>`, and the command's unless `command` says otherwise. */
  name: string;
  /** The command, `aza-pg <command>`, when it differs from the action's name. */
  command?: string;
  /** One line for `aza-pg --help` and the action's description. */
  description: string;
  /** The action's branding on the marketplace. */
  branding: { icon: string; color: string };
  options: readonly OptionSpec[];
  outputSpecs: readonly OutputSpec[];
  cli: CommandText<R>;
  settings(inputs: Inputs, env: NodeJS.ProcessEnv, cwd: string): S;
  /** Secrets inside the settings (a password in a connection URI): the action masks them. */
  secrets?(settings: S): Array<string | undefined>;
  gather(settings: S, deps: OperationDeps, reporter: Reporter): Promise<F>;
  plan(settings: S, facts: F): P;
  describe(plan: P): Description;
  run(plan: P, deps: OperationDeps, reporter: Reporter): Promise<R>;
  outputs(result: R): OutputValues;
  /** Outputs of a dry run (no result exists). */
  plannedOutputs?(plan: P): OutputValues;
  /**
   * The job summary of a dry run (a scheduled prune is a dry run until someone opts in, and its
   * summary is how that someone sees what it would delete). Without one, the faces summarise the
   * describe() lines.
   */
  plannedSummary?(plan: P): SummaryTable | undefined;
  /**
   * Outputs set when the operation fails without a result to report (bad input, an unreachable
   * server). A failure that has one is a FailedWithResult: its result's outputs and summary.
   */
  failureOutputs?(error: AzaError): OutputValues;
  summary(result: R): SummaryTable | undefined;
  /** Command line only: check again every this many seconds, on a terminal, until interrupted. */
  watch?(settings: S): number | undefined;
  /** Releases what gather holds open (sessions); called once whatever happened. */
  release?(facts: F): void;
  /** Called before a person is asked: nothing should wait idle on a server meanwhile. */
  beforePrompt?(facts: F): void;
}

// The runners hold operations of every type; their parts meet only each other.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any, any, any>;

/** The command line name of an operation. */
export function commandName(op: { name: string; command?: string }): string {
  return op.command ?? op.name;
}

/** Settings of an operation from a raw input map, every other option at its default. */
export function settingsFrom<S>(op: Operation<S, unknown, unknown, unknown>, raw: RawInputs, env: NodeJS.ProcessEnv, cwd: string): S {
  return op.settings(new Inputs(raw, 'cli', op.options), env, cwd);
}

/**
 * The one way an operation fails while still having a report: a verify whose checks ran until one
 * failed, a status that found a problem. The faces write the result's outputs and summary as for
 * a success, then fail the step (exit 1) with this error's message and hint.
 */
export class FailedWithResult<R = unknown> extends AzaError {
  constructor(
    readonly result: R,
    error: AzaError,
  ) {
    super(error.code, error.message, error.hint, { cause: error });
  }
}

/** How a face asks a person; undefined when no one can be asked. */
export type Ask = (c: Confirmation) => Promise<string | undefined>;

export type Outcome<P, R> = { dryRun: true; plan: P } | { dryRun: false; plan: P; result: R };

/**
 * The flow both faces share: gather, plan, describe, then stop (dry run), ask, and run. `ask` is the
 * face's way to reach a person (a terminal prompt), absent where there is none.
 */
export async function perform<S, F, P, R>(
  op: Operation<S, F, P, R>,
  settings: S,
  deps: OperationDeps,
  reporter: Reporter,
  ask?: Ask,
): Promise<Outcome<P, R>> {
  const facts = await op.gather(settings, deps, reporter);
  try {
    const plan = op.plan(settings, facts);
    const description = op.describe(plan);
    for (const w of description.warnings ?? []) reporter.warn(w);
    const c = description.confirmation;
    // A person sees the plan when it is all they get (a dry run), when it is refused, and before
    // being asked to agree to it.
    if (description.dryRun || description.refusal || c) for (const line of description.lines) reporter.info(line);
    if (description.refusal) throw description.refusal;
    if (description.dryRun) return { dryRun: true, plan };
    if (c) {
      if (!ask) throw c.cannotAsk ?? c.unanswered;
      op.beforePrompt?.(facts);
      const answer = await ask(c);
      if (answer === undefined) throw c.unanswered;
      if (!c.accept(answer)) throw c.declined;
    }
    return { dryRun: false, plan, result: await op.run(plan, deps, reporter) };
  } finally {
    op.release?.(facts);
  }
}

/**
 * Carries an operation out without a face: gather, plan, run. For sub-operations (their consent is
 * the caller's) and for tests. A plan that still needs consent is refused with its own error.
 */
export async function execute<S, F, P, R>(op: Operation<S, F, P, R>, settings: S, deps: OperationDeps, reporter: Reporter): Promise<R> {
  const outcome = await perform(op, settings, deps, reporter);
  if (outcome.dryRun) throw new AzaError('INTERNAL', `execute() was given a dry run of ${op.name}; a face prints describe() instead`);
  return outcome.result;
}
