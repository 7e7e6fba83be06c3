import { describe, expect, test } from "vitest";
import { installMocks, resource, settle, underName, unwrap, valueOf } from "./mocks.ts";

await installMocks("livechat-test", "test");
const { CspPolicy, cspInputFromArgs, securityHeadersFromArgs, frameOptionFor } =
  await import("../../components/cspPolicy.ts");
const { buildCsp, liveChatSnippet, presets, parseCsp, strictBaseline, cloudFrontCspLimit } =
  await import("../../components/csp/index.ts");

const POLICY = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";
const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";

describe("CspPolicy, enforced, Infobip preset by default", async () => {
  const policy = new CspPolicy("site", {});
  const csp = await valueOf(policy.contentSecurityPolicy);
  const policyId = await valueOf(policy.policyId);
  const headers = await valueOf(policy.headers);
  const snippet = await valueOf(policy.snippet);
  await settle();

  test("creates one response-headers policy under the component", () => {
    expect(underName("site").map((r) => `${r.type} ${r.name}`)).toEqual([
      "livechat-aws:index:CspPolicy site",
      `${POLICY} site-headers`,
    ]);
    expect(policyId).toBe("site-headers-id");
    expect(snippet).toBeUndefined();
  });

  test("the CSP is exactly buildCsp over the strict baseline plus the Infobip preset", () => {
    const expected = buildCsp({ presets: [presets.infobipLiveChat()], enforceCloudFrontLimit: true }).header;
    expect(csp).toBe(expected);
    expect(buildCsp({ base: strictBaseline, presets: [presets.infobipLiveChat({})] }).header).toBe(expected);
    const directives = parseCsp(csp);
    expect(directives["connect-src"]).toEqual(
      expect.arrayContaining(["'self'", "https://*.infobip.com", "wss://*.infobip.com"]),
    );
    expect(directives["frame-ancestors"]).toEqual(["'self'"]);
  });

  test("the security headers: CSP enforced with override, HSTS two years with subdomains, nosniff, SAMEORIGIN, referrer policy", () => {
    const inputs = unwrap(resource(POLICY, "site-headers").inputs) as Record<string, unknown>;
    expect(inputs).toEqual({
      name: "livechat-test-test-site",
      comment: "Security headers with a CSP for Infobip Live Chat (livechat-aws)",
      securityHeadersConfig: {
        contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
        strictTransportSecurity: {
          accessControlMaxAgeSec: 63072000,
          includeSubdomains: true,
          preload: false,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "SAMEORIGIN", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
      },
    });
  });

  test("securityHeadersFromArgs lists exactly the headers the policy sends", () => {
    expect(headers).toEqual({
      "Content-Security-Policy": csp,
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "SAMEORIGIN",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    expect(securityHeadersFromArgs({})).toEqual(headers);
  });
});

describe("CspPolicy in report-only mode with reporting, Userpilot, the site's directives and the snippet", async () => {
  const args = {
    infobipLiveChat: { region: "fr", precise: true, defaultIcon: true },
    userpilot: {},
    directives: {
      "default-src": ["'self'"],
      "img-src": ["'self'", "https://cdn.shop.example"],
      "frame-ancestors": ["'none'"],
    },
    liveChatSnippetWidgetId: widgetId,
    reportOnly: true,
    reportUri: "https://csp.shop.example/report",
    reportToUrl: "https://csp.shop.example/reports",
    hstsPreload: true,
    name: "shop-dev-headers",
  };
  const policy = new CspPolicy("ro", args);
  const csp = await valueOf(policy.contentSecurityPolicy);
  const snippet = await valueOf(policy.snippet);
  const snippetHash = await valueOf(policy.snippetHash);
  const warnings = await valueOf(policy.warnings);
  await settle();
  const inputs = unwrap(resource(POLICY, "ro-headers").inputs) as Record<string, Record<string, unknown>>;
  const expected = buildCsp({
    base: args.directives,
    presets: [presets.infobipLiveChat({ region: "fr", precise: true, defaultIcon: true }), presets.userpilot({})],
    inlineScripts: [liveChatSnippet({ widgetId, region: "fr" }).script],
    reporting: { uri: "https://csp.shop.example/report", toUrl: "https://csp.shop.example/reports" },
    enforceCloudFrontLimit: true,
  });

  test("the header equals buildCsp for the same input and carries the snippet's hash", () => {
    expect(csp).toBe(expected.header);
    expect(cspInputFromArgs(args)).toEqual({
      base: args.directives,
      presets: [presets.infobipLiveChat({ region: "fr", precise: true, defaultIcon: true }), presets.userpilot({})],
      inlineScripts: [liveChatSnippet({ widgetId, region: "fr" }).script],
      reporting: { uri: "https://csp.shop.example/report", toUrl: "https://csp.shop.example/reports" },
      enforceCloudFrontLimit: true,
    });
    expect(snippet).toBe(liveChatSnippet({ widgetId, region: "fr" }).script);
    expect(snippetHash).toBe(liveChatSnippet({ widgetId, region: "fr" }).hash);
    expect(parseCsp(csp)["script-src"]).toContain(snippetHash);
    expect(warnings).toEqual(expected.warnings);
  });

  test("the CSP goes in a custom Content-Security-Policy-Report-Only header with Reporting-Endpoints; none enforced", () => {
    expect(inputs["name"]).toBe("shop-dev-headers");
    expect(inputs["securityHeadersConfig"]?.["contentSecurityPolicy"]).toBeUndefined();
    expect(inputs["customHeadersConfig"]).toEqual({
      items: [
        { header: "Content-Security-Policy-Report-Only", value: csp, override: true },
        { header: "Reporting-Endpoints", value: expected.reportingEndpoints, override: true },
      ],
    });
    expect(expected.reportingEndpoints).toContain("https://csp.shop.example/reports");
  });

  test("no X-Frame-Options (it would enforce the report-only frame-ancestors 'none'); HSTS preload on request", () => {
    expect(inputs["securityHeadersConfig"]?.["frameOptions"]).toBeUndefined();
    expect(inputs["securityHeadersConfig"]?.["strictTransportSecurity"]).toEqual({
      accessControlMaxAgeSec: 63072000,
      includeSubdomains: true,
      preload: true,
      override: true,
    });
    expect(securityHeadersFromArgs(args)).toEqual({
      "Content-Security-Policy-Report-Only": csp,
      "Reporting-Endpoints": expected.reportingEndpoints,
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });
});

describe("frame options follow frame-ancestors", async () => {
  test("mapping", () => {
    expect(frameOptionFor(["'none'"])).toBe("DENY");
    expect(frameOptionFor(["'self'"])).toBe("SAMEORIGIN");
    expect(frameOptionFor(["'self'", "https://partner.example"])).toBeUndefined();
    expect(frameOptionFor(undefined)).toBeUndefined();
  });

  const policy = new CspPolicy("framed", {
    directives: { "default-src": ["'self'"], "frame-ancestors": ["'self'", "https://partner.example"] },
  });
  await valueOf(policy.policyId);
  await settle();
  test("no X-Frame-Options when frame-ancestors allows another origin", () => {
    const inputs = unwrap(resource(POLICY, "framed-headers").inputs) as Record<string, Record<string, unknown>>;
    expect(inputs["securityHeadersConfig"]?.["frameOptions"]).toBeUndefined();
    expect(inputs["customHeadersConfig"]).toBeUndefined();
  });

  test("frameOptions: false drops X-Frame-Options", () => {
    expect(securityHeadersFromArgs({ frameOptions: false })["X-Frame-Options"]).toBeUndefined();
  });
});

describe("CspPolicy refuses at preview", () => {
  test("a header over CloudFront's limit, with the engine's message", () => {
    const hosts = Array.from({ length: 80 }, (_, i) => `https://host-${i}.assets.shop.example`);
    const args = { directives: { "default-src": ["'self'"], "img-src": hosts } };
    let engineMessage = "";
    try {
      buildCsp({ ...cspInputFromArgs(args) });
    } catch (error) {
      engineMessage = (error as Error).message;
    }
    expect(engineMessage).toMatch(
      new RegExp(
        `^Content-Security-Policy is \\d+ characters, \\d+ over CloudFront's limit of ${cloudFrontCspLimit}\\. Largest directives: img-src \\(\\d+\\)`,
      ),
    );
    expect(() => new CspPolicy("long", args)).toThrow(engineMessage);
  });

  test("the limit message names the adjustable quota and the argument that declares a raised one", () => {
    const hosts = Array.from({ length: 80 }, (_, i) => `https://host-${i}.assets.shop.example`);
    expect(() => new CspPolicy("long-quota", { directives: { "default-src": ["'self'"], "img-src": hosts } })).toThrow(
      /Service Quotas code L-E9944CCE\).*cspQuotaCharacters/,
    );
  });

  test("cspQuotaCharacters other than a whole number of at least 1783", () => {
    for (const value of [1782, 2500.5, 0, -1, Number.NaN]) {
      expect(() => new CspPolicy("bad-quota", { cspQuotaCharacters: value })).toThrow(
        `cspQuotaCharacters is ${String(value)}: give the account's raised CloudFront quota L-E9944CCE (Service Quotas) as a whole number of characters, at least 1783 (the default); leave it unset unless AWS raised it.`,
      );
    }
  });

  test("a policy name CloudFront does not accept", () => {
    expect(() => new CspPolicy("named", { name: "shop headers" })).toThrow(
      `name "shop headers" is not a CloudFront policy name: use 1–128 letters, digits, "-" or "_", unique in the account.`,
    );
  });

  test("an unknown directive, with the engine's message naming it", () => {
    expect(() => new CspPolicy("bad", { directives: { "scirpt-src": ["'self'"] } })).toThrow(/scirpt-src/);
  });

  test("a bad snippet widget ID", () => {
    expect(() => new CspPolicy("bad", { liveChatSnippetWidgetId: "x'); alert(1); ('" })).toThrow(
      /invalid Live Chat widgetId/,
    );
  });
});

describe("CspPolicy with a raised CSP quota (cspQuotaCharacters)", async () => {
  const hosts = Array.from({ length: 80 }, (_, i) => `https://host-${i}.assets.shop.example`);
  const args = {
    directives: { "default-src": ["'self'"], "img-src": hosts, "frame-ancestors": ["'self'"] },
    cspQuotaCharacters: 4000,
  };
  const policy = new CspPolicy("raised", args);
  const csp = await valueOf(policy.contentSecurityPolicy);
  await settle();

  test("deploys a header longer than 1783 characters, up to the declared quota", () => {
    expect(csp.length).toBeGreaterThan(cloudFrontCspLimit);
    expect(csp.length).toBeLessThanOrEqual(4000);
    expect(cspInputFromArgs(args)).toMatchObject({ enforceCloudFrontLimit: true, cloudFrontCspQuota: 4000 });
    const inputs = unwrap(resource(POLICY, "raised-headers").inputs) as {
      securityHeadersConfig: { contentSecurityPolicy: { contentSecurityPolicy: string } };
    };
    expect(inputs.securityHeadersConfig.contentSecurityPolicy.contentSecurityPolicy).toBe(csp);
  });

  test("still refuses a header over the declared quota", () => {
    expect(() => new CspPolicy("raised-too-little", { ...args, cspQuotaCharacters: 1800 })).toThrow(
      /over the limit of 1800/,
    );
  });
});

describe("CspPolicy warnings", () => {
  test("wildcard mode with a region: the region only picks the snippet's host, and no warning is raised", async () => {
    const policy = new CspPolicy("wild-fr", { infobipLiveChat: { region: "fr" }, liveChatSnippetWidgetId: widgetId });
    expect(await valueOf(policy.warnings)).toEqual([]);
    expect(await valueOf(policy.snippet)).toBe(liveChatSnippet({ widgetId, region: "fr" }).script);
    expect(await valueOf(policy.contentSecurityPolicy)).toBe(
      buildCsp({
        presets: [presets.infobipLiveChat()],
        inlineScripts: [liveChatSnippet({ widgetId, region: "fr" }).script],
      }).header,
    );
    expect(() => new CspPolicy("bad-region", { infobipLiveChat: { region: "FR" } })).toThrow(/infobipLiveChat\.region/);
  });

  test("the engine's warnings reach the Pulumi log at preview, word for word", async () => {
    const written: string[] = [];
    const original = console.warn;
    console.warn = (...parts: unknown[]) => void written.push(parts.map(String).join(" "));
    let warnings: string[] | undefined;
    try {
      const policy = new CspPolicy("warned", { userpilot: {} });
      warnings = await valueOf(policy.warnings);
    } finally {
      console.warn = original;
    }
    expect(warnings?.length).toBeGreaterThan(0);
    expect(warnings?.some((w) => w.includes("wss:"))).toBe(true);
    for (const warning of warnings ?? []) expect(written).toContain(`warning: [runtime] ${warning}`);
  });
});

describe("userpilot.mode", () => {
  test("short by default; detailed by mode (or the deprecated detailed: true); a contradiction or an unknown mode is refused", () => {
    const headerOf = (userpilot: Parameters<typeof cspInputFromArgs>[0]["userpilot"]) =>
      buildCsp(cspInputFromArgs({ userpilot })).header;
    const short = buildCsp({ presets: [presets.infobipLiveChat(), presets.userpilot()] }).header;
    const detailed = buildCsp({ presets: [presets.infobipLiveChat(), presets.userpilot({ detailed: true })] }).header;
    expect(short).not.toBe(detailed);
    expect([headerOf({}), headerOf({ mode: "short" }), headerOf({ detailed: false })]).toEqual([short, short, short]);
    expect([
      headerOf({ mode: "detailed" }),
      headerOf({ detailed: true }),
      headerOf({ mode: "detailed", detailed: true }),
    ]).toEqual([detailed, detailed, detailed]);
    expect(() => cspInputFromArgs({ userpilot: { mode: "short", detailed: true } })).toThrow(
      `userpilot.detailed is true but userpilot.mode is "short": remove userpilot.detailed (deprecated) and keep the mode you want.`,
    );
    expect(() => cspInputFromArgs({ userpilot: { mode: "full" as "short" } })).toThrow(
      `userpilot.mode is "full": use "short" (the default) or "detailed".`,
    );
  });
});
