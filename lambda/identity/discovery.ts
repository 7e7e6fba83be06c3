// Finds the issuer's JWKS URL from its OpenID Provider metadata, once per execution
// environment. A failure is remembered for a short cooldown, so that while the issuer is down a
// flood of requests fails fast instead of becoming a flood of discovery fetches; then one
// request tries again.
//
// The issuer controls the discovery document, so its `jwks_uri` is checked before it is fetched
// (discoveredJwksUriProblem): public https only, or the issuer's own origin. Both answers are
// read with a byte cap (boundedBody.ts).
import { readBodyWithin, ResponseTooLargeError } from "./boundedBody.ts";
import { IdentityError } from "./identityError.ts";
import { nonPublicAddress } from "../loopback.ts";

export interface DiscoveryOptions {
  readonly issuer: string;
  readonly discoveryUri: URL;
  readonly timeoutMs: number;
}

function unavailable(discoveryUri: URL, why: string): IdentityError {
  return new IdentityError(
    "jwks_unavailable",
    `The identity provider's discovery document ${discoveryUri.href} ${why}; no signing keys are cached, so tokens cannot be verified.`,
  );
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
    throw unavailable(
      discoveryUri,
      timedOut ? `did not answer within ${timeoutMs} ms` : "could not be fetched (network error)",
    );
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    throw unavailable(discoveryUri, `answered HTTP ${response.status}`);
  }
  let body: Uint8Array;
  try {
    body = await readBodyWithin(response);
  } catch (error) {
    throw unavailable(
      discoveryUri,
      error instanceof ResponseTooLargeError
        ? `is larger than ${error.maxBytes} bytes`
        : "could not be read (network error)",
    );
  }
  let metadata: unknown;
  try {
    metadata = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw unavailable(discoveryUri, "is not JSON");
  }
  if (typeof metadata !== "object" || metadata === null) throw unavailable(discoveryUri, "is not a JSON object");
  const record = metadata as Record<string, unknown>;
  // OIDC Discovery §4.3: the metadata's issuer must be identical to the one we trust.
  if (record["issuer"] !== issuer)
    throw unavailable(discoveryUri, `names a different issuer than the configured ${JSON.stringify(issuer)}`);
  const jwksUri = record["jwks_uri"];
  if (typeof jwksUri !== "string") throw unavailable(discoveryUri, "has no jwks_uri");
  let url: URL;
  try {
    url = new URL(jwksUri);
  } catch {
    throw unavailable(discoveryUri, "has a jwks_uri that is not a URL");
  }
  const problem = discoveredJwksUriProblem(url, discoveryUri);
  if (problem !== undefined) throw unavailable(discoveryUri, `has a jwks_uri that ${problem}`);
  return url;
}

/**
 * Why the signer must not fetch the `jwks_uri` an issuer's discovery document names, or
 * undefined. On the issuer's own origin anything goes (it is as trusted as the configured issuer,
 * which is how the local runner's and the tests' loopback stand-ins work); elsewhere only https on
 * a public address: not loopback, link-local (169.254.169.254, the instance metadata service),
 * private or unspecified, as far as the URL shows (a name resolving to such an address is not
 * seen: lambda/loopback.ts).
 */
export function discoveredJwksUriProblem(jwksUri: URL, discoveryUri: URL): string | undefined {
  if (jwksUri.username !== "" || jwksUri.password !== "") return "carries credentials";
  if (jwksUri.origin === discoveryUri.origin) return undefined;
  if (jwksUri.protocol !== "https:") return "is not https (only the issuer's own origin may use http)";
  const kind = nonPublicAddress(jwksUri.hostname);
  if (kind === undefined) return undefined;
  const article = kind === "unspecified" ? "an" : "a";
  return `points off the public internet: ${jwksUri.hostname} is ${article} ${kind} address`;
}

export interface JwksUriDiscoveryOptions extends DiscoveryOptions {
  /** How long after a failed discovery requests fail fast with the same error, without a fetch. */
  readonly failureCooldownMs: number;
  /** Clock in milliseconds. */
  readonly now: () => number;
}

/**
 * The JWKS URL, discovered on first use and cached for the life of the execution environment.
 * Concurrent callers share one fetch. After a failure, callers within `failureCooldownMs` get a
 * `jwks_unavailable` IdentityError at once; the first caller after it fetches again.
 */
export function createJwksUriDiscovery(options: JwksUriDiscoveryOptions): () => Promise<URL> {
  let found: URL | undefined;
  let pending: Promise<URL> | undefined;
  let failure: { readonly error: IdentityError; readonly at: number } | undefined;

  return () => {
    if (found) return Promise.resolve(found);
    if (pending) return pending;
    if (failure && options.now() - failure.at < options.failureCooldownMs) {
      const seconds = Math.ceil(options.failureCooldownMs / 1000);
      return Promise.reject(
        new IdentityError(
          "jwks_unavailable",
          `${failure.error.detail} Discovery is retried at most every ${seconds} s.`,
        ),
      );
    }
    pending = discoverJwksUri(options)
      .then(
        (url) => {
          found = url;
          failure = undefined;
          return url;
        },
        (error: unknown) => {
          if (error instanceof IdentityError) failure = { error, at: options.now() };
          throw error;
        },
      )
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
