// The exported validators and pure helpers, message by message.
import { describe, expect, test } from "vitest";
import { physicalName } from "../../components/naming.ts";
import { arnRegion, signerPolicy } from "../../components/signerPolicy.ts";
import {
  apiSecretSource,
  ArgsError,
  resolveTtls,
  show,
  validateFunctionName,
  validateInvokerPrincipal,
  validateMemorySize,
  validatePermissionsBoundary,
  validatePlainText,
  validateReservedConcurrency,
  validateSecretArn,
  validateSecretCacheSeconds,
  validateSecretSource,
  validateSecretString,
  validateWidgetId,
} from "../../components/validation.ts";
import { thrown } from "./thrown.ts";

const messageOf = (fn: () => unknown): string => thrown(ArgsError, fn).message;

describe("TTLs", () => {
  test("defaults: 15 s, maximum max(TTL, 60)", () => {
    expect(resolveTtls({})).toEqual({ tokenTtlSeconds: 15, maxTokenTtlSeconds: 60 });
    expect(resolveTtls({ tokenTtlSeconds: 90 })).toEqual({ tokenTtlSeconds: 90, maxTokenTtlSeconds: 90 });
    expect(resolveTtls({ tokenTtlSeconds: 10, maxTokenTtlSeconds: 10 })).toEqual({
      tokenTtlSeconds: 10,
      maxTokenTtlSeconds: 10,
    });
  });
  test("refusals", () => {
    expect(messageOf(() => resolveTtls({ tokenTtlSeconds: 9 }))).toBe(
      "tokenTtlSeconds is 9: Infobip refuses personalization tokens that live less than 10 seconds; use 10 or more (default 15).",
    );
    expect(messageOf(() => resolveTtls({ tokenTtlSeconds: 12.5 }))).toBe(
      "tokenTtlSeconds is 12.5: it must be a whole number from 10 to 86400; the default is 15.",
    );
    expect(messageOf(() => resolveTtls({ maxTokenTtlSeconds: 100_000 }))).toBe(
      "maxTokenTtlSeconds is 100000: it must be a whole number from 10 to 86400; it is the longest TTL a request may ask for.",
    );
    expect(messageOf(() => resolveTtls({ tokenTtlSeconds: 30, maxTokenTtlSeconds: 20 }, "signer."))).toBe(
      "signer.tokenTtlSeconds (30) is greater than signer.maxTokenTtlSeconds (20): lower signer.tokenTtlSeconds or raise signer.maxTokenTtlSeconds.",
    );
  });
});

describe("other settings", () => {
  test("messages", () => {
    expect(messageOf(() => validateSecretCacheSeconds(0))).toBe(
      "secretCacheSeconds is 0: it must be a whole number from 1 to 86400; the default is 300 (a rotated key is picked up within this period).",
    );
    expect(messageOf(() => validateMemorySize(100))).toBe(
      "memorySize is 100: it must be a whole number from 128 to 10240; Lambda accepts 128–10240 MB; the default is 256.",
    );
    expect(messageOf(() => validateReservedConcurrency(0))).toBe(
      "reservedConcurrency is 0: it must be a whole number from 1 to 100000; leave it unset for no reservation (0 would disable the signer).",
    );
    expect(messageOf(() => validateFunctionName("my.fn"))).toBe(
      `functionName "my.fn" is not a Lambda function name: use 1–64 letters, digits, "-" or "_".`,
    );
    expect(messageOf(() => validatePlainText("https://x\n", "reportUri"))).toBe(
      `reportUri "https://x\\n" must be a non-empty string without control characters.`,
    );
  });
  test("accepted values", () => {
    expect(() => validateWidgetId("3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21")).not.toThrow();
    expect(() =>
      validateSecretArn("arn:aws:secretsmanager:eu-central-1:123456789012:secret:a/b-c_d-AbC123"),
    ).not.toThrow();
    expect(() =>
      validateSecretArn("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:k-AbC123"),
    ).not.toThrow();
    for (const p of [
      "123456789012",
      "arn:aws:iam::123456789012:root",
      "arn:aws:iam::123456789012:role/path/to/role",
      "arn:aws:iam::123456789012:user/ci",
    ]) {
      expect(() => validateInvokerPrincipal(p)).not.toThrow();
    }
    expect(() => validateInvokerPrincipal("*")).toThrow(ArgsError);
  });
});

describe("secretString", () => {
  const good = JSON.stringify({ id: "k1", key: Buffer.alloc(32, 9).toString("base64") });
  test("accepts the portal's JSON with a string or number id", () => {
    expect(() => validateSecretString(good)).not.toThrow();
    expect(() =>
      validateSecretString(JSON.stringify({ id: 3, key: Buffer.alloc(64, 1).toString("base64") })),
    ).not.toThrow();
  });
  test("messages never contain the value", () => {
    const cases: [string, string][] = [
      [
        "just-the-key-AAAA",
        `secretString is not usable (value not shown, it is secret): The secret is not valid JSON: store the key exactly as the Infobip portal shows it: {"id": 3, "key": "<base64>"}.`,
      ],
      [
        JSON.stringify({ key: "QUFBQQ==" }),
        `secretString is not usable (value not shown, it is secret): The secret has no "id": store the key exactly as the Infobip portal shows it: {"id": 3, "key": "<base64>"}.`,
      ],
      [
        JSON.stringify({ id: 3, key: "abc_def-ghi" }),
        `secretString is not usable (value not shown, it is secret): The secret's "key" uses the base64url alphabet ("-" and "_"); the portal gives standard base64 ("+" and "/"). Store the key exactly as the Infobip portal shows it: {"id": 3, "key": "<base64>"}.`,
      ],
    ];
    for (const [value, message] of cases) {
      const actual = messageOf(() => validateSecretString(value));
      expect(actual).toBe(message);
      expect(actual).not.toContain(value);
    }
  });
});

describe("naming", () => {
  test("sanitises and stays within the limit, distinct for distinct long names", () => {
    expect(physicalName(["shop", "prod/eu", "chat"], 64)).toBe("shop-prod-eu-chat");
    const a = physicalName(["a".repeat(50), "prod", "livechat-signer"], 64);
    const b = physicalName(["a".repeat(50), "prod", "livechat-signer2"], 64);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).toBe(`${"a".repeat(50)}-prod-${a.slice(-8)}`);
    expect(a).toMatch(/-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(physicalName(["a".repeat(50), "prod", "livechat-signer"], 64)).toBe(a);
  });
});

describe("IAM policy", () => {
  test("region from the secret ARN; log resource gets exactly one :*", () => {
    expect(arnRegion("arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:x-AbC123")).toBe("ap-southeast-2");
    const doc = signerPolicy({
      secretArn: "arn:aws:secretsmanager:eu-west-1:1:secret:x-AbC123",
      logGroupArn: "arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/f:*",
    });
    expect(doc.Statement.map((s) => s.Action)).toEqual([
      "secretsmanager:GetSecretValue",
      ["logs:CreateLogStream", "logs:PutLogEvents"],
    ]);
    expect(doc.Statement[1]?.Resource).toBe("arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/f:*");
  });
});

describe("permissionsBoundary", () => {
  test("an IAM managed policy ARN in a known partition: customer managed with a path, AWS managed, GovCloud, China", () => {
    for (const arn of [
      "arn:aws:iam::123456789012:policy/DeveloperBoundary",
      "arn:aws:iam::123456789012:policy/org/team/Boundary_v2",
      "arn:aws:iam::aws:policy/PowerUserAccess",
      "arn:aws-us-gov:iam::123456789012:policy/Boundary",
      "arn:aws-cn:iam::123456789012:policy/Boundary",
    ]) {
      expect(() => validatePermissionsBoundary(arn, "signer.permissionsBoundary")).not.toThrow();
    }
  });
  test("refuses a role ARN, an unknown partition, a policy name alone, an account that is not 12 digits", () => {
    for (const arn of [
      "arn:aws:iam::123456789012:role/Boundary",
      "arn:aws-moon:iam::123456789012:policy/Boundary",
      "DeveloperBoundary",
      "arn:aws:iam::12345:policy/Boundary",
      "arn:aws:iam::123456789012:policy/",
      "arn:aws:iam::123456789012:policy/Bad Name",
    ]) {
      expect(messageOf(() => validatePermissionsBoundary(arn, "signer.permissionsBoundary"))).toMatch(
        /^signer\.permissionsBoundary ".*" is not an IAM managed policy ARN: /,
      );
    }
    expect(messageOf(() => validatePermissionsBoundary("arn:aws:iam::123456789012:role/x"))).toBe(
      `permissionsBoundary "arn:aws:iam::123456789012:role/x" is not an IAM managed policy ARN: use arn:<partition>:iam::<account>:policy/<path/><name> ` +
        `(partition one of aws-iso-b, aws-iso-f, aws-iso-e, aws-iso, aws-us-gov, aws-cn, aws-eusc, aws; account "aws" for an AWS managed policy), ` +
        `e.g. arn:aws:iam::123456789012:policy/DeveloperBoundary (aws iam list-policies --scope Local --query 'Policies[].Arn').`,
    );
  });
});

describe("ArgsError", () => {
  test("one shape: name, a stable code (invalid-argument unless given), the field, the message", () => {
    const error = new ArgsError("signer.memorySize", "signer.memorySize is 64: …");
    expect(error).toBeInstanceOf(Error);
    expect({ name: error.name, code: error.code, field: error.field, message: error.message }).toEqual({
      name: "ArgsError",
      code: "invalid-argument",
      field: "signer.memorySize",
      message: "signer.memorySize is 64: …",
    });
    expect(new ArgsError("secretString", "both", "conflicting-arguments").code).toBe("conflicting-arguments");
  });

  test("the validators' errors carry their field and code", () => {
    const caught = (fn: () => unknown) => {
      const { code, field } = thrown(ArgsError, fn);
      return { code, field };
    };
    expect(caught(() => validateMemorySize(1, "signer.memorySize"))).toEqual({
      code: "invalid-argument",
      field: "signer.memorySize",
    });
    expect(caught(() => resolveTtls({ tokenTtlSeconds: 30, maxTokenTtlSeconds: 20 }))).toEqual({
      code: "conflicting-arguments",
      field: "tokenTtlSeconds",
    });
    expect(caught(() => validateSecretSource({}))).toEqual({ code: "missing-argument", field: "secretString" });
    expect(caught(() => validateSecretSource({ secretString: "a", secretArn: "b" }))).toEqual({
      code: "conflicting-arguments",
      field: "secretString",
    });
  });
});

describe("show: a value as the messages quote it", () => {
  test("strings as JSON, cut at 200 characters; other values as String() gives them", () => {
    expect(show('a "b"\n')).toBe('"a \\"b\\"\\n"');
    expect(show("x".repeat(201))).toBe(`"${"x".repeat(200)}…"`);
    expect(show("x".repeat(200))).toBe(`"${"x".repeat(200)}"`);
    expect([show(12.5), show(undefined), show(null), show(true)]).toEqual(["12.5", "undefined", "null", "true"]);
  });
});

describe("where a secret comes from", () => {
  test("the widget key: exactly one of secretString and secretArn", () => {
    expect(validateSecretSource({ secretString: "v" })).toBe("create");
    expect(validateSecretSource({ secretArn: "a", secretString: null })).toBe("existing");
  });

  test("the Infobip API key: at most one of infobipApiSecretString and infobipApiSecretArn", () => {
    expect(apiSecretSource({})).toBe("none");
    expect(apiSecretSource({ infobipApiSecretString: "v" })).toBe("create");
    expect(apiSecretSource({ infobipApiSecretArn: "a", infobipApiSecretString: undefined })).toBe("existing");
    expect(
      messageOf(() => apiSecretSource({ infobipApiSecretString: "v", infobipApiSecretArn: "a" }, "signer.")),
    ).toMatch(/^signer\.infobipApiSecretString and signer\.infobipApiSecretArn are both set: set at most one/);
  });
});
