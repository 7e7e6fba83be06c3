// The hash that lets one inline script run without 'unsafe-inline', computed as the browser does.
import { createHash } from "node:crypto";

/**
 * The CSP hash source for an inline `<script>`: `'sha256-<base64>'` over the UTF-8 bytes of
 * the exact text between the tags. CRLF and lone CR become LF, and NUL becomes U+FFFD, first,
 * as the HTML parser does before the browser hashes the script.
 */
export function inlineScriptHash(source: string): string {
  const normalized = source.replace(/\r\n?/g, "\n").replace(/\u0000/g, "\uFFFD");
  return `'sha256-${createHash("sha256").update(normalized, "utf8").digest("base64")}'`;
}
