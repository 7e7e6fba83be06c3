// Where the site's ID token travels: a dedicated header (default `x-livechat-identity`, because
// CloudFront OAC overwrites `Authorization`) or `Authorization: Bearer <token>`.

import { headerValue } from "../headerValue.ts";

export { headerValue };

export const defaultIdentityHeader = "x-livechat-identity";

export function extractIdentityToken(
  headers: Readonly<Record<string, string | undefined>>,
  headerName: string = defaultIdentityHeader,
): string | undefined {
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
