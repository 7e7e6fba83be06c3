// The deployable bundle under the real Lambda Node.js runtime (`aws-lambda-ric`) with the log
// format the component sets (`loggingConfig.logFormat: JSON`): read what CloudWatch Logs receives.
// The runtime wraps each console call in `{timestamp, level, requestId, message}`; the signer's
// fields must arrive as an object in `message` (queryable as `message.event`, `message.subHash`
// in Logs Insights), not as a JSON string inside the JSON. And with the Text format, each line
// still carries the fields as one JSON object after the runtime's tab-separated prefix.
// Metrics go around the runtime's formatter: each invocation's Embedded Metric Format document is
// a raw stdout line, which the runtime leaves unwrapped, so CloudWatch sees `_aws` at the top level.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSignerBundle } from "../../components/signerBundle.ts";
import { signerFileName, signerHandlerName } from "../../components/signerManifest.ts";
import { metricNamespace } from "../../lambda/metrics/definitions.ts";
import { checkEmfLine, sumMetrics } from "../support/emfSpec.ts";
import { type LambdaRuntime, startLambdaRuntime, type TelemetryFrame } from "../support/lambdaRuntime.ts";
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from "../support/secretsManagerStandIn.ts";
import {
  expectedPseudonym,
  knownKeyHex,
  knownSecret,
  knownSecretText,
  postToken,
  tokenSettings,
} from "../support/signerFixtures.ts";

const secretName = "livechat/runtime/key";
const functionName = "livechat-runtime-signer";
const customer = { sub: "runtime.canary@example.com", stp: "email" } as const;
const taskRoot = mkdtempSync(path.join(tmpdir(), "livechat-runtime-"));

let secrets: SecretsManagerStandIn;
beforeAll(async () => {
  secrets = await startSecretsManagerStandIn({ secretName, secretString: knownSecretText });
  writeFileSync(path.join(taskRoot, signerFileName), (await buildSignerBundle()).code);
}, 60_000);
afterAll(async () => {
  await secrets.close();
  rmSync(taskRoot, { recursive: true, force: true });
});

function signerEnv(): Record<string, string> {
  return {
    AWS_REGION: "eu-central-1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "secret-access-key-example",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    LIVECHAT_WIDGET_ID: tokenSettings.widgetId,
    LIVECHAT_SECRET_ID: secretName,
  };
}

interface Run {
  readonly frames: TelemetryFrame[];
  readonly stdout: string;
  readonly tokens: string[];
}

/** Three invocations: a token over the Function URL, one by direct invoke, and a refused request. */
async function runSigner(logFormat: "JSON" | "Text"): Promise<Run> {
  const runtime: LambdaRuntime = await startLambdaRuntime({
    taskRoot,
    handler: signerHandlerName,
    env: signerEnv(),
    logFormat,
    functionName,
  });
  try {
    const http = await runtime.invoke(
      postToken({ ...customer, sid: "runtime-session-1" }, { requestId: "url-req" }),
      "req-http",
    );
    const invoke = await runtime.invoke({ ...customer }, "req-invoke");
    const refused = await runtime.invoke(postToken({ ...customer, stp: "fax" }), "req-refused");
    expect([http.kind, invoke.kind, refused.kind]).toEqual(["response", "response", "response"]);
    expect((http.body as { statusCode: number }).statusCode).toBe(200);
    expect((refused.body as { statusCode: number }).statusCode).toBe(400);
    const tokens = [
      JSON.parse((http.body as { body: string }).body).token as string,
      (invoke.body as { token: string }).token,
    ];
    // The runtime writes a record synchronously within the invocation; all three are in by now.
    return { frames: runtime.telemetry(), stdout: runtime.stdout(), tokens };
  } finally {
    await runtime.close();
  }
}

function expectNoSecrets(text: string, tokens: readonly string[]): void {
  for (const form of [
    knownSecret.key,
    knownSecret.key.slice(0, 16),
    knownKeyHex.slice(0, 16),
    customer.sub,
    "runtime-session-1",
    "canary",
  ]) {
    expect(text).not.toContain(form);
  }
  for (const token of tokens) {
    expect(token.split(".")).toHaveLength(3);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split(".")[2]);
  }
}

describe("signer logs under the Lambda runtime (aws-lambda-ric), logFormat JSON", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runSigner("JSON");
  }, 60_000);

  it("every console record is a JSON frame whose message is an object with the signer's fields, not a string", () => {
    expect(run.frames.length).toBeGreaterThanOrEqual(4);
    for (const frame of run.frames) {
      expect(frame.format).toBe("json");
      const record = JSON.parse(frame.text) as Record<string, unknown>;
      expect(Object.keys(record).sort()).toEqual(["level", "message", "requestId", "timestamp"]);
      expect(typeof record["message"], `message of ${frame.text}`).toBe("object");
      const message = record["message"] as Record<string, unknown>;
      expect(typeof message["event"]).toBe("string");
      expect(String(record["level"]).toLowerCase()).toBe(message["level"]);
    }
  });

  it("fields are queryable as message.<field>: events, the keyed subHash and the runtime's requestId", () => {
    const records = run.frames.map(
      (f) => JSON.parse(f.text) as { requestId: string; level: string; message: Record<string, unknown> },
    );
    const issued = records.filter((r) => r.message["event"] === "token.issued");
    expect(issued.map((r) => [r.requestId, r.level, r.message["mode"]])).toEqual([
      ["req-http", "INFO", "http"],
      ["req-invoke", "INFO", "invoke"],
    ]);
    for (const r of issued)
      expect(r.message).toMatchObject({
        stp: "email",
        ski: knownSecret.id,
        subHash: expectedPseudonym(knownSecret.key, customer.sub),
        hasSid: r.requestId === "req-http",
      });
    const loaded = records.filter((r) => r.message["event"] === "secret.loaded");
    expect(loaded.map((r) => [r.requestId, r.message["ski"]])).toEqual([["req-http", knownSecret.id]]);
    const rejected = records.filter((r) => r.message["event"] === "request.rejected");
    expect(rejected.map((r) => [r.requestId, r.message["status"], r.message["problem"], r.message["fields"]])).toEqual([
      ["req-refused", 400, "invalid-request", ["stp"]],
    ]);
  });

  it("writes no key, token or raw identifier", () => {
    expectNoSecrets(run.frames.map((f) => f.text).join("\n") + run.stdout, run.tokens);
  });

  it("metrics: one EMF document per invocation on stdout, left unwrapped by the runtime and valid by the specification", () => {
    expectMetricsOnStdout(run);
  });
});

function expectMetricsOnStdout(run: Run): void {
  const lines = run.stdout.split("\n").filter((line) => line !== "");
  expect(lines).toHaveLength(3);
  const checks = lines.map((line) => checkEmfLine(line));
  for (const check of checks) expect(check.violations).toEqual([]);
  for (const line of lines) {
    const members = Object.keys(JSON.parse(line) as object);
    expect(members[0]).toBe("_aws");
    for (const wrapper of ["timestamp", "level", "requestId", "message"]) expect(members).not.toContain(wrapper);
  }
  const sums = sumMetrics(checks.flatMap((c) => c.metrics));
  const fn = `FunctionName=${functionName}`;
  expect(sums.get(`${metricNamespace}/TokensIssued{${fn}}`)).toBe(2);
  expect(sums.get(`${metricNamespace}/TokenRequestsRejected{${fn},Reason=invalid-request}`)).toBe(1);
  expect(sums.get(`${metricNamespace}/SecretsManagerCalls{${fn}}`)).toBe(1);
  // Nothing metric-shaped went through the runtime's formatter.
  for (const frame of run.frames) expect(frame.text).not.toContain("_aws");
}

describe("signer logs under the Lambda runtime (aws-lambda-ric), logFormat Text", () => {
  let run: Run;
  beforeAll(async () => {
    run = await runSigner("Text");
  }, 60_000);

  it("each record is the runtime's tab-separated prefix and the fields as one JSON object", () => {
    expect(run.frames.length).toBeGreaterThanOrEqual(4);
    for (const frame of run.frames) {
      expect(frame.format).toBe("text");
      const [timestamp, requestId, level, message, ...rest] = frame.text.replace(/\n$/, "").split("\t");
      expect(rest).toEqual([]);
      expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(["req-http", "req-invoke", "req-refused"]).toContain(requestId);
      const fields = JSON.parse(message ?? "") as Record<string, unknown>;
      expect(String(level).toLowerCase()).toBe(fields["level"]);
      expect(typeof fields["event"]).toBe("string");
    }
    expectNoSecrets(run.frames.map((f) => f.text).join("\n") + run.stdout, run.tokens);
    expectMetricsOnStdout(run);
  });
});
