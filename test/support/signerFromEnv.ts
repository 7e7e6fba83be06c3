// Shared set-up for the tests of the signer built from its environment (createSignerFromEnv): real
// stand-ins on 127.0.0.1 (OIDC issuer, Secrets Manager with two secrets, Infobip API), the
// environment the TokenSigner component sets, event builders and log capture.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { FunctionUrlEvent, FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import type { Problem } from "../../lambda/http/problem.ts";
import { createSignerFromEnv, type SignerFromEnvOptions } from "../../lambda/index.ts";
import { createLogger } from "../../lambda/log.ts";
import type { Signer } from "../../lambda/http/signer.ts";
import { readBody } from "./readBody.ts";
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from "./secretsManagerStandIn.ts";
import { type EventInit, functionUrlEvent, knownSecretText, tokenSettings } from "./signerFixtures.ts";

export { verifiedClaims } from "./signerFixtures.ts";

export const signingSecretName = "livechat/handler/key";
export const apiSecretName = "livechat/handler/infobip-api";
export const apiKey = "ib-api-key-0123456789abcdef-SECRET";
export const widgetId = tokenSettings.widgetId;

const awsEnv = {
  AWS_REGION: "eu-central-1",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "secret-access-key-example",
} as const;

export interface SecretsManagerPair {
  /** Endpoint serving both secrets, routed by SecretId to one real stand-in each. */
  readonly url: string;
  readonly signingKey: SecretsManagerStandIn;
  readonly apiSecret: SecretsManagerStandIn;
  close(): Promise<void>;
}

/**
 * Two Secrets Manager stand-ins behind one endpoint (the signer has one endpoint for both
 * secrets, as in AWS): a forwarder on 127.0.0.1 sends each GetSecretValue to the stand-in that
 * holds the SecretId, headers and body untouched, so each stand-in still checks the SigV4 shape.
 */
export async function startSecretsManagerPair(apiSecretText: string): Promise<SecretsManagerPair> {
  const signingKey = await startSecretsManagerStandIn({ secretName: signingSecretName, secretString: knownSecretText });
  const apiSecret = await startSecretsManagerStandIn({ secretName: apiSecretName, secretString: apiSecretText });
  const forwarded = [
    "content-type",
    "x-amz-target",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "authorization",
  ];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    let secretId: unknown;
    try {
      secretId = (JSON.parse(body) as { SecretId?: unknown }).SecretId;
    } catch {
      secretId = undefined;
    }
    const target = secretId === apiSecretName ? apiSecret : signingKey;
    const headers: Record<string, string> = {};
    for (const name of forwarded) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const upstream = await fetch(`${target.url}${req.url ?? "/"}`, {
      method: req.method ?? "POST",
      headers,
      body,
    });
    const payload = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, {
      "content-type": upstream.headers.get("content-type") ?? "application/x-amz-json-1.1",
    });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    signingKey,
    apiSecret,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await signingKey.close();
      await apiSecret.close();
    },
  };
}

/** The environment the TokenSigner component sets, plus what Lambda provides. */
export function baseEnv(secretsManagerUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...awsEnv,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManagerUrl,
    LIVECHAT_WIDGET_ID: widgetId,
    LIVECHAT_SECRET_ID: signingSecretName,
    LIVECHAT_SECRET_CACHE_SECONDS: "300",
    ...extra,
  };
}

export interface CapturedSigner {
  readonly signer: Signer;
  /** Every log line written so far, raw JSON text. */
  readonly lines: string[];
  readonly events: () => Record<string, unknown>[];
}

export function signerFromEnv(
  env: Record<string, string>,
  options: Omit<SignerFromEnvOptions, "log"> = {},
): CapturedSigner {
  const lines: string[] = [];
  const signer = createSignerFromEnv(env, { ...options, log: createLogger((_level, line) => void lines.push(line)) });
  return { signer, lines, events: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** `requestContext.authorizer` defaults to `iamAuthorizer`; `null` as on a URL with auth NONE. */
export type HttpInit = Omit<EventInit, "isBase64Encoded" | "requestId">;

/**
 * A GET by default, with no headers unless given. An AWS_IAM URL's caller: IAM mode requires it;
 * OIDC mode ignores it (behind OAC it is CloudFront's).
 */
export function httpEvent(init: HttpInit = {}): FunctionUrlEvent {
  return functionUrlEvent({
    ...init,
    method: init.method ?? "GET",
    headers: init.headers ?? {},
    requestId: "req-handler-1",
  });
}

export async function http(signer: Signer, init: HttpInit): Promise<FunctionUrlResponse> {
  const response = await signer.handle(httpEvent(init));
  if (!("statusCode" in response)) throw new Error("expected an HTTP response");
  return response;
}

/** Parses a problem response and checks the invariants every problem has. */
export function problemOf(response: FunctionUrlResponse): Problem {
  expect(response.headers["content-type"]).toBe("application/problem+json");
  expect(response.headers["cache-control"]).toBe("no-store");
  const body = JSON.parse(response.body) as Problem;
  expect(body.status).toBe(response.statusCode);
  expect(body.type).toMatch(/^urn:livechat-aws:problem:[a-z-]+$/);
  return body;
}
