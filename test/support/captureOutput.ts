// Log-leak tests capture everything a run writes: console.* and raw stdout/stderr writes.
import { inspect } from "node:util";

/**
 * One console argument as text: strings as they are, anything else as JSON — what the Lambda
 * runtime's JSON log format writes for an object — so a leak inside a logged object is seen
 * (`String(object)` would hide it as "[object Object]").
 */
function argumentText(arg: unknown): string {
  if (typeof arg === "string") return arg;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return inspect(arg, { depth: null });
  }
}

/** Runs `run` while capturing console.* and process.stdout/stderr writes; returns the chunks in order. */
export async function captureOutput(run: () => Promise<void>): Promise<string[]> {
  const chunks: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  const originalConsole = methods.map((m) => console[m]);
  const originalOut = process.stdout.write.bind(process.stdout);
  const originalErr = process.stderr.write.bind(process.stderr);
  for (const m of methods) console[m] = (...args: unknown[]) => void chunks.push(args.map(argumentText).join(" "));
  const text = (chunk: string | Uint8Array) => (typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
  process.stdout.write = ((chunk: string | Uint8Array) => chunks.push(text(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => chunks.push(text(chunk)) > 0) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    methods.forEach((m, i) => (console[m] = originalConsole[i] as (typeof console)[typeof m]));
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
  return chunks;
}
