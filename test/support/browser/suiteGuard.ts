import { it } from "vitest";
import { chromiumMissingReason } from "./chromium.ts";

/**
 * Call at the top of a browser test file: returns why the suite cannot run here (undefined when it
 * can), for `describe.skipIf`. Locally a missing Chromium skips the suite; under CI the registered
 * "Chromium is installed in CI" test fails instead, so CI can never pass by skipping.
 */
export function browserSuiteGuard(): string | undefined {
  const missing = chromiumMissingReason();
  it.runIf(missing !== undefined && process.env["CI"] !== undefined)("Chromium is installed in CI", () => {
    throw new Error(missing);
  });
  return missing;
}
