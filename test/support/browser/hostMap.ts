// Which host names the browser tests reach, and where each one really goes. Chromium gets this
// table as `--host-resolver-rules`; Firefox and WebKit get it through the local CONNECT proxy
// (hostProxy.ts). Either way a page keeps asking for `https://livechat.infobip.com/widget.js`
// (its real origin, for CSP matching) while the connection goes to a stand-in on 127.0.0.1, and
// every host outside the table never leaves the machine.

/** Host patterns served by the vendor stand-in. */
export const vendorHosts: readonly string[] = [
  "*.infobip.com",
  "*.infobip.net",
  "*.cloudfront.net",
  "*.userpilot.io",
  "fonts.googleapis.com",
  "fonts.gstatic.com",
  "evil.example",
];

/** Host patterns served by the site (`startSite`). */
export const siteHosts: readonly string[] = ["www.shop.test", "*.shop.test"];

export interface HostMapOptions {
  /** Port of `startVendorStandIn()`. */
  readonly vendorPort: number;
  /** Port of `startSite()`; maps `www.shop.test` (and `*.shop.test`). */
  readonly sitePort: number;
  /** Extra `host → port` mappings to 127.0.0.1, e.g. `{ "signer.lambda-url.test": 8787 }`. */
  readonly extraHosts?: Readonly<Record<string, number>>;
}

/** One mapping: an exact host, or `*.domain` for every name under `domain` (not `domain` itself). */
export interface HostRoute {
  readonly pattern: string;
  readonly port: number;
}

/** The mappings in the order they are tried (extra hosts first, as in Chromium's rule list). */
export function hostRoutes(options: HostMapOptions): HostRoute[] {
  return [
    ...Object.entries(options.extraHosts ?? {}).map(([pattern, port]) => ({ pattern, port })),
    ...vendorHosts.map((pattern) => ({ pattern, port: options.vendorPort })),
    ...siteHosts.map((pattern) => ({ pattern, port: options.sitePort })),
  ];
}

function matchesPattern(pattern: string, host: string): boolean {
  return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : host === pattern;
}

/** The local port `host` goes to, or undefined when it is not mapped (and must not be reached). */
export function portFor(routes: readonly HostRoute[], host: string): number | undefined {
  const name = host.toLowerCase().replace(/\.$/, "");
  return routes.find((route) => matchesPattern(route.pattern, name))?.port;
}

/** Chromium's `--host-resolver-rules` for the same table: everything else resolves to nothing. */
export function hostResolverRules(options: HostMapOptions): string {
  const rules = [
    ...hostRoutes(options).map((route) => `MAP ${route.pattern} 127.0.0.1:${route.port}`),
    // Anything else must never leave the machine: resolve it to nothing.
    "MAP * ~NOTFOUND",
    "EXCLUDE localhost",
    "EXCLUDE 127.0.0.1",
  ];
  return rules.join(", ");
}
