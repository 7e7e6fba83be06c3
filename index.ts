// The deployable stack program: one LiveChat from stack config (Pulumi.<stack>.yaml).
// Run with `pulumi up`; Pulumi.yaml points here and Node 24 runs the TypeScript directly.
import * as pulumi from "@pulumi/pulumi";
import { LiveChat } from "./components/index.ts";
import type {
  CspPolicyOptions,
  LambdaArchitecture,
  LogRetentionDays,
  SignerAlarmsOptions,
  SubjectType,
  TokenSignerIdentityOptions,
  TokenSignerOptions,
  UserpilotCspOptions,
} from "./components/index.ts";

const config = new pulumi.Config("livechat");

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** `livechat:userpilot`: unset or `false` (off), `true` or `short` (short list), `detailed`. */
function userpilotFromConfig(): UserpilotCspOptions | undefined {
  const value = config.get("userpilot");
  if (value === undefined || value === "false") return undefined;
  if (value === "true" || value === "short") return {};
  if (value === "detailed") return { mode: "detailed" };
  throw new Error(
    `livechat:userpilot is ${JSON.stringify(value)}: use true (Userpilot's short list), detailed, or false.`,
  );
}

/**
 * OIDC identity mode (sites without a backend): on when `livechat:identityIssuer` is set. The other
 * `identity*` keys and `allowedOrigins` without an issuer are refused rather than silently ignored.
 */
function identityFromConfig(): TokenSignerIdentityOptions | undefined {
  const issuer = config.get("identityIssuer");
  const keys = [
    "identityAudiences",
    "identityJwksUri",
    "identitySubjectType",
    "identitySubjectClaim",
    "identitySessionClaim",
    "identityHeader",
    "allowedOrigins",
  ];
  if (issuer === undefined) {
    const stray = keys.filter((key) => config.get(key) !== undefined).map((key) => `livechat:${key}`);
    if (stray.length > 0) {
      throw new Error(
        `${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set but livechat:identityIssuer is not: set the issuer to turn on OIDC identity mode, or remove ${stray.length === 1 ? "it" : "them"}.`,
      );
    }
    return undefined;
  }
  const audiences = config.getObject<string[]>("identityAudiences");
  if (audiences === undefined) {
    throw new Error(
      `livechat:identityAudiences is not set: list the site's OIDC client ID(s), e.g. pulumi config set --path 'livechat:identityAudiences[0]' <client ID>.`,
    );
  }
  return {
    issuer,
    audiences,
    ...optional("jwksUri", config.get("identityJwksUri")),
    // Config values are plain strings and numbers: the component checks them against its fixed sets at preview.
    ...optional("subjectType", config.get("identitySubjectType") as SubjectType | undefined),
    ...optional("subjectClaim", config.get("identitySubjectClaim")),
    ...optional("sessionClaim", config.get("identitySessionClaim")),
    ...optional("header", config.get("identityHeader")),
    ...optional("allowedOrigins", config.getObject<string[]>("allowedOrigins")),
  };
}

const signer: TokenSignerOptions = {
  ...optional("kmsKeyArn", config.get("kmsKeyArn")),
  ...optional("allowedInvokerArns", config.getObject<string[]>("allowedInvokerArns")),
  ...optional("tokenTtlSeconds", config.getNumber("tokenTtlSeconds")),
  ...optional("maxTokenTtlSeconds", config.getNumber("maxTokenTtlSeconds")),
  ...optional("secretCacheSeconds", config.getNumber("secretCacheSeconds")),
  ...optional("memorySize", config.getNumber("memorySize")),
  ...optional("architecture", config.get("architecture") as LambdaArchitecture | undefined),
  ...optional("logRetentionInDays", config.getNumber("logRetentionInDays") as LogRetentionDays | undefined),
  ...optional("reservedConcurrency", config.getNumber("reservedConcurrency")),
  ...optional("directInvoke", config.getBoolean("directInvoke")),
  tags: { "livechat:stack": pulumi.getStack(), ...config.getObject<Record<string, string>>("tags") },
  ...optional("permissionsBoundary", config.get("permissionsBoundary")),
  ...optional("identity", identityFromConfig()),
  ...optional("publicFunctionUrl", config.getBoolean("publicFunctionUrl")),
  ...optional("cloudFrontDistributionArn", config.get("cloudFrontDistributionArn")),
  ...optional("pathPrefix", config.get("pathPrefix")),
  ...optional("infobipApiSecretArn", config.get("infobipApiSecretArn")),
  // `pulumi config set --secret livechat:infobipApiSecret '{"apiKey": "…", "baseUrl": "https://….api.infobip.com"}'`
  ...optional("infobipApiSecretString", config.getSecret("infobipApiSecret")),
};

const userpilot = userpilotFromConfig();
const csp: CspPolicyOptions = {
  infobipLiveChat: {
    ...optional("region", config.get("region")),
    ...optional("apiRegion", config.get("apiRegion")),
    ...optional("precise", config.getBoolean("precise")),
    ...optional("defaultIcon", config.getBoolean("defaultIcon")),
  },
  ...optional("userpilot", userpilot),
  ...optional("directives", config.getObject<Record<string, string[]>>("directives")),
  ...optional("reportOnly", config.getBoolean("reportOnly")),
  ...optional("reportUri", config.get("reportUri")),
  ...optional("reportToUrl", config.get("reportToUrl")),
  ...optional("hstsPreload", config.getBoolean("hstsPreload")),
  ...optional("cspQuotaCharacters", config.getNumber("cspQuotaCharacters")),
};

/**
 * CloudWatch alarms (docs/operate.md): on with `livechat:alarms true`, or by giving
 * `livechat:alarmActions` (ARNs to notify); `livechat:alarmDashboard true` adds a dashboard.
 */
function alarmsFromConfig(): SignerAlarmsOptions | undefined {
  const actions = config.getObject<string[]>("alarmActions");
  const dashboard = config.getBoolean("alarmDashboard");
  if (config.getBoolean("alarms") !== true && actions === undefined && dashboard === undefined) return undefined;
  return { ...optional("actions", actions), ...optional("dashboard", dashboard) };
}

const chat = new LiveChat("livechat", {
  widgetId: config.require("widgetId"),
  ...optional("secretArn", config.get("secretArn")),
  // `pulumi config set --secret livechat:secret '{"id": …, "key": "…"}'`: stays encrypted in state.
  ...optional("secretString", config.getSecret("secret")),
  signer,
  csp,
  ...optional("inlineSnippet", config.getBoolean("inlineSnippet")),
  ...optional("alarms", alarmsFromConfig()),
});

export const functionArn = chat.functionArn;
export const functionName = chat.functionName;
export const functionUrl = chat.functionUrl;
export const secretArn = chat.secretArn;
export const roleArn = chat.roleArn;
export const logGroupName = chat.logGroupName;
export const policyId = chat.policyId;
export const contentSecurityPolicy = chat.contentSecurityPolicy;
export const headers = chat.headers;
export const snippet = chat.snippet;
export const snippetHash = chat.snippetHash;
export const originDomainName = chat.originDomainName;
export const originAccessControlId = chat.originAccessControlId;
export const origin = chat.origin;
export const cacheBehavior = chat.cacheBehavior;
export const infobipApiSecretArn = chat.infobipApiSecretArn;
export const warnings = chat.warnings;
