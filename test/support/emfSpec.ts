// An independent check of CloudWatch Embedded Metric Format documents, written from AWS's
// "Specification: Embedded metric format" (CloudWatch User Guide) and the CloudWatch API's
// Dimension and MetricDatum limits, not from our emitter. Each rule cites its source:
//   [Root]       "The LogEvent message MUST be a valid JSON object with no additional data at the
//                beginning or end"; it "MUST contain" the top-level member `_aws`.
//   [Extra]      "Unless otherwise noted, objects defined by this specification MUST NOT contain any
//                additional members."
//   [Metadata]   `_aws` "MUST be an object and MUST contain" CloudWatchMetrics (an array of
//                MetricDirective) and Timestamp ("a number ... MUST be expressed as the number of
//                milliseconds after Jan 1, 1970 00:00:00 UTC"; the spec's schema: integer).
//   [Directive]  A MetricDirective "MUST contain" Namespace (string; schema: 1–255 characters),
//                Dimensions (a DimensionSet array; schema: at least 1) and Metrics (an array that
//                "MUST NOT contain more than 100 MetricDefinition objects").
//   [DimSet]     "A DimensionSet MUST NOT contain more than 30 dimension keys" (the current text;
//                earlier editions said 9); its values "MUST also be members on the root-node"; the
//                "target member MUST have a string value".
//   [Dimension]  CloudWatch API `Dimension`: names 1–255 ASCII characters, not starting with ":";
//                values 1–1024 ASCII characters with at least one non-whitespace character and no
//                ASCII control characters.
//   [MetricDef]  A MetricDefinition "MUST contain" Name (a reference to a root member; schema:
//                1–255 characters) and MAY contain Unit (schema: one of the CloudWatch units below)
//                and StorageResolution (MetricDatum: 1 or 60).
//   [Target]     "Valid targets MUST be members on the root node and cannot be nested objects";
//                "A metric target MUST be a numeric value or an array of numeric values. Numeric
//                array metric targets MUST NOT have more than 100 members."
//   [Size]       "subject to the same limits as standard CloudWatch Logs events and are limited to
//                a maximum size of 256 KB".

/** The spec schema's Unit pattern, as a list. */
export const cloudWatchUnits: ReadonlySet<string> = new Set([
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
]);

/** A metric value extracted from a document: name, the dimension set it is published under, and the value. */
export interface ExtractedMetric {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly values: readonly number[];
}

export interface EmfCheck {
  /** Rule violations, each naming the rule; empty for a valid document. */
  readonly violations: string[];
  /** What CloudWatch would extract (only meaningful when there are no violations). */
  readonly metrics: ExtractedMetric[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const onlyMembers = (o: Record<string, unknown>, allowed: readonly string[]) =>
  Object.keys(o).filter((k) => !allowed.includes(k));
const dimensionNameOk = (s: string) =>
  s.length >= 1 && s.length <= 255 && /^[\x20-\x7e]+$/.test(s) && !s.startsWith(":");
const dimensionValueOk = (s: string) => s.length >= 1 && s.length <= 1024 && /^[\x20-\x7e]+$/.test(s) && /\S/.test(s);

/** Checks one log line as CloudWatch Logs would read it for EMF. */
export function checkEmfLine(line: string): EmfCheck {
  const violations: string[] = [];
  const metrics: ExtractedMetric[] = [];
  if (Buffer.byteLength(line, "utf8") > 256 * 1024) violations.push("[Size] document over 256 KB");
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return { violations: ["[Root] not a JSON text"], metrics };
  }
  if (!isObject(root)) return { violations: ["[Root] not a JSON object"], metrics };
  const aws = root["_aws"];
  if (!isObject(aws)) return { violations: ["[Root] no `_aws` object member"], metrics };
  for (const extra of onlyMembers(aws, ["Timestamp", "CloudWatchMetrics"])) violations.push(`[Extra] _aws.${extra}`);
  const timestamp = aws["Timestamp"];
  if (!Number.isInteger(timestamp) || (timestamp as number) < 0)
    violations.push("[Metadata] Timestamp is not a whole number of milliseconds since the epoch");
  const directives = aws["CloudWatchMetrics"];
  if (!Array.isArray(directives))
    return { violations: [...violations, "[Metadata] CloudWatchMetrics is not an array"], metrics };

  directives.forEach((directive: unknown, d) => {
    const at = `CloudWatchMetrics[${d}]`;
    if (!isObject(directive)) return void violations.push(`[Directive] ${at} is not an object`);
    for (const extra of onlyMembers(directive, ["Namespace", "Dimensions", "Metrics"]))
      violations.push(`[Extra] ${at}.${extra}`);
    const namespace = directive["Namespace"];
    if (typeof namespace !== "string" || namespace.length < 1 || namespace.length > 255)
      violations.push(`[Directive] ${at}.Namespace is not a string of 1–255 characters`);
    const dimensionSets = directive["Dimensions"];
    if (!Array.isArray(dimensionSets) || dimensionSets.length === 0)
      violations.push(`[Directive] ${at}.Dimensions is not a non-empty array of DimensionSets`);
    const definitions = directive["Metrics"];
    if (!Array.isArray(definitions) || definitions.length > 100)
      violations.push(`[Directive] ${at}.Metrics is not an array of at most 100 MetricDefinitions`);
    const sets: Record<string, string>[] = [];
    for (const [s, set] of (Array.isArray(dimensionSets) ? dimensionSets : []).entries()) {
      if (!Array.isArray(set) || set.length > 30) {
        violations.push(`[DimSet] ${at}.Dimensions[${s}] is not an array of at most 30 keys`);
        continue;
      }
      const values: Record<string, string> = {};
      for (const key of set as unknown[]) {
        if (typeof key !== "string" || !dimensionNameOk(key))
          violations.push(`[Dimension] ${at}.Dimensions[${s}] has an invalid dimension name`);
        else if (!Object.hasOwn(root, key))
          violations.push(`[DimSet] dimension ${key} is not a member of the root node`);
        else if (typeof root[key] !== "string") violations.push(`[DimSet] dimension target ${key} is not a string`);
        else if (!dimensionValueOk(root[key] as string))
          violations.push(`[Dimension] value of ${key} breaks CloudWatch's dimension value rules`);
        else values[key] = root[key] as string;
      }
      sets.push(values);
    }
    for (const [m, definition] of (Array.isArray(definitions) ? definitions : []).entries()) {
      if (!isObject(definition)) {
        violations.push(`[MetricDef] ${at}.Metrics[${m}] is not an object`);
        continue;
      }
      for (const extra of onlyMembers(definition, ["Name", "Unit", "StorageResolution"]))
        violations.push(`[Extra] ${at}.Metrics[${m}].${extra}`);
      const name = definition["Name"];
      const unit = definition["Unit"] ?? "None";
      if (typeof name !== "string" || name.length < 1 || name.length > 255) {
        violations.push(`[MetricDef] ${at}.Metrics[${m}].Name is not a string of 1–255 characters`);
        continue;
      }
      if (typeof unit !== "string" || !cloudWatchUnits.has(unit))
        violations.push(`[MetricDef] ${name}: Unit ${String(unit)} is not a CloudWatch unit`);
      const resolution = definition["StorageResolution"];
      if (resolution !== undefined && resolution !== 1 && resolution !== 60)
        violations.push(`[MetricDef] ${name}: StorageResolution is not 1 or 60`);
      if (!Object.hasOwn(root, name)) {
        violations.push(`[Target] metric ${name} is not a member of the root node`);
        continue;
      }
      const target = root[name];
      const values = isNumber(target)
        ? [target]
        : Array.isArray(target) && target.length <= 100 && target.every(isNumber)
          ? (target as number[])
          : undefined;
      if (values === undefined) {
        violations.push(`[Target] metric ${name} is not a number or an array of at most 100 numbers`);
        continue;
      }
      for (const dimensions of sets)
        metrics.push({ namespace: String(namespace), name, unit: String(unit), dimensions, values });
    }
  });
  return { violations, metrics };
}

/** Sums extracted values by namespace, metric name and dimension set, as CloudWatch's Sum statistic would over the run. */
export function sumMetrics(extracted: readonly ExtractedMetric[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const m of extracted) {
    const dims = Object.entries(m.dimensions)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    const key = `${m.namespace}/${m.name}{${dims}}`;
    sums.set(key, (sums.get(key) ?? 0) + m.values.reduce((a, b) => a + b, 0));
  }
  return sums;
}
