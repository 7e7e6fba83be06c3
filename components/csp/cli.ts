// The livechat-csp command, as a pure function of argv (bin/livechat-csp.ts is the shell).
import { parseArgs } from "node:util";
import { buildCsp } from "./buildCsp.ts";
import { cloudFrontCspLimitFor } from "./cloudFrontLimit.ts";
import { validateInfobipRegion } from "./infobipRegion.ts";
import { CspError } from "./cspError.ts";
import { liveChatSnippet } from "./liveChatSnippet.ts";
import { parseCsp } from "./parseCsp.ts";
import { type InfobipLiveChatOptions, presets, type UserpilotOptions } from "./presets/index.ts";
import type { CspPreset, CspReporting } from "./types.ts";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const USAGE = `Usage: livechat-csp [options]

Prints a Content-Security-Policy header value: the site's base policy merged with vendor presets.

Options:
  --preset NAME              infobip-livechat or userpilot (repeatable)
  --region R                 Infobip account region, e.g. fr, eu1: precise mode's hosts, and
                             the install snippet's host with --widget-id
  --api-region R             Infobip API region if it differs from --region
  --precise                  Infobip: only the hosts Live Chat uses, not *.infobip.com/net
  --default-icon             Infobip: allow data: images for the default widget icon
  --userpilot-detailed       Userpilot: per-host list instead of *.userpilot.io and wss:
  --base 'POLICY'            the site's own policy (default: ${"default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"})
  --widget-id ID             allow the Live Chat loader snippet for widget ID by hash
                             (with --region: the regional snippet); prints the snippet
  --report-uri URL           add report-uri URL
  --report-to URL            add report-to csp-endpoint; prints Reporting-Endpoints to stderr
  --allow-unsafe-eval        permit 'unsafe-eval' (refused by default)
  --enforce-cloudfront-limit fail if the header exceeds CloudFront's 1783 characters
                             (an adjustable quota: Service Quotas code L-E9944CCE)
  --cloudfront-quota N       the account's raised quota L-E9944CCE: fail above N instead
  --json                     print JSON: header, length, directives, warnings (and
                             reportingEndpoints, snippet, snippetHash when they apply)
  --help                     show this help

Warnings go to stderr. Exit code 2 on bad input.
`;

const fail = (reason: string): CliResult => ({
  code: 2,
  stdout: "",
  stderr: `livechat-csp: ${reason.split("\n")[0] ?? reason}\n`,
});

export function runCli(argv: readonly string[]): CliResult {
  try {
    return run(argv);
  } catch (error) {
    if (error instanceof CspError) return fail(error.message);
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) return fail((error as Error).message);
    throw error;
  }
}

/** The preset `--preset NAME` names, with its options; throws a `CspError` (`unknown-preset`) for any other name. */
export function presetNamed(name: string, infobip: InfobipLiveChatOptions, userpilot: UserpilotOptions): CspPreset {
  switch (name) {
    case "infobip-livechat":
      return presets.infobipLiveChat(infobip);
    case "userpilot":
      return presets.userpilot(userpilot);
    default:
      throw new CspError(
        "unknown-preset",
        "--preset",
        name,
        `unknown preset "${name}"; expected infobip-livechat or userpilot.`,
      );
  }
}

function run(argv: readonly string[]): CliResult {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      preset: { type: "string", multiple: true },
      region: { type: "string" },
      "api-region": { type: "string" },
      precise: { type: "boolean" },
      "default-icon": { type: "boolean" },
      "userpilot-detailed": { type: "boolean" },
      base: { type: "string" },
      "widget-id": { type: "string" },
      "report-uri": { type: "string" },
      "report-to": { type: "string" },
      "allow-unsafe-eval": { type: "boolean" },
      "enforce-cloudfront-limit": { type: "boolean" },
      "cloudfront-quota": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help === true) return { code: 0, stdout: USAGE, stderr: "" };

  const allowUnsafeEval = values["allow-unsafe-eval"] === true;
  const names = values.preset ?? [];
  const widgetId = values["widget-id"];
  // With a widget ID, wildcard mode still needs the region: it picks the snippet's host (and so its
  // hash). The preset itself would only call it unused, as the component does not pass it either.
  const presetRegion = values.precise !== true && widgetId !== undefined ? undefined : values.region;
  if (values.region !== undefined && presetRegion === undefined) validateInfobipRegion(values.region);
  const infobip: InfobipLiveChatOptions = {
    ...(presetRegion === undefined ? {} : { region: presetRegion }),
    ...(values["api-region"] === undefined ? {} : { apiRegion: values["api-region"] }),
    precise: values.precise === true,
    defaultIcon: values["default-icon"] === true,
  };
  const chosen = names.map((name) => presetNamed(name, infobip, { detailed: values["userpilot-detailed"] === true }));
  const infobipOnly = ["region", "api-region", "precise", "default-icon"] as const;
  for (const flag of infobipOnly) {
    if (values[flag] !== undefined && !names.includes("infobip-livechat")) {
      return fail(`--${flag} needs --preset infobip-livechat.`);
    }
  }
  if (values["userpilot-detailed"] !== undefined && !names.includes("userpilot")) {
    return fail("--userpilot-detailed needs --preset userpilot.");
  }

  const reporting: CspReporting = {
    ...(values["report-uri"] === undefined ? {} : { uri: values["report-uri"] }),
    ...(values["report-to"] === undefined ? {} : { toUrl: values["report-to"] }),
  };
  const quotaText = values["cloudfront-quota"];
  const quota = quotaText === undefined ? undefined : /^\d{1,9}$/.test(quotaText) ? Number(quotaText) : Number.NaN;
  if (quota !== undefined) cloudFrontCspLimitFor(quota, "--cloudfront-quota");
  const snippet =
    widgetId === undefined
      ? undefined
      : liveChatSnippet({ widgetId, ...(values.region === undefined ? {} : { region: values.region }) });
  const result = buildCsp({
    ...(values.base === undefined ? {} : { base: parseCsp(values.base, { allowUnsafeEval }) }),
    presets: chosen,
    ...(snippet === undefined ? {} : { inlineScripts: [snippet.script] }),
    reporting,
    allowUnsafeEval,
    enforceCloudFrontLimit: values["enforce-cloudfront-limit"] === true || quota !== undefined,
    ...(quota === undefined ? {} : { cloudFrontCspQuota: quota }),
  });

  let stderr = result.warnings.map((warning) => `livechat-csp: warning: ${warning}\n`).join("");
  if (result.reportingEndpoints !== undefined) {
    stderr += `livechat-csp: also send header Reporting-Endpoints: ${result.reportingEndpoints}\n`;
  }
  // stdout stays the header alone (scripts capture it); the snippet goes beside the other notes.
  if (snippet !== undefined && values.json !== true) {
    stderr += `livechat-csp: the install snippet the policy allows (put it between <script> and </script> byte for byte):\n${snippet.script}\n`;
  }
  const stdout =
    values.json === true
      ? `${JSON.stringify(
          {
            header: result.header,
            length: result.length,
            directives: result.directives,
            warnings: result.warnings,
            ...(result.reportingEndpoints === undefined ? {} : { reportingEndpoints: result.reportingEndpoints }),
            ...(snippet === undefined ? {} : { snippet: snippet.script, snippetHash: snippet.hash }),
          },
          null,
          2,
        )}\n`
      : `${result.header}\n`;
  return { code: 0, stdout, stderr };
}
