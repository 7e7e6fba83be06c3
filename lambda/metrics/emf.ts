// CloudWatch Embedded Metric Format (EMF): a log line that is one JSON object with an `_aws`
// block naming which of its top-level members are metrics and which are dimensions. CloudWatch
// Logs extracts the metrics as it ingests the line: no metrics library, no PutMetricData call,
// nothing on the request path but building and writing one line. The document rules followed
// here are those of AWS's "Specification: Embedded metric format" (root node, metadata object,
// MetricDirective, DimensionSet, MetricDefinition, target members).
import {
  metricDimensions,
  metricNamespace,
  type MetricDimension,
  type MetricDefinition,
  signerMetrics,
  type SignerMetricKey,
} from "./definitions.ts";

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
  const directives = new Map<
    string,
    { dimensionSets: (readonly string[])[]; metrics: { Name: string; Unit: string }[] }
  >();
  const values: Record<string, number> = {};
  for (const key of metricKeys) {
    const value = counts[key];
    if (value === undefined) continue;
    const definition: MetricDefinition = signerMetrics[key];
    const sets = definition.dimensionSets.filter((set) =>
      set.every((dimension) => dimensions[dimension] !== undefined),
    );
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
      CloudWatchMetrics: [...directives.values()].map((d) => ({
        Namespace: metricNamespace,
        Dimensions: d.dimensionSets,
        Metrics: d.metrics,
      })),
    },
    ...dimensions,
    ...values,
  };
}

/** Serialises documents shaped like `emfDocument`'s to one line of JSON text. */
export type EmfSerializer = (timestampMs: number, dimensions: DimensionValues, counts: MetricCounts) => string;

const dimensionOrder = Object.values(metricDimensions);

/**
 * `JSON.stringify(emfDocument(…))`, fast: per request only the values change, so each layout (which
 * metrics and dimensions are present) has its `CloudWatchMetrics` block serialised once, by
 * `emfDocument` itself, and reused. Members come in a fixed order; the parsed result is the same.
 */
export function createEmfSerializer(): EmfSerializer {
  const layouts = new Map<
    string,
    {
      readonly directives: string;
      readonly dimensions: readonly MetricDimension[];
      readonly metrics: readonly SignerMetricKey[];
    }
  >();
  return (timestampMs, dimensions, counts) => {
    let key = "";
    for (const dimension of dimensionOrder) key += dimensions[dimension] === undefined ? "0" : "1";
    for (const metric of metricKeys) key += counts[metric] === undefined ? "0" : "1";
    let layout = layouts.get(key);
    if (layout === undefined) {
      const document = emfDocument(0, dimensions, counts);
      layout = {
        directives: JSON.stringify(document._aws.CloudWatchMetrics),
        dimensions: dimensionOrder.filter((dimension) => dimensions[dimension] !== undefined),
        metrics: metricKeys.filter((metric) => counts[metric] !== undefined && signerMetrics[metric].name in document),
      };
      layouts.set(key, layout);
    }
    let line = `{"_aws":{"Timestamp":${JSON.stringify(timestampMs)},"CloudWatchMetrics":${layout.directives}}`;
    for (const dimension of layout.dimensions) line += `,"${dimension}":${JSON.stringify(dimensions[dimension])}`;
    for (const metric of layout.metrics) line += `,"${signerMetrics[metric].name}":${JSON.stringify(counts[metric])}`;
    return `${line}}`;
  };
}
