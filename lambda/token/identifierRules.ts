// What a customer identifier must look like before it goes into a token: one set of rules for
// the two places an identifier comes from — a site backend's POST /token body and an ID token's
// claims (OIDC mode) — so a value refused in one is refused in the other.
//
// An agent reads the identifier; two customers must never look alike. So:
// - no control characters and no invisible ones (lambda/invisibleCharacters.ts: format
//   characters, Default_Ignorable_Code_Point, blank-rendering letters such as U+3164);
// - an email address's domain is ASCII only: an internationalised domain is written in its
//   punycode form (`xn--…`), as DNS resolves it. Unicode letters from other scripts that look like
//   Latin ones (a Cyrillic "а" in "exаmple.com") can then never pass for another customer's domain;
//   `alice@xn--exmple-4nf.com` is visibly not `alice@example.com`. The local part may hold
//   Unicode (RFC 6531 addresses exist), minus the invisible characters above; look-alike letters
//   in a local part are not detected (that would need UTS #39 confusable data).
import { invisibleCharacterIn } from "../invisibleCharacters.ts";

export const subjectTypes = ["email", "msisdn", "externalPersonId"] as const;
export type SubjectType = (typeof subjectTypes)[number];

export const identifierLimits = {
  emailMaxLength: 254,
  emailLocalMaxLength: 64,
  msisdnMinDigits: 8,
  msisdnMaxDigits: 15,
  externalPersonIdMaxLength: 255,
} as const;

// Local part: no whitespace, no `@`, none of RFC 5322's specials that need quoting.
const emailLocal = /^[^\s@"(),:;<>[\\\]]+$/u;
// Domain labels: ASCII letters, digits, hyphens (punycode labels are `xn--` + these), no leading or trailing hyphen.
const asciiDomainLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const nonAscii = /[^\x00-\x7f]/;
const msisdn = /^\+?[1-9][0-9]{7,14}$/;

/**
 * Why `value` is not visible text (empty, or holding a character a reader cannot see), as a
 * sentence about `subject` (e.g. `sub`, `The "email" claim`), or undefined. The value itself is never quoted: it is personal data.
 */
export function visibleTextProblem(value: string, subject: string): string | undefined {
  if (value.length === 0) return `${subject} must not be empty.`;
  switch (invisibleCharacterIn(value)) {
    case "control":
      return `${subject} contains a control character.`;
    case "surrogate":
      return `${subject} contains an unpaired UTF-16 surrogate.`;
    case "invisible":
      return `${subject} contains an invisible character (e.g. a zero-width space, a bidirectional override or a blank-rendering letter such as U+3164): remove it.`;
    case undefined:
      return undefined;
  }
}

function emailShapeProblem(email: string, subject: string): string | undefined {
  const { emailMaxLength, emailLocalMaxLength } = identifierLimits;
  if (email.length > emailMaxLength)
    return `${subject} is ${email.length} characters long; an email address has at most ${emailMaxLength}.`;
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const shape = `${subject} is not an email address: expected local-part@domain.tld with no spaces.`;
  if (at <= 0 || !emailLocal.test(local) || local.length > emailLocalMaxLength) return shape;
  if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return shape;
  if (nonAscii.test(domain)) {
    return `${subject} has a domain that is not ASCII: write an internationalised domain in its punycode form (xn--…), as DNS does, so that look-alike letters from other scripts cannot pass for it.`;
  }
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((label) => asciiDomainLabel.test(label))) return shape;
  return undefined;
}

/**
 * Why `value` is not a usable identifier of type `stp`, as a sentence about `subject`, or
 * undefined. Checks visibility first, then the type's shape (email, E.164 number, external ID).
 */
export function identifierProblem(value: string, stp: SubjectType, subject: string): string | undefined {
  const invisible = visibleTextProblem(value, subject);
  if (invisible !== undefined) return invisible;
  switch (stp) {
    case "email":
      return emailShapeProblem(value, subject);
    case "msisdn": {
      const { msisdnMinDigits, msisdnMaxDigits } = identifierLimits;
      return msisdn.test(value)
        ? undefined
        : `${subject} is not an E.164 phone number: expected ${msisdnMinDigits}–${msisdnMaxDigits} digits with an optional leading "+", no spaces or punctuation, not starting with 0.`;
    }
    case "externalPersonId": {
      const max = identifierLimits.externalPersonIdMaxLength;
      if (value.length > max)
        return `${subject} is ${value.length} characters long; an externalPersonId has at most ${max}.`;
      if (value.trim() !== value) return `${subject} has leading or trailing whitespace: trim it.`;
      return undefined;
    }
  }
}
