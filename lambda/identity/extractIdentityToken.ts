// Where the site's ID token travels: a dedicated header (default `x-livechat-identity`, because
// CloudFront OAC overwrites `Authorization`) or `Authorization: Bearer <token>`.

export const defaultIdentityHeader = "x-livechat-identity";

/**
 * Case-insensitive header lookup over a plain header record (Function URL events lower-case names already).
 * A value that is not a string counts as absent: a direct invoke can carry any JSON as "headers".
 */
export function headerValue(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && typeof value === "string") return value;
  }
  return undefined;
}

export function extractIdentityToken(headers: Readonly<Record<string, string | undefined>>, headerName: string = defaultIdentityHeader): string | undefined {
  const dedicated = headerValue(headers, headerName)?.trim();
  if (dedicated) {
    // Accept the dedicated header with or without a Bearer prefix.
    const bearer = /^bearer\s+(\S+)$/i.exec(dedicated);
    return bearer ? bearer[1] : dedicated;
  }
  const authorization = headerValue(headers, "authorization")?.trim();
  if (!authorization) return undefined;
  const bearer = /^bearer[ \t]+(\S+)$/i.exec(authorization);
  return bearer?.[1];
}
