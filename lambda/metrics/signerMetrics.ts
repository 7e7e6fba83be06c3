// The signer's metrics per request: one Embedded Metric Format document per answered request,
// written with `process.stdout.write` as one raw line. Lambda's JSON log format wraps console
// calls in its own record (whose `message` CloudWatch would not read as EMF) but passes raw
// stdout lines through unwrapped, so the document reaches CloudWatch Logs as a top-level object.
//
// Counts that belong to no single answer (a Secrets Manager call, a stale key served from the
// cache) are kept until the next document. Lambda runs one request at a time per execution
// environment, so that is the request during which they happened; where requests overlap (the
// local runner) they may land in a neighbour's document, and every total is still exact.
import { problemKind, type Problem } from "../http/problem.ts";
import { identityErrorCodes } from "../identity/identityError.ts";
import { metricDimensions, signerMetrics, type SignerMetricKey } from "./definitions.ts";
import { createEmfSerializer, type DimensionValues, type MetricCounts } from "./emf.ts";

/** How a request ended, as the metrics see it. */
export type RequestResult =
  | { readonly kind: "token" | "ended" | "preflight" }
  | {
      readonly kind: "problem";
      readonly problem: Problem;
      /** True for session-ending requests (DELETE /sessions/{sid}, `invalidateSession` invokes). */
      readonly aboutSessions: boolean;
    };

/** Metrics counted between requests: inside the key cache and the secret loaders. */
export type BackgroundMetric = Extract<SignerMetricKey, "secretsManagerCalls" | "staleKeyServed">;

export interface SignerMetrics {
  /** Counts an event outside a request's outcome; it goes into the next document written. */
  count(metric: BackgroundMetric): void;
  /** Writes the document for one answered request. */
  requestDone(result: RequestResult): void;
}

export interface SignerMetricsOptions {
  /** The `FunctionName` dimension: the Lambda's name (AWS_LAMBDA_FUNCTION_NAME). */
  readonly functionName: string;
  /** Where a document line goes; default `process.stdout.write`. */
  readonly write?: (line: string) => void;
  /** Clock in milliseconds for the documents' `Timestamp`; default `Date.now`. */
  readonly now?: () => number;
}

/** Metrics published under `FunctionName` alone: every document carries them, 0 when nothing happened, so "no data" means "no requests". */
const perFunction = (Object.keys(signerMetrics) as SignerMetricKey[]).filter((key) =>
  signerMetrics[key].dimensionSets.every((set) =>
    set.every((dimension) => dimension === metricDimensions.functionName),
  ),
);

const identityCodes: ReadonlySet<string> = new Set(identityErrorCodes);
const serverErrorStatuses: ReadonlySet<number> = new Set([500, 502, 503, 504]);
const infobipFailures: ReadonlySet<string> = new Set([
  "infobip-api-key-rejected",
  "infobip-upstream-error",
  "infobip-upstream-timeout",
]);

/** The counts and dimension values one request contributes. Dimension values come only from closed lists. */
export function requestCounts(result: RequestResult): { counts: MetricCounts; dimensions: DimensionValues } {
  switch (result.kind) {
    case "token":
      return { counts: { tokensIssued: 1 }, dimensions: {} };
    case "ended":
      return { counts: { sessionsEnded: 1 }, dimensions: {} };
    case "preflight":
      return { counts: {}, dimensions: {} };
    case "problem": {
      const { problem, aboutSessions } = result;
      const reason = problemKind(problem) ?? "unknown";
      const counts: MetricCounts = aboutSessions ? { sessionRequestsRejected: 1 } : { tokenRequestsRejected: 1 };
      const dimensions: DimensionValues = { [metricDimensions.reason]: reason };
      if (reason === "key-unavailable") counts.keyUnavailable = 1;
      if (infobipFailures.has(reason)) counts.infobipApiFailures = 1;
      if (serverErrorStatuses.has(problem.status)) counts.serverErrors = 1;
      if (reason === "invalid-identity" || reason === "identity-provider-unavailable") {
        counts.identityRejected = 1;
        dimensions[metricDimensions.code] =
          problem.code !== undefined && identityCodes.has(problem.code) ? problem.code : "unknown";
      }
      return { counts, dimensions };
    }
  }
}

/** Printable ASCII, as CloudWatch requires of a dimension value (at most 1024 characters). */
const dimensionValuePattern = /^[\x21-\x7e](?:[\x20-\x7e]{0,1022}[\x21-\x7e])?$/;

export function createSignerMetrics(options: SignerMetricsOptions): SignerMetrics {
  const { functionName, write = (line: string) => void process.stdout.write(line), now = Date.now } = options;
  if (!dimensionValuePattern.test(functionName)) {
    throw new TypeError(
      "functionName must be the Lambda function's name: 1–1024 printable ASCII characters (CloudWatch's rule for a dimension value).",
    );
  }
  const serialize = createEmfSerializer();
  let background: MetricCounts = {};
  return {
    count(metric) {
      background[metric] = (background[metric] ?? 0) + 1;
    },
    requestDone(result) {
      const { counts, dimensions } = requestCounts(result);
      for (const key of perFunction) counts[key] = (counts[key] ?? 0) + (background[key] ?? 0);
      background = {};
      dimensions[metricDimensions.functionName] = functionName;
      write(`${serialize(now(), dimensions, counts)}\n`);
    },
  };
}

/**
 * The Lambda's metrics: on where AWS_LAMBDA_FUNCTION_NAME is set (always in Lambda, which sets
 * it), off elsewhere (the local runner, tests that do not ask for them).
 */
export function signerMetricsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: Omit<SignerMetricsOptions, "functionName"> = {},
): SignerMetrics | undefined {
  const functionName = env["AWS_LAMBDA_FUNCTION_NAME"];
  return functionName === undefined || functionName === ""
    ? undefined
    : createSignerMetrics({ ...options, functionName });
}
