// A stack program's config as the Pulumi CLI feeds it: PULUMI_CONFIG, a JSON object of
// "<namespace>:<key>" → string (non-string YAML values JSON-encoded), read from a shipped
// Pulumi.<stack>.yaml — of this repository's own stack, or of an example in examples/.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const yaml = createRequire(import.meta.url)("js-yaml") as { load(text: string): unknown };

/** The stack's config as the CLI passes it to the program. Refuses encrypted values (none are shipped). */
export function stackConfig(stack: string, dir: string = repoRoot): Record<string, string> {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  const parsed = yaml.load(readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.config ?? {})) {
    if (typeof value === "object" && value !== null && "secure" in value)
      throw new Error(`${file}: ${key} is encrypted; shipped stacks use placeholders`);
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}

/** The project name from Pulumi.yaml. */
export function projectName(dir: string = repoRoot): string {
  return (yaml.load(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string }).name;
}
