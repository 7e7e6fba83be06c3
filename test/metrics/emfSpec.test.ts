// The EMF checker (test/support/emfSpec.ts) must be able to fail: it accepts the specification's
// own example and refuses each kind of violation its rules name.
import { describe, expect, it } from "vitest";
import { checkEmfLine, sumMetrics } from "../support/emfSpec.ts";

/** "The following is a valid example of embedded metric format" — AWS's specification. */
const specExample = {
  _aws: {
    Timestamp: 1574109732004,
    CloudWatchMetrics: [
      {
        Namespace: "lambda-function-metrics",
        Dimensions: [["functionVersion"]],
        Metrics: [{ Name: "time", Unit: "Milliseconds" }],
      },
    ],
  },
  functionVersion: "$LATEST",
  time: 100,
  requestId: "989ffbf8-9ace-4817-a57c-e4dd734019ee",
};

type Doc = Record<string, unknown>;
const clone = (): Doc => structuredClone(specExample) as Doc;
const directive = (doc: Doc) => ((doc["_aws"] as Doc)["CloudWatchMetrics"] as Doc[])[0] as Doc;

describe("EMF checker", () => {
  it("accepts the specification's example and extracts its metric", () => {
    const check = checkEmfLine(JSON.stringify(specExample));
    expect(check.violations).toEqual([]);
    expect(check.metrics).toEqual([
      {
        namespace: "lambda-function-metrics",
        name: "time",
        unit: "Milliseconds",
        dimensions: { functionVersion: "$LATEST" },
        values: [100],
      },
    ]);
    expect([...sumMetrics(check.metrics)]).toEqual([["lambda-function-metrics/time{functionVersion=$LATEST}", 100]]);
  });

  const broken: [string, (doc: Doc) => unknown, string][] = [
    ["text around the object", (doc) => `INFO ${JSON.stringify(doc)}`, "[Root]"],
    ["no _aws", (doc) => ({ ...doc, _aws: undefined }), "[Root]"],
    ["a string Timestamp", (doc) => (((doc["_aws"] as Doc)["Timestamp"] = "2019-11-18"), doc), "[Metadata]"],
    ["seconds with a fraction", (doc) => (((doc["_aws"] as Doc)["Timestamp"] = 1574109732.004), doc), "[Metadata]"],
    ["an extra _aws member", (doc) => (((doc["_aws"] as Doc)["LogGroupName"] = "x"), doc), "[Extra]"],
    ["no Namespace", (doc) => (delete directive(doc)["Namespace"], doc), "[Directive]"],
    ["empty Dimensions", (doc) => ((directive(doc)["Dimensions"] = []), doc), "[Directive]"],
    [
      "31 dimension keys",
      (doc) => ((directive(doc)["Dimensions"] = [Array.from({ length: 31 }, (_, i) => `d${i}`)]), doc),
      "[DimSet]",
    ],
    ["a dimension missing from the root", (doc) => (delete doc["functionVersion"], doc), "[DimSet]"],
    ["a numeric dimension value", (doc) => ((doc["functionVersion"] = 1), doc), "[DimSet]"],
    ["a control character in a dimension value", (doc) => ((doc["functionVersion"] = "v\u0007"), doc), "[Dimension]"],
    ["a non-ASCII dimension value", (doc) => ((doc["functionVersion"] = "ünïcode"), doc), "[Dimension]"],
    [
      "a unit CloudWatch does not know",
      (doc) => ((((directive(doc)["Metrics"] as Doc[])[0] as Doc)["Unit"] = "Requests"), doc),
      "[MetricDef]",
    ],
    ["a metric value as a string", (doc) => ((doc["time"] = "100"), doc), "[Target]"],
    // "A.a" must name a root member "A.a", never the nested member { "A": { "a" } }.
    [
      "a nested target",
      (doc) => ((((directive(doc)["Metrics"] as Doc[])[0] as Doc)["Name"] = "time.x"), (doc["time"] = { x: 1 }), doc),
      "[Target]",
    ],
    ["a missing metric target", (doc) => (delete doc["time"], doc), "[Target]"],
    ["101 values", (doc) => ((doc["time"] = Array.from({ length: 101 }, () => 1)), doc), "[Target]"],
  ];
  it.each(broken)("refuses %s", (_what, breakIt, rule) => {
    const result = breakIt(clone());
    const line = typeof result === "string" ? result : JSON.stringify(result);
    const check = checkEmfLine(line);
    expect(check.violations.length).toBeGreaterThan(0);
    expect(
      check.violations.some((v) => v.startsWith(rule)),
      check.violations.join("; "),
    ).toBe(true);
  });
});
