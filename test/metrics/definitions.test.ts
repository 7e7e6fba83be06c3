// The one definition of the signer's metrics: its invariants, and docs/operate.md's metrics
// table listing exactly these metrics with their dimension sets.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metricDimensions, metricNamespace, signerMetrics } from "../../lambda/metrics/definitions.ts";

const definitions = Object.values(signerMetrics);
const doc = readFileSync(new URL("../../docs/operate.md", import.meta.url), "utf8");

describe("metric definitions", () => {
  it("unique names; every metric also published per function alone, so it can be graphed and alarmed without metric math", () => {
    expect(new Set(definitions.map((d) => d.name)).size).toBe(definitions.length);
    const dimensionNames: readonly string[] = Object.values(metricDimensions);
    for (const d of definitions) {
      expect(d.name).toMatch(/^[A-Z][A-Za-z]{1,254}$/);
      expect(d.dimensionSets).toContainEqual([metricDimensions.functionName]);
      for (const set of d.dimensionSets) {
        expect(set[0]).toBe(metricDimensions.functionName);
        for (const dimension of set) expect(dimensionNames).toContain(dimension);
      }
    }
    expect(metricNamespace).toMatch(/^[A-Za-z][A-Za-z0-9]+$/);
  });

  it("docs/operate.md's metrics table lists exactly these metrics and dimension sets", () => {
    const rows = [...doc.matchAll(/^\| `([A-Za-z]+)` \| ([A-Za-z, ;]+) \| /gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(definitions.map((d) => [d.name, d.dimensionSets.map((set) => set.join(", ")).join("; ")]));
  });
});
