// What the demo page is for: the widget, its region, and the CSP options the stack would use.
// Read from the environment by `npm start`; built directly by tests.
import type { CspPolicyArgs } from "../../components/cspPolicy.ts";
import { cspReportPath } from "../cspReports.ts";
import type { DevSignerMode } from "../signerMode.ts";

/** Widget ID used when LIVECHAT_WIDGET_ID is unset: the page says so in a banner. */
export const placeholderWidgetId = "dev-widget-id";

export interface DemoSettings {
  /** The Live Chat widget ID (placed in the install snippet and used as the token's `iss`). */
  readonly widgetId: string;
  /** True when `widgetId` is the placeholder, not a real widget. */
  readonly placeholder: boolean;
  /** Account region (`livechat-<region>.infobip.com`); omit for the global account. */
  readonly region?: string;
  /** Add Userpilot's CSP preset (LIVECHAT_USERPILOT=1). */
  readonly userpilot: boolean;
  /** Send the CSP as Content-Security-Policy-Report-Only (LIVECHAT_CSP_REPORT_ONLY=1). */
  readonly reportOnly: boolean;
  /** The signer runs in OIDC identity mode: the page signs in with a pasted ID token instead of an identifier form. */
  readonly identity?: DemoIdentity;
}

/** What the page needs to know about the signer's OIDC identity mode. */
export interface DemoIdentity {
  /** The issuer whose ID tokens the signer accepts (shown on the page). */
  readonly issuer: string;
  /** Request header that carries the ID token, e.g. `x-livechat-identity`. */
  readonly headerName: string;
  /** When true, "Sign out" also ends the session at Infobip through `DELETE /sessions/<sid>`. */
  readonly endsSessions: boolean;
}

/** The page's view of a signer mode (dev/signerMode.ts); undefined in IAM mode. */
export function demoIdentityFromMode(mode: DevSignerMode): DemoIdentity | undefined {
  if (mode.identity === undefined) return undefined;
  return {
    issuer: mode.identity.issuer,
    headerName: mode.identity.headerName,
    endsSessions: mode.infobipApi !== undefined,
  };
}

/** Thrown for a bad demo environment variable; the message names it and the fix. */
export class DemoSettingsError extends Error {
  override readonly name = "DemoSettingsError";
}

type Env = Readonly<Record<string, string | undefined>>;

function flag(env: Env, name: string): boolean {
  const value = (env[name] ?? "").trim().toLowerCase();
  if (value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;
  throw new DemoSettingsError(
    `${name} must be 1 (on) or 0 (off); got ${JSON.stringify((env[name] ?? "").slice(0, 40))}.`,
  );
}

/**
 * Reads LIVECHAT_WIDGET_ID (placeholder when unset), LIVECHAT_REGION, LIVECHAT_USERPILOT and
 * LIVECHAT_CSP_REPORT_ONLY. The widget ID and region are checked when the CSP is built.
 */
export function demoSettingsFromEnv(env: Env): DemoSettings {
  const widgetId = env["LIVECHAT_WIDGET_ID"]?.trim() ?? "";
  const region = env["LIVECHAT_REGION"]?.trim() ?? "";
  return {
    widgetId: widgetId === "" ? placeholderWidgetId : widgetId,
    placeholder: widgetId === "" || widgetId === placeholderWidgetId,
    ...(region === "" ? {} : { region }),
    userpilot: flag(env, "LIVECHAT_USERPILOT"),
    reportOnly: flag(env, "LIVECHAT_CSP_REPORT_ONLY"),
  };
}

/** The CspPolicy arguments the stack would use for this widget: the page's headers come from them. */
export function demoCspArgs(settings: DemoSettings): CspPolicyArgs {
  return {
    infobipLiveChat: settings.region === undefined ? {} : { region: settings.region },
    ...(settings.userpilot ? { userpilot: {} } : {}),
    liveChatSnippetWidgetId: settings.widgetId,
    ...(settings.reportOnly ? { reportOnly: true } : {}),
    reportUri: cspReportPath,
  };
}
