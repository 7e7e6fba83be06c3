// The demo's routes for the dev server: the page, its script and styles, and the CSP report
// sink. Every response of the page carries exactly the headers the CloudFront policy would send
// for the same CspPolicyArgs, so what works here works behind CloudFront.
import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { buildCsp } from "../../components/csp/index.ts";
import {
  cspHeaderNameFor,
  cspInputFromArgs,
  type CspPolicyArgs,
  securityHeadersFor,
  snippetFromArgs,
} from "../../components/cspPolicy.ts";
import { cspReportRoute, type CspViolationReport } from "../cspReports.ts";
import type { DevRoute } from "../devRoute.ts";
import { demoScriptPath, demoStylePath, renderDemoPage } from "./page.ts";
import { demoCspArgs, type DemoSettings } from "./settings.ts";

export interface DemoOptions {
  readonly settings: DemoSettings;
  /** Where each CSP violation line goes; default `console.log`. */
  readonly reportLog?: (line: string) => void;
  /** Called with each received violation report. */
  readonly onCspReport?: (report: CspViolationReport) => void;
}

export interface Demo {
  /** GET /, GET /demo.js, GET /demo.css, GET /favicon.ico (empty), POST /csp-report. */
  readonly routes: readonly DevRoute[];
  /** The CspPolicy arguments the page's headers come from. */
  readonly cspArgs: CspPolicyArgs;
  /** Exactly `securityHeadersFromArgs(cspArgs)`: sent with the page, its script and styles. */
  readonly headers: Readonly<Record<string, string>>;
  /** `Content-Security-Policy` or `Content-Security-Policy-Report-Only`. */
  readonly cspHeaderName: string;
  readonly cspHeaderValue: string;
  /** The engine's caveats about the policy. */
  readonly warnings: readonly string[];
  /** The install snippet inlined in the page, and its hash. */
  readonly snippet: { readonly script: string; readonly hash: string };
  /** The rendered page. */
  readonly html: string;
}

const assetsDir = new URL("./", import.meta.url);

function staticRoute(
  path: string,
  contentType: string,
  body: string | Buffer,
  headers: Readonly<Record<string, string>>,
): DevRoute {
  return {
    method: "GET",
    path,
    handle(_req, res: ServerResponse) {
      res.writeHead(200, { ...headers, "content-type": contentType, "cache-control": "no-store" });
      res.end(body);
    },
  };
}

/**
 * Builds the demo for `settings`. Throws a `CspError` for a widget ID or region the CSP engine
 * refuses (the message names the value and the fix).
 */
export function createDemo(options: DemoOptions): Demo {
  const cspArgs = demoCspArgs(options.settings);
  const snippet = snippetFromArgs(cspArgs);
  if (snippet === undefined) throw new Error("demoCspArgs always sets liveChatSnippetWidgetId.");
  const csp = buildCsp(cspInputFromArgs(cspArgs));
  const headers = securityHeadersFor(cspArgs, csp);
  const cspHeaderName = cspHeaderNameFor(cspArgs);
  const html = renderDemoPage({ settings: options.settings, snippet: snippet.script, cspHeaderName });
  const script = readFileSync(new URL("demo.js", assetsDir));
  const style = readFileSync(new URL("demo.css", assetsDir));
  const routes: DevRoute[] = [
    staticRoute("/", "text/html; charset=utf-8", html, headers),
    staticRoute(demoScriptPath, "text/javascript; charset=utf-8", script, headers),
    staticRoute(demoStylePath, "text/css; charset=utf-8", style, headers),
    // Browsers ask for it on every visit; without this the signer would log a 404 each time.
    {
      method: "GET",
      path: "/favicon.ico",
      handle: (_req, res) => void res.writeHead(204, { ...headers, "cache-control": "max-age=86400" }).end(),
    },
    cspReportRoute({
      disposition: cspArgs.reportOnly === true ? "report" : "enforce",
      ...(options.reportLog === undefined ? {} : { log: options.reportLog }),
      ...(options.onCspReport === undefined ? {} : { onReport: options.onCspReport }),
    }),
  ];
  return { routes, cspArgs, headers, cspHeaderName, cspHeaderValue: csp.header, warnings: csp.warnings, snippet, html };
}
