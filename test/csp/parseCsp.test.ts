// parseCsp: header text into validated directives, with the refusals that only header text can
// need (control characters, a second policy after ',', a repeated directive).
import { describe, expect, it } from "vitest";
import { parseCsp } from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";

describe("parseCsp", () => {
  it("parses a header, lower-casing names and keywords, keeping order", () => {
    expect(
      parseCsp("Default-Src 'SELF' https://A.example;  img-src data:\t'self' ;; upgrade-insecure-requests;"),
    ).toEqual({
      "default-src": ["'self'", "https://a.example"],
      "img-src": ["data:", "'self'"],
      "upgrade-insecure-requests": [],
    });
    expect(parseCsp("")).toEqual({});
  });

  it("applies the same validation as buildCsp", () => {
    expect(refusal(() => parseCsp("default-src self")).message).toContain("write 'self' with single quotes");
    expect(refusal(() => parseCsp("script-src 'self' 'unsafe-eval'")).directive).toBe("script-src");
    expect(parseCsp("script-src 'unsafe-eval'", { allowUnsafeEval: true })).toEqual({
      "script-src": ["'unsafe-eval'"],
    });
    expect(refusal(() => parseCsp("scriptsrc 'self'")).message).toContain('unknown directive "scriptsrc"');
    const headers = ["default-src self", "script-src 'self' 'unsafe-eval'", "scriptsrc 'self'"];
    const codes = headers.map((header) => refusal(() => parseCsp(header)).code);
    expect(codes).toEqual(["unquoted-keyword", "unsafe-eval", "unknown-directive"]);
  });

  it.each([
    "default-src 'self'\r\nX-Injected: 1",
    "default-src 'self'\nimg-src *",
    "default-src 'self'\u0000",
    "default-src\u000b'self'",
  ])(
    "refuses control characters such as CR, LF and NUL in the header text (%j): they never occur in a header value",
    (header) => {
      const error = refusal(() => parseCsp(header));
      expect(error.message).toMatch(
        /^".*" contains a control character \(\\u00[0-9a-f]{2}\) at index \d+; a header value is one line: separate directives with ';' and sources with spaces\.$/,
      );
      expect(error.value).toBe(header);
      expect(error.code).toBe("forbidden-character");
    },
  );

  it("refuses two policies (a comma) and repeated directives", () => {
    expect(refusal(() => parseCsp("default-src 'self', default-src 'none'")).message).toContain(
      "separates two policies",
    );
    expect(refusal(() => parseCsp("img-src 'self'; IMG-SRC data:")).message).toBe(
      "img-src appears twice; browsers ignore every repeat after the first, so merge the two source lists into one directive.",
    );
    expect(refusal(() => parseCsp("default-src 'self', default-src 'none'")).code).toBe("multiple-policies");
    expect(refusal(() => parseCsp("img-src 'self'; IMG-SRC data:")).code).toBe("repeated-directive");
  });
});
