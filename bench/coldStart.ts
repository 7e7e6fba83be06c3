// Whole-process wall time of starting Node, for cold-start comparisons: medians over many
// runs, variants interleaved so machine noise hits them alike.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

export interface ColdStartVariant {
  readonly name: string;
  /** Arguments for `node` (process.execPath). */
  readonly args: readonly string[];
}

export function importArgs(file: string): string[] {
  return ["--input-type=module", "-e", `await import(${JSON.stringify(pathToFileURL(file).href)})`];
}

export const bareNode: ColdStartVariant = { name: "bare node -e 0", args: ["-e", "0"] };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median wall time (ms) per variant over `runs` interleaved runs, after one discarded warm-up run each. */
export function measureColdStarts(variants: readonly ColdStartVariant[], runs: number): Map<string, number> {
  const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const once = (variant: ColdStartVariant) => {
    const start = performance.now();
    const result = spawnSync(process.execPath, variant.args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { PATH: process.env["PATH"] ?? "" },
    });
    const elapsed = performance.now() - start;
    if (result.status !== 0)
      throw new Error(`${variant.name} exited with ${result.status}: ${result.stderr.toString().slice(0, 500)}`);
    return elapsed;
  };
  for (const variant of variants) once(variant);
  for (let i = 0; i < runs; i++) {
    for (const variant of variants) samples.get(variant.name)?.push(once(variant));
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}
