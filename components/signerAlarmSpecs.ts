// What the signer's optional alarms and dashboard watch, decided in plain data (no Pulumi, no AWS
// SDK): components/signerAlarms.ts only turns these into resources. The signer's own metrics come
// from lambda/metrics/definitions.ts, the module the Lambda emits them with, so an alarm cannot
// watch a name, namespace or dimension the signer does not write.
//
// Thresholds favour paging on what customers feel. The signer's EMF metrics reach CloudWatch
// through log ingestion, a little late, so their alarms use "M out of N" evaluation as AWS
// recommends for EMF from Lambda. Every signer document carries each FunctionName-only metric (0
// when nothing happened), so "missing data" means "no requests at all"; `treatMissingData` says
// what such a quiet period means for each alarm (see docs/operate.md).
import { metricDimensions, metricNamespace, signerMetrics } from "../lambda/metrics/definitions.ts";
import { parseArn } from "../lambda/awsArn.ts";
import { physicalName } from "./naming.ts";

/** One CloudWatch alarm on one metric of one function, with Sum over `periodSeconds`, `>= threshold`. */
export interface SignerAlarmSpec {
  /** Child-name and alarm-name suffix, e.g. `server-errors` (`<name>-alarm-server-errors`). */
  readonly what: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Sum";
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: "GreaterThanOrEqualToThreshold";
  readonly treatMissingData: "notBreaching" | "ignore";
  /** The alarm's description: what it means and where the runbook is. */
  readonly description: string;
}

/** Where the runbook lives, named in every alarm's description (the package ships it). */
export const runbookPage = "docs/operate.md (livechat-aws)";

const lambdaNamespace = "AWS/Lambda";

/** The alarms for the signer function `functionName`, in creation order. */
export function signerAlarmSpecs(functionName: string): SignerAlarmSpec[] {
  const byFunction = { [metricDimensions.functionName]: functionName };
  const sum = {
    statistic: "Sum",
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    dimensions: byFunction,
  } as const;
  const runbook = (anchor: string) => `Runbook: ${runbookPage}#${anchor}`;
  return [
    {
      ...sum,
      what: "errors",
      namespace: lambdaNamespace,
      metricName: "Errors",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      description: `Live Chat token signer ${functionName}: invocations failed (timeout, crash, out of memory or init error) in 2 of the last 5 minutes. ${runbook("alarm-errors")}`,
    },
    {
      ...sum,
      what: "throttles",
      namespace: lambdaNamespace,
      metricName: "Throttles",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      description: `Live Chat token signer ${functionName}: Lambda refused invocations for lack of concurrency in 2 of the last 5 minutes. ${runbook("alarm-throttles")}`,
    },
    {
      ...sum,
      what: "server-errors",
      namespace: metricNamespace,
      metricName: signerMetrics.serverErrors.name,
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      description: `Live Chat token signer ${functionName}: answered 500/502/503/504 in 3 of the last 5 minutes. ${runbook("alarm-server-errors")}`,
    },
    {
      ...sum,
      what: "key-unavailable",
      namespace: metricNamespace,
      metricName: signerMetrics.keyUnavailable.name,
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 1,
      treatMissingData: "ignore",
      description: `Live Chat token signer ${functionName}: refused token requests with 503, no usable signing key (customers cannot sign in to the chat). ${runbook("alarm-key-unavailable")}`,
    },
    {
      ...sum,
      what: "stale-key",
      namespace: metricNamespace,
      metricName: signerMetrics.staleKeyServed.name,
      periodSeconds: 300,
      evaluationPeriods: 2,
      datapointsToAlarm: 1,
      treatMissingData: "ignore",
      description: `Live Chat token signer ${functionName}: signing with a cached key because Secrets Manager fails; 503s follow when the stale period ends. ${runbook("alarm-stale-key")}`,
    },
    {
      ...sum,
      what: "infobip",
      namespace: metricNamespace,
      metricName: signerMetrics.infobipApiFailures.name,
      periodSeconds: 300,
      evaluationPeriods: 2,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      description: `Live Chat token signer ${functionName}: Infobip's API failed to end sessions (5xx, timeout or API key refused); logged-out customers' chats stay open. ${runbook("alarm-infobip")}`,
    },
  ];
}

/** CloudWatch's limit on alarm and dashboard names. */
export const alarmNameMaxLength = 255;

/** The alarm's physical name: the function name (unique per account and region) and what it watches. */
export function alarmName(functionName: string, what: string): string {
  return physicalName([functionName, what], alarmNameMaxLength);
}

/** The dashboard's physical name (letters, digits, `-`, `_`; at most 255). */
export function dashboardName(functionName: string): string {
  return physicalName([functionName], alarmNameMaxLength);
}

type MetricRow = (string | Record<string, unknown>)[];

function metricWidget(
  title: string,
  region: string,
  x: number,
  y: number,
  metrics: MetricRow[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: "metric",
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, region, stat: "Sum", period: 60, view: "timeSeries", metrics, ...extra },
  };
}

/** A graph line for a signer metric under its FunctionName-only dimension set (every metric has one). */
function signerLine(key: keyof typeof signerMetrics, functionName: string): MetricRow {
  return [metricNamespace, signerMetrics[key].name, metricDimensions.functionName, functionName];
}

/** One line per value of `dimension` (Reason or Code) of a signer metric: a CloudWatch SEARCH expression. */
function searchLine(key: keyof typeof signerMetrics, dimension: string, functionName: string, id: string): MetricRow[] {
  const schema = `{${metricNamespace},${metricDimensions.functionName},${dimension}}`;
  return [
    [
      {
        expression: `SEARCH('${schema} MetricName="${signerMetrics[key].name}" ${metricDimensions.functionName}="${functionName}"', 'Sum', 60)`,
        id,
        label: "",
      },
    ],
  ];
}

/**
 * The dashboard body (CloudWatch dashboard JSON) for the function `functionArn`: the alarms' states, the signer's
 * metrics and the Lambda's own. Region, partition and account come from the function's ARN, so the alarms' ARNs
 * (`arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`) are known without waiting for them.
 */
export function signerDashboardBody(options: {
  readonly functionArn: string;
  readonly functionName: string;
}): Record<string, unknown> {
  const { functionArn, functionName } = options;
  const arn = parseArn(functionArn);
  if (arn === undefined) {
    throw new TypeError(
      `functionArn ${JSON.stringify(functionArn)} is not a Lambda function ARN (arn:<partition>:lambda:<region>:<account>:function:<name>).`,
    );
  }
  const { partition, region, account } = arn;
  const alarmArns = signerAlarmSpecs(functionName).map(
    (spec) => `arn:${partition}:cloudwatch:${region}:${account}:alarm:${alarmName(functionName, spec.what)}`,
  );
  const lambda = (metricName: string, stat?: string): MetricRow => [
    lambdaNamespace,
    metricName,
    metricDimensions.functionName,
    functionName,
    ...(stat === undefined ? [] : [{ stat }]),
  ];
  return {
    widgets: [
      {
        type: "alarm",
        x: 0,
        y: 0,
        width: 24,
        height: 3,
        properties: { title: "Live Chat token signer alarms", alarms: alarmArns },
      },
      metricWidget("Tokens and refusals", region, 0, 3, [
        signerLine("tokensIssued", functionName),
        signerLine("tokenRequestsRejected", functionName),
        signerLine("serverErrors", functionName),
      ]),
      metricWidget(
        "Token refusals by reason",
        region,
        12,
        3,
        searchLine("tokenRequestsRejected", metricDimensions.reason, functionName, "reasons"),
      ),
      metricWidget("Signing key and Secrets Manager", region, 0, 9, [
        signerLine("keyUnavailable", functionName),
        signerLine("staleKeyServed", functionName),
        signerLine("secretsManagerCalls", functionName),
      ]),
      metricWidget(
        "ID tokens refused by code",
        region,
        12,
        9,
        searchLine("identityRejected", metricDimensions.code, functionName, "codes"),
      ),
      metricWidget("Sessions", region, 0, 15, [
        signerLine("sessionsEnded", functionName),
        signerLine("sessionRequestsRejected", functionName),
        signerLine("infobipApiFailures", functionName),
      ]),
      metricWidget("Lambda", region, 12, 15, [
        lambda("Invocations"),
        lambda("Errors"),
        lambda("Throttles"),
        lambda("Duration", "p99"),
      ]),
    ],
  };
}
