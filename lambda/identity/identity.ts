// Maps a verified ID token's claims to the Live Chat identity the signer will put in the
// personalization token. Only verified contact data counts: `email_verified === true`,
// `phone_number_verified === true` (strict booleans; the string "true" is refused).
import { IdentityError, quoteForDetail } from "./identityError.ts";
import { sessionIdProblem } from "../sessions/sessionId.ts";
import { identifierProblem, type SubjectType } from "../token/identifierRules.ts";

export type { SubjectType };

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

function requireString(claims: Record<string, unknown>, claim: string): string {
  const value = claims[claim];
  if (value === undefined || value === null)
    throw new IdentityError("claim_missing", `The ID token has no "${claim}" claim.`);
  if (typeof value !== "string")
    throw new IdentityError("claim_invalid", `The "${claim}" claim must be a string; got ${quoteForDetail(value)}.`);
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
  // The rules POST /token applies (identifierRules.ts); the detail never quotes the address.
  const problem = identifierProblem(email, "email", 'The "email" claim');
  if (problem !== undefined) throw new IdentityError("claim_invalid", problem);
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
    throw new IdentityError(
      "claim_invalid",
      `The "phone_number" claim is not an E.164 number: expected "+" and 8–15 digits, no extension.`,
    );
  }
  return normalized;
}

function mapExternalPersonId(claims: Record<string, unknown>, claim: string): string {
  const id = requireString(claims, claim);
  const problem = identifierProblem(id, "externalPersonId", `The "${claim}" claim`);
  if (problem !== undefined) throw new IdentityError("claim_invalid", problem);
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
  if (problem)
    throw new IdentityError(
      "claim_invalid",
      `The "${mapping.sessionClaim}" claim cannot be a Live Chat session ID: ${problem}`,
    );
  return { sub, stp: mapping.subjectType, sid };
}
