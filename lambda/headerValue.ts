/**
 * Case-insensitive header lookup. Function URLs lower-case header names; other callers may not,
 * and a direct invoke can carry any JSON as "headers", so a non-object or non-string value counts
 * as absent.
 */
export function headerValue(headers: unknown, name: string): string | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && typeof value === "string") return value;
  }
  return undefined;
}
