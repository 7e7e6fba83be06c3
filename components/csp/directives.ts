// What the engine knows about each directive: its value grammar, its CSP3 fallback chain,
// and the canonical order in which directives are emitted.

export type DirectiveKind =
  | "source-list"
  | "ancestor-source-list"
  | "sandbox"
  | "report-uri"
  | "report-to"
  | "no-value"
  | "require-trusted-types-for"
  | "trusted-types"
  | "webrtc";

interface DirectiveInfo {
  readonly kind: DirectiveKind;
  /** CSP3 fallback list, nearest first. Empty for directives that never fall back. */
  readonly fallback: readonly string[];
}

const fetch = (...fallback: string[]): DirectiveInfo => ({ kind: "source-list", fallback });

/** Every directive the engine accepts, in canonical output order (a parent before its children). */
const DIRECTIVES: ReadonlyMap<string, DirectiveInfo> = new Map<string, DirectiveInfo>([
  ["default-src", fetch()],
  ["script-src", fetch("default-src")],
  ["script-src-elem", fetch("script-src", "default-src")],
  ["script-src-attr", fetch("script-src", "default-src")],
  ["style-src", fetch("default-src")],
  ["style-src-elem", fetch("style-src", "default-src")],
  ["style-src-attr", fetch("style-src", "default-src")],
  ["connect-src", fetch("default-src")],
  ["img-src", fetch("default-src")],
  ["font-src", fetch("default-src")],
  ["media-src", fetch("default-src")],
  ["object-src", fetch("default-src")],
  ["manifest-src", fetch("default-src")],
  ["child-src", fetch("default-src")],
  ["frame-src", fetch("child-src", "default-src")],
  ["fenced-frame-src", fetch("frame-src", "child-src", "default-src")],
  ["worker-src", fetch("child-src", "script-src", "default-src")],
  ["base-uri", { kind: "source-list", fallback: [] }],
  ["form-action", { kind: "source-list", fallback: [] }],
  ["frame-ancestors", { kind: "ancestor-source-list", fallback: [] }],
  ["sandbox", { kind: "sandbox", fallback: [] }],
  ["require-trusted-types-for", { kind: "require-trusted-types-for", fallback: [] }],
  ["trusted-types", { kind: "trusted-types", fallback: [] }],
  ["webrtc", { kind: "webrtc", fallback: [] }],
  ["upgrade-insecure-requests", { kind: "no-value", fallback: [] }],
  ["report-uri", { kind: "report-uri", fallback: [] }],
  ["report-to", { kind: "report-to", fallback: [] }],
]);

/** Directives browsers no longer implement: refused with a specific hint. */
export const OBSOLETE_DIRECTIVES: ReadonlySet<string> = new Set([
  "block-all-mixed-content",
  "plugin-types",
  "prefetch-src",
  "navigate-to",
  "require-sri-for",
  "referrer",
  "reflected-xss",
  "disown-opener",
]);

export const KNOWN_DIRECTIVES: readonly string[] = [...DIRECTIVES.keys()];

export function isKnownDirective(name: string): boolean {
  return DIRECTIVES.has(name);
}

export function directiveKind(name: string): DirectiveKind {
  return DIRECTIVES.get(name)?.kind ?? "source-list";
}

export function isSourceListDirective(name: string): boolean {
  const kind = directiveKind(name);
  return kind === "source-list" || kind === "ancestor-source-list";
}

/** CSP3 fallback list for a fetch directive, nearest first; empty if it never falls back. */
export function fallbackChain(name: string): readonly string[] {
  return DIRECTIVES.get(name)?.fallback ?? [];
}

/** Position in the canonical output order. */
export function canonicalIndex(name: string): number {
  const index = KNOWN_DIRECTIVES.indexOf(name);
  return index === -1 ? KNOWN_DIRECTIVES.length : index;
}

/**
 * Existing directives that receive what a merge adds to their parent, because they take
 * precedence over it for the same kind of resource: `<script>` elements, `<style>`/`<link>`
 * elements, frames and workers. `-attr` directives (inline event handlers and style
 * attributes) are deliberately not here: copying a parent's `'unsafe-inline'` into them
 * would loosen a choice the site made for attributes, so the merge warns instead.
 */
export const PROPAGATION_TARGETS: ReadonlyMap<string, readonly string[]> = new Map([
  ["script-src", ["script-src-elem"]],
  ["style-src", ["style-src-elem"]],
  ["child-src", ["frame-src", "worker-src"]],
  ["frame-src", ["fenced-frame-src"]],
]);
