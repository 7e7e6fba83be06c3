// Which request header may carry the site's ID token: an HTTP field name (RFC 9110 token) that no
// browser, proxy, CloudFront or AWS sets or overwrites itself. `authorization` passes here (it is
// the bearer fallback anyway); behind CloudFront's origin access control the component refuses it.
const fieldName = /^[!#$%&'*+.^_`|~0-9a-z-]{1,64}$/;
const reservedHeaders = new Set([
  "host",
  "origin",
  "cookie",
  "content-type",
  "content-length",
  "connection",
  "forwarded",
  "via",
]);
const reservedHeaderPrefixes = ["x-amz-", "x-amzn-", "x-forwarded-", "cloudfront-", "access-control-", "sec-"];

/** The header name in canonical (trimmed, lower-case) form. */
export function normalizeHeaderName(raw: string): string {
  return raw.trim().toLowerCase();
}

/** What is wrong with a normalized header name as the identity header, or undefined when it is usable. */
export function identityHeaderProblem(name: string): "not-a-field-name" | "reserved" | undefined {
  if (!fieldName.test(name)) return "not-a-field-name";
  if (reservedHeaders.has(name) || reservedHeaderPrefixes.some((prefix) => name.startsWith(prefix))) return "reserved";
  return undefined;
}
