// The optional alarms and dashboard under Pulumi mocks: the children a LiveChat gets with
// `alarms: {}`, each alarm's settings, and above all that every alarm on the signer's own
// namespace watches a series the signer really writes — checked against the definitions module
// the Lambda emits with and against an EMF document the Lambda's code produced.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test } from "vitest";
import { problem } from "../../lambda/http/problem.ts";
import { metricDimensions, metricNamespace, signerMetrics } from "../../lambda/metrics/definitions.ts";
import { createSignerMetrics } from "../../lambda/metrics/signerMetrics.ts";
import { checkEmfLine, type ExtractedMetric } from "../support/emfSpec.ts";
import { account, installMocks, ofType, region, resource, settle, underName, unwrap } from "./mocks.ts";

await installMocks("livechat-test", "test");
const { LiveChat, TokenSigner, ArgsError } = await import("../../components/index.ts");
const { signerAlarmSpecs, signerDashboardBody } = await import("../../components/signerAlarmSpecs.ts");

const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const secretJson = JSON.stringify({ id: 7, key: randomBytes(32).toString("base64") });
const topic = `arn:aws:sns:${region}:${account}:livechat-ops`;

const alarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";
const dashboardType = "aws:cloudwatch/dashboard:Dashboard";

interface AlarmInputs {
  name: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  statistic: string;
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparisonOperator: string;
  treatMissingData: string;
  alarmActions: string[];
  okActions: string[];
  alarmDescription: string;
}

const inputsOf = (name: string): AlarmInputs => unwrap(resource(alarmType, name).inputs) as AlarmInputs;

/** Everything the signer's own code writes for one request of each kind that feeds an alarm. */
function emittedSeries(functionName: string): ExtractedMetric[] {
  const lines: string[] = [];
  const metrics = createSignerMetrics({ functionName, write: (line) => void lines.push(line) });
  metrics.count("staleKeyServed");
  metrics.requestDone({ kind: "token" });
  metrics.requestDone({ kind: "problem", problem: problem("key-unavailable", "d"), aboutSessions: false });
  metrics.requestDone({ kind: "problem", problem: problem("infobip-upstream-error", "d"), aboutSessions: true });
  return lines.flatMap((line) => {
    const check = checkEmfLine(line.trimEnd());
    expect(check.violations).toEqual([]);
    return check.metrics;
  });
}

describe("LiveChat with alarms: {}", async () => {
  new LiveChat("chat", { widgetId, secretString: pulumi.secret(secretJson), alarms: {} });
  await settle();
  const functionName = "livechat-test-test-chat-signer";
  const chatAlarms = () =>
    ofType(alarmType)
      .filter((r) => r.name.startsWith("chat-signer-alarm-"))
      .map((r) => inputsOf(r.name));

  test("adds six alarms under the signer, named <name>-alarm-<what>, and no dashboard", () => {
    expect(
      underName("chat")
        .filter((r) => r.type === alarmType || r.type === dashboardType)
        .map((r) => r.name),
    ).toEqual(
      ["errors", "throttles", "server-errors", "key-unavailable", "stale-key", "infobip"].map(
        (what) => `chat-signer-alarm-${what}`,
      ),
    );
  });

  test("each alarm: metric, Sum, threshold, period, evaluation and treatMissingData", () => {
    const table = chatAlarms().map((a) => [
      a.name,
      `${a.namespace}/${a.metricName}`,
      a.statistic,
      `>= ${a.threshold}`,
      a.period,
      `${a.datapointsToAlarm} of ${a.evaluationPeriods}`,
      a.treatMissingData,
    ]);
    expect(table).toEqual([
      [`${functionName}-errors`, "AWS/Lambda/Errors", "Sum", ">= 1", 60, "2 of 5", "notBreaching"],
      [`${functionName}-throttles`, "AWS/Lambda/Throttles", "Sum", ">= 1", 60, "2 of 5", "notBreaching"],
      [`${functionName}-server-errors`, "LiveChatSigner/ServerErrors", "Sum", ">= 1", 60, "3 of 5", "notBreaching"],
      [`${functionName}-key-unavailable`, "LiveChatSigner/KeyUnavailable", "Sum", ">= 1", 60, "1 of 3", "ignore"],
      [`${functionName}-stale-key`, "LiveChatSigner/StaleKeyServed", "Sum", ">= 1", 300, "1 of 2", "ignore"],
      [`${functionName}-infobip`, "LiveChatSigner/InfobipApiFailures", "Sum", ">= 1", 300, "1 of 2", "notBreaching"],
    ]);
    for (const a of chatAlarms()) {
      expect(a.comparisonOperator).toBe("GreaterThanOrEqualToThreshold");
      expect(a.dimensions).toEqual({ FunctionName: functionName });
      expect(a.alarmActions).toEqual([]);
      expect(a.okActions).toEqual([]);
      expect(a.alarmDescription).toContain(functionName);
      expect(a.alarmDescription).toMatch(/Runbook: docs\/operate\.md \(livechat-aws\)#alarm-[a-z-]+$/);
    }
  });

  test("every alarm on the signer's namespace watches a name, dimension set and namespace from the definitions the Lambda emits with", () => {
    const definitions = Object.values(signerMetrics);
    const ours = chatAlarms().filter((a) => a.namespace !== "AWS/Lambda");
    expect(ours).toHaveLength(4);
    for (const alarm of ours) {
      expect(alarm.namespace).toBe(metricNamespace);
      const definition = definitions.find((d) => d.name === alarm.metricName);
      expect(definition, alarm.metricName).toBeDefined();
      expect(definition?.dimensionSets.map((set) => [...set].sort())).toContainEqual(
        Object.keys(alarm.dimensions).sort(),
      );
    }
  });

  test("…and that exact series (namespace, name, dimensions) appears in the documents the Lambda's metrics code writes", () => {
    const series = emittedSeries(functionName);
    for (const alarm of chatAlarms().filter((a) => a.namespace === metricNamespace)) {
      const match = series.filter(
        (m) =>
          m.namespace === alarm.namespace &&
          m.name === alarm.metricName &&
          JSON.stringify(m.dimensions) === JSON.stringify(alarm.dimensions),
      );
      expect(match.length, `${alarm.metricName} ${JSON.stringify(alarm.dimensions)}`).toBeGreaterThan(0);
      expect(match.reduce((sum, m) => sum + (m.values[0] ?? 0), 0)).toBeGreaterThan(0);
    }
  });
});

describe("TokenSigner with actions and a dashboard, under a long component name", async () => {
  const name = `shop-${"very-long-component-name-".repeat(6)}signer`;
  new TokenSigner(name, {
    widgetId,
    secretString: pulumi.secret(secretJson),
    alarms: { actions: [topic], dashboard: true },
    tags: { team: "web" },
  });
  await settle();
  const mine = underName(name);
  const alarms = mine.filter((r) => r.type === alarmType).map((r) => inputsOf(r.name));
  const dashboard = mine.find((r) => r.type === dashboardType);
  const dashboardInputs = unwrap(dashboard?.inputs) as { dashboardName: string; dashboardBody: string };
  const functionName = (unwrap(mine.find((r) => r.type === "aws:lambda/function:Function")?.inputs) as { name: string })
    .name;

  test("alarm and OK actions notify the topic; names stay valid (≤ 255) and distinct", () => {
    expect(functionName.length).toBeLessThanOrEqual(64);
    expect(alarms).toHaveLength(6);
    for (const a of alarms) {
      expect(a.alarmActions).toEqual([topic]);
      expect(a.okActions).toEqual([topic]);
      expect(a.name.length).toBeLessThanOrEqual(255);
      expect(a.name.startsWith(`${functionName}-`)).toBe(true);
      expect(a.name).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(new Set(alarms.map((a) => a.name)).size).toBe(6);
    expect(dashboard?.name).toBe(`${name}-dashboard`);
    expect(dashboardInputs.dashboardName).toBe(functionName);
    expect(dashboardInputs.dashboardName).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
  });

  test("the dashboard shows the alarms by ARN and graphs only metrics from the definitions", () => {
    const body = JSON.parse(dashboardInputs.dashboardBody) as {
      widgets: { type: string; properties: { region?: string; alarms?: string[]; metrics?: unknown[][] } }[];
    };
    expect(body).toEqual(
      signerDashboardBody({
        functionArn: `arn:aws:lambda:${region}:${account}:function:${functionName}`,
        functionName,
      }),
    );
    const alarmWidget = body.widgets.find((w) => w.type === "alarm");
    expect(alarmWidget?.properties.alarms).toEqual(
      alarms.map((a) => `arn:aws:cloudwatch:${region}:${account}:alarm:${a.name}`),
    );
    const names: ReadonlySet<string> = new Set(Object.values(signerMetrics).map((d) => d.name));
    for (const widget of body.widgets.filter((w) => w.type === "metric")) {
      expect(widget.properties.region).toBe(region);
      for (const row of widget.properties.metrics ?? []) {
        const [first, second, third, fourth] = row as [unknown, unknown, unknown, unknown];
        if (typeof first === "object") {
          expect(String((first as { expression: string }).expression)).toMatch(
            new RegExp(
              `^SEARCH\\('\\{${metricNamespace},FunctionName,(Reason|Code)\\} MetricName="[A-Za-z]+" FunctionName="${functionName}"', 'Sum', 60\\)$`,
            ),
          );
          continue;
        }
        expect([metricNamespace, "AWS/Lambda"]).toContain(first);
        if (first === metricNamespace) expect(names.has(String(second))).toBe(true);
        expect([third, fourth]).toEqual([metricDimensions.functionName, functionName]);
      }
    }
  });
});

describe("arguments", () => {
  test("without alarms, no alarm or dashboard", async () => {
    new TokenSigner("quiet", { widgetId, secretString: pulumi.secret(secretJson) });
    await settle();
    expect(underName("quiet").filter((r) => r.type === alarmType || r.type === dashboardType)).toEqual([]);
  });

  test("an action that is not an ARN, or more than CloudWatch takes, is refused at preview naming the field", () => {
    const attempt = (alarms: unknown) => () =>
      new LiveChat("bad", { widgetId, secretString: pulumi.secret(secretJson), alarms: alarms as never });
    expect(attempt({ actions: ["ops@example.com"] })).toThrow(ArgsError);
    expect(attempt({ actions: ["ops@example.com"] })).toThrow(
      /^alarms\.actions\[0\] "ops@example\.com" is not an ARN: give an SNS topic ARN/,
    );
    expect(attempt({ actions: Array.from({ length: 6 }, () => topic) })).toThrow(
      /^alarms\.actions has 6 ARNs: CloudWatch takes at most 5/,
    );
  });

  test("docs/operate.md documents each alarm as built, with the runbook anchor its description names", () => {
    const doc = readFileSync(new URL("../../docs/operate.md", import.meta.url), "utf8");
    const rows = [
      ...doc.matchAll(
        /^\| `([a-z-]+)` \| `([A-Za-z/]+)` `([A-Za-z]+)` \| ≥ (\d+) \| (\d+) s \| (\d+) of (\d+) \| (\w+) \|$/gm,
      ),
    ].map((m) => m.slice(1).join(" "));
    expect(rows).toEqual(
      signerAlarmSpecs("fn").map((s) =>
        [
          s.what,
          s.namespace,
          s.metricName,
          s.threshold,
          s.periodSeconds,
          s.datapointsToAlarm,
          s.evaluationPeriods,
          s.treatMissingData,
        ].join(" "),
      ),
    );
    for (const spec of signerAlarmSpecs("fn")) {
      const anchor = /#(alarm-[a-z-]+)$/.exec(spec.description)?.[1];
      expect(doc).toContain(`<a id="${anchor}"></a>`);
    }
  });

  test("the specs are the same for any function name: only the name and dimension change", () => {
    const a = signerAlarmSpecs("fn-a").map((s) => ({ ...s, dimensions: {}, description: "" }));
    const b = signerAlarmSpecs("fn-b").map((s) => ({ ...s, dimensions: {}, description: "" }));
    expect(a).toEqual(b);
  });
});
