// The parts of a Pulumi package schema (what GetSchema returns) the tests read, and a check of a Pulumi
// YAML program against it: the resource types, property names, required inputs, enum values and
// literal types the YAML runtime would check when it binds the program, and the outputs it reads.

export interface PropertySpec {
  readonly type?: string;
  readonly $ref?: string;
  readonly plain?: boolean;
  readonly description?: string;
  readonly items?: PropertySpec;
  readonly additionalProperties?: PropertySpec;
}

export interface ResourceSpec {
  readonly isComponent: boolean;
  readonly description?: string;
  readonly inputProperties: Record<string, PropertySpec>;
  readonly requiredInputs: string[];
  readonly properties: Record<string, PropertySpec>;
  readonly required: string[];
}

export interface TypeSpec {
  readonly type: string;
  readonly properties?: Record<string, PropertySpec>;
  readonly required?: string[];
  readonly enum?: { name: string; value: string | number; description?: string }[];
}

export interface PackageSchema {
  readonly name: string;
  readonly version: string;
  readonly resources: Record<string, ResourceSpec>;
  readonly types: Record<string, TypeSpec>;
  readonly dependencies?: unknown[];
}

const interpolation = /\$\{([^}]+)\}/g;

function typeOf(value: unknown): string {
  return Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
}

/**
 * What is wrong with `program` (a parsed Pulumi.yaml) for the package `schema`, one line per problem.
 * Interpolated values (`${…}`) are typed at run time: only the names they read are checked.
 */
export function yamlProgramProblems(program: unknown, schema: PackageSchema): string[] {
  const problems: string[] = [];
  const root = (typeof program === "object" && program !== null ? program : {}) as Record<string, unknown>;
  const config = new Set(Object.keys((root["config"] ?? {}) as object));
  const resources = (root["resources"] ?? {}) as Record<
    string,
    { type?: string; properties?: Record<string, unknown> }
  >;
  const tokenOf = (type: string): string => (type.split(":").length === 2 ? type.replace(":", ":index:") : type);
  const ours = new Map<string, ResourceSpec>();

  function checkReferences(value: unknown, at: string): void {
    for (const [, expression] of JSON.stringify(value ?? null).matchAll(interpolation)) {
      const [head, property] = (expression ?? "").split(".");
      const spec = head === undefined ? undefined : ours.get(head);
      if (head !== undefined && head !== "pulumi" && !config.has(head) && !(head in resources))
        problems.push(`${at}: \${${expression}} names neither a config key nor a resource`);
      if (spec !== undefined && property !== undefined && !(property in spec.properties) && property !== "urn") {
        problems.push(`${at}: \${${expression}}: ${head} has no output ${property}`);
      }
    }
  }

  function checkObject(
    value: unknown,
    properties: Record<string, PropertySpec>,
    required: readonly string[],
    at: string,
  ): void {
    if (typeOf(value) !== "object") {
      problems.push(`${at}: expected an object, got ${typeOf(value)}`);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const name of required) if (!(name in record)) problems.push(`${at}.${name}: required`);
    for (const [name, inner] of Object.entries(record)) {
      const spec = properties[name];
      if (spec === undefined)
        problems.push(`${at}.${name}: no such property (known: ${Object.keys(properties).join(", ")})`);
      else checkValue(inner, spec, `${at}.${name}`);
    }
  }

  function checkValue(value: unknown, spec: PropertySpec, at: string): void {
    if (typeof value === "string" && value.includes("${")) return;
    if (spec.$ref !== undefined) {
      const type = schema.types[spec.$ref.replace(/^#\/types\//, "")];
      if (type === undefined) problems.push(`${at}: the schema has no type ${spec.$ref}`);
      else if (type.enum !== undefined) {
        const values = type.enum.map((member) => member.value);
        if (!values.includes(value as string | number))
          problems.push(`${at}: ${JSON.stringify(value)} is not one of ${values.join(", ")}`);
      } else checkObject(value, type.properties ?? {}, type.required ?? [], at);
      return;
    }
    switch (spec.type) {
      case "array":
        if (!Array.isArray(value)) problems.push(`${at}: expected an array, got ${typeOf(value)}`);
        else
          value.forEach((item, index) => spec.items !== undefined && checkValue(item, spec.items, `${at}[${index}]`));
        return;
      case "object":
        if (typeOf(value) !== "object") problems.push(`${at}: expected an object, got ${typeOf(value)}`);
        else if (spec.additionalProperties !== undefined) {
          for (const [key, inner] of Object.entries(value as object))
            checkValue(inner, spec.additionalProperties, `${at}.${key}`);
        }
        return;
      case "integer":
      case "number":
        if (typeof value !== "number") problems.push(`${at}: expected a number, got ${typeOf(value)}`);
        return;
      default:
        if (spec.type !== undefined && typeof value !== spec.type)
          problems.push(`${at}: expected a ${spec.type}, got ${typeOf(value)}`);
    }
  }

  for (const [name, resource] of Object.entries(resources)) {
    if (typeof resource.type !== "string" || !resource.type.startsWith(`${schema.name}:`)) continue;
    const spec = schema.resources[tokenOf(resource.type)];
    if (spec === undefined) problems.push(`resources.${name}: ${schema.name} has no resource ${resource.type}`);
    else ours.set(name, spec);
  }
  for (const [name, resource] of Object.entries(resources)) {
    const spec = ours.get(name);
    if (spec !== undefined)
      checkObject(resource.properties ?? {}, spec.inputProperties, spec.requiredInputs, `resources.${name}.properties`);
    checkReferences(resource.properties, `resources.${name}`);
  }
  checkReferences(root["outputs"], "outputs");
  return problems;
}
