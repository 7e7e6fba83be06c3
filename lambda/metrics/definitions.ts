// The signer's CloudWatch metrics, defined once: the Lambda emits them (Embedded Metric Format
// documents, lambda/metrics/emf.ts) and the component builds its alarms and dashboard from them
// (components/signerAlarms.ts). Pure data: no Node or AWS imports, so both sides can load it.
//
// Dimensions. `FunctionName` (the Lambda's own name, AWS_LAMBDA_FUNCTION_NAME) tells stacks apart:
// every stack has its own function, named `<project>-<stack>-<component>` by default, and it is
// the dimension AWS/Lambda's own metrics use, so one dashboard can show both side by side. The
// widget ID is not a dimension: one signer serves one widget, so it would add no information,
// only a second metric per series to pay for. `Reason` and `Code` take values from closed lists
// (problem kinds, identity error codes), never from a request: no customer identifier, token or key
// can become a dimension, and the number of series stays bounded.

/** CloudWatch namespace of every signer metric. */
export const metricNamespace = "LiveChatSigner";

/** Dimension names (the EMF document's target members). */
export const metricDimensions = {
  /** The Lambda function's name. */
  functionName: "FunctionName",
  /** Why a request was refused: the problem kind, e.g. `invalid-request`, `key-unavailable`. */
  reason: "Reason",
  /** Why an ID token was refused: the identity error code, e.g. `expired`, `jwks_unavailable`. */
  code: "Code",
} as const;

export type MetricDimension = (typeof metricDimensions)[keyof typeof metricDimensions];

/** One metric: what it counts, and the dimension sets it is published under (each one a CloudWatch metric of its own). */
export interface MetricDefinition {
  readonly name: string;
  readonly unit: "Count";
  readonly dimensionSets: readonly (readonly MetricDimension[])[];
  /** What one count means, for the dashboard and the docs. */
  readonly description: string;
}

const byFunction = [[metricDimensions.functionName]] as const;

export const signerMetrics = {
  tokensIssued: {
    name: "TokensIssued",
    unit: "Count",
    dimensionSets: byFunction,
    description: "Tokens signed and returned (Function URL or direct invoke).",
  },
  tokenRequestsRejected: {
    name: "TokenRequestsRejected",
    unit: "Count",
    // Per reason, and in total (one alarm or graph line without metric math).
    dimensionSets: [[metricDimensions.functionName, metricDimensions.reason], [metricDimensions.functionName]],
    description:
      "Requests refused other than session requests (token requests, unknown routes, unauthenticated calls); Reason is the problem kind.",
  },
  sessionRequestsRejected: {
    name: "SessionRequestsRejected",
    unit: "Count",
    dimensionSets: [[metricDimensions.functionName, metricDimensions.reason], [metricDimensions.functionName]],
    description:
      "Session-ending requests (DELETE /sessions/{sid}, invalidateSession invokes) refused or failed; Reason is the problem kind.",
  },
  identityRejected: {
    name: "IdentityRejected",
    unit: "Count",
    dimensionSets: [[metricDimensions.functionName, metricDimensions.code], [metricDimensions.functionName]],
    description:
      "ID tokens refused in OIDC mode (401), or not verifiable because the issuer's keys were unreachable (503); Code is the identity error code.",
  },
  keyUnavailable: {
    name: "KeyUnavailable",
    unit: "Count",
    dimensionSets: byFunction,
    description: "Token requests answered 503 because no usable signing key was loaded or cached.",
  },
  staleKeyServed: {
    name: "StaleKeyServed",
    unit: "Count",
    dimensionSets: byFunction,
    description:
      "Key lookups served with a key past its cache period because reloading it from Secrets Manager failed.",
  },
  sessionsEnded: {
    name: "SessionsEnded",
    unit: "Count",
    dimensionSets: byFunction,
    description: "Live Chat sessions ended through Infobip's API (204).",
  },
  infobipApiFailures: {
    name: "InfobipApiFailures",
    unit: "Count",
    dimensionSets: byFunction,
    description:
      "Session-ending requests that failed at Infobip after retries: 5xx, timeout, network error, or the API key refused (502/504).",
  },
  secretsManagerCalls: {
    name: "SecretsManagerCalls",
    unit: "Count",
    dimensionSets: byFunction,
    description: "GetSecretValue calls (signing key and Infobip API secret), successful or not.",
  },
  serverErrors: {
    name: "ServerErrors",
    unit: "Count",
    dimensionSets: byFunction,
    description:
      "Answers with status 500, 502, 503 or 504 (not 501, which says session invalidation is not configured).",
  },
} as const satisfies Record<string, MetricDefinition>;

export type SignerMetricKey = keyof typeof signerMetrics;
