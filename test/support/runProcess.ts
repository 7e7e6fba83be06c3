// Runs a program as its own process (a recipe, the bin script) with exactly the given environment.
import { execFile } from "node:child_process";

export interface ProcessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `file args…` without a shell, bounded to 20 s; resolves with its exit code and output. */
export function runProcess(file: string, args: readonly string[], env: Record<string, string>): Promise<ProcessRun> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 20_000, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
