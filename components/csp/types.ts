// The CSP engine's public types. Pure data: no Pulumi, no AWS.

/** Directive name → source expressions, e.g. `{ "script-src": ["'self'", "https://*.infobip.com"] }`. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/** A vendor's requirements, as returned by `presets.*`. */
export interface CspPreset {
  /** Short identifier, e.g. `infobip-livechat`, `userpilot`. */
  readonly name: string;
  /** Sources the vendor needs, per directive. */
  readonly directives: CspDirectives;
  /** Caveats a reviewer should read (e.g. a bare `wss:` allowing any host). */
  readonly warnings?: readonly string[];
}

/** Where browsers send violation reports. */
export interface CspReporting {
  /** Legacy `report-uri` endpoint (absolute https URL or a path). */
  readonly uri?: string;
  /** Reporting API endpoint URL; emitted as `report-to <group>` plus a `Reporting-Endpoints` header value. */
  readonly toUrl?: string;
  /** Reporting API group name for `report-to`; default `csp-endpoint`. */
  readonly group?: string;
}

export interface BuildCspInput {
  /** The site's own policy. Default: the strict baseline in `strictBaseline`. */
  readonly base?: CspDirectives;
  /** Vendor presets merged into the base, in order. */
  readonly presets?: readonly CspPreset[];
  /** Exact inline `<script>` texts to allow by hash (added to `script-src`). */
  readonly inlineScripts?: readonly string[];
  /** Violation reporting. */
  readonly reporting?: CspReporting;
  /** Permit `'unsafe-eval'`; refused by default. */
  readonly allowUnsafeEval?: boolean;
  /** Throw if the header exceeds CloudFront's limit (`cloudFrontCspLimit`, or `cloudFrontCspQuota`). */
  readonly enforceCloudFrontLimit?: boolean;
  /**
   * The account's CloudFront CSP quota when AWS raised it (Service Quotas code L-E9944CCE): the limit
   * `enforceCloudFrontLimit` enforces instead of 1,783. A whole number ≥ 1783.
   */
  readonly cloudFrontCspQuota?: number;
}

export interface CspResult {
  /** The exact Content-Security-Policy header value. */
  readonly header: string;
  /** The merged directives, in output order. */
  readonly directives: Readonly<Record<string, string[]>>;
  /** Caveats for a reviewer (inherited from presets and found by the merge). */
  readonly warnings: string[];
  /** `header.length`, to compare with `cloudFrontCspLimit`. */
  readonly length: number;
  /** Value for a `Reporting-Endpoints` header when `reporting.toUrl` is set. */
  readonly reportingEndpoints?: string;
}
