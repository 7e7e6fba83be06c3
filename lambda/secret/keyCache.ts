// Caches the signing key per execution environment: one load per cache period, one shared
// in-flight load for concurrent callers, stale-on-error for a bounded time, and fail-fast
// (KeyUnavailableError → 503) when nothing usable is cached.
import { SignerRuntimeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { SigningKey } from "../token/signingKey.ts";
import { createSecretCache, type SecretCacheObserver, SecretUnavailableError } from "./secretCache.ts";

/** Anything that yields the current signing key. */
export interface KeySource {
  (): Promise<SigningKey>;
  /**
   * The key if it is at hand without a network call (cached, or a static key), else undefined;
   * never loads from Secrets Manager. The signer uses it to pseudonymise identifiers in log lines
   * written without signing (refusals, session calls). Without `peek` those lines carry no hash.
   */
  readonly peek?: () => SigningKey | undefined | Promise<SigningKey | undefined>;
}

/** No usable signing key: the handler answers 503 with `Retry-After: retryAfterSeconds`. */
export class KeyUnavailableError extends SecretUnavailableError {
  override readonly name: string = "KeyUnavailableError";
  constructor(message: string, retryAfterSeconds: number, cause?: unknown) {
    super(message, retryAfterSeconds, cause, "key_unavailable");
  }
}

export interface KeyCacheOptions {
  /** Loads the key afresh (fetch, parse, import). Called at most once at a time. */
  readonly load: KeySource;
  /** A loaded key is used without reloading for this long. */
  readonly cacheMs: number;
  /** Once the cache period is over and reloading fails, the old key stays usable this much longer. */
  readonly staleMs: number;
  /** After a failed load, no new load is tried for this long (callers get the stale key or a fast 503). Default 1000. */
  readonly retryMs?: number;
  /** Clock in milliseconds; default `Date.now`. */
  readonly now?: () => number;
  readonly log?: Logger;
  /** Reports loads and stale keys served (the signer's SecretsManagerCalls and StaleKeyServed metrics). */
  readonly observe?: SecretCacheObserver;
}

/**
 * Safe description of a load failure for logs. The signer's own errors (Secrets Manager's, and the
 * parsers' SecretFormatError and ApiSecretError) carry no secret material, so their code and message
 * are logged; anything else by name only.
 */
export function describeLoadError(error: unknown): { errorName: string; errorCode?: string; errorMessage?: string } {
  if (error instanceof SignerRuntimeError)
    return { errorName: error.name, errorCode: error.code, errorMessage: error.message };
  return { errorName: error instanceof Error ? error.name : typeof error };
}

export function createKeyCache(options: KeyCacheOptions): KeySource {
  return createSecretCache<SigningKey>({
    ...options,
    eventPrefix: "secret",
    describe: (key) => ({ ski: key.id }),
    describeError: describeLoadError,
    unavailable: (retryAfterSeconds, cause) =>
      new KeyUnavailableError(
        "The signing key could not be loaded and no cached key is usable.",
        retryAfterSeconds,
        cause,
      ),
  });
}
