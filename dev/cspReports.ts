// The local CSP report sink: `POST /csp-report` takes violation reports in both wire formats
// (`report-uri` → application/csp-report, Reporting API `report-to` → application/reports+json),
// writes each violation as one readable line and answers 204.
import type { ServerResponse } from "node:http";
import { escapeInvisible } from "../lambda/invisibleCharacters.ts";
import { sendProblem } from "./problem.ts";
import { readBounded } from "./readBounded.ts";
import type { DevRoute } from "./devRoute.ts";

/** Largest report body accepted, in bytes. A browser batch of a few reports is well under this. */
export const maxCspReportBytes = 64 * 1024;

/**
 * Violations printed per request; the rest are counted in one line. A browser batches a few
 * reports; 64 KiB of minimal ones would otherwise be some 1,800 lines from one request.
 */
export const maxCspReportsPrinted = 20;

export const cspReportPath = "/csp-report";

/** One violation, normalised from either wire format. */
export interface CspViolationReport {
  readonly format: "report-uri" | "report-to";
  /** The directive that blocked (or would block) the load, e.g. `script-src-elem`. */
  readonly directive: string;
  /** What was blocked: a URL, or `inline` / `eval`. */
  readonly blockedUri: string;
  readonly documentUri: string;
  /** `enforce` (blocked) or `report` (report-only: allowed, reported); empty when the browser does not say (WebKit's report-uri bodies). */
  readonly disposition: string;
  /** Where the offending code is, when the browser says (`file:line`). */
  readonly source?: string;
}

export type CspReportParseResult =
  | { readonly ok: true; readonly reports: readonly CspViolationReport[] }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly detail: string };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field(object: JsonObject, ...names: string[]): string {
  for (const name of names) {
    const value = object[name];
    if (typeof value === "string") return value;
    if (typeof value === "number") return String(value);
  }
  return "";
}

function source(file: string, line: string): string | undefined {
  if (file === "") return undefined;
  return line === "" || line === "0" ? file : `${file}:${line}`;
}

function fromLegacy(report: JsonObject): CspViolationReport {
  const where = source(field(report, "source-file"), field(report, "line-number"));
  return {
    format: "report-uri",
    directive: field(report, "effective-directive", "violated-directive"),
    blockedUri: field(report, "blocked-uri"),
    documentUri: field(report, "document-uri"),
    disposition: field(report, "disposition"),
    ...(where === undefined ? {} : { source: where }),
  };
}

function fromReportingApi(body: JsonObject): CspViolationReport {
  const where = source(field(body, "sourceFile"), field(body, "lineNumber"));
  return {
    format: "report-to",
    directive: field(body, "effectiveDirective"),
    blockedUri: field(body, "blockedURL"),
    documentUri: field(body, "documentURL"),
    disposition: field(body, "disposition"),
    ...(where === undefined ? {} : { source: where }),
  };
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses a report body. `application/csp-report` (and `application/json`) carry one
 * `{"csp-report": {...}}` object; `application/reports+json` carries an array of reports, of which
 * only `csp-violation` ones are kept. Anything else is refused with the status to answer.
 */
export function parseCspReportBody(contentType: string | undefined, body: Uint8Array): CspReportParseResult {
  if (body.byteLength > maxCspReportBytes) {
    return { ok: false, status: 413, detail: `The report body is larger than ${maxCspReportBytes} bytes.` };
  }
  const type = mediaType(contentType);
  const legacy = type === "application/csp-report" || type === "application/json";
  if (!legacy && type !== "application/reports+json") {
    return {
      ok: false,
      status: 415,
      detail: "Send reports as application/csp-report (report-uri) or application/reports+json (report-to).",
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(body));
  } catch {
    return { ok: false, status: 400, detail: "The report body is not valid UTF-8 JSON." };
  }
  if (legacy) {
    const report = isObject(parsed) ? parsed["csp-report"] : undefined;
    if (!isObject(report)) return { ok: false, status: 400, detail: 'Expected a JSON object {"csp-report": {...}}.' };
    return { ok: true, reports: [fromLegacy(report)] };
  }
  if (!Array.isArray(parsed)) return { ok: false, status: 400, detail: "Expected a JSON array of reports." };
  const reports: CspViolationReport[] = [];
  for (const entry of parsed) {
    if (!isObject(entry)) return { ok: false, status: 400, detail: "Each report must be a JSON object." };
    if (entry["type"] !== "csp-violation") continue; // deprecation, intervention, … are not ours
    const body = entry["body"];
    if (!isObject(body)) return { ok: false, status: 400, detail: 'A csp-violation report has no "body" object.' };
    reports.push(fromReportingApi(body));
  }
  return { ok: true, reports };
}

const maxShown = 300;

/** Makes browser-supplied text safe for one terminal line: controls and invisible characters escaped, length bounded. */
function clean(text: string): string {
  const escaped = escapeInvisible(text);
  if (escaped.length <= maxShown) return escaped;
  // Never cut between the two halves of a surrogate pair (that would print a lone surrogate).
  const end = /[\uD800-\uDBFF]/.test(escaped.charAt(maxShown - 1)) ? maxShown - 1 : maxShown;
  return `${escaped.slice(0, end)}…`;
}

/** One line, e.g. `CSP enforce: script-src-elem blocked https://evil.example/x.js on https://www.shop.test/ (report-uri)`. */
export function formatCspReport(report: CspViolationReport): string {
  const blocked = report.blockedUri === "" ? "(no URL)" : clean(report.blockedUri);
  const verb = report.disposition === "report" ? "would block" : "blocked";
  const where = report.source === undefined ? "" : ` at ${clean(report.source)}`;
  return `CSP ${clean(report.disposition)}: ${clean(report.directive) || "(unknown directive)"} ${verb} ${blocked} on ${clean(report.documentUri) || "(unknown page)"}${where} (${report.format})`;
}

export interface CspReportRouteOptions {
  /** Where each violation line goes; default `console.log`. */
  readonly log?: (line: string) => void;
  /** Called with each violation after it is logged (tests, tooling). */
  readonly onReport?: (report: CspViolationReport) => void;
  /**
   * The disposition of the policy this server sends (`report` for Content-Security-Policy-Report-Only),
   * for reports that do not carry one — WebKit's report-uri bodies have no `disposition`. Default `enforce`.
   */
  readonly disposition?: "enforce" | "report";
}

function answerProblem(res: ServerResponse, status: number, detail: string, close: boolean): void {
  const title = status === 413 ? "Payload too large" : status === 415 ? "Unsupported media type" : "Bad request";
  sendProblem(res, status, { type: "about:blank", title, detail }, close ? { connection: "close" } : {});
}

/** `POST /csp-report` for the dev server. */
export function cspReportRoute(options: CspReportRouteOptions = {}): DevRoute {
  const log = options.log ?? ((line: string) => console.log(line));
  return {
    method: "POST",
    path: cspReportPath,
    // Browsers post reports in no-cors mode; WebKit sends `Origin: null`. The sink uses no key and
    // only prints bounded, escaped lines, so a foreign origin may post here (the Host rule still holds).
    anyOrigin: true,
    async handle(req, res) {
      const { bytes, tooLarge } = await readBounded(req, maxCspReportBytes);
      if (tooLarge) {
        answerProblem(res, 413, `The report body is larger than ${maxCspReportBytes} bytes.`, true);
        res.on("finish", () => req.destroy());
        return;
      }
      const result = parseCspReportBody(req.headers["content-type"], bytes);
      if (!result.ok) {
        answerProblem(res, result.status, result.detail, false);
        return;
      }
      const reports = result.reports.map((r) =>
        r.disposition === "" ? { ...r, disposition: options.disposition ?? "enforce" } : r,
      );
      for (const report of reports.slice(0, maxCspReportsPrinted)) log(formatCspReport(report));
      const dropped = reports.length - maxCspReportsPrinted;
      if (dropped > 0)
        log(
          `CSP: ${dropped} more violation reports in this request were not printed (at most ${maxCspReportsPrinted} per request).`,
        );
      for (const report of reports) options.onReport?.(report);
      res.writeHead(204, { "cache-control": "no-store" }).end();
    },
  };
}
