// Bounded polling for things that happen outside the test (a request reaching a stand-in, a report
// being POSTed). Never an assertion about time: the deadline only stops a wait that would hang.

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Poll interval (default 25 ms). */
  readonly intervalMs?: number;
  /** Describes what was awaited, for the timeout error. */
  readonly what?: string;
}

/** Resolves with the first truthy value of `check()`, or rejects when the deadline passes. */
export async function waitUntil<T>(check: () => T | undefined | false | null, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 25;
  const attempts = Math.ceil(timeoutMs / intervalMs);
  for (let i = 0; i <= attempts; i++) {
    const value = check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? "a condition"}`);
}
