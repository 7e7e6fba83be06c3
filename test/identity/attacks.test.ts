// Every token an attacker (or a misconfigured site) can send must fail with 401 and a precise code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportSPKI, generateKeyPair } from "jose";
import { createIdentityVerifier } from "../../lambda/identity/identityVerifier.ts";
import type { IdentityVerifier } from "../../lambda/identity/identityVerifier.ts";
import { startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import type { OidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import { expectIdentityError } from "./expectIdentityError.ts";

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const person = { sub: "user-1", email: "ada@example.com", email_verified: true };

let issuer: OidcIssuerStandIn;
let attacker: OidcIssuerStandIn;
let verifier: IdentityVerifier;

beforeAll(async () => {
  issuer = await startOidcIssuerStandIn({ initialAlgs: ["RS256", "ES256"] });
  attacker = await startOidcIssuerStandIn();
  verifier = createIdentityVerifier({ issuer: issuer.issuer, audiences: [issuer.audience] });
  // Warm the caches so each attack below is judged on the token alone.
  await verifier.verify(await issuer.mint(person));
});

afterAll(async () => {
  await issuer.close();
  await attacker.close();
});

/** Verifies an ID token for `person` with `claims` added, replaced or (as undefined) left out. */
const verifyPerson = async (claims: Record<string, unknown>) =>
  verifier.verify(await issuer.mint({ ...person, ...claims }));

describe("algorithm attacks", () => {
  it('refuses alg "none" (hand-built unsigned token) without fetching keys', async () => {
    const before = issuer.jwksRequests();
    const now = nowSeconds();
    const unsigned = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ ...person, iss: issuer.issuer, aud: issuer.audience, iat: now, exp: now + 600 })}.`;
    const error = await expectIdentityError(verifier.verify(unsigned), 401, "alg_not_allowed");
    expect(error.detail).toContain('"none"');
    const noneWithSignature = `${b64url({ alg: "NONE" })}.${b64url({ ...person, iss: issuer.issuer })}.c2ln`;
    await expectIdentityError(verifier.verify(noneWithSignature), 401, "alg_not_allowed");
    expect(issuer.jwksRequests()).toBe(before);
  });

  it("refuses HS256 signed with the issuer's public key bytes (algorithm confusion)", async () => {
    const rsa = issuer.keys().find((key) => key.alg === "RS256");
    if (!rsa) throw new Error("stand-in has no RS256 key");
    const pemBytes = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
    const jwkBytes = new TextEncoder().encode(JSON.stringify(rsa.publicJwk));
    for (const key of [pemBytes, jwkBytes]) {
      const forged = await issuer.mint(person, { alg: "HS256", kid: rsa.kid, key });
      await expectIdentityError(verifier.verify(forged), 401, "alg_not_allowed");
    }
  });

  it("refuses an ES256 token that names the RS256 key's kid (key/algorithm mismatch)", async () => {
    const rsa = issuer.keys().find((key) => key.alg === "RS256");
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await issuer.mint(person, { alg: "ES256", kid: rsa?.kid ?? null, key: privateKey });
    await expectIdentityError(verifier.verify(forged), 401, "kid_unknown");
  });

  it("ignores an embedded jwk / jku header: the attacker's own key is never trusted nor fetched", async () => {
    const evil = attacker.keys()[0];
    if (!evil) throw new Error("attacker stand-in has no key");
    const before = attacker.jwksRequests();
    const withOwnKid = await attacker.mint(
      { ...person, iss: issuer.issuer, aud: issuer.audience },
      { header: { jwk: evil.publicJwk, jku: attacker.jwksUri } },
    );
    await expectIdentityError(verifier.verify(withOwnKid), 401, "kid_unknown");
    const realKid = issuer.keys().find((key) => key.alg === "RS256")?.kid ?? null;
    const withRealKid = await attacker.mint(
      { ...person, iss: issuer.issuer, aud: issuer.audience },
      { kid: realKid, key: evil.privateKey, alg: "RS256", header: { jwk: evil.publicJwk, jku: attacker.jwksUri } },
    );
    await expectIdentityError(verifier.verify(withRealKid), 401, "signature_invalid");
    expect(attacker.jwksRequests()).toBe(before);
  });

  it("refuses an unrecognised critical header", async () => {
    const key = issuer.keys()[0];
    if (!key) throw new Error("stand-in has no key");
    const now = nowSeconds();
    const claims = { ...person, iss: issuer.issuer, aud: issuer.audience, iat: now, exp: now + 600 };
    // Control: the same raw signing path with an ordinary header verifies.
    await expect(
      verifier.verify(await issuer.signRaw({ alg: key.alg, kid: key.kid }, claims, key.kid)),
    ).resolves.toMatchObject({ stp: "email" });
    const token = await issuer.signRaw(
      { alg: key.alg, kid: key.kid, crit: ["exp-policy"], "exp-policy": 1 },
      claims,
      key.kid,
    );
    const error = await expectIdentityError(verifier.verify(token), 401, "malformed");
    expect(error.detail).toContain("critical header");
  });

  it("refuses an OAuth access token (typ at+jwt) from the same issuer", async () => {
    const token = await issuer.mint(person, { header: { typ: "at+jwt" } });
    await expectIdentityError(verifier.verify(token), 401, "token_type_not_allowed");
  });
});

describe("authorized party (OpenID Connect Core §3.1.3.7)", () => {
  it("refuses a token issued to another client that lists ours among several audiences (azp names the other client)", async () => {
    const token = await issuer.mint({ ...person, aud: ["attacker-app", issuer.audience], azp: "attacker-app" });
    const error = await expectIdentityError(verifier.verify(token), 401, "authorized_party_mismatch");
    expect(error.detail).toBe('The ID token was issued to another client: its "azp" is not a configured client ID.');
  });

  it("refuses several audiences without an azp", async () => {
    const error = await expectIdentityError(
      verifyPerson({ aud: ["attacker-app", issuer.audience] }),
      401,
      "authorized_party_mismatch",
    );
    expect(error.detail).toContain('several audiences and no "azp"');
  });

  it("checks azp when present with a single audience, and accepts it when it is the client", async () => {
    await expectIdentityError(verifyPerson({ azp: "attacker-app" }), 401, "authorized_party_mismatch");
    await expectIdentityError(verifyPerson({ azp: 42 }), 401, "authorized_party_mismatch");
    await expect(verifyPerson({ azp: issuer.audience })).resolves.toEqual({ sub: "ada@example.com", stp: "email" });
  });

  it("accepts azp naming any configured client", async () => {
    const twoClients = createIdentityVerifier({ issuer: issuer.issuer, audiences: ["mobile-app", issuer.audience] });
    const token = await issuer.mint({ ...person, aud: ["mobile-app", issuer.audience], azp: "mobile-app" });
    await expect(twoClients.verify(token)).resolves.toEqual({ sub: "ada@example.com", stp: "email" });
  });
});

describe("token type: an access token is not an ID token, whatever its header says", () => {
  it('refuses a payload typ other than "ID" (Keycloak: "Bearer" for access tokens, "Refresh" for refresh tokens)', async () => {
    for (const typ of ["Bearer", "Refresh", "bearer", ""]) {
      const error = await expectIdentityError(verifyPerson({ typ }), 401, "token_type_not_allowed");
      expect(error.detail).toContain('"typ"');
    }
    await expect(verifyPerson({ typ: "ID" })).resolves.toEqual({ sub: "ada@example.com", stp: "email" });
  });

  it("refuses a token shaped like an access token (scope and client_id) even with header typ JWT", async () => {
    const token = await issuer.mint(
      { ...person, scope: "openid email", client_id: issuer.audience },
      { header: { typ: "JWT" } },
    );
    const error = await expectIdentityError(verifier.verify(token), 401, "token_type_not_allowed");
    expect(error.detail).toContain('"scope" and "client_id"');
    // One of the two alone is not an access token's shape.
    await expect(verifyPerson({ scope: "openid" })).resolves.toMatchObject({ stp: "email" });
  });

  it('refuses a Cognito access token (token_use "access"), accepts token_use "id"', async () => {
    await expectIdentityError(verifyPerson({ token_use: "access" }), 401, "token_type_not_allowed");
    await expect(verifyPerson({ token_use: "id" })).resolves.toMatchObject({ stp: "email" });
  });
});

describe("tampering", () => {
  it("refuses a tampered payload", async () => {
    const [header, , signature] = (await issuer.mint(person)).split(".");
    const now = nowSeconds();
    const payload = b64url({
      ...person,
      email: "mallory@example.com",
      iss: issuer.issuer,
      aud: issuer.audience,
      iat: now,
      exp: now + 600,
    });
    await expectIdentityError(verifier.verify(`${header}.${payload}.${signature}`), 401, "signature_invalid");
  });

  it("refuses a tampered signature and a stripped signature", async () => {
    const token = await issuer.mint(person);
    const [header, payload, signature = ""] = token.split(".");
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    await expectIdentityError(verifier.verify(`${header}.${payload}.${flipped}`), 401, "signature_invalid");
    await expectIdentityError(verifier.verify(`${header}.${payload}.`), 401, "malformed");
  });

  it("refuses a key from another issuer that reuses the real kid", async () => {
    const realKid = issuer.keys()[0]?.kid ?? null;
    const impostor = await attacker.unpublishedKey("RS256", realKid ?? "x");
    const token = await issuer.mint(person, { kid: realKid, key: impostor.privateKey, alg: "RS256" });
    await expectIdentityError(verifier.verify(token), 401, "signature_invalid");
  });
});

describe("registered claims", () => {
  it("refuses a wrong issuer and a missing issuer", async () => {
    await expectIdentityError(verifyPerson({ iss: "https://evil.example.com" }), 401, "issuer_mismatch");
    await expectIdentityError(verifyPerson({ iss: `${issuer.issuer}/` }), 401, "issuer_mismatch");
    const error = await expectIdentityError(verifyPerson({ iss: undefined }), 401, "claim_missing");
    expect(error.detail).toContain('"iss"');
  });

  it("refuses a wrong audience and accepts an audience array containing the client when azp names it", async () => {
    await expectIdentityError(verifyPerson({ aud: "another-client" }), 401, "audience_mismatch");
    await expectIdentityError(verifyPerson({ aud: ["a", "b"] }), 401, "audience_mismatch");
    await expect(verifyPerson({ aud: ["other", issuer.audience], azp: issuer.audience })).resolves.toEqual({
      sub: "ada@example.com",
      stp: "email",
    });
  });

  it("refuses an expired token, but tolerates 30 s of clock skew", async () => {
    const now = nowSeconds();
    await expectIdentityError(verifyPerson({ iat: now - 100, exp: now - 31 }), 401, "expired");
    await expect(verifyPerson({ iat: now - 100, exp: now - 10 })).resolves.toMatchObject({ stp: "email" });
  });

  it("refuses a token that is not valid yet (nbf or iat in the future)", async () => {
    const now = nowSeconds();
    await expectIdentityError(verifyPerson({ nbf: now + 120 }), 401, "not_yet_valid");
    await expectIdentityError(verifyPerson({ iat: now + 120, exp: now + 900 }), 401, "not_yet_valid");
  });

  it("refuses a token issued too long ago even though it has not expired", async () => {
    const now = nowSeconds();
    const error = await expectIdentityError(verifyPerson({ iat: now - 3700, exp: now + 3600 }), 401, "too_old");
    expect(error.detail).toContain("3600");
  });

  it("requires exp and iat as numbers", async () => {
    await expectIdentityError(verifyPerson({ exp: undefined }), 401, "claim_missing");
    await expectIdentityError(verifyPerson({ iat: undefined }), 401, "claim_missing");
    await expectIdentityError(verifyPerson({ exp: "9999999999" }), 401, "malformed");
  });
});

describe("size and shape", () => {
  it("refuses a token over the size limit before any key lookup", async () => {
    const before = issuer.jwksRequests();
    const token = await issuer.mint({ ...person, padding: "x".repeat(9000) });
    const error = await expectIdentityError(verifier.verify(token), 401, "token_too_large");
    expect(error.detail).toBe("The ID token is larger than 8192 bytes.");
    expect(issuer.jwksRequests()).toBe(before);
  });

  it("refuses malformed tokens with a detail that never echoes the token", async () => {
    for (const token of ["not-a-jwt", "a.b", "a.b.c.d", "e30.e30.e30", "!!!.???.***", `${b64url([1])}.e30.c2ln`]) {
      const error = await expectIdentityError(verifier.verify(token), 401, "malformed");
      expect(error.detail).not.toContain(token);
    }
    await expectIdentityError(verifier.verify(""), 401, "token_missing");
  });
});
