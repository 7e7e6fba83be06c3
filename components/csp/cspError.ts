// The one error type of the CSP engine (and its CLI). `code` says which rule refused the input, so a
// caller branches on it and never on the message; `directive` and `value` name what was refused.

/** Every reason the engine refuses a policy, one stable code each. */
export const cspErrorCodes = [
  "invalid-type", // not a string, list of strings or object where one is expected
  "unknown-directive", // a directive name browsers do not know (a misspelling)
  "obsolete-directive", // a directive browsers ignore, e.g. block-all-mixed-content
  "repeated-directive", // the same directive twice (browsers ignore every repeat)
  "multiple-policies", // a ',' in header text: two policies in one value
  "empty-value", // an empty source or token
  "forbidden-character", // ';', ',', whitespace or a control character (header injection)
  "non-ascii", // a character outside ASCII (hosts in punycode, paths percent-encoded)
  "unquoted-keyword", // self, none, nonce-…, sha256-… without single quotes
  "unknown-keyword", // a quoted word that is not a CSP keyword
  "invalid-nonce", // a malformed 'nonce-…'
  "invalid-hash", // a malformed 'sha256-…' (wrong length, padding or alphabet)
  "invalid-source", // a malformed host or scheme source
  "source-not-allowed", // a keyword, nonce or hash in frame-ancestors
  "unsafe-eval", // 'unsafe-eval' without allowUnsafeEval
  "invalid-value", // a value a non-source directive does not take (sandbox, webrtc, trusted types, …)
  "invalid-report-group", // a report-to group that is not a Structured Field key
  "invalid-report-url", // a reporting endpoint that is not https (or this machine), or carries credentials
  "missing-report-url", // a report-to group without the endpoint's URL
  "preset-directive-not-allowed", // a preset that sets a directive other than a source list
  "unknown-preset", // a preset name the CLI does not know
  "invalid-region", // an Infobip region that cannot be part of a host name
  "invalid-widget-id", // a Live Chat widget ID that could leave the snippet's quoted string
  "invalid-quota", // a CloudFront quota below the default or not a whole number
  "too-long", // a header over the CloudFront limit
] as const;
export type CspErrorCode = (typeof cspErrorCodes)[number];

/**
 * Thrown for any policy the engine refuses to build: an unknown directive, a malformed or
 * dangerous source expression, or a header over CloudFront's limit. `code` tells the cases apart;
 * `directive` and `value` name exactly what was refused; the message also says how to fix it.
 */
export class CspError extends Error {
  override readonly name = "CspError";
  /** Which rule refused the input; stable across releases, unlike the message. */
  readonly code: CspErrorCode;
  /** The directive (or option) the refused value belongs to, e.g. `script-src`. */
  readonly directive: string;
  /** The refused value, as given. */
  readonly value: string;

  constructor(code: CspErrorCode, directive: string, value: string, message: string) {
    super(message);
    this.code = code;
    this.directive = directive;
    this.value = value;
  }
}

/** Quotes a value for an error message so control characters and spaces are visible. */
export function show(value: string): string {
  return JSON.stringify(value);
}
