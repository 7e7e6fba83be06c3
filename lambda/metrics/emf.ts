// CloudWatch Embedded Metric Format (EMF): a log line that is one JSON object with an `_aws`
// block naming which of its top-level members are metrics and which are dimensions. CloudWatch
// Logs extracts the metrics as it ingests the line: no metrics library, no PutMetricData call,
// nothing on the request path but building and writing one line. The document rules followed
// here are those of AWS's "Specification: Embedded metric format" (root node, metadata object,
// MetricDirective, DimensionSet, MetricDefinition, target members).
import { metricNamespace, type MetricDimension, type MetricDefinition, signerMetrics, type SignerMetricKey } from "./definitions.ts";

export type MetricCounts = Partial<Record<SignerMetricKey, number>>;
export type DimensionValues = Partial<Record<MetricDimension, string>>;

export interface EmfMetricDirective {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
}

export interface EmfDocument {
  readonly _aws: { readonly Timestamp: number; readonly CloudWatchMetrics: readonly EmfMetricDirective[] };
  readonly [member: string]: unknown;
}

const metricKeys = Object.keys(signerMetrics) as SignerMetricKey[];

/**
 * One EMF document: every metric in `counts` (undefined ones left out), each published under
 * those of its dimension sets whose dimensions all have a value in `dimensions`. Metrics that
 * share their dimension sets share one MetricDirective.
 */
export function emfDocument(timestampMs: number, dimensions: DimensionValues, counts: MetricCounts): EmfDocument {
  const directives = new Map<string, { dimensionSets: (readonly string[])[]; metrics: { Name: string; Unit: string }[] }>();
  const values: Record<string, number> = {};
  for (const key of metricKeys) {
    const value = counts[key];
    if (value === undefined) continue;
    const definition: MetricDefinition = signerMetrics[key];
    const sets = definition.dimensionSets.filter((set) => set.every((dimension) => dimensions[dimension] !== undefined));
    if (sets.length === 0) continue;
    const group = sets.map((set) => set.join(",")).join(";");
    let directive = directives.get(group);
    if (directive === undefined) {
      directive = { dimensionSets: sets, metrics: [] };
      directives.set(group, directive);
    }
    directive.metrics.push({ Name: definition.name, Unit: definition.unit });
    values[definition.name] = value;
  }
  return {
    _aws: {
      Timestamp: timestampMs,
      CloudWatchMetrics: [...directives.values()].map((d) => ({ Namespace: metricNamespace, Dimensions: d.dimensionSets, Metrics: d.metrics })),
    },
    ...dimensions,
    ...values,
  };
}
