// livechat-aws: the package entry. Pulumi components plus the pure CSP engine they use.
export { LiveChat } from "./liveChat.ts";
export type { LiveChatArgs } from "./liveChat.ts";
export { TokenSigner, resolveTokenSignerSettings, checkTokenSignerOptions, signerRuntime, signerCode } from "./tokenSigner.ts";
export type { TokenSignerArgs, TokenSignerOptions, TokenSignerSettings } from "./tokenSigner.ts";
export { identityEnvironment, resolveIdentityArgs, validateIdentityHeader } from "./identityArgs.ts";
export type { ResolvedIdentity, TokenSignerIdentityArgs } from "./identityArgs.ts";
export {
  cloudFrontPermissionNote,
  defaultPathPrefix,
  functionUrlHost,
  managedCachePolicies,
  resolveExposure,
  signerCacheBehavior,
  signerOrigin,
  validateDistributionArn,
  validatePathPrefix,
} from "./signerExposure.ts";
export type { ExposureArgs, SignerCacheBehavior, SignerCustomOriginConfig, SignerExposure, SignerExposureMode, SignerOrigin } from "./signerExposure.ts";
export {
  CspPolicy,
  cspInputFromArgs,
  securityHeadersFromArgs,
  securityHeadersFor,
  cspHeaderNameFor,
  snippetFromArgs,
  frameOptionFor,
  hstsMaxAgeSeconds,
  referrerPolicy,
} from "./cspPolicy.ts";
export type { CspPolicyArgs, InfobipLiveChatCspArgs, UserpilotCspArgs } from "./cspPolicy.ts";
export { signerPolicy, lambdaTrustPolicy } from "./signerPolicy.ts";
export type { PolicyDocument, PolicyStatement, SignerPolicyInput } from "./signerPolicy.ts";
export * from "./validation.ts";
export { buildSignerBundle, packageRoot } from "./signerBundle.ts";
export { signerFileName, signerHandlerName } from "./signerManifest.ts";
export type { SignerBundle } from "./signerBundle.ts";
export * from "./csp/index.ts";
// For operators: the `subHash`/`sidHash` the signer logs for a customer, given the widget key.
export { logPseudonym } from "../lambda/logPseudonym.ts";
