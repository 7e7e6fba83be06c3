// Caches one value loaded from a secret, per execution environment: one load per cache period,
// one shared in-flight load for concurrent callers, stale-on-error for a bounded time, and
// fail-fast when nothing usable is cached. The signing key (keyCache.ts) and the Infobip API
// secret both go through it, so both follow the same cache and stale rules.
import { type ErrorCode, SignerRuntimeError } from "../errors.ts";
import type { LogFields, Logger } from "../log.ts";

/** Nothing usable is cached and loading failed: callers answer 503 with `Retry-After: retryAfterSeconds`. */
export class SecretUnavailableError extends SignerRuntimeError<
  ErrorCode<"SecretUnavailableError" | "KeyUnavailableError">
> {
  override readonly name: string = "SecretUnavailableError";
  readonly retryAfterSeconds: number;
  constructor(
    message: string,
    retryAfterSeconds: number,
    cause?: unknown,
    code: SecretUnavailableError["code"] = "secret_unavailable",
  ) {
    super(code, message, cause === undefined ? undefined : { cause });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** What the cache reports as it works, for metrics. */
export interface SecretCacheObserver {
  /** A load started: one call to the secret's source (Secrets Manager). */
  readonly loadStarted?: () => void;
  /** A caller got the value past its cache period because reloading it failed. */
  readonly staleServed?: () => void;
}

export interface SecretCacheOptions<T> {
  /** Loads the value afresh (fetch, parse, import). Called at most once at a time. */
  readonly load: () => Promise<T>;
  /** A loaded value is used without reloading for this long. */
  readonly cacheMs: number;
  /** Once the cache period is over and reloading fails, the old value stays usable this much longer. */
  readonly staleMs: number;
  /** After a failed load, no new load is tried for this long (callers get the stale value or fail fast). Default 1000. */
  readonly retryMs?: number;
  /** Clock in milliseconds; default `Date.now`. */
  readonly now?: () => number;
  readonly log?: Logger;
  /** Log event prefix: `<prefix>.loaded`, `<prefix>.refresh_failed_serving_stale`, `<prefix>.load_failed`. */
  readonly eventPrefix: string;
  /** Safe log fields naming a loaded value (an id, never secret material). */
  readonly describe: (value: T) => LogFields;
  /** Safe log fields describing a load failure. */
  readonly describeError: (error: unknown) => LogFields;
  /** The error callers get when nothing usable is cached. */
  readonly unavailable: (retryAfterSeconds: number, cause: unknown) => SecretUnavailableError;
  readonly observe?: SecretCacheObserver;
}

/** The cached loader: call it for the value (loading when due); `peek` never loads. */
export interface SecretCache<T> {
  (): Promise<T>;
  /** The value a call would be served from memory right now (fresh, or stale within the limit), else undefined. Never starts a load. */
  readonly peek: () => T | undefined;
}

export function createSecretCache<T>(options: SecretCacheOptions<T>): SecretCache<T> {
  const { load, cacheMs, staleMs, retryMs = 1000, now = Date.now, log, eventPrefix, describe, describeError } = options;
  let current: { value: T; loadedAt: number } | undefined;
  let inFlight: Promise<T> | undefined;
  let failedAt: number | undefined;

  const usableStale = (t: number) => current !== undefined && t < current.loadedAt + cacheMs + staleMs;
  const unavailable = (t: number, cause?: unknown) =>
    options.unavailable(Math.max(1, Math.ceil(((failedAt ?? t) + retryMs - t) / 1000)), cause);
  const { loadStarted, staleServed } = options.observe ?? {};
  /** Reports each caller a load answers with a stale value: the one that started it and any that joined it. */
  const observed = (load: Promise<T>): Promise<T> =>
    staleServed === undefined
      ? load
      : load.then((value) => {
          if (current !== undefined && now() >= current.loadedAt + cacheMs) staleServed();
          return value;
        });

  function startLoad(): Promise<T> {
    loadStarted?.();
    const attempt = load().then(
      (value) => {
        current = { value, loadedAt: now() };
        failedAt = undefined;
        log?.("info", `${eventPrefix}.loaded`, describe(value));
        return value;
      },
      (error: unknown) => {
        const t = now();
        failedAt = t;
        if (current !== undefined && usableStale(t)) {
          log?.("warn", `${eventPrefix}.refresh_failed_serving_stale`, {
            ...describeError(error),
            ...describe(current.value),
            staleForSeconds: Math.floor((t - current.loadedAt - cacheMs) / 1000),
            staleLimitSeconds: Math.floor(staleMs / 1000),
          });
          return current.value;
        }
        log?.("error", `${eventPrefix}.load_failed`, {
          ...describeError(error),
          cachedKeyExpired: current !== undefined,
        });
        throw unavailable(t, error);
      },
    );
    inFlight = attempt.finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  const get = () => {
    const t = now();
    if (current !== undefined && t < current.loadedAt + cacheMs) return Promise.resolve(current.value);
    if (inFlight !== undefined) return observed(inFlight);
    if (failedAt !== undefined && t < failedAt + retryMs) {
      if (current !== undefined && usableStale(t)) {
        staleServed?.();
        return Promise.resolve(current.value);
      }
      return Promise.reject(unavailable(t));
    }
    return observed(startLoad());
  };
  const peek = () => (current !== undefined && usableStale(now()) ? current.value : undefined);
  return Object.assign(get, { peek });
}
