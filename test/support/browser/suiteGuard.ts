import { it } from "vitest";
import { engineMissingReason, type Engine } from "./engines.ts";

const announced = new Set<Engine>();

/**
 * Call once per engine in a browser test file: returns why `engine` cannot run here (undefined
 * when it can), for `describe.skipIf`. Locally a missing engine skips its tests with a one-line
 * message; under CI the registered "<engine> is installed in CI" test fails instead, so CI can
 * never pass by skipping.
 */
export function browserSuiteGuard(engine: Engine): string | undefined {
  const missing = engineMissingReason(engine);
  it.runIf(missing !== undefined && process.env["CI"] !== undefined)(`${engine} is installed in CI`, () => {
    throw new Error(missing);
  });
  if (missing !== undefined && !announced.has(engine)) {
    announced.add(engine);
    console.warn(missing);
  }
  return missing;
}
