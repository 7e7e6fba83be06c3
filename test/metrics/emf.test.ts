// The EMF document builder and its fast serialiser: same documents, valid by the specification,
// each metric under exactly the dimension sets whose dimensions have values.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { metricDimensions, signerMetrics, type SignerMetricKey } from "../../lambda/metrics/definitions.ts";
import { createEmfSerializer, type DimensionValues, emfDocument, type MetricCounts } from "../../lambda/metrics/emf.ts";
import { checkEmfLine } from "../support/emfSpec.ts";

const keys = Object.keys(signerMetrics) as SignerMetricKey[];
const dimensionValue = fc.stringMatching(/^[a-z][a-z_-]{0,30}$/);

describe("emfDocument", () => {
  it("publishes a metric under each dimension set whose dimensions are present, and leaves it out when none is", () => {
    const doc = emfDocument(1, { FunctionName: "fn" }, { identityRejected: 1, tokensIssued: 0 });
    expect(doc._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: "LiveChatSigner",
        Dimensions: [["FunctionName"]],
        Metrics: [
          { Name: "TokensIssued", Unit: "Count" },
          { Name: "IdentityRejected", Unit: "Count" },
        ],
      },
    ]);
    expect(emfDocument(1, {}, { tokensIssued: 1 })).toEqual({ _aws: { Timestamp: 1, CloudWatchMetrics: [] } });
  });

  it("the serialiser writes the same document as JSON.stringify(emfDocument), for any metrics and dimensions present", () => {
    const serialize = createEmfSerializer();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.record(
          {
            [metricDimensions.functionName]: dimensionValue,
            [metricDimensions.reason]: dimensionValue,
            [metricDimensions.code]: dimensionValue,
          },
          { requiredKeys: [metricDimensions.functionName] },
        ),
        fc.dictionary(fc.constantFrom(...keys), fc.nat({ max: 1000 })),
        (timestamp, dimensions, counts) => {
          const line = serialize(timestamp, dimensions as DimensionValues, counts as MetricCounts);
          expect(JSON.parse(line)).toEqual(
            JSON.parse(JSON.stringify(emfDocument(timestamp, dimensions as DimensionValues, counts as MetricCounts))),
          );
          expect(checkEmfLine(line).violations).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
