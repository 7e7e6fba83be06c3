// Validation of a token request `{ sub, stp, sid?, ttlSeconds? }`: pure, returns every
// problem per field. Messages never echo the `sub` value (it is personal data).
import { defaults, envNames } from "../contract.ts";
import { isPlainObject } from "../plainObject.ts";
import { sessionIdProblem } from "../sessions/sessionId.ts";
import {
  identifierLimits,
  identifierProblem,
  type SubjectType,
  subjectTypes,
  visibleTextProblem,
} from "./identifierRules.ts";

export { subjectTypes, type SubjectType };

export interface TokenRequest {
  readonly sub: string;
  readonly stp: SubjectType;
  readonly sid?: string;
  readonly ttlSeconds: number;
}

export interface FieldError {
  /** The request field, e.g. `sub`; for an unknown field, its name. */
  readonly field: string;
  readonly message: string;
}

export type Validation<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface TtlBounds {
  readonly defaultTtlSeconds: number;
  readonly maxTtlSeconds: number;
}

export const limits = {
  ...identifierLimits,
  sidMaxLength: 50,
  minTtlSeconds: defaults.minTtlSeconds,
} as const;

const knownFields = new Set(["sub", "stp", "sid", "ttlSeconds"]);
const visibleAscii = /^[\x21-\x7e]+$/;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** A request's field name as it may be echoed in an error: printable ASCII, at most 40 characters. */
export function safeFieldName(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

/**
 * Validates an already-parsed JSON request body. Reports every problem it finds, one entry
 * per field (plus one per unknown field), so a caller can fix them all at once.
 */
export function validateTokenRequest(input: unknown, ttl: TtlBounds): Validation<TokenRequest> {
  if (!isPlainObject(input)) {
    return {
      ok: false,
      errors: [{ field: "", message: `The request must be a JSON object with sub and stp; got ${describe(input)}.` }],
    };
  }
  const errors: FieldError[] = [];
  for (const name of Object.keys(input)) {
    if (!knownFields.has(name)) {
      errors.push({
        field: safeFieldName(name),
        message: "Unknown field: only sub, stp, sid and ttlSeconds are accepted.",
      });
    }
  }

  const { sub, stp, sid, ttlSeconds } = input;
  let subjectType: SubjectType | undefined;
  if (stp === undefined) errors.push({ field: "stp", message: `stp is required: one of ${subjectTypes.join(", ")}.` });
  else if (typeof stp !== "string" || !(subjectTypes as readonly string[]).includes(stp)) {
    errors.push({ field: "stp", message: `stp must be exactly one of ${subjectTypes.join(", ")} (case-sensitive).` });
  } else subjectType = stp as SubjectType;

  if (sub === undefined)
    errors.push({ field: "sub", message: "sub is required: the customer's identifier of the type in stp." });
  else if (typeof sub !== "string")
    errors.push({ field: "sub", message: `sub must be a string; got ${describe(sub)}.` });
  else {
    // The rules the OIDC claim mapping applies too (identifierRules.ts).
    const problem =
      subjectType === undefined ? visibleTextProblem(sub, "sub") : identifierProblem(sub, subjectType, "sub");
    if (problem !== undefined) errors.push({ field: "sub", message: problem });
  }

  if (sid !== undefined) {
    if (typeof sid !== "string")
      errors.push({ field: "sid", message: `sid must be a string when given; got ${describe(sid)}.` });
    else if (sid.length === 0 || sid.length > limits.sidMaxLength) {
      errors.push({
        field: "sid",
        message: `sid must be 1–${limits.sidMaxLength} characters long; got ${sid.length}.`,
      });
    } else if (!visibleAscii.test(sid)) {
      errors.push({
        field: "sid",
        message: "sid may contain only visible ASCII characters (no spaces or control characters).",
      });
    } else {
      // The session-ID rule DELETE /sessions/{sid} applies: a session minted with any other sid could never be ended.
      const problem = sessionIdProblem(sid);
      if (problem !== undefined)
        errors.push({
          field: "sid",
          message: `sid cannot be a Live Chat session ID that DELETE /sessions/{sid} can end: ${problem}`,
        });
    }
  }

  let effectiveTtl = ttl.defaultTtlSeconds;
  if (ttlSeconds !== undefined) {
    const range = `${limits.minTtlSeconds}–${ttl.maxTtlSeconds}`;
    if (typeof ttlSeconds !== "number" || !Number.isInteger(ttlSeconds)) {
      errors.push({ field: "ttlSeconds", message: `ttlSeconds must be a whole number of seconds in ${range}.` });
    } else if (ttlSeconds < limits.minTtlSeconds) {
      errors.push({
        field: "ttlSeconds",
        message: `ttlSeconds is ${ttlSeconds}; below ${limits.minTtlSeconds} s is refused because Infobip refuses personalization tokens that expire sooner (${range}).`,
      });
    } else if (ttlSeconds > ttl.maxTtlSeconds) {
      errors.push({
        field: "ttlSeconds",
        message:
          `ttlSeconds is ${ttlSeconds}; this signer allows at most ${ttl.maxTtlSeconds} (${range}). The deployment sets that maximum: ` +
          `maxTokenTtlSeconds on the TokenSigner (or LiveChat's signer), ${envNames.maxTtlSeconds} for npm start and the Lambda.`,
      });
    } else effectiveTtl = ttlSeconds;
  }

  if (errors.length > 0 || subjectType === undefined || typeof sub !== "string") return { ok: false, errors };
  const value: TokenRequest =
    typeof sid === "string"
      ? { sub, stp: subjectType, sid, ttlSeconds: effectiveTtl }
      : { sub, stp: subjectType, ttlSeconds: effectiveTtl };
  return { ok: true, value };
}
