// Every way a call to the signer can fail, as one error family. `code` tells the cases apart, so
// callers branch on data, never on message text; `SignerError` adds the signer's own problem+json
// answer. Messages name what went wrong and what to check, and never carry a token, a key or a
// credential: they are safe to log.

/** What went wrong, one value per way a call can fail. */
export const signerClientErrorCodes = [
  /** An option or argument is unusable (bad URL, no region, bad timeout, empty session ID). */
  "invalid-argument",
  /** No AWS credentials: the environment lacks them, or the credentials provider failed. */
  "credentials",
  /** The Function URL's AWS_IAM auth refused the request (HTTP 403 from AWS, not from the signer). */
  "access-denied",
  /** The signer answered with a problem (`application/problem+json`): a `SignerError`. */
  "problem",
  /** An answer outside the signer's contract: not JSON, a missing field, a redirect, an error status without a problem. */
  "bad-response",
  /** No complete answer within `timeoutMs`. */
  "timeout",
  /** The request failed before any answer (DNS, connection refused or reset, TLS). */
  "network",
] as const;

export type SignerClientErrorCode = (typeof signerClientErrorCodes)[number];

export interface SignerClientErrorDetails {
  /** The HTTP status, when an answer came. */
  readonly status?: number;
  /** AWS's `x-amzn-ErrorType` header, when AWS (not the signer) answered, e.g. `AccessDeniedException`. */
  readonly awsErrorType?: string;
  readonly cause?: unknown;
}

/** A call to the signer failed; `code` says how. */
export class SignerClientError extends Error {
  override readonly name: string = "SignerClientError";
  readonly code: SignerClientErrorCode;
  /** The HTTP status, when an answer came. */
  readonly status: number | undefined;
  /** AWS's `x-amzn-ErrorType` header, when AWS (not the signer) answered. */
  readonly awsErrorType: string | undefined;

  constructor(code: SignerClientErrorCode, message: string, details: SignerClientErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.awsErrorType = details.awsErrorType;
  }
}

/** One rejected request field, as the signer's `errors` member lists it. */
export interface SignerFieldError {
  readonly field: string;
  readonly message: string;
}

/** The fields of an RFC 9457 problem answer, as the signer sends them. */
export interface SignerProblem {
  readonly status: number;
  /** A URI naming the kind of problem, e.g. `urn:livechat-aws:problem:invalid-request`. */
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** Per-field problems (400 invalid-request); empty otherwise. */
  readonly errors: readonly SignerFieldError[];
  /** `Retry-After` in seconds (e.g. 503 key-unavailable), when sent. */
  readonly retryAfterSeconds?: number;
}

/** The signer refused or failed the request and said why (`application/problem+json`). */
export class SignerError extends SignerClientError implements SignerProblem {
  override readonly name: string = "SignerError";
  override readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly SignerFieldError[];
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: SignerProblem) {
    const fields = problem.errors.map((e) => `${e.field}: ${e.message}`).join("; ");
    super(
      "problem",
      `The signer answered ${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ""}${fields ? ` (${fields})` : ""}`,
      {
        status: problem.status,
      },
    );
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors;
    this.retryAfterSeconds = problem.retryAfterSeconds;
  }
}
