// A site backend's client for the token signer's Function URL (AWS_IAM auth): `getToken` for the
// logged-in customer, `endSession` on logout. Each call is bounded by one deadline, retried once
// (after a random pause, "full jitter") when the answer is a 5xx or the request never got one, and
// never on a 4xx: those answers will not change. Minting a second token or ending a session twice
// is harmless, so the retry is safe. Failures are `SignerClientError`s (see errors.ts).
import { type SignerToken, readEndedAnswer, readTokenAnswer } from "./answer.ts";
import { type AwsCredentials, type AwsCredentialsProvider, credentialSource } from "./credentials.ts";
import { resolveEndpoint } from "./endpoint.ts";
import { SignerClientError } from "./errors.ts";
import { signedFetch } from "./signedFetch.ts";

export interface SignerClientOptions {
  /** The signer's Function URL (the `functionUrl` output), e.g. `https://abc123.lambda-url.eu-central-1.on.aws/`. */
  readonly url: string | URL;
  /**
   * The region to sign for. Default: the one in the Function URL's host. Required for any other host
   * (e.g. `npm start` on 127.0.0.1); refused when it contradicts the URL's.
   */
  readonly region?: string;
  /**
   * AWS credentials, or a provider with the AWS SDK v3 shape such as `fromNodeProviderChain()` from
   * `@aws-sdk/credential-providers`. Default: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
   * AWS_SESSION_TOKEN, read at each call.
   */
  readonly credentials?: AwsCredentials | AwsCredentialsProvider;
  /** Bound on a whole call, the retry included, in milliseconds. Default 5000. */
  readonly timeoutMs?: number;
}

/** Who the token is for; the signer validates every field. */
export interface SignerTokenRequest {
  /** The customer's identifier, of the type in `stp`. */
  readonly sub: string;
  readonly stp: "email" | "msisdn" | "externalPersonId";
  /** A session ID unique per login (≤ 50 characters), so the session can be ended with `endSession`. */
  readonly sid?: string;
  /** Token lifetime in seconds (≥ 10, ≤ the signer's maximum). Default: the signer's. */
  readonly ttlSeconds?: number;
}

export interface SignerClient {
  /** `POST /token`: a personalization token for `liveChat('auth', token, …)`. */
  getToken(request: SignerTokenRequest): Promise<SignerToken>;
  /** `DELETE /sessions/{sid}`: ends the customer's Live Chat session at Infobip (the signer needs the Infobip API secret). */
  endSession(sid: string): Promise<void>;
}

export const defaultTimeoutMs = 5000;
/** The retry waits a random time up to this (full jitter), never past the deadline. */
const maxRetryPauseMs = 250;

function deadlineReached(timeoutMs: number, host: string): SignerClientError {
  return new SignerClientError("timeout", `The signer at ${host} gave no complete answer within ${timeoutMs} ms.`);
}

function unreachable(host: string, error: unknown): SignerClientError {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === "string" ? cause.code : undefined;
  const reason =
    code ??
    (error instanceof Error ? error.message.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 120) : "unknown error");
  return new SignerClientError("network", `Could not reach the signer at ${host} (${reason}).`, { cause: error });
}

/** Rejects when `signal` aborts; otherwise settles as `promise` does. */
function beforeDeadline<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener("abort", abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

/** Waits a random time up to `maxRetryPauseMs`; false when the deadline came first. */
function pauseBeforeRetry(signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, Math.random() * maxRetryPauseMs);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function retryable(error: SignerClientError): boolean {
  return error.code === "network" || (error.status !== undefined && error.status >= 500);
}

/** Creates a client; throws a `SignerClientError` ("invalid-argument" or "credentials") for unusable options. */
export function createSignerClient(options: SignerClientOptions): SignerClient {
  if (typeof options !== "object" || options === null)
    throw new SignerClientError("invalid-argument", "createSignerClient needs an options object with url.");
  const endpoint = resolveEndpoint(options.url, options.region);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    throw new SignerClientError(
      "invalid-argument",
      `timeoutMs must be a whole number of milliseconds from 1 to 600000; got ${String(timeoutMs)}.`,
    );
  }
  const credentials = credentialSource(options.credentials, () => process.env);
  const host = endpoint.baseUrl.host;

  async function call<T>(
    method: "POST" | "DELETE",
    path: string,
    json: string | undefined,
    read: (response: Response) => Promise<T>,
  ): Promise<T> {
    const signal = AbortSignal.timeout(timeoutMs);
    const timedOut = () => deadlineReached(timeoutMs, host);
    const url = new URL(path, endpoint.baseUrl);
    const signingCredentials = await beforeDeadline(credentials(), signal, timedOut);
    for (let attempt = 1; ; attempt++) {
      let error: SignerClientError;
      try {
        const response = await signedFetch({
          method,
          url,
          ...(json === undefined ? {} : { json }),
          region: endpoint.region,
          credentials: signingCredentials,
          signal,
        });
        return await read(response);
      } catch (caught) {
        if (signal.aborted) throw timedOut();
        error = caught instanceof SignerClientError ? caught : unreachable(host, caught);
      }
      if (attempt > 1 || !retryable(error) || !(await pauseBeforeRetry(signal))) throw error;
    }
  }

  return {
    getToken(request) {
      if (typeof request !== "object" || request === null || Array.isArray(request)) {
        return Promise.reject(
          new SignerClientError(
            "invalid-argument",
            'getToken needs a request object such as { sub: "alice@example.com", stp: "email" }.',
          ),
        );
      }
      return call("POST", "token", JSON.stringify(request), readTokenAnswer);
    },
    endSession(sid) {
      if (typeof sid !== "string" || sid === "") {
        return Promise.reject(
          new SignerClientError(
            "invalid-argument",
            "endSession needs the session ID (sid) the token was issued with, as a non-empty string.",
          ),
        );
      }
      return call("DELETE", `sessions/${encodeURIComponent(sid)}`, undefined, readEndedAnswer);
    },
  };
}
