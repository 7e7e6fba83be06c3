import { describe, expect, it } from "vitest";
import {
  buildCsp,
  CspError,
  cloudFrontCspLimit,
  inlineScriptHash,
  parseCsp,
  presets,
  strictBaseline,
} from "../../components/csp/index.ts";
import type { CspPreset } from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";

const vendor = (directives: Record<string, string[]>, name = "vendor"): CspPreset => ({ name, directives });

describe("buildCsp: base", () => {
  it("defaults to the strict baseline", () => {
    const result = buildCsp();
    expect(result.header).toBe(
      "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    );
    expect(result.length).toBe(result.header.length);
    expect(result.warnings).toEqual([]);
    expect(strictBaseline).toEqual({
      "default-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'self'"],
    });
  });

  it("normalises case of names, keywords, schemes and hosts but not paths", () => {
    const result = buildCsp({ base: { "IMG-SRC": ["'SELF'", "HTTPS:", "https://CDN.Example.com/Icons/"] } });
    expect(result.header).toBe("img-src 'self' https: https://cdn.example.com/Icons/");
  });
});

describe("buildCsp: dangerous sources in the base are warned about", () => {
  const framed = { "frame-ancestors": ["'self'"] };

  it("warns for *, data:, http: and 'unsafe-inline' in script-src and * in object-src (the review's policy)", () => {
    const result = buildCsp({
      base: parseCsp("script-src 'self' data: * http: 'unsafe-inline'; object-src *; frame-ancestors 'self'"),
    });
    expect(result.warnings).toEqual([
      "script-src: data: allows scripts from data: URLs, which injected markup can write itself; remove it.",
      "script-src: * allows scripts from any host; list the hosts you need instead.",
      "script-src: http: allows scripts from any host over http; list the hosts you need instead.",
      "script-src: 'unsafe-inline' without a hash or nonce lets any injected inline script run; allow inline scripts by hash (inlineScripts) or nonce instead.",
      "object-src: * allows plugins (<object>, <embed>) from any host; list the hosts you need instead, or set object-src 'none'.",
    ]);
  });

  it("warns for default-src * and for a policy without frame-ancestors", () => {
    expect(buildCsp({ base: parseCsp("default-src *") }).warnings).toEqual([
      "default-src: * allows every resource type without its own directive from any host; list the hosts you need instead.",
      "frame-ancestors: the policy does not set it, so any site may frame these pages (clickjacking); add frame-ancestors 'self' (or 'none').",
    ]);
  });

  it.each([["https:"], ["data:"], ["'unsafe-inline'"]])("warns for %s in default-src", (source) => {
    const warnings = buildCsp({ base: { "default-src": ["'self'", source], ...framed } }).warnings;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^default-src: ${source.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `));
  });

  it("does not warn for 'unsafe-inline' beside a hash or nonce (browsers ignore it then; that has its own warning)", () => {
    const warnings = buildCsp({
      base: { "script-src": ["'self'", "'unsafe-inline'", "'nonce-abc123'"], ...framed },
    }).warnings;
    expect(warnings.some((w) => w.includes("without a hash or nonce"))).toBe(false);
  });

  it("does not warn for host wildcards, data: in img-src, or 'unsafe-inline' in style-src (what the presets add)", () => {
    const result = buildCsp({
      base: {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://*.example.com"],
        "style-src": ["'self'", "'unsafe-inline'"],
        ...framed,
      },
    });
    expect(result.warnings).toEqual([]);
  });
});

describe("buildCsp: fallback inheritance when a preset creates a directive", () => {
  it("script-src inherits default-src before adding the preset's sources", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'", "https://cdn.example.com"] },
      presets: [vendor({ "script-src": ["https://v.example"] })],
    });
    expect(result.directives["script-src"]).toEqual(["'self'", "https://cdn.example.com", "https://v.example"]);
  });

  it("script-src-elem inherits script-src, not default-src", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "script-src": ["'self'", "https://js.example"] },
      presets: [vendor({ "script-src-elem": ["https://v.example"] })],
    });
    expect(result.directives["script-src-elem"]).toEqual(["'self'", "https://js.example", "https://v.example"]);
  });

  it("script-src-attr inherits script-src, falling to default-src when script-src is absent", () => {
    const withScript = buildCsp({
      base: { "default-src": ["'self'"], "script-src": ["'self'", "'unsafe-hashes'"] },
      presets: [vendor({ "script-src-attr": ["'unsafe-inline'"] })],
    });
    expect(withScript.directives["script-src-attr"]).toEqual(["'self'", "'unsafe-inline'", "'unsafe-hashes'"]);
    const withDefault = buildCsp({
      base: { "default-src": ["https:"] },
      presets: [vendor({ "script-src-attr": ["'unsafe-inline'"] })],
    });
    expect(withDefault.directives["script-src-attr"]).toEqual(["'unsafe-inline'", "https:"]);
  });

  it("style-src-elem and style-src-attr inherit style-src, else default-src", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "style-src": ["https://css.example"] },
      presets: [vendor({ "style-src-elem": ["https://v.example"], "style-src-attr": ["'unsafe-inline'"] })],
    });
    expect(result.directives["style-src-elem"]).toEqual(["https://css.example", "https://v.example"]);
    expect(result.directives["style-src-attr"]).toEqual(["'unsafe-inline'", "https://css.example"]);
    const noStyle = buildCsp({
      base: { "default-src": ["'self'"] },
      presets: [vendor({ "style-src-elem": ["https://v.example"] })],
    });
    expect(noStyle.directives["style-src-elem"]).toEqual(["'self'", "https://v.example"]);
  });

  it("frame-src inherits child-src, else default-src", () => {
    const withChild = buildCsp({
      base: { "default-src": ["'self'"], "child-src": ["https://frames.example"] },
      presets: [vendor({ "frame-src": ["https://v.example"] })],
    });
    expect(withChild.directives["frame-src"]).toEqual(["https://frames.example", "https://v.example"]);
    const withDefault = buildCsp({
      base: { "default-src": ["'self'"] },
      presets: [vendor({ "frame-src": ["https://v.example"] })],
    });
    expect(withDefault.directives["frame-src"]).toEqual(["'self'", "https://v.example"]);
  });

  it("worker-src inherits child-src, then script-src, then default-src", () => {
    const add = vendor({ "worker-src": ["https://w.example"] });
    const fromChild = buildCsp({
      base: { "default-src": ["'self'"], "script-src": ["https://s.example"], "child-src": ["https://c.example"] },
      presets: [add],
    });
    expect(fromChild.directives["worker-src"]).toEqual(["https://c.example", "https://w.example"]);
    const fromScript = buildCsp({
      base: { "default-src": ["'self'"], "script-src": ["https://s.example"] },
      presets: [add],
    });
    expect(fromScript.directives["worker-src"]).toEqual(["https://s.example", "https://w.example"]);
    const fromDefault = buildCsp({ base: { "default-src": ["'self'"] }, presets: [add] });
    expect(fromDefault.directives["worker-src"]).toEqual(["'self'", "https://w.example"]);
  });

  it("other fetch directives (connect, img, font, media, manifest, object) inherit default-src", () => {
    for (const name of ["connect-src", "img-src", "font-src", "media-src", "manifest-src", "object-src"]) {
      const result = buildCsp({
        base: { "default-src": ["'self'", "https://x.example"] },
        presets: [vendor({ [name]: ["https://v.example"] })],
      });
      expect(result.directives[name], name).toEqual(["'self'", "https://x.example", "https://v.example"]);
    }
  });

  it("base-uri and form-action never inherit default-src: absent from the base, they stay unrestricted", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "frame-ancestors": ["'self'"] },
      presets: [vendor({ "base-uri": ["https://v.example"], "form-action": ["https://v.example"] })],
    });
    expect(result.directives).toEqual({ "default-src": ["'self'"], "frame-ancestors": ["'self'"] });
    expect(result.warnings).toEqual([
      "base-uri: the base leaves base-uri unrestricted, which already allows preset vendor's sources; it stays unrestricted — add base-uri to the base to restrict it.",
      "form-action: the base leaves form-action unrestricted, which already allows preset vendor's sources; it stays unrestricted — add form-action to the base to restrict it.",
    ]);
  });

  it("base-uri set by the base gains a preset's sources without inheriting default-src", () => {
    const result = buildCsp({
      base: { "default-src": ["https://d.example"], "base-uri": ["'self'"] },
      presets: [vendor({ "base-uri": ["https://v.example"] })],
    });
    expect(result.directives["base-uri"]).toEqual(["'self'", "https://v.example"]);
  });

  it("leaves a directive the base left unrestricted (no default-src) unrestricted, with a warning", () => {
    const result = buildCsp({
      base: { "object-src": ["'none'"] },
      presets: [vendor({ "script-src": ["https://v.example"] })],
    });
    expect(result.directives).toEqual({ "object-src": ["'none'"] });
    expect(result.header).toBe("object-src 'none'");
    expect(result.warnings).toEqual([
      "script-src: the base leaves script-src unrestricted (no default-src to fall back to), which already allows preset vendor's sources; it stays unrestricted — add script-src or default-src to the base to restrict it.",
      "frame-ancestors: the policy does not set it, so any site may frame these pages (clickjacking); add frame-ancestors 'self' (or 'none').",
    ]);
  });

  it("still adds a preset's sources to a more specific directive the base sets when the parent is unrestricted", () => {
    const result = buildCsp({
      base: { "script-src-elem": ["'self'"] },
      presets: [vendor({ "script-src": ["https://v.example"] })],
    });
    expect(result.directives).toEqual({ "script-src-elem": ["'self'", "https://v.example"] });
  });

  it("inherits a child from the parent a preset just extended (parents are merged first)", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"] },
      presets: [vendor({ "script-src-elem": ["https://b.example"], "script-src": ["https://a.example"] })],
    });
    expect(result.directives["script-src"]).toEqual(["'self'", "https://a.example"]);
    expect(result.directives["script-src-elem"]).toEqual(["'self'", "https://a.example", "https://b.example"]);
  });
});

describe("buildCsp: more specific directives in the base", () => {
  it("copies sources added to script-src into an existing script-src-elem, which would otherwise shadow them", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "script-src": ["'self'"], "script-src-elem": ["'self'"] },
      presets: [presets.infobipLiveChat({ precise: true })],
    });
    expect(result.directives["script-src-elem"]).toEqual(["'self'", "https://livechat.infobip.com"]);
  });

  it("copies child-src additions into frame-src and worker-src", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "frame-src": ["'self'"], "worker-src": ["'self'"] },
      presets: [vendor({ "child-src": ["https://v.example"] })],
    });
    expect(result.directives["frame-src"]).toEqual(["'self'", "https://v.example"]);
    expect(result.directives["worker-src"]).toEqual(["'self'", "https://v.example"]);
  });

  it("leaves a 'none' sub-directive alone and warns", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "script-src-elem": ["'none'"] },
      presets: [vendor({ "script-src": ["https://v.example"] })],
    });
    expect(result.directives["script-src-elem"]).toEqual(["'none'"]);
    expect(result.warnings).toContain(
      "script-src-elem: the base sets it to 'none' and it takes precedence over script-src, so preset vendor's sources were not copied into it.",
    );
  });

  it("does not copy 'unsafe-inline' into the base's style-src-attr, and warns that it shadows style-src", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "style-src-attr": ["'none'"] },
      presets: [presets.infobipLiveChat()],
    });
    expect(result.directives["style-src-attr"]).toEqual(["'none'"]);
    expect(result.directives["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(result.warnings).toContain(
      "style-src: the base's style-src-attr takes precedence over style-src for its resource type; preset infobip-livechat's sources were not copied there — add them to the base if needed.",
    );
  });
});

describe("buildCsp: 'none', duplicates, order", () => {
  it("drops 'none' when a list gains sources, and says the preset opened it", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "frame-src": ["'none'"], "frame-ancestors": ["'self'"] },
      presets: [vendor({ "frame-src": ["https://v.example"] })],
    });
    expect(result.directives["frame-src"]).toEqual(["https://v.example"]);
    expect(result.warnings).toEqual(["frame-src: preset vendor opens frame-src, which the base sets to 'none'."]);
  });

  it("drops an inherited 'none' (default-src 'none', as in Infobip's strictest example)", () => {
    const result = buildCsp({ base: { "default-src": ["'none'"] }, presets: [presets.infobipLiveChat()] });
    expect(result.header).toBe(
      "default-src 'none'; script-src https://*.infobip.com https://*.infobip.net; style-src 'unsafe-inline'; connect-src https://*.infobip.com https://*.infobip.net wss://*.infobip.com wss://*.infobip.net; img-src https://*.infobip.com https://*.infobip.net https://*.cloudfront.net; frame-src https://*.infobip.com https://*.infobip.net",
    );
  });

  it("removes 'none' written beside other sources in the base, with a warning", () => {
    const result = buildCsp({ base: { "img-src": ["'none'", "'self'"] } });
    expect(result.header).toBe("img-src 'self'");
    expect(result.warnings).toEqual([
      "img-src: the base lists 'none' with other sources; browsers ignore 'none' there, so it was removed.",
      "frame-ancestors: the policy does not set it, so any site may frame these pages (clickjacking); add frame-ancestors 'self' (or 'none').",
    ]);
  });

  it("removes duplicates from the base and across presets", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'", "'self'"], "img-src": ["https://a.example", "https://A.example"] },
      presets: [
        vendor({ "img-src": ["https://a.example", "data:"] }, "one"),
        vendor({ "img-src": ["data:", "https://b.example"] }, "two"),
      ],
    });
    expect(result.header).toBe("default-src 'self'; img-src https://a.example data: https://b.example");
  });

  it("orders directives canonically and sources as keywords, hosts/schemes, nonces, hashes", () => {
    const hash = inlineScriptHash("x");
    const result = buildCsp({
      base: {
        "report-uri": ["/csp"],
        "frame-ancestors": ["'none'"],
        "script-src": [hash, "https://z.example", "'nonce-abc123'", "'strict-dynamic'", "'self'"],
        "default-src": ["'none'"],
      },
    });
    expect(result.header).toBe(
      `default-src 'none'; script-src 'self' 'strict-dynamic' https://z.example 'nonce-abc123' ${hash}; frame-ancestors 'none'; report-uri /csp`,
    );
    expect(Object.keys(result.directives)).toEqual(["default-src", "script-src", "frame-ancestors", "report-uri"]);
  });

  it("is deterministic: equal input (in any key order) gives a byte-identical header", () => {
    const a = buildCsp({
      base: { "img-src": ["'self'"], "default-src": ["'self'"] },
      presets: [presets.infobipLiveChat(), presets.userpilot()],
    });
    const b = buildCsp({
      base: { "default-src": ["'self'"], "img-src": ["'self'"] },
      presets: [presets.infobipLiveChat(), presets.userpilot()],
    });
    expect(b.header).toBe(a.header);
    expect(buildCsp({ presets: [presets.infobipLiveChat()] }).header).toBe(
      buildCsp({ presets: [presets.infobipLiveChat()] }).header,
    );
  });
});

describe("buildCsp: inline scripts, nonces and 'unsafe-inline'", () => {
  it("adds inline-script hashes to script-src, creating it from default-src", () => {
    const result = buildCsp({ inlineScripts: ["alert('Hello, world.');"] });
    expect(result.directives["script-src"]).toEqual([
      "'self'",
      "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='",
    ]);
  });

  it("warns that a hash makes browsers ignore the base's script-src 'unsafe-inline'", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "script-src": ["'self'", "'unsafe-inline'"], "frame-ancestors": ["'self'"] },
      inlineScripts: ["x()"],
    });
    expect(result.warnings).toEqual([
      "script-src: has a hash or nonce, so browsers ignore its 'unsafe-inline' — every inline script without a matching hash or nonce is blocked (for the Live Chat snippet, that is intended; check the site's other inline scripts).",
    ]);
  });

  it("warns when a style nonce in the base disables the preset's style-src 'unsafe-inline'", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "style-src": ["'self'", "'nonce-r4nd0m'"], "frame-ancestors": ["'self'"] },
      presets: [presets.infobipLiveChat()],
    });
    expect(result.directives["style-src"]).toEqual(["'self'", "'unsafe-inline'", "'nonce-r4nd0m'"]);
    expect(result.warnings).toEqual([
      "style-src: has a hash or nonce, so browsers ignore its 'unsafe-inline' — every inline style without a matching hash or nonce is blocked, including the inline styles the Live Chat widget injects (why its preset adds 'unsafe-inline'); remove the style hash or nonce if the site uses Live Chat.",
    ]);
  });

  it("warns that 'strict-dynamic' alone (no hash or nonce) also makes browsers ignore 'unsafe-inline' in script-src", () => {
    const result = buildCsp({
      base: {
        "default-src": ["'self'"],
        "script-src": ["'strict-dynamic'", "'unsafe-inline'"],
        "frame-ancestors": ["'self'"],
      },
    });
    expect(result.warnings).toEqual([
      "script-src: 'strict-dynamic' makes browsers ignore its 'unsafe-inline' — every inline script without a matching hash or nonce is blocked.",
    ]);
  });

  it("says nothing about 'strict-dynamic' in style-src, where browsers give it no meaning beyond an unknown keyword", () => {
    const result = buildCsp({
      base: {
        "default-src": ["'self'"],
        "style-src": ["'strict-dynamic'", "https://fonts.example"],
        "frame-ancestors": ["'self'"],
      },
    });
    expect(result.warnings).toEqual([]);
  });

  it("warns that 'strict-dynamic' makes host sources inert", () => {
    const result = buildCsp({
      base: { "default-src": ["'self'"], "script-src": ["'strict-dynamic'", "'nonce-abc'"] },
      presets: [presets.infobipLiveChat()],
    });
    expect(result.warnings).toContain(
      "script-src: 'strict-dynamic' makes browsers ignore its host and scheme sources; scripts run only by hash or nonce, or when loaded by such a script (the Live Chat loader snippet loads widget.js that way).",
    );
  });
});

describe("buildCsp: reporting", () => {
  it("adds report-uri and report-to with a Reporting-Endpoints value", () => {
    const result = buildCsp({ reporting: { uri: "https://r.example/csp", toUrl: "https://r.example/reports" } });
    expect(result.header).toBe(
      "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'; report-uri https://r.example/csp; report-to csp-endpoint",
    );
    expect(result.reportingEndpoints).toBe('csp-endpoint="https://r.example/reports"');
  });

  it("uses a custom group and omits reportingEndpoints without toUrl", () => {
    expect(buildCsp({ reporting: { toUrl: "https://r.example/x", group: "main" } }).reportingEndpoints).toBe(
      'main="https://r.example/x"',
    );
    expect(buildCsp({ reporting: { uri: "/csp" } })).not.toHaveProperty("reportingEndpoints");
  });

  it("refuses a non-https endpoint, a quote in the URL and a bad group", () => {
    expect(() => buildCsp({ reporting: { toUrl: "http://r.example/x" } })).toThrow(CspError);
    expect(() => buildCsp({ reporting: { toUrl: 'https://r.example/"x' } })).toThrow(CspError);
    expect(() => buildCsp({ reporting: { toUrl: "https://r.example/x", group: "Bad Group" } })).toThrow(CspError);
    expect(() => buildCsp({ reporting: { uri: "javascript:alert(1)" } })).toThrow(CspError);
    const refused = [
      { toUrl: "http://r.example/x" },
      { toUrl: 'https://r.example/"x' },
      { toUrl: "https://r.example/x", group: "Bad Group" },
      { uri: "javascript:alert(1)" },
    ];
    expect(refused.map((reporting) => refusal(() => buildCsp({ reporting })).code)).toEqual([
      "invalid-report-url",
      "invalid-report-url",
      "forbidden-character", // the space, before the group's own rule
      "invalid-report-url",
    ]);
    const badGroup = refusal(() => buildCsp({ reporting: { toUrl: "https://r.example/x", group: "BadGroup" } }));
    expect(badGroup.code).toBe("invalid-report-group");
    expect(refusal(() => buildCsp({ reporting: { group: "csp-endpoint" } })).code).toBe("missing-report-url");
  });
});

describe("buildCsp: validation and 'unsafe-eval'", () => {
  it("refuses 'unsafe-eval' unless allowUnsafeEval", () => {
    const input = { base: { "default-src": ["'self'"], "script-src": ["'self'", "'unsafe-eval'"] } };
    expect(() => buildCsp(input)).toThrow(
      new CspError(
        "unsafe-eval",
        "script-src",
        "'unsafe-eval'",
        "script-src: 'unsafe-eval' lets any injected string run as code; remove it, " +
          "or pass allowUnsafeEval: true (CLI: --allow-unsafe-eval) if the site truly needs eval().",
      ),
    );
    expect(refusal(() => buildCsp(input))).toMatchObject({
      name: "CspError",
      code: "unsafe-eval",
      directive: "script-src",
      value: "'unsafe-eval'",
    });
    expect(buildCsp({ ...input, allowUnsafeEval: true }).directives["script-src"]).toEqual(["'self'", "'unsafe-eval'"]);
  });

  it("refuses a preset with an unknown directive or an injected value", () => {
    expect(() => buildCsp({ presets: [vendor({ "scripts-src": ["https://v.example"] })] })).toThrow(
      /unknown directive "scripts-src"/,
    );
    expect(() => buildCsp({ presets: [vendor({ "script-src": ["https://v.example; script-src *"] })] })).toThrow(
      CspError,
    );
    const withPreset = (directives: Record<string, string[]>) => () => buildCsp({ presets: [vendor(directives)] });
    expect(refusal(withPreset({ "scripts-src": ["https://v.example"] })).code).toBe("unknown-directive");
    expect(refusal(withPreset({ "script-src": ["https://v.example; script-src *"] })).code).toBe("forbidden-character");
    expect(refusal(withPreset({ sandbox: ["allow-scripts"] })).code).toBe("preset-directive-not-allowed");
  });

  it("refuses the same directive twice in the base under different case", () => {
    expect(() => buildCsp({ base: { "img-src": ["'self'"], "IMG-SRC": ["data:"] } })).toThrow(/img-src appears twice/);
    const twice = refusal(() => buildCsp({ base: { "img-src": ["'self'"], "IMG-SRC": ["data:"] } }));
    expect(twice).toMatchObject({ code: "repeated-directive", directive: "img-src" });
  });
});

describe("buildCsp: CloudFront limit", () => {
  const many = Array.from({ length: 80 }, (_, i) => `https://host-${String(i).padStart(3, "0")}.example.com`);

  it("reports the length and passes at or under the limit", () => {
    const result = buildCsp({
      presets: [presets.infobipLiveChat(), presets.userpilot({ detailed: true })],
      enforceCloudFrontLimit: true,
    });
    expect(result.length).toBe(result.header.length);
    expect(result.length).toBeLessThanOrEqual(cloudFrontCspLimit);
    expect(cloudFrontCspLimit).toBe(1783);
  });

  it("throws over the limit, saying by how much and which directives are largest", () => {
    const input = { presets: [vendor({ "connect-src": many, "img-src": many.slice(0, 10) })] };
    const length = buildCsp(input).length;
    expect(length).toBeGreaterThan(cloudFrontCspLimit);
    const caught = refusal(() => buildCsp({ ...input, enforceCloudFrontLimit: true }));
    const message = caught.message;
    expect(message).toContain(
      `Content-Security-Policy is ${length} characters, ${length - cloudFrontCspLimit} over CloudFront's limit of 1783.`,
    );
    expect(message).toContain(
      "Largest directives: connect-src (2338), img-src (304), frame-ancestors (22). Shorten them",
    );
    expect(message).toContain("CloudFront's limit is an adjustable quota (Service Quotas code L-E9944CCE)");
    expect(caught.directive).toBe("connect-src");
    expect(caught.code).toBe("too-long");
  });

  it("enforces a raised quota instead, when the account has one (cloudFrontCspQuota)", () => {
    const input = { presets: [vendor({ "connect-src": many })], enforceCloudFrontLimit: true };
    const length = buildCsp({ ...input, enforceCloudFrontLimit: false }).length;
    expect(buildCsp({ ...input, cloudFrontCspQuota: length }).length).toBe(length);
    expect(() => buildCsp({ ...input, cloudFrontCspQuota: length - 1 })).toThrow(
      `Content-Security-Policy is ${length} characters, 1 over the limit of ${length - 1}`,
    );
  });

  it.each([[1782], [2000.5], [Number.NaN], [0]])(
    "refuses cloudFrontCspQuota %s: a raised quota is a whole number of at least 1783",
    (quota) => {
      expect(() => buildCsp({ cloudFrontCspQuota: quota })).toThrow(
        "cloudFrontCspQuota must be a whole number of at least 1783",
      );
      const refused = refusal(() => buildCsp({ cloudFrontCspQuota: quota }));
      expect(refused).toMatchObject({ code: "invalid-quota", directive: "cloudFrontCspQuota" });
    },
  );
});
