// The vendor presets, as the one `presets` object the engine's entry exports.
import { infobipLiveChat } from "./infobipLiveChat.ts";
import { userpilot } from "./userpilot.ts";

export type { InfobipLiveChatOptions } from "./infobipLiveChat.ts";
export type { UserpilotOptions } from "./userpilot.ts";

/** Vendor presets for `buildCsp({ presets: [...] })`. */
export const presets = Object.freeze({ infobipLiveChat, userpilot });
