// The demo's settings as `npm start` reads them from the environment, and the CspPolicy arguments
// they stand for (the page's headers come from those).
import { describe, expect, it } from "vitest";
import { demoCspArgs, demoSettingsFromEnv, DemoSettingsError, type DemoSettings } from "../../../dev/demo/settings.ts";

const widgetId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const real: DemoSettings = { widgetId, placeholder: false, userpilot: false, reportOnly: false };

describe("settings from the environment", () => {
  it("defaults to the placeholder widget, global account, enforced, no Userpilot", () => {
    expect(demoSettingsFromEnv({})).toEqual({
      widgetId: "dev-widget-id",
      placeholder: true,
      userpilot: false,
      reportOnly: false,
    });
  });

  it("reads the widget, region and flags", () => {
    expect(
      demoSettingsFromEnv({
        LIVECHAT_WIDGET_ID: widgetId,
        LIVECHAT_REGION: "fr",
        LIVECHAT_USERPILOT: "1",
        LIVECHAT_CSP_REPORT_ONLY: "true",
      }),
    ).toEqual({ widgetId, placeholder: false, region: "fr", userpilot: true, reportOnly: true });
  });

  it("refuses a flag that is neither on nor off, naming the variable", () => {
    expect(() => demoSettingsFromEnv({ LIVECHAT_USERPILOT: "yes" })).toThrow(
      new DemoSettingsError('LIVECHAT_USERPILOT must be 1 (on) or 0 (off); got "yes".'),
    );
    const named = expect.objectContaining({ name: "DemoSettingsError" });
    expect(() => demoSettingsFromEnv({ LIVECHAT_CSP_REPORT_ONLY: "2" })).toThrow(named);
  });

  it("maps to the CspPolicy arguments the stack would use", () => {
    expect(demoCspArgs({ ...real, region: "fr", userpilot: true, reportOnly: true })).toEqual({
      infobipLiveChat: { region: "fr" },
      userpilot: {},
      liveChatSnippetWidgetId: widgetId,
      reportOnly: true,
      reportUri: "/csp-report",
    });
    expect(demoCspArgs(real)).toEqual({
      infobipLiveChat: {},
      liveChatSnippetWidgetId: widgetId,
      reportUri: "/csp-report",
    });
  });
});
