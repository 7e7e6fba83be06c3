import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { presetNamed, runCli, USAGE } from "../../components/csp/cli.ts";
import { buildCsp, liveChatSnippet, presets } from "../../components/csp/index.ts";
import { refusal } from "../support/cspRefusal.ts";

const bin = fileURLToPath(new URL("../../bin/livechat-csp.ts", import.meta.url));

describe("runCli", () => {
  it("prints the Infobip header on the strict baseline", () => {
    const result = runCli(["--preset", "infobip-livechat"]);
    expect(result).toEqual({
      code: 0,
      stdout: `${buildCsp({ presets: [presets.infobipLiveChat()] }).header}\n`,
      stderr: "",
    });
  });

  it("passes precise, region, default icon and repeated presets through", () => {
    const result = runCli([
      "--preset",
      "infobip-livechat",
      "--precise",
      "--region",
      "fr",
      "--default-icon",
      "--preset",
      "userpilot",
      "--userpilot-detailed",
    ]);
    const expected = buildCsp({
      presets: [
        presets.infobipLiveChat({ precise: true, region: "fr", defaultIcon: true }),
        presets.userpilot({ detailed: true }),
      ],
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${expected.header}\n`);
    expect(result.stderr).toBe(expected.warnings.map((w) => `livechat-csp: warning: ${w}\n`).join(""));
  });

  it("writes warnings to stderr, not stdout", () => {
    const result = runCli(["--preset", "userpilot"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("warning");
    expect(result.stderr).toContain(
      "livechat-csp: warning: userpilot: connect-src wss: (from Userpilot's short list) allows WebSocket connections to any host",
    );
  });

  it("--json prints header, length, directives and warnings", () => {
    const result = runCli([
      "--preset",
      "infobip-livechat",
      "--json",
      "--base",
      "default-src 'none'; img-src 'self'; frame-ancestors 'none'",
    ]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      header: string;
      length: number;
      directives: Record<string, string[]>;
      warnings: string[];
    };
    expect(parsed.directives["img-src"]).toEqual([
      "'self'",
      "https://*.infobip.com",
      "https://*.infobip.net",
      "https://*.cloudfront.net",
    ]);
    expect(parsed.directives["script-src"]).toEqual(["https://*.infobip.com", "https://*.infobip.net"]);
    expect(parsed.length).toBe(parsed.header.length);
    expect(parsed.warnings).toEqual([]);
  });

  it("adds reporting, and the snippet hash with --widget-id", () => {
    const result = runCli([
      "--preset",
      "infobip-livechat",
      "--widget-id",
      "w-1",
      "--report-uri",
      "/csp",
      "--report-to",
      "https://r.example/csp",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${liveChatSnippet({ widgetId: "w-1" }).hash}; `);
    expect(result.stdout).toMatch(/; report-uri \/csp; report-to csp-endpoint\n$/);
    expect(result.stderr).toContain(
      'livechat-csp: also send header Reporting-Endpoints: csp-endpoint="https://r.example/csp"\n',
    );
  });

  it('warns about a dangerous base on stderr (--base "default-src *")', () => {
    const result = runCli(["--preset", "infobip-livechat", "--base", "default-src *"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "livechat-csp: warning: default-src: * allows every resource type without its own directive from any host",
    );
    expect(result.stderr).toContain("livechat-csp: warning: frame-ancestors: the policy does not set it");
  });

  it("--cloudfront-quota N enforces an account's raised CSP quota instead of 1783", () => {
    const base = `default-src 'self'; img-src ${Array.from({ length: 90 }, (_, i) => `https://h${i}.example.com`).join(" ")}; frame-ancestors 'self'`;
    const raised = runCli(["--preset", "infobip-livechat", "--base", base, "--cloudfront-quota", "4000"]);
    expect(raised.code).toBe(0);
    expect(raised.stdout.length).toBeGreaterThan(1784);
    const refused = runCli(["--preset", "infobip-livechat", "--base", base, "--enforce-cloudfront-limit"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("(Service Quotas code L-E9944CCE)");
    expect(refused.stderr).toContain("--cloudfront-quota");
    expect(runCli(["--cloudfront-quota", "1000"]).stderr).toBe(
      "livechat-csp: --cloudfront-quota must be a whole number of at least 1783 (CloudFront's default, Service Quotas code L-E9944CCE); got 1000.\n",
    );
    expect(runCli(["--cloudfront-quota", "2k"]).stderr).toContain("--cloudfront-quota must be a whole number");
    expect(USAGE).toContain("L-E9944CCE");
  });

  it("wildcard mode with --region and --widget-id: the region picks the snippet's host and hash, and is not called unused", () => {
    const result = runCli(["--preset", "infobip-livechat", "--region", "fr", "--widget-id", "w-1"]);
    const snippet = liveChatSnippet({ widgetId: "w-1", region: "fr" });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `${buildCsp({ presets: [presets.infobipLiveChat()], inlineScripts: [snippet.script] }).header}\n`,
    );
    expect(result.stderr).not.toContain("region");
    expect(result.stderr).toBe(
      `livechat-csp: the install snippet the policy allows (put it between <script> and </script> byte for byte):\n${snippet.script}\n`,
    );
  });

  it("wildcard mode with --region and no --widget-id: says the region would only pick the snippet's host", () => {
    const result = runCli(["--preset", "infobip-livechat", "--region", "fr"]);
    expect(result.stderr).toContain(
      "livechat-csp: warning: infobip-livechat: in wildcard mode the region does not change the policy",
    );
  });

  it("--json carries the snippet and its hash", () => {
    const result = runCli(["--preset", "infobip-livechat", "--region", "fr", "--widget-id", "w-1", "--json"]);
    const parsed = JSON.parse(result.stdout) as { snippet?: string; snippetHash?: string; warnings: string[] };
    expect(parsed.snippet).toBe(liveChatSnippet({ widgetId: "w-1", region: "fr" }).script);
    expect(parsed.snippetHash).toBe(liveChatSnippet({ widgetId: "w-1", region: "fr" }).hash);
    expect(parsed.warnings).toEqual([]);
    expect(result.stderr).toBe("");
  });

  it("--help prints usage and exits 0", () => {
    const result = runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: livechat-csp/);
  });

  it.each([
    [["--bogus"], "livechat-csp: Unknown option '--bogus'"],
    [["--preset", "intercom"], 'livechat-csp: unknown preset "intercom"; expected infobip-livechat or userpilot.'],
    [["--preset", "infobip-livechat", "--precise", "--region", "FR"], 'livechat-csp: invalid Infobip region "FR"'],
    [["--region", "fr"], "livechat-csp: --region needs --preset infobip-livechat."],
    [
      ["--report-to", "http://localhost:@evil.example/r"],
      'livechat-csp: report-to: endpoint "http://localhost:@evil.example/r" must not carry credentials (user:password@ before the host, which is evil.example)',
    ],
    [
      ["--report-uri", "http://user:pw@collector.example/r"],
      'livechat-csp: report-uri: "http://user:pw@collector.example/r" must not carry credentials',
    ],
    [["--base", "default-src self"], 'livechat-csp: default-src: "self" looks like a keyword without quotes'],
    [
      ["--base", "script-src 'unsafe-eval'"],
      "livechat-csp: script-src: 'unsafe-eval' lets any injected string run as code",
    ],
    [["--base", "script-src https://a.example, script-src *"], "livechat-csp: "],
    [
      [
        "--preset",
        "userpilot",
        "--userpilot-detailed",
        "--base",
        `default-src ${Array.from({ length: 90 }, (_, i) => `https://h${i}.example.com`).join(" ")}`,
        "--enforce-cloudfront-limit",
      ],
      "over CloudFront's limit of 1783",
    ],
    [["positional"], "livechat-csp: Unexpected argument 'positional'"],
  ])("exits 2 with one line for %j", (argv, start) => {
    const result = runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(start);
    expect(result.stderr.startsWith("livechat-csp: ")).toBe(true);
    expect(result.stderr.split("\n")).toHaveLength(2);
    expect(result.stderr.endsWith("\n")).toBe(true);
  });

  it("--preset NAME: the named preset with the flags' options, a CspError (unknown-preset) for any other name", () => {
    const precise = { precise: true, region: "fr" };
    expect(presetNamed("infobip-livechat", precise, {})).toEqual(presets.infobipLiveChat(precise));
    expect(presetNamed("userpilot", {}, { detailed: true })).toEqual(presets.userpilot({ detailed: true }));
    const unknown = refusal(() => presetNamed("intercom", {}, {}));
    expect(unknown).toMatchObject({ code: "unknown-preset", directive: "--preset", value: "intercom" });
  });

  it("accepts 'unsafe-eval' in --base with --allow-unsafe-eval", () => {
    expect(runCli(["--base", "script-src 'unsafe-eval'", "--allow-unsafe-eval"]).stdout).toBe(
      "script-src 'unsafe-eval'\n",
    );
  });
});

describe("bin/livechat-csp.ts", () => {
  const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 15_000 });

  it("prints the header and exits 0", () => {
    const child = run(["--preset", "infobip-livechat", "--precise", "--region", "fr"]);
    expect(child.status).toBe(0);
    expect(child.stdout).toBe(
      `${buildCsp({ presets: [presets.infobipLiveChat({ precise: true, region: "fr" })] }).header}\n`,
    );
  });

  it("exits 2 with one line on bad input", () => {
    const child = run(["--preset", "infobip-livechat", "--region", "f;r"]);
    expect(child.status).toBe(2);
    expect(child.stdout).toBe("");
    expect(child.stderr).toMatch(/^livechat-csp: invalid Infobip region "f;r"[^\n]*\n$/);
  });
});
