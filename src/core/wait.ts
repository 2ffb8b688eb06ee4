/**
 * The one polling loop: ask `check` until it has an answer or the time is up. Every wait in the
 * suite (a server accepting SQL, replay catching up, sessions ending, a replica streaming) is this
 * loop with its own check, so none of them can forget its deadline.
 */

/** What one look found: done (with the value waited for), or not yet and why. */
export type Poll<T> = { done: true; value: T } | { done: false; why?: string };

export interface WaitOptions {
  timeoutMs: number;
  /** Pause between looks. */
  intervalMs?: number;
  /** Called after every look that was not done (progress lines). */
  onWait?: (waitedMs: number, why: string | undefined) => void;
}

export interface WaitTimeout {
  timedOut: true;
  waitedMs: number;
  /** The last reason a look gave (an error message, a state). */
  why: string | undefined;
}

/** A look's error counts as "not yet", with its message as the reason. */
export function notYet(e: unknown): Poll<never> {
  return { done: false, why: e instanceof Error ? e.message : String(e) };
}

/**
 * Polls `check` until it is done; on timeout returns how long it waited and the last reason, for
 * the caller to turn into its own error (what to do differs: a log to read, a plan that refuses).
 * `check` runs at least once, however short the time.
 */
export async function waitUntil<T>(
  check: () => Promise<Poll<T>>,
  options: WaitOptions,
): Promise<{ timedOut: false; value: T; waitedMs: number } | WaitTimeout> {
  const start = Date.now();
  const interval = options.intervalMs ?? 200;
  for (;;) {
    const poll = await check();
    const waitedMs = Date.now() - start;
    if (poll.done) return { timedOut: false, value: poll.value, waitedMs };
    if (waitedMs >= options.timeoutMs) return { timedOut: true, waitedMs, why: poll.why };
    options.onWait?.(waitedMs, poll.why);
    await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(1, options.timeoutMs - waitedMs))));
  }
}

/** How `p` settled within `ms`, or undefined if it had not by then (it is not cancelled). */
export function settleWithin<T>(p: Promise<T>, ms: number): Promise<PromiseSettledResult<T> | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    p.then(
      (value) => {
        clearTimeout(timer);
        resolve({ status: 'fulfilled', value });
      },
      (reason: unknown) => {
        clearTimeout(timer);
        resolve({ status: 'rejected', reason });
      },
    );
  });
}
