// The base policy a site gets when it gives none.
import type { CspDirectives } from "./types.ts";

/** The base policy `buildCsp` uses when the site gives none: same-origin everything, no plugins, no framing by others. */
export const strictBaseline: CspDirectives = Object.freeze({
  "default-src": Object.freeze(["'self'"]),
  "object-src": Object.freeze(["'none'"]),
  "base-uri": Object.freeze(["'self'"]),
  "form-action": Object.freeze(["'self'"]),
  "frame-ancestors": Object.freeze(["'self'"]),
});
