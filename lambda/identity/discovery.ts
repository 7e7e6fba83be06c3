// Finds the issuer's JWKS URL from its OpenID Provider metadata, once per execution
// environment. A failure is not cached: the next request tries again.
import { IdentityError } from "./identityError.ts";
import { isSecureOrLoopback } from "./identityConfig.ts";

export interface DiscoveryOptions {
  readonly issuer: string;
  readonly discoveryUri: URL;
  readonly timeoutMs: number;
}

const maxMetadataBytes = 256 * 1024;

function unavailable(discoveryUri: URL, why: string): IdentityError {
  return new IdentityError("jwks_unavailable", `The identity provider's discovery document ${discoveryUri.href} ${why}; no signing keys are cached, so tokens cannot be verified.`);
}

export async function discoverJwksUri({ issuer, discoveryUri, timeoutMs }: DiscoveryOptions): Promise<URL> {
  let response: Response;
  try {
    response = await fetch(discoveryUri, {
      method: "GET",
      headers: { accept: "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    throw unavailable(discoveryUri, timedOut ? `did not answer within ${timeoutMs} ms` : "could not be fetched (network error)");
  }
  const body = await response.text().catch(() => "");
  if (response.status !== 200) throw unavailable(discoveryUri, `answered HTTP ${response.status}`);
  if (body.length > maxMetadataBytes) throw unavailable(discoveryUri, `is larger than ${maxMetadataBytes} bytes`);
  let metadata: unknown;
  try {
    metadata = JSON.parse(body);
  } catch {
    throw unavailable(discoveryUri, "is not JSON");
  }
  if (typeof metadata !== "object" || metadata === null) throw unavailable(discoveryUri, "is not a JSON object");
  const record = metadata as Record<string, unknown>;
  // OIDC Discovery §4.3: the metadata's issuer must be identical to the one we trust.
  if (record["issuer"] !== issuer) throw unavailable(discoveryUri, `names a different issuer than the configured ${JSON.stringify(issuer)}`);
  const jwksUri = record["jwks_uri"];
  if (typeof jwksUri !== "string") throw unavailable(discoveryUri, "has no jwks_uri");
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    throw unavailable(discoveryUri, "has a jwks_uri that is not a URL");
  }
  if (!isSecureOrLoopback(url)) throw unavailable(discoveryUri, "has a jwks_uri that is not https");
  return url;
}
