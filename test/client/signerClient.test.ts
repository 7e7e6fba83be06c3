// The signer client against a stand-in Function URL that checks SigV4 with @smithy/signature-v4
// and hands admitted requests to the real signer: tokens verify with an independent HMAC, refusals
// and failures surface as the documented error codes, retries happen exactly where promised.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSignerClient, type SignerClientError, SignerError } from "../../client/index.ts";
import {
  backendRoleSession,
  backendUser,
  credentialsOf,
  type FunctionUrlStandIn,
  startFunctionUrlStandIn,
  startFunctionUrlStandInWithSessions,
  verifiedClaims,
} from "../support/functionUrlStandIn.ts";
import type { InfobipApiStandIn } from "../support/infobipApiStandIn.ts";
import { knownSecret, tokenSettings } from "../support/signerFixtures.ts";

let standIn: FunctionUrlStandIn;
let infobip: InfobipApiStandIn;

let closeStandIns: () => Promise<void>;

beforeAll(async () => {
  ({ standIn, infobip, close: closeStandIns } = await startFunctionUrlStandInWithSessions());
});
afterAll(() => closeStandIns());
afterEach(() => {
  standIn.reset();
  infobip.clearScript();
});

async function failure(promise: Promise<unknown>): Promise<SignerClientError> {
  try {
    await promise;
  } catch (error) {
    return error as SignerClientError;
  }
  throw new Error("expected the call to fail");
}

function client(overrides: Partial<Parameters<typeof createSignerClient>[0]> = {}) {
  return createSignerClient({
    url: standIn.url,
    region: standIn.region,
    credentials: credentialsOf(backendUser),
    ...overrides,
  });
}

describe("getToken", () => {
  it("mints a token that verifies, for a long-term access key, with Content-Type application/json", async () => {
    const result = await client().getToken({ sub: "alice@example.com", stp: "email", sid: "login-1", ttlSeconds: 30 });
    const claims = verifiedClaims(result.token);
    expect(claims).toMatchObject({
      sub: "alice@example.com",
      stp: "email",
      iss: tokenSettings.widgetId,
      ski: knownSecret.id,
      sid: "login-1",
      jti: result.jti,
    });
    expect((claims["exp"] as number) - (claims["iat"] as number)).toBe(30);
    expect(result.sid).toBe("login-1");
    expect(Date.parse(result.expiresAt)).toBe((claims["exp"] as number) * 1000);
    expect(standIn.requests).toEqual([
      { method: "POST", path: "/token", contentType: "application/json", admitted: true, status: 200 },
    ]);
  });

  it("signs the session token of temporary credentials", async () => {
    const result = await client({ credentials: credentialsOf(backendRoleSession) }).getToken({
      sub: "+385911234567",
      stp: "msisdn",
    });
    expect(verifiedClaims(result.token)).toMatchObject({ sub: "+385911234567", stp: "msisdn" });
  });

  it("takes credentials from an SDK-shaped provider, once until they near expiry", async () => {
    let calls = 0;
    const provider = () => {
      calls++;
      return Promise.resolve({ ...credentialsOf(backendRoleSession), expiration: new Date(Date.now() + 3600_000) });
    };
    const c = client({ credentials: provider });
    await Promise.all([
      c.getToken({ sub: "a@example.com", stp: "email" }),
      c.getToken({ sub: "b@example.com", stp: "email" }),
    ]);
    await c.getToken({ sub: "c@example.com", stp: "email" });
    expect(calls).toBe(1);

    let soonCalls = 0;
    const expiringSoon = () => {
      soonCalls++;
      return Promise.resolve({ ...credentialsOf(backendUser), expiration: new Date(Date.now() + 60_000) });
    };
    const d = client({ credentials: expiringSoon });
    await d.getToken({ sub: "a@example.com", stp: "email" });
    await d.getToken({ sub: "a@example.com", stp: "email" });
    expect(soonCalls).toBe(2);
  });

  it("reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN by default, at each call", async () => {
    try {
      vi.stubEnv("AWS_ACCESS_KEY_ID", backendRoleSession.accessKeyId);
      vi.stubEnv("AWS_SECRET_ACCESS_KEY", backendRoleSession.secretAccessKey);
      vi.stubEnv("AWS_SESSION_TOKEN", backendRoleSession.sessionToken);
      const c = createSignerClient({ url: standIn.url, region: standIn.region });
      expect(verifiedClaims((await c.getToken({ sub: "alice@example.com", stp: "email" })).token)).toMatchObject({
        sub: "alice@example.com",
      });
      vi.stubEnv("AWS_SESSION_TOKEN", undefined);
      const missingToken = await failure(c.getToken({ sub: "alice@example.com", stp: "email" }));
      expect([missingToken.code, missingToken.status]).toEqual(["access-denied", 403]);
      vi.stubEnv("AWS_SECRET_ACCESS_KEY", undefined);
      const none = await failure(c.getToken({ sub: "alice@example.com", stp: "email" }));
      expect(none.code).toBe("credentials");
      expect(none.message).toContain("AWS_SECRET_ACCESS_KEY is not set");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("with the AWS SDK's credential chain", () => {
  it("takes defaultProvider() (what fromNodeProviderChain() wraps) as is: environment credentials here", async () => {
    const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
    try {
      vi.stubEnv("AWS_ACCESS_KEY_ID", backendRoleSession.accessKeyId);
      vi.stubEnv("AWS_SECRET_ACCESS_KEY", backendRoleSession.secretAccessKey);
      vi.stubEnv("AWS_SESSION_TOKEN", backendRoleSession.sessionToken);
      vi.stubEnv("AWS_PROFILE", undefined);
      const result = await client({ credentials: defaultProvider() }).getToken({
        sub: "alice@example.com",
        stp: "email",
      });
      expect(verifiedClaims(result.token)).toMatchObject({ sub: "alice@example.com" });
      expect(standIn.requests.at(-1)).toMatchObject({ admitted: true, status: 200 });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("refusals and failures", () => {
  it("a wrong secret access key is refused with the Function URL's 403, not retried", async () => {
    const error = await failure(
      client({
        credentials: { ...credentialsOf(backendUser), secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY0" },
      }).getToken({ sub: "alice@example.com", stp: "email" }),
    );
    expect({ code: error.code, status: error.status, awsErrorType: error.awsErrorType }).toEqual({
      code: "access-denied",
      status: 403,
      awsErrorType: "AccessDeniedException",
    });
    expect(error.message).not.toContain("WRONGKEY");
    expect(standIn.requests.map((r) => [r.admitted, r.reason])).toEqual([
      [false, "the signature does not match (wrong secret access key, or the request changed after signing)"],
    ]);
  });

  it("a region other than the Function URL's is refused (the credential scope names it)", async () => {
    const error = await failure(client({ region: "us-east-1" }).getToken({ sub: "alice@example.com", stp: "email" }));
    expect(error.code).toBe("access-denied");
    expect(standIn.requests[0]?.reason).toBe(
      'the credential scope names region "us-east-1", not this Function URL\'s "eu-central-1"',
    );
  });

  it("a problem answer is a SignerError with status, type, title, detail and field errors, not retried", async () => {
    const error = await failure(client().getToken({ sub: "alice@example.com", stp: "fax" as "email" }));
    expect(error).toBeInstanceOf(SignerError);
    const problem = error as SignerError;
    expect({ code: problem.code, status: problem.status, type: problem.type, title: problem.title }).toEqual({
      code: "problem",
      status: 400,
      type: "urn:livechat-aws:problem:invalid-request",
      title: "Invalid token request",
    });
    expect(problem.detail).toBe("The request has 1 problem(s); see errors.");
    expect(problem.errors.map((e) => e.field)).toEqual(["stp"]);
    expect(problem.message).toContain("stp: ");
    expect(standIn.requests).toHaveLength(1);
  });

  it("retries once after a 5xx and returns the second answer", async () => {
    standIn.script({
      status: 502,
      headers: { "content-type": "application/json", "x-amzn-errortype": "ServiceException" },
      body: '{"Message":"Internal Server Error"}',
    });
    const result = await client().getToken({ sub: "alice@example.com", stp: "email" });
    expect(verifiedClaims(result.token)).toMatchObject({ sub: "alice@example.com" });
    expect(standIn.requests.map((r) => r.status)).toEqual([502, 200]);
  });

  it("gives up after the second 5xx with the signer's problem and its Retry-After", async () => {
    const keyUnavailable = {
      status: 503,
      headers: { "content-type": "application/problem+json", "retry-after": "7" },
      body: JSON.stringify({
        type: "urn:livechat-aws:problem:key-unavailable",
        title: "Signing key unavailable",
        status: 503,
        detail: "Try again shortly.",
      }),
    };
    standIn.script(keyUnavailable, keyUnavailable, keyUnavailable);
    const error = (await failure(client().getToken({ sub: "alice@example.com", stp: "email" }))) as SignerError;
    expect({
      code: error.code,
      status: error.status,
      title: error.title,
      retryAfterSeconds: error.retryAfterSeconds,
    }).toEqual({
      code: "problem",
      status: 503,
      title: "Signing key unavailable",
      retryAfterSeconds: 7,
    });
    expect(standIn.requests).toHaveLength(2);
  });

  it("retries once after a dropped connection", async () => {
    standIn.script("reset");
    expect(verifiedClaims((await client().getToken({ sub: "alice@example.com", stp: "email" })).token)).toMatchObject({
      sub: "alice@example.com",
    });
    expect(standIn.requests.map((r) => r.status)).toEqual([undefined, 200]);
  });

  it("a hanging signer ends in a timeout within timeoutMs, retry included", async () => {
    standIn.script("hang", "hang");
    const error = await failure(client({ timeoutMs: 300 }).getToken({ sub: "alice@example.com", stp: "email" }));
    expect(error.code).toBe("timeout");
    expect(error.message).toMatch(/^The signer at 127\.0\.0\.1:\d+ gave no complete answer within 300 ms\.$/);
  });

  it("an unreachable signer is a network error after one retry", async () => {
    const closed = await startFunctionUrlStandIn();
    const url = closed.url;
    await closed.close();
    const error = await failure(
      createSignerClient({ url, region: "eu-central-1", credentials: credentialsOf(backendUser) }).getToken({
        sub: "a@example.com",
        stp: "email",
      }),
    );
    expect(error.code).toBe("network");
    expect(error.message).toMatch(/^Could not reach the signer at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\.$/);
  });

  it("a redirect is not followed", async () => {
    standIn.script({ status: 307, headers: { location: `${standIn.url}token` } });
    const error = await failure(client().getToken({ sub: "alice@example.com", stp: "email" }));
    expect([error.code, error.status]).toEqual(["bad-response", 307]);
    expect(standIn.requests).toHaveLength(1);
  });

  it("a non-JSON 200 is a bad-response error", async () => {
    standIn.script({ status: 200, headers: { "content-type": "text/html" }, body: "<html>captive portal</html>" });
    const error = await failure(client().getToken({ sub: "alice@example.com", stp: "email" }));
    expect(error.code).toBe("bad-response");
    expect(error.message).toBe(
      'The signer\'s answer (HTTP 200) is outside its contract: Content-Type "text/html", not application/json.',
    );
  });

  it("no message carries the credentials or a token", async () => {
    const secrets = [
      backendRoleSession.secretAccessKey,
      backendRoleSession.sessionToken ?? "",
      "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
    ];
    standIn.script({
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: secrets[2], expiresAt: "soon" }),
    });
    const errors = [
      await failure(
        client({ credentials: credentialsOf(backendRoleSession) }).getToken({ sub: "alice@example.com", stp: "email" }),
      ),
      await failure(
        client({ credentials: { ...credentialsOf(backendRoleSession), sessionToken: "wrong" } }).getToken({
          sub: "a@example.com",
          stp: "email",
        }),
      ),
    ];
    expect(errors.map((e) => e.code)).toEqual(["bad-response", "access-denied"]);
    for (const error of errors) for (const secret of secrets) expect(error.message).not.toContain(secret);
  });
});

describe("endSession", () => {
  it("DELETE /sessions/{sid} ends the session at Infobip (204)", async () => {
    await client().endSession("login:1+2");
    expect(standIn.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["DELETE", "/sessions/login%3A1%2B2", 204],
    ]);
    expect(infobip.requests().at(-1)?.path).toBe(
      `/livechat/1/widgets/${tokenSettings.widgetId}/sessions/login%3A1%2B2`,
    );
  });

  it("Infobip's 404 comes back as the signer's problem", async () => {
    infobip.script({
      status: 404,
      body: { requestError: { serviceException: { messageId: "NOT_FOUND", text: "Session not found" } } },
    });
    const error = (await failure(client().endSession("gone"))) as SignerError;
    expect([error.code, error.status, error.type]).toEqual([
      "problem",
      404,
      "urn:livechat-aws:problem:session-not-found",
    ]);
  });

  it("refuses an empty sid before sending anything", async () => {
    const error = await failure(client().endSession(""));
    expect(error.code).toBe("invalid-argument");
    expect(standIn.requests).toEqual([]);
  });
});
