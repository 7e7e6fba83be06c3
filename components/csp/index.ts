// The pure CSP engine: no Pulumi, no AWS.
export { buildCsp } from "./buildCsp.ts";
export { parseCsp } from "./parseCsp.ts";
export { presets } from "./presets/index.ts";
export type { InfobipLiveChatOptions, UserpilotOptions } from "./presets/index.ts";
export { inlineScriptHash } from "./inlineScriptHash.ts";
export { liveChatSnippet } from "./liveChatSnippet.ts";
export type { LiveChatSnippetOptions } from "./liveChatSnippet.ts";
export { cloudFrontCspLimit, cloudFrontCspQuotaCode } from "./cloudFrontLimit.ts";
export { strictBaseline } from "./strictBaseline.ts";
export { CspError, cspErrorCodes } from "./cspError.ts";
export type { CspErrorCode } from "./cspError.ts";
export type { ValidationOptions } from "./sourceExpression.ts";
export type { BuildCspInput, CspDirectives, CspPreset, CspReporting, CspResult } from "./types.ts";
