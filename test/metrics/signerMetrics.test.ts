// What each answer counts, the documents' validity against the EMF specification, and that a
// document carries nothing from the request but closed-list reasons and codes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { problem, type Problem, type ProblemKind } from "../../lambda/http/problem.ts";
import { metricDimensions, metricNamespace, signerMetrics } from "../../lambda/metrics/definitions.ts";
import {
  createSignerMetrics,
  requestCounts,
  type RequestResult,
  signerMetricsFromEnv,
} from "../../lambda/metrics/signerMetrics.ts";
import { checkEmfLine, sumMetrics } from "../support/emfSpec.ts";

const functionName = "shop-prod-chat-signer";
const t0 = 1_767_225_600_000;

function recorder() {
  const lines: string[] = [];
  const metrics = createSignerMetrics({ functionName, write: (line) => void lines.push(line), now: () => t0 });
  return { metrics, lines };
}

const refused = (kind: ProblemKind, aboutSessions = false, code?: string): RequestResult => ({
  kind: "problem",
  problem: code === undefined ? problem(kind, "detail") : { ...problem(kind, "detail"), code },
  aboutSessions,
});

describe("requestCounts", () => {
  const cases: [string, RequestResult, Record<string, number>, Record<string, string>][] = [
    ["a token", { kind: "token" }, { tokensIssued: 1 }, {}],
    ["an ended session", { kind: "ended" }, { sessionsEnded: 1 }, {}],
    ["a CORS preflight", { kind: "preflight" }, {}, {}],
    ["a bad token request", refused("invalid-request"), { tokenRequestsRejected: 1 }, { Reason: "invalid-request" }],
    [
      "an unauthenticated call",
      refused("iam-authentication-required"),
      { tokenRequestsRejected: 1 },
      { Reason: "iam-authentication-required" },
    ],
    [
      "no key",
      refused("key-unavailable"),
      { tokenRequestsRejected: 1, keyUnavailable: 1, serverErrors: 1 },
      { Reason: "key-unavailable" },
    ],
    [
      "an internal error",
      refused("internal-error"),
      { tokenRequestsRejected: 1, serverErrors: 1 },
      { Reason: "internal-error" },
    ],
    [
      "an expired ID token",
      refused("invalid-identity", false, "expired"),
      { tokenRequestsRejected: 1, identityRejected: 1 },
      { Reason: "invalid-identity", Code: "expired" },
    ],
    [
      "unreachable issuer keys",
      refused("identity-provider-unavailable", false, "jwks_unavailable"),
      { tokenRequestsRejected: 1, identityRejected: 1, serverErrors: 1 },
      { Reason: "identity-provider-unavailable", Code: "jwks_unavailable" },
    ],
    [
      "a code outside the list",
      refused("invalid-identity", false, "alice@example.com"),
      { tokenRequestsRejected: 1, identityRejected: 1 },
      { Reason: "invalid-identity", Code: "unknown" },
    ],
    [
      "Infobip 5xx",
      refused("infobip-upstream-error", true),
      { sessionRequestsRejected: 1, infobipApiFailures: 1, serverErrors: 1 },
      { Reason: "infobip-upstream-error" },
    ],
    [
      "Infobip timeout",
      refused("infobip-upstream-timeout", true),
      { sessionRequestsRejected: 1, infobipApiFailures: 1, serverErrors: 1 },
      { Reason: "infobip-upstream-timeout" },
    ],
    [
      "the API key refused",
      refused("infobip-api-key-rejected", true),
      { sessionRequestsRejected: 1, infobipApiFailures: 1, serverErrors: 1 },
      { Reason: "infobip-api-key-rejected" },
    ],
    [
      "no API secret",
      refused("api-secret-unavailable", true),
      { sessionRequestsRejected: 1, serverErrors: 1 },
      { Reason: "api-secret-unavailable" },
    ],
    [
      "sessions not configured (501)",
      refused("sessions-not-configured", true),
      { sessionRequestsRejected: 1 },
      { Reason: "sessions-not-configured" },
    ],
    [
      "an unknown session",
      refused("session-not-found", true),
      { sessionRequestsRejected: 1 },
      { Reason: "session-not-found" },
    ],
  ];
  it.each(cases)("%s", (_what, result, counts, dimensions) => {
    expect(requestCounts(result)).toEqual({ counts, dimensions });
  });
});

describe("documents", () => {
  it("one valid EMF document per request, in the definitions' namespace, with the FunctionName dimension", () => {
    const { metrics, lines } = recorder();
    metrics.requestDone({ kind: "token" });
    metrics.requestDone(refused("invalid-identity", false, "kid_unknown"));
    metrics.requestDone(refused("infobip-upstream-error", true));
    expect(lines).toHaveLength(3);
    const names: ReadonlySet<string> = new Set(Object.values(signerMetrics).map((d) => d.name));
    for (const line of lines) {
      expect(line.endsWith("\n") && !line.slice(0, -1).includes("\n")).toBe(true);
      const check = checkEmfLine(line.trimEnd());
      expect(check.violations).toEqual([]);
      for (const m of check.metrics) {
        expect(m.namespace).toBe(metricNamespace);
        expect(names.has(m.name)).toBe(true);
        expect(m.dimensions[metricDimensions.functionName]).toBe(functionName);
      }
    }
    const sums = sumMetrics(lines.flatMap((l) => checkEmfLine(l).metrics));
    expect(sums.get(`LiveChatSigner/TokensIssued{FunctionName=${functionName}}`)).toBe(1);
    expect(sums.get(`LiveChatSigner/IdentityRejected{Code=kid_unknown,FunctionName=${functionName}}`)).toBe(1);
    expect(sums.get(`LiveChatSigner/IdentityRejected{FunctionName=${functionName}}`)).toBe(1);
    expect(sums.get(`LiveChatSigner/TokenRequestsRejected{FunctionName=${functionName},Reason=invalid-identity}`)).toBe(
      1,
    );
    expect(sums.get(`LiveChatSigner/SessionRequestsRejected{FunctionName=${functionName}}`)).toBe(1);
    expect(sums.get(`LiveChatSigner/InfobipApiFailures{FunctionName=${functionName}}`)).toBe(1);
    expect(sums.get(`LiveChatSigner/ServerErrors{FunctionName=${functionName}}`)).toBe(1);
    expect(sums.get(`LiveChatSigner/SessionsEnded{FunctionName=${functionName}}`)).toBe(0);
  });

  it("counts from between requests go into the next document only", () => {
    const { metrics, lines } = recorder();
    metrics.count("secretsManagerCalls");
    metrics.count("secretsManagerCalls");
    metrics.count("staleKeyServed");
    metrics.requestDone({ kind: "token" });
    metrics.requestDone({ kind: "token" });
    const docs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(docs.map((d) => [d["SecretsManagerCalls"], d["StaleKeyServed"]])).toEqual([
      [2, 1],
      [0, 0],
    ]);
  });

  it("metrics are off without AWS_LAMBDA_FUNCTION_NAME, and refuse a name CloudWatch would not take", () => {
    expect(signerMetricsFromEnv({})).toBeUndefined();
    expect(signerMetricsFromEnv({ AWS_LAMBDA_FUNCTION_NAME: "" })).toBeUndefined();
    expect(signerMetricsFromEnv({ AWS_LAMBDA_FUNCTION_NAME: functionName })).toBeDefined();
    expect(() => createSignerMetrics({ functionName: "bad\nname" })).toThrow(/printable ASCII/);
  });

  it("a document depends only on the problem's kind, status and listed code: nothing else of a request reaches it", () => {
    const kinds: ProblemKind[] = [
      "invalid-request",
      "invalid-identity",
      "forbidden-session",
      "identity-provider-unavailable",
      "infobip-upstream-error",
      "key-unavailable",
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.boolean(),
        fc.string({ minLength: 6 }),
        fc.string({ minLength: 6 }),
        fc.string({ minLength: 6 }),
        (kind, aboutSessions, detail, field, code) => {
          const base = problem(kind, "fixed");
          const noisy: Problem = { ...base, detail, code, errors: [{ field, message: detail }] };
          const plain: Problem = { ...base, code: "unknown-to-the-list" };
          const a = recorder();
          const b = recorder();
          a.metrics.requestDone({ kind: "problem", problem: noisy, aboutSessions });
          b.metrics.requestDone({ kind: "problem", problem: plain, aboutSessions });
          expect(a.lines).toEqual(b.lines);
        },
      ),
      { numRuns: 200 },
    );
  });
});
