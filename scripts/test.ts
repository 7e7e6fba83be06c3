// `npm test`: the type check (tsc --noEmit) and the vitest suite side by side — the type check
// needs one core for a few seconds and the suite rarely keeps both busy. vitest's output streams
// as it runs; the type check's is printed after it. Fails when either fails. Arguments go to vitest.
import { spawn } from "node:child_process";

function start(command: string, args: string[], capture: boolean): { done: Promise<number>; output: () => string } {
  const chunks: Buffer[] = [];
  const child = spawn(command, args, { stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
  child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<number>((resolve) =>
    child.on("close", (code, signal) => resolve(code ?? (signal === null ? 1 : 128))),
  );
  return { done, output: () => Buffer.concat(chunks).toString("utf8") };
}

const typecheck = start("tsc", ["--noEmit", "-p", "test/tsconfig.json"], true);
const vitest = start("vitest", ["run", ...process.argv.slice(2)], false);
const [typecheckCode, vitestCode] = await Promise.all([typecheck.done, vitest.done]);

const typeErrors = typecheck.output().trim();
console.log(
  typecheckCode === 0 ? "\ntypecheck (tsc --noEmit): no errors" : `\ntypecheck (tsc --noEmit) failed:\n${typeErrors}`,
);
process.exitCode = typecheckCode !== 0 ? typecheckCode : vitestCode;
