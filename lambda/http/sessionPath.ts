// `/sessions/{sid}`: exactly one path segment after `/sessions/`, percent-decoded once. The
// decoded value is both what an OIDC caller's session claim is compared with and what is sent
// to Infobip (re-encoded there), so a decoding quirk can never make the two differ.

export const sessionsPathPrefix = "/sessions/";

export type SessionPath = { readonly ok: true; readonly sid: string } | { readonly ok: false; readonly reason: string };

/** undefined: not a sessions path (404); otherwise the decoded sid or why it cannot be decoded (400). */
export function parseSessionPath(path: string): SessionPath | undefined {
  if (!path.startsWith(sessionsPathPrefix)) return undefined;
  const segment = path.slice(sessionsPathPrefix.length);
  if (segment.length === 0 || segment.includes("/")) return undefined;
  try {
    return { ok: true, sid: decodeURIComponent(segment) };
  } catch {
    return { ok: false, reason: "the session ID in the path is not valid percent-encoding." };
  }
}
