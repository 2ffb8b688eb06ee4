/**
 * The one reporter. Core code narrates through it; the action face maps it onto @actions/core
 * (groups, warnings, job summary), the CLI onto a progress line or plain lines.
 */
export interface SummaryTable {
  title: string;
  rows: Array<[string, string]>;
  /** Optional extra sections (e.g. a per-table row listing), each a header row plus data rows. */
  sections?: Array<{ title: string; header: string[]; rows: string[][] }>;
  /** Closing lines: what to do next. */
  notes?: string[];
  /** Text shown as it is, as a fenced block (a Mermaid diagram, which GitHub renders in a job summary). */
  blocks?: Array<{ title: string; language: string; text: string }>;
}

export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
  /** Runs `fn` as a named step and reports its duration; failures propagate. */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Bytes moved so far in the current step (a hint for progress display, may be ignored). */
  progress(bytes: number): void;
  /** Final result table (job summary in the action, a table on the terminal). */
  table(table: SummaryTable): Promise<void> | void;
}

/** Collects everything in memory: for tests and for callers that want the text afterwards. */
export class MemoryReporter implements Reporter {
  readonly lines: string[] = [];
  readonly warnings: string[] = [];
  readonly tables: SummaryTable[] = [];
  readonly steps: Array<{ name: string; ms: number; ok: boolean }> = [];

  info(message: string): void {
    this.lines.push(message);
  }
  warn(message: string): void {
    this.warnings.push(message);
    this.lines.push(`warning: ${message}`);
  }
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      const value = await fn();
      this.steps.push({ name, ms: performance.now() - start, ok: true });
      return value;
    } catch (e) {
      this.steps.push({ name, ms: performance.now() - start, ok: false });
      throw e;
    }
  }
  progress(): void {}
  table(table: SummaryTable): void {
    this.tables.push(table);
  }
  /** Everything reported, as one text (tests grep it for leaked secrets). */
  text(): string {
    return [...this.lines, ...this.tables.map((t) => JSON.stringify(t))].join('\n');
  }
}

export const silentReporter: Reporter = {
  info() {},
  warn() {},
  step: (_name, fn) => fn(),
  progress() {},
  table() {},
};

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(2)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${(s - m * 60).toFixed(0)} s`;
}
