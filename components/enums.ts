// The fixed sets of values the components' arguments accept, as `as const` objects with a type of
// the same name (`erasableSyntaxOnly` forbids TypeScript enums). Pulumi's schema analyzer turns
// each into an enum of the multi-language schema, so Python, Go, C# and YAML users get named
// constants; TypeScript users may keep writing the plain strings and numbers. The object comes
// before its type: the analyzer reads the members from the first declaration of the name.

/** The Lambda instruction set architecture of the token signer. */
export const LambdaArchitecture = {
  /** AWS Graviton (ARM): the default; cheaper per GB-second. */
  Arm64: "arm64",
  /** x86-64. */
  X86_64: "x86_64",
} as const;
/** The Lambda instruction set architecture of the token signer. */
export type LambdaArchitecture = (typeof LambdaArchitecture)[keyof typeof LambdaArchitecture];

/** Which customer identifier goes into the Live Chat token's `sub` (its `stp` claim). */
export const SubjectType = {
  /** The ID token's `email` claim; the token must also carry `email_verified: true`. */
  Email: "email",
  /** The ID token's `phone_number` claim as E.164 digits; the token must also carry `phone_number_verified: true`. */
  Msisdn: "msisdn",
  /** An identifier of the person in the site's own systems, from the claim named by `subjectClaim` (default `sub`). */
  ExternalPersonId: "externalPersonId",
} as const;
/** Which customer identifier goes into the Live Chat token's `sub` (its `stp` claim). */
export type SubjectType = (typeof SubjectType)[keyof typeof SubjectType];

/** Which of Userpilot's published CSP source lists the policy includes. */
export const UserpilotMode = {
  /** Userpilot's short list: `*.userpilot.io` wildcards (and `wss:` in connect-src, which a warning flags). */
  Short: "short",
  /** Userpilot's detailed list: every Userpilot host by name, WebSocket hosts included. */
  Detailed: "detailed",
} as const;
/** Which of Userpilot's published CSP source lists the policy includes. */
export type UserpilotMode = (typeof UserpilotMode)[keyof typeof UserpilotMode];

/** The log retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LogRetentionDays = {
  OneDay: 1,
  ThreeDays: 3,
  FiveDays: 5,
  OneWeek: 7,
  TwoWeeks: 14,
  /** 30 days: the default. */
  OneMonth: 30,
  TwoMonths: 60,
  ThreeMonths: 90,
  FourMonths: 120,
  FiveMonths: 150,
  SixMonths: 180,
  OneYear: 365,
  ThirteenMonths: 400,
  EighteenMonths: 545,
  TwoYears: 731,
  ThreeYears: 1096,
  FiveYears: 1827,
  SixYears: 2192,
  SevenYears: 2557,
  EightYears: 2922,
  NineYears: 3288,
  TenYears: 3653,
} as const;
/** The log retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export type LogRetentionDays = (typeof LogRetentionDays)[keyof typeof LogRetentionDays];
