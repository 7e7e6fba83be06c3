import { describe, expect, it } from "vitest";
import { buildCsp, CspError, presets } from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";

const WILDCARD = ["https://*.infobip.com", "https://*.infobip.net"];

describe("presets.infobipLiveChat", () => {
  it("wildcard mode (default) follows Infobip's docs, with explicit wss: sources", () => {
    const preset = presets.infobipLiveChat();
    expect(preset.name).toBe("infobip-livechat");
    expect(preset.directives).toEqual({
      "script-src": WILDCARD,
      "style-src": ["'unsafe-inline'"],
      "connect-src": [...WILDCARD, "wss://*.infobip.com", "wss://*.infobip.net"],
      "img-src": [...WILDCARD, "https://*.cloudfront.net"],
      "frame-src": WILDCARD,
    });
    expect(preset.warnings).toEqual([]);
  });

  it("adds data: to img-src only with defaultIcon, and says why", () => {
    const preset = presets.infobipLiveChat({ defaultIcon: true });
    expect(preset.directives["img-src"]).toEqual([...WILDCARD, "https://*.cloudfront.net", "data:"]);
    expect(preset.warnings).toEqual([
      "infobip-livechat: img-src allows data: for the default SVG icon; data: images cannot run script, but upload a custom icon to drop it.",
    ]);
    expect(presets.infobipLiveChat({ precise: true, defaultIcon: true }).directives["img-src"]).toContain("data:");
  });

  it("precise mode for a region lists only the hosts Live Chat uses", () => {
    expect(presets.infobipLiveChat({ precise: true, region: "fr" }).directives).toEqual({
      "script-src": ["https://livechat.infobip.com", "https://livechat-fr.infobip.com"],
      "style-src": ["'unsafe-inline'"],
      "connect-src": [
        "https://livechat.infobip.com",
        "https://livechat-fr.infobip.com",
        "wss://livechat-fr.infobip.com",
        "https://api-fr.infobip.com",
      ],
      "img-src": ["https://livechat.infobip.com", "https://*.cloudfront.net/infobiplivechat-configuration/"],
      "frame-src": ["https://livechat.infobip.com", "https://livechat-fr.infobip.com"],
    });
  });

  it("precise mode for the global account uses livechat.infobip.com over wss and api.infobip.com", () => {
    expect(presets.infobipLiveChat({ precise: true }).directives["connect-src"]).toEqual([
      "https://livechat.infobip.com",
      "wss://livechat.infobip.com",
      "https://api.infobip.com",
    ]);
  });

  it("precise mode takes a separate API region", () => {
    expect(
      presets.infobipLiveChat({ precise: true, region: "fr", apiRegion: "eu1" }).directives["connect-src"],
    ).toEqual([
      "https://livechat.infobip.com",
      "https://livechat-fr.infobip.com",
      "wss://livechat-fr.infobip.com",
      "https://api-eu1.infobip.com",
    ]);
  });

  it.each(["FR", "f r", "fr.evil.com", "fr/", "", "x".repeat(13), "fr'", "-fr"])("refuses the region %j", (region) => {
    expect(() => presets.infobipLiveChat({ precise: true, region })).toThrow(CspError);
    expect(() => presets.infobipLiveChat({ region })).toThrow(CspError);
    const refused = refusal(() => presets.infobipLiveChat({ precise: true, region }));
    expect(refused).toMatchObject({ code: "invalid-region", directive: "region", value: region });
    const apiRegion = refusal(() => presets.infobipLiveChat({ precise: true, apiRegion: region }));
    expect(apiRegion).toMatchObject({ code: "invalid-region", directive: "apiRegion" });
  });

  it("warns that region does nothing in wildcard mode", () => {
    expect(presets.infobipLiveChat({ region: "fr" }).warnings).toEqual([
      "infobip-livechat: in wildcard mode the region does not change the policy (the wildcards cover every region); it matters only for precise mode and the install snippet's host (liveChatSnippet, --widget-id).",
    ]);
  });
});

describe("presets.userpilot", () => {
  it("short form: the seed's list without script 'unsafe-inline' or 'self', plus fonts and media", () => {
    const preset = presets.userpilot();
    expect(preset.name).toBe("userpilot");
    expect(preset.directives).toEqual({
      "script-src": ["https://*.userpilot.io"],
      "style-src": [
        "https://*.userpilot.io",
        "https://fonts.gstatic.com",
        "https://fonts.googleapis.com",
        "'unsafe-inline'",
      ],
      "connect-src": ["https://*.userpilot.io", "*.userpilot.io", "wss:"],
      "img-src": ["https://*.userpilot.io"],
      "font-src": ["https://*.userpilot.io", "https://fonts.googleapis.com", "https://fonts.gstatic.com"],
      "media-src": ["https://*.userpilot.io"],
    });
    expect(preset.directives["script-src"]).not.toContain("'unsafe-inline'");
  });

  it("short form warns about the bare wss: and the left-out script 'unsafe-inline'", () => {
    expect(presets.userpilot().warnings).toEqual([
      "userpilot: Userpilot's short list puts 'unsafe-inline' in script-src; this preset leaves it out because a vendor preset must not weaken script-src. Inline the Userpilot snippet by hash (inlineScripts) or nonce instead.",
      "userpilot: connect-src wss: (from Userpilot's short list) allows WebSocket connections to any host, so injected script could exfiltrate data; use detailed: true (CLI --userpilot-detailed) to list Userpilot's WebSocket hosts.",
    ]);
  });

  it("detailed form: the seed's per-host lists", () => {
    const preset = presets.userpilot({ detailed: true });
    expect(preset.warnings ?? []).toEqual([]);
    expect(preset.directives["script-src"]).toEqual(["https://js.userpilot.io", "https://deploy.userpilot.io"]);
    expect(preset.directives["font-src"]).toEqual([
      "https://fonts.googleapis.com",
      "https://fonts.gstatic.com",
      "https://fonts.userpilot.io",
    ]);
    expect(preset.directives["media-src"]).toEqual(["https://js.userpilot.io"]);
    expect(preset.directives["img-src"]).toEqual([
      "https://media.userpilot.io",
      "https://uploads.userpilot.io",
      "https://gifs.userpilot.io",
      "https://videos.userpilot.io",
    ]);
    expect(preset.directives["style-src"]).toEqual(["'unsafe-inline'", "https://fonts.googleapis.com"]);
    const connect = preset.directives["connect-src"] ?? [];
    expect(connect).toHaveLength(19);
    for (const region of ["", "-us", "-eu", "-in"]) {
      expect(connect).toContain(`wss://analytex${region}.userpilot.io`);
      expect(connect).toContain(`https://analytex${region}.userpilot.io`);
    }
    expect(connect).toContain("wss://api.userpilot.io");
    expect(connect).toContain("wss://reporting.userpilot.io");
    expect(connect).not.toContain("wss:");
  });
});

describe("all preset outputs", () => {
  const variants = [
    presets.infobipLiveChat(),
    presets.infobipLiveChat({ defaultIcon: true }),
    presets.infobipLiveChat({ precise: true }),
    presets.infobipLiveChat({ precise: true, region: "fr", defaultIcon: true }),
    presets.userpilot(),
    presets.userpilot({ detailed: true }),
  ];

  it("never contain cloudfront.com (the seed's typo)", () => {
    for (const preset of variants) {
      const text = JSON.stringify(preset);
      expect(text).not.toContain("cloudfront.com");
      expect(buildCsp({ presets: [preset] }).header).not.toContain("cloudfront.com");
    }
  });

  it("never add 'unsafe-inline' or 'unsafe-eval' to script-src", () => {
    for (const preset of variants) {
      expect(preset.directives["script-src"]).not.toContain("'unsafe-inline'");
      expect(JSON.stringify(preset)).not.toContain("unsafe-eval");
    }
  });

  it("list a wss: source for every Infobip WebSocket host they allow over https", () => {
    for (const preset of variants.slice(0, 4)) {
      const connect = preset.directives["connect-src"] ?? [];
      const socketHosts = connect.filter((s) => s.startsWith("https://livechat-") || s.includes("*.infobip"));
      for (const host of socketHosts) expect(connect, host).toContain(host.replace("https://", "wss://"));
    }
  });
});

describe("headers on the strict baseline", () => {
  it("Infobip alone (wildcard)", () => {
    const result = buildCsp({ presets: [presets.infobipLiveChat()] });
    expect(result.header).toBe(
      "default-src 'self'; script-src 'self' https://*.infobip.com https://*.infobip.net; style-src 'self' 'unsafe-inline'; connect-src 'self' https://*.infobip.com https://*.infobip.net wss://*.infobip.com wss://*.infobip.net; img-src 'self' https://*.infobip.com https://*.infobip.net https://*.cloudfront.net; object-src 'none'; frame-src 'self' https://*.infobip.com https://*.infobip.net; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    );
    expect(result.length).toBe(446);
    expect(result.warnings).toEqual([]);
  });

  it("Infobip precise, region fr", () => {
    const result = buildCsp({ presets: [presets.infobipLiveChat({ precise: true, region: "fr" })] });
    expect(result.header).toBe(
      "default-src 'self'; script-src 'self' https://livechat.infobip.com https://livechat-fr.infobip.com; style-src 'self' 'unsafe-inline'; connect-src 'self' https://livechat.infobip.com https://livechat-fr.infobip.com wss://livechat-fr.infobip.com https://api-fr.infobip.com; img-src 'self' https://livechat.infobip.com https://*.cloudfront.net/infobiplivechat-configuration/; object-src 'none'; frame-src 'self' https://livechat.infobip.com https://livechat-fr.infobip.com; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    );
    expect(result.length).toBe(530);
  });

  it("Infobip + Userpilot short", () => {
    const result = buildCsp({ presets: [presets.infobipLiveChat(), presets.userpilot()] });
    expect(result.header).toBe(
      "default-src 'self'; script-src 'self' https://*.infobip.com https://*.infobip.net https://*.userpilot.io; style-src 'self' 'unsafe-inline' https://*.userpilot.io https://fonts.gstatic.com https://fonts.googleapis.com; connect-src 'self' https://*.infobip.com https://*.infobip.net wss://*.infobip.com wss://*.infobip.net https://*.userpilot.io *.userpilot.io wss:; img-src 'self' https://*.infobip.com https://*.infobip.net https://*.cloudfront.net https://*.userpilot.io; font-src 'self' https://*.userpilot.io https://fonts.googleapis.com https://fonts.gstatic.com; media-src 'self' https://*.userpilot.io; object-src 'none'; frame-src 'self' https://*.infobip.com https://*.infobip.net; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
    );
    expect(result.length).toBe(749);
    expect(result.warnings).toHaveLength(2);
  });

  it("Infobip + Userpilot detailed fits CloudFront's limit", () => {
    const result = buildCsp({
      presets: [presets.infobipLiveChat(), presets.userpilot({ detailed: true })],
      enforceCloudFrontLimit: true,
    });
    expect(result.length).toBe(1335);
    expect(result.directives["connect-src"]?.slice(0, 5)).toEqual([
      "'self'",
      ...WILDCARD,
      "wss://*.infobip.com",
      "wss://*.infobip.net",
    ]);
    expect(result.directives["script-src"]).toEqual([
      "'self'",
      ...WILDCARD,
      "https://js.userpilot.io",
      "https://deploy.userpilot.io",
    ]);
  });
});
