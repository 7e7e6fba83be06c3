// Maps a verified ID token's claims to the Live Chat identity the signer will put in the
// personalization token. Only verified contact data counts: `email_verified === true`,
// `phone_number_verified === true` (strict booleans; the string "true" is refused).
import { IdentityError, quoteForDetail } from "./identityError.ts";
import { sessionIdProblem } from "../sessions/sessionId.ts";

export type SubjectType = "email" | "msisdn" | "externalPersonId";

export interface VerifiedIdentity {
  readonly sub: string;
  readonly stp: SubjectType;
  readonly sid?: string;
}

export interface ClaimMapping {
  readonly subjectType: SubjectType;
  readonly subjectClaim: string;
  readonly sessionClaim: string | undefined;
}

const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const externalPersonIdMaxLength = 255;
const emailMaxLength = 254;

function requireString(claims: Record<string, unknown>, claim: string): string {
  const value = claims[claim];
  if (value === undefined || value === null) throw new IdentityError("claim_missing", `The ID token has no "${claim}" claim.`);
  if (typeof value !== "string") throw new IdentityError("claim_invalid", `The "${claim}" claim must be a string; got ${quoteForDetail(value)}.`);
  return value;
}

function verifiedFlag(claims: Record<string, unknown>, flag: string): string | undefined {
  const value = claims[flag];
  if (value === true) return undefined;
  if (value === undefined) return `the ID token has no "${flag}" claim`;
  if (value === false) return `"${flag}" is false`;
  return `"${flag}" must be the JSON boolean true; got ${typeof value === "string" ? `the string ${quoteForDetail(value)}` : quoteForDetail(value)}`;
}

function mapEmail(claims: Record<string, unknown>): string {
  const email = requireString(claims, "email");
  const unverified = verifiedFlag(claims, "email_verified");
  if (unverified) throw new IdentityError("email_unverified", `The email address is not verified: ${unverified}.`);
  if (email.length === 0 || email.length > emailMaxLength || controlChars.test(email) || /\s/u.test(email) || email.lastIndexOf("@") <= 0 || email.endsWith("@")) {
    throw new IdentityError("claim_invalid", `The "email" claim is not an email address of at most ${emailMaxLength} characters.`);
  }
  return email;
}

/** OIDC recommends E.164 (`+1 (425) 555-1212` style punctuation is tolerated and removed). */
export function normalizePhoneNumber(value: string): string | undefined {
  const compact = value.replace(/[\s().-]/g, "");
  return /^\+[1-9][0-9]{7,14}$/.test(compact) ? compact : undefined;
}

function mapPhone(claims: Record<string, unknown>): string {
  const phone = requireString(claims, "phone_number");
  const unverified = verifiedFlag(claims, "phone_number_verified");
  if (unverified) throw new IdentityError("phone_unverified", `The phone number is not verified: ${unverified}.`);
  const normalized = normalizePhoneNumber(phone);
  if (!normalized) {
    throw new IdentityError("claim_invalid", `The "phone_number" claim is not an E.164 number: expected "+" and 8–15 digits, no extension.`);
  }
  return normalized;
}

function mapExternalPersonId(claims: Record<string, unknown>, claim: string): string {
  const id = requireString(claims, claim);
  if (id.length === 0 || id.length > externalPersonIdMaxLength || controlChars.test(id) || id.trim() !== id) {
    throw new IdentityError(
      "claim_invalid",
      `The "${claim}" claim must be 1–${externalPersonIdMaxLength} characters without control characters or surrounding spaces.`,
    );
  }
  return id;
}

export function mapClaimsToIdentity(claims: Record<string, unknown>, mapping: ClaimMapping): VerifiedIdentity {
  const sub =
    mapping.subjectType === "email"
      ? mapEmail(claims)
      : mapping.subjectType === "msisdn"
        ? mapPhone(claims)
        : mapExternalPersonId(claims, mapping.subjectClaim);
  if (mapping.sessionClaim === undefined) return { sub, stp: mapping.subjectType };
  const sid = requireString(claims, mapping.sessionClaim);
  const problem = sessionIdProblem(sid);
  if (problem) throw new IdentityError("claim_invalid", `The "${mapping.sessionClaim}" claim cannot be a Live Chat session ID: ${problem}`);
  return { sub, stp: mapping.subjectType, sid };
}
