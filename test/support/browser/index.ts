// Reusable real-browser harness: Debian Chromium + local HTTPS stand-ins for the site and vendors.
export { chromiumPath, chromiumMissingReason, chromiumArgs, hostResolverRules, launchChromium, vendorHosts, type LaunchOptions } from "./chromium.ts";
export { testCertificate, certificateHosts, type TestCertificate } from "./tls.ts";
export {
  startVendorStandIn,
  vendorHostPatterns,
  defaultWidgetScript,
  userpilotScript,
  evilScript,
  iconSvg,
  type VendorStandIn,
  type VendorStandInOptions,
  type VendorRoute,
  type VendorResponse,
  type RecordedRequest,
  type RecordedWebSocketMessage,
  type WebSocketHandler,
} from "./vendorStandIn.ts";
export { startSite, parseCspReports, siteHost, siteOrigin, type Site, type SiteOptions, type SitePage, type SiteExchange, type CspReport } from "./site.ts";
export { recordCspViolations, readCspViolations, type CspViolation } from "./violations.ts";
export { newRecordingPage, type RecordingPage } from "./page.ts";
export { probePage, probeScript, waitForProbeResults, type Probe, type ProbePage, type ProbeResults } from "./resourceProbe.ts";
export { waitUntil, type WaitOptions } from "./waitUntil.ts";
export { minimalTrueTypeFont } from "./testFont.ts";
export { browserSuiteGuard } from "./suiteGuard.ts";
export { tempDevKey, type TempDevKey } from "./tempDevKey.ts";
