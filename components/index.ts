// livechat-aws: the package entry, a deliberate list (api/livechat-aws.api.md is its report; `npm test`
// fails when it changes without the report). The three components, their argument and output types,
// the fixed sets their arguments take, and the few functions a user calls. The pure CSP engine is
// the `livechat-aws/csp` entry; everything else is internal and imported from its own module.
//
// Pulumi's schema analyzer starts here (package.json `exports["."].default`) and stops reading files
// once it has found the three components: the modules holding only types come first so their
// descriptions reach the multi-language schema.
export type { TokenSignerIdentityArgs, TokenSignerIdentityOptions } from "./identityArgs.ts";
export type { SignerCacheBehavior, SignerCustomOriginConfig, SignerOrigin } from "./signerExposure.ts";
export type { TokenSignerArgs, TokenSignerOptions } from "./tokenSignerArgs.ts";
export { LambdaArchitecture, LogRetentionDays, SubjectType, UserpilotMode } from "./enums.ts";

export { LiveChat } from "./liveChat.ts";
export type { LiveChatArgs } from "./liveChat.ts";
export { TokenSigner } from "./tokenSigner.ts";
export type { SignerAlarmsArgs, SignerAlarmsOptions } from "./signerAlarms.ts";
export { CspPolicy, securityHeadersFromArgs } from "./cspPolicy.ts";
export type {
  CspPolicyArgs,
  CspPolicyOptions,
  InfobipLiveChatCspArgs,
  InfobipLiveChatCspOptions,
  UserpilotCspArgs,
  UserpilotCspOptions,
} from "./cspPolicy.ts";

// Thrown at preview for an argument that cannot work; `field` names it (e.g. `signer.tokenTtlSeconds`), `code` its kind.
export { ArgsError } from "./validation.ts";
export type { ArgsErrorCode } from "./validation.ts";
// For operators' own alarms and queries: the signer's metric names, namespace and dimensions (what the Lambda emits).
export { metricDimensions, metricNamespace, signerMetrics } from "../lambda/metrics/definitions.ts";
export type { MetricDefinition } from "../lambda/metrics/definitions.ts";
// For operators: the `subHash`/`sidHash` the signer logs for a customer, given the widget key.
export { logPseudonym } from "../lambda/logPseudonym.ts";
