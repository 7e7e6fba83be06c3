// Which hosts are this machine, or a network a public server has no business sending us to.
// Plain http is accepted only for servers on this machine: the local stand-ins and `npm start`.
// What an *issuer* may point the signer at (its discovered jwks_uri) is narrower: public https
// hosts, or the issuer's own origin (lambda/identity/discovery.ts).
//
// Only addresses written in the URL are classified (IP literals in any form the URL parser
// normalises — `127.1`, `0x7f.1`, `2130706433` — IPv4-mapped and NAT64 IPv6, and the names
// `localhost` and `*.localhost`). A host *name* that resolves to a private address (a DNS record
// such as `internal.example.com → 10.0.0.5`) cannot be seen without resolving it, and resolving
// first would not bind the connection to that answer; it is not checked.
import { BlockList, isIPv4, isIPv6 } from "node:net";

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Whether `hostname` (as `URL.hostname` gives it) is this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname);
}

/** `https:` everywhere; plain `http:` only on loopback, for local stand-ins. */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
}

export type NonPublicAddress = "loopback" | "unspecified" | "link-local" | "private";

function blockList(v4: readonly (readonly [string, number])[], v6: readonly (readonly [string, number])[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of v4) list.addSubnet(network, prefix, "ipv4");
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, "ipv6");
  return list;
}

// BlockList also matches IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) against the IPv4 rules.
const ranges: readonly (readonly [NonPublicAddress, BlockList])[] = [
  ["loopback", blockList([["127.0.0.0", 8]], [["::1", 128]])],
  ["unspecified", blockList([["0.0.0.0", 8]], [["::", 128]])],
  ["link-local", blockList([["169.254.0.0", 16]], [["fe80::", 10]])],
  // RFC 1918, RFC 6598 (carrier-grade NAT, used inside some clouds), RFC 4193 unique local (AWS's fd00:ec2::/32).
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

// NAT64 (RFC 6052, AWS DNS64): 64:ff9b::a.b.c.d reaches the IPv4 address a.b.c.d.
const nat64 = blockList([], [["64:ff9b::", 96]]);

function embeddedIPv4(ipv6: string): string | undefined {
  if (!nat64.check(ipv6, "ipv6")) return undefined;
  const groups = ipv6.split(":");
  const high = parseInt(groups.at(-2) ?? "0", 16);
  const low = parseInt(groups.at(-1) ?? "0", 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

function classify(address: string, family: "ipv4" | "ipv6"): NonPublicAddress | undefined {
  return ranges.find(([, list]) => list.check(address, family))?.[0];
}

/**
 * What kind of non-public address `hostname` (as `URL.hostname` gives it) is written as, or
 * undefined for a public address or any other name. See the file comment for what is not seen.
 */
export function nonPublicAddress(hostname: string): NonPublicAddress | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback"; // RFC 6761
  if (isIPv4(host)) return classify(host, "ipv4");
  const inner = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (!isIPv6(inner)) return undefined;
  const mapped = embeddedIPv4(inner);
  return mapped === undefined ? classify(inner, "ipv6") : classify(mapped, "ipv4");
}
