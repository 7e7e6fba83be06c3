// OIDC identity mode of the signer: the component's `identity` argument, checked at preview with the
// identity core's own rules (lambda/identity/identityConfig.ts, lambda/identity/cors.ts), and turned
// into the Lambda environment the signer reads (lambda/config.ts). No Pulumi or AWS imports.
import { CorsConfigError, validateAllowedOrigins } from "../lambda/identity/cors.ts";
import { defaultIdentityHeader } from "../lambda/identity/extractIdentityToken.ts";
import { identityEnvNames } from "../lambda/contract.ts";
import { IdentityConfigError, resolveIdentityConfig } from "../lambda/identity/identityConfig.ts";
import { identityHeaderProblem, normalizeHeaderName } from "../lambda/identity/identityHeader.ts";
import { isLoopbackHost } from "../lambda/loopback.ts";
import type { SubjectType } from "./enums.ts";
import { ArgsError, show } from "./validation.ts";

/**
 * Sign-in straight from the browser: the request carries the site's own OIDC ID token and the signer
 * takes the customer's identity from its verified claims, never from the request body.
 */
export interface TokenSignerIdentityOptions {
  /**
   * The identity provider's issuer, exactly as the `iss` claim of the site's ID tokens, https only, e.g.
   * `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123`, `https://tenant.eu.auth0.com/`,
   * `https://login.microsoftonline.com/<tenant>/v2.0`.
   */
  issuer: string;
  /** Accepted `aud` values: the site's OIDC client ID(s) at the identity provider. At least one. */
  audiences: string[];
  /** Where the provider publishes its signing keys. Default: `jwks_uri` from `<issuer>/.well-known/openid-configuration`. */
  jwksUri?: string;
  /**
   * Which identifier goes into the Live Chat token: `email` (default; needs `email_verified: true` in the ID
   * token), `msisdn` (the `phone_number` claim; needs `phone_number_verified: true`) or `externalPersonId`.
   */
  subjectType?: SubjectType;
  /** For `subjectType` `externalPersonId` only: the claim holding the person's ID. Default `sub`. */
  subjectClaim?: string;
  /**
   * Claim whose value becomes the Live Chat session ID `sid` (e.g. `sid`); ID tokens without it are then refused.
   * Needed for a browser to end its own session with `DELETE <prefix>/sessions/{sid}`.
   */
  sessionClaim?: string;
  /**
   * Exact origins (`https://www.example.com`, no path, no `*`) allowed to call the signer from a browser (CORS).
   * Required with `publicFunctionUrl`; behind CloudFront the site calls its own origin and may leave it empty.
   */
  allowedOrigins?: string[];
  /**
   * Request header carrying the ID token. Default `x-livechat-identity`: CloudFront's origin access control
   * overwrites `Authorization` with its own signature, so the token needs a header of its own.
   */
  header?: string;
}

/** @deprecated Renamed `TokenSignerIdentityOptions` (a schema type named `…Args` collides with generated SDKs' own `…Args` classes). */
export type TokenSignerIdentityArgs = TokenSignerIdentityOptions;

/** `identity` checked, with defaults applied and origins normalised. */
export interface ResolvedIdentity {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly jwksUri: string | undefined;
  readonly subjectType: string;
  readonly subjectClaim: string | undefined;
  readonly sessionClaim: string | undefined;
  readonly allowedOrigins: readonly string[];
  readonly header: string;
}

// The identity core's messages name the field and what is wrong; these add where to find the right value.
const fixes: Readonly<Record<string, string>> = {
  issuer:
    ' Use the exact "iss" of the site\'s ID tokens, e.g. https://cognito-idp.<region>.amazonaws.com/<user pool ID> or https://<tenant>.auth0.com/.',
  jwksUri: " Leave it unset to use the issuer's discovery document (<issuer>/.well-known/openid-configuration).",
};

function refuseLoopback(value: string | undefined, field: string): void {
  if (value === undefined) return;
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    return; // the identity core reports malformed URLs
  }
  if (isLoopbackHost(host)) {
    throw new ArgsError(
      field,
      `${field} ${show(value)} is a loopback address: the signer runs in AWS Lambda and cannot reach it; use the identity provider's public https:// URL.`,
    );
  }
}

/** `identity.header`: the same rules as the signer applies to `LIVECHAT_IDENTITY_HEADER`, plus `authorization` behind CloudFront. */
export function validateIdentityHeader(header: string, field: string, behindCloudFront: boolean): string {
  const name = typeof header === "string" ? normalizeHeaderName(header) : "";
  const headerProblem = identityHeaderProblem(name);
  if (headerProblem === "not-a-field-name") {
    throw new ArgsError(
      field,
      `${field} ${show(header)} is not an HTTP header name: use 1–64 letters, digits or "-"; the default is ${defaultIdentityHeader}.`,
    );
  }
  if (headerProblem === "reserved") {
    throw new ArgsError(
      field,
      `${field} is ${show(name)}, a header that browsers, CloudFront or AWS set themselves: use a custom name such as ${defaultIdentityHeader} (the default).`,
    );
  }
  if (behindCloudFront && name === "authorization") {
    throw new ArgsError(
      field,
      `${field} is "authorization", which CloudFront's origin access control overwrites with its own signature: use a custom name such as ${defaultIdentityHeader} (the default).`,
    );
  }
  return name;
}

/**
 * Checks `identity` with the identity core's rules and throws an `ArgsError` naming `<prefix>identity.<field>`.
 * `behindCloudFront`: the signer sits behind CloudFront with origin access control.
 */
export function resolveIdentityArgs(
  identity: TokenSignerIdentityOptions,
  prefix = "",
  behindCloudFront = true,
): ResolvedIdentity {
  const base = `${prefix}identity`;
  if (typeof identity !== "object" || identity === null || Array.isArray(identity)) {
    throw new ArgsError(base, `${base} must be an object such as { issuer: "https://…", audiences: ["<client ID>"] }.`);
  }
  let subjectType: string;
  try {
    subjectType = resolveIdentityConfig({
      issuer: identity.issuer,
      audiences: identity.audiences,
      ...(identity.jwksUri === undefined ? {} : { jwksUri: identity.jwksUri }),
      ...(identity.subjectType === undefined ? {} : { subjectType: identity.subjectType }),
      ...(identity.subjectClaim === undefined ? {} : { subjectClaim: identity.subjectClaim }),
      ...(identity.sessionClaim === undefined ? {} : { sessionClaim: identity.sessionClaim }),
    }).subjectType;
  } catch (error) {
    if (!(error instanceof IdentityConfigError)) throw error;
    throw new ArgsError(`${base}.${error.field}`, `${base}.${error.field} ${error.detail}${fixes[error.field] ?? ""}`);
  }
  refuseLoopback(identity.issuer, `${base}.issuer`);
  refuseLoopback(identity.jwksUri, `${base}.jwksUri`);
  // The signer receives the audiences comma-separated and trims each entry.
  for (const audience of identity.audiences) {
    if (audience.includes(",") || audience.trim() !== audience) {
      throw new ArgsError(
        `${base}.audiences`,
        `${base}.audiences entry ${show(audience)} contains a comma or surrounding spaces: the signer receives the list comma-separated ` +
          `(${identityEnvNames.audiences}); give each client ID exactly as the provider shows it.`,
      );
    }
  }
  let allowedOrigins: string[] = [];
  if (
    identity.allowedOrigins !== undefined &&
    (!Array.isArray(identity.allowedOrigins) || identity.allowedOrigins.length > 0)
  ) {
    try {
      allowedOrigins = validateAllowedOrigins(identity.allowedOrigins);
    } catch (error) {
      if (!(error instanceof CorsConfigError)) throw error;
      throw new ArgsError(`${base}.${error.field}`, `${base}.${error.field} ${error.detail}`);
    }
  }
  return {
    issuer: identity.issuer,
    audiences: [...identity.audiences],
    jwksUri: identity.jwksUri,
    subjectType,
    subjectClaim: identity.subjectClaim,
    sessionClaim: identity.sessionClaim,
    allowedOrigins,
    header: validateIdentityHeader(identity.header ?? defaultIdentityHeader, `${base}.header`, behindCloudFront),
  };
}

/** The Lambda environment for identity mode: the contract of lambda/config.ts `readIdentitySettings`. */
export function identityEnvironment(identity: ResolvedIdentity): Record<string, string> {
  const env: Record<string, string> = {
    [identityEnvNames.issuer]: identity.issuer,
    [identityEnvNames.audiences]: identity.audiences.join(","),
    [identityEnvNames.subjectType]: identity.subjectType,
    [identityEnvNames.headerName]: identity.header,
  };
  if (identity.jwksUri !== undefined) env[identityEnvNames.jwksUri] = identity.jwksUri;
  if (identity.subjectClaim !== undefined) env[identityEnvNames.subjectClaim] = identity.subjectClaim;
  if (identity.sessionClaim !== undefined) env[identityEnvNames.sessionClaim] = identity.sessionClaim;
  if (identity.allowedOrigins.length > 0) env[identityEnvNames.allowedOrigins] = identity.allowedOrigins.join(",");
  return env;
}
