// IAM mode fails closed when a Function URL event carries no IAM caller (the URL's auth type
// drifted from AWS_IAM to NONE): 403 before routing, for every path and method. Direct invokes
// and OIDC mode are unaffected.
import { describe, expect, it } from "vitest";
import type { FunctionUrlEvent, FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import { hasIamCaller, iamCallerMissing } from "../../lambda/http/iamCaller.ts";
import { createSigner, type Signer } from "../../lambda/http/signer.ts";
import { createLogger } from "../../lambda/log.ts";
import { createStaticKeySource } from "../../lambda/secret/keySources.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import {
  decodeJwt,
  functionUrlEvent,
  iamAuthorizer,
  knownSecretText,
  postToken,
  tokenSettings,
} from "../support/signerFixtures.ts";

const customer = { sub: "customer@example.com", stp: "email" };
const expectedProblem = {
  type: "urn:livechat-aws:problem:iam-authentication-required",
  title: "IAM authentication required",
  status: 403,
  detail:
    "The signer accepts only IAM-authenticated (SigV4-signed) requests, and this request carries no IAM caller. Check that the Function URL's auth type is AWS_IAM.",
};

function capturedSigner() {
  const lines: string[] = [];
  const signer = createSigner({
    config: tokenSettings,
    loadKey: createStaticKeySource(knownSecretText),
    log: createLogger((_level, line) => void lines.push(line)),
  });
  return {
    signer,
    events: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => lines.join("\n"),
  };
}

async function http(signer: Signer, event: unknown): Promise<FunctionUrlResponse> {
  const response = await signer.handle(event);
  if (!("statusCode" in response)) throw new Error("expected an HTTP response");
  return response;
}

/** The same event with `requestContext.authorizer` replaced, or removed when `authorizer` is omitted. */
function withAuthorizer(event: FunctionUrlEvent, ...authorizer: [unknown?]): FunctionUrlEvent {
  const { authorizer: _dropped, ...requestContext } = event.requestContext;
  const withSourceIp = { ...requestContext, http: { ...requestContext.http, sourceIp: "203.0.113.7" } };
  return {
    ...event,
    requestContext:
      authorizer.length === 0
        ? withSourceIp
        : ({ ...withSourceIp, authorizer: authorizer[0] } as FunctionUrlEvent["requestContext"]),
  };
}

describe("IAM mode: Function URL events without an IAM caller", () => {
  it("no authorizer → 403 with the exact problem, no-store, and one request.unauthenticated log line with only the source IP", async () => {
    const s = capturedSigner();
    const response = await http(s.signer, withAuthorizer(postToken(customer)));
    expect(response).toEqual({
      statusCode: 403,
      headers: {
        "content-type": "application/problem+json",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
      body: JSON.stringify(expectedProblem),
      isBase64Encoded: false,
    });
    expect(s.events()).toEqual([
      { level: "warn", event: "request.unauthenticated", requestId: "req-test-1", sourceIp: "203.0.113.7" },
      {
        level: "info",
        event: "request.rejected",
        requestId: "req-test-1",
        status: 403,
        problem: "iam-authentication-required",
      },
    ]);
    expect(s.text()).not.toContain("customer@example.com");
  });

  it.each([
    ["authorizer null (auth NONE)", null],
    ["authorizer without iam", {}],
    ["iam null", { iam: null }],
    ["iam without accountId", { iam: { ...iamAuthorizer.iam, accountId: undefined } }],
    ["iam without userArn", { iam: { ...iamAuthorizer.iam, userArn: undefined } }],
    ["an empty accountId", { iam: { ...iamAuthorizer.iam, accountId: "" } }],
    ["a numeric accountId", { iam: { ...iamAuthorizer.iam, accountId: 111122223333 } }],
    ["an array userArn", { iam: { ...iamAuthorizer.iam, userArn: ["arn:aws:iam::111122223333:user/x"] } }],
    ["iam as a string", { iam: "arn:aws:iam::111122223333:user/x" }],
  ])("%s → 403", async (_name, authorizer) => {
    const response = await http(capturedSigner().signer, withAuthorizer(postToken(customer), authorizer));
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toEqual(expectedProblem);
  });

  it("refuses before routing: unknown paths, wrong methods, bad bodies and session routes all get 403, not 404/405/400", async () => {
    const s = capturedSigner();
    const events = [
      functionUrlEvent({ path: "/nope" }),
      functionUrlEvent({ method: "GET" }),
      functionUrlEvent({ body: "{not json" }),
      functionUrlEvent({ method: "DELETE", path: "/sessions/abc" }),
    ];
    for (const event of events) {
      const response = await http(s.signer, withAuthorizer(event, null));
      expect([response.statusCode, JSON.parse(response.body)]).toEqual([403, expectedProblem]);
    }
  });

  it("the same request with an IAM caller → 200 and a token for the body's customer", async () => {
    const response = await http(capturedSigner().signer, withAuthorizer(postToken(customer), iamAuthorizer));
    expect(response.statusCode).toBe(200);
    expect(decodeJwt((JSON.parse(response.body) as TokenResult).token).payload).toMatchObject(customer);
  });

  it("an IAM caller of any shape AWS sends (assumed-role session, no accessKey/callerId) is accepted", async () => {
    const roleCaller = {
      iam: { accountId: "444455556666", userArn: "arn:aws:sts::444455556666:assumed-role/site-backend/i-0abc" },
    };
    expect((await http(capturedSigner().signer, withAuthorizer(postToken(customer), roleCaller))).statusCode).toBe(200);
  });

  it("a source IP that is not an IP address is left out of the log line", async () => {
    const s = capturedSigner();
    const event = withAuthorizer(postToken(customer), null);
    await http(s.signer, {
      ...event,
      requestContext: { ...event.requestContext, http: { ...event.requestContext.http, sourceIp: 'x"} {evil' } },
    });
    expect(s.events()[0]).toEqual({ level: "warn", event: "request.unauthenticated", requestId: "req-test-1" });
  });
});

describe("what stays as it was", () => {
  it("a direct invoke (Lambda authorized the invoker) needs no authorizer", async () => {
    const result = (await capturedSigner().signer.handle(customer)) as TokenResult;
    expect(decodeJwt(result.token).payload).toMatchObject(customer);
  });
});

describe("the gate on its own (lambda/http/iamCaller.ts)", () => {
  it("hasIamCaller needs a non-empty accountId and userArn; iamCallerMissing is the 403 outcome and one log line", () => {
    expect(hasIamCaller(postToken(customer))).toBe(true);
    expect(hasIamCaller(withAuthorizer(postToken(customer), { iam: { accountId: "111122223333" } }))).toBe(false);
    const lines: unknown[] = [];
    const outcome = iamCallerMissing(
      withAuthorizer(postToken(customer)),
      (level, event, fields) => void lines.push({ level, event, fields }),
    );
    expect(outcome).toEqual({ kind: "problem", problem: expectedProblem });
    expect(lines).toEqual([{ level: "warn", event: "request.unauthenticated", fields: { sourceIp: "203.0.113.7" } }]);
  });
});
