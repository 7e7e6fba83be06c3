// AWS regions outside the main partition have their own endpoint domains (from the SDK's
// partitions.json); the Lambda only knows its region, so the domain is read off its prefix.
const regionPrefixSuffixes: ReadonlyArray<readonly [prefix: string, suffix: string]> = [
  ["cn-", "amazonaws.com.cn"],
  ["us-isob-", "sc2s.sgov.gov"],
  ["us-isof-", "csp.hci.ic.gov"],
  ["us-iso-", "c2s.ic.gov"],
  ["eu-isoe-", "cloud.adc-e.uk"],
  ["eusc-", "amazonaws.eu"],
];

/** The DNS suffix of AWS service endpoints in `region`, e.g. `amazonaws.com.cn` for `cn-north-1`. */
export function dnsSuffixForRegion(region: string): string {
  return regionPrefixSuffixes.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "amazonaws.com";
}
