// Parses a Content-Security-Policy header value (one policy) into validated directives.
import { CspError, show } from "./cspError.ts";
import { normalizeDirectiveName, normalizeDirectiveValues } from "./directiveValues.ts";
import type { ValidationOptions } from "./sourceExpression.ts";

const ASCII_WHITESPACE = /[\t\n\f\r ]+/;

/**
 * Parses one policy, e.g. `default-src 'self'; img-src https:`, with the same validation as
 * `buildCsp`. Names, keywords, schemes and hosts are lower-cased; order is kept.
 * Throws `CspError` for a `,` (two policies in one value), a repeated directive (browsers
 * silently ignore all but the first), and anything `buildCsp` refuses.
 */
export function parseCsp(header: string, options: ValidationOptions = {}): Record<string, string[]> {
  if (typeof header !== "string") {
    throw new CspError("", String(header), "the policy must be a string.");
  }
  if (header.includes(",")) {
    throw new CspError("", header, `${show(header)} contains ',', which separates two policies (browsers enforce both); pass one policy.`);
  }
  const directives: Record<string, string[]> = {};
  for (const part of header.split(";")) {
    const tokens = part.split(ASCII_WHITESPACE).filter((token) => token !== "");
    const [rawName, ...values] = tokens;
    if (rawName === undefined) continue;
    const name = normalizeDirectiveName(rawName);
    if (Object.hasOwn(directives, name)) {
      throw new CspError(name, part.trim(), `${name} appears twice; browsers ignore every repeat after the first, so merge the two source lists into one directive.`);
    }
    directives[name] = normalizeDirectiveValues(name, values, options);
  }
  return directives;
}
