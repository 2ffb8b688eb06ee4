/**
 * The one input helper. Both faces turn what the user said (action inputs, command-line flags)
 * into a flat map of strings; these typed getters validate it the same way for both, and name
 * the input the way the user wrote it ("input compression-level" or "--compression-level").
 */
import { AzaError } from './errors.js';

export type RawInputs = Record<string, string | undefined>;

/**
 * One option of an operation: the action input and the CLI flag share its name. The table is the
 * one source of action.yml's inputs, --help and the defaults the typed getters apply.
 */
export interface OptionSpec {
  name: string;
  description: string;
  /** The real default: the typed getters apply it; action.yml and --help show it. */
  default?: string | number | boolean;
  /** Shown where the default is decided at run time (e.g. "number of cores") or by libpq's environment. */
  defaultText?: string;
  /** The action needs it (action.yml `required: true`). */
  required?: boolean;
  /** Also taken as the n-th positional argument on the command line (0-based). */
  positional?: number;
  /** Flag takes no value on the command line (boolean). */
  flag?: boolean;
  short?: string;
  /** The value is a secret (a password): the action face masks it in logs. */
  secret?: boolean;
  /** Only on the command line (e.g. --yes), or only in the action (e.g. upload-artifact). */
  only?: InputSource;
}

export type InputSource = 'action' | 'cli';

/** What --help and action.yml show as an option's default. */
export function defaultText(spec: OptionSpec): string | undefined {
  return spec.defaultText ?? (spec.default === undefined ? undefined : String(spec.default));
}

export class Inputs {
  private readonly specs: ReadonlyMap<string, OptionSpec>;

  constructor(
    private readonly raw: RawInputs,
    readonly source: InputSource,
    specs: readonly OptionSpec[] = [],
  ) {
    this.specs = new Map(specs.map((s) => [s.name, s]));
  }

  /** The table's default of an option, when it has one of this type. */
  private tableDefault<T extends string | number | boolean>(name: string, type: 'string' | 'number' | 'boolean'): T | undefined {
    const d = this.specs.get(name)?.default;
    return typeof d === type ? (d as T) : undefined;
  }

  /** The value given, else the table's default. */
  stringOrDefault(name: string): string | undefined {
    return this.string(name) ?? this.tableDefault<string>(name, 'string');
  }

  label(name: string): string {
    return this.source === 'action' ? `input "${name}"` : `--${name}`;
  }

  private invalid(name: string, value: string, what: string, hint?: string): AzaError {
    return new AzaError('INVALID_INPUT', `Invalid ${this.label(name)} "${value}": ${what}`, hint);
  }

  has(name: string): boolean {
    return this.string(name) !== undefined;
  }

  string(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined) return undefined;
    const t = v.trim();
    return t === '' ? undefined : t;
  }

  /** Like string(), but keeps surrounding spaces (database names may have them). */
  verbatim(name: string): string | undefined {
    const v = this.raw[name];
    return v === undefined || v === '' ? undefined : v;
  }

  /**
   * The error for a missing positional (the backup file): on the command line a USAGE error with
   * the usage line, in an action an INVALID_INPUT naming the input.
   */
  missing(cli: { message: string; usage: string }, action: { message: string; hint: string }): AzaError {
    return this.source === 'cli'
      ? new AzaError('USAGE', cli.message, cli.usage)
      : new AzaError('INVALID_INPUT', action.message, action.hint);
  }

  required(name: string, hint?: string): string {
    const v = this.string(name);
    if (v === undefined) throw new AzaError('INVALID_INPUT', `Missing ${this.label(name)}`, hint);
    return v;
  }

  boolean(name: string, fallback?: boolean): boolean {
    const v = this.string(name);
    if (v === undefined) return fallback ?? this.tableDefault<boolean>(name, 'boolean') ?? false;
    const l = v.toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(l)) return true;
    if (['false', 'no', '0', 'off'].includes(l)) return false;
    throw this.invalid(name, v, 'expected true or false');
  }

  integer(name: string, bounds: { min?: number; max?: number; fallback?: number; hint?: string } = {}): number | undefined {
    const v = this.string(name);
    if (v === undefined) return bounds.fallback ?? this.tableDefault<number>(name, 'number');
    if (!/^-?\d+$/.test(v)) throw this.invalid(name, v, 'expected a whole number', bounds.hint);
    const n = Number(v);
    const { min, max } = bounds;
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      const range =
        min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `of at least ${min}` : `of at most ${max}`;
      throw this.invalid(name, v, `expected a whole number ${range}`, bounds.hint);
    }
    return n;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined;
  oneOf<T extends string>(name: string, values: readonly T[], fallback?: T): T | undefined {
    const v = this.string(name);
    if (v === undefined) return fallback ?? this.tableDefault<T>(name, 'string');
    const l = v.toLowerCase();
    if ((values as readonly string[]).includes(l)) return l as T;
    throw this.invalid(name, v, `expected one of ${values.join(', ')}`);
  }

  /** A list separated by commas or new lines, empty entries dropped. */
  list(name: string): string[] {
    const v = this.raw[name];
    if (!v) return [];
    return v
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** "90", "90s", "5m", "1h" -> seconds; the table's default may be a number of seconds or such a text. */
  durationSeconds(name: string, fallback?: number): number | undefined {
    const given = this.string(name);
    if (given === undefined && fallback !== undefined) return fallback;
    const v = given ?? this.tableDefault<string>(name, 'string');
    if (v === undefined) return this.tableDefault<number>(name, 'number');
    const m = /^(\d+)\s*(s|m|h)?$/.exec(v);
    if (!m) throw this.invalid(name, v, 'expected a duration such as 30s, 5m or 1h');
    return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  }
}
