import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildCsp, CspError, inlineScriptHash, liveChatSnippet, parseCsp } from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";

async function independentHash(text: string): Promise<string> {
  const digest = await webcrypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `'sha256-${Buffer.from(digest).toString("base64")}'`;
}

describe("inlineScriptHash", () => {
  it("matches the well-known MDN example", () => {
    expect(inlineScriptHash("alert('Hello, world.');")).toBe("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
  });

  it("hashes UTF-8 bytes (openssl: printf 'é' | sha256)", () => {
    expect(inlineScriptHash("é")).toBe("'sha256-SplVfkAzw1Od4utlRyAXytX5VX96BiWgnxw/biumnEw='");
  });

  it("normalises CRLF and lone CR to LF, as the HTML parser does", async () => {
    const lf = "a\nb\n";
    expect(inlineScriptHash(lf)).toBe("'sha256-kRFp3arxRq/1OfWMJsSJrzuJLf8P4oPBwmTGWuWqWaI='");
    expect(inlineScriptHash("a\r\nb\r\n")).toBe(inlineScriptHash(lf));
    expect(inlineScriptHash("a\rb\r")).toBe(inlineScriptHash(lf));
    expect(inlineScriptHash(" a\nb\n")).not.toBe(inlineScriptHash(lf));
    expect(inlineScriptHash(lf)).toBe(await independentHash(lf));
  });

  it("replaces NUL with U+FFFD, as the HTML parser does in script data (Chromium hashes the parsed text)", async () => {
    expect(inlineScriptHash("a\u0000b")).toBe(await independentHash("a\uFFFDb"));
    expect(inlineScriptHash("a\u0000b")).not.toBe(await independentHash("a\u0000b"));
  });
});

describe("liveChatSnippet", () => {
  const widgetId = "3f1c2a9e-7b4d-4e21-9a8c-0d5e6f7a8b9c";

  it("is Infobip's standard async loader plus liveChat('init', id)", async () => {
    const { script, hash } = liveChatSnippet({ widgetId });
    expect(script).toBe(
      "(function(I,n,f,o,b,i,p){I[b]=I[b]||function(){(I[b].q=I[b].q||[]).push(arguments)};I[b].t=1*new Date();i=n.createElement(f);i.async=1;i.src=o;p=n.getElementsByTagName(f)[0];p.parentNode.insertBefore(i,p)})(window,document,'script','https://livechat.infobip.com/widget.js','liveChat');" +
        `liveChat('init', '${widgetId}');`,
    );
    expect(hash).toBe(await independentHash(script));
  });

  it("loads from livechat-<region>.infobip.com for a regional account", () => {
    expect(liveChatSnippet({ widgetId: "w1", region: "fr" }).script).toContain("'https://livechat-fr.infobip.com/widget.js'");
    expect(() => liveChatSnippet({ widgetId: "w1", region: "fr.evil.example" })).toThrow(CspError);
    const refused = refusal(() => liveChatSnippet({ widgetId: "w1", region: "fr.evil.example" }));
    expect(refused).toMatchObject({ code: "invalid-region", directive: "region" });
  });

  it("gives a hash buildCsp accepts and places in script-src", () => {
    const { script, hash } = liveChatSnippet({ widgetId });
    const result = buildCsp({ inlineScripts: [script] });
    expect(result.directives["script-src"]).toEqual(["'self'", hash]);
    expect(parseCsp(result.header)["script-src"]).toEqual(["'self'", hash]);
  });

  it.each([
    "x'); alert(1); ('",
    "x</script><script>alert(1)</script>",
    "x\\",
    "x\ny",
    "x\u2028y",
    "",
    "a".repeat(65),
    "id with space",
    "${x}",
  ])("refuses the widget ID %j (it is embedded in a script)", (bad) => {
    let caught: unknown;
    try {
      liveChatSnippet({ widgetId: bad });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CspError);
    expect((caught as CspError).directive).toBe("widgetId");
    expect((caught as CspError).message).toContain("invalid Live Chat widgetId");
    expect((caught as CspError).code).toBe("invalid-widget-id");
  });

  it("accepts the longest allowed plain ID", () => {
    expect(liveChatSnippet({ widgetId: "A_b-9".repeat(12) + "abcd" }).script).toContain(`'${"A_b-9".repeat(12)}abcd'`);
  });
});
