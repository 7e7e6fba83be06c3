// Deterministic output: directives in canonical order (see directives.ts); within a source
// list, keywords first in the fixed order of KEYWORDS, then hosts and schemes, then nonces,
// then hashes — each group in insertion order.
import { canonicalIndex, isSourceListDirective } from "./directives.ts";
import { KEYWORDS, sourceKind } from "./sourceExpression.ts";

function sourceRank(source: string): number {
  switch (sourceKind(source)) {
    case "keyword":
      return KEYWORDS.indexOf(source);
    case "scheme":
    case "host":
      return 100;
    case "nonce":
      return 200;
    case "hash":
      return 300;
  }
}

export function orderSources(directive: string, values: readonly string[]): string[] {
  if (!isSourceListDirective(directive)) return [...values];
  return values
    .map((value, index) => ({ value, index, rank: sourceRank(value) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ value }) => value);
}

export function orderDirectives(policy: ReadonlyMap<string, readonly string[]>): Record<string, string[]> {
  const names = [...policy.keys()].sort((a, b) => canonicalIndex(a) - canonicalIndex(b));
  return Object.fromEntries(names.map((name) => [name, orderSources(name, policy.get(name) ?? [])]));
}

export function serializeDirective(name: string, values: readonly string[]): string {
  return values.length === 0 ? name : `${name} ${values.join(" ")}`;
}

/** Joins directives (already ordered) into a header value: `a x y; b z`. */
export function serializeCsp(directives: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(directives)
    .map(([name, values]) => serializeDirective(name, values))
    .join("; ");
}
