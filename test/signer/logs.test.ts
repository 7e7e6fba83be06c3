// Everything the signer writes (console, stdout, stderr) during successes and every kind of
// failure: structured JSON lines with request ids and subHash, never the key, a token or a raw sub.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import { createSigner } from "../../lambda/http/signer.ts";
import { subHash } from "../../lambda/log.ts";
import { createSecretsManagerKeySource, createStaticKeySource } from "../../lambda/secret/keySources.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from "../support/secretsManagerStandIn.ts";
import { functionUrlEvent, knownKeyHex, knownSecret, knownSecretText, postToken, tokenSettings } from "../support/signerFixtures.ts";
import { captureOutput } from "../support/captureOutput.ts";

const subs = { email: "log.canary+person@example.com", msisdn: "+385917654321", externalPersonId: "crm-canary-4711" } as const;
const secretName = "livechat/logs/key";


let standIn: SecretsManagerStandIn;
beforeAll(async () => {
  standIn = await startSecretsManagerStandIn({ secretName, secretString: knownSecretText });
});
afterAll(async () => {
  await standIn.close();
});

describe("logs", () => {
  const tokens: string[] = [];
  let output = "";

  beforeAll(async () => {
    output = (await captureOutput(async () => {
      const clock = { ms: 1_700_000_000_000 };
      const now = () => clock.ms;
      const env = {
        AWS_REGION: "eu-central-1",
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "secret-access-key-example",
        AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
      };
      // Default logger (console), as in Lambda.
      const loadKey = createSecretsManagerKeySource({ settings: { secretId: secretName, cacheSeconds: 60, staleSeconds: 60, timeoutMs: 1000 }, env, now });
      const signer = createSigner({ config: tokenSettings, loadKey, now });
      const keep = (r: unknown) => {
        const text = JSON.stringify(r);
        const match = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(text);
        if (match) tokens.push(match[0]);
      };

      for (const [stp, sub] of Object.entries(subs)) {
        keep(await signer.handle(postToken({ sub, stp, sid: "sid-1" }, { requestId: `http-${stp}` })));
        keep(await signer.handle({ sub, stp }, { awsRequestId: `invoke-${stp}` }));
        // Failures that carry the sub: bad fields, bad JSON, too large, wrong type, path, method.
        await signer.handle(postToken({ sub, stp, ttlSeconds: 5, extra: sub }));
        await signer.handle(postToken({ sub, stp: "fax" }));
        await signer.handle(functionUrlEvent({ body: `{"sub":"${sub}","stp":` }));
        await signer.handle(functionUrlEvent({ body: JSON.stringify({ sub, stp, sid: "x".repeat(5000) }) }));
        await signer.handle(postToken({ sub, stp }, { headers: { "content-type": "text/plain" } }));
        await signer.handle(postToken({ sub, stp }, { path: `/token/${sub}` }));
        await signer.handle(postToken({ sub, stp }, { method: "GET" }));
      }
      expect(tokens).toHaveLength(6);

      // Key trouble: stale-on-error, then expiry → 503, then malformed secrets that contain the key.
      standIn.setBehaviour({ kind: "aws-error", type: "AccessDeniedException" });
      clock.ms += 60_000;
      keep(await signer.handle(postToken({ sub: subs.email, stp: "email" })));
      clock.ms += 61_000;
      await signer.handle(postToken({ sub: subs.email, stp: "email" }));
      standIn.setBehaviour({ kind: "ok" });
      for (const secret of [`{"id":3,"key":"${knownSecret.key}"`, JSON.stringify({ id: 3, key: `${knownSecret.key.slice(0, 20)}` }), JSON.stringify({ id: { key: knownSecret.key } })]) {
        standIn.setSecret(secret);
        clock.ms += 61_000;
        await signer.handle(postToken({ sub: subs.email, stp: "email" }));
      }

      // An internal failure (500).
      const broken = createSigner({ config: tokenSettings, loadKey: () => Promise.resolve({ id: 3, cryptoKey: {} as CryptoKey }) });
      const response = (await broken.handle(postToken({ sub: subs.msisdn, stp: "msisdn" }))) as FunctionUrlResponse;
      expect(response.statusCode).toBe(500);

      // The static source too (the local runner's path).
      const local = createSigner({ config: tokenSettings, loadKey: createStaticKeySource(knownSecretText) });
      keep((await local.handle({ sub: subs.externalPersonId, stp: "externalPersonId" })) as TokenResult);
    })).join("\n");
  });

  it("writes one JSON object per line", () => {
    const lines = output.split("\n").filter((l) => l.trim() !== "");
    expect(lines.length).toBeGreaterThan(40);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(["info", "warn", "error"]).toContain(entry["level"]);
      expect(typeof entry["event"]).toBe("string");
    }
  });

  it("never contains the key (base64, base64url or hex), a token, or a raw sub", () => {
    expect(tokens).toHaveLength(8);
    for (const form of [knownSecret.key, knownSecret.key.slice(0, 16), Buffer.from(knownSecret.key, "base64").toString("base64url"), knownKeyHex, knownKeyHex.slice(0, 16), knownKeyHex.toUpperCase().slice(0, 16)]) {
      expect(output).not.toContain(form);
    }
    for (const token of tokens) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(token.split(".")[2]);
    }
    for (const sub of Object.values(subs)) expect(output).not.toContain(sub);
    expect(output).not.toContain("canary");
    expect(output).not.toContain("385917654321");
  });

  it("identifies customers by subHash and requests by request id", () => {
    for (const [stp, sub] of Object.entries(subs)) {
      expect(output).toContain(`"subHash":"${subHash(sub)}"`);
      expect(output).toContain(`"requestId":"http-${stp}"`);
      expect(output).toContain(`"requestId":"invoke-${stp}"`);
    }
    expect(subHash(subs.email)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("reports stale-on-error, key failures and internal errors", () => {
    expect(output).toContain('"event":"secret.refresh_failed_serving_stale"');
    expect(output).toContain('"errorCode":"AccessDenied"');
    expect(output).toContain('"event":"secret.load_failed"');
    expect(output).toContain('"errorCode":"not-json"');
    expect(output).toContain('"errorCode":"key-too-short"');
    expect(output).toContain('"errorCode":"invalid-id"');
    expect(output).toContain('"event":"request.failed"');
    expect(output).toContain('"status":503');
  });
});
