// OIDC identity mode and session invalidation under Pulumi mocks: behind CloudFront with origin
// access control (the default), a public Function URL, the Infobip API key secret, and LiveChat
// wiring its origin and cache behavior into a real aws.cloudfront.Distribution.
import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as cloudfront from "@pulumi/aws/cloudfront/index.js";
import * as lambda from "@pulumi/aws/lambda/index.js";
import { describe, expect, test, vi } from "vitest";
import { readConfig } from "../../lambda/config.ts";
import { expectedCacheBehavior, expectedOrigin } from "./cloudFrontWiring.ts";
import {
  account,
  autoName,
  environmentOf,
  installMocks,
  isSecret,
  policyOf,
  region,
  registered,
  resource,
  settle,
  underName,
  unwrap,
  valueOf,
  T,
} from "./mocks.ts";

await installMocks("livechat-test", "test");
const { TokenSigner, LiveChat } = await import("../../components/index.ts");
const { cloudFrontPermissionNote } = await import("../../components/signerExposure.ts");

const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const existingSecretArn = `arn:aws:secretsmanager:${region}:${account}:secret:livechat/widget-key-AbC123`;
const existingApiSecretArn = `arn:aws:secretsmanager:${region}:${account}:secret:livechat/infobip-api-XyZ789`;
const kmsKeyArn = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const distributionArn = `arn:aws:cloudfront::${account}:distribution/E2QWRUHAPOMQZL`;
const issuer = `https://cognito-idp.${region}.amazonaws.com/${region}_AbC123`;
const apiKey = `k${randomBytes(24).toString("hex")}`;
const apiSecretJson = JSON.stringify({ apiKey, baseUrl: "https://xyz12.api.infobip.com" });
const backendRole = `arn:aws:iam::${account}:role/shop-backend`;

const baseEnv = (secretId: string) => ({
  LIVECHAT_WIDGET_ID: widgetId,
  LIVECHAT_SECRET_ID: secretId,
  LIVECHAT_TOKEN_TTL_SECONDS: "15",
  LIVECHAT_MAX_TOKEN_TTL_SECONDS: "60",
  LIVECHAT_SECRET_CACHE_SECONDS: "300",
});

describe("identity behind CloudFront (default), distribution known, API key from a secret value, KMS key", async () => {
  const signer = new TokenSigner("oidc", {
    widgetId,
    secretArn: existingSecretArn,
    kmsKeyArn,
    allowedInvokerArns: [backendRole],
    identity: {
      issuer,
      audiences: ["client-a", "client-b"],
      sessionClaim: "sid",
      allowedOrigins: ["https://www.shop.example", "https://Shop.Example:443"],
    },
    cloudFrontDistributionArn: distributionArn,
    infobipApiSecretString: pulumi.secret(apiSecretJson),
  });
  const outputs = {
    functionUrl: await valueOf(signer.functionUrl),
    originDomainName: await valueOf(signer.originDomainName),
    originAccessControlId: await valueOf(signer.originAccessControlId),
    origin: await valueOf(signer.origin),
    cacheBehavior: await valueOf(signer.cacheBehavior),
    infobipApiSecretArn: await valueOf(signer.infobipApiSecretArn),
  };
  await settle();
  const apiSecretArn = `arn:aws:secretsmanager:${region}:${account}:secret:${autoName(T.secret, "oidc-api-secret")}-AbCdEf`;

  test("creates the API key secret, the OAC and CloudFront's two permissions besides the IAM-mode resources", () => {
    expect(
      underName("oidc")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(
      [
        "livechat-aws:index:TokenSigner oidc",
        `${T.secret} oidc-api-secret`,
        `${T.version} oidc-api-secret-version`,
        `${T.role} oidc-role`,
        `${T.policy} oidc-policy`,
        `${T.logs} oidc-logs`,
        `${T.fn} oidc-function`,
        `${T.url} oidc-url`,
        `${T.permission} oidc-invoke-url-0`,
        `${T.permission} oidc-invoke-0`,
        `${T.oac} oidc-oac`,
        `${T.permission} oidc-cloudfront-invoke-url`,
        `${T.permission} oidc-cloudfront-invoke`,
      ].sort(),
    );
  });

  test("the Function URL stays AWS_IAM; an OAC for Lambda signs every request with SigV4", () => {
    expect(unwrap(resource(T.url, "oidc-url").inputs)).toEqual({
      functionName: "livechat-test-test-oidc",
      authorizationType: "AWS_IAM",
    });
    expect(unwrap(resource(T.oac, "oidc-oac").inputs)).toEqual({
      name: "livechat-test-test-oidc",
      description: "CloudFront signs its requests to the Live Chat token signer's Function URL (livechat-aws)",
      originAccessControlOriginType: "lambda",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
  });

  test("cloudfront.amazonaws.com may call the URL only on behalf of that distribution", () => {
    expect(unwrap(resource(T.permission, "oidc-cloudfront-invoke-url").inputs)).toEqual({
      action: "lambda:InvokeFunctionUrl",
      function: "livechat-test-test-oidc",
      principal: "cloudfront.amazonaws.com",
      sourceArn: distributionArn,
      functionUrlAuthType: "AWS_IAM",
    });
    expect(unwrap(resource(T.permission, "oidc-cloudfront-invoke").inputs)).toEqual({
      action: "lambda:InvokeFunction",
      function: "livechat-test-test-oidc",
      principal: "cloudfront.amazonaws.com",
      sourceArn: distributionArn,
      invokedViaFunctionUrl: true,
    });
    // The backend invoker keeps its SigV4 access.
    expect(unwrap(resource(T.permission, "oidc-invoke-url-0").inputs)).toMatchObject({
      principal: backendRole,
      functionUrlAuthType: "AWS_IAM",
    });
  });

  test("the environment: identity settings, path prefix and the API key secret's ARN, exactly", () => {
    expect(environmentOf("oidc-function")).toEqual({
      ...baseEnv(existingSecretArn),
      LIVECHAT_IDENTITY_ISSUER: issuer,
      LIVECHAT_IDENTITY_AUDIENCES: "client-a,client-b",
      LIVECHAT_IDENTITY_SUBJECT_TYPE: "email",
      LIVECHAT_IDENTITY_HEADER: "x-livechat-identity",
      LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
      LIVECHAT_ALLOWED_ORIGINS: "https://www.shop.example,https://shop.example",
      LIVECHAT_PATH_PREFIX: "/livechat",
      LIVECHAT_INFOBIP_API_SECRET_ID: apiSecretArn,
    });
  });

  test("the signer's own config reader accepts that environment and reads the same settings", () => {
    const config = readConfig(environmentOf("oidc-function"));
    expect(config.identity).toEqual({
      issuer,
      audiences: ["client-a", "client-b"],
      subjectType: "email",
      sessionClaim: "sid",
      headerName: "x-livechat-identity",
      allowedOrigins: ["https://www.shop.example", "https://shop.example"],
    });
    expect(config.apiSecretId).toBe(apiSecretArn);
  });

  test("IAM: read both secrets (nothing else), decrypt via Secrets Manager in their region, write own logs", () => {
    expect(policyOf("oidc-policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadSigningKey",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: existingSecretArn,
        },
        { Sid: "ReadInfobipApiKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: apiSecretArn },
        {
          Sid: "DecryptSigningKey",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: kmsKeyArn,
          Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
        },
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/livechat-test-test-oidc:*`,
        },
      ],
    });
  });

  test("the API key secret: encrypted with the KMS key; its value is a Pulumi secret", () => {
    expect(unwrap(resource(T.secret, "oidc-api-secret").inputs)).toEqual({
      description: `Infobip API key that ends Live Chat sessions of widget ${widgetId} (livechat-aws)`,
      kmsKeyId: kmsKeyArn,
    });
    const version = resource(T.version, "oidc-api-secret-version");
    expect(version.inputs["secretId"]).toBe("oidc-api-secret-id");
    expect(isSecret(version.inputs["secretString"])).toBe(true);
    expect(unwrap(version.inputs["secretString"])).toBe(apiSecretJson);
  });

  test("the API key appears in no resource input but the secret version", () => {
    const carriers = registered.filter((r) => JSON.stringify(unwrap(r.inputs)).includes(apiKey)).map((r) => r.name);
    expect(carriers).toEqual(["oidc-api-secret-version"]);
  });

  test("outputs: the origin host, OAC ID, origin and uncached /livechat/* behavior", () => {
    const host = `oidc-url.lambda-url.${region}.on.aws`;
    expect(outputs).toEqual({
      functionUrl: `https://${host}/`,
      originDomainName: host,
      originAccessControlId: "oidc-oac-id",
      origin: expectedOrigin("oidc", host, "oidc-oac-id"),
      cacheBehavior: expectedCacheBehavior("oidc", "/livechat/*"),
      infobipApiSecretArn: apiSecretArn,
    });
  });
});

describe("identity behind CloudFront before the distribution exists; custom prefix, header and subject claim", async () => {
  const warnings: string[] = [];
  const spy = vi.spyOn(console, "warn").mockImplementation((message: unknown) => void warnings.push(String(message)));
  const signer = new TokenSigner("edge", {
    widgetId,
    secretArn: existingSecretArn,
    identity: {
      issuer: "https://shop.eu.auth0.com/",
      audiences: ["spa-client"],
      jwksUri: "https://shop.eu.auth0.com/.well-known/jwks.json",
      subjectType: "externalPersonId",
      subjectClaim: "customer_id",
      header: "X-Shop-Id-Token",
    },
    pathPrefix: "/chat-api",
  });
  const cacheBehavior = await valueOf(signer.cacheBehavior);
  await settle();
  spy.mockRestore();

  test("creates the OAC but no permission at all (no distribution, no invokers)", () => {
    const names = underName("edge").map((r) => `${r.type} ${r.name}`);
    expect(names).toContain(`${T.oac} edge-oac`);
    expect(names.filter((n) => n.startsWith(T.permission))).toEqual([]);
  });

  test("warns which permissions to add once the distribution exists", () => {
    const note = cloudFrontPermissionNote("TokenSigner edge", "livechat-test-test-edge");
    expect(warnings).toEqual([`warning: [runtime] ${note}`]);
    expect(note).toBe(
      "TokenSigner edge: CloudFront cannot call the signer yet. The distribution needs this component's origin (with its origin access control) first, " +
        "so once it exists either set cloudFrontDistributionArn to its ARN and run pulumi up again (the component then adds the permissions), " +
        "or add them yourself: two aws.lambda.Permission on function livechat-test-test-edge for principal cloudfront.amazonaws.com with " +
        "sourceArn = the distribution's ARN — action lambda:InvokeFunctionUrl with functionUrlAuthType AWS_IAM, and action lambda:InvokeFunction " +
        "with invokedViaFunctionUrl true.",
    );
  });

  test("the environment: no origins, no API key (neither API secret field: invalidation off)", () => {
    expect(environmentOf("edge-function")).toEqual({
      ...baseEnv(existingSecretArn),
      LIVECHAT_IDENTITY_ISSUER: "https://shop.eu.auth0.com/",
      LIVECHAT_IDENTITY_AUDIENCES: "spa-client",
      LIVECHAT_IDENTITY_JWKS_URI: "https://shop.eu.auth0.com/.well-known/jwks.json",
      LIVECHAT_IDENTITY_SUBJECT_TYPE: "externalPersonId",
      LIVECHAT_IDENTITY_SUBJECT_CLAIM: "customer_id",
      LIVECHAT_IDENTITY_HEADER: "x-shop-id-token",
      LIVECHAT_PATH_PREFIX: "/chat-api",
    });
    expect(readConfig(environmentOf("edge-function")).identity).toMatchObject({
      subjectClaim: "customer_id",
      headerName: "x-shop-id-token",
      allowedOrigins: [],
    });
  });

  test("IAM: the signing key only", () => {
    expect((policyOf("edge-policy") as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid)).toEqual([
      "ReadSigningKey",
      "WriteOwnLogs",
    ]);
  });

  test("the cache behavior routes the custom prefix", () => {
    expect(cacheBehavior).toEqual(expectedCacheBehavior("edge", "/chat-api/*"));
  });
});

describe("identity on a public Function URL, API key from an existing secret", async () => {
  const signer = new TokenSigner("pub", {
    widgetId,
    secretArn: existingSecretArn,
    identity: {
      issuer,
      audiences: ["client-a"],
      subjectType: "msisdn",
      allowedOrigins: ["https://www.shop.example"],
      header: "authorization",
    },
    publicFunctionUrl: true,
    infobipApiSecretArn: existingApiSecretArn,
  });
  const outputs = {
    originDomainName: await valueOf(signer.originDomainName),
    originAccessControlId: await valueOf(signer.originAccessControlId),
    origin: await valueOf(signer.origin),
    cacheBehavior: await valueOf(signer.cacheBehavior),
    infobipApiSecretArn: await valueOf(signer.infobipApiSecretArn),
  };
  await settle();

  test("resources: no OAC, no API secret of its own, anyone may invoke the URL", () => {
    expect(
      underName("pub")
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).toEqual(
      [
        "livechat-aws:index:TokenSigner pub",
        `${T.role} pub-role`,
        `${T.policy} pub-policy`,
        `${T.logs} pub-logs`,
        `${T.fn} pub-function`,
        `${T.url} pub-url`,
        `${T.permission} pub-public-invoke-url`,
        `${T.permission} pub-public-invoke`,
      ].sort(),
    );
    expect(unwrap(resource(T.url, "pub-url").inputs)).toEqual({
      functionName: "livechat-test-test-pub",
      authorizationType: "NONE",
    });
    expect(unwrap(resource(T.permission, "pub-public-invoke-url").inputs)).toEqual({
      action: "lambda:InvokeFunctionUrl",
      function: "livechat-test-test-pub",
      principal: "*",
      functionUrlAuthType: "NONE",
    });
    expect(unwrap(resource(T.permission, "pub-public-invoke").inputs)).toEqual({
      action: "lambda:InvokeFunction",
      function: "livechat-test-test-pub",
      principal: "*",
      invokedViaFunctionUrl: true,
    });
  });

  test("the environment: origins for CORS, no path prefix", () => {
    expect(environmentOf("pub-function")).toEqual({
      ...baseEnv(existingSecretArn),
      LIVECHAT_IDENTITY_ISSUER: issuer,
      LIVECHAT_IDENTITY_AUDIENCES: "client-a",
      LIVECHAT_IDENTITY_SUBJECT_TYPE: "msisdn",
      LIVECHAT_IDENTITY_HEADER: "authorization",
      LIVECHAT_ALLOWED_ORIGINS: "https://www.shop.example",
      LIVECHAT_INFOBIP_API_SECRET_ID: existingApiSecretArn,
    });
    expect(readConfig(environmentOf("pub-function")).identity?.headerName).toBe("authorization");
  });

  test("IAM: the given API key secret, by ARN", () => {
    expect((policyOf("pub-policy") as { Statement: unknown[] }).Statement[1]).toEqual({
      Sid: "ReadInfobipApiKey",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: existingApiSecretArn,
    });
  });

  test("outputs: the host only; no CloudFront wiring", () => {
    expect(outputs).toEqual({
      originDomainName: `pub-url.lambda-url.${region}.on.aws`,
      originAccessControlId: undefined,
      origin: undefined,
      cacheBehavior: undefined,
      infobipApiSecretArn: existingApiSecretArn,
    });
  });
});

describe("LiveChat with signer.identity, wired into the site's distribution as the README shows", async () => {
  const chat = new LiveChat("site", {
    widgetId,
    secretArn: existingSecretArn,
    signer: {
      identity: { issuer, audiences: ["client-a"], sessionClaim: "sid" },
      infobipApiSecretArn: existingApiSecretArn,
    },
  });
  const distribution = new cloudfront.Distribution("cdn", {
    enabled: true,
    origins: [
      { originId: "site-bucket", domainName: "shop-site.s3.eu-central-1.amazonaws.com" },
      chat.origin.apply((o) => o!),
    ],
    defaultCacheBehavior: {
      targetOriginId: "site-bucket",
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6",
      responseHeadersPolicyId: chat.policyId,
    },
    orderedCacheBehaviors: [chat.cacheBehavior.apply((b) => b!)],
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
  });
  new lambda.Permission("cdn-signer-url", {
    action: "lambda:InvokeFunctionUrl",
    function: chat.functionName,
    principal: "cloudfront.amazonaws.com",
    sourceArn: distribution.arn,
    functionUrlAuthType: "AWS_IAM",
  });
  const outputs = {
    originAccessControlId: await valueOf(chat.originAccessControlId),
    infobipApiSecretArn: await valueOf(chat.infobipApiSecretArn),
  };
  await settle();

  test("the signer under LiveChat creates the OAC and sets the identity environment", () => {
    expect(underName("site").map((r) => `${r.type} ${r.name}`)).toContain(`${T.oac} site-signer-oac`);
    expect(environmentOf("site-signer-function")).toMatchObject({
      LIVECHAT_IDENTITY_ISSUER: issuer,
      LIVECHAT_IDENTITY_SESSION_CLAIM: "sid",
      LIVECHAT_PATH_PREFIX: "/livechat",
      LIVECHAT_INFOBIP_API_SECRET_ID: existingApiSecretArn,
    });
    expect(outputs).toEqual({ originAccessControlId: "site-signer-oac-id", infobipApiSecretArn: existingApiSecretArn });
  });

  test("the distribution receives the signer origin and the uncached behavior", () => {
    const inputs = unwrap(resource(T.distribution, "cdn").inputs) as {
      origins: unknown[];
      orderedCacheBehaviors: unknown[];
    };
    expect(inputs.origins[1]).toEqual(
      expectedOrigin("site-signer", `site-signer-url.lambda-url.${region}.on.aws`, "site-signer-oac-id"),
    );
    expect(inputs.orderedCacheBehaviors).toEqual([expectedCacheBehavior("site-signer", "/livechat/*")]);
    expect(unwrap(resource(T.permission, "cdn-signer-url").inputs)).toMatchObject({
      sourceArn: `arn:aws:cloudfront::${account}:distribution/ECDN`,
      function: "livechat-test-test-site-signer",
    });
  });

  test("LiveChat names signer fields with signer. in its messages", () => {
    expect(
      () => new LiveChat("bad", { widgetId, secretArn: existingSecretArn, signer: { publicFunctionUrl: true } }),
    ).toThrow(
      "signer.publicFunctionUrl is true but signer.identity is not set: anyone on the internet could then ask for a token for any customer. " +
        "Set signer.identity (the site's OIDC issuer and client IDs) so the signer verifies who is asking, or leave signer.publicFunctionUrl false " +
        "and call the signer from a backend with SigV4.",
    );
    expect(
      () =>
        new LiveChat("bad2", {
          widgetId,
          secretArn: existingSecretArn,
          signer: { identity: { issuer: "http://idp.example.com", audiences: ["a"] } },
        }),
    ).toThrow(`signer.identity.issuer must use https:// (got "http://idp.example.com").`);
  });
});
