// What the smoke command checks in a minted token, as a list of named verdicts: the header, each
// claim against what the request and the stack were given, and (with the widget's key) the HS256
// signature, with node:crypto over the base64-decoded key as Infobip verifies it. Pure: no I/O.
import { createHmac, timingSafeEqual } from "node:crypto";
import { defaults } from "../../lambda/contract.ts";
import type { KeyId } from "../../lambda/token/claims.ts";

export interface TokenExpectations {
  readonly sub: string;
  readonly stp: string;
  readonly sid: string;
  readonly jti: string;
  /** The answer's `expiresAt`: must be `exp`. */
  readonly expiresAt: string;
  readonly widgetId?: string;
  readonly keyId?: KeyId;
  readonly ttlSeconds?: number;
  readonly keyBytes?: Uint8Array;
  /** The checker's clock, POSIX seconds: `iat` must be within five minutes of it. */
  readonly nowSeconds: number;
}

export interface TokenCheck {
  readonly name: string;
  /** `unchecked`: nothing to compare with (say which option would check it). */
  readonly status: "ok" | "mismatch" | "unchecked";
  readonly detail: string;
  /** A failed `signature` check is a bad signature; any other failure is a mismatch. */
  readonly kind: "claim" | "signature";
}

const clockSkewSeconds = 300;

function segment(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(text ?? "", "base64url").toString("utf8")) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const show = (value: unknown) => (value === undefined ? "missing" : JSON.stringify(value));

function equal(name: string, actual: unknown, expected: unknown, source: string): TokenCheck {
  return actual === expected
    ? { name, status: "ok", detail: `${show(actual)} (${source})`, kind: "claim" }
    : { name, status: "mismatch", detail: `${show(actual)}, expected ${show(expected)} (${source})`, kind: "claim" };
}

/** The verdicts for `token`; never includes the token or the key in a detail. */
export function checkToken(token: string, expected: TokenExpectations): TokenCheck[] {
  const [headerText, payloadText, signatureText] = token.split(".");
  const header = segment(headerText);
  const claims = segment(payloadText);
  if (header === undefined || claims === undefined || signatureText === undefined) {
    return [
      { name: "token", status: "mismatch", detail: "not a compact JWS with a JSON header and claims", kind: "claim" },
    ];
  }
  const checks: TokenCheck[] = [];
  const headerOk = header["alg"] === "HS256" && header["typ"] === "JWT" && Object.keys(header).length === 2;
  checks.push({
    name: "header",
    status: headerOk ? "ok" : "mismatch",
    detail: headerOk ? "HS256, JWT" : `${JSON.stringify(header)}, expected {"alg":"HS256","typ":"JWT"}`,
    kind: "claim",
  });
  checks.push(
    expected.widgetId === undefined
      ? {
          name: "iss",
          status: typeof claims["iss"] === "string" && claims["iss"] !== "" ? "unchecked" : "mismatch",
          detail: `${show(claims["iss"])} (pass --widget-id to check it)`,
          kind: "claim",
        }
      : equal("iss", claims["iss"], expected.widgetId, "--widget-id"),
  );
  checks.push(equal("stp", claims["stp"], expected.stp, "requested"));
  checks.push(equal("sub", claims["sub"], expected.sub, "requested"));
  checks.push(equal("sid", claims["sid"], expected.sid, "requested"));
  checks.push(equal("jti", claims["jti"], expected.jti, "the answer's jti"));
  checks.push(
    expected.keyId === undefined
      ? {
          name: "ski",
          status: "unchecked",
          detail: `${show(claims["ski"])} (pass --secret to check it)`,
          kind: "claim",
        }
      : equal("ski", claims["ski"], expected.keyId, "--secret's id"),
  );

  const { iat, exp } = claims;
  if (typeof iat !== "number" || typeof exp !== "number") {
    checks.push({
      name: "exp − iat",
      status: "mismatch",
      detail: `iat ${show(iat)}, exp ${show(exp)}: both must be numbers`,
      kind: "claim",
    });
  } else {
    const ttl = exp - iat;
    checks.push(
      expected.ttlSeconds === undefined
        ? {
            name: "exp − iat",
            status: ttl >= defaults.minTtlSeconds && ttl <= defaults.ttlCeilingSeconds ? "ok" : "mismatch",
            detail: `${ttl} s (${defaults.minTtlSeconds} … ${defaults.ttlCeilingSeconds}; pass --ttl to check the stack's)`,
            kind: "claim",
          }
        : {
            name: "exp − iat",
            status: ttl === expected.ttlSeconds ? "ok" : "mismatch",
            detail: `${ttl} s${ttl === expected.ttlSeconds ? "" : `, expected ${expected.ttlSeconds} s`} (--ttl)`,
            kind: "claim",
          },
    );
    const skew = iat - expected.nowSeconds;
    checks.push({
      name: "iat",
      status: Math.abs(skew) <= clockSkewSeconds ? "ok" : "mismatch",
      detail: `${skew >= 0 ? "+" : ""}${skew} s from this machine's clock (±${clockSkewSeconds} s)`,
      kind: "claim",
    });
    const expIso = new Date(exp * 1000).toISOString();
    checks.push(
      Date.parse(expected.expiresAt) === exp * 1000
        ? { name: "expiresAt", status: "ok", detail: `${expIso} (= exp)`, kind: "claim" }
        : {
            name: "expiresAt",
            status: "mismatch",
            detail: `${show(expected.expiresAt)}, expected ${expIso} (= exp)`,
            kind: "claim",
          },
    );
  }

  if (expected.keyBytes === undefined) {
    checks.push({ name: "signature", status: "unchecked", detail: "pass --secret to verify it", kind: "signature" });
  } else {
    const wanted = createHmac("sha256", expected.keyBytes).update(`${headerText}.${payloadText}`).digest();
    const given = Buffer.from(signatureText, "base64url");
    const valid = given.length === wanted.length && timingSafeEqual(given, wanted);
    checks.push({
      name: "signature",
      status: valid ? "ok" : "mismatch",
      detail: valid ? "HS256 verifies with --secret's key" : "does not verify with --secret's key",
      kind: "signature",
    });
  }
  return checks;
}
