// The manifest beside the prebuilt signer (dist/signer/manifest.json): what the published package
// deploys, byte for byte. A TokenSigner checks the bundle against it before anything deploys, so
// a bundle edited or corrupted after `npm pack` is refused at preview instead of running in prod.
import { isPlainObject } from "../lambda/plainObject.ts";

/** The Lambda runtime: the Node.js major the signer is built for and tested on. */
export const signerRuntime = "nodejs24.x";
/** The file name of the bundle inside the deployment archive. */
export const signerFileName = "index.mjs";
/** The Lambda handler setting that matches the bundle's file name inside the deployment archive. */
export const signerHandlerName = "index.handler";
/** Where the prebuilt bundle and its manifest live, relative to the package root. */
export const signerDistDir = "dist/signer";
export const signerManifestName = "manifest.json";

/** dist/signer/manifest.json. */
export interface SignerManifest {
  /** The bundle's file name beside the manifest (`index.mjs`). */
  readonly file: typeof signerFileName;
  /** The Lambda handler setting for it (`index.handler`). */
  readonly handler: typeof signerHandlerName;
  /** The Lambda runtime it was built for. */
  readonly runtime: typeof signerRuntime;
  /** Size of the bundle in bytes. */
  readonly bytes: number;
  /** Hex SHA-256 of the bundle. */
  readonly sha256: string;
  /** The esbuild version that built it. */
  readonly esbuild: string;
  /** Every npm package bundled into it, name → exact version. */
  readonly bundled: Readonly<Record<string, string>>;
}

/**
 * What a `SignerBundleError` reports, stable for programs that react to it: the manifest is not valid
 * (`manifest-invalid`), the bundle it describes is absent (`bundle-missing`) or has other bytes
 * (`bundle-mismatch`), or the package has neither the prebuilt signer nor its sources (`signer-missing`).
 */
export type SignerBundleErrorCode = "manifest-invalid" | "bundle-missing" | "bundle-mismatch" | "signer-missing";

/** The prebuilt signer is missing, malformed, or does not match its manifest. */
export class SignerBundleError extends Error {
  override readonly name = "SignerBundleError";
  /** What is wrong; see `SignerBundleErrorCode`. */
  readonly code: SignerBundleErrorCode;
  /** With `manifest-invalid`: the manifest field at fault (`(root)` when the manifest is not a JSON object). */
  readonly field: string | undefined;
  constructor(code: SignerBundleErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/** Parses manifest.json's text; throws `SignerBundleError` naming the field that is wrong. */
export function parseSignerManifest(text: string, where: string): SignerManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SignerBundleError(
      "manifest-invalid",
      `livechat-aws: ${where} is not JSON; reinstall the package.`,
      "(root)",
    );
  }
  const wrong = (field: string, expected: string): never => {
    throw new SignerBundleError(
      "manifest-invalid",
      `livechat-aws: ${where} has no valid "${field}" (expected ${expected}); reinstall the package.`,
      field,
    );
  };
  if (!isPlainObject(value)) return wrong("(root)", "an object");
  if (value["file"] !== signerFileName) wrong("file", JSON.stringify(signerFileName));
  if (value["handler"] !== signerHandlerName) wrong("handler", JSON.stringify(signerHandlerName));
  if (value["runtime"] !== signerRuntime) wrong("runtime", JSON.stringify(signerRuntime));
  if (!Number.isSafeInteger(value["bytes"]) || (value["bytes"] as number) <= 0) wrong("bytes", "a positive integer");
  if (typeof value["sha256"] !== "string" || !/^[0-9a-f]{64}$/.test(value["sha256"]))
    wrong("sha256", "64 lower-case hex digits");
  if (typeof value["esbuild"] !== "string") wrong("esbuild", "a version");
  const bundled = value["bundled"];
  if (!isPlainObject(bundled) || !Object.values(bundled).every((v) => typeof v === "string"))
    wrong("bundled", "an object of name → version");
  return value as unknown as SignerManifest;
}
