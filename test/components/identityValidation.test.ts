// Identity, exposure and Infobip API secret arguments: every refusal, message by message, and the
// agreement between the component's checks and the signer's own config reader (lambda/config.ts).
import { describe, expect, test } from "vitest";
import { ConfigError, readIdentitySettings } from "../../lambda/config.ts";
import type { SubjectType } from "../../components/enums.ts";
import {
  identityEnvironment,
  resolveIdentityArgs,
  validateIdentityHeader,
  type TokenSignerIdentityOptions,
} from "../../components/identityArgs.ts";
import { resolveExposure, validateDistributionArn, validatePathPrefix } from "../../components/signerExposure.ts";
import { signerPolicy } from "../../components/signerPolicy.ts";
import { resolveTokenSignerSettings } from "../../components/signerSettings.ts";
import type { TokenSignerOptions } from "../../components/tokenSignerArgs.ts";
import { ArgsError, validateApiSecretSource, validateApiSecretString } from "../../components/validation.ts";
import { thrown } from "./thrown.ts";

/** The field and message of the ArgsError `fn` throws. */
function refusal(fn: () => unknown): { field: string; message: string } {
  const { field, message } = thrown(ArgsError, fn);
  return { field, message };
}

const issuer = "https://idp.example.com/";
const identity = (extra: Partial<TokenSignerIdentityOptions> = {}): TokenSignerIdentityOptions => ({
  issuer,
  audiences: ["client"],
  ...extra,
});
const signerArgs = { widgetId: "w", secretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:k-AbCdEf" };
const options = (extra: TokenSignerOptions) => () =>
  resolveTokenSignerSettings("signer", { ...signerArgs, ...extra }, "signer.");

describe("identity", () => {
  test("issuer not https", () => {
    expect(refusal(() => resolveIdentityArgs(identity({ issuer: "http://idp.example.com" })))).toEqual({
      field: "identity.issuer",
      message:
        `identity.issuer must use https:// (got "http://idp.example.com"). Use the exact "iss" of the site's ID tokens, ` +
        "e.g. https://cognito-idp.<region>.amazonaws.com/<user pool ID> or https://<tenant>.auth0.com/.",
    });
    expect(refusal(() => resolveIdentityArgs(identity({ issuer: "idp.example.com" }))).message).toBe(
      `identity.issuer is not a valid URL: "idp.example.com". Use the exact "iss" of the site's ID tokens, ` +
        "e.g. https://cognito-idp.<region>.amazonaws.com/<user pool ID> or https://<tenant>.auth0.com/.",
    );
  });

  test("a loopback issuer or JWKS URI (fine for local stand-ins, unreachable from Lambda)", () => {
    expect(refusal(() => resolveIdentityArgs(identity({ issuer: "http://127.0.0.1:9000" })))).toEqual({
      field: "identity.issuer",
      message: `identity.issuer "http://127.0.0.1:9000" is a loopback address: the signer runs in AWS Lambda and cannot reach it; use the identity provider's public https:// URL.`,
    });
    expect(refusal(() => resolveIdentityArgs(identity({ jwksUri: "https://localhost/jwks" }))).field).toBe(
      "identity.jwksUri",
    );
  });

  test("a JWKS URI with a query", () => {
    expect(refusal(() => resolveIdentityArgs(identity({ jwksUri: "https://idp.example.com/jwks?x=1" }))).message).toBe(
      `identity.jwksUri must not have a query or fragment (got "https://idp.example.com/jwks?x=1"). ` +
        "Leave it unset to use the issuer's discovery document (<issuer>/.well-known/openid-configuration).",
    );
  });

  test("empty audiences, and audiences that cannot travel comma-separated", () => {
    expect(refusal(() => resolveIdentityArgs(identity({ audiences: [] })))).toEqual({
      field: "identity.audiences",
      message: "identity.audiences must list at least one client ID (the `aud` of the site's ID tokens).",
    });
    expect(refusal(() => resolveIdentityArgs(identity({ audiences: ["a,b"] })))).toEqual({
      field: "identity.audiences",
      message:
        `identity.audiences entry "a,b" contains a comma or surrounding spaces: the signer receives the list comma-separated ` +
        "(LIVECHAT_IDENTITY_AUDIENCES); give each client ID exactly as the provider shows it.",
    });
    expect(refusal(() => resolveIdentityArgs(identity({ audiences: [" client"] }))).field).toBe("identity.audiences");
  });

  test("bad subjectType; subjectClaim outside externalPersonId; bad sessionClaim", () => {
    expect(refusal(() => resolveIdentityArgs(identity({ subjectType: "phone" as SubjectType })))).toEqual({
      field: "identity.subjectType",
      message: `identity.subjectType must be one of email, msisdn, externalPersonId; got "phone".`,
    });
    expect(refusal(() => resolveIdentityArgs(identity({ subjectClaim: "customer_id" }))).message).toBe(
      `identity.subjectClaim only applies to subjectType "externalPersonId" (subjectType is "email").`,
    );
    expect(refusal(() => resolveIdentityArgs(identity({ sessionClaim: "has space" }))).message).toBe(
      "identity.sessionClaim must be a claim name of 1–64 visible ASCII characters.",
    );
  });

  test("allowedOrigins with * or a path", () => {
    expect(refusal(() => resolveIdentityArgs(identity({ allowedOrigins: ["https://*.example.com"] })))).toEqual({
      field: "identity.allowedOrigins",
      message: `identity.allowedOrigins entry "https://*.example.com" contains "*"; list each origin exactly (wildcards are refused).`,
    });
    expect(
      refusal(() => resolveIdentityArgs(identity({ allowedOrigins: ["https://www.example.com/shop"] }))).message,
    ).toBe(
      `identity.allowedOrigins entry "https://www.example.com/shop" must be an origin only: scheme://host[:port], no path, query or fragment.`,
    );
    expect(refusal(() => resolveIdentityArgs(identity({ allowedOrigins: ["http://www.example.com"] }))).message).toBe(
      `identity.allowedOrigins entry "http://www.example.com" must use https:// (http:// is accepted only for localhost).`,
    );
  });

  test("identity header: reserved names, and authorization behind CloudFront (OAC overwrites it)", () => {
    expect(refusal(() => resolveIdentityArgs(identity({ header: "x-amz-date" })))).toEqual({
      field: "identity.header",
      message: `identity.header is "x-amz-date", a header that browsers, CloudFront or AWS set themselves: use a custom name such as x-livechat-identity (the default).`,
    });
    expect(refusal(() => resolveIdentityArgs(identity({ header: "bad header" }))).message).toBe(
      `identity.header "bad header" is not an HTTP header name: use 1–64 letters, digits or "-"; the default is x-livechat-identity.`,
    );
    expect(refusal(() => resolveIdentityArgs(identity({ header: "Authorization" }), "", true)).message).toBe(
      `identity.header is "authorization", which CloudFront's origin access control overwrites with its own signature: use a custom name such as x-livechat-identity (the default).`,
    );
    expect(resolveIdentityArgs(identity({ header: "Authorization" }), "", false).header).toBe("authorization");
  });

  test("the LiveChat prefix names signer.identity.<field>", () => {
    expect(refusal(options({ identity: identity({ audiences: [] }) }))).toEqual({
      field: "signer.identity.audiences",
      message: "signer.identity.audiences must list at least one client ID (the `aud` of the site's ID tokens).",
    });
  });

  test("defaults and normalisation", () => {
    const resolved = resolveIdentityArgs(identity({ allowedOrigins: ["https://WWW.Example.com:443"] }));
    expect(resolved).toEqual({
      issuer,
      audiences: ["client"],
      jwksUri: undefined,
      subjectType: "email",
      subjectClaim: undefined,
      sessionClaim: undefined,
      allowedOrigins: ["https://www.example.com"],
      header: "x-livechat-identity",
    });
    expect(identityEnvironment(resolved)).toEqual({
      LIVECHAT_IDENTITY_ISSUER: issuer,
      LIVECHAT_IDENTITY_AUDIENCES: "client",
      LIVECHAT_IDENTITY_SUBJECT_TYPE: "email",
      LIVECHAT_IDENTITY_HEADER: "x-livechat-identity",
      LIVECHAT_ALLOWED_ORIGINS: "https://www.example.com",
    });
  });
});

describe("the component and the signer agree", () => {
  const lambdaAccepts = (env: Record<string, string>): boolean => {
    try {
      readIdentitySettings(env);
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return false;
    }
  };
  const componentAccepts = (fn: () => unknown): boolean => {
    try {
      fn();
      return true;
    } catch (error) {
      expect(error).toBeInstanceOf(ArgsError);
      return false;
    }
  };

  // (An empty LIVECHAT_IDENTITY_HEADER means "unset" to the signer; an empty identity.header argument is refused.)
  test("on identity header names (outside CloudFront, where both rule sets apply unchanged)", () => {
    const names = [
      "x-livechat-identity",
      "X-Id-Token",
      "authorization",
      "id_token",
      "host",
      "Origin",
      "cookie",
      "content-type",
      "via",
      "x-amz-security-token",
      "x-amzn-trace-id",
      "x-forwarded-for",
      "cloudfront-viewer-country",
      "access-control-request-headers",
      "sec-fetch-mode",
      "a b",
      "x".repeat(64),
      "x".repeat(65),
      "x-é",
    ];
    const disagreements = names.filter(
      (name) =>
        componentAccepts(() => validateIdentityHeader(name, "identity.header", false)) !==
        lambdaAccepts({
          LIVECHAT_IDENTITY_ISSUER: issuer,
          LIVECHAT_IDENTITY_AUDIENCES: "client",
          LIVECHAT_IDENTITY_HEADER: name,
        }),
    );
    expect(disagreements).toEqual([]);
  });

  test("every identity the component accepts, the signer reads back unchanged", () => {
    const cases: TokenSignerIdentityOptions[] = [
      identity(),
      identity({
        audiences: ["a", "b", "c"],
        subjectType: "msisdn",
        sessionClaim: "sid",
        allowedOrigins: ["https://a.example", "https://b.example:8443"],
      }),
      identity({
        subjectType: "externalPersonId",
        subjectClaim: "custom:id",
        jwksUri: "https://idp.example.com/keys",
        header: "X-Token",
      }),
    ];
    for (const args of cases) {
      const resolved = resolveIdentityArgs(args, "", false);
      const read = readIdentitySettings(identityEnvironment(resolved));
      expect(read).toMatchObject({
        issuer: resolved.issuer,
        audiences: resolved.audiences,
        subjectType: resolved.subjectType,
        headerName: resolved.header,
        allowedOrigins: resolved.allowedOrigins,
      });
      expect(read?.sessionClaim).toBe(resolved.sessionClaim);
      expect(read?.subjectClaim).toBe(resolved.subjectClaim);
      expect(read?.jwksUri).toBe(resolved.jwksUri);
    }
  });
});

describe("exposure", () => {
  test("publicFunctionUrl without identity", () => {
    expect(refusal(() => resolveExposure({ publicFunctionUrl: true }))).toEqual({
      field: "publicFunctionUrl",
      message:
        "publicFunctionUrl is true but identity is not set: anyone on the internet could then ask for a token for any customer. " +
        "Set identity (the site's OIDC issuer and client IDs) so the signer verifies who is asking, or leave publicFunctionUrl false " +
        "and call the signer from a backend with SigV4.",
    });
  });

  test("publicFunctionUrl without allowedOrigins", () => {
    expect(refusal(options({ identity: identity(), publicFunctionUrl: true }))).toEqual({
      field: "signer.identity.allowedOrigins",
      message:
        "signer.identity.allowedOrigins is empty but signer.publicFunctionUrl is true: the site's pages call the Function URL from their own " +
        `origin, so list them exactly, e.g. ["https://www.example.com"] (browsers on any other origin are refused).`,
    });
    expect(refusal(options({ identity: identity({ allowedOrigins: [] }), publicFunctionUrl: true })).field).toBe(
      "signer.identity.allowedOrigins",
    );
  });

  test("allowedInvokerArns with a public URL", () => {
    expect(
      refusal(() =>
        resolveExposure({
          identity: {},
          publicFunctionUrl: true,
          allowedInvokerArns: ["arn:aws:iam::123456789012:role/x"],
        }),
      ).message,
    ).toBe(
      "allowedInvokerArns is set but publicFunctionUrl is true: a Function URL with auth NONE does not check IAM callers, " +
        "so their permissions would grant nothing; remove allowedInvokerArns, or leave publicFunctionUrl false.",
    );
  });

  test("CloudFront settings outside CloudFront mode", () => {
    const arn = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL";
    expect(refusal(() => resolveExposure({ cloudFrontDistributionArn: arn }))).toEqual({
      field: "cloudFrontDistributionArn",
      message:
        "cloudFrontDistributionArn is set but identity is not set (only browsers signing in with an ID token reach the signer through CloudFront): " +
        "remove it, or set identity and leave publicFunctionUrl false.",
    });
    expect(refusal(() => resolveExposure({ identity: {}, publicFunctionUrl: true, pathPrefix: "/livechat" }))).toEqual({
      field: "pathPrefix",
      message:
        "pathPrefix is set but publicFunctionUrl is true (browsers call the Function URL directly): remove it, or set identity and leave publicFunctionUrl false.",
    });
  });

  test("bad pathPrefix", () => {
    for (const bad of ["/LiveChat", "livechat", "/live/chat", "/", "/livechat/"]) {
      expect(refusal(() => resolveExposure({ identity: {}, pathPrefix: bad }))).toEqual({
        field: "pathPrefix",
        message:
          `pathPrefix ${JSON.stringify(bad)} is not a path prefix: use "/" followed by lower-case letters, digits or "-", e.g. "/livechat" (the default); ` +
          `the distribution then routes "<prefix>/*" to the signer.`,
      });
    }
    expect(validatePathPrefix("/chat-2")).toBe("/chat-2");
  });

  test("bad distribution ARN", () => {
    expect(refusal(() => validateDistributionArn("E2QWRUHAPOMQZL")).message).toBe(
      `cloudFrontDistributionArn "E2QWRUHAPOMQZL" is not a CloudFront distribution ARN: use arn:aws:cloudfront::<account>:distribution/<distribution ID> ` +
        "(aws cloudfront get-distribution --id <ID> --query Distribution.ARN).",
    );
    expect(
      refusal(options({ identity: identity(), cloudFrontDistributionArn: "arn:aws:cloudfront::123:distribution/E1" }))
        .field,
    ).toBe("signer.cloudFrontDistributionArn");
  });

  test("modes", () => {
    expect(resolveExposure({})).toEqual({ mode: "iam", pathPrefix: undefined });
    expect(resolveExposure({ identity: {} })).toEqual({ mode: "cloudfront", pathPrefix: "/livechat" });
    expect(resolveExposure({ identity: {}, publicFunctionUrl: true })).toEqual({
      mode: "public",
      pathPrefix: undefined,
    });
  });
});

describe("Infobip API secret", () => {
  const apiKey = "SECRET-api-key-0123456789abcdef";

  test("both fields", () => {
    expect(
      refusal(() => validateApiSecretSource({ infobipApiSecretString: "x", infobipApiSecretArn: "y" }, "signer.")),
    ).toEqual({
      field: "signer.infobipApiSecretString",
      message:
        `signer.infobipApiSecretString and signer.infobipApiSecretArn are both set: set at most one — signer.infobipApiSecretString to have ` +
        `the component create the secret from {"apiKey": "<key with live-chat:manage>", "baseUrl": "https://<yours>.api.infobip.com"}, ` +
        `or signer.infobipApiSecretArn to use an existing Secrets Manager secret holding that JSON. Set neither to leave session invalidation off.`,
    });
  });

  test("neither field: session invalidation off", () => {
    expect(validateApiSecretSource({})).toBe(false);
    expect(validateApiSecretSource({ infobipApiSecretArn: "y" })).toBe(true);
  });

  test("a value that is not the API secret JSON; the key is never echoed", () => {
    const cases: [string, string][] = [
      [
        `apiKey=${apiKey}`,
        `The API secret is not valid JSON: store it as {"apiKey": "<Infobip API key with the live-chat:manage scope>", "baseUrl": "https://<yours>.api.infobip.com"}.`,
      ],
      [
        JSON.stringify({ apiKey }),
        `The API secret has no "baseUrl": store it as {"apiKey": "<Infobip API key with the live-chat:manage scope>", "baseUrl": "https://<yours>.api.infobip.com"}.`,
      ],
      [
        JSON.stringify({ apiKey: `${apiKey} x`, baseUrl: "https://x.api.infobip.com" }),
        `The API secret's "apiKey" must be 16–512 visible ASCII characters (no spaces); copy it again from the Infobip portal.`,
      ],
      [
        JSON.stringify({ apiKey, baseUrl: "http://x.api.infobip.com" }),
        `The API secret's "baseUrl" must use https:// (got http:).`,
      ],
    ];
    for (const [value, reason] of cases) {
      const { field, message } = refusal(() => validateApiSecretString(value));
      expect(field).toBe("infobipApiSecretString");
      expect(message).toBe(`infobipApiSecretString is not usable (value not shown, it is secret): ${reason}`);
      expect(message).not.toContain(apiKey);
    }
    expect(() =>
      validateApiSecretString(JSON.stringify({ apiKey, baseUrl: "https://x.api.infobip.com" })),
    ).not.toThrow();
  });

  test("an ARN that is a name", () => {
    expect(refusal(options({ infobipApiSecretArn: "livechat/infobip" })).message).toBe(
      `signer.infobipApiSecretArn "livechat/infobip" is not a Secrets Manager secret ARN: use the full ARN, ` +
        `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters> (aws secretsmanager describe-secret --secret-id <name> --query ARN).`,
    );
  });

  test("KMS: one ViaService per region the secrets live in", () => {
    const policy = signerPolicy({
      secretArn: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:a-AbCdEf",
      apiSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:b-AbCdEf",
      kmsKeyArn: "arn:aws:kms:eu-central-1:123456789012:key/k",
      logGroupArn: "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/lambda/f",
    });
    expect(policy.Statement[2]).toEqual({
      Sid: "DecryptSigningKey",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: "arn:aws:kms:eu-central-1:123456789012:key/k",
      Condition: {
        StringEquals: {
          "kms:ViaService": ["secretsmanager.eu-central-1.amazonaws.com", "secretsmanager.eu-west-1.amazonaws.com"],
        },
      },
    });
  });
});
