// Physical names for the components' children. Some need a fixed name known before creation (the Lambda,
// so its log group can exist first; the CloudFront policy, whose name is unique per account). The rest
// keep Pulumi's auto-name, `<logical name>-<7 random characters>`, which AWS refuses for long or unusual
// component names; those, and only those, get a stable name that fits instead.
import { createHash } from "node:crypto";

/** Eight hex characters of SHA-256 over `text`: distinct inputs keep distinct names, the same input the same name. */
function hash8(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** `readable` cut to leave room for `-<hash>` within `maxLength`, then the hash. */
function withHash(readable: string, maxLength: number, hash: string): string {
  const kept = readable.slice(0, maxLength - hash.length - 1).replace(/-+$/, "");
  return kept === "" ? hash : `${kept}-${hash}`;
}

/** `text` with every character `disallowed` matches replaced by "-", runs of "-" collapsed, and no "-" at either end. */
function sanitized(text: string, disallowed: RegExp): string {
  return text
    .replace(new RegExp(disallowed.source, "g"), "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Joins `parts` with "-", replaces characters outside [A-Za-z0-9_-] with "-", and when the result
 * is longer than `maxLength` keeps a prefix plus an 8-character hash of the full name, so distinct
 * long names stay distinct and the same input always gives the same name.
 */
export function physicalName(parts: readonly string[], maxLength: number): string {
  const full = sanitized(parts.join("-"), /[^A-Za-z0-9_-]/);
  return full.length <= maxLength ? full : withHash(full, maxLength, hash8(full));
}

/** What AWS (and pulumi-aws, when it auto-names) accepts as one kind of name. */
export interface NameRule {
  /** The longest name accepted: the smaller of AWS's limit and pulumi-aws's cap on its auto-names. */
  readonly maxLength: number;
  /** Matches one character the name may not contain. */
  readonly disallowed: RegExp;
}

/** The names of the children the components leave to Pulumi's auto-naming. */
export const autoNamedRules = {
  /** IAM role: pulumi-aws caps its auto-names at 64 (at preview); AWS allows [\w+=,.@-]. */
  iamRole: { maxLength: 64, disallowed: /[^\w+=,.@-]/ },
  /** Inline role policy: AWS allows 128 characters, [\w+=,.@-] (pulumi-aws would auto-name up to 255). */
  rolePolicy: { maxLength: 128, disallowed: /[^\w+=,.@-]/ },
  /** Lambda permission statement ID: 100 characters (pulumi-aws's cap too), letters, digits, "-" and "_". */
  statementId: { maxLength: 100, disallowed: /[^A-Za-z0-9_-]/ },
  /** Secrets Manager secret: pulumi-aws caps its auto-names at 255 (AWS: 512); letters, digits and /_+=.@-. */
  secret: { maxLength: 255, disallowed: /[^A-Za-z0-9/_+=.@-]/ },
} as const satisfies Record<string, NameRule>;

/** Pulumi's auto-name adds "-" and 7 random characters to the logical name. */
const autoNameSuffixLength = 8;

/** True when Pulumi's auto-name for `logicalName` is one `rule` accepts. */
export function autoNameFits(logicalName: string, rule: NameRule): boolean {
  // Only ASCII passes `disallowed`, so the length is also the byte count pulumi-aws checks.
  return logicalName.length + autoNameSuffixLength <= rule.maxLength && !rule.disallowed.test(logicalName);
}

/**
 * The explicit name for a child Pulumi would otherwise auto-name as `<logicalName>-<7 random characters>`:
 * `undefined` while that auto-name is valid (the child keeps it, so deployed stacks see no change), otherwise
 * the logical name's allowed characters, shortened, plus a hash of `scope` (project and stack) and the logical
 * name, so the name is stable across runs and distinct per stack (IAM role names are unique in the account).
 */
export function nameUnlessAutoNamed(logicalName: string, rule: NameRule, scope: readonly string[]): string | undefined {
  if (autoNameFits(logicalName, rule)) return undefined;
  return withHash(
    sanitized(logicalName, rule.disallowed),
    rule.maxLength,
    hash8(JSON.stringify([...scope, logicalName])),
  );
}
