// Whether a value is a plain object as JSON.parse builds it (or one without a prototype): what a
// request body or a direct-invoke event must be to be read field by field. Arrays, null and class
// instances are not.

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
