import { describe, expect, it } from "vitest";
import { extractIdentityToken } from "../../lambda/identity/extractIdentityToken.ts";

describe("extractIdentityToken", () => {
  it("reads the dedicated header, case-insensitively, with or without Bearer", () => {
    expect(extractIdentityToken({ "x-livechat-identity": "aaa.bbb.ccc" })).toBe("aaa.bbb.ccc");
    expect(extractIdentityToken({ "X-LiveChat-Identity": " Bearer aaa.bbb.ccc " })).toBe("aaa.bbb.ccc");
    expect(extractIdentityToken({ "x-site-id": "t.o.k" }, "X-Site-Id")).toBe("t.o.k");
  });

  it("falls back to Authorization: Bearer, and prefers the dedicated header", () => {
    expect(extractIdentityToken({ Authorization: "bearer aaa.bbb.ccc" })).toBe("aaa.bbb.ccc");
    expect(extractIdentityToken({ authorization: "Bearer zzz", "x-livechat-identity": "aaa" })).toBe("aaa");
  });

  it("ignores other schemes, empty values and missing headers", () => {
    expect(
      extractIdentityToken({ authorization: "AWS4-HMAC-SHA256 Credential=AKIA/…, Signature=abc" }),
    ).toBeUndefined();
    expect(extractIdentityToken({ authorization: "Basic dXNlcjpwdw==" })).toBeUndefined();
    expect(extractIdentityToken({ authorization: "Bearer" })).toBeUndefined();
    expect(extractIdentityToken({ "x-livechat-identity": "   " })).toBeUndefined();
    expect(extractIdentityToken({ "x-livechat-identity": undefined })).toBeUndefined();
    expect(extractIdentityToken({})).toBeUndefined();
  });
});
