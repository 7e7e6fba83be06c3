// Verifies a site's OIDC ID token against its issuer and maps it to a Live Chat identity.
// One verifier per execution environment: it caches the discovered JWKS URL and the keys.
import { createRemoteJWKSet, customFetch, errors, jwtVerify } from "jose";
import type { JWSHeaderParameters, FlattenedJWSInput } from "jose";
import { fetchWithin, ResponseTooLargeError } from "./boundedBody.ts";
import { createJwksUriDiscovery } from "./discovery.ts";
import { IdentityError } from "./identityError.ts";
import { resolveIdentityConfig } from "./identityConfig.ts";
import type { IdentityConfig, ResolvedIdentityConfig } from "./identityConfig.ts";
import { mapClaimsToIdentity } from "./identity.ts";
import type { VerifiedIdentity } from "./identity.ts";
import { identityErrorFromJose } from "./joseErrors.ts";
import { checkTokenPurpose } from "./tokenPurpose.ts";
import { checkTokenShape } from "./tokenShape.ts";

export interface IdentityVerifier {
  /** Resolves to the identity, or rejects with an IdentityError (401, or 503 when keys are unreachable). */
  verify(token: string): Promise<VerifiedIdentity>;
}

type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

// Errors that mean "this token has no key here"; anything else from the key set is the
// issuer being unreachable or serving garbage.
function isTokenKeyError(error: unknown): boolean {
  return (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSENotSupported
  );
}

function keyResolver(config: ResolvedIdentityConfig, jwksUri: URL): KeyResolver {
  const remote = createRemoteJWKSet(jwksUri, {
    cooldownDuration: config.jwksCooldownMs,
    cacheMaxAge: config.jwksCacheMaxAgeMs,
    timeoutDuration: config.timeoutMs,
    // The body is read with a byte cap before jose parses it (jose itself reads it whole).
    [customFetch]: fetchWithin,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (isTokenKeyError(error)) throw error;
      const why =
        error instanceof errors.JWKSTimeout
          ? `did not answer within ${config.timeoutMs} ms`
          : error instanceof ResponseTooLargeError
            ? `is larger than ${error.maxBytes} bytes`
            : error instanceof errors.JWKSInvalid
              ? "is not a valid JWK Set"
              : "could not be fetched";
      throw new IdentityError(
        "jwks_unavailable",
        `The identity provider's JWKS ${jwksUri.href} ${why}, so the token cannot be verified.`,
      );
    }
  };
}

export function createIdentityVerifier(input: IdentityConfig): IdentityVerifier {
  const config = resolveIdentityConfig(input);
  let resolver: KeyResolver | undefined;
  // Concurrent cold requests share one discovery fetch; a failure is retried after a short cooldown.
  const discover = createJwksUriDiscovery({ ...config, failureCooldownMs: config.discoveryCooldownMs });

  const keys = async (): Promise<KeyResolver> => {
    if (resolver) return resolver;
    if (config.jwksUri) return (resolver = keyResolver(config, config.jwksUri));
    const jwksUri = await discover();
    // The first caller to resume creates the key set; concurrent callers reuse it.
    return (resolver ??= keyResolver(config, jwksUri));
  };

  return {
    async verify(token) {
      checkTokenShape(token, config.maxTokenBytes, config.algorithms);
      const resolve = await keys();
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, resolve, {
          issuer: config.issuer,
          audience: [...config.audiences],
          algorithms: [...config.algorithms],
          clockTolerance: config.clockToleranceSeconds,
          maxTokenAge: config.maxTokenAgeSeconds,
          currentDate: new Date(config.now()),
          requiredClaims: ["exp", "iat"],
        }));
      } catch (error) {
        throw identityErrorFromJose(error, config.maxTokenAgeSeconds) ?? error;
      }
      checkTokenPurpose(payload, config.audiences);
      return mapClaimsToIdentity(payload, config);
    },
  };
}
