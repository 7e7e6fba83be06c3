// Shared inputs for the signer tests: the known-answer key, event builders, JWT decoding.
import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { FunctionUrlAuthorizer, FunctionUrlEvent } from "../../lambda/http/functionUrlEvent.ts";
import { ConfigError } from "../../lambda/config.ts";

/** The example key from the issue, in the portal's format. */
export const knownSecret = { id: 3, key: "7Q25YT4fKM7G+BO/7QyW9vdF/YC8zBN3w4HQPyKgk98=" } as const;
export const knownSecretText = JSON.stringify(knownSecret);
export const knownKeyHex = Buffer.from(knownSecret.key, "base64").toString("hex");
/** A second valid key (32 bytes), for "another key gives other pseudonyms". */
export const otherSecret = { id: "rotated-4", key: Buffer.alloc(32, 0x5a).toString("base64") } as const;
export const otherSecretText = JSON.stringify(otherSecret);

/**
 * The log pseudonym as specified, computed independently of lambda/: 16 hex characters of
 * HMAC-SHA256(HKDF-SHA256(key bytes, salt empty, info "livechat-aws log pseudonym v1", 32 bytes), value).
 */
export function expectedPseudonym(keyBase64: string, value: string): string {
  const pseudonymKey = Buffer.from(
    hkdfSync("sha256", Buffer.from(keyBase64, "base64"), Buffer.alloc(0), "livechat-aws log pseudonym v1", 32),
  );
  return createHmac("sha256", pseudonymKey).update(value, "utf8").digest("hex").slice(0, 16);
}

/** The old, unkeyed log hash (SHA-256 hex prefix): must never appear in logs. */
export function unkeyedHash(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex").slice(0, 16);
}

export const tokenSettings = {
  widgetId: "e7de374f-e590-4429-ae2d-54be7e90a356",
  defaultTtlSeconds: 15,
  maxTtlSeconds: 60,
} as const;

/** What Lambda adds to a Function URL event for a SigV4 caller when the URL's auth type is AWS_IAM (AWS's payload 2.0 shape). */
export const iamAuthorizer: FunctionUrlAuthorizer = {
  iam: {
    accessKey: "AKIAIOSFODNN7EXAMPLE",
    accountId: "111122223333",
    callerId: "AIDACKCEVSQ6C2EXAMPLE",
    principalOrgId: null,
    userArn: "arn:aws:iam::111122223333:user/site-backend",
    userId: "AIDACKCEVSQ6C2EXAMPLE",
  },
};

export interface EventInit {
  readonly method?: string;
  readonly path?: string;
  /** `rawQueryString`, without the `?`; default empty. */
  readonly query?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestId?: string;
  /** `requestContext.authorizer`; default `iamAuthorizer` (an AWS_IAM URL's caller); `null` as with auth NONE. */
  readonly authorizer?: FunctionUrlAuthorizer | null;
}

/** A Function URL payload-2.0 event as AWS delivers it (by default for an IAM-authenticated caller). */
export function functionUrlEvent(init: EventInit = {}): FunctionUrlEvent {
  const method = init.method ?? "POST";
  const path = init.path ?? "/token";
  return {
    version: "2.0",
    rawPath: path,
    rawQueryString: init.query ?? "",
    headers: init.headers ?? { "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: init.body }),
    isBase64Encoded: init.isBase64Encoded ?? false,
    requestContext: {
      requestId: init.requestId ?? "req-test-1",
      http: { method, path },
      authorizer: init.authorizer === undefined ? iamAuthorizer : init.authorizer,
    },
  };
}

export function postToken(body: unknown, init: Omit<EventInit, "body"> = {}): FunctionUrlEvent {
  return functionUrlEvent({ ...init, body: JSON.stringify(body) });
}

export interface DecodedJwt {
  readonly headerText: string;
  readonly payload: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: string;
}

export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error(`not a compact JWS: ${parts.length} parts`);
  const [header = "", payload = "", signature = ""] = parts;
  return {
    headerText: Buffer.from(header, "base64url").toString("utf8"),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>,
    signingInput: `${header}.${payload}`,
    signature,
  };
}

/**
 * The claims of a token, after checking its header and its HS256 signature with node:crypto over
 * the base64-decoded portal key (independent of lambda/token); throws when either is wrong.
 */
export function verifiedClaims(token: string, keyBase64: string = knownSecret.key): Record<string, unknown> {
  const jwt = decodeJwt(token);
  if (jwt.headerText !== '{"alg":"HS256","typ":"JWT"}') throw new Error(`unexpected JWT header ${jwt.headerText}`);
  const expected = createHmac("sha256", Buffer.from(keyBase64, "base64")).update(jwt.signingInput).digest();
  const given = Buffer.from(jwt.signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new Error("the token's HS256 signature does not verify");
  return jwt.payload;
}

/** The `ConfigError` message `read(env)` throws; fails the test when it throws nothing or something else. */
export function configErrorMessage(
  read: (env: Record<string, string>) => unknown,
  env: Record<string, string>,
): string {
  try {
    read(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}
