// One package, three readers of its entry, each on its first rule (no fallback may decide):
// - Pulumi's schema analyzer (`pulumi package add`) takes `exports["."].default`, then `main`, then falls
//   back to a root index.ts (here: this repository's stack program) — it must stop at the first;
// - Pulumi's run-plugin does `require(<plugin dir>)`: package.json `main`, which must be JavaScript
//   (run-plugin registers ts-node for `.ts` files, and ts-node refuses our `.ts` import paths);
// - npm consumers get the compiled lib/: Node's `import`/`require` conditions, TypeScript's `types`.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, describe, expect, test } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  name: string;
  main: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
};
const requireHere = createRequire(import.meta.url);

describe("Pulumi's schema analyzer", () => {
  test("resolves components/index.ts on its first rule, exports['.'].default", () => {
    // The installed analyzer's own rule, run against this package.json and the real file system.
    const { Analyzer } = requireHere("@pulumi/pulumi/provider/experimental/analyzer") as {
      Analyzer: { prototype: { findProgramEntryPoint(this: unknown): { fileName: string } } };
    };
    const asked: string[] = [];
    const analyzer = {
      dir: root,
      packageJSON: manifest,
      program: {
        getSourceFile(file: string) {
          asked.push(path.relative(root, file));
          return existsSync(file) ? { fileName: file } : undefined;
        },
      },
    };
    const entry = Analyzer.prototype.findProgramEntryPoint.call(analyzer);
    expect(path.relative(root, entry.fileName)).toBe(path.join("components", "index.ts"));
    expect(asked).toEqual([path.join("components", "index.ts")]);
  });
});

describe("Pulumi's run-plugin", () => {
  test("require(<plugin dir>) loads `main`, a JavaScript module hosting exactly the three components", async () => {
    expect(path.extname(manifest.main)).toBe(".js");
    const resolved = createRequire(path.join(root, "noop.js")).resolve(root);
    expect(path.relative(root, resolved)).toBe("plugin.js");
    const { getPulumiComponents } = requireHere("@pulumi/pulumi/provider/experimental/provider") as {
      getPulumiComponents(exports: unknown): { name: string }[];
    };
    const hosted = getPulumiComponents(await import(pathToFileURL(resolved).href));
    expect(hosted.map((c) => c.name).sort()).toEqual(["CspPolicy", "LiveChat", "TokenSigner"]);
  });
});

describe("an npm consumer of the published package", () => {
  // The package as npm installs it, with a stub at every path package.json names.
  const work = mkdtempSync(path.join(tmpdir(), "livechat-entry-"));
  const installed = path.join(work, "node_modules", manifest.name);
  const targets = new Set<string>([manifest.main, manifest.types]);
  for (const entry of Object.values(manifest.exports)) {
    for (const target of typeof entry === "string" ? [entry] : Object.values(entry)) targets.add(target);
  }
  for (const target of targets) {
    const file = path.join(installed, target);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      target.endsWith(".d.ts")
        ? "export declare const entry: string;\n"
        : `export const entry = ${JSON.stringify(target)};\n`,
    );
  }
  writeFileSync(path.join(installed, "package.json"), JSON.stringify(manifest));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("Node: import and require both resolve to lib/", async () => {
    const required = createRequire(path.join(work, "consumer.cjs"));
    expect(path.relative(installed, required.resolve(manifest.name))).toBe(path.join("lib", "components", "index.js"));
    expect(path.relative(installed, required.resolve(`${manifest.name}/csp`))).toBe(
      path.join("lib", "components", "csp", "index.js"),
    );
    const script = `for (const s of ["${manifest.name}", "${manifest.name}/csp"]) console.log(import.meta.resolve(s));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      cwd: work,
    });
    expect(
      stdout
        .trim()
        .split("\n")
        .map((url) => path.relative(installed, fileURLToPath(url))),
    ).toEqual([path.join("lib", "components", "index.js"), path.join("lib", "components", "csp", "index.js")]);
  });

  test("TypeScript: every entry's declarations by classic node resolution (`types`, `typesVersions`) and node16 (`exports`)", () => {
    const classic = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
    const node16 = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
    const entries = Object.entries(manifest.exports).filter(([subpath]) => subpath !== "./package.json");
    expect(entries.map(([subpath]) => subpath)).toEqual(expect.arrayContaining([".", "./csp"]));
    for (const [subpath, target] of entries) {
      const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      const declarations = path.normalize((target as Record<string, string>)["types"] ?? "(no types)");
      const resolve = (options: ts.CompilerOptions, importer: string): string | undefined => {
        const resolved = ts.resolveModuleName(specifier, path.join(work, importer), options, ts.sys).resolvedModule
          ?.resolvedFileName;
        return resolved === undefined ? undefined : path.relative(installed, resolved);
      };
      // A new subpath needs its `typesVersions` line for classic resolution, which ignores `exports`.
      expect({
        specifier,
        resolved: [resolve(classic, "index.ts"), resolve(node16, "index.mts"), resolve(node16, "index.cts")],
      }).toEqual({
        specifier,
        resolved: [declarations, declarations, declarations],
      });
    }
  });
});
