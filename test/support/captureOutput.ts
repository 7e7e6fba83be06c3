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

/** One captured write and where it went: a console call, or a raw write to stdout or stderr. */
export interface CapturedChunk {
  readonly source: "console" | "stdout" | "stderr";
  readonly text: string;
}

/** Runs `run` while capturing console.* and process.stdout/stderr writes; returns the chunks in order, each with its source. */
export async function captureOutputBySource(run: () => Promise<void>): Promise<CapturedChunk[]> {
  const chunks: CapturedChunk[] = [];
  const methods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  const originalConsole = methods.map((m) => console[m]);
  const originalOut = process.stdout.write.bind(process.stdout);
  const originalErr = process.stderr.write.bind(process.stderr);
  const text = (chunk: string | Uint8Array) =>
    typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  for (const m of methods)
    console[m] = (...args: unknown[]) =>
      void chunks.push({ source: "console", text: args.map(argumentText).join(" ") });
  process.stdout.write = ((chunk: string | Uint8Array) =>
    chunks.push({ source: "stdout", text: text(chunk) }) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) =>
    chunks.push({ source: "stderr", text: text(chunk) }) > 0) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    methods.forEach((m, i) => (console[m] = originalConsole[i] as (typeof console)[typeof m]));
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
  return chunks;
}

/** Runs `run` while capturing console.* and process.stdout/stderr writes; returns the chunks in order. */
export async function captureOutput(run: () => Promise<void>): Promise<string[]> {
  return (await captureOutputBySource(run)).map((chunk) => chunk.text);
}
