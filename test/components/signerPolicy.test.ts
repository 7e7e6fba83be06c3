// A secret in another region than the signer: the IAM policy's kms:ViaService must name the endpoint the
// signer really calls, which is the secret's region's (lambda/secret/secretsManagerClient.ts reads it from
// the ARN the component puts in the environment). Both sides are checked against each other here.
import { describe, expect, test } from "vitest";
import { secretRegion, secretsManagerEndpoint } from "../../lambda/secret/secretsManagerClient.ts";
import { account, environmentOf, installMocks, policyOf, region, settle, valueOf } from "./mocks.ts";

await installMocks("livechat-test", "test");
const { TokenSigner } = await import("../../components/tokenSigner.ts");
const { LiveChat } = await import("../../components/liveChat.ts");
const { signerPolicy } = await import("../../components/signerPolicy.ts");

const widgetId = "3f1c2b9e-5a7d-4e21-9b0c-7d6e5f4a3b21";
const keyRegion = "eu-west-1";
const apiRegion = "us-east-1";
const secretArn = `arn:aws:secretsmanager:${keyRegion}:${account}:secret:livechat/key-AbC123`;
const apiSecretArn = `arn:aws:secretsmanager:${apiRegion}:${account}:secret:livechat/api-XyZ789`;
const kmsKeyArn = `arn:aws:kms:${keyRegion}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

interface Statement {
  readonly Sid: string;
  readonly Condition?: { StringEquals: { "kms:ViaService": string | string[] } };
}

describe("a TokenSigner in one region reading secrets of two others", async () => {
  const signer = new TokenSigner("far", { widgetId, secretArn, kmsKeyArn, infobipApiSecretArn: apiSecretArn });
  await valueOf(signer.functionArn);
  await settle();
  const env = environmentOf("far-function");
  const statements = (policyOf("far-policy") as { Statement: Statement[] }).Statement;

  test(`the signer (in ${region}) is told each secret's full ARN, so it knows each secret's region`, () => {
    expect(env["LIVECHAT_SECRET_ID"]).toBe(secretArn);
    expect(env["LIVECHAT_INFOBIP_API_SECRET_ID"]).toBe(apiSecretArn);
    expect(secretRegion(env["LIVECHAT_SECRET_ID"] as string, region)).toBe(keyRegion);
    expect(secretRegion(env["LIVECHAT_INFOBIP_API_SECRET_ID"] as string, region)).toBe(apiRegion);
  });

  test("kms:ViaService names exactly the endpoints the signer calls for them", () => {
    const endpoints = [secretArn, apiSecretArn].map(
      (arn) => new URL(secretsManagerEndpoint({}, secretRegion(arn, region))).host,
    );
    expect(endpoints).toEqual([
      `secretsmanager.${keyRegion}.amazonaws.com`,
      `secretsmanager.${apiRegion}.amazonaws.com`,
    ]);
    expect(statements.find((s) => s.Sid === "DecryptSigningKey")?.Condition).toEqual({
      StringEquals: { "kms:ViaService": endpoints },
    });
  });
});

describe("cross-region settings that can never work are refused at preview", () => {
  test("a KMS key in another region than the secret it is said to encrypt", () => {
    const otherKey = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const message =
      `kmsKeyArn is in ${region} but secretArn is in ${keyRegion}: Secrets Manager encrypts a secret only with a KMS key of the secret's region. ` +
      `Use the key that encrypts the secret (aws secretsmanager describe-secret --secret-id <ARN> --query KmsKeyId), ` +
      `or leave kmsKeyArn unset if the secret uses the account's aws/secretsmanager key.`;
    expect(() => new TokenSigner("wrong-key", { widgetId, secretArn, kmsKeyArn: otherKey })).toThrow(message);
    expect(() => new LiveChat("wrong-key-chat", { widgetId, secretArn, signer: { kmsKeyArn: otherKey } })).toThrow(
      message.replaceAll("kmsKeyArn", "signer.kmsKeyArn"),
    );
  });

  test("an ARN whose partition is not its region's", () => {
    const chinaInAws = `arn:aws:secretsmanager:cn-north-1:${account}:secret:livechat/key-AbC123`;
    expect(() => new TokenSigner("wrong-partition", { widgetId, secretArn: chinaInAws })).toThrow(
      `secretArn "${chinaInAws}" names partition "aws" but region "cn-north-1", which is in partition "aws-cn": copy the ARN exactly as AWS shows it (arn:aws-cn:…:cn-north-1:…).`,
    );
    expect(
      () =>
        new TokenSigner("wrong-kms-partition", {
          widgetId,
          secretArn,
          kmsKeyArn: `arn:aws-us-gov:kms:${keyRegion}:${account}:key/k-1`,
        }),
    ).toThrow(
      /^kmsKeyArn "arn:aws-us-gov:kms:eu-west-1:123456789012:key\/k-1" names partition "aws-us-gov" but region "eu-west-1", which is in partition "aws"/,
    );
  });

  test("the policy alone: one secret's region gives one endpoint name, not a list", () => {
    const doc = signerPolicy({
      secretArn,
      kmsKeyArn,
      logGroupArn: `arn:aws:logs:${region}:${account}:log-group:/aws/lambda/f`,
    });
    expect(doc.Statement.find((s) => s.Sid === "DecryptSigningKey")?.Condition).toEqual({
      StringEquals: { "kms:ViaService": `secretsmanager.${keyRegion}.amazonaws.com` },
    });
  });
});
