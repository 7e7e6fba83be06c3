import * as pulumi from "@pulumi/pulumi";
import * as cloudfront from "@pulumi/aws/cloudfront/index.js";
import {
  buildCsp,
  cloudFrontCspLimit,
  cloudFrontCspQuotaCode,
  CspError,
  liveChatSnippet,
  presets,
} from "./csp/index.ts";
import { cloudFrontCspLimitFor } from "./csp/cloudFrontLimit.ts";
import { validateInfobipRegion } from "./csp/infobipRegion.ts";
import type { BuildCspInput, CspPreset, CspResult } from "./csp/index.ts";
import { UserpilotMode } from "./enums.ts";
import { physicalName } from "./naming.ts";
import { ArgsError, validatePlainText, validatePolicyComment, validatePolicyName } from "./validation.ts";

/** Options of the Infobip Live Chat CSP preset. */
export interface InfobipLiveChatCspOptions {
  /** Include the Live Chat preset. Default true. */
  enabled?: boolean;
  /** Account region as in `livechat-<region>.infobip.com` (e.g. `fr`, `eu1`); omit for the global account. */
  region?: string;
  /** Region of the account's API host (`api-<apiRegion>.infobip.com`) when it differs from `region`. */
  apiRegion?: string;
  /**
   * Allow only the hosts Live Chat uses for `region` instead of Infobip's documented wildcards
   * (`https://*.infobip.com`, `https://*.infobip.net`). Tighter, but breaks if Infobip moves the widget. Default false.
   */
  precise?: boolean;
  /** The widget uses Infobip's default icon (an SVG `data:` URL): adds `data:` to img-src. Default false. */
  defaultIcon?: boolean;
}

/** Options of the Userpilot CSP preset (included when this object is given). */
export interface UserpilotCspOptions {
  /** Which of Userpilot's lists to allow: `short` (default; `*.userpilot.io`) or `detailed` (every host by name). */
  mode?: UserpilotMode;
  /** Deprecated: use `mode: detailed`. True is the same as `mode: detailed`; it may not contradict `mode`. */
  detailed?: boolean;
}

/** @deprecated Renamed `InfobipLiveChatCspOptions` (a schema type named `…Args` collides with generated SDKs' own `…Args` classes). */
export type InfobipLiveChatCspArgs = InfobipLiveChatCspOptions;
/** @deprecated Renamed `UserpilotCspOptions` (a schema type named `…Args` collides with generated SDKs' own `…Args` classes). */
export type UserpilotCspArgs = UserpilotCspOptions;

/** Arguments of `CspPolicy`. All plain values: the header is computed and checked at preview. */
export interface CspPolicyArgs {
  /** Infobip Live Chat's requirements; on by default. */
  infobipLiveChat?: InfobipLiveChatCspOptions;
  /** Userpilot's requirements; off unless given. */
  userpilot?: UserpilotCspOptions;
  /**
   * The site's own policy, directive name → sources, e.g. `{"default-src": ["'self'"], "img-src": ["'self'", "https://cdn.example.com"]}`.
   * Replaces the strict baseline (`default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'`).
   */
  directives?: { [name: string]: string[] };
  /** Exact texts of inline `<script>` elements to allow by hash (script-src `'sha256-…'`). */
  inlineScripts?: string[];
  /**
   * Allow Infobip's standard install snippet for this widget ID inline, by hash; the snippet text and hash
   * become the `snippet` and `snippetHash` outputs. Uses `infobipLiveChat.region` for the widget host.
   */
  liveChatSnippetWidgetId?: string;
  /**
   * Send the policy as `Content-Security-Policy-Report-Only` (violations are reported, nothing is blocked).
   * Use it to trial a policy on a live site before enforcing. Default false (enforced).
   */
  reportOnly?: boolean;
  /** Legacy `report-uri` endpoint for violation reports (absolute https URL or a path). */
  reportUri?: string;
  /** Reporting API endpoint URL: adds `report-to` and a `Reporting-Endpoints` header. */
  reportToUrl?: string;
  /** Permit `'unsafe-eval'` in the site's directives (refused by default). */
  allowUnsafeEval?: boolean;
  /** Add `preload` to Strict-Transport-Security (only if the domain is, or will be, on the HSTS preload list). Default false. */
  hstsPreload?: boolean;
  /**
   * Send X-Frame-Options matching the policy's frame-ancestors (`'none'` → DENY, `'self'` → SAMEORIGIN;
   * any other list → no X-Frame-Options, browsers use frame-ancestors). Default true when the policy is
   * enforced; with `reportOnly` default false, since X-Frame-Options would block the framing that the
   * report-only frame-ancestors only reports (set true to send it anyway).
   */
  frameOptions?: boolean;
  /**
   * The response-headers policy's name (1–128 letters, digits, `-`, `_`; unique in the account).
   * Default `<project>-<stack>-<component name>`.
   */
  name?: string;
  /** Comment on the response-headers policy (at most 128 characters, CloudFront's limit). */
  comment?: string;
  /**
   * The account's CloudFront quota for the length of a Content-Security-Policy value, when AWS has
   * raised it (Service Quotas, CloudFront, quota code L-E9944CCE). A longer header is refused at
   * preview; this sets how long. A whole number of characters, at least 1783 (the default, which
   * applies when unset). Set it only after the quota increase is granted, or the deploy fails.
   */
  cspQuotaCharacters?: number;
}

/**
 * The CSP settings of `LiveChat` (its `csp` argument): the same fields as `CspPolicyArgs`, under a name of its own in the
 * multi-language schema (a schema type named `CspPolicyArgs` would collide with the SDKs' argument class of `CspPolicy`).
 */
export interface CspPolicyOptions extends CspPolicyArgs {}

/** HSTS max-age: two years. */
export const hstsMaxAgeSeconds = 63_072_000;
/** The Referrer-Policy the policy sends. */
export const referrerPolicy = "strict-origin-when-cross-origin";

/** The presets `args` asks for, in merge order. */
function presetsFromArgs(args: CspPolicyArgs): CspPreset[] {
  const chosen: CspPreset[] = [];
  const live = args.infobipLiveChat ?? {};
  if (live.enabled !== false) {
    // In wildcard mode the region only picks the snippet's widget host; the wildcards cover it.
    const region = live.region === undefined ? undefined : validateInfobipRegion(live.region, "infobipLiveChat.region");
    chosen.push(
      presets.infobipLiveChat({
        ...(region === undefined || live.precise !== true ? {} : { region }),
        ...(live.apiRegion === undefined ? {} : { apiRegion: live.apiRegion }),
        ...(live.precise === undefined ? {} : { precise: live.precise }),
        ...(live.defaultIcon === undefined ? {} : { defaultIcon: live.defaultIcon }),
      }),
    );
  }
  if (args.userpilot !== undefined) {
    chosen.push(presets.userpilot({ detailed: userpilotMode(args.userpilot) === UserpilotMode.Detailed }));
  }
  return chosen;
}

/** `userpilot.mode`, with the deprecated `userpilot.detailed` folded in. */
function userpilotMode(userpilot: UserpilotCspOptions): UserpilotMode {
  const modes: readonly string[] = Object.values(UserpilotMode);
  if (userpilot.mode !== undefined && !modes.includes(userpilot.mode)) {
    throw new ArgsError(
      "userpilot.mode",
      `userpilot.mode is ${JSON.stringify(userpilot.mode)}: use "short" (the default) or "detailed".`,
    );
  }
  if (userpilot.detailed === true && userpilot.mode === UserpilotMode.Short) {
    throw new ArgsError(
      "userpilot.detailed",
      `userpilot.detailed is true but userpilot.mode is "short": remove userpilot.detailed (deprecated) and keep the mode you want.`,
      "conflicting-arguments",
    );
  }
  return userpilot.detailed === true ? UserpilotMode.Detailed : (userpilot.mode ?? UserpilotMode.Short);
}

/** The install snippet `args` asks to allow, if any. */
export function snippetFromArgs(args: CspPolicyArgs): { script: string; hash: string } | undefined {
  if (args.liveChatSnippetWidgetId === undefined) return undefined;
  const region = args.infobipLiveChat?.region;
  return liveChatSnippet({ widgetId: args.liveChatSnippetWidgetId, ...(region === undefined ? {} : { region }) });
}

/**
 * The `buildCsp` input for `args`, with CloudFront's length limit enforced. A server that renders
 * its own pages (e.g. the local dev server) passes this to `buildCsp` to send the very same header.
 */
export function cspInputFromArgs(args: CspPolicyArgs): BuildCspInput {
  const snippet = snippetFromArgs(args);
  const inlineScripts = [...(args.inlineScripts ?? []), ...(snippet === undefined ? [] : [snippet.script])];
  const reporting = {
    ...(args.reportUri === undefined ? {} : { uri: validatePlainText(args.reportUri, "reportUri") }),
    ...(args.reportToUrl === undefined ? {} : { toUrl: validatePlainText(args.reportToUrl, "reportToUrl") }),
  };
  return {
    ...(args.directives === undefined ? {} : { base: args.directives }),
    presets: presetsFromArgs(args),
    ...(inlineScripts.length === 0 ? {} : { inlineScripts }),
    ...(Object.keys(reporting).length === 0 ? {} : { reporting }),
    ...(args.allowUnsafeEval === true ? { allowUnsafeEval: true } : {}),
    enforceCloudFrontLimit: true,
    ...(args.cspQuotaCharacters === undefined ? {} : { cloudFrontCspQuota: validateCspQuota(args.cspQuotaCharacters) }),
  };
}

/** `cspQuotaCharacters`: a raised quota, by the CSP engine's rule (a whole number ≥ 1783), refused in the component's words. */
function validateCspQuota(value: number): number {
  try {
    return cloudFrontCspLimitFor(value);
  } catch (error) {
    if (!(error instanceof CspError)) throw error;
    throw new ArgsError(
      "cspQuotaCharacters",
      `cspQuotaCharacters is ${String(value)}: give the account's raised CloudFront quota ${cloudFrontCspQuotaCode} (Service Quotas) as a whole number of characters, at least ${cloudFrontCspLimit} (the default); leave it unset unless AWS raised it.`,
    );
  }
}

/** X-Frame-Options equivalent to a frame-ancestors list, when one exists. */
export function frameOptionFor(frameAncestors: readonly string[] | undefined): "DENY" | "SAMEORIGIN" | undefined {
  if (frameAncestors === undefined || frameAncestors.length !== 1) return undefined;
  if (frameAncestors[0] === "'none'") return "DENY";
  if (frameAncestors[0] === "'self'") return "SAMEORIGIN";
  return undefined;
}

/** The header the policy for `args` carries the CSP in: enforced, or report-only. */
export function cspHeaderNameFor(
  args: CspPolicyArgs,
): "Content-Security-Policy" | "Content-Security-Policy-Report-Only" {
  return args.reportOnly === true ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy";
}

/** The headers the policy for `args` sends, given the CSP already built for it (`buildCsp(cspInputFromArgs(args))`). */
export function securityHeadersFor(args: CspPolicyArgs, csp: CspResult): Record<string, string> {
  const headers: Record<string, string> = {};
  headers[cspHeaderNameFor(args)] = csp.header;
  if (csp.reportingEndpoints !== undefined) headers["Reporting-Endpoints"] = csp.reportingEndpoints;
  headers["Strict-Transport-Security"] =
    `max-age=${hstsMaxAgeSeconds}; includeSubDomains${args.hstsPreload === true ? "; preload" : ""}`;
  headers["X-Content-Type-Options"] = "nosniff";
  // Report-only must block nothing, and X-Frame-Options would enforce what frame-ancestors only reports.
  const sendFrameOptions = args.frameOptions ?? args.reportOnly !== true;
  const frameOption = sendFrameOptions ? frameOptionFor(csp.directives["frame-ancestors"]) : undefined;
  if (frameOption !== undefined) headers["X-Frame-Options"] = frameOption;
  headers["Referrer-Policy"] = referrerPolicy;
  return headers;
}

/**
 * The HTTP response headers the CloudFront policy for `args` sends, as plain name → value pairs
 * (CSP or CSP-Report-Only, Reporting-Endpoints, Strict-Transport-Security, X-Content-Type-Options,
 * X-Frame-Options, Referrer-Policy). A local server sends exactly these to behave like CloudFront.
 */
export function securityHeadersFromArgs(args: CspPolicyArgs): Record<string, string> {
  return securityHeadersFor(args, buildCsp(cspInputFromArgs(args)));
}

/**
 * A CloudFront response-headers policy carrying a Content-Security-Policy that lets Infobip Live Chat
 * (and optionally Userpilot) work under the site's own policy, plus HSTS, X-Content-Type-Options,
 * X-Frame-Options and Referrer-Policy. Attach `policyId` to a distribution's cache behaviors.
 */
export class CspPolicy extends pulumi.ComponentResource {
  /** ID of the response-headers policy (`responseHeadersPolicyId` of a cache behavior). */
  public readonly policyId: pulumi.Output<string>;
  /** The exact Content-Security-Policy value (sent as CSP-Report-Only in report-only mode). */
  public readonly contentSecurityPolicy: pulumi.Output<string>;
  /** Every header the policy sends, name → value. */
  public readonly headers: pulumi.Output<{ [name: string]: string }>;
  /** Caveats about the policy a security reviewer should read. */
  public readonly warnings: pulumi.Output<string[]>;
  /** The Live Chat install snippet allowed by hash, when `liveChatSnippetWidgetId` is set: put it between `<script>` tags byte for byte. */
  public readonly snippet: pulumi.Output<string | undefined>;
  /** The snippet's `'sha256-…'` source expression, when `liveChatSnippetWidgetId` is set. */
  public readonly snippetHash: pulumi.Output<string | undefined>;

  constructor(name: string, args: CspPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("livechat-aws:index:CspPolicy", name, {}, opts);
    const csp = buildCsp(cspInputFromArgs(args));
    for (const warning of csp.warnings) pulumi.log.warn(warning, this);
    const headers = securityHeadersFor(args, csp);
    const snippet = snippetFromArgs(args);
    const policyName =
      args.name === undefined
        ? physicalName([pulumi.getProject(), pulumi.getStack(), name], 128)
        : validatePolicyName(args.name);

    const frameOption = headers["X-Frame-Options"];
    const customHeaders = ["Content-Security-Policy-Report-Only", "Reporting-Endpoints"].filter(
      (h) => headers[h] !== undefined,
    );
    const policy = new cloudfront.ResponseHeadersPolicy(
      `${name}-headers`,
      {
        name: policyName,
        comment:
          args.comment === undefined
            ? "Security headers with a CSP for Infobip Live Chat (livechat-aws)"
            : validatePolicyComment(args.comment),
        securityHeadersConfig: {
          ...(args.reportOnly === true
            ? {}
            : { contentSecurityPolicy: { contentSecurityPolicy: csp.header, override: true } }),
          strictTransportSecurity: {
            accessControlMaxAgeSec: hstsMaxAgeSeconds,
            includeSubdomains: true,
            preload: args.hstsPreload === true,
            override: true,
          },
          contentTypeOptions: { override: true },
          ...(frameOption === undefined ? {} : { frameOptions: { frameOption, override: true } }),
          referrerPolicy: { referrerPolicy, override: true },
        },
        // CloudFront's security-headers block enforces CSP only; the rest are custom headers.
        ...(customHeaders.length === 0
          ? {}
          : {
              customHeadersConfig: {
                items: customHeaders.map((header) => ({ header, value: headers[header] as string, override: true })),
              },
            }),
      },
      { parent: this },
    );

    this.policyId = policy.id;
    this.contentSecurityPolicy = pulumi.output(csp.header);
    this.headers = pulumi.output(headers);
    this.warnings = pulumi.output(csp.warnings);
    this.snippet = pulumi.output(snippet?.script);
    this.snippetHash = pulumi.output(snippet?.hash);
    this.registerOutputs({
      policyId: this.policyId,
      contentSecurityPolicy: this.contentSecurityPolicy,
      headers: this.headers,
      warnings: this.warnings,
      snippet: this.snippet,
      snippetHash: this.snippetHash,
    });
  }
}
