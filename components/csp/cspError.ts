/**
 * Thrown for any policy the engine refuses to build: an unknown directive, a malformed or
 * dangerous source expression, or a header over CloudFront's limit. `directive` and `value`
 * name exactly what was refused; the message also says how to fix it.
 */
export class CspError extends Error {
  /** The directive (or option) the refused value belongs to, e.g. `script-src`. */
  readonly directive: string;
  /** The refused value, as given. */
  readonly value: string;

  constructor(directive: string, value: string, message: string) {
    super(message);
    this.name = "CspError";
    this.directive = directive;
    this.value = value;
  }
}

/** Quotes a value for an error message so control characters and spaces are visible. */
export function show(value: string): string {
  return JSON.stringify(value);
}
