// Validation and defaults for the OIDC identity mode. Thrown at start-up, so a bad deploy
// setting fails loudly instead of letting tokens through or locking everyone out silently.
import type { SubjectType } from "./identity.ts";
import { SignerRuntimeError } from "../errors.ts";
import { isSecureOrLoopback } from "../loopback.ts";
import { subjectTypes } from "../token/identifierRules.ts";

export interface IdentityConfig {
  /** The issuer exactly as it appears in the `iss` claim, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC` or `https://tenant.auth0.com/`. */
  readonly issuer: string;
  /** Accepted `aud` values: the site's OIDC client IDs. */
  readonly audiences: readonly string[];
  /** JWKS location; default: `jwks_uri` from `${issuer}/.well-known/openid-configuration`. */
  readonly jwksUri?: string;
  readonly subjectType?: SubjectType;
  /** For `externalPersonId`: the claim holding the person's ID (default `sub`). */
  readonly subjectClaim?: string;
  /** Claim whose value becomes the Live Chat `sid` (e.g. `sid`); when set, tokens without it are refused. */
  readonly sessionClaim?: string;
  /** Allowed JWS algorithms; asymmetric only. Default RS256, PS256, ES256, EdDSA. */
  readonly algorithms?: readonly string[];
  readonly clockToleranceSeconds?: number;
  /** Largest accepted age of the token's `iat`. Default 3600. */
  readonly maxTokenAgeSeconds?: number;
  readonly maxTokenBytes?: number;
  /** Minimum time between JWKS refetches caused by an unknown `kid`. Default 30 000. */
  readonly jwksCooldownMs?: number;
  /** How long a fetched JWKS is used before it is refetched. Default 600 000. */
  readonly jwksCacheMaxAgeMs?: number;
  /** Timeout of each discovery or JWKS request. Default 5000. */
  readonly timeoutMs?: number;
  /** After a failed discovery, requests fail fast (503) without fetching it again for this long. Default 5000. */
  readonly discoveryCooldownMs?: number;
  /** Current time in milliseconds, for claim checks and the discovery cooldown. Default `Date.now`. */
  readonly now?: () => number;
}

export interface ResolvedIdentityConfig {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly jwksUri: URL | undefined;
  readonly discoveryUri: URL;
  readonly subjectType: SubjectType;
  readonly subjectClaim: string;
  readonly sessionClaim: string | undefined;
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number;
  readonly maxTokenBytes: number;
  readonly jwksCooldownMs: number;
  readonly jwksCacheMaxAgeMs: number;
  readonly timeoutMs: number;
  readonly discoveryCooldownMs: number;
  readonly now: () => number;
}

/**
 * An identity setting that cannot work. `field` names it (`issuer`, `audiences`, …) and `detail`
 * says what is wrong, so each surface can name the setting its own way: `identity.issuer` for the
 * component's arguments, `LIVECHAT_IDENTITY_ISSUER` for the Lambda's environment.
 */
export class IdentityConfigError extends SignerRuntimeError<"identity_setting_invalid"> {
  override readonly name = "IdentityConfigError";
  readonly field: string;
  readonly detail: string;
  constructor(field: string, detail: string) {
    super("identity_setting_invalid", `identity.${field} ${detail}`);
    this.field = field;
    this.detail = detail;
  }
}

export const asymmetricAlgorithms = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
] as const;
export const defaultAlgorithms = ["RS256", "PS256", "ES256", "EdDSA"] as const;
const claimName = /^[\x21-\x7e]{1,64}$/;

function parseHttpsUrl(field: string, value: unknown): URL {
  if (typeof value !== "string" || value.length === 0)
    throw new IdentityConfigError(field, `must be a non-empty URL string.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IdentityConfigError(field, `is not a valid URL: ${JSON.stringify(value)}.`);
  }
  if (!isSecureOrLoopback(url))
    throw new IdentityConfigError(field, `must use https:// (got ${JSON.stringify(value)}).`);
  if (url.username || url.password) throw new IdentityConfigError(field, `must not contain credentials.`);
  if (url.search || url.hash)
    throw new IdentityConfigError(field, `must not have a query or fragment (got ${JSON.stringify(value)}).`);
  return url;
}

function nonNegativeInteger(field: string, value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new IdentityConfigError(field, `must be a whole number from 0 to ${max}; got ${String(value)}.`);
  }
  return value;
}

export function resolveIdentityConfig(config: IdentityConfig): ResolvedIdentityConfig {
  parseHttpsUrl("issuer", config.issuer);
  // OIDC Discovery §4: append the well-known path to the issuer with any trailing slash removed.
  const discoveryUri = new URL(`${config.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`);

  if (!Array.isArray(config.audiences) || config.audiences.length === 0) {
    throw new IdentityConfigError("audiences", "must list at least one client ID (the `aud` of the site's ID tokens).");
  }
  for (const audience of config.audiences) {
    if (
      typeof audience !== "string" ||
      audience.length === 0 ||
      audience.length > 255 ||
      /[\u0000-\u001f\u007f]/.test(audience)
    ) {
      throw new IdentityConfigError(
        "audiences",
        "entries must be non-empty strings of at most 255 characters without control characters.",
      );
    }
  }

  const algorithms = config.algorithms ?? defaultAlgorithms;
  if (!Array.isArray(algorithms) || algorithms.length === 0)
    throw new IdentityConfigError("algorithms", "must list at least one algorithm.");
  for (const alg of algorithms) {
    if (!(asymmetricAlgorithms as readonly string[]).includes(alg)) {
      throw new IdentityConfigError(
        "algorithms",
        `contains ${JSON.stringify(alg)}; only asymmetric algorithms are allowed (${asymmetricAlgorithms.join(", ")}). ` +
          "HS* would let anyone holding the issuer's public key mint tokens, and none is unsigned.",
      );
    }
  }

  const subjectType = config.subjectType ?? "email";
  if (!(subjectTypes as readonly string[]).includes(subjectType)) {
    throw new IdentityConfigError(
      "subjectType",
      `must be one of ${subjectTypes.join(", ")}; got ${JSON.stringify(subjectType)}.`,
    );
  }
  const subjectClaim = config.subjectClaim ?? "sub";
  if (!claimName.test(subjectClaim))
    throw new IdentityConfigError("subjectClaim", "must be a claim name of 1–64 visible ASCII characters.");
  if (config.subjectClaim !== undefined && subjectType !== "externalPersonId") {
    throw new IdentityConfigError(
      "subjectClaim",
      `only applies to subjectType "externalPersonId" (subjectType is ${JSON.stringify(subjectType)}).`,
    );
  }
  if (config.sessionClaim !== undefined && !claimName.test(config.sessionClaim)) {
    throw new IdentityConfigError("sessionClaim", "must be a claim name of 1–64 visible ASCII characters.");
  }

  return {
    issuer: config.issuer,
    audiences: [...config.audiences],
    jwksUri: config.jwksUri === undefined ? undefined : parseHttpsUrl("jwksUri", config.jwksUri),
    discoveryUri,
    subjectType,
    subjectClaim,
    sessionClaim: config.sessionClaim,
    algorithms: [...algorithms],
    clockToleranceSeconds: nonNegativeInteger("clockToleranceSeconds", config.clockToleranceSeconds, 30, 300),
    maxTokenAgeSeconds: nonNegativeInteger("maxTokenAgeSeconds", config.maxTokenAgeSeconds, 3600, 7 * 86400),
    maxTokenBytes: nonNegativeInteger("maxTokenBytes", config.maxTokenBytes, 8192, 65536),
    jwksCooldownMs: nonNegativeInteger("jwksCooldownMs", config.jwksCooldownMs, 30_000, 86_400_000),
    jwksCacheMaxAgeMs: nonNegativeInteger("jwksCacheMaxAgeMs", config.jwksCacheMaxAgeMs, 600_000, 86_400_000),
    timeoutMs: nonNegativeInteger("timeoutMs", config.timeoutMs, 5000, 60_000),
    discoveryCooldownMs: nonNegativeInteger("discoveryCooldownMs", config.discoveryCooldownMs, 5000, 300_000),
    now: config.now ?? Date.now,
  };
}
