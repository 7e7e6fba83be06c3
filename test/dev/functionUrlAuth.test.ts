// The SigV4 check shared by npm start's runner and the tests' stand-in: a request signed by an
// independent signer (aws4fetch) passes; each way a Function URL refuses a request is refused,
// with a reason for the local log.
import { AwsV4Signer } from "aws4fetch";
import { describe, expect, it } from "vitest";
import { checkFunctionUrlAuth, type IamPrincipal, type ReceivedRequest } from "../../dev/functionUrlAuth.ts";

const user: IamPrincipal = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  accountId: "111122223333",
  arn: "arn:aws:iam::111122223333:user/u",
  userId: "AIDAEXAMPLE",
};
const role: IamPrincipal = {
  ...user,
  accessKeyId: "ASIAEXAMPLEEXAMPLE01",
  sessionToken: "session-token-value",
  arn: "arn:aws:sts::111122223333:assumed-role/r/s",
};
const options = { region: "eu-central-1", principals: [user, role] };
const body = '{"sub":"alice@example.com","stp":"email"}';

interface SignInit {
  readonly principal?: IamPrincipal;
  readonly region?: string;
  readonly service?: string;
  readonly headers?: Record<string, string>;
  readonly datetime?: string;
  readonly path?: string;
}

/** A request as the server would receive it, signed by aws4fetch. */
async function signed(init: SignInit = {}): Promise<ReceivedRequest & { headers: Record<string, string> }> {
  const principal = init.principal ?? user;
  const url = `http://127.0.0.1:8787${init.path ?? "/token"}`;
  const result = await new AwsV4Signer({
    url,
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body,
    accessKeyId: principal.accessKeyId,
    secretAccessKey: principal.secretAccessKey,
    ...(principal.sessionToken === undefined ? {} : { sessionToken: principal.sessionToken }),
    service: init.service ?? "lambda",
    region: init.region ?? "eu-central-1",
    ...(init.datetime === undefined ? {} : { datetime: init.datetime }),
  }).sign();
  const headers: Record<string, string> = { host: "127.0.0.1:8787" };
  result.headers.forEach((value, name) => (headers[name] = value));
  return { method: "POST", target: init.path ?? "/token", headers, body: Buffer.from(body) };
}

async function reason(request: ReceivedRequest, now?: number): Promise<string | undefined> {
  const result = await checkFunctionUrlAuth(request, now === undefined ? options : { ...options, now: () => now });
  return result.ok ? undefined : result.reason;
}

describe("checkFunctionUrlAuth", () => {
  it("admits long-term and temporary credentials and names the principal", async () => {
    expect(await checkFunctionUrlAuth(await signed(), options)).toEqual({ ok: true, principal: user });
    expect(await checkFunctionUrlAuth(await signed({ principal: role }), options)).toEqual({
      ok: true,
      principal: role,
    });
    expect(await reason(await signed({ path: "/sessions/a%3Ab" }))).toBeUndefined();
  });

  it("refuses a changed body, a changed signed header and a wrong payload hash", async () => {
    const request = await signed();
    expect(await reason({ ...request, body: Buffer.from(body.replace("alice", "mallory")) })).toBe(
      "the signature does not match (wrong secret access key, or the request changed after signing)",
    );
    expect(await reason({ ...request, headers: { ...request.headers, host: "127.0.0.1:9999" } })).toBe(
      "the signature does not match (wrong secret access key, or the request changed after signing)",
    );
    const hashed = await signed({ headers: { "x-amz-content-sha256": "0".repeat(64) } });
    expect(await reason(hashed)).toBe("X-Amz-Content-SHA256 is not the body's SHA-256");
  });

  it("refuses wrong keys, scopes and clocks", async () => {
    expect(await reason(await signed({ principal: { ...user, secretAccessKey: "x".repeat(40) } }))).toBe(
      "the signature does not match (wrong secret access key, or the request changed after signing)",
    );
    expect(await reason(await signed({ principal: { ...user, accessKeyId: "AKIAUNKNOWNUNKNOWN00" } }))).toBe(
      "unknown access key ID",
    );
    expect(await reason(await signed({ region: "us-east-1" }))).toBe(
      'the credential scope names region "us-east-1", not this Function URL\'s "eu-central-1"',
    );
    expect(await reason(await signed({ service: "execute-api" }))).toBe(
      'the credential scope names service "execute-api", not "lambda"',
    );
    const old = await signed({ datetime: "20200101T000000Z" });
    expect(await reason(old)).toBe("the signature is expired or from the future (more than 15 minutes off)");
    expect(await reason(old, Date.UTC(2020, 0, 1, 0, 14))).toBeUndefined();
  });

  it("refuses a missing, wrong, unsigned or unexpected session token", async () => {
    const { ["x-amz-security-token"]: _, ...withoutToken } = (await signed({ principal: role })).headers;
    expect(await reason({ ...(await signed({ principal: role })), headers: withoutToken })).toBe(
      "the signed header x-amz-security-token is not in the request",
    );
    expect(await reason(await signed({ principal: { ...role, sessionToken: undefined } as IamPrincipal }))).toBe(
      "the security token is missing or wrong",
    );
    expect(await reason(await signed({ principal: { ...role, sessionToken: "another" } }))).toBe(
      "the security token is missing or wrong",
    );
    expect(await reason(await signed({ principal: { ...user, sessionToken: "t" } }))).toBe(
      "a security token came with long-term credentials",
    );
    const unsignedToken = await signed({ principal: { ...role, sessionToken: undefined } as IamPrincipal });
    expect(
      await reason({
        ...unsignedToken,
        headers: { ...unsignedToken.headers, "x-amz-security-token": "session-token-value" },
      }),
    ).toBe("the security token is not signed");
  });

  it("refuses unsigned and malformed requests", async () => {
    const request = await signed();
    const { authorization: _, ...unsigned } = request.headers;
    expect(await reason({ ...request, headers: unsigned })).toBe(
      "no Authorization header (the request is not SigV4-signed)",
    );
    expect(await reason({ ...request, headers: { ...request.headers, authorization: "Bearer abc" } })).toBe(
      "the Authorization header is not a SigV4 (AWS4-HMAC-SHA256) header",
    );
    expect(
      await reason({
        ...request,
        headers: {
          ...request.headers,
          authorization: (request.headers["authorization"] ?? "").replace(
            "SignedHeaders=",
            "SignedHeaders=x-amz-date;host;",
          ),
        },
      }),
    ).toBe("SignedHeaders is not sorted");
  });
});
