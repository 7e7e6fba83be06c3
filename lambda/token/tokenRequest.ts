// Validation of a token request `{ sub, stp, sid?, ttlSeconds? }`: pure, returns every
// problem per field. Messages never echo the `sub` value (it is personal data).
import { sessionIdProblem } from "../sessions/sessionId.ts";

export const subjectTypes = ["email", "msisdn", "externalPersonId"] as const;
export type SubjectType = (typeof subjectTypes)[number];

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

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

export interface TtlBounds {
  readonly defaultTtlSeconds: number;
  readonly maxTtlSeconds: number;
}

export const limits = {
  emailMaxLength: 254,
  emailLocalMaxLength: 64,
  msisdnMinDigits: 8,
  msisdnMaxDigits: 15,
  externalPersonIdMaxLength: 255,
  sidMaxLength: 50,
  minTtlSeconds: 10,
} as const;

const knownFields = new Set(["sub", "stp", "sid", "ttlSeconds"]);
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// Invisible format characters (zero-width, bidirectional overrides, soft hyphen…): an agent would
// read a different identifier than the one signed, so two customers could look alike.
const formatChars = /\p{Cf}/u;
// Local part: no whitespace, no `@`, none of RFC 5322's specials that need quoting; domain: labels
// of letters/digits/hyphens (Unicode letters allowed for IDNs), no leading/trailing hyphen, ≥ 2 labels.
const emailLocal = /^[^\s@"(),:;<>[\\\]]+$/u;
const domainLabel = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const msisdn = /^\+?[1-9][0-9]{7,14}$/;
// With the `u` flag a surrogate range matches only unpaired halves.
const loneSurrogate = /[\uD800-\uDFFF]/u;
const visibleAscii = /^[\x21-\x7e]+$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function safeFieldName(name: string): string {
  const printable = name.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}

function emailProblem(sub: string): string | undefined {
  if (sub.length > limits.emailMaxLength) return `sub is ${sub.length} characters long; an email address has at most ${limits.emailMaxLength}.`;
  const at = sub.lastIndexOf("@");
  const local = sub.slice(0, at);
  const domain = sub.slice(at + 1);
  const shape = "sub is not an email address: expected local-part@domain.tld with no spaces.";
  if (at <= 0 || !emailLocal.test(local) || local.length > limits.emailLocalMaxLength) return shape;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return shape;
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((label) => domainLabel.test(label))) return shape;
  return undefined;
}

function subProblem(sub: string, stp: SubjectType): string | undefined {
  switch (stp) {
    case "email":
      return emailProblem(sub);
    case "msisdn":
      return msisdn.test(sub)
        ? undefined
        : `sub is not an E.164 phone number: expected ${limits.msisdnMinDigits}–${limits.msisdnMaxDigits} digits with an optional leading "+", no spaces or punctuation, not starting with 0.`;
    case "externalPersonId":
      if (sub.length > limits.externalPersonIdMaxLength) {
        return `sub is ${sub.length} characters long; an externalPersonId has at most ${limits.externalPersonIdMaxLength}.`;
      }
      if (sub.trim() !== sub) return "sub has leading or trailing whitespace: trim it.";
      return undefined;
  }
}

/**
 * Validates an already-parsed JSON request body. Reports every problem it finds, one entry
 * per field (plus one per unknown field), so a caller can fix them all at once.
 */
export function validateTokenRequest(input: unknown, ttl: TtlBounds): Validation<TokenRequest> {
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ field: "", message: `The request must be a JSON object with sub and stp; got ${describe(input)}.` }] };
  }
  const errors: FieldError[] = [];
  for (const name of Object.keys(input)) {
    if (!knownFields.has(name)) {
      errors.push({ field: safeFieldName(name), message: "Unknown field: only sub, stp, sid and ttlSeconds are accepted." });
    }
  }

  const { sub, stp, sid, ttlSeconds } = input;
  let subjectType: SubjectType | undefined;
  if (stp === undefined) errors.push({ field: "stp", message: `stp is required: one of ${subjectTypes.join(", ")}.` });
  else if (typeof stp !== "string" || !(subjectTypes as readonly string[]).includes(stp)) {
    errors.push({ field: "stp", message: `stp must be exactly one of ${subjectTypes.join(", ")} (case-sensitive).` });
  } else subjectType = stp as SubjectType;

  if (sub === undefined) errors.push({ field: "sub", message: "sub is required: the customer's identifier of the type in stp." });
  else if (typeof sub !== "string") errors.push({ field: "sub", message: `sub must be a string; got ${describe(sub)}.` });
  else if (sub.length === 0) errors.push({ field: "sub", message: "sub must not be empty." });
  else if (controlChars.test(sub)) errors.push({ field: "sub", message: "sub contains a control character." });
  else if (formatChars.test(sub)) {
    errors.push({ field: "sub", message: "sub contains an invisible formatting character (e.g. a zero-width space or a bidirectional override): remove it." });
  }
  else if (loneSurrogate.test(sub)) errors.push({ field: "sub", message: "sub contains an unpaired UTF-16 surrogate." });
  else if (subjectType !== undefined) {
    const problem = subProblem(sub, subjectType);
    if (problem !== undefined) errors.push({ field: "sub", message: problem });
  }

  if (sid !== undefined) {
    if (typeof sid !== "string") errors.push({ field: "sid", message: `sid must be a string when given; got ${describe(sid)}.` });
    else if (sid.length === 0 || sid.length > limits.sidMaxLength) {
      errors.push({ field: "sid", message: `sid must be 1–${limits.sidMaxLength} characters long; got ${sid.length}.` });
    } else if (!visibleAscii.test(sid)) {
      errors.push({ field: "sid", message: "sid may contain only visible ASCII characters (no spaces or control characters)." });
    } else {
      // The session-ID rule DELETE /sessions/{sid} applies: a session minted with any other sid could never be ended.
      const problem = sessionIdProblem(sid);
      if (problem !== undefined) errors.push({ field: "sid", message: `sid cannot be a Live Chat session ID that DELETE /sessions/{sid} can end: ${problem}` });
    }
  }

  let effectiveTtl = ttl.defaultTtlSeconds;
  if (ttlSeconds !== undefined) {
    const range = `${limits.minTtlSeconds}–${ttl.maxTtlSeconds}`;
    if (typeof ttlSeconds !== "number" || !Number.isInteger(ttlSeconds)) {
      errors.push({ field: "ttlSeconds", message: `ttlSeconds must be a whole number of seconds in ${range}.` });
    } else if (ttlSeconds < limits.minTtlSeconds) {
      errors.push({ field: "ttlSeconds", message: `ttlSeconds is ${ttlSeconds}; below ${limits.minTtlSeconds} s is refused (${range}).` });
    } else if (ttlSeconds > ttl.maxTtlSeconds) {
      errors.push({ field: "ttlSeconds", message: `ttlSeconds is ${ttlSeconds}; this signer allows at most ${ttl.maxTtlSeconds} (${range}).` });
    } else effectiveTtl = ttlSeconds;
  }

  if (errors.length > 0 || subjectType === undefined || typeof sub !== "string") return { ok: false, errors };
  const value: TokenRequest = typeof sid === "string" ? { sub, stp: subjectType, sid, ttlSeconds: effectiveTtl } : { sub, stp: subjectType, ttlSeconds: effectiveTtl };
  return { ok: true, value };
}
