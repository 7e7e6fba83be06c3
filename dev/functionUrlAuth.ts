// What a Lambda Function URL with AWS_IAM auth does before the function sees a request, for the
// local runner (`npm start`) and the tests' stand-in: recompute the SigV4 signature with an
// implementation independent of the client's (@smithy/signature-v4, the AWS SDK's signer), check
// the credential scope `<date>/<region>/lambda/aws4_request`, the clock, the session token and the
// payload hash, and either refuse the request the way AWS does (403, `{"Message": …}`,
// `x-amzn-ErrorType: AccessDeniedException`, no reason given) or name the caller the way Lambda
// does in `requestContext.authorizer.iam`. The reason for a refusal is returned for the local log
// only: AWS never tells the caller.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { FunctionUrlAuthorizer } from "../lambda/http/functionUrlEvent.ts";

/** An IAM principal the endpoint knows, with the credentials it signs with. */
export interface IamPrincipal {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials: the request must carry this exact `x-amz-security-token`, signed. */
  readonly sessionToken?: string;
  readonly accountId: string;
  /** e.g. `arn:aws:iam::111122223333:user/site-backend` or an assumed-role ARN. */
  readonly arn: string;
  readonly userId: string;
}

/** A request as it arrived, before anything was decoded. */
export interface ReceivedRequest {
  readonly method: string;
  /** The request target as sent (`req.url`): the percent-encoded path and query. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Uint8Array;
}

export interface FunctionUrlAuthOptions {
  /** The Function URL's region: the credential scope must name it. */
  readonly region: string;
  readonly principals: readonly IamPrincipal[];
  /** Clock in milliseconds; default `Date.now`. */
  readonly now?: () => number;
}

export type FunctionUrlAuthResult =
  { readonly ok: true; readonly principal: IamPrincipal } | { readonly ok: false; readonly reason: string };

/** The answer AWS gives for every refused SigV4 request to a Function URL. */
export const functionUrlForbidden = {
  status: 403,
  headers: { "content-type": "application/json", "x-amzn-ErrorType": "AccessDeniedException" },
  body: JSON.stringify({
    Message:
      "Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
  }),
} as const;

/** SigV4 signatures are accepted within this distance of the server's clock. */
export const maxClockSkewMs = 15 * 60 * 1000;

const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]{16,128})\/(\d{8})\/([a-z0-9-]{1,63})\/([a-z0-9-]{1,63})\/aws4_request, ?SignedHeaders=([a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*), ?Signature=([0-9a-f]{64})$/;

/** @smithy/signature-v4's hash interface over node:crypto: SHA-256, or HMAC-SHA256 when given a key. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key =
      secret === undefined
        ? undefined
        : typeof secret === "string"
          ? Buffer.from(secret, "utf8")
          : ArrayBuffer.isView(secret)
            ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
            : Buffer.from(secret);
    this.hash = key === undefined ? createHash("sha256") : createHmac("sha256", key);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    throw new Error("not used by SignatureV4");
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function amzDateMs(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function refuse(reason: string): FunctionUrlAuthResult {
  return { ok: false, reason };
}

/** Checks the request's SigV4 signature as a Function URL with AWS_IAM auth does. Never throws. */
export async function checkFunctionUrlAuth(
  request: ReceivedRequest,
  options: FunctionUrlAuthOptions,
): Promise<FunctionUrlAuthResult> {
  const authorization = header(request.headers, "authorization");
  if (authorization === undefined) return refuse("no Authorization header (the request is not SigV4-signed)");
  const parsed = authorizationPattern.exec(authorization);
  if (parsed === null) return refuse("the Authorization header is not a SigV4 (AWS4-HMAC-SHA256) header");
  const [, accessKeyId = "", scopeDate = "", region = "", service = "", signedHeaderList = "", signature = ""] = parsed;
  if (service !== "lambda") return refuse(`the credential scope names service "${service}", not "lambda"`);
  if (region !== options.region)
    return refuse(`the credential scope names region "${region}", not this Function URL's "${options.region}"`);

  const amzDate = header(request.headers, "x-amz-date") ?? "";
  const signedAt = amzDateMs(amzDate);
  if (Number.isNaN(signedAt)) return refuse("no valid X-Amz-Date header");
  if (amzDate.slice(0, 8) !== scopeDate) return refuse("the credential scope's date is not the X-Amz-Date's");
  if (Math.abs((options.now ?? Date.now)() - signedAt) > maxClockSkewMs)
    return refuse("the signature is expired or from the future (more than 15 minutes off)");

  const signedHeaders = signedHeaderList.split(";");
  if (signedHeaders.join(";") !== [...signedHeaders].sort().join(";")) return refuse("SignedHeaders is not sorted");
  for (const required of ["host", "x-amz-date"])
    if (!signedHeaders.includes(required)) return refuse(`SignedHeaders lacks ${required}`);
  const missing = signedHeaders.find((name) => header(request.headers, name) === undefined);
  if (missing !== undefined) return refuse(`the signed header ${missing} is not in the request`);

  const principal = options.principals.find((p) => p.accessKeyId === accessKeyId);
  if (principal === undefined) return refuse("unknown access key ID");
  const token = header(request.headers, "x-amz-security-token");
  if (principal.sessionToken === undefined ? token !== undefined : token !== principal.sessionToken) {
    return refuse(
      principal.sessionToken === undefined
        ? "a security token came with long-term credentials"
        : "the security token is missing or wrong",
    );
  }
  if (token !== undefined && !signedHeaders.includes("x-amz-security-token"))
    return refuse("the security token is not signed");

  const payloadHash = createHash("sha256").update(request.body).digest("hex");
  const claimedHash = header(request.headers, "x-amz-content-sha256");
  if (claimedHash !== undefined && claimedHash !== payloadHash)
    return refuse("X-Amz-Content-SHA256 is not the body's SHA-256");

  const target = new URL(request.target, "http://function-url.invalid");
  const query: Record<string, string[]> = {};
  for (const [name, value] of target.searchParams) (query[name] ??= []).push(value);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId,
      secretAccessKey: principal.secretAccessKey,
      ...(principal.sessionToken === undefined ? {} : { sessionToken: principal.sessionToken }),
    },
    region,
    service: "lambda",
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: request.method.toUpperCase(),
      protocol: "https:",
      hostname: header(request.headers, "host") ?? "",
      path: target.pathname,
      query,
      headers: Object.fromEntries(signedHeaders.map((name) => [name, header(request.headers, name) ?? ""])),
      body: request.body,
    },
    { signingDate: new Date(signedAt), signableHeaders: new Set(signedHeaders) },
  );
  const expectedAuthorization = String(expected.headers["authorization"] ?? "");
  const expectedSignature = /Signature=([0-9a-f]{64})$/.exec(expectedAuthorization)?.[1] ?? "";
  const expectedHeaders = /SignedHeaders=([^,]+),/.exec(expectedAuthorization)?.[1] ?? "";
  if (expectedHeaders !== signedHeaderList) return refuse("SignedHeaders differs from what the request carries");
  if (expectedSignature.length !== 64 || !timingSafeEqual(Buffer.from(expectedSignature), Buffer.from(signature))) {
    return refuse("the signature does not match (wrong secret access key, or the request changed after signing)");
  }
  return { ok: true, principal };
}

/** `requestContext.authorizer` as Lambda fills it for this caller. */
export function iamAuthorizerFor(principal: IamPrincipal): FunctionUrlAuthorizer {
  return {
    iam: {
      accessKey: principal.accessKeyId,
      accountId: principal.accountId,
      callerId: principal.userId,
      principalOrgId: null,
      userArn: principal.arn,
      userId: principal.userId,
    },
  };
}
