import { describe, expect, it } from "vitest";
import { ApiSecretError, parseApiSecret } from "../../lambda/sessions/apiSecret.ts";

const apiKey = "aKey0123456789abcdefSECRET-value";

describe("parseApiSecret", () => {
  it("accepts the documented shape and normalises baseUrl to an origin", () => {
    expect(parseApiSecret(JSON.stringify({ apiKey, baseUrl: "https://xy12z.api.infobip.com/" }))).toEqual({
      apiKey,
      baseUrl: "https://xy12z.api.infobip.com",
    });
    expect(parseApiSecret(JSON.stringify({ apiKey, baseUrl: "http://127.0.0.1:8080" }))).toEqual({
      apiKey,
      baseUrl: "http://127.0.0.1:8080",
    });
  });

  it.each([
    [`{"apiKey": "${apiKey}", baseUrl: }`, "not valid JSON"],
    [JSON.stringify([apiKey]), "must be a JSON object"],
    [JSON.stringify({ baseUrl: "https://x.api.infobip.com" }), 'has no "apiKey"'],
    [JSON.stringify({ apiKey: 42, baseUrl: "https://x.api.infobip.com" }), "must be a string"],
    [JSON.stringify({ apiKey: "short", baseUrl: "https://x.api.infobip.com" }), "16–512 visible ASCII"],
    [JSON.stringify({ apiKey: `${apiKey} x`, baseUrl: "https://x.api.infobip.com" }), "16–512 visible ASCII"],
    [JSON.stringify({ apiKey }), 'has no "baseUrl"'],
    [JSON.stringify({ apiKey, baseUrl: "x.api.infobip.com" }), "is not a URL"],
    [JSON.stringify({ apiKey, baseUrl: "http://x.api.infobip.com" }), "must use https://"],
    [JSON.stringify({ apiKey, baseUrl: "https://x.api.infobip.com/livechat/1" }), "without a path, query or fragment"],
    [JSON.stringify({ apiKey, baseUrl: "https://x.api.infobip.com?debug=1" }), "without a path, query or fragment"],
    [JSON.stringify({ apiKey, baseUrl: "https://x.api.infobip.com#x" }), "without a path, query or fragment"],
    [JSON.stringify({ apiKey, baseUrl: "https://u:p@x.api.infobip.com" }), "must not contain credentials"],
  ])("refuses %s with a message that never contains the key", (text, message) => {
    let error: unknown;
    try {
      parseApiSecret(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiSecretError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain(apiKey);
    expect((error as Error).message).not.toContain("SECRET");
  });
});
