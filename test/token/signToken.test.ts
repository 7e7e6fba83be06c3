import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSigner } from "../../lambda/http/signer.ts";
import { createStaticKeySource } from "../../lambda/secret/keySources.ts";
import type { TokenResult } from "../../lambda/token/issueToken.ts";
import { decodeJwt, knownSecret, knownSecretText, tokenSettings } from "../support/signerFixtures.ts";

function hs256(key: Buffer | string, signingInput: string): Buffer {
  return createHmac("sha256", key).update(signingInput).digest();
}

describe("known answer: HS256 over the base64-decoded portal key", () => {
  const signer = createSigner({
    config: tokenSettings,
    loadKey: createStaticKeySource(knownSecretText),
    log: () => {},
  });

  it("verifies with an independent node:crypto HMAC over the decoded key bytes, not over the base64 text", async () => {
    const result = (await signer.handle({ sub: "customer@example.com", stp: "email" })) as TokenResult;
    const jwt = decodeJwt(result.token);
    const signature = Buffer.from(jwt.signature, "base64url");
    const decodedKey = Buffer.from(knownSecret.key, "base64");
    expect(decodedKey.length).toBe(32);
    expect(timingSafeEqual(signature, hs256(decodedKey, jwt.signingInput))).toBe(true);
    expect(signature.equals(hs256(knownSecret.key, jwt.signingInput))).toBe(false);
    expect(signature.equals(hs256(Buffer.from(knownSecret.key, "utf8"), jwt.signingInput))).toBe(false);
  });

  it('has the header bytes exactly {"alg":"HS256","typ":"JWT"}', async () => {
    const result = (await signer.handle({ sub: "+385911234567", stp: "msisdn" })) as TokenResult;
    const [headerSegment] = result.token.split(".");
    expect(Buffer.from(headerSegment ?? "", "base64url").toString("utf8")).toBe('{"alg":"HS256","typ":"JWT"}');
    expect(headerSegment).toBe("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
  });

  it("produces a byte-for-byte known token for fixed clock and jti", async () => {
    const fixed = createSigner({
      config: tokenSettings,
      loadKey: createStaticKeySource(knownSecretText),
      now: () => 1_582_700_204_000,
      newJti: () => "f69fbb80-2967-4985-afae-6cfe6c0786c4",
      log: () => {},
    });
    const result = (await fixed.handle({
      sub: "customer@example.com",
      stp: "email",
      sid: "85a53925-7bbb-46be-84f8-2b00c4a48a4d",
    })) as TokenResult;
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({
        jti: "f69fbb80-2967-4985-afae-6cfe6c0786c4",
        sub: "customer@example.com",
        stp: "email",
        iss: tokenSettings.widgetId,
        iat: 1582700204,
        exp: 1582700219,
        ski: 3,
        sid: "85a53925-7bbb-46be-84f8-2b00c4a48a4d",
      }),
    ).toString("base64url");
    const signature = hs256(Buffer.from(knownSecret.key, "base64"), `${header}.${payload}`).toString("base64url");
    expect(result.token).toBe(`${header}.${payload}.${signature}`);
    expect(result.expiresAt).toBe("2020-02-26T06:56:59.000Z");
  });
});
