// Merges the site's base policy with vendor presets, inline-script hashes and reporting into
// one Content-Security-Policy header value.
import { assertWithinCloudFrontLimit, cloudFrontCspLimitFor } from "./cloudFrontLimit.ts";
import { CspError, show } from "./cspError.ts";
import {
  normalizeDirectiveName,
  normalizeDirectiveValues,
  normalizeReportGroup,
  normalizeReportingEndpoint,
  normalizeReportUri,
} from "./directiveValues.ts";
import { canonicalIndex, fallbackChain, isSourceListDirective, PROPAGATION_TARGETS } from "./directives.ts";
import { inlineScriptHash } from "./inlineScriptHash.ts";
import { orderDirectives, serializeCsp } from "./serializeCsp.ts";
import { sourceKind, type ValidationOptions } from "./sourceExpression.ts";
import { strictBaseline } from "./strictBaseline.ts";
import type { BuildCspInput, CspDirectives, CspPreset, CspReporting, CspResult } from "./types.ts";

type Policy = Map<string, string[]>;

const NONE = "'none'";
const INLINE_DIRECTIVES = [
  "default-src",
  "script-src",
  "script-src-elem",
  "script-src-attr",
  "style-src",
  "style-src-elem",
  "style-src-attr",
];

/**
 * Builds one Content-Security-Policy from the site's base (default `strictBaseline`), vendor
 * presets, inline-script hashes and reporting. Pure and deterministic: equal input gives a
 * byte-identical header. Throws `CspError` for anything it cannot emit safely.
 *
 * Merge rules: a directive a preset creates first copies the list it would have fallen back
 * to (CSP3 fallback chains), so adding a vendor never removes the site's own sources; sources
 * added to script-src, style-src, child-src or frame-src are also added to the base's more
 * specific element/frame/worker directives that would otherwise shadow them; `'none'` is
 * dropped from a list that gains sources; duplicates are removed.
 */
export function buildCsp(input: BuildCspInput = {}): CspResult {
  const options: ValidationOptions = { allowUnsafeEval: input.allowUnsafeEval === true };
  const limit = cloudFrontCspLimitFor(input.cloudFrontCspQuota);
  const warnings: string[] = [];
  const warn = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message);
  };

  const policy = readBase(input.base ?? strictBaseline, options, warn);
  for (const preset of input.presets ?? []) mergePreset(policy, preset, options, warn);
  const scripts = input.inlineScripts ?? [];
  if (scripts.length > 0) {
    const hashes = scripts.map((script) => {
      if (typeof script !== "string") {
        throw new CspError(
          "invalid-type",
          "script-src",
          String(script),
          "inlineScripts: each entry must be the script's text.",
        );
      }
      return inlineScriptHash(script);
    });
    addSources(policy, "script-src", hashes, "inline-script hashes", warn);
  }
  const reportingEndpoints = applyReporting(policy, input.reporting, warn);
  checkInlineConflicts(policy, warn);
  checkDangerousSources(policy, warn);

  const directives = orderDirectives(policy);
  const header = serializeCsp(directives);
  if (input.enforceCloudFrontLimit === true) assertWithinCloudFrontLimit(directives, header, limit);
  return {
    header,
    directives,
    warnings,
    length: header.length,
    ...(reportingEndpoints === undefined ? {} : { reportingEndpoints }),
  };
}

function readBase(base: CspDirectives, options: ValidationOptions, warn: (m: string) => void): Policy {
  if (typeof base !== "object" || base === null) {
    throw new CspError(
      "invalid-type",
      "",
      String(base),
      "base must be an object of directive name → source list (use parseCsp for header text).",
    );
  }
  const policy: Policy = new Map();
  for (const [raw, values] of Object.entries(base)) {
    const name = normalizeDirectiveName(raw);
    if (policy.has(name)) {
      throw new CspError(
        "repeated-directive",
        name,
        raw,
        `${name} appears twice in the base (names are case-insensitive); merge the two lists.`,
      );
    }
    let list = dedupe(normalizeDirectiveValues(name, values, options));
    if (isSourceListDirective(name) && list.length > 1 && list.includes(NONE)) {
      warn(`${name}: the base lists 'none' with other sources; browsers ignore 'none' there, so it was removed.`);
      list = list.filter((source) => source !== NONE);
    }
    policy.set(name, list);
  }
  return policy;
}

function mergePreset(policy: Policy, preset: CspPreset, options: ValidationOptions, warn: (m: string) => void): void {
  if (
    typeof preset !== "object" ||
    preset === null ||
    typeof preset.directives !== "object" ||
    preset.directives === null
  ) {
    throw new CspError(
      "invalid-type",
      "",
      String(preset),
      "each preset must be an object with a directives map, e.g. presets.infobipLiveChat().",
    );
  }
  const origin = `preset ${preset.name}`;
  for (const message of preset.warnings ?? []) warn(message);
  const additions = new Map<string, string[]>();
  for (const [raw, values] of Object.entries(preset.directives)) {
    const name = normalizeDirectiveName(raw);
    if (!isSourceListDirective(name)) {
      throw new CspError(
        "preset-directive-not-allowed",
        name,
        raw,
        `${origin}: presets may only add sources to source-list directives, not ${name}.`,
      );
    }
    additions.set(name, [...(additions.get(name) ?? []), ...normalizeDirectiveValues(name, values, options)]);
  }
  // Parents before children, so a child created here inherits its parent's new sources.
  const names = [...additions.keys()].sort((a, b) => canonicalIndex(a) - canonicalIndex(b));
  for (const name of names) addSources(policy, name, additions.get(name) ?? [], origin, warn);
}

function addSources(
  policy: Policy,
  name: string,
  sources: readonly string[],
  origin: string,
  warn: (m: string) => void,
): void {
  if (sources.length === 0) return;
  const list = policy.get(name);
  if (list === undefined) {
    const parent = fallbackChain(name).find((candidate) => policy.has(candidate));
    if (parent === undefined) {
      // Unrestricted already allows the vendor: creating the directive would only take away the
      // site's own sources (a merge never removes a permission). More specific directives the
      // base does set still get the sources below.
      const fallsBack = fallbackChain(name).length > 0;
      warn(
        `${name}: the base leaves ${name} unrestricted` +
          (fallsBack ? " (no default-src to fall back to)" : "") +
          `, which already allows ${origin}'s sources; it stays unrestricted — add ${name}${fallsBack ? " or default-src" : ""} to the base to restrict it.`,
      );
    } else {
      const inherited = [...(policy.get(parent) ?? [])];
      append(inherited, sources);
      policy.set(name, inherited);
    }
  } else {
    if (list.length === 0 || (list.length === 1 && list[0] === NONE)) {
      warn(`${name}: ${origin} opens ${name}, which the base sets to 'none'.`);
    }
    append(list, sources);
  }

  const propagated = new Set<string>();
  const propagate = (from: string): void => {
    for (const target of PROPAGATION_TARGETS.get(from) ?? []) {
      const targetList = policy.get(target);
      if (targetList === undefined) continue;
      if (targetList.length === 0 || (targetList.length === 1 && targetList[0] === NONE)) {
        warn(
          `${target}: the base sets it to 'none' and it takes precedence over ${name}, so ${origin}'s sources were not copied into it.`,
        );
        continue;
      }
      append(targetList, sources);
      propagated.add(target);
      propagate(target);
    }
  };
  propagate(name);

  const shadowing = [...policy.keys()].filter(
    (other) =>
      other !== name &&
      !propagated.has(other) &&
      fallbackChain(other).includes(name) &&
      (!other.endsWith("-attr") || sources.some(affectsAttributes)) &&
      !(
        policy.get(other)?.length === 1 &&
        policy.get(other)?.[0] === NONE &&
        PROPAGATION_TARGETS.get(name)?.includes(other)
      ),
  );
  if (shadowing.length > 0) {
    warn(
      `${name}: the base's ${shadowing.join(", ")} take${shadowing.length === 1 ? "s" : ""} precedence over ${name} for ${shadowing.length === 1 ? "its" : "their"} resource type; ${origin}'s sources were not copied there — add them to the base if needed.`,
    );
  }
}

function affectsAttributes(source: string): boolean {
  return source === "'unsafe-inline'" || source === "'unsafe-hashes'" || sourceKind(source) === "hash";
}

function append(list: string[], sources: readonly string[]): void {
  for (const source of sources) if (!list.includes(source)) list.push(source);
  if (list.length > 1) {
    const index = list.indexOf(NONE);
    if (index !== -1) list.splice(index, 1);
  }
}

function dedupe(list: readonly string[]): string[] {
  return [...new Set(list)];
}

function applyReporting(
  policy: Policy,
  reporting: CspReporting | undefined,
  warn: (m: string) => void,
): string | undefined {
  if (reporting === undefined) return undefined;
  if (reporting.uri !== undefined) {
    const uri = normalizeReportUri("report-uri", reporting.uri);
    const list = policy.get("report-uri") ?? [];
    if (!list.includes(uri)) list.push(uri);
    policy.set("report-uri", list);
  }
  if (reporting.toUrl === undefined) {
    if (reporting.group !== undefined) {
      throw new CspError(
        "missing-report-url",
        "report-to",
        reporting.group,
        `report-to: group ${show(reporting.group)} given without toUrl; set reporting.toUrl to the endpoint URL.`,
      );
    }
    return undefined;
  }
  const url = normalizeReportingEndpoint(reporting.toUrl);
  const group = normalizeReportGroup("report-to", reporting.group ?? "csp-endpoint");
  const existing = policy.get("report-to")?.[0];
  if (existing !== undefined && existing !== group) {
    warn(`report-to: replaced the base's group ${existing} with ${group}.`);
  }
  policy.set("report-to", [group]);
  return `${group}="${url}"`;
}

function checkInlineConflicts(policy: Policy, warn: (m: string) => void): void {
  for (const name of INLINE_DIRECTIVES) {
    const list = policy.get(name);
    if (list === undefined) continue;
    const styles = !name.startsWith("script");
    const scripts = !name.startsWith("style");
    const what = !scripts ? "style" : styles ? "script and style" : "script";
    const pinned = list.some((source) => sourceKind(source) === "hash" || sourceKind(source) === "nonce");
    if (pinned && list.includes("'unsafe-inline'")) {
      warn(
        `${name}: has a hash or nonce, so browsers ignore its 'unsafe-inline' — every inline ${what} without a matching hash or nonce is blocked` +
          (styles
            ? ", including the inline styles the Live Chat widget injects (why its preset adds 'unsafe-inline'); remove the style hash or nonce if the site uses Live Chat."
            : " (for the Live Chat snippet, that is intended; check the site's other inline scripts)."),
      );
    }
    // 'strict-dynamic' means something for scripts only (CSP3 "Does a source list allow all inline behavior for type?").
    if (!scripts || !list.includes("'strict-dynamic'")) continue;
    if (!pinned && list.includes("'unsafe-inline'")) {
      warn(
        `${name}: 'strict-dynamic' makes browsers ignore its 'unsafe-inline' — every inline script without a matching hash or nonce is blocked.`,
      );
    }
    if (list.some((s) => sourceKind(s) === "host" || sourceKind(s) === "scheme")) {
      warn(
        `${name}: 'strict-dynamic' makes browsers ignore its host and scheme sources; scripts run only by hash or nonce, or when loaded by such a script (the Live Chat loader snippet loads widget.js that way).`,
      );
    }
  }
}

/** What each directive that can run code governs, for warnings about sources that open it to anyone. */
const CODE_DIRECTIVES: Readonly<Record<string, string>> = {
  "default-src": "every resource type without its own directive",
  "script-src": "scripts",
  "script-src-elem": "scripts",
  "object-src": "plugins (<object>, <embed>)",
};

/**
 * Sources that let an attacker's code in, as Google's CSP Evaluator rates them high: `*`, `data:`,
 * the bare schemes `http:`/`https:` in the directives that govern code, and `'unsafe-inline'` for
 * scripts without a hash or nonce; and a policy without `frame-ancestors` (clickjacking), which
 * nothing falls back to. Warned, not refused: the site's own base decides.
 */
function checkDangerousSources(policy: Policy, warn: (m: string) => void): void {
  for (const [name, what] of Object.entries(CODE_DIRECTIVES)) {
    const list = policy.get(name);
    if (list === undefined) continue;
    const instead =
      name === "object-src"
        ? "list the hosts you need instead, or set object-src 'none'."
        : "list the hosts you need instead.";
    for (const source of list) {
      if (source === "*") warn(`${name}: * allows ${what} from any host; ${instead}`);
      else if (source === "data:")
        warn(`${name}: data: allows ${what} from data: URLs, which injected markup can write itself; remove it.`);
      else if (source === "http:" || source === "https:")
        warn(`${name}: ${source} allows ${what} from any host over ${source.slice(0, -1)}; ${instead}`);
    }
    const pinned = list.some((source) => sourceKind(source) === "hash" || sourceKind(source) === "nonce");
    // With a hash, a nonce or 'strict-dynamic' browsers ignore 'unsafe-inline' (warned in checkInlineConflicts).
    if (name !== "object-src" && list.includes("'unsafe-inline'") && !pinned && !list.includes("'strict-dynamic'")) {
      warn(
        `${name}: 'unsafe-inline' without a hash or nonce lets any injected inline script run; allow inline scripts by hash (inlineScripts) or nonce instead.`,
      );
    }
  }
  if (!policy.has("frame-ancestors")) {
    warn(
      "frame-ancestors: the policy does not set it, so any site may frame these pages (clickjacking); add frame-ancestors 'self' (or 'none').",
    );
  }
}
