// Log-leak tests capture everything a run writes: console.* and raw stdout/stderr writes.

/** Runs `run` while capturing console.* and process.stdout/stderr writes; returns the chunks in order. */
export async function captureOutput(run: () => Promise<void>): Promise<string[]> {
  const chunks: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  const originalConsole = methods.map((m) => console[m]);
  const originalOut = process.stdout.write.bind(process.stdout);
  const originalErr = process.stderr.write.bind(process.stderr);
  for (const m of methods) console[m] = (...args: unknown[]) => void chunks.push(args.map(String).join(" "));
  process.stdout.write = ((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => chunks.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    methods.forEach((m, i) => (console[m] = originalConsole[i] as (typeof console)[typeof m]));
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
  return chunks;
}
