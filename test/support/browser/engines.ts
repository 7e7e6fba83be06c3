// The three browser engines the suite runs in, where each one lives on this machine (Debian's
// packages; an environment variable overrides each path), and which of them a run selects
// (`BROWSER=firefox`, `BROWSER=chromium,webkit`; unset: all three).
import { existsSync } from "node:fs";

export const engines = ["chromium", "firefox", "webkit"] as const;
export type Engine = (typeof engines)[number];

/** Debian's multiarch triplet for this machine's WebKitGTK libexec directory. */
function debianTriplet(): string {
  return process.arch === "arm64" ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
}

/** Where each engine's programs are, from the environment or Debian's defaults. */
export function enginePaths(env: NodeJS.ProcessEnv = process.env) {
  return {
    chromium: env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
    firefox: env["FIREFOX_PATH"] ?? "/usr/bin/firefox-esr",
    webkitDriver: env["WEBKIT_WEBDRIVER_PATH"] ?? "/usr/bin/WebKitWebDriver",
    miniBrowser: env["MINIBROWSER_PATH"] ?? `/usr/lib/${debianTriplet()}/webkit2gtk-4.1/MiniBrowser`,
    xvfb: env["XVFB_PATH"] ?? "/usr/bin/Xvfb",
  } as const;
}

/** The Debian packages that provide each engine (what `.ci/run` installs). */
export const enginePackages: Readonly<Record<Engine, string>> = {
  chromium: "chromium",
  firefox: "firefox-esr",
  webkit: "webkit2gtk-driver xvfb",
};

/** Why `engine` cannot run here (one line), or undefined when it can. */
export function engineMissingReason(engine: Engine, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const paths = enginePaths(env);
  const needed: Record<Engine, readonly [string, string][]> = {
    chromium: [["CHROMIUM_PATH", paths.chromium]],
    firefox: [["FIREFOX_PATH", paths.firefox]],
    webkit: [
      ["WEBKIT_WEBDRIVER_PATH", paths.webkitDriver],
      ["MINIBROWSER_PATH", paths.miniBrowser],
      ["XVFB_PATH", paths.xvfb],
    ],
  };
  const absent = needed[engine].filter(([, path]) => !existsSync(path));
  if (absent.length === 0) return undefined;
  const where = absent.map(([name, path]) => `${path} (${name})`).join(", ");
  return `${engine}: not found at ${where}; install it (apt-get install -y ${enginePackages[engine]}) or set the path. Its browser tests are skipped.`;
}

/**
 * The engines this run tests: `BROWSER` as a comma-separated list of engine names, or all three
 * when unset or empty. An unknown name is an error, not a silent skip.
 */
export function selectedEngines(env: NodeJS.ProcessEnv = process.env): Engine[] {
  const raw = (env["BROWSER"] ?? "").trim();
  if (raw === "" || raw === "all") return [...engines];
  const names = raw.split(",").map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(engines as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `BROWSER=${raw}: unknown engine ${unknown.join(", ")}; use chromium, firefox or webkit (comma-separated), or leave BROWSER unset for all three.`,
    );
  }
  return engines.filter((engine) => names.includes(engine));
}
