// JWKS fetching: discovery once, one refetch per unknown kid then a cooldown, key rotation,
// and failing closed (503) when the issuer is unreachable with nothing cached.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createIdentityVerifier } from "../../lambda/identity/identityVerifier.ts";
import { startOidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import type { OidcIssuerStandIn } from "../support/oidcIssuerStandIn.ts";
import { expectIdentityError } from "./expectIdentityError.ts";

const person = { sub: "user-1", email: "ada@example.com", email_verified: true };
const cooldownMs = 30_000;
/** The default failure cooldown of discovery. */
const discoveryCooldownMs = 5_000;

let issuer: OidcIssuerStandIn;
beforeAll(async () => {
  issuer = await startOidcIssuerStandIn();
});
afterAll(async () => {
  await issuer.close();
});
afterEach(() => {
  vi.useRealTimers();
  issuer.setDiscoveryMode("up");
  issuer.setJwksMode("up");
});

const newVerifier = (extra: Partial<Parameters<typeof createIdentityVerifier>[0]> = {}) =>
  createIdentityVerifier({ issuer: issuer.issuer, audiences: [issuer.audience], jwksCooldownMs: cooldownMs, ...extra });

describe("discovery and caching", () => {
  it("discovers the JWKS once and shares one fetch among concurrent cold requests", async () => {
    const discovery = issuer.discoveryRequests();
    const jwks = issuer.jwksRequests();
    const verifier = newVerifier();
    const token = await issuer.mint(person);
    const results = await Promise.all(Array.from({ length: 5 }, () => verifier.verify(token)));
    expect(results).toEqual(Array.from({ length: 5 }, () => ({ sub: "ada@example.com", stp: "email" })));
    await verifier.verify(token);
    expect(issuer.discoveryRequests() - discovery).toBe(1);
    expect(issuer.jwksRequests() - jwks).toBe(1);
  });

  it("uses an explicit jwksUri without discovery", async () => {
    const discovery = issuer.discoveryRequests();
    const verifier = newVerifier({ jwksUri: issuer.jwksUri });
    expect(await verifier.verify(await issuer.mint(person))).toEqual({ sub: "ada@example.com", stp: "email" });
    expect(issuer.discoveryRequests()).toBe(discovery);
  });
});

describe("unknown kid and key rotation", () => {
  it("refetches the JWKS exactly once for an unknown kid, then not again within the cooldown", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const verifier = newVerifier();
    await verifier.verify(await issuer.mint(person));
    const afterWarmUp = issuer.jwksRequests();

    vi.setSystemTime(Date.now() + cooldownMs + 1000);
    const stranger1 = await issuer.unpublishedKey("RS256", "not-in-jwks-1");
    const error = await expectIdentityError(
      verifier.verify(await issuer.mint(person, { kid: stranger1.kid, key: stranger1.privateKey })),
      401,
      "kid_unknown",
    );
    expect(error.detail).toContain('"kid"');
    expect(issuer.jwksRequests() - afterWarmUp).toBe(1);

    const stranger2 = await issuer.unpublishedKey("RS256", "not-in-jwks-2");
    await expectIdentityError(
      verifier.verify(await issuer.mint(person, { kid: stranger2.kid, key: stranger2.privateKey })),
      401,
      "kid_unknown",
    );
    expect(issuer.jwksRequests() - afterWarmUp).toBe(1);
  });

  it("picks up a rotated-in key after the cooldown, and stops accepting a retired key after the cache age", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const verifier = newVerifier({ jwksCacheMaxAgeMs: 120_000 });
    const oldKid = issuer.keys().at(-1)?.kid ?? null;
    await verifier.verify(await issuer.mint(person, { kid: oldKid }));
    const start = issuer.jwksRequests();

    const rotated = await issuer.addKey("ES256", "rotated-in");
    // Within the cooldown the new kid is not fetched yet.
    await expectIdentityError(verifier.verify(await issuer.mint(person, { kid: rotated.kid })), 401, "kid_unknown");
    expect(issuer.jwksRequests() - start).toBe(0);

    vi.setSystemTime(Date.now() + cooldownMs + 1000);
    const token = await issuer.mint(person, { kid: rotated.kid });
    expect(await verifier.verify(token)).toEqual({ sub: "ada@example.com", stp: "email" });
    expect(issuer.jwksRequests() - start).toBe(1);

    if (oldKid) issuer.removeKey(oldKid);
    vi.setSystemTime(Date.now() + 121_000);
    const oldToken = await issuer.mint(person, { kid: oldKid, key: (await issuer.unpublishedKey()).privateKey });
    await expectIdentityError(verifier.verify(oldToken), 401, "kid_unknown");
    expect(await verifier.verify(await issuer.mint(person, { kid: rotated.kid }))).toMatchObject({ stp: "email" });
    expect(issuer.jwksRequests() - start).toBe(2);
  });
});

describe("issuer outages fail closed", () => {
  it("answers 503 when the JWKS endpoint errors and nothing is cached", async () => {
    issuer.setJwksMode("error");
    const error = await expectIdentityError(newVerifier().verify(await issuer.mint(person)), 503, "jwks_unavailable");
    expect(error.detail).toContain("/jwks.json");
  });

  it("answers 503 when the JWKS endpoint hangs past the timeout", async () => {
    issuer.setJwksMode("hang");
    await expectIdentityError(
      newVerifier({ timeoutMs: 200 }).verify(await issuer.mint(person)),
      503,
      "jwks_unavailable",
    );
  });

  it("answers 503 when discovery fails, and recovers once the issuer is back (after the failure cooldown)", async () => {
    let clock = Date.now();
    issuer.setDiscoveryMode("error");
    const verifier = newVerifier({ now: () => clock });
    const token = await issuer.mint(person);
    await expectIdentityError(verifier.verify(token), 503, "jwks_unavailable");
    issuer.setDiscoveryMode("hang");
    await expectIdentityError(newVerifier({ timeoutMs: 200 }).verify(token), 503, "jwks_unavailable");
    issuer.setDiscoveryMode("up");
    clock += discoveryCooldownMs;
    expect(await verifier.verify(token)).toEqual({ sub: "ada@example.com", stp: "email" });
  });

  it("answers 503 when discovery names another issuer (OIDC Discovery §4.3)", async () => {
    const verifier = createIdentityVerifier({ issuer: `${issuer.issuer}/`, audiences: [issuer.audience] });
    const error = await expectIdentityError(
      verifier.verify(await issuer.mint({ ...person, iss: `${issuer.issuer}/` })),
      503,
      "jwks_unavailable",
    );
    expect(error.detail).toContain("different issuer");
  });

  it("keeps verifying with cached keys while the JWKS endpoint is down", async () => {
    const verifier = newVerifier();
    const token = await issuer.mint(person);
    await verifier.verify(token);
    issuer.setJwksMode("error");
    expect(await verifier.verify(token)).toEqual({ sub: "ada@example.com", stp: "email" });
  });

  it("answers 503 when the issuer is not listening at all", async () => {
    const gone = await startOidcIssuerStandIn();
    const token = await gone.mint(person);
    await gone.close();
    const verifier = createIdentityVerifier({ issuer: gone.issuer, audiences: [gone.audience] });
    await expectIdentityError(verifier.verify(token), 503, "jwks_unavailable");
  });
});

describe("discovery failure cooldown", () => {
  it("while discovery is down, a flood of requests causes one fetch per cooldown, each failing 503; once it is back, the verifier recovers", async () => {
    let clock = Date.now();
    const verifier = newVerifier({ now: () => clock });
    const token = await issuer.mint(person);
    const start = issuer.discoveryRequests();
    const fetches = () => issuer.discoveryRequests() - start;
    const flood = async (n: number) => {
      for (let i = 0; i < n; i++) await expectIdentityError(verifier.verify(token), 503, "jwks_unavailable");
    };
    issuer.setDiscoveryMode("error");

    // 20 concurrent cold requests share one fetch; 30 more in a row are answered from the cooldown.
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => expectIdentityError(verifier.verify(token), 503, "jwks_unavailable")),
    );
    expect(fetches()).toBe(1);
    await flood(30);
    expect(fetches()).toBe(1);
    const cooled = await expectIdentityError(verifier.verify(token), 503, "jwks_unavailable");
    expect(cooled.detail).toBe(`${burst[0]?.detail ?? ""} Discovery is retried at most every 5 s.`);
    expect(cooled.detail).toContain("answered HTTP 500");

    clock += discoveryCooldownMs - 1;
    await flood(5);
    expect(fetches()).toBe(1);

    // After the cooldown exactly one request fetches again (still down), and a new cooldown starts.
    clock += 1;
    await flood(10);
    expect(fetches()).toBe(2);

    // Back up: within the cooldown still 503 without a fetch; after it, one fetch and tokens verify.
    issuer.setDiscoveryMode("up");
    await flood(3);
    expect(fetches()).toBe(2);
    clock += discoveryCooldownMs;
    const results = await Promise.all(Array.from({ length: 10 }, () => verifier.verify(token)));
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ sub: "ada@example.com", stp: "email" })));
    expect(fetches()).toBe(3);

    // Success is cached for good: a later outage of discovery does not matter.
    issuer.setDiscoveryMode("error");
    clock += 60_000;
    expect(await verifier.verify(token)).toEqual({ sub: "ada@example.com", stp: "email" });
    expect(fetches()).toBe(3);
  });

  it("a configured cooldown of 0 retries discovery on every request", async () => {
    const verifier = newVerifier({ discoveryCooldownMs: 0 });
    const token = await issuer.mint(person);
    issuer.setDiscoveryMode("error");
    const start = issuer.discoveryRequests();
    for (let i = 0; i < 3; i++) await expectIdentityError(verifier.verify(token), 503, "jwks_unavailable");
    expect(issuer.discoveryRequests() - start).toBe(3);
  });

  it("an explicit jwksUri never touches discovery, even while it is down", async () => {
    issuer.setDiscoveryMode("error");
    const start = issuer.discoveryRequests();
    const verifier = newVerifier({ jwksUri: issuer.jwksUri });
    expect(await verifier.verify(await issuer.mint(person))).toEqual({ sub: "ada@example.com", stp: "email" });
    expect(issuer.discoveryRequests()).toBe(start);
  });
});
