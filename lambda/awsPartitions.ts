// AWS partitions and their endpoint domains (from the AWS SDKs' partitions.json). The Lambda knows
// only its region, the component only ARNs (which name the partition): one table serves both.
export interface AwsPartition {
  /** The ARN partition, e.g. `aws-cn`. */
  readonly name: string;
  /** Region names in this partition start with it (empty for the main `aws` partition). */
  readonly regionPrefix: string;
  /** DNS suffix of service endpoints, e.g. `amazonaws.com.cn`. */
  readonly dnsSuffix: string;
}

// Longer region prefixes first: `us-isob-` before `us-iso-`, everything before `aws`'s empty one.
export const awsPartitions: readonly AwsPartition[] = [
  { name: "aws-iso-b", regionPrefix: "us-isob-", dnsSuffix: "sc2s.sgov.gov" },
  { name: "aws-iso-f", regionPrefix: "us-isof-", dnsSuffix: "csp.hci.ic.gov" },
  { name: "aws-iso-e", regionPrefix: "eu-isoe-", dnsSuffix: "cloud.adc-e.uk" },
  { name: "aws-iso", regionPrefix: "us-iso-", dnsSuffix: "c2s.ic.gov" },
  { name: "aws-us-gov", regionPrefix: "us-gov-", dnsSuffix: "amazonaws.com" },
  { name: "aws-cn", regionPrefix: "cn-", dnsSuffix: "amazonaws.com.cn" },
  { name: "aws-eusc", regionPrefix: "eusc-", dnsSuffix: "amazonaws.eu" },
  { name: "aws", regionPrefix: "", dnsSuffix: "amazonaws.com" },
];

/** The partition `region` belongs to, by its name's prefix (`cn-north-1` → `aws-cn`); `aws` for any other. */
export function partitionForRegion(region: string): AwsPartition {
  return awsPartitions.find((p) => region.startsWith(p.regionPrefix)) ?? (awsPartitions.at(-1) as AwsPartition);
}

/** The DNS suffix of AWS service endpoints in `region`, e.g. `amazonaws.com.cn` for `cn-north-1`. */
export function dnsSuffixForRegion(region: string): string {
  return partitionForRegion(region).dnsSuffix;
}
