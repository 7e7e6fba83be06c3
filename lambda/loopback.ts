// Plain http is accepted only for servers on this machine: the local stand-ins and `npm start`.
const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Whether `hostname` (as `URL.hostname` gives it) is this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname);
}

/** `https:` everywhere; plain `http:` only on loopback, for local stand-ins. */
export function isSecureOrLoopback(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
}
