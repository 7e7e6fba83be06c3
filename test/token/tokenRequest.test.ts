import { describe, expect, it } from "vitest";
import { validateTokenRequest, type FieldError } from "../../lambda/token/tokenRequest.ts";

const bounds = { defaultTtlSeconds: 15, maxTtlSeconds: 60 };

function errorsOf(input: unknown): readonly FieldError[] {
  const result = validateTokenRequest(input, bounds);
  return result.ok ? [] : result.errors;
}

function fieldsOf(input: unknown): string[] {
  return errorsOf(input).map((e) => e.field);
}

const cases: Record<"email" | "msisdn" | "externalPersonId", { good: string[]; bad: string[] }> = {
  email: {
    good: [
      "a@b.co",
      "first.last+tag@example.com",
      "x_y-z@sub.domain.example",
      "ÿser@xn--exmple-cua.de",
      "alice@xn--bcher-kva.example",
      `${"l".repeat(64)}@example.com`,
      `a@${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(63)}.${"g".repeat(60)}`,
    ],
    bad: [
      "",
      "plainaddress",
      "@example.com",
      "user@",
      "user@localhost",
      "user@@example.com",
      "us er@example.com",
      "user@exa mple.com",
      "user@-example.com",
      "user@example-.com",
      "user@example..com",
      ".user@example.com",
      "user.@example.com",
      "us..er@example.com",
      'us"er@example.com',
      "user@example.com\n",
      "user\u0000@example.com",
      "adm\u202enimda@example.com",
      "ad\u200bmin@example.com",
      // Look-alikes: blank-rendering letters and default-ignorable characters, and non-ASCII domains
      // (a Cyrillic а in "exаmple.com" reads as another customer's domain).
      "alice\u3164@example.com",
      "ali\u034fce@example.com",
      "alice\u115f@example.com",
      "alice\u1160@example.com",
      "alice\uffa0@example.com",
      "alice\u2800@example.com",
      "alice@ex\u0430mple.com",
      "ÿser@exämple.de",
      `${"l".repeat(65)}@example.com`,
      `a@${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(63)}.${"g".repeat(61)}`,
    ],
  },
  msisdn: {
    good: ["38591234", "+38591234", "385911234567", "+385911234567", "123456789012345", "+123456789012345"],
    bad: [
      "",
      "1234567",
      "+1234567",
      "1234567890123456",
      "0385911234567",
      "+0385911234567",
      "++385911234567",
      "385 91 123 4567",
      "385-91-123-4567",
      "+38591234567a",
      "+",
      "٣٨٥٩١١٢٣٤٥٦٧",
    ],
  },
  externalPersonId: {
    good: ["x", "crm:42", "Ünïcødé 42", "😀-id", "a".repeat(255)],
    bad: [
      "",
      "a".repeat(256),
      " leading",
      "trailing ",
      "tab\there",
      "nul\u0000",
      "del\u007f",
      "c1\u0085",
      "ls\u2028",
      "lone\ud800surrogate",
      // Invisible format characters (Unicode Cf): an agent would see a different identifier than the one signed.
      "crm-\u202e24",
      "\u200bcrm-42",
      "crm\u200d42",
      "crm\u2066-42\u2069",
      "crm\u00ad42",
      // Blank-rendering letters and default-ignorable characters.
      "cust\u2800-42",
      "cust\u3164-42",
      "cust\u034f42",
      "cust\u115f42",
      "cust\u1160",
      "\uffa0cust",
      "\u{e0041}crm",
    ],
  },
};

describe("token request validation", () => {
  for (const [stp, { good, bad }] of Object.entries(cases)) {
    describe(`stp ${stp}`, () => {
      it.each(good)("accepts %j", (sub) => {
        const result = validateTokenRequest({ sub, stp }, bounds);
        expect(result).toEqual({ ok: true, value: { sub, stp, ttlSeconds: 15 } });
      });
      it.each(bad)("rejects %j with an error on sub", (sub) => {
        const errors = errorsOf({ sub, stp });
        expect(errors.map((e) => e.field)).toEqual(["sub"]);
        expect(errors[0]?.message).toMatch(/^sub /);
      });
    });
  }

  it("says why a look-alike is refused: invisible characters, and the ASCII (punycode) rule for domains", () => {
    expect(errorsOf({ sub: "alice\u3164@example.com", stp: "email" })[0]?.message).toBe(
      "sub contains an invisible character (e.g. a zero-width space, a bidirectional override or a blank-rendering letter such as U+3164): remove it.",
    );
    expect(errorsOf({ sub: "alice@ex\u0430mple.com", stp: "email" })[0]?.message).toBe(
      "sub has a domain that is not ASCII: write an internationalised domain in its punycode form (xn--…), as DNS does, so that look-alike letters from other scripts cannot pass for it.",
    );
  });

  it("does not echo the sub value in error messages", () => {
    const sub = "secret.person@@example.com";
    expect(JSON.stringify(errorsOf({ sub, stp: "email" }))).not.toContain("secret.person");
  });

  it("requires sub and stp, with messages naming the allowed types", () => {
    const errors = errorsOf({});
    expect(errors.map((e) => e.field).sort()).toEqual(["stp", "sub"]);
    expect(errors.find((e) => e.field === "stp")?.message).toContain("email, msisdn, externalPersonId");
  });

  it.each([["Email"], ["phone"], [""], [1], [null], [["email"]]])("rejects stp %j", (stp) => {
    expect(fieldsOf({ sub: "a@b.co", stp })).toEqual(["stp"]);
  });

  it.each([[1], [null], [true], [{}], [["a@b.co"]]])("rejects a non-string sub %j", (sub) => {
    expect(fieldsOf({ sub, stp: "email" })).toEqual(["sub"]);
  });

  it.each([[null], [[]], ["string"], [42], [true]])("rejects a body that is not an object: %j", (input) => {
    const errors = errorsOf(input);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/must be a JSON object/);
  });

  it("rejects unknown fields, each by name, alongside other errors", () => {
    const errors = errorsOf({ sub: "a@b.co", stp: "email", iss: "evil-widget", exp: 9999999999, ski: 1 });
    expect(errors.map((e) => e.field)).toEqual(["iss", "exp", "ski"]);
    expect(errors[0]?.message).toContain("Unknown field");
    expect(fieldsOf({ sub: "a@b.co", stp: "email", __proto__x: 1 })).toEqual(["__proto__x"]);
    expect(fieldsOf(JSON.parse('{"sub":"a@b.co","stp":"email","__proto__":{"x":1}}'))).toEqual(["__proto__"]);
  });

  describe("sid", () => {
    it.each([
      ["s"],
      ["85a53925-7bbb-46be-84f8-2b00c4a48a4d"],
      ["x".repeat(50)],
      ["!~#$%&'()*+,-.:;<=>?@[]^_`{|}"],
      ["..."],
    ])("accepts %j", (sid) => {
      const result = validateTokenRequest({ sub: "a@b.co", stp: "email", sid }, bounds);
      expect(result.ok && result.value.sid).toBe(sid);
    });
    it.each([[""], ["x".repeat(51)], ["has space"], ["tab\t"], ["ünï"], [42], [null], [{}]])("rejects %j", (sid) => {
      expect(fieldsOf({ sub: "a@b.co", stp: "email", sid })).toEqual(["sid"]);
    });
    // DELETE /sessions/{sid} can never end a session whose ID is not one path segment, so such an ID is refused when minting too.
    it.each([["a/b"], ["/"], ["."], [".."]])("rejects %j, which DELETE /sessions/{sid} could never end", (sid) => {
      const errors = errorsOf({ sub: "a@b.co", stp: "email", sid });
      expect(errors.map((e) => e.field)).toEqual(["sid"]);
      expect(errors[0]?.message).toMatch(/^sid .*(must not contain "\/"|must not be "\." or "\.\.")/);
    });
  });

  describe("ttlSeconds", () => {
    it.each([[10], [15], [59], [60]])("accepts %j within 10..max", (ttlSeconds) => {
      const result = validateTokenRequest({ sub: "a@b.co", stp: "email", ttlSeconds }, bounds);
      expect(result.ok && result.value.ttlSeconds).toBe(ttlSeconds);
    });
    it.each([[9], [0], [-15], [61], [3600], [15.5], ["15"], [null], [Number.NaN], [Infinity], [1e21]])(
      "rejects %j",
      (ttlSeconds) => {
        expect(fieldsOf({ sub: "a@b.co", stp: "email", ttlSeconds })).toEqual(["ttlSeconds"]);
      },
    );
    it("names the allowed range and the configured maximum", () => {
      expect(errorsOf({ sub: "a@b.co", stp: "email", ttlSeconds: 61 })[0]?.message).toContain("at most 60");
      expect(errorsOf({ sub: "a@b.co", stp: "email", ttlSeconds: 9 })[0]?.message).toContain("below 10");
    });
    it("says how the deployment raises the maximum, and why the minimum exists", () => {
      expect(errorsOf({ sub: "a@b.co", stp: "email", ttlSeconds: 100000 })[0]?.message).toBe(
        "ttlSeconds is 100000; this signer allows at most 60 (10–60). The deployment sets that maximum: maxTokenTtlSeconds on the TokenSigner (or LiveChat's signer), LIVECHAT_MAX_TOKEN_TTL_SECONDS for npm start and the Lambda.",
      );
      expect(errorsOf({ sub: "a@b.co", stp: "email", ttlSeconds: 5 })[0]?.message).toBe(
        "ttlSeconds is 5; below 10 s is refused because Infobip refuses personalization tokens that expire sooner (10–60).",
      );
    });
  });
});
