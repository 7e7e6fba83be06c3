// inlineScriptHash: the hash a browser computes over an inline script, judged by WebCrypto.
import { describe, expect, it } from "vitest";
import { inlineScriptHash } from "../../components/csp/index.ts";
import { independentHash } from "../support/independentHash.ts";

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
