// Launches Debian's Chromium through playwright-core with vendor hosts and the site host resolved to
// the local stand-ins. `MAP host 127.0.0.1:<port>` rewrites the port as well, so a page still asks
// for `https://livechat.infobip.com/widget.js` (port 443, real origin for CSP matching) while the
// connection goes to the stand-in's ephemeral port.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why the browser suite cannot run here, or undefined when it can. */
export function chromiumMissingReason(): string | undefined {
  return existsSync(chromiumPath)
    ? undefined
    : `Chromium not found at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH. Browser tests skipped.`;
}

/** Host patterns routed to the vendor stand-in. */
export const vendorHosts: readonly string[] = [
  "*.infobip.com",
  "*.infobip.net",
  "*.cloudfront.net",
  "*.userpilot.io",
  "fonts.googleapis.com",
  "fonts.gstatic.com",
  "evil.example",
];

export interface LaunchOptions {
  /** Port of `startVendorStandIn()`. */
  readonly vendorPort: number;
  /** Port of `startSite()`; maps `www.shop.test` (and `*.shop.test`). */
  readonly sitePort: number;
  /** Extra `host → port` mappings to 127.0.0.1, e.g. `{ "signer.shop.test": 8787 }`. */
  readonly extraHosts?: Readonly<Record<string, number>>;
  /** Extra Chromium flags. */
  readonly args?: readonly string[];
}

/** The `--host-resolver-rules` value: vendor hosts → vendor port, site hosts → site port, the rest unresolvable. */
export function hostResolverRules(options: Pick<LaunchOptions, "vendorPort" | "sitePort" | "extraHosts">): string {
  const rules = [
    ...Object.entries(options.extraHosts ?? {}).map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`),
    ...vendorHosts.map((host) => `MAP ${host} 127.0.0.1:${options.vendorPort}`),
    `MAP www.shop.test 127.0.0.1:${options.sitePort}`,
    `MAP *.shop.test 127.0.0.1:${options.sitePort}`,
    // Anything else must never leave the machine: resolve it to nothing.
    "MAP * ~NOTFOUND",
    "EXCLUDE localhost",
    "EXCLUDE 127.0.0.1",
  ];
  return rules.join(", ");
}

export function chromiumArgs(options: LaunchOptions): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--ignore-certificate-errors",
    `--host-resolver-rules=${hostResolverRules(options)}`,
    ...(options.args ?? []),
  ];
}

/** One browser per test file; close it in afterAll. */
export async function launchChromium(options: LaunchOptions): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs(options), timeout: 30_000 });
}
