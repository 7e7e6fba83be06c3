// What AWS itself checks at deploy time and Pulumi mocks do not (mocks accept any input): values outside
// the provider's partitions, CloudFront field limits, and the output shapes typed against the real
// @pulumi/aws input types, so `tsc` (npm run typecheck) refuses a shape the provider would not take.
import type * as aws from "@pulumi/aws";
import { describe, expect, test } from "vitest";
import { installMocks, resource, settle, unwrap, valueOf } from "./mocks.ts";

await installMocks("livechat-test", "test");
const { signerPolicy } = await import("../../components/signerPolicy.ts");
const { signerCacheBehavior, signerOrigin } = await import("../../components/signerExposure.ts");
const { CspPolicy, securityHeadersFromArgs } = await import("../../components/cspPolicy.ts");
const { validateKmsKeyArn, validateSecretArn, validatePolicyComment } = await import("../../components/validation.ts");

const POLICY = "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy";

describe("kms:ViaService is Secrets Manager's endpoint name in the secret's partition", () => {
  const cases: [partition: string, region: string, service: string][] = [
    ["aws", "eu-central-1", "secretsmanager.eu-central-1.amazonaws.com"],
    ["aws-us-gov", "us-gov-west-1", "secretsmanager.us-gov-west-1.amazonaws.com"],
    ["aws-cn", "cn-north-1", "secretsmanager.cn-north-1.amazonaws.com.cn"],
    ["aws-iso", "us-iso-east-1", "secretsmanager.us-iso-east-1.c2s.ic.gov"],
    ["aws-iso-b", "us-isob-east-1", "secretsmanager.us-isob-east-1.sc2s.sgov.gov"],
    ["aws-eusc", "eusc-de-east-1", "secretsmanager.eusc-de-east-1.amazonaws.eu"],
  ];
  test.each(cases)("%s %s", (partition, region, service) => {
    const secretArn = `arn:${partition}:secretsmanager:${region}:123456789012:secret:livechat/key-AbCdEf`;
    const kmsKeyArn = `arn:${partition}:kms:${region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    expect(() => validateSecretArn(secretArn)).not.toThrow();
    expect(() => validateKmsKeyArn(kmsKeyArn)).not.toThrow();
    const policy = signerPolicy({
      secretArn,
      kmsKeyArn,
      logGroupArn: `arn:${partition}:logs:${region}:123456789012:log-group:/aws/lambda/f`,
    });
    expect(policy.Statement.find((s) => s.Sid === "DecryptSigningKey")?.Condition).toEqual({
      StringEquals: { "kms:ViaService": service },
    });
    expect(policy.Statement.find((s) => s.Sid === "WriteOwnLogs")?.Resource).toBe(
      `arn:${partition}:logs:${region}:123456789012:log-group:/aws/lambda/f:*`,
    );
  });

  test("a partition the package does not know is refused, not guessed", () => {
    expect(() =>
      signerPolicy({
        secretArn: "arn:aws-xyz:secretsmanager:xy-east-1:123456789012:secret:k-AbCdEf",
        kmsKeyArn: "arn:aws-xyz:kms:xy-east-1:123456789012:key/k",
        logGroupArn: "arn:aws-xyz:logs:xy-east-1:123456789012:log-group:g",
      }),
    ).toThrow(/partition "aws-xyz"/);
    expect(() => validateSecretArn("arn:aws-xyz:secretsmanager:xy-east-1:123456789012:secret:k-AbCdEf")).toThrow(
      /^secretArn "arn:aws-xyz:secretsmanager:xy-east-1:123456789012:secret:k-AbCdEf" is not a Secrets Manager secret ARN: use the full ARN/,
    );
  });
});

describe("X-Frame-Options in report-only mode", () => {
  const directives = { "default-src": ["'self'"], "frame-ancestors": ["'none'"] };

  test("not sent by default: it would enforce the frame-ancestors that the report-only policy only reports", () => {
    expect(securityHeadersFromArgs({ directives, reportOnly: true })["X-Frame-Options"]).toBeUndefined();
    expect(securityHeadersFromArgs({ reportOnly: true })["X-Frame-Options"]).toBeUndefined();
  });

  test("sent when frameOptions is explicitly true", () => {
    expect(securityHeadersFromArgs({ directives, reportOnly: true, frameOptions: true })["X-Frame-Options"]).toBe(
      "DENY",
    );
  });

  test("enforced mode still derives it from frame-ancestors", () => {
    expect(securityHeadersFromArgs({ directives })["X-Frame-Options"]).toBe("DENY");
  });

  test("the CloudFront policy in report-only mode has no frameOptions block", async () => {
    const policy = new CspPolicy("ro-frames", { directives, reportOnly: true });
    await valueOf(policy.policyId);
    await settle();
    const inputs = unwrap(resource(POLICY, "ro-frames-headers").inputs) as {
      securityHeadersConfig: Record<string, unknown>;
    };
    expect(inputs.securityHeadersConfig["frameOptions"]).toBeUndefined();
    expect(inputs.securityHeadersConfig["contentSecurityPolicy"]).toBeUndefined();
  });
});

describe("CloudFront's limit on a response-headers policy comment (128 characters)", () => {
  test("a longer comment is refused at preview, naming the field and the limit", () => {
    const comment = "x".repeat(129);
    expect(() => new CspPolicy("long-comment", { comment })).toThrow(
      "comment is 129 characters: CloudFront accepts at most 128 in a response-headers policy comment; shorten it.",
    );
    expect(() => validatePolicyComment("x".repeat(128))).not.toThrow();
  });

  test("control characters are refused", () => {
    expect(() => validatePolicyComment("line\nbreak")).toThrow(
      /comment "line\\nbreak" must be a non-empty string without control characters/,
    );
  });
});

describe("CloudFront wiring outputs satisfy the provider's own input types", () => {
  test("origin and cache behavior", () => {
    // Typed against @pulumi/aws 7.48: an unknown or missing required field fails `npm run typecheck`.
    const origin: aws.types.input.cloudfront.DistributionOrigin = signerOrigin(
      "signer",
      "abc.lambda-url.eu-central-1.on.aws",
      "E2OAC",
    );
    const behavior: aws.types.input.cloudfront.DistributionOrderedCacheBehavior = signerCacheBehavior(
      "signer",
      "/livechat",
    );
    const customOriginConfig: aws.types.input.cloudfront.DistributionOriginCustomOriginConfig = signerOrigin(
      "s",
      "h",
      "o",
    ).customOriginConfig;
    expect(origin.originId).toBe(behavior.targetOriginId);
    expect(customOriginConfig).toEqual({
      httpPort: 80,
      httpsPort: 443,
      originProtocolPolicy: "https-only",
      originSslProtocols: ["TLSv1.2"],
    });
    // CloudFront accepts exactly three allowed-method sets; the signer needs all seven (OPTIONS, POST, DELETE).
    expect(behavior.allowedMethods).toEqual(["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]);
  });
});
