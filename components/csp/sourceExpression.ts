// Validation and normalisation of one CSP source expression (CSP3 §2.3.1), with the
// extra refusals this engine makes on top of the grammar (header injection, unquoted
// keywords, 'unsafe-eval' unless allowed).
import { CspError, show } from "./cspError.ts";

export type SourceKind = "keyword" | "nonce" | "hash" | "scheme" | "host";

export interface ValidationOptions {
  /** Permit `'unsafe-eval'`; refused by default. */
  readonly allowUnsafeEval?: boolean;
}

/**
 * Quoted keywords, in the order they are emitted. `'none'` is not strictly a keyword-source
 * but is written like one.
 */
export const KEYWORDS: readonly string[] = [
  "'none'",
  "'self'",
  "'strict-dynamic'",
  "'unsafe-inline'",
  "'unsafe-eval'",
  "'wasm-unsafe-eval'",
  "'trusted-types-eval'",
  "'unsafe-hashes'",
  "'inline-speculation-rules'",
  "'unsafe-allow-redirects'",
  "'report-sample'",
  "'report-sha256'",
  "'report-sha384'",
  "'report-sha512'",
];

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);
const BARE_KEYWORDS: ReadonlySet<string> = new Set(KEYWORDS.map((k) => k.slice(1, -1)));

const FORBIDDEN_CHAR = /[\u0000-\u0020\u007f;,]/u;
const NON_ASCII = /[^\u0000-\u007f]/u;
const NONCE = /^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/i;
const HASH = /^'(sha256|sha384|sha512)-([A-Za-z0-9+/_-]+={0,2})'$/i;
const SCHEME_SOURCE = /^[a-z][a-z0-9+.-]*:$/i;
const HOST_SOURCE =
  /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?)(?::([0-9]+|\*))?(\/.*)?$/i;
const PATH = /^(?:[A-Za-z0-9\-._~!$&()*+=:@/]|%[0-9A-Fa-f]{2})*$/;
const DIGEST_BYTES: Readonly<Record<string, number>> = { sha256: 32, sha384: 48, sha512: 64 };

export function sourceKind(source: string): SourceKind {
  if (source.startsWith("'nonce-")) return "nonce";
  if (/^'sha(256|384|512)-/.test(source)) return "hash";
  if (source.startsWith("'")) return "keyword";
  if (SCHEME_SOURCE.test(source)) return "scheme";
  return "host";
}

/** Refuses characters that could end the directive or the header, or smuggle a second policy. */
export function assertNoInjection(directive: string, value: string): void {
  if (value === "") {
    throw new CspError("empty-value", directive, value, `${directive}: empty value; remove it.`);
  }
  const bad = FORBIDDEN_CHAR.exec(value);
  if (bad) {
    const what =
      bad[0] === ";"
        ? "';' (it ends the directive)"
        : bad[0] === ","
          ? "',' (it starts a second policy)"
          : "whitespace or a control character (it splits the value or the header)";
    throw new CspError(
      "forbidden-character",
      directive,
      value,
      `${directive}: ${show(value)} contains ${what}; write each source as its own list item and percent-encode such characters in paths.`,
    );
  }
  if (NON_ASCII.test(value)) {
    throw new CspError(
      "non-ascii",
      directive,
      value,
      `${directive}: ${show(value)} contains a non-ASCII character; write hosts in punycode (xn--…) and percent-encode paths.`,
    );
  }
}

/** Validates one source expression for `directive` and returns its normalised form. */
export function normalizeSource(
  directive: string,
  value: string,
  options: ValidationOptions = {},
  ancestorList = false,
): string {
  assertNoInjection(directive, value);
  const lower = value.toLowerCase();

  if (value.startsWith("'")) {
    const nonce = NONCE.exec(value);
    const hash = HASH.exec(value);
    if (nonce || hash) {
      if (ancestorList) {
        throw new CspError(
          "source-not-allowed",
          directive,
          value,
          `${directive}: ${show(value)} is not allowed here; ${directive} accepts only hosts, schemes, 'self' and 'none'.`,
        );
      }
      if (nonce) return `'nonce-${nonce[1]}'`;
      return normalizeHash(directive, value, hash![1]!.toLowerCase(), hash![2]!);
    }
    if (lower.startsWith("'nonce-") || /^'sha(256|384|512)-/.test(lower)) {
      const nonceLike = lower.startsWith("'nonce-");
      throw new CspError(
        nonceLike ? "invalid-nonce" : "invalid-hash",
        directive,
        value,
        `${directive}: malformed ${nonceLike ? "nonce" : "hash"} ${show(value)}; ` +
          "expected 'nonce-<base64>' or 'sha256-<base64 digest>' in single quotes.",
      );
    }
    if (!KEYWORD_SET.has(lower)) {
      throw new CspError(
        "unknown-keyword",
        directive,
        value,
        `${directive}: unknown keyword ${show(value)}; known keywords are ${KEYWORDS.join(" ")}.`,
      );
    }
    if (ancestorList && lower !== "'self'" && lower !== "'none'") {
      throw new CspError(
        "source-not-allowed",
        directive,
        value,
        `${directive}: ${show(value)} is not allowed here; ${directive} accepts only hosts, schemes, 'self' and 'none'.`,
      );
    }
    if (lower === "'unsafe-eval'" && options.allowUnsafeEval !== true) {
      throw new CspError(
        "unsafe-eval",
        directive,
        value,
        `${directive}: 'unsafe-eval' lets any injected string run as code; remove it, or pass allowUnsafeEval: true (CLI: --allow-unsafe-eval) if the site truly needs eval().`,
      );
    }
    return lower;
  }

  if (BARE_KEYWORDS.has(lower) || /^(nonce|sha256|sha384|sha512)-/.test(lower)) {
    throw new CspError(
      "unquoted-keyword",
      directive,
      value,
      `${directive}: ${show(value)} looks like a keyword without quotes (it would be read as a host name); write '${lower}' with single quotes.`,
    );
  }
  if (SCHEME_SOURCE.test(value)) return lower;
  return normalizeHostSource(directive, value);
}

function normalizeHash(directive: string, value: string, algorithm: string, digest: string): string {
  const expected = DIGEST_BYTES[algorithm] ?? 0;
  const base64 = digest.replace(/-/g, "+").replace(/_/g, "/");
  const unpadded = base64.replace(/=+$/, "");
  const padding = base64.length - unpadded.length;
  let bytes = -1;
  // Padding is optional, but when present it must be exact: Chromium never matches a digest
  // with a surplus '=' (e.g. 43 characters + '==').
  if (padding === 0 || (unpadded.length + padding) % 4 === 0) {
    try {
      const decoded = atob(unpadded + "=".repeat((4 - (unpadded.length % 4)) % 4));
      if (btoa(decoded).replace(/=+$/, "") === unpadded) bytes = decoded.length;
    } catch {
      bytes = -1;
    }
  }
  if (bytes !== expected) {
    throw new CspError(
      "invalid-hash",
      directive,
      value,
      `${directive}: malformed hash ${show(value)}; a ${algorithm} digest is ${expected} bytes of base64 (${Math.ceil((expected * 4) / 3)} characters before padding) — recompute it with inlineScriptHash().`,
    );
  }
  return `'${algorithm}-${digest}'`;
}

function normalizeHostSource(directive: string, value: string): string {
  const malformed = (why: string): CspError =>
    new CspError(
      "invalid-source",
      directive,
      value,
      `${directive}: malformed source ${show(value)}: ${why}; expected a host such as https://example.com or https://*.example.com:443/path/, a scheme such as https:, or a quoted keyword such as 'self'.`,
    );
  const match = HOST_SOURCE.exec(value);
  if (!match) {
    if (/\*/.test(value))
      throw malformed("a wildcard is allowed only as the whole host (*) or as its leftmost label (*.example.com)");
    if (/[?#]/.test(value)) throw malformed("queries and fragments are not allowed");
    throw malformed("not a valid scheme, host, port or path");
  }
  const [, scheme, host = "", port, path] = match;
  for (const label of host
    .replace(/^\*\.?/, "")
    .replace(/\.$/, "")
    .split(".")) {
    if (label === "" && host !== "*") throw malformed("empty host label");
    if (label.length > 63) throw malformed(`host label ${show(label)} is longer than 63 characters`);
    if (label.startsWith("-") || label.endsWith("-"))
      throw malformed(`host label ${show(label)} starts or ends with '-'`);
  }
  if (host.length > 253) throw malformed("host is longer than 253 characters");
  if (port !== undefined && port !== "*" && (port.length > 5 || Number(port) > 65535)) {
    throw malformed(`port ${port} is out of range`);
  }
  if (path !== undefined) {
    if (path.startsWith("//")) throw malformed("path must not start with //");
    if (/[?#]/.test(path)) throw malformed("queries and fragments are not allowed");
    if (!PATH.test(path)) throw malformed("path contains a character that must be percent-encoded");
  }
  return `${scheme ? `${scheme.toLowerCase()}://` : ""}${host.toLowerCase()}${port !== undefined ? `:${port}` : ""}${path ?? ""}`;
}
