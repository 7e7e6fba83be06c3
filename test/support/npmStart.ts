// Runs `npm start` (dev/start.ts) as a child process with exactly the given environment, until
// its start-up text has been printed; `stop` ends it (SIGTERM, as Ctrl-C would).
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface NpmStart {
  /** Everything printed so far, stdout and stderr interleaved. */
  readonly output: () => string;
  /** e.g. http://127.0.0.1:40123, from the "listening on" line. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts it with PORT=0 plus `env` (and PATH), and resolves once the output matches `ready`. */
export async function startNpmStart(env: Record<string, string>, ready: RegExp): Promise<NpmStart> {
  const child = spawn(process.execPath, ["dev/start.ts"], {
    cwd: root,
    env: { PATH: process.env["PATH"] ?? "", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      if (ready.test(output)) resolve();
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => reject(new Error(`npm start exited with ${String(code)}:\n${output}`)));
  });
  return {
    output: () => output,
    url: /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? "",
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
