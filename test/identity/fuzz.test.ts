// Property: nothing but a genuine token verifies. Arbitrary strings, arbitrary JWS-shaped
// strings, and single-character mutations of a valid token all fail with IdentityError.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createIdentityVerifier } from "../../lambda/identity/identityVerifier.ts";
import type { IdentityVerifier } from "../../lambda/identity/identityVerifier.ts";
import { IdentityError } from "../../lambda/identity/identityError.ts";
import { startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import type { OidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";

let issuer: OidcIssuerStandIn;
let verifier: IdentityVerifier;
let validToken: string;

beforeAll(async () => {
  issuer = await startOidcIssuerStandIn({ initialAlgs: ["RS256", "ES256"] });
  verifier = createIdentityVerifier({ issuer: issuer.issuer, audiences: [issuer.audience] });
  validToken = await issuer.mint({ sub: "u1", email: "ada@example.com", email_verified: true });
  await verifier.verify(validToken);
});
afterAll(async () => {
  await issuer.close();
});

async function outcome(token: string): Promise<string> {
  try {
    await verifier.verify(token);
    return "accepted";
  } catch (error) {
    if (!(error instanceof IdentityError)) return `non-IdentityError: ${String(error)}`;
    if (error.status !== 401 && error.status !== 503) return `status ${error.status}`;
    if (error.detail.length > 20 && token.length > 20 && error.detail.includes(token)) return "detail echoes the token";
    return "refused";
  }
}

const b64url = (value: string): string => Buffer.from(value).toString("base64url");
const base64urlChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("verifier under arbitrary input", () => {
  it("refuses arbitrary strings", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400, unit: "binary" }), async (token) => {
        expect(await outcome(token)).toBe("refused");
      }),
      { numRuns: 400 },
    );
  });

  it("refuses arbitrary JWS-shaped strings with JSON headers and payloads", async () => {
    const header = fc.record(
      {
        alg: fc.constantFrom("RS256", "ES256", "PS256", "EdDSA", "HS256", "none", "None", ""),
        kid: fc.oneof(fc.string(), fc.constant(issuer.keys()[0]?.kid ?? "")),
        typ: fc.constantFrom("JWT", "at+jwt"),
      },
      { requiredKeys: [] },
    );
    const payload = fc.dictionary(
      fc.constantFrom("iss", "aud", "exp", "iat", "nbf", "email", "email_verified", "sub"),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(
        header,
        payload,
        fc.string({ unit: fc.constantFrom(...base64urlChars) }),
        async (h, p, signature) => {
          expect(await outcome(`${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(p))}.${signature}`)).toBe(
            "refused",
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses every single-character change to a valid token's header or payload", async () => {
    const signed = validToken.lastIndexOf(".");
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: signed - 1 }), fc.constantFrom(...base64urlChars), async (index, char) => {
        fc.pre(validToken[index] !== "." && validToken[index] !== char);
        const mutated = `${validToken.slice(0, index)}${char}${validToken.slice(index + 1)}`;
        expect(await outcome(mutated)).toBe("refused");
      }),
      { numRuns: 300 },
    );
  });
});
