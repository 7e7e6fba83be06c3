// An Infobip account region becomes part of host names (livechat-<region>.infobip.com) in the
// presets and the snippet: one check, so no caller can put a dot or a quote there.
import { CspError, show } from "./cspError.ts";

const REGION = /^[a-z0-9]{1,12}$/;

/** Checks an Infobip account region such as `fr` or `eu1`; it becomes part of host names. */
export function validateInfobipRegion(region: string, field = "region"): string {
  if (typeof region !== "string" || !REGION.test(region)) {
    throw new CspError(
      "invalid-region",
      field,
      String(region),
      `invalid Infobip ${field} ${show(String(region))}: expected 1–12 lowercase letters or digits, as in livechat-<region>.infobip.com (e.g. "fr", "eu1"); omit it for the global account.`,
    );
  }
  return region;
}
