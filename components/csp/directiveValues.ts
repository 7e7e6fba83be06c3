// Validation of directive names and of whole value lists, for every directive kind.
import { CspError, show } from "./cspError.ts";
import { directiveKind, isKnownDirective, KNOWN_DIRECTIVES, OBSOLETE_DIRECTIVES } from "./directives.ts";
import { assertNoInjection, normalizeSource, type ValidationOptions } from "./sourceExpression.ts";
import { isSecureOrLoopback } from "../../lambda/loopback.ts";

const SANDBOX_TOKENS: ReadonlySet<string> = new Set([
  "allow-downloads",
  "allow-forms",
  "allow-modals",
  "allow-orientation-lock",
  "allow-pointer-lock",
  "allow-popups",
  "allow-popups-to-escape-sandbox",
  "allow-presentation",
  "allow-same-origin",
  "allow-scripts",
  "allow-storage-access-by-user-activation",
  "allow-top-navigation",
  "allow-top-navigation-by-user-activation",
  "allow-top-navigation-to-custom-protocols",
]);
const TRUSTED_TYPES_POLICY = /^[A-Za-z0-9\-#=_/@.%]+$/;
/** A Structured Field key: also a valid `report-to` token and `Reporting-Endpoints` member name. */
export const REPORT_GROUP = /^[a-z*][a-z0-9_\-.*]*$/;
const PATH_URL = /^\/(?:[A-Za-z0-9\-._~!$&()*+=:@/]|%[0-9A-Fa-f]{2})*$/;

/** Lower-cases and checks a directive name. */
export function normalizeDirectiveName(raw: string): string {
  const name = raw.toLowerCase();
  if (isKnownDirective(name)) return name;
  if (OBSOLETE_DIRECTIVES.has(name)) {
    throw new CspError(
      "obsolete-directive",
      name,
      raw,
      `${show(raw)} is an obsolete directive that browsers ignore; remove it.`,
    );
  }
  throw new CspError(
    "unknown-directive",
    raw,
    raw,
    `unknown directive ${show(raw)}; check the spelling (known: ${KNOWN_DIRECTIVES.join(", ")}).`,
  );
}

/** Validates the values of directive `name` (already normalised) and returns them normalised. */
export function normalizeDirectiveValues(name: string, values: unknown, options: ValidationOptions = {}): string[] {
  if (!Array.isArray(values) || !values.every((v): v is string => typeof v === "string")) {
    throw new CspError("invalid-type", name, String(values), `${name}: values must be an array of strings.`);
  }
  const kind = directiveKind(name);
  const only = (allowed: readonly string[], count: "one" | "any"): string[] => {
    if (count === "one" && values.length !== 1) {
      throw new CspError(
        "invalid-value",
        name,
        values.join(" "),
        `${name}: expected exactly one of ${allowed.join(", ")}.`,
      );
    }
    return values.map((value) => {
      assertNoInjection(name, value);
      const lower = value.toLowerCase();
      if (!allowed.includes(lower)) {
        throw new CspError(
          "invalid-value",
          name,
          value,
          `${name}: ${show(value)} is not valid here; expected ${allowed.join(", ")}.`,
        );
      }
      return lower;
    });
  };

  switch (kind) {
    case "source-list":
    case "ancestor-source-list":
      return values.map((value) => normalizeSource(name, value, options, kind === "ancestor-source-list"));
    case "no-value":
      if (values.length > 0) {
        throw new CspError(
          "invalid-value",
          name,
          values.join(" "),
          `${name}: takes no value; remove ${show(values.join(" "))}.`,
        );
      }
      return [];
    case "sandbox":
      return only([...SANDBOX_TOKENS], "any");
    case "require-trusted-types-for":
      return only(["'script'"], "one");
    case "webrtc":
      return only(["'allow'", "'block'"], "one");
    case "trusted-types":
      return values.map((value) => {
        assertNoInjection(name, value);
        const lower = value.toLowerCase();
        if (lower === "'none'" || lower === "'allow-duplicates'") return lower;
        if (value === "*" || TRUSTED_TYPES_POLICY.test(value)) return value;
        throw new CspError(
          "invalid-value",
          name,
          value,
          `${name}: ${show(value)} is not a policy name, *, 'none' or 'allow-duplicates'.`,
        );
      });
    case "report-to":
      if (values.length !== 1) {
        throw new CspError(
          "invalid-value",
          name,
          values.join(" "),
          `${name}: expected exactly one reporting group name.`,
        );
      }
      return values.map((value) => normalizeReportGroup(name, value));
    case "report-uri":
      return values.map((value) => normalizeReportUri(name, value));
  }
}

export function normalizeReportGroup(directive: string, value: string): string {
  assertNoInjection(directive, value);
  if (!REPORT_GROUP.test(value)) {
    throw new CspError(
      "invalid-report-group",
      directive,
      value,
      `${directive}: ${show(value)} is not a valid reporting group; ` +
        "use lowercase letters, digits, '_', '-', '.', e.g. csp-endpoint.",
    );
  }
  return value;
}

/**
 * A reporting endpoint as the browser will read it: parsed with `URL` (so `http://localhost:@evil.example/r`
 * is evil.example, not localhost), https — or http on this machine, for local tests — and no credentials.
 * Returns why not, or undefined.
 */
function endpointProblem(value: string): string | undefined {
  if (!URL.canParse(value)) return "is not a URL";
  const url = new URL(value);
  if (url.username !== "" || url.password !== "") {
    return `must not carry credentials (user:password@ before the host, which is ${url.hostname}): every visitor's browser would be given them`;
  }
  if (!isSecureOrLoopback(url))
    return `must be an https:// URL (plain http only on this machine; its host is ${url.hostname}); browsers send reports only to secure endpoints`;
  return undefined;
}

/** `report-uri` accepts a path on the site's own origin (`/csp-report`) or an https URL. */
export function normalizeReportUri(directive: string, value: string): string {
  assertNoInjection(directive, value);
  if (PATH_URL.test(value) && !value.startsWith("//")) return value;
  const problem = /["\\'<>^`{|}]/.test(value) ? "is not a URL" : endpointProblem(value);
  if (problem === undefined) return value;
  throw new CspError(
    "invalid-report-url",
    directive,
    value,
    `${directive}: ${show(value)} ` +
      `${problem === "is not a URL" ? "is not an https:// URL or a path starting with a single /" : problem}.`,
  );
}

/** The Reporting API endpoint must be an absolute https URL that fits in a quoted header string. */
export function normalizeReportingEndpoint(value: string): string {
  assertNoInjection("report-to", value);
  const problem = /["\\]/.test(value) ? "is not a URL" : endpointProblem(value);
  if (problem === undefined) return value;
  const why = problem === "is not a URL" ? "must be an https:// URL that fits in a quoted header value" : problem;
  throw new CspError("invalid-report-url", "report-to", value, `report-to: endpoint ${show(value)} ${why}.`);
}
