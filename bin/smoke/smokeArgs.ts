// The smoke command's arguments, checked before anything is sent. --secret's key is only ever
// used to verify the signature: never printed, never part of a message.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaults } from "../../lambda/contract.ts";
import { type ParsedSecret, parseSecret, SecretFormatError } from "../../lambda/secret/parseSecret.ts";

export interface SmokeOptions {
  readonly url: string;
  readonly region?: string;
  readonly secret?: ParsedSecret;
  readonly widgetId?: string;
  /** The stack's token TTL (`tokenTtlSeconds`): `exp − iat` must equal it. */
  readonly ttlSeconds?: number;
  readonly timeoutMs: number;
}

export const smokeUsage = `Usage: livechat-aws smoke --url <function-url> [options]

Asks a deployed token signer for a token for a test identity, signed with the current AWS
credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; for a profile or SSO:
eval "$(aws configure export-credentials --format env)"), and checks the token.

Options:
  --url URL           the signer's Function URL (the functionUrl output)
  --region R          signing region; default: the URL's, else LIVECHAT_SIGNER_REGION
  --secret JSON       the widget's key as the portal shows it, {"id": …, "key": "…"}: checks ski
                      and verifies the signature (never printed)
  --secret-file PATH  the same, read from a file (e.g. /dev/stdin), so it stays off the command line
  --widget-id ID      the widget ID the stack was given: the token's iss must be it
  --ttl SECONDS       the stack's tokenTtlSeconds: exp − iat must be it (default: ${defaults.minTtlSeconds} … ${defaults.ttlCeilingSeconds})
  --timeout MS        bound on the call, retry included (default 10000)
  --help              show this help
`;

/** Why the arguments were refused; the message names the argument and the fix. */
export const smokeUsageErrorCodes = [
  "invalid-arguments", // an unknown option, a missing value or a positional argument
  "missing-url",
  "invalid-number", // --ttl or --timeout out of range
  "conflicting-secrets", // --secret and --secret-file together
  "unreadable-secret-file",
  "invalid-secret", // not the portal's {"id", "key"} JSON, or a key too short for HS256
] as const;
export type SmokeUsageErrorCode = (typeof smokeUsageErrorCodes)[number];

export class SmokeUsageError extends Error {
  override readonly name = "SmokeUsageError";
  readonly code: SmokeUsageErrorCode;

  constructor(code: SmokeUsageErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

function wholeNumber(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    const got = JSON.stringify(text.slice(0, 20));
    throw new SmokeUsageError("invalid-number", `${flag} must be a whole number from ${min} to ${max}; got ${got}.`);
  }
  return Number(text);
}

function readSecret(inline: string | undefined, file: string | undefined): ParsedSecret | undefined {
  if (inline !== undefined && file !== undefined) {
    throw new SmokeUsageError("conflicting-secrets", "Pass --secret or --secret-file, not both.");
  }
  if (inline === undefined && file === undefined) return undefined;
  let text = inline;
  if (file !== undefined) {
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? "error";
      throw new SmokeUsageError("unreadable-secret-file", `--secret-file: cannot read ${file} (${reason}).`);
    }
  }
  try {
    return parseSecret((text ?? "").trim());
  } catch (error) {
    // SecretFormatError messages name the problem, never the key.
    if (error instanceof SecretFormatError) {
      throw new SmokeUsageError(
        "invalid-secret",
        `${file === undefined ? "--secret" : "--secret-file"}: ${error.message}`,
      );
    }
    throw error;
  }
}

/** The options, or `"help"`; throws a `SmokeUsageError` naming the bad argument. */
export function parseSmokeArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): SmokeOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: "string" },
        region: { type: "string" },
        secret: { type: "string" },
        "secret-file": { type: "string" },
        "widget-id": { type: "string" },
        ttl: { type: "string" },
        timeout: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new SmokeUsageError("invalid-arguments", (error as Error).message.split("\n")[0] ?? "bad arguments");
  }
  if (values.help === true) return "help";
  if (values.url === undefined || values.url === "") {
    throw new SmokeUsageError(
      "missing-url",
      "--url is required: the signer's Function URL (the stack's functionUrl output).",
    );
  }
  const region = values.region ?? (env["LIVECHAT_SIGNER_REGION"] || undefined);
  const secret = readSecret(values.secret, values["secret-file"]);
  const ttlSeconds = wholeNumber("--ttl", values.ttl, defaults.minTtlSeconds, defaults.ttlCeilingSeconds);
  return {
    url: values.url,
    ...(region === undefined ? {} : { region }),
    ...(secret === undefined ? {} : { secret }),
    ...(values["widget-id"] === undefined ? {} : { widgetId: values["widget-id"] }),
    ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
    timeoutMs: wholeNumber("--timeout", values.timeout, 1, 600_000) ?? 10_000,
  };
}
