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
    throw new CspError("invalid-type", "", String(header), "the policy must be a string.");
  }
  // CSP's parser would split on CR/LF like on spaces, but a header value is one line: a CR,
  // LF or NUL here is pasted text or an injection attempt, not a separator.
  const control = /[\u0000-\u0008\u000a-\u001f\u007f]/u.exec(header);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, "0");
    throw new CspError(
      "forbidden-character",
      "",
      header,
      `${show(header)} contains a control character (\\u${code}) at index ${control.index}; a header value is one line: separate directives with ';' and sources with spaces.`,
    );
  }
  if (header.includes(",")) {
    throw new CspError(
      "multiple-policies",
      "",
      header,
      `${show(header)} contains ',', which separates two policies (browsers enforce both); pass one policy.`,
    );
  }
  const directives: Record<string, string[]> = {};
  for (const part of header.split(";")) {
    const tokens = part.split(ASCII_WHITESPACE).filter((token) => token !== "");
    const [rawName, ...values] = tokens;
    if (rawName === undefined) continue;
    const name = normalizeDirectiveName(rawName);
    if (Object.hasOwn(directives, name)) {
      throw new CspError(
        "repeated-directive",
        name,
        part.trim(),
        `${name} appears twice; browsers ignore every repeat after the first, so merge the two source lists into one directive.`,
      );
    }
    directives[name] = normalizeDirectiveValues(name, values, options);
  }
  return directives;
}
