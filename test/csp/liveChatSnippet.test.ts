// liveChatSnippet: Infobip's loader for one widget, its hash (judged by WebCrypto) and the widget IDs
// and regions it refuses because they would be embedded in a script.
import { describe, expect, it } from "vitest";
import { buildCsp, CspError, liveChatSnippet, parseCsp } from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";
import { independentHash } from "../support/independentHash.ts";

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
    expect(liveChatSnippet({ widgetId: "w1", region: "fr" }).script).toContain(
      "'https://livechat-fr.infobip.com/widget.js'",
    );
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
    const caught = refusal(() => liveChatSnippet({ widgetId: bad }));
    expect(caught.directive).toBe("widgetId");
    expect(caught.message).toContain("invalid Live Chat widgetId");
    expect(caught.code).toBe("invalid-widget-id");
  });

  it("accepts the longest allowed plain ID", () => {
    expect(liveChatSnippet({ widgetId: "A_b-9".repeat(12) + "abcd" }).script).toContain(`'${"A_b-9".repeat(12)}abcd'`);
  });
});
