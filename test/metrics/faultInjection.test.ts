// Fault injection, read as CloudWatch reads it. The signer built from its environment as in Lambda
// (createSignerFromEnv, AWS_LAMBDA_FUNCTION_NAME set, Lambda's JSON log format) runs against the
// local stand-ins while faults are injected: Secrets Manager failing after a load (stale key served,
// then 503), the issuer's keys unreachable, Infobip answering 5xx or dropping the connection.
// Everything written to stdout must be EMF documents that pass the specification's rules
// (test/support/emfSpec.ts), console records must carry none, and the extracted sums must equal
// the injected events. Then the request identity is fuzzed: no document carries any of it.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import { problemKind, type Problem } from "../../lambda/http/problem.ts";
import { identityErrorCodes } from "../../lambda/identity/identityError.ts";
import { createSignerFromEnv } from "../../lambda/index.ts";
import { metricDimensions, metricNamespace, signerMetrics } from "../../lambda/metrics/definitions.ts";
import {
  apiKey,
  apiSecretName,
  baseEnv,
  httpEvent,
  type SecretsManagerPair,
  startSecretsManagerPair,
} from "../support/signerFromEnv.ts";
import { type CapturedChunk, captureOutputBySource } from "../support/captureOutput.ts";
import { checkEmfLine, type ExtractedMetric, sumMetrics } from "../support/emfSpec.ts";
import { infobipErrorBodies, type InfobipApiStandIn, startInfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import { type OidcIssuerStandIn, startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import { postToken } from "../support/signerFixtures.ts";

const invalidation = { timeoutMs: 1000, retries: 2, baseDelayMs: 0, maxDelayMs: 0 } as const;
const customer = { sub: "fault.canary@example.com", stp: "email" } as const;
const person = { sub: "user-1", email: "grace@example.com", email_verified: true };

let issuer: OidcIssuerStandIn;
let infobip: InfobipApiStandIn;
let secrets: SecretsManagerPair;
const savedFormat = process.env["AWS_LAMBDA_LOG_FORMAT"];

beforeAll(async () => {
  // As Lambda sets it for `loggingConfig.logFormat: JSON`: console records are objects, metrics raw lines.
  process.env["AWS_LAMBDA_LOG_FORMAT"] = "JSON";
  issuer = await startOidcIssuerStandIn({ initialAlgs: ["ES256"] });
  infobip = await startInfobipApiStandIn();
  secrets = await startSecretsManagerPair(JSON.stringify({ apiKey, baseUrl: infobip.baseUrl }));
});
afterAll(async () => {
  if (savedFormat === undefined) delete process.env["AWS_LAMBDA_LOG_FORMAT"];
  else process.env["AWS_LAMBDA_LOG_FORMAT"] = savedFormat;
  await issuer.close();
  await infobip.close();
  await secrets.close();
});

interface Read {
  readonly documents: Record<string, unknown>[];
  readonly metrics: ExtractedMetric[];
  readonly sums: Map<string, number>;
}

/** Reads captured output as CloudWatch Logs would: every stdout line an EMF document, valid by the specification; console records without `_aws`. */
function readAsCloudWatch(chunks: readonly CapturedChunk[]): Read {
  const stdoutLines = chunks
    .filter((c) => c.source === "stdout")
    .map((c) => c.text)
    .join("")
    .split("\n")
    .filter((line) => line !== "");
  const documents: Record<string, unknown>[] = [];
  const metrics: ExtractedMetric[] = [];
  for (const line of stdoutLines) {
    const check = checkEmfLine(line);
    expect(check.violations, line).toEqual([]);
    documents.push(JSON.parse(line) as Record<string, unknown>);
    metrics.push(...check.metrics);
  }
  for (const chunk of chunks.filter((c) => c.source !== "stdout")) {
    expect(chunk.source).toBe("console");
    expect(chunk.text).not.toContain('"_aws"');
  }
  return { documents, metrics, sums: sumMetrics(metrics) };
}

/** The sums for `functionName` as `Metric{Dimension=value,…}` → sum, without the FunctionName part. */
function sumsFor(read: Read, functionName: string): Record<string, number> {
  const out: Record<string, number> = {};
  const prefix = `${metricNamespace}/`;
  for (const [key, sum] of read.sums) {
    if (!key.startsWith(prefix) || !key.includes(`FunctionName=${functionName}`)) continue;
    out[key.slice(prefix.length).replace(`FunctionName=${functionName}`, "").replace("{,", "{").replace(",}", "}")] =
      sum;
  }
  return out;
}

const status = (r: unknown) => (r as FunctionUrlResponse).statusCode;

describe("fault injection: IAM mode with session invalidation", () => {
  const functionName = "livechat-fault-iam";
  let read: Read;
  let statuses: number[] = [];
  let secretsManagerCalls = 0;

  beforeAll(async () => {
    const clock = { ms: Date.now() };
    const env = baseEnv(secrets.url, {
      LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretName,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      LIVECHAT_STALE_SECONDS: "900",
    });
    const callsBefore = secrets.signingKey.calls + secrets.apiSecret.calls;
    const chunks = await captureOutputBySource(async () => {
      const { handle } = createSignerFromEnv(env, { now: () => clock.ms, invalidation });
      const token = () => handle(postToken(customer));
      const end = (sid: string) => handle(httpEvent({ method: "DELETE", path: `/sessions/${sid}` }));
      // Healthy: 3 tokens (one key load), a session ended (one API-secret load), one bad request.
      for (let i = 0; i < 3; i++) statuses.push(status(await token()));
      infobip.script({ status: 204 });
      statuses.push(status(await end("session-ok")));
      statuses.push(status(await handle(postToken({ ...customer, stp: "fax" }))));
      // Infobip answers 5xx to every attempt, then drops every connection (3 attempts each).
      infobip.script(...Array.from({ length: 3 }, () => ({ status: 500, body: infobipErrorBodies.serverError })));
      statuses.push(status(await end("session-5xx")));
      infobip.script("reset", "reset", "reset");
      const invoked = (await handle({ action: "invalidateSession", sid: "session-reset" })) as Problem;
      statuses.push(invoked.status);
      // Secrets Manager fails after a load: past the cache period the old key is served (stale)…
      secrets.signingKey.setBehaviour({ kind: "aws-error", type: "InternalServiceError" });
      clock.ms += 301_000;
      statuses.push(status(await token())); // load attempt fails → stale
      statuses.push(status(await token())); // within the 1 s retry pause → stale, no call
      clock.ms += 2_000;
      statuses.push(status(await token())); // another failed attempt → stale
      // …until the stale period ends: 503, then 503 without a call within the retry pause.
      clock.ms += 900_000;
      statuses.push(status(await token()));
      statuses.push(status(await token()));
      statuses.push(((await handle(customer)) as Problem).status);
      // Secrets Manager back.
      secrets.signingKey.setBehaviour({ kind: "ok" });
      clock.ms += 2_000;
      statuses.push(status(await token()));
    });
    secretsManagerCalls = secrets.signingKey.calls + secrets.apiSecret.calls - callsBefore;
    read = readAsCloudWatch(chunks);
  });

  it("answers as the faults dictate", () => {
    expect(statuses).toEqual([200, 200, 200, 204, 400, 502, 502, 200, 200, 200, 503, 503, 503, 200]);
  });

  it("one EMF document per request, each valid by the specification, in the signer's namespace", () => {
    expect(read.documents).toHaveLength(statuses.length);
    for (const doc of read.documents) expect(doc[metricDimensions.functionName]).toBe(functionName);
    expect(new Set(read.metrics.map((m) => m.namespace))).toEqual(new Set([metricNamespace]));
  });

  it("the extracted sums equal the injected events", () => {
    expect(secretsManagerCalls).toBe(6);
    expect(sumsFor(read, functionName)).toEqual({
      "TokensIssued{}": 7,
      "SessionsEnded{}": 1,
      "TokenRequestsRejected{}": 4,
      "TokenRequestsRejected{Reason=invalid-request}": 1,
      "TokenRequestsRejected{Reason=key-unavailable}": 3,
      "SessionRequestsRejected{}": 2,
      "SessionRequestsRejected{Reason=infobip-upstream-error}": 2,
      "InfobipApiFailures{}": 2,
      "KeyUnavailable{}": 3,
      "StaleKeyServed{}": 3,
      "SecretsManagerCalls{}": secretsManagerCalls,
      "ServerErrors{}": 5,
    });
  });
});

describe("fault injection: OIDC mode with the issuer's keys unreachable", () => {
  const functionName = "livechat-fault-oidc";
  let read: Read;
  const statuses: number[] = [];

  beforeAll(async () => {
    const clock = { ms: Date.now() };
    const env = baseEnv(secrets.url, {
      LIVECHAT_IDENTITY_ISSUER: issuer.issuer,
      LIVECHAT_IDENTITY_AUDIENCES: issuer.audience,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
    });
    const chunks = await captureOutputBySource(async () => {
      const { handle } = createSignerFromEnv(env, { now: () => clock.ms });
      const withToken = async (idToken?: string) =>
        status(await handle(httpEvent(idToken === undefined ? {} : { headers: { "x-livechat-identity": idToken } })));
      issuer.setJwksMode("error");
      try {
        statuses.push(await withToken(await issuer.mint(person)));
        statuses.push(await withToken(await issuer.mint(person)));
      } finally {
        issuer.setJwksMode("up");
      }
      clock.ms += 31_000; // past the verifier's cooldowns
      statuses.push(await withToken(await issuer.mint(person)));
      statuses.push(await withToken());
      const stranger = await issuer.unpublishedKey("ES256", "fault-not-published");
      statuses.push(
        await withToken(await issuer.mint(person, { alg: "ES256", kid: stranger.kid, key: stranger.privateKey })),
      );
    });
    read = readAsCloudWatch(chunks);
  });

  it("answers 503 while the keys are unreachable, then verifies", () => {
    expect(statuses).toEqual([503, 503, 200, 401, 401]);
  });

  it("the extracted sums equal the injected events, per identity error code", () => {
    expect(read.documents).toHaveLength(statuses.length);
    expect(sumsFor(read, functionName)).toEqual({
      "TokensIssued{}": 1,
      "SessionsEnded{}": 0,
      "TokenRequestsRejected{}": 4,
      "TokenRequestsRejected{Reason=identity-provider-unavailable}": 2,
      "TokenRequestsRejected{Reason=invalid-identity}": 2,
      "IdentityRejected{}": 4,
      "IdentityRejected{Code=jwks_unavailable}": 2,
      "IdentityRejected{Code=token_missing}": 1,
      "IdentityRejected{Code=kid_unknown}": 1,
      "InfobipApiFailures{}": 0,
      "KeyUnavailable{}": 0,
      "StaleKeyServed{}": 0,
      "SecretsManagerCalls{}": 1,
      "ServerErrors{}": 2,
    });
  });
});

describe("a misconfigured deployment (the exported handler, process.env as in Lambda)", () => {
  it("answers 500 to everything and counts each as a server error, so the 5xx alarm fires", async () => {
    const saved = { ...process.env };
    try {
      for (const name of Object.keys(process.env))
        if (name.startsWith("LIVECHAT_") || name.startsWith("AWS_")) delete process.env[name];
      // Half-configured OIDC mode: the signer refuses to start, the handler answers 500.
      Object.assign(
        process.env,
        baseEnv(secrets.url, {
          LIVECHAT_IDENTITY_AUDIENCES: issuer.audience,
          AWS_LAMBDA_FUNCTION_NAME: "livechat-fault-config",
          AWS_LAMBDA_LOG_FORMAT: "JSON",
        }),
      );
      vi.resetModules();
      const { handler } = await import("../../lambda/index.ts");
      const statuses: number[] = [];
      const chunks = await captureOutputBySource(async () => {
        statuses.push(status(await handler(postToken(customer))));
        statuses.push(((await handler(customer)) as Problem).status);
      });
      expect(statuses).toEqual([500, 500]);
      expect(sumsFor(readAsCloudWatch(chunks), "livechat-fault-config")).toMatchObject({
        "ServerErrors{}": 2,
        "TokenRequestsRejected{Reason=internal-error}": 2,
        "TokensIssued{}": 0,
      });
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });
});

describe("no metric document carries an identifier", () => {
  const functionName = "livechat-fault-fuzz";
  const memberNames: ReadonlySet<string> = new Set([
    "_aws",
    ...Object.values(metricDimensions),
    ...Object.values(signerMetrics).map((d) => d.name),
  ]);
  const codes: ReadonlySet<string> = new Set([...identityErrorCodes, "unknown"]);

  const identity = fc.oneof(
    fc.record({ sub: fc.emailAddress(), stp: fc.constant("email") }),
    fc.record({ sub: fc.stringMatching(/^\+?[1-9][0-9]{6,14}$/), stp: fc.constant("msisdn") }),
    fc.record({ sub: fc.string({ minLength: 1, maxLength: 80 }), stp: fc.constant("externalPersonId") }),
    fc.record({ sub: fc.string({ maxLength: 40 }), stp: fc.string({ maxLength: 12 }) }),
  );

  it("whatever the sub, stp and sid: only the closed vocabulary reaches the documents, and none of the request", async () => {
    const env = baseEnv(secrets.url, {
      LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretName,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
    });
    const { handle } = createSignerFromEnv(env, { invalidation });
    await fc.assert(
      fc.asyncProperty(identity, fc.string({ minLength: 1, maxLength: 60 }), async (who, sid) => {
        infobip.clearScript();
        const answers: unknown[] = [];
        const chunks = await captureOutputBySource(async () => {
          answers.push(await handle(postToken({ ...who, sid })));
          answers.push(await handle({ ...who, sid }));
          answers.push(await handle(httpEvent({ method: "DELETE", path: `/sessions/${encodeURIComponent(sid)}` })));
          answers.push(await handle({ action: "invalidateSession", sid }));
        });
        const read = readAsCloudWatch(chunks);
        expect(read.documents).toHaveLength(4);
        read.documents.forEach((doc, i) => {
          for (const member of Object.keys(doc)) expect(memberNames.has(member), member).toBe(true);
          expect(doc[metricDimensions.functionName]).toBe(functionName);
          // The Reason is the problem kind the caller was told, nothing else.
          const answer = answers[i] as FunctionUrlResponse | Problem;
          const body =
            "statusCode" in answer ? (answer.body === "" ? {} : (JSON.parse(answer.body) as Problem)) : answer;
          const kind = "type" in body && typeof body.type === "string" ? problemKind(body as Problem) : undefined;
          expect(doc[metricDimensions.reason]).toBe(kind);
          if (doc[metricDimensions.code] !== undefined)
            expect(codes.has(String(doc[metricDimensions.code]))).toBe(true);
        });
        const text = read.documents.map((d) => JSON.stringify(d)).join("\n");
        for (const value of [who.sub, sid]) {
          if (value.length >= 8) expect(text).not.toContain(value);
        }
        expect(text).not.toMatch(/eyJ[\w-]{10,}/);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
