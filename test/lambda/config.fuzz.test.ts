// Property-based fuzzing of the signer's environment reader: arbitrary values for every variable
// it reads give either a consistent configuration or a ConfigError naming a variable, never
// another exception.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  defaults,
  envNames,
  identityEnvNames,
  readConfig,
  routingEnvNames,
  sessionEnvNames,
} from "../../lambda/config.ts";
import type { SignerConfig } from "../../lambda/config.ts";

const allNames = [
  ...Object.values(envNames),
  ...Object.values(identityEnvNames),
  ...Object.values(sessionEnvNames),
  ...Object.values(routingEnvNames),
];
const integerNames = new Set<string>([
  envNames.ttlSeconds,
  envNames.maxTtlSeconds,
  envNames.cacheSeconds,
  envNames.staleSeconds,
  envNames.timeoutMs,
]);

// Plausible values per variable, so that valid configurations are common enough to check too.
const plausible: Readonly<Record<string, fc.Arbitrary<string>>> = {
  [envNames.widgetId]: fc.oneof(fc.uuid(), fc.constant("e7de374f-e590-4429-ae2d-54be7e90a356")),
  [envNames.secretId]: fc.constantFrom(
    "livechat/prod/key",
    "arn:aws:secretsmanager:eu-central-1:123456789012:secret:livechat-AbCdEf",
  ),
  [identityEnvNames.issuer]: fc.oneof(
    fc.constantFrom("https://login.example.com/tenant/", "http://127.0.0.1:9000", "http://example.com"),
    fc.webUrl(),
  ),
  [identityEnvNames.audiences]: fc
    .array(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { minLength: 1, maxLength: 3 })
    .map((a) => a.join(",")),
  [identityEnvNames.jwksUri]: fc.oneof(
    fc.constant("https://login.example.com/keys"),
    fc.webUrl({ withQueryParameters: true }),
  ),
  [identityEnvNames.subjectType]: fc.constantFrom("email", "msisdn", "externalPersonId", "Email", "phone"),
  [identityEnvNames.subjectClaim]: fc.constantFrom("sub", "oid", "custom:id", "with space"),
  [identityEnvNames.sessionClaim]: fc.constantFrom("sid", "session_state", "a\u00e9"),
  [identityEnvNames.headerName]: fc.constantFrom(
    "x-livechat-identity",
    "X-Custom",
    "authorization",
    "host",
    "x-amz-date",
    "sec-x",
    "bad header",
  ),
  [identityEnvNames.allowedOrigins]: fc.constantFrom(
    "https://www.example.com",
    "https://a.example,https://b.example",
    "http://localhost:3000",
    "*",
    "null",
    "https://x.example/path",
    "https://a,,https://b",
  ),
  [sessionEnvNames.apiSecretId]: fc.constant("livechat/prod/infobip-api"),
  [routingEnvNames.pathPrefix]: fc.constantFrom("/livechat", "/LiveChat", "/", "livechat", "/a/b", "/chat-1"),
};

const numberText = fc.oneof(
  fc.integer({ min: -10, max: 100_000 }).map(String),
  fc.constantFrom(
    "0",
    "10",
    "15",
    "60",
    "86400",
    "86401",
    "9".repeat(15),
    "9".repeat(16),
    "1e3",
    "0x10",
    "1.5",
    "+5",
    "-1",
    "٣",
    "１０",
    "Infinity",
    "NaN",
  ),
);
const noise = fc.oneof(
  fc.constantFrom("", " ", "\t", "\n", "\u00a0", "\u2028", "\u0000", "x\u0085y"),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.string({ unit: fc.constantFrom("a", " ", ",", "/", "\u0001", "é"), minLength: 2000, maxLength: 2100 }),
);

function valueFor(name: string): fc.Arbitrary<string> {
  const good = integerNames.has(name) ? numberText : (plausible[name] ?? fc.string({ maxLength: 20 }));
  return fc.oneof(
    { weight: 6, arbitrary: good },
    { weight: 1, arbitrary: fc.tuple(good, fc.constantFrom(" ", "\t", "\n")).map(([v, ws]) => ws + v) },
    { weight: 1, arbitrary: fc.tuple(good, fc.constantFrom(" ", "\r\n")).map(([v, ws]) => v + ws) },
    { weight: 2, arbitrary: noise },
  );
}

const requiredNames = [envNames.widgetId, envNames.secretId];
const env = fc
  .record(Object.fromEntries(allNames.map((name) => [name, valueFor(name)])) as Record<string, fc.Arbitrary<string>>, {
    requiredKeys: [],
  })
  .chain((partial) =>
    // Usually keep the two required variables, so the later checks are reached.
    fc
      .record(
        Object.fromEntries(requiredNames.map((name) => [name, valueFor(name)])) as Record<string, fc.Arbitrary<string>>,
      )
      .map((required) => ({ ...required, ...partial })),
  );
const envMaybeWithoutRequired = fc.oneof(
  { weight: 4, arbitrary: env },
  { weight: 1, arbitrary: env.map((e) => ({ ...e, [envNames.widgetId]: undefined })) },
);

function expectConsistent(config: SignerConfig, input: Readonly<Record<string, string | undefined>>): void {
  expect(config.widgetId).toBe(input[envNames.widgetId]);
  expect(config.secretId).toBe(input[envNames.secretId]);
  expect(Number.isSafeInteger(config.defaultTtlSeconds)).toBe(true);
  expect(config.defaultTtlSeconds).toBeGreaterThanOrEqual(defaults.minTtlSeconds);
  expect(config.maxTtlSeconds).toBeGreaterThanOrEqual(config.defaultTtlSeconds);
  expect(config.maxTtlSeconds).toBeLessThanOrEqual(defaults.ttlCeilingSeconds);
  expect(config.cacheSeconds).toBeGreaterThanOrEqual(1);
  expect(config.staleSeconds).toBeGreaterThanOrEqual(0);
  expect(config.timeoutMs).toBeGreaterThanOrEqual(50);
  expect(config.timeoutMs).toBeLessThanOrEqual(60_000);
  for (const name of integerNames) {
    const raw = input[name];
    if (raw !== undefined && raw !== "") expect(raw).toMatch(/^\d+$/);
  }
  if (config.pathPrefix !== undefined) expect(config.pathPrefix).toMatch(/^\/[a-z0-9-]+$/);
  const identity = config.identity;
  expect(identity === undefined).toBe((input[identityEnvNames.issuer] ?? "") === "");
  if (identity !== undefined) {
    expect(identity.issuer).toBe(input[identityEnvNames.issuer]);
    expect(identity.audiences.length).toBeGreaterThan(0);
    expect(["email", "msisdn", "externalPersonId"]).toContain(identity.subjectType);
    expect(identity.headerName).toMatch(/^[!#$%&'*+.^_`|~0-9a-z-]{1,64}$/);
  }
}

describe("readConfig (fast-check)", () => {
  it("arbitrary environments: a consistent config or a ConfigError naming a variable, never another exception", () => {
    fc.assert(
      fc.property(envMaybeWithoutRequired, (input) => {
        let config: SignerConfig;
        try {
          config = readConfig(input);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          const named = (error as ConfigError).message.match(/\b(?:LIVECHAT|AWS)_[A-Z_]+\b/g) ?? [];
          expect(named.some((name) => allNames.includes(name as (typeof allNames)[number]))).toBe(true);
          expect(allNames).toContain((error as ConfigError).field);
          return;
        }
        expectConsistent(config, input);
      }),
      { numRuns: 1000 },
    );
  });

  it("arbitrary values of one variable on an otherwise valid environment: only that variable is blamed", () => {
    const base = {
      [envNames.widgetId]: "e7de374f-e590-4429-ae2d-54be7e90a356",
      [envNames.secretId]: "livechat/prod/key",
    };
    const oneVariable = fc.constantFrom(
      ...allNames.filter((name) => !name.startsWith("LIVECHAT_IDENTITY_") && name !== identityEnvNames.allowedOrigins),
    );
    fc.assert(
      fc.property(
        oneVariable.chain((name) => fc.tuple(fc.constant(name), valueFor(name))),
        ([name, value]) => {
          const input = { ...base, [name]: value };
          let config: SignerConfig;
          try {
            config = readConfig(input);
          } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
            expect((error as ConfigError).message.startsWith(name)).toBe(true);
            expect((error as ConfigError).field).toBe(name);
            return;
          }
          expectConsistent(config, input);
        },
      ),
      { numRuns: 500 },
    );
  });
});
