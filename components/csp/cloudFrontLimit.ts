// CloudFront's cap on the Content-Security-Policy value of a response-headers policy
// (TooLongCSPInResponseHeadersPolicy). It is an adjustable quota: 1,783 characters by default,
// more for an account whose quota AWS raised, which the caller then declares.
import { CspError } from "./cspError.ts";
import { serializeDirective } from "./serializeCsp.ts";

/** Longest Content-Security-Policy value a CloudFront response-headers policy accepts by default (`TooLongCSPInResponseHeadersPolicy`). */
export const cloudFrontCspLimit = 1783;

/** The Service Quotas code of that limit (CloudFront), for a request to raise it. */
export const cloudFrontCspQuotaCode = "L-E9944CCE";

/** The limit to enforce: `quota` when given (a raised quota: a whole number ≥ 1783), else the default. Throws `CspError` otherwise. */
export function cloudFrontCspLimitFor(quota: number | undefined, field = "cloudFrontCspQuota"): number {
  if (quota === undefined) return cloudFrontCspLimit;
  if (typeof quota !== "number" || !Number.isInteger(quota) || quota < cloudFrontCspLimit) {
    throw new CspError(
      "invalid-quota",
      field,
      String(quota),
      `${field} must be a whole number of at least ${cloudFrontCspLimit} (CloudFront's default, Service Quotas code ${cloudFrontCspQuotaCode}); got ${String(quota)}.`,
    );
  }
  return quota;
}

/** Throws a `CspError` naming the overshoot, the largest directives and the quota when `header` is longer than `limit`. */
export function assertWithinCloudFrontLimit(
  directives: Readonly<Record<string, readonly string[]>>,
  header: string,
  limit: number = cloudFrontCspLimit,
): void {
  if (header.length <= limit) return;
  const sizes = Object.entries(directives)
    .map(([name, values]) => ({ name, text: serializeDirective(name, values) }))
    .sort((a, b) => b.text.length - a.text.length || a.name.localeCompare(b.name));
  const largest = sizes
    .slice(0, 3)
    .map(({ name, text }) => `${name} (${text.length})`)
    .join(", ");
  const top = sizes[0] ?? { name: "", text: "" };
  const which = limit === cloudFrontCspLimit ? "CloudFront's limit" : "the limit";
  throw new CspError(
    "too-long",
    top.name,
    top.text,
    `Content-Security-Policy is ${header.length} characters, ${header.length - limit} over ${which} of ${limit}. ` +
      `Largest directives: ${largest}. Shorten them (e.g. a wildcard host such as https://*.userpilot.io instead of a per-host list, or fewer inline-script hashes), or set the header elsewhere than a response-headers policy. ` +
      `CloudFront's limit is an adjustable quota (Service Quotas code ${cloudFrontCspQuotaCode}): once AWS raises it for the account, declare the new value (CspPolicy's cspQuotaCharacters, livechat-csp --cloudfront-quota).`,
  );
}
