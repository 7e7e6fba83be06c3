// Claim mapping: only verified contact data, strict booleans, bounded identifiers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdentityVerifier } from "../../lambda/identity/identityVerifier.ts";
import { startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import type { OidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import { expectIdentityError } from "./expectIdentityError.ts";

let issuer: OidcIssuerStandIn;
beforeAll(async () => {
  issuer = await startOidcIssuerStandIn({ initialAlgs: ["ES256"] });
});
afterAll(async () => {
  await issuer.close();
});

const verifierFor = (extra: Partial<Parameters<typeof createIdentityVerifier>[0]> = {}) =>
  createIdentityVerifier({ issuer: issuer.issuer, audiences: [issuer.audience], ...extra });

describe("email subjects", () => {
  it("maps a verified email", async () => {
    const token = await issuer.mint({ sub: "u1", email: "ada@example.com", email_verified: true });
    expect(await verifierFor().verify(token)).toEqual({ sub: "ada@example.com", stp: "email" });
  });

  it.each([
    ["false", false, '"email_verified" is false'],
    ['the string "true"', "true", 'the string "true"'],
    ["the number 1", 1, "a number"],
    ["missing", undefined, 'no "email_verified" claim'],
  ])("refuses email_verified %s", async (_label, flag, detail) => {
    const token = await issuer.mint({ sub: "u1", email: "ada@example.com", email_verified: flag });
    const error = await expectIdentityError(verifierFor().verify(token), 401, "email_unverified");
    expect(error.detail).toContain(detail);
    expect(error.detail).not.toContain("ada@example.com");
  });

  it("refuses a missing or non-email email claim", async () => {
    await expectIdentityError(
      verifierFor().verify(await issuer.mint({ sub: "u1", email_verified: true })),
      401,
      "claim_missing",
    );
    await expectIdentityError(
      verifierFor().verify(await issuer.mint({ sub: "u1", email: "no-at-sign", email_verified: true })),
      401,
      "claim_invalid",
    );
    await expectIdentityError(
      verifierFor().verify(await issuer.mint({ sub: "u1", email: ["a@b.c"], email_verified: true })),
      401,
      "claim_invalid",
    );
  });
});

describe("msisdn subjects", () => {
  const msisdn = { subjectType: "msisdn" as const };

  it("maps a verified phone number, normalised to E.164", async () => {
    const token = await issuer.mint({ sub: "u1", phone_number: "+1 (425) 555-1212", phone_number_verified: true });
    expect(await verifierFor(msisdn).verify(token)).toEqual({ sub: "+14255551212", stp: "msisdn" });
  });

  it("refuses an unverified phone number", async () => {
    for (const flag of [false, "true", undefined]) {
      const token = await issuer.mint({ sub: "u1", phone_number: "+385911234567", phone_number_verified: flag });
      await expectIdentityError(verifierFor(msisdn).verify(token), 401, "phone_unverified");
    }
  });

  it("refuses numbers that are not E.164", async () => {
    for (const phone of ["385911234567", "+0123456789", "+1234567", "+1234567890123456", "+1 425 555 1212;ext=5"]) {
      const token = await issuer.mint({ sub: "u1", phone_number: phone, phone_number_verified: true });
      await expectIdentityError(verifierFor(msisdn).verify(token), 401, "claim_invalid");
    }
    await expectIdentityError(
      verifierFor(msisdn).verify(await issuer.mint({ sub: "u1", phone_number_verified: true })),
      401,
      "claim_missing",
    );
  });
});

describe("look-alike identifiers (the rules POST /token applies, from the same function)", () => {
  it.each([
    ["a Hangul filler", "alice\u3164@example.com"],
    ["a combining grapheme joiner", "ali\u034fce@example.com"],
    ["a Cyrillic letter in the domain", "alice@ex\u0430mple.com"],
    ["an internationalised domain not in punycode", "ÿser@exämple.de"],
  ])("refuses an email with %s", async (_label, email) => {
    const error = await expectIdentityError(
      verifierFor().verify(await issuer.mint({ sub: "u1", email, email_verified: true })),
      401,
      "claim_invalid",
    );
    expect(error.detail).not.toContain(email);
  });

  it("accepts the punycode form of an internationalised domain", async () => {
    const token = await issuer.mint({ sub: "u1", email: "ÿser@xn--exmple-cua.de", email_verified: true });
    await expect(verifierFor().verify(token)).resolves.toEqual({ sub: "ÿser@xn--exmple-cua.de", stp: "email" });
  });

  it.each([
    ["braille blank", "cust\u2800-42"],
    ["Hangul filler", "cust\u3164"],
    ["halfwidth Hangul filler", "cust\uffa0"],
    ["zero-width joiner", "cu\u200dst"],
  ])("refuses an externalPersonId with a %s", async (_label, value) => {
    const config = { subjectType: "externalPersonId" as const, subjectClaim: "customer_id" };
    const error = await expectIdentityError(
      verifierFor(config).verify(await issuer.mint({ sub: "u", customer_id: value })),
      401,
      "claim_invalid",
    );
    expect(error.detail).toContain("invisible character");
  });
});

describe("externalPersonId subjects and sessions", () => {
  it("maps the configured claim, default sub", async () => {
    const token = await issuer.mint({ sub: "auth0|abc123", customer_id: "C-77" });
    expect(await verifierFor({ subjectType: "externalPersonId" }).verify(token)).toEqual({
      sub: "auth0|abc123",
      stp: "externalPersonId",
    });
    expect(await verifierFor({ subjectType: "externalPersonId", subjectClaim: "customer_id" }).verify(token)).toEqual({
      sub: "C-77",
      stp: "externalPersonId",
    });
  });

  it("refuses a missing, non-string, oversized or control-character claim", async () => {
    const config = { subjectType: "externalPersonId" as const, subjectClaim: "customer_id" };
    await expectIdentityError(verifierFor(config).verify(await issuer.mint({ sub: "u" })), 401, "claim_missing");
    for (const value of [42, "", "x".repeat(256), "a\u0000b", " padded "]) {
      await expectIdentityError(
        verifierFor(config).verify(await issuer.mint({ sub: "u", customer_id: value })),
        401,
        "claim_invalid",
      );
    }
  });

  it("takes sid from the session claim and refuses an unusable one", async () => {
    const config = { subjectType: "externalPersonId" as const, sessionClaim: "sid" };
    expect(await verifierFor(config).verify(await issuer.mint({ sub: "u1", sid: "f3a9-session" }))).toEqual({
      sub: "u1",
      stp: "externalPersonId",
      sid: "f3a9-session",
    });
    await expectIdentityError(verifierFor(config).verify(await issuer.mint({ sub: "u1" })), 401, "claim_missing");
    for (const sid of ["s".repeat(51), "a/b", "..", "has space"]) {
      await expectIdentityError(
        verifierFor(config).verify(await issuer.mint({ sub: "u1", sid })),
        401,
        "claim_invalid",
      );
    }
  });
});
