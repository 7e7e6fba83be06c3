// `npm run api:update`: the public surface of every package entry (each `exports` subpath of
// package.json, so a new subpath is reported without touching this file), as TypeScript declarations
// in api/<entry>.api.md. test/scripts/apiReport.test.ts fails when the surface and the committed report
// differ, so an export cannot change without a reviewer seeing it. What @microsoft/api-extractor's
// report does, from the TypeScript compiler the package already uses, in one in-memory program (a few
// seconds instead of a build to lib/ plus a pass per entry): each exported name with its emitted .d.ts
// declaration, comments dropped, and "not exported" for types a user can reach but not import by name.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** One package entry: `livechat-aws`, `livechat-aws/csp`, … */
export interface PublicEntry {
  /** The import specifier, e.g. `livechat-aws/csp`. */
  readonly specifier: string;
  /** Its TypeScript source, relative to the package root. */
  readonly source: string;
  /** Its report, relative to the package root. */
  readonly report: string;
}

interface Manifest {
  readonly name: string;
  readonly exports: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
}

const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The entries package.json `exports` publishes: each subpath's `types` (lib/X.d.ts) names its source (X.ts). */
export function publicEntries(manifest: Manifest): PublicEntry[] {
  return Object.entries(manifest.exports).flatMap(([subpath, target]) => {
    if (subpath === "./package.json") return [];
    const types = typeof target === "string" ? undefined : target["types"];
    const source = types === undefined ? undefined : /^\.\/lib\/(.+)\.d\.ts$/.exec(types)?.[1];
    if (source === undefined) {
      throw new Error(
        `package.json exports["${subpath}"] has no "types": "./lib/<path>.d.ts" naming its TypeScript source; add one.`,
      );
    }
    const name = subpath === "." ? manifest.name : subpath.slice(2).replaceAll("/", "-");
    return [
      {
        specifier: subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
        source: `${source}.ts`,
        report: `api/${name}.api.md`,
      },
    ];
  });
}

/** Each entry's report text, keyed by its report path. */
export function apiReports(root: string = defaultRoot): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Manifest;
  const entries = publicEntries(manifest);
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (config === undefined) throw new Error("api-report: cannot read tsconfig.json");
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    outDir: undefined,
    declarationDir: undefined,
  };
  const program = ts.createProgram(
    entries.map((entry) => path.join(root, entry.source)),
    options,
  );
  const emitted = new Map<string, ts.SourceFile>();
  const result = program.emit(undefined, (file, text) => {
    if (file.endsWith(".d.ts"))
      emitted.set(path.normalize(file), ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
  });
  // Type errors are `npm run typecheck`'s to report; here only what stops declarations from being emitted.
  const problems = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (problems.length > 0) {
    throw new Error(
      `api-report: cannot emit declarations:\n${ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" })}`,
    );
  }
  const checker = program.getTypeChecker();
  const reports = new Map<string, string>();
  for (const entry of entries) {
    const sourceFile = program.getSourceFile(path.join(root, entry.source));
    const moduleSymbol = sourceFile === undefined ? undefined : checker.getSymbolAtLocation(sourceFile);
    if (moduleSymbol === undefined) throw new Error(`api-report: ${entry.source} is not a module`);
    reports.set(entry.report, report(entry, checker.getExportsOfModule(moduleSymbol), checker, emitted, root));
  }
  return reports;
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function declaredName(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.map((d) => d.name.getText());
  const name = (statement as ts.DeclarationStatement).name;
  return name !== undefined && ts.isIdentifier(name) ? [name.text] : [];
}

/** Names used as types in `node` (type references and heritage clauses), by their leftmost identifier. */
function referencedNames(node: ts.Node, into: Set<string>): void {
  if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
    let name: ts.Node = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
    while (ts.isQualifiedName(name) || ts.isPropertyAccessExpression(name))
      name = ts.isQualifiedName(name) ? name.left : name.expression;
    if (ts.isIdentifier(name)) into.add(name.text);
  }
  if (ts.isTypeQueryNode(node) && ts.isIdentifier(node.exprName)) into.add(node.exprName.text);
  ts.forEachChild(node, (child) => referencedNames(child, into));
}

/** The names a .d.ts imports from this package's own modules (relative specifiers). */
function localImports(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (
      !ts.isImportDeclaration(statement) ||
      !ts.isStringLiteral(statement.moduleSpecifier) ||
      !statement.moduleSpecifier.text.startsWith(".")
    )
      continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings !== undefined && ts.isNamedImports(bindings))
      for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

function report(
  entry: PublicEntry,
  exports: ts.Symbol[],
  checker: ts.TypeChecker,
  emitted: ReadonlyMap<string, ts.SourceFile>,
  root: string,
): string {
  const exportedNames = new Set(exports.map((s) => s.name));
  const blocks: string[] = [];
  const notExported = new Map<string, Set<string>>();
  for (const exported of [...exports].sort((a, b) => a.name.localeCompare(b.name))) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const printed: string[] = [];
    for (const declaration of target.declarations ?? []) {
      const source = declaration.getSourceFile();
      const dts = emitted.get(path.normalize(source.fileName.replace(/\.ts$/, ".d.ts")));
      if (dts === undefined) throw new Error(`api-report: no declarations emitted for ${source.fileName}`);
      const statements = dts.statements.filter(
        (s) => declaredName(s).includes(target.name) && !ts.isExportDeclaration(s),
      );
      for (const statement of statements) {
        const text = printer.printNode(ts.EmitHint.Unspecified, statement, dts);
        if (!printed.includes(text)) printed.push(text);
        const used = new Set<string>();
        referencedNames(statement, used);
        const declaredHere = new Set(dts.statements.flatMap(declaredName));
        const imported = localImports(dts);
        for (const name of used) {
          if (name === target.name || exportedNames.has(name) || !(declaredHere.has(name) || imported.has(name)))
            continue;
          notExported.set(name, (notExported.get(name) ?? new Set()).add(exported.name));
        }
      }
    }
    const heading = exported.name === target.name ? "" : `// exported as ${exported.name}\n`;
    blocks.push(`${heading}${printed.join("\n")}`);
  }
  const lines = [
    `## API report for "${entry.specifier}"`,
    "",
    `> Generated from \`${entry.source}\` by \`npm run api:update\` (scripts/api-report.ts); do not edit. A change here is a change to what users import.`,
    "",
    "```ts",
    blocks.join("\n\n"),
    "```",
    "",
  ];
  if (notExported.size > 0) {
    lines.push("Types a user reaches through this entry but cannot import by name:", "");
    for (const [name, users] of [...notExported].sort(([a], [b]) => a.localeCompare(b)))
      lines.push(`- \`${name}\` (in ${[...users].sort().join(", ")})`);
    lines.push("");
  }
  return lines.join("\n").replaceAll(root, "<root>");
}

if (import.meta.main) {
  for (const [file, text] of apiReports()) {
    mkdirSync(path.dirname(path.join(defaultRoot, file)), { recursive: true });
    writeFileSync(path.join(defaultRoot, file), text);
    console.log(`${file}  ${text.split("\n").length} lines`);
  }
}
