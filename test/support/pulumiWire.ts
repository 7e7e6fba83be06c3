// Pulumi's wire encoding of property values (sdk/nodejs/runtime/rpc.ts): how secrets and output values
// travel in the structs of RegisterResource, Construct and the monitor's answers.

/** The key that marks a special value, and the signatures it can carry. */
export const sigKey = "4dabf18193072939515e22adb298388d";
export const secretSig = "1b47061264138c4ac30d75fd1eb44270";
export const outputValueSig = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** A secret as a program's SDK sends it: an output value marked secret (what every current SDK sends to a component). */
export function secretOutput(value: unknown): Record<string, unknown> {
  return { [sigKey]: outputValueSig, value, secret: true };
}

/** True when `value` is a secret on the wire: the legacy secret wrapper or a secret output value. */
export function isWireSecret(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return record[sigKey] === secretSig || (record[sigKey] === outputValueSig && record["secret"] === true);
}

/** `value` with every secret wrapper and output value replaced by the plain value inside. */
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[sigKey] === secretSig || record[sigKey] === outputValueSig) return plain(record["value"]);
  return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, plain(inner)]));
}
