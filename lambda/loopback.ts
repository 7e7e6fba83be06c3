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

// Plain arithmetic rather than node:net's BlockList: loading node:net costs the signer ~1.5 ms of
// cold start (a fifth of its import time), for a check made once per discovery document.
// test/lambda/loopback.fuzz.test.ts holds this to BlockList's answers.
type Network = readonly [address: string, prefixLength: number];

const ipv4Ranges: readonly (readonly [NonPublicAddress, readonly Network[]])[] = [
  ["loopback", [["127.0.0.0", 8]]],
  ["unspecified", [["0.0.0.0", 8]]],
  ["link-local", [["169.254.0.0", 16]]],
  // RFC 1918, and RFC 6598 (carrier-grade NAT, used inside some clouds).
  [
    "private",
    [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
      ["100.64.0.0", 10],
    ],
  ],
];
const ipv6Ranges: readonly (readonly [NonPublicAddress, readonly Network[]])[] = [
  ["loopback", [["::1", 128]]],
  ["unspecified", [["::", 128]]],
  ["link-local", [["fe80::", 10]]],
  ["private", [["fc00::", 7]]], // RFC 4193 unique local (AWS's fd00:ec2::/32)
];
// Prefixes whose last 32 bits are an IPv4 address reached through them.
const ipv4Mapped: Network = ["::ffff:0:0", 96];
const nat64: Network = ["64:ff9b::", 96]; // RFC 6052, AWS DNS64

const octet = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const dottedQuad = new RegExp(`^${octet}\\.${octet}\\.${octet}\\.${octet}$`);

/** A dotted-quad IPv4 address (no leading zeros, as `URL.hostname` writes it) as a number, or undefined. */
function ipv4Value(text: string): bigint | undefined {
  const match = dottedQuad.exec(text);
  return match?.slice(1).reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

/** An IPv6 address (RFC 4291 text: `::` once at most, an IPv4 tail allowed) as a number, or undefined. */
function ipv6Value(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): bigint[] | undefined => {
    if (half === undefined || half === "") return [];
    const parts = half.split(":");
    const values: bigint[] = [];
    for (const [i, part] of parts.entries()) {
      const v4 = i === parts.length - 1 && part.includes(".") ? ipv4Value(part) : undefined;
      if (v4 !== undefined) values.push(v4 >> 16n, v4 & 0xffffn);
      else if (/^[0-9a-f]{1,4}$/i.test(part)) values.push(BigInt(parseInt(part, 16)));
      else return undefined;
    }
    return values;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<bigint>(missing).fill(0n), ...tail].reduce((value, group) => (value << 16n) | group, 0n);
}

function inNetwork(value: bigint, bits: 32 | 128, [network, prefixLength]: Network): boolean {
  const base = bits === 32 ? ipv4Value(network) : ipv6Value(network);
  const shift = BigInt(bits - prefixLength);
  return base !== undefined && value >> shift === base >> shift;
}

function classify(value: bigint, bits: 32 | 128): NonPublicAddress | undefined {
  const ranges = bits === 32 ? ipv4Ranges : ipv6Ranges;
  return ranges.find(([, networks]) => networks.some((network) => inNetwork(value, bits, network)))?.[0];
}

/**
 * What kind of non-public address `hostname` (as `URL.hostname` gives it) is written as, or
 * undefined for a public address or any other name. See the file comment for what is not seen.
 */
export function nonPublicAddress(hostname: string): NonPublicAddress | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback"; // RFC 6761
  const v4 = ipv4Value(host);
  if (v4 !== undefined) return classify(v4, 32);
  const v6 = ipv6Value(host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);
  if (v6 === undefined) return undefined;
  const viaIPv4 = inNetwork(v6, 128, ipv4Mapped) || inNetwork(v6, 128, nat64);
  return viaIPv4 ? classify(v6 & 0xffffffffn, 32) : classify(v6, 128);
}
