// The helper processes WebKit needs (Xvfb, WebKitWebDriver), started by the harness and always
// stopped by it: each one is ended by its own pid, never by name.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface Helper {
  readonly process: ChildProcess;
  /** Last lines of its stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 3 s. */
  stop(): Promise<void>;
}

export function startHelper(command: string, args: readonly string[], options: SpawnOptions = {}): Helper {
  const child = spawn(command, [...args], { stdio: ["ignore", "ignore", "pipe"], ...options });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  return {
    process: child,
    stderrTail: () => stderr.trim().split("\n").slice(-15).join("\n"),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Xvfb's screen: tall enough for a full-page screenshot (the window is stretched to the page). */
export const xvfbScreen = { width: 1280, height: 2400 } as const;

/** Starts Xvfb on display `:number`; resolves once it is ready (it says so through fd 3), rejects if it exits first. */
async function startXvfbOn(xvfbPath: string, number: number): Promise<Helper> {
  // -noreset: by default an X server resets when its last client leaves, and refuses connections
  // meanwhile; the next MiniBrowser (one per page) then fails with "cannot open display".
  const helper = startHelper(
    xvfbPath,
    [
      `:${number}`,
      "-displayfd",
      "3",
      "-screen",
      "0",
      `${xvfbScreen.width}x${xvfbScreen.height}x24`,
      "-nolisten",
      "tcp",
      "-noreset",
    ],
    {
      stdio: ["ignore", "ignore", "pipe", "pipe"],
    },
  );
  const fd3 = helper.process.stdio[3];
  if (!fd3 || !("on" in fd3)) throw new Error("Xvfb: no display pipe");
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Xvfb :${number} was not ready within 10 s: ${helper.stderrTail()}`)),
      10_000,
    );
    fd3.once("data", () => {
      clearTimeout(timer);
      resolve();
    });
    helper.process.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb :${number} exited (${String(code)}): ${helper.stderrTail()}`));
    });
  }).catch(async (error: unknown) => {
    await helper.stop();
    throw error;
  });
  return helper;
}

/**
 * Starts a private Xvfb; resolves with its display (`:N`). The number is drawn from a high range
 * rather than the first free one, so that the X servers of other programs on the same machine,
 * which tend to take :0 or :99, never meet ours; a taken number makes Xvfb exit, and another is tried.
 */
export async function startXvfb(xvfbPath: string): Promise<{ display: string; helper: Helper }> {
  const failures: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const number = 200 + Math.floor(Math.random() * 700);
    try {
      return { display: `:${number}`, helper: await startXvfbOn(xvfbPath, number) };
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new Error(`Xvfb could not start: ${failures.join(" | ")}`);
}
