// Reusable real-browser harness: Chromium, Firefox and WebKit from Debian behind one interface
// (launchBrowser → BrowserSession → BrowserPage), and local HTTPS stand-ins for the site and vendors.
export { engines, selectedEngines, engineMissingReason, enginePaths, enginePackages, type Engine } from "./engines.ts";
export { launchBrowser, type BrowserSession, type LaunchOptions } from "./session.ts";
export { browserPage, type BrowserPage, type PageDriver, type PageFunction, type PageWaitOptions } from "./page.ts";
export {
  vendorHosts,
  siteHosts,
  hostRoutes,
  portFor,
  hostResolverRules,
  type HostMapOptions,
  type HostRoute,
} from "./hostMap.ts";
export { startHostProxy, type HostProxy } from "./hostProxy.ts";
export { chromiumArgs } from "./chromium.ts";
export { firefoxPrefs } from "./firefox.ts";
export { holdNextDocument, claimDocumentHold, holdPadding, type DocumentHold } from "./documentHold.ts";
export { newWebDriverSession, waitForWebDriver, WebDriverError, type WebDriverSession } from "./webDriver.ts";
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
export {
  startSite,
  parseCspReports,
  siteHost,
  siteOrigin,
  type Site,
  type SiteOptions,
  type SitePage,
  type SiteExchange,
  type CspReport,
} from "./site.ts";
export { startDevServerBehindSite, type DevServerBehindSite } from "./devServerSite.ts";
export { installViolationRecorder, recordedViolations, type CspViolation } from "./violations.ts";
export {
  probePage,
  probeScript,
  waitForProbeResults,
  readProbeThrows,
  type Probe,
  type ProbePage,
  type ProbeResults,
} from "./resourceProbe.ts";
export { waitUntil, type WaitOptions } from "../waitUntil.ts";
export { minimalTrueTypeFont } from "./testFont.ts";
export { browserSuiteGuard } from "./suiteGuard.ts";
export { tempDevKey, type TempDevKey } from "./tempDevKey.ts";
export { artifactPath } from "./artifacts.ts";
