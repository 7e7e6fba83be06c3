import { describe, expect, it } from "vitest";
import type { TokenSettings } from "../../lambda/config.ts";
import { createSigner } from "../../lambda/http/signer.ts";
import { createStaticKeySource } from "../../lambda/secret/keySources.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import { decodeJwt, knownSecret, knownSecretText, tokenSettings } from "../support/signerFixtures.ts";

const nowMs = 1_700_000_000_987;

function signerFor(secretText: string, settings: TokenSettings = tokenSettings) {
  return createSigner({
    config: settings,
    loadKey: createStaticKeySource(secretText),
    now: () => nowMs,
    log: () => {},
  });
}

async function claimsOf(
  request: Record<string, unknown>,
  secretText = knownSecretText,
  settings: TokenSettings = tokenSettings,
) {
  const result = await signerFor(secretText, settings).handle(request);
  if (!("token" in result)) throw new Error(`expected a token, got ${JSON.stringify(result)}`);
  return { result, claims: decodeJwt(result.token).payload };
}

describe("claims", () => {
  it("carries jti, sub, stp, iss = widget ID, iat = now in seconds, exp = iat + default TTL, ski; nothing else", async () => {
    const { result, claims } = await claimsOf({ sub: "customer@example.com", stp: "email" });
    expect(Object.keys(claims)).toEqual(["jti", "sub", "stp", "iss", "iat", "exp", "ski"]);
    expect(claims).toMatchObject({
      sub: "customer@example.com",
      stp: "email",
      iss: tokenSettings.widgetId,
      iat: 1_700_000_000,
      exp: 1_700_000_015,
      ski: 3,
    });
    expect(claims["jti"]).toBe(result.jti);
    expect(result.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.jti.length).toBeLessThanOrEqual(50);
    expect(result.expiresAt).toBe(new Date(1_700_000_015_000).toISOString());
    expect("sid" in result).toBe(false);
  });

  it("gives every token a different jti", async () => {
    const signer = signerFor(knownSecretText);
    const jtis = new Set<string>();
    for (let i = 0; i < 200; i++)
      jtis.add(((await signer.handle({ sub: "x", stp: "externalPersonId" })) as TokenResult).jti);
    expect(jtis.size).toBe(200);
  });

  it("includes sid in the token and in the result when given", async () => {
    const { result, claims } = await claimsOf({
      sub: "x-1",
      stp: "externalPersonId",
      sid: "85a53925-7bbb-46be-84f8-2b00c4a48a4d",
    });
    expect(claims["sid"]).toBe("85a53925-7bbb-46be-84f8-2b00c4a48a4d");
    expect(result.sid).toBe("85a53925-7bbb-46be-84f8-2b00c4a48a4d");
  });

  it("uses the requested ttlSeconds for exp, at the lower and upper bounds", async () => {
    expect((await claimsOf({ sub: "a", stp: "externalPersonId", ttlSeconds: 10 })).claims["exp"]).toBe(1_700_000_010);
    expect((await claimsOf({ sub: "a", stp: "externalPersonId", ttlSeconds: 60 })).claims["exp"]).toBe(1_700_000_060);
  });

  it("uses the configured default TTL", async () => {
    const { claims } = await claimsOf({ sub: "a", stp: "externalPersonId" }, knownSecretText, {
      ...tokenSettings,
      defaultTtlSeconds: 30,
    });
    expect(claims["exp"]).toBe(1_700_000_030);
  });

  it("keeps ski a number when the portal id is a number", async () => {
    const { claims } = await claimsOf({ sub: "a", stp: "externalPersonId" });
    expect(claims["ski"]).toBe(knownSecret.id);
    expect(typeof claims["ski"]).toBe("number");
  });

  it("keeps ski a string when the portal id is a string (UUID), even a numeric-looking one", async () => {
    const uuid = "52c1f4de-6b7e-4d1c-9d0a-3f3c1c9a8b10";
    const a = await claimsOf({ sub: "a", stp: "externalPersonId" }, JSON.stringify({ id: uuid, key: knownSecret.key }));
    expect(a.claims["ski"]).toBe(uuid);
    const b = await claimsOf({ sub: "a", stp: "externalPersonId" }, JSON.stringify({ id: "52", key: knownSecret.key }));
    expect(b.claims["ski"]).toBe("52");
    expect(typeof b.claims["ski"]).toBe("string");
  });

  it("passes sub through unchanged for each stp", async () => {
    for (const [sub, stp] of [
      ["Mixed.Case+tag@Example.co.uk", "email"],
      ["+385911234567", "msisdn"],
      ["385911234567", "msisdn"],
      ["crm:Ünïcødé/42", "externalPersonId"],
    ] as const) {
      const { claims } = await claimsOf({ sub, stp });
      expect(claims["sub"]).toBe(sub);
      expect(claims["stp"]).toBe(stp);
    }
  });
});
