// `livechat-aws smoke`: one signed request to a deployed signer for a test identity, the token
// checked claim by claim, a one-screen verdict and an exit code per outcome (exitCodes.ts). The
// credentials follow the client's rules (the same code); nothing secret is printed: the access key
// ID is shortened, the token and the widget's key never appear.
import { randomUUID } from "node:crypto";
import { credentialsFromEnv } from "../../client/credentials.ts";
import { createSignerClient, SignerClientError, SignerError, type SignerToken } from "../../client/index.ts";
import { checkToken, type TokenCheck } from "./checkToken.ts";
import { smokeExitCodes, smokeExitMeanings, type SmokeOutcome } from "./exitCodes.ts";
import { parseSmokeArgs, SmokeUsageError, smokeUsage } from "./smokeArgs.ts";

type Env = Readonly<Record<string, string | undefined>>;

export interface SmokeResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The test identity: an external person ID no real customer has, and a fresh session ID. */
export const smokeSubject = "livechat-aws-smoke-test";

const outcomeForError: Readonly<Record<SignerClientError["code"], SmokeOutcome>> = {
  "invalid-argument": "usage",
  credentials: "usage",
  "access-denied": "accessDenied",
  problem: "signerError",
  "bad-response": "signerError",
  timeout: "unreachable",
  network: "unreachable",
};

function shortKeyId(id: string): string {
  return id.length <= 8 ? id : `${id.slice(0, 4)}…${id.slice(-4)}`;
}

function verdict(outcome: SmokeOutcome, lines: string[], reason: string): SmokeResult {
  const code = smokeExitCodes[outcome];
  const head = outcome === "ok" ? `PASS (exit 0): ${reason}` : `FAIL (exit ${code}, ${outcome}): ${reason}`;
  return { code, stdout: `${[...lines, head].join("\n")}\n`, stderr: "" };
}

function checkLine(check: TokenCheck): string {
  const mark = check.status === "ok" ? "ok  " : check.status === "unchecked" ? "--  " : "FAIL";
  return `  ${check.name.padEnd(10)} ${mark} ${check.detail}`;
}

export async function runSmoke(argv: readonly string[], env: Env, now: () => number = Date.now): Promise<SmokeResult> {
  let options;
  try {
    options = parseSmokeArgs(argv, env);
  } catch (error) {
    if (error instanceof SmokeUsageError)
      return {
        code: smokeExitCodes.usage,
        stdout: "",
        stderr: `livechat-aws smoke: ${error.message}\n\n${smokeUsage}`,
      };
    throw error;
  }
  if (options === "help") {
    const codes = Object.entries(smokeExitCodes).map(
      ([outcome, code]) => `  ${code}  ${smokeExitMeanings[outcome as SmokeOutcome]}`,
    );
    return { code: 0, stdout: `${smokeUsage}\nExit codes:\n${codes.join("\n")}\n`, stderr: "" };
  }

  const lines: string[] = [];
  let client;
  let accessKeyId;
  try {
    const credentials = credentialsFromEnv(env);
    accessKeyId = credentials.accessKeyId;
    client = createSignerClient({
      url: options.url,
      ...(options.region === undefined ? {} : { region: options.region }),
      credentials,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    if (error instanceof SignerClientError)
      return { code: smokeExitCodes.usage, stdout: "", stderr: `livechat-aws smoke: ${error.message}\n` };
    throw error;
  }
  const request = { sub: smokeSubject, stp: "externalPersonId", sid: `smoke-${randomUUID()}` } as const;
  const tokenUrl = new URL("token", options.url.endsWith("/") ? options.url : `${options.url}/`);
  lines.push(`livechat-aws smoke: POST ${tokenUrl.href} signed as ${shortKeyId(accessKeyId)}`);
  lines.push(`  request    ${JSON.stringify(request)}`);

  const started = now();
  let answer: SignerToken;
  try {
    answer = await client.getToken(request);
  } catch (error) {
    if (!(error instanceof SignerClientError)) throw error;
    const outcome = outcomeForError[error.code];
    lines.push(
      `  answer     ${error.status === undefined ? "none" : `HTTP ${error.status}`} after ${now() - started} ms`,
    );
    if (error instanceof SignerError && error.errors.length > 0)
      for (const e of error.errors) lines.push(`  field      ${e.field}: ${e.message}`);
    return verdict(outcome, lines, `${smokeExitMeanings[outcome]}.\n  ${error.message}`);
  }
  lines.push(`  answer     200 after ${now() - started} ms`);

  const checks = checkToken(answer.token, {
    ...request,
    jti: answer.jti,
    expiresAt: answer.expiresAt,
    nowSeconds: Math.floor(now() / 1000),
    ...(options.widgetId === undefined ? {} : { widgetId: options.widgetId }),
    ...(options.ttlSeconds === undefined ? {} : { ttlSeconds: options.ttlSeconds }),
    ...(options.secret === undefined ? {} : { keyId: options.secret.id, keyBytes: options.secret.keyBytes }),
  });
  lines.push(...checks.map(checkLine));
  const failed = checks.filter((c) => c.status === "mismatch");
  if (failed.some((c) => c.kind === "signature"))
    return verdict("badSignature", lines, `${smokeExitMeanings.badSignature}: Live Chat would refuse these tokens.`);
  if (failed.length > 0)
    return verdict(
      "tokenMismatch",
      lines,
      `${smokeExitMeanings.tokenMismatch} (${failed.map((c) => c.name).join(", ")}).`,
    );
  const unchecked = checks.filter((c) => c.status === "unchecked").map((c) => c.name);
  return verdict(
    "ok",
    lines,
    `${smokeExitMeanings.ok}${unchecked.length === 0 ? "." : `; not checked: ${unchecked.join(", ")}.`}`,
  );
}
