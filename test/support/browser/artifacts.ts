import path from "node:path";
import type { Engine } from "./engines.ts";

const root = path.resolve(import.meta.dirname, "../../../test-artifacts");

/** `test-artifacts/<engine>/<name>`: where a browser test leaves what a person should look at. */
export function artifactPath(engine: Engine, name: string): string {
  return path.join(root, engine, name);
}
