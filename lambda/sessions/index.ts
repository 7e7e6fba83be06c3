export { invalidateSession } from "./invalidateSession.ts";
export type { InvalidateSessionOptions, InvalidateSessionResult } from "./invalidateSession.ts";
export { parseApiSecret, parseBaseUrl, ApiSecretError } from "./apiSecret.ts";
export type { InfobipApiSecret } from "./apiSecret.ts";
export { problemTypes } from "./problem.ts";
export type { SessionProblem } from "./problem.ts";
export { sessionIdProblem, sessionIdMaxLength } from "./sessionId.ts";
export { fullJitterDelayMs } from "./backoff.ts";
