// The deployable bundle: deterministic bytes, no machine paths, and its `handler` works end to
// end (configuration from the environment, key from the Secrets Manager stand-in).
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSignerBundle, packageRoot } from "../../components/signerBundle.ts";
import type { SignerManifest } from "../../components/signerManifest.ts";
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from "../support/secretsManagerStandIn.ts";
import { decodeJwt, iamAuthorizer, knownSecret, knownSecretText } from "../support/signerFixtures.ts";

type BundleHandler = (event: unknown, context?: { awsRequestId?: string }) => Promise<Record<string, unknown>>;

const envKeys = [
  "LIVECHAT_WIDGET_ID",
  "LIVECHAT_SECRET_ID",
  "LIVECHAT_TOKEN_TTL_SECONDS",
  "AWS_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_ENDPOINT_URL_SECRETS_MANAGER",
] as const;
const savedEnv = Object.fromEntries(envKeys.map((k) => [k, process.env[k]]));
const tempDir = mkdtempSync(path.join(tmpdir(), "livechat-signer-bundle-"));
let standIn: SecretsManagerStandIn;
let code = "";
let manifest: SignerManifest | undefined;

beforeAll(async () => {
  standIn = await startSecretsManagerStandIn({ secretName: "livechat/bundle/key", secretString: knownSecretText });
  ({ code, manifest } = await buildSignerBundle());
});
afterAll(async () => {
  for (const key of envKeys) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await standIn.close();
  rmSync(tempDir, { recursive: true, force: true });
});

async function importBundle(name: string): Promise<BundleHandler> {
  // A fresh file per import gives a fresh module instance (fresh lazy config and key cache).
  const file = path.join(tempDir, `${name}.mjs`);
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as { handler?: BundleHandler };
  if (typeof module.handler !== "function") throw new Error("the bundle does not export handler");
  return module.handler;
}

describe("signer bundle (dist/signer/index.mjs)", () => {
  it("is deterministic: two builds give identical bytes", async () => {
    const second = await buildSignerBundle();
    expect(second.code).toBe(code);
    expect(second.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is the bundle docs/shipping.md shows: its manifest there is this commit's (run npm run build:signer)", () => {
    const page = readFileSync(path.join(packageRoot(), "docs/shipping.md"), "utf8");
    const shown = /## The manifest[\s\S]*?```json\n([\s\S]*?)```/.exec(page)?.[1];
    expect(shown, "docs/shipping.md has no manifest example").toBeDefined();
    expect(JSON.parse(shown ?? "null")).toEqual(manifest);
  });

  it("embeds no absolute or machine-specific paths and stays small", () => {
    expect(code).not.toContain(packageRoot());
    expect(code).not.toContain("/work/");
    expect(code).not.toContain(tmpdir());
    expect(code).not.toMatch(/\/(home|root|Users|tmp)\//);
    expect(code).not.toContain("@aws-sdk");
    expect(Buffer.byteLength(code)).toBeLessThan(100_000);
  });

  it("exports a handler that signs with the key from Secrets Manager (Function URL and direct invoke)", async () => {
    Object.assign(process.env, {
      LIVECHAT_WIDGET_ID: "bundle-widget",
      LIVECHAT_SECRET_ID: "livechat/bundle/key",
      LIVECHAT_TOKEN_TTL_SECONDS: "20",
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "secret-access-key-example",
      AWS_SESSION_TOKEN: "session-token",
      AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
    });
    const handler = await importBundle("ok");
    const response = await handler(
      {
        version: "2.0",
        rawPath: "/token",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sub: "customer@example.com", stp: "email" }),
        isBase64Encoded: false,
        requestContext: { requestId: "bundle-1", http: { method: "POST", path: "/token" }, authorizer: iamAuthorizer },
      },
      { awsRequestId: "bundle-1" },
    );
    expect(response["statusCode"]).toBe(200);
    expect(response["headers"]).toMatchObject({ "content-type": "application/json", "cache-control": "no-store" });
    const jwt = decodeJwt((JSON.parse(response["body"] as string) as { token: string }).token);
    expect(jwt.payload).toMatchObject({ iss: "bundle-widget", ski: 3, sub: "customer@example.com" });
    expect((jwt.payload["exp"] as number) - (jwt.payload["iat"] as number)).toBe(20);
    expect(jwt.signature).toBe(
      createHmac("sha256", Buffer.from(knownSecret.key, "base64")).update(jwt.signingInput).digest("base64url"),
    );

    const direct = await handler({ sub: "+385911234567", stp: "msisdn" }, { awsRequestId: "bundle-2" });
    expect(Object.keys(direct)).toEqual(["token", "jti", "expiresAt"]);
    expect(standIn.calls).toBe(1);
  });

  it("answers a generic 500 problem when the environment is invalid", async () => {
    delete process.env["LIVECHAT_WIDGET_ID"];
    const handler = await importBundle("misconfigured");
    const response = await handler({
      version: "2.0",
      rawPath: "/token",
      body: "{}",
      requestContext: { http: { method: "POST" } },
    });
    expect(response["statusCode"]).toBe(500);
    expect(JSON.parse(response["body"] as string)).toEqual({
      type: "urn:livechat-aws:problem:internal-error",
      title: "Internal error",
      status: 500,
      detail: "The signer is misconfigured; see its logs.",
    });
    expect(await handler({ sub: "a", stp: "externalPersonId" })).toMatchObject({ status: 500 });
  });
});
