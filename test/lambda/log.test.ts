// Everything the signer writes (console, stdout, stderr) during successes and every kind of
// failure: structured JSON lines with request ids and a keyed subHash, never the key, a token, a raw
// sub or an unkeyed hash of one. Run with either Lambda log format: with JSON the console gets
// objects (captured as the runtime would serialise them), with Text one line of JSON text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FunctionUrlResponse } from "../../lambda/http/functionUrlEvent.ts";
import { createSigner } from "../../lambda/http/signer.ts";
import { logPseudonym } from "../../lambda/index.ts";
import { createSecretsManagerKeySource, createStaticKeySource } from "../../lambda/secret/keySources.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import { type SecretsManagerStandIn, startSecretsManagerStandIn } from "../support/secretsManagerStandIn.ts";
import {
  expectedPseudonym,
  functionUrlEvent,
  knownKeyHex,
  knownSecret,
  knownSecretText,
  otherSecret,
  otherSecretText,
  postToken,
  tokenSettings,
  unkeyedHash,
} from "../support/signerFixtures.ts";
import { captureOutput } from "../support/captureOutput.ts";

const subs = {
  email: "log.canary+person@example.com",
  msisdn: "+385917654321",
  externalPersonId: "crm-canary-4711",
} as const;
const secretName = "livechat/logs/key";

let standIn: SecretsManagerStandIn;
beforeAll(async () => {
  standIn = await startSecretsManagerStandIn({ secretName, secretString: knownSecretText });
});
afterAll(async () => {
  await standIn.close();
});

describe.each(["Text", "JSON"] as const)("logs (Lambda log format %s)", (logFormat) => {
  const tokens: string[] = [];
  let output = "";
  /** Secrets Manager calls made by a fresh signer's one refused token request while the secret is unreadable. */
  let coldFailureCalls = -1;
  const events = () =>
    output
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  const savedFormat = process.env["AWS_LAMBDA_LOG_FORMAT"];
  afterAll(() => {
    if (savedFormat === undefined) delete process.env["AWS_LAMBDA_LOG_FORMAT"];
    else process.env["AWS_LAMBDA_LOG_FORMAT"] = savedFormat;
  });

  beforeAll(async () => {
    // As Lambda sets it from the function's loggingConfig.logFormat; loggers read it when created.
    process.env["AWS_LAMBDA_LOG_FORMAT"] = logFormat;
    standIn.setSecret(knownSecretText);
    standIn.setBehaviour({ kind: "ok" });
    output = (
      await captureOutput(async () => {
        const clock = { ms: 1_700_000_000_000 };
        const now = () => clock.ms;
        const env = {
          AWS_REGION: "eu-central-1",
          AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
          AWS_SECRET_ACCESS_KEY: "secret-access-key-example",
          AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.url,
        };
        // Default logger (console), as in Lambda.
        const keySource = () =>
          createSecretsManagerKeySource({
            settings: { secretId: secretName, cacheSeconds: 60, staleSeconds: 60, timeoutMs: 1000 },
            env,
            now,
          });
        const signer = createSigner({ config: tokenSettings, loadKey: keySource(), now });
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
        for (const secret of [
          `{"id":3,"key":"${knownSecret.key}"`,
          JSON.stringify({ id: 3, key: `${knownSecret.key.slice(0, 20)}` }),
          JSON.stringify({ id: { key: knownSecret.key } }),
        ]) {
          standIn.setSecret(secret);
          clock.ms += 61_000;
          await signer.handle(postToken({ sub: subs.email, stp: "email" }));
        }

        // A fresh execution environment whose first request finds the secret unreadable: 503, one load attempt.
        standIn.setBehaviour({ kind: "aws-error", type: "AccessDeniedException" });
        const cold = createSigner({ config: tokenSettings, loadKey: keySource(), now });
        const callsBefore = standIn.calls;
        const refused = (await cold.handle(
          postToken({ sub: subs.msisdn, stp: "msisdn", sid: "sid-1" }, { requestId: "cold-503" }),
        )) as FunctionUrlResponse;
        expect(refused.statusCode).toBe(503);
        coldFailureCalls = standIn.calls - callsBefore;
        standIn.setBehaviour({ kind: "ok" });

        // An internal failure (500).
        const broken = createSigner({
          config: tokenSettings,
          loadKey: async () => ({ ...(await createStaticKeySource(knownSecretText)()), cryptoKey: {} as CryptoKey }),
        });
        const response = (await broken.handle(postToken({ sub: subs.msisdn, stp: "msisdn" }))) as FunctionUrlResponse;
        expect(response.statusCode).toBe(500);

        // The static source too (the local runner's path).
        const local = createSigner({ config: tokenSettings, loadKey: createStaticKeySource(knownSecretText) });
        keep((await local.handle({ sub: subs.externalPersonId, stp: "externalPersonId" })) as TokenResult);

        // Another key: the same subs get other pseudonyms.
        const other = createSigner({ config: tokenSettings, loadKey: createStaticKeySource(otherSecretText) });
        for (const [stp, sub] of Object.entries(subs))
          keep(await other.handle({ sub, stp }, { awsRequestId: `other-key-${stp}` }));
      })
    ).join("\n");
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
    expect(tokens).toHaveLength(11);
    for (const form of [
      knownSecret.key,
      knownSecret.key.slice(0, 16),
      Buffer.from(knownSecret.key, "base64").toString("base64url"),
      knownKeyHex,
      knownKeyHex.slice(0, 16),
      knownKeyHex.toUpperCase().slice(0, 16),
    ]) {
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

  it("identifies customers by a pseudonym keyed with the signing key (HKDF → HMAC-SHA256), and requests by request id", () => {
    const issued = events().filter((e) => e["event"] === "token.issued");
    for (const [stp, sub] of Object.entries(subs)) {
      const expected = expectedPseudonym(knownSecret.key, sub);
      expect(expected).toMatch(/^[0-9a-f]{16}$/);
      expect(expected).not.toBe(unkeyedHash(sub));
      expect(issued.find((e) => e["requestId"] === `http-${stp}`)).toMatchObject({ stp, ski: 3, subHash: expected });
      expect(issued.find((e) => e["requestId"] === `invoke-${stp}`)).toMatchObject({ stp, ski: 3, subHash: expected });
    }
  });

  it("never contains an unkeyed SHA-256 prefix of any sub or sid", () => {
    for (const value of [...Object.values(subs), "sid-1"]) {
      expect(output).not.toContain(unkeyedHash(value));
      expect(output).not.toContain(unkeyedHash(value).slice(0, 12));
    }
  });

  it("another signing key gives other pseudonyms for the same sub", () => {
    const issued = events().filter((e) => e["event"] === "token.issued");
    for (const [stp, sub] of Object.entries(subs)) {
      const logged = issued.find((e) => e["requestId"] === `other-key-${stp}`);
      expect(logged).toMatchObject({ ski: otherSecret.id, subHash: expectedPseudonym(otherSecret.key, sub) });
      expect(logged?.["subHash"]).not.toBe(expectedPseudonym(knownSecret.key, sub));
    }
  });

  it("logPseudonym(secret text, sub) finds the customer's log lines", () => {
    const issued = events().filter((e) => e["event"] === "token.issued");
    for (const [stp, sub] of Object.entries(subs)) {
      expect(logPseudonym(knownSecretText, sub)).toBe(
        issued.find((e) => e["requestId"] === `http-${stp}`)?.["subHash"],
      );
      expect(logPseudonym(otherSecretText, sub)).toBe(
        issued.find((e) => e["requestId"] === `other-key-${stp}`)?.["subHash"],
      );
    }
    expect(() => logPseudonym("not json", "x")).toThrow(/not valid JSON/);
  });

  it("a request refused without a key logs no hash and costs only its own load attempt", () => {
    expect(coldFailureCalls).toBe(1);
    const lines = events().filter((e) => e["requestId"] === "cold-503");
    expect(lines).toEqual([
      { level: "error", event: "request.rejected", requestId: "cold-503", status: 503, problem: "key-unavailable" },
    ]);
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
