// Property: the jwks_uri rule classifies every IPv4 address as an independent reference does
// (plain integer ranges), however the address is written in the URL (dotted, one decimal number,
// hex, IPv4-mapped or NAT64 IPv6), and never lets a non-public address through.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { discoveredJwksUriProblem } from "../../lambda/identity/discovery.ts";

const issuer = new URL("https://login.example.com/.well-known/openid-configuration");

const toInteger = (dotted: string): number => dotted.split(".").reduce((n, part) => n * 256 + Number(part), 0);

/** The reference: RFC 1122/1918/3927/6598 ranges as integer intervals, written apart from lambda/loopback.ts. */
function referenceKind(address: number): string | undefined {
  const inRange = (network: string, prefix: number): boolean => {
    const base = toInteger(network);
    const size = 2 ** (32 - prefix);
    return address >= base && address < base + size;
  };
  if (inRange("127.0.0.0", 8)) return "loopback";
  if (inRange("0.0.0.0", 8)) return "unspecified";
  if (inRange("169.254.0.0", 16)) return "link-local";
  if (inRange("10.0.0.0", 8) || inRange("172.16.0.0", 12) || inRange("192.168.0.0", 16) || inRange("100.64.0.0", 10))
    return "private";
  return undefined;
}

const dotted = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
const hex16 = (n: number): string => `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;

// Addresses near every range edge are the interesting ones; the rest are uniform.
const edges = [
  "0.0.0.0",
  "10.0.0.0",
  "100.64.0.0",
  "100.128.0.0",
  "127.0.0.0",
  "128.0.0.0",
  "169.254.0.0",
  "169.255.0.0",
  "172.16.0.0",
  "172.32.0.0",
  "192.168.0.0",
  "192.169.0.0",
  "11.0.0.0",
].map(toInteger);
const address = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  fc
    .tuple(fc.constantFrom(...edges), fc.integer({ min: -2, max: 2 }))
    .map(([edge, delta]) => Math.min(2 ** 32 - 1, Math.max(0, edge + delta))),
);
const spelling = fc.constantFrom(
  (n: number) => dotted(n),
  (n: number) => String(n),
  (n: number) => `0x${n.toString(16)}`,
  (n: number) => `[::ffff:${dotted(n)}]`,
  (n: number) => `[::ffff:${hex16(n)}]`,
  (n: number) => `[64:ff9b::${hex16(n)}]`,
);

describe("discoveredJwksUriProblem on IPv4 addresses in any spelling", () => {
  it("refuses exactly the non-public ones, naming the same kind as the reference", () => {
    fc.assert(
      fc.property(address, spelling, (n, spell) => {
        const problem = discoveredJwksUriProblem(new URL(`https://${spell(n)}/jwks`), issuer);
        const kind = referenceKind(n);
        if (kind === undefined) expect(problem).toBeUndefined();
        else expect(problem).toContain(` ${kind} address`);
      }),
      { numRuns: 2000 },
    );
  });
});
