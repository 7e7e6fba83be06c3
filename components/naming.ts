// Physical names for resources that need a fixed name known before creation (the Lambda, so its
// log group can exist first; the CloudFront policy, whose name is unique per account).
import { createHash } from "node:crypto";

/**
 * Joins `parts` with "-", replaces characters outside [A-Za-z0-9_-] with "-", and when the result
 * is longer than `maxLength` keeps a prefix plus an 8-character hash of the full name, so distinct
 * long names stay distinct and the same input always gives the same name.
 */
export function physicalName(parts: readonly string[], maxLength: number): string {
  const full = parts
    .join("-")
    .replace(/[^A-Za-z0-9_-]/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  if (full.length <= maxLength) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}
