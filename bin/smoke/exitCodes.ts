// The smoke command's exit codes: one per outcome, so a deploy pipeline can tell a permissions
// problem from a broken key from an unreachable URL without reading the text.
export const smokeExitCodes = {
  ok: 0,
  /** A bug in the command itself. */
  internal: 1,
  usage: 2,
  accessDenied: 3,
  signerError: 4,
  tokenMismatch: 5,
  badSignature: 6,
  unreachable: 7,
} as const;

export type SmokeOutcome = keyof typeof smokeExitCodes;

/** What each exit code means, for --help and docs/backend.md. */
export const smokeExitMeanings: Readonly<Record<SmokeOutcome, string>> = {
  ok: "the signer minted a token that passed every check",
  internal: "the smoke command itself failed (a bug: please report it)",
  usage: "bad arguments, an unusable --secret, or no AWS credentials",
  accessDenied: "the Function URL refused the signed request (HTTP 403): credentials, region or IAM permissions",
  signerError:
    "the signer answered an error (problem+json, e.g. 503 key unavailable) or an answer outside its contract",
  tokenMismatch: "the token's iss, stp, sub, sid, jti, ski or exp − iat is not what was expected",
  badSignature: "the token's HS256 signature does not verify with --secret's key",
  unreachable: "no answer in time: DNS, connection, TLS or timeout",
};
