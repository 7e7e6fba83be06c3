// `npm start`: the signer's HTTP contract on 127.0.0.1 with a local key, and a Live Chat demo page
// under the very headers the CloudFront policy sends; no AWS needed. In IAM mode the signer's routes
// want SigV4 with the dev credentials it prints (.dev/credentials.json), as the Function URL does.
//   PORT (default 8787), LIVECHAT_WIDGET_ID (default: a placeholder), LIVECHAT_SECRET (portal JSON;
//   default: a dev key generated into .dev/secret.json), LIVECHAT_REGION, LIVECHAT_USERPILOT=1,
//   LIVECHAT_CSP_REPORT_ONLY=1, LIVECHAT_TOKEN_TTL_SECONDS, LIVECHAT_MAX_TOKEN_TTL_SECONDS.
// OIDC identity mode, as the Lambda reads it: LIVECHAT_IDENTITY_ISSUER + LIVECHAT_IDENTITY_AUDIENCES
//   (+ LIVECHAT_IDENTITY_JWKS_URI, _SUBJECT_TYPE, _SUBJECT_CLAIM, _SESSION_CLAIM, _HEADER,
//   LIVECHAT_ALLOWED_ORIGINS). Session invalidation: LIVECHAT_INFOBIP_API_SECRET='{"apiKey","baseUrl"}'.
// Behind a local proxy: LIVECHAT_DEV_ALLOWED_ORIGINS=https://shop.local.test:8443 (comma-separated);
//   otherwise only Host 127.0.0.1/localhost/[::1]:PORT is answered and only same-origin writes are taken.
import path from "node:path";
import { packageRoot } from "../components/signerBundle.ts";
import { ConfigError, readTokenSettings } from "../lambda/config.ts";
import { SecretFormatError } from "../lambda/secret/parseSecret.ts";
import { cloudFrontCspLimit, CspError } from "../components/csp/index.ts";
import { createDemo, type Demo } from "./demo/routes.ts";
import { demoIdentityFromMode, demoSettingsFromEnv, DemoSettingsError, placeholderWidgetId } from "./demo/settings.ts";
import { loadDevCredentials } from "./devCredentials.ts";
import { loadDevSecret } from "./devSecret.ts";
import { describeIamAuth, iamTryLines } from "./iamBanner.ts";
import { startDevServer } from "./server.ts";
import { devAccessFromEnv, DevAccessError } from "./requestGuard.ts";
import { describeSignerMode, devSignerModeFromEnv, type DevSignerMode } from "./signerMode.ts";

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

const portText = process.env["PORT"] ?? "8787";
if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
  fail(`PORT must be a port number (0–65535); got ${JSON.stringify(portText)}.`);

let settings;
let mode: DevSignerMode;
let access: ReturnType<typeof devAccessFromEnv>;
try {
  settings = readTokenSettings({
    ...process.env,
    LIVECHAT_WIDGET_ID: process.env["LIVECHAT_WIDGET_ID"] || placeholderWidgetId,
  });
  mode = devSignerModeFromEnv(process.env);
  access = devAccessFromEnv(process.env);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DevAccessError) fail(error.message);
  throw error;
}

let demo: Demo;
try {
  const identity = demoIdentityFromMode(mode);
  demo = createDemo({
    settings: {
      ...demoSettingsFromEnv({ ...process.env, LIVECHAT_WIDGET_ID: settings.widgetId }),
      ...(identity === undefined ? {} : { identity }),
    },
  });
} catch (error) {
  if (error instanceof DemoSettingsError) fail(error.message);
  if (error instanceof CspError)
    fail(
      `${error.directive === "widgetId" ? "LIVECHAT_WIDGET_ID" : error.directive === "region" ? "LIVECHAT_REGION" : "CSP"}: ${error.message}`,
    );
  throw error;
}

const secret = loadDevSecret(packageRoot());
const iamCredentials = mode.identity === undefined ? loadDevCredentials(packageRoot()) : undefined;
let server;
try {
  server = await startDevServer({
    port: Number(portText),
    secret: secret.text,
    widgetId: settings.widgetId,
    ttl: settings,
    extraRoutes: demo.routes,
    ...(iamCredentials === undefined ? {} : { iamCredentials }),
    ...mode, // identity and infobipApi, as read from the environment
    ...access, // allowedHosts and allowedOrigins, from LIVECHAT_DEV_ALLOWED_ORIGINS
  });
} catch (error) {
  if (error instanceof SecretFormatError)
    fail(`${secret.source === "LIVECHAT_SECRET" ? "LIVECHAT_SECRET" : secret.file}: ${error.message}`);
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
    fail(`port ${portText} is in use: set PORT to another port.`);
  throw error;
}

const keySource =
  secret.source === "LIVECHAT_SECRET"
    ? "from LIVECHAT_SECRET"
    : `from ${path.relative(process.cwd(), secret.file ?? "") || secret.file} (${secret.source === "generated" ? "generated now" : "dev key"}; set LIVECHAT_SECRET to the portal's JSON to use your widget's key)`;
console.log(`livechat-aws signer (local) listening on ${server.url}
  widget ID: ${settings.widgetId}${settings.widgetId === placeholderWidgetId ? " (placeholder; set LIVECHAT_WIDGET_ID)" : ""}
  key id:    ${JSON.stringify(server.keyId)} ${keySource}${server.secretWarnings.map((w) => `\n  warning:   ${w}`).join("")}
  TTL:       ${settings.defaultTtlSeconds} s by default, up to ${settings.maxTtlSeconds} s per request
  access:    Host 127.0.0.1, localhost or [::1] only, writes only from those pages${
    access.allowedOrigins.length === 0
      ? " (LIVECHAT_DEV_ALLOWED_ORIGINS adds a local proxy's origin)"
      : `, and ${access.allowedOrigins.join(", ")} (LIVECHAT_DEV_ALLOWED_ORIGINS)`
  }
${describeSignerMode(mode)
  .map((line) => `  ${line}`)
  .join("\n")}${
  iamCredentials === undefined
    ? ""
    : `\n${describeIamAuth(
        iamCredentials,
        `${path.relative(process.cwd(), iamCredentials.file) || iamCredentials.file}${iamCredentials.generated ? ", generated now" : ""}`,
      )
        .map((line) => `  ${line}`)
        .join("\n")}`
}

Demo page: ${server.url}/  (${mode.identity === undefined ? "sign a customer in and out" : "sign in with a pasted ID token, and out"}; CSP violation reports are logged here)
  region:    ${demo.cspArgs.infobipLiveChat?.region ?? "global (set LIVECHAT_REGION for a regional account, e.g. fr)"}
  userpilot: ${demo.cspArgs.userpilot === undefined ? "off (LIVECHAT_USERPILOT=1 adds its preset)" : "on"}
  ${demo.cspHeaderName}: ${demo.cspHeaderValue}
  CSP length: ${demo.cspHeaderValue.length} of CloudFront's ${cloudFrontCspLimit} characters (${cloudFrontCspLimit - demo.cspHeaderValue.length} to spare)${demo.warnings.map((w) => `\n  warning:   ${w}`).join("")}
${
  settings.widgetId === placeholderWidgetId || secret.source !== "LIVECHAT_SECRET"
    ? `
To sign in to your real widget, restart with:
  LIVECHAT_WIDGET_ID=<widget ID from the Infobip portal>
  LIVECHAT_SECRET='{"id": …, "key": "…"}'   (the widget's personalization key JSON, exactly as the portal shows it)
  LIVECHAT_REGION=<region>                  (only for a regional account, as in livechat-<region>.infobip.com)
`
    : ""
}
Try${iamCredentials === undefined ? "" : " (in a shell with the export line above)"}:
  ${
    mode.identity === undefined
      ? (iamCredentials === undefined ? [] : iamTryLines(server.url, iamCredentials)).join("\n  ")
      : `curl -sS ${server.url}/token -H '${mode.identity.headerName}: <an ID token from ${mode.identity.issuer}>'${
          mode.infobipApi === undefined || mode.identity.sessionClaim === undefined
            ? ""
            : `\n  curl -sS -X DELETE ${server.url}/sessions/<sid> -H '${mode.identity.headerName}: <the same ID token>'`
        }`
  }
`);

const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
