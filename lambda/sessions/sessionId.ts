// The Live Chat session ID (`sid`) rule shared by token minting and session invalidation:
// at most 50 characters (Infobip's limit), printable ASCII, no `/` and not a dot segment,
// so it stays one path segment.

export const sessionIdMaxLength = 50;

/** Why `sid` is not a usable session ID, or undefined when it is. Never quotes the value. */
export function sessionIdProblem(sid: unknown): string | undefined {
  if (typeof sid !== "string") return `the session ID must be a string; got ${sid === null ? "null" : typeof sid}.`;
  if (sid.length === 0) return "the session ID is empty.";
  if (sid.length > sessionIdMaxLength)
    return `the session ID is ${sid.length} characters long; at most ${sessionIdMaxLength} are allowed.`;
  if (!/^[\x21-\x7e]+$/.test(sid))
    return "the session ID may contain only visible ASCII characters (no spaces or control characters).";
  if (sid.includes("/")) return 'the session ID must not contain "/".';
  // A bare dot segment survives encodeURIComponent and URL resolution would climb out of /sessions/.
  if (sid === "." || sid === "..") return 'the session ID must not be "." or "..".';
  return undefined;
}
