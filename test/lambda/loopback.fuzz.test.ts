// lambda/loopback.ts classifies addresses with its own arithmetic (node:net is too slow to load for
// the signer's cold start). Node's own parser and BlockList judge it here: the reference below is
// the node:net implementation it replaced, and every answer must agree with it.
import { BlockList, isIPv4, isIPv6 } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nonPublicAddress, type NonPublicAddress } from "../../lambda/loopback.ts";

function blockList(v4: [string, number][], v6: [string, number][]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of v4) list.addSubnet(network, prefix, "ipv4");
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, "ipv6");
  return list;
}
const ranges: [NonPublicAddress, BlockList][] = [
  ["loopback", blockList([["127.0.0.0", 8]], [["::1", 128]])],
  ["unspecified", blockList([["0.0.0.0", 8]], [["::", 128]])],
  ["link-local", blockList([["169.254.0.0", 16]], [["fe80::", 10]])],
  [
    "private",
    blockList(
      [
        ["10.0.0.0", 8],
        ["172.16.0.0", 12],
        ["192.168.0.0", 16],
        ["100.64.0.0", 10],
      ],
      [["fc00::", 7]],
    ),
  ],
];
const nat64 = blockList([], [["64:ff9b::", 96]]);

function reference(hostname: string): NonPublicAddress | undefined {
  const classify = (address: string, family: "ipv4" | "ipv6") =>
    ranges.find(([, list]) => list.check(address, family))?.[0];
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  if (isIPv4(host)) return classify(host, "ipv4");
  const inner = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (!isIPv6(inner)) return undefined;
  if (nat64.check(inner, "ipv6")) {
    const groups = new URL(`http://[${inner}]/`).hostname.slice(1, -1).split(":");
    const high = parseInt(groups.at(-2) ?? "0", 16);
    const low = parseInt(groups.at(-1) ?? "0", 16);
    return classify([high >> 8, high & 0xff, low >> 8, low & 0xff].join("."), "ipv4");
  }
  return classify(inner, "ipv6");
}

// Addresses near the ranges' edges are where an off-by-one shows, so they are drawn often.
const edgeIPv4 = ["0.0.0.0", "10.0.0.0", "100.64.0.0", "127.0.0.0", "169.254.0.0", "172.16.0.0", "192.168.0.0"];
const ipv4 = fc.oneof(
  fc.ipV4(),
  fc.tuple(fc.constantFrom(...edgeIPv4), fc.integer({ min: -70_000, max: 70_000 })).map(([base, delta]) => {
    const n = (base.split(".").reduce((v, p) => v * 256 + Number(p), 0) + delta + 2 ** 32) % 2 ** 32;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
  }),
);
const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
const ipv6Prefixes = ["", "fe80", "febf", "fec0", "fc00", "fdff", "fe00", "64:ff9b", "::ffff", "::1", "2001:db8"];
const ipv6 = fc.oneof(
  fc.ipV6(),
  fc.tuple(fc.array(group, { minLength: 8, maxLength: 8 })).map(([groups]) => groups.join(":")),
  // "::" standing for no group at all, or among too many groups: not addresses.
  fc
    .tuple(fc.constantFrom("fe80", "fc00", "0", "64"), fc.array(group, { minLength: 6, maxLength: 8 }), fc.nat(8))
    .map(([first, rest, at]) => {
      const groups = [first, ...rest];
      return `${groups.slice(0, at).join(":")}::${groups.slice(at).join(":")}`;
    }),
  fc
    .tuple(fc.constantFrom(...ipv6Prefixes), ipv4)
    .map(([prefix, v4]) => `${prefix}${prefix.endsWith(":") ? "" : "::"}${v4}`),
  fc
    .tuple(fc.constantFrom(...ipv6Prefixes), fc.array(group, { maxLength: 3 }))
    .map(([prefix, rest]) => `${prefix}${prefix.endsWith(":") ? "" : "::"}${rest.join(":")}`),
);

describe("nonPublicAddress agrees with node:net's isIPv4/isIPv6 and BlockList", () => {
  it("on IPv4 addresses, bare", () => {
    fc.assert(
      fc.property(ipv4, (address) => {
        expect(nonPublicAddress(address)).toBe(reference(address));
      }),
      {
        numRuns: 5000,
      },
    );
  });

  it("on IPv6 addresses in any RFC 4291 spelling, bare and as URL.hostname writes them", () => {
    fc.assert(
      fc.property(ipv6, (address) => {
        expect(nonPublicAddress(address)).toBe(reference(address));
        if (!isIPv6(address)) return;
        const hostname = new URL(`https://[${address}]/`).hostname;
        expect(nonPublicAddress(hostname)).toBe(reference(hostname));
      }),
      { numRuns: 5000 },
    );
  });

  it("on strings that are almost addresses (refused by both, or classified alike)", () => {
    const almost = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:.[]"), maxLength: 45 });
    fc.assert(
      fc.property(almost, (text) => {
        expect(nonPublicAddress(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("names the kind of the edges themselves", () => {
    expect(
      ["127.255.255.255", "128.0.0.0", "172.31.255.255", "172.32.0.0", "[::ffff:a00:1]", "[64:ff9b::a9fe:a9fe]"].map(
        nonPublicAddress,
      ),
    ).toEqual(["loopback", undefined, "private", undefined, "private", "link-local"]);
  });
});
